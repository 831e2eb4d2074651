import type { Command } from '../../commands.js';
import type { Contact } from '../../model.js';
import { GREETING_LANGUAGES } from '../spoken.js';
import type { Planning } from './context.js';
import { enrol, optBackIn } from './enrolment.js';
import { askErase } from './erasing.js';
import { joinCodeQuery } from './join-code.js';
import { promptCurrent } from './survey.js';

/** A number Stem does not know: a join code (with or without JOIN), STOP, DELETE, or an introduction. */
export function stranger(p: Planning, command: Command | null): void {
  if (command?.type === 'delete') {
    // Nothing is kept of a number we do not know; said in the language(s) of the word they used.
    const languages = command.languages.length > 0 ? command.languages : GREETING_LANGUAGES;
    p.draft.say(
      languages
        .slice(0, 4)
        .map((l) => p.t('erase.nothing', [l]))
        .join('\n'),
    );
    return;
  }
  if (command?.type === 'stop') {
    // Remember the opt-out even for a number we never knew, so an import cannot message it later.
    p.newContact({ optedOut: true });
    // Answer in the language(s) of the word they used: "توقف" → Arabic and Persian, "STOP" → nl, fr, en.
    p.draft.say(
      command.languages
        .slice(0, 4)
        .map((l) => p.t('stop.confirmed', [l]))
        .join('\n'),
    );
    return;
  }
  // Any word may be a code (a greeting or an "ok" is looked up too, but never counted as a guess).
  const query = joinCodeQuery(null, p.inbound);
  const found = query ? p.joinLookup(query.code) : null;
  if (found?.projectId) {
    enrol(p, p.newContact({}), found.projectId);
    return;
  }
  // Written to a project's own number: they join that project, as a caller to it does.
  if (p.inbound.entryProjectId && command?.type !== 'join') {
    enrol(p, p.newContact({}), p.inbound.entryProjectId);
    return;
  }
  if (found?.quiet) return; // a flood of wrong codes service-wide: unknown ones get no answer (join-limit.ts)
  if (command?.type === 'join') {
    p.draft.say(...GREETING_LANGUAGES.map((l) => p.t('join.unknownCode', [l], { code: command.code })));
    return;
  }
  p.draft.say(GREETING_LANGUAGES.map((l) => p.t('intro.notEnrolled', [l])).join('\n'));
}

/** After STOP: DELETE, START (or YES), or JOIN with a valid code; anything else gets no reply. */
export function optedOut(p: Planning, contact: Contact, command: Command | null): void {
  // DELETE works after STOP too, and leaves them opted out.
  if (command?.type === 'delete') return askErase(p, contact);
  // After STOP only START (or the literal YES, one of Twilio's opt-in words) or JOIN with a valid code
  // opens contact again; anything else, a 👍 or "ok" included, gets no reply.
  if (command?.type === 'join') {
    const { projectId } = p.joinLookup(command.code);
    if (!projectId) return;
    contact.optedOut = false;
    optBackIn(p, contact, [projectId]);
    enrol(p, contact, projectId);
    return;
  }
  // The raw text: normalization would turn a 👍 into "yes".
  if (command?.type !== 'start' && p.inbound.text.trim().toUpperCase() !== 'YES') return;
  contact.optedOut = false;
  optBackIn(p, contact);
  p.tell('start.confirmed', p.chain());
  promptCurrent(p, contact);
}
