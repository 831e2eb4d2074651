/** Twilio's REST API answered with an error status (and, where it said, its error code). */
export class TwilioRestError extends Error {
  constructor(
    readonly status: number,
    readonly code: number | null,
  ) {
    super(`Twilio REST answered ${status}${code === null ? '' : ` (error ${code})`}`);
    this.name = 'TwilioRestError';
  }
}
