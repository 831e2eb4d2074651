import { readdirSync } from 'node:fs';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentClient } from '../../adapters/dynamodb/table.js';
import type { Channel } from '../../core/model.js';
import { processVoice } from '../../core/voice/process-voice.js';
import ar from '../../locales/ar/translation.json' with { type: 'json' };
import en from '../../locales/en/translation.json' with { type: 'json' };
import nl from '../../locales/nl/translation.json' with { type: 'json' };
import { newSid, SERVICE_NUMBER, startHarness, type Harness } from './support/harness.js';
import { only, PhoneCall } from './support/phone-call.js';
import { startVoiceNotes, type VoiceNotes } from './support/voice-notes.js';

/**
 * DELETE, end to end against DynamoDB Local: over SMS (in Dutch), WhatsApp (in Arabic, with voice notes
 * still in the pipeline) and a phone call (keypad and speech). Each person has answered two rounds of
 * the demo project and a round of another project; the table is read back afterwards, item by item:
 * nothing of that person in that project remains, their other project and other people stay.
 */

let h: Harness;
let notes: VoiceNotes;
const HOUR = 3600_000;
const NOW = new Date('2026-11-23T10:00:00.000Z');
const EARLIER = new Date('2025-09-01T10:00:00.000Z'); // inside the demo's earlier round

beforeAll(async () => {
  h = await startHarness();
  notes = await startVoiceNotes(h);
  const { project, round } = h.seeded;
  // An earlier round of the demo project, closed now; and a second project with a round open now.
  await h.deps.directory.putRound({ ...round, roundId: 'demo-pre', label: 'pre', opensAt: '2025-06-01T00:00:00.000Z', closesAt: '2025-12-31T00:00:00.000Z' });
  await h.deps.directory.putProject({ ...project, projectId: 'north', name: 'Buurtwerk Noord', joinCode: 'NOORD', callNumber: null });
  await h.deps.directory.putRound({ ...round, projectId: 'north', roundId: 'north-start' });
});
afterAll(async () => {
  await notes?.stop();
  await h?.stop();
});

const ANSWERS: Record<string, string> = {
  consent: 'yes',
  energy: '4',
  respected: '2',
  'probe:respected': 'the waiting room is full',
  understood: '1',
  change: 'more evening hours',
  hear_back: 'yes',
};

function person(phone: string, channel: Exclude<Channel, 'voice'>) {
  const contactKey = h.deps.protector.contactKey(phone);
  const code = (projectId: string) => h.deps.protector.respondentCode(projectId, phone);
  const text = async (body: string, extra: Record<string, string> = {}) => {
    const sent = await h.send({ channel, phone, text: body, extra });
    expect(sent.status).toBe(200);
    return sent.replies.join('\n');
  };
  /** Answer whatever the open survey of `projectId` asks, until it is done (or `until` is asked). */
  const answerAll = async (projectId: string, until?: string) => {
    for (let i = 0; i < 20; i++) {
      const { sessions } = await h.deps.store.loadParticipant(contactKey);
      const active = sessions.find((s) => s.projectId === projectId && s.status === 'active');
      if (!active || active.flow.value === until) return;
      await text(ANSWERS[active.flow.value] ?? '1');
    }
    throw new Error('the survey did not end');
  };
  /** Every item of this person: under the contact, the project entries, the answers under their codes, voice jobs. */
  const items = async (projectId: string) =>
    (await h.dump()).filter(
      (i) =>
        String(i.pk).startsWith(`C#${contactKey}`) ||
        String(i.sk) === `C#${contactKey}` ||
        (String(i.pk).startsWith(`A#${projectId}#`) && String(i.sk).startsWith(`${code(projectId)}#`)) ||
        (i.kind === 'voice-job' && JSON.stringify(i.answer ?? null).includes(code(projectId))),
    );
  return { phone, contactKey, code, text, answerAll, items };
}

const at = (when: Date) => {
  h.clock.current = new Date(when);
};
const answersUnder = async (projectId: string, respondentCode: string) =>
  (await h.dump()).filter((i) => String(i.pk).startsWith(`A#${projectId}#`) && String(i.sk).startsWith(`${respondentCode}#`));
const fill = (text: string, vars: Record<string, string>) => text.replace(/\{\{(\w+)\}\}/g, (_, k: string) => vars[k] ?? `{{${k}}}`);

/** The lead's per-respondent release marker, as the results module writes it beside the answers. */
async function putReleaseMarker(projectId: string, roundId: string, respondentCode: string): Promise<void> {
  await documentClient(h.dynamoDb).send(
    new PutCommand({ TableName: h.tableName, Item: { pk: `A#${projectId}#${roundId}`, sk: `${respondentCode}#~release`, kind: 'release-marker', release: 1 } }),
  );
}

