import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { Draft } from '../../core/conversation/draft.js';
import { handleTurn, type ConversationDeps } from '../../core/conversation/handle-inbound.js';
import type { Inbound } from '../../core/conversation/inbound.js';
import { plan } from '../../core/conversation/plan/plan.js';
import { MEDIA_HOST_REFUSED } from '../../core/conversation/plan/voice-jobs.js';
import type { ConversationView } from '../../core/conversation/view.js';
import type { Commit, CommitResult, ConversationStore, LedgerClaim } from '../../core/ports.js';
import { promptId, requiredPrompts, type PromptStore } from '../../core/calls/prompts.js';
import { ViewLoader } from '../../core/conversation/load-view.js';
import { DEMO_PROJECT } from '../../local/seed.js';
import { ConversationWorld, silentLogger, START, textMessage } from './support/conversation-world.js';

/**
 * The pure planner, tested directly and as an adversary would: what a retried commit must not do twice,
 * opt-outs in the middle of a survey, files where words are expected, a view that must not be changed.
 */

const PHONE = '+32470990001';
const EN = ['en'];

/** A participant at the energy question (scale 1–5) of the demo check-in, in English. */
async function atEnergy(w: ConversationWorld, phone = PHONE): Promise<void> {
  for (const text of ['JOIN DEMO', '3', 'yes']) await w.receive(textMessage(phone, text));
}

/** …and at the open question ("Can you tell us why?") after answering 4, then "true". */
async function atOpenQuestion(w: ConversationWorld, phone = PHONE): Promise<void> {
  await atEnergy(w, phone);
  for (const text of ['4', '1']) await w.receive(textMessage(phone, text));
  expect(flowValue(w, phone)).toBe('probe:respected');
}

