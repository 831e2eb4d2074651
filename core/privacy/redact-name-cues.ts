/**
 * The words after which a name may follow, per kind of cue. What the next word must be to count as a name
 * depends on the kind (redact-names.ts):
 * - intro: the sentence says a name follows ("my name is", "ik heet", "je m'appelle", "اسمي", "мене звати",
 *   "ስመይ", "kızımın adı"): every word that is no common word;
 * - self, kin, said, named, greeting: the next word may as well be a feeling, a nationality or a verb
 *   ("ik ben moe", "my son is", "c'est difficile"): a given name, or a capitalised word in a cased script;
 * - closing: "groetjes", "Thanks,", "مع تحياتي", "ምስ ሰላምታ": the rest of the line (or the last line) when it
 *   is one to three words, as a signature is.
 * Titles and staff roles ("mevrouw", "السيد", "maatschappelijk werker") are kept from before.
 * A cue with `only` applies in those languages alone: Turkish "ben" is Dutch "am", Persian "من" is Arabic "from".
 * Greetings and closings count only where a clause starts: "I love Turnhout" ends in no signature.
 */

export type CueKind = 'intro' | 'named' | 'self' | 'kin' | 'said' | 'greeting' | 'closing' | 'title' | 'role';

export interface CueList {
  readonly kind: CueKind;
  readonly words: readonly string[];
  readonly only?: readonly string[];
  /** Only at the start of the text, a line or a clause ("…, met Samira", but "koffie met Samira" is no introduction). */
  readonly clauseStart?: boolean;
}

