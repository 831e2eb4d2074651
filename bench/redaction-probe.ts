/**
 * Run by bench/redaction.ts in a fresh process: how long the redactor's module load and its first few
 * messages take before anything is compiled (V8 compiles each regular expression on first use). A new
 * Lambda instance pays this once, on its first typed answer or transcript. Prints JSON.
 */
const messages = [
  'Ik ben Fatima, geboren op 12 maart 1985. Bel me op 0470 12 34 56 of mail fatima.b@gmail.com.',
  'je suis karim, j’habite rue de la station 12, mon numéro de dossier est 2023-4567. Merci, Karim',
  'اسمي أحمد ورقمي ٠٤٧٠١٢٣٤٥٦، شكرا',
];
const started = performance.now();
const { redactTranscript } = await import('../core/privacy/redact.js');
const loaded = performance.now();
for (const text of messages) redactTranscript(text, 'nl');
const done = performance.now();
process.stdout.write(JSON.stringify({ loadMs: loaded - started, firstMessagesMs: done - loaded, messages: messages.length }));
