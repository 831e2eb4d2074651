/**
 * Person names, where the sentence says a name follows:
 * - introductions: "mijn naam is", "ik heet", "je m'appelle", "mon nom est", "my name is", "benim adım",
 *   "мене звати", "اسمي", "اسم من", "ስመይ" — then one or two name words;
 * - "ik ben", "je suis", "I am", "I'm" — only before a capitalised word that is not a nationality, religion,
 *   feeling or other common word ("I'm Happy", "je suis Belge", "ik ben Syriër" stay);
 * - titles: meneer, mevrouw, dokter, monsieur, madame, Mr, Mrs, Dr, السيد, السيدة, آقای, ኣቶ …; Turkish
 *   "Ahmet Bey", "Ayşe Hanım" (the title after the name);
 * - staff named with their role: "mijn maatschappelijk werker Sofie", "mon assistante sociale Julie".
 * In cased scripts a name word is capitalised (Jan, Van den Broeck, Jean-Pierre); in Arabic, Persian and
 * Tigrinya, which have no capitals, it is the next word that is not a common word (see uncasedNameAt).
 */
import { alternatives, capitalOptional, keyOf, START, type Span } from './redact-text.js';
import { COMMON_WORDS, UNCASED_STOP } from './redact-name-words.js';

/**
 * intro: says a name follows, a lower-case word is taken too ("my name is ahmed"); named: a name follows
 * if capitalised ("call me Jo", but "call me back"); self: "I am" …; title; role.
 */
type Trigger = 'intro' | 'named' | 'self' | 'title' | 'role';

const CASED_TRIGGERS: Readonly<Record<Trigger, readonly string[]>> = {
  intro: [
    'mijn naam is', 'ik heet', 'mijn voornaam is', 'mijn achternaam is', 'mijn familienaam is',
    "je m'appelle", "j'm'appelle", "je m'apelle", 'mon nom est', "mon nom c'est", 'mon prénom est', "mon prénom c'est",
    'mon nom de famille est', 'my name is', "my name's", 'my first name is', 'my surname is', 'my last name is',
    'benim adım', 'ismim', 'benim ismim', 'мене звати', 'мене звуть', "моє ім'я", 'меня зовут', 'моё имя', 'мое имя',
  ],
  named: ['mijn naam', 'noem me', 'ze noemen me', "moi c'est", "on m'appelle", "i'm called", 'i am called', 'call me', 'adım',
    'adım soyadım', 'моє прізвище', 'моя фамилия'],
  self: ['ik ben', 'je suis', 'i am', "i'm"],
  title: [
    'meneer', 'mijnheer', 'mnr.', 'mnr', 'mevrouw', 'mevr.', 'mevr', 'mw.', 'juffrouw', 'juf', 'dokter', 'dr.', 'dr',
    'monsieur', 'madame', 'mademoiselle', 'mme', 'mlle', 'docteur', 'maître', 'maitre',
    'mr.', 'mr', 'mrs.', 'mrs', 'ms.', 'ms', 'miss', 'mister', 'doctor',
    'bay', 'bayan', 'sayın', 'пан', 'пані', 'пане', 'лікар', 'лікарка', 'доктор', 'господин', 'госпожа',
  ],
  role: [
    'maatschappelijk werker', 'maatschappelijk werkster', 'maatschappelijk assistent', 'maatschappelijk assistente',
    'maatschappelijke assistente', 'sociaal assistent', 'sociaal assistente', 'sociaal werker', 'assistent', 'assistente',
    'begeleider', 'begeleidster', 'consulent', 'consulente', 'trajectbegeleider',
    'assistant social', 'assistante sociale', 'assistant', 'assistante', 'conseiller', 'conseillère', 'éducateur', 'éducatrice',
    'social worker', 'caseworker', 'case worker', 'counsellor', 'counselor', 'advisor', 'adviser',
    'sosyal görevli', 'соціальний працівник', 'соціальна працівниця',
  ],
};

const UNCASED_TRIGGERS: Readonly<Record<'intro' | 'title', readonly string[]>> = {
  intro: ['اسمي', 'إسمي', 'اسمى', 'اسم عائلتي', 'ينادونني', 'اسم من', 'اسمم', 'نام من', 'نامم', 'ስመይ', 'ስመይ ድማ'],
  title: ['السيد', 'السيدة', 'الأستاذ', 'الأستاذة', 'الدكتور', 'الدكتورة', 'مدام', 'الآنسة', 'آقای', 'خانم دکتر', 'دکتر', 'ኣቶ', 'ወይዘሮ', 'ወይዘሪት', 'ዶክተር'],
};

function triggerRegex(words: readonly string[]): RegExp {
  return new RegExp(`${START}(?:${alternatives(words)})(?![\\p{L}\\p{M}])`, 'giu');
}

const CASED: ReadonlyArray<readonly [Trigger, RegExp]> = (Object.keys(CASED_TRIGGERS) as Trigger[]).map((t) => [t, triggerRegex(CASED_TRIGGERS[t])]);
const UNCASED_INTRO = triggerRegex(UNCASED_TRIGGERS.intro);
const UNCASED_TITLE = triggerRegex(UNCASED_TRIGGERS.title);

