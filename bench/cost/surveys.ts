/**
 * Completed surveys driven end to end through the deployed handlers: the invitation sent by the delivery
 * worker (SQS event), every reply through the signed Twilio webhook (API Gateway payload 2.0), a voice
 * answer through the voice worker and Transcribe's completion event. What the participant receives and
 * what a call says are collected for Twilio's side of the bill.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { documentClient } from '../../adapters/dynamodb/table.js';
import { DynamoDbDirectory } from '../../adapters/dynamodb/directory.js';
import { DynamoDbParticipants } from '../../adapters/dynamodb/participants.js';
import { NodeCryptoProtector } from '../../adapters/crypto/node-protector.js';
import { twilioSignature } from '../../adapters/twilio/signature.js';
import { parseSurveyDefinition } from '../../flows/definition.js';
import { DEMO_PROJECT } from '../../local/seed.js';
import { ACCOUNT, PUBLIC_URL, QUEUES, SERVICE_NUMBER, TABLE, TOKEN, VOICE_QUEUE, type World } from './world.js';

export const LANGUAGES = ['nl', 'fr', 'en', 'ar', 'tr', 'fa', 'uk', 'ti'] as const;
/** Languages Twilio's <Say> speaks (Polly); the others call only once their prompts are recorded. */
export const CALL_LANGUAGES = ['nl', 'fr', 'en', 'ar', 'tr'] as const;
const ESPEAK_VOICE: Record<string, string> = { nl: 'nl', fr: 'fr', en: 'en', ar: 'ar', tr: 'tr', fa: 'fa', uk: 'uk', ti: 'am' };
const PROJECT = 'costbench';
const ROUND = 'costbench-r1';
const SURVEY_FILE = 'energy-checkin';

export type Channel = 'sms' | 'whatsapp' | 'whatsapp-voice-note' | 'voice';

/** One survey's Twilio side, as Twilio would bill it. */
export interface Conversation {
  channel: Channel;
  language: string;
  completed: boolean;
  /** Texts sent to the participant (invitation and TwiML replies). */
  outbound: Array<{ text: string; template: boolean }>;
  inbound: number;
  /** A call: what was said (text, language), what the caller did, how long the recording was. */
  call?: {
    says: Array<{ text: string; lang: string }>;
    keypresses: number;
    recordSeconds: number;
    recordTimeout: number;
    outbound: boolean;
    machineDetection: boolean;
  };
  /** Seconds of each voice answer (voice note or recording). */
  voiceSeconds: number[];
}

interface Scenario {
  steps: Array<{ send?: string }>;
}

function answers(language: string): { consent: string; scale: string; words: string } {
  const s = JSON.parse(
    readFileSync(join(import.meta.dirname, `../../tests/integration/scenarios/template_energy_checkin.${language}.json`), 'utf8'),
  ) as Scenario;
  const [, , consent, scale, words] = s.steps.map((x) => x.send ?? '');
  return { consent: consent ?? '1', scale: scale ?? '4', words: words ?? '' };
}

/** espeak-ng speech of `text`, as WAV or Ogg/Opus, and its length in seconds. */
export function speech(text: string, language: string, format: 'wav' | 'ogg'): { bytes: Buffer; seconds: number } {
  const wav = execFileSync('espeak-ng', ['-v', ESPEAK_VOICE[language] ?? 'en', '--stdout', text], { maxBuffer: 64 * 1024 * 1024 });
  // espeak-ng writes a 44-byte header with unknown sizes when streaming: the rest is 16-bit mono PCM at its rate.
  const rate = wav.readUInt32LE(24);
  const seconds = (wav.length - 44) / 2 / rate;
  if (format === 'wav') return { bytes: wav, seconds };
  const ogg = execFileSync('ffmpeg', ['-loglevel', 'error', '-f', 'wav', '-i', 'pipe:0', '-c:a', 'libopus', '-b:a', '24k', '-f', 'ogg', 'pipe:1'], {
    input: wav,
    maxBuffer: 64 * 1024 * 1024,
  });
  return { bytes: ogg, seconds };
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  textNodeName: 'text',
  isArray: (name) => ['Say', 'Message', 'Play'].includes(name),
  parseAttributeValue: false,
  parseTagValue: false,
});
type Node = Record<string, unknown>;

export class SurveyDriver {
  private readonly directory: DynamoDbDirectory;
  private readonly participants: DynamoDbParticipants;
  private readonly protector: NodeCryptoProtector;
  private phones = 0;
  /** What the voice webhook answered to the call as Twilio places it (From = Stem's number): see the report. */
  outboundAnswer: string | null = null;

  constructor(private readonly world: World) {
    const db = documentClient(world.dynamo.client);
    this.directory = new DynamoDbDirectory(db, TABLE);
    this.participants = new DynamoDbParticipants(db, TABLE);
    this.protector = new NodeCryptoProtector(world.keys);
  }

