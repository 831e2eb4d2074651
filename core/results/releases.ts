import { kOf } from '../disclosure/cells.js';
import type { QuasiIdentifiers } from '../disclosure/generalise.js';
import { nextBatch, releasedRespondents, type Candidate, type ReleasedRespondent, type ReleaseStore, type RoundRelease } from '../disclosure/release.js';
import type { Project } from '../model.js';
import type { ParticipantStore } from '../participants/ports.js';
import type { Clock } from '../ports.js';
import { auditProgress, roundProgress } from '../rounds/progress.js';
import { scriptsOf } from '../disclosure/script.js';
import { COMPLETED_VALUES, ownWords as takesOwnWords } from './csv.js';
import type { AnswerSource } from './ports.js';
import { questionsOf, type RoundOfSurvey } from './questions.js';
import { byRespondent, isAnswer, outcomeOf, participationConsentId, type Respondent } from './respondents.js';
import { releaseSummary, RoundTally, type RoundSummary } from './summary.js';

/**
 * A round's releases, made when due: whoever reads results first after k more respondents have
 * finished makes the next release (core/disclosure/release.ts). Reading costs one pass over the round's
 * answers; making a release a second pass and one read of its invitations.
 */

export interface ReleaseDeps {
  releases: ReleaseStore;
  answers: AnswerSource;
  participants: Pick<ParticipantStore, 'invitations'>;
  clock: Clock;
}

export type SummaryRelease = RoundRelease<RoundSummary>;

/** What someone who knows the person may know: language, channel, the day they first answered, how far they got. */
function quasiIdentifiers(r: Respondent, completed: string): QuasiIdentifiers {
  // Of their answers (a respondent has one): a comment moves no quasi-identifier.
  const answers = r.answers.filter(isAnswer);
  const last = answers.at(-1);
  const day = answers.reduce((min, a) => (a.day.slice(0, 10) < min ? a.day.slice(0, 10) : min), '9999-12-31');
  return { language: last?.language ?? '', channel: last?.channel ?? '', day, completed };
}

async function candidates(source: AnswerSource, roundOfSurvey: RoundOfSurvey, released: ReadonlySet<string>): Promise<Candidate[]> {
  const { round, survey } = roundOfSurvey;
  const questions = questionsOf(survey);
  const consentId = participationConsentId(survey.definition);
  const out: Candidate[] = [];
  for await (const r of byRespondent(source.records(round.projectId, round.roundId), questions)) {
    if (released.has(r.respondentCode)) continue;
    const outcome = outcomeOf(r, round, consentId);
    if (outcome === 'in-progress') continue;
    const ownWords = r.answers.flatMap((a) => [
      (takesOwnWords(questions.get(a.questionId)) || a.status === 'comment') && typeof a.value === 'string' ? a.value : null,
      a.transcript,
    ]);
    out.push({
      code: r.respondentCode,
      complete: outcome === 'complete',
      qi: quasiIdentifiers(r, COMPLETED_VALUES[outcome]),
      scripts: scriptsOf(ownWords),
    });
  }
  return out;
}

/** The round's releases, oldest first, after making any that are due. */
export async function roundReleases(deps: ReleaseDeps, project: Project, roundOfSurvey: RoundOfSurvey): Promise<SummaryRelease[]> {
  const k = kOf(project);
  const { projectId, roundId } = roundOfSurvey.round;
  const questions = questionsOf(roundOfSurvey.survey);
  // Lost to someone releasing at the same moment: read theirs and plan again from it.
  for (let attempt = 0; attempt < 5; attempt++) {
    const existing = (await deps.releases.list(projectId, roundId)) as SummaryRelease[];
    const released = releasedRespondents(existing);
    // A long backlog (the first read after a big round) is released batch by batch, each of at least k.
    let pending = await candidates(deps.answers, roundOfSurvey, new Set(released.keys()));
    const batches: ReleasedRespondent[][] = [];
    const closed = Boolean(roundOfSurvey.round.expiredAt);
    for (let batch = nextBatch(pending, k, existing.length === 0 && !closed); batch; batch = nextBatch(pending, k, false)) {
      batches.push(batch);
      const taken = new Set(batch.map((b) => b.code));
      pending = pending.filter((c) => !taken.has(c.code));
    }
    if (batches.length === 0) return existing;
    // One pass over the answers fills the tally of every new release: a respondent counts in theirs and the later ones.
    const releaseOf = new Map<string, number>([...released.keys()].map((code) => [code, 0]));
    batches.forEach((batch, i) => batch.forEach((b) => releaseOf.set(b.code, i)));
    const qiOf = new Map([...released].map(([code, r]) => [code, r.qi]));
    for (const batch of batches) for (const b of batch) qiOf.set(b.code, b.qi);
    const tallies = batches.map(() => new RoundTally(roundOfSurvey, questions));
    for await (const r of byRespondent(deps.answers.records(projectId, roundId), questions)) {
      const from = releaseOf.get(r.respondentCode);
      const qi = qiOf.get(r.respondentCode);
      if (from === undefined || !qi) continue;
      for (let i = from; i < tallies.length; i++) tallies[i]?.add(r.answers, qi);
    }
    const progress = await roundProgress(deps.participants.invitations(projectId, roundId));
    const createdAt = deps.clock.now().toISOString();
    const history = [...existing];
    let lost = false;
    for (const [i, batch] of batches.entries()) {
      const tally = tallies[i];
      if (!tally) break;
      const number = existing.length + i + 1;
      const { summary, published } = releaseSummary(
        tally,
        k,
        history.map((e) => e.published),
        { number, createdAt },
      );
      const release: SummaryRelease = {
        projectId,
        roundId,
        number,
        createdAt,
        batch,
        published,
        summary,
        progress: auditProgress(
          progress,
          k,
          history.map((e) => e.progress),
        ),
      };
      if (!(await deps.releases.add(release))) {
        lost = true;
        break;
      }
      history.push(release);
    }
    // Read back as every later reader will: the same release must look the same whoever made it.
    if (!lost) return (await deps.releases.list(projectId, roundId)) as SummaryRelease[];
  }
  throw new Error(`releases of round ${roundId} kept being made by someone else`);
}
