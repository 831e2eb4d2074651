import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { serve, type ServerType } from '@hono/node-server';
import { XMLParser } from 'fast-xml-parser';
import { Hono } from 'hono';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { generateProtectorKeys } from '../../adapters/crypto/node-protector.js';
import { ensureTable } from '../../adapters/dynamodb/table.js';
import { renderTriadPictureOnDemand } from '../../adapters/images/triad-picture-on-demand.js';
import { twilioSignature } from '../../adapters/twilio/signature.js';
import type { Project } from '../../core/model.js';
import { parseSurveyDefinition } from '../../flows/definition.js';
import { composeConversation } from '../../functions/commons/compose.js';
import { MESSAGES_PATH, messagingRoutes } from '../../http/messaging-routes.js';
import { pictureRoutes } from '../../http/picture-routes.js';
import { pictureUrl } from '../../http/picture-urls.js';
import { localDynamoDbClient } from '../../local/dynamodb-local.js';
import { seedDemo } from '../../local/seed.js';
import { AUTH_TOKEN, CapturingLogger, newSid, PUBLIC_URL, SERVICE_NUMBER, TestClock, twilioParams } from './support/harness.js';

/**
 * A WhatsApp participant reaches a triad question: the TwiML carries the picture as <Media>, Twilio
 * fetches that signed URL from Stem and gets an 800x700 PNG; a URL Stem did not write gets a 404; over
 * SMS the same question is text only. Real DynamoDB Local, signed webhooks, TwiML parsed as XML.
 */

const story = parseSurveyDefinition(JSON.parse(readFileSync(new URL('../../flows/templates/story-signifiers.json', import.meta.url), 'utf8')));
/** A triad whose labels no bundled font can draw: it is asked in text only. */
const odd = parseSurveyDefinition({
  id: 'odd_labels',
  version: 1,
  title: { en: 'Odd' },
  languages: ['en'],
  questions: [{ id: 'where', kind: 'triad', text: { en: 'Where?' }, corners: [{ en: '家' }, { en: 'work' }, { en: 'school' }] }],
});

const xml = new XMLParser({ isArray: (name) => name === 'Message' || name === 'Media', parseTagValue: false, trimValues: false });
type Twiml = { Response: { Message: Array<string | { Body?: string; Media?: string[] }> } };

let h: Awaited<ReturnType<typeof start>>;

