/**
 * Engine budget of DESIGN.md: under 1 ms of CPU per event. Runs the demo check-in from start to end
 * (answers, a reprompt, free text) through the pure engine, as the hot path calls it once per message.
 */
import { compileSurvey } from '../flows/compile.js';
import { resumeFlow, startFlow } from '../flows/engine.js';
import { DEMO_SURVEY } from '../local/seed.js';
import { underBudget, type Figure } from './report.js';

const BUDGET_US = 1000;
const INPUTS = ['yes', '4', 'xx', '1', 'because they listen', '2', 'the letters', 'more time', 'no'];

export function engineBench(): { figures: Figure[] } {
  const survey = compileSurvey(DEMO_SURVEY);
  const run = (surveys: number): number => {
    let events = 0;
    for (let i = 0; i < surveys; i++) {
      let state = startFlow(survey).state;
      for (const text of INPUTS) {
        state = resumeFlow(survey, state, { text }).state;
        events++;
      }
    }
    return events;
  };
  run(500); // JIT warm-up
  const cpu = process.cpuUsage();
  const wall = performance.now();
  const events = run(5000);
  const wallUs = ((performance.now() - wall) * 1000) / events;
  const used = process.cpuUsage(cpu);
  const cpuUs = (used.user + used.system) / events;
  return {
    figures: [
      underBudget({
        section: 'engine',
        name: 'CPU per event',
        value: cpuUs,
        unit: 'µs',
        budget: BUDGET_US,
        note: `${events} events of whole demo check-ins (process CPU time; wall ${wallUs.toFixed(1)} µs)`,
      }),
    ],
  };
}
