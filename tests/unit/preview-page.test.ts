import { describe, expect, it } from 'vitest';
import { askEveryQuestion, smsMessage } from '../../core/conversation/preview.js';
import { questionChain } from '../../core/conversation/question-language.js';
import { smsSegments } from '../../core/sms-segments.js';
import { createTexts, languageChain } from '../../core/texts.js';
import { compileSurvey } from '../../flows/compile.js';
import type { Preview } from '../../web/dashboard/api/api-shapes.js';
import { uiFor } from '../../web/dashboard/page/context.js';
import type { UiLanguage } from '../../web/dashboard/page/i18n.js';
import { previewPage, smsParts } from '../../web/dashboard/surveys/preview-page.js';
import { builtInTemplates } from './support/participant-messages.js';

/**
 * The survey preview page: each SMS labelled with the parts and encoding the API counted (core/sms-segments.ts
 * through core/conversation/preview.ts, the consent's promise and question in one SMS); WhatsApp buttons drawn
 * but not clickable, the picture, the voice note and what it says; a call's prompts, recorded or voiced; right
 * to left for Arabic; channel tabs that keep the language, language tabs that keep the channel.
 */

const ui = (lang: UiLanguage = 'en') => uiFor(lang, new URL('http://localhost/dashboard'), 'Europe/Brussels');
const texts = createTexts();
const found = builtInTemplates().find((s) => s.id === 'energy_checkin');
if (!found) throw new Error('no energy check-in template');
const energy = found;
const survey = compileSurvey(energy);

/** The preview's SMS messages as the API makes them. */
function smsPreview(language: string): Preview {
  const chain = questionChain(languageChain(language, []), energy.languages);
  const asked = askEveryQuestion({ survey, chain, channel: 'sms', organisationId: 'o', voiceNotes: 'text', recorded: [] }, texts);
  const messages = asked.map((a) => {
    const { text, parts, encoding } = smsMessage(a.replies);
    return { questionId: a.question.id, kind: a.question.kind, text, sms: { parts, encoding } };
  });
  return { language, dir: language === 'ar' ? 'rtl' : 'ltr', channel: 'sms', messages };
}

const page = (preview: Preview, pictures = new Map<string, string | null>()) =>
  String(previewPage(ui(), { surveyId: energy.id, version: energy.version, title: energy.title, languages: energy.languages, preview, pictures }).main);

