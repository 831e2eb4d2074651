import { expect } from 'vitest';
import { audioDurationSeconds } from '../../../adapters/audio/audio-duration.js';
import type { Project } from '../../../core/model.js';
import type { CompiledSurvey } from '../../../flows/compile.js';
import ar from '../../../locales/ar/translation.json' with { type: 'json' };
import ti from '../../../locales/ti/translation.json' with { type: 'json' };
import type { FakeMessage, FakeTwilioRest } from './fake-twilio-rest.js';
import { shownBy, voiceNoteOf, type Person, type Turn } from './whatsapp-person.js';

/**
 * A survey taken by ear on WhatsApp, as a person who does not read takes it: each question is found by
 * its voice note, answered by a tap on its buttons or list, or by a voice note of one's own. Every turn is
 * checked for what such a person needs (`heard`): the question said, and nothing to answer given as
 * numbered text instead of buttons.
 */

export interface Study {
  project: Project;
  roundId: string;
  survey: CompiledSurvey;
}

export const LOCALES = { ar, ti } as const;
export type Language = keyof typeof LOCALES;
/** The project's language menu (nl, ar, ti) and the espeak-ng voice that speaks each (Amharic's reads Ge'ez script). */
const ESPEAK: Record<Language, string> = { ar: 'ar', ti: 'am' };

export interface Ear {
  twilio: FakeTwilioRest;
  /** Seconds of the recording staff uploaded, by `<survey>/<question>`: where set, a note must be that recording. */
  recorded: ReadonlyMap<string, number>;
  /** Where the voice answers are made. */
  work: string;
}

export const NOTE_URL = /^https:\/\/stem\.example\.be\/media\/voice\/demo-ocmw\/([a-z_]+)\/(\d+)\/([a-z_.]+)\/([a-z]{2})\.ogg\?exp=\d+&sig=[\w-]+$/;
export const CLOSED = new Set(['consent', 'statement', 'scale', 'choice', 'dyad']);
export const isNote = (m: FakeMessage) => m.mediaUrl !== null;

/**
 * The question this turn asks, heard: one voice note, Twilio's fetch of it answered 200 with Ogg/Opus,
 * the texts before it handed on before it was made; for a closed question the answers to tap only once
 * the note was handed on, and nothing of it as numbered text by TwiML; voice first, the question's own
 * words never written. `unheard`: the note is to fail, and the question come written in full with its buttons.
 */
export function heard(ear: Ear, study: Study, language: Language, turn: Turn, unheard = false): { questionId: string; tap: FakeMessage | null } {
  const { id, version } = study.survey.definition;
  const notes = turn.messages.filter(isNote);
  expect(notes, 'one voice note a question').toHaveLength(1);
  const note = notes[0] as FakeMessage;
  const [, surveyId, noteVersion, questionId = '', lang] = NOTE_URL.exec(note.mediaUrl ?? '') ?? [];
  expect([surveyId, Number(noteVersion), lang]).toEqual([id, version, language]);
  const question = study.survey.askables.get(questionId);
  if (!question) throw new Error(`no question ${questionId}`);
  const words = question.text[language] ?? '';
  if (unheard) {
    expect(note.status).toBe('failed');
    expect(note.media?.status).not.toBe(200);
  } else {
    expect(note.status).toBe('sent');
    expect([note.media?.status, note.media?.contentType]).toEqual([200, 'audio/ogg']);
    const bytes = Buffer.from(note.media?.bytes ?? new Uint8Array());
    expect(bytes.subarray(0, 4).toString('latin1')).toBe('OggS');
    expect(bytes.subarray(28, 36).toString('latin1')).toBe('OpusHead'); // RFC 7845 §5.1: the first page holds the Opus header
    const seconds = audioDurationSeconds(bytes, 'audio/ogg') ?? 0;
    const recording = ear.recorded.get(`${id}/${questionId}`);
    // A recording staff made of this very question, transcoded: as long as what they uploaded for it.
    if (language === 'ti') expect(Math.abs(seconds - (recording ?? -1))).toBeLessThan(0.25);
    else expect(seconds).toBeGreaterThan(1);
  }
  for (const m of turn.messages.filter((m) => m.madeAt < note.madeAt)) {
    expect(m.mediaUrl).toBeNull();
    expect(m.handedOnAt ?? Infinity).toBeLessThan(note.madeAt);
  }
  const written = turn.messages.filter((m) => m.body !== null);
  const taps = turn.messages.filter((m) => m.contentSid !== null);
  if (!CLOSED.has(question.kind)) {
    // An open question has nothing to tap: its note, then the hint, both by REST and the hint only once the
    // note was handed on (by TwiML the hint, made without a fetch, overtook it).
    expect(taps).toEqual([]);
    expect(turn.messages.every((m) => m.via === 'rest')).toBe(true);
    const after = written.filter((m) => m.madeAt > note.madeAt);
    expect(after.length).toBeGreaterThan(0);
    for (const m of after) expect(m.madeAt).toBeGreaterThan(note.handedOnAt ?? Infinity);
    if (unheard) expect(after.map((m) => m.body).join('\n')).toContain(words);
    else for (const m of written) expect(m.body).not.toContain(words);
    return { questionId, tap: null };
  }
  expect(taps, `the answers to tap for ${questionId}`).toHaveLength(1);
  const tap = taps[0] as FakeMessage;
  expect(tap.madeAt).toBeGreaterThan(note.handedOnAt ?? Infinity);
  // Nothing by TwiML: no numbered text stands in for the buttons.
  expect(turn.messages.every((m) => m.via === 'rest')).toBe(true);
  expect(turn.sent.body).not.toContain('<Message');
  const shown = shownBy(ear.twilio, tap.contentSid ?? '');
  expect(shown.options.every((o) => o.id.startsWith(`t1:${id}:${version}:${questionId}:`))).toBe(true);
  if (unheard) expect(shown.body).toContain(words);
  else for (const body of [...written.map((m) => m.body), shown.body]) expect(body).not.toContain(words);
  return { questionId, tap };
}

