import { Hono } from 'hono';
import { JoinCodeTakenError } from '../../core/directory-errors.js';
import { authorize } from '../../core/access/authorize.js';
import type { Principal } from '../../core/access/principal.js';
import { DisclosureSettings, WhatsappFallback, type Project } from '../../core/model.js';
import { auditGroup } from '../../core/disclosure/audit.js';
import { kOf, SUPPRESSED } from '../../core/disclosure/cells.js';
import { ImportFormatError, importParticipants } from '../../core/participants/import-participants.js';
import { inviteNewEnrolments, RoundConflictError } from '../../core/rounds/launch-round.js';
import { planRounds, RoundPlan, type PlannedRound } from '../../core/rounds/plan.js';
import { SUPPORTED_LANGUAGES } from '../../locales/index.js';
import { VoiceNoteMode } from '../../core/voice-notes/speech.js';
import * as z from '../../kernel/zod.js';
import { ApiProblem, jsonBody, projectFor, queryParams, strictUtf8, type ApiEnv } from './context.js';
import type { ApiDeps } from './deps.js';
import { launchWithPrompts, missingLanguagesProblem, requireRoundSurvey } from './rounds-routes.js';
import { MissingLanguagesError, languageGaps } from '../../core/rounds/language-gaps.js';
import { DEFAULT_QUIET_HOURS } from '../../core/quiet-hours.js';
import { QuietHoursInput } from '../../core/quiet-hours-input.js';

const Language = z.enum(SUPPORTED_LANGUAGES);
export const ProjectInput = z.object({
  projectId: z.string().check(z.regex(/^[a-z][a-z0-9-]{1,39}$/, 'lowercase letters, digits and "-", 2–40 characters, starting with a letter')),
  name: z.string().check(z.trim(), z.minLength(2), z.maxLength(60)),
  languages: z.array(Language).check(z.minLength(1)),
  fallbackLanguages: z._default(z.array(Language), []),
  joinCode: z.string().check(z.trim(), z.toUpperCase(), z.regex(/^[A-Z0-9]{3,12}$/, '3–12 letters or digits')),
  whatsappTemplates: z._default(z.partialRecord(Language, z.string().check(z.regex(/^HX[0-9A-Za-z]{2,32}$/, 'a Twilio Content SID (HX…)'))), {}),
  callNumber: z._default(z.nullable(z.string().check(z.trim(), z.regex(/^\+[1-9]\d{6,14}$/, 'an E.164 number like +3225550100'))), null),
  /** Outside the 24-hour window and without a template in the person's language: SMS, a call, or nothing. */
  whatsappFallback: z._default(WhatsappFallback, 'sms'),
  /** WhatsApp questions as voice notes: text only (the default), the question and its voice note, or the voice note first. */
  voiceNotes: z._default(VoiceNoteMode, 'text'),
  /** k (5 or more) and whether respondent codes link the rounds; see core/disclosure. */
  disclosure: z.optional(DisclosureSettings),
  /** When nobody is contacted (core/quiet-hours.ts); left out: nights, 21:00 to 09:00 in Brussels. */
  quietHours: z.optional(QuietHoursInput),
  /** Keep a suggestion box: what an enrolled person writes when no survey waits for them is kept as feedback (core/suggestions/box.ts). */
  suggestionBox: z.optional(z.boolean()),
  /** Rounds to create with the project: start / midway / end, or one every N weeks. Not stored: the rounds are the plan. */
  plan: z.optional(RoundPlan),
  /** Project languages the plan's surveys lack, accepted (see the rounds' launch): else the plan is refused (409). */
  acceptMissingLanguages: z._default(z.array(Language).check(z.maxLength(SUPPORTED_LANGUAGES.length)), []),
});

/** Coordinators read results: the join code and sending settings are the organisation's business. */
function forViewer(
  principal: Principal,
  project: Project,
): Project | Omit<Project, 'joinCode' | 'whatsappTemplates' | 'callNumber' | 'whatsappFallback' | 'voiceNotes'> {
  if (principal.role === 'staff') return project;
  const { joinCode: _code, whatsappTemplates: _templates, callNumber: _number, whatsappFallback: _fallback, voiceNotes: _voice, ...shared } = project;
  return shared;
}

/**
 * Projects as a coordinator sees them: those their organisations share with the network at all
 * (`authorize`, core/access/authorize.ts), each with its organisation's name and what it shares.
 */
