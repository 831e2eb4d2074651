import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSurveyDefinition } from '../../flows/definition.js';
import { resumeFlow } from '../../flows/engine.js';
import type { Session } from '../../core/model.js';
import { startHarness, type Harness } from './support/harness.js';
import { asStaffRead, Scenario } from '../support/scenario-fixture.js';

/**
 * Survey scenarios as data (goflow-style): each `scenarios/<survey>.<case>.json` holds the participant's
 * messages and what must follow. Replayed through signed webhooks against DynamoDB Local; after every
 * step each session is read back from the store, serialized, restored and resumed to prove it survives
 * persistence. `UPDATE=1 npx vitest run tests/integration/scenarios.test.ts` rewrites the expected
 * replies, states and answers; review the diff before committing.
 * The format is in tests/support/scenario-fixture.ts; tests/unit/scenarios-planner.test.ts replays the same
 * fixtures against the pure planner in memory.
 */

const DIR = join(import.meta.dirname, 'scenarios');
const UPDATE = process.env.UPDATE === '1';
const files = readdirSync(DIR)
  .filter((f) => f.endsWith('.json'))
  .sort();

let h: Harness;
const DAY = 24 * 3600 * 1000;
let START: Date;
beforeAll(async () => {
  h = await startHarness();
  START = h.clock.now();
});
afterAll(async () => h?.stop());

function activeSession(sessions: Session[], activeProjectId: string | null): Session | undefined {
  return sessions.find((s) => s.projectId === activeProjectId) ?? sessions[0];
}

async function assertRoundTrip(sessions: Session[]): Promise<void> {
  for (const session of sessions) {
    const restored = JSON.parse(JSON.stringify(session)) as Session;
    expect(restored).toEqual(session);
    const survey = await h.deps.catalog.survey(session.surveyId, session.surveyVersion);
    if (!survey) throw new Error('survey missing');
    for (const probe of ['1', 'xyz', '']) {
      expect(resumeFlow(survey, restored.flow, { text: probe })).toEqual(resumeFlow(survey, session.flow, { text: probe }));
    }
  }
}

describe('survey scenarios', () => {
  it('has fixtures', () => expect(files.length).toBeGreaterThanOrEqual(6));

  for (const file of files) {
    it(file.replace(/\.json$/, ''), async () => {
      const path = join(DIR, file);
      const scenario: Scenario = Scenario.parse(JSON.parse(readFileSync(path, 'utf8')));
      const { channel, phone } = scenario.participant;
      const contactKey = h.deps.protector.contactKey(phone);
      const sids: string[] = [];
      h.clock.current = new Date(START);
      if (scenario.setup?.secondProject) {
        const { closesInDays, survey: template, ...p } = scenario.setup.secondProject;
        await h.deps.directory.putProject({ ...h.seeded.project, ...p });
        const closesAt = closesInDays === undefined ? h.seeded.round.closesAt : new Date(START.getTime() + closesInDays * DAY).toISOString();
        const survey = template
          ? parseSurveyDefinition(JSON.parse(readFileSync(join(import.meta.dirname, '../../flows/templates', `${template}.json`), 'utf8')))
          : undefined;
        if (survey) await h.deps.directory.saveSurvey(survey);
        await h.deps.directory.putRound({
          ...h.seeded.round,
          projectId: p.projectId,
          roundId: `${p.projectId}-start`,
          closesAt,
          ...(survey ? { surveyId: survey.id, surveyVersion: survey.version } : {}),
        });
      }
      // Enrolled in projects as a staff import leaves them (no active project yet).
      for (const projectId of scenario.setup?.enrolledIn ?? []) {
        const row = {
          projectId,
          contactKey,
          phoneSealed: h.deps.protector.seal(phone),
          language: scenario.setup?.language ?? 'en',
          channel,
          day: '2026-11-23',
        };
        expect(await h.deps.participants.enrol(row)).toBe('enrolled');
      }

      for (const [index, step] of scenario.steps.entries()) {
        const where = `${file} step ${index} (${step.send ?? step.concurrently?.join(' + ') ?? `resend ${step.resend}`})`;
        let replies: string[] | undefined;
        if (step.advanceDays) h.clock.current = new Date(h.clock.current.getTime() + step.advanceDays * DAY);
        if (step.advanceMinutes) h.clock.current = new Date(h.clock.current.getTime() + step.advanceMinutes * 60_000);
        const button: Record<string, string> = step.payload ? { ButtonPayload: step.payload, ButtonText: step.send ?? '' } : {};
        const media: Record<string, string> = step.media
          ? { NumMedia: '1', MediaUrl0: 'https://api.twilio.com/2010-04-01/Accounts/AC1/Messages/MM1/Media/ME1', MediaContentType0: 'audio/ogg' }
          : {};
        if (step.concurrently) {
          const results = await Promise.all(step.concurrently.map((text) => h.send({ channel, phone, text })));
          for (const r of results) {
            expect(r.status, where).toBe(200);
            expect(r.replies.length, `${where}: every concurrent message gets a reply`).toBe(1);
          }
          sids.push(results[0]?.messageSid ?? '');
        } else {
          const messageSid = step.resend === undefined ? undefined : sids[step.resend];
          if (step.resend !== undefined && !messageSid) throw new Error(`${where}: no step ${step.resend} to resend`);
          const r = await h.send({ channel, phone, text: step.send ?? '', ...(messageSid ? { messageSid } : {}), extra: { ...button, ...media } });
          // A 5xx names the error kind the handler logged (never its data), to tell a fault from a flake.
          expect(
            r.status,
            `${where} ${h.logger.lines
              .filter((l) => /"level":"error"|inbound\.conflict/.test(l))
              .slice(-3)
              .join(' ')}`,
          ).toBe(200);
          sids.push(r.messageSid);
          replies = r.replies;
        }

        const state = await h.deps.store.loadParticipant(contactKey);
        await assertRoundTrip(state.sessions);
        const flowValue = state.contact ? (activeSession(state.sessions, state.contact.activeProjectId)?.flow.value ?? null) : null;
        if (UPDATE) {
          if (replies) step.replies = replies;
          step.state = flowValue;
          continue;
        }
        if (step.replies) expect(replies, where).toEqual(step.replies);
        if (step.state !== undefined) expect(flowValue, where).toBe(step.state);
        if (step.contact) expect(state.contact, where).toMatchObject(step.contact);
      }

      // Every answer this person gave, in every round they have a session in.
      const { sessions } = await h.deps.store.loadParticipant(contactKey);
      const stored = (await Promise.all(sessions.map((s) => h.deps.store.answersOfRound(s.projectId, s.roundId))))
        .flat()
        .filter((a) => a.respondentCode === h.deps.protector.respondentCode(a.projectId, phone));
      const answers = asStaffRead(stored);
      if (UPDATE) {
        if (!scenario.answersOneOf) scenario.answers = answers;
        writeFileSync(path, `${JSON.stringify(scenario, null, 2)}\n`);
        return;
      }
      if (scenario.answers) expect(answers).toEqual(scenario.answers);
      if (scenario.answersOneOf) expect(scenario.answersOneOf).toContainEqual(answers);
    });
  }
});
