import { writeFileSync } from 'node:fs';

/**
 * A whisper.cpp model file (ggml format) small enough to write at test time, whose "knowledge" is
 * programmed rather than learned: whatever the audio, it detects `language` and says `words`. No
 * speech model can be downloaded here; this one exercises the real native binding end to end — model
 * loading, the audio it is given, language detection, greedy decoding, timestamps rules — so only the
 * weights are made up, not the code path.
 *
 * How it is programmed: every layer's weights are zero except one decoder MLP, so the residual stream
 * is the current token's embedding plus what that MLP adds. Chain tokens have one-hot embeddings; the
 * MLP detects the current token and moves the stream toward the next token's direction, and the tied
 * output projection makes that next token the argmax: SOT → language → transcribe → <|0.00|> → words… → EOT.
 */

const MAGIC = 0x67676d6c; // "ggml"
const N_VOCAB = 51865; // multilingual (99 languages)
const STATE = 64;
const AUDIO_CTX = 1500;
const TEXT_CTX = 448;
const MELS = 80;
const SCALE = 4;

// Special tokens of a 51865-token multilingual vocabulary (whisper.cpp shifts them for 99 languages).
const EOT = 50257;
const SOT = 50258;
const TRANSCRIBE = 50359;
const BEGIN_TIMESTAMPS = 50364;
const LANGUAGE_IDS: Readonly<Record<string, number>> = { en: 0, fr: 6, nl: 12, ar: 13 };

export function writeTinyWhisperModel(path: string, options: { language: keyof typeof LANGUAGE_IDS; words: readonly string[] }): void {
  const languageToken = SOT + 1 + (LANGUAGE_IDS[options.language] ?? 0);
  const wordTokens = options.words.map((_, i) => 1000 + i);
  const chain = [SOT, languageToken, TRANSCRIBE, BEGIN_TIMESTAMPS, ...wordTokens, EOT];
  const next = new Map<number, number>();
  for (let i = 0; i + 1 < chain.length; i++) next.set(chain[i] as number, chain[i + 1] as number);
  const axis = new Map(chain.map((token, i) => [token, i] as const));

  const parts: Buffer[] = [];
  const i32 = (...values: number[]) => {
    const b = Buffer.alloc(4 * values.length);
    values.forEach((v, i) => b.writeInt32LE(v, 4 * i));
    parts.push(b);
  };
  // hparams: vocab, audio ctx/state/head/layer, text ctx/state/head/layer, mels, ftype (0 = f32)
  i32(MAGIC, N_VOCAB, AUDIO_CTX, STATE, 1, 1, TEXT_CTX, STATE, 1, 1, MELS, 0);
  i32(MELS, 201);
  parts.push(Buffer.alloc(MELS * 201 * 4));

  // Vocabulary: 50257 text tokens; " " must exist (whisper.cpp suppresses it at the start).
  const text = new Map<number, string>([[220, ' '], ...options.words.map((w, i) => [1000 + i, w] as const)]);
  i32(EOT);
  for (let id = 0; id < EOT; id++) {
    const word = Buffer.from(text.get(id) ?? `t${id}`, 'utf8');
    i32(word.length);
    parts.push(word);
  }

  const tensor = (name: string, shape: readonly number[], fill?: (data: Float32Array) => void) => {
    const data = new Float32Array(shape.reduce((a, b) => a * b, 1));
    fill?.(data);
    const nameBytes = Buffer.from(name, 'utf8');
    i32(shape.length, nameBytes.length, 0, ...shape);
    parts.push(nameBytes, Buffer.from(data.buffer));
  };
  const ones = (data: Float32Array) => data.fill(1);

  tensor('encoder.positional_embedding', [STATE, AUDIO_CTX]);
  tensor('encoder.conv1.weight', [3, MELS, STATE]);
  tensor('encoder.conv1.bias', [1, STATE]);
  tensor('encoder.conv2.weight', [3, STATE, STATE]);
  tensor('encoder.conv2.bias', [1, STATE]);
  tensor('encoder.ln_post.weight', [STATE], ones);
  tensor('encoder.ln_post.bias', [STATE]);
  block('encoder.blocks.0', false);

  tensor('decoder.positional_embedding', [STATE, TEXT_CTX]);
  tensor('decoder.token_embedding.weight', [STATE, N_VOCAB], (data) => {
    for (const [token, i] of axis) data[token * STATE + i] = SCALE;
  });
  tensor('decoder.ln.weight', [STATE], ones);
  tensor('decoder.ln.bias', [STATE]);
  block('decoder.blocks.0', true);
  writeFileSync(path, Buffer.concat(parts));

  function block(prefix: string, programmed: boolean): void {
    const attention = (kind: string) => {
      tensor(`${prefix}.${kind}_ln.weight`, [STATE], ones);
      tensor(`${prefix}.${kind}_ln.bias`, [STATE]);
      tensor(`${prefix}.${kind}.query.weight`, [STATE, STATE]);
      tensor(`${prefix}.${kind}.query.bias`, [STATE]);
      tensor(`${prefix}.${kind}.key.weight`, [STATE, STATE]);
      tensor(`${prefix}.${kind}.value.weight`, [STATE, STATE]);
      tensor(`${prefix}.${kind}.value.bias`, [STATE]);
      tensor(`${prefix}.${kind}.out.weight`, [STATE, STATE]);
      tensor(`${prefix}.${kind}.out.bias`, [STATE]);
    };
    tensor(`${prefix}.mlp_ln.weight`, [STATE], ones);
    tensor(`${prefix}.mlp_ln.bias`, [STATE]);
    // mlp.0: one hidden unit per chain token, firing when the stream is that token (LN of a one-hot ≈ 8 on its axis).
    tensor(`${prefix}.mlp.0.weight`, [STATE, 4 * STATE], (data) => {
      if (programmed) for (const i of axis.values()) data[i * STATE + i] = 1;
    });
    tensor(`${prefix}.mlp.0.bias`, [4 * STATE], (data) => data.fill(programmed ? -4 : 0));
    // mlp.2: the unit of token t adds (next − t) so the stream points at the next token.
    tensor(`${prefix}.mlp.2.weight`, [4 * STATE, STATE], (data) => {
      if (!programmed) return;
      for (const [token, i] of axis) {
        const target = next.get(token);
        if (target === undefined) continue;
        const j = axis.get(target) as number;
        data[j * 4 * STATE + i] = 3;
        data[i * 4 * STATE + i] = -1.5;
      }
    });
    tensor(`${prefix}.mlp.2.bias`, [STATE]);
    attention('attn');
    if (programmed) attention('cross_attn');
  }
}