/** A capitalised name word: a capital then a small letter (not "I", not "OCMW"); Jean-Pierre, El-Amrani. */
const NAME_WORD = String.raw`\p{Lu}\p{Ll}[\p{L}\p{M}]{0,30}(?:[-'][\p{L}\p{M}]{1,30}){0,3}`;
const PARTICLES = String.raw`(?:(?:${['van', 'de', 'der', 'den', 'da', 'di', 'du', 'le', 'la', 'el', 'al', 'ben', 'bin', 'ibn', 'abu', 'von', 'ter', 'ten', 'dos', 'das', 'del', 'vande', 'vanden'].map(capitalOptional).join('|')}) {1,2}){0,3}`;

/** After a trigger: optional ":" or ",", then a name of one or two name words (particles between). */
const CASED_NAME = new RegExp(String.raw` {0,2}[:,]? {0,2}(${PARTICLES}${NAME_WORD})(?: {1,2}(${PARTICLES}${NAME_WORD}))?`, 'uy');
/** After "ik ben", "je suis", "I am": the name starts with its capital (no "ik ben van Marokko"). */
const SELF_NAME = new RegExp(String.raw` {1,2}(${NAME_WORD})(?: {1,2}(${PARTICLES}${NAME_WORD}))?`, 'uy');
/** After an introduction, a lower-case word the transcriber did not capitalise ("my name is ahmed"). */
const LOWER_NAME = new RegExp(String.raw` {0,2}:? {0,2}(\p{Ll}[\p{L}\p{M}'-]{1,30})(?![\p{L}\p{M}\p{N}])`, 'uy');
/** Turkish titles after the name: Ahmet Bey, Ayşe Hanım. */
const TR_POSTFIX = new RegExp(String.raw`${START}(?:(${NAME_WORD}) )?(${NAME_WORD}) (?:Bey|Hanım|Hanim|Hoca|Abla|Abi)(?![\p{L}\p{M}])`, 'gu');

const UNCASED_WORD = new RegExp(String.raw` {0,2}[:،,]? {0,2}([\p{L}\p{M}]{2,30})(?: ([\p{L}\p{M}]{2,30}))?`, 'uy');
/** "اسم من علی رضایی است", "ስመይ ሳባ ተስፋይ እዩ": a word that closes the name, so both words before it are the name. */
const NAME_END = new RegExp(String.raw` (?:${alternatives(['است', 'هست', 'هستم', 'اس', 'እዩ', 'እየ', 'ይበሃል'])})(?![\p{L}\p{M}])`, 'uy');

const isCommon = (word: string): boolean => COMMON_WORDS.has(keyOf(word));
/** The last word of a name part (after its particles) decides whether it is a name. */
const lastWord = (part: string): string => part.split(/ +/).pop() ?? part;

function casedNameAt(view: string, from: number, trigger: Trigger): Span | undefined {
  const re = trigger === 'self' ? SELF_NAME : CASED_NAME;
  re.lastIndex = from;
  const m = re.exec(view);
  const first = m?.[1];
  if (m && first && !isCommon(lastWord(first))) {
    const startOfName = m.index + m[0].indexOf(first);
    const second = m[2];
    const end = second && !isCommon(lastWord(second)) ? m.index + m[0].length : startOfName + first.length;
    return { start: startOfName, end };
  }
  if (trigger !== 'intro') return undefined;
  LOWER_NAME.lastIndex = from;
  const lower = LOWER_NAME.exec(view);
  const word = lower?.[1];
  if (!lower || !word || isCommon(word)) return undefined;
  const start = lower.index + lower[0].length - word.length;
  return { start, end: start + word.length };
}

/**
 * The next word after an uncased trigger is the name. A second word joins it when it is clearly part of the
 * name (an "ال" family name, "عبد الله", a word closing the name follows: "علی رضایی است"), or, after an
 * introduction, when it is no common word and no "و…" (and): "اسمي محمد علي", but "اسمي فاطمة وأسكن".
 */
function uncasedNameAt(view: string, from: number, intro: boolean): Span | undefined {
  UNCASED_WORD.lastIndex = from;
  const m = UNCASED_WORD.exec(view);
  const first = m?.[1];
  if (!m || !first || UNCASED_STOP.has(keyOf(first))) return undefined;
  const start = m.index + m[0].indexOf(first);
  const second = m[2];
  NAME_END.lastIndex = m.index + m[0].length;
  const key = second === undefined ? '' : keyOf(second);
  const joined = key !== '' && !UNCASED_STOP.has(key) &&
    (key.startsWith('ال') || ['عبد', 'ابو', 'بن', 'ولد'].includes(keyOf(first)) || NAME_END.test(view) ||
      (intro && !/^[وف]/.test(key)));
  return { start, end: joined ? m.index + m[0].length : start + first.length };
}

export function findNames(view: string): Span[] {
  const spans: Span[] = [];
  for (const [trigger, re] of CASED) {
    for (const m of view.matchAll(re)) {
      const span = casedNameAt(view, m.index + m[0].length, trigger);
      if (span) spans.push(span);
    }
  }
  for (const [re, intro] of [[UNCASED_INTRO, true], [UNCASED_TITLE, false]] as const) {
    for (const m of view.matchAll(re)) {
      const span = uncasedNameAt(view, m.index + m[0].length, intro);
      if (span) spans.push(span);
    }
  }
  for (const m of view.matchAll(TR_POSTFIX)) {
    const [given, last] = [m[1], m[2]];
    if (!last || isCommon(last)) continue;
    const lastStart = m.index + (given ? given.length + 1 : 0);
    spans.push({ start: given && !isCommon(given) ? m.index : lastStart, end: lastStart + last.length });
  }
  return spans;
}
