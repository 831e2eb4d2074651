import { execFileSync } from 'node:child_process';
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { generateProtectorKeys, NodeCryptoProtector } from '../../adapters/crypto/node-protector.js';
import { espeakVoice } from '../../adapters/speech/espeak-synthesizer.js';
import { messagingTwiml } from '../../adapters/twilio/twiml.js';
import { SPOKEN_LANGUAGES } from '../../core/calls/voices.js';
import { detectCommand } from '../../core/commands.js';
import type { Contact, PictureRef, Project, Reply } from '../../core/model.js';
import { createTexts } from '../../core/texts.js';
import { voiceNoteMode, withSpeech } from '../../core/voice-notes/plan-speech.js';
import { afterVoiceNote, voiceNoteText } from '../../core/voice-notes/say.js';
import type { SpeechRef } from '../../core/voice-notes/speech.js';
import { compileSurvey } from '../../flows/compile.js';
import { parseSurveyDefinition } from '../../flows/definition.js';
import { SCALE_FACES } from '../../flows/normalize.js';
import energy from '../../flows/templates/energy-checkin.json' with { type: 'json' };
import story from '../../flows/templates/story-signifiers.json' with { type: 'json' };
import { audioObjectKey } from '../../adapters/s3/s3-audio-store.js';
import { VoiceNotes } from '../../core/voice-notes/voice-note.js';
import type { RecordedPrompt } from '../../core/calls/prompts.js';
import { byteRange, voiceNoteRoutes } from '../../http/voice-note-routes.js';
import { TranscodeError, type TranscodeFailure } from '../../core/voice-notes/transcode-error.js';
import { VOICE_NOTE_URL_SECONDS, voiceNoteOfUrl, voiceNoteUrl } from '../../http/voice-note-urls.js';
import { SUPPORTED_LANGUAGES, translations } from '../../locales/index.js';
import { simulatorReplies } from '../../local/simulator/routes.js';

/** WhatsApp voice notes without I/O: what is said, who gets one, the TwiML layout, the signed links, the command words. */

const texts = createTexts();
const protector = new NodeCryptoProtector(generateProtectorKeys());
const checkin = compileSurvey(parseSurveyDefinition(energy));
const signifiers = compileSurvey(parseSurveyDefinition(story));
const askable = (survey: typeof checkin, id: string) => {
  const q = survey.askables.get(id);
  if (!q) throw new Error(`no ${id}`);
  return q;
};
const SPEECH: SpeechRef = { organisationId: 'demo-ocmw', surveyId: 'energy_checkin', surveyVersion: 2, questionId: 'energy', language: 'ar' };
const PICTURE: PictureRef = { kind: 'triad', surveyId: 'story_signifiers', surveyVersion: 1, questionId: 'difference', language: 'ar' };
const NOW = new Date('2026-11-23T10:00:00.000Z');
const link = (ref: SpeechRef) => voiceNoteUrl(protector, 'https://stem.example.be', ref, NOW);

const parser = new XMLParser({ isArray: (name) => name === 'Message' || name === 'Media', parseTagValue: false });
type Msg = string | { Body?: string; Media?: string[] };
const messages = (xml: string): Msg[] => (parser.parse(xml) as { Response: { Message: Msg[] } }).Response.Message;

describe('what a voice note says', () => {
  it('the question and its options as a message words them, faces and "1 =" said in words, never "press"', () => {
    const scale = voiceNoteText(askable(checkin, 'energy'), 'nl', checkin.definition, texts);
    expect(scale).toContain('Hoeveel energie heb je deze week?');
    expect(scale).toContain(translations.nl.voiceNote.scale);
    for (const face of SCALE_FACES) expect(scale).not.toContain(face);
    const dyad = voiceNoteText(askable(signifiers, 'felt'), 'en', signifiers.definition, texts);
    expect(dyad).not.toMatch(/\d =/);
    expect(dyad).toMatch(/Reply 1 for .+, 5 for .+/);
    const consent = voiceNoteText(askable(checkin, 'consent'), 'ar', checkin.definition, texts);
    expect(consent).toContain(`1. ${translations.ar.answer.yes}`);
    expect(consent).toContain(texts.t('consent.promise', ['ar']));
    for (const text of [scale, dyad, consent]) expect(text.toLowerCase()).not.toMatch(/press|druk|اضغط/);
  });

  it('is the same for everyone in a language and survey version (one synthesis serves all)', () => {
    const q = askable(checkin, 'energy');
    expect(voiceNoteText(q, 'fr', checkin.definition, texts)).toBe(voiceNoteText(q, 'fr', checkin.definition, texts));
    expect(voiceNoteText(q, 'fr', checkin.definition, texts)).not.toBe(voiceNoteText(q, 'nl', checkin.definition, texts));
  });

  it('voice first: what is written after it keeps the options and hints but not the question’s words', () => {
    for (const id of ['consent', 'energy', 'energy_why']) {
      const q = askable(checkin, id);
      const after = afterVoiceNote(q, false, ['nl', 'en'], checkin.definition, texts);
      expect(after.length, id).toBeGreaterThan(0);
      expect(after, id).not.toContain(q.text.nl ?? '?');
      expect(after, id).toBe(after.trim());
    }
    expect(afterVoiceNote(askable(checkin, 'energy'), false, ['nl'], checkin.definition, texts)).toContain(`1 ${SCALE_FACES[0]}`);
    // Asked again: the apology stays in writing.
    expect(afterVoiceNote(askable(checkin, 'energy'), true, ['nl'], checkin.definition, texts)).toContain(translations.nl.invalid.notUnderstood);
  });
});

