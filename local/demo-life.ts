import { Catalog } from '../core/conversation/catalog.js';
import { handleInbound, type ConversationDeps } from '../core/conversation/handle-inbound.js';
import type { Project, Round } from '../core/model.js';
import { NO_QUIET_HOURS } from '../core/quiet-hours.js';
import type { Commit, CommitResult, ConversationStore, InboundRecord, LedgerClaim, ParticipantState, StaffDirectory } from '../core/ports.js';
import type { ParticipantStore } from '../core/participants/ports.js';
import { parseSurveyDefinition, type Question, type SurveyDefinition } from '../flows/definition.js';
import { findTemplate } from '../adapters/templates/template-library.js';
import type { SharingLevel, SharingStore } from '../core/access/sharing.js';

/**
 * The demo project's life (issue 7): "Buurthuis De Brug" with three rounds — start and midway already
 * past, each answered by twelve made-up neighbours, and the end round open now — so a new user sees the
 * comparison over rounds, the ternary plot and its shift, and can send "you said, we did" to the
 * neighbours who asked to hear back (their copies land in the local outbox).
 *
 * The past answers are not written into the table: each neighbour's messages are replayed through the
 * real conversation (handleInbound) with the clock set inside that round, so sessions, invitations,
 * respondent codes and answers are exactly what real participants would leave.
 */

const DAY = 24 * 3600 * 1000;
const LANGUAGES = ['nl', 'fr', 'en', 'ar'] as const;

export const LIFE_PROJECT: Project = {
  projectId: 'de-brug',
  organisationId: 'demo-ocmw',
  name: 'Buurthuis De Brug',
  languages: [...LANGUAGES],
  fallbackLanguages: ['nl', 'en'],
  joinCode: 'BRUG',
  whatsappTemplates: {},
  whatsappFallback: 'sms',
  quietHours: NO_QUIET_HOURS, // a demo: contacted at every hour (see local/seed.ts DEMO_PROJECT)
};

/** Texts of a template question kept in the demo's four languages only. */
function inDemoLanguages<T>(value: T): T {
  if (Array.isArray(value)) return value.map((v: unknown) => inDemoLanguages(v)) as T;
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value as Record<string, unknown>);
  const isText = entries.length > 0 && entries.every(([k, v]) => typeof v === 'string' && /^[a-z]{2}$/.test(k));
  if (isText) return Object.fromEntries(entries.filter(([k]) => (LANGUAGES as readonly string[]).includes(k))) as T;
  return Object.fromEntries(entries.map(([k, v]) => [k, inDemoLanguages(v)])) as T;
}

/** The round survey: energy check-in, two statements with their "why", a story with its signifiers, hear back. */
export async function lifeSurvey(): Promise<SurveyDefinition> {
  const from = async (template: string, ids: readonly string[]): Promise<Question[]> => {
    const t = await findTemplate(template);
    return ids.map((id) => {
      const q = t?.questions.find((x) => x.id === id);
      if (!q) throw new Error(`demo: template ${template} has no question ${id}`);
      return inDemoLanguages(q);
    });
  };
  return parseSurveyDefinition({
    id: 'brug_life',
    version: 1,
    title: { nl: 'Hoe gaat het bij De Brug?', fr: 'Comment ça va à De Brug ?', en: 'How are things at De Brug?', ar: 'كيف الأحوال في دي بروخ؟' },
    languages: [...LANGUAGES],
    questions: [
      {
        id: 'consent',
        kind: 'consent',
        text: {
          nl: 'Hoe gaat het met je, en wat vind je van De Brug? Een paar korte vragen en een kort verhaal. Doe je mee?',
          fr: 'Comment allez-vous, et que pensez-vous de De Brug ? Quelques questions courtes et une petite histoire. Voulez-vous participer ?',
          en: 'How are you, and what do you think of De Brug? A few short questions and a short story. Will you take part?',
          ar: 'كيف حالك، وما رأيك في دي بروخ؟ بعض الأسئلة القصيرة وقصة قصيرة. هل تريد المشاركة؟',
        },
      },
      ...(await from('energy_checkin', ['energy'])),
      ...(await from('statement_probe', ['listened', 'understand'])),
      ...(await from('story_signifiers', ['story', 'felt', 'difference'])),
      {
        id: 'hear_back',
        kind: 'consent',
        optional: true,
        hearBack: true,
        text: {
          nl: 'Wil je later een kort bericht krijgen over wat we gehoord hebben en wat we veranderen?',
          fr: 'Voulez-vous recevoir plus tard un court message sur ce que nous avons entendu et ce que nous changeons ?',
          en: 'Would you like a short message later about what we heard and what we will change?',
          ar: 'هل تريد أن تصلك لاحقا رسالة قصيرة عمّا سمعناه وما سنغيّره؟',
        },
      },
    ],
  });
}

interface Neighbour {
  phone: string;
  language: (typeof LANGUAGES)[number];
}