describe('DELETE over SMS (Dutch): two rounds of one project erased, the other project and other people kept', () => {
  const p = () => person('+32470910001', 'sms');
  const other = () => person('+32470910002', 'sms');

  it('answers two rounds of the demo and a round of another project', async () => {
    const me = p();
    at(EARLIER);
    await me.text('JOIN DEMO');
    await me.text('1'); // Nederlands
    await me.answerAll('demo');
    at(NOW);
    await me.text('JOIN NOORD');
    await me.answerAll('north');
    await me.text('hallo'); // back to the demo's open round
    await me.answerAll('demo', 'understood'); // halfway: a question is waiting
    await putReleaseMarker('demo', 'demo-pre', me.code('demo'));
    const them = other();
    await them.text('JOIN DEMO');
    await them.text('3');
    await them.answerAll('demo');
    expect((await answersUnder('demo', me.code('demo'))).map((i) => String(i.pk)).sort()).toEqual(
      expect.arrayContaining(['A#demo#demo-pre', 'A#demo#demo-start']),
    );
  });

  it('NO keeps everything, and the survey goes on where it was', async () => {
    const me = p();
    const before = await me.items('demo');
    const asked = await me.text('VERWIJDER');
    expect(asked).toBe(fill(nl.erase.confirm, { project: 'OCMW Demo', yes: 'JA', no: 'NEE' }));
    const kept = await me.text('nee');
    expect(kept).toContain(nl.erase.kept);
    expect(kept).toContain('Ik begrijp'); // the waiting question ("understood"), asked again
    const after = await me.items('demo');
    // The same records, the contact only one version on (the question asked and answered).
    expect(after.filter((i) => i.sk !== 'C')).toEqual(before.filter((i) => i.sk !== 'C'));
  });

  it('the question lapses: with the next unrelated message, after an hour, and on a casual "ok" or 👍', async () => {
    const me = p();
    const count = (await answersUnder('demo', me.code('demo'))).length;
    await me.text('wis');
    expect(await me.text('1')).not.toContain(nl.erase.done); // an answer to the waiting question instead
    expect(await me.text('ja')).not.toContain(nl.erase.done);
    await me.text('VERWIJDER');
    at(new Date(NOW.getTime() + 2 * HOUR));
    expect(await me.text('ja')).not.toContain(nl.erase.done);
    for (const casual of ['ok', '👍']) {
      await me.text('VERWIJDER');
      expect(await me.text(casual)).not.toContain(nl.erase.done);
    }
    expect((await answersUnder('demo', me.code('demo'))).length).toBeGreaterThanOrEqual(count);
    expect((await h.deps.store.loadParticipant(me.contactKey)).contact?.erasing ?? null).toBeNull();
  });

  it('YES erases every answer, marker and session of the project in every round; the other project and other people stay', async () => {
    const me = p();
    const them = other();
    const north = await answersUnder('north', me.code('north'));
    const theirs = await answersUnder('demo', them.code('demo'));
    expect(north.length).toBeGreaterThan(3);
    expect(theirs.length).toBeGreaterThan(3);
    await me.text('VERWIJDER');
    const done = await me.text('JA');
    expect(done).toBe(fill(nl.erase.done, { project: 'OCMW Demo', stop: 'STOP' }));

    const left = await me.items('demo');
    // Nothing under the respondent code in any round (answers, completion, the release marker), no session.
    expect(left.filter((i) => String(i.pk).startsWith('A#'))).toEqual([]);
    expect(left.filter((i) => String(i.sk).startsWith('S#demo#'))).toEqual([]);
    // What stays, for delivery: the contact (still in the project), its enrolment and the round entries,
    // without progress, activity or the wish to hear back.
    expect(left.find((i) => i.sk === 'C')).toMatchObject({ projects: ['demo', 'north'], optedOut: false, erasing: null });
    expect(left.filter((i) => i.pk === 'PP#demo')).toHaveLength(1);
    const entries = left.filter((i) => String(i.pk).startsWith('RP#demo#'));
    expect(entries.map((i) => i.pk).sort()).toEqual(['RP#demo#demo-pre', 'RP#demo#demo-start']);
    for (const entry of entries) {
      expect(entry).toMatchObject({ progress: 'none' });
      expect(entry).not.toHaveProperty('hearBack');
      expect(entry).not.toHaveProperty('lastActivityAt');
    }
    // Their other project and other people: untouched.
    expect(await answersUnder('north', me.code('north'))).toEqual(north);
    expect((await h.deps.store.loadParticipant(me.contactKey)).sessions.map((s) => s.projectId)).toEqual(['north']);
    expect(await answersUnder('demo', them.code('demo'))).toEqual(theirs);
    expect(h.logger.lines.some((l) => l.includes('"event":"erase.done"') && l.includes('"sessions":2'))).toBe(true);
  });

  it('a second DELETE finds nothing and says so; the person is still enrolled and can answer again', async () => {
    const me = p();
    expect(await me.text('VERWIJDER')).toBe(nl.erase.nothing);
    expect((await h.deps.store.loadParticipant(me.contactKey)).contact?.erasing ?? null).toBeNull();
    expect(await me.text('hallo')).toContain('Doe je mee?'); // the open round's survey, from the start
  });

  it('a number we do not know gets "nothing to erase", and no contact is made for it', async () => {
    const stranger = '+32470910099';
    const replies = (await h.send({ channel: 'sms', phone: stranger, text: 'DELETE' })).replies.join('\n');
    expect(replies).toContain(en.erase.nothing);
    expect((await h.deps.store.loadParticipant(h.deps.protector.contactKey(stranger))).contact).toBeNull();
  });
});

