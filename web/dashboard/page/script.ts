import { createHash } from 'node:crypto';
import type { Hono } from 'hono';
import { DASHBOARD, type DashboardEnv } from './context.js';

/**
 * The dashboard's one script file (web/dashboard/client/glance.ts, bundled by esbuild: in memory for the
 * local stack, at synth beside the Lambda bundle for the cloud). Pages work without it; with it, the
 * progress bars refresh themselves. It is served under a name made of its content's hash, so a browser may
 * keep it for a year, and every page names it with its integrity (SRI): the CSP allows scripts from this
 * site only (page/security.ts), and a changed file under that name would not run.
 */

/** Where the deploy puts the script beside the dashboard's Lambda bundle: `<bundle>/dashboard-assets/glance.js`. */
export const DASHBOARD_SCRIPT_DIR = 'dashboard-assets';
export const DASHBOARD_SCRIPT_FILE = 'glance.js';

/** Where the script's text comes from (null: none, the pages run without it). */
export type DashboardScriptSource = () => Promise<string | null>;

export interface ScriptTag {
  src: string;
  integrity: string;
}

interface Asset extends ScriptTag {
  text: string;
}

const ASSETS = `${DASHBOARD}/assets`;

export function scriptAsset(text: string): Asset {
  const digest = createHash('sha256').update(text, 'utf8').digest();
  return { text, src: `${ASSETS}/glance-${digest.toString('hex').slice(0, 16)}.js`, integrity: `sha256-${digest.toString('base64')}` };
}

/** The script, read once on the first page that asks (a failed read is tried again on the next). */
export function scriptLoader(source: DashboardScriptSource): () => Promise<Asset | null> {
  let loaded: Promise<Asset | null> | undefined;
  return () => {
    loaded ??= source().then(
      (text) => (text === null ? null : scriptAsset(text)),
      (error: unknown) => {
        loaded = undefined;
        throw error;
      },
    );
    return loaded;
  };
}

/** GET the script by its hashed name, signed in or not (it holds no data); anything else there is not found. */
export function scriptRoute(app: Hono<DashboardEnv>, asset: () => Promise<Asset | null>): void {
  app.get(`${ASSETS}/:file`, async (c, next) => {
    const script = await asset();
    if (!script || c.req.path !== script.src) return next();
    return c.body(script.text, 200, { 'Content-Type': 'text/javascript; charset=utf-8', 'Cache-Control': 'public, max-age=31536000, immutable' });
  });
}
