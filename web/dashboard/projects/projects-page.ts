import { html } from 'hono/html';
import { SUPPORTED_LANGUAGES, localeMeta } from '../../../locales/index.js';
import type { Me, Project, SurveySummary } from '../api/api-shapes.js';
import { DASHBOARD, type Ui } from '../page/context.js';
import { choiceGroup, errorSummary, type FormErrors, textInput } from '../page/forms.js';
import { languageList } from '../page/language-names.js';
import type { PageSpec } from '../page/layout.js';
import type { Html } from '../page/markup.js';
import { PLAN_ALIASES, PLAN_CONTROLS, planFieldset, planLabels, type PlanDraft } from './plan-form.js';

/** What staff typed into the create-project form, kept when the API sends it back with errors. */
export interface ProjectDraft {
  projectId: string;
  name: string;
  languages: string[];
  fallbackLanguages: string;
  joinCode: string;
  whatsappTemplates: Record<string, string>;
  /** The number people call to take part by phone (optional). */
  callNumber: string;
  /** Outside WhatsApp's 24-hour window, without a template in someone's language: sms, voice or none. */
  whatsappFallback: string;
  /** Rounds created with the project (none, start / midway / end, or every N weeks). */
  plan: PlanDraft;
}

export const emptyDraft = (plan: PlanDraft): ProjectDraft => ({
  projectId: '',
  name: '',
  languages: [],
  fallbackLanguages: '',
  joinCode: '',
  whatsappTemplates: {},
  callNumber: '',
  whatsappFallback: 'sms',
  plan,
});

export const PROJECT_CONTROLS = [
  'projectId',
  'name',
  'languages',
  'fallbackLanguages',
  'joinCode',
  'callNumber',
  'whatsappFallback',
  ...SUPPORTED_LANGUAGES.map((l) => `whatsappTemplates.${l}`),
  ...PLAN_CONTROLS,
];
export const PROJECT_ALIASES = PLAN_ALIASES;

/** Survey versions the plan may choose from: the organisation's own and the built-in templates. */
export interface SurveyChoices {
  own: readonly SurveySummary[];
  templates: readonly SurveySummary[];
}

function projectTable(ui: Ui, me: Me, projects: readonly Project[]): Html {
  const { t } = ui;
  if (projects.length === 0) return html`<p>${t('noProjects')}</p>`;
  const coordinator = me.role === 'coordinator';
  const rows = projects.map(
    (p) => html`<tr data-testid="project-row">
      <th scope="row"><a href="${DASHBOARD}/projects/${encodeURIComponent(p.projectId)}">${p.name}</a></th>
      <td><code>${p.projectId}</code></td>
      ${coordinator ? html`<td data-testid="project-organisation">${p.organisationName ?? p.organisationId}</td>` : html`<td><code>${p.joinCode}</code></td>`}
      <td>${languageList(p.languages, t('none'))}</td>
    </tr>`,
  );
  return html`<div class="table-wrap"><table>
    <thead><tr><th scope="col">${t('colName')}</th><th scope="col">${t('colId')}</th><th scope="col">${coordinator ? t('colOrganisation') : t('colJoinCode')}</th><th scope="col">${t('colLanguages')}</th></tr></thead>
    <tbody>${rows}</tbody>
  </table></div>`;
}

