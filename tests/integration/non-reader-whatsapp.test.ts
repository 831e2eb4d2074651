import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { audioDurationSeconds } from '../../adapters/audio/audio-duration.js';
import type { Project } from '../../core/model.js';
import type { DeliveryJob } from '../../core/rounds/ports.js';
import { processVoice } from '../../core/voice/process-voice.js';
import { parseSurveyDefinition } from '../../flows/definition.js';
import endEvaluation from '../../flows/templates/end-evaluation.json' with { type: 'json' };
import mostSignificantChange from '../../flows/templates/most-significant-change.json' with { type: 'json' };
import { apiApp } from '../../http/api/api-app.js';
import { startFakeTwilioRest, type FakeTwilioRest } from './support/fake-twilio-rest.js';
import { startHarness, type Harness } from './support/harness.js';
import { callApi } from './support/staff-api.js';
import { CLOSED, LOCALES, takeSurvey, type Ear, type Language, type Script, type Study } from './support/survey-by-ear.js';
import { startVoiceNotes, type VoiceNotes } from './support/voice-notes.js';
import { mp3Of, shownBy, speakWav, whatsappPerson } from './support/whatsapp-person.js';

/**
 * Issue 20's "done when": a whole survey on WhatsApp, in Arabic and in Tigrinya, by a person who does not
 * read — every question heard, every closed answer tapped, every open answer spoken. Two real templates
 * between them hold every kind a person answers on WhatsApp but the triad (consent, scale, statements with
 * their probes, a choice, a dyad, open questions and a story); the project puts the voice first.
 * Arabic is said by a voice (espeak-ng here, Polly in the cloud); Tigrinya, which no voice speaks, by the
 * recordings staff upload first through the staff API (made here by espeak-ng's Amharic voice, which
 * reads Ge'ez script, as WAV and MP3). Real parts: DynamoDB Local, webhooks signed as Twilio signs them,
 * espeak-ng and ffmpeg. Twilio's REST APIs cannot be reached from here: a loopback fake with their
 * recorded shapes (support/fake-twilio-rest.ts) that, like Twilio, fetches each voice note's URL — from
 * Stem's own voice-note route — before handing the message on, and takes the webhooks' TwiML replies too.
 */

const ACCOUNT = `AC${'7'.repeat(32)}`;
const REST_TOKEN = 'non-reader-rest-token-91c4';
const ORG = 'demo-ocmw';
const work = mkdtempSync(join(tmpdir(), 'stem-non-reader-'));

const definitions = [parseSurveyDefinition(endEvaluation), parseSurveyDefinition(mostSignificantChange)];
const projectOf = (projectId: string, joinCode: string): Project => ({
  projectId,
  organisationId: ORG,
  name: projectId,
  languages: ['nl', 'ar', 'ti'],
  fallbackLanguages: ['nl'],
  joinCode,
  whatsappTemplates: {},
  voiceNotes: 'text',
});
const PROJECTS = [projectOf('einde', 'EINDE'), projectOf('verhaal', 'VERHAAL')];

let twilio: FakeTwilioRest;
let h: Harness;
let media: VoiceNotes;
let api: ReturnType<typeof apiApp>;
let staff: string;
const studies: Study[] = [];
/** The seconds of each recording staff uploaded, by survey and question: each Tigrinya note must be its own question's. */
const recorded = new Map<string, number>();
let ear: Ear;

beforeAll(async () => {
  twilio = await startFakeTwilioRest(ACCOUNT, REST_TOKEN);
  h = await startHarness({ taps: { accountSid: ACCOUNT, authToken: REST_TOKEN, base: twilio.base } });
  // Twilio fetches the notes at Stem's public URL: here that is the harness's server. Its fetch and
  // WhatsApp's upload take a while before a note is handed on: what follows must wait for it.
  twilio.reachMediaBy(h.fetchPublic);
  twilio.delayMedia(200);
  media = await startVoiceNotes(h);
  ear = { twilio, recorded, work };
  for (const [i, definition] of definitions.entries()) {
    const project = PROJECTS[i] as Project;
    await h.deps.directory.saveSurvey(definition);
    await h.deps.directory.putProject(project);
    const roundId = `${project.projectId}-1`;
    await h.deps.directory.putRound({ ...h.seeded.round, projectId: project.projectId, roundId, surveyId: definition.id, surveyVersion: definition.version });
    const survey = await h.deps.catalog.survey(definition.id, definition.version);
    if (!survey) throw new Error(`no survey ${definition.id}`);
    studies.push({ project, roundId, survey });
  }
  const queue = { enqueue: async (_jobs: readonly DeliveryJob[]) => undefined };
  api = apiApp({ ...h.deps, queue, voice: h.voice });
  staff = await h.deps.users.issueToken({ role: 'staff', userId: 'non-reader-staff', organisationId: ORG });
}, 60_000);
afterAll(async () => {
  await media?.stop();
  await h?.stop();
  await twilio?.stop();
  rmSync(work, { recursive: true, force: true });
});

