import { describeProblem, readTurn } from './call-answer.js';
import type { CallLog, You } from './call-log.js';
import type { CallRecorder, Recording } from './call-recorder.js';
import type { Speaker } from './call-speaker.js';
import { type Call, type CallState, type Live, live } from './call-state.js';
import type { CallView } from './call-view.js';
import { el, errorPart, fieldsOf, issuesOf, minutes, type PhoneField, parseJson } from './common.js';

/**
 * The phone call's turns: each is one POST to /simulator/api/call (JSON, or multipart form data with a
 * recording), and its answer is shown, spoken and listened to. Calling, hanging up, keys, silence.
 */

const API = '/simulator/api/call';

export function postJson(body: Record<string, string | null>): () => Promise<Response> {
  return () => fetch(API, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' }, body: JSON.stringify(body) });
}

export interface CallTurnsDeps {
  state: CallState;
  log: CallLog;
  speaker: Speaker;
  field: Pick<PhoneField, 'phone' | 'showFieldErrors' | 'clearFieldErrors'>;
  view: CallView;
  recorder: Pick<CallRecorder, 'active' | 'stop'>;
  serviceNumberEl: HTMLElement;
  startEl: HTMLButtonElement;
  keys: HTMLButtonElement[];
}

export interface CallTurns {
  /** One turn: post it, then show and speak what the service said, and listen as its TwiML says. */
  turn(current: Call, request: () => Promise<Response>, you: You | null): Promise<void>;
  startCall(): void;
  hangUp(): void;
  sendSilence(shown: string): void;
  pressKey(k: string): void;
  sendRecording(rec: Recording, blob: Blob, seconds: number, filename: string): void;
}

export function callTurns(d: CallTurnsDeps): CallTurns {
  const { state, log, speaker, field, view } = d;

  async function turn(current: Call, request: () => Promise<Response>, you: You | null): Promise<void> {
    current.busy = true;
    state.typed = '';
    view.update();
    try {
      const res = await request();
      const raw = await res.text();
      const json = parseJson(raw);
      if (state.call !== current) return; // hung up meanwhile: what the service said is not heard
      const answer = res.ok ? readTurn(json) : null;
      if (answer) {
        if (you) you.state.textContent = '✓';
        field.clearFieldErrors();
        current.sid = answer.callSid;
        answer.says.forEach(log.addSaid);
        if (answer.says.length === 0) log.note('info', '(the service said nothing)');
        if (answer.says.length > 0) state.lastSays = answer.says;
        current.listen = answer.listen;
        if (answer.listen.kind === 'end') {
          current.ended = true;
          log.note('info', '📵 The service hung up.');
        }
        speaker.speak(answer.says);
      } else {
        if (you) you.state.textContent = 'not delivered ⚠';
        const body = fieldsOf(json);
        log.note('error', describeProblem(res.status, json ? body : { title: raw.slice(0, 200) }));
        if (Array.isArray(body.errors)) field.showFieldErrors(issuesOf(body.errors));
        if (!current.sid) state.call = null; // the call never started
      }
    } catch (err) {
      if (state.call !== current) return;
      if (you) you.state.textContent = 'not delivered ⚠';
      log.note('error', `Network error: the simulator server could not be reached (${errorPart(err, 'message')}).`);
      if (!current.sid) state.call = null;
    } finally {
      current.busy = false;
      view.update();
      view.refocus();
    }
  }

  function startCall(): void {
    if (state.call && !state.call.ended) return;
    const ph = field.phone();
    field.clearFieldErrors();
    speaker.hush();
    state.hungUp = false;
    state.lastSays = [];
    state.calls++;
    log.note('info', `📞 Call ${state.calls}: ${ph || '(no number)'} calls ${d.serviceNumberEl.textContent ?? ''}`);
    const call: Call = { sid: null, phone: ph, listen: null, busy: false, ended: false };
    state.call = call;
    void turn(call, postJson({ phone: ph }), null);
  }

  function hangUp(): void {
    if (!state.call) return;
    speaker.hush();
    const recording = d.recorder.active();
    if (recording) {
      recording.discard = true;
      d.recorder.stop();
    }
    const wasEnded = state.call.ended;
    state.call = null;
    state.typed = '';
    if (!wasEnded) {
      state.hungUp = true;
      log.note('info', '📵 You hung up. Call again to go on where you left off.');
    }
    view.update();
    d.startEl.focus();
  }

  function sendKeys({ call: current, listen }: Live, digits: string, shown: string): void {
    speaker.hush(); // a key interrupts the prompts, as in a <Gather>
    const you = log.addYou(`⌨ ${shown}`, listen.kind === 'number' ? 'number' : 'key');
    void turn(current, postJson({ phone: current.phone, callSid: current.sid, url: listen.input, digits }), you);
  }

  function sendSilence(shown: string): void {
    const current = state.call;
    if (!current || !current.listen || !current.listen.silence) return;
    speaker.hush();
    const you = log.addYou(shown, 'silence');
    void turn(current, postJson({ phone: current.phone, callSid: current.sid, url: current.listen.silence }), you);
  }

  function flash(k: string): void {
    const b = d.keys.find((x) => x.getAttribute('data-key') === k);
    if (!b) return;
    b.classList.add('pressed');
    setTimeout(() => b.classList.remove('pressed'), 150);
  }

  function pressKey(k: string): void {
    const now = live(state);
    if (!now || now.listen.kind === 'end') return;
    flash(k);
    const l = now.listen;
    const finish = l.finishOnKey || '';
    if (l.kind === 'record') {
      if (finish.includes(k)) {
        const recording = d.recorder.active();
        if (recording) {
          recording.finishedOnKey = k;
          d.recorder.stop();
        } else sendSilence(`⌨ ${k} (nothing recorded)`);
      } else {
        log.note('info', `Key ${k} does nothing here: the <Record> only stops on ${finish || 'no key'}.`);
      }
      return;
    }
    if (finish.includes(k)) {
      // An empty <Gather> (only the finishing key) does not call its action: Twilio goes on to the <Redirect>.
      if (state.typed === '') sendSilence(`⌨ ${k} (nothing typed)`);
      else sendKeys(now, state.typed + k, state.typed + k);
      return;
    }
    state.typed += k;
    if (state.typed.length >= (l.numDigits || 1)) sendKeys(now, state.typed, state.typed);
    else view.update();
  }

  function sendRecording({ call: current, listen, finishedOnKey }: Recording, blob: Blob, seconds: number, filename: string): void {
    const you = log.addYou(`🎙 recorded answer (${minutes(seconds)})${finishedOnKey ? ` ${finishedOnKey}` : ''}`, 'record');
    const audio = el('audio', {
      controls: '',
      preload: 'metadata',
      src: URL.createObjectURL(blob),
      'data-testid': 'call-audio',
      'aria-label': 'Play your recorded answer',
    });
    you.bubble.appendChild(audio);
    const form = new FormData();
    form.append('phone', current.phone);
    form.append('callSid', String(current.sid));
    form.append('url', String(listen.input));
    form.append('duration', String(Math.max(1, Math.round(seconds))));
    if (finishedOnKey) form.append('digits', finishedOnKey);
    form.append('file', blob, filename);
    void turn(current, () => fetch(API, { method: 'POST', headers: { accept: 'application/json' }, body: form }), you);
  }

  return { turn, startCall, hangUp, sendSilence, pressKey, sendRecording };
}
