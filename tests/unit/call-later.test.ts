import { describe, expect, it } from 'vitest';
import { NO_QUIET_HOURS } from '../../core/quiet-hours.js';
import { parseSurveyDefinition } from '../../flows/definition.js';
import { DEMO_PROJECT } from '../../local/seed.js';
import nl from '../../locales/nl/translation.json' with { type: 'json' };
import { ConversationWorld, START, textMessage } from './support/conversation-world.js';

/**
 * "Call me later" in the pure planner (core/conversation/plan/call-later.ts): 9 only where no answer
 * needs it, the offer kept through a silence, lapsed after its time, and only a key offered chosen.
 */

const PHONE = '+32470123999';
const labels = Array.from({ length: 9 }, (_, i) => ({ value: `o${i + 1}`, label: { nl: `optie ${i + 1}` } }));
const SURVEY = parseSurveyDefinition({
  id: 'nine',
  version: 1,
  title: { nl: 'Negen' },
  languages: ['nl'],
  questions: [
    { id: 'consent', kind: 'consent', text: { nl: 'Doe je mee?' } },
    { id: 'many', kind: 'choice', text: { nl: 'Welke?' }, options: labels },
    { id: 'few', kind: 'choice', text: { nl: 'En nu?' }, options: labels.slice(0, 3) },
  ],
});

function world(): ConversationWorld {
  const w = new ConversationWorld();
  w.directory.saveSurvey(SURVEY);
  w.directory.putProject({ ...DEMO_PROJECT, projectId: 'nine', joinCode: 'NINE', languages: ['nl'], quietHours: NO_QUIET_HOURS });
  w.directory.putRound({
    projectId: 'nine',
    roundId: 'r',
    label: 'start',
    surveyId: 'nine',
    surveyVersion: 1,
    opensAt: '2026-01-01T00:00:00.000Z',
    closesAt: '2026-12-31T00:00:00.000Z',
    reminderAfterHours: null,
  });
  w.enrol(PHONE, 'nine', 'nl', 'voice');
  return w;
}
const call = (event: 'start' | 'input' | 'silence', text = '') => textMessage(PHONE, text, { channel: 'voice', call: { event, entryProjectId: null } });
const said = (replies: ReadonlyArray<{ text: string }>) => replies.map((r) => r.text);

describe('call me later in the planner', () => {
  it('is hinted at the start, before the question; 9 at a question of nine answers is the ninth answer, not "later"', async () => {
    const w = world();
    const start = await w.receive(call('start'));
    expect(said(start.draft.replies)).toContain(nl.callBack.hint);
    await w.receive(call('input', '1')); // yes: on to the nine options
    const nine = await w.receive(call('input', '9'));
    expect(nine.draft.contact?.callBack ?? null).toBeNull();
    expect(said(nine.draft.replies).join(' ')).toContain('En nu?');
    expect(w.answers.find((a) => a.questionId === 'many')?.value).toBe('o9');
  });

  it('the offer stands through a silence, lapses after ten minutes, and takes only a key offered', async () => {
    const w = world();
    await w.receive(call('start'));
    const menu = await w.receive(call('input', '9'));
    expect(menu.draft.contact?.callBack?.slots).toHaveLength(3);
    expect(menu.draft.listen).toEqual({ kind: 'keys', options: 3, skippable: false, language: 'nl', menu: true });
    const again = await w.receive(call('silence'));
    expect(said(again.draft.replies)[0]).toBe(nl.callBack.choose);
    expect(again.draft.contact?.callBack).not.toBeNull();

    w.now = new Date(START.getTime() + 10 * 60_000); // the offer's time is up: "1" answers the question
    const late = await w.receive(call('input', '1'));
    expect(late.draft.contact?.callBack).toBeNull();
    expect(late.draft.toCommit('l', 's', 0).progress.some((p) => p.callBackAt)).toBe(false);
    expect(w.answers.find((a) => a.questionId === 'consent')?.value).toBe('yes');

    await w.receive(call('input', '9')); // at the nine options: no offer
    expect(w.state(w.contactKey(PHONE)).contact?.callBack ?? null).toBeNull();
  });

  it('a time chosen is tracked on the round entry and ends the call', async () => {
    const w = world();
    await w.receive(call('start'));
    await w.receive(call('input', '9'));
    const chosen = await w.receive(call('input', '2'));
    const [progress] = chosen.draft.toCommit('l', 's', 0).progress;
    expect(progress).toMatchObject({ projectId: 'nine', roundId: 'r', channel: 'voice', callBackAt: '2026-11-24T09:00:00.000Z' });
    expect(said(chosen.draft.replies)).toEqual([nl.callBack.confirmed, nl.call.goodbye]);
    expect(chosen.draft.listen).toEqual({ kind: 'end' });
  });
});
