import { parseSurveyDefinition, type SurveyDefinition } from '../definition.js';
import energyCheckin from './energy-checkin.json' with { type: 'json' };
import openFeedback from './open-feedback.json' with { type: 'json' };
import statementProbe from './statement-probe.json' with { type: 'json' };

/** The built-in templates staff can start a survey from (validated like any uploaded definition). */
export const TEMPLATES: readonly SurveyDefinition[] = [energyCheckin, statementProbe, openFeedback].map((t) => parseSurveyDefinition(t));

export function findTemplate(id: string): SurveyDefinition | undefined {
  return TEMPLATES.find((t) => t.id === id);
}
