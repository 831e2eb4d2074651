import { describe, expect, it } from 'vitest';
import { toJoinCode } from '../../core/commands.js';
import { isSmallTalk } from '../../core/conversation/small-talk.js';

/** What a newcomer sends before the code is small talk; what a guesser sends is not. */
describe('isSmallTalk', () => {
  it('greetings, thanks and short replies in the languages people type in Latin letters', () => {
    for (const text of [
      'Hallo',
      'hallo!',
      'Goedemorgen',
      'Dank u wel',
      'Bonjour',
      'Salut !',
      'Merci',
      'Hi',
      'Good morning',
      'Merhaba',
      'Teşekkürler',
      'Salam',
      'Assalamualaikum',
      'ok',
      'OK',
      'ja',
      'Oui',
      'nee',
      '👍',
      'yes.',
    ]) {
      expect(isSmallTalk(text), text).toBe(true);
    }
  });

  it('not a code-shaped guess, a real code, a sentence or nothing', () => {
    for (const text of ['AAAA', 'AAAB', 'DEMO', 'BRUG', 'JOIN AAAA', 'hallo ik wil meedoen', 'X7Q2', '', '   ', '?']) {
      expect(isSmallTalk(text), text).toBe(false);
    }
  });

  it('the small talk that would be read as a code is exactly what matters here: it is code-shaped', () => {
    // So the limiter would count it without this exemption…
    for (const text of ['Hallo', 'Bonjour', 'oké', '👍', 'Merhaba']) expect(toJoinCode(text), text).toMatch(/^[A-Z0-9]{3,12}$/);
    // …while greetings in other scripts are never codes at all.
    for (const text of ['مرحبا', 'سلام', 'привіт', 'ሰላም']) expect(toJoinCode(text), text).toBeUndefined();
  });
});
