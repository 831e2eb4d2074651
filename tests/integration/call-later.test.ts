import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalDialer } from '../../adapters/local/local-dialer.js';
import { LocalJobQueue } from '../../adapters/local/local-job-queue.js';
import { LocalOutbox } from '../../adapters/local/local-outbox.js';
import { DEFAULT_QUIET_HOURS, isQuiet, type QuietHours } from '../../core/quiet-hours.js';
import { QuietHoursInput } from '../../core/quiet-hours-input.js';
import { deliver } from '../../core/rounds/deliver.js';
import { sweep } from '../../core/rounds/sweep.js';
import { apiApp } from '../../http/api/api-app.js';
import nl from '../../locales/nl/translation.json' with { type: 'json' };
import energyCheckin from '../../flows/templates/energy-checkin.json' with { type: 'json' };
import { PUBLIC_URL, SERVICE_NUMBER, startHarness, type Harness } from './support/harness.js';
import { PhoneCall } from './support/phone-call.js';
import { callApi } from './support/staff-api.js';

/**
 * "Call me later" in a call Stem places (issue 20, item 6): at a question, 9 offers a few times by keypad,
 * never one in quiet hours, never one after the round closes; the time chosen puts the invitation back
 * in the sweep's due index at exactly that time, and the sweep calls then, not a millisecond before. A
 * language without a voice (Ukrainian) gets it from recorded prompts, and until they are there the round
 * says why nobody was called. Signed Twilio voice webhooks, TwiML parsed as XML, DynamoDB Local, the real
 * sweep and delivery worker with a local dialer (Twilio's REST API cannot be reached here). The test clock
 * starts on Monday 23 November 2026, 10:00 UTC (11:00 in Brussels).
 */

const PROJECT = 'later';
const NL = '+32470770001';
const UK = '+32470770002';
const EVENING = '+32470770003';
const work = mkdtempSync(join(tmpdir(), 'stem-later-'));

let h: Harness;
let dialer: LocalDialer;
let queue: LocalJobQueue;
let api: ReturnType<typeof apiApp>;
let staff = '';
let roundId = '';

/** The consent question of the round's survey, as the call says it. */
const CONSENT = energyCheckin.questions[0]?.text.nl ?? '';
const key = (phone: string) => h.deps.protector.contactKey(phone);
const invitation = (phone: string) => h.deps.participants.getInvitation(PROJECT, roundId, key(phone));
const at = (iso: string) => (h.clock.current = new Date(iso));
const texts = (call: PhoneCall) => call.last?.says.map((s) => s.text) ?? [];
const staffApi = (method: string, path: string, body?: Record<string, unknown>) => callApi(api, staff, method, path, body);
const sweepNow = async () => {
  const counts = await sweep({
    projects: () => h.deps.directory.listProjects(),
    rounds: h.deps.directory,
    participants: h.deps.participants,
    queue,
    clock: h.clock,
    feedback: h.deps.feedback,
  });
  await queue.drained();
  return counts;
};
async function dueAt(phone: string): Promise<string | undefined> {
  for await (const page of h.deps.participants.dueInvitations('9999-12-31T00:00:00.000Z')) {
    const entry = page.find((i) => i.projectId === PROJECT && i.contactKey === key(phone));
    if (entry) return entry.dueAt;
  }
  return undefined;
}
const setQuietHours = async (quietHours: QuietHours) =>
  expect((await staffApi('PUT', `/api/projects/${PROJECT}/quiet-hours`, { quietHours })).status).toBe(200);

beforeAll(async () => {
  h = await startHarness();
  dialer = new LocalDialer(() => h.clock.now());
  queue = new LocalJobQueue(
    (job) => deliver({ ...h.deps, messenger: new LocalOutbox(() => h.clock.now()), dialer }, job),
    { sms: 500, whatsapp: 500, voice: 500 },
    h.logger,
  );
  api = apiApp({ ...h.deps, queue, voice: h.voice });
  staff = await h.deps.users.issueToken({ role: 'staff', userId: 's', organisationId: 'org-later' });
  const created = await staffApi('POST', '/api/projects', {
    projectId: PROJECT,
    name: 'Later Samen',
    languages: ['nl', 'uk'],
    fallbackLanguages: ['nl'],
    joinCode: 'LATER1',
  });
  expect(created.status).toBe(201);
  const csv = `phone;language;channel\n${NL};nl;voice\n${UK};uk;voice\n${EVENING};nl;voice\n`;
  expect((await callApi(api, staff, 'POST', `/api/projects/${PROJECT}/participants`, csv, 'text/csv')).status).toBe(200);
  const launched = await staffApi('POST', `/api/projects/${PROJECT}/rounds`, {
    label: 'start',
    surveyId: 'energy_checkin',
    surveyVersion: 2,
    opensAt: h.clock.now().toISOString(),
    closesAt: '2026-12-07T17:00:00.000Z',
  });
  expect(launched.status).toBe(201);
  roundId = String((launched.json?.round as { roundId: string }).roundId);
  await queue.drained();
});
afterAll(async () => {
  queue?.stop();
  await h?.stop();
  rmSync(work, { recursive: true, force: true });
});

