/**
 * Hot-path budgets of DESIGN.md, against a fresh DynamoDB Local: the latency of `handleInbound` (p50, p99)
 * over whole check-ins of many participants, held against the same store calls done raw in the same run;
 * the store calls and DynamoDB requests per message (at most one read and one transaction plus the ledger
 * record); and a phone call's turns, which take the same path plus what the call waits for next.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { generateProtectorKeys } from '../adapters/crypto/node-protector.js';
import { ensureTable } from '../adapters/dynamodb/table.js';
import { JsonLogger } from '../adapters/logging/json-logger.js';
import { handleInbound, handleTurn } from '../core/conversation/handle-inbound.js';
import type { ConversationStore } from '../core/ports.js';
import { composeConversation } from '../functions/commons/compose.js';
import { startDynamoDbLocal } from '../local/dynamodb-local.js';
import { seedDemo } from '../local/seed.js';
import { conversation, inbound, type Conversation } from './hot-path-mix.js';
import { RawRoundTrips } from './raw-round-trips.js';
import { percentile, underBudget, withinReference, type Figure, type Reference } from './report.js';

const TABLE = 'bench-hot-path';
const PARTICIPANTS = 150;
const WARM_UP = 12;
const CALLS = 100;
/** One raw sample per this many handled messages. */
const RAW_EVERY = 4;
/** Everything the handler does besides its three store calls may cost as much time again as they do. */
const P50_BUDGET = 2;
/** Tails come from GC pauses and the machine more than from the code: a looser bound. */
const P99_BUDGET = 3;

interface RequestCounter {
  on: boolean;
  /** Set while the conversation store (not the catalog) is being called. */
  inStore: boolean;
  store: Map<string, number>;
  other: Map<string, number>;
  reset(): void;
}

/** Counts the DynamoDB requests the client sends while switched on, by operation: the store's, and the others (the catalog's). */
function requestCounter(client: DynamoDBClient): RequestCounter {
  const counter: RequestCounter = {
    on: false,
    inStore: false,
    store: new Map(),
    other: new Map(),
    reset: () => (counter.store.clear(), counter.other.clear()),
  };
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (counter.on) {
        const counts = counter.inStore ? counter.store : counter.other;
        const name = (context.commandName ?? 'unknown').replace(/Command$/, '');
        counts.set(name, (counts.get(name) ?? 0) + 1);
      }
      return next(args);
    },
    { step: 'initialize', name: 'benchRequestCounter' },
  );
  return counter;
}

const sum = (counts: Map<string, number>) => [...counts.values()].reduce((a, b) => a + b, 0);
const breakdown = (counts: Map<string, number>, n: number) =>
  [...counts.entries()]
    .sort((a, b) => b[1] - a[1])
    .map(([name, count]) => `${name} ${(count / n).toFixed(2)}`)
    .join(', ') || 'none';

