import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { detectCommand } from '../../core/commands.js';
import { parseAnswer, type RawInput } from '../../flows/answers.js';
import { compileSurvey } from '../../flows/compile.js';
import { parseSurveyDefinition, SurveyDefinitionError } from '../../flows/definition.js';
import { resumeFlow, startFlow, type FlowState } from '../../flows/engine.js';
import { normalizeText, SCALE_FACES } from '../../flows/normalize.js';
import demoJson from '../../flows/templates/demo-checkin.json' with { type: 'json' };
import { translations } from '../../locales/index.js';

const demo = compileSurvey(parseSurveyDefinition(demoJson));
const askableIds = [...demo.askables.keys()];
/** Every state a participant can be asked in, plus the two final states. */
const knownStates = new Set([...demo.stateQuestion.keys(), 'completed', 'declined']);

// ── inputs ──────────────────────────────────────────────────────────────────────────────────────

const localeWords = [...new Set(Object.values(translations).flatMap((t) => Object.values(t.words).flat()))];
const digits = [...'0123456789', ...'٠١٢٣٤٥٦٧٨٩', ...'۰۱۲۳۴۵۶۷۸۹', ...'０１２３４５６７８９', ...'፩፪፫፲'];
const emoji = [...SCALE_FACES, '👍', '👎', '👍🏽', '✅', '❌', '1️⃣', '3️⃣', '🔟', '🙏', '❤️', '🇧🇪', '👨‍👩‍👧'];
const noise = ['', ' ', '  ', '\n', '\t', '.', '!', '?', '؟', ',', '-', '_', "'", '’', '\u200B', '\u200C', '\u200F', '\u0640', '\u064E', '\uFE0F', '\u20E3'];

const token = fc.oneof(
  fc.constantFrom(...localeWords),
  fc.constantFrom(...digits),
  fc.constantFrom(...emoji),
  fc.constantFrom(...noise),
  fc.string({ unit: 'grapheme', maxLength: 4 }),
);
/** Mixtures of digits, emoji, words from the locale `words` arrays and noise. */
const mixture = fc
  .tuple(fc.array(token, { maxLength: 5 }), fc.constantFrom(' ', '', '  ', ', ', '\n', '-'))
  .map(([tokens, separator]) => tokens.join(separator));

const anyText = fc.oneof(
  fc.string({ unit: 'grapheme' }),
  fc.string({ unit: 'grapheme-composite' }),
  fc.string({ unit: 'binary' }), // any code points, lone surrogates included
  fc.string(),
  mixture,
);

/** Answers that move the demo survey on, so random runs get deep into it. */
const progress = fc.constantFrom('1', '2', '3', '4', '5', 'yes', 'ja', 'نعم', 'SKIP', 'niet waar', '?', 'Meer hulp', '😐');

const payload = fc.oneof(
  anyText,
  fc
    .tuple(fc.constantFrom(...askableIds), fc.oneof(anyText, fc.constantFrom('yes', 'no', 'true', 'not_true', 'dont_know', '3')))
    .map(([id, value]) => `${id}:${value}`),
);

const anyInput: fc.Arbitrary<RawInput> = fc.oneof(
  { arbitrary: progress.map((text) => ({ text })), weight: 4 },
  { arbitrary: anyText.map((text) => ({ text })), weight: 4 },
  { arbitrary: payload.map((buttonPayload) => ({ buttonPayload })), weight: 1 },
  { arbitrary: fc.record({ text: fc.option(anyText, { nil: undefined }), buttonPayload: fc.option(payload, { nil: undefined }) }), weight: 1 },
  { arbitrary: fc.constant({}), weight: 1 },
);

/** A reachable state: the demo survey after a random sequence of valid and invalid messages. */
const reachableState: fc.Arbitrary<FlowState> = fc.array(anyInput, { maxLength: 14 }).map((inputs) => {
  let state = startFlow(demo).state;
  for (const input of inputs) state = resumeFlow(demo, state, input).state;
  return state;
});

// ── properties ──────────────────────────────────────────────────────────────────────────────────

describe('resumeFlow on the demo survey', () => {
  it('the random runs reach every state of the survey (so the properties below cover them all)', () => {
    const reached = new Set(fc.sample(reachableState, { numRuns: 600, seed: 20240601 }).map((s) => s.value));
    expect([...knownStates].filter((s) => !reached.has(s))).toEqual([]);
  });

  it('from any reachable state, any input: never throws, and never leaves an unfinished session unchanged without a reply', () => {
    fc.assert(
      fc.property(reachableState, anyInput, (state, input) => {
        const step = resumeFlow(demo, state, input);
        expect(knownStates.has(step.state.value)).toBe(true);
        if (state.done) {
          expect(step.effects).toEqual([]);
          expect(step.state).toEqual(state);
          return;
        }
        const changed = JSON.stringify(step.state) !== JSON.stringify(state);
        const asks = step.effects.some((e) => e.type === 'ask');
        expect(changed || asks).toBe(true);
        // Every message to an unfinished session gets a reply: a question, or the end of the survey.
        expect(step.effects.some((e) => e.type === 'ask' || e.type === 'complete' || e.type === 'decline')).toBe(true);
        // `done` and the final effects agree.
        expect(step.state.done).toBe(step.effects.some((e) => e.type === 'complete' || e.type === 'decline'));
        // At most one answer is recorded per message.
        expect(step.effects.filter((e) => e.type === 'record-answer').length).toBeLessThanOrEqual(1);
      }),
      { numRuns: 400 },
    );
  });

  it('is deterministic and survives a JSON round trip of the state', () => {
    fc.assert(
      fc.property(reachableState, anyInput, (state, input) => {
        const direct = resumeFlow(demo, state, input);
        const restored = resumeFlow(demo, JSON.parse(JSON.stringify(state)) as FlowState, input);
        expect(restored).toEqual(direct);
        expect(resumeFlow(demo, state, input)).toEqual(direct);
      }),
      { numRuns: 200 },
    );
  });

  it('the demo session never keeps answers (no next rules read them)', () => {
    fc.assert(
      fc.property(reachableState, (state) => {
        expect(state.context.answers).toEqual({});
        expect(state.context.reprompts).toBeGreaterThanOrEqual(0);
        expect(state.context.reprompts).toBeLessThanOrEqual(demo.definition.maxReprompts);
      }),
      { numRuns: 200 },
    );
  });
});

