import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalJobQueue } from '../../adapters/local/local-job-queue.js';
import { WITHHELD } from '../../core/results/csv.js';
import { apiApp } from '../../http/api/api-app.js';
import { DEMO_PROJECT } from '../../local/seed.js';
import { startHarness, type Harness } from './support/harness.js';
import { callApi, issueRoleTokens, type ApiAnswer, type Body, type Role } from './support/staff-api.js';

/**
 * "You said, we did" items, attacked (issue 21, item 7). Twelve people finish the demo check-in (three
 * writing Arabic, a script fewer than k used: withheld), the first release is made, a thirteenth is still
 * answering. Then, as staff, staff of another organisation and a coordinator:
 * - link an answer that is unreleased, made up, named by its stored code, of a closed question: refused
 *   alike (422 naming the reference), nothing stored;
 * - a linked answer shows as the coding page shows it (withheld words withheld); erased, its link is gone,
 *   and a link the erasure missed is dead (no code, no words);
 * - staff of another organisation: nothing (404), and the network page is not theirs (403);
 * - a coordinator: titles, status, code names, the linked codes' audited counts — never a linked answer's
 *   words or respondent code, never staff's note;
 * - status changes: a wrong value is a 422 naming "status"; a stale version a 409; two at once, one wins.
 */

const P = DEMO_PROJECT.projectId;
let h: Harness;
let api: ReturnType<typeof apiApp>;
let queue: LocalJobQueue;
let tokens: Record<Role, string>;
let roundId = '';
const shown: string[] = [];
let unreleased = '';

const WHY = ['They listen to me.', 'The letters are hard to read.', 'My social worker explains things slowly.', 'I waited a long time at the desk.'];
const ARABIC = 'الموظفة تشرح لي الرسائل ببطء.';
const NOTE = 'Internal: ask Mrs Peeters in room 4';
const phoneOf = (i: number) => `+3247073${String(i).padStart(4, '0')}`;

async function finish(i: number): Promise<void> {
  const arabic = i % 4 === 3;
  const why = arabic ? ARABIC : (WHY[i % 4] ?? '');
  const change = arabic ? 'وقت أطول في المكتب.' : `Change number ${i}: more time at the desk.`;
  for (const text of ['JOIN DEMO', arabic ? '4' : '3', '1', '4', '1', why, '1', change, '2']) {
    expect((await h.send({ channel: 'sms', phone: phoneOf(i), text })).status).toBe(200);
  }
}

const call = (role: Role, method: string, path: string, body?: Body): Promise<ApiAnswer> => callApi(api, tokens[role], method, path, body);
const items = `/api/projects/${P}/we-did`;
const ref = (code: string, questionId = 'respected.probe', round = roundId) => ({ roundId: round, respondentCode: code, questionId });
interface ItemBody {
  itemId: string;
  version: number;
  status: string;
  history: Array<{ status: string; at: string; by: string }>;
  answers: Array<{ available: boolean; respondentCode?: string; text?: string | null }>;
}
const itemOf = (a: ApiAnswer) => a.json as unknown as ItemBody;
const dumpOf = async (prefix: string) => (await h.dump()).filter((i) => String(i.pk).startsWith(prefix));

beforeAll(async () => {
  h = await startHarness();
  tokens = await issueRoleTokens(h);
  queue = new LocalJobQueue(async () => false, { sms: 500, whatsapp: 500, voice: 500 }, h.logger);
  api = apiApp({ ...h.deps, queue, voice: h.voice });
  roundId = h.seeded.round.roundId;
  for (let i = 0; i < 12; i++) await finish(i);
  expect((await call('owner', 'GET', `/api/projects/${P}/summary`)).status).toBe(200);
  for (let i = 0; i < 12; i++) shown.push(h.deps.protector.exportCode(`round:${P}:${roundId}`, h.deps.protector.respondentCode(P, phoneOf(i))));
  for (const text of ['JOIN DEMO', '3', '1', '4', '1', 'Still answering, not released.'])
    expect((await h.send({ channel: 'sms', phone: phoneOf(99), text })).status).toBe(200);
  unreleased = h.deps.protector.exportCode(`round:${P}:${roundId}`, h.deps.protector.respondentCode(P, phoneOf(99)));
}, 120_000);
afterAll(async () => {
  queue?.stop();
  await h?.stop();
});

