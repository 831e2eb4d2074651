import { html } from 'hono/html';
import type { LanguageGap, SurveySummary } from '../api/api-shapes.js';
import { languageLabel } from '../page/language-names.js';
import { DASHBOARD, type Ui } from '../page/context.js';
import { errorSummary, type FormErrors, select, textInput } from '../page/forms.js';
import type { Html } from '../page/markup.js';
import { toLocalInput } from '../page/time.js';
import { offeredReviews } from '../surveys/editor/review-states.js';

/** What staff typed into the launch form; times as `datetime-local` values in the centre's zone. */
export interface LaunchDraft {
  label: string;
  /** "surveyId@version" */
  survey: string;
  opensAt: string;
  closesAt: string;
  reminderAfterHours: string;
}

export const LAUNCH_CONTROLS = ['label', 'survey', 'opensAt', 'closesAt', 'reminderAfterHours'];
export const LAUNCH_ALIASES = { survey: ['surveyId', 'surveyVersion'] } as const;

const DAY = 24 * 3600 * 1000;

/** Opens now, closes in two weeks, reminder after two days. */
export function defaultLaunchDraft(now: Date, timeZone: string): LaunchDraft {
  return {
    label: 'start',
    survey: '',
    opensAt: toLocalInput(now, timeZone),
    closesAt: toLocalInput(new Date(now.getTime() + 14 * DAY), timeZone),
    reminderAfterHours: '48',
  };
}

export const surveyKey = (s: { surveyId: string; version: number }): string => `${s.surveyId}@${s.version}`;

/** "energy_checkin@1" → { surveyId, surveyVersion }; an unreadable value gives what the API will name. */
export function parseSurveyKey(key: string): { surveyId: string; surveyVersion: number } {
  const at = key.lastIndexOf('@');
  if (at < 0) return { surveyId: key, surveyVersion: 0 };
  return { surveyId: key.slice(0, at), surveyVersion: Number(key.slice(at + 1)) || 0 };
}

export const titleIn = (title: Record<string, string>, lang: string): string => title[lang] ?? title.en ?? Object.values(title)[0] ?? '';

/**
 * A launch the API refused for languages the survey lacks: each, what its speakers would get instead, and a
 * button that launches anyway, confirming exactly these languages (hidden fields; the plain launch button
 * never confirms anything, so a changed survey choice is checked afresh).
 */
function missingLanguages(ui: Ui, gaps: readonly LanguageGap[]): Html {
  const { t } = ui;
  return html`<div class="caution" role="alert" data-testid="launch-missing-languages">
    <h3>${t('launchMissingTitle')}</h3>
    <p>${t('launchMissingIntro')}</p>
    <ul>
      ${gaps.map(
        (g) =>
          html`<li data-language="${g.language}">${languageLabel(g.language, g.language)}: ${t('launchMissingGets')} ${languageLabel(g.getsLanguage, g.getsLanguage)}<input type="hidden" name="acceptMissingLanguages" value="${g.language}"></li>`,
      )}
    </ul>
    <p class="hint">${t('launchMissingHint')}</p>
    <button type="submit" name="confirmLanguages" value="1" data-testid="launch-confirm-languages">${t('launchMissingConfirm')}</button>
  </div>`;
}

/** Launch a round: label, survey version (the organisation's surveys and the built-in templates), times, reminder. */
export function launchForm(
  ui: Ui,
  projectId: string,
  surveys: { own: readonly SurveySummary[]; templates: readonly SurveySummary[] },
  draft: LaunchDraft,
  errors: FormErrors,
  /** The languages the survey lacks, when a launch was refused for them: confirm to go ahead. */
  gaps: readonly LanguageGap[] = [],
): Html {
  const { t } = ui;
  const option = (s: SurveySummary, suffix: string) => ({ value: surveyKey(s), label: `${titleIn(s.title, ui.lang)} — ${s.surveyId} v${s.version}${suffix}` });
  const groups = [
    { label: t('groupOwnSurveys'), options: surveys.own.map((s) => option(s, '')) },
    { label: t('groupTemplates'), options: surveys.templates.map((s) => option(s, ` (${t('templateSuffix')})`)) },
  ];
  const labels = {
    label: t('fieldLabel'),
    survey: t('fieldSurvey'),
    opensAt: t('fieldOpensAt'),
    closesAt: t('fieldClosesAt'),
    reminderAfterHours: t('fieldReminder'),
  };
  return html`<section class="card" aria-labelledby="launch-round">
    <h2 id="launch-round">${t('launchTitle')}</h2>
    ${errorSummary(t('errorSummary'), errors, labels)}
    <form method="post" action="${DASHBOARD}/projects/${encodeURIComponent(projectId)}/rounds" class="stack" data-testid="launch-round">
      ${textInput({ name: 'label', label: t('fieldLabel'), hint: t('hintLabel'), value: draft.label, required: true, errors, extra: html` list="round-labels" autocomplete="off"` })}
      <datalist id="round-labels"><option value="start"></option><option value="midway"></option><option value="end"></option></datalist>
      ${select({ name: 'survey', label: t('fieldSurvey'), value: draft.survey, groups, required: true, errors })}
      ${offeredReviews(ui, [...surveys.own, ...surveys.templates], (title) => titleIn(title, ui.lang))}
      <div class="grid2">
        ${textInput({ name: 'opensAt', label: t('fieldOpensAt'), hint: t('hintTimes', { zone: ui.timeZone }), value: draft.opensAt, type: 'datetime-local', required: true, errors })}
        ${textInput({ name: 'closesAt', label: t('fieldClosesAt'), hint: t('hintTimes', { zone: ui.timeZone }), value: draft.closesAt, type: 'datetime-local', required: true, errors })}
      </div>
      ${textInput({ name: 'reminderAfterHours', label: t('fieldReminder'), hint: t('hintReminder'), value: draft.reminderAfterHours, type: 'number', errors, extra: html` min="1" max="720" step="1" inputmode="numeric"` })}
      ${gaps.length ? missingLanguages(ui, gaps) : ''}
      <button type="submit" data-testid="launch-round-submit">${t('launchButton')}</button>
    </form>
  </section>`;
}
