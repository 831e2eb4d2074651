import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalJobQueue } from '../../adapters/local/local-job-queue.js';
import type { Principal } from '../../core/access/principal.js';
import { apiApp } from '../../http/api/api-app.js';
import { DEMO_PROJECT } from '../../local/seed.js';
import { startHarness, type Harness } from './support/harness.js';
import { callApi, issueRoleTokens, PRINCIPALS, type ApiAnswer, type Body, type Role } from './support/staff-api.js';

/**
 * Coding the answers, attacked (issue 21, item 2). Twelve people finish the demo check-in (three of them
 * writing Arabic), the round's first release is made, a thirteenth is still answering. Then, as staff,
 * interpreters, a coordinator and staff of another organisation:
 * - tag an answer that is not released: refused exactly like one that does not exist (no oracle);
 * - read code counts: never a cell of 1..k−1, nor one whose complement or change since an earlier reading
 *   is 1..k−1 (one more answer tagged; a code against several), and no count of a union;
 * - as a coordinator: counts, never tags nor who coded;
 * - as staff of another organisation: no tag on its answers;
 * - as an interpreter: only when the organisation allows it, only in their languages, only their own tags.
 */

const K = 5;
const P = DEMO_PROJECT.projectId;
let h: Harness;
let api: ReturnType<typeof apiApp>;
let queue: LocalJobQueue;
let tokens: Record<Role, string>;
let arabicInterpreter = '';
let roundId = '';
/** Respondent codes as results show them (round-scoped), of the twelve who finished, in the order they answered. */
const shown: string[] = [];
let unreleased = '';

const WHY = ['They listen to me.', 'The letters are hard to read.', 'My social worker explains things slowly.', 'I waited a long time at the desk.'];
const ARABIC = 'الموظفة تشرح لي الرسائل ببطء.';
const phoneOf = (i: number) => `+3247072${String(i).padStart(4, '0')}`;

async function finish(i: number): Promise<void> {
  const arabic = i % 4 === 3;
  const why = arabic ? ARABIC : (WHY[i % 4] ?? '');
  // JOIN, language (en or ar), consent, energy, respected: true, why, understood: true, what to change, hear back: no.
  const change = arabic ? 'وقت أطول في المكتب.' : `Change number ${i}: more time at the desk.`;
  for (const text of ['JOIN DEMO', arabic ? '4' : '3', '1', '4', '1', why, '1', change, '2']) {
    expect((await h.send({ channel: 'sms', phone: phoneOf(i), text })).status).toBe(200);
  }
}

const call = (role: Role | string, method: string, path: string, body?: Body): Promise<ApiAnswer> =>
  callApi(api, role in tokens ? tokens[role as Role] : role, method, path, body);
const tagPath = (code: string, question = 'respected.probe', round = roundId) =>
  `/api/projects/${P}/rounds/${round}/answers/${encodeURIComponent(code)}/${encodeURIComponent(question)}/tags`;
const tag = (role: Role | string, code: string, codes: string[], question?: string) => call(role, 'POST', tagPath(code, question), { codes });
const counts = async (role: Role = 'owner') => {
  const answer = await call(role, 'GET', `/api/projects/${P}/rounds/${roundId}/code-counts`);
  expect(answer.status, answer.text).toBe(200);
  return answer;
};
const countOf = (answer: ApiAnswer, code: string, question = 'respected.probe') =>
  (answer.json?.questions as Array<{ questionId: string; codes: Record<string, unknown> }>).find((q) => q.questionId === question)?.codes[code];
const SUPPRESSED = { suppressed: true };

beforeAll(async () => {
  h = await startHarness();
  tokens = await issueRoleTokens(h);
  const arabicOnly: Principal = { role: 'interpreter', userId: 'attack-arabic', organisationId: DEMO_PROJECT.organisationId, languages: ['ar'] };
  arabicInterpreter = await h.deps.users.issueToken(arabicOnly);
  // Nothing here launches a round: a queue that would send nothing.
  queue = new LocalJobQueue(async () => false, { sms: 500, whatsapp: 500, voice: 500 }, h.logger);
  api = apiApp({ ...h.deps, queue, voice: h.voice });
  roundId = h.seeded.round.roundId;
  for (let i = 0; i < 12; i++) await finish(i);
  // Reading the summary makes the round's first release: the twelve.
  expect((await call('owner', 'GET', `/api/projects/${P}/summary`)).status).toBe(200);
  // The organisation shares its coded themes with the network: the coordinator reads the counts (attack-sharing.test.ts: not otherwise).
  expect((await call('owner', 'PUT', `/api/projects/${P}/sharing`, { level: 'themes' })).status).toBe(200);
  for (let i = 0; i < 12; i++) shown.push(h.deps.protector.exportCode(`round:${P}:${roundId}`, h.deps.protector.respondentCode(P, phoneOf(i))));
  // A thirteenth answers the probe after the release: in no release.
  for (const text of ['JOIN DEMO', '3', '1', '4', '1', 'Still answering, not released.'])
    expect((await h.send({ channel: 'sms', phone: phoneOf(99), text })).status).toBe(200);
  unreleased = h.deps.protector.exportCode(`round:${P}:${roundId}`, h.deps.protector.respondentCode(P, phoneOf(99)));
}, 120_000);
afterAll(async () => {
  queue?.stop();
  await h?.stop();
});

