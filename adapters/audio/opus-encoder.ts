import { requireOpusGlue } from './opus-wasm-files.js';
import { TranscodeError } from '../../core/voice-notes/transcode-error.js';

/** The part of opusscript's Emscripten module used here (build/opusscript_native_wasm.js; src/opusscript_encoder.cpp upstream). */
interface OpusModule {
  ready: Promise<unknown>;
  HEAPU8: Uint8Array;
  HEAPU16: Uint16Array;
  HEAP32: Int32Array;
  _malloc(bytes: number): number;
  _free(pointer: number): void;
  OpusScriptHandler: {
    new (rate: number, channels: number, application: number): OpusHandler;
    destroy_handler(handler: OpusHandler): void;
  };
}
interface OpusHandler {
  _encode(input: number, bytes: number, output: number, frameSize: number): number;
  _encoder_ctl(ctl: number, arg: number): number;
}

// libopus's opus_defines.h.
const OPUS_APPLICATION_VOIP = 2048;
const OPUS_SET_BITRATE = 4002;
const OPUS_SET_VBR = 4006;
const OPUS_SET_COMPLEXITY = 4010;
const OPUS_SET_SIGNAL = 4024;
const OPUS_GET_LOOKAHEAD = 4027;
const OPUS_SIGNAL_VOICE = 3001;
/** The largest packet libopus writes for one frame (RFC 6716 §3.4: 1275 bytes a frame, 3 frames). */
const MAX_PACKET = 1276 * 3;

let loaded: Promise<OpusModule> | null = null;

/** The module, compiled once per process (about 310 KB of wasm, synchronously, on first use). */
function opusModule(): Promise<OpusModule> {
  loaded ??= (async () => {
    const factory = requireOpusGlue();
    if (typeof factory !== 'function') throw new TranscodeError('opusscript: its wasm glue is not a module factory');
    const module = (factory as () => OpusModule)();
    await module.ready;
    if (typeof module._malloc !== 'function' || typeof module.OpusScriptHandler !== 'function')
      throw new TranscodeError('opusscript: its module lacks the encoder');
    return module;
  })();
  loaded.catch(() => (loaded = null));
  return loaded;
}

export interface OpusSettings {
  /** 8, 12, 16, 24 or 48 kHz. */
  rate: number;
  bitrate: number;
  /** Samples per frame at `rate` (20 ms: rate / 50). */
  frameSize: number;
}

/**
 * A mono libopus encoder tuned for speech (OPUS_APPLICATION_VOIP, signal "voice", VBR, complexity 10),
 * driven through opusscript's wasm module directly rather than its `OpusScript` class: that class's
 * PCM view starts at twice the address it allocated (`HEAPU16.subarray(pointer)` counts elements, not
 * bytes), so it writes outside its own buffer. Here each buffer is allocated and addressed in bytes.
 * Not thread-safe, one stream at a time; `free()` it (Emscripten does not collect C++ objects).
 */
export class OpusSpeechEncoder {
  /** The encoder's delay in samples at `rate` (OPUS_GET_LOOKAHEAD): the pre-skip, once scaled to 48 kHz. */
  readonly lookahead: number;
  private readonly pcm: number;
  private readonly out: number;
  private freed = false;

  private constructor(
    private readonly m: OpusModule,
    private readonly handler: OpusHandler,
    private readonly settings: OpusSettings,
  ) {
    // opusscript's _encode takes each PCM byte in a 16-bit slot and packs slot pairs into samples in place
    // (`input[i] = input[2i+1] << 8 | input[2i]` for i below its count): two slots, 4 bytes, a sample.
    this.pcm = m._malloc(settings.frameSize * 2 * 2);
    this.out = m._malloc(MAX_PACKET);
    const at = m._malloc(4);
    try {
      this.ctl(OPUS_SET_BITRATE, settings.bitrate);
      this.ctl(OPUS_SET_VBR, 1);
      this.ctl(OPUS_SET_COMPLEXITY, 10);
      this.ctl(OPUS_SET_SIGNAL, OPUS_SIGNAL_VOICE);
      this.ctl(OPUS_GET_LOOKAHEAD, at);
      this.lookahead = m.HEAP32[at >> 2] ?? 0;
    } finally {
      m._free(at);
    }
  }

  static async create(settings: OpusSettings): Promise<OpusSpeechEncoder> {
    const m = await opusModule();
    return new OpusSpeechEncoder(m, new m.OpusScriptHandler(settings.rate, 1, OPUS_APPLICATION_VOIP), settings);
  }

  /** One frame of exactly `frameSize` 16-bit samples → one Opus packet. */
  encode(frame: Int16Array): Uint8Array {
    if (this.freed) throw new TranscodeError('the Opus encoder was freed');
    if (frame.length !== this.settings.frameSize) throw new TranscodeError(`an Opus frame is ${this.settings.frameSize} samples, not ${frame.length}`);
    // Views are taken after every call into the module: a growing heap replaces its buffer.
    const slots = this.m.HEAPU16;
    const base = this.pcm >> 1;
    for (let i = 0; i < frame.length; i++) {
      const s = frame[i]! & 0xffff;
      slots[base + 2 * i] = s & 0xff;
      slots[base + 2 * i + 1] = s >> 8;
    }
    // The count is the samples to pack (opusscript's own class passes the byte count, reading twice as far).
    const length = this.handler._encode(this.pcm, frame.length, this.out, frame.length);
    if (length < 0) throw new TranscodeError(`libopus could not encode a frame (error ${length})`);
    return this.m.HEAPU8.slice(this.out, this.out + length);
  }

  free(): void {
    if (this.freed) return;
    this.freed = true;
    this.m.OpusScriptHandler.destroy_handler(this.handler);
    this.m._free(this.pcm);
    this.m._free(this.out);
  }

  private ctl(request: number, value: number): void {
    const result = this.handler._encoder_ctl(request, value);
    if (result < 0) throw new TranscodeError(`libopus refused setting ${request} (error ${result})`);
  }
}