async function networkListing(deps: ApiDeps, principal: Principal, projects: readonly Project[]) {
  const sharing = await deps.sharing.sharingOfMany(projects.map((p) => p.projectId));
  const names = new Map((await deps.users.listOrganisations()).map((o) => [o.organisationId, o.name]));
  return projects.flatMap((project) => {
    const level = sharing.get(project.projectId)?.level;
    if (!authorize(principal, 'project:read', { organisationId: project.organisationId, sharing: level })) return [];
    return [{ ...forViewer(principal, project), organisationName: names.get(project.organisationId) ?? project.organisationId, sharing: level }];
  });
}

const ImportQuery = z.object({ mode: z._default(z.enum(['all-or-nothing', 'valid-only']), 'all-or-nothing') });
const MAX_CSV_BYTES = 2_000_000;

/**
 * The rounds of a plan, checked whole: dates (400 naming the field), every survey version it names, and
 * the languages of those surveys against the project's (409 unless the gaps are accepted).
 */
async function checkedPlan(
  deps: ApiDeps,
  principal: Principal,
  plan: RoundPlan,
  project: Pick<Project, 'languages' | 'fallbackLanguages'>,
  accepted: readonly string[],
): Promise<PlannedRound[]> {
  const builtIn = await deps.templates.all();
  const outcome = planRounds(plan, { now: deps.clock.now(), templateVersion: (id) => builtIn.find((t) => t.id === id)?.version });
  if (!outcome.ok) throw new ApiProblem(400, 'Bad request', 'the plan of rounds does not hold together', outcome.issues);
  const checked = new Set<string>();
  for (const round of outcome.rounds) {
    const key = `${round.field} ${round.surveyId}@${round.surveyVersion}`;
    if (!checked.has(key)) await requireRoundSurvey(deps, principal, round, round.field);
    checked.add(key);
    const survey = await deps.catalog.survey(round.surveyId, round.surveyVersion);
    const gaps = survey ? languageGaps(project, survey.definition.languages).filter((g) => !accepted.includes(g.language)) : [];
    if (gaps.length > 0) throw missingLanguagesProblem(new MissingLanguagesError(gaps), 'acceptMissingLanguages');
  }
  return outcome.rounds;
}

