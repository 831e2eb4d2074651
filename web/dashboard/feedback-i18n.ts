/**
 * The texts of "you said, we did" (the feedback page and its line in the rounds list), in the
 * dashboard's three languages; i18n.ts hangs them under `t.feedback`. English is the reference.
 */

const dict = (texts: Record<string, string>): Record<string, string> => texts;
const people = (n: number, one: string, many: string): string => (n === 1 ? one : many.replace('#', String(n)));

const en = {
  link: 'You said, we did',
  glanceNone: 'not written yet',
  glanceDraft: 'draft, not sent',
  glanceSent: 'sent on',
  glanceCopies: (sent: string, failed: string) => `${sent} sent, ${failed} failed`,
  glancePending: (n: string) => `${n} on the way`,
  title: (round: string) => `You said, we did — round “${round}”`,
  backToProject: (project: string) => `Back to ${project}`,

  aboutTitle: 'What this is for',
  about: [
    'After a round, tell the people who took part what you heard and what you will do with it. Hearing that their answers led somewhere is what makes people answer honestly the next time.',
    'It goes only to the people who said yes to hearing back in this round: in their own language, or in a fallback language of the project when nothing is written in theirs, over the channel they use — a text message, WhatsApp, or a phone call that reads the message or plays your recording.',
    'It is sent once. After sending it can no longer be changed, so keep it short and concrete, and name no one.',
  ],
  fallbackChain: 'Fallback languages of this project, in order:',

  audienceTitle: 'Who receives it',
  /** `n` null: hidden by disclosure control (fewer than k, or nothing released yet). */
  audienceCount: (n: number | null, k: number) =>
    n === null
      ? `Fewer than ${k} people asked to hear back, or the round has not released its results yet: the exact number stays hidden, so that nobody’s answer can be told.`
      : n === 0
        ? 'Nobody in this round asked to hear back.'
        : people(n, '1 person asked to hear back.', '# people asked to hear back.'),
  colReads: 'Reads',
  colPeople: 'People',
  colText: 'Message',
  textWritten: 'written',
  textFallback: 'no text; reads the fallback language:',
  textMissing: 'nothing to read yet',
  missingNone: 'Everyone who asked can read the message.',
  missingSome: 'No message yet for the people who read:',

  messageTitle: 'The message',
  messageHint: 'One text per language. A language left empty is not sent: its readers get the first fallback language that is written.',
  fieldText: (language: string) => `Message (${language})`,
  countHint: (n: number, max: number) => `At most ${max} characters (three text messages). This text: ${n} characters (counted when the page was shown).`,
  missingHere: (language: string) => `People who read ${language} would get nothing: write the message here, or in a fallback language.`,
  saveDraft: 'Save draft',
  savedNotice: 'The draft was saved. Nothing has been sent.',
  sentTextsTitle: 'The message as it was sent',
  notWritten: 'not written',

  recordingsTitle: 'Recordings for phone calls (optional)',
  recordingsIntro:
    'People who take part by phone get a call. A computer voice reads the text in the languages it speaks; a recording by someone who speaks the language sounds more personal, and it is the only way to reach them by phone in a language no voice speaks. MP3 or WAV, at most 2 minutes. A new recording replaces the previous one.',
  recorded: 'Recorded',
  noRecordingVoice: 'No recording: a computer voice reads the text.',
  noRecordingNoVoice: 'No recording, and no computer voice speaks this language: people who take part by phone get the text by SMS instead.',
  listen: (language: string) => `Listen to the recording (${language})`,
  noAudioPlayer: 'This browser cannot play the recording.',
  fieldRecording: (language: string) => `Recording (${language})`,
  uploadRecording: 'Upload recording',
  replaceRecording: 'Replace',
  removeRecording: 'Remove',
  recordedNotice: 'The recording was saved.',
  removedNotice: 'The recording was removed.',

  sendTitle: 'Send',
  sendButton: (n: number | null) => (n === null ? 'Send' : people(n, 'Send to 1 person', 'Send to # people')),
  sendHint: 'Saves the texts above first. Once sent, the message cannot be changed.',
  reasonNotClosed: (date: string) => `The round is open until ${date}. Send it after the round has closed, so that everyone who takes part can hear back.`,
  reasonNobody: 'Nobody in this round asked to hear back: there is no one to send it to.',
  reasonSent: (date: string) => `Sent on ${date}. The message goes out once.`,
  sentNotice: (n: number | null) =>
    n === null ? 'The message is on its way.' : people(n, 'The message is on its way to 1 person.', 'The message is on its way to # people.'),

  reportTitle: 'Delivery report',
  reportIntro: 'Each copy goes out at the pace of its channel. Reload the page to follow them.',
  refresh: 'Reload',
  colStatus: 'Status',
  colCopies: 'Copies',
  statuses: dict({ queued: 'waiting to go out', sending: 'being sent', calling: 'being called (the call has not ended yet)', sent: 'sent', failed: 'failed' }),
  reachedTitle: 'How it reached people',
  reachedBy: dict({
    sms: 'text message (SMS)',
    whatsapp: 'WhatsApp, within 24 hours of their last message',
    voice: 'phone call',
    'sms-instead': 'SMS instead (no voice for their language, or outside WhatsApp’s 24-hour window)',
    'voice-instead': 'phone call instead of WhatsApp (outside its 24-hour window)',
  }),
  failuresTitle: 'Why copies failed',
  notDeliveredTitle: 'Sent, but reported as not delivered',
  failureReasons: dict({
    'the contact no longer exists': 'the person has since asked to be forgotten',
    'opted out since': 'the person has sent STOP since',
    'no phone line is set up for calls': 'no phone line is set up for calls',
    "outside WhatsApp's 24-hour window, and the project sends nothing else instead":
      'outside WhatsApp’s 24-hour window, and the project sends nothing else instead',
  }),

  errorMissing: (languages: string) =>
    `There is no message for ${languages}. Every language of the project needs one (in that language or a fallback language): asking only for the languages of those who said yes would tell who they are.`,
  errorMissingHere: (language: string) => `People who read ${language} would get nothing. Write the message here, or in a fallback language.`,
  errorTooLong: (n: number, max: number) => `This message has ${n} characters; at most ${max} fit in three text messages. Shorten it.`,
  errorNotOffered: 'The project does not offer this language.',
  errorNothingWritten: 'Write the message first, in at least one language.',
  errorRoundOpen: (date: string) => `The round is still open (until ${date}). Close it first, so that everyone who takes part can hear back.`,
  errorAlreadySent: 'This message was already sent; it can no longer be changed.',
  errorOther: 'The server refused this.',
  errorSendLabel: 'Send',
  recordingNoFile: 'Choose an MP3 or WAV file.',
  recordingWrongType: 'This file is not MP3 or WAV. Phone calls can only play these two formats: export or convert the recording.',
  recordingTooLarge: 'This file is too large. Save it as MP3, or as WAV in mono at a lower quality (16 kHz, for example).',
  recordingTooLong: 'This recording lasts more than 2 minutes. Keep the message shorter.',
};