export async function hotPathBench(): Promise<{ figures: Figure[]; references: Reference[] }> {
  const dynamo = await startDynamoDbLocal();
  try {
    await ensureTable(dynamo.client, TABLE);
    const requests = requestCounter(dynamo.client);
    const deps = composeConversation({ dynamoDb: dynamo.client, tableName: TABLE, keys: generateProtectorKeys(), logger: new JsonLogger(() => {}) });
    const { round } = await seedDemo(deps.directory, new Date());
    const calls = { claim: 0, load: 0, commit: 0 };
    // Messages are handled one at a time, so a flag tells the store's requests from the catalog's.
    const inStore = async <T>(call: () => Promise<T>): Promise<T> => {
      requests.inStore = true;
      try {
        return await call();
      } finally {
        requests.inStore = false;
      }
    };
    const counting: ConversationStore = {
      claimInbound: (r) => (calls.claim++, inStore(() => deps.store.claimInbound(r))),
      loadParticipant: (k) => (calls.load++, inStore(() => deps.store.loadParticipant(k))),
      commit: (c) => (calls.commit++, inStore(() => deps.store.commit(c))),
    };
    const d = { ...deps, store: counting };
    const reference = new RawRoundTrips(dynamo.client, TABLE);

    // Warm-up: JIT, connections, the catalog's cache.
    for (let i = 0; i < WARM_UP; i++) {
      const c = conversation(i, '+3247');
      for (const text of c.texts) await handleInbound(d, inbound(c, text));
      await reference.sample();
    }
    reference.reset();

    // Everyone advances one message per wave: many sessions are open at once, as in a real round.
    const people: Conversation[] = Array.from({ length: PARTICIPANTS }, (_, i) => conversation(WARM_UP + i, '+3248'));
    const handler: number[] = [];
    calls.claim = calls.load = calls.commit = 0;
    let cpuMs = 0;
    for (let step = 0; people.some((c) => step < c.texts.length); step++) {
      for (const c of people) {
        const text = c.texts[step];
        if (text === undefined) continue;
        requests.on = true;
        const cpu = process.cpuUsage();
        const t = performance.now();
        await handleInbound(d, inbound(c, text));
        handler.push(performance.now() - t);
        const used = process.cpuUsage(cpu);
        cpuMs += (used.user + used.system) / 1000;
        requests.on = false;
        if (handler.length % RAW_EVERY === 0) await reference.sample();
      }
    }
    const messages = handler.length;
    const cpuPerMessage = cpuMs / messages;
    const perMessage = { claim: calls.claim / messages, load: calls.load / messages, commit: calls.commit / messages };
    const messageRequests = { store: new Map(requests.store), other: new Map(requests.other) };
    await checkEveryoneFinished(deps.answers, round.projectId, round.roundId, people, WARM_UP);

    // A phone call's turns: start, language, consent, a scale answer by keypad.
    const turns: number[] = [];
    let sid = 0;
    const turn = (from: string, text: string, event: 'start' | 'input') =>
      handleTurn(d, {
        channel: 'voice',
        from,
        text,
        buttonPayload: null,
        media: [],
        providerId: `CA${String(++sid).padStart(32, '0')}#${sid}`,
        call: { event, entryProjectId: 'demo' },
      });
    calls.claim = calls.load = calls.commit = 0;
    requests.reset();
    for (let i = 0; i < CALLS; i++) {
      const phone = `+3249${String(i).padStart(5, '0')}`;
      for (const [text, event] of [
        ['', 'start'],
        ['1', 'input'],
        ['1', 'input'],
        [String(1 + (i % 5)), 'input'],
      ] as const) {
        requests.on = true;
        const t = performance.now();
        await turn(phone, text, event);
        turns.push(performance.now() - t);
        requests.on = false;
        if (turns.length % RAW_EVERY === 0) await reference.sample();
      }
    }
    const turnCalls = calls.claim + calls.load + calls.commit;

    const floor = { p50: percentile(reference.storeCalls, 50), p99: percentile(reference.storeCalls, 99) };
    const get50 = percentile(reference.getItem, 50);
    const ref = (p: 'p50' | 'p99') => ({ name: `raw store calls ${p}`, value: floor[p], unit: 'ms' });
    const p50 = percentile(handler, 50);
    const mix = `${messages} messages of ${PARTICIPANTS} whole check-ins (SMS and WhatsApp; nl, fr, en, ar)`;
    const section = 'hot-path';
    const figures: Figure[] = [
      withinReference({
        section,
        name: 'inbound p50',
        value: p50,
        unit: 'ms',
        budget: P50_BUDGET,
        reference: ref('p50'),
        note: `${mix}; = ${(p50 / get50).toFixed(1)} raw GetItem round trips; Node CPU ${cpuPerMessage.toFixed(1)} ms per message (the SDK, crypto, the engine)`,
      }),
      withinReference({
        section,
        name: 'inbound p99',
        value: percentile(handler, 99),
        unit: 'ms',
        budget: P99_BUDGET,
        reference: ref('p99'),
        note: `max ${Math.max(...handler).toFixed(1)} ms`,
      }),
      underBudget({ section, name: 'ledger records per message', value: perMessage.claim, unit: '', budget: 1 }),
      underBudget({ section, name: 'reads per message', value: perMessage.load, unit: '', budget: 1 }),
      underBudget({ section, name: 'transactions per message', value: perMessage.commit, unit: '', budget: 1 }),
      underBudget({
        section,
        name: 'DynamoDB requests per message',
        value: sum(messageRequests.store) / messages,
        unit: '',
        budget: 3,
        note: requestsNote(messageRequests, messages),
      }),
      withinReference({
        section,
        name: 'call turn p50',
        value: percentile(turns, 50),
        unit: 'ms',
        budget: P50_BUDGET,
        reference: ref('p50'),
        note: `${turns.length} turns of ${CALLS} calls; store calls per turn ${(turnCalls / turns.length).toFixed(2)}`,
      }),
      withinReference({ section, name: 'call turn p99', value: percentile(turns, 99), unit: 'ms', budget: P99_BUDGET, reference: ref('p99') }),
      underBudget({
        section,
        name: 'DynamoDB requests per call turn',
        value: sum(requests.store) / turns.length,
        unit: '',
        budget: 3,
        note: requestsNote(requests, turns.length),
      }),
    ];
    const samples = `${reference.storeCalls.length} samples between the handler's messages`;
    const references: Reference[] = [
      { section, name: 'raw GetItem p50', value: get50, unit: 'ms', note: `p99 ${percentile(reference.getItem, 99).toFixed(1)} ms` },
      {
        section,
        name: 'raw TransactWriteItems p50',
        value: percentile(reference.transaction, 50),
        unit: 'ms',
        note: `4 items like the commit; p99 ${percentile(reference.transaction, 99).toFixed(1)} ms`,
      },
      {
        section,
        name: 'raw store calls p50',
        value: floor.p50,
        unit: 'ms',
        note: `conditional PutItem + consistent Query + TransactWriteItems, one after the other; ${samples}`,
      },
      { section, name: 'raw store calls p99', value: floor.p99, unit: 'ms', note: samples },
    ];
    return { figures, references };
  } finally {
    await dynamo.stop();
  }
}

const requestsNote = (r: { store: Map<string, number>; other: Map<string, number> }, n: number) =>
  `the store's: ${breakdown(r.store, n)}; besides, configuration reads (catalog, cached 30 s): ${[...r.other.entries()].map(([name, count]) => `${name} ${count}`).join(', ') || 'none'} in ${n}`;

/** The mix is what it claims only if every check-in reached its end with all its answers. */
async function checkEveryoneFinished(
  answers: ReturnType<typeof composeConversation>['answers'],
  projectId: string,
  roundId: string,
  people: readonly Conversation[],
  warmUp: number,
): Promise<void> {
  let completions = 0;
  let answered = 0;
  for await (const page of answers.records(projectId, roundId)) {
    for (const record of page) {
      // A message that was no answer (a re-prompted "9") is kept as a comment: not one of the answers.
      if ('questionId' in record) answered += record.status === 'comment' ? 0 : 1;
      else completions++;
    }
  }
  const expected = people.reduce((n, c) => n + c.answers, 0) + Array.from({ length: warmUp }, (_, i) => conversation(i, '').answers).reduce((a, b) => a + b, 0);
  if (completions !== people.length + warmUp || answered !== expected) {
    throw new Error(`the scripted check-ins did not all finish: ${completions} completions of ${people.length + warmUp}, ${answered} answers of ${expected}`);
  }
}
