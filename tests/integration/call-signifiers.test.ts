import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findTemplate } from '../../adapters/templates/template-library.js';
import type { Round } from '../../core/model.js';
import { exportCsv } from '../../core/results/csv.js';
import { compileSurvey } from '../../flows/compile.js';
import type { SurveyDefinition } from '../../flows/definition.js';
import nl from '../../locales/nl/translation.json' with { type: 'json' };
import { parseCsv } from '../support/rfc4180.js';
import { startHarness, type Harness } from './support/harness.js';
import { only, PhoneCall } from './support/phone-call.js';

/**
 * Issue 7: a story with its signifiers answered in a real call — the story recorded, the dyad and the
 * triad on the keypad — through the signed voice webhook against DynamoDB Local, TwiML parsed as XML.
 * The built-in `story_signifiers` template, in Dutch (Polly speaks it).
 */

const CALL_NUMBER = '+3225550133';
const CALLER = '+32470666001';
let h: Harness;
let survey: SurveyDefinition;
let round: Round;

const press = (option: string, key: number): string => nl.call.press.replace('{{option}}', option).replace('{{key}}', String(key));
const fill = (text: string, vars: Record<string, string>): string => Object.entries(vars).reduce((t, [k, v]) => t.replace(`{{${k}}}`, v), text);

beforeAll(async () => {
  h = await startHarness();
  const template = await findTemplate('story_signifiers');
  if (!template) throw new Error('the story_signifiers template is missing');
  survey = template;
  await h.deps.directory.saveSurvey(survey);
  await h.deps.directory.putProject({
    projectId: 'verhalen',
    organisationId: 'org-verhalen',
    name: 'Verhalen',
    languages: ['nl', 'fr'],
    fallbackLanguages: [],
    joinCode: 'VERHAAL1',
    whatsappTemplates: {},
    callNumber: CALL_NUMBER,
  });
  const now = h.clock.now().getTime();
  round = {
    projectId: 'verhalen',
    roundId: 'verhalen-start',
    label: 'start',
    surveyId: survey.id,
    surveyVersion: survey.version,
    opensAt: new Date(now - 3_600_000).toISOString(),
    closesAt: new Date(now + 14 * 86_400_000).toISOString(),
    reminderAfterHours: null,
  };
  await h.deps.directory.putRound(round);
});
afterAll(async () => h?.stop());

describe('a story with signifiers in a phone call', () => {
  it('the story is recorded; the dyad and the triad are answered on the keypad, an invalid zone asked again', async () => {
    const question = (id: string) => {
      const q = survey.questions.find((x) => x.id === id);
      if (!q) throw new Error(`no question ${id}`);
      return q;
    };
    const triad = question('difference');
    if (triad.kind !== 'triad') throw new Error('difference is a triad');
    const corner = triad.corners.map((c) => c.nl ?? '');

    // A stranger calls the project's number: Dutch from the menu, then yes to taking part.
    const call = new PhoneCall(h, CALLER, CALL_NUMBER);
    await call.start();
    const consent = await call.press('1');
    expect(only(consent.says)).toContain(nl.consent.promise);

    // The story: said, then recorded (<Record>, no keys to gather).
    const story = await call.press('1');
    expect(only(story.says)).toContain(question('story').text.nl);
    expect(only(story.says)).toContain(nl.call.record);
    expect(story.gather).toBeNull();
    expect(story.record).toMatchObject({ finishOnKey: '#', playBeep: 'true' });

    // The first dyad: its two poles and the keys between them, on one key press.
    const felt = await call.record(25);
    expect(only(felt.says)).toContain(nl.call.received);
    const dyad = question('felt');
    if (dyad.kind !== 'dyad') throw new Error('felt is a dyad');
    expect(only(felt.says)).toContain(fill(nl.call.dyad, { left: dyad.left.nl ?? '', right: dyad.right.nl ?? '' }));
    expect(felt.gather).toMatchObject({ numDigits: '1' });
    expect((felt.gather?.input ?? '').split(' ')).toContain('dtmf');

    // 4 on the dyad; then the triad reads its seven zones, each with its key.
    const zones = await call.press('4');
    const said = only(zones.says);
    expect(said).toContain(triad.text.nl);
    const labels = [
      corner[0],
      corner[1],
      corner[2],
      fill(nl.triad.between, { a: corner[0] ?? '', b: corner[1] ?? '' }),
      fill(nl.triad.between, { a: corner[1] ?? '', b: corner[2] ?? '' }),
      fill(nl.triad.between, { a: corner[2] ?? '', b: corner[0] ?? '' }),
      nl.triad.centre,
    ];
    const positions = labels.map((label, i) => said.indexOf(press(label ?? '', i + 1)));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect(positions).toEqual([...positions].sort((a, b) => a - b)); // in zone order
    expect(said.match(/druk \d/g)).toEqual(['druk 1', 'druk 2', 'druk 3', 'druk 4', 'druk 5', 'druk 6', 'druk 7']); // seven keys, no more
    expect(zones.gather).toMatchObject({ numDigits: '1' });
    expect((zones.gather?.input ?? '').split(' ')).toContain('dtmf');

    // 8 is no zone: sorry, and the same zones again. (9 asks to be called back later: tests/integration/call-later.test.ts.)
    const again = await call.press('8');
    expect(again.says[0]?.text).toBe(nl.invalid.notUnderstood);
    expect(only(again.says)).toContain(press(labels[5] ?? '', 6));
    expect(again.gather).toMatchObject({ numDigits: '1' });

    // 6: between the third quality and the first. The last dyad is skipped with the star; thanks, goodbye.
    const time = await call.press('6');
    expect(only(time.says)).toContain(question('time').text.nl);
    const end = await call.press('*');
    expect(only(end.says)).toContain(nl.thanks.completed);
    expect(end.hangup).toBe(true);

    // What was stored, under the caller's respondent code: the zone and the dyad point as numbers.
    const code = h.deps.protector.respondentCode('verhalen', CALLER);
    const stored = [];
    for await (const page of h.deps.answers.pages('verhalen', round.roundId)) stored.push(...page.filter((a) => a.respondentCode === code));
    const byQuestion = Object.fromEntries(stored.filter((a) => a.status !== 'comment').map((a) => [a.questionId, a]));
    expect(byQuestion.difference).toMatchObject({ value: 6, status: 'answered', channel: 'voice', language: 'nl' });
    // The zone that does not exist was only a wrong key: asked again, and no comment (one digit is no remark).
    expect(stored.filter((a) => a.status === 'comment')).toEqual([]);
    expect(byQuestion.felt).toMatchObject({ value: 4, status: 'answered' });
    expect(byQuestion.time).toMatchObject({ value: null, status: 'skipped' });
    expect(byQuestion.story).toMatchObject({ status: 'answered', voice: 'received' });

    // And the results CSV, read as a spreadsheet reads it.
    let csv = '';
    const released = new Map([[code, { qi: { language: 'nl', channel: 'voice', day: '', completed: 'yes' }, withholdText: false }]]);
    for await (const chunk of exportCsv([{ round, survey: compileSurvey(survey), released }], h.deps.answers, (_round, c) => c)) csv += chunk;
    const [header, ...rows] = parseCsv(csv.replace(/^\uFEFF/, ''));
    const column = (name: string) => header?.indexOf(name) ?? -1;
    const row = (id: string) => rows.find((r) => r[column('question_id')] === id && r[column('respondent_code')] === code);
    expect(row('difference')?.[column('answer')]).toBe('6');
    expect(row('felt')?.[column('answer')]).toBe('4');
    expect(row('difference')?.[column('completed')]).toBe('yes');
  });
});
