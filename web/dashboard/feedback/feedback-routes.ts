import { Hono } from 'hono';
import { MAX_FEEDBACK_PARTS } from '../../../core/feedback/model.js';
import { smsSegments } from '../../../core/sms-segments.js';
import { seg } from '../api/api-client.js';
import { ProjectWithRounds, type Problem } from '../api/api-shapes.js';
import { FeedbackAudioSaved, FeedbackReport, FeedbackSent } from '../api/feedback-shapes.js';
import { StaffItems } from '../api/said-did-shapes.js';
import { DASHBOARD, sessionOf, type DashboardContext, type DashboardEnv, type Ui } from '../page/context.js';
import { feedbackPath } from './feedback-glance.js';
import { feedbackControls, feedbackPage, recordingId, recordingInputId, sentNoticeText } from './feedback-page.js';
import { formText, FormErrors } from '../page/forms.js';
import { languageName } from '../page/language-names.js';
import { recordingType } from '../prompts/prompts-routes.js';
import { audioFromApi, failure, notFoundPage, render } from '../page/respond.js';
import { formatDateTime } from '../page/time.js';
import { numberOrNull } from '../page/cells.js';

const apiFeedback = (projectId: string, roundId: string): string => `/api/projects/${seg(projectId)}/rounds/${seg(roundId)}/feedback`;

/** A refusal of the API, to be said in the UI language once the page knows the round and its audience. */
interface Refused {
  problem: Problem;
  attempt: 'save' | 'send';
}

interface PageState {
  draft?: Record<string, string>;
  refused?: Refused;
  upload?: { language: string; message: string };
  notice?: string | undefined;
  status?: 200 | 400 | 409 | 413 | 415;
}

/**
 * The API's field errors of a save or a send, in the UI language, each at the control it is about: a
 * text that is too long at its textarea; languages nobody can read yet at every such textarea (the API
 * names the first; the report names them all); the round, the sent state or "nothing written" at the
 * send button.
 */
export function explainRefusal(
  ui: Ui,
  refused: Refused,
  ctx: { languages: readonly string[]; closesAt: string; report: FeedbackReport; draft: Record<string, string> },
): Problem {
  const f = ui.feedback;
  const { missing } = ctx.report.audience;
  const errors = refused.problem.errors.flatMap((issue): Problem['errors'] => {
    if (issue.field === 'roundId') return [{ field: 'send', message: f('errorRoundOpen', { date: formatDateTime(ctx.closesAt, ui.locale, ui.timeZone) }) }];
    if (issue.field === 'sentAt') return [{ field: 'send', message: f('errorAlreadySent') }];
    const atEachUnread = (languages: readonly string[]) =>
      languages.filter((l) => ctx.languages.includes(l)).map((l) => ({ field: `texts.${l}`, message: f('errorMissingHere', { language: languageName(l) }) }));
    if (issue.field === 'texts') return [{ field: 'send', message: f('errorNothingWritten') }, ...atEachUnread(missing)];
    const language = /^texts\.(.+)$/.exec(issue.field)?.[1];
    if (language === undefined) return [{ field: issue.field, message: f('errorOther') }];
    if (!ctx.languages.includes(language)) return [{ field: issue.field, message: f('errorNotOffered') }];
    if (refused.attempt === 'save') {
      const text = (ctx.draft[language] ?? '').trim();
      return [
        {
          field: issue.field,
          message: f('errorTooLong', { count: [...text].length, parts: f('smsParts', { count: smsSegments(text).segments }), max: MAX_FEEDBACK_PARTS }),
        },
      ];
    }
    const unread = missing.length ? missing : [language];
    return [{ field: 'send', message: f('errorMissing', { languages: unread.map(languageName).join(', ') }) }, ...atEachUnread(unread)];
  });
  return { ...refused.problem, errors };
}

