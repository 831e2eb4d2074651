import { describe, expect, it } from 'vitest';

import { formatPath, parseSurveyDefinition, SurveyDefinitionError } from '../../flows/definition.js';
import demo from '../../flows/templates/demo-checkin.json' with { type: 'json' };

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Obj = { [key: string]: Json };

/** A fresh, mutable copy of the demo template (valid as shipped). */
function demoCopy(): Obj {
  return JSON.parse(JSON.stringify(demo)) as Obj;
}

function questionsOf(def: Obj): Obj[] {
  return def['questions'] as Obj[];
}

function question(def: Obj, index: number): Obj {
  const q = questionsOf(def)[index];
  if (!q) throw new Error(`no question ${index}`);
  return q;
}

/** The SurveyDefinitionError thrown for `json`; fails the test when it parses or throws anything else. */
function errorOf(json: unknown): SurveyDefinitionError {
  try {
    parseSurveyDefinition(json);
  } catch (error) {
    expect(error).toBeInstanceOf(SurveyDefinitionError);
    return error as SurveyDefinitionError;
  }
  throw new Error('expected parseSurveyDefinition to throw');
}

const pathsOf = (json: unknown): string[] => errorOf(json).issues.map((i) => i.path);

/** A small valid survey in nl + fr with every kind; tests mutate a copy. */
function smallSurvey(): Obj {
  const t = (text: string): Obj => ({ nl: text, fr: text });
  return {
    id: 'small',
    version: 1,
    title: t('Klein'),
    languages: ['nl', 'fr'],
    questions: [
      { id: 'consent', kind: 'consent', text: t('Doe je mee?') },
      {
        id: 'channel',
        kind: 'choice',
        text: t('Hoe?'),
        options: [
          { value: 'phone', label: { nl: 'Telefoon', fr: 'Téléphone' } },
          { value: 'visit', label: { nl: 'Bezoek', fr: 'Visite' } },
        ],
        next: [{ if: { question: 'channel', equals: 'visit' }, goto: 'rating' }],
      },
      { id: 'why', kind: 'open', text: t('Waarom?') },
      { id: 'rating', kind: 'scale', text: t('Score?') },
      { id: 'count', kind: 'number', text: t('Hoeveel?'), min: 0, max: 20 },
      { id: 'fair', kind: 'statement', text: t('Eerlijk.'), probe: { text: t('Waarom?'), when: ['not_true'] } },
    ],
  };
}

describe('parseSurveyDefinition: valid definitions', () => {
  it('parses the demo template and applies defaults', () => {
    const def = parseSurveyDefinition(demo);
    expect(def.id).toBe('demo_checkin');
    expect(def.version).toBe(2);
    expect(def.languages).toEqual(['nl', 'fr', 'en', 'ar']);
    expect(def.maxReprompts).toBe(2);
    expect(def.questions.map((q) => [q.id, q.kind])).toEqual([
      ['consent', 'consent'],
      ['energy', 'scale'],
      ['respected', 'statement'],
      ['understood', 'statement'],
      ['change', 'open'],
      ['hear_back', 'consent'],
    ]);
    const [consent, energy, respected, understood, change, hearBack] = def.questions;
    expect(hearBack).toMatchObject({ kind: 'consent', hearBack: true, optional: true });
    expect(consent?.optional).toBe(false);
    expect(energy?.optional).toBe(true);
    expect(energy?.kind === 'scale' && energy.points).toBe(5);
    expect(respected?.kind === 'statement' && respected.probe?.when).toBeUndefined();
    expect(understood?.kind === 'statement' && understood.probe?.when).toEqual(['not_true', 'dont_know']);
    expect(change?.kind === 'open' && change.maxLength).toBeUndefined(); // no author's cap unless one is set: the channel's limit
    expect(change?.optional).toBe(true);
  });

  it('applies maxReprompts 2, optional true, consent optional false, number min 0 / max 999 when absent', () => {
    const json = smallSurvey();
    delete json['maxReprompts'];
    questionsOf(json).push({ id: 'plain', kind: 'number', text: { nl: 'n', fr: 'n' } });
    const def = parseSurveyDefinition(json);
    expect(def.maxReprompts).toBe(2);
    expect(def.questions.map((q) => q.optional)).toEqual([false, true, true, true, true, true, true]);
    const plain = def.questions[6];
    expect(plain?.kind === 'number' && [plain.min, plain.max]).toEqual([0, 999]);
    const count = def.questions[4];
    expect(count?.kind === 'number' && [count.min, count.max]).toEqual([0, 20]);
  });

  it('keeps explicit values: maxReprompts 0, optional false on a question', () => {
    const json = smallSurvey();
    json['maxReprompts'] = 0;
    question(json, 3)['optional'] = false;
    const def = parseSurveyDefinition(json);
    expect(def.maxReprompts).toBe(0);
    expect(def.questions[3]?.optional).toBe(false);
  });

  it('does not mutate its input', () => {
    const json = smallSurvey();
    const before = JSON.stringify(json);
    parseSurveyDefinition(json);
    expect(JSON.stringify(json)).toBe(before);
  });

  it('accepts a survey without consent, and next rules to later questions and to end', () => {
    const json = smallSurvey();
    questionsOf(json).shift();
    question(json, 2)['next'] = [
      { if: { question: 'rating', lessThan: 3 }, goto: 'end' },
      { if: { question: 'channel', in: ['phone'] }, goto: 'fair' },
      { if: { question: 'why', answered: true }, goto: 'count' },
      { if: { question: 'rating', greaterThan: 4 }, goto: 'fair' },
    ];
    const def = parseSurveyDefinition(json);
    expect(def.questions[2]?.next).toHaveLength(4);
  });
});

