import { access, constants } from 'node:fs/promises';
import type { AudioStore } from '../../core/voice/ports.js';
import { loadWhisperBinding, type WhisperBinding } from './whisper-binding.js';
import { isEnglishOnlyModel, WhisperTranscriber } from './whisper-transcriber.js';

export class WhisperModelError extends Error {
  readonly code = 'WHISPER_MODEL';
  constructor(path: string) {
    super(`WHISPER_MODEL: no readable model file at ${path} (see README, "Local transcription")`);
    this.name = 'WhisperModelError';
  }
}

/** Load a whisper.cpp model file (`WHISPER_MODEL`) once, for the life of the local stack. */
export async function openWhisper(
  modelPath: string,
  audio: AudioStore,
  binding?: WhisperBinding,
): Promise<{ transcriber: WhisperTranscriber; release: () => Promise<void> }> {
  await access(modelPath, constants.R_OK).catch(() => {
    throw new WhisperModelError(modelPath);
  });
  const whisper = binding ?? (await loadWhisperBinding());
  // whisper.cpp logs to stderr (model details, detected languages): routed to listeners, of which there
  // are none, so nothing about a voice reaches the terminal or the logs.
  await whisper.toggleNativeLog?.(true);
  const context = await whisper.initWhisper({ filePath: modelPath, useGpu: false });
  return { transcriber: new WhisperTranscriber(context, audio, { englishOnly: isEnglishOnlyModel(modelPath) }), release: () => context.release() };
}
