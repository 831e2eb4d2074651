import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalJobQueue } from '../../adapters/local/local-job-queue.js';
import { LocalDialer } from '../../adapters/local/local-dialer.js';
import { LocalOutbox } from '../../adapters/local/local-outbox.js';
import type { Principal } from '../../core/access/principal.js';
import { deliver } from '../../core/rounds/deliver.js';
import { sweep } from '../../core/rounds/sweep.js';
import { apiApp } from '../../http/api/api-app.js';
import { startHarness, type Harness } from './support/harness.js';

/**
 * Issue 3 end to end against DynamoDB Local: import participants, launch a round, invitations in each
 * participant's language in the local outbox, one participant completes through signed webhooks, the
 * reminder goes only to the others (once), closing stops answers, and the export holds answers but no
 * phone number, MessageSid or profile name. Plus roles and malformed requests.
 */

let h: Harness;
let outbox: LocalOutbox;
let dialer: LocalDialer;
let queue: LocalJobQueue;
let api: ReturnType<typeof apiApp>;
const tokens: Record<string, string> = {};
const DAY = 24 * 3600 * 1000;

const P = { nl: '+32470300001', ar: '+32470300002', fr: '+32470300003', stopped: '+32470300004', voice: '+32470300005' };
const sids: string[] = [];

async function call(token: string | null, method: string, path: string, body?: unknown, type = 'application/json') {
  const init: RequestInit = {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'content-type': type }) },
  };
  if (body !== undefined) init.body = typeof body === 'string' ? body : JSON.stringify(body);
  const res = await api.request(path, init);
  const text = await res.text();
  let json: unknown = null;
  try {
    json = JSON.parse(text);
  } catch {
    json = null;
  }
  return { status: res.status, text, json: json as Record<string, unknown> & { errors?: Array<{ field: string }> } };
}

const sweepNow = () =>
  sweep({ projects: () => h.deps.directory.listProjects(), rounds: h.deps.directory, participants: h.deps.participants, queue, clock: h.clock });

beforeAll(async () => {
  h = await startHarness();
  outbox = new LocalOutbox(() => h.clock.now());
  dialer = new LocalDialer(() => h.clock.now());
  queue = new LocalJobQueue((job) => deliver({ ...h.deps, messenger: outbox, dialer }, job), { sms: 500, whatsapp: 500, voice: 500 }, h.logger);
  api = apiApp({ ...h.deps, queue, voice: h.voice });
  const accounts: Record<string, Principal> = {
    staffA: { role: 'staff', userId: 'a', organisationId: 'org-a' },
    staffB: { role: 'staff', userId: 'b', organisationId: 'org-b' },
    coordinator: { role: 'coordinator', userId: 'c' },
  };
  for (const [name, principal] of Object.entries(accounts)) tokens[name] = await h.deps.users.issueToken(principal);
  // This person sent STOP long ago: they may be imported, but must never be messaged.
  expect((await h.send({ channel: 'sms', phone: P.stopped, text: 'STOP' })).status).toBe(200);
});
afterAll(async () => {
  queue?.stop();
  await h?.stop();
});

