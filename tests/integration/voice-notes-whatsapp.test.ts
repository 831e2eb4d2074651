import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { audioDurationSeconds } from '../../adapters/audio/audio-duration.js';
import type { Project } from '../../core/model.js';
import type { DeliveryJob } from '../../core/rounds/ports.js';
import { parseSurveyDefinition } from '../../flows/definition.js';
import energy from '../../flows/templates/energy-checkin.json' with { type: 'json' };
import { apiApp } from '../../http/api/api-app.js';
import ar from '../../locales/ar/translation.json' with { type: 'json' };
import nl from '../../locales/nl/translation.json' with { type: 'json' };
import ti from '../../locales/ti/translation.json' with { type: 'json' };
import { PUBLIC_URL, startHarness, type Harness } from './support/harness.js';
import { callApi } from './support/staff-api.js';

/**
 * Questions heard on WhatsApp: a project that chose voice notes sends each question (the consent too) as
 * a signed, expiring link in its own TwiML <Message>; Twilio's fetch of it makes Ogg/Opus (espeak-ng and
 * ffmpeg here, as locally) once, and every later fetch is served from the cache (synthesizer calls counted
 * through the port). Real DynamoDB Local, webhooks signed as Twilio signs them, TwiML parsed as XML, the
 * audio checked by its bytes, its container's duration and ffprobe. SMS never carries one; Tigrinya (no
 * voice) is written only until a recording of the question is uploaded, which is then transcoded and sent.
 */

const survey = parseSurveyDefinition(energy);
const PROJECT: Project = {
  projectId: 'klank',
  organisationId: 'demo-ocmw',
  name: 'Klank',
  languages: ['nl', 'ar', 'ti'],
  fallbackLanguages: ['nl'],
  joinCode: 'KLANK',
  whatsappTemplates: {},
  voiceNotes: 'voice-and-text',
};
const base = `/api/projects/${PROJECT.projectId}`;

const xml = new XMLParser({ isArray: (name) => name === 'Message' || name === 'Media', parseTagValue: false, trimValues: false });
type Message = string | { Body?: string; Media?: string[]; '#text'?: string };
const messagesOf = (twiml: string): Message[] => {
  const response = (xml.parse(twiml) as { Response: { Message?: Message[] } | '' }).Response;
  return response === '' ? [] : (response.Message ?? []);
};
const mediaOf = (messages: Message[]): string[] => messages.flatMap((m) => (typeof m === 'string' ? [] : (m.Media ?? [])));
const textsOf = (messages: Message[]): string[] => messages.map((m) => (typeof m === 'string' ? m : (m.Body ?? m['#text'] ?? ''))).filter((t) => t !== '');
const VOICE_URL = /^https:\/\/stem\.example\.be\/media\/voice\/demo-ocmw\/energy_checkin\/2\/([a-z_.]+)\/([a-z]{2})\.ogg\?exp=\d+&sig=[\w-]+$/;

const work = mkdtempSync(join(tmpdir(), 'stem-voice-notes-'));
let h: Harness;
let api: ReturnType<typeof apiApp>;
let staff: string;

beforeAll(async () => {
  h = await startHarness();
  await h.deps.directory.saveSurvey(survey);
  await h.deps.directory.putProject(PROJECT);
  await h.deps.directory.putRound({ ...h.seeded.round, projectId: PROJECT.projectId, roundId: 'klank-1', surveyId: survey.id, surveyVersion: survey.version });
  const queue = { enqueue: async (_jobs: readonly DeliveryJob[]) => undefined };
  api = apiApp({ ...h.deps, queue, voice: h.voice });
  staff = await h.deps.users.issueToken({ role: 'staff', userId: 'klank-staff', organisationId: PROJECT.organisationId });
});
afterAll(async () => {
  await h?.stop();
  rmSync(work, { recursive: true, force: true });
});

async function say(channel: 'sms' | 'whatsapp', phone: string, text: string, messageSid?: string) {
  const sent = await h.send({ channel, phone, text, ...(messageSid ? { messageSid } : {}) });
  expect(sent.status).toBe(200);
  const messages = messagesOf(sent.body);
  return { sid: sent.messageSid, messages, media: mediaOf(messages), texts: textsOf(messages) };
}

