import { parseSurveyDefinition, type SurveyDefinition } from '../definition.js';
import endEvaluation from './end-evaluation.json' with { type: 'json' };
import energyCheckin from './energy-checkin.json' with { type: 'json' };
import mostSignificantChange from './most-significant-change.json' with { type: 'json' };
import openFeedback from './open-feedback.json' with { type: 'json' };
import statementProbe from './statement-probe.json' with { type: 'json' };
import storySignifiers from './story-signifiers.json' with { type: 'json' };

/**
 * The built-in templates staff can start a survey from (validated like any uploaded definition), in the
 * order the dashboard lists them: the energy check-in that opens every round first, the end evaluation last.
 * Each has its texts in all eight shipped languages and an `about` for staff (nl, fr, en); see
 * tests/unit/templates.test.ts. The demo survey (demo-checkin.json) is seeded separately and is no template.
 */
export const TEMPLATES: readonly SurveyDefinition[] = [energyCheckin, statementProbe, storySignifiers, mostSignificantChange, openFeedback, endEvaluation].map((t) =>
  parseSurveyDefinition(t),
);

export function findTemplate(id: string): SurveyDefinition | undefined {
  return TEMPLATES.find((t) => t.id === id);
}