  /** The energy check-in template in all eight languages, WhatsApp templates approved, one open round. */
  async seed(now: Date): Promise<{ questions: number; surveyId: string }> {
    const survey = parseSurveyDefinition(JSON.parse(readFileSync(join(import.meta.dirname, `../../flows/templates/${SURVEY_FILE}.json`), 'utf8')));
    await this.directory.saveSurvey(survey);
    await this.directory.putProject({
      ...DEMO_PROJECT,
      projectId: PROJECT,
      name: 'Wijkpunt Zuid',
      joinCode: 'COSTB',
      languages: [...LANGUAGES],
      fallbackLanguages: ['nl', 'en'],
      whatsappTemplates: Object.fromEntries(LANGUAGES.map((l) => [l, `HX${l}${'0'.repeat(30)}`])),
      callNumber: SERVICE_NUMBER,
    });
    await this.directory.putRound({
      projectId: PROJECT,
      roundId: ROUND,
      label: 'cost bench',
      surveyId: survey.id,
      surveyVersion: survey.version,
      opensAt: new Date(now.getTime() - 3_600_000).toISOString(),
      closesAt: new Date(now.getTime() + 14 * 86_400_000).toISOString(),
      reminderAfterHours: null,
    });
    return { questions: survey.questions.length, surveyId: `${survey.id} v${survey.version}` };
  }

