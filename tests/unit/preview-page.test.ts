import { describe, expect, it } from 'vitest';
import { consentPromise, renderQuestion } from '../../core/conversation/render.js';
import { smsSegments } from '../../core/sms-segments.js';
import { createTexts } from '../../core/texts.js';
import { compileSurvey } from '../../flows/compile.js';
import { uiFor } from '../../web/dashboard/page/context.js';
import type { UiLanguage } from '../../web/dashboard/page/i18n.js';
import { previewPage, smsParts } from '../../web/dashboard/surveys/preview-page.js';
import { builtInTemplates } from './support/participant-messages.js';

/**
 * The survey preview counts each message in SMS parts the way carriers do (core/sms-segments.ts), as the
 * staff API composes it (http/api/surveys-routes.ts: the consent's promise and question in one SMS).
 */

const ui = (lang: UiLanguage = 'en') => uiFor(lang, new URL('http://localhost/dashboard'), 'Europe/Brussels');
const texts = createTexts();
const found = builtInTemplates().find((s) => s.id === 'energy_checkin');
if (!found) throw new Error('no energy check-in template');
const energy = found;

/** The preview's messages as the API makes them. */
function messages(language: string) {
  const chain = [language, ...energy.languages, 'en'];
  return [...compileSurvey(energy).askables.values()].map((q) => ({
    questionId: q.id,
    kind: q.kind,
    text: [consentPromise(q, false, chain, texts), renderQuestion(q, false, chain, energy, texts, 'sms')].filter((t) => t !== null).join('\n\n'),
  }));
}

describe('the survey preview', () => {
  it('labels every bubble with its SMS parts and encoding: Arabic as Unicode, Dutch as GSM-7, faces as Unicode', () => {
    const render = (language: string) => {
      const page = previewPage(ui(), {
        surveyId: energy.id,
        version: energy.version,
        title: energy.title,
        languages: energy.languages,
        preview: { language, dir: language === 'ar' ? 'rtl' : 'ltr', messages: messages(language) },
      });
      return [...String(page.main).matchAll(/data-testid="preview-parts">([^<]*)</g)].map((m) => m[1]);
    };
    const ar = messages('ar');
    expect(render('ar')).toEqual(ar.map((m) => `SMS: ${smsSegments(m.text).segments} part${smsSegments(m.text).segments === 1 ? '' : 's'} (Unicode)`));
    // The consent: promise and question in one SMS, three Unicode parts in Arabic; one GSM-7 part would be 153 letters.
    expect(ar[0]?.text).toContain(texts.t('consent.promise', ['ar']));
    expect(smsSegments(ar[0]?.text ?? '').segments).toBe(3);
    const nl = render('nl');
    expect(nl[0]).toBe('SMS: 2 parts (GSM-7)');
    expect(nl[1]).toBe('SMS: 1 part (Unicode)'); // the scale's faces
    expect(nl[2]).toBe('SMS: 1 part (GSM-7)');
  });

  it('the preview shows SMS: an open question says nothing of voice messages there', () => {
    const open = messages('fr').find((m) => m.kind === 'open');
    expect(open?.text).toContain(texts.t('hint.open', ['fr']));
    expect(open?.text).not.toContain(texts.t('hint.openVoice', ['fr']));
  });

  it('says parts in the staff language', () => {
    expect(smsParts(ui('nl'), 'ب'.repeat(71))).toBe('sms: 2 delen (Unicode)');
    expect(smsParts(ui('fr'), 'a')).toBe('SMS : 1 partie (GSM-7)');
  });
});
