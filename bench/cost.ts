/**
 * Cost per 1,000 completed surveys at list prices, per channel (bench/README.md, "cost"). Completed
 * surveys are driven through the deployed handlers (bench/cost/surveys.ts) while every AWS request,
 * DynamoDB capacity unit, millisecond and Twilio message is counted (bench/cost/world.ts); the prices
 * are in bench/cost/prices.ts with their sources. `npx tsx bench/cost.ts` runs it alone.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { FIXED_MONTHLY, PRICES, type Price } from './cost/prices.js';
import { readStackSource } from './functions.js';
import { smsSegments } from '../core/sms-segments.js';
import { floorMessages, segmentFigures } from './cost/segments.js';
import { CALL_LANGUAGES, LANGUAGES, SurveyDriver, type Channel, type Conversation } from './cost/surveys.js';
import { startWorld, type Usage, type World } from './cost/world.js';
import { formatNumber, formatTable, underBudget, withinReference, type Figure, type Reference } from './report.js';

const SECTION = 'cost';
/** Provisional budgets (DESIGN.md names none): AWS stays a small part of the bill; Twilio under $1 a survey. */
const AWS_SHARE_OF_TWILIO = 0.1;
const TWILIO_PER_1000 = 1000;
/** Share of invocations that meet a cold instance: an estimate for a quiet service (replies minutes apart). */
const COLD_SHARE = 0.25;
/** Lambda's own log lines per invocation (JSON platform.start + platform.report), bytes: an estimate. */
const PLATFORM_LOG_BYTES = 600;
/** An API Gateway access log line in the stack's format, bytes: an estimate. */
const ACCESS_LOG_BYTES = 250;
/** Seconds a caller takes to press a key after a prompt ends: an estimate. */
const KEYPRESS_SECONDS = 3;
const SURVEY_FILE = 'energy-checkin';

const FUNCTION_ENTRIES: Record<string, string> = {
  'twilio-messages': 'twilio-messages.ts',
  'delivery-worker': 'delivery-worker.ts',
  'voice-worker': 'voice-worker.ts',
  'transcribe-events': 'transcribe-events.ts',
};

/** Each function's memory as the stack sets it (`readStackSource`; StemFunction's default otherwise). */
export function configuredMemoryMb(stackSource: string, functionSource: string, entry: string): number {
  const fallback = Number(/memorySize \?\? (\d+)/.exec(functionSource)?.[1]);
  const at = stackSource.indexOf(`entry: '${entry}'`);
  if (at < 0 || !Number.isFinite(fallback)) throw new Error(`the stack has no function with entry ${entry}`);
  const start = stackSource.lastIndexOf('new StemFunction(', at);
  const end = stackSource.indexOf('new StemFunction(', at);
  const block = stackSource.slice(start, end < 0 ? undefined : end);
  const memory = /memorySize: (\d+)/.exec(block)?.[1];
  return memory ? Number(memory) : fallback;
}

/** Module init per function from the last lambda bench (a fresh process each), else this process's import. */
function initMs(world: World): Record<string, number> {
  try {
    const results = JSON.parse(readFileSync(join(import.meta.dirname, 'results.json'), 'utf8')) as {
      figures: Array<{ section: string; name: string; value: number }>;
    };
    const out: Record<string, number> = {};
    for (const fn of Object.keys(FUNCTION_ENTRIES))
      out[fn] = results.figures.find((f) => f.section === 'lambda' && f.name === `${fn} init`)?.value ?? world.initMs[fn] ?? 0;
    return out;
  } catch {
    return { ...world.initMs };
  }
}

/** Seconds espeak-ng takes to say a text: a stand-in for Polly's speaking time. */
const sayCache = new Map<string, number>();
function speakingSeconds(text: string, lang: string): number {
  const key = `${lang}|${text}`;
  const cached = sayCache.get(key);
  if (cached !== undefined) return cached;
  const voice = lang.slice(0, 2) === 'ar' ? 'ar' : lang.slice(0, 2);
  const wav = execFileSync('espeak-ng', ['-v', voice, '--stdout', text], { maxBuffer: 64 * 1024 * 1024 });
  const seconds = (wav.length - 44) / 2 / wav.readUInt32LE(24);
  sayCache.set(key, seconds);
  return seconds;
}