describe('DELETE over WhatsApp (Arabic), with voice notes still in the pipeline', () => {
  const w = () => person('+32470920001', 'whatsapp');

  it('the audio we hold is deleted, the job and its listings go; a note still at Twilio is deleted there by the worker, tied to no one', async () => {
    const me = w();
    at(NOW);
    await me.text('JOIN DEMO');
    await me.text('4'); // العربية
    await me.answerAll('demo', 'probe:respected');
    // A voice note answers the probe and waits for a person: our encrypted copy is on disk.
    const held = await notes.toHumanQueue(me.phone);
    const onDisk = readdirSync(h.audioDir).length;
    expect(onDisk).toBeGreaterThan(0);
    await me.answerAll('demo', 'change');
    // A second note, not yet fetched: still only at "Twilio" (the local media host).
    const sid = newSid();
    const url = notes.add(new Uint8Array([1, 2, 3, 4]), 'audio/ogg');
    expect(
      (
        await h.send({
          channel: 'whatsapp',
          phone: me.phone,
          text: '',
          messageSid: sid,
          extra: { NumMedia: '1', MediaUrl0: url, MediaContentType0: 'audio/ogg' },
        })
      ).status,
    ).toBe(200);
    const atTwilio = h.deps.protector.ledgerKey(`${sid}#media0`);
    expect(await h.deps.voiceJobs.get(atTwilio)).toMatchObject({ status: 'queued', answer: { respondentCode: me.code('demo') } });

    const asked = await me.text('حذف');
    expect(asked).toBe(fill(ar.erase.confirm, { project: 'OCMW Demo', yes: 'نعم', no: 'لا' }));
    expect(await me.text('نعم')).toBe(fill(ar.erase.done, { project: 'OCMW Demo', stop: 'توقف' }));

    expect(await me.items('demo').then((items) => items.filter((i) => String(i.pk).startsWith('A#') || String(i.sk).startsWith('S#')))).toEqual([]);
    // The note a person would have heard: its audio, job and queue entries are gone.
    expect(readdirSync(h.audioDir).length).toBe(onDisk - 1);
    expect(await h.deps.voiceJobs.get(held)).toBeNull();
    expect((await h.deps.voiceJobs.needingHuman('demo-ocmw')).map((j) => j.jobId)).not.toContain(held);
    // The note still at Twilio: a bare removal job, no answer, no reply address; the worker deletes it there.
    expect(await h.deps.voiceJobs.get(atTwilio)).toMatchObject({ status: 'unsupported', answer: null, sealedReplyTo: null });
    expect(notes.holds(url)).toBe(true);
    await processVoice(notes.voice, atTwilio);
    expect(notes.holds(url)).toBe(false);
    expect((await h.deps.voiceJobs.unfinished()).map((j) => j.jobId)).not.toContain(atTwilio);
    const jobsLeft = (await h.dump()).filter((i) => i.kind === 'voice-job' && JSON.stringify(i).includes(me.code('demo')));
    expect(jobsLeft).toEqual([]);
  });

  it('DELETE after STOP works too, and the person stays opted out', async () => {
    const me = person('+32470920002', 'whatsapp');
    await me.text('JOIN DEMO');
    await me.text('3');
    await me.answerAll('demo');
    await me.text('STOP');
    expect(await me.text('DELETE')).toBe(fill(en.erase.confirm, { project: 'OCMW Demo', yes: 'YES', no: 'NO' }));
    expect(await me.text('YES')).toBe(fill(en.erase.done, { project: 'OCMW Demo', stop: 'STOP' }));
    expect(await answersUnder('demo', me.code('demo'))).toEqual([]);
    expect((await h.deps.store.loadParticipant(me.contactKey)).contact).toMatchObject({ optedOut: true });
    const entry = (await me.items('demo')).find((i) => i.pk === 'RP#demo#demo-start');
    expect(entry).toMatchObject({ progress: 'opted-out' });
  });
});

