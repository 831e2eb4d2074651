import type TwilioVoice from 'twilio/lib/twiml/VoiceResponse.js';
import { VoiceResponse } from './twiml-writer.js';
import { spoken } from '../../core/calls/voices.js';
import { END_CALL, type Listen } from '../../core/calls/listen.js';
import type { Utterance } from '../../core/calls/speak.js';

/** Where Twilio posts what the caller did: the next turn's URL, for keys/speech/recording or for silence. */
export interface CallLinks {
  input: string;
  silence: string;
}

/** Longest spoken answer to an open question; the caller ends it with # or by falling silent. */
export const MAX_RECORD_SECONDS = 180;
const FALLBACK = 'en';

type SayAttributes = TwilioVoice.SayAttributes;
interface Speaker {
  say(attributes: SayAttributes, text: string): unknown;
  play(attributes: TwilioVoice.PlayAttributes, url: string): unknown;
}
type SayVoice = NonNullable<SayAttributes['voice']>;
type SayLanguage = NonNullable<SayAttributes['language']>;
type GatherLanguage = NonNullable<TwilioVoice.GatherAttributes['language']>;

function sayIn(parent: { say(attributes: SayAttributes, text: string): unknown }, text: string, lang: string | undefined): void {
  // Without a voice for the language (recorded prompts come instead), English is better than silence.
  const voice = spoken(lang ?? FALLBACK).say ?? spoken(FALLBACK).say;
  // The table's strings are checked against the helper's own voice and language lists in tests/unit/call-voices.test.ts.
  if (voice) parent.say({ voice: voice.voice as SayVoice, language: voice.language as SayLanguage }, text);
}

/**
 * A call's turn as TwiML: what Stem says (each part in its language's voice, or a recorded prompt),
 * then what it listens for. Prompts go inside <Gather> so a caller who knows the answer can press it
 * without waiting.
 */
export function callTwiml(parts: readonly Utterance[], listen: Listen | null, links: CallLinks, playUrl: (audioKey: string) => string): string {
  const response = new VoiceResponse();
  const speak = (into: Speaker) => {
    for (const part of parts) {
      if (part.kind === 'play') into.play({}, playUrl(part.prompt.audioKey));
      else sayIn(into, part.text, part.lang);
    }
  };
  const next: Listen = listen ?? END_CALL;
  switch (next.kind) {
    case 'keys': {
      const speech = next.language ? spoken(next.language).speech : null;
      const gather = response.gather({
        input: speech ? ['dtmf', 'speech'] : ['dtmf'],
        numDigits: next.options > 9 ? 2 : 1,
        timeout: 7,
        action: links.input,
        method: 'POST',
        actionOnEmptyResult: false,
        ...(speech ? { language: speech as GatherLanguage, speechTimeout: 'auto' } : {}),
      });
      speak(gather);
      response.redirect({ method: 'POST' }, links.silence);
      break;
    }
    case 'number': {
      const gather = response.gather({
        input: ['dtmf'],
        finishOnKey: '#',
        numDigits: next.maxDigits + 1,
        timeout: 10,
        action: links.input,
        method: 'POST',
        actionOnEmptyResult: false,
      });
      speak(gather);
      response.redirect({ method: 'POST' }, links.silence);
      break;
    }
    case 'record':
      speak(response);
      // An empty recording does not call `action`: Twilio goes on to the redirect, which is silence.
      response.record({
        action: links.input,
        method: 'POST',
        maxLength: MAX_RECORD_SECONDS,
        timeout: 5,
        finishOnKey: '#',
        playBeep: true,
        trim: 'trim-silence',
      });
      response.redirect({ method: 'POST' }, links.silence);
      break;
    case 'end':
      speak(response);
      response.hangup();
      break;
  }
  return response.toString();
}

/**
 * A message call ("you said, we did"): the message read in the person's language (or the recording staff
 * made), a pause, the message once more — people pick up mid-sentence — then goodbye.
 */
export function messageCallTwiml(message: { audioKey: string } | { text: string; lang: string }, playUrl: (audioKey: string) => string): string {
  const response = new VoiceResponse();
  for (const pause of [1, 2]) {
    response.pause({ length: pause });
    if ('audioKey' in message) response.play({}, playUrl(message.audioKey));
    else sayIn(response, message.text, message.lang);
  }
  response.hangup();
  return response.toString();
}
