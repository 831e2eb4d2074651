/**
 * WhatsApp question voice notes (issue 20): a note is made on Twilio's first fetch of its signed URL and
 * served from the cache afterwards. One real survey template (end-evaluation) in every language of it a
 * voice speaks (espeak-ng standing in for Polly, Ogg/Opus through ffmpeg), and in Tigrinya, which no voice
 * speaks, from recordings staff upload (made here at run time with espeak-ng's Amharic voice), transcoded by
 * ffmpeg. Every request goes through the voice-note route (Hono, freshly signed URL), wired as the local
 * runtime wires it (bench/voice-notes-world.ts: DynamoDB Local, the encrypted file audio store as cache).
 *
 * Per language: 8 requests at once for a note nobody asked for yet; 8 more for the next note, arriving one
 * after another while it is being made; then the other questions one request each (the first-note time);
 * then every note again, HEAD and GET as Twilio fetches media ("Twilio issues GET and HEAD requests to the
 * MediaUrl", Twilio's accepted-mime-types guide), which must cost no synthesis and no transcode at all.
 */
import { pathToFileURL } from 'node:url';
import { canSay } from '../core/calls/voices.js';
import type { SpeechRef } from '../core/voice-notes/speech.js';
import { audioDurationSeconds } from '../adapters/audio/audio-duration.js';
import { compileSurvey } from '../flows/compile.js';
import { parseSurveyDefinition } from '../flows/definition.js';
import endEvaluation from '../flows/templates/end-evaluation.json' with { type: 'json' };
import { formatTable, percentile, underBudget, withinReference, type Figure, type Reference } from './report.js';
import { ORGANISATION, voiceNoteWorld, type Counts, type Fetched } from './voice-notes-world.js';

/** Requests for one note at the same moment, as when several people reach a question together. */
const AT_ONCE = 8;
/** No voice for it (core/calls/voices.ts): its notes are recordings. */
const RECORDED = 'ti';
/** A later request may cost this fraction of making the note: reading and decrypting, no engine. */
const LATER_VS_FIRST = 0.1;
/** Meta: "The play icon will only appear if the file is 512KB or smaller" (WhatsApp audio-messages guide). */
const PLAY_BUTTON_BYTES = 512 * 1024;

const SECTION = 'voice-notes';
const combine = (a: Counts, b: Counts, sign: 1 | -1): Counts =>
  Object.fromEntries(Object.entries(a).map(([k, v]) => [k, v + sign * b[k as keyof Counts]])) as unknown as Counts;
const less = (a: Counts, b: Counts): Counts => combine(a, b, -1);
const plus = (a: Counts, b: Counts): Counts => combine(a, b, 1);
const sameBytes = (a: Uint8Array, b: Uint8Array) => Buffer.compare(Buffer.from(a), Buffer.from(b)) === 0;
/** How many answers differ from the first: a note made twice differs (ffmpeg gives each Ogg stream a random serial number). */
const variants = (got: readonly Fetched[]) => new Set(got.map((f) => Buffer.from(f.bytes).toString('base64'))).size;
const ms = (n: number) => `${n < 10 ? n.toFixed(1) : n.toFixed(0)} ms`;