describe('call me later', () => {
  it('is offered at the start of a call Stem places; the time chosen is kept to the millisecond, and the sweep calls then', async () => {
    expect(dialer.list(NL)).toHaveLength(1);
    const call = new PhoneCall(h, NL, SERVICE_NUMBER, 'outbound-api');
    await call.start();
    // The hint comes before the question, so a person who knows the answer can press it at once.
    const said = texts(call);
    const hint = said.indexOf(nl.callBack.hint);
    expect(hint).toBeGreaterThanOrEqual(0);
    expect(said.findIndex((t) => t.includes(CONSENT))).toBeGreaterThan(hint);

    await call.press('9');
    expect(texts(call)).toEqual([nl.callBack.choose, nl.callBack.thisEvening, nl.callBack.tomorrowMorning, nl.callBack.tomorrowEvening]);
    expect(call.last?.gather).toMatchObject({ numDigits: '1', action: expect.stringContaining('on=input') });
    // Said again on silence, like any menu.
    await call.silence();
    expect(texts(call)).toEqual([nl.callBack.choose, nl.callBack.thisEvening, nl.callBack.tomorrowMorning, nl.callBack.tomorrowEvening]);

    await call.press('2'); // tomorrow morning at 10:00 in Brussels: 09:00 UTC in winter
    expect(texts(call)).toEqual([nl.callBack.confirmed, nl.call.goodbye]);
    expect(call.last?.hangup).toBe(true);
    const chosen = '2026-11-24T09:00:00.000Z';
    expect(await invitation(NL)).toMatchObject({ status: 'queued', retryAfter: chosen, channel: 'voice', callAttempts: 0 });
    expect(await dueAt(NL)).toBe(chosen);

    // The call's own end (answered) changes nothing.
    const ticket = dialer.list(NL)[0]?.ticket ?? '';
    const ended = await h.callWebhook(`${PUBLIC_URL}/twilio/voice/status?t=${encodeURIComponent(ticket)}`, { CallSid: call.sid, CallStatus: 'completed' });
    expect(ended.status).toBe(204);
    expect(await invitation(NL)).toMatchObject({ status: 'queued', retryAfter: chosen });

    at('2026-11-24T08:59:59.999Z');
    await sweepNow();
    expect(dialer.list(NL)).toHaveLength(1);
    at(chosen);
    await sweepNow();
    expect(dialer.list(NL).map((c) => c.at)).toEqual([expect.any(String), chosen]);
    expect(await invitation(NL)).toMatchObject({ status: 'invited', invitedAt: chosen, retryAfter: null, callAttempts: 1 });

    // Called back, the survey goes on where it was: the consent question.
    const back = new PhoneCall(h, NL, SERVICE_NUMBER, 'outbound-api');
    await back.start();
    expect(texts(back).some((t) => t.includes(CONSENT))).toBe(true);
    await back.press('1');
    expect(texts(back).join(' ')).toContain(nl.call.scale);
  });

  it('never offers a time in quiet hours; a key not offered goes on with the survey; with no time left, it says so', async () => {
    // Evenings quiet too: only tomorrow morning is left.
    const evenings = QuietHoursInput.parse({
      timeZone: 'Europe/Brussels',
      blocks: [
        { days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], from: '21:00', to: '09:00' },
        { days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], from: '17:00', to: '21:00' },
      ],
    });
    await setQuietHours(evenings);
    at('2026-11-24T12:00:00.000Z'); // Tuesday 13:00
    const call = new PhoneCall(h, EVENING, SERVICE_NUMBER, 'outbound-api');
    await call.start();
    expect(texts(call)).toContain(nl.callBack.hint);
    await call.press('9');
    expect(texts(call)).toEqual([nl.callBack.choose, nl.callBack.tomorrowMorning]);
    await call.press('1'); // this evening: not offered
    expect(texts(call).some((t) => t.includes(CONSENT))).toBe(true); // the question again
    expect(await invitation(EVENING)).toMatchObject({ status: 'invited', retryAfter: null });

    await call.press('9');
    await call.press('2');
    const chosen = (await invitation(EVENING))?.retryAfter ?? '';
    expect(chosen).toBe('2026-11-25T09:00:00.000Z');
    expect(isQuiet(evenings, new Date(chosen))).toBe(false);

    // Mornings quiet as well: no time left to offer, so no hint, and 9 says so and asks the question again.
    await setQuietHours(
      QuietHoursInput.parse({
        ...evenings,
        blocks: [...evenings.blocks, { days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], from: '09:00', to: '12:00' }],
      }),
    );
    const again = new PhoneCall(h, EVENING, SERVICE_NUMBER, 'outbound-api');
    await again.start();
    expect(texts(again)).not.toContain(nl.callBack.hint);
    await again.press('9');
    expect(texts(again)[0]).toBe(nl.callBack.none);
    expect(texts(again).some((t) => t.includes(CONSENT))).toBe(true);

    // "This evening" is no longer "later" a quarter of an hour before: at 17:50 it is left out.
    await setQuietHours(DEFAULT_QUIET_HOURS);
    at('2026-11-24T16:50:00.000Z');
    const late = new PhoneCall(h, EVENING, SERVICE_NUMBER, 'outbound-api');
    await late.start();
    await late.press('9');
    expect(texts(late)).toEqual([nl.callBack.choose, nl.callBack.tomorrowMorning, nl.callBack.tomorrowEvening]);
  });

  it('Ukrainian, which no voice speaks: the round says why nobody was called; once recorded, the call plays every part, the times too', async () => {
    at('2026-11-24T13:00:00.000Z'); // Tuesday 14:00
    // Not called: the round says why (a category, its count through disclosure control: fewer than 5).
    const rounds = await staffApi('GET', `/api/projects/${PROJECT}/rounds`);
    const [listed] = (rounds.json?.rounds ?? []) as Array<{ progress: { waiting: Record<string, unknown> }; quietUntil: string | null }>;
    expect(listed?.progress.waiting).toEqual({ 'waiting for the phone prompts in uk to be recorded': { suppressed: true } });
    expect(listed?.quietUntil).toBeNull();
    expect(dialer.list(UK)).toEqual([]);

    // What to record includes "call me later", read out in the main language.
    const prompts = await staffApi('GET', `/api/projects/${PROJECT}/prompts`);
    const uk = (prompts.json?.languages as Array<{ language: string; prompts: Array<{ promptId: string; read: string; recorded: unknown }> }>).find(
      (l) => l.language === 'uk',
    );
    const read = new Map(uk?.prompts.map((p) => [p.promptId, p.read]));
    expect(read.get('text.callBack.hint')).toBe(nl.callBack.hint);
    expect(read.get('text.callBack.tomorrowEvening')).toBe(nl.callBack.tomorrowEvening);
    // Each prompt recorded (espeak-ng speaks Ukrainian), uploaded through the API as staff would.
    for (const [promptId, text] of read) {
      const file = join(work, 'prompt.wav');
      execFileSync('espeak-ng', ['-v', 'uk', '-s', '220', '-w', file, text.slice(0, 60)]);
      const put = await callApi(api, staff, 'PUT', `/api/projects/${PROJECT}/prompts/uk/${promptId}`, new Uint8Array(readFileSync(file)), 'audio/wav');
      expect(put.status, promptId).toBe(201);
    }
    const recorded = await h.deps.prompts.list({ organisationId: 'org-later', surveyId: 'energy_checkin', surveyVersion: 2 }, 'uk');
    const promptOf = new Map(recorded.map((p) => [encodeURIComponent(p.audioKey), p.promptId]));
    const played = (call: PhoneCall) =>
      [...call.lastBody.matchAll(/<Play>([^<]+)<\/Play>/g)].map((m) => promptOf.get(/\/media\/prompts\/([^.]+)\./.exec(m[1] ?? '')?.[1] ?? '') ?? '?');

    // The waiting invitation is due again (an hour after it was last looked at): now it calls.
    await sweepNow();
    expect(dialer.list(UK)).toHaveLength(1);
    const call = new PhoneCall(h, UK, SERVICE_NUMBER, 'outbound-api');
    await call.start();
    expect(call.lastBody).not.toContain('<Say');
    const start = played(call);
    expect(start.indexOf('text.callBack.hint')).toBeGreaterThanOrEqual(0);
    expect(start.indexOf('question.consent')).toBeGreaterThan(start.indexOf('text.callBack.hint'));
    await call.press('9');
    expect(played(call)).toEqual(['text.callBack.choose', 'text.callBack.thisEvening', 'text.callBack.tomorrowMorning', 'text.callBack.tomorrowEvening']);
    await call.press('3');
    expect(played(call)).toEqual(['text.callBack.confirmed', 'text.call.goodbye']);
    expect(await invitation(UK)).toMatchObject({ status: 'queued', retryAfter: '2026-11-25T17:00:00.000Z' }); // Wednesday 18:00 in Brussels
    expect((await staffApi('GET', `/api/projects/${PROJECT}/rounds`)).json?.rounds).toEqual([
      expect.objectContaining({ progress: expect.objectContaining({ waiting: {} }) }),
    ]);
  });
});
