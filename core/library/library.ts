import type { QuestionKind, SurveyDefinition } from '../../flows/definition.js';
import * as z from '../../kernel/zod.js';
import { reviewsOf } from '../translation/review.js';
import type { Principal } from '../access/principal.js';

/**
 * The learning network's shared library (issue 22): an organisation publishes one of its survey versions,
 * staff of any organisation copy it into their own surveys with its review states, so that a reviewed
 * Tigrinya translation is made once. An entry holds a snapshot of the definition as published: later
 * changes of the original never reach the library, and a copy never reaches back. An entry says what the
 * survey is (title, languages and their states, its questions' kinds), who published it and when; never
 * anything about participants or results, which a survey definition does not hold.
 */

/** One survey version as published. */
export interface LibraryEntry {
  entryId: string;
  /** The publishing organisation: the only one that may withdraw it. */
  organisationId: string;
  /** The original, in the publisher's surveys. */
  surveyId: string;
  version: number;
  publishedAt: string;
  /** The definition as it was when published (a snapshot). */
  definition: SurveyDefinition;
}

/** What a withdrawal came to: only the publisher withdraws. */
export type Withdrawal = 'withdrawn' | 'not-found' | 'not-publisher';

/** Where entries are kept (adapters/dynamodb/library.ts). */
export interface LibraryStore {
  /**
   * Publish, once per survey version: publishing the same version again returns the entry already there
   * (`created: false`) and changes nothing, not even its snapshot or time.
   */
  publish(entry: LibraryEntry): Promise<{ entry: LibraryEntry; created: boolean }>;
  get(entryId: string): Promise<LibraryEntry | null>;
  /** Every entry, newest first. */
  list(): Promise<LibraryEntry[]>;
  /** Remove an entry, only for its publisher; copies already made stay theirs. */
  withdraw(entryId: string, organisationId: string): Promise<Withdrawal>;
}

/** A survey version's entry id: one entry per version (survey ids hold no "-"). */
export const libraryEntryId = (surveyId: string, version: number): string => `${surveyId}-v${version}`;
export const LibraryEntryId = z.string().check(z.regex(/^[a-z][a-z0-9_]{0,39}-v[1-9][0-9]{0,5}$/, 'a library entry id such as "check_in-v2"'));

/** What the library shows of an entry. */
export interface LibraryEntryView {
  entryId: string;
  title: SurveyDefinition['title'];
  languages: ReturnType<typeof reviewsOf>;
  questions: { count: number; kinds: Partial<Record<QuestionKind, number>> };
  organisation: { organisationId: string; name: string };
  publishedAt: string;
  /** Published by the caller's own organisation (then also which of its survey versions). */
  mine: boolean;
  source: { surveyId: string; version: number } | null;
}

export function libraryEntryView(entry: LibraryEntry, organisationName: string, viewer: string | null): LibraryEntryView {
  const kinds: Partial<Record<QuestionKind, number>> = {};
  for (const q of entry.definition.questions) kinds[q.kind] = (kinds[q.kind] ?? 0) + 1;
  const mine = viewer === entry.organisationId;
  return {
    entryId: entry.entryId,
    title: entry.definition.title,
    languages: reviewsOf(entry.definition),
    questions: { count: entry.definition.questions.length, kinds },
    organisation: { organisationId: entry.organisationId, name: organisationName },
    publishedAt: entry.publishedAt,
    mine,
    source: mine ? { surveyId: entry.surveyId, version: entry.version } : null,
  };
}

/**
 * The copy of an entry for an organisation: its own id, version 1 (a draft until a round launches it), the
 * texts and review states exactly as published.
 */
export function libraryCopy(entry: LibraryEntry, surveyId: string): SurveyDefinition {
  return { ...structuredClone(entry.definition), id: surveyId, version: 1 };
}

/** A copy's id when staff give none: the original's, marked with the copying organisation, within 40 characters. */
export function defaultCopyId(entry: LibraryEntry, organisationId: string): string {
  return `${entry.surveyId}_${organisationId.replace(/[^a-z0-9]/g, '_')}`.slice(0, 40);
}

/**
 * Who may do what with the library: staff of any organisation read it, publish their own organisation's
 * surveys, copy entries into them and withdraw what their organisation published; the network's
 * coordinators, who curate it, read it; interpreters have no part in it (they review in the translation
 * workflow). `organisationId`: the organisation staff act for; null when the role may only read.
 */
export function libraryAccess(principal: Principal): { read: boolean; organisationId: string | null } {
  if (principal.role === 'staff') return { read: true, organisationId: principal.organisationId };
  if (principal.role === 'coordinator') return { read: true, organisationId: null };
  return { read: false, organisationId: null };
}