export const CUES: readonly CueList[] = [
  {
    kind: 'intro',
    words: [
      'mijn naam is', 'ik heet', 'mijn voornaam is', 'mijn achternaam is', 'mijn familienaam is', 'zijn naam is', 'haar naam is',
      "je m'appelle", "j'm'appelle", "je m'apelle", 'mon nom est', "mon nom c'est", 'mon prénom est', "mon prénom c'est",
      'mon nom de famille est', "s'appelle", "s'appellent", 'son nom est', 'son prénom est',
      'my name is', "my name's", 'my first name is', 'my surname is', 'my last name is', 'name is', 'his name is', 'her name is',
      'benim adım', 'ismim', 'benim ismim', 'kızımın adı', 'oğlumun adı', 'eşimin adı', 'kızımın ismi', 'oğlumun ismi', 'annemin adı',
      'мене звати', 'мене звуть', "моє ім'я", 'меня зовут', 'моё имя', 'мое имя', 'звати', 'звуть', 'зовут',
      'اسمي', 'إسمي', 'اسمى', 'اسم عائلتي', 'ينادونني', 'اسم ابني', 'اسم ابنتي', 'اسم بنتي', 'اسم زوجي', 'اسم زوجتي', 'اسم اخي',
      'اسم أخي', 'اسم اختي', 'اسم أختي', 'اسم امي', 'اسم أمي', 'اسم ابي', 'اسم أبي',
      'اسم من', 'اسمم', 'نام من', 'نامم', 'اسم پسرم', 'اسم دخترم', 'اسم شوهرم', 'اسم خانمم', 'اسم همسرم', 'اسم برادرم', 'اسم خواهرم',
      'اسم مادرم', 'اسم پدرم', 'اسمش', 'اسمها', 'اسمه', 'إسمها', 'إسمه', 'ስመይ', 'ስመይ ድማ', 'ስም ወደይ', 'ስም ጓለይ', 'ስማ', 'ስሙ',
    ],
  },
  {
    kind: 'named',
    words: ['mijn naam', 'my name', 'mon nom', 'mon prénom', 'naam', 'voornaam', 'nom', 'prénom', 'name', 'first name', 'noem me', 'ze noemen me', 'heet', 'heten', "on m'appelle", "i'm called", 'i am called', 'call me', 'calls me',
      'is called', 'are called', 'named', 'adım', 'adı', 'ismi', 'adım soyadım', 'моє прізвище', 'моя фамилия'],
  },
  { kind: 'self', words: ['ik ben', 'je suis', 'i am', "i'm", 'im', "moi c'est", "c'est moi", "it's me", 'its me', 'it is me', 'this is me', 'ik ben het', 'я', 'це я', 'أنا', 'انا'] },
  { kind: 'self', words: ['ben'], only: ['tr'] },
  { kind: 'self', words: ['من', 'man'], only: ['fa'] },
  { kind: 'self', words: ['ኣነ', 'ane'], only: ['ti'] },
  {
    kind: 'kin',
    words: [
      'mijn zoon', 'mijn dochter', 'mijn vrouw', 'mijn man', 'mijn echtgenote', 'mijn echtgenoot', 'mijn broer', 'mijn zus',
      'mijn zuster', 'mijn moeder', 'mijn vader', 'mijn kind', 'mijn neef', 'mijn nicht', 'mijn oom', 'mijn tante', 'mijn vriend',
      'mijn vriendin', 'mijn buurman', 'mijn buurvrouw', 'mijn partner', 'mijn baby', 'mijn zoontje', 'mijn dochtertje',
      'mama van', 'papa van', 'moeder van', 'vader van', 'familie', 'de familie',
      'mon fils', 'ma fille', 'mon mari', 'ma femme', 'mon époux', 'mon épouse', 'mon frère', 'ma sœur', 'ma soeur', 'ma mère',
      'mon père', 'mon enfant', 'mon cousin', 'ma cousine', 'mon oncle', 'ma tante', 'mon ami', 'mon amie', 'mon voisin', 'ma voisine',
      'mon bébé', 'mon copain', 'ma copine', 'maman de', 'papa de', 'mère de', 'père de', "maman d'", "papa d'", "mère d'", "père d'",
      'famille', 'la famille',
      'my son', 'my daughter', 'my wife', 'my husband', 'my brother', 'my sister', 'my mother', 'my mom', 'my mum', 'my father',
      'my dad', 'my child', 'my kid', 'my boy', 'my girl', 'my cousin', 'my uncle', 'my aunt', 'my friend', 'my neighbour',
      'my neighbor', 'my partner', 'my baby', 'mother of', 'father of', 'mom of', 'mum of', 'the family',
      'oğlum', 'kızım', 'eşim', 'kocam', 'karım', 'abim', 'ablam', 'kardeşim', 'annem', 'babam', 'arkadaşım',
      'мій син', 'моя донька', 'моя дочка', 'мій чоловік', 'моя дружина', 'мій брат', 'моя сестра', 'моя мама', 'мій тато',
      'моя мати', 'мій батько', 'моя донечка', 'мій синок', 'мама', 'тато',
      'ابني', 'ابنتي', 'بنتي', 'زوجي', 'زوجتي', 'اخي', 'أخي', 'اختي', 'أختي', 'امي', 'أمي', 'ابي', 'أبي', 'والدي', 'والدتي',
      'صديقي', 'صديقتي', 'جاري', 'جارتي', 'ام', 'أم', 'ابو', 'أبو', 'عائلة',
      'پسرم', 'دخترم', 'شوهرم', 'همسرم', 'خانمم', 'برادرم', 'خواهرم', 'مادرم', 'پدرم', 'فرزندم', 'دوستم', 'مادر', 'پدر',
      'ወደይ', 'ጓለይ', 'ሰበይተይ', 'ሰብኣየይ', 'ሓወይ', 'ሓፍተይ', 'ኣደይ', 'ኣቦይ', 'ውላደይ', 'ኣደ', 'ኣቦ',
    ],
  },
  {
    kind: 'said',
    words: ['hier is', 'hier spreekt', "c'est", 'ici', 'this is', "it's", 'its', 'it is', 'here is', "here's", 'معك', 'معكم', 'معاك',
      'це', 'говорить', 'يا'],
  },
  // Dutch answers the phone with "met": "Goeiedag, met Samira". Only after a greeting: "met Blablacar kom ik" is no name.
  {
    kind: 'said',
    words: ['hallo, met', 'hallo met', 'dag, met', 'dag met', 'goeiedag, met', 'goeiedag met', 'goedendag, met', 'goedendag met',
      'goedemorgen, met', 'goedemorgen met', 'goedemiddag, met', 'goedemiddag met', 'goedenavond, met', 'goedenavond met', 'hoi, met', 'hoi met'],
    only: ['nl'],
    clauseStart: true,
  },
  {
    kind: 'greeting',
    clauseStart: true,
    words: ['hallo', 'hoi', 'dag', 'beste', 'lieve', 'bonjour', 'salut', 'chère', 'cher', 'hello', 'hi', 'dear', 'hey', 'merhaba',
      'sayın', 'привіт', 'вітаю', 'مرحبا', 'اهلا', 'أهلا', 'سلام', 'ሰላም'],
  },
  {
    kind: 'closing',
    clauseStart: true,
    words: [
      'groetjes', 'groeten', 'vriendelijke groeten', 'met vriendelijke groet', 'met vriendelijke groeten', 'mvg', 'mvg.', 'bedankt',
      'dank u', 'dank u wel', 'dankuwel', 'dankjewel', 'dank je', 'dank je wel', 'alvast bedankt', 'tot ziens', 'liefs', 'groetjes van',
      'merci', 'merci beaucoup', 'cordialement', 'bien à vous', 'bisous', 'bises', 'salutations', 'amitiés', 'à bientôt', 'bien cordialement',
      'thanks', 'thank you', 'thanks a lot', 'regards', 'kind regards', 'best regards', 'best', 'cheers', 'love', 'sincerely', 'bye',
      'teşekkürler', 'teşekkür ederim', 'sağ olun', 'saygılarımla', 'selamlar', 'sevgiler', 'görüşürüz', 'hoşça kal',
      'дякую', 'з повагою', 'щиро', 'до побачення', 'спасибі',
      'شكرا', 'شكراً', 'مع تحياتي', 'مع الشكر', 'مع السلامة', 'تحياتي', 'شكرا جزيلا',
      'تشکر', 'ممنون', 'با احترام', 'با تشکر', 'با سپاس', 'سپاس', 'مرسی', 'خداحافظ',
      // wishes that end a message as "regards" does
      'fijne dag', 'prettige dag', 'nog een fijne dag', 'fijne avond', 'bonne journée', 'bonne soirée', 'bonne fin de journée',
      'have a nice day', 'have a good day', 'good day', 'гарного дня', 'хорошого дня', 'يومك سعيد', 'روز خوش', 'روزتان خوش',
      'የቐንየለይ', 'የቐንየልና', 'ምስ ሰላምታ', 'ሰላምታ',
    ],
  },
  {
    kind: 'title',
    words: [
      'meneer', 'mijnheer', 'mnr.', 'mnr', 'mevrouw', 'mevr.', 'mevr', 'mw.', 'juffrouw', 'juf', 'dokter', 'dr.', 'dr',
      'monsieur', 'madame', 'mademoiselle', 'mme', 'mlle', 'docteur', 'maître', 'maitre',
      'mr.', 'mr', 'mrs.', 'mrs', 'ms.', 'ms', 'miss', 'mister', 'doctor',
      'bay', 'bayan', 'пан', 'пані', 'пане', 'лікар', 'лікарка', 'доктор', 'господин', 'госпожа',
      'السيد', 'السيدة', 'الأستاذ', 'الأستاذة', 'الدكتور', 'الدكتورة', 'مدام', 'الآنسة', 'أستاذ', 'أستاذة', 'استاذ', 'استاذة', 'دكتور',
      'دكتورة', 'الحاج', 'الحاجة', 'حجي', 'آقای', 'خانم دکتر', 'دکتر', 'ኣቶ', 'ወይዘሮ',
      'ወይዘሪት', 'ዶክተር',
    ],
  },
  {
    kind: 'role',
    words: [
      'maatschappelijk werker', 'maatschappelijk werkster', 'maatschappelijk assistent', 'maatschappelijk assistente',
      'maatschappelijke assistente', 'sociaal assistent', 'sociaal assistente', 'sociaal werker', 'assistent', 'assistente',
      'begeleider', 'begeleidster', 'consulent', 'consulente', 'trajectbegeleider',
      'assistant social', 'assistante sociale', 'assistant', 'assistante', 'conseiller', 'conseillère', 'éducateur', 'éducatrice',
      'social worker', 'caseworker', 'case worker', 'counsellor', 'counselor', 'advisor', 'adviser',
      'sosyal görevli', 'соціальний працівник', 'соціальна працівниця',
    ],
  },
];

/** Turkish says "I am X" with a suffix: "Ben Kürdüm", "Ben Suriyeliyim", "Ben Türk'üm" — a predicate, no name. */
export const TURKISH_COPULA = /(?:'?(?:y?[ıiuü]m|y?[ıiuü]z))$/u;

/** Words that close an uncased name: "اسم من علی رضایی است", "ስመይ ሳባ ተስፋይ እዩ", "من زهرا هستم". */
/** Afghan and Pashtun names joined with "ullah" (حمیدالله, نجیب‌الله), but not the formulas built the same way. */
export const ULLAH_NAME = /^[\p{L}\p{M}\u200C]{2,}الله$/u;
export const ULLAH_FORMULAS = ['انشاءالله', 'ان شاءالله', 'ماشاءالله', 'الحمدلله', 'سبحانالله', 'والله', 'بالله', 'تالله', 'لله', 'عبدالله', 'فالله', 'ولله'];

export const NAME_END_WORDS = ['است', 'هست', 'هستم', 'اس', 'ام', 'እዩ', 'እየ', 'ይበሃል', 'iye', 'iyu', 'hastam'];