export type FeedbackStrings = typeof en;

const nl: FeedbackStrings = {
  link: 'Jullie zeiden, wij doen',
  glanceNone: 'nog niet geschreven',
  glanceDraft: 'ontwerp, niet verstuurd',
  glanceSent: 'verstuurd op',
  glanceCopies: (sent, failed) => `${sent} verstuurd, ${failed} mislukt`,
  glancePending: (n) => `${n} onderweg`,
  title: (round) => `Jullie zeiden, wij doen — ronde “${round}”`,
  backToProject: (project) => `Terug naar ${project}`,

  aboutTitle: 'Waarvoor dit dient',
  about: [
    'Vertel na een ronde aan wie meedeed wat je gehoord hebt en wat je ermee doet. Horen dat hun antwoorden iets in gang zetten, maakt dat mensen de volgende keer eerlijk antwoorden.',
    'Het gaat alleen naar wie in deze ronde ja zei op de vraag om later iets te horen: in hun eigen taal, of in een reservetaal van het project als er in hun taal niets geschreven is, via het kanaal dat ze gebruiken — een sms, WhatsApp, of een telefoontje dat het bericht voorleest of jouw opname afspeelt.',
    'Het wordt één keer verstuurd. Daarna kan het niet meer veranderen: houd het kort en concreet, en noem niemand bij naam.',
  ],
  fallbackChain: 'Reservetalen van dit project, in volgorde:',

  audienceTitle: 'Wie het krijgt',
  audienceCount: (n, k) =>
    n === null
      ? `Minder dan ${k} mensen willen iets terug horen, of de ronde heeft haar resultaten nog niet vrijgegeven: het juiste aantal blijft verborgen, zodat niemands antwoord te achterhalen is.`
      : n === 0
        ? 'Niemand in deze ronde wou iets terug horen.'
        : people(n, '1 persoon wil iets terug horen.', '# mensen willen iets terug horen.'),
  colReads: 'Leest',
  colPeople: 'Mensen',
  colText: 'Bericht',
  textWritten: 'geschreven',
  textFallback: 'geen tekst; leest de reservetaal:',
  textMissing: 'nog niets om te lezen',
  missingNone: 'Iedereen die het vroeg, kan het bericht lezen.',
  missingSome: 'Nog geen bericht voor wie leest in:',

  messageTitle: 'Het bericht',
  messageHint: 'Eén tekst per taal. Een lege taal wordt niet verstuurd: wie die taal leest, krijgt de eerste reservetaal die geschreven is.',
  fieldText: (language) => `Bericht (${language})`,
  countHint: (n, max) => `Hoogstens ${max} tekens (drie sms’en). Deze tekst: ${n} tekens (geteld toen de pagina getoond werd).`,
  missingHere: (language) => `Wie ${language} leest, zou niets krijgen: schrijf het bericht hier, of in een reservetaal.`,
  saveDraft: 'Ontwerp bewaren',
  savedNotice: 'Het ontwerp is bewaard. Er is nog niets verstuurd.',
  sentTextsTitle: 'Het bericht zoals het verstuurd is',
  notWritten: 'niet geschreven',

  recordingsTitle: 'Opnames voor telefoongesprekken (niet verplicht)',
  recordingsIntro:
    'Wie per telefoon meedoet, wordt gebeld. Een computerstem leest de tekst voor in de talen die ze spreekt; een opname door iemand die de taal spreekt, klinkt persoonlijker, en is de enige manier om mensen per telefoon te bereiken in een taal die geen stem spreekt. MP3 of WAV, hoogstens 2 minuten. Een nieuwe opname vervangt de vorige.',
  recorded: 'Opgenomen',
  noRecordingVoice: 'Geen opname: een computerstem leest de tekst voor.',
  noRecordingNoVoice: 'Geen opname, en geen computerstem spreekt deze taal: wie per telefoon meedoet, krijgt de tekst in de plaats per sms.',
  listen: (language) => `Beluister de opname (${language})`,
  noAudioPlayer: 'Deze browser kan de opname niet afspelen.',
  fieldRecording: (language) => `Opname (${language})`,
  uploadRecording: 'Opname opladen',
  replaceRecording: 'Vervangen',
  removeRecording: 'Verwijderen',
  recordedNotice: 'De opname is bewaard.',
  removedNotice: 'De opname is verwijderd.',

  sendTitle: 'Versturen',
  sendButton: (n) => (n === null ? 'Versturen' : people(n, 'Versturen naar 1 persoon', 'Versturen naar # mensen')),
  sendHint: 'Bewaart eerst de teksten hierboven. Eens verstuurd, kan het bericht niet meer veranderen.',
  reasonNotClosed: (date) => `De ronde loopt nog tot ${date}. Verstuur het nadat de ronde gesloten is, zodat iedereen die meedoet iets terug kan horen.`,
  reasonNobody: 'Niemand in deze ronde wou iets terug horen: er is niemand om het naar te sturen.',
  reasonSent: (date) => `Verstuurd op ${date}. Het bericht gaat één keer weg.`,
  sentNotice: (n) => (n === null ? 'Het bericht is onderweg.' : people(n, 'Het bericht is onderweg naar 1 persoon.', 'Het bericht is onderweg naar # mensen.')),

  reportTitle: 'Verzendrapport',
  reportIntro: 'Elk exemplaar gaat weg op het tempo van zijn kanaal. Laad de pagina opnieuw om ze te volgen.',
  refresh: 'Opnieuw laden',
  colStatus: 'Stand',
  colCopies: 'Exemplaren',
  statuses: dict({
    queued: 'wacht om te vertrekken',
    sending: 'wordt verstuurd',
    calling: 'wordt gebeld (het gesprek is nog niet afgelopen)',
    sent: 'verstuurd',
    failed: 'mislukt',
  }),
  reachedTitle: 'Hoe het mensen bereikte',
  reachedBy: dict({
    sms: 'sms',
    whatsapp: 'WhatsApp, binnen 24 uur na hun laatste bericht',
    voice: 'telefoongesprek',
    'sms-instead': 'sms in de plaats (geen stem voor hun taal, of buiten het 24-uursvenster van WhatsApp)',
    'voice-instead': 'telefoongesprek in de plaats van WhatsApp (buiten het 24-uursvenster)',
  }),
  failuresTitle: 'Waarom exemplaren mislukten',
  notDeliveredTitle: 'Verstuurd, maar niet afgeleverd',
  failureReasons: dict({
    'the contact no longer exists': 'de persoon vroeg intussen om vergeten te worden',
    'opted out since': 'de persoon stuurde intussen STOP',
    'no phone line is set up for calls': 'er is geen telefoonlijn ingesteld om te bellen',
    "outside WhatsApp's 24-hour window, and the project sends nothing else instead":
      'buiten het 24-uursvenster van WhatsApp, en het project stuurt niets anders in de plaats',
  }),

  errorMissing: (languages) =>
    `Er is geen bericht voor ${languages}. Elke taal van het project heeft er een nodig (in die taal of een reservetaal): alleen vragen naar de talen van wie ja zei, zou verraden wie dat zijn.`,
  errorMissingHere: (language) => `Wie ${language} leest, zou niets krijgen. Schrijf het bericht hier, of in een reservetaal.`,
  errorTooLong: (n, max) => `Dit bericht telt ${n} tekens; in drie sms’en passen er hoogstens ${max}. Maak het korter.`,
  errorNotOffered: 'Het project biedt deze taal niet aan.',
  errorNothingWritten: 'Schrijf eerst het bericht, in minstens één taal.',
  errorRoundOpen: (date) => `De ronde loopt nog (tot ${date}). Sluit ze eerst, zodat iedereen die meedoet iets terug kan horen.`,
  errorAlreadySent: 'Dit bericht is al verstuurd; het kan niet meer veranderen.',
  errorOther: 'De server weigerde dit.',
  errorSendLabel: 'Versturen',
  recordingNoFile: 'Kies een MP3- of WAV-bestand.',
  recordingWrongType: 'Dit bestand is geen MP3 of WAV. Telefoongesprekken kunnen alleen die twee formaten afspelen: exporteer of zet de opname om.',
  recordingTooLarge: 'Dit bestand is te groot. Bewaar het als MP3, of als WAV in mono met een lagere kwaliteit (bijvoorbeeld 16 kHz).',
  recordingTooLong: 'Deze opname duurt langer dan 2 minuten. Houd het bericht korter.',
};