/** What Twilio gets at a <Media> URL: status, type and bytes. */
async function fetchNote(url: string) {
  const res = await h.fetchPublic(url);
  return { status: res.status, type: res.headers.get('content-type') ?? '', bytes: new Uint8Array(await res.arrayBuffer()) };
}

/** Ogg/Opus as WhatsApp plays a voice note, by its bytes, its container and ffprobe; its seconds. */
function expectOggOpus(bytes: Uint8Array): number {
  const buffer = Buffer.from(bytes);
  expect(buffer.subarray(0, 4).toString('latin1')).toBe('OggS');
  // The first Ogg page holds the Opus identification header (RFC 7845 §5.1).
  expect(buffer.subarray(28, 36).toString('latin1')).toBe('OpusHead');
  const file = join(work, `note-${Math.random().toString(36).slice(2)}.ogg`);
  writeFileSync(file, buffer);
  const probe = execFileSync('ffprobe', ['-v', 'error', '-show_entries', 'stream=codec_name,channels:format=format_name,duration', '-of', 'json', file], {
    encoding: 'utf8',
  });
  const info = JSON.parse(probe) as { streams: Array<{ codec_name: string; channels: number }>; format: { format_name: string; duration: string } };
  expect(info.streams).toEqual([expect.objectContaining({ codec_name: 'opus', channels: 1 })]);
  expect(info.format.format_name).toBe('ogg');
  const seconds = audioDurationSeconds(bytes, 'audio/ogg') ?? 0;
  expect(Math.abs(seconds - Number(info.format.duration))).toBeLessThan(0.1);
  return seconds;
}

const forward = (ms: number) => {
  h.clock.current = new Date(h.clock.current.getTime() + ms);
};

describe('WhatsApp questions as voice notes (voice and text)', () => {
  const phone = '+32470005501';
  let consentUrl = '';
  let firstNote: Uint8Array;

  it('the consent comes written, then as a voice note: a <Message> of its own holding only <Media>', async () => {
    await say('whatsapp', phone, 'JOIN KLANK');
    const consent = await say('whatsapp', phone, '1'); // Nederlands
    expect(consent.messages).toHaveLength(2);
    expect(consent.texts.join('\n')).toContain(nl.consent.promise.slice(0, 30));
    expect(consent.messages[1]).toEqual({ Media: [expect.stringMatching(VOICE_URL)] });
    consentUrl = consent.media[0] ?? '';
    expect(VOICE_URL.exec(consentUrl)?.slice(1)).toEqual(['consent', 'nl']);
  });

  it('at that URL Twilio gets Ogg/Opus with seconds of speech, synthesized once', async () => {
    expect(h.syntheses()).toBe(0); // nothing is made before Twilio asks
    const note = await fetchNote(consentUrl);
    expect([note.status, note.type]).toEqual([200, 'audio/ogg']);
    // The consent and its promise, said at espeak-ng's pace: many seconds, and small enough for WhatsApp's play button (512 KB).
    expect(expectOggOpus(note.bytes)).toBeGreaterThan(8);
    expect(note.bytes.byteLength).toBeLessThan(512 * 1024);
    expect(h.syntheses()).toBe(1);
    firstNote = note.bytes;
  });

  it('the second request for the same prompt costs no synthesis: the same link, and another person’s link', async () => {
    const again = await fetchNote(consentUrl);
    expect(Buffer.compare(Buffer.from(again.bytes), Buffer.from(firstNote))).toBe(0);
    await say('whatsapp', '+32470005502', 'JOIN KLANK');
    const other = await say('whatsapp', '+32470005502', '1');
    const otherUrl = other.media[0] ?? '';
    expect(VOICE_URL.exec(otherUrl)?.slice(1)).toEqual(['consent', 'nl']);
    expect(Buffer.compare(Buffer.from((await fetchNote(otherUrl)).bytes), Buffer.from(firstNote))).toBe(0);
    expect(h.syntheses()).toBe(1);
  });

  it('a tampered, re-aimed or expired link is refused (403) and makes nothing', async () => {
    const url = new URL(consentUrl);
    const sig = url.searchParams.get('sig') ?? '';
    const exp = Number(url.searchParams.get('exp'));
    const tampered = consentUrl.replace(`sig=${sig}`, `sig=${sig.slice(0, -2)}${sig.endsWith('AA') ? 'BB' : 'AA'}`);
    const otherLanguage = consentUrl.replace('/nl.ogg?', '/ar.ogg?');
    const otherQuestion = consentUrl.replace('/consent/', '/energy/');
    const later = consentUrl.replace(`exp=${exp}`, `exp=${exp + 86_400}`);
    const unsigned = consentUrl.replace(/&sig=.*$/, '');
    for (const bad of [tampered, otherLanguage, otherQuestion, later, unsigned]) {
      const res = await fetchNote(bad);
      expect(res.status, bad.replace(PUBLIC_URL, '')).toBe(403);
      expect(res.type).toContain('application/problem+json');
    }
    forward(61 * 60 * 1000); // past the link's hour
    expect((await fetchNote(consentUrl)).status).toBe(403);
    forward(-61 * 60 * 1000);
    expect((await fetchNote(consentUrl)).status).toBe(200);
    expect(h.syntheses()).toBe(1);
  });

  it('the next question brings its own note; a retried webhook gets its note again', async () => {
    const scale = await say('whatsapp', phone, '1'); // yes
    expect(VOICE_URL.exec(scale.media[0] ?? '')?.slice(1)).toEqual(['energy', 'nl']);
    const retried = await say('whatsapp', phone, '1', scale.sid);
    expect(retried.texts).toEqual(scale.texts);
    expect(VOICE_URL.exec(retried.media[0] ?? '')?.slice(1)).toEqual(['energy', 'nl']);
    const note = await fetchNote(retried.media[0] ?? '');
    expectOggOpus(note.bytes);
    expect(h.syntheses()).toBe(2);
  });

  it('TEXT in their language switches a person to writing only; SPRAAK brings the notes back', async () => {
    const off = await say('whatsapp', phone, 'tekst');
    expect(off.media).toEqual([]);
    expect(off.texts.join('\n')).toContain(nl.voiceNote.off.replace('{{voice}}', 'SPRAAK'));
    expect(off.texts.join('\n')).toContain('1 😞');
    const on = await say('whatsapp', phone, 'SPRAAK');
    expect(on.texts.join('\n')).toContain(nl.voiceNote.on.replace('{{text}}', 'TEKST'));
    expect(VOICE_URL.exec(on.media[0] ?? '')?.slice(1)).toEqual(['energy', 'nl']);
  });
});