  private event(path: string, params: Record<string, string>): unknown {
    const body = new URLSearchParams(params).toString();
    const url = new URL(path, PUBLIC_URL);
    return {
      version: '2.0',
      routeKey: `POST ${url.pathname}`,
      rawPath: url.pathname,
      rawQueryString: url.search.slice(1),
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        host: url.host,
        'x-twilio-signature': twilioSignature(TOKEN, url.href, params),
        'x-forwarded-proto': 'https',
      },
      requestContext: {
        accountId: '123456789012',
        apiId: 'bench',
        domainName: url.host,
        domainPrefix: 'stem',
        http: { method: 'POST', path: url.pathname, protocol: 'HTTP/1.1', sourceIp: '3.88.0.1', userAgent: 'TwilioProxy/1.1' },
        requestId: randomBytes(8).toString('hex'),
        routeKey: `POST ${url.pathname}`,
        stage: '$default',
        time: '',
        timeEpoch: Date.now(),
      },
      ...(url.search ? { queryStringParameters: Object.fromEntries(url.searchParams) } : {}),
      body: Buffer.from(body).toString('base64'),
      isBase64Encoded: true,
    };
  }

  private async webhook(path: string, params: Record<string, string>, fn = 'twilio-messages'): Promise<{ status: number; body: string }> {
    const context = { awsRequestId: randomBytes(8).toString('hex'), functionName: 'twilio-messages', getRemainingTimeInMillis: () => 10_000 };
    const result = (await this.world.invoke(fn, () => this.world.handlers.messages(this.event(path, params), context))) as {
      statusCode: number;
      body?: string;
      isBase64Encoded?: boolean;
    };
    const body = result.body ? (result.isBase64Encoded ? Buffer.from(result.body, 'base64').toString('utf8') : result.body) : '';
    if (result.statusCode >= 400) throw new Error(`the webhook answered ${result.statusCode} at ${path}: ${body.slice(0, 200)}`);
    return { status: result.statusCode, body };
  }

  private sqsRecord(body: string, queueUrl: string) {
    return {
      messageId: randomBytes(8).toString('hex'),
      receiptHandle: 'r',
      body,
      attributes: { ApproximateReceiveCount: '1', SentTimestamp: String(Date.now()), SenderId: 'bench', ApproximateFirstReceiveTimestamp: String(Date.now()) },
      messageAttributes: {},
      md5OfBody: '',
      eventSource: 'aws:sqs',
      eventSourceARN: `arn:aws:sqs:eu-west-1:123456789012:${queueUrl.split('/').pop()}`,
      awsRegion: 'eu-west-1',
    };
  }

  private async enrolAndInvite(channel: 'sms' | 'whatsapp' | 'voice', language: string): Promise<{ phone: string; contactKey: string }> {
    const phone = `+3247${String(++this.phones).padStart(7, '0')}`;
    const contactKey = this.protector.contactKey(phone);
    await this.participants.enrol({ projectId: PROJECT, contactKey, phoneSealed: this.protector.seal(phone), language, channel, day: '2026-12-03' });
    await this.participants.putInvitations([
      {
        projectId: PROJECT,
        roundId: ROUND,
        contactKey,
        language,
        channel,
        status: 'queued',
        failure: null,
        invitedAt: null,
        remindedAt: null,
        progress: 'none',
      },
    ]);
    const job = JSON.stringify({ type: 'invite', projectId: PROJECT, roundId: ROUND, contactKey, channel });
    const result = (await this.world.invoke('delivery-worker', () => this.world.handlers.delivery({ Records: [this.sqsRecord(job, QUEUES[channel])] }))) as {
      batchItemFailures: unknown[];
    };
    if (result.batchItemFailures.length) throw new Error(`the delivery worker failed the ${channel} invitation in ${language}`);
    return { phone, contactKey };
  }

  private async completed(contactKey: string): Promise<boolean> {
    return (await this.participants.getInvitation(PROJECT, ROUND, contactKey))?.progress === 'completed';
  }

  /** Voice jobs the webhook sent to the voice queue since `from`, run through the voice worker and Transcribe's event. */
  private async voicePipeline(jobs: string[]): Promise<void> {
    for (const jobId of jobs) {
      const out = (await this.world.invoke('voice-worker', () =>
        this.world.handlers.voiceWorker({ Records: [this.sqsRecord(JSON.stringify({ jobId }), VOICE_QUEUE)] }),
      )) as { batchItemFailures: unknown[] };
      if (out.batchItemFailures.length) throw new Error('the voice worker failed a job');
    }
    for (const [name, job] of this.world.transcribeJobs) {
      if (job.fn === 'done') continue;
      job.fn = 'done';
      await this.world.invoke('transcribe-events', () =>
        this.world.handlers.transcribeEvents({
          version: '0',
          id: randomBytes(8).toString('hex'),
          'detail-type': 'Transcribe Job State Change',
          source: 'aws.transcribe',
          account: '123456789012',
          time: new Date().toISOString(),
          region: 'eu-west-1',
          resources: [],
          detail: { TranscriptionJobName: name, TranscriptionJobStatus: 'COMPLETED' },
        }),
      );
    }
  }

  /** An SMS or WhatsApp survey: invited, then every answer typed (or the open one as a voice note). */
  async message(channel: 'sms' | 'whatsapp' | 'whatsapp-voice-note', language: string, voiceJobs: () => string[]): Promise<Conversation> {
    const via = channel === 'sms' ? 'sms' : 'whatsapp';
    const sentBefore = this.world.twilioOut.length;
    const { phone, contactKey } = await this.enrolAndInvite(via, language);
    const conversation: Conversation = { channel, language, completed: false, outbound: [], inbound: 0, voiceSeconds: [] };
    for (const out of this.world.twilioOut.slice(sentBefore))
      conversation.outbound.push({ text: out.form.get('Body') ?? '', template: out.form.has('ContentSid') });
    const a = answers(language);
    const prefix = via === 'whatsapp' ? 'whatsapp:' : '';
    const jobsBefore = voiceJobs().length;
    const steps: Array<Record<string, string>> = [{ Body: a.consent }, { Body: a.scale }];
    if (channel === 'whatsapp-voice-note') {
      const note = speech(a.words, language, 'ogg');
      const mediaId = `ME${randomBytes(16).toString('hex')}`;
      this.world.media.set(mediaId, { bytes: note.bytes, type: 'audio/ogg' });
      conversation.voiceSeconds.push(note.seconds);
      steps.push({
        Body: '',
        NumMedia: '1',
        MediaContentType0: 'audio/ogg',
        MediaUrl0: `https://api.twilio.com/2010-04-01/Accounts/${ACCOUNT}/Messages/MM${randomBytes(16).toString('hex')}/Media/${mediaId}`,
      });
    } else steps.push({ Body: a.words });
    // A reply to the invitation starts the survey: the first message is the participant's "hello".
    for (const extra of [{ Body: language === 'nl' ? 'Hallo' : 'Hello' }, ...steps]) {
      const sid = `SM${randomBytes(16).toString('hex')}`;
      const params: Record<string, string> = {
        MessageSid: sid,
        SmsMessageSid: sid,
        SmsSid: sid,
        AccountSid: ACCOUNT,
        From: `${prefix}${phone}`,
        To: `${prefix}${SERVICE_NUMBER}`,
        NumMedia: '0',
        NumSegments: '1',
        ApiVersion: '2010-04-01',
        ...(via === 'whatsapp' ? { ProfileName: 'Participant', WaId: phone.slice(1), MessageType: extra.NumMedia ? 'audio' : 'text' } : {}),
        ...extra,
      };
      const { body } = await this.webhook('/twilio/messages', params);
      conversation.inbound++;
      const parsed = parser.parse(body) as { Response?: { Message?: Array<string | Node> } };
      for (const m of parsed.Response?.Message ?? [])
        conversation.outbound.push({ text: typeof m === 'string' ? m : String((m.Body as string | undefined) ?? m.text ?? ''), template: false });
    }
    await this.voicePipeline(voiceJobs().slice(jobsBefore));
    conversation.completed = await this.completed(contactKey);
    return conversation;
  }

  /**
   * A phone survey: the delivery worker places the call (Calls.create), the participant answers it, keys
   * in the closed answers and speaks the open one, the recording goes through the voice pipeline, and the
   * call's status callback ends it.
   */
  async call(language: string, voiceJobs: () => string[]): Promise<Conversation> {
    const sentBefore = this.world.twilioOut.length;
    const { phone, contactKey } = await this.enrolAndInvite('voice', language);
    const placed = this.world.twilioOut.slice(sentBefore).find((o) => o.kind === 'call');
    if (!placed) throw new Error(`no call placed for a phone invitation in ${language}`);
    const a = answers(language);
    const callSid = `CA${randomBytes(16).toString('hex')}`;
    const conversation: Conversation = {
      channel: 'voice',
      language,
      completed: false,
      outbound: [],
      inbound: 0,
      voiceSeconds: [],
      call: { says: [], keypresses: 0, recordSeconds: 0, recordTimeout: 5, outbound: true, machineDetection: placed.form.get('MachineDetection') === 'Enable' },
    };
    const jobsBefore = voiceJobs().length;
    // Twilio's outbound-api request: From is Stem's number, To the participant. See the report: the voice
    // webhook takes From as the participant, so the answered call is driven as the participant's own.
    const asTwilioSends = {
      AccountSid: ACCOUNT,
      CallSid: `CA${randomBytes(16).toString('hex')}`,
      From: SERVICE_NUMBER,
      To: phone,
      CallStatus: 'in-progress',
      Direction: 'outbound-api',
      AnsweredBy: 'human',
      ApiVersion: '2010-04-01',
    };
    // Asked once, outside the bill (`probe`).
    this.outboundAnswer ??= (await this.webhook('/twilio/voice', asTwilioSends, 'probe')).body;
    const base = {
      AccountSid: ACCOUNT,
      CallSid: callSid,
      From: phone,
      To: SERVICE_NUMBER,
      Caller: phone,
      Called: SERVICE_NUMBER,
      CallStatus: 'in-progress',
      Direction: 'inbound',
      ApiVersion: '2010-04-01',
    };
    let response = await this.webhook('/twilio/voice', { ...base, CallStatus: 'ringing' });
    const keys = [a.consent.match(/^\d$/) ? a.consent : '1', /^\d$/.test(a.scale) ? a.scale : '4'];
    for (let turn = 0; turn < 12; turn++) {
      const r = (parser.parse(response.body) as { Response?: Node }).Response ?? {};
      const gather = r.Gather as Node | undefined;
      for (const say of [...((gather?.Say as Node[] | undefined) ?? []), ...((r.Say as Node[] | undefined) ?? [])])
        conversation.call?.says.push({ text: String(say.text ?? ''), lang: String(say.language ?? language) });
      const record = r.Record as Node | string | undefined;
      if (gather) {
        const key = keys.shift() ?? '1';
        if (conversation.call) conversation.call.keypresses++;
        response = await this.webhook(String(gather.action), { ...base, Digits: key, FinishedOnKey: '' });
      } else if (record !== undefined) {
        const rec = speech(a.words, language, 'wav');
        const recordingSid = `RE${randomBytes(16).toString('hex')}`;
        this.world.media.set(recordingSid, { bytes: rec.bytes, type: 'audio/wav' });
        const seconds = Math.max(1, Math.round(rec.seconds));
        conversation.voiceSeconds.push(rec.seconds);
        if (conversation.call) {
          conversation.call.recordSeconds += seconds;
          conversation.call.recordTimeout = Number((record as Node).timeout ?? 5);
        }
        response = await this.webhook(String((record as Node).action), {
          ...base,
          RecordingUrl: `https://api.twilio.com/2010-04-01/Accounts/${ACCOUNT}/Recordings/${recordingSid}`,
          RecordingSid: recordingSid,
          RecordingDuration: String(seconds),
          Digits: 'hangup',
        });
      } else break;
    }
    conversation.inbound = 0;
    // The end of the call Stem placed: Twilio's status callback.
    const statusUrl = placed.form.get('StatusCallback') ?? '';
    await this.webhook(statusUrl.replace(PUBLIC_URL, ''), {
      AccountSid: ACCOUNT,
      CallSid: callSid,
      From: SERVICE_NUMBER,
      To: phone,
      CallStatus: 'completed',
      Direction: 'outbound-api',
      AnsweredBy: 'human',
      CallDuration: '120',
    });
    await this.voicePipeline(voiceJobs().slice(jobsBefore));
    conversation.completed = await this.completed(contactKey);
    return conversation;
  }
}