describe('parseSurveyDefinition: every error names the exact field', () => {
  it('missing Arabic text of question 2 → questions[1].text.ar', () => {
    const json = demoCopy();
    delete (question(json, 1)['text'] as Obj)['ar'];
    const error = errorOf(json);
    expect(error.issues).toEqual([{ path: 'questions[1].text.ar', message: 'missing text in "ar"' }]);
  });

  it('blank text counts as missing content', () => {
    const json = demoCopy();
    (question(json, 1)['text'] as Obj)['ar'] = '   ';
    expect(pathsOf(json)).toContain('questions[1].text.ar');
  });

  it('missing title language → title.en', () => {
    const json = demoCopy();
    delete (json['title'] as Obj)['en'];
    expect(pathsOf(json)).toEqual(['title.en']);
  });

  it('missing option label language → questions[1].options[1].label.fr', () => {
    const json = smallSurvey();
    const options = question(json, 1)['options'] as Obj[];
    delete (options[1]?.['label'] as Obj)['fr'];
    expect(pathsOf(json)).toEqual(['questions[1].options[1].label.fr']);
  });

  it('missing probe text language → questions[5].probe.text.nl', () => {
    const json = smallSurvey();
    delete ((question(json, 5)['probe'] as Obj)['text'] as Obj)['nl'];
    expect(pathsOf(json)).toEqual(['questions[5].probe.text.nl']);
  });

  it('duplicate question id → questions[2].id', () => {
    const json = demoCopy();
    question(json, 2)['id'] = 'energy';
    const error = errorOf(json);
    expect(error.issues).toEqual([{ path: 'questions[2].id', message: 'duplicate question id "energy"' }]);
  });

  it('next.goto to an unknown id → questions[1].next[0].goto', () => {
    const json = smallSurvey();
    question(json, 1)['next'] = [{ if: { question: 'channel', equals: 'visit' }, goto: 'nowhere' }];
    const error = errorOf(json);
    expect(error.issues).toEqual([{ path: 'questions[1].next[0].goto', message: 'no question "nowhere"' }]);
  });

  it('next.goto to an earlier question (a loop) → questions[3].next[0].goto', () => {
    const json = smallSurvey();
    question(json, 3)['next'] = [{ if: { question: 'rating', lessThan: 3 }, goto: 'channel' }];
    const error = errorOf(json);
    expect(error.issues.map((i) => i.path)).toEqual(['questions[3].next[0].goto']);
    expect(error.issues[0]?.message).toContain('loops are not allowed');
  });

  it('next.goto to the question itself is a loop too', () => {
    const json = smallSurvey();
    question(json, 3)['next'] = [{ if: { question: 'rating', lessThan: 3 }, goto: 'rating' }];
    expect(pathsOf(json)).toEqual(['questions[3].next[0].goto']);
  });

  it('next.if.question referring to a later question → questions[1].next[1].if.question', () => {
    const json = smallSurvey();
    question(json, 1)['next'] = [
      { if: { question: 'channel', equals: 'visit' }, goto: 'rating' },
      { if: { question: 'rating', lessThan: 3 }, goto: 'end' },
    ];
    const error = errorOf(json);
    expect(error.issues).toEqual([{ path: 'questions[1].next[1].if.question', message: '"rating" is not this or an earlier question' }]);
  });

  it('next.if.question referring to an unknown question → …if.question', () => {
    const json = smallSurvey();
    question(json, 1)['next'] = [{ if: { question: 'ghost', equals: 'x' }, goto: 'end' }];
    expect(pathsOf(json)).toEqual(['questions[1].next[0].if.question']);
  });

  it('a condition with two tests, or none → questions[1].next[0].if', () => {
    const two = smallSurvey();
    question(two, 1)['next'] = [{ if: { question: 'channel', equals: 'visit', in: ['phone'] }, goto: 'end' }];
    expect(pathsOf(two)).toEqual(['questions[1].next[0].if']);
    const none = smallSurvey();
    question(none, 1)['next'] = [{ if: { question: 'channel' }, goto: 'end' }];
    expect(pathsOf(none)).toEqual(['questions[1].next[0].if']);
  });

  it('consent not first → questions (message says it must come first)', () => {
    const json = smallSurvey();
    const qs = questionsOf(json);
    const [consent, channel] = [qs[0], qs[1]];
    if (!consent || !channel) throw new Error('fixture');
    qs[0] = channel;
    qs[1] = consent;
    // `channel` has a next rule on itself, still valid at index 0.
    const error = errorOf(json);
    expect(error.issues).toEqual([{ path: 'questions', message: 'a consent question must come first' }]);
  });

  it('a hear-back consent must be optional, consent to take part must not → …optional', () => {
    const hearBack = {
      id: 'hear_later',
      kind: 'consent',
      hearBack: true,
      text: { nl: 'Later horen?', fr: 'Savoir plus tard ?', en: 'Hear back?', ar: 'هل تريد أن تعرف؟' },
    };
    const notOptional = demoCopy();
    questionsOf(notOptional).push(hearBack);
    expect(pathsOf(notOptional)).toEqual(['questions[6].optional']);
    const optional = demoCopy();
    questionsOf(optional).push({ ...hearBack, optional: true });
    expect(() => parseSurveyDefinition(optional)).not.toThrow();
    const skippableConsent = demoCopy();
    question(skippableConsent, 0)['optional'] = true;
    expect(pathsOf(skippableConsent)).toEqual(['questions[0].optional']);
  });

  it('only a hear-back consent may come after the first question', () => {
    const json = demoCopy();
    questionsOf(json).push({ id: 'again', kind: 'consent', text: { nl: 'Nog eens?', fr: 'Encore ?', en: 'Again?', ar: 'مرة أخرى؟' } });
    expect(errorOf(json).issues).toEqual([{ path: 'questions', message: 'a consent question must come first' }]);
  });

  it('bad id characters → questions[1].id and (root) id', () => {
    for (const bad of ['Energy', 'energy-level', '1energy', 'énergie', 'a'.repeat(41), '']) {
      const json = demoCopy();
      question(json, 1)['id'] = bad;
      expect(pathsOf(json), bad).toEqual(['questions[1].id']);
    }
    const json = demoCopy();
    json['id'] = 'Demo Checkin';
    expect(pathsOf(json)).toEqual(['id']);
  });

  it('bad option value characters → questions[1].options[0].value', () => {
    const json = smallSurvey();
    const options = question(json, 1)['options'] as Obj[];
    (options[0] as Obj)['value'] = 'Phone!';
    expect(pathsOf(json)).toEqual(['questions[1].options[0].value']);
  });

  it('a choice with 1 option → questions[1].options', () => {
    const json = smallSurvey();
    const options = question(json, 1)['options'] as Obj[];
    question(json, 1)['options'] = options.slice(0, 1);
    question(json, 1)['next'] = [];
    const error = errorOf(json);
    expect(error.issues.map((i) => i.path)).toEqual(['questions[1].options']);
    expect(error.issues[0]?.message).toMatch(/2/);
  });

  it('number min > max → questions[4].min', () => {
    const json = smallSurvey();
    question(json, 4)['min'] = 21;
    const error = errorOf(json);
    expect(error.issues).toEqual([{ path: 'questions[4].min', message: 'min must not be above max' }]);
  });

  it('number min = max is allowed', () => {
    const json = smallSurvey();
    question(json, 4)['min'] = 20;
    expect(() => parseSurveyDefinition(json)).not.toThrow();
  });

  it('unknown kind → questions[1].kind', () => {
    const json = demoCopy();
    question(json, 1)['kind'] = 'slider';
    const error = errorOf(json);
    expect(error.issues.map((i) => i.path)).toEqual(['questions[1].kind']);
    expect(error.issues[0]?.message).toContain('statement');
  });

  it('an extra unknown property (strict) → the object holding it, the message naming the key', () => {
    const inQuestion = demoCopy();
    question(inQuestion, 1)['colour'] = 'red';
    expect(errorOf(inQuestion).issues).toEqual([{ path: 'questions[1]', message: 'Unrecognized key: "colour"' }]);

    const atRoot = demoCopy();
    atRoot['author'] = 'me';
    expect(errorOf(atRoot).issues).toEqual([{ path: '(root)', message: 'Unrecognized key: "author"' }]);

    const inProbe = demoCopy();
    (question(inProbe, 2)['probe'] as Obj)['always'] = true;
    expect(errorOf(inProbe).issues).toEqual([{ path: 'questions[2].probe', message: 'Unrecognized key: "always"' }]);
  });

  it('a consent question cannot be made optional → questions[0].optional', () => {
    const json = demoCopy();
    question(json, 0)['optional'] = true;
    expect(pathsOf(json)).toEqual(['questions[0].optional']);
  });

  it('other field errors: version, languages, maxReprompts, scale points, probe.when', () => {
    const cases: Array<[(j: Obj) => void, string]> = [
      [(j) => (j['version'] = 0), 'version'],
      [(j) => (j['version'] = 1.5), 'version'],
      [(j) => (j['languages'] = []), 'languages'],
      [(j) => (j['languages'] = ['nl', 'NL']), 'languages[1]'],
      [(j) => (j['maxReprompts'] = 6), 'maxReprompts'],
      [(j) => (question(j, 1)['points'] = 7), 'questions[1].points'],
      [(j) => ((question(j, 3)['probe'] as Obj)['when'] = ['maybe']), 'questions[3].probe.when[0]'],
      [(j) => (j['questions'] = []), 'questions'],
    ];
    for (const [mutate, path] of cases) {
      const json = demoCopy();
      mutate(json);
      expect(pathsOf(json), path).toContain(path);
    }
  });

  it('reports every problem at once, not only the first', () => {
    const json = demoCopy();
    delete (question(json, 1)['text'] as Obj)['ar'];
    delete (question(json, 4)['text'] as Obj)['fr'];
    question(json, 3)['id'] = 'energy';
    expect(pathsOf(json).sort()).toEqual(['questions[1].text.ar', 'questions[3].id', 'questions[4].text.fr']);
  });

  it('rejects non-objects with a (root) issue', () => {
    for (const json of [null, 42, 'survey', [], true]) {
      expect(pathsOf(json)).toEqual(['(root)']);
    }
  });
});

