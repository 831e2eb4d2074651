import { Hono } from 'hono';
import {
  ImportReport,
  LaunchResult,
  Participants,
  ProjectWithRounds,
  QuietHoursSaved,
  RoundClosed,
  RoundsWithProgress,
  SurveyList,
  TemplateList,
  type LanguageGap,
} from '../api/api-shapes.js';
import { PromptsOverview } from '../api/prompts-shapes.js';
import { ProjectSummary } from '../api/results-shapes.js';
import { VoiceAnswers } from '../api/voice-shapes.js';
import { VoiceNotesView } from '../api/voice-notes-shapes.js';
import { SharingView } from '../api/network-shapes.js';
import { ApiShapeError, seg, type ApiClient } from '../api/api-client.js';
import { DASHBOARD, sessionOf, type DashboardContext, type DashboardEnv } from '../page/context.js';
import { feedbackGlances } from '../feedback/feedback-glance.js';
import { formText, formTexts, FormErrors } from '../page/forms.js';
import { QUIET_ALIASES, QUIET_CONTROLS, quietDraftOf, quietFormOf, quietHoursOfDraft, type QuietForm } from './quiet-form.js';
import { formatDateTime } from '../page/time.js';
import { defaultLaunchDraft, LAUNCH_ALIASES, LAUNCH_CONTROLS, parseSurveyKey, type LaunchDraft } from './launch-form.js';
import { IMPORT_CONTROLS, type ImportMode, type ImportView } from './participants-view.js';
import { projectPage, type PromptsGlance, type ProjectView } from './project-page.js';
import { failure, render } from '../page/respond.js';
import { summaryPage } from '../results/summary-page.js';
import { voiceAnswersPage } from '../voice/voice-answers-page.js';
import { localInputToIso } from '../page/time.js';

interface PageState {
  launch?: { draft: LaunchDraft; errors: FormErrors; gaps?: LanguageGap[] };
  quiet?: QuietForm;
  import?: ImportView;
  notice?: string | undefined;
  status?: 200 | 400 | 409 | 413 | 415 | 422;
}

/** How far the recorded call prompts are, in one API call; null when the API cannot say (the page shows a plain link). */
async function promptsGlance(api: ApiClient, projectId: string): Promise<PromptsGlance | null> {
  try {
    const prompts = await api.get(`/api/projects/${seg(projectId)}/prompts`, PromptsOverview);
    if (!prompts.ok) return prompts.status === 400 && prompts.problem.errors.some((e) => e.field === 'survey') ? { kind: 'no-round' } : null;
    const unvoiced = prompts.data.languages.filter((l) => l.voice === null);
    const incomplete = unvoiced.filter((l) => l.missing > 0);
    return {
      kind: 'coverage',
      unvoiced: unvoiced.length,
      missing: incomplete.reduce((sum, l) => sum + l.missing, 0),
      languages: incomplete.map((l) => l.language),
    };
  } catch (error) {
    if (error instanceof ApiShapeError) return null;
    throw error;
  }
}

/** Load everything a project page shows through the API, as this user may see it, and render it. */
async function showProject(c: DashboardContext, projectId: string, state: PageState = {}): Promise<Response> {
  const { me, api } = sessionOf(c);
  const ui = c.get('ui');
  const base = `/api/projects/${seg(projectId)}`;
  const [project, rounds] = await Promise.all([api.get(base, ProjectWithRounds), api.get(`${base}/rounds`, RoundsWithProgress)]);
  if (!project.ok) return failure(c, project.status, project.problem);
  if (!rounds.ok) return failure(c, rounds.status, rounds.problem);
  const now = new Date();
  let staff: ProjectView['staff'];
  if (me.role === 'staff') {
    const [participants, surveys, templates, prompts, feedback, voiceNotes] = await Promise.all([
      api.get(`${base}/participants`, Participants),
      api.get('/api/surveys', SurveyList),
      api.get('/api/templates', TemplateList),
      promptsGlance(api, projectId),
      feedbackGlances(
        api,
        projectId,
        rounds.data.rounds.map((r) => r.round),
      ),
      api.get(`${base}/voice-notes`, VoiceNotesView).catch((error: unknown) => {
        if (error instanceof ApiShapeError) return null;
        throw error;
      }),
    ]);
    const sharing = await api.get(`${base}/sharing`, SharingView).catch((error: unknown) => {
      if (error instanceof ApiShapeError) return null;
      throw error;
    });
    if (!participants.ok) return failure(c, participants.status, participants.problem);
    if (!surveys.ok) return failure(c, surveys.status, surveys.problem);
    if (!templates.ok) return failure(c, templates.status, templates.problem);
    staff = {
      participants: participants.data,
      surveys: { own: surveys.data.surveys, templates: templates.data.templates },
      launch: state.launch ?? { draft: defaultLaunchDraft(now, ui.timeZone), errors: FormErrors.none() },
      quiet: state.quiet ?? quietFormOf(project.data.project.quietHours),
      import: state.import ?? { mode: 'all-or-nothing', report: null, errors: FormErrors.none() },
      prompts,
      feedback,
      voiceNotes: voiceNotes?.ok ? voiceNotes.data : null,
      sharing: sharing?.ok ? sharing.data : null,
    };
  }
  const view: ProjectView = { me, project: project.data.project, rounds: rounds.data.rounds, notice: state.notice, now, ...(staff ? { staff } : {}) };
  return render(c, projectPage(ui, view), state.status ?? 200);
}