function createForm(ui: Ui, draft: ProjectDraft, errors: FormErrors, surveys: SurveyChoices): Html {
  const { t } = ui;
  const languages = SUPPORTED_LANGUAGES.map((code) => ({
    value: code,
    label: localeMeta[code].name,
    note: `(${code})`,
    lang: code,
    dir: localeMeta[code].dir,
  }));
  const sids = SUPPORTED_LANGUAGES.map((code) =>
    textInput({
      name: `whatsappTemplates.${code}`,
      label: t('whatsappFor', { language: `${localeMeta[code].name} (${code})` }),
      value: draft.whatsappTemplates[code] ?? '',
      errors,
      extra: html` placeholder="HX…" spellcheck="false" autocomplete="off"`,
    }),
  );
  const labels: Record<string, string> = {
    projectId: t('fieldProjectId'),
    name: t('fieldName'),
    languages: t('fieldLanguages'),
    fallbackLanguages: t('fieldFallback'),
    joinCode: t('fieldJoinCode'),
    callNumber: t('fieldCallNumber'),
    whatsappFallback: t('fieldWhatsappFallback'),
  };
  for (const code of SUPPORTED_LANGUAGES) labels[`whatsappTemplates.${code}`] = t('whatsappFor', { language: code });
  Object.assign(labels, planLabels(ui));
  return html`<section class="card" aria-labelledby="create-project">
    <h2 id="create-project">${t('createProjectTitle')}</h2>
    ${errorSummary(t('errorSummary'), errors, labels)}
    <form method="post" action="${DASHBOARD}/projects" class="stack" data-testid="create-project">
      ${textInput({ name: 'projectId', label: t('fieldProjectId'), hint: t('hintProjectId'), value: draft.projectId, required: true, errors, extra: html` spellcheck="false" autocomplete="off"` })}
      ${textInput({ name: 'name', label: t('fieldName'), hint: t('hintName'), value: draft.name, required: true, errors })}
      ${choiceGroup({ name: 'languages', label: t('fieldLanguages'), type: 'checkbox', options: languages, checked: draft.languages, className: 'choices', errors })}
      ${textInput({ name: 'fallbackLanguages', label: t('fieldFallback'), hint: t('hintFallback'), value: draft.fallbackLanguages, errors, extra: html` spellcheck="false" autocomplete="off"` })}
      ${textInput({ name: 'joinCode', label: t('fieldJoinCode'), hint: t('hintJoinCode'), value: draft.joinCode, required: true, errors, extra: html` spellcheck="false" autocomplete="off"` })}
      ${textInput({ name: 'callNumber', label: `${t('fieldCallNumber')} (${t('optional')})`, hint: t('hintCallNumber'), value: draft.callNumber, errors, extra: html` type="tel" inputmode="tel" dir="ltr" spellcheck="false" autocomplete="off"` })}
      <fieldset>
        <legend>${t('whatsappLegend')} <span class="hint">(${t('optional')})</span></legend>
        <p class="hint">${t('hintWhatsapp')}</p>
        <div class="sids">${sids}</div>
      </fieldset>
      ${choiceGroup({
        name: 'whatsappFallback',
        label: t('fieldWhatsappFallback'),
        hint: t('hintWhatsappFallback'),
        type: 'radio',
        options: (['sms', 'voice', 'none'] as const).map((value) => ({ value, label: t.lookup('whatsappFallbacks', value) ?? value })),
        checked: [draft.whatsappFallback],
        className: 'choices',
        errors,
      })}
      ${planFieldset(ui, draft.plan, errors, surveys)}
      <button type="submit" data-testid="create-project-submit">${t('createProjectButton')}</button>
    </form>
  </section>`;
}

/** The projects of the user's organisation (staff) or of all (coordinator); staff also get the create form. */
export function projectsPage(
  ui: Ui,
  me: Me,
  projects: readonly Project[],
  form: { draft: ProjectDraft; errors: FormErrors; surveys: SurveyChoices },
): PageSpec {
  const { t } = ui;
  const main = html`
    <p class="lead">${me.role === 'coordinator' ? t('projectsIntroCoordinator') : t('projectsIntroStaff')}</p>
    ${me.role === 'coordinator' && projects.length > 1 ? html`<p><a href="${DASHBOARD}/network" data-testid="network-link">${t('networkCompareLink')}</a></p>` : ''}
    <section class="card" aria-label="${t('projectsTitle')}">${projectTable(ui, me, projects)}</section>
    ${me.role === 'staff' ? createForm(ui, form.draft, form.errors, form.surveys) : ''}`;
  return { title: t('projectsTitle'), main, section: 'projects' };
}