/** The person's answers by question: a value to tap (the end of its id) for a closed question, words to say for an open one. */
export type Script = Readonly<Record<string, string>>;

/**
 * Join with the code (and pick the language, the first time), then answer every question as it is heard;
 * the questions heard, in order, the voice answers sent, and the last turn.
 */
export async function takeSurvey(ear: Ear, study: Study, person: Person, language: Language, script: Script, unheard: ReadonlySet<string> = new Set()) {
  const asked: string[] = [];
  const spoken: Array<{ questionId: string; sid: string; ogg: Uint8Array }> = [];
  let turn = await person.write(`JOIN ${study.project.joinCode}`);
  if (!turn.messages.some(isNote)) {
    // New here: the language menu first, to tap (each language in its own script), then the survey
    // in the language tapped. Nothing is typed.
    const menu = turn.messages.find((m) => m.contentSid !== null);
    const shown = shownBy(ear.twilio, menu?.contentSid ?? '');
    // Buttons for up to three languages, else a list under the globe.
    expect(shown.body.startsWith('🌐')).toBe(true);
    if (shown.kind === 'list') expect(shown.button).toBe('🌐');
    const mine = shown.options.find((o) => o.id === `l1:${language}`);
    if (!mine) throw new Error(`no ${language} in the language menu`);
    turn = await person.tap(mine, shown.kind);
  }
  for (;;) {
    const notes = turn.messages.filter(isNote);
    if (notes.length === 0) return { asked, spoken, last: turn };
    const q = heard(ear, study, language, turn, unheard.has(NOTE_URL.exec(notes[0]?.mediaUrl ?? '')?.[3] ?? ''));
    asked.push(q.questionId);
    const answer = script[q.questionId];
    if (answer === undefined) throw new Error(`no answer scripted for ${q.questionId}`);
    if (q.tap) {
      const shown = shownBy(ear.twilio, q.tap.contentSid ?? '');
      const option = shown.options.find((o) => o.id.endsWith(`:${answer}`));
      if (!option) throw new Error(`no option ${answer} in ${JSON.stringify(shown.options)}`);
      turn = await person.tap(option, shown.kind);
    } else {
      const ogg = voiceNoteOf(ear.work, `${person.phone}-${q.questionId}`, ESPEAK[language], answer);
      turn = await person.speak(ogg);
      spoken.push({ questionId: q.questionId, sid: turn.sent.messageSid, ogg });
      // Acknowledged at once, before the next question is heard.
      expect(turn.messages[0]?.body ?? '').toContain(LOCALES[language].voice.received);
    }
  }
}
