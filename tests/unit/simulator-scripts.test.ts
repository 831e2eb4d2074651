import { createHash } from 'node:crypto';
import { Script } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { callSimulatorPage } from '../../local/simulator/call-page.js';
import { simulatorScripts } from '../../local/simulator/client-bundle.js';
import { simulatorPage } from '../../local/simulator/page.js';

/**
 * The simulators' browser code (local/simulator/client) as the pages serve it: bundled by esbuild into
 * one classic script per page, inlined, and allowed by the page's Content-Security-Policy by its hash,
 * that script and nothing else. The e2e tests (tests/e2e/simulator.test.ts, call.test.ts) run it.
 */

const sha256 = (text: string): string => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
const unescape = (html: string): string =>
  html.replace(/&(amp|lt|gt|quot|#39);/g, (_, e: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" })[e] ?? '');

/** The page's policy, directive by directive, and the texts of its <script> and <style> elements. */
function parts(html: string): { csp: Map<string, string[]>; scripts: string[]; styles: string[] } {
  const metas = [...html.matchAll(/<meta http-equiv="Content-Security-Policy" content="([^"]*)">/g)];
  expect(metas).toHaveLength(1);
  const csp = new Map(
    unescape(metas[0]?.[1] ?? '')
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .map(([name = '', ...sources]) => [name, sources]),
  );
  return {
    csp,
    scripts: [...html.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/gi)].map((m) => m[1] ?? ''),
    styles: [...html.matchAll(/<style\b[^>]*>([\s\S]*?)<\/style>/gi)].map((m) => m[1] ?? ''),
  };
}

describe('the simulator scripts', () => {
  it('build into classic scripts: strict, with no import or export left, built once', async () => {
    const scripts = await simulatorScripts();
    for (const [name, code] of Object.entries(scripts)) {
      expect(code.startsWith('"use strict";'), name).toBe(true);
      // A classic script cannot hold import or export declarations (nor top-level await): compiling it as one throws on them.
      expect(() => new Script(code, { filename: `${name}.js` }), name).not.toThrow();
      expect(code, name).not.toMatch(/\bimport\s*\(|\bimport\.meta\b|\brequire\s*\(/);
      expect(code, name).not.toMatch(/<\/script|<!--/i);
    }
    expect(scripts.chat).toContain('"/simulator/api/send"');
    expect(scripts.call).toContain('"/simulator/api/call"');
    expect(await simulatorScripts()).toBe(scripts);
  });

  it('each page inlines its script, and its CSP allows exactly that script and that style', async () => {
    const { chat, call } = await simulatorScripts();
    const pages = [
      { html: simulatorPage({ serviceNumber: '+3225550100', script: chat }), script: chat },
      { html: callSimulatorPage({ serviceNumber: '+3225550100', promptOrigin: 'https://stem.example', script: call }), script: call },
    ];
    for (const { html, script } of pages) {
      const { csp, scripts, styles } = parts(html);
      expect(scripts).toEqual([script]);
      expect(csp.get('script-src')).toEqual([sha256(script)]);
      expect(styles).toHaveLength(1);
      expect(csp.get('style-src')).toEqual([sha256(styles[0] ?? '')]);
      expect(csp.get('default-src')).toEqual(["'none'"]);
      expect(html).not.toMatch(/\son[a-z]+=/i); // no inline handlers, which the hash would not allow anyway
    }
    // Another script is not allowed by the first page's policy.
    expect(parts(simulatorPage({ serviceNumber: '+3225550100', script: call })).csp.get('script-src')).not.toEqual([sha256(chat)]);
  });

  it('a script that would end its <script> element early is refused', () => {
    expect(() => simulatorPage({ serviceNumber: '+3225550100', script: 'let s = "</script><script>alert(1)";' })).toThrow(/cannot be inlined/);
    expect(() => callSimulatorPage({ serviceNumber: '+3225550100', promptOrigin: '', script: '<!-- x' })).toThrow(/cannot be inlined/);
  });
});
