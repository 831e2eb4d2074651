import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { messagingTwiml } from '../../adapters/twilio/twiml.js';
import type { Inbound } from '../../core/conversation/inbound.js';
import type { Session } from '../../core/model.js';
import { parseSurveyDefinition } from '../../flows/definition.js';
import { DEMO_PROJECT } from '../../local/seed.js';
import { twimlMessages } from '../../local/simulator/routes.js';
import { asStaffRead, Scenario } from '../support/scenario-fixture.js';
import { ConversationWorld, newSid, START } from './support/conversation-world.js';

/**
 * The survey scenarios of tests/integration/scenarios/ (goflow-style fixtures), replayed against the pure
 * planner in memory: each message's view loaded by the real loader from in-memory configuration, planned
 * by `plan`, and its commit applied to the person's state kept as JSON (written and read back at every
 * step). The replies are rendered to TwiML and read back as the webhook's are, so the expectations are the
 * same ones the integration runner holds through signed webhooks and DynamoDB Local. A resent MessageSid
 * gets the first reply from a ledger, as handle-inbound.ts does; messages sent "concurrently" are applied
 * one after the other, which is what the store's version checks make of them.
 */

const DIR = join(import.meta.dirname, '../integration/scenarios');
const TEMPLATES = join(import.meta.dirname, '../../flows/templates');
const DAY = 24 * 3600 * 1000;
const files = readdirSync(DIR)
  .filter((f) => f.endsWith('.json'))
  .sort();

const activeSession = (sessions: Session[], activeProjectId: string | null): Session | undefined =>
  sessions.find((s) => s.projectId === activeProjectId) ?? sessions[0];

/** The world a scenario's setup describes: the demo, and a second project if it names one. */
function worldFor(scenario: Scenario): ConversationWorld {
  const w = new ConversationWorld();
  const { round } = w.seedDemo();
  const second = scenario.setup?.secondProject;
  if (second) {
    const { closesInDays, survey: template, ...p } = second;
    w.directory.putProject({ ...DEMO_PROJECT, ...p });
    const survey = template ? parseSurveyDefinition(JSON.parse(readFileSync(join(TEMPLATES, `${template}.json`), 'utf8'))) : undefined;
    if (survey) w.directory.saveSurvey(survey);
    w.directory.putRound({
      ...round,
      projectId: p.projectId,
      roundId: `${p.projectId}-start`,
      closesAt: closesInDays === undefined ? round.closesAt : new Date(START.getTime() + closesInDays * DAY).toISOString(),
      ...(survey ? { surveyId: survey.id, surveyVersion: survey.version } : {}),
    });
  }
  const { channel, phone } = scenario.participant;
  for (const projectId of scenario.setup?.enrolledIn ?? []) w.enrol(phone, projectId, scenario.setup?.language ?? 'en', channel);
  return w;
}

describe('survey scenarios against the pure planner', () => {
  it('replays every fixture of the integration runner', () => expect(files.length).toBeGreaterThanOrEqual(59));

  for (const file of files) {
    it(file.replace(/\.json$/, ''), async () => {
      const scenario = Scenario.parse(JSON.parse(readFileSync(join(DIR, file), 'utf8')));
      const { channel, phone } = scenario.participant;
      const w = worldFor(scenario);
      const contactKey = w.contactKey(phone);
      const ledger = new Map<string, string[]>();
      const sids: string[] = [];
      const send = async (inbound: Inbound): Promise<string[]> => {
        const seen = ledger.get(inbound.providerId);
        if (seen) return seen;
        const { draft } = await w.receive(inbound);
        const replies = twimlMessages(messagingTwiml(draft.replies));
        ledger.set(inbound.providerId, replies);
        return replies;
      };

      for (const [index, step] of scenario.steps.entries()) {
        const where = `${file} step ${index} (${step.send ?? step.concurrently?.join(' + ') ?? `resend ${step.resend}`})`;
        if (step.advanceDays) w.now = new Date(w.now.getTime() + step.advanceDays * DAY);
        if (step.advanceMinutes) w.now = new Date(w.now.getTime() + step.advanceMinutes * 60_000);
        let replies: string[] | undefined;
        if (step.concurrently) {
          const sid = newSid();
          for (const [i, text] of step.concurrently.entries()) {
            const got = await send({ channel, from: phone, text, buttonPayload: null, media: [], providerId: i === 0 ? sid : newSid() });
            expect(got.length, `${where}: every concurrent message gets a reply`).toBe(1);
          }
          sids.push(sid);
        } else {
          const resent = step.resend === undefined ? undefined : sids[step.resend];
          if (step.resend !== undefined && !resent) throw new Error(`${where}: no step ${step.resend} to resend`);
          const providerId = resent ?? newSid();
          const media = step.media ? [{ url: 'https://api.twilio.com/2010-04-01/Accounts/AC1/Messages/MM1/Media/ME1', contentType: 'audio/ogg' }] : [];
          replies = await send({ channel, from: phone, text: step.send ?? '', buttonPayload: step.payload ?? null, media, providerId });
          sids.push(providerId);
        }

        const state = w.state(contactKey);
        const flowValue = state.contact ? (activeSession(state.sessions, state.contact.activeProjectId)?.flow.value ?? null) : null;
        if (step.replies) expect(replies, where).toEqual(step.replies);
        if (step.state !== undefined) expect(flowValue, where).toBe(step.state);
        if (step.contact) expect(state.contact, where).toMatchObject(step.contact);
      }

      const answers = asStaffRead(w.answers.filter((a) => a.respondentCode === w.protector.respondentCode(a.projectId, phone)));
      if (scenario.answers) expect(answers).toEqual(scenario.answers);
      if (scenario.answersOneOf) expect(scenario.answersOneOf).toContainEqual(answers);
    });
  }
});