interface Bill {
  aws: Record<string, number>;
  twilio: Record<string, number>;
  notes: string[];
}

const sum = (r: Record<string, number>) => Object.values(r).reduce((a, b) => a + b, 0);
const p = (price: Price) => price.value;

function awsBill(
  usage: Map<string, Usage>,
  surveys: number,
  memory: Record<string, number>,
  init: Record<string, number>,
  transcribeSeconds: number[],
): Bill['aws'] & { _calls: number } {
  let lambda = 0;
  let dynamo = 0;
  let sqs = 0;
  let s3 = 0;
  let kms = 0;
  let secrets = 0;
  let api = 0;
  let logs = 0;
  let messagesConsumed = 0;
  for (const [fn, u] of usage) {
    if (fn === 'probe') continue;
    const gb = (memory[fn] ?? 512) / 1024;
    const cold = u.invocations * COLD_SHARE;
    lambda += u.invocations * p(PRICES.lambdaRequest) + ((u.ms + cold * (init[fn] ?? 0)) / 1000) * gb * p(PRICES.lambdaArmGbSecond);
    secrets += cold * 3 * p(PRICES.secretsManagerCall);
    kms += cold * 3 * p(PRICES.kmsRequest); // each secret is encrypted with a customer-managed key: a Decrypt per read
    dynamo += u.rru * p(PRICES.dynamoReadRequestUnit) + (u.wru + u.wruEstimated) * p(PRICES.dynamoWriteRequestUnit);
    sqs += u.sqsChunks * p(PRICES.sqsRequest);
    s3 += (u.aws.get('S3.PutObject') ?? 0) * p(PRICES.s3Put) + (u.aws.get('S3.GetObject') ?? 0) * p(PRICES.s3Get);
    if (fn === 'twilio-messages') api += u.invocations * p(PRICES.httpApiRequest);
    if (fn === 'delivery-worker' || fn === 'voice-worker') messagesConsumed += u.invocations;
    logs +=
      ((u.logBytes + u.invocations * PLATFORM_LOG_BYTES + (fn === 'twilio-messages' ? u.invocations * ACCESS_LOG_BYTES : 0)) / 2 ** 30) *
      p(PRICES.logsIngestGb);
  }
  // The launch sends each invitation to its queue in batches of 10; Lambda's poller receives and deletes each message.
  sqs += (surveys * 0.1 + messagesConsumed * 2) * p(PRICES.sqsRequest);
  // Transcribe reads SSE-KMS media and writes an encrypted transcript: about two KMS requests per job (S3 Bucket Keys make the rest rare).
  kms += transcribeSeconds.length * 2 * p(PRICES.kmsRequest);
  const transcribe = transcribeSeconds.reduce((n, s) => n + (Math.max(15, Math.ceil(s)) / 60) * p(PRICES.transcribeMinute), 0);
  const perSurvey = (x: number) => x / surveys;
  const bill = { lambda, dynamodb: dynamo, sqs, s3, kms, secrets, apiGateway: api, logs, transcribe };
  return { ...Object.fromEntries(Object.entries(bill).map(([k, v]) => [k, perSurvey(v)])), _calls: 0 } as Bill['aws'] & { _calls: number };
}