describe('linking answers that may not be read', () => {
  it('an unreleased, made-up, stored-code, closed or missing answer is refused alike, naming the reference; nothing is stored', async () => {
    const bad = [
      ref(unreleased),
      ref('RZZZZZZZZZZ'),
      ref(h.deps.protector.respondentCode(P, phoneOf(0))),
      ref(shown[0] ?? '', 'energy'),
      ref(shown[0] ?? '', 'understood.probe'),
      ref(shown[0] ?? '', 'respected.probe', 'no-such-round'),
    ];
    const answers = await Promise.all(bad.map((r) => call('owner', 'POST', items, { title: 'More time at the desk', answers: [r] })));
    for (const a of answers) expect({ status: a.status, body: a.json }).toEqual({ status: 422, body: answers[0]?.json });
    expect(answers[0]?.json?.errors).toEqual([{ field: 'answers[0]', message: 'no released answer here' }]);
    // Mixed with a good one: the bad one is named by its position.
    const mixed = await call('owner', 'POST', items, { title: 'x', answers: [ref(shown[0] ?? ''), ref(unreleased)] });
    expect(mixed.status).toBe(422);
    expect(mixed.json?.errors).toEqual([{ field: 'answers[1]', message: 'no released answer here' }]);
    expect(await dumpOf('WD#')).toEqual([]);
    expect(await dumpOf('WL#')).toEqual([]);
  });

  it('an unknown code is refused (400 naming codes)', async () => {
    const a = await call('owner', 'POST', items, { title: 'x', codes: ['topoi.nope'] });
    expect(a.status).toBe(400);
    expect(a.json?.errors?.[0]?.field).toBe('codes');
  });
});

let item: ItemBody;
let arabicItem: ItemBody;

describe('linked answers, as the coding page shows them', () => {
  it('staff make an item linked to a TOPOI code and two answers: planned, by the role "staff", never a name', async () => {
    const made = await call('owner', 'POST', items, {
      title: 'Letters explained at the desk',
      note: NOTE,
      codes: ['topoi.taal'],
      answers: [ref(shown[1] ?? ''), ref(shown[2] ?? '')],
    });
    expect(made.status, made.text).toBe(201);
    item = itemOf(made);
    expect(item).toMatchObject({ status: 'planned', version: 1, history: [{ status: 'planned', by: 'staff' }] });
    expect(made.text).not.toContain('attack-owner');
    const byCode = (a: { respondentCode?: string | undefined }, b: { respondentCode?: string | undefined }) =>
      String(a.respondentCode).localeCompare(String(b.respondentCode));
    expect([...item.answers].sort(byCode).map((a) => [a.respondentCode, a.text])).toEqual(
      [
        { respondentCode: shown[1], text: WHY[1] },
        { respondentCode: shown[2], text: WHY[2] },
      ]
        .sort(byCode)
        .map((a) => [a.respondentCode, a.text]),
    );
    // Stored by the stored code, never the shown one, under the round's link partition.
    const links = await dumpOf('WL#');
    expect(links.map((l) => String(l.sk).split('#')[0])).toEqual(
      [1, 2].map((i) => h.deps.protector.respondentCode(P, phoneOf(i))).sort((a, b) => (a < b ? -1 : 1)),
    );
  });

  it('words written in a script fewer than k used stay withheld', async () => {
    const made = await call('owner', 'POST', items, { title: 'Arabic letters', answers: [ref(shown[3] ?? '')] });
    expect(made.status, made.text).toBe(201);
    arabicItem = itemOf(made);
    expect(made.text).not.toContain(ARABIC);
    expect(arabicItem.answers[0]?.text).toBe(WITHHELD);
  });

  it('an erasure removes the link; the item stays', async () => {
    for (const text of ['DELETE', 'YES']) expect((await h.send({ channel: 'sms', phone: phoneOf(2), text })).status).toBe(200);
    const stored = h.deps.protector.respondentCode(P, phoneOf(2));
    expect((await dumpOf('WL#')).filter((l) => String(l.sk).startsWith(stored))).toEqual([]);
    const list = await call('owner', 'GET', items);
    const after = (list.json?.items as ItemBody[]).find((i) => i.itemId === item.itemId);
    expect(after?.answers.map((a) => a.respondentCode)).toEqual([shown[1]]);
    expect(list.text).not.toContain(WHY[2]);
  });

  it('a link the erasure missed is dead: not available, no code, no words', async () => {
    // A link to the erased person's answer written back behind the erasure's back (a crash between steps).
    await h.deps.saidDid.changeLinks(
      [{ projectId: P, roundId, respondentCode: h.deps.protector.respondentCode(P, phoneOf(2)), questionId: 'respected.probe', itemId: item.itemId, at: 'x' }],
      [],
    );
    const list = await call('owner', 'GET', items);
    const after = (list.json?.items as ItemBody[]).find((i) => i.itemId === item.itemId);
    expect(after?.answers).toHaveLength(2);
    const dead = after?.answers.find((a) => !a.available);
    expect(dead).toBeDefined();
    expect(dead).not.toHaveProperty('respondentCode');
    expect(dead).not.toHaveProperty('text');
    expect(list.text).not.toContain(shown[2]);
  });
});

