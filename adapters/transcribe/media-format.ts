import type { MediaFormat } from '@aws-sdk/client-transcribe';

/**
 * Transcribe's MediaFormat for an audio content type (parameters such as `; codecs=opus` ignored), or
 * null for a type Transcribe batch does not accept (raw AAC/ADTS, for one): that note goes to a person.
 */
const FORMATS: Readonly<Record<string, MediaFormat>> = {
  'audio/ogg': 'ogg',
  'audio/opus': 'ogg',
  'audio/amr': 'amr',
  'audio/mp4': 'mp4',
  'audio/m4a': 'm4a',
  'audio/x-m4a': 'm4a',
  'audio/mpeg': 'mp3',
  'audio/mp3': 'mp3',
  'audio/wav': 'wav',
  'audio/x-wav': 'wav',
  'audio/wave': 'wav',
  'audio/webm': 'webm',
  'audio/flac': 'flac',
  'audio/x-flac': 'flac',
};

export function mediaFormat(contentType: string): MediaFormat | null {
  const base = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  return FORMATS[base] ?? null;
}