describe('SMS', () => {
  it('is never affected: the same project and question over SMS is one message, no media', async () => {
    await say('sms', '+32470005510', 'JOIN KLANK');
    const consent = await say('sms', '+32470005510', '1');
    expect(consent.messages).toHaveLength(1);
    expect(consent.media).toEqual([]);
    expect(consent.texts[0]).toContain(nl.consent.promise.slice(0, 30));
    const voice = await say('sms', '+32470005510', 'SPRAAK');
    expect(voice.media).toEqual([]);
    expect(voice.texts.join('\n')).toContain(nl.voiceNote.onlyWhatsapp);
  });
});

describe('voice first (Arabic)', () => {
  it('staff choose it through the API; the voice note comes first, then only the answer options in writing', async () => {
    const put = await callApi(api, staff, 'PUT', `${base}/voice-notes`, { mode: 'voice-first' });
    expect(put.status).toBe(200);
    expect(put.json?.mode).toBe('voice-first');
    await say('whatsapp', '+32470005520', 'JOIN KLANK');
    const consent = await say('whatsapp', '+32470005520', '2'); // العربية
    const question = survey.questions.find((q) => q.id === 'consent')?.text.ar ?? '';
    expect(question.length).toBeGreaterThan(5);
    // [welcome] [voice note] [promise and options]
    expect(consent.messages).toHaveLength(3);
    expect(consent.messages[1]).toEqual({ Media: [expect.stringMatching(VOICE_URL)] });
    expect(VOICE_URL.exec(consent.media[0] ?? '')?.slice(1)).toEqual(['consent', 'ar']);
    const after = consent.texts.at(-1) ?? '';
    expect(after).toContain(`1. ${ar.answer.yes}`);
    expect(after).toContain(`2. ${ar.answer.no}`);
    expect(consent.texts.join('\n')).not.toContain(question);
    expectOggOpus((await fetchNote(consent.media[0] ?? '')).bytes);
  });
});