function noticeFor(c: DashboardContext): string | undefined {
  const ui = c.get('ui');
  const { t } = ui;
  const done = c.req.query('done');
  // Launched in quiet hours: when the invitations go out (a time the API gave, checked before it is shown).
  const quiet = Date.parse(c.req.query('quietUntil') ?? '');
  if (done === 'launched' && Number.isFinite(quiet))
    return t('launchQuietNotice', { time: formatDateTime(new Date(quiet).toISOString(), ui.locale, ui.timeZone) });
  const notices: Record<string, string> = {
    created: t('projectCreated'),
    launched: t('launchedNotice'),
    closed: t('roundClosedNotice'),
    quiet: t('quietSaved'),
    'box-opened': t('boxOpenedNotice'),
    'box-closed': t('boxClosedNotice'),
    'voice-notes': t('voiceNotesSaved'),
    sharing: t('networkSharingSaved'),
  };
  return done === undefined ? undefined : notices[done];
}

function launchDraftOf(form: Record<string, unknown>): LaunchDraft {
  return {
    label: formText(form, 'label'),
    survey: formText(form, 'survey'),
    opensAt: formText(form, 'opensAt'),
    closesAt: formText(form, 'closesAt'),
    reminderAfterHours: formText(form, 'reminderAfterHours').trim(),
  };
}

