/**
 * The dashboard's one script: progress bars that refresh themselves. Every block with `data-glance-refresh`
 * (web/dashboard/projects/progress-bars.ts) is asked for again at its address every INTERVAL_MS and put in
 * its place when its numbers changed. Polling, not server-sent events: the dashboard runs in Lambda behind
 * an API Gateway HTTP API, which only returns a function's whole response (response streaming is for REST
 * APIs: https://docs.aws.amazon.com/apigateway/latest/developerguide/response-transfer-mode.html).
 *
 * It waits while the tab is hidden, waits longer after each failure (doubling, up to MAX_MS), and stops
 * for a block that answers with no refresh address (the round closed) or when the session ended (the
 * answer is the sign-in page). It never throws: a page without it, or where it fails, shows the numbers
 * of its last load and a link to reload. Imports nothing: bundled alone by esbuild.
 */

const INTERVAL_MS = 15_000;
const MAX_MS = 5 * 60_000;
const ATTRIBUTE = 'data-glance-refresh';

/** The <details> of a block that are open, by position, so that a refresh keeps them open. */
function openDetails(block: Element): boolean[] {
  return Array.from(block.querySelectorAll('details'), (d) => d.open);
}

/** Put `next` in the place of `block`, keeping open tables open; false when focus is inside (try later). */
function swap(block: Element, next: Element): boolean {
  if (block.contains(document.activeElement) && document.activeElement !== document.body) return false;
  const open = openDetails(block);
  next.querySelectorAll('details').forEach((d, i) => {
    d.open = open[i] ?? false;
  });
  block.replaceWith(next);
  showAuto(next);
  return true;
}

/** The sentence that says the numbers update by themselves: true only where this script runs. */
function showAuto(block: Element): void {
  block.querySelectorAll<HTMLElement>('[data-glance-auto]').forEach((e) => {
    e.hidden = false;
  });
}

/** The block the server answers with (the same round's), or null when the answer is not one. */
async function fetchBlock(address: string, roundId: string | null): Promise<Element | null> {
  const response = await fetch(address, { credentials: 'same-origin', cache: 'no-store', headers: { accept: 'text/html' } });
  // Signed out: the dashboard answers with (a redirect to) the sign-in page, not a block.
  if (!response.ok || response.redirected) return null;
  const doc = new DOMParser().parseFromString(await response.text(), 'text/html');
  const block = doc.querySelector('[data-testid="progress-bars"]');
  if (!block || block.getAttribute('data-round-id') !== roundId) return null;
  return document.adoptNode(block);
}

function follow(first: Element): void {
  let block = first;
  let failures = 0;
  const roundId = block.getAttribute('data-round-id');
  const schedule = () => {
    const delay = Math.min(MAX_MS, INTERVAL_MS * 2 ** failures);
    window.setTimeout(() => void tick(), delay);
  };
  const tick = async (): Promise<void> => {
    if (document.hidden) {
      document.addEventListener('visibilitychange', () => void tick(), { once: true });
      return;
    }
    const address = block.getAttribute(ATTRIBUTE);
    if (!address || !block.isConnected) return;
    let next: Element | null = null;
    try {
      next = await fetchBlock(address, roundId);
    } catch {
      next = null; // offline, or the server did not answer: try again later
    }
    if (!next) {
      failures += 1;
      schedule();
      return;
    }
    failures = 0;
    // Compared as text: the numbers and words, not which table is open.
    if (next.textContent !== block.textContent || next.getAttribute(ATTRIBUTE) !== block.getAttribute(ATTRIBUTE)) {
      if (swap(block, next)) block = next;
    }
    if (block.hasAttribute(ATTRIBUTE)) schedule();
  };
  showAuto(block);
  schedule();
}

function start(): void {
  document.querySelectorAll(`[${ATTRIBUTE}]`).forEach(follow);
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start, { once: true });
else start();
