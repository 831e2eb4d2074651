import { MAX_AUDIO_SECONDS } from '../../core/voice/process-voice.js';
import type { AudioStore, Transcriber, TranscriptionRequest, TranscriptionState } from '../../core/voice/ports.js';
import { decodeToPcm } from './decode-pcm.js';
import type { WhisperContext } from './whisper-binding.js';
import { WHISPER_LANGUAGES } from './whisper-languages.js';

export interface WhisperOptions {
  /** An English-only model (`ggml-*.en.bin`) transcribes nothing else. */
  englishOnly: boolean;
  /** CPU threads per transcription; whisper.cpp's default is up to 8. */
  threads?: number;
}

/**
 * Local transcription with whisper.cpp, in this process: reads our encrypted copy, decodes it to PCM
 * with ffmpeg, transcribes. One note at a time, so a laptop stays usable while a backlog drains.
 */
export class WhisperTranscriber implements Transcriber {
  readonly name = 'whisper' as const;
  readonly synchronous = true;
  private turn: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly context: WhisperContext,
    private readonly audio: AudioStore,
    private readonly options: WhisperOptions,
  ) {}

  private speaks(language: string): boolean {
    return this.options.englishOnly ? language === 'en' : WHISPER_LANGUAGES.has(language);
  }

  covers(language: string | null, candidates: readonly string[]): boolean {
    return language !== null ? this.speaks(language) : !this.options.englishOnly && candidates.some((c) => this.speaks(c));
  }

  start(request: TranscriptionRequest): Promise<TranscriptionState> {
    const run = this.turn.then(() => this.transcribe(request));
    this.turn = run.catch(() => undefined);
    return run;
  }

  /** Nothing runs on after `start`; the pipeline calls `start` again after an interruption. */
  async check(): Promise<TranscriptionState> {
    return { status: 'failed', reason: 'no local transcription is running' };
  }

  private async transcribe(request: TranscriptionRequest): Promise<TranscriptionState> {
    const audio = await this.audio.get(request.audioKey);
    if (!audio) return { status: 'failed', reason: 'the audio is gone' };
    const pcm = await decodeToPcm(audio.bytes, audio.contentType, MAX_AUDIO_SECONDS);
    if (pcm.length < 2) return { status: 'failed', reason: 'no sound in the voice message' };
    const known = request.language !== null && this.speaks(request.language) ? request.language : null;
    const samples = pcm.buffer.slice(pcm.byteOffset, pcm.byteOffset + pcm.byteLength);
    const result = await this.context.transcribeData(samples as ArrayBuffer, {
      language: known ?? 'auto',
      ...(this.options.threads ? { maxThreads: this.options.threads } : {}),
    }).promise;
    if (result.isAborted) return { status: 'failed', reason: 'local transcription was stopped' };
    const language = known ?? result.language ?? null;
    // Identification: a language the project does not offer is more likely a wrong guess than a right one.
    if (known === null && (language === null || !request.candidates.includes(language))) {
      return { status: 'failed', reason: `identified language ${language ?? 'unknown'} is not one of the project's` };
    }
    return { status: 'completed', text: result.result.trim(), language };
  }
}

/** `ggml-base.en.bin`, `ggml-tiny.en-q5_1.bin`: English-only models by whisper.cpp's naming. */
export const isEnglishOnlyModel = (path: string): boolean => /\.en([-.]|$)/.test(path.split('/').at(-1) ?? '');
