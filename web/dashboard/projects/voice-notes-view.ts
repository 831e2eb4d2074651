import { html } from 'hono/html';
import type { VoiceNotesView } from '../api/voice-notes-shapes.js';
import { DASHBOARD, type Ui } from '../page/context.js';
import { choiceGroup, FormErrors } from '../page/forms.js';
import { languageLabel } from '../page/language-names.js';
import type { Html } from '../page/markup.js';
import { promptsPath } from '../prompts/prompts-page.js';

export const voiceNotesPath = (projectId: string): string => `${DASHBOARD}/projects/${encodeURIComponent(projectId)}/voice-notes`;

const MODES = ['text', 'voice-and-text', 'voice-first'] as const;

/** One language: heard by a voice, from recordings (all or some), or written only — and a link to record. */
function languageRow(ui: Ui, projectId: string, l: VoiceNotesView['languages'][number]): Html {
  const { t } = ui;
  const how =
    l.cover === 'voice'
      ? t('voiceNoteCoverVoice')
      : l.cover === 'recordings'
        ? t('voiceNoteCoverRecordings')
        : l.cover === 'some-recordings'
          ? t('voiceNoteCoverSome', { recorded: l.recorded, questions: l.questions })
          : l.questions === 0
            ? t('voiceNoteCoverNotInSurvey')
            : t('voiceNoteCoverText');
  const record = l.voice === null && l.questions > 0 ? html` · <a href="${promptsPath(projectId)}">${t('voiceNotesRecordLink')}</a>` : '';
  return html`<li data-testid="voice-note-language" data-language="${l.language}" data-cover="${l.cover}">${languageLabel(l.language, l.language)}: ${how}${record}</li>`;
}

/**
 * The project's WhatsApp voice notes: how questions go (text, voice and text, voice first), and which
 * languages are heard — "ትግርኛ: text only until prompts are recorded". Null: the API could not say.
 */
export function voiceNotesSection(ui: Ui, projectId: string, view: VoiceNotesView | null): Html | '' {
  if (!view) return '';
  const { t } = ui;
  return html`<section class="card" aria-labelledby="voice-notes" data-testid="voice-notes">
    <h2 id="voice-notes">${t('voiceNotesTitle')}</h2>
    <p class="hint">${t('voiceNotesIntro')}</p>
    <form method="post" action="${voiceNotesPath(projectId)}" class="stack" data-testid="voice-notes-form">
      ${choiceGroup({
        name: 'mode',
        label: t('fieldVoiceNotes'),
        type: 'radio',
        options: MODES.map((value) => ({ value, label: t.lookup('voiceNoteModes', value) ?? value })),
        checked: [view.mode],
        className: 'choices',
        errors: FormErrors.none(),
      })}
      <button type="submit" data-testid="voice-notes-submit">${t('voiceNotesSave')}</button>
    </form>
    <h3>${t('voiceNotesByLanguage')}</h3>
    <ul data-testid="voice-note-languages">${view.languages.map((l) => languageRow(ui, projectId, l))}</ul>
  </section>`;
}
