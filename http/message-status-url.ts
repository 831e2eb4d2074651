/** Where Twilio reports on the messages Stem sends: apart from the route, so the delivery worker's bundle stays small. */
export const MESSAGE_STATUS_PATH = '/twilio/messages/status';

/** The status callback URL of one outbound message: its sealed ticket says what it was sent for. */
export const messageStatusUrl = (publicUrl: string, ticket: string): string =>
  `${publicUrl.replace(/\/$/, '')}${MESSAGE_STATUS_PATH}?t=${encodeURIComponent(ticket)}`;
