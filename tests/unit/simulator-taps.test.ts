import { describe, expect, it } from 'vitest';
import { LocalOutbox } from '../../adapters/local/local-outbox.js';
import { LocalTapMessenger } from '../../adapters/local/local-tap-messenger.js';
import { contentRequest, LIMITS } from '../../adapters/twilio/content-types.js';
import type { TapChoices } from '../../core/model.js';
import { simulatorRoutes, tapParams } from '../../local/simulator/routes.js';
import fixture from '../fixtures/twilio/messages-whatsapp.json' with { type: 'json' };

/**
 * The local stand-in for Twilio's REST path of a turn with answers to tap (adapters/local/local-tap-messenger.ts)
 * and the simulator's side of a tap (local/simulator/routes.ts): what is kept is what the Twilio adapter would
 * send (buttons or a list, titles fitted by content-types.ts), in order, per number, in memory; a tap is
 * posted with the parameters Twilio's recorded webhooks carry (tests/fixtures/twilio/messages-whatsapp.json).
 */

const TO = '+32470123456';
const FROM = '+3225550100';
const choices = (titles: string[], language = 'ar'): TapChoices => ({
  language,
  options: titles.map((title, i) => ({ id: `t1:end_evaluation:2:future:${i + 1}`, title })),
  listButton: 'اختر',
});

describe('the local TapMessenger', () => {
  it('keeps a turn as Twilio would send it: the text before, the voice note, then the buttons, in order and once', async () => {
    const outbox = new LocalOutbox(() => new Date('2026-12-01T10:00:00Z'));
    const taps = new LocalTapMessenger(outbox);
    const before = outbox.lastId();
    expect(await taps.sendLead({ to: TO, from: FROM, body: 'مرحبا' })).toEqual({ ok: true });
    expect(
      await taps.sendLead({ to: TO, from: FROM, mediaUrl: 'https://stem.example/media/voice/o/s/2/consent/ar.ogg?exp=1&sig=x', medium: 'voice-note' }),
    ).toEqual({ ok: true });
    expect(await taps.send({ to: TO, from: FROM, body: 'هل تريد المشاركة؟', choices: choices(['نعم', 'لا']) })).toEqual({ ok: true });
    await outbox.send({ channel: 'sms', to: '+32470999999', text: 'someone else' });
    const kept = outbox.since(TO, before);
    expect(kept.map((m) => [m.reply, m.text, m.voiceNote !== null, m.taps?.kind ?? null])).toEqual([
      [true, 'مرحبا', false, null],
      [true, '', true, null],
      [true, 'هل تريد المشاركة؟', false, 'buttons'],
    ]);
    expect(kept.map((m) => m.id)).toEqual([before + 1, before + 2, before + 3]);
    expect(kept[2]?.taps).toEqual({
      kind: 'buttons',
      language: 'ar',
      buttons: [
        { id: 't1:end_evaluation:2:future:1', title: 'نعم' },
        { id: 't1:end_evaluation:2:future:2', title: 'لا' },
      ],
    });
    expect(outbox.since(TO, before + 3)).toEqual([]);
    expect(outbox.list('+32470999999').map((m) => [m.reply, m.taps])).toEqual([[false, null]]);
  });

  it('fits and chooses exactly as the Twilio adapter: long titles cut, more than three as a list with the whole title as description', async () => {
    const outbox = new LocalOutbox();
    const taps = new LocalTapMessenger(outbox);
    const three = ['Alles zo houden zoals het nu is', 'Houden, maar enkele dingen veranderen', 'Anders'];
    await taps.send({ to: TO, from: FROM, body: 'Wat moeten we doen?', choices: choices(three, 'nl') });
    const buttons = outbox.list(TO).at(-1)?.taps;
    const twilio = contentRequest('Wat moeten we doen?', choices(three, 'nl'))?.types;
    expect(buttons?.kind).toBe('buttons');
    expect(buttons?.kind === 'buttons' && buttons.buttons.map((b) => b.title)).toEqual(
      twilio && 'twilio/quick-reply' in twilio && twilio['twilio/quick-reply'].actions.map((a) => a.title),
    );
    for (const b of buttons?.kind === 'buttons' ? buttons.buttons : []) expect(b.title.length).toBeLessThanOrEqual(LIMITS.buttonTitle);
    expect(buttons?.kind === 'buttons' && buttons.buttons[1]?.title.endsWith('…')).toBe(true);

    const five = ['1 😞', '2 🙁', '3 😐', '4 🙂', 'Een heel lang antwoord dat niet in een lijst past'];
    await taps.send({ to: TO, from: FROM, body: 'Hoeveel energie?', choices: choices(five, 'nl') });
    const list = outbox.list(TO).at(-1)?.taps;
    if (list?.kind !== 'list') throw new Error('five answers are a list');
    expect(list.button).toBe('اختر');
    expect(list.items).toHaveLength(5);
    expect(list.items[4]?.title.length).toBeLessThanOrEqual(LIMITS.itemTitle);
    expect(list.items[4]?.description).toBe('Een heel lang antwoord dat niet in een lijst past');
    expect(list.items[0]).toEqual({ id: 't1:end_evaluation:2:future:1', title: '1 😞' });
  });

  it('refuses what WhatsApp cannot show (eleven answers, an empty title) and keeps nothing: the turn goes as numbered text', async () => {
    const outbox = new LocalOutbox();
    const taps = new LocalTapMessenger(outbox);
    const eleven = Array.from({ length: 11 }, (_, i) => String(i + 1));
    expect(await taps.send({ to: TO, from: FROM, body: 'Kies', choices: choices(eleven) })).toMatchObject({ ok: false });
    expect(await taps.send({ to: TO, from: FROM, body: 'Kies', choices: choices(['Ja', '   ']) })).toMatchObject({ ok: false });
    expect(await taps.send({ to: TO, from: FROM, body: '', choices: choices(['Ja', 'Nee']) })).toMatchObject({ ok: false });
    expect(outbox.count()).toBe(0);
  });
});

