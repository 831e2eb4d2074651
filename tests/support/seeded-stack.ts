import { cpSync, existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { inject } from 'vitest';
import { startLocalStack, type LocalStack, type LocalStackOptions } from '../../local/stack.js';

/**
 * A test file's own local stack (its own DynamoDB Local, server, outbox and queues: nothing shared with
 * another file), started from a copy of a data folder seeded once per run instead of seeding its own.
 *
 * Why: a fresh stack replays the demo projects' lives through the real conversation (local/demo-life.ts),
 * hundreds of messages, and that replay was most of every e2e file's start. Here it runs once per kind of
 * seed (with or without the network's second organisation) the first time a file needs it; every later
 * stack copies that folder and starts on it, as `npm start` does on a data folder it seeded before (the
 * seeding sees the projects and leaves them; keys and tokens come from the folder's secrets.json). The
 * data each file starts with is what a fresh stack starts with: the same seeding code made it.
 *
 * Opt in: call `startSeededStack` with what you gave `startLocalStack`, minus `port: 0` and `dataDir: null`;
 * give `dataDir` only to keep the data folder somewhere of your own (empty or missing; the copy stays
 * there). The tier's globalSetup must list tests/support/seeded-stack-setup.ts (e2e and integration do).
 */
export type SeededStackOptions = Omit<LocalStackOptions, 'dataDir' | 'port'> & { port?: number; dataDir?: string };

export async function startSeededStack(opts: SeededStackOptions): Promise<LocalStack> {
  const seed = await seededFolder({ demoNetwork: opts.demoNetwork === true, demoVoiceNotes: opts.demoVoiceNotes });
  const own = opts.dataDir ?? mkdtempSync(join(seedsRoot(), 'stack-'));
  const removeOwn = () => {
    if (opts.dataDir === undefined) rmSync(own, { recursive: true, force: true });
  };
  cpSync(seed, own, { recursive: true });
  let stack: LocalStack;
  try {
    stack = await startLocalStack({ ...opts, port: opts.port ?? 0, dataDir: own });
  } catch (error) {
    removeOwn();
    throw error;
  }
  return {
    ...stack,
    stop: async () => {
      try {
        await stack.stop();
      } finally {
        removeOwn();
      }
    },
  };
}

/** This run's folder of seeds, from the tier's globalSetup. */
function seedsRoot(): string {
  const root: string | undefined = inject('seededStacks');
  if (!root) throw new Error("startSeededStack: this tier's globalSetup does not list tests/support/seeded-stack-setup.ts (vitest.config.ts)");
  return root;
}

/** What the seeding depends on (local/stack.ts: seedDemo, seedOrganisations, seedDemoLife); nothing else changes the data. */
interface SeedKind {
  demoNetwork: boolean;
  demoVoiceNotes: LocalStackOptions['demoVoiceNotes'];
}

/**
 * The folder seeded for `kind` in this run, made now if no file made it yet. Two workers wanting the same
 * seed at once: the one that takes the lock seeds, the other waits for it (and after a minute seeds its
 * own rather than fail). A folder is renamed into place only when whole.
 */
async function seededFolder(kind: SeedKind): Promise<string> {
  const final = join(seedsRoot(), `${kind.demoNetwork ? 'network' : 'demo'}-${kind.demoVoiceNotes ?? 'written'}`);
  if (existsSync(final)) return final;
  const lock = `${final}.lock`;
  let mine = true;
  try {
    mkdirSync(lock);
  } catch {
    mine = false;
  }
  if (!mine) {
    for (const deadline = Date.now() + 60_000; Date.now() < deadline; ) {
      if (existsSync(final)) return final;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  try {
    const making = mkdtempSync(`${final}.making-`);
    try {
      const stack = await startLocalStack({
        port: 0,
        dataDir: making,
        serviceNumber: '+3225550100',
        simulator: false,
        sweepEveryMs: 3_600_000,
        logger: { info: () => {}, warn: () => {}, error: () => {} },
        demoNetwork: kind.demoNetwork,
        ...(kind.demoVoiceNotes ? { demoVoiceNotes: kind.demoVoiceNotes } : {}),
      });
      await stack.stop();
      try {
        renameSync(making, final);
      } catch (error) {
        if (!existsSync(final)) throw error; // otherwise another worker's seed got there first: the same data
      }
    } finally {
      rmSync(making, { recursive: true, force: true });
    }
    return final;
  } finally {
    if (mine) rmSync(lock, { recursive: true, force: true });
  }
}