describe('a round for imported participants', () => {
  it('staff create a project and import participants; bad rows are reported and nothing is half-imported', async () => {
    const created = await call(tokens.staffA ?? '', 'POST', '/api/projects', {
      projectId: 'wijk-noord',
      name: 'Wijkwerking Noord',
      languages: ['nl', 'ar', 'fr'],
      fallbackLanguages: ['nl'],
      joinCode: 'noord1',
      whatsappTemplates: { ar: 'HXar0000000000000000000000000000aa', nl: 'HXnl0000000000000000000000000000aa' },
    });
    expect(created.status).toBe(201);
    expect(created.json.project).toMatchObject({ organisationId: 'org-a', joinCode: 'NOORD1' });
    // Shared with the network as rows: the coordinator downloads its export below.
    expect((await call(tokens.staffA ?? '', 'PUT', '/api/projects/wijk-noord/sharing', { level: 'rows' })).status).toBe(200);

    const csv = [
      'telefoon;taal;kanaal',
      '0470 30 00 01;nl;sms',
      '+32 470 30 00 02;Arabic;WhatsApp',
      '0470/30.00.03;fr;sms',
      '0470 30 00 04;nl;sms',
      '0470 30 00 05;nl;voice',
      '0470 30 00 01;nl;sms',
      '12345;nl;sms',
      '0470 30 00 09;tr;sms',
      '0470 30 00 08;nl;fax',
    ].join('\r\n');
    const strict = await call(tokens.staffA ?? '', 'POST', '/api/projects/wijk-noord/participants', csv, 'text/csv');
    expect(strict.status).toBe(422);
    expect(strict.json).toMatchObject({ imported: false, enrolled: 0 });
    const reasons = (strict.json.rejected as Array<{ line: number; reason: string }>).map((r) => `${r.line}:${r.reason}`);
    expect(reasons).toEqual(['7:duplicate', '8:invalid-number', '9:unknown-language', '10:unknown-channel']);
    expect((await call(tokens.staffA ?? '', 'GET', '/api/projects/wijk-noord/participants')).json.count).toBe(0);

    const lenient = await call(tokens.staffA ?? '', 'POST', '/api/projects/wijk-noord/participants?mode=valid-only', csv, 'text/csv');
    expect(lenient.status).toBe(200);
    expect(lenient.json).toMatchObject({ imported: true, enrolled: 5 });
    // Uploading the same people again (e.g. after a failure half-way) is safe: they are already in.
    const again = await call(
      tokens.staffA ?? '',
      'POST',
      '/api/projects/wijk-noord/participants',
      '\uFEFFphone,language,channel\n0470 30 00 01,nl,sms\n0470 30 00 02,ar,whatsapp\n',
      'text/csv',
    );
    expect(again.status).toBe(200);
    expect(again.json).toMatchObject({ imported: true, enrolled: 0, alreadyEnrolled: 2, rejected: [] });
  });

  it('launching a round sends invitations in each language, never to the opted-out, and tracks why one failed', async () => {
    const launch = await call(tokens.staffA ?? '', 'POST', '/api/projects/wijk-noord/rounds', {
      label: 'start',
      surveyId: 'demo_checkin',
      surveyVersion: 1,
      opensAt: h.clock.now().toISOString(),
      closesAt: new Date(h.clock.now().getTime() + 14 * DAY).toISOString(),
      reminderAfterHours: 48,
    });
    // demo_checkin belongs to the demo organisation, not org-a: refused; a template is fine.
    expect(launch.status).toBe(400);
    expect(launch.json.errors?.[0]?.field).toBe('surveyId');
    const ok = await call(tokens.staffA ?? '', 'POST', '/api/projects/wijk-noord/rounds', {
      label: 'start',
      surveyId: 'energy_checkin',
      surveyVersion: 2,
      opensAt: h.clock.now().toISOString(),
      closesAt: new Date(h.clock.now().getTime() + 14 * DAY).toISOString(),
      reminderAfterHours: 48,
    });
    expect(ok.status).toBe(201);
    expect(ok.json.invitations).toBe(5);
    expect(ok.json.waitingForPrompts).toEqual([]); // nl, ar, fr: every project language has a voice
    await queue.drained();

    expect(outbox.list(P.nl).map((m) => m.text)).toEqual([expect.stringContaining('Wijkwerking Noord wil graag weten hoe het met je gaat')]);
    const ar = outbox.list(P.ar);
    expect(ar).toHaveLength(1);
    expect(ar[0]).toMatchObject({
      channel: 'whatsapp',
      template: { contentSid: 'HXar0000000000000000000000000000aa', variables: { '1': 'Wijkwerking Noord' } },
    });
    expect(ar[0]?.text).toContain('مرحبا');
    expect(outbox.list(P.fr)[0]?.text).toContain('aimerait savoir comment vous allez');
    expect(outbox.list(P.stopped)).toEqual([]);
    expect(outbox.list(P.voice)).toEqual([]); // no message: a call
    expect(dialer.list(P.voice)).toHaveLength(1);

    const progress = await call(tokens.staffA ?? '', 'GET', '/api/projects/wijk-noord/rounds');
    const report = (
      progress.json.rounds as Array<{
        progress: { total: Record<string, number>; byLanguage: Record<string, Record<string, number>>; failures: Record<string, number> };
      }>
    )[0]?.progress;
    // Live for staff: enrolled, invited, started, completed. Opted out and failed come from a release: none yet.
    expect(report?.total).toMatchObject({ enrolled: 5, invited: 4, completed: 0, optedOut: { suppressed: true }, failed: { suppressed: true } });
    // One Arabic speaker among five: no breakdown by language or channel is shown.
    expect(report?.byLanguage).toEqual({});
    expect(report?.failures).toEqual({});
  });

  it('an invitation by phone call: busy and no answer are called again later, a voicemail too, then reported as not reached', async () => {
    const rounds = await call(tokens.staffA ?? '', 'GET', '/api/projects/wijk-noord/rounds');
    const roundId = (rounds.json.rounds as Array<{ round: { roundId: string } }>)[0]?.round.roundId ?? '';
    const contactKey = h.deps.protector.contactKey(P.voice);
    const invitation = () => h.deps.participants.getInvitation('wijk-noord', roundId, contactKey);
    const ended = async (status: Record<string, string>) => {
      const ticket = dialer.list(P.voice).at(-1)?.ticket ?? '';
      expect(ticket).not.toContain(P.voice.slice(1)); // sealed: Twilio keeps this URL in its logs
      const res = await h.callWebhook(`https://stem.example.be/twilio/voice/status?t=${encodeURIComponent(ticket)}`, {
        CallSid: `CA${'e'.repeat(32)}`,
        ...status,
      });
      expect(res.status).toBe(204);
    };
    expect(await invitation()).toMatchObject({ status: 'invited', callAttempts: 1 });

    await ended({ CallStatus: 'busy' });
    expect(await invitation()).toMatchObject({ status: 'queued', failure: 'call 1: busy; calling again' });
    expect(await sweepNow()).toMatchObject({ invites: 0 }); // not before its time
    h.clock.current = new Date(h.clock.current.getTime() + 21 * 60_000);
    expect(await sweepNow()).toMatchObject({ invites: 1 });
    await queue.drained();
    expect(dialer.list(P.voice)).toHaveLength(2);
    expect(await invitation()).toMatchObject({ status: 'invited', callAttempts: 2, retryAfter: null });

    await ended({ CallStatus: 'no-answer' });
    h.clock.current = new Date(h.clock.current.getTime() + 21 * 60_000);
    await sweepNow();
    await queue.drained();
    expect(dialer.list(P.voice)).toHaveLength(3);

    // The third is picked up by voicemail: machine detection hangs up, and that was the last try.
    await ended({ CallStatus: 'completed', AnsweredBy: 'machine_end_beep' });
    expect(await invitation()).toMatchObject({ status: 'failed', failure: 'not reached by phone after 3 calls (last: voicemail)' });
    await sweepNow();
    await queue.drained();
    expect(dialer.list(P.voice)).toHaveLength(3);
    const progress = await call(tokens.staffA ?? '', 'GET', '/api/projects/wijk-noord/rounds');
    const report = (progress.json.rounds as Array<{ progress: { total: Record<string, number>; failures: Record<string, number> } }>)[0]?.progress;
    // Staff see why (so they can act), not how many when it is fewer than five.
    expect(report?.failures).toEqual({ 'not reached by phone after 3 calls (last: voicemail)': { suppressed: true } });
    expect(report?.total).toMatchObject({ invited: 3, failed: { suppressed: true } });

    // An unsigned status callback changes nothing.
    const forged = await h.callWebhook('https://stem.example.be/twilio/voice/status?t=x', { CallStatus: 'busy' }, { signature: 'forged' });
    expect(forged.status).toBe(403);
  });

  it('a reply to the invitation starts that survey; one participant completes it', async () => {
    for (const text of ['hallo', '1', '4', 'Meer tijd aan het loket']) {
      const r = await h.send({ channel: 'sms', phone: P.nl, text });
      expect(r.status).toBe(200);
      sids.push(r.messageSid);
    }
    const last = await h.send({ channel: 'sms', phone: P.nl, text: 'x' });
    sids.push(last.messageSid);
    const progress = await call(tokens.staffA ?? '', 'GET', '/api/projects/wijk-noord/rounds');
    const total = (progress.json.rounds as Array<{ progress: { total: Record<string, number> } }>)[0]?.progress.total;
    expect(total).toMatchObject({ started: 1, completed: 1 });
  });

  it('the reminder goes once, only to those invited who have not finished, after the delay', async () => {
    expect(await sweepNow()).toEqual({ invites: 0, reminders: 0, expired: 0 }); // too early
    h.clock.current = new Date(h.clock.current.getTime() + 49 * 3600 * 1000);
    expect(await sweepNow()).toEqual({ invites: 0, reminders: 2, expired: 0 });
    await queue.drained();
    expect(outbox.list(P.nl)).toHaveLength(1); // completed: no reminder
    expect(outbox.list(P.ar).at(-1)?.text).toContain('تذكير');
    expect(outbox.list(P.fr).at(-1)?.text).toContain('Un rappel');
    expect(outbox.list(P.stopped)).toEqual([]);
    await sweepNow();
    await queue.drained();
    expect(outbox.list(P.ar)).toHaveLength(2); // still one reminder
    expect(outbox.list(P.fr)).toHaveLength(2);
  });

  it('the export holds the answers and no phone number, MessageSid or profile name', async () => {
    const rounds = await call(tokens.staffA ?? '', 'GET', '/api/projects/wijk-noord/rounds');
    const roundId = (rounds.json.rounds as Array<{ round: { roundId: string } }>)[0]?.round.roundId ?? '';
    const csv = await call(tokens.coordinator ?? '', 'GET', `/api/projects/wijk-noord/rounds/${roundId}/results.csv`);
    expect(csv.status).toBe(200);
    // One of five has finished: nothing is released before five have, so the export is its header only.
    expect(
      csv.text
        .replace(/^\uFEFF/, '')
        .trim()
        .split('\r\n'),
    ).toHaveLength(1);
    expect(csv.text).not.toContain('Meer tijd aan het loket');
    for (const phone of Object.values(P)) {
      for (const spelling of [phone, phone.slice(1), `0${phone.slice(3)}`]) expect(csv.text).not.toContain(spelling);
    }
    for (const sid of sids) expect(csv.text).not.toContain(sid);
    expect(csv.text).not.toContain('Test Participant');
  });

  it('closing the round stops answers: a late reply gets a polite message in its language', async () => {
    const rounds = await call(tokens.staffA ?? '', 'GET', '/api/projects/wijk-noord/rounds');
    const roundId = (rounds.json.rounds as Array<{ round: { roundId: string } }>)[0]?.round.roundId ?? '';
    expect((await call(tokens.staffA ?? '', 'POST', `/api/projects/wijk-noord/rounds/${roundId}/close`)).status).toBe(200);
    const started = await h.send({ channel: 'whatsapp', phone: P.ar, text: 'مرحبا' });
    expect(started.replies.join('\n')).toMatch(/لا يوجد استبيان مفتوح|مغلق/);
    await sweepNow();
    await queue.drained();
    expect(outbox.list(P.fr)).toHaveLength(2); // nothing more goes out for a closed round
  });

  it('the next round can open right after the last one was closed', async () => {
    const next = await call(tokens.staffA ?? '', 'POST', '/api/projects/wijk-noord/rounds', {
      label: 'end',
      surveyId: 'energy_checkin',
      surveyVersion: 2,
      opensAt: new Date(h.clock.now().getTime() - 60_000).toISOString(),
      closesAt: new Date(h.clock.now().getTime() + 7 * DAY).toISOString(),
    });
    expect(next.status).toBe(201);
    await queue.drained();
    expect(outbox.list(P.stopped)).toEqual([]);
  });
});