describe("the simulator's tap", () => {
  const recorded = (name: string): Record<string, string> => {
    const found = fixture.cases.find((c) => c.name.startsWith(name));
    if (!found) throw new Error(`no recorded case ${name}`);
    return Object.fromEntries(Object.entries(found.params).filter(([key]) => /^(MessageType|Button|List)/.test(key)));
  };

  it("is posted with the parameters of Twilio's recorded button and list webhooks", () => {
    expect(tapParams({ kind: 'button', id: 'consent:yes', title: 'Oui' })).toEqual(recorded('whatsapp quick-reply button'));
    expect(tapParams({ kind: 'list', id: 'consent:yes', title: 'Oui' })).toEqual(recorded('whatsapp interactive list reply'));
  });

  it('is validated: WhatsApp only, its title as the text, within WhatsApp limits, an id, a known kind', async () => {
    let reached = 0;
    const app = simulatorRoutes({
      publicUrl: 'http://localhost:1',
      twilioAuthToken: 'unit-token',
      serviceNumber: FROM,
      // Nothing is posted here: a request that passes validation stops at the webhook's address.
      webhookOrigin: () => {
        reached++;
        throw new Error('valid: stopped before the webhook');
      },
    });
    const post = async (body: unknown) => {
      const res = await app.request('/simulator/api/send', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      const json = (await res.json().catch(() => ({}))) as { errors?: Array<{ field: string }> };
      return { status: res.status, fields: json.errors?.map((e) => e.field) ?? [] };
    };
    const base = { channel: 'whatsapp', phone: TO, text: 'Oui', tap: { kind: 'button', id: 't1:s:1:q:yes', title: 'Oui' } };
    expect(await post({ ...base, channel: 'sms' })).toEqual({ status: 400, fields: ['tap'] });
    expect(await post({ ...base, text: 'Non' })).toEqual({ status: 400, fields: ['text'] });
    expect(await post({ ...base, buttonPayload: 'x' })).toEqual({ status: 400, fields: ['buttonPayload'] });
    expect(await post({ ...base, text: 'x'.repeat(21), tap: { ...base.tap, title: 'x'.repeat(21) } })).toEqual({ status: 400, fields: ['tap.title'] });
    expect(await post({ ...base, tap: { ...base.tap, id: '' } })).toEqual({ status: 400, fields: ['tap.id'] });
    expect(await post({ ...base, tap: { ...base.tap, id: 'x'.repeat(LIMITS.id + 1) } })).toEqual({ status: 400, fields: ['tap.id'] });
    expect((await post({ ...base, tap: { ...base.tap, kind: 'reaction' } })).status).toBe(400);
    expect(reached).toBe(0);
    // A list item's title may be longer than a button's (24): valid, so it goes on to the webhook.
    expect((await post({ ...base, text: 'x'.repeat(24), tap: { kind: 'list', id: 'a', title: 'x'.repeat(24) } })).status).toBe(500);
    expect(reached).toBe(1);
  });
});