describe('status changes', () => {
  const status = (body: Record<string, unknown>, id = item.itemId) => call('owner', 'POST', `${items}/${id}/status`, body);

  it('a status that is not planned, doing or done is a 422 naming the field (when making an item too)', async () => {
    for (const bad of ['finished', 'DONE', '', 'planned ']) {
      const a = await status({ status: bad, version: item.version });
      expect(a.status, bad).toBe(422);
      expect(a.json?.errors).toEqual([{ field: 'status', message: 'not one of planned, doing, done' }]);
    }
    const made = await call('owner', 'POST', items, { title: 'x', status: 'started' });
    expect(made.status).toBe(422);
    expect(made.json?.errors?.[0]?.field).toBe('status');
    expect((await status({ status: 'doing' })).status).toBe(400);
  });

  it('changes on condition of the version read: stale is a 409 with the current version; two at once, one wins', async () => {
    const doing = await status({ status: 'doing', version: 1 });
    expect(doing.status, doing.text).toBe(200);
    expect(itemOf(doing)).toMatchObject({ status: 'doing', version: 2 });
    const stale = await status({ status: 'done', version: 1 });
    expect(stale.status).toBe(409);
    expect(stale.json?.version).toBe(2);
    const race = await Promise.all([status({ status: 'done', version: 2 }), status({ status: 'planned', version: 2 })]);
    expect(race.map((r) => r.status).sort()).toEqual([200, 409]);
    const list = await call('owner', 'GET', items);
    const now = (list.json?.items as ItemBody[]).find((i) => i.itemId === item.itemId);
    expect(now?.version).toBe(3);
    expect(now?.history.map((e) => [e.status, e.by])).toEqual([
      ['planned', 'staff'],
      ['doing', 'staff'],
      [now?.status, 'staff'],
    ]);
    item = now as ItemBody;
  });

  it('an edit is conditional too, and keeps the status', async () => {
    const edit = (version: number) =>
      call('owner', 'PUT', `${items}/${item.itemId}`, {
        title: 'Letters explained, slowly',
        codes: ['topoi.taal', 'topoi.inzet'],
        answers: [ref(shown[1] ?? '')],
        version,
      });
    expect((await edit(1)).status).toBe(409);
    const ok = await edit(item.version);
    expect(ok.status, ok.text).toBe(200);
    expect(itemOf(ok)).toMatchObject({ status: item.status, version: item.version + 1 });
    expect(itemOf(ok).answers.map((a) => a.respondentCode)).toEqual([shown[1]]);
    item = itemOf(ok);
  });
});

