/**
 * Generated from locales/en/dashboard.json and locales/en/feedback.json: do not edit. After adding a text
 * or changing an English text's {{variables}}, run `UPDATE=1 npx vitest run tests/unit/dashboard-locales.test.ts`.
 * Per text key, the variables its English text interpolates (never: none), for the typed `t` of
 * web/dashboard/page/i18n.ts. A key with `count` is plural: the JSON has key_one and key_other (French also key_many).
 */

export interface DashboardVars {

}

export interface FeedbackVars {
  link: never;
  glanceNone: never;
  glanceDraft: never;
  glanceSent: never;
  glanceCopies: 'failed' | 'sent';
  glancePending: 'n';
  title: 'round';
  backToProject: 'project';
  aboutTitle: never;
  fallbackChain: never;
  audienceTitle: never;
  audienceHidden: 'k';
  audienceNobody: never;
  audienceCount: 'count';
  colReads: never;
  colPeople: never;
  colText: never;
  textWritten: never;
  textFallback: never;
  textMissing: never;
  missingNone: never;
  missingSome: never;
  messageTitle: never;
  messageHint: never;
  fieldText: 'language';
  countHint: 'count' | 'encoding' | 'max' | 'parts';
  encodingGsm: never;
  encodingUnicode: never;
  smsParts: 'count';
  missingHere: 'language';
  saveDraft: never;
  savedNotice: never;
  sentTextsTitle: never;
  notWritten: never;
  recordingsTitle: never;
  recordingsIntro: never;
  recorded: never;
  noRecordingVoice: never;
  noRecordingNoVoice: never;
  listen: 'language';
  noAudioPlayer: never;
  fieldRecording: 'language';
  uploadRecording: never;
  replaceRecording: never;
  removeRecording: never;
  recordedNotice: never;
  removedNotice: never;
  sendTitle: never;
  sendButton: never;
  sendButtonTo: 'count';
  sendHint: never;
  reasonNotClosed: 'date';
  reasonNobody: never;
  reasonSent: 'date';
  sentNotice: never;
  sentNoticeTo: 'count';
  reportTitle: never;
  reportIntro: never;
  refresh: never;
  colStatus: never;
  colCopies: never;
  reachedTitle: never;
  failuresTitle: never;
  notDeliveredTitle: never;
  errorMissing: 'languages';
  errorMissingHere: 'language';
  errorTooLong: 'count' | 'max' | 'parts';
  errorNotOffered: never;
  errorNothingWritten: never;
  errorRoundOpen: 'date';
  errorAlreadySent: never;
  errorOther: never;
  errorSendLabel: never;
  recordingNoFile: never;
  recordingWrongType: never;
  recordingTooLarge: never;
  recordingTooLong: never;
  sentQuietNotice: 'time';
}
