import { html } from 'hono/html';
import type { LanguageGap, Me, Participants, Project, RoundWithProgress, SurveySummary } from '../api/api-shapes.js';
import { quietHoursSection, type QuietForm } from './quiet-form.js';
import { kOfProject } from '../page/cells.js';
import type { Ui } from '../page/context.js';
import type { FeedbackGlance } from '../feedback/feedback-glance.js';
import type { FormErrors } from '../page/forms.js';
import { launchForm, type LaunchDraft } from './launch-form.js';
import { languageList } from '../page/language-names.js';
import { notice, type PageSpec } from '../page/layout.js';
import type { Html } from '../page/markup.js';
import { participantsView, type ImportView } from './participants-view.js';
import { promptsPath } from '../prompts/prompts-page.js';
import { resultsView } from '../results/results-view.js';
import { roundsView } from './rounds-view.js';
import { boxFact } from '../suggestions/box-page.js';
import type { VoiceNotesView } from '../api/voice-notes-shapes.js';
import { voiceNotesSection } from './voice-notes-view.js';
import type { SharingView } from '../api/network-shapes.js';
import { sharedFact, sharingSection } from './sharing-form.js';

/** What a project page shows; `staff` is absent for coordinators, who see rounds, progress and results only. */
export interface ProjectView {
  me: Me;
  project: Project;
  rounds: RoundWithProgress[];
  notice?: string | undefined;
  now: Date;
  staff?: {
    participants: Participants;
    surveys: { own: SurveySummary[]; templates: SurveySummary[] };
    launch: { draft: LaunchDraft; errors: FormErrors; gaps?: LanguageGap[] | undefined };
    quiet: QuietForm;
    import: ImportView;
    /** The recorded call prompts at a glance; null when the API could not say. */
    prompts: PromptsGlance | null;
    /** Each round's "you said, we did" at a glance (null: the API could not say). */
    feedback: ReadonlyMap<string, FeedbackGlance | null>;
    /** WhatsApp questions as voice notes: the mode and which languages are heard (null: the API could not say). */
    voiceNotes?: VoiceNotesView | null;
    /** What the learning network sees of the project (null: the API could not say). */
    sharing?: SharingView | null;
  };
}

/** No round yet (no survey to record for), or how many prompts the languages without a voice still miss. */
export type PromptsGlance = { kind: 'no-round' } | { kind: 'coverage'; unvoiced: number; missing: number; languages: string[] };

/** "Phone prompts: 8 missing (ትግርኛ)", linking to the prompts page. */
function promptsFact(ui: Ui, projectId: string, glance: PromptsGlance | null): Html {
  const { t } = ui;
  const text = !glance
    ? t('projectPrompts')
    : glance.kind === 'no-round'
      ? t('promptsGlanceNoRound')
      : glance.unvoiced === 0
        ? t('promptsGlanceVoiced')
        : glance.missing > 0
          ? t('promptsGlanceMissing', { count: glance.missing })
          : t('promptsGlanceComplete');
  const languages = glance?.kind === 'coverage' && glance.languages.length ? html` (${languageList(glance.languages, t('none'))})` : '';
  return html`<dt>${t('projectPrompts')}</dt><dd data-testid="prompts-glance"><a href="${promptsPath(projectId)}" data-testid="prompts-link">${text}</a>${languages}</dd>`;
}

export function projectPage(ui: Ui, view: ProjectView): PageSpec {
  const { t } = ui;
  const { project, staff } = view;
  const main = html`
    ${notice(view.notice)}
    <dl class="facts" data-testid="project-facts">
      <dt>${t('colId')}</dt><dd><code>${project.projectId}</code></dd>
      <dt>${t('projectLanguages')}</dt><dd>${languageList(project.languages, t('none'))}</dd>
      <dt>${t('projectFallback')}</dt><dd>${languageList(project.fallbackLanguages, t('none'))}</dd>
      ${staff ? html`<dt>${t('colJoinCode')}</dt><dd><code>${project.joinCode}</code></dd>` : ''}
      ${staff && project.callNumber ? html`<dt>${t('fieldCallNumber')}</dt><dd><bdi dir="ltr" data-testid="call-number">${project.callNumber}</bdi></dd>` : ''}
      ${staff ? promptsFact(ui, project.projectId, staff.prompts) : ''}
      ${boxFact(ui, project.projectId, project.suggestionBox, staff !== undefined, staff !== undefined || project.sharing === 'rows')}
      ${staff ? '' : sharedFact(ui, project.sharing)}
    </dl>
    <section class="card" aria-labelledby="rounds">
      <h2 id="rounds">${t('roundsTitle')}</h2>
      ${roundsView(ui, project.projectId, view.rounds, { canManage: staff !== undefined, now: view.now, feedback: staff?.feedback, k: kOfProject(project) })}
    </section>
    ${staff ? voiceNotesSection(ui, project.projectId, staff.voiceNotes ?? null) : ''}
    ${staff ? launchForm(ui, project.projectId, staff.surveys, staff.launch.draft, staff.launch.errors, staff.launch.gaps) : ''}
    ${staff ? quietHoursSection(ui, project.projectId, staff.quiet) : ''}
    ${staff ? participantsView(ui, project.projectId, staff.participants, staff.import, kOfProject(project)) : ''}
    ${staff ? sharingSection(ui, project.projectId, staff.sharing ?? null) : ''}
    ${resultsView(
      ui,
      project.projectId,
      view.rounds.map((r) => r.round),
      // A coordinator is offered what the organisation shares: the API would refuse the rest.
      staff ? undefined : { rows: project.sharing === 'rows', themes: project.sharing === 'rows' || project.sharing === 'themes' },
    )}`;
  return { title: project.name, main, section: 'projects', self: `/dashboard/projects/${encodeURIComponent(project.projectId)}` };
}
