import { describe, expect, it } from 'vitest';
import { reviewOf, reviewsAfterEdit, reviewsOf } from '../../core/translation/review.js';
import { parseSurveyDefinition, type SurveyDefinition } from '../../flows/definition.js';

/**
 * Review states after an edit outside the translation workflow (core/translation/review.ts), as an
 * attacker of the workflow would try them: no edit may leave a changed text "reviewed", a changed source
 * text makes its translations drafts, and nothing here ever makes a language reviewed.
 */

const AT = new Date('2026-12-08T10:00:00.000Z');
const DRAFT = { state: 'draft', by: 'staff', at: AT.toISOString() } as const;
const REVIEWED = { state: 'reviewed', by: 'interpreter', at: '2026-12-01T09:00:00.000Z' } as const;

function survey(): SurveyDefinition {
  return parseSurveyDefinition({
    id: 'reviewed',
    version: 1,
    title: { nl: 'Titel', fr: 'Titre', ar: 'عنوان' },
    about: { en: 'For staff' },
    languages: ['nl', 'fr', 'ar'],
    questions: [
      { id: 'consent', kind: 'consent', text: { nl: 'Doe je mee?', fr: 'Vous participez ?', ar: 'هل تشارك؟' } },
      {
        id: 'service',
        kind: 'choice',
        text: { nl: 'Welke?', fr: 'Lequel ?', ar: 'أي؟' },
        options: [
          { value: 'a', label: { nl: 'Wonen', fr: 'Logement', ar: 'السكن' } },
          { value: 'b', label: { nl: 'Geld', fr: 'Argent', ar: 'المال' } },
        ],
      },
      { id: 'why', kind: 'statement', text: { nl: 'Goed.', fr: 'Bien.', ar: 'جيد.' }, probe: { text: { nl: 'Waarom?', fr: 'Pourquoi ?', ar: 'لماذا؟' } } },
    ],
    reviews: { nl: REVIEWED, fr: REVIEWED, ar: REVIEWED },
  });
}

const edit = (change: (d: SurveyDefinition) => void): SurveyDefinition => {
  const d = structuredClone(survey());
  change(d);
  return d;
};

describe('reviewsAfterEdit', () => {
  it('keeps every state when no participant text changed', () => {
    expect(reviewsAfterEdit(survey(), survey(), 'staff', AT)).toEqual({ nl: REVIEWED, fr: REVIEWED, ar: REVIEWED });
  });

  it('a reviewed language whose text changed is a draft by the editor, whatever text it was (title, option, probe)', () => {
    const changes: Array<(d: SurveyDefinition) => void> = [
      (d) => (d.title.ar = 'عنوان جديد'),
      (d) => {
        const q = d.questions[1];
        if (q?.kind === 'choice' && q.options[1]) q.options[1].label.ar = 'النقود';
      },
      (d) => {
        const q = d.questions[2];
        if (q?.kind === 'statement' && q.probe) q.probe.text.ar = 'لماذا إذن؟';
      },
    ];
    for (const change of changes) expect(reviewsAfterEdit(survey(), edit(change), 'staff', AT)).toEqual({ nl: REVIEWED, fr: REVIEWED, ar: DRAFT });
  });

  it('a changed text of the main language makes every language of it a draft: their translations are of the old text', () => {
    const after = edit((d) => (d.questions[0]!.text.nl = 'Wil je meedoen?'));
    expect(reviewsAfterEdit(survey(), after, 'staff', AT)).toEqual({ nl: DRAFT, fr: DRAFT, ar: DRAFT });
  });

  it('the main language is the first of the edited survey: reordering the languages changes whose text is the source', () => {
    const after = edit((d) => {
      d.languages = ['fr', 'nl', 'ar'];
      d.questions[0]!.text.fr = 'Voulez-vous participer ?';
    });
    expect(reviewsAfterEdit(survey(), after, 'staff', AT)).toEqual({ fr: DRAFT, nl: DRAFT, ar: DRAFT });
  });

  it('a new text (a question added, an option renamed) is no one’s review yet: every language a draft', () => {
    const added = edit((d) => d.questions.push({ id: 'more', kind: 'open', optional: true, text: { nl: 'Meer?', fr: 'Plus ?', ar: 'المزيد؟' } }));
    expect(reviewsAfterEdit(survey(), added, 'staff', AT)).toEqual({ nl: DRAFT, fr: DRAFT, ar: DRAFT });
    const renamed = edit((d) => {
      const q = d.questions[1];
      if (q?.kind === 'choice' && q.options[0]) q.options[0].value = 'housing';
    });
    expect(reviewsAfterEdit(survey(), renamed, 'staff', AT)).toEqual({ nl: DRAFT, fr: DRAFT, ar: DRAFT });
  });

  it('a language added gets a draft state; one removed is gone', () => {
    const after = edit((d) => {
      d.languages = ['nl', 'ar', 'ti'];
      for (const t of [d.title, ...d.questions.map((q) => q.text)]) t.ti = 'ትግርኛ';
      const q = d.questions[1];
      if (q?.kind === 'choice') for (const o of q.options) o.label.ti = 'ምርጫ';
      const s = d.questions[2];
      if (s?.kind === 'statement' && s.probe) s.probe.text.ti = 'ስለምንታይ?';
    });
    expect(reviewsAfterEdit(survey(), after, 'staff', AT)).toEqual({ nl: REVIEWED, ar: REVIEWED, ti: DRAFT });
  });

  it('moving or deleting questions and editing the note for staff change no state (texts are named by id, not place)', () => {
    const moved = edit((d) => d.questions.reverse());
    expect(reviewsAfterEdit(survey(), moved, 'staff', AT)).toEqual({ nl: REVIEWED, fr: REVIEWED, ar: REVIEWED });
    const deleted = edit((d) => d.questions.splice(2, 1));
    expect(reviewsAfterEdit(survey(), deleted, 'staff', AT)).toEqual({ nl: REVIEWED, fr: REVIEWED, ar: REVIEWED });
    const note = edit((d) => (d.about = { en: 'Changed note' }));
    expect(reviewsAfterEdit(survey(), note, 'staff', AT)).toEqual({ nl: REVIEWED, fr: REVIEWED, ar: REVIEWED });
  });

  it('never makes a language reviewed: not from the states the edited survey claims, not for a language that was a machine translation', () => {
    const before = { ...survey(), reviews: { nl: DRAFT, fr: { state: 'machine' as const, by: 'developer' as const } } };
    // The edited survey claims every language reviewed: the function reads its texts only.
    const after = { ...survey(), reviews: { nl: REVIEWED, fr: REVIEWED, ar: REVIEWED } };
    const out = reviewsAfterEdit(before, after, 'interpreter', AT);
    expect(out).toEqual({ nl: DRAFT, fr: { state: 'machine', by: 'developer' }, ar: { state: 'draft' } });
    expect(Object.values(out).some((r) => r.state === 'reviewed')).toBe(false);
  });

  it('reviewOf and reviewsOf: an unrecorded language is a draft, in the survey’s order', () => {
    const d = { ...survey(), reviews: { ar: REVIEWED } };
    expect(reviewOf(d, 'fr')).toEqual({ state: 'draft' });
    expect(reviewsOf(d).map((r) => `${r.language}:${r.state}`)).toEqual(['nl:draft', 'fr:draft', 'ar:reviewed']);
  });
});
