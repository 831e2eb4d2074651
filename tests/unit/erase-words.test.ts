import { describe, expect, it } from 'vitest';
import { detectCommand } from '../../core/commands.js';
import { eraseAnswer } from '../../core/conversation/erase.js';
import { SUPPORTED_LANGUAGES, translations } from '../../locales/index.js';

/** DELETE and its YES / NO, in every language, as people type them. */

describe('DELETE as a command', () => {
  it.each([...SUPPORTED_LANGUAGES])('%s: every delete word is DELETE, in capitals or not, with or without diacritics', (lng) => {
    for (const word of translations[lng].words.delete) {
      for (const typed of [word, word.toLowerCase(), ` ${word}! `]) expect(detectCommand(typed), typed).toMatchObject({ type: 'delete' });
    }
  });

  it('the Latin word works whatever language the person chose, and says which languages it belongs to', () => {
    expect(detectCommand('delete')).toEqual({ type: 'delete', languages: ['en'] });
    expect(detectCommand('sil')).toMatchObject({ type: 'delete', languages: ['tr'] });
    expect(detectCommand('حذف')).toEqual({ type: 'delete', languages: ['ar', 'fa'] });
  });

  it('is a whole message, not a word inside an answer', () => {
    for (const text of ['delete my old address please', 'ik wil niets wissen', 'je ne veux rien effacer'])
      expect(detectCommand(text)?.type, text).not.toBe('delete');
  });
});

describe('the answer to "erase everything? YES / NO"', () => {
  it.each([...SUPPORTED_LANGUAGES])('%s: the yes word shown erases, the no word keeps', (lng) => {
    const [yes = '', no = ''] = [translations[lng].words.yes[0], translations[lng].words.no[0]];
    expect(eraseAnswer(yes, false), yes).toBe('erase');
    expect(eraseAnswer(yes.toUpperCase(), false), yes).toBe('erase');
    expect(eraseAnswer(no, false), no).toBe('keep');
  });

  it('a reflexive "ok", 👍 or "uh-huh" does not erase; DELETE again does', () => {
    for (const casual of ['ok', 'OK', 'Oké', '👍', '👌', 'tamam', 'ага', 'باشه', 'y']) expect(eraseAnswer(casual, false), casual).toBeNull();
    expect(eraseAnswer('VERWIJDER', false)).toBe('erase');
    expect(eraseAnswer('yes please', false)).toBeNull(); // not a yes word: the question lapses
  });

  it('keys 1 and 2 answer it only in a call; anything else lets it lapse', () => {
    expect(eraseAnswer('1', true)).toBe('erase');
    expect(eraseAnswer('2', true)).toBe('keep');
    expect(eraseAnswer('1', false)).toBeNull();
    expect(eraseAnswer('3', true)).toBeNull();
    expect(eraseAnswer('', true)).toBeNull();
  });
});