export async function voiceNotesBench(): Promise<{ figures: Figure[]; references: Reference[] }> {
  const definition = parseSurveyDefinition(endEvaluation);
  const survey = compileSurvey(definition);
  const questions = [...survey.askables.keys()];
  const voiced = definition.languages.filter(canSay);
  if (canSay(RECORDED) || !definition.languages.includes(RECORDED) || voiced.length === 0 || questions.length < 3) {
    throw new Error(`${definition.id} no longer fits this bench (voiced: ${voiced.join(', ')}; ${questions.length} questions)`);
  }
  const languages = [...voiced, RECORDED];
  const ref = (language: string, questionId: string): SpeechRef => ({
    organisationId: ORGANISATION,
    surveyId: definition.id,
    surveyVersion: definition.version,
    questionId,
    language,
  });

  const world = await voiceNoteWorld(definition);
  try {
    const recordedBytes = await world.record(survey, RECORDED, questions);
    let mark = world.counts();
    const since = (): Counts => {
      const now = world.counts();
      const d = less(now, mark);
      mark = now;
      return d;
    };
    const made = new Map<string, Uint8Array>();
    const keyOf = (language: string, q: string) => `${language}/${q}`;
    const kindOf = (language: string) => (language === RECORDED ? 'recording' : 'voice');
    // What making a note costs: a synthesis (its own ffmpeg step inside), or for a recording a transcode (and no synthesis).
    const engineRuns = (language: string, d: Counts) => (language === RECORDED ? d.transcodes + d.syntheses : d.syntheses);

    // 1. At once, and 2. arriving while the note is made: one engine run per note, every answer the same bytes.
    const atOnce: string[] = [];
    const spread: string[] = [];
    let mostAtOnce = { voice: 0, recording: 0 };
    let mostSpread = { voice: 0, recording: 0 };
    for (const language of languages) {
      const kind = kindOf(language);
      const [first = '', second = ''] = questions;
      let started = performance.now();
      const together = await Promise.all(Array.from({ length: AT_ONCE }, () => world.fetch(ref(language, first))));
      const burstMs = performance.now() - started;
      let d = since();
      made.set(keyOf(language, first), together[0]?.bytes ?? new Uint8Array());
      mostAtOnce = { ...mostAtOnce, [kind]: Math.max(mostAtOnce[kind], engineRuns(language, d)) };
      atOnce.push(`${language} ${engineRuns(language, d)} in ${ms(burstMs)}${variants(together) > 1 ? ` (${variants(together)} different notes)` : ''}`);

      // One request every burstMs / AT_ONCE: the last ones come as the first is being kept, or just after.
      const gap = burstMs / AT_ONCE;
      started = performance.now();
      const staggered = await Promise.all(
        Array.from(
          { length: AT_ONCE },
          (_, i) => new Promise<Fetched>((done, fail) => setTimeout(() => world.fetch(ref(language, second)).then(done, fail), i * gap)),
        ),
      );
      d = since();
      made.set(keyOf(language, second), staggered[0]?.bytes ?? new Uint8Array());
      mostSpread = { ...mostSpread, [kind]: Math.max(mostSpread[kind], engineRuns(language, d)) };
      spread.push(
        `${language} ${engineRuns(language, d)} (cached ${d.servedCached} of ${AT_ONCE}${variants(staggered) > 1 ? `, ${variants(staggered)} different notes` : ''})`,
      );
    }

    // 3. The other questions, one first request at a time: the time to make a note.
    const firstMs = { voice: [] as number[], recording: [] as number[] };
    let firstRuns = { voice: 0, recording: 0, notes: 0, least: Infinity, most: 0 };
    for (const language of languages) {
      const kind = kindOf(language);
      for (const q of questions.slice(2)) {
        const got = await world.fetch(ref(language, q));
        const d = since();
        const runs = engineRuns(language, d);
        if (d.servedMade !== 1) throw new Error(`${q} in ${language}: the route did not say it made the note`);
        firstRuns = {
          ...firstRuns,
          [kind]: firstRuns[kind] + runs,
          notes: firstRuns.notes + 1,
          least: Math.min(firstRuns.least, runs),
          most: Math.max(firstRuns.most, runs),
        };
        firstMs[kind].push(got.ms);
        made.set(keyOf(language, q), got.bytes);
      }
    }
    // The counters must be on the ports the route uses: a first note that cost nothing means they are not.
    if (firstRuns.least < 1) throw new Error('a first request made its note without the counted engine: the counters are not on the route’s ports');

    // 4. Every note again, HEAD then GET: served from the cache.
    const nothing = less(mark, mark);
    since();
    const laterMs = { voice: [] as number[], recording: [] as number[] };
    const later = { voice: nothing, recording: nothing };
    let laterRequests = 0;
    let otherBytes = 0;
    for (const language of languages) {
      const kind = kindOf(language);
      for (const q of questions) {
        await world.fetch(ref(language, q), 'HEAD');
        const got = await world.fetch(ref(language, q));
        laterRequests += 2;
        if (!sameBytes(got.bytes, made.get(keyOf(language, q)) ?? new Uint8Array())) otherBytes++;
        laterMs[kind].push(got.ms);
        later[kind] = plus(later[kind], since());
      }
    }
    const laterSyntheses = later.voice.syntheses + later.recording.syntheses;
    const laterTranscodes = later.voice.transcodes + later.recording.transcodes;
    const laterCacheReads = later.voice.cacheReads + later.recording.cacheReads;
    const laterMade = later.voice.servedMade + later.recording.servedMade;

    // Sizes of the notes as WhatsApp gets them.
    const notes = [...made.entries()];
    const sizes = notes.map(([, b]) => b.byteLength);
    const seconds = notes.map(([, b]) => audioDurationSeconds(b, 'audio/ogg') ?? NaN);
    const largest = Math.max(...sizes);
    const meanKb = sizes.reduce((a, b) => a + b, 0) / sizes.length / 1024;
    const totalSeconds = seconds.reduce((a, b) => a + b, 0);
    const kbitPerS = (sizes.reduce((a, b) => a + b, 0) * 8) / 1000 / totalSeconds;

    const firstVoice = percentile(firstMs.voice, 50);
    const firstRecording = percentile(firstMs.recording, 50);
    const references: Reference[] = [
      {
        section: SECTION,
        name: 'first voice note p50',
        value: firstVoice,
        unit: 'ms',
        note: `${firstMs.voice.length} notes (${voiced.join(', ')}; ${questions.length - 2} questions each), one request at a time: espeak-ng + ffmpeg, then kept; p90 ${ms(percentile(firstMs.voice, 90))}`,
      },
      {
        section: SECTION,
        name: 'first recorded note p50',
        value: firstRecording,
        unit: 'ms',
        note: `${firstMs.recording.length} ${RECORDED} notes: the recording read, ffmpeg, kept; p90 ${ms(percentile(firstMs.recording, 90))}`,
      },
    ];
    const figures: Figure[] = [
      underBudget({
        section: SECTION,
        name: 'syntheses on later requests',
        value: laterSyntheses,
        unit: '',
        budget: 0,
        note: `${laterRequests} later requests (HEAD and GET) of ${notes.length} notes in ${languages.length} languages; the route said "cached" ${later.voice.servedCached + later.recording.servedCached} times, "made" ${laterMade}; GETs with other bytes than the first: ${otherBytes}`,
      }),
      underBudget({
        section: SECTION,
        name: 'transcodes on later requests',
        value: laterTranscodes,
        unit: '',
        budget: 0,
        note: `ffmpeg runs, the synthesizer's own included; recordings read on later requests: ${later.voice.recordingReads + later.recording.recordingReads}`,
      }),
      underBudget({
        section: SECTION,
        name: 'engine runs per first request',
        value: firstRuns.most,
        unit: '',
        budget: 1,
        note: `${firstRuns.notes} first requests one at a time: ${firstRuns.voice} syntheses (voice), ${firstRuns.recording} transcodes (${RECORDED}: recording), none fewer than 1`,
      }),
      underBudget({
        section: SECTION,
        name: `syntheses per voice note, ${AT_ONCE} requests at once`,
        value: mostAtOnce.voice,
        unit: '',
        budget: 1,
        note: atOnce.filter((s) => !s.startsWith(`${RECORDED} `)).join(', '),
      }),
      underBudget({
        section: SECTION,
        name: `transcodes per recorded note, ${AT_ONCE} requests at once`,
        value: mostAtOnce.recording,
        unit: '',
        budget: 1,
        note: atOnce.filter((s) => s.startsWith(`${RECORDED} `)).join(', '),
      }),
      underBudget({
        section: SECTION,
        name: `engine runs per note, ${AT_ONCE} requests while it is made`,
        value: Math.max(mostSpread.voice, mostSpread.recording),
        unit: '',
        budget: 1,
        note: `one request every 1/${AT_ONCE} of the at-once time, so the last arrive as the note is kept: ${spread.join(', ')}`,
      }),
      withinReference({
        section: SECTION,
        name: 'later voice note p50',
        value: percentile(laterMs.voice, 50),
        unit: 'ms',
        budget: LATER_VS_FIRST,
        reference: { name: 'first voice note p50', value: firstVoice, unit: 'ms' },
        note: `GET of ${laterMs.voice.length} kept notes: ${(firstVoice / percentile(laterMs.voice, 50)).toFixed(0)}× cheaper than making one; p99 ${ms(percentile(laterMs.voice, 99))}; DynamoDB requests ${later.voice.dynamoRequests} (the survey is cached in the process)`,
      }),
      withinReference({
        section: SECTION,
        name: 'later recorded note p50',
        value: percentile(laterMs.recording, 50),
        unit: 'ms',
        budget: LATER_VS_FIRST,
        reference: { name: 'first recorded note p50', value: firstRecording, unit: 'ms' },
        note: `GET of ${laterMs.recording.length} kept ${RECORDED} notes: ${(firstRecording / percentile(laterMs.recording, 50)).toFixed(0)}× cheaper; ${(later.recording.dynamoRequests / (laterMs.recording.length * 2)).toFixed(2)} DynamoDB requests per request (the recordings are listed to name the note)`,
      }),
      underBudget({
        section: SECTION,
        name: 'cache reads per later request',
        value: laterCacheReads / laterRequests,
        unit: '',
        budget: 1,
        note: `${laterCacheReads} reads of the encrypted file store (LocalAudioStore, as local/stack.ts) for ${laterRequests} requests`,
      }),
      underBudget({
        section: SECTION,
        name: 'largest note',
        value: largest / 1024,
        unit: 'KB',
        budget: PLAY_BUTTON_BYTES / 1024,
        note: `${notes.length} notes, mean ${meanKb.toFixed(1)} KB, ${(totalSeconds / notes.length).toFixed(1)} s of speech on average, ${kbitPerS.toFixed(1)} kbit/s; ${RECORDED} recordings uploaded as WAV: ${(recordedBytes / 1024).toFixed(0)} KB`,
      }),
    ];
    return { figures, references };
  } finally {
    await world.stop();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { figures, references } = await voiceNotesBench();
  process.stdout.write(`${formatTable(figures, references)}\n`);
}