describe('who gets one', () => {
  const project: Project = {
    projectId: 'p',
    organisationId: 'o',
    name: 'P',
    languages: ['nl', 'ar'],
    fallbackLanguages: ['nl'],
    joinCode: 'P',
    whatsappTemplates: {},
  };
  const contact = (voiceNotes: Contact['voiceNotes']): Pick<Contact, 'voiceNotes'> => ({ voiceNotes });

  it('the project decides unless the person chose: TEXT always wins, VOICE asks for notes even in a text project', () => {
    expect(voiceNoteMode({}, null)).toBe('text');
    expect(voiceNoteMode({ voiceNotes: 'voice-first' }, contact(null))).toBe('voice-first');
    expect(voiceNoteMode({ voiceNotes: 'voice-first' }, contact('text'))).toBe('text');
    expect(voiceNoteMode({ voiceNotes: 'text' }, contact('voice'))).toBe('voice-and-text');
    expect(voiceNoteMode({ voiceNotes: 'voice-first' }, contact('voice'))).toBe('voice-first');
  });

  it('only over WhatsApp, and only in a language the survey words the question in', () => {
    const q = askable(checkin, 'energy');
    const reply: Reply = { text: 'Q' };
    const asking = (channel: 'sms' | 'whatsapp' | 'voice', chain: string[], mode: Project['voiceNotes']) => ({
      question: q,
      again: false,
      chain,
      survey: checkin.definition,
      project: { ...project, voiceNotes: mode },
      contact: null,
      channel,
    });
    expect(withSpeech(reply, asking('whatsapp', ['ar', 'nl'], 'voice-and-text'), texts)).toEqual({
      text: 'Q',
      speech: { organisationId: 'o', surveyId: 'energy_checkin', surveyVersion: 2, questionId: 'energy', language: 'ar' },
    });
    expect(withSpeech(reply, asking('sms', ['ar'], 'voice-first'), texts)).toEqual(reply);
    expect(withSpeech(reply, asking('voice', ['ar'], 'voice-first'), texts)).toEqual(reply);
    expect(withSpeech(reply, asking('whatsapp', ['ar'], 'text'), texts)).toEqual(reply);
    // A language the survey lacks (its text falls back to Dutch): no note in another language.
    expect(withSpeech(reply, asking('whatsapp', ['so', 'nl'], 'voice-first'), texts)).toEqual(reply);
    const first = withSpeech(reply, asking('whatsapp', ['ar'], 'voice-first'), texts);
    expect(first.speech?.language).toBe('ar');
    expect(first.afterSpeech).toContain(`1 ${SCALE_FACES[0]}`);
  });
});

