import { createServer, type Server } from 'node:http';

/**
 * Amazon S3 cannot run here: a local server answering path-style GetObject and PutObject (the SDK uses
 * path style for an IP endpoint), so a bundled function's real S3 client and our audio store are
 * exercised. A missing key is S3's 404 NoSuchKey; an upload in `aws-chunked` encoding (the SDK's
 * trailing checksums) is unwrapped. Point a process at it with AWS_ENDPOINT_URL_S3.
 */
export interface FakeS3 {
  endpoint: string;
  /** `<bucket>/<key>` → the object. */
  objects: Map<string, { bytes: Uint8Array; contentType: string }>;
  /** `GET <bucket>/<key>` or `PUT <bucket>/<key>`, in order. */
  requests: string[];
  stop(): Promise<void>;
}

/** aws-chunked: `<hex size>[;extensions]\r\n<data>\r\n` … `0\r\n<trailers>\r\n\r\n`. */
function unchunk(body: Buffer): Buffer {
  const parts: Buffer[] = [];
  let at = 0;
  for (;;) {
    const eol = body.indexOf('\r\n', at);
    if (eol < 0) throw new Error('fake S3: a chunk header without its line end');
    const size = Number.parseInt(body.subarray(at, eol).toString('latin1').split(';')[0] ?? '', 16);
    if (!Number.isFinite(size)) throw new Error('fake S3: a chunk size that is not hexadecimal');
    if (size === 0) return Buffer.concat(parts);
    parts.push(body.subarray(eol + 2, eol + 2 + size));
    at = eol + 2 + size + 2;
  }
}

export async function startFakeS3(objects: Map<string, { bytes: Uint8Array; contentType: string }> = new Map()): Promise<FakeS3> {
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const at = decodeURIComponent(new URL(req.url ?? '/', 'http://s3').pathname.slice(1));
      requests.push(`${req.method ?? ''} ${at}`);
      if (req.method === 'PUT') {
        const raw = Buffer.concat(chunks);
        const chunked =
          String(req.headers['content-encoding'] ?? '').includes('aws-chunked') || String(req.headers['x-amz-content-sha256'] ?? '').startsWith('STREAMING-');
        objects.set(at, {
          bytes: new Uint8Array(chunked ? unchunk(raw) : raw),
          contentType: String(req.headers['content-type'] ?? 'application/octet-stream'),
        });
        res.writeHead(200, { ETag: '"fake"' });
        res.end();
        return;
      }
      const object = req.method === 'GET' ? objects.get(at) : undefined;
      if (!object) {
        res.writeHead(req.method === 'GET' ? 404 : 405, { 'content-type': 'application/xml' });
        res.end(
          `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${req.method === 'GET' ? 'NoSuchKey' : 'MethodNotAllowed'}</Code><Message>fake S3</Message></Error>`,
        );
        return;
      }
      res.writeHead(200, { 'content-type': object.contentType, 'content-length': String(object.bytes.byteLength), ETag: '"fake"' });
      res.end(Buffer.from(object.bytes));
    });
  });
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', () => ready()));
  const address = server.address();
  return {
    endpoint: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`,
    objects,
    requests,
    stop: () => new Promise<void>((done) => server.close(() => done())),
  };
}
