import { randomBytes } from 'node:crypto';
import { Hono } from 'hono';

/** Where the local media host serves its files, under the local server's origin. */
export const LOCAL_MEDIA_PATH = '/dev/media/';

/**
 * The local stand-in for Twilio's media storage: the simulator puts a recorded or uploaded voice note
 * here and sends its URL in the webhook, as Twilio does; fetching and deleting need the account's
 * Basic auth, as with Twilio. In memory only.
 */
export class LocalMediaHost {
  private readonly files = new Map<string, { bytes: Uint8Array; contentType: string }>();
  readonly accountSid = `AC${'0'.repeat(32)}`;

  constructor(private readonly authToken: string) {}

  add(origin: string, bytes: Uint8Array, contentType: string): string {
    const id = `ME${randomBytes(16).toString('hex')}`;
    this.files.set(id, { bytes, contentType });
    return `${origin}${LOCAL_MEDIA_PATH}${id}`;
  }

  has(url: string): boolean {
    return this.files.has(url.split('/').pop() ?? '');
  }

  /** Files still held: 0 once every voice note has been copied and deleted. */
  count(): number {
    return this.files.size;
  }

  routes(): Hono {
    const app = new Hono();
    const authorized = (header: string | undefined) => header === `Basic ${Buffer.from(`${this.accountSid}:${this.authToken}`).toString('base64')}`;
    app.get('/dev/media/:id', (c) => {
      if (!authorized(c.req.header('authorization'))) return c.body(null, 401);
      const file = this.files.get(c.req.param('id'));
      if (!file) return c.body(null, 404);
      return c.body(Buffer.from(file.bytes), 200, { 'content-type': file.contentType, 'content-length': String(file.bytes.length) });
    });
    app.delete('/dev/media/:id', (c) => {
      if (!authorized(c.req.header('authorization'))) return c.body(null, 401);
      return c.body(null, this.files.delete(c.req.param('id')) ? 204 : 404);
    });
    return app;
  }
}