/** Twelve made-up neighbours (numbers in a range no one has): three per language. */
const neighbours = (range: string): readonly Neighbour[] =>
  Array.from({ length: 12 }, (_, i) => ({
    phone: `+32470${range}${String(i + 1).padStart(4, '0')}`,
    language: LANGUAGES[i % LANGUAGES.length] ?? 'nl',
  }));

const STORIES: Record<Neighbour['language'], readonly string[]> = {
  nl: [
    'Mijn maatschappelijk werker nam de tijd om de brief van de huisbaas uit te leggen.',
    'Ik moest drie keer terugkomen voor hetzelfde papier.',
    'Bij de taalcafé vond ik iemand die met mij naar de dokter ging.',
  ],
  fr: [
    "L'assistante sociale m'a aidée à remplir le dossier pour l'école.",
    "J'ai attendu longtemps sans savoir pourquoi.",
    "Une voisine m'a montré où acheter moins cher.",
  ],
  en: ['The staff helped me find a course to learn Dutch.', 'Nobody explained why my payment was late.', 'I found work through a friend from the group.'],
  ar: ['ساعدتني الموظفة في فهم رسالة من البلدية.', 'انتظرت طويلا ولم يشرح لي أحد شيئا.', 'جارتي أخذتني إلى المدرسة لتسجيل أطفالي.'],
};
const WHY: Record<Neighbour['language'], string> = {
  nl: 'Omdat ze echt luisteren.',
  fr: 'Parce qu’on m’écoute vraiment.',
  en: 'Because they really listen.',
  ar: 'لأنهم يستمعون حقا.',
};

/**
 * What neighbour `i` answers in round `r` (0 start, 1 midway): energy and agreement rise over the
 * project, and the stories move from "the staff" towards "myself" in the triad — the shift the
 * dashboard shows.
 */
function answers(i: number, r: number, n: Neighbour): Record<string, string> {
  const rising = (base: number) => String(Math.min(5, base + r + (i % 3 === 0 ? 1 : 0)));
  return {
    consent: '1',
    energy: rising(1 + (i % 3)),
    listened: r === 0 && i % 2 === 1 ? '2' : '1',
    'probe:listened': WHY[n.language],
    understand: r === 0 && i % 3 !== 0 ? '2' : i % 4 === 0 ? '3' : '1',
    'probe:understand': WHY[n.language],
    story: STORIES[n.language][i % 3] ?? '',
    felt: rising(2),
    // Zones: 1-3 corners (staff, people close to me, myself), 4-6 edges, 7 centre.
    difference: String(r === 0 ? [1, 1, 4, 7, 1, 2][i % 6] : [3, 6, 5, 3, 7, 3][i % 6]),
    hear_back: i === 3 || i === 6 || i === 9 ? '2' : '1', // one "no" in each language but Dutch
  };
}

export interface DemoLifeDeps extends ConversationDeps {
  directory: StaffDirectory;
  participants: ParticipantStore;
  /** What each project shares with the learning network (core/access/sharing.ts). */
  sharing?: Pick<SharingStore, 'setSharing'>;
}

/** A demo project's life: the project, its survey, its round ids, its neighbours, and what it shares with the network. */
interface Life {
  project: Project;
  survey: () => Promise<SurveyDefinition>;
  roundPrefix: string;
  neighbours: readonly Neighbour[];
  /** Round 0 is the start, 1 the midway: a life where things got worse plays them the other way round. */
  improving: boolean;
  /** Left out: the default (the released summary). */
  sharing?: SharingLevel;
}

const BRUG: Life = {
  project: LIFE_PROJECT,
  survey: lifeSurvey,
  roundPrefix: 'brug',
  neighbours: neighbours('99'),
  improving: true,
  // De Brug shares its coded themes with the network: a coordinator sees its code counts (tests/e2e/coding.test.ts).
  sharing: 'themes',
};

/**
 * The second organisation's demo (CPAS Exemple): "Maison de quartier Le Pont", the same survey under its
 * own name, twelve other neighbours for whom things went the other way, sharing the default (the released
 * summary) — so a coordinator compares two organisations that chose differently (tests/e2e/network.test.ts).
 */
export const PONT_PROJECT: Project = {
  ...LIFE_PROJECT,
  projectId: 'le-pont',
  organisationId: 'cpas-exemple',
  name: 'Maison de quartier Le Pont',
  joinCode: 'PONT',
  fallbackLanguages: ['fr', 'en'],
};

const PONT: Life = {
  project: PONT_PROJECT,
  survey: async () =>
    parseSurveyDefinition({
      ...JSON.parse(
        JSON.stringify(await lifeSurvey())
          .replaceAll('De Brug', 'Le Pont')
          .replaceAll('دي بروخ', 'لو بون'),
      ),
      id: 'pont_life',
    }),
  roundPrefix: 'pont',
  neighbours: neighbours('98'),
  improving: false,
};