describe('Tigrinya: no voice speaks it', () => {
  const phone = '+32470005530';

  it('without recordings the question goes in writing only, and staff see "text only"', async () => {
    const before = h.syntheses();
    await say('whatsapp', phone, 'JOIN KLANK');
    const consent = await say('whatsapp', phone, '3'); // ትግርኛ
    expect(consent.media).toEqual([]);
    // Voice first, but no note can be made: the whole question is written.
    expect(consent.texts.join('\n')).toContain(survey.questions.find((q) => q.id === 'consent')?.text.ti ?? '?');
    expect(consent.texts.join('\n')).toContain(ti.answer.yes);
    expect(h.syntheses()).toBe(before);
    const view = await callApi(api, staff, 'GET', `${base}/voice-notes`);
    expect(view.status).toBe(200);
    expect(view.json?.languages).toEqual([
      { language: 'nl', cover: 'voice', voice: 'Polly.Lisa-Neural', questions: 3, recorded: 0 },
      { language: 'ar', cover: 'voice', voice: 'Polly.Zeina', questions: 3, recorded: 0 },
      { language: 'ti', cover: 'text', voice: null, questions: 3, recorded: 0 },
    ]);
  });

  it('once the question is recorded it is heard: the recording transcoded to Ogg/Opus once, nothing synthesized', async () => {
    const wavFile = join(work, 'consent-ti.wav');
    // Amharic shares Tigrinya's script and much of its sound; espeak-ng has no Tigrinya voice.
    execFileSync('espeak-ng', ['-v', 'am', '-w', wavFile, 'ሰላም። ኣብዚ መጽናዕቲ ክትሳተፉ ትደልዩ ዶ?']);
    const upload = await callApi(api, staff, 'PUT', `${base}/prompts/ti/question.consent`, new Uint8Array(readFileSync(wavFile)), 'audio/wav');
    expect(upload.status).toBe(201);
    forward(61_000); // the edge reads a language's recordings at most once a minute
    const before = h.syntheses();
    const other = '+32470005531';
    await say('whatsapp', other, 'JOIN KLANK');
    const consent = await say('whatsapp', other, '3');
    expect(VOICE_URL.exec(consent.media[0] ?? '')?.slice(1)).toEqual(['consent', 'ti']);
    const note = await fetchNote(consent.media[0] ?? '');
    expect([note.status, note.type]).toEqual([200, 'audio/ogg']);
    const recorded = audioDurationSeconds(new Uint8Array(readFileSync(wavFile)), 'audio/wav') ?? 0;
    expect(Math.abs(expectOggOpus(note.bytes) - recorded)).toBeLessThan(0.2);
    expect(h.syntheses()).toBe(before);
    // Transcoded once: the next fetch is served from the cache.
    const served = () => h.logger.lines.filter((l) => l.includes('"voice-note.served"') && l.includes('"source":"recording"'));
    expect(served().map((l) => JSON.parse(l).cached)).toEqual([false]);
    expect(Buffer.compare(Buffer.from((await fetchNote(consent.media[0] ?? '')).bytes), Buffer.from(note.bytes))).toBe(0);
    expect(served().map((l) => JSON.parse(l).cached)).toEqual([false, true]);
    // The scale is not recorded: written, whole.
    const scale = await say('whatsapp', other, '1');
    expect(scale.media).toEqual([]);
    expect(scale.texts.join('\n')).toContain(survey.questions.find((q) => q.id === 'energy')?.text.ti ?? '?');
    const view = await callApi(api, staff, 'GET', `${base}/voice-notes`);
    expect((view.json?.languages as Array<{ language: string }>).find((l) => l.language === 'ti')).toEqual({
      language: 'ti',
      cover: 'some-recordings',
      voice: null,
      questions: 3,
      recorded: 1,
    });
  });
});

describe('privacy', () => {
  it('no voice-note link or signature lands in the table or the logs', async () => {
    const dump = JSON.stringify(await h.dump());
    expect(dump).not.toContain('/media/voice');
    expect(dump).not.toContain('sig=');
    const logs = h.logger.lines.join('\n');
    expect(logs).not.toContain('/media/voice');
    expect(logs).toContain('"voice-note.served"');
    expect(logs).toContain('"voice-note.refused"');
  });

  it('a mode that is not one of the three is a 400 naming the field (who may call it: attack-authz.test.ts)', async () => {
    const bad = await callApi(api, staff, 'PUT', `${base}/voice-notes`, { mode: 'voice-only' });
    expect(bad.status).toBe(400);
    expect(bad.json?.errors?.[0]?.field).toBe('mode');
  });
});
