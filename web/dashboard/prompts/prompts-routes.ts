import { Hono } from 'hono';
import { seg } from '../api/api-client.js';
import { ProjectWithRounds, type Problem } from '../api/api-shapes.js';
import { PromptSaved, PromptsOverview, StudioCode } from '../api/prompts-shapes.js';
import { DASHBOARD, sessionOf, type DashboardContext, type DashboardEnv } from '../page/context.js';
import { FormErrors } from '../page/forms.js';
import { promptDomId, promptsPage, promptsPath, withQuery, type UploadProblem } from './prompts-page.js';
import { audioFromApi, failure, render } from '../page/respond.js';

/** The query parameters that choose which survey version's prompts a page shows (the API's own). */
const SCOPE_PARAMS = ['round', 'survey', 'version'] as const;

/** `round=…` or `survey=…&version=…` as asked, else "" (the API then takes the open round, else the latest). */
function scopeOf(c: DashboardContext): string {
  const params = new URLSearchParams();
  for (const name of SCOPE_PARAMS) {
    const value = c.req.query(name);
    if (value) params.set(name, value);
  }
  return params.toString();
}

const apiPrompts = (projectId: string): string => `/api/projects/${seg(projectId)}/prompts`;
const apiPrompt = (projectId: string, language: string, promptId: string): string => `${apiPrompts(projectId)}/${seg(language)}/${seg(promptId)}`;
const scoped = (path: string, scope: string): string => (scope ? `${path}?${scope}` : path);

/** Where the page goes back to after an upload or a delete: the prompt itself. */
const backTo = (projectId: string, scope: string, extra: Record<string, string>, language: string, promptId: string): string =>
  `${withQuery(promptsPath(projectId), scope, extra)}#${promptDomId(language, promptId)}`;

/**
 * The content type to send: the browser's, else (empty, or a generic one) by the file's extension. The
 * API checks the bytes themselves, so a wrong name gains nothing.
 */
export function recordingType(file: File): string {
  const type = (file.type.split(';')[0] ?? '').trim().toLowerCase();
  if (type && type !== 'application/octet-stream') return type;
  const extension = file.name.toLowerCase().split('.').pop();
  return extension === 'mp3' ? 'audio/mpeg' : extension === 'wav' ? 'audio/wav' : type || 'application/octet-stream';
}

/** A problem with the upload, in the UI language, for the file input of that prompt. */
function uploadProblem(c: DashboardContext, language: string, promptId: string, message: string, status: number): UploadProblem {
  const ui = c.get('ui');
  const problem: Problem = { title: 'Bad request', status, errors: [{ field: 'file', message }] };
  return { language, promptId, errors: new FormErrors(problem, ['file'], {}, 'file', ui.lang) };
}

interface PageState {
  notice?: string | undefined;
  upload?: UploadProblem | undefined;
  studio?: StudioCode | undefined;
  status?: 200 | 400 | 413 | 415;
}

async function showPrompts(c: DashboardContext, projectId: string, scope: string, state: PageState = {}): Promise<Response> {
  const { me, api } = sessionOf(c);
  const ui = c.get('ui');
  const overview = await api.get(scoped(apiPrompts(projectId), scope), PromptsOverview);
  // The prompts carry the project's name; without them (no round yet) staff can still read the project.
  const project = !overview.ok && me.role === 'staff' ? await api.get(`/api/projects/${seg(projectId)}`, ProjectWithRounds) : null;
  // No round yet (and no survey asked for): nothing to record, said in a sentence rather than an error.
  const noRound = !overview.ok && overview.status === 400 && scope === '' && overview.problem.errors.some((e) => e.field === 'survey');
  if (!overview.ok && !noRound) return failure(c, overview.status, overview.problem);
  const page = promptsPage(ui, {
    projectId,
    projectName: overview.ok ? overview.data.project.name : project?.ok ? project.data.project.name : projectId,
    staff: me.role === 'staff',
    scope,
    overview: overview.ok ? overview.data : null,
    notice: state.notice,
    upload: state.upload,
    studio: state.studio,
  });
  return render(c, page, state.status ?? 200);
}

/**
 * An upload larger than the dashboard takes is refused before anyone reads it (routes.ts): back to the
 * page, which then shows the size problem at that prompt's file input. Null for any other request.
 */
