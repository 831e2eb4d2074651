import { Hono } from 'hono';
import { callableLanguage } from '../../core/calls/prompts.js';
import { utterances } from '../../core/calls/speak.js';
import { canSay } from '../../core/calls/voices.js';
import {
  askEveryQuestion,
  smsMessage,
  spokenParts,
  whatsappParts,
  type AskedQuestion,
  type PreviewSettings,
  type WhatsappPart,
} from '../../core/conversation/preview.js';
import { questionChain, questionLanguage } from '../../core/conversation/question-language.js';
import { Channel } from '../../core/model.js';
import { languageChain } from '../../core/texts.js';
import { keepSpeakable, VoiceNoteAvailability } from '../../core/voice-notes/availability.js';
import { VoiceNoteMode } from '../../core/voice-notes/speech.js';
import { contentRequest } from '../../adapters/twilio/content-types.js';
import { compileSurvey, type CompiledSurvey } from '../../flows/compile.js';
import * as z from '../../kernel/zod.js';
import { isSupportedLanguage, localeMeta } from '../../locales/index.js';
import { pictureUrl } from '../picture-urls.js';
import { ApiProblem, projectFor, queryParams, type ApiEnv } from './context.js';
import type { AuthoringDeps } from './deps.js';
import { readableSurvey, staffOrganisation, versionParam } from './survey-access.js';

const PreviewQuery = z.object({
  language: z.optional(z.string().check(z.regex(/^[a-z]{2,3}$/, 'a language code such as "ar"'))),
  /** The project whose fallback languages (and voice-note mode) a participant of it has. */
  projectId: z.optional(z.string().check(z.maxLength(40))),
  channel: z._default(Channel, 'sms'),
  /** WhatsApp: how questions go (the project's choice when a project is named, else written only). */
  voiceNotes: z.optional(VoiceNoteMode),
});

/** A WhatsApp button or list item as WhatsApp shows it: its label fitted to WhatsApp's limits by the adapter that sends it. */
interface Button {
  id: string;
  label: string;
  /** A list item's label cut short is given whole under it. */
  description?: string;
}

/**
 * The answers to tap as the Twilio adapter makes its template of them (adapters/twilio/content-types.ts):
 * up to three buttons, or a list; null when they cannot be one — the adapter's send then fails and the
 * turn goes as numbered text, which is what the preview then shows.
 */
function tapsAsSent(part: Extract<WhatsappPart, { kind: 'taps' }>): { buttons: Button[]; list: { button: string } | null } | null {
  const request = contentRequest(part.text, part.choices);
  if (!request) return null;
  const types = request.types;
  if ('twilio/quick-reply' in types) return { buttons: types['twilio/quick-reply'].actions.map((a) => ({ id: a.id, label: a.title })), list: null };
  const list = types['twilio/list-picker'];
  return {
    buttons: list.items.map((i) => ({ id: i.id, label: i.item, ...(i.description ? { description: i.description } : {}) })),
    list: { button: list.button },
  };
}

/**
 * GET /api/surveys/:surveyId/versions/:version/preview?language=&channel=&voiceNotes=&projectId=
 *
 * The survey as its participants get it, question by question, on one channel: by SMS (each message with
 * its parts and encoding), on WhatsApp (buttons or list as sent, the triad's picture, the voice note and
 * what it says), in a call (the spoken prompts, and which are recordings). Built by the conversation's own
 * code (core/conversation/preview.ts), never a copy of it. A participant language the survey lacks is
 * shown as such a participant gets it (the first of the project's fallbacks, or the survey's languages,
 * that the survey has) and says so: `missing`, and `shownIn`.
 */