describe('the survey preview page', () => {
  it('labels every SMS with its parts and encoding: Arabic as Unicode, Dutch as GSM-7, faces as Unicode', () => {
    const parts = (language: string) => [...page(smsPreview(language)).matchAll(/data-testid="preview-parts">([^<]*)</g)].map((m) => m[1]);
    const ar = smsPreview('ar').messages;
    expect(parts('ar')).toEqual(ar.map((m) => `SMS: ${smsSegments(m.text).segments} part${smsSegments(m.text).segments === 1 ? '' : 's'} (Unicode)`));
    // The consent: promise and question in one SMS, three Unicode parts in Arabic; one GSM-7 part would be 153 letters.
    expect(ar[0]?.text).toContain(texts.t('consent.promise', ['ar']));
    expect(smsSegments(ar[0]?.text ?? '').segments).toBe(3);
    expect(parts('nl')).toEqual(['SMS: 2 parts (GSM-7)', 'SMS: 1 part (Unicode)', 'SMS: 1 part (GSM-7)']); // the scale's faces
    expect(page(smsPreview('ar'))).toMatch(/<ol class="chat chat-sms" lang="ar" dir="rtl"/);
  });

  it('an open question by SMS says nothing of voice messages', () => {
    const open = smsPreview('fr').messages.find((m) => m.kind === 'open');
    expect(open?.text).toContain(texts.t('hint.open', ['fr']));
    expect(open?.text).not.toContain(texts.t('hint.openVoice', ['fr']));
  });

  it('WhatsApp: buttons drawn, not clickable; the picture as a data: URL, or said missing; the voice note with what it says', () => {
    const preview: Preview = {
      language: 'fr',
      dir: 'ltr',
      channel: 'whatsapp',
      voiceNotes: 'voice-first',
      messages: [
        {
          questionId: 'difference',
          kind: 'triad',
          text: '1. le centre',
          whatsapp: {
            messages: [
              { kind: 'voice-note', text: 'Qui a fait la différence ?', language: 'fr' },
              { kind: 'picture', picture: '/media/triad/s/1/difference/fr.png?sig=x' },
              { kind: 'taps', text: '1. le centre' },
            ],
            buttons: [{ id: 't1:s:1:difference:1', label: '1 le centre' }],
            list: { button: 'Choisir' },
            picture: '/media/triad/s/1/difference/fr.png?sig=x',
            voiceNote: { text: 'Qui a fait la différence ?', language: 'fr' },
          },
        },
      ],
    };
    const shown = page(preview, new Map([['/media/triad/s/1/difference/fr.png?sig=x', 'data:image/png;base64,iVBORw0KGgo=']]));
    expect(shown).toContain('<img class="wa-picture" src="data:image/png;base64,iVBORw0KGgo="');
    expect(shown).not.toContain('/media/triad/'); // the page never names the signed address: the picture is in it
    expect(shown).toMatch(/<span class="wa-button" data-testid="preview-button" data-id="t1:s:1:difference:1">1 le centre<\/span>/);
    expect(shown).not.toMatch(/<button|<a [^>]*wa-button|tabindex/); // drawn, not a control
    expect(shown).toContain('A list to open: “Choisir”');
    expect(shown).toContain('<q lang="fr">Qui a fait la différence ?</q>');
    expect(shown.indexOf('preview-voice-note')).toBeLessThan(shown.indexOf('wa-picture')); // in the order sent
    expect(shown).toMatch(/data-mode="voice-first"[^>]*>|aria-current="true" data-testid="preview-voice-notes" data-mode="voice-first"/);
    expect(page(preview)).toContain('data-testid="preview-picture-missing"');
  });

  it('a call: each prompt, said by a voice or played from a recording', () => {
    const preview: Preview = {
      language: 'fa',
      dir: 'rtl',
      channel: 'voice',
      messages: [
        {
          questionId: 'energy',
          kind: 'scale',
          text: 'x',
          voice: {
            prompts: [
              { text: 'انرژی', language: 'fa', recorded: true },
              { text: 'How much energy', language: 'en', recorded: false },
            ],
          },
        },
      ],
    };
    const shown = page(preview);
    expect(shown).toMatch(/data-recorded="true"><span lang="fa">انرژی<\/span>\s*<span class="muted" lang="en" dir="auto">\(recording\)/);
    expect(shown).toMatch(/data-recorded="false"><span lang="en">How much energy<\/span>\s*<span class="muted" lang="en" dir="auto">\(synthesized voice\)/);
  });

  it('channel tabs keep the language; language tabs keep the channel', () => {
    const preview = { ...smsPreview('ar'), channel: 'voice' as const };
    const shown = page(preview);
    expect(shown).toContain(`href="/dashboard/surveys/energy_checkin/versions/${energy.version}?language=ar&amp;channel=whatsapp"`);
    expect(shown).toContain(`href="/dashboard/surveys/energy_checkin/versions/${energy.version}?language=nl&amp;channel=voice"`);
    expect(shown).toMatch(/href="[^"]*\?language=ar" aria-current="true"|aria-current="true" data-testid="preview-tab" data-language="ar"/);
  });

  it('says parts in the staff language', () => {
    expect(smsParts(ui('nl'), { parts: 2, encoding: 'UCS-2' })).toBe('sms: 2 delen (Unicode)');
    expect(smsParts(ui('fr'), { parts: 1, encoding: 'GSM-7' })).toBe('SMS : 1 partie (GSM-7)');
  });
});