describe('the TwiML', () => {
  const url = (ref: SpeechRef) => `https://stem.example.be/media/voice/${ref.questionId}.ogg`;
  const picture = (ref: PictureRef) => `https://stem.example.be/media/triad/${ref.questionId}.png`;

  it('voice and text: what came before and the question in one message, then the note alone', () => {
    const xml = messagingTwiml([{ text: 'شكرا' }, { text: 'كم؟', speech: SPEECH }], picture, url);
    expect(messages(xml)).toEqual(['شكرا\n\nكم؟', { Media: [url(SPEECH)] }]);
  });

  it('voice first: what came before, the note, then only the options', () => {
    const xml = messagingTwiml([{ text: 'شكرا' }, { text: 'كم؟\n1 2 3', speech: SPEECH, afterSpeech: '1 2 3' }], picture, url);
    expect(messages(xml)).toEqual(['شكرا', { Media: [url(SPEECH)] }, '1 2 3']);
    // Nothing before it: the note opens the reply.
    expect(messages(messagingTwiml([{ text: 'Q', speech: SPEECH, afterSpeech: 'opts' }], picture, url))).toEqual([{ Media: [url(SPEECH)] }, 'opts']);
  });

  it('a triad keeps its picture as a caption beside the note, and without a link maker no note is sent', () => {
    const triad: Reply = { text: 'Where?\n1. a', picture: PICTURE, speech: { ...SPEECH, questionId: 'difference' } };
    expect(messages(messagingTwiml([triad], picture, url))).toEqual([
      { Body: 'Where?\n1. a', Media: [picture(PICTURE)] },
      { Media: [url({ ...SPEECH, questionId: 'difference' })] },
    ]);
    expect(messages(messagingTwiml([{ text: 'Q', speech: SPEECH, afterSpeech: 'opts' }], picture))).toEqual(['Q']);
  });

  it('the simulator shows the note as a bubble of its own with its link, the picture with its text', () => {
    const xml = messagingTwiml([{ text: 'Q', picture: PICTURE, speech: SPEECH, afterSpeech: 'opts' }], picture, link);
    expect(simulatorReplies(xml)).toEqual({ replies: ['', 'opts'], pictures: [null, picture(PICTURE)], voiceNotes: [link(SPEECH), null] });
  });
});

describe('voice-note links', () => {
  const parts = (url: string) => {
    const u = new URL(url);
    const [organisationId = '', surveyId = '', version = '', questionId = '', file = ''] = u.pathname.split('/').slice(3).map(decodeURIComponent);
    return {
      parts: { organisationId, surveyId, version, questionId, file },
      query: { exp: u.searchParams.get('exp') ?? undefined, sig: u.searchParams.get('sig') ?? undefined },
    };
  };

  it('name the question and language, expire after an hour, and check out only with the same key', () => {
    const url = link({ ...SPEECH, questionId: 'listened.probe' });
    const { parts: p, query } = parts(url);
    expect(p).toEqual({ organisationId: 'demo-ocmw', surveyId: 'energy_checkin', version: '2', questionId: 'listened.probe', file: 'ar.ogg' });
    expect(Number(query.exp)).toBe(NOW.getTime() / 1000 + VOICE_NOTE_URL_SECONDS);
    expect(voiceNoteOfUrl(protector, p, query, NOW)).toEqual({ ok: true, ref: { ...SPEECH, questionId: 'listened.probe' } });
    expect(voiceNoteOfUrl(protector, p, query, new Date(NOW.getTime() + (VOICE_NOTE_URL_SECONDS - 1) * 1000)).ok).toBe(true);
    expect(voiceNoteOfUrl(protector, p, query, new Date(NOW.getTime() + VOICE_NOTE_URL_SECONDS * 1000))).toEqual({ ok: false, reason: 'expired' });
    expect(voiceNoteOfUrl(new NodeCryptoProtector(generateProtectorKeys()), p, query, NOW)).toEqual({ ok: false, reason: 'bad-signature' });
  });

  it('refuse every change to what they name or until when, and malformed parts', () => {
    const { parts: p, query } = parts(link(SPEECH));
    for (const changed of [{ file: 'fa.ogg' }, { version: '3' }, { questionId: 'consent' }, { surveyId: 'other' }, { organisationId: 'cpas-exemple' }]) {
      expect(voiceNoteOfUrl(protector, { ...p, ...changed }, query, NOW), JSON.stringify(changed)).toEqual({ ok: false, reason: 'bad-signature' });
    }
    for (const changed of [{ file: 'ar.mp3' }, { version: '02' }, { surveyId: '../x' }, { questionId: '' }]) {
      expect(voiceNoteOfUrl(protector, { ...p, ...changed }, query, NOW), JSON.stringify(changed)).toEqual({ ok: false, reason: 'malformed' });
    }
    expect(voiceNoteOfUrl(protector, p, { ...query, exp: String(Number(query.exp) + 3600) }, NOW).ok).toBe(false);
    expect(voiceNoteOfUrl(protector, p, { ...query, exp: undefined }, NOW)).toEqual({ ok: false, reason: 'malformed' });
    expect(voiceNoteOfUrl(protector, p, { ...query, sig: undefined }, NOW)).toEqual({ ok: false, reason: 'malformed' });
  });

  it('byte ranges as a browser player asks for them', () => {
    expect(byteRange(undefined, 100)).toBeNull();
    expect(byteRange('bytes=0-', 100)).toEqual({ start: 0, end: 99 });
    expect(byteRange('bytes=90-200', 100)).toEqual({ start: 90, end: 99 });
    expect(byteRange('bytes=-10', 100)).toEqual({ start: 90, end: 99 });
    expect(byteRange('bytes=100-', 100)).toBe('unsatisfiable');
    expect(byteRange('bytes=5-1', 100)).toBe('unsatisfiable');
    expect(byteRange('bytes=0-1,5-6', 100)).toBeNull(); // several ranges: the whole file
  });
});