describe('the codebook', () => {
  it('has the TOPOI grid built in, named in Dutch, French and English', async () => {
    const book = await call('owner', 'GET', `/api/projects/${P}/codebook`);
    expect(book.status).toBe(200);
    const codes = book.json?.codes as Array<{ id: string; label: Record<string, string>; builtIn: boolean }>;
    expect(codes.map((c) => [c.id, c.label.nl])).toEqual([
      ['topoi.taal', 'Taal'],
      ['topoi.ordening', 'Ordening'],
      ['topoi.personen', 'Personen'],
      ['topoi.organisatie', 'Organisatie'],
      ['topoi.inzet', 'Inzet'],
    ]);
    expect(codes.every((c) => c.builtIn && c.label.fr && c.label.en)).toBe(true);
  });

  it("takes the project's own codes; a code once made is archived, never removed; a stale save is refused", async () => {
    const put = (body: Record<string, unknown>) => call('owner', 'PUT', `/api/projects/${P}/codebook`, body);
    const letters = { id: 'letters', label: { nl: 'Brieven', fr: 'Courrier', en: 'Letters' } };
    const waiting = { id: 'waiting', label: { nl: 'Wachten' } };
    const saved = await put({ codes: [letters, waiting], version: 0 });
    expect(saved.status, saved.text).toBe(200);
    expect((await put({ codes: [letters], version: 1 })).status).toBe(409);
    expect((await put({ codes: [letters, waiting], version: 0 })).status).toBe(409);
    expect((await put({ codes: [letters, letters, waiting] })).status).toBe(400);
    expect((await put({ codes: [{ id: 'Topoi.Taal', label: { nl: 'x' } }] })).status).toBe(400);
    const archived = await put({ codes: [letters, { ...waiting, archived: true }], version: 1 });
    expect(archived.status).toBe(200);
    expect((archived.json?.codes as Array<{ id: string }>).map((c) => c.id)).toContain('waiting');
  });

  it('is not read by coordinators or staff of another organisation', async () => {
    for (const role of ['coordinator', 'otherStaff', 'interpreter', 'networkInterpreter', 'independentInterpreter'] as const) {
      expect((await call(role, 'GET', `/api/projects/${P}/codebook`)).status, role).toBe(404);
    }
  });
});

describe('tagging what is not released', () => {
  it('an answer of someone in no release is refused exactly like an answer that does not exist', async () => {
    const refusals = await Promise.all([
      tag('owner', unreleased, ['topoi.taal']),
      tag('owner', 'RZZZZZZZZZZ', ['topoi.taal']),
      // The stored code (never shown) of a released person is no way in either.
      tag('owner', h.deps.protector.respondentCode(P, phoneOf(0)), ['topoi.taal']),
      tag('owner', shown[0] ?? '', ['topoi.taal'], 'no-such-question'),
      // A probe never asked ("understood" was true) has no answer; a closed answer (energy: 4) is no words to code.
      tag('owner', shown[0] ?? '', ['topoi.taal'], 'understood.probe'),
      tag('owner', shown[0] ?? '', ['topoi.taal'], 'energy'),
    ]);
    for (const r of refusals) expect({ status: r.status, body: r.json }).toEqual({ status: 404, body: refusals[0]?.json });
    // Nothing was stored by the refusals.
    expect((await h.dump()).filter((i) => String(i.pk).startsWith('CT#'))).toEqual([]);
    // Nor does its sheet hold the answer.
    const sheet = await call('owner', 'GET', `/api/projects/${P}/rounds/${roundId}/coding?question=respected.probe`);
    expect(sheet.text).not.toContain('Still answering');
    expect((sheet.json?.answers as Array<{ respondentCode: string }>).map((a) => a.respondentCode)).not.toContain(unreleased);
  });

  it('a tag on the answer of another organisation is refused; so is tagging for staff of another organisation', async () => {
    expect((await tag('otherStaff', shown[0] ?? '', ['topoi.taal'])).status).toBe(404);
    expect((await call('otherStaff', 'GET', `/api/projects/${P}/rounds/${roundId}/coding?question=respected.probe`)).status).toBe(404);
    // The other organisation's project, as the owner: nothing there for them.
    expect((await call('owner', 'GET', `/api/projects/exemple/codebook`)).status).toBe(404);
  });
});