function twilioBill(c: Conversation): { cost: Record<string, number>; segments: number; minutes: number } {
  if (c.channel === 'sms') {
    const segments = c.outbound.reduce((n, m) => n + smsSegments(m.text).segments, 0);
    return { cost: { smsOut: segments * p(PRICES.twilioSmsOutboundBe), smsIn: c.inbound * p(PRICES.twilioSmsInboundBe) }, segments, minutes: 0 };
  }
  if (c.channel === 'whatsapp' || c.channel === 'whatsapp-voice-note') {
    const templates = c.outbound.filter((m) => m.template).length;
    const messages = c.outbound.length + c.inbound;
    return { cost: { meta: templates * p(PRICES.metaMarketingBe), twilioWhatsapp: messages * p(PRICES.twilioWhatsappMessage) }, segments: 0, minutes: 0 };
  }
  const call = c.call;
  if (!call) return { cost: {}, segments: 0, minutes: 0 };
  const speaking = call.says.reduce((n, s) => n + speakingSeconds(s.text, s.lang), 0);
  const seconds = speaking + call.keypresses * KEYPRESS_SECONDS + call.recordSeconds + call.recordTimeout;
  const minutes = Math.ceil(seconds / 60);
  const chars = call.says.reduce((n, s) => n + [...s.text].length, 0);
  return {
    cost: {
      callMinutes: minutes * p(call.outbound ? PRICES.twilioVoiceOutboundBeMobile : PRICES.twilioVoiceInboundBeLocal),
      tts: (chars / 100) * p(PRICES.twilioTtsNeuralPer100Chars),
      recording: Math.ceil(call.recordSeconds / 60) * p(PRICES.twilioRecordingMinute),
      machineDetection: call.machineDetection ? p(PRICES.twilioMachineDetection) : 0,
    },
    segments: 0,
    minutes: seconds / 60,
  };
}

const money = (usd: number) => `$${formatNumber(usd)}`;

