import { execFileSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import type { RunContext } from './report.js';

/** What a run's figures depend on: when, which Node, which machine, which commit (if this is a git checkout). */
export function runContext(sections: string[], now: Date = new Date()): RunContext {
  const cpu = cpus();
  return {
    date: now.toISOString(),
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    cpu: { model: cpu[0]?.model.trim() ?? 'unknown', count: cpu.length },
    loadAverage: Math.round((loadavg()[0] ?? 0) * 100) / 100,
    commit: gitCommit(),
    sections,
  };
}

/** The checked-out commit, or null outside a git checkout (an unpacked archive, no git installed). */
function gitCommit(): string | null {
  try {
    const out = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: import.meta.dirname, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    return /^[0-9a-f]{40}$/.test(out) ? out : null;
  } catch {
    return null;
  }
}
