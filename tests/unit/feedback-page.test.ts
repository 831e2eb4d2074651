import { describe, expect, it } from 'vitest';

import type { Project, Round, RoundWithProgress } from '../../web/dashboard/api/api-shapes.js';
import type { FeedbackReport } from '../../web/dashboard/api/feedback-shapes.js';
import { feedbackGlance } from '../../web/dashboard/feedback/feedback-glance.js';
import { countHint, feedbackControls, feedbackPage, type FeedbackView } from '../../web/dashboard/feedback/feedback-page.js';
import { explainRefusal } from '../../web/dashboard/feedback/feedback-routes.js';
import { FormErrors } from '../../web/dashboard/page/forms.js';
import { uiFor } from '../../web/dashboard/page/context.js';
import type { UiLanguage } from '../../web/dashboard/page/i18n.js';
import { roundsView } from '../../web/dashboard/projects/rounds-view.js';

/**
 * The "you said, we did" page and its line in the rounds list, rendered without a server: who sees the
 * link, what the page says about the audience, the send button's state and reason, RTL fields, and the
 * API's refusals said in the UI language at the field they are about.
 */

const NOW = new Date('2026-11-23T10:00:00Z');
const ui = (lang: UiLanguage = 'en') => uiFor(lang, new URL('http://localhost/dashboard'), 'Europe/Brussels');

const project: Project = {
  projectId: 'brug',
  organisationId: 'org',
  name: 'De Brug',
  languages: ['nl', 'fr', 'ar', 'fa'],
  fallbackLanguages: ['nl'],
  joinCode: 'BRUG',
  whatsappTemplates: {},
  callNumber: null,
  suggestionBox: false,
  disclosure: {},
};
const round = (roundId: string, closesAt: string): Round => ({
  roundId,
  label: roundId,
  surveyId: 's',
  surveyVersion: 1,
  opensAt: '2026-10-01T08:00:00Z',
  closesAt,
  reminderAfterHours: null,
});
const closed = round('midway', '2026-11-01T17:00:00Z');
const open = round('end', '2026-12-20T17:00:00Z');

const report = (over: Partial<FeedbackReport> = {}): FeedbackReport => ({
  feedback: null,
  audience: { recipients: 5, byLanguage: { nl: 2, ar: 2, fa: 1 }, missing: ['ar', 'fa', 'nl'] },
  deliveries: { byStatus: {}, byReachedBy: {}, failures: {}, notDelivered: {} },
  ...over,
});
const view = (over: Partial<FeedbackView> = {}): FeedbackView => ({ project, round: closed, report: report(), now: NOW, errors: FormErrors.none(), ...over });
const render = (v: FeedbackView, lang: UiLanguage = 'en') => String(feedbackPage(ui(lang), v).main);
/** The opening tag of the element with this id (attributes in any order). */
const tagOf = (markup: string, id: string) => new RegExp(`<[a-z]+[^>]*\\sid="${id}"[^>]*>`).exec(markup)?.[0] ?? '';

const progress = {
  total: { enrolled: 9, invited: 9, started: 9, completed: 9, declined: 0, optedOut: 0, failed: 0, hearBack: 9 },
  byLanguage: {},
  byChannel: {},
  failures: {},
  reachedBy: {},
  notDelivered: {},
  waiting: {},
};
const rounds: RoundWithProgress[] = [closed, open].map((r) => ({ round: r, progress, quietUntil: null }));

describe('the rounds list', () => {
  it('gives coordinators no "you said, we did" link (they get no glances)', () => {
    const markup = String(roundsView(ui(), 'brug', rounds, { canManage: false, now: NOW }));
    expect(markup).toContain('data-testid="round"');
    expect(markup).not.toContain('feedback-link');
    expect(markup).not.toContain('/feedback');
  });

  it('gives staff a link per round, saying where it stands', () => {
    const sent = feedbackGlance(
      report({
        feedback: { texts: { nl: 'Wij doen' }, audio: {}, updatedAt: '2026-11-20T09:00:00Z', sentAt: '2026-11-21T09:00:00Z' },
        deliveries: { byStatus: { sent: 7, failed: 1, calling: 1 }, byReachedBy: { sms: 7 }, failures: { 'opted out since': 1 }, notDelivered: {} },
      }),
    );
    expect(sent).toEqual({ state: 'sent', sentAt: '2026-11-21T09:00:00Z', sent: 7, failed: 1, pending: 1 });
    const glances = new Map([
      ['midway', sent],
      ['end', feedbackGlance(report({ feedback: { texts: { nl: '  ' }, audio: {}, updatedAt: '2026-11-20T09:00:00Z', sentAt: null } }))],
    ]);
    const markup = String(roundsView(ui(), 'brug', rounds, { canManage: true, now: NOW, feedback: glances }));
    expect(markup.match(/data-testid="feedback-link"/g)).toHaveLength(2);
    expect(markup).toContain('href="/dashboard/projects/brug/rounds/midway/feedback"');
    expect(markup).toMatch(
      /data-state="sent".*sent on <time datetime="2026-11-21T09:00:00Z">21 Nov 2026, 10:00<\/time> · <span data-testid="feedback-copies">7 sent, 1 failed<\/span> · 1 on the way/s,
    );
    // Only blanks written: nothing to send yet.
    expect(markup).toMatch(/data-state="none".*not written yet/s);
    expect(feedbackGlance(report({ feedback: { texts: {}, audio: { fa: 'feedback-1' }, updatedAt: '2026-11-20T09:00:00Z', sentAt: null } }))).toEqual({
      state: 'draft',
    });
  });
});

