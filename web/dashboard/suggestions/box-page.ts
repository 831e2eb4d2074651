import { html } from 'hono/html';
import * as z from '../../../kernel/zod.js';
import { DASHBOARD, type Ui } from '../page/context.js';
import type { PageSpec } from '../page/layout.js';
import type { Html } from '../page/markup.js';

/** What the API answers for a project's suggestion box (http/api/box-routes.ts). */
export const BoxSuggestions = z.object({
  projectId: z.string(),
  open: z.boolean(),
  releases: z.array(z.object({ number: z.number(), createdAt: z.string() })),
  suggestions: z.array(
    z.object({
      code: z.string(),
      day: z.string(),
      language: z.string(),
      channel: z.string(),
      text: z.nullable(z.string()),
      voice: z.nullable(z.string()),
      transcript: z.nullable(z.string()),
      translation: z.nullable(z.string()),
    }),
  ),
});
export type BoxSuggestions = z.infer<typeof BoxSuggestions>;

export const boxPath = (projectId: string): string => `${DASHBOARD}/projects/${encodeURIComponent(projectId)}/suggestions`;

/**
 * The project page's line on the box: open or closed, a button for staff to change it, a link to read it.
 * The box keeps what people write when no survey waits for them; nothing shows before 5 messages came.
 */
/** `canRead`: false for a coordinator of a project whose organisation does not share its rows (core/access/sharing.ts). */
export function boxFact(ui: Ui, projectId: string, open: boolean, canManage: boolean, canRead = true): Html {
  const { t } = ui;
  const toggle = canManage
    ? html` <form method="post" action="${boxPath(projectId)}/setting" class="inline">
        <input type="hidden" name="open" value="${open ? 'false' : 'true'}">
        <button type="submit" class="secondary" data-testid="box-toggle">${open ? t('boxCloseAction') : t('boxOpenAction')}</button>
      </form>`
    : '';
  return html`<dt>${t('boxTitle')}</dt><dd data-testid="box-fact">${open ? t('boxIsOpen') : t('boxIsClosed')}${canRead ? html` · <a href="${boxPath(projectId)}" data-testid="box-link">${t('boxRead')}</a>` : ''}${toggle}</dd>`;
}

/** The released messages, each under a code of its own, with the CSV downloads. */
export function boxPage(ui: Ui, projectName: string, data: BoxSuggestions): PageSpec {
  const { t } = ui;
  const csv = `/api/projects/${encodeURIComponent(data.projectId)}/suggestions.csv`;
  const rows = data.suggestions.map(
    (s) => html`<tr data-testid="box-message">
      <td><code>${s.code.slice(0, 10)}</code></td>
      <td>${s.day}</td>
      <td>${s.language}</td>
      <td>${s.channel}</td>
      <td dir="auto" data-testid="box-text">${s.text ?? s.transcript ?? (s.voice ? (t.lookup('voiceStatuses', s.voice) ?? s.voice) : '')}</td>
      <td dir="auto">${s.translation ?? ''}</td>
    </tr>`,
  );
  const main = html`
    <p><a href="${DASHBOARD}/projects/${encodeURIComponent(data.projectId)}">← ${projectName}</a></p>
    <p class="lead">${t('boxIntro')}</p>
    <p data-testid="box-state">${data.open ? t('boxIsOpen') : t('boxIsClosed')}</p>
    ${
      data.suggestions.length === 0
        ? html`<p data-testid="box-none">${t('boxNone')}</p>`
        : html`<div class="table-wrap"><table>
          <thead><tr><th scope="col">${t('colRespondent')}</th><th scope="col">${t('colDay')}</th><th scope="col">${t('colLanguage')}</th><th scope="col">${t('colChannel')}</th><th scope="col">${t('boxColMessage')}</th><th scope="col">${t('colTranslation')}</th></tr></thead>
          <tbody>${rows}</tbody>
        </table></div>
        <ul class="downloads"><li><a href="${csv}" download data-testid="box-csv">${t('boxCsv')}</a> · <a href="${csv}?separator=semicolon" download>${t('semicolonVariant')}</a></li></ul>`
    }`;
  return { title: t('boxPageTitle', { project: projectName }), main, section: 'projects' };
}