describe('roles', () => {
  const paths = [
    '/api/projects/wijk-noord',
    '/api/projects/wijk-noord/rounds',
    '/api/projects/wijk-noord/participants',
    '/api/projects/wijk-noord/results.csv',
    '/api/projects/wijk-noord/summary',
  ];

  it('staff of another organisation get 404 on everything of this project, reading or writing', async () => {
    for (const path of paths) expect((await call(tokens.staffB ?? '', 'GET', path)).status, path).toBe(404);
    expect(
      (await call(tokens.staffB ?? '', 'POST', '/api/projects/wijk-noord/participants', 'phone,language,channel\n0470300006,nl,sms', 'text/csv')).status,
    ).toBe(404);
    expect(
      (
        await call(tokens.staffB ?? '', 'POST', '/api/projects/wijk-noord/rounds', {
          label: 'x',
          surveyId: 'energy_checkin',
          surveyVersion: 2,
          opensAt: '2030-01-01T00:00:00Z',
          closesAt: '2030-02-01T00:00:00Z',
        })
      ).status,
    ).toBe(404);
    const list = await call(tokens.staffB ?? '', 'GET', '/api/projects');
    expect((list.json.projects as Array<{ projectId: string }>).map((p) => p.projectId)).not.toContain('wijk-noord');
  });

  it('coordinators read projects and results of every organisation but never contacts', async () => {
    expect((await call(tokens.coordinator ?? '', 'GET', '/api/projects/wijk-noord/summary')).status).toBe(200);
    expect((await call(tokens.coordinator ?? '', 'GET', '/api/projects/wijk-noord/results.csv')).status).toBe(200);
    expect((await call(tokens.coordinator ?? '', 'GET', '/api/projects/wijk-noord/participants')).status).toBe(404);
    expect((await call(tokens.coordinator ?? '', 'POST', '/api/projects/wijk-noord/participants', 'phone,language,channel\n', 'text/csv')).status).toBe(404);
    expect((await call(tokens.coordinator ?? '', 'POST', '/api/projects', { projectId: 'x1', name: 'xx', languages: ['nl'], joinCode: 'XX1' })).status).toBe(
      403,
    );
    // Progress for coordinators: totals only, small counts suppressed; no join code or templates.
    const progress = await call(tokens.coordinator ?? '', 'GET', '/api/projects/wijk-noord/rounds');
    const first = (progress.json.rounds as Array<{ progress: Record<string, unknown> }>)[0]?.progress;
    expect(Object.keys(first ?? {})).toEqual(['total', 'byLanguage', 'byChannel']);
    expect(first).toMatchObject({ byLanguage: {}, byChannel: {} });
    // Coordinators see only what a release published: nothing yet.
    expect(first?.total).toMatchObject({ enrolled: { suppressed: true }, completed: { suppressed: true } });
    const project = await call(tokens.coordinator ?? '', 'GET', '/api/projects/wijk-noord');
    expect(project.json.project).not.toHaveProperty('joinCode');
    expect(project.json.project).not.toHaveProperty('whatsappTemplates');
    const projects = await call(tokens.coordinator ?? '', 'GET', '/api/projects');
    expect((projects.json.projects as Array<{ projectId: string }>).map((p) => p.projectId)).toEqual(expect.arrayContaining(['demo', 'wijk-noord']));
  });

  it('a write authenticated by the dashboard cookie must come from this site', async () => {
    const body = JSON.stringify({ projectId: 'csrf-test', name: 'CSRF', languages: ['nl'], joinCode: 'CSRF1' });
    const cookie = `stem_token=${tokens.staffA ?? ''}`;
    const noOrigin = await api.request('/api/projects', { method: 'POST', headers: { cookie, 'content-type': 'application/json', host: 'stem.local' }, body });
    expect(noOrigin.status).toBe(403);
    const crossSite = await api.request('/api/projects', {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json', host: 'stem.local', origin: 'https://evil.example' },
      body,
    });
    expect(crossSite.status).toBe(403);
    const sameSite = await api.request('http://stem.local/api/projects', {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json', host: 'stem.local', origin: 'http://stem.local' },
      body,
    });
    expect(sameSite.status).toBe(201);
    expect((await api.request('/api/projects', { headers: { cookie } })).status).toBe(200); // reads are fine
  });

  it('an interpreter account sees no project, survey, round or result', async () => {
    const token = await h.deps.users.issueToken({ role: 'interpreter', userId: 'i', organisationId: 'org-a' });
    expect((await call(token, 'GET', '/api/projects')).json.projects).toEqual([]);
    for (const path of [
      '/api/projects/wijk-noord',
      '/api/projects/wijk-noord/rounds',
      '/api/projects/wijk-noord/participants',
      '/api/projects/wijk-noord/results.csv',
      '/api/projects/wijk-noord/summary',
    ]) {
      expect((await call(token, 'GET', path)).status, path).toBe(404);
    }
    expect((await call(token, 'GET', '/api/surveys')).status).toBe(403);
    expect((await call(token, 'GET', '/api/voice/queue')).status).toBe(200);
  });

  it('no token or an unknown token gets 401', async () => {
    expect((await call(null, 'GET', '/api/projects')).status).toBe(401);
    expect((await call('stem_not-a-real-token-at-all-000000000', 'GET', '/api/projects')).status).toBe(401);
  });
});

