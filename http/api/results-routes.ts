import { Hono } from 'hono';
import { allCodes, emptyCodebook } from '../../core/coding/codebook.js';
import { answerCodes } from '../../core/coding/export-codes.js';
import type { CodingStore } from '../../core/coding/ports.js';
import type { Catalog } from '../../core/conversation/catalog.js';
import type { Project, Round } from '../../core/model.js';
import type { Directory } from '../../core/ports.js';
import type { ReleaseStore } from '../../core/disclosure/release.js';
import { releasedRespondents } from '../../core/disclosure/release.js';
import { kOf } from '../../core/disclosure/cells.js';
import { linkingIsSafe } from '../../core/disclosure/linkage.js';
import type { ParticipantStore } from '../../core/participants/ports.js';
import type { Clock, Protector } from '../../core/ports.js';
import { exportCsv, WITHHELD, type CsvOptions, type ExportRound, type Separator } from '../../core/results/csv.js';
import type { AnswerSource, ExportDrop, WorkbookWriter } from '../../core/results/ports.js';
import { exportWideCsv } from '../../core/results/wide.js';
import { resultsWorkbook, type CodebookEntry } from '../../core/results/workbook.js';
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
  /** Writes the XLSX export. */
  workbooks: WorkbookWriter;
  /** The codes given to answers, and the codebook that names them: in every export. */
  coding: Pick<CodingStore, 'codebook' | 'taggings'>;
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
 * Stream the download. The first chunk is read before answering, so that a failure on the first page is
 * still a proper 500 problem; a later failure aborts the body, and the client sees a broken download
 * rather than a short file that looks whole.
 */
async function streamResponse(c: ApiContext, chunks: AsyncIterable<string | Uint8Array>, file: DownloadFile): Promise<Response> {
  const encoder = new TextEncoder();
  const iterator = chunks[Symbol.asyncIterator]();
  let first: IteratorResult<string | Uint8Array> | null = await iterator.next();
  // Pull-based: the next page is read only when the client has taken the previous chunk.
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = first ?? (await iterator.next());
      first = null;
      if (next.done) controller.close();
      else controller.enqueue(typeof next.value === 'string' ? encoder.encode(next.value) : next.value);
    },
    async cancel() {
      await iterator.return?.(undefined);
    },
  });
  return c.body(body, 200, {
    'Content-Type': file.contentType,
    'Content-Disposition': `attachment; filename="${file.filename}"`,
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  });
}

export interface DownloadFile {
  filename: string;
  contentType: string;
}
export const CSV_TYPE = 'text/csv; charset=utf-8';
export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * The download as the response (locally), or stored and the client sent to a link to it (in Lambda: 303).
 * A Lambda behind API Gateway answers at most 6 MB (the function's buffered response; API Gateway's HTTP
 * API itself carries 10 MB), less once binary is base64-encoded: the CSV of a large round is more, and so
 * is its XLSX. https://docs.aws.amazon.com/lambda/latest/dg/API_Invoke.html ("For synchronous
 * invocations, the maximum payload size is 6 MB"); http-api-quotas.html ("Payload size 10 MB").
 */
export async function deliver(
  c: ApiContext,
  exports: ExportDrop | undefined,
  chunks: AsyncIterable<string | Uint8Array>,
  file: DownloadFile,
): Promise<Response> {
  if (!exports) return streamResponse(c, chunks, file);
  const link = await exports.put(chunks, file);
  return c.body(null, 303, { Location: link, 'Cache-Control': 'no-store' });
}

/** The CSV as the response, or through `exports` (see `deliver`). */
export const deliverCsv = (c: ApiContext, exports: ExportDrop | undefined, chunks: AsyncIterable<string>, filename: string): Promise<Response> =>
  deliver(c, exports, chunks, { filename, contentType: CSV_TYPE });

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
      const people = releasedRespondents(existing.length > 0 ? existing : await roundReleases(deps, project, r));
      out.push({ ...r, released: people, codes: await answerCodes(deps.coding, r.round.projectId, r.round.roundId, people) });
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

  /**
   * The answer exports of a round and of a whole project, each as the long CSV, the wide CSV and XLSX:
   * all three read the same releases and pass over everyone they do not hold (core/results/csv.ts).
   */
  type Codes = (roundId: string, code: string) => string;
  const forms: Record<
    string,
    {
      suffix: string;
      contentType: string;
      make: (rounds: ExportRound[], codeOf: Codes, options: CsvOptions, codebook: readonly CodebookEntry[]) => AsyncIterable<string | Uint8Array>;
    }
  > = {
    'results.csv': { suffix: '.csv', contentType: CSV_TYPE, make: (rounds, codeOf, options) => exportCsv(rounds, deps.answers, codeOf, options) },
    'results-wide.csv': { suffix: '-wide.csv', contentType: CSV_TYPE, make: (rounds, codeOf, options) => exportWideCsv(rounds, deps.answers, codeOf, options) },
    'results.xlsx': {
      suffix: '.xlsx',
      contentType: XLSX_TYPE,
      make: (rounds, codeOf, options, codebook) => deps.workbooks.xlsx(resultsWorkbook(rounds, deps.answers, codeOf, options.numbersOnly ?? false, codebook)),
    },
  };
  const codebookOf = async (project: Project): Promise<CodebookEntry[]> =>
    allCodes((await deps.coding.codebook(project.projectId)) ?? emptyCodebook(project.projectId));
  for (const [file, form] of Object.entries(forms)) {
    app.get(`/api/projects/:projectId/rounds/:roundId/${file}`, async (c) => {
      const project = await projectFor(c, deps.directory, c.req.param('projectId'), 'results:read');
      const options = csvOptions(c);
      const round = await roundOf(project, c.req.param('roundId'));
      const rounds = await released(project, await withSurveys(deps.catalog, [round]));
      const filename = `${projectSlug(project)}-${asciiSlug(round.label, asciiSlug(round.roundId, 'round'))}-results${suffix(options.numbersOnly)}${form.suffix}`;
      return deliver(c, deps.exports, form.make(rounds, await codesFor(project), options, await codebookOf(project)), {
        filename,
        contentType: form.contentType,
      });
    });

    app.get(`/api/projects/:projectId/${file}`, async (c) => {
      const project = await projectFor(c, deps.directory, c.req.param('projectId'), 'results:read');
      const options = csvOptions(c);
      const rounds = await released(project, await withSurveys(deps.catalog, oldestFirst(await deps.directory.listRounds(project.projectId))));
      const filename = `${projectSlug(project)}-all-rounds-results${suffix(options.numbersOnly)}${form.suffix}`;
      return deliver(c, deps.exports, form.make(rounds, await codesFor(project), options, await codebookOf(project)), {
        filename,
        contentType: form.contentType,
      });
    });
  }

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
    const project = await projectFor(c, deps.directory, c.req.param('projectId'), 'summary:read');
    const rounds = await withSurveys(deps.catalog, oldestFirst(await deps.directory.listRounds(project.projectId)));
    return c.json(await projectResults(deps, project, rounds));
  });

  return app;
}
