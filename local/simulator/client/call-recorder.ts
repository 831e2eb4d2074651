import type { Listen } from './call-answer.js';
import type { CallLog } from './call-log.js';
import { type Call, type CallState, listening, live } from './call-state.js';
import { errorPart, minutes } from './common.js';

/** The phone-call simulator's microphone: recording an answer where a <Record> listens. */

export interface Recording {
  recorder: MediaRecorder;
  chunks: Blob[];
  started: number;
  timer: number | undefined;
  /** Hung up meanwhile: the recording is not sent. */
  discard: boolean;
  finishedOnKey: string | null;
  call: Call;
  listen: Listen;
}

export interface CallRecorderDeps {
  recordEl: HTMLButtonElement;
  stopEl: HTMLButtonElement;
  recTimeEl: HTMLElement;
  state: CallState;
  note: CallLog['note'];
  hush(): void;
  update(): void;
  refocus(): void;
  /** Sends what was recorded, as the answer to rec.listen. */
  send(rec: Recording, blob: Blob, seconds: number, filename: string): void;
}

export interface CallRecorder {
  /** The recording going on, or null; finishedOnKey and discard are set on it before stop(). */
  active(): Recording | null;
  start(): void;
  stop(): void;
}

const RECORD_TYPES = ['audio/ogg;codecs=opus', 'audio/webm;codecs=opus', 'audio/ogg', 'audio/webm'];
const MAX_RECORD_MS = 180 * 1000;

export function callRecorder(d: CallRecorderDeps): CallRecorder {
  let recording: Recording | null = null;

  function showRecording(): void {
    const rec = recording;
    if (!rec) {
      d.recTimeEl.textContent = '';
      return;
    }
    const elapsed = Date.now() - rec.started;
    d.recTimeEl.textContent = `Recording ${minutes(elapsed / 1000)}`;
    if (elapsed >= MAX_RECORD_MS) stop();
  }

  function start(): void {
    const now = live(d.state);
    if (recording || !now || now.listen.kind !== 'record') return;
    const { call: current, listen } = now;
    if (!navigator.mediaDevices || typeof navigator.mediaDevices.getUserMedia !== 'function' || typeof MediaRecorder === 'undefined') {
      d.note('error', 'This browser cannot record here (the microphone needs https or localhost, and MediaRecorder). Use "Say nothing" instead.');
      return;
    }
    d.hush();
    d.recordEl.disabled = true;
    navigator.mediaDevices
      .getUserMedia({ audio: true })
      .then((stream) => {
        if (d.state.call !== current || listening(d.state) !== 'record') {
          for (const t of stream.getTracks()) t.stop();
          d.update();
          return;
        }
        const type = RECORD_TYPES.find((candidate) => MediaRecorder.isTypeSupported(candidate));
        const recorder = type ? new MediaRecorder(stream, { mimeType: type }) : new MediaRecorder(stream);
        const rec: Recording = { recorder, chunks: [], started: Date.now(), timer: undefined, discard: false, finishedOnKey: null, call: current, listen };
        recorder.addEventListener('dataavailable', (e) => {
          if (e.data && e.data.size > 0) rec.chunks.push(e.data);
        });
        recorder.addEventListener('stop', () => {
          clearInterval(rec.timer);
          for (const t of stream.getTracks()) t.stop();
          recording = null;
          showRecording();
          d.update();
          if (rec.discard || d.state.call !== rec.call) return;
          const seconds = (Date.now() - rec.started) / 1000;
          const mime = recorder.mimeType || type || 'audio/webm';
          const blob = new Blob(rec.chunks, { type: mime });
          if (blob.size === 0) {
            d.note('error', 'Nothing was recorded: check the microphone and try again.');
            d.refocus();
            return;
          }
          d.send(rec, blob, seconds, `answer.${mime.includes('ogg') ? 'ogg' : 'webm'}`);
        });
        recorder.start(250);
        recording = rec;
        rec.timer = setInterval(showRecording, 250);
        showRecording();
        d.update();
        d.stopEl.focus();
      })
      .catch((err: unknown) => {
        d.update();
        d.note('error', `The microphone is not available (${errorPart(err, 'name')}): allow it for this page, or use "Say nothing".`);
      });
  }

  function stop(): void {
    if (recording && recording.recorder.state !== 'inactive') recording.recorder.stop();
  }

  return { active: () => recording, start, stop };
}