/** A project: rounds and progress, launch and close rounds, import participants, results and their summary. */
export function projectRoutes(): Hono<DashboardEnv> {
  const app = new Hono<DashboardEnv>();
  const pagePath = (projectId: string) => `${DASHBOARD}/projects/${encodeURIComponent(projectId)}`;

  app.get(`${DASHBOARD}/projects/:projectId`, (c) => showProject(c, c.req.param('projectId'), { notice: noticeFor(c) }));

  app.post(`${DASHBOARD}/projects/:projectId/rounds`, async (c) => {
    const projectId = c.req.param('projectId');
    const { timeZone } = c.get('ui');
    const form = await c.req.parseBody({ all: true });
    const draft = launchDraftOf(form);
    // Only the "launch anyway" button confirms languages, and only those the warning listed.
    const acceptMissingLanguages = formText(form, 'confirmLanguages') === '1' ? formTexts(form, 'acceptMissingLanguages') : [];
    const hours = draft.reminderAfterHours === '' ? null : Number(draft.reminderAfterHours);
    const launched = await sessionOf(c).api.post(`/api/projects/${seg(projectId)}/rounds`, LaunchResult, {
      json: {
        label: draft.label,
        ...parseSurveyKey(draft.survey),
        // Not a date-time: sent as typed, so the API names the field.
        opensAt: localInputToIso(draft.opensAt, timeZone) ?? draft.opensAt,
        closesAt: localInputToIso(draft.closesAt, timeZone) ?? draft.closesAt,
        reminderAfterHours: hours !== null && Number.isFinite(hours) ? hours : draft.reminderAfterHours === '' ? null : draft.reminderAfterHours,
        ...(acceptMissingLanguages.length ? { acceptMissingLanguages } : {}),
      },
    });
    if (launched.ok) {
      const quiet = launched.data.quietUntil ? `&quietUntil=${encodeURIComponent(launched.data.quietUntil)}` : '';
      return c.redirect(`${pagePath(projectId)}?done=launched${quiet}#rounds`, 303);
    }
    if ([401, 403, 404].includes(launched.status) || launched.status >= 500) return failure(c, launched.status, launched.problem);
    // The survey lacks languages of the project: the form again, with the warning and the button that confirms them.
    const gaps = launched.problem.missingLanguages;
    if (launched.status === 409 && gaps?.length) return showProject(c, projectId, { launch: { draft, errors: FormErrors.none(), gaps }, status: 409 });
    const errors = new FormErrors(launched.problem, LAUNCH_CONTROLS, LAUNCH_ALIASES);
    return showProject(c, projectId, { launch: { draft, errors }, status: launched.status === 409 ? 409 : 400 });
  });

  app.post(`${DASHBOARD}/projects/:projectId/quiet-hours`, async (c) => {
    const projectId = c.req.param('projectId');
    const draft = quietDraftOf(await c.req.parseBody({ all: true }));
    const saved = await sessionOf(c).api.put(`/api/projects/${seg(projectId)}/quiet-hours`, QuietHoursSaved, {
      json: { quietHours: quietHoursOfDraft(draft) },
    });
    if (saved.ok) return c.redirect(`${pagePath(projectId)}?done=quiet#quiet-hours`, 303);
    if ([401, 403, 404].includes(saved.status) || saved.status >= 500) return failure(c, saved.status, saved.problem);
    return showProject(c, projectId, { quiet: { draft, errors: new FormErrors(saved.problem, QUIET_CONTROLS, QUIET_ALIASES, 'blocks') }, status: 400 });
  });

  app.post(`${DASHBOARD}/projects/:projectId/rounds/:roundId/close`, async (c) => {
    const projectId = c.req.param('projectId');
    const closed = await sessionOf(c).api.post(`/api/projects/${seg(projectId)}/rounds/${seg(c.req.param('roundId'))}/close`, RoundClosed);
    if (!closed.ok) return failure(c, closed.status, closed.problem);
    return c.redirect(`${pagePath(projectId)}?done=closed#rounds`, 303);
  });

  app.post(`${DASHBOARD}/projects/:projectId/participants`, async (c) => {
    const projectId = c.req.param('projectId');
    const form = await c.req.parseBody();
    const mode: ImportMode = formText(form, 'mode') === 'valid-only' ? 'valid-only' : 'all-or-nothing';
    const upload = new FormData();
    const file = form.file;
    if (file instanceof File && file.size > 0) upload.append('file', file, file.name);
    const result = await sessionOf(c).api.post(`/api/projects/${seg(projectId)}/participants?mode=${mode}`, ImportReport, { form: upload }, [422]);
    if (result.ok)
      return showProject(c, projectId, { import: { mode, report: result.data, errors: FormErrors.none() }, status: result.status === 422 ? 422 : 200 });
    if ([401, 403, 404].includes(result.status) || result.status >= 500) return failure(c, result.status, result.problem);
    const errors = new FormErrors(result.problem, IMPORT_CONTROLS, {}, 'file');
    return showProject(c, projectId, { import: { mode, report: null, errors }, status: result.status === 413 ? 413 : result.status === 415 ? 415 : 400 });
  });

  app.post(`${DASHBOARD}/projects/:projectId/voice-notes`, async (c) => {
    const projectId = c.req.param('projectId');
    const mode = formText(await c.req.parseBody(), 'mode');
    const saved = await sessionOf(c).api.put(`/api/projects/${seg(projectId)}/voice-notes`, VoiceNotesView, { json: { mode } });
    if (!saved.ok) return failure(c, saved.status, saved.problem);
    return c.redirect(`${pagePath(projectId)}?done=voice-notes#voice-notes`, 303);
  });

  /** What the learning network sees (staff of the organisation; the API refuses anyone else). */
  app.post(`${DASHBOARD}/projects/:projectId/sharing`, async (c) => {
    const projectId = c.req.param('projectId');
    const level = formText(await c.req.parseBody(), 'level');
    const saved = await sessionOf(c).api.put(`/api/projects/${seg(projectId)}/sharing`, SharingView, { json: { level } });
    if (!saved.ok) return failure(c, saved.status, saved.problem);
    return c.redirect(`${pagePath(projectId)}?done=sharing#network-sharing`, 303);
  });

  app.get(`${DASHBOARD}/projects/:projectId/rounds/:roundId/voice`, async (c) => {
    const { api } = sessionOf(c);
    const projectId = c.req.param('projectId');
    const project = await api.get(`/api/projects/${seg(projectId)}`, ProjectWithRounds);
    if (!project.ok) return failure(c, project.status, project.problem);
    const answers = await api.get(`/api/projects/${seg(projectId)}/rounds/${seg(c.req.param('roundId'))}/voice-answers`, VoiceAnswers);
    if (!answers.ok) return failure(c, answers.status, answers.problem);
    return render(c, voiceAnswersPage(c.get('ui'), projectId, project.data.project.name, answers.data));
  });

  app.get(`${DASHBOARD}/projects/:projectId/summary`, async (c) => {
    const { api, me } = sessionOf(c);
    const projectId = c.req.param('projectId');
    const summary = await api.get(`/api/projects/${seg(projectId)}/summary`, ProjectSummary);
    if (!summary.ok) return failure(c, summary.status, summary.problem);
    // The words behind the charts are rows: staff of the organisation, a coordinator where it shares rows.
    let readsAnswers = me.role === 'staff';
    if (me.role === 'coordinator') {
      const project = await api.get(`/api/projects/${seg(projectId)}`, ProjectWithRounds);
      readsAnswers = project.ok && project.data.project.sharing === 'rows';
    }
    return render(c, summaryPage(c.get('ui'), summary.data, { readsAnswers }));
  });

  return app;
}