function flowValue(w: ConversationWorld, phone = PHONE): string | undefined {
  return w.state(w.contactKey(phone)).sessions[0]?.flow.value;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

/** The conversation store in memory over the world, losing the race on the first `conflicts` commits. */
class RacingStore implements ConversationStore {
  commits = 0;
  constructor(
    private readonly w: ConversationWorld,
    private conflicts: number,
  ) {}
  async claimInbound(): Promise<LedgerClaim> {
    return { status: 'new' };
  }
  async loadParticipant(contactKey: string) {
    return this.w.state(contactKey);
  }
  async commit(commit: Commit): Promise<CommitResult> {
    this.commits++;
    if (this.conflicts > 0) {
      this.conflicts--;
      return { status: 'conflict', cause: 'stale' };
    }
    this.w.commit(commit);
    return { status: 'committed' };
  }
}

function racingDeps(w: ConversationWorld, store: ConversationStore): ConversationDeps {
  return {
    ...w.deps,
    store,
    clock: { now: () => w.now },
    logger: silentLogger,
    eraser: { erase: async () => ({ answerRecords: 0, sessions: 0, voiceJobs: 0, invitations: 0 }) },
  };
}

describe('join codes are counted once per inbound message', () => {
  it('a wrong code whose commit is retried is counted once, and the limiter is asked once', async () => {
    const w = new ConversationWorld();
    w.seedDemo();
    const store = new RacingStore(w, 3);
    const lookUp = vi.spyOn(w.limiter, 'lookUp');
    const turn = await handleTurn(racingDeps(w, store), textMessage(PHONE, 'JOIN WRONG1'));
    expect(store.commits).toBe(4); // three lost races, then committed
    expect(lookUp).toHaveBeenCalledTimes(1);
    expect(w.attempts.adds).toBe(1);
    expect(turn.replies.map((r) => r.text).join('\n')).toContain('WRONG1');
  });

  it('four wrong codes each retried twice leave the sender under the limit of five: the right code still joins', async () => {
    const w = new ConversationWorld();
    w.seedDemo();
    for (const code of ['AAAA', 'BBBB', 'CCCC', 'DDDD']) await handleTurn(racingDeps(w, new RacingStore(w, 2)), textMessage(PHONE, `JOIN ${code}`));
    expect(w.attempts.adds).toBe(4); // counted twice per retry, this would be 12: past the limit
    await handleTurn(racingDeps(w, new RacingStore(w, 2)), textMessage(PHONE, 'JOIN DEMO'));
    expect(w.state(w.contactKey(PHONE)).contact?.projects).toEqual(['demo']);
  });

  it('the sixth wrong code is limited: even the right one is then answered as unknown', async () => {
    const w = new ConversationWorld();
    w.seedDemo();
    for (const code of ['AAAA', 'BBBB', 'CCCC', 'DDDD', 'EEEE']) await w.receive(textMessage(PHONE, `JOIN ${code}`));
    const { draft } = await w.receive(textMessage(PHONE, 'JOIN DEMO'));
    expect(draft.contact).toBeNull();
    expect(draft.replies.map((r) => r.text).join('\n')).toContain('DEMO');
  });

  it('a retry reloads the participant only: configuration, keys and sealed values are kept from the first load', async () => {
    const w = new ConversationWorld();
    w.seedDemo();
    await atEnergy(w);
    const inbound = textMessage(PHONE, 'JOIN DEMO', {
      media: [{ url: 'https://api.twilio.com/2010-04-01/Accounts/AC1/Messages/MM2/Media/ME2', contentType: 'image/jpeg' }],
    });
    const loader = w.loader(inbound);
    const project = vi.spyOn(w.catalog, 'project');
    const lookUp = vi.spyOn(w.limiter, 'lookUp');
    const seal = vi.spyOn(w.protector, 'seal');
    const first = await loader.load(w.state(w.contactKey(PHONE)));
    const second = await loader.load(w.state(w.contactKey(PHONE)));
    expect(project).toHaveBeenCalledTimes(1);
    expect(lookUp).toHaveBeenCalledTimes(1);
    expect(seal).toHaveBeenCalledTimes(2); // the attachment's URL and the reply address, once each
    expect(second.media).toEqual(first.media);
    expect(second.joinCodes).toEqual(first.joinCodes);
  });

  it('a retry sees what a concurrent message changed: a project joined meanwhile is loaded then', async () => {
    const w = new ConversationWorld();
    const { round } = w.seedDemo();
    w.directory.putProject({ ...DEMO_PROJECT, projectId: 'second', name: 'Second', joinCode: 'SECOND' });
    w.directory.putRound({ ...round, projectId: 'second', roundId: 'second-start' });
    await atEnergy(w);
    const loader = w.loader(textMessage(PHONE, '4'));
    const before = await loader.load(w.state(w.contactKey(PHONE)));
    expect([...before.projects.keys()]).toEqual(['demo']);
    await w.receive(textMessage(PHONE, 'JOIN SECOND')); // wins the race
    const after = await loader.load(w.state(w.contactKey(PHONE)));
    expect([...after.projects.keys()].sort()).toEqual(['demo', 'second']);
    expect(after.respondentCodes.get('second')).toBe(w.protector.respondentCode('second', PHONE));
    // Planned on the newer state: the message goes to the survey now active (its consent, where 4 is no answer).
    const draft = plan(after, textMessage(PHONE, '4'), w.now);
    expect(draft.toCommit('l', 's', 0).sessions.map((s) => s.next.projectId)).toEqual(['second']);
    // No answer there, and a lone "4" is no remark to keep: nothing is stored, and the consent is asked again.
    expect(draft.answers).toEqual([]);
    expect(draft.replies[0]?.text.startsWith(w.texts.t('invalid.notUnderstood', EN))).toBe(true);
  });
});

describe('the planner is pure', () => {
  it('plans without changing its view, and the same view gives the same draft', async () => {
    const w = new ConversationWorld();
    w.seedDemo();
    await atEnergy(w);
    const inbound = textMessage(PHONE, '4');
    const view: ConversationView = await w.loader(inbound).load(deepFreeze(w.state(w.contactKey(PHONE))));
    const a = plan(view, inbound, w.now);
    const b = plan(view, inbound, w.now);
    expect(a).toBeInstanceOf(Draft); // not a promise
    expect(a.toCommit('l', 's', 0)).toEqual(b.toCommit('l', 's', 0));
    expect(a.answers.map((x) => x.value)).toEqual([4]);
  });

  it('a view that lacks the join code it needs is a programming error, never a silent lookup', async () => {
    const w = new ConversationWorld();
    w.seedDemo();
    const inbound = textMessage(PHONE, 'JOIN DEMO');
    const view = await w.loader(inbound).load(w.state(w.contactKey(PHONE)));
    expect(() => plan({ ...view, joinCodes: new Map() }, inbound, w.now)).toThrow(/join code not looked up/);
  });

  it('no file under core/conversation/plan/ awaits, makes a promise, or reads a clock', () => {
    const dir = join(import.meta.dirname, '../../core/conversation/plan');
    const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
    expect(files.length).toBeGreaterThanOrEqual(15);
    for (const file of files) {
      const source = readFileSync(join(dir, file), 'utf8');
      expect(source, file).not.toMatch(/\b(async|await|Promise|Date\.now|Math\.random|performance\.now)\b|new Date\(\)/);
      expect(source.split('\n').length, file).toBeLessThanOrEqual(300);
    }
  });
});

describe('STOP in the middle of a survey', () => {
  it('at an open question STOP is a command, not an answer: nothing stored, opted out, the round told', async () => {
    const w = new ConversationWorld();
    w.seedDemo();
    await atOpenQuestion(w);
    const { draft } = await w.receive(textMessage(PHONE, 'STOP'));
    expect(draft.answers).toEqual([]);
    expect(draft.contact?.optedOut).toBe(true);
    const commit = draft.toCommit('l', 's', 0);
    expect(commit.progress).toEqual([expect.objectContaining({ projectId: 'demo', roundId: 'demo-start', progress: 'opted-out' })]);
    expect(commit.sessions).toEqual([]); // the survey waits where it was
    // After STOP an answer gets no reply and is not stored; START resumes at the same open question.
    expect((await w.receive(textMessage(PHONE, 'because'))).draft.replies).toEqual([]);
    const resumed = await w.receive(textMessage(PHONE, 'START'));
    expect(resumed.draft.answers).toEqual([]);
    expect(resumed.draft.replies[0]?.text).toBe(w.texts.t('start.confirmed', EN));
    expect(flowValue(w)).toBe('probe:respected');
  });

  it('a JOIN with a wrong code after STOP gets no reply and leaves them opted out', async () => {
    const w = new ConversationWorld();
    w.seedDemo();
    await atEnergy(w);
    await w.receive(textMessage(PHONE, 'STOP'));
    const { draft } = await w.receive(textMessage(PHONE, 'JOIN NOPE'));
    expect(draft.replies).toEqual([]);
    expect(draft.contact?.optedOut).toBe(true);
    expect(w.attempts.adds).toBe(1);
  });
});

describe('files where words are expected', () => {
  const voiceNote = (url = 'https://api.twilio.com/2010-04-01/Accounts/AC1/Messages/MM9/Media/ME9'): Partial<Inbound> => ({
    channel: 'whatsapp',
    media: [{ url, contentType: 'audio/ogg' }],
  });

  it('a voice note at a scale question answers nothing: said so, asked again, the file kept only to be deleted', async () => {
    const w = new ConversationWorld();
    w.seedDemo();
    await atEnergy(w);
    const { draft } = await w.receive(textMessage(PHONE, '', voiceNote()));
    expect(draft.answers).toEqual([]);
    expect(draft.replies[0]?.text).toBe(w.texts.t('voice.notHere', EN));
    expect(flowValue(w)).toBe('energy');
    expect(draft.voiceJobs).toEqual([expect.objectContaining({ status: 'unsupported', answer: null, sealedReplyTo: null, failure: null })]);
    expect(JSON.stringify(draft.voiceJobs)).not.toContain('api.twilio.com'); // sealed, never in clear
  });

  it('a voice note at the open question is its answer: a queued job tied to the answer, the transcript to follow', async () => {
    const w = new ConversationWorld();
    w.seedDemo();
    await atOpenQuestion(w);
    const { draft } = await w.receive(textMessage(PHONE, '', voiceNote()));
    const code = w.protector.respondentCode('demo', PHONE);
    expect(draft.answers).toEqual([expect.objectContaining({ questionId: 'respected.probe', value: null, voice: 'received', respondentCode: code })]);
    const [job] = draft.voiceJobs;
    expect(job).toMatchObject({ status: 'queued', answer: { projectId: 'demo', questionId: 'respected.probe', respondentCode: code } });
    expect(JSON.parse(w.protector.open(job?.sealedReplyTo ?? ''))).toEqual({ channel: 'whatsapp', to: PHONE });
    expect(w.protector.open(job?.sealedMediaUrl ?? '')).toContain('/Media/ME9');
    expect(draft.replies[0]?.text).toBe(w.texts.t('voice.received', EN));
  });

  it("a voice note off the provider's media host is never fetched, even at the open question: kept as refused, no URL", async () => {
    const w = new ConversationWorld();
    w.seedDemo();
    await atOpenQuestion(w);
    const { draft } = await w.receive(textMessage(PHONE, '', voiceNote('https://attacker.example/x.ogg')));
    expect(draft.answers).toEqual([]);
    expect(draft.voiceJobs).toEqual([expect.objectContaining({ status: 'unsupported', sealedMediaUrl: null, failure: MEDIA_HOST_REFUSED })]);
    expect(flowValue(w)).toBe('probe:respected');
  });

  it('a retried webhook with a voice note makes the same job id, so the store keeps one job', async () => {
    const w = new ConversationWorld();
    w.seedDemo();
    await atOpenQuestion(w);
    const inbound = textMessage(PHONE, '', voiceNote());
    const a = await w.loader(inbound).load(w.state(w.contactKey(PHONE)));
    const b = await w.loader(inbound).load(w.state(w.contactKey(PHONE)));
    expect(a.media[0]?.jobId).toBe(b.media[0]?.jobId);
  });
});

describe('DELETE', () => {
  it('YES erases under the respondent code, forgets the sessions, and a later message starts afresh', async () => {
    const w = new ConversationWorld();
    w.seedDemo();
    await atEnergy(w);
    await w.receive(textMessage(PHONE, 'DELETE'));
    const { draft } = await w.receive(textMessage(PHONE, 'YES'));
    expect(draft.erasure).toEqual({
      projectId: 'demo',
      respondentCode: w.protector.respondentCode('demo', PHONE),
      contactKey: w.contactKey(PHONE),
      at: w.now.toISOString(),
    });
    expect(draft.allSessions()).toEqual([]);
    expect(w.answers).toEqual([]);
  });

  it('an "ok" is not enough to erase: the question lapses and "ok" is read as an answer', async () => {
    const w = new ConversationWorld();
    w.seedDemo();
    await atEnergy(w);
    await w.receive(textMessage(PHONE, 'DELETE'));
    const { draft } = await w.receive(textMessage(PHONE, 'ok'));
    expect(draft.erasure).toBeNull();
    expect(draft.contact?.erasing).toBeNull();
  });
});

describe('call turns', () => {
  /** A project whose second language has no voice: a call offers it only once every prompt is recorded. */
  async function callIn(recordAll: boolean) {
    const w = new ConversationWorld();
    const { round } = w.seedDemo();
    w.directory.putProject({ ...DEMO_PROJECT, projectId: 'tigre', joinCode: 'TIGRE', languages: ['nl', 'ti'], callNumber: '+3225550199' });
    w.directory.putRound({ ...round, projectId: 'tigre', roundId: 'tigre-start' });
    const survey = await w.catalog.survey(round.surveyId, round.surveyVersion);
    if (!survey) throw new Error('demo survey missing');
    const refs = requiredPrompts(survey).slice(recordAll ? 0 : 1);
    const listed: string[] = [];
    const prompts: PromptStore = {
      list: async (_scope, language) => {
        listed.push(language);
        return language === 'ti'
          ? refs.map((ref) => ({
              language,
              promptId: promptId(ref),
              audioKey: 'k',
              contentType: 'audio/mpeg',
              recordedAt: START.toISOString(),
              source: 'upload' as const,
            }))
          : [];
      },
      put: async () => {},
      remove: async () => null,
    };
    const inbound = textMessage(PHONE, '', { channel: 'voice', call: { event: 'start', entryProjectId: 'tigre' } });
    const view = await new ViewLoader({ ...w.deps, prompts }, inbound, w.contactKey(PHONE), w.now).load(w.state(w.contactKey(PHONE)));
    return { view, draft: plan(view, inbound, w.now), listed };
  }

  it("a stranger calling a project's number joins it and hears a language menu of what can be spoken", async () => {
    const full = await callIn(true);
    expect(full.listed).toEqual(['ti']); // only the language without a voice is looked up, once
    expect(full.view.projects.get('tigre')?.recorded).toEqual(['ti']);
    expect(full.draft.contact).toMatchObject({ projects: ['tigre'], activeProjectId: 'tigre', awaiting: 'language' });
    expect(full.draft.listen).toEqual({ kind: 'keys', options: 2, skippable: false, language: null, menu: true });
    const missingOne = await callIn(false);
    expect(missingOne.view.projects.get('tigre')?.recorded).toEqual([]);
    // Fewer languages on offer: the menu says less than with every prompt recorded.
    expect(missingOne.draft.replies.length).toBeLessThan(full.draft.replies.length);
  });
});