describe('the page', () => {
  it('shows who asked, highlights the languages nobody can read yet, and writes Arabic and Persian right to left', () => {
    const markup = render(view());
    expect(markup).toContain('data-recipients="5"');
    expect(markup).toContain('5 people asked to hear back.');
    expect(markup).toContain('data-languages="ar fa nl"');
    for (const language of ['nl', 'ar', 'fa']) expect(markup).toContain(`data-testid="field-note" data-field="texts.${language}"`);
    expect(markup).not.toContain('data-field="texts.fr"'); // nobody reads French: no note
    expect(tagOf(markup, 'f-texts-ar')).toContain('dir="rtl"');
    expect(tagOf(markup, 'f-texts-fa')).toContain('dir="rtl"');
    expect(tagOf(markup, 'f-texts-nl')).toContain('dir="ltr"');
    expect(tagOf(markup, 'f-texts-ar')).toContain('aria-describedby="f-texts-ar-note f-texts-ar-hint"');
    // Closed, people to send to: the button works, and says to how many.
    expect(tagOf(markup, 'feedback-send')).not.toContain('disabled');
    expect(markup).toContain('Send to 5 people</button>');
  });

  it('counts each text in SMS parts as carriers do: an Arabic text in Unicode parts of 67, not in Latin ones of 153', () => {
    const arabic = 'قلتم: ننتظر طويلا عند الشباك. فعلنا: الشباك مفتوح أيضا يوم الثلاثاء بعد الظهر. شكرا لكم على إجاباتكم كلها!'; // 105 characters
    const markup = render(
      view({
        report: report({
          feedback: { texts: { nl: 'Wij openen het loket ook op dinsdag.', ar: arabic }, audio: {}, updatedAt: '2026-11-20T09:00:00Z', sentAt: null },
        }),
      }),
    );
    expect(markup).toContain('At most 3 SMS parts, counted as phone companies count them. This text: 36 characters, 1 SMS part (plain letters');
    expect(markup).toContain(`This text: ${[...arabic].length} characters, 2 SMS parts (Arabic, Cyrillic`);
    // The counter of the page is the carriers' one: 105 characters are one part of Latin text, two of Arabic.
    expect(countHint(ui().feedback, 'x'.repeat(153 * 3))).toContain('3 SMS parts');
    expect(countHint(ui().feedback, 'x'.repeat(153 * 3 + 1))).toContain('4 SMS parts');
    expect(countHint(ui().feedback, '😄')).toContain('1 character, 1 SMS part (Arabic, Cyrillic');
  });

  it('disables sending, with the reason, while the round is open, when nobody asked, and once sent', () => {
    const whileOpen = render(view({ round: open }), 'nl');
    expect(tagOf(whileOpen, 'feedback-send')).toContain('disabled');
    expect(tagOf(whileOpen, 'feedback-send')).toContain('aria-describedby="feedback-send-reason"');
    expect(whileOpen).toContain('De ronde loopt nog tot 20 dec 2026, 18:00.');

    const nobody = render(view({ report: report({ audience: { recipients: 0, byLanguage: {}, missing: [] } }) }));
    expect(tagOf(nobody, 'feedback-send')).toContain('disabled');
    expect(nobody).toContain('Nobody in this round asked to hear back: there is no one to send it to.');

    const sent = render(
      view({
        report: report({
          feedback: {
            texts: { nl: 'Wij doen het.', ar: 'سنفعل ذلك.' },
            audio: { ar: 'feedback-2' },
            updatedAt: '2026-11-20T09:00:00Z',
            sentAt: '2026-11-21T09:00:00Z',
          },
          audience: { recipients: 5, byLanguage: { nl: 2, ar: 2, fa: 1 }, missing: [] },
          deliveries: {
            byStatus: { sent: 4, failed: 1 },
            byReachedBy: { sms: 3, voice: 1 },
            failures: { 'opted out since': 1, 'Twilio 30003: unreachable': 1 },
            notDelivered: { 'not delivered: the phone was off or out of reach (error 30003)': 6 },
          },
        }),
      }),
    );
    expect(tagOf(sent, 'feedback-send')).toContain('disabled');
    expect(sent).toContain('Sent on 21 Nov 2026, 10:00. The message goes out once.');
    expect(sent).not.toContain('<textarea'); // a sent message is not edited
    expect(sent).toContain('<span class="sent-text" lang="ar" dir="rtl">سنفعل ذلك.</span>');
    // The recording can still be heard, no longer replaced or removed.
    expect(sent).toContain('src="/dashboard/projects/brug/rounds/midway/feedback/audio/ar"');
    expect(sent).not.toContain('recording-upload');
    expect(sent).toMatch(/<tr data-status="sent"><th scope="row">sent<\/th><td class="num" data-testid="report-count">4<\/td>/);
    expect(sent).toContain('the person has sent STOP since — 1×');
    expect(sent).toContain('<span lang="en">Twilio 30003: unreachable</span> — 1×'); // not one of ours: as the API says it
    // Copies Twilio reported back as not delivered, with the reason, apart from those that failed to go out.
    expect(sent).toContain(
      '<h3>Sent, but reported as not delivered</h3><ul data-testid="report-not-delivered"><li data-key="not delivered: the phone was off or out of reach (error 30003)"><span lang="en">not delivered: the phone was off or out of reach (error 30003)</span> — 6×</li></ul>',
    );
  });
});