export function surveyPreviewRoutes(deps: AuthoringDeps): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  // Voice notes: the edge's own check (a voice speaks the language, or the question is recorded). The
  // runtime that sends them synthesizes and transcodes (Polly and WebAssembly in AWS, espeak-ng and ffmpeg locally).
  const availability = new VoiceNoteAvailability({ prompts: deps.prompts, clock: deps.clock, synthesizer: true, transcoder: true });

  app.get('/api/surveys/:surveyId/versions/:version/preview', async (c) => {
    const organisationId = staffOrganisation(c);
    const { definition } = await readableSurvey(deps, c, c.req.param('surveyId'), versionParam(c));
    const query = queryParams(c, PreviewQuery);
    const language = query.language ?? definition.languages[0] ?? 'en';
    const missing = !definition.languages.includes(language);
    if (missing && !isSupportedLanguage(language)) {
      throw new ApiProblem(400, 'Bad request', 'the survey has no texts in that language, and participants cannot choose it', [
        { field: 'language', message: `one of ${definition.languages.join(', ')}` },
      ]);
    }
    const project = query.projectId ? await projectFor(c, deps.directory, query.projectId, 'project:read') : null;
    const survey = compileSurvey(definition);
    // Recordings of a survey the staff member's organisation uses (its own, or a template it runs).
    const scope = { organisationId, surveyId: definition.id, surveyVersion: definition.version };
    // A call in a language no voice speaks is held in it when every prompt is recorded (load-view.ts).
    const recorded = query.channel === 'voice' && !canSay(language) && (await callableLanguage(deps.prompts, scope, survey, language)) ? [language] : [];
    const chain = languageChain(language, project?.fallbackLanguages ?? []); // as a participant of that project has it
    const settings: PreviewSettings = {
      survey,
      // The planner's chain: the question's language first (plan/context.ts `chain`).
      chain: questionChain(chain, [...definition.languages, ...recorded]),
      channel: query.channel,
      organisationId,
      voiceNotes: query.voiceNotes ?? project?.voiceNotes ?? 'text',
      recorded,
    };
    const shownIn = questionLanguage(chain, [...definition.languages, ...recorded]);
    const asked = askEveryQuestion(settings, deps.texts);
    const messages = await Promise.all(asked.map((a) => message(a, settings.channel, survey, scope)));
    const dir = isSupportedLanguage(shownIn) ? localeMeta[shownIn].dir : 'ltr';
    return c.json({
      language,
      shownIn,
      missing,
      dir,
      channel: settings.channel,
      ...(settings.channel === 'whatsapp' ? { voiceNotes: settings.voiceNotes } : {}),
      messages,
    });
  });

  async function message(a: AskedQuestion, channel: Channel, survey: CompiledSurvey, scope: Parameters<typeof utterances>[1]) {
    const base = { questionId: a.question.id, kind: a.question.kind };
    if (channel === 'sms') {
      const { text, parts, encoding } = smsMessage(a.replies);
      return { ...base, text, sms: { parts, encoding } };
    }
    if (channel === 'voice') {
      const spoken = spokenParts(a);
      const said = await utterances(spoken, scope, deps.prompts); // the call's own choice: a voice, or the recording
      const prompts = spoken.map((r, i) => ({ text: r.text, language: r.lang ?? '', recorded: said[i]?.kind === 'play' }));
      return { ...base, text: prompts.map((p) => p.text).join(' '), voice: { prompts } };
    }
    return { ...base, ...(await whatsapp(a, survey)) };
  }

  async function whatsapp(a: AskedQuestion, survey: CompiledSurvey) {
    // As the edge: a voice note nothing can say is dropped, and its question goes as written.
    const speakable = { ...a, replies: await keepSpeakable(a.replies, availability) };
    let parts = whatsappParts(speakable, survey, deps.texts, true);
    const last = parts.at(-1);
    const taps = last?.kind === 'taps' ? tapsAsSent(last) : null;
    if (last?.kind === 'taps' && !taps) parts = whatsappParts(speakable, survey, deps.texts, false); // the adapter could not make the buttons
    const picturePart = parts.find((p) => p.kind === 'picture' || (p.kind === 'text' && p.picture));
    const picture = picturePart && 'picture' in picturePart ? picturePart.picture : undefined;
    const note = parts.find((p) => p.kind === 'voice-note');
    const written = parts.filter((p) => p.kind === 'text' || p.kind === 'taps');
    return {
      // What the question says in writing: the message with its answers (the last written one).
      text: written.at(-1)?.text ?? '',
      whatsapp: {
        messages: parts.map((p) =>
          p.kind === 'voice-note'
            ? { kind: p.kind, text: p.says, language: p.speech.language }
            : p.kind === 'picture'
              ? { kind: p.kind, picture: pictureUrl(deps.protector, '', p.picture) }
              : p.kind === 'taps'
                ? { kind: p.kind, text: p.text }
                : { kind: p.kind, text: p.text, ...(p.picture ? { picture: pictureUrl(deps.protector, '', p.picture) } : {}) },
        ),
        buttons: taps?.buttons ?? [],
        list: taps?.list ?? null,
        // The address the conversation sends (signed as for Twilio), relative to the service's own URL.
        picture: picture ? pictureUrl(deps.protector, '', picture) : null,
        voiceNote: note?.kind === 'voice-note' ? { text: note.says, language: note.speech.language } : null,
      },
    };
  }

  return app;
}