describe('VOICE and TEXT', () => {
  it('are command words in every language, alone', () => {
    for (const lng of SUPPORTED_LANGUAGES) {
      for (const word of translations[lng].words.voice) expect(detectCommand(word), `${lng} ${word}`).toEqual({ type: 'voice-notes', choice: 'voice' });
      for (const word of translations[lng].words.text) expect(detectCommand(word), `${lng} ${word}`).toEqual({ type: 'voice-notes', choice: 'text' });
    }
    expect(detectCommand('  Écouter ')).toEqual({ type: 'voice-notes', choice: 'voice' });
    expect(detectCommand('I have no voice here')).toBeNull();
  });

  it('are named in the switch messages in the reader’s language', () => {
    expect(texts.t('voiceNote.on', ['ar'])).toContain(translations.ar.words.text[0]);
    expect(texts.t('voiceNote.off', ['uk'])).toContain(translations.uk.words.voice[0]);
  });
});

describe('espeak-ng stands in for every voice the calls use', () => {
  const installed = new Set(
    execFileSync('espeak-ng', ['--voices'], { encoding: 'utf8' })
      .split('\n')
      .slice(1)
      .map((line) => line.trim().split(/\s+/)[1] ?? '')
      .filter(Boolean),
  );
  it.each(SPOKEN_LANGUAGES.filter((l) => l.say).map((l) => [l.code, l.say?.language ?? '']))('%s (%s)', (_code, pollyLanguage) => {
    expect(installed.has(espeakVoice(pollyLanguage)), espeakVoice(pollyLanguage)).toBe(true);
  });
});

