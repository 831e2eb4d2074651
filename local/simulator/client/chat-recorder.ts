import type { ChatSender } from './chat-send.js';
import type { Channel } from './chat-thread.js';
import { errorPart, minutes } from './common.js';

/** The participant simulator's voice notes: recording one with the microphone, and an audio file's length. */

/** The microphone recording in progress. */
interface Recording {
  recorder: MediaRecorder;
  stream: MediaStream;
  chunks: Blob[];
  started: number;
  ch: Channel;
  ph: string;
  timer: number | undefined;
}

const MAX_RECORD_MS = 10 * 60 * 1000;
const RECORD_TYPES = ['audio/ogg;codecs=opus', 'audio/webm;codecs=opus', 'audio/ogg', 'audio/webm'];

/** The length of an audio file, read from its metadata by the browser; NaN when it cannot tell (soon). */
export function audioLength(url: string): Promise<number> {
  return new Promise((resolve) => {
    const probe = document.createElement('audio');
    let done = false;
    const finish = (value: number): void => {
      if (!done) {
        done = true;
        probe.removeAttribute('src');
        resolve(value);
      }
    };
    probe.preload = 'metadata';
    probe.addEventListener('loadedmetadata', () => finish(probe.duration));
    probe.addEventListener('error', () => finish(Number.NaN));
    setTimeout(() => finish(Number.NaN), 3000);
    probe.src = url;
  });
}

/** The composer's recording controls (../page.ts). */
export interface RecordControls {
  recordEl: HTMLButtonElement;
  stopEl: HTMLButtonElement;
  fileEl: HTMLInputElement;
  recTimeEl: HTMLElement;
  uploadEl: HTMLLabelElement;
}

export interface ChatRecorderDeps {
  channel(): Channel;
  phone(): string;
  sender: Pick<ChatSender, 'noteIn' | 'sendVoice'>;
}

export interface ChatRecorder {
  start(): void;
  stop(): void;
}

/** Records a voice note for the thread selected when it starts, and sends it when it stops. */
export function chatRecorder(c: RecordControls, d: ChatRecorderDeps): ChatRecorder {
  let recording: Recording | null = null;

  function showRecording(): void {
    const rec = recording;
    c.recordEl.hidden = rec !== null;
    c.stopEl.hidden = rec === null;
    c.fileEl.disabled = rec !== null;
    c.uploadEl.hidden = rec !== null;
    if (!rec) {
      c.recTimeEl.textContent = '';
      c.recordEl.disabled = false;
      return;
    }
    const elapsed = Date.now() - rec.started;
    c.recTimeEl.textContent = `Recording ${minutes(elapsed / 1000)}`;
    if (elapsed >= MAX_RECORD_MS) stop();
  }

  function start(): void {
    if (recording) return;
    const ch = d.channel();
    const ph = d.phone();
    if (!navigator.mediaDevices || typeof navigator.mediaDevices.getUserMedia !== 'function' || typeof MediaRecorder === 'undefined') {
      d.sender.noteIn(
        ch,
        ph,
        'error',
        'This browser cannot record here (the microphone needs https or localhost, and MediaRecorder). Upload an audio file instead.',
      );
      return;
    }
    c.recordEl.disabled = true;
    navigator.mediaDevices
      .getUserMedia({ audio: true })
      .then((stream) => {
        const type = RECORD_TYPES.find((candidate) => MediaRecorder.isTypeSupported(candidate));
        const recorder = type ? new MediaRecorder(stream, { mimeType: type }) : new MediaRecorder(stream);
        const rec: Recording = { recorder, stream, chunks: [], started: Date.now(), ch, ph, timer: undefined };
        recorder.addEventListener('dataavailable', (e) => {
          if (e.data && e.data.size > 0) rec.chunks.push(e.data);
        });
        recorder.addEventListener('stop', () => {
          clearInterval(rec.timer);
          for (const track of stream.getTracks()) track.stop();
          const seconds = (Date.now() - rec.started) / 1000;
          const mime = recorder.mimeType || type || 'audio/webm';
          recording = null;
          showRecording();
          c.recordEl.focus();
          const blob = new Blob(rec.chunks, { type: mime });
          if (blob.size === 0) {
            d.sender.noteIn(rec.ch, rec.ph, 'error', 'Nothing was recorded: check the microphone and try again.');
            return;
          }
          d.sender.sendVoice(rec.ch, rec.ph, blob, seconds, `voice-note.${mime.includes('ogg') ? 'ogg' : 'webm'}`);
        });
        recorder.start(250);
        recording = rec;
        rec.timer = setInterval(showRecording, 250);
        showRecording();
        c.stopEl.focus();
      })
      .catch((err: unknown) => {
        c.recordEl.disabled = false;
        d.sender.noteIn(ch, ph, 'error', `The microphone is not available (${errorPart(err, 'name')}): allow it for this page, or upload an audio file.`);
      });
  }

  function stop(): void {
    if (recording && recording.recorder.state !== 'inactive') recording.recorder.stop();
  }

  return { start, stop };
}