describe('code counts against a curious reader', () => {
  it('the sheet lists the twelve released answers; words in a script fewer than k wrote in are withheld', async () => {
    const sheet = await call('owner', 'GET', `/api/projects/${P}/rounds/${roundId}/coding?question=respected.probe`);
    expect(sheet.status, sheet.text).toBe(200);
    const answers = sheet.json?.answers as Array<{ respondentCode: string; text: string; codes: string[] }>;
    expect(answers.map((a) => a.respondentCode).sort()).toEqual([...shown].sort());
    expect(sheet.text).not.toContain(ARABIC);
    expect(answers.filter((a) => a.text.startsWith('[withheld'))).toHaveLength(3);
    // Nothing of the respondent beside the words: no language, channel or day.
    expect(sheet.text).not.toMatch(/"(language|channel|day)"/);
  });

  it('a code given to 1..k−1 answers is hidden; at k it shows', async () => {
    for (const code of shown.slice(0, 4)) expect((await tag('owner', code, ['topoi.taal'])).status).toBe(200);
    let c = await counts();
    expect(countOf(c, 'topoi.taal')).toEqual(SUPPRESSED);
    expect(countOf(c, 'topoi.inzet')).toBe(0);
    await tag('owner', shown[4] ?? '', ['topoi.taal']);
    c = await counts();
    expect(countOf(c, 'topoi.taal')).toBe(5);
  });

  it('one more answer tagged does not show as a change of one (5 → 6 is hidden until the next step of k)', async () => {
    await tag('owner', shown[5] ?? '', ['topoi.taal']);
    expect(countOf(await counts(), 'topoi.taal')).toEqual(SUPPRESSED);
    // Taken off again, it is the 5 already shown.
    expect((await call('owner', 'DELETE', `${tagPath(shown[5] ?? '')}/topoi.taal`)).status).toBe(200);
    expect(countOf(await counts(), 'topoi.taal')).toBe(5);
  });

  it('a count whose complement is 1..k−1 is hidden: "10 of 12" would say 2 did not', async () => {
    for (const code of shown.slice(5, 10)) await tag('owner', code, ['topoi.taal']);
    expect(countOf(await counts(), 'topoi.taal')).toEqual(SUPPRESSED);
  });

  it('no union is published (A vs A∪B), and the code counts of A and B on one question do not give away A∩B', async () => {
    // A second code on five of the same answers and one other: "taal" 10 (hidden), "inzet" 6.
    for (const code of [...shown.slice(0, 5), shown[11] ?? '']) await tag('owner', code, ['topoi.inzet']);
    const c = await counts();
    const ids = (c.json?.questions as Array<{ codes: Record<string, unknown> }>).flatMap((q) => Object.keys(q.codes));
    expect(new Set(ids)).toEqual(new Set(['topoi.taal', 'topoi.ordening', 'topoi.personen', 'topoi.organisatie', 'topoi.inzet', 'letters', 'waiting']));
    expect(c.text).not.toMatch(/union|coded|any/i);
    const shownNumbers = ids.map((id) => countOf(c, id)).filter((n): n is number => typeof n === 'number');
    for (const n of shownNumbers) expect(n === 0 || n >= K, `${n}`).toBe(true);
  });

  it('coordinators read the counts and nothing of who coded; tags, sheets and agreement are not theirs', async () => {
    const c = await counts('coordinator');
    expect(c.text).not.toMatch(/staff:|interpreter:|attack-owner|attack-interpreter|coder/);
    for (const path of [
      `/api/projects/${P}/rounds/${roundId}/coding?question=respected.probe`,
      `/api/projects/${P}/rounds/${roundId}/coding`,
      `/api/projects/${P}/coding/agreement`,
    ]) {
      expect((await call('coordinator', 'GET', path)).status, path).toBe(404);
    }
    expect((await tag('coordinator', shown[0] ?? '', ['topoi.taal'])).status).toBe(404);
  });
});