/** Projects and their participants: staff of the owning organisation; coordinators read project metadata. */
export function projectsRoutes(deps: ApiDeps): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();

  app.get('/api/me', async (c) => {
    const p = c.get('principal');
    const organisation = p.role === 'coordinator' || p.organisationId === null ? null : await deps.users.getOrganisation(p.organisationId);
    return c.json({ ...p, organisation });
  });

  app.get('/api/projects', async (c) => {
    const p = c.get('principal');
    if (p.role === 'interpreter') return c.json({ projects: [] });
    const projects = await deps.directory.listProjects(p.role === 'staff' ? p.organisationId : undefined);
    if (p.role === 'staff') return c.json({ projects: projects.map((project) => forViewer(p, project)) });
    // Coordinators: only what organisations share with the network (a project kept to itself is not listed), with the organisations' names.
    return c.json({ projects: await networkListing(deps, p, projects) });
  });

  app.post('/api/projects', async (c) => {
    const p = c.get('principal');
    if (p.role !== 'staff') throw new ApiProblem(403, 'Forbidden', 'only staff of an organisation create projects');
    const { plan, acceptMissingLanguages, ...input } = await jsonBody(c, ProjectInput);
    // The whole plan is checked before anything is written: a bad plan leaves no project behind.
    const planned = plan ? await checkedPlan(deps, p, plan, input, acceptMissingLanguages) : [];
    if (await deps.directory.getProject(input.projectId)) {
      throw new ApiProblem(409, 'Conflict', 'a project with this id exists', [{ field: 'projectId', message: 'taken' }]);
    }
    const project = { ...input, organisationId: p.organisationId };
    try {
      await deps.directory.putProject(project);
    } catch (error) {
      if (error instanceof JoinCodeTakenError)
        throw new ApiProblem(409, 'Conflict', error.message, [{ field: 'joinCode', message: 'taken by another project' }]);
      throw error;
    }
    const rounds = [];
    for (const { field, ...round } of planned) {
      try {
        rounds.push(await launchWithPrompts(deps, project, round, acceptMissingLanguages));
      } catch (error) {
        if (error instanceof RoundConflictError)
          throw new ApiProblem(409, 'Conflict', error.message, [{ field: `${field}.${error.field}`, message: error.message }]);
        throw error;
      }
    }
    return c.json({ project, rounds }, 201);
  });

  app.get('/api/projects/:projectId', async (c) => {
    const project = await projectFor(c, deps.directory, c.req.param('projectId'), 'project:read');
    const rounds = await deps.directory.listRounds(project.projectId);
    const shown =
      c.get('principal').role === 'coordinator' ? (await networkListing(deps, c.get('principal'), [project]))[0] : forViewer(c.get('principal'), project);
    return c.json({ project: shown, rounds: rounds.sort((a, b) => a.opensAt.localeCompare(b.opensAt)) });
  });

  /** When nobody is contacted: a weekly set of blocked intervals in a time zone (core/quiet-hours.ts). */
  app.get('/api/projects/:projectId/quiet-hours', async (c) => {
    const project = await projectFor(c, deps.directory, c.req.param('projectId'), 'project:read');
    return c.json({ quietHours: project.quietHours ?? DEFAULT_QUIET_HOURS, isDefault: project.quietHours === undefined });
  });

  app.put('/api/projects/:projectId/quiet-hours', async (c) => {
    const project = await projectFor(c, deps.directory, c.req.param('projectId'), 'project:manage');
    const { quietHours } = await jsonBody(c, z.object({ quietHours: QuietHoursInput }));
    await deps.directory.putProject({ ...project, quietHours });
    deps.catalog.forget(project.projectId);
    return c.json({ quietHours, isDefault: false });
  });

  app.post('/api/projects/:projectId/participants', async (c) => {
    const project = await projectFor(c, deps.directory, c.req.param('projectId'), 'participants:manage');
    const { mode } = queryParams(c, ImportQuery);
    const type = c.req.header('content-type') ?? '';
    if (!type.startsWith('text/csv') && !type.startsWith('text/plain') && !type.startsWith('multipart/form-data')) {
      throw new ApiProblem(415, 'Unsupported media type', 'send the CSV as text/csv (or a form upload with a "file" field)', [
        { field: 'content-type', message: `got "${type}"` },
      ]);
    }
    let csv: string;
    if (type.startsWith('multipart/form-data')) {
      const form = await c.req.parseBody();
      const file = form.file;
      if (!(file instanceof File)) throw new ApiProblem(400, 'Bad request', 'no file uploaded', [{ field: 'file', message: 'missing' }]);
      if (file.size > MAX_CSV_BYTES) throw new ApiProblem(413, 'Too large', `at most ${MAX_CSV_BYTES} bytes`, [{ field: 'file', message: 'too large' }]);
      csv = strictUtf8(await file.arrayBuffer(), 'file');
    } else {
      const bytes = await c.req.arrayBuffer();
      if (bytes.byteLength > MAX_CSV_BYTES)
        throw new ApiProblem(413, 'Too large', `at most ${MAX_CSV_BYTES} bytes`, [{ field: '(body)', message: 'too large' }]);
      csv = strictUtf8(bytes, '(body)');
    }
    try {
      const report = await importParticipants(deps, project, csv, mode);
      // Rounds launched (or planned) before these people were known invite them too, unless closed.
      if (report.enrolled > 0)
        await inviteNewEnrolments({ rounds: deps.directory, participants: deps.participants, queue: deps.queue, clock: deps.clock }, project);
      return c.json(report, report.imported ? 200 : 422);
    } catch (error) {
      if (error instanceof ImportFormatError) throw new ApiProblem(400, 'Bad request', error.message, [{ field: error.field, message: error.message }]);
      throw error;
    }
  });

  /** Who takes part: counts and a list without numbers. Staff of the organisation only. */
  app.get('/api/projects/:projectId/participants', async (c) => {
    const project = await projectFor(c, deps.directory, c.req.param('projectId'), 'participants:manage');
    // Counts, never people: per language and channel through disclosure control (someone who joined by
    // code in a language nobody else speaks would otherwise show up the day they joined).
    let count = 0;
    const languages: Record<string, number> = {};
    const channels: Record<string, number> = {};
    for await (const page of deps.participants.enrolments(project.projectId)) {
      for (const e of page) {
        count++;
        languages[e.language ?? 'unknown'] = (languages[e.language ?? 'unknown'] ?? 0) + 1;
        channels[e.channel] = (channels[e.channel] ?? 0) + 1;
      }
    }
    const k = kOf(project);
    const disclosed = (counts: Record<string, number>) => Object.fromEntries(Object.entries(auditGroup(counts, k)).map(([key, n]) => [key, n ?? SUPPRESSED]));
    return c.json({ count, byLanguage: disclosed(languages), byChannel: disclosed(channels) });
  });

  return app;
}