const fr: FeedbackStrings = {
  link: 'Vous avez dit, nous faisons',
  glanceNone: 'pas encore écrit',
  glanceDraft: 'brouillon, pas envoyé',
  glanceSent: 'envoyé le',
  glanceCopies: (sent, failed) => `${sent} envoyés, ${failed} en échec`,
  glancePending: (n) => `${n} en route`,
  title: (round) => `Vous avez dit, nous faisons — tour « ${round} »`,
  backToProject: (project) => `Retour à ${project}`,

  aboutTitle: 'À quoi cela sert',
  about: [
    'Après un tour, dites aux personnes qui ont participé ce que vous avez entendu et ce que vous allez en faire. Savoir que leurs réponses ont mené à quelque chose, c’est ce qui fait que les gens répondent honnêtement la fois suivante.',
    'Le message va uniquement aux personnes qui ont dit oui pour avoir des nouvelles dans ce tour : dans leur langue, ou dans une langue de repli du projet si rien n’est écrit dans la leur, par le canal qu’elles utilisent — un SMS, WhatsApp, ou un appel qui lit le message ou fait entendre votre enregistrement.',
    'Il est envoyé une seule fois. Ensuite il ne peut plus être modifié : restez bref et concret, et ne nommez personne.',
  ],
  fallbackChain: 'Langues de repli de ce projet, dans l’ordre :',

  audienceTitle: 'Qui le reçoit',
  audienceCount: (n, k) =>
    n === null
      ? `Moins de ${k} personnes ont demandé à avoir des nouvelles, ou le tour n’a pas encore publié ses résultats : le nombre exact reste caché, pour que la réponse de personne ne puisse être devinée.`
      : n === 0
        ? 'Personne dans ce tour n’a demandé à avoir des nouvelles.'
        : people(n, '1 personne a demandé à avoir des nouvelles.', '# personnes ont demandé à avoir des nouvelles.'),
  colReads: 'Lit',
  colPeople: 'Personnes',
  colText: 'Message',
  textWritten: 'écrit',
  textFallback: 'pas de texte ; lit la langue de repli :',
  textMissing: 'rien à lire pour l’instant',
  missingNone: 'Toutes les personnes qui l’ont demandé peuvent lire le message.',
  missingSome: 'Pas encore de message pour les personnes qui lisent :',

  messageTitle: 'Le message',
  messageHint: 'Un texte par langue. Une langue laissée vide n’est pas envoyée : ses lecteurs reçoivent la première langue de repli écrite.',
  fieldText: (language) => `Message (${language})`,
  countHint: (n, max) => `Au plus ${max} caractères (trois SMS). Ce texte : ${n} caractères (comptés à l’affichage de la page).`,
  missingHere: (language) => `Les personnes qui lisent ${language} ne recevraient rien : écrivez le message ici, ou dans une langue de repli.`,
  saveDraft: 'Enregistrer le brouillon',
  savedNotice: 'Le brouillon est enregistré. Rien n’a été envoyé.',
  sentTextsTitle: 'Le message tel qu’il a été envoyé',
  notWritten: 'pas écrit',

  recordingsTitle: 'Enregistrements pour les appels (facultatif)',
  recordingsIntro:
    'Les personnes qui participent par téléphone reçoivent un appel. Une voix de synthèse lit le texte dans les langues qu’elle parle ; un enregistrement par quelqu’un qui parle la langue est plus personnel, et c’est le seul moyen de les joindre par téléphone dans une langue qu’aucune voix ne parle. MP3 ou WAV, 2 minutes au plus. Un nouvel enregistrement remplace le précédent.',
  recorded: 'Enregistré',
  noRecordingVoice: 'Pas d’enregistrement : une voix de synthèse lit le texte.',
  noRecordingNoVoice:
    'Pas d’enregistrement, et aucune voix de synthèse ne parle cette langue : les personnes qui participent par téléphone reçoivent le texte par SMS à la place.',
  listen: (language) => `Écouter l’enregistrement (${language})`,
  noAudioPlayer: 'Ce navigateur ne peut pas lire l’enregistrement.',
  fieldRecording: (language) => `Enregistrement (${language})`,
  uploadRecording: 'Envoyer l’enregistrement',
  replaceRecording: 'Remplacer',
  removeRecording: 'Supprimer',
  recordedNotice: 'L’enregistrement est sauvegardé.',
  removedNotice: 'L’enregistrement est supprimé.',

  sendTitle: 'Envoyer',
  sendButton: (n) => (n === null ? 'Envoyer' : people(n, 'Envoyer à 1 personne', 'Envoyer à # personnes')),
  sendHint: 'Enregistre d’abord les textes ci-dessus. Une fois envoyé, le message ne peut plus être modifié.',
  reasonNotClosed: (date) =>
    `Le tour est ouvert jusqu’au ${date}. Envoyez le message une fois le tour clôturé, pour que toutes les personnes qui participent aient des nouvelles.`,
  reasonNobody: 'Personne dans ce tour n’a demandé à avoir des nouvelles : il n’y a personne à qui l’envoyer.',
  reasonSent: (date) => `Envoyé le ${date}. Le message part une seule fois.`,
  sentNotice: (n) =>
    n === null ? 'Le message est en route.' : people(n, 'Le message est en route vers 1 personne.', 'Le message est en route vers # personnes.'),

  reportTitle: 'Rapport d’envoi',
  reportIntro: 'Chaque exemplaire part au rythme de son canal. Rechargez la page pour les suivre.',
  refresh: 'Recharger',
  colStatus: 'État',
  colCopies: 'Exemplaires',
  statuses: dict({
    queued: 'en attente de départ',
    sending: 'en cours d’envoi',
    calling: 'appel en cours (pas encore terminé)',
    sent: 'envoyé',
    failed: 'en échec',
  }),
  reachedTitle: 'Comment il a atteint les personnes',
  reachedBy: dict({
    sms: 'SMS',
    whatsapp: 'WhatsApp, dans les 24 heures après leur dernier message',
    voice: 'appel téléphonique',
    'sms-instead': 'SMS à la place (pas de voix pour leur langue, ou hors de la fenêtre de 24 heures de WhatsApp)',
    'voice-instead': 'appel à la place de WhatsApp (hors de sa fenêtre de 24 heures)',
  }),
  failuresTitle: 'Pourquoi des exemplaires ont échoué',
  notDeliveredTitle: 'Envoyés, mais signalés comme non remis',
  failureReasons: dict({
    'the contact no longer exists': 'la personne a demandé depuis à être oubliée',
    'opted out since': 'la personne a envoyé STOP depuis',
    'no phone line is set up for calls': 'aucune ligne téléphonique n’est configurée pour les appels',
    "outside WhatsApp's 24-hour window, and the project sends nothing else instead":
      'hors de la fenêtre de 24 heures de WhatsApp, et le projet n’envoie rien d’autre à la place',
  }),

  errorMissing: (languages) =>
    `Il n’y a pas de message pour : ${languages}. Chaque langue du projet en demande un (dans cette langue ou une langue de repli) : ne demander que les langues des personnes qui ont dit oui révélerait qui elles sont.`,
  errorMissingHere: (language) => `Les personnes qui lisent ${language} ne recevraient rien. Écrivez le message ici, ou dans une langue de repli.`,
  errorTooLong: (n, max) => `Ce message compte ${n} caractères ; trois SMS en contiennent ${max} au plus. Raccourcissez-le.`,
  errorNotOffered: 'Le projet ne propose pas cette langue.',
  errorNothingWritten: 'Écrivez d’abord le message, dans au moins une langue.',
  errorRoundOpen: (date) =>
    `Le tour est encore ouvert (jusqu’au ${date}). Clôturez-le d’abord, pour que toutes les personnes qui participent aient des nouvelles.`,
  errorAlreadySent: 'Ce message a déjà été envoyé ; il ne peut plus être modifié.',
  errorOther: 'Le serveur a refusé ceci.',
  errorSendLabel: 'Envoyer',
  recordingNoFile: 'Choisissez un fichier MP3 ou WAV.',
  recordingWrongType: 'Ce fichier n’est ni MP3 ni WAV. Les appels ne peuvent lire que ces deux formats : exportez ou convertissez l’enregistrement.',
  recordingTooLarge: 'Ce fichier est trop volumineux. Enregistrez-le en MP3, ou en WAV mono de moindre qualité (16 kHz, par exemple).',
  recordingTooLong: 'Cet enregistrement dure plus de 2 minutes. Raccourcissez le message.',
};

export const FEEDBACK_STRINGS = { nl, fr, en } as const;
