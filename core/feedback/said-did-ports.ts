import type { AnswerLink, SaidDidItem } from './said-did.js';

/** Where "you said, we did" items and their answer links are kept (adapters/dynamodb/said-did-store.ts). */
export interface SaidDidStore {
  /** A project's items, oldest first. */
  items(projectId: string): Promise<SaidDidItem[]>;
  item(projectId: string, itemId: string): Promise<SaidDidItem | null>;
  /** Store a new item; false when one with that id exists. */
  create(item: SaidDidItem): Promise<boolean>;
  /** Store `item` on condition that the stored version is still `item.version − 1`; false when someone changed it first. */
  save(item: SaidDidItem): Promise<boolean>;
  /** Every answer link of these rounds of the project (all items). */
  links(projectId: string, roundIds: readonly string[]): Promise<AnswerLink[]>;
  /** Add and remove links (idempotent: a link added twice is one, a link removed that is gone is fine). */
  changeLinks(add: readonly AnswerLink[], remove: readonly AnswerLink[]): Promise<void>;
}