describe('parseAnswer and detectCommand are total', () => {
  it('parseAnswer gives value, skip or unreadable for every askable and any input', () => {
    fc.assert(
      fc.property(fc.constantFrom(...askableIds), anyInput, (id, input) => {
        const askable = demo.askables.get(id);
        if (!askable) throw new Error(id);
        const parsed = parseAnswer(askable, input);
        expect(['value', 'skip', 'unreadable']).toContain(parsed.kind);
      }),
      { numRuns: 400 },
    );
  });

  it('detectCommand never throws', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const command = detectCommand(text);
        expect(command === null || typeof command.type === 'string').toBe(true);
      }),
      { numRuns: 400 },
    );
  });
});

describe('normalizeText', () => {
  it('never throws and is idempotent', () => {
    fc.assert(
      fc.property(anyText, (s) => {
        const once = normalizeText(s);
        expect(normalizeText(once)).toBe(once);
      }),
      { numRuns: 1500 },
    );
  });

  it('output is trimmed, single-spaced and lower case', () => {
    fc.assert(
      fc.property(anyText, (s) => {
        const out = normalizeText(s);
        expect(out).toBe(out.trim());
        expect(out).not.toMatch(/\s{2}/);
        expect(out).not.toMatch(/[\t\n\r]/);
        expect(out.toLowerCase()).toBe(out);
      }),
      { numRuns: 500 },
    );
  });
});

// ── parseSurveyDefinition ───────────────────────────────────────────────────────────────────────

type Path = Array<string | number>;

function pathsIn(node: unknown, prefix: Path = []): Path[] {
  const out: Path[] = [prefix];
  if (Array.isArray(node)) node.forEach((child, i) => out.push(...pathsIn(child, [...prefix, i])));
  else if (node !== null && typeof node === 'object') for (const [key, child] of Object.entries(node)) out.push(...pathsIn(child, [...prefix, key]));
  return out;
}

const demoPaths = pathsIn(demoJson).filter((p) => p.length > 0);

/** Set (or delete, when `value` is undefined) the node at `path` of a JSON copy. */
function mutate(root: unknown, path: Path, value: unknown): unknown {
  const copy = JSON.parse(JSON.stringify(root)) as unknown;
  let parent = copy as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
  const last = path[path.length - 1] as string | number;
  if (value === undefined) delete parent[last];
  else parent[last] = value;
  return copy;
}

const mutatedDemo = fc
  .array(fc.tuple(fc.constantFrom(...demoPaths), fc.option(fc.jsonValue({ maxDepth: 3 }), { nil: undefined })), { minLength: 1, maxLength: 3 })
  .map((mutations) => {
    let json: unknown = demoJson;
    for (const [path, value] of mutations) {
      try {
        json = mutate(json, path, value);
      } catch {
        // an earlier mutation removed the parent of this path: skip it
      }
    }
    return json;
  });

function parsesOrThrowsDefinitionError(json: unknown): void {
  try {
    parseSurveyDefinition(json);
  } catch (error) {
    expect(error).toBeInstanceOf(SurveyDefinitionError);
    const issues = (error as SurveyDefinitionError).issues;
    expect(issues.length).toBeGreaterThan(0);
    for (const issue of issues) {
      expect(issue.path.length).toBeGreaterThan(0);
      expect(issue.message.length).toBeGreaterThan(0);
    }
  }
}

describe('parseSurveyDefinition', () => {
  it('throws nothing but SurveyDefinitionError for arbitrary JSON', () => {
    fc.assert(fc.property(fc.jsonValue(), parsesOrThrowsDefinitionError), { numRuns: 500 });
  });

  it('throws nothing but SurveyDefinitionError for the demo template with random fields replaced or removed', () => {
    fc.assert(fc.property(mutatedDemo, parsesOrThrowsDefinitionError), { numRuns: 500 });
  });

  it('whatever it accepts compiles and starts by asking a question', () => {
    fc.assert(
      fc.property(mutatedDemo, (json) => {
        let parsed;
        try {
          parsed = parseSurveyDefinition(json);
        } catch {
          return;
        }
        const step = startFlow(compileSurvey(parsed));
        expect(step.effects[0]?.type).toBe('ask');
      }),
      { numRuns: 300 },
    );
  });
});