describe('DELETE in a phone call (English): by keypad and by speech', () => {
  const caller = '+32470930001';
  const code = () => h.deps.protector.respondentCode('demo', caller);

  it('0 at a question asks to confirm; 2 keeps; "delete" said aloud asks too, and "no" keeps', async () => {
    at(NOW);
    const call = new PhoneCall(h, caller, SERVICE_NUMBER);
    await call.start();
    await call.press('3'); // English
    await call.press('1'); // consent: yes
    const energy = call.last;
    const asked = await call.press('0');
    expect(only(asked.says)).toContain(en.call.eraseConfirm);
    expect(asked.gather).toMatchObject({ numDigits: '1' });
    const kept = await call.press('2');
    expect(only(kept.says)).toContain(en.erase.kept);
    expect(only(kept.says)).toContain(en.call.scale); // the energy question again
    expect(kept.gather?.action).not.toBe(energy?.gather?.action);
    expect(only((await call.speak('delete')).says)).toContain(en.call.eraseConfirm);
    expect(only((await call.speak('no')).says)).toContain(en.erase.kept);
    // Answer it all, then hang up.
    await call.press('4');
    await call.press('2'); // respected: not true → the probe is recorded
    await call.record(6);
    await call.press('1');
    await call.record(9);
    const end = await call.press('1'); // hear back: yes
    expect(end.hangup).toBe(true);
    expect((await answersUnder('demo', code())).length).toBeGreaterThan(5);
  });

  it('calling back with nothing left to answer: told that 0 erases; 0 then 1 erases all, and the call ends', async () => {
    const call = new PhoneCall(h, caller, SERVICE_NUMBER);
    const back = await call.start();
    expect(only(back.says)).toContain(en.round.alreadyCompleted);
    expect(only(back.says)).toContain(`${en.call.eraseHint} ${en.call.goodbye}`);
    expect(back.gather).not.toBeNull();
    const pending = (await h.deps.voiceJobs.unfinished()).filter((j) => j.answer?.respondentCode === code());
    expect(pending).toHaveLength(2); // the two recordings, not yet fetched
    expect(only((await call.press('0')).says)).toContain(en.call.eraseConfirm);
    const erased = await call.press('1');
    expect(only(erased.says)).toBe(`${en.call.erased} ${en.call.goodbye}`);
    expect(erased.hangup).toBe(true);
    expect(await answersUnder('demo', code())).toEqual([]);
    const contactKey = h.deps.protector.contactKey(caller);
    expect((await h.deps.store.loadParticipant(contactKey)).sessions).toEqual([]);
    for (const job of pending) expect(await h.deps.voiceJobs.get(job.jobId)).toMatchObject({ status: 'unsupported', answer: null });
  });

  it('a silence after the hint ends the call; a caller midway hears no hint; after erasing, the next call starts afresh', async () => {
    const other = '+32470930002';
    const first = new PhoneCall(h, other, SERVICE_NUMBER);
    await first.start();
    await first.press('3');
    await first.press('1');
    await first.press('5');
    const midway = await new PhoneCall(h, other, SERVICE_NUMBER).start();
    expect(only(midway.says)).not.toContain(en.call.eraseHint); // a question is waiting: no goodbye, no hint
    // The rest as it comes: a key where keys are asked for, a few words where it records; to the end.
    for (let turn = 0; turn < 12 && !first.last?.hangup; turn++) await (first.last?.record ? first.record(5) : first.press('1'));
    expect(first.last?.hangup).toBe(true);
    const back = new PhoneCall(h, other, SERVICE_NUMBER);
    expect(only((await back.start()).says)).toContain(en.call.eraseHint);
    const quiet = await back.silence();
    expect(quiet).toMatchObject({ says: [], hangup: true });
    expect((await answersUnder('demo', h.deps.protector.respondentCode('demo', other))).length).toBeGreaterThan(4);
    const again = new PhoneCall(h, other, SERVICE_NUMBER);
    await again.start();
    await again.press('0');
    await again.press('1');
    expect(await answersUnder('demo', h.deps.protector.respondentCode('demo', other))).toEqual([]);
    const afresh = await new PhoneCall(h, other, SERVICE_NUMBER).start();
    expect(only(afresh.says)).not.toContain(en.call.eraseHint);
    expect(only(afresh.says)).toContain(en.consent.promise); // still enrolled: the open round starts afresh
  });
});
