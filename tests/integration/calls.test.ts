import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ar from '../../locales/ar/translation.json' with { type: 'json' };
import en from '../../locales/en/translation.json' with { type: 'json' };
import fr from '../../locales/fr/translation.json' with { type: 'json' };
import nl from '../../locales/nl/translation.json' with { type: 'json' };
import { PUBLIC_URL, SERVICE_NUMBER, SHARED_NUMBER, startHarness, type Harness } from './support/harness.js';
import { only, PhoneCall, view } from './support/phone-call.js';

/**
 * Phone calls of the demo survey through signed Twilio voice webhooks against DynamoDB Local. Every
 * response is parsed as XML and checked: voices and languages of <Say>, the <Gather> and <Record>
 * attributes, and the action URLs the next request goes to — as Twilio would follow them.
 */

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h?.stop());

async function answersOf(phone: string) {
  const code = h.deps.protector.respondentCode('demo', phone);
  return (await h.deps.store.answersOfRound('demo', 'demo-start')).filter((a) => a.respondentCode === code);
}

describe('a phone call of the demo survey', () => {
  it('in French: a stranger calls the project number, picks French on a spoken menu, answers by keypad, speech and recordings', async () => {
    const call = new PhoneCall(h, '+32470333001');

    // The language menu: each language said in itself, with its own voice; keys only (no language yet).
    const menu = await call.start();
    expect(menu.says).toEqual([
      { text: nl.call.language.replace('{{language}}', 'Nederlands').replace('{{key}}', '1'), voice: 'Polly.Lisa-Neural', language: 'nl-BE' },
      { text: fr.call.language.replace('{{language}}', 'Français').replace('{{key}}', '2'), voice: 'Polly.Isabelle-Neural', language: 'fr-BE' },
      { text: en.call.language.replace('{{language}}', 'English').replace('{{key}}', '3'), voice: 'Polly.Amy-Neural', language: 'en-GB' },
      { text: ar.call.language.replace('{{language}}', 'العربية').replace('{{key}}', '4'), voice: 'Polly.Zeina', language: 'arb' },
    ]);
    expect(menu.gather).toMatchObject({ input: 'dtmf', numDigits: '1', method: 'POST', action: `${PUBLIC_URL}/twilio/voice?step=1&on=input&menu=1` });
    expect(menu.gather?.language).toBeUndefined();
    expect(menu.redirect).toBe(`${PUBLIC_URL}/twilio/voice?step=1&on=silence&quiet=0`);

    // French: welcome, the consent question with the promise said for a call, yes/no by key or by voice.
    const consent = await call.press('2');
    expect(consent.says.every((s) => s.voice === 'Polly.Isabelle-Neural' && s.language === 'fr-BE')).toBe(true);
    expect(only(consent.says)).toContain('OCMW Demo');
    expect(only(consent.says)).toContain(fr.consent.promise);
    expect(only(consent.says)).toContain(fr.call.press.replace('{{option}}', fr.answer.yes).replace('{{key}}', '1'));
    expect(only(consent.says)).not.toContain('STOP'); // the message version's "send STOP" is not said on a call
    expect(consent.gather).toMatchObject({ input: 'dtmf speech', language: 'fr-FR', speechTimeout: 'auto', numDigits: '1' });

    // "Oui" said aloud is a yes; the energy scale follows.
    const energy = await call.speak('Oui');
    expect(only(energy.says)).toContain(fr.call.scale);
    const respected = await call.press('4');
    expect(only(respected.says)).toContain(fr.call.press.replace('{{option}}', fr.answer.true).replace('{{key}}', '1'));
    expect(respected.gather?.numDigits).toBe('1');

    // True → the probe: an open question, recorded. <Record> ends on #, after silence, within 3 minutes.
    const probe = await call.press('1');
    expect(only(probe.says)).toContain(fr.call.record);
    expect(probe.gather).toBeNull();
    expect(probe.record).toMatchObject({
      action: `${PUBLIC_URL}/twilio/voice?step=5&on=input`,
      finishOnKey: '#',
      maxLength: '180',
      timeout: '5',
      playBeep: 'true',
      trim: 'trim-silence',
    });
    expect(probe.redirect).toBe(`${PUBLIC_URL}/twilio/voice?step=5&on=silence&quiet=0`);
    expect(only(probe.says)).not.toContain(fr.call.skip); // optional, but a recording is skipped by silence, not by a key

    // The recording answers it: thanked, and on to the next statement.
    const understood = await call.record(12);
    expect(only(understood.says)).toContain(fr.call.received);
    // Not true → its probe; silence twice: asked once more ("I did not hear"), then passed over.
    const probe2 = await call.press('2');
    expect(probe2.record).not.toBeNull();
    const again = await call.silence();
    expect(only(again.says).startsWith(fr.call.noInput)).toBe(true);
    expect(again.record).not.toBeNull();
    const change = await call.silence();
    expect(only(change.says)).toContain(fr.invalid.passedOver);
    expect(change.record).not.toBeNull();

    // The last open answer, recorded; then whether they want to hear back, on the keypad.
    // As in messages: what the number is kept for (not the anonymity promise), "yes please / no thanks".
    const hearBack = await call.record(30);
    expect(only(hearBack.says)).toContain(fr.consent.hearBackNote);
    expect(only(hearBack.says)).not.toContain(fr.consent.promise);
    expect(only(hearBack.says)).toContain(fr.call.press.replace('{{option}}', fr.answer.yesPlease).replace('{{key}}', '1'));
    expect(only(hearBack.says)).toContain(fr.call.press.replace('{{option}}', fr.answer.noThanks).replace('{{key}}', '2'));
    expect(only(hearBack.says)).toContain(fr.call.skip); // optional, unlike the consent to take part
    expect(hearBack.gather?.numDigits).toBe('1');
    // Yes: thanks, goodbye, and the call ends.
    const end = await call.press('1');
    expect(only(end.says)).toContain(fr.thanks.completed);
    expect(only(end.says)).toContain(fr.call.goodbye);
    expect(end.hangup).toBe(true);
    expect(end.gather).toBeNull();

    const answers = await answersOf('+32470333001');
    const byQuestion = Object.fromEntries(answers.map((a) => [a.questionId, a]));
    expect(Object.keys(byQuestion).sort()).toEqual([
      'change',
      'consent',
      'energy',
      'hear_back',
      'respected',
      'respected.probe',
      'understood',
      'understood.probe',
    ]);
    expect(byQuestion.hear_back).toMatchObject({ value: 'yes', status: 'answered' });
    expect(answers.every((a) => a.channel === 'voice' && a.language === 'fr')).toBe(true);
    expect(byQuestion.consent).toMatchObject({ value: 'yes', status: 'answered' });
    expect(byQuestion.energy).toMatchObject({ value: 4 });
    expect(byQuestion.respected).toMatchObject({ value: 'true' });
    expect(byQuestion.understood).toMatchObject({ value: 'not_true' });
    expect(byQuestion['understood.probe']).toMatchObject({ value: null, status: 'skipped', voice: null });
    // Recordings go to the transcription pipeline like voice notes: sealed, no reply address (it was a call).
    expect(byQuestion['respected.probe']).toMatchObject({ voice: 'received' });
    expect(byQuestion.change).toMatchObject({ voice: 'received' });
    const jobs = (await h.deps.voiceJobs.unfinished()).filter((j) => j.answer?.respondentCode === byQuestion.change?.respondentCode);
    expect(jobs.map((j) => j.answer?.questionId).sort()).toEqual(['change', 'respected.probe']);
    expect(
      jobs.every((j) => j.status === 'queued' && j.language === 'fr' && j.contentType === 'audio/wav' && j.sealedReplyTo === null && j.sealedMediaUrl !== null),
    ).toBe(true);

    // No caller number, CallSid or recording URL in the table.
    const dump = JSON.stringify(await h.dump());
    expect(dump).not.toContain('+32470333001');
    expect(dump).not.toContain(call.sid);
    expect(dump).not.toContain('Recordings/RE');
  });

  it('a caller who hangs up after speaking into the recording keeps the recording as the answer (Digits=hangup)', async () => {
    const phone = '+32470333011';
    const call = new PhoneCall(h, phone);
    await call.start();
    await call.press('2'); // French
    await call.speak('Oui');
    await call.press('4'); // energy
    const probe = await call.press('1'); // true → the open probe, recorded
    expect(probe.record).not.toBeNull();

    const hungUp = await call.hangUpWhileRecording(23);
    expect(hungUp.status, hungUp.body).toBe(200);
    expect(view(hungUp.body)).toBeDefined(); // TwiML all the same (parsed), though nobody hears it

    // The recording is the answer: received, and on its way to transcription as a sealed voice job.
    const answers = await answersOf(phone);
    const probeAnswer = answers.find((a) => a.questionId === 'respected.probe');
    expect(probeAnswer).toMatchObject({ voice: 'received' });
    const jobs = (await h.deps.voiceJobs.unfinished()).filter((j) => j.answer?.respondentCode === probeAnswer?.respondentCode);
    expect(jobs).toHaveLength(1); // Twilio's retry made no second one
    const [job] = jobs;
    expect(job).toMatchObject({ status: 'queued', language: 'fr', origin: 'call', sealedReplyTo: null });
    expect(job?.answer?.questionId).toBe('respected.probe');
    expect(job?.sealedMediaUrl && h.deps.protector.open(job.sealedMediaUrl)).toBe(hungUp.recordingUrl);
    // Neither the number, the CallSid nor the recording's URL in the clear.
    const dump = JSON.stringify(await h.dump());
    for (const secret of [phone, call.sid, hungUp.recordingUrl]) expect(dump.includes(secret), secret).toBe(false);
  });

  it('in Arabic: Zeina speaks Modern Standard Arabic, keypad only; an invalid key is asked again', async () => {
    const call = new PhoneCall(h, '+32470333002');
    await call.start();
    const consent = await call.press('4');
    expect(consent.says.every((s) => s.voice === 'Polly.Zeina' && s.language === 'arb')).toBe(true);
    expect(only(consent.says)).toContain(ar.consent.promise);
    expect(consent.gather).toMatchObject({ input: 'dtmf' });
    expect(consent.gather?.language).toBeUndefined();
    const energy = await call.press('1');
    expect(only(energy.says)).toContain(ar.call.scale);
    const wrong = await call.press('8'); // not on a 1–5 scale (9 asks to be called back later)
    expect(only(wrong.says).startsWith(ar.invalid.notUnderstood)).toBe(true);
    expect(only(wrong.says)).toContain(ar.call.scale);
    await call.press('5');
    const answers = await answersOf('+32470333002');
    expect(answers.find((a) => a.questionId === 'energy')).toMatchObject({ value: 5, language: 'ar', channel: 'voice' });
  });

  it('hang up mid-survey and call again: welcomed back at the same question, in the language chosen before', async () => {
    const first = new PhoneCall(h, '+32470333003');
    await first.start();
    await first.press('1'); // Dutch
    await first.press('1'); // yes
    const energy = first.last;
    expect(only(energy?.says ?? [])).toContain(nl.call.scale);
    // …the caller hangs up here. A new call, a new CallSid:
    const second = new PhoneCall(h, '+32470333003');
    const resumed = await second.start();
    expect(only(resumed.says)).toContain(nl.start.confirmed);
    expect(only(resumed.says)).toContain(nl.call.scale);
    expect(resumed.says.every((s) => s.voice === 'Polly.Lisa-Neural')).toBe(true);
    expect(resumed.gather).toMatchObject({ input: 'dtmf speech', language: 'nl-BE' });
    await second.speak('drie');
    expect((await answersOf('+32470333003')).find((a) => a.questionId === 'energy')).toMatchObject({ value: 3 });
  });

  it("a call Stem places (an invitation by phone: Twilio sends From = Stem's number, To = the person) continues that person's survey", async () => {
    const first = new PhoneCall(h, '+32470333013');
    await first.start();
    await first.press('1'); // Dutch
    await first.press('1'); // yes
    expect(only(first.last?.says ?? [])).toContain(nl.call.scale);
    // Stem calls back (outbound-api): the person is To, not From.
    const placed = new PhoneCall(h, '+32470333013', SERVICE_NUMBER, 'outbound-api');
    const resumed = await placed.start();
    expect(only(resumed.says)).toContain(nl.call.scale);
    await placed.press('4');
    expect((await answersOf('+32470333013')).find((a) => a.questionId === 'energy')).toMatchObject({ value: 4 });
    // Nothing was kept for Stem's own number as if it were a caller.
    expect(await answersOf(SERVICE_NUMBER)).toEqual([]);
  });

  it('no input at a question: asked once more, then passed over; a silent menu ends the call after three tries', async () => {
    const call = new PhoneCall(h, '+32470333004');
    await call.start();
    await call.press('3'); // English
    await call.press('1');
    const again = await call.silence();
    expect(only(again.says).startsWith(en.call.noInput)).toBe(true);
    const next = await call.silence();
    expect(only(next.says)).toContain(en.invalid.passedOver);
    expect((await answersOf('+32470333004')).find((a) => a.questionId === 'energy')).toMatchObject({ value: null, status: 'skipped' });
    // Silences at one question do not add up with the next: asked again there, not hung up on.
    const next2 = await call.silence();
    expect(next2.hangup).toBe(false);
    expect(only(next2.says).startsWith(en.call.noInput)).toBe(true);

    const menu = new PhoneCall(h, '+32470333005');
    const said = await menu.start();
    const once = await menu.silence();
    expect(once.says).toEqual(said.says); // the menu again, each language in itself
    expect(once.gather).not.toBeNull();
    await menu.silence();
    const gone = await menu.silence();
    expect(gone.hangup).toBe(true);
    expect(gone.says).toEqual([]);
  });

  it('a retried turn gets the same TwiML and is applied once', async () => {
    const call = new PhoneCall(h, '+32470333006');
    await call.start();
    await call.press('1');
    const first = await call.press('1'); // consent yes → energy
    const retried = await call.repeat({ Digits: '1', FinishedOnKey: '' });
    expect(view(retried)).toEqual(first);
    const answers = await answersOf('+32470333006');
    expect(answers.filter((a) => a.questionId === 'consent')).toHaveLength(1);
  });

  it('a caller whose number is withheld, or who calls a service number of no project, is told how to take part; a voicemail gets nothing', async () => {
    const anonymous = await h.callWebhook(`${PUBLIC_URL}/twilio/voice`, { CallSid: `CA${'a'.repeat(32)}`, From: 'anonymous', To: SERVICE_NUMBER });
    const told = view(anonymous.body);
    expect(told.hangup).toBe(true);
    expect(told.says.map((s) => s.language)).toEqual(['nl-BE', 'fr-BE', 'en-GB', 'arb']);
    expect(told.says[0]?.text).toBe(nl.call.notEnrolled);

    const elsewhere = await new PhoneCall(h, '+32470333007', SHARED_NUMBER).start();
    expect(elsewhere.hangup).toBe(true);
    expect(elsewhere.says[2]?.text).toBe(en.call.notEnrolled);

    const machine = await h.callWebhook(`${PUBLIC_URL}/twilio/voice`, {
      CallSid: `CA${'b'.repeat(32)}`,
      From: '+32470333008',
      To: SERVICE_NUMBER,
      AnsweredBy: 'machine_end_beep',
    });
    expect(view(machine.body)).toEqual({ says: [], gather: null, record: null, redirect: null, hangup: true });
    expect(JSON.stringify(await h.dump())).not.toContain(h.deps.protector.contactKey('+32470333008'));
  });

  it('refuses a request without a valid signature, or signed for another step, and stores nothing', async () => {
    const params = { CallSid: `CA${'c'.repeat(32)}`, From: '+32470333009', To: SERVICE_NUMBER, Digits: '1' };
    const before = (await h.dump()).length;
    expect((await h.callWebhook(`${PUBLIC_URL}/twilio/voice`, params, { signature: 'not-a-signature' })).status).toBe(403);
    // Signed for step 1, sent to step 2: the URL, query included, is part of what is signed.
    const replayed = await h.callWebhook(`${PUBLIC_URL}/twilio/voice?step=2&on=input`, params, { signedUrl: `${PUBLIC_URL}/twilio/voice?step=1&on=input` });
    expect(replayed.status).toBe(403);
    expect((await h.dump()).length).toBe(before);
  });
});
