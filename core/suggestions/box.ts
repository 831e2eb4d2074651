import { compileSurvey, type CompiledSurvey } from '../../flows/compile.js';
import { parseSurveyDefinition } from '../../flows/definition.js';
import type { Project, Round } from '../model.js';

/**
 * The suggestion box: an always-open door. A project may keep one; then a message from a person enrolled
 * in it, written when no survey waits for them (no round open, or theirs finished), is spontaneous
 * feedback rather than "no survey open". It is kept like any answer — redacted, under a respondent code
 * (`boxRespondentCode`: one per message), the day only — in a standing partition of its own (round id
 * `box`), and reaches staff only through a release like a round's (core/results/releases.ts): nothing
 * before k messages have come, then in steps of k. Modelled as a round with a one-question survey so that the answers' table layout,
 * the voice pipeline, redaction, releases and the CSV export serve it unchanged.
 */

export const BOX_ROUND_ID = 'box';
export const BOX_QUESTION_ID = 'suggestion';

/** What the box's answers are answers to, as the export names it (the participant is never asked it). */
const definition = parseSurveyDefinition({
  id: 'suggestion_box',
  version: 1,
  title: { nl: 'Ideeënbus', fr: 'Boîte à idées', en: 'Suggestion box' },
  languages: ['nl', 'fr', 'en'],
  maxReprompts: 0,
  questions: [
    {
      id: BOX_QUESTION_ID,
      kind: 'open',
      text: {
        nl: 'Bericht dat iemand uit zichzelf stuurde (geen vragenlijst open)',
        fr: 'Message envoyé spontanément (aucun questionnaire ouvert)',
        en: 'Message sent on their own (no survey open)',
      },
    },
  ],
});

let compiled: CompiledSurvey | undefined;
export const boxSurvey = (): CompiledSurvey => (compiled ??= compileSurvey(definition));

/**
 * The box as a round: always open, never expired — a person's messages count as finished once written
 * (each writes the completion marker), so a release can take them.
 */
export function boxRound(project: Pick<Project, 'projectId'>): Round {
  return {
    projectId: project.projectId,
    roundId: BOX_ROUND_ID,
    label: 'box',
    surveyId: definition.id,
    surveyVersion: definition.version,
    opensAt: '1970-01-01T00:00:00.000Z',
    closesAt: '9999-12-31T00:00:00.000Z',
    reminderAfterHours: null,
    expiredAt: null,
  };
}

/**
 * The respondent code of a box message: each message is a respondent of its own, from a keyed hash of the
 * provider's message id (a replayed webhook writes the same record). Why not the person's code, as in a
 * round: a person who writes again after their release would show staff a new message under a code they
 * have seen, the day it came (a round's respondent writes once; a box is open for ever); and several
 * messages under one code could be read together to tell who wrote them. So a box message is like a slip
 * in a real box: anonymous and unlinkable to the others, and a release takes k messages at a time.
 */
export const boxRespondentCode = (messageKey: string): string => `B${messageKey}`;