describe('malformed requests get a 4xx problem naming the field', () => {
  it('project creation', async () => {
    const bad = await call(tokens.staffA ?? '', 'POST', '/api/projects', { projectId: 'Bad Id', name: 'x', languages: ['xx'], joinCode: '!' });
    expect(bad.status).toBe(400);
    expect(bad.json.errors?.map((e) => e.field).sort()).toEqual(['joinCode', 'languages[0]', 'name', 'projectId']);
    expect((await call(tokens.staffA ?? '', 'POST', '/api/projects', 'not json')).status).toBe(400);
    expect((await call(tokens.staffA ?? '', 'POST', '/api/projects', 'projectId=x', 'application/x-www-form-urlencoded')).status).toBe(415);
    const taken = await call(tokens.staffA ?? '', 'POST', '/api/projects', { projectId: 'other-one', name: 'Other', languages: ['nl'], joinCode: 'NOORD1' });
    expect(taken.status).toBe(409);
    expect(taken.json.errors?.[0]?.field).toBe('joinCode');
  });

  it('rounds, imports and surveys', async () => {
    const round = await call(tokens.staffA ?? '', 'POST', '/api/projects/wijk-noord/rounds', {
      label: 'end',
      surveyId: 'energy_checkin',
      surveyVersion: 2,
      opensAt: '2030-02-01T00:00:00Z',
      closesAt: '2030-01-01T00:00:00Z',
    });
    expect(round.status).toBe(409);
    expect(round.json.errors?.[0]?.field).toBe('closesAt');
    const noDate = await call(tokens.staffA ?? '', 'POST', '/api/projects/wijk-noord/rounds', {
      label: 'end',
      surveyId: 'energy_checkin',
      surveyVersion: 2,
      opensAt: 'tomorrow',
    });
    expect(noDate.json.errors?.map((e) => e.field).sort()).toEqual(['closesAt', 'opensAt']);
    const header = await call(tokens.staffA ?? '', 'POST', '/api/projects/wijk-noord/participants', '0470300001;nl;sms', 'text/csv');
    expect(header.status).toBe(400);
    expect(header.json.errors?.[0]?.field).toBe('phone');
    const survey = await call(tokens.staffA ?? '', 'POST', '/api/surveys', {
      id: 'mine',
      version: 1,
      title: { nl: 'x' },
      languages: ['nl', 'ar'],
      questions: [{ id: 'q1', kind: 'open', text: { nl: 'Hoe?' } }],
    });
    expect(survey.status).toBe(400);
    expect(survey.json.errors?.map((e) => e.field)).toEqual(expect.arrayContaining(['title.ar', 'questions[0].text.ar']));
    const preview = await call(tokens.staffA ?? '', 'GET', '/api/surveys/energy_checkin/versions/2/preview?language=xx1');
    expect(preview.status).toBe(400);
    expect(preview.json.errors?.[0]?.field).toBe('language');
  });

  it('template ids are reserved, and bodies are bounded', async () => {
    const squat = await call(tokens.staffB ?? '', 'POST', '/api/surveys', {
      id: 'statement_probe',
      version: 7,
      title: { nl: 'x' },
      languages: ['nl'],
      questions: [{ id: 'q1', kind: 'open', text: { nl: 'Hoe?' } }],
    });
    expect(squat.status).toBe(400);
    expect(squat.json.errors?.[0]?.field).toBe('id');
    const huge = await call(
      tokens.staffA ?? '',
      'POST',
      '/api/projects/wijk-noord/participants',
      `phone;language;channel\n${'0470300001;nl;sms\n'.repeat(200_000)}`,
      'text/csv',
    );
    expect(huge.status).toBe(413);
  });

  it('the OpenAPI document lists every route and is public', async () => {
    const doc = await call(null, 'GET', '/api/openapi.json');
    expect(doc.status).toBe(200);
    expect(Object.keys(doc.json.paths as object)).toEqual(
      expect.arrayContaining(['/api/projects', '/api/projects/{projectId}/rounds', '/api/projects/{projectId}/results.csv']),
    );
    // Every route the API serves is in the document, with its method.
    const paths = doc.json.paths as Record<string, Record<string, unknown>>;
    const served = api.routes
      .filter((r) => r.path.startsWith('/api/') && r.method !== 'ALL' && r.path !== '/api/openapi.json')
      .map((r) => `${r.method.toLowerCase()} ${r.path.replace(/:(\w+)/g, '{$1}')}`);
    const documented = Object.entries(paths).flatMap(([path, methods]) => Object.keys(methods).map((m) => `${m} ${path}`));
    expect(served.length).toBeGreaterThan(20);
    expect(served.filter((route) => !documented.includes(route))).toEqual([]);
  });
});

