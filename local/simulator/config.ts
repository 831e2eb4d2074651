import type { LocalMediaHost } from '../../adapters/local/local-media-host.js';

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
}
