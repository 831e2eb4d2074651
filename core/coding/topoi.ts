import type { Code } from './code.js';

/**
 * The TOPOI grid (Edwin Hoffman): the five places in communication where differences and misunderstandings
 * arise — Taal, Ordening, Personen, Organisatie, Inzet — which the learning network works with. Built into
 * every codebook, with ids that never change, so that the network can compare coded themes across projects.
 *
 * Names: Dutch as Hoffman writes them (Trefpunt ODI, "TOPOI-GPT", 2025; Springer, "Het TOPOI-model"). English
 * as in his own English texts ("Tongue… Order… Persons… Organisation… Intentions": Hoffman, "Inclusive
 * communication and the TOPOI-model", 2025), with "Language" for Tongue, as the issue asks. French: a Belgian
 * rendering (echoscommunication.org: Langage, Aménagement, Personnes, Organisation, Enjeu), with "Ordre"
 * for Ordening to match the English. The descriptions follow Hoffman's one-line glosses.
 */
export const TOPOI_CODES: readonly Code[] = [
  {
    id: 'topoi.taal',
    label: { nl: 'Taal', fr: 'Langage', en: 'Language' },
    description: {
      nl: 'Verbale en non-verbale taal: wat woorden en gebaren betekenen',
      fr: 'Langage verbal et non verbal : ce que veulent dire les mots et les gestes',
      en: 'Verbal and non-verbal language: what words and gestures mean',
    },
    builtIn: true,
    archived: false,
  },
  {
    id: 'topoi.ordening',
    label: { nl: 'Ordening', fr: 'Ordre', en: 'Order' },
    description: {
      nl: 'Zienswijze en logica: hoe iemand naar de zaak kijkt',
      fr: 'Point de vue et logique : comment chacun voit la situation',
      en: 'View and logic: how each person sees the matter',
    },
    builtIn: true,
    archived: false,
  },
  {
    id: 'topoi.personen',
    label: { nl: 'Personen', fr: 'Personnes', en: 'Persons' },
    description: {
      nl: 'Identiteit, rol en de relatie tussen mensen',
      fr: 'Identité, rôle et relation entre les personnes',
      en: 'Identity, role and the relationship between people',
    },
    builtIn: true,
    archived: false,
  },
  {
    id: 'topoi.organisatie',
    label: { nl: 'Organisatie', fr: 'Organisation', en: 'Organisation' },
    description: {
      nl: 'De organisatorische en maatschappelijke context, regels en macht',
      fr: 'Le contexte organisationnel et social, les règles et le pouvoir',
      en: 'The organisational and social context, rules and power',
    },
    builtIn: true,
    archived: false,
  },
  {
    id: 'topoi.inzet',
    label: { nl: 'Inzet', fr: 'Enjeu', en: 'Intentions' },
    description: {
      nl: 'Motieven, behoeften, gevoelens en waarden',
      fr: 'Motivations, besoins, émotions et valeurs',
      en: 'Commitment: motives, needs, feelings and values',
    },
    builtIn: true,
    archived: false,
  },
];

export const TOPOI_IDS: ReadonlySet<string> = new Set(TOPOI_CODES.map((c) => c.id));
