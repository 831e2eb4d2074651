import { Hono } from 'hono';
import { ApiShapeError, seg, type ApiClient } from '../api/api-client.js';
import { ProjectWithRounds } from '../api/api-shapes.js';
import { CodingAssignments } from '../api/coding-shapes.js';
import { assignmentsSection } from '../coding/assignments-view.js';
import { OwnListeningView, SurveyQuestions, TranscriptSaved, VoiceQueue, type VoiceJob } from '../api/voice-shapes.js';
import { DASHBOARD, sessionOf, type DashboardContext, type DashboardEnv, type Ui } from '../page/context.js';
import { formText, FormErrors } from '../page/forms.js';
import { audioFromApi, failure, notFoundPage, render } from '../page/respond.js';
import { OWN_LISTENING_CONTROLS, TRANSCRIPT_CONTROLS, voicePage, type OwnListeningDraft, type TranscriptDraft, type VoiceItem } from './voice-page.js';

/** A lookup that may fail (a project since deleted, a survey the API no longer shows): the page shows ids then. */
async function maybe<T>(lookup: () => Promise<{ ok: true; data: T } | { ok: false }>): Promise<T | null> {
  try {
    const outcome = await lookup();
    return outcome.ok ? outcome.data : null;
  } catch (error) {
    if (error instanceof ApiShapeError) return null;
    throw error;
  }
}

/**
 * Project names and question texts of the organisation's own waiting voice answers, fetched once per
 * project and survey version. Answers heard as a stranger (the network's) carry no project to look up.
 */
async function describe(api: ApiClient, ui: Ui, jobs: readonly VoiceJob[]): Promise<VoiceItem[]> {
  const projectIds = [...new Set(jobs.flatMap((j) => (j.access === 'own' && j.projectId ? [j.projectId] : [])))];
  const projects = new Map(
    await Promise.all(projectIds.map(async (id) => [id, await maybe(() => api.get(`/api/projects/${seg(id)}`, ProjectWithRounds))] as const)),
  );
  const surveyOf = (job: VoiceJob) => {
    const round = job.projectId ? projects.get(job.projectId)?.rounds.find((r) => r.roundId === job.roundId) : undefined;
    return round ? `${round.surveyId}@${round.surveyVersion}` : null;
  };
  const keys = [...new Set(jobs.map(surveyOf).filter((k): k is string => k !== null))];
  const surveys = new Map(
    await Promise.all(
      keys.map(async (key) => {
        const [surveyId = '', version = ''] = key.split('@');
        return [key, await maybe(() => api.get(`/api/surveys/${seg(surveyId)}/versions/${seg(version)}`, SurveyQuestions))] as const;
      }),
    ),
  );
  return jobs.map((job) => {
    const key = surveyOf(job);
    const definition = key ? surveys.get(key)?.definition : undefined;
    let question: VoiceItem['question'] = null;
    if (definition && job.questionId) {
      const lang = definition.languages.includes(ui.lang) ? ui.lang : (definition.languages[0] ?? ui.lang);
      const [statementId = '', part] = job.questionId.split('.');
      const asked = definition.questions.find((q) => q.id === statementId);
      if (asked && part === 'probe' && asked.probe) question = { text: `${asked.text[lang] ?? ''} → ${asked.probe.text[lang] ?? ''}`, lang };
      else if (asked && part === undefined) question = { text: asked.text[lang] ?? '', lang };
    }
    return { job, projectName: (job.projectId && projects.get(job.projectId)?.project.name) || null, question };
  });
}

async function showQueue(
  c: DashboardContext,
  state: { notice?: string | undefined; draft?: TranscriptDraft; ownDraft?: OwnListeningDraft; status?: 200 | 400 } = {},
): Promise<Response> {
  const { me, api } = sessionOf(c);
  // Only staff transcribe; a coordinator (who sees anonymized results only) has no such page.
  if (me.role === 'coordinator') return notFoundPage(c);
  const queue = await api.get('/api/voice/queue', VoiceQueue);
  if (!queue.ok) return failure(c, queue.status, queue.problem);
  const ui = c.get('ui');
  const items = await describe(api, ui, queue.data.jobs);
  const own = { ownListening: queue.data.ownListening, canChange: queue.data.canChange };
  const independent = me.role === 'interpreter' && !me.organisationId;
  const assignments = me.role === 'interpreter' ? await api.get('/api/coding/assignments', CodingAssignments) : null;
  if (assignments && !assignments.ok) return failure(c, assignments.status, assignments.problem);
  const coding = assignments ? assignmentsSection(ui, assignments.data.rounds) : '';
  return render(c, voicePage(ui, { items, own, independent, coding, notice: state.notice, draft: state.draft, ownDraft: state.ownDraft }), state.status ?? 200);
}

/** The human transcription queue: list, listen (audio through the dashboard), save a transcript. */
export function voiceRoutes(): Hono<DashboardEnv> {
  const app = new Hono<DashboardEnv>();

  app.get(`${DASHBOARD}/voice`, (c) => {
    const { t } = c.get('ui');
    const done = c.req.query('done');
    return showQueue(c, {
      notice:
        done === 'transcribed' ? t('transcriptSaved') : done === 'gone' ? t('transcriptGone') : done === 'own-listening' ? t('ownListeningSaved') : undefined,
    });
  });

  /** Staff decide whether their own people hear their participants' voices (the API refuses anyone else). */
  app.post(`${DASHBOARD}/voice/own-listening`, async (c) => {
    const form = await c.req.parseBody();
    const on = formText(form, 'on') === 'yes';
    const reason = formText(form, 'reason');
    const saved = await sessionOf(c).api.put('/api/voice/own-listening', OwnListeningView, { json: on ? { on: true, reason } : { on: false } });
    if (saved.ok) return c.redirect(`${DASHBOARD}/voice?done=own-listening`, 303);
    if (saved.status !== 400) return failure(c, saved.status, saved.problem);
    return showQueue(c, { ownDraft: { on, reason, errors: new FormErrors(saved.problem, OWN_LISTENING_CONTROLS, {}, 'reason') }, status: 400 });
  });

  /**
   * The recording, from the API with the session's token (an <audio> element cannot send a bearer token,
   * and the page runs no script). Never cached; only while the answer waits for a person.
   */
  app.get(`${DASHBOARD}/voice/:jobId/audio`, (c) => audioFromApi(c, `/api/voice/${seg(c.req.param('jobId'))}/audio`));

  app.post(`${DASHBOARD}/voice/:jobId`, async (c) => {
    const jobId = c.req.param('jobId');
    const form = await c.req.parseBody();
    const transcript = formText(form, 'transcript');
    const translation = formText(form, 'translation');
    const saved = await sessionOf(c).api.post(`/api/voice/${seg(jobId)}/transcript`, TranscriptSaved, {
      json: { transcript, ...(translation.trim() ? { translation } : {}) },
    });
    if (saved.ok) return c.redirect(`${DASHBOARD}/voice?done=transcribed`, 303);
    // Someone else saved it first (409), or it is gone (404): back to the list, which no longer shows it.
    if (saved.status === 404 || saved.status === 409) return c.redirect(`${DASHBOARD}/voice?done=gone`, 303);
    if (saved.status !== 400) return failure(c, saved.status, saved.problem);
    const errors = new FormErrors(saved.problem, TRANSCRIPT_CONTROLS, {}, 'transcript');
    return showQueue(c, { draft: { jobId, transcript, translation, errors }, status: 400 });
  });

  return app;
}
