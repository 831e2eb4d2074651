import type { LocalMediaHost } from '../../adapters/local/local-media-host.js';
import type { LocalOutbox } from '../../adapters/local/local-outbox.js';

/** What the simulators (messages and calls) need to post to the webhooks as Twilio would. */
export interface SimulatorConfig {
  publicUrl: string;
  twilioAuthToken: string;
  /** Our service number, in E.164: the `To` of every simulated message. */
  serviceNumber: string;
  /** Where this process itself listens: the simulator posts there, signed for `publicUrl`, as Twilio would. */
  webhookOrigin: () => string;
  /** The local "Twilio media" host: voice notes recorded or uploaded in the simulator go there. */
  mediaHost?: LocalMediaHost;
  /** The local outbox (no real Twilio): what went by "REST" while a webhook ran is returned with its replies. */
  outbox?: Pick<LocalOutbox, 'lastId' | 'since'> | undefined;
}