describe('SurveyDefinitionError', () => {
  it('has a readable message that includes the path, a stable code and a name', () => {
    const json = demoCopy();
    delete (question(json, 1)['text'] as Obj)['ar'];
    const error = errorOf(json);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('SurveyDefinitionError');
    expect(error.code).toBe('SURVEY_DEFINITION_INVALID');
    expect(error.message).toBe('Invalid survey definition: questions[1].text.ar: missing text in "ar"');
  });

  it('joins several issues with "; "', () => {
    const json = demoCopy();
    delete (question(json, 1)['text'] as Obj)['ar'];
    question(json, 2)['id'] = 'energy';
    const error = errorOf(json);
    expect(error.message.startsWith('Invalid survey definition: ')).toBe(true);
    expect(error.message).toContain('questions[1].text.ar: missing text in "ar"');
    expect(error.message).toContain('questions[2].id: duplicate question id "energy"');
    expect(error.message.split('; ')).toHaveLength(2);
  });
});

describe('formatPath', () => {
  it('formats zod paths as a person editing the JSON reads them', () => {
    expect(formatPath(['questions', 2, 'text', 'ar'])).toBe('questions[2].text.ar');
    expect(formatPath(['questions', 0, 'options', 1, 'label', 'fr'])).toBe('questions[0].options[1].label.fr');
    expect(formatPath(['title'])).toBe('title');
    expect(formatPath([])).toBe('');
  });
});
