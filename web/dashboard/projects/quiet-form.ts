import { html } from 'hono/html';
import type { QuietHours } from '../api/api-shapes.js';
import { DASHBOARD, type Ui } from '../page/context.js';
import { choiceGroup, errorSummary, formText, formTexts, FormErrors, textInput } from '../page/forms.js';
import type { Html } from '../page/markup.js';

/**
 * The project's quiet hours on its page: the time zone and a few quiet periods (days, from, until), as
 * the API takes them (core/quiet-hours.ts checks them). A period whose days are all unticked is dropped;
 * there are always two empty rows to add one (Friday midday, a whole Sunday…).
 */

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
/** What the dashboard shows when the project has not chosen: the API's default, nights. */
const DEFAULT: QuietHours = { timeZone: 'Europe/Brussels', blocks: [{ days: [...WEEKDAYS], from: '21:00', to: '09:00' }] };
const SPARE_ROWS = 2;
const MAX_ROWS = 21;

export interface QuietDraft {
  timeZone: string;
  rows: Array<{ days: string[]; from: string; to: string }>;
}

export interface QuietForm {
  draft: QuietDraft;
  errors: FormErrors;
  /** Not chosen yet: the default applies. */
  isDefault?: boolean;
}

/** The API's problems name `quietHours.timeZone` or `quietHours.blocks…`: the time zone field, or the periods. */
export const QUIET_CONTROLS = ['timeZone', 'blocks'];
export const QUIET_ALIASES = { timeZone: ['quietHours.timeZone'], blocks: ['quietHours.blocks', 'quietHours'] } as const;

const withSpareRows = (rows: QuietDraft['rows']): QuietDraft['rows'] =>
  [...rows, ...Array.from({ length: SPARE_ROWS }, () => ({ days: [], from: '', to: '' }))].slice(0, Math.max(rows.length, MAX_ROWS));

export function quietFormOf(quietHours: QuietHours | undefined): QuietForm {
  const chosen = quietHours ?? DEFAULT;
  return { draft: { timeZone: chosen.timeZone, rows: withSpareRows(chosen.blocks.map((b) => ({ ...b }))) }, errors: FormErrors.none(), isDefault: !quietHours };
}

export function quietDraftOf(form: Record<string, unknown>): QuietDraft {
  const rows: QuietDraft['rows'] = [];
  for (let i = 0; i < MAX_ROWS && (`from-${i}` in form || `days-${i}` in form); i++) {
    rows.push({ days: formTexts(form, `days-${i}`), from: formText(form, `from-${i}`).trim(), to: formText(form, `to-${i}`).trim() });
  }
  return { timeZone: formText(form, 'timeZone').trim(), rows };
}

/** What the API is sent: the rows with a day ticked, as typed (the API names what is wrong). */
export const quietHoursOfDraft = (draft: QuietDraft): QuietHours => ({
  timeZone: draft.timeZone,
  blocks: draft.rows.filter((r) => r.days.length > 0).map((r) => ({ days: r.days, from: r.from, to: r.to })),
});

export function quietHoursSection(ui: Ui, projectId: string, form: QuietForm): Html {
  const { t } = ui;
  const { draft, errors } = form;
  const state = form.isDefault ? t('quietDefault') : quietHoursOfDraft(draft).blocks.length === 0 ? t('quietNone') : '';
  const labels = { timeZone: t('fieldTimeZone'), blocks: t('quietTitle') };
  const rows = withSpareRows(draft.rows.filter((r) => r.days.length > 0 || r.from || r.to)).map(
    (row, i) => html`<fieldset class="quiet-block" data-testid="quiet-block">
      <legend>${t('quietBlock', { n: i + 1 })}</legend>
      ${choiceGroup({
        name: `days-${i}`,
        label: t('fieldQuietDays'),
        type: 'checkbox',
        options: WEEKDAYS.map((day) => ({ value: day, label: t.lookup('weekdays', day) ?? day })),
        checked: row.days,
        className: 'choices',
        errors,
      })}
      <div class="grid2">
        ${textInput({ name: `from-${i}`, label: t('fieldQuietFrom'), value: row.from, errors, extra: html` inputmode="numeric" placeholder="HH:MM" autocomplete="off" dir="ltr"` })}
        ${textInput({ name: `to-${i}`, label: t('fieldQuietTo'), value: row.to, errors, extra: html` inputmode="numeric" placeholder="HH:MM" autocomplete="off" dir="ltr"` })}
      </div>
    </fieldset>`,
  );
  return html`<section class="card" aria-labelledby="quiet-hours">
    <h2 id="quiet-hours">${t('quietTitle')}</h2>
    <p class="lead">${t('quietIntro')}</p>
    ${state ? html`<p data-testid="quiet-state">${state}</p>` : ''}
    ${errorSummary(t('errorSummary'), errors, labels)}
    <form method="post" action="${DASHBOARD}/projects/${encodeURIComponent(projectId)}/quiet-hours" class="stack" data-testid="quiet-hours-form">
      ${textInput({ name: 'timeZone', label: t('fieldTimeZone'), hint: t('hintTimeZone'), value: draft.timeZone, required: true, errors, extra: html` spellcheck="false" autocomplete="off" dir="ltr"` })}
      <p class="hint" id="f-blocks">${t('quietBlockHint')}</p>
      ${rows}
      <button type="submit" data-testid="quiet-hours-submit">${t('quietSave')}</button>
    </form>
  </section>`;
}