describe('who else', () => {
  it('staff of another organisation: nothing there (404), and the network page is not theirs', async () => {
    expect((await call('otherStaff', 'GET', items)).status).toBe(404);
    expect((await call('otherStaff', 'POST', items, { title: 'x' })).status).toBe(404);
    expect((await call('otherStaff', 'PUT', `${items}/${item.itemId}`, { title: 'x', version: item.version })).status).toBe(404);
    expect((await call('otherStaff', 'POST', `${items}/${item.itemId}/status`, { status: 'done', version: item.version })).status).toBe(404);
    expect((await call('otherStaff', 'GET', '/api/we-did')).status).toBe(403);
    for (const role of ['interpreter', 'networkInterpreter', 'independentInterpreter'] as const) {
      expect((await call(role, 'GET', items)).status, role).toBe(404);
      expect((await call(role, 'GET', '/api/we-did')).status, role).toBe(403);
    }
  });

  it("a coordinator reads titles, status and code names — never a linked answer's words or code, nor staff's note — and cannot change anything", async () => {
    for (const path of [items, '/api/we-did']) {
      const a = await call('coordinator', 'GET', path);
      expect(a.status, a.text).toBe(200);
      expect(a.text).toContain('Letters explained, slowly');
      expect(a.text).toContain('Taal');
      for (const secret of [...shown, ...WHY, ARABIC, WITHHELD, NOTE, 'attack-owner', '"answers"', 'respondentCode'])
        expect(a.text, secret).not.toContain(secret);
    }
    expect((await call('coordinator', 'POST', items, { title: 'x' })).status).toBe(404);
    expect((await call('coordinator', 'POST', `${items}/${item.itemId}/status`, { status: 'done', version: item.version })).status).toBe(404);
  });

  it('the network page counts items per status per organisation, and a linked code count only as the audited code counts give it', async () => {
    const network = await call('coordinator', 'GET', '/api/we-did');
    const [org] = network.json?.organisations as Array<{
      organisationId: string;
      name: string;
      counts: Record<string, number>;
      projects: Array<{ projectId: string; codeCounts: { byCode: Record<string, Array<{ questionId: string; count: unknown }>> } | null }>;
    }>;
    expect(org?.name).toBe('OCMW Demo');
    expect(org?.counts).toEqual({ planned: item.status === 'planned' ? 2 : 1, doing: 0, done: item.status === 'done' ? 1 : 0 });
    // The organisation shares the summary (the default): titles, status and code names, no code counts.
    expect(org?.projects.find((p) => p.projectId === P)?.codeCounts).toBeNull();
    expect((await call('owner', 'PUT', `/api/projects/${P}/sharing`, { level: 'themes' })).status).toBe(200);
    // Four answers coded "taal": a count of 1..k−1, hidden here as on the code-counts route.
    for (const code of shown.slice(4, 8))
      expect((await call('owner', 'POST', `/api/projects/${P}/rounds/${roundId}/answers/${code}/respected.probe/tags`, { codes: ['topoi.taal'] })).status).toBe(
        200,
      );
    const again = await call('coordinator', 'GET', '/api/we-did');
    const project = (again.json?.organisations as (typeof org)[])[0]?.projects.find((p) => p.projectId === P);
    const taal = project?.codeCounts?.byCode['topoi.taal']?.find((q) => q.questionId === 'respected.probe');
    expect(taal?.count).toEqual({ suppressed: true });
    const route = await call('coordinator', 'GET', `/api/projects/${P}/rounds/${roundId}/code-counts`);
    const routeCount = (route.json?.questions as Array<{ questionId: string; codes: Record<string, unknown> }>).find((q) => q.questionId === 'respected.probe')
      ?.codes['topoi.taal'];
    expect(taal?.count).toEqual(routeCount);
  });
});

describe('a linked answer the coding page would not show', () => {
  it('when the project raises k above the released answers, the sheet is refused and so is every linked answer: no code, no words', async () => {
    const project = await h.deps.directory.getProject(P);
    if (!project) throw new Error('no demo project');
    await h.deps.directory.putProject({ ...project, disclosure: { ...project.disclosure, k: 20 } });
    try {
      const list = await call('owner', 'GET', items);
      expect(list.status).toBe(200);
      const answers = (list.json?.items as ItemBody[]).flatMap((i) => i.answers);
      expect(answers.length).toBeGreaterThan(0);
      expect(answers.every((a) => !a.available)).toBe(true);
      for (const secret of [...shown, ...WHY, WITHHELD]) expect(list.text, secret).not.toContain(secret);
    } finally {
      await h.deps.directory.putProject(project);
    }
  });
});

describe("the participants' message is untouched", () => {
  it('items are not the round message: no feedback message or copies were made', async () => {
    expect(await dumpOf('RF#')).toEqual([]);
  });
});
