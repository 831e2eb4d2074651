import { request as httpRequest } from 'node:http';

export interface RawAnswer {
  status: number;
  type: string;
  body: string;
}

/**
 * A request exactly as given: the path is not normalized (`..` and `%2F` reach the server as typed), no
 * header is added but what Node needs to frame the body (give `transfer-encoding: chunked` to send it
 * without a length), and the body is sent as bytes. For requests no well-behaved client would make.
 *
 * `unfinished`: write the body but never finish the request, and take the answer the server gives
 * while it waits for the rest — how a server refusing an oversized upload is observed without racing
 * its connection reset (a server closing with unread data makes the client lose the answer).
 */
export function rawRequest(
  origin: string,
  method: string,
  pathAndQuery: string,
  headers: Record<string, string> = {},
  body?: string | Uint8Array,
  opts: { unfinished?: boolean } = {},
): Promise<RawAnswer> {
  const target = new URL(origin);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: target.hostname, port: target.port, method, path: pathAndQuery, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type'] ?? ''), body: Buffer.concat(chunks).toString('utf8') });
        if (opts.unfinished) req.destroy();
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    if (!opts.unfinished) req.end(body);
    else {
      req.flushHeaders(); // Node holds headers back until the body starts; an unfinished request may have none
      if (body !== undefined) req.write(body);
    }
  });
}
