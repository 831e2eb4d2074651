import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

/**
 * The simulators' browser code (client/chat.ts for /simulator, client/call.ts for /simulator/call),
 * bundled by esbuild in memory, once per process, into one classic script per page: an IIFE with nothing
 * left to import, in strict mode ("use strict" on top, as esbuild writes it from client/tsconfig.json's
 * `strict`). Each page inlines its script, and its Content-Security-Policy
 * allows exactly that script by its sha256 (page.ts, call-page.ts).
 *
 * Built when the local stack starts (stack.ts awaits it, so a broken client stops the start with
 * esbuild's message), not in a build step: `npm ci && npm start` runs from source, and the simulators
 * are local-only (nothing under cdk/ or functions/ imports local/). Not minified: a developer reads it
 * in the browser's tools, and the size of a page served from localhost does not matter.
 */

export interface SimulatorScripts {
  chat: string;
  call: string;
}

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

async function bundle(entry: string): Promise<string> {
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: [`local/simulator/client/${entry}`],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    charset: 'utf8',
    legalComments: 'none',
    logLevel: 'silent',
  });
  const [file, ...more] = result.outputFiles;
  if (!file || more.length > 0) throw new Error(`esbuild wrote ${result.outputFiles.length} files for ${entry}, not one`);
  return file.text;
}

let scripts: Promise<SimulatorScripts> | undefined;

/** Both pages' scripts, built on the first call; a failed build is tried again on the next one. */
export function simulatorScripts(): Promise<SimulatorScripts> {
  scripts ??= Promise.all([bundle('chat.ts'), bundle('call.ts')]).then(
    ([chat, call]) => ({ chat, call }),
    (error: unknown) => {
      scripts = undefined;
      throw new Error('the simulator scripts (local/simulator/client) did not build', { cause: error });
    },
  );
  return scripts;
}
