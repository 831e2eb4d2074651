import * as z from '../../kernel/zod.js';

/** What every function behind /api reads: the table, the Cognito pool that signs ID tokens, the audio bucket. */
export const apiEnvShape = {
  TABLE_NAME: z.string().check(z.minLength(1)),
  USER_POOL_ID: z.string().check(z.regex(/^[a-z]{2}(?:-[a-z]+)+-\d_[0-9A-Za-z]+$/, 'a user pool id like eu-west-1_AbC123')),
  USER_POOL_CLIENT_ID: z.string().check(z.regex(/^[0-9a-z]{1,128}$/, 'an app client id')),
  /** Voice answers waiting for a person, recorded phone prompts, "you said, we did" recordings. */
  AUDIO_BUCKET: z.string().check(z.minLength(1)),
  MEDIA_KMS_KEY_ID: z.string().check(z.minLength(1)),
};