async function showFeedback(c: DashboardContext, projectId: string, roundId: string, state: PageState = {}): Promise<Response> {
  const { api } = sessionOf(c);
  const ui = c.get('ui');
  const f = ui.feedback;
  // The report first: staff only (a coordinator, who may read the project, gets the API's 404 here).
  const report = await api.get(apiFeedback(projectId, roundId), FeedbackReport);
  if (!report.ok) return failure(c, report.status, report.problem);
  const project = await api.get(`/api/projects/${seg(projectId)}`, ProjectWithRounds);
  if (!project.ok) return failure(c, project.status, project.problem);
  // The project's actions beside its message (staff only, as the report above): none shown when the API gives none.
  const saidDid = await api.get(`/api/projects/${seg(projectId)}/we-did`, StaffItems);
  const round = project.data.rounds.find((r) => r.roundId === roundId);
  if (!round) return notFoundPage(c);
  const { languages } = project.data.project;
  const draft = state.draft ?? {};
  const problem = state.refused ? explainRefusal(ui, state.refused, { languages, closesAt: round.closesAt, report: report.data, draft }) : null;
  const upload = state.upload
    ? {
        language: state.upload.language,
        errors: new FormErrors(
          { title: 'Bad request', status: state.status ?? 400, errors: [{ field: 'file', message: state.upload.message }] },
          ['file'],
          {},
          'file',
          ui.lang,
        ),
      }
    : undefined;
  const done = c.req.query('done');
  // Sent in quiet hours: when the copies go out (a time the API gave, checked before it is shown).
  const held = Date.parse(c.req.query('heldUntil') ?? '');
  const notice =
    state.notice ??
    (done === 'sent' && Number.isFinite(held)
      ? f('sentQuietNotice', { time: formatDateTime(new Date(held).toISOString(), ui.locale, ui.timeZone) })
      : undefined) ??
    (done === 'saved'
      ? f('savedNotice')
      : done === 'sent'
        ? sentNoticeText(f, numberOrNull(report.data.audience.recipients))
        : done === 'recorded'
          ? f('recordedNotice')
          : done === 'removed'
            ? f('removedNotice')
            : undefined);
  const page = feedbackPage(ui, {
    project: project.data.project,
    round,
    report: report.data,
    now: new Date(),
    draft: state.draft,
    errors: problem ? new FormErrors(problem, feedbackControls(languages), {}, 'send', ui.lang) : FormErrors.none(),
    upload,
    notice,
    saidDid: saidDid.ok ? saidDid.data.items : undefined,
  });
  return render(c, page, state.status ?? 200);
}

/** The texts as posted (`texts.<language>` fields), line breaks as a phone shows them (the browser sends CRLF). */
function postedTexts(form: Record<string, unknown>): Record<string, string> {
  const texts: Record<string, string> = {};
  for (const name of Object.keys(form)) {
    if (name.startsWith('texts.') && name.length > 'texts.'.length) texts[name.slice('texts.'.length)] = formText(form, name).replace(/\r\n?/g, '\n');
  }
  return texts;
}

const FEEDBACK_AUDIO_POST = /^\/dashboard\/projects\/([^/]+)\/rounds\/([^/]+)\/feedback\/audio\/([^/]+)$/;

/**
 * A recording larger than the dashboard takes is refused before anyone reads it (routes.ts): back to the
 * page, which then says so at that language's file input. Null for any other request.
 */
export function tooLargeFeedbackUpload(c: DashboardContext): Response | null {
  const match = c.req.method === 'POST' ? FEEDBACK_AUDIO_POST.exec(c.req.path) : null;
  if (!match) return null;
  const [projectId, roundId, language] = match.slice(1).map((part) => {
    try {
      return decodeURIComponent(part);
    } catch {
      return part;
    }
  }) as [string, string, string];
  return c.redirect(`${feedbackPath(projectId, roundId)}?problem=too-large&language=${encodeURIComponent(language)}#${recordingInputId(language)}`, 303);
}