async function start() {
  const dynamoDb = localDynamoDbClient(inject('dynamoDbEndpoint'));
  const tableName = `t${randomBytes(6).toString('hex')}`;
  await ensureTable(dynamoDb, tableName, { expireItems: false });
  const clock = new TestClock();
  const logger = new CapturingLogger();
  const deps = composeConversation({ dynamoDb, tableName, keys: generateProtectorKeys(), logger, clock });
  const seeded = await seedDemo(deps.directory, clock.now());
  const project: Project = {
    ...seeded.project,
    projectId: 'verhalen',
    name: 'Verhalen Oost',
    joinCode: 'VERHAAL',
    languages: story.languages,
    fallbackLanguages: ['nl', 'en'],
  };
  await deps.directory.putProject(project);
  await deps.directory.saveSurvey(story);
  await deps.directory.putRound({ ...seeded.round, projectId: project.projectId, roundId: 'verhalen-start', surveyId: story.id, surveyVersion: story.version });
  await deps.directory.saveSurvey(odd);

  const app = new Hono();
  app.route('/', messagingRoutes(deps, { publicUrl: PUBLIC_URL, twilioAuthToken: AUTH_TOKEN, serviceNumbers: new Set([SERVICE_NUMBER]) }));
  app.route('/', pictureRoutes({ protector: deps.protector, surveys: deps.directory, logger, render: renderTriadPictureOnDemand }));
  const server = await new Promise<{ server: ServerType; origin: string }>((ready) => {
    const s: ServerType = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => ready({ server: s, origin: `http://127.0.0.1:${info.port}` }));
  });

  /** A message as Twilio posts it (signed over the public URL); the TwiML answered, parsed. */
  async function send(
    channel: 'sms' | 'whatsapp',
    phone: string,
    text: string,
    sid = newSid(),
  ): Promise<{ sid: string; twiml: string; messages: Twiml['Response']['Message'] }> {
    const params = twilioParams({ channel, phone, text }, sid);
    const response = await fetch(`${server.origin}${MESSAGES_PATH}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-twilio-signature': twilioSignature(AUTH_TOKEN, `${PUBLIC_URL}${MESSAGES_PATH}`, params),
      },
      body: new URLSearchParams(params).toString(),
    });
    expect(response.status).toBe(200);
    const twiml = await response.text();
    return { sid, twiml, messages: (xml.parse(twiml) as Twiml).Response.Message };
  }

  /** A GET by public URL, served by this server: what Twilio does with a <Media> URL. */
  const fetchPublic = (url: string, init?: RequestInit): Promise<Response> => {
    const target = new URL(url);
    return fetch(`${server.origin}${target.pathname}${target.search}`, init);
  };

  return {
    deps,
    logger,
    send,
    fetchPublic,
    items: async () => (await dynamoDb.send(new ScanCommand({ TableName: tableName }))).Items ?? [],
    stop: async () => {
      await new Promise<void>((done) => server.server.close(() => done()));
      dynamoDb.destroy();
    },
  };
}

beforeAll(async () => {
  h = await start();
});
afterAll(async () => {
  await h?.stop();
});

/** Width and height from a PNG's IHDR chunk, after checking the signature. */
function pngSize(bytes: Uint8Array): { width: number; height: number } {
  expect([...bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  expect(new TextDecoder().decode(bytes.subarray(12, 16))).toBe('IHDR');
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

const mediaOf = (messages: Twiml['Response']['Message']): string[] => messages.flatMap((m) => (typeof m === 'string' ? [] : (m.Media ?? [])));
const textOf = (messages: Twiml['Response']['Message']): string => messages.map((m) => (typeof m === 'string' ? m : (m.Body ?? ''))).join('\n\n');

describe('a triad question over WhatsApp', () => {
  const phone = '+32470004401';
  let triad: { sid: string; twiml: string; messages: Twiml['Response']['Message'] };
  let url: string;

  it('comes with its picture: one <Message> with the numbered zones as <Body> and a signed <Media> URL', async () => {
    await h.send('whatsapp', phone, 'JOIN VERHAAL');
    await h.send('whatsapp', phone, '٤'); // العربية
    await h.send('whatsapp', phone, 'نعم');
    const felt = await h.send('whatsapp', phone, 'انتظرت ساعتين، ثم ساعدتني الموظفة.');
    expect(mediaOf(felt.messages)).toEqual([]); // a dyad: text only
    triad = await h.send('whatsapp', phone, '٢');
    expect(triad.messages).toHaveLength(1);
    const [media] = mediaOf(triad.messages);
    url = media ?? '';
    expect(url.startsWith(`${PUBLIC_URL}/media/triad/story_signifiers/1/difference/ar.png?sig=`)).toBe(true);
    // The text still lists the seven zones, for when the picture does not load.
    const body = textOf(triad.messages);
    expect(body).toContain('1. ');
    expect(body).toContain('7. ');
  });

  it('is a PNG of 800x700 at that URL, cached for good, the same bytes again', async () => {
    const first = await h.fetchPublic(url);
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toBe('image/png');
    expect(first.headers.get('cache-control')).toContain('immutable');
    const bytes = new Uint8Array(await first.arrayBuffer());
    expect(pngSize(bytes)).toEqual({ width: 800, height: 700 });
    expect(bytes.byteLength).toBeGreaterThan(10_000); // a drawing, not an empty canvas
    const again = new Uint8Array(await (await h.fetchPublic(url)).arrayBuffer());
    expect(Buffer.compare(Buffer.from(again), Buffer.from(bytes))).toBe(0);
    // Twilio may look at the type first (HEAD); it must match the file.
    const head = await h.fetchPublic(url, { method: 'HEAD' });
    expect([head.status, head.headers.get('content-type')]).toEqual([200, 'image/png']);
  });

  it('a tampered signature, another language or a question that is no triad gets a 404 problem', async () => {
    const sig = new URL(url).searchParams.get('sig') ?? '';
    const tampered = url.replace(`sig=${sig}`, `sig=${sig.slice(0, -2)}${sig.endsWith('AA') ? 'BB' : 'AA'}`);
    const otherLanguage = url.replace('/ar.png?', '/fa.png?');
    const unsigned = url.replace(/\?sig=.*$/, '');
    for (const bad of [tampered, otherLanguage, unsigned]) {
      const res = await h.fetchPublic(bad);
      expect(res.status, bad.replace(PUBLIC_URL, '')).toBe(404);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(((await res.json()) as { status: number }).status).toBe(404);
    }
    // Signed by Stem, but "felt" is a dyad: nothing to draw.
    const dyad = await h.fetchPublic(
      pictureUrl(h.deps.protector, PUBLIC_URL, { kind: 'triad', surveyId: 'story_signifiers', surveyVersion: 1, questionId: 'felt', language: 'ar' }),
    );
    expect(dyad.status).toBe(404);
  });

  it('comes again with a retried webhook (same MessageSid), and the next question has none', async () => {
    const retried = await h.send('whatsapp', phone, '٢', triad.sid);
    expect(retried.twiml).toBe(triad.twiml);
    const next = await h.send('whatsapp', phone, '٤');
    expect(mediaOf(next.messages)).toEqual([]);
  });

  it('a language whose labels cannot be drawn gets a 404; the question is still in the text', async () => {
    const res = await h.fetchPublic(
      pictureUrl(h.deps.protector, PUBLIC_URL, { kind: 'triad', surveyId: 'odd_labels', surveyVersion: 1, questionId: 'where', language: 'en' }),
    );
    expect(res.status).toBe(404);
    expect(h.logger.lines.some((l) => l.includes('"picture.unsupported-text"'))).toBe(true);
  });

  it('leaves no picture URL in the table', async () => {
    const dump = JSON.stringify(await h.items());
    expect(dump).not.toContain('/media/triad');
    expect(dump).not.toContain(new URL(url).searchParams.get('sig') ?? 'no signature');
  });
});

describe('the same triad over SMS', () => {
  it('is the numbered text list, with no <Media>', async () => {
    const phone = '+32470004402';
    await h.send('sms', phone, 'JOIN VERHAAL');
    await h.send('sms', phone, '3'); // English
    await h.send('sms', phone, 'yes');
    await h.send('sms', phone, 'The staff helped me fill in the form.');
    const triad = await h.send('sms', phone, '2');
    expect(triad.twiml).not.toContain('<Media>');
    expect(triad.messages).toHaveLength(1);
    expect(typeof triad.messages[0]).toBe('string');
    expect(textOf(triad.messages)).toContain('7. ');
  });
});
