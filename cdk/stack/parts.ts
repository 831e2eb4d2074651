import type { StemConfig } from '../config.js';
import type { Api } from '../constructs/api.js';
import type { StemAuth } from '../constructs/auth.js';
import type { StemData } from '../constructs/data.js';
import type { StemMedia } from '../constructs/media.js';
import type { StemQueues } from '../constructs/queues.js';
import type { StemSecrets } from '../constructs/secrets.js';
import type { StemFunctionProps } from '../constructs/stem-function.js';

/**
 * What the stack's function groups (webhooks, staff functions, workers, sweep) share: the stage's settings,
 * the constructs made first, and what every function is given. Each group adds its constructs to the stack
 * itself (not a construct of its own), so construct paths and logical ids are those of one flat stack.
 */
export interface StackParts {
  readonly config: StemConfig;
  readonly data: StemData;
  readonly secrets: StemSecrets;
  readonly api: Api;
  readonly queues: StemQueues;
  readonly media: StemMedia;
  readonly auth: StemAuth;
  /** What Twilio calls and signs over, and where staff sign in: CloudFront (WAF), never the API's own endpoint. */
  readonly publicUrl: string;
  /** Twilio's REST API (account, region and edge): for fetching and deleting media. */
  readonly twilioRest: Record<string, string>;
  /** The REST API and the senders: for sending. */
  readonly twilio: Record<string, string>;
  /** Given to every StemFunction: the table and its key, the secrets, the SDK layer. */
  readonly common: Pick<StemFunctionProps, 'table' | 'tableKey' | 'secrets' | 'secretsRevision' | 'sdk'>;
}
