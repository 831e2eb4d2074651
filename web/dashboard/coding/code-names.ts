import type { CodeShape } from '../api/coding-shapes.js';
import { DASHBOARD, type Ui } from '../page/context.js';

/** How the coding pages name a code and link to a round's coding. */

/** A code's name in the page's language, else in another of the three. */
export const codeName = (ui: Ui, code: Pick<CodeShape, 'label' | 'id'>): string =>
  code.label[ui.lang] ?? code.label.en ?? code.label.nl ?? code.label.fr ?? code.id;

export const codingPath = (projectId: string, roundId: string) =>
  `${DASHBOARD}/projects/${encodeURIComponent(projectId)}/rounds/${encodeURIComponent(roundId)}/coding`;
