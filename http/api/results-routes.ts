import { Hono } from 'hono';
import type { Catalog } from '../../core/conversation/catalog.js';
import type { Project, Round } from '../../core/model.js';
import type { Directory } from '../../core/ports.js';
import type { ReleaseStore } from '../../core/disclosure/release.js';
import { releasedRespondents } from '../../core/disclosure/release.js';
import { kOf } from '../../core/disclosure/cells.js';
import { linkingIsSafe } from '../../core/disclosure/linkage.js';
import type { ParticipantStore } from '../../core/participants/ports.js';
import type { Clock, Protector } from '../../core/ports.js';
import { exportCsv, WITHHELD, type ExportRound, type Separator } from '../../core/results/csv.js';
import type { AnswerSource, ExportDrop } from '../../core/results/ports.js';
import { projectResults } from '../../core/results/project-results.js';
import { oldestFirst, questionsOf, type RoundOfSurvey } from '../../core/results/questions.js';
import { roundReleases } from '../../core/results/releases.js';
import * as z from '../../kernel/zod.js';
import { notFound, projectFor, queryParams, type ApiContext, type ApiEnv } from './context.js';

export interface ResultsDeps {
  directory: Directory;
  catalog: Catalog;
  answers: AnswerSource;
  releases: ReleaseStore;
  participants: Pick<ParticipantStore, 'invitations'>;
  protector: Pick<Protector, 'exportCode'>;
  clock: Clock;
  /** In Lambda (responses of at most 6 MB): CSVs go to a short-lived private file, the client to its link. */
  exports?: ExportDrop | undefined;
}

const CsvQuery = z.object({
  /** `semicolon` for Excel set to a Belgian locale, which splits on ";" rather than ",". */
  separator: z.optional(z.enum(['comma', 'semicolon'])),
  /** `numbers`: without free text (typed open answers, transcripts, translations), for wider sharing. */
  columns: z.optional(z.enum(['all', 'numbers'])),
});

/** A filename part in plain ASCII: accents dropped, everything else a dash ("OCMW Gent – été" → "ocmw-gent-ete"). */
export function asciiSlug(text: string, fallback: string): string {
  const slug = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  return slug || fallback;
}

export async function withSurveys(catalog: Catalog, rounds: readonly Round[]): Promise<RoundOfSurvey[]> {
  return Promise.all(
    rounds.map(async (round) => {
      const survey = await catalog.survey(round.surveyId, round.surveyVersion);
      if (!survey) throw new Error(`survey ${round.surveyId}@${round.surveyVersion} of round ${round.roundId} is missing`);
      return { round, survey };
    }),
  );
}

/**
 * Stream the CSV. The first chunk is read before answering, so that a failure on the first page is still
 * a proper 500 problem; a later failure aborts the body, and the client sees a broken download rather
 * than a short file that looks whole.
 */
async function csvResponse(c: ApiContext, chunks: AsyncGenerator<string>, filename: string): Promise<Response> {
  const encoder = new TextEncoder();
  let first: IteratorResult<string> | null = await chunks.next();
  // Pull-based: the next page is read only when the client has taken the previous chunk.
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = first ?? (await chunks.next());
      first = null;
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
    async cancel() {
      await chunks.return(undefined);
    },
  });
  return c.body(body, 200, {
    'Content-Type': 'text/csv; charset=utf-8',
    'Content-Disposition': `attachment; filename="${filename}"`,
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  });
}

/** The CSV as the response (locally), or stored and the client sent to a link to it (in Lambda: 303). */
export async function deliverCsv(c: ApiContext, exports: ExportDrop | undefined, chunks: AsyncGenerator<string>, filename: string): Promise<Response> {
  if (!exports) return csvResponse(c, chunks, filename);
  const link = await exports.put(chunks, { filename, contentType: 'text/csv; charset=utf-8' });
  return c.body(null, 303, { Location: link, 'Cache-Control': 'no-store' });
}

export function csvOptions(c: ApiContext): { separator: Separator; numbersOnly: boolean } {
  const query = queryParams(c, CsvQuery);
  return { separator: query.separator === 'semicolon' ? ';' : ',', numbersOnly: query.columns === 'numbers' };
}
export const projectSlug = (p: Project) => asciiSlug(p.name, asciiSlug(p.projectId, 'project'));

/**
 * The code a respondent has in results: per round, unless the project compares the same people across
 * rounds and that says nothing about a small group (core/disclosure/linkage.ts). Keyed, so that codes
 * cannot be computed from an older export or from the stored ones.
 */
function exportCodes(protector: Pick<Protector, 'exportCode'>, project: Project, linked: boolean): (roundId: string, code: string) => string {
  return (roundId, code) => protector.exportCode(linked ? `project:${project.projectId}` : `round:${project.projectId}:${roundId}`, code);
}