/** "You said, we did" of a round: the page, save or send the texts, upload / play / remove a recording per language. */
export function feedbackRoutes(): Hono<DashboardEnv> {
  const app = new Hono<DashboardEnv>();
  const page = `${DASHBOARD}/projects/:projectId/rounds/:roundId/feedback`;
  const audio = `${page}/audio/:language`;
  const back = (c: DashboardContext, query: string, anchor: string) =>
    c.redirect(`${feedbackPath(c.req.param('projectId') ?? '', c.req.param('roundId') ?? '')}?${query}#${anchor}`, 303);

  app.get(page, (c) => {
    const { projectId, roundId } = c.req.param();
    const language = c.req.query('language');
    const tooLarge = c.req.query('problem') === 'too-large' && language ? { language, message: c.get('ui').feedback('recordingTooLarge') } : undefined;
    return showFeedback(c, projectId, roundId, tooLarge ? { upload: tooLarge } : {});
  });

  /** Save the texts; with `action=send` (the send button submits this same form), then send them. */
  app.post(page, async (c) => {
    const { projectId, roundId } = c.req.param();
    const { api } = sessionOf(c);
    const form = await c.req.parseBody();
    const draft = postedTexts(form);
    const saved = await api.put(apiFeedback(projectId, roundId), FeedbackReport, { json: { texts: draft } });
    if (!saved.ok) {
      if (saved.status !== 400 && saved.status !== 409) return failure(c, saved.status, saved.problem);
      return showFeedback(c, projectId, roundId, { draft, refused: { problem: saved.problem, attempt: 'save' }, status: saved.status });
    }
    if (formText(form, 'action') !== 'send') return back(c, 'done=saved', 'fb-message');
    const sent = await api.post(`${apiFeedback(projectId, roundId)}/send`, FeedbackSent);
    if (!sent.ok) {
      if (sent.status !== 400 && sent.status !== 409) return failure(c, sent.status, sent.problem);
      return showFeedback(c, projectId, roundId, { draft, refused: { problem: sent.problem, attempt: 'send' }, status: sent.status });
    }
    return back(c, sent.data.heldUntil ? `done=sent&heldUntil=${encodeURIComponent(sent.data.heldUntil)}` : 'done=sent', 'report');
  });

  /**
   * The recording, from the API with the session's token (an <audio> element cannot send a bearer
   * token, and the page runs no script). Never cached.
   */
  app.get(audio, (c) => {
    const { projectId, roundId, language } = c.req.param();
    return audioFromApi(c, `${apiFeedback(projectId, roundId)}/audio/${seg(language)}`);
  });

  app.post(audio, async (c) => {
    const { projectId, roundId, language } = c.req.param();
    const f = c.get('ui').feedback;
    const file = (await c.req.parseBody()).file;
    if (!(file instanceof File) || file.size === 0)
      return showFeedback(c, projectId, roundId, { upload: { language, message: f('recordingNoFile') }, status: 400 });
    const saved = await sessionOf(c).api.put(`${apiFeedback(projectId, roundId)}/audio/${seg(language)}`, FeedbackAudioSaved, {
      bytes: await file.arrayBuffer(),
      type: recordingType(file),
    });
    if (saved.ok) return back(c, 'done=recorded', recordingId(language));
    // What is wrong with the file is said at its input; anything else (no access, not a project language) is not about the file.
    const aboutFile = saved.problem.errors.some((e) => e.field === '(body)' || e.field === 'content-type');
    if (saved.status === 415) return showFeedback(c, projectId, roundId, { upload: { language, message: f('recordingWrongType') }, status: 415 });
    if (saved.status === 413) return showFeedback(c, projectId, roundId, { upload: { language, message: f('recordingTooLarge') }, status: 413 });
    if (saved.status === 400 && aboutFile) return showFeedback(c, projectId, roundId, { upload: { language, message: f('recordingTooLong') }, status: 400 });
    if (saved.status === 409) return showFeedback(c, projectId, roundId, { upload: { language, message: f('errorAlreadySent') }, status: 409 });
    return failure(c, saved.status, saved.problem);
  });

  app.post(`${audio}/delete`, async (c) => {
    const { projectId, roundId, language } = c.req.param();
    const removed = await sessionOf(c).api.delete(`${apiFeedback(projectId, roundId)}/audio/${seg(language)}`);
    if (removed.ok) return back(c, 'done=removed', 'fb-recordings');
    if (removed.status === 409) return showFeedback(c, projectId, roundId, { refused: { problem: removed.problem, attempt: 'save' }, status: 409 });
    return failure(c, removed.status, removed.problem);
  });

  return app;
}