export async function costBench(): Promise<{ figures: Figure[]; references: Reference[]; summary: string }> {
  const world = await startWorld();
  try {
    const driver = new SurveyDriver(world);
    const shape = await driver.seed(new Date());
    const stack = readStackSource();
    const stemFunction = readFileSync(join(import.meta.dirname, '../cdk/constructs/stem-function.ts'), 'utf8');
    const memory = Object.fromEntries(Object.entries(FUNCTION_ENTRIES).map(([fn, entry]) => [fn, configuredMemoryMb(stack, stemFunction, entry)]));
    const init = initMs(world);
    const figures: Figure[] = [];
    const references: Reference[] = [];
    const rows: string[][] = [];
    const segmentsByLanguage: string[] = [];
    const plan: Array<{ channel: Channel; languages: readonly string[] }> = [
      { channel: 'sms', languages: LANGUAGES },
      { channel: 'whatsapp', languages: LANGUAGES },
      { channel: 'whatsapp-voice-note', languages: LANGUAGES },
      { channel: 'voice', languages: CALL_LANGUAGES },
    ];
    for (const { channel, languages } of plan) {
      world.meter.reset();
      const jobsBefore = world.transcribeJobs.size;
      const conversations: Conversation[] = [];
      for (const language of languages) {
        const c = channel === 'voice' ? await driver.call(language, () => world.voiceJobs) : await driver.message(channel, language, () => world.voiceJobs);
        if (!c.completed) throw new Error(`the ${channel} survey in ${language} did not complete`);
        conversations.push(c);
      }
      const n = conversations.length;
      const transcribed = [...world.transcribeJobs.keys()].slice(jobsBefore).length;
      const voiceSeconds = conversations.flatMap((c) => c.voiceSeconds).slice(0, transcribed);
      const aws = awsBill(world.meter.byFunction, n, memory, init, voiceSeconds);
      const { _calls: _, ...awsParts } = aws;
      const twilioParts: Record<string, number> = {};
      let segments = 0;
      let minutes = 0;
      for (const c of conversations) {
        const t = twilioBill(c);
        for (const [k, v] of Object.entries(t.cost)) twilioParts[k] = (twilioParts[k] ?? 0) + v / n;
        segments += t.segments;
        minutes += t.minutes;
        if (channel === 'sms')
          segmentsByLanguage.push(
            `${c.language} ${t.segments}${c.outbound.some((m) => smsSegments(m.text).encoding === 'UCS-2') ? ` (UCS-2: ${[...new Set(c.outbound.flatMap((m) => smsSegments(m.text).outside))].slice(0, 6).join('')})` : ''}`,
          );
      }
      const awsTotal = sum(awsParts) * 1000;
      const twilioTotal = sum(twilioParts) * 1000;
      const usage = [...world.meter.byFunction.entries()]
        .filter(([fn]) => fn !== 'probe')
        .map(([fn, u]) => `${fn} ${formatNumber(u.invocations / n)}× ${formatNumber(u.ms / u.invocations)} ms @${memory[fn]} MB`)
        .join(', ');
      const dynamo = [...world.meter.byFunction.entries()]
        .filter(([fn]) => fn !== 'probe')
        .map(([, u]) => u)
        .reduce((acc, u) => ({ rru: acc.rru + u.rru, wru: acc.wru + u.wru + u.wruEstimated }), { rru: 0, wru: 0 });
      const byService = Object.entries(awsParts)
        .filter(([, v]) => v > 0)
        .map(([k, v]) => `${k} ${money(v * 1000)}`)
        .join(', ');
      const twilioNote = Object.entries(twilioParts)
        .map(([k, v]) => `${k} ${money(v * 1000)}`)
        .join(', ');
      references.push({ section: SECTION, name: `${channel} Twilio per 1,000`, value: twilioTotal, unit: '$', note: twilioNote });
      figures.push(
        withinReference({
          section: SECTION,
          name: `${channel} AWS per 1,000 surveys`,
          value: awsTotal,
          unit: '$',
          budget: AWS_SHARE_OF_TWILIO,
          reference: { name: `${channel} Twilio per 1,000`, value: twilioTotal, unit: '$' },
          note: `${n} surveys (${languages.join(' ')}); per survey: ${usage}; DynamoDB ${formatNumber(dynamo.rru / n)} RRU + ${formatNumber(dynamo.wru / n)} WRU; by service per 1,000: ${byService}`,
        }),
        underBudget({
          section: SECTION,
          name: `${channel} Twilio per 1,000 surveys`,
          value: twilioTotal,
          unit: '$',
          budget: TWILIO_PER_1000,
          note: `${twilioNote}${channel === 'voice' ? `; ${formatNumber(minutes / n)} min per call (speaking time from espeak-ng, ${KEYPRESS_SECONDS} s per key, the recording and its silence timeout), billed per started minute` : ''}`,
        }),
      );
      if (channel === 'sms' || channel === 'whatsapp') figures.push(...segmentFigures(channel, conversations, shape.questions));
      if (channel === 'sms')
        figures.push(
          underBudget({
            section: SECTION,
            name: 'SMS segments per completed survey',
            value: segments / n,
            unit: '',
            budget: floorMessages(shape.questions) * 2,
            note: `outbound, invitation included, per language: ${segmentsByLanguage.join(', ')}`,
          }),
        );
      rows.push([channel, String(n), money(awsTotal), byService, money(twilioTotal), money(awsTotal + twilioTotal)]);
    }
    const estimates = Object.entries(PRICES)
      .filter(([, v]) => v.status === 'estimate')
      .map(([k]) => k);
    const fixed = Object.entries(FIXED_MONTHLY)
      .map(([k, v]) => `  ${k}: ${money(v.value)} ${v.unit} — ${v.count}`)
      .join('\n');
    const table = [
      `cost per 1,000 completed surveys (USD, list prices; survey: ${SURVEY_FILE} template, ${shape.questions} questions, ${shape.surveyId})`,
      ...rows.map((r) => `  ${r[0]?.padEnd(20)} n=${r[1]}  AWS ${r[2]?.padStart(7)}  Twilio ${r[4]?.padStart(8)}  total ${r[5]?.padStart(8)}   [${r[3]}]`),
      `assumptions: ${COLD_SHARE * 100} % of invocations cold (init from the lambda bench), Lambda platform logs ${PLATFORM_LOG_BYTES} B/invocation, access logs ${ACCESS_LOG_BYTES} B/request, WhatsApp invitation = marketing template`,
      `prices marked estimate (not found in the stored pages; see bench/cost/prices.ts): ${estimates.join(', ')}`,
      `a placed call as Twilio requests it (From = Stem's number, To = the participant, outbound-api) ${driver.outboundAnswer && /<Gather|<Record/.test(driver.outboundAnswer) ? 'runs the survey' : 'is answered as an unknown caller and hung up: the voice survey was driven with From = the participant'}`,
      'fixed monthly costs (not in the figures above):',
      fixed,
    ].join('\n');
    return { figures, references, summary: table };
  } finally {
    await world.stop();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { figures, references, summary } = await costBench();
  process.stdout.write(`${formatTable(figures, references)}\n\n${summary}\n`);
}
