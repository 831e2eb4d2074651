import type { Said } from './call-answer.js';
import type { CallLog } from './call-log.js';
import { el } from './common.js';

/**
 * The phone-call simulator's voice: texts said by speechSynthesis, each in its language, and recorded
 * prompts played by their <audio>, in order; hush() stops them.
 */

export interface Speaker {
  /** Say and play the prompts in order: texts by speechSynthesis, recorded prompts by their <audio>. */
  speak(says: Said[]): void;
  hush(): void;
}

const norm = (tag: string | null): string =>
  String(tag || '')
    .replace(/_/g, '-')
    .toLowerCase();
/** "arb" (Modern Standard Arabic, as Polly calls it) is "ar" to a browser. */
function primary(tag: string | null): string {
  const p = norm(tag).split('-')[0];
  return p === 'arb' ? 'ar' : (p ?? '');
}

/** Call next() once, when the utterance ends, or after about as long as it takes to say (no audio out). */
function after(u: SpeechSynthesisUtterance | null, text: string, next: () => void): void {
  let done = false;
  const go = (): void => {
    if (!done) {
      done = true;
      next();
    }
  };
  if (u) {
    u.addEventListener('end', go);
    u.addEventListener('error', go);
  }
  setTimeout(go, u ? 1000 + text.length * 90 : 0);
}

/** The speaker; note() says once when the browser cannot speak. */
export function createSpeaker(note: CallLog['note']): Speaker {
  const synth: SpeechSynthesis | null = 'speechSynthesis' in window ? window.speechSynthesis : null;
  let toldNoVoice = false;
  /** Bumped by hush(): a sequence of prompts stops when a newer one (or silence) replaces it. */
  let spoken = 0;
  let playing: HTMLAudioElement | null = null;

  function voiceFor(lang: string | null): SpeechSynthesisVoice | null {
    if (!synth || !lang) return null;
    const voices = synth.getVoices() || [];
    const exact = voices.find((v) => norm(v.lang) === norm(lang));
    if (exact) return exact;
    return voices.find((v) => primary(v.lang) === primary(lang)) || null;
  }
  function hush(): void {
    spoken++;
    if (synth) synth.cancel();
    if (playing) {
      playing.pause();
      playing = null;
    }
  }
  /** Queue texts on speechSynthesis (it says them in order), each in its own language; the last utterance. */
  function sayAll(batch: Said[]): SpeechSynthesisUtterance | null {
    if (!synth || typeof window.SpeechSynthesisUtterance !== 'function') {
      if (!toldNoVoice) {
        toldNoVoice = true;
        note('info', 'This browser cannot speak: read the prompts instead.');
      }
      return null;
    }
    let last: SpeechSynthesisUtterance | null = null;
    for (const s of batch) {
      const u = new SpeechSynthesisUtterance(s.text);
      u.lang = s.language || 'en';
      const v = voiceFor(s.language);
      if (v) u.voice = v;
      synth.speak(u);
      last = u;
    }
    return last;
  }
  function speak(says: Said[]): void {
    hush();
    const run = spoken;
    let i = 0;
    const step = (): void => {
      if (run !== spoken || i >= says.length) return;
      const batch: Said[] = [];
      // The texts up to the next recorded prompt, queued on speechSynthesis together.
      for (let s = says[i]; s && !s.play; s = says[++i]) batch.push(s);
      if (batch.length > 0) {
        const last = sayAll(batch);
        if (i < says.length) after(last, batch.map((s) => s.text).join(' '), step);
        return;
      }
      const s = says[i++];
      if (!s) return;
      const audio = s.audio ?? el('audio', { src: s.play });
      playing = audio;
      let done = false;
      const go = (): void => {
        if (!done) {
          done = true;
          if (playing === audio) playing = null;
          step();
        }
      };
      audio.addEventListener('ended', go, { once: true });
      audio.addEventListener('error', go, { once: true });
      try {
        audio.currentTime = 0;
      } catch {
        // Not loaded yet.
      }
      audio.play().catch(go);
    };
    step();
  }
  // Chromium loads its voices on the first getVoices(); they are read again at each prompt.
  synth?.getVoices();

  return { speak, hush };
}
