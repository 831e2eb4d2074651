import { html } from 'hono/html';
import type { VoiceAnswers } from '../api/voice-shapes.js';
import { DASHBOARD, type Ui } from '../page/context.js';
import type { PageSpec } from '../page/layout.js';

/** A round's voice answers: each with its status and the redacted transcript (and translation). */
export function voiceAnswersPage(ui: Ui, projectId: string, projectName: string, data: VoiceAnswers): PageSpec {
  const { t } = ui;
  const rows = data.answers.map(
    (a) => html`<tr data-testid="voice-answer">
      <td><code>${a.respondentCode}</code></td>
      <td>${a.questionText}</td>
      <td data-testid="voice-status">${t.lookup('voiceStatuses', a.voice) ?? a.voice}</td>
      <td dir="auto" data-testid="voice-transcript">${a.transcript ?? ''}</td>
      <td dir="auto">${a.translation ?? ''}</td>
      <td>${a.day}</td>
    </tr>`,
  );
  const main = html`
    <p><a href="${DASHBOARD}/projects/${encodeURIComponent(projectId)}">← ${projectName}</a></p>
    ${
      data.answers.length === 0
        ? html`<p>${t('voiceAnswersNone')}</p>`
        : html`<div class="table-wrap"><table>
          <thead><tr><th scope="col">${t('colRespondent')}</th><th scope="col">${t('colQuestions')}</th><th scope="col">${t('colStatus')}</th><th scope="col">${t('colTranscript')}</th><th scope="col">${t('colTranslation')}</th><th scope="col">${t('colDay')}</th></tr></thead>
          <tbody>${rows}</tbody>
        </table></div>`
    }`;
  return { title: t('voiceAnswersTitle', { round: data.round.label }), main, section: 'projects' };
}