describe('a person who does not read answers whole surveys on WhatsApp (Twilio REST mocked with its recorded shapes)', () => {
  it('staff choose voice first and record every Tigrinya question through the staff API', async () => {
    for (const { project, survey } of studies) {
      const put = await callApi(api, staff, 'PUT', `/api/projects/${project.projectId}/voice-notes`, { mode: 'voice-first' });
      expect([put.status, put.json?.mode]).toEqual([200, 'voice-first']);
      // As the dashboard does: the list of prompts to record, then one upload each (WAV and MP3 by turns).
      const list = await callApi(api, staff, 'GET', `/api/projects/${project.projectId}/prompts`);
      const languages = (list.json?.languages ?? []) as Array<{ language: string; prompts: Array<{ promptId: string }> }>;
      const questions = (languages.find((l) => l.language === 'ti')?.prompts ?? []).map((p) => p.promptId).filter((id) => id.startsWith('question.'));
      expect(questions.length).toBe(survey.askables.size);
      for (const [i, promptId] of questions.entries()) {
        const questionId = promptId.slice('question.'.length);
        const words = survey.askables.get(questionId)?.text.ti ?? '';
        expect(words).not.toBe('');
        const mp3 = i % 2 === 1;
        const bytes = mp3
          ? mp3Of(work, `prompt-${survey.definition.id}-${questionId}`, 'am', words)
          : new Uint8Array(readFileSync(speakWav(work, `prompt-${survey.definition.id}-${questionId}`, 'am', words)));
        const type = mp3 ? 'audio/mpeg' : 'audio/wav';
        const up = await callApi(api, staff, 'PUT', `/api/projects/${project.projectId}/prompts/ti/${promptId}`, bytes, type);
        expect(up.status, promptId).toBe(201);
        recorded.set(`${survey.definition.id}/${questionId}`, audioDurationSeconds(bytes, type) ?? 0);
      }
      const cover = await callApi(api, staff, 'GET', `/api/projects/${project.projectId}/voice-notes`);
      const byLanguage = (cover.json?.languages ?? []) as Array<{ language: string; cover: string }>;
      expect(byLanguage.map((l) => [l.language, l.cover])).toEqual([
        ['nl', 'voice'],
        ['ar', 'voice'],
        ['ti', 'recordings'],
      ]);
    }
  }, 120_000);

  const people = {
    ar: {
      phone: '+32470880001',
      scripts: [
        {
          consent: 'yes',
          energy: '4',
          listened: 'true',
          'listened.probe': 'كانوا يستمعون إلي دائما في الاجتماعات',
          helped: 'not_true',
          'helped.probe': 'لم أجد عملا بعد',
          again: 'dont_know',
          'again.probe': 'ربما إذا كانت الاجتماعات في المساء',
          future: 'change_some',
          anything_else: 'شكرا لكم على كل شيء',
          hear_back: 'yes',
        },
        { consent: 'yes', change: 'تعلمت اللغة وصار عندي أصدقاء جدد في المدينة', why: 'لأنني لم أعد وحيدا', size: '5' },
      ],
      asked: [
        ['consent', 'energy', 'listened', 'listened.probe', 'helped', 'helped.probe', 'again', 'again.probe', 'future', 'anything_else', 'hear_back'],
        ['consent', 'change', 'why', 'size'],
      ],
    },
    ti: {
      phone: '+32470880002',
      scripts: [
        {
          consent: 'yes',
          energy: '2',
          listened: 'not_true',
          'listened.probe': 'ኣብ ኣኼባታት ዝሰምዓኒ ኣይነበረን',
          helped: 'true',
          'helped.probe': 'ስራሕ ረኺበ',
          again: 'true',
          future: 'keep',
          anything_else: 'የቐንየልና',
          hear_back: 'no',
        },
        { consent: 'yes', change: 'ቋንቋ ተማሂረ ሓደስቲ ኣዕሩኽ ረኺበ', why: 'ሕጂ በይነይ ኣይኮንኩን', size: '2' },
      ],
      // "I would take part again" true: no probe follows.
      asked: [
        ['consent', 'energy', 'listened', 'listened.probe', 'helped', 'helped.probe', 'again', 'future', 'anything_else', 'hear_back'],
        ['consent', 'change', 'why', 'size'],
      ],
    },
  } as const;

  for (const language of ['ar', 'ti'] as const) {
    const who = people[language];
    const how = language === 'ar' ? 'a voice says each question' : "each question is staff's recording";
    it(`in ${language === 'ar' ? 'Arabic' : 'Tigrinya'} (${how}): both surveys, every question heard, every closed answer tapped, every open answer spoken; stored exactly so`, async () => {
      const person = whatsappPerson(h, twilio, media, who.phone);
      const syntheses = h.syntheses();
      for (const [i, study] of studies.entries()) {
        const script: Script = who.scripts[i] ?? {};
        const { asked, spoken, last } = await takeSurvey(ear, study, person, language, script);
        expect(asked).toEqual(who.asked[i]);
        // The end: thanked, in writing only (nothing left to hear or tap).
        expect(last.messages.map((m) => [m.via, m.mediaUrl, m.contentSid, m.body])).toEqual([['twiml', null, null, LOCALES[language].thanks.completed]]);
        // Each voice answer reaches the pipeline as sent: fetched from Twilio's media host, kept, queued for a person (no machine speaks Tigrinya; none is set here).
        for (const s of spoken) {
          const jobId = h.deps.protector.ledgerKey(`${s.sid}#media0`);
          await processVoice(media.voice, jobId);
          expect((await h.deps.voiceJobs.get(jobId))?.status).toBe('needs-human');
          expect(Buffer.compare(Buffer.from((await media.voice.audio.get(jobId))?.bytes ?? []), Buffer.from(s.ogg))).toBe(0);
        }
        const code = h.deps.protector.respondentCode(study.project.projectId, who.phone);
        const stored = (await h.deps.store.answersOfRound(study.project.projectId, study.roundId)).filter((a) => a.respondentCode === code);
        const expected = Object.entries(script).map(([questionId, answer]) => {
          const closed = CLOSED.has(study.survey.askables.get(questionId)?.kind ?? '');
          return {
            questionId,
            value: closed ? (/^\d+$/.test(answer) ? Number(answer) : answer) : null,
            status: 'answered',
            voice: closed ? null : 'needs-human',
            transcript: null,
            language,
            channel: 'whatsapp',
          };
        });
        const byQuestion = (a: { questionId: string }, b: { questionId: string }) => a.questionId.localeCompare(b.questionId);
        expect(
          stored
            .map((a) => ({
              questionId: a.questionId,
              value: a.value,
              status: a.status,
              voice: a.voice,
              transcript: a.transcript,
              language: a.language,
              channel: a.channel,
            }))
            .sort(byQuestion),
        ).toEqual(expected.sort(byQuestion));
        const completions = (await h.dump()).filter(
          (item) => item.kind === 'completion' && item.projectId === study.project.projectId && item.respondentCode === code,
        );
        expect(completions).toHaveLength(1);
      }
      // Arabic: each question said by the voice, once; Tigrinya: only staff's recordings, nothing synthesized.
      expect(h.syntheses() - syntheses).toBe(language === 'ar' ? who.asked.flat().length : 0);
    }, 240_000);
  }

  it('no closed question ever reached either person as numbered text, and the templates hold nothing personal', async () => {
    const phones = Object.values(people).map((p) => p.phone);
    for (const [language, { phone }] of Object.entries(people) as Array<[Language, (typeof people)[Language]]>) {
      const t = LOCALES[language];
      const messages = twilio.messages(phone);
      // By TwiML (no note, nothing to tap): only the last thanks. The language menu was a list to tap.
      const byTwiml = messages.filter((m) => m.via === 'twiml' && m.body !== null).map((m) => m.body);
      expect(new Set(byTwiml)).toEqual(new Set([t.thanks.completed]));
      const menus = messages.filter((m) => m.contentSid !== null && shownBy(twilio, m.contentSid).options.some((o) => o.id.startsWith('l1:')));
      expect(menus).toHaveLength(1);
      // By REST, a text holds no numbered answer: those are under the buttons, in the message with them.
      for (const m of messages.filter((m) => m.via === 'rest' && m.body !== null)) expect(m.body).not.toMatch(/^[\u200e\u200f]?\d+[.)]/m);
      const tapped = messages.filter((m) => m.contentSid !== null);
      expect(tapped).toHaveLength(10); // the language menu, 7 closed questions of the evaluation, 2 of the story
    }
    const templates = JSON.stringify(twilio.contents().map((c) => c.request));
    for (const phone of phones) {
      expect(templates).not.toContain(phone);
      expect(templates).not.toContain(phone.slice(1));
      expect(templates).not.toContain(phone.slice(3));
    }
    expect(templates).not.toContain('Test Participant'); // the ProfileName Twilio posts
    expect(templates).not.toContain('whatsapp:');
    // Nor does the table keep a number, a voice note's link or Twilio's media URL.
    const table = JSON.stringify(await h.dump());
    for (const phone of phones) expect(table).not.toContain(phone.slice(3));
    expect(table).not.toContain('/media/voice');
    expect(table).not.toContain('/dev/media/');
  });

  it('a note Twilio cannot fetch loses nothing: that question comes written in full, with its buttons, and is answered by a tap', async () => {
    const [study] = studies as [Study];
    const failed = () => h.logger.lines.filter((l) => l.includes('"taps.voice-note-failed"'));
    const before = failed().length;
    // Tigrinya: staff record the choice again, and its audio is then lost from storage: the route answers 500.
    const promptId = 'question.future';
    const words = study.survey.askables.get('future')?.text.ti ?? '';
    const again = new Uint8Array(readFileSync(speakWav(work, 'future-again', 'am', words)));
    expect((await callApi(api, staff, 'PUT', `/api/projects/${study.project.projectId}/prompts/ti/${promptId}`, again, 'audio/wav')).status).toBe(201);
    const scope = { organisationId: ORG, surveyId: study.survey.definition.id, surveyVersion: study.survey.definition.version };
    const kept = (await h.deps.prompts.list(scope, 'ti')).find((p) => p.promptId === promptId);
    await h.voice.audio.remove(kept?.audioKey ?? '');
    const tigrinya = whatsappPerson(h, twilio, media, '+32470880003');
    const ti3 = { ...people.ti.scripts[0], future: 'change_much' };
    const first = await takeSurvey(ear, study, tigrinya, 'ti', ti3, new Set(['future']));
    expect(first.asked).toEqual(people.ti.asked[0]);
    const lost = twilio.messages(tigrinya.phone).find((m) => m.mediaUrl?.includes('/future/'));
    expect([lost?.status, lost?.media?.status]).toEqual(['failed', 500]);
    // Arabic: Twilio cannot reach the voice-note route at all for one question (a timeout, a network fault).
    twilio.reachMediaBy((url) => (url.includes('/energy/') ? Promise.reject(new TypeError('fetch failed')) : h.fetchPublic(url)));
    const arabic = whatsappPerson(h, twilio, media, '+32470880004');
    const second = await takeSurvey(ear, study, arabic, 'ar', people.ar.scripts[0], new Set(['energy']));
    twilio.reachMediaBy(h.fetchPublic);
    expect(second.asked).toEqual(people.ar.asked[0]);
    expect(
      failed()
        .slice(before)
        .map((l) => JSON.parse(l).reason),
    ).toEqual(['Twilio status failed', 'Twilio status failed']);
    // Never lost: each answered by its tap, as the others.
    for (const [phone, questionId, value] of [
      [tigrinya.phone, 'future', 'change_much'],
      [arabic.phone, 'energy', 4],
    ] as const) {
      const code = h.deps.protector.respondentCode(study.project.projectId, phone);
      const answer = (await h.deps.store.answersOfRound(study.project.projectId, study.roundId)).find(
        (a) => a.respondentCode === code && a.questionId === questionId,
      );
      expect([answer?.value, answer?.status]).toEqual([value, 'answered']);
    }
  }, 240_000);
});