describe('interpreters who code', () => {
  it('code only when the organisation allows it: its own interpreters, and outsiders it names', async () => {
    expect((await tag('interpreter', shown[0] ?? '', ['topoi.personen'])).status).toBe(404);
    const book = await call('owner', 'GET', `/api/projects/${P}/codebook`);
    const codes = (book.json?.codes as Array<{ id: string; builtIn: boolean; label: unknown; archived: boolean }>).filter((c) => !c.builtIn);
    const put = await call('owner', 'PUT', `/api/projects/${P}/codebook`, {
      codes,
      interpreters: { own: true, network: [PRINCIPALS.independentInterpreter.userId] },
      version: book.json?.version,
    });
    expect(put.status, put.text).toBe(200);
    expect((await tag('interpreter', shown[0] ?? '', ['topoi.personen'])).status).toBe(200);
    expect((await tag('independentInterpreter', shown[1] ?? '', ['topoi.personen'])).status).toBe(200);
    expect((await tag('networkInterpreter', shown[1] ?? '', ['topoi.personen'])).status).toBe(404);
    // What a coder sees of the codebook: the codes, not who else codes.
    const seen = await call('interpreter', 'GET', `/api/projects/${P}/codebook`);
    expect(seen.status).toBe(200);
    expect(seen.json).not.toHaveProperty('interpreters');
  });

  it("see their own codes, not the others' (two coders code independently)", async () => {
    const sheet = await call('interpreter', 'GET', `/api/projects/${P}/rounds/${roundId}/coding?question=respected.probe`);
    expect(sheet.status).toBe(200);
    expect(sheet.text).not.toContain('staff:');
    expect(sheet.text).not.toContain('topoi.taal');
    const first = (sheet.json?.answers as Array<{ respondentCode: string; codes: string[] }>).find((a) => a.respondentCode === shown[0]);
    expect(first?.codes).toEqual(['topoi.personen']);
    const staffSheet = await call('owner', 'GET', `/api/projects/${P}/rounds/${roundId}/coding?question=respected.probe`);
    const theirs = (staffSheet.json?.answers as Array<{ respondentCode: string; coders: Record<string, string[]> }>).find((a) => a.respondentCode === shown[0]);
    expect(theirs?.coders).toEqual({ 'staff:attack-owner': ['topoi.inzet', 'topoi.taal'], 'interpreter:attack-interpreter': ['topoi.personen'] });
  });

  it('an interpreter for Arabic sees Arabic answers only, and three are too few to show (refused, not shown)', async () => {
    const sheet = await call(arabicInterpreter, 'GET', `/api/projects/${P}/rounds/${roundId}/coding?question=respected.probe`);
    expect(sheet.status).toBe(422);
    expect(sheet.json?.detail).toMatch(/fewer than 5/);
    expect(sheet.text).not.toContain(ARABIC);
    // Nor can they tag an answer in another language.
    expect((await tag(arabicInterpreter, shown[0] ?? '', ['topoi.taal'])).status).toBe(404);
  });
});

describe('agreement between coders', () => {
  it("is too few below k shared answers; from k on, Cohen's kappa per code and pooled", async () => {
    let a = await call('owner', 'GET', `/api/projects/${P}/coding/agreement`);
    expect(a.status).toBe(200);
    const pair = (answer: ApiAnswer) =>
      (answer.json?.pairs as Array<{ coders: string[]; answers: number | null; tooFew: boolean; overall: number | null }>).find(
        (p) => p.coders.includes('staff:attack-owner') && p.coders.includes('interpreter:attack-interpreter'),
      );
    expect(pair(a)).toMatchObject({ answers: null, tooFew: true, overall: null });
    // The interpreter codes four more of the owner's: taal where the owner has it, nothing else.
    for (const code of shown.slice(1, 5)) await tag('interpreter', code, ['topoi.taal']);
    a = await call('owner', 'GET', `/api/projects/${P}/coding/agreement`);
    // Shared: answers 0–4. Owner: taal+inzet on each. Interpreter: personen on 0, taal on 1–4.
    // taal: yes/yes 4, yes/no 1 → κ 0; inzet: yes/no 5 → κ 0; personen: no/yes 1, no/no 4 → κ 0.
    // Pooled over 15 decisions: both 4, only owner 6, only interpreter 1, neither 4 → pₒ 8/15, pₑ (10·5 + 5·10)/225 = 4/9 → κ 0.16.
    expect(pair(a)).toMatchObject({ answers: 5, tooFew: false, overall: 0.16 });
  });
});

describe('code counts across releases', () => {
  it('a second release of k people, two of them coded since: the change of 2 is not shown; a step of k is', async () => {
    expect(countOf(await counts(), 'topoi.inzet')).toBe(6);
    const newcomers: string[] = [];
    for (let i = 20; i < 25; i++) {
      await finish(i);
      newcomers.push(h.deps.protector.exportCode(`round:${P}:${roundId}`, h.deps.protector.respondentCode(P, phoneOf(i))));
    }
    expect((await call('owner', 'GET', `/api/projects/${P}/summary`)).status).toBe(200);
    for (const code of newcomers.slice(0, 2)) expect((await tag('owner', code, ['topoi.inzet'])).status).toBe(200);
    const after = await counts();
    expect(after.json?.release).toBe(2);
    expect(countOf(after, 'topoi.inzet')).toEqual(SUPPRESSED);
    // Three more (one newcomer, two of the first twelve): 11 of 17, five more than the 6 shown.
    for (const code of [newcomers[2] ?? '', shown[6] ?? '', shown[7] ?? '']) await tag('owner', code, ['topoi.inzet']);
    expect(countOf(await counts(), 'topoi.inzet')).toBe(11);
  });
});