/** Anonymized results, as released (core/disclosure): answer CSVs per round and per project, the summary, voice answers. */
export function resultsRoutes(deps: ResultsDeps): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();

  /**
   * The rounds' released respondents. Downloads read the releases as they stand — making one costs a pass
   * over the round, and the summary and progress (every project page) make any that are due — except for a
   * round with none yet, whose first is made here.
   */
  const released = async (project: Project, rounds: readonly RoundOfSurvey[]): Promise<ExportRound[]> => {
    const out: ExportRound[] = [];
    for (const r of rounds) {
      const existing = await deps.releases.list(r.round.projectId, r.round.roundId);
      out.push({ ...r, released: releasedRespondents(existing.length > 0 ? existing : await roundReleases(deps, project, r)) });
    }
    return out;
  };
  const roundOf = async (project: Project, roundId: string): Promise<Round> => {
    const round = (await deps.directory.listRounds(project.projectId)).find((r) => r.roundId === roundId);
    if (!round) throw notFound(`round "${roundId}"`);
    return round;
  };
  const suffix = (numbersOnly: boolean) => (numbersOnly ? '-numbers' : '');
  /** The codes for this project's exports: linked only when every round's released people say nothing small by it. */
  const codesFor = async (project: Project): Promise<(roundId: string, code: string) => string> => {
    if (project.disclosure?.linkRounds !== true) return exportCodes(deps.protector, project, false);
    const all = await released(project, await withSurveys(deps.catalog, oldestFirst(await deps.directory.listRounds(project.projectId))));
    return exportCodes(
      deps.protector,
      project,
      linkingIsSafe(
        all.map((r) => new Set(r.released.keys())),
        kOf(project),
      ),
    );
  };

  app.get('/api/projects/:projectId/rounds/:roundId/results.csv', async (c) => {
    const project = await projectFor(c, deps.directory, c.req.param('projectId'), 'results:read');
    const options = csvOptions(c);
    const round = await roundOf(project, c.req.param('roundId'));
    const rounds = await released(project, await withSurveys(deps.catalog, [round]));
    const filename = `${projectSlug(project)}-${asciiSlug(round.label, asciiSlug(round.roundId, 'round'))}-results${suffix(options.numbersOnly)}.csv`;
    return deliverCsv(c, deps.exports, exportCsv(rounds, deps.answers, await codesFor(project), options), filename);
  });

  app.get('/api/projects/:projectId/results.csv', async (c) => {
    const project = await projectFor(c, deps.directory, c.req.param('projectId'), 'results:read');
    const options = csvOptions(c);
    const rounds = await released(project, await withSurveys(deps.catalog, oldestFirst(await deps.directory.listRounds(project.projectId))));
    return deliverCsv(
      c,
      deps.exports,
      exportCsv(rounds, deps.answers, await codesFor(project), options),
      `${projectSlug(project)}-all-rounds-results${suffix(options.numbersOnly)}.csv`,
    );
  });

  /** The voice answers of a round's released respondents, with status and redacted transcript (no audio, nothing identifying). */
  app.get('/api/projects/:projectId/rounds/:roundId/voice-answers', async (c) => {
    const project = await projectFor(c, deps.directory, c.req.param('projectId'), 'results:read');
    const round = await roundOf(project, c.req.param('roundId'));
    const [withSurvey] = await released(project, await withSurveys(deps.catalog, [round]));
    const questions = withSurvey ? questionsOf(withSurvey.survey) : new Map<string, { text: string }>();
    const codeOf = await codesFor(project);
    const answers: Array<Record<string, string | null>> = [];
    for await (const page of deps.answers.pages(project.projectId, round.roundId)) {
      for (const a of page) {
        const r = withSurvey?.released.get(a.respondentCode);
        if (a.voice === null || !r) continue;
        const transcript = r.withholdText && a.transcript !== null ? WITHHELD : a.transcript;
        answers.push({
          respondentCode: codeOf(round.roundId, a.respondentCode),
          questionId: a.questionId,
          questionText: questions.get(a.questionId)?.text ?? '',
          voice: a.voice,
          transcript,
          translation: a.translation,
          day: r.qi.day,
        });
      }
    }
    return c.json({ round: { roundId: round.roundId, label: round.label }, answers });
  });

  app.get('/api/projects/:projectId/summary', async (c) => {
    const project = await projectFor(c, deps.directory, c.req.param('projectId'), 'results:read');
    const rounds = await withSurveys(deps.catalog, oldestFirst(await deps.directory.listRounds(project.projectId)));
    return c.json(await projectResults(deps, project, rounds));
  });

  return app;
}