/**
 * The demo projects' lives: De Brug (OCMW Demo), and with `network` Le Pont (CPAS Exemple) too. Each only
 * once (see `seedLife`); De Brug's is returned.
 */
export async function seedDemoLife(
  deps: DemoLifeDeps,
  now: Date,
  opts: { network?: boolean } = {},
): Promise<{ project: Project; rounds: Round[]; replayed: number } | null> {
  // Side by side: the two lives' neighbours are different people (the caller waits for both).
  const [brug] = await Promise.all([seedLife(deps, now, BRUG), opts.network ? seedLife(deps, now, PONT) : null]);
  return brug;
}

/**
 * Seed the project, its survey and three rounds, and replay the two past rounds. Only once: a project that
 * exists is left as it is (what a user did with it survives restarts).
 */
async function seedLife(deps: DemoLifeDeps, now: Date, life: Life): Promise<{ project: Project; rounds: Round[]; replayed: number } | null> {
  const { project } = life;
  if (await deps.directory.getProject(project.projectId)) return null;
  const survey = await life.survey();
  await deps.directory.saveSurvey(survey, project.organisationId);
  await deps.directory.putProject(project);
  if (life.sharing) await deps.sharing?.setSharing(project.projectId, { level: life.sharing, at: now.toISOString(), by: 'staff' });
  const at = (days: number) => new Date(now.getTime() + days * DAY).toISOString();
  const round = (roundId: string, label: string, opens: number, closes: number): Round => ({
    projectId: project.projectId,
    roundId,
    label,
    surveyId: survey.id,
    surveyVersion: survey.version,
    opensAt: at(opens),
    closesAt: at(closes),
    reminderAfterHours: null,
  });
  const p = life.roundPrefix;
  const rounds = [round(`${p}-start`, 'start', -98, -84), round(`${p}-midway`, 'midway', -56, -42), round(`${p}-end`, 'end', -1, 28)];
  for (const r of rounds) await deps.directory.putRound(r);

  let replayed = 0;
  for (const [r, past] of rounds.slice(0, 2).entries()) {
    // The neighbours of a round answer side by side (each their own conversation); the rounds one after the other.
    await Promise.all(
      life.neighbours.map(async (n, i) => {
        const clock = { now: () => new Date(new Date(past.opensAt).getTime() + (2 + i) * 3600 * 1000) };
        const replay = { ...deps, clock, catalog: new Catalog(deps.directory, clock), store: new ReceivedNow(deps.store) };
        if (r === 0) {
          const phoneSealed = deps.protector.seal(n.phone);
          await deps.participants.enrol({
            projectId: project.projectId,
            contactKey: deps.protector.contactKey(n.phone),
            phoneSealed,
            language: n.language,
            channel: 'sms',
            day: past.opensAt.slice(0, 10),
          });
          await deps.participants.setActiveProject(deps.protector.contactKey(n.phone), project.projectId);
        }
        await replayConversation(replay, project.projectId, n, answers(i, life.improving ? r : 1 - r, n), `demo-${past.roundId}-${i}`);
        replayed++;
      }),
    );
  }
  return { project, rounds, replayed };
}

/**
 * The replayed messages are received now, whatever the replayed clock says: their ledger entries keep the
 * usual day from now. Stamped a day after a time months ago, DynamoDB's TTL would delete them between a
 * message's claim and its commit.
 */
class ReceivedNow implements ConversationStore {
  constructor(private readonly inner: ConversationStore) {}
  claimInbound(record: InboundRecord): Promise<LedgerClaim> {
    return this.inner.claimInbound({ ...record, expiresAt: Math.floor(Date.now() / 1000) + 24 * 3600 });
  }
  loadParticipant(contactKey: string): Promise<ParticipantState> {
    return this.inner.loadParticipant(contactKey);
  }
  commit(commit: Commit): Promise<CommitResult> {
    return this.inner.commit(commit);
  }
}

/** Says hello, then answers whatever the survey asks next, until it is done (at most 30 messages). */
async function replayConversation(deps: ConversationDeps, projectId: string, n: Neighbour, script: Record<string, string>, id: string): Promise<void> {
  const contactKey = deps.protector.contactKey(n.phone);
  const send = (text: string, step: number) =>
    handleInbound(deps, { channel: 'sms', from: n.phone, text, buttonPayload: null, media: [], providerId: `${id}-${step}` });
  await send('hallo', 0);
  for (let step = 1; step < 30; step++) {
    const { sessions } = await deps.store.loadParticipant(contactKey);
    const session = sessions.find((s) => s.projectId === projectId && s.status === 'active');
    if (!session || session.flow.done) return;
    const answer = script[session.flow.value];
    if (answer === undefined) throw new Error(`demo: no scripted answer for ${session.flow.value}`);
    await send(answer, step);
  }
}