describe('VoiceNotes (the use case, with stand-in engines)', () => {
  function notes(over: { recorded?: RecordedPrompt[]; transcoder?: boolean | (() => Promise<Uint8Array>); readMs?: number; onSay?: () => void } = {}) {
    const kept = new Map<string, Uint8Array>();
    const said: string[] = [];
    const made = new VoiceNotes({
      surveys: { survey: async (id) => (id === checkin.definition.id ? checkin : null) },
      texts,
      prompts: { list: async () => over.recorded ?? [], put: async () => undefined, remove: async () => null },
      recordings: { get: async () => ({ bytes: new Uint8Array([1, 2, 3]), contentType: 'audio/wav' }) },
      cache: {
        get: async (key) => {
          // What the read finds is what was there when it began (S3 and the file store both read so).
          const bytes = kept.get(key);
          if (over.readMs) await new Promise((resolve) => setTimeout(resolve, over.readMs));
          return bytes ? { bytes, contentType: 'audio/ogg' } : null;
        },
        put: async (key, bytes) => void kept.set(key, bytes),
      },
      protector,
      // Stand-ins: what is asked of the engines is the point here; the real ones are tested in integration.
      synthesizer: {
        id: 'stand-in',
        synthesize: async (text) => {
          said.push(text);
          over.onSay?.();
          await new Promise((resolve) => setTimeout(resolve, 20));
          return new TextEncoder().encode(`OggS ${text}`);
        },
      },
      transcoder:
        over.transcoder === false
          ? null
          : { id: 'stand-in', toOggOpus: typeof over.transcoder === 'function' ? over.transcoder : async () => new TextEncoder().encode('OggS recording') },
    });
    return { made, kept, said };
  }
  const ref = (over: Partial<SpeechRef> = {}): SpeechRef => ({ ...SPEECH, surveyVersion: checkin.definition.version, ...over });

  it('keys every note as one S3 audio key (no slash), by survey version, language and a hash of what it says', async () => {
    const { made, kept } = notes();
    await made.get(ref({ language: 'nl' }));
    const [key = ''] = [...kept.keys()];
    expect(key).toMatch(/^voice-note\.energy_checkin\.2\.nl\.[\w-]{43}$/);
    expect(audioObjectKey(key)).toBe(`voice/${key}`);
  });

  it('makes a note once, also when two fetches come at the same moment', async () => {
    const { made, said } = notes();
    const [a, b] = await Promise.all([made.get(ref()), made.get(ref())]);
    expect(said).toHaveLength(1);
    expect([a?.cached, b?.cached]).toEqual([false, false]);
    expect((await made.get(ref()))?.cached).toBe(true);
    expect(said).toHaveLength(1);
  });

  it('makes a note once when a fetch comes while it is being made and its cache read ends after the note was kept', async () => {
    // Reads take 40 ms, the making 20: the second fetch's read begins before the note is kept and ends after.
    let saying = (): void => undefined;
    const begun = new Promise<void>((resolve) => (saying = resolve));
    const { made, said } = notes({ readMs: 40, onSay: () => saying() });
    const first = made.get(ref());
    await begun;
    const second = await made.get(ref());
    await first;
    expect(said).toHaveLength(1);
    expect(second?.bytes).toEqual((await first)?.bytes);
  });

  it('nothing for a question, survey or language that is not there, nor a recording this runtime cannot transcode', async () => {
    const recorded: RecordedPrompt[] = [
      { language: 'ti', promptId: 'question.energy', audioKey: 'prompt-1', contentType: 'audio/wav', recordedAt: '2026-11-01T00:00:00Z', source: 'upload' },
    ];
    const { made, said } = notes({ recorded });
    expect(await made.get(ref({ questionId: 'nope' }))).toBeNull();
    expect(await made.get(ref({ surveyId: 'other' }))).toBeNull();
    expect(await made.get(ref({ language: 'so' }))).toBeNull();
    expect(await made.get(ref({ language: 'ti', questionId: 'consent' }))).toBeNull(); // not recorded
    expect((await made.get(ref({ language: 'ti' })))?.source).toBe('recording');
    expect(said).toEqual([]);
    expect(await notes({ recorded, transcoder: false }).made.get(ref({ language: 'ti' }))).toBeNull();
  });

  describe('a recording that cannot be a voice note', () => {
    const recorded: RecordedPrompt[] = [
      { language: 'ti', promptId: 'question.energy', audioKey: 'prompt-2', contentType: 'audio/wav', recordedAt: '2026-11-01T00:00:00Z', source: 'upload' },
    ];
    const failing = (reason: TranscodeFailure) => {
      const tries: string[] = [];
      const transcoder = async (): Promise<Uint8Array> => {
        tries.push(reason);
        throw new TranscodeError('a WAV encoding not read here', reason);
      };
      return { tries, ...notes({ recorded, transcoder }) };
    };

    it('is tried once: its format will not change, so asking again is refused without a new transcode', async () => {
      const { made, tries, kept } = failing('unsupported');
      for (let i = 0; i < 3; i++) await expect(made.get(ref({ language: 'ti' }))).rejects.toMatchObject({ reason: 'unsupported' });
      expect(tries).toEqual(['unsupported']);
      expect(kept.size).toBe(0);
      // The engine failing (not the recording) is tried again on the next request.
      const engine = failing('failed');
      for (let i = 0; i < 2; i++) await expect(engine.made.get(ref({ language: 'ti' }))).rejects.toMatchObject({ reason: 'failed' });
      expect(engine.tries).toHaveLength(2);
    });

    it('is a 404 naming why for Twilio (no 500 "try again"), logged as a warning with the reason only', async () => {
      const logged: Array<[string, string, Record<string, unknown> | undefined]> = [];
      const logger = {
        info: (event: string, fields?: Record<string, unknown>) => void logged.push(['info', event, fields]),
        warn: (event: string, fields?: Record<string, unknown>) => void logged.push(['warn', event, fields]),
        error: (event: string, fields?: Record<string, unknown>) => void logged.push(['error', event, fields]),
      };
      for (const [reason, status] of [
        ['damaged', 404],
        ['failed', 500],
      ] as const) {
        const app = voiceNoteRoutes({ protector, clock: { now: () => NOW }, logger, notes: failing(reason).made });
        const response = await app.request(link({ ...SPEECH, language: 'ti' }));
        expect(response.status, reason).toBe(status);
        if (status === 404) expect(JSON.parse(await response.text())).toMatchObject({ errors: [{ field: 'recording', message: 'damaged' }] });
      }
      expect(logged).toEqual([
        ['warn', 'voice-note.unusable', { reason: 'damaged', language: 'ti' }],
        ['error', 'voice-note.failed', { error: 'TranscodeError' }],
      ]);
    });
  });
});
