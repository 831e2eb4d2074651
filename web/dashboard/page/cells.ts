import { html } from 'hono/html';
import { K_MIN } from '../../../core/disclosure/cells.js';
import type { Cell, Project } from '../api/api-shapes.js';
import type { Ui } from './context.js';
import type { Html } from './markup.js';

/**
 * Counts as disclosure control lets the API give them (core/disclosure): a number, or hidden because it
 * is about fewer than k people (or would give such a group away). Pages say a hidden count in words
 * ("hidden: fewer than 5 people"): "< 5" was read as a count.
 */

/** The project's k, as the API says it (at least 5). */
export const kOfProject = (project: Pick<Project, 'disclosure'>): number => Math.max(K_MIN, project.disclosure.k ?? K_MIN);

export const numberOrNull = (cell: Cell): number | null => (typeof cell === 'number' ? cell : null);

/** A count for a table cell: the number, or the words for a hidden one. */
export function countText(ui: Ui, cell: Cell, k: number): Html {
  return typeof cell === 'number' ? html`${cell}` : hiddenCount(ui, k);
}

/** A hidden count said in words ("hidden: fewer than 5 people"), so that it never reads like a number. */
export function hiddenCount(ui: Ui, k: number): Html {
  return html`<span class="suppressed" data-testid="suppressed">${ui.t('glanceHidden', { k })}</span>`;
}