describe("the API's refusals", () => {
  const ctx = { languages: project.languages, closesAt: open.closesAt, report: report(), draft: {} };
  const controls = feedbackControls(project.languages);

  it('sending before everyone can read it: the languages named at the button and at each of their fields, in Dutch', () => {
    const problem = explainRefusal(
      ui('nl'),
      { attempt: 'send', problem: { title: 'Bad request', status: 400, errors: [{ field: 'texts.ar', message: 'write the message in ar, fa, nl' }] } },
      ctx,
    );
    const errors = new FormErrors(problem, controls, {}, 'send', 'nl');
    // Every language of the project is asked for, and no count of who reads it is given: that would tell who said yes.
    expect(errors.for('send').map((e) => e.message)).toEqual([
      'Er is geen bericht voor العربية, فارسی (دری), Nederlands. Elke taal van het project heeft er een nodig (in die taal of een reservetaal): alleen vragen naar de talen van wie ja zei, zou verraden wie dat zijn.',
    ]);
    expect(errors.for('texts.ar').map((e) => e.message)).toEqual(['Wie العربية leest, zou niets krijgen. Schrijf het bericht hier, of in een reservetaal.']);
    expect(errors.for('texts.fa')[0]?.message).toContain('Wie فارسی (دری) leest');
    expect(errors.for('texts.fr')).toEqual([]);
    const markup = render(view({ errors }), 'nl');
    expect(markup).toContain('data-testid="error-summary"');
    expect(markup).toContain('href="#feedback-send"');
    expect(tagOf(markup, 'f-texts-ar')).toContain('aria-invalid="true"');
    expect(markup).not.toContain('data-testid="field-note" data-field="texts.ar"'); // said once, as the error
  });

  it('an open round, a text too long, a message already sent: each at its place', () => {
    const problem = explainRefusal(
      ui('fr'),
      { attempt: 'send', problem: { title: 'Conflict', status: 409, errors: [{ field: 'roundId', message: 'the round is open' }] } },
      ctx,
    );
    expect(problem.errors).toEqual([
      {
        field: 'send',
        message:
          'Le tour est encore ouvert (jusqu’au 20 déc. 2026, 18:00). Clôturez-le d’abord, pour que toutes les personnes qui participent aient des nouvelles.',
      },
    ]);
    const long = explainRefusal(
      ui(),
      { attempt: 'save', problem: { title: 'Bad request', status: 400, errors: [{ field: 'texts.nl', message: 'Too big' }] } },
      { ...ctx, draft: { nl: ` ${'x'.repeat(500)} ` } },
    );
    expect(long.errors).toEqual([{ field: 'texts.nl', message: 'This message has 500 characters and takes 4 SMS parts; at most 3 are sent. Shorten it.' }]);
    const longArabic = explainRefusal(
      ui('nl'),
      { attempt: 'save', problem: { title: 'Bad request', status: 400, errors: [{ field: 'texts.ar', message: 'Too big' }] } },
      { ...ctx, draft: { ar: 'ب'.repeat(202) } },
    );
    expect(longArabic.errors).toEqual([
      { field: 'texts.ar', message: 'Dit bericht telt 202 tekens en neemt 4 sms-delen; er gaan er hoogstens 3 weg. Maak het korter.' },
    ]);
    const sent = explainRefusal(ui(), { attempt: 'save', problem: { title: 'Conflict', status: 409, errors: [{ field: 'sentAt', message: 'sent' }] } }, ctx);
    expect(sent.errors).toEqual([{ field: 'send', message: 'This message was already sent; it can no longer be changed.' }]);
  });
});