describe("WhatsApp's 24-hour window (DynamoDB Local; Twilio replaced by the local outbox)", () => {
  const W = { template: '+32470310001', noTemplate: '+32470310002', wroteToday: '+32470310003' };
  const launch = (projectId: string) =>
    call(tokens.staffA ?? '', 'POST', `/api/projects/${projectId}/rounds`, {
      label: 'start',
      surveyId: 'energy_checkin',
      surveyVersion: 2,
      opensAt: h.clock.now().toISOString(),
      closesAt: new Date(h.clock.now().getTime() + 14 * DAY).toISOString(),
      reminderAfterHours: null,
    });
  const reached = async (projectId: string) => {
    const rounds = await call(tokens.staffA ?? '', 'GET', `/api/projects/${projectId}/rounds`);
    return (rounds.json.rounds as Array<{ progress: { reachedBy: Record<string, number>; failures: Record<string, number> } }>)[0]?.progress;
  };

  it('inside the window free text, outside it the template, and without a template in their language an SMS instead', async () => {
    const created = await call(tokens.staffA ?? '', 'POST', '/api/projects', {
      projectId: 'wa-window',
      name: 'Taalcafé',
      languages: ['nl', 'tr'],
      joinCode: 'TAALCAFE',
      whatsappTemplates: { nl: 'HXnl0000000000000000000000000000nl' },
    });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ project: { whatsappFallback: 'sms' } }); // the default
    const csv = `phone,language,channel\n${W.template},nl,whatsapp\n${W.noTemplate},tr,whatsapp\n${W.wroteToday},tr,whatsapp\n`;
    expect((await call(tokens.staffA ?? '', 'POST', '/api/projects/wa-window/participants', csv, 'text/csv')).json).toMatchObject({ enrolled: 3 });
    // One of them wrote to us an hour ago: their window is open until 23 hours from now.
    expect((await h.send({ channel: 'whatsapp', phone: W.wroteToday, text: 'merhaba' })).status).toBe(200);
    h.clock.current = new Date(h.clock.current.getTime() + 3600_000);

    expect((await launch('wa-window')).status).toBe(201);
    await queue.drained();

    expect(outbox.list(W.template)).toEqual([
      expect.objectContaining({ channel: 'whatsapp', template: { contentSid: 'HXnl0000000000000000000000000000nl', variables: { '1': 'Taalcafé' } } }),
    ]);
    const sms = outbox.list(W.noTemplate);
    expect(sms).toHaveLength(1);
    expect(sms[0]).toMatchObject({ channel: 'sms' });
    expect(sms[0]?.text).toContain('Taalcafé'); // the invitation itself, in Turkish
    const free = outbox.list(W.wroteToday).filter((m) => m.text.includes('Taalcafé'));
    expect(free).toEqual([expect.objectContaining({ channel: 'whatsapp' })]);
    expect(free[0]?.template).toBeNull(); // free text, not the template
    expect((await reached('wa-window'))?.reachedBy).toEqual({
      'whatsapp-template': { suppressed: true },
      'sms-instead': { suppressed: true },
      whatsapp: { suppressed: true },
    });
  });

  it('a project that sends nothing instead reports why, so staff can add the template', async () => {
    const created = await call(tokens.staffA ?? '', 'POST', '/api/projects', {
      projectId: 'wa-strict',
      name: 'Praatgroep',
      languages: ['nl', 'tr'],
      joinCode: 'PRAAT',
      whatsappFallback: 'none',
    });
    expect(created.status).toBe(201);
    const phone = '+32470310004';
    expect(
      (await call(tokens.staffA ?? '', 'POST', '/api/projects/wa-strict/participants', `phone,language,channel\n${phone},tr,whatsapp\n`, 'text/csv')).json,
    ).toMatchObject({ enrolled: 1 });
    expect((await launch('wa-strict')).status).toBe(201);
    await queue.drained();
    expect(outbox.list(phone)).toEqual([]);
    const progress = await reached('wa-strict');
    expect(progress?.failures).toEqual({ 'no approved WhatsApp template for tr, and the project sends nothing else instead': { suppressed: true } });
    expect(progress?.reachedBy).toEqual({});
    const bad = await call(tokens.staffA ?? '', 'POST', '/api/projects', {
      projectId: 'wa-bad',
      name: 'X project',
      languages: ['nl'],
      joinCode: 'WABAD',
      whatsappFallback: 'fax',
    });
    expect(bad.status).toBe(400);
    expect(bad.json.errors?.[0]?.field).toBe('whatsappFallback');
  });
});
