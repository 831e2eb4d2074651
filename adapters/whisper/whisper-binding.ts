import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

/**
 * The part of `@fugood/whisper.node` (a maintained Node binding of whisper.cpp) that Stem uses. It is an
 * optional install — `npm run whisper:install` puts it in `.whisper/`, apart from the project's own
 * dependencies — because as a dependency it would pull CUDA and Vulkan builds (266 MB) that a welfare
 * centre's laptop does not need. So it is typed here and loaded by name.
 */
export interface WhisperResult {
  result: string;
  language?: string;
  isAborted: boolean;
}

export interface WhisperContext {
  /** 16-bit little-endian PCM, mono, 16 kHz. `language`: a whisper code, or 'auto' to detect it. */
  transcribeData(audio: ArrayBuffer, options: { language: string; maxThreads?: number }): { promise: Promise<WhisperResult>; stop: () => Promise<void> };
  release(): Promise<void>;
}

export interface WhisperBinding {
  initWhisper(options: { filePath: string; useGpu?: boolean }): Promise<WhisperContext>;
  /** On: whisper.cpp's own log goes to the binding's JS listeners instead of stderr. */
  toggleNativeLog?(enable: boolean): Promise<void>;
}

export const WHISPER_PACKAGE = '@fugood/whisper.node';

export class WhisperNotInstalledError extends Error {
  readonly code = 'WHISPER_NOT_INSTALLED';
  constructor() {
    super(`WHISPER_MODEL is set but ${WHISPER_PACKAGE} is not installed: run \`npm run whisper:install\` (see README, "Local transcription")`);
    this.name = 'WhisperNotInstalledError';
  }
}

const isBinding = (value: unknown): value is WhisperBinding =>
  typeof value === 'object' && value !== null && typeof (value as { initWhisper?: unknown }).initWhisper === 'function';

/** Where `npm run whisper:install` installs the binding (its own node_modules). */
export const WHISPER_DIR = fileURLToPath(new URL('../../.whisper/', import.meta.url));

/** The binding from `.whisper/` (or the project's node_modules), or WhisperNotInstalledError. */
export async function loadWhisperBinding(dir: string = WHISPER_DIR): Promise<WhisperBinding> {
  const attempts: Array<() => Promise<unknown>> = [
    async () => createRequire(`${dir}/index.js`)(WHISPER_PACKAGE),
    // A variable name, so bundlers leave the optional package out.
    () => import(WHISPER_PACKAGE as string),
  ];
  for (const attempt of attempts) {
    const loaded = await attempt().catch(() => null);
    const candidate = isBinding(loaded)
      ? loaded
      : isBinding((loaded as { default?: unknown } | null)?.default)
        ? (loaded as { default: WhisperBinding }).default
        : null;
    if (candidate) return candidate;
  }
  throw new WhisperNotInstalledError();
}
