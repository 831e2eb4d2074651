/**
 * The built-in templates' files, in the order the dashboard lists them: the energy check-in that opens
 * every round first, the end evaluation last. Only Node built-ins here, so build code (CDK) can import it.
 *
 * They are read from files rather than bundled: in eight languages they weigh ~60 KB, which would take the
 * staff API's bundle over its budget and be parsed at every cold start while only template requests use them.
 */
export const TEMPLATE_FILES: readonly string[] = [
  'energy-checkin.json',
  'statement-probe.json',
  'story-signifiers.json',
  'most-significant-change.json',
  'open-feedback.json',
  'end-evaluation.json',
];

/** The directory, beside a Lambda bundle, into which the deploy copies `TEMPLATE_FILES`. */
export const BUNDLED_TEMPLATE_DIR = 'templates';
