import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { SPOKEN_LANGUAGES, spoken } from '../../core/calls/voices.js';

/**
 * The voice table against the twilio helper's own lists of <Say> voices and languages and <Gather>
 * speech languages (its VoiceResponse type declarations), so a typo is a failing test, not a call
 * that Twilio answers with an application error.
 */
const declarations = readFileSync(createRequire(import.meta.url).resolve('twilio/lib/twiml/VoiceResponse.d.ts'), 'utf8');
function union(name: string): Set<string> {
  const line = declarations.split('\n').find((l) => l.trim().startsWith(`type ${name} =`));
  if (!line) throw new Error(`no type ${name} in the twilio declarations`);
  return new Set([...line.matchAll(/"([^"]+)"/g)].map((m) => m[1] ?? ''));
}

describe('spoken languages', () => {
  const voices = union('SayVoice');
  const sayLanguages = union('SayLanguage');
  const speechLanguages = union('GatherLanguage');

  it.each(SPOKEN_LANGUAGES.filter((row) => row.say !== null))('$code: the voice and its language are ones Twilio knows', (row) => {
    expect(voices.has(row.say?.voice ?? '')).toBe(true);
    expect(sayLanguages.has(row.say?.language ?? '')).toBe(true);
  });

  it.each(SPOKEN_LANGUAGES.filter((row) => row.speech !== null))('$code: the speech-recognition language is one <Gather> accepts', (row) => {
    expect(speechLanguages.has(row.speech ?? '')).toBe(true);
  });

  it('has Belgian voices for Dutch and French, and none for the languages Polly lacks', () => {
    expect(spoken('nl').say).toEqual({ voice: 'Polly.Lisa-Neural', language: 'nl-BE' });
    expect(spoken('fr').say).toEqual({ voice: 'Polly.Isabelle-Neural', language: 'fr-BE' });
    for (const code of ['fa', 'ti', 'uk', 'ps', 'so', 'ku', 'xx']) expect(spoken(code).say).toBeNull();
  });
});
