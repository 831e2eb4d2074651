import { html } from 'hono/html';
import { SHARING_LEVELS, type SharingLevel, type SharingView } from '../api/network-shapes.js';
import { DASHBOARD, type Ui } from '../page/context.js';
import { choiceGroup, FormErrors } from '../page/forms.js';
import type { Html } from '../page/markup.js';
import { formatDateTime } from '../page/time.js';

/**
 * "What the learning network sees" on a project page (core/access/sharing.ts): staff of the organisation
 * choose one of four levels, each explained beside its choice; a plain form, so it works without
 * JavaScript. Coordinators see the level as a fact of the project instead.
 */

export const levelName = (ui: Ui, level: SharingLevel): string => ui.t.lookup('networkLevels', level) ?? level;

export function sharingSection(ui: Ui, projectId: string, sharing: SharingView | null): Html | '' {
  const { t } = ui;
  if (!sharing?.canChange) return '';
  const changed = sharing.changed
    ? t('networkSharingChanged', { date: formatDateTime(sharing.changed.at, ui.locale, ui.timeZone) })
    : t('networkSharingDefault');
  return html`<section class="card" aria-labelledby="network-sharing" data-testid="sharing">
    <h2 id="network-sharing">${t('networkSharingTitle')}</h2>
    <p class="lead">${t('networkSharingIntro')}</p>
    <p data-testid="sharing-state" data-level="${sharing.level}"><strong>${levelName(ui, sharing.level)}</strong>. ${changed}</p>
    <form method="post" action="${DASHBOARD}/projects/${encodeURIComponent(projectId)}/sharing" class="stack" data-testid="sharing-form">
      ${choiceGroup({
        name: 'level',
        label: t('networkSharingField'),
        type: 'radio',
        options: SHARING_LEVELS.map((level) => ({ value: level, label: levelName(ui, level), note: ui.t.lookup('networkLevelHints', level) ?? '' })),
        checked: [sharing.level],
        className: 'choices choices-stacked',
        errors: FormErrors.none(),
      })}
      <button type="submit" data-testid="sharing-submit">${t('networkSharingSave')}</button>
    </form>
  </section>`;
}

/** For a coordinator: what the organisation shares of this project, as a fact beside its id and languages. */
export function sharedFact(ui: Ui, level: SharingLevel | undefined): Html | '' {
  if (!level) return '';
  return html`<dt>${ui.t('networkSharedFact')}</dt><dd data-testid="shared-level" data-level="${level}">${levelName(ui, level)}</dd>`;
}