export function tooLargeUpload(c: DashboardContext): Response | null {
  const match = c.req.method === 'POST' ? /^\/dashboard\/projects\/([^/]+)\/prompts\/([^/]+)\/([^/]+)$/.exec(c.req.path) : null;
  if (!match) return null;
  const [projectId, language, promptId] = match.slice(1).map((part) => {
    try {
      return decodeURIComponent(part);
    } catch {
      return part;
    }
  }) as [string, string, string];
  return c.redirect(backTo(projectId, scopeOf(c), { problem: 'too-large', language, prompt: promptId }, language, promptId), 303);
}

/** Recorded call prompts: list, listen (audio through the dashboard), upload or replace, delete. */
export function promptsRoutes(): Hono<DashboardEnv> {
  const app = new Hono<DashboardEnv>();
  const page = `${DASHBOARD}/projects/:projectId/prompts`;
  const one = `${page}/:language/:promptId`;

  app.get(page, (c) => {
    const { t } = c.get('ui');
    const projectId = c.req.param('projectId');
    const done = c.req.query('done');
    const language = c.req.query('language');
    const prompt = c.req.query('prompt');
    const tooLarge = c.req.query('problem') === 'too-large' && language && prompt ? uploadProblem(c, language, prompt, t('recordingTooLarge'), 413) : undefined;
    return showPrompts(c, projectId, scopeOf(c), {
      notice: done === 'saved' ? t('recordingSaved') : done === 'deleted' ? t('recordingDeleted') : undefined,
      upload: tooLarge,
    });
  });

  /**
   * The recording, from the API with the session's token (an <audio> element cannot send a bearer
   * token, and the page runs no script). Never cached.
   */
  app.get(`${one}/audio`, (c) => {
    const { projectId, language, promptId } = c.req.param();
    return audioFromApi(c, scoped(`${apiPrompt(projectId, language, promptId)}/audio`, scopeOf(c)));
  });

  app.post(one, async (c) => {
    const { t } = c.get('ui');
    const { projectId, language, promptId } = c.req.param();
    const scope = scopeOf(c);
    const file = (await c.req.parseBody()).file;
    if (!(file instanceof File) || file.size === 0) {
      return showPrompts(c, projectId, scope, { upload: uploadProblem(c, language, promptId, t('recordingNoFile'), 400), status: 400 });
    }
    const saved = await sessionOf(c).api.put(scoped(apiPrompt(projectId, language, promptId), scope), PromptSaved, {
      bytes: await file.arrayBuffer(),
      type: recordingType(file),
    });
    if (saved.ok) return c.redirect(backTo(projectId, scope, { done: 'saved' }, language, promptId), 303);
    // What is wrong with the file is said in the UI language at its input; anything else (an unknown
    // prompt or language, a language a voice speaks, no access) is not about the file.
    const aboutFile = saved.problem.errors.some((e) => e.field === '(body)' || e.field === 'content-type');
    const status = saved.status === 415 ? 415 : saved.status === 413 ? 413 : saved.status === 400 && aboutFile ? 400 : null;
    if (status === null) return failure(c, saved.status, saved.problem);
    const message = status === 415 ? t('recordingWrongType') : status === 413 ? t('recordingTooLarge') : t('recordingTooLong');
    return showPrompts(c, projectId, scope, { upload: uploadProblem(c, language, promptId, message, status), status });
  });

  app.post(`${page}/studio-code`, async (c) => {
    const projectId = c.req.param('projectId');
    const issued = await sessionOf(c).api.post(`${apiPrompts(projectId)}/studio-code`, StudioCode);
    if (!issued.ok) return failure(c, issued.status, issued.problem);
    return showPrompts(c, projectId, scopeOf(c), { studio: issued.data });
  });

  app.post(`${one}/delete`, async (c) => {
    const { projectId, language, promptId } = c.req.param();
    const scope = scopeOf(c);
    const removed = await sessionOf(c).api.delete(scoped(apiPrompt(projectId, language, promptId), scope));
    if (!removed.ok) return failure(c, removed.status, removed.problem);
    return c.redirect(backTo(projectId, scope, { done: 'deleted' }, language, promptId), 303);
  });

  return app;
}
