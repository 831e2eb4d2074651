import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { EXPORT_PART_BYTES, S3ExportDrop } from '../../adapters/s3/s3-export-drop.js';

/**
 * Large CSVs through S3 (S3 itself mocked with aws-sdk-client-mock: it cannot run here). What matters: the
 * file arrives whole and in order, memory holds one part at a time, parts but the last are at least S3's
 * 5 MiB minimum, and a failure aborts the upload rather than leaving parts behind.
 */

const s3 = mockClient(S3Client);
const client = new S3Client({ region: 'eu-west-1', credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' } });
const KEY_ARN = 'arn:aws:kms:eu-west-1:123456789012:key/11111111-2222-3333-4444-555555555555';
afterEach(() => s3.reset());

/** `rows` CSV lines of ~100 bytes each, as the export yields them (a page per chunk). */
async function* csvRows(rows: number, perChunk = 500): AsyncGenerator<string> {
  for (let start = 0; start < rows; start += perChunk) {
    let chunk = '';
    for (let i = start; i < Math.min(rows, start + perChunk); i++) chunk += `r${String(i).padStart(7, '0')},energy,4,${'é'.repeat(40)},yes\n`;
    yield chunk;
  }
}
const expectedText = async (rows: number) => {
  let all = '';
  for await (const chunk of csvRows(rows)) all += chunk;
  return all;
};

describe('S3ExportDrop', () => {
  it("keeps parts above S3's 5 MiB minimum by default", () => {
    expect(EXPORT_PART_BYTES).toBeGreaterThanOrEqual(5 * 1024 * 1024);
  });

  it('a file smaller than a part is one encrypted PutObject, and the link downloads it by name for five minutes', async () => {
    s3.on(PutObjectCommand).resolves({});
    const drop = new S3ExportDrop(client, 'bucket-x', KEY_ARN);
    const link = new URL(await drop.put(csvRows(50), { filename: 'gent-start-results.csv', contentType: 'text/csv; charset=utf-8' }));
    const [put] = s3.commandCalls(PutObjectCommand);
    expect(put?.args[0].input).toMatchObject({ Bucket: 'bucket-x', ServerSideEncryption: 'aws:kms', SSEKMSKeyId: KEY_ARN });
    expect(Buffer.from(put?.args[0].input.Body as Uint8Array).toString('utf8')).toBe(await expectedText(50));
    expect(s3.commandCalls(CreateMultipartUploadCommand)).toHaveLength(0);
    expect(link.pathname).toBe(`/${put?.args[0].input.Key ?? ''}`);
    expect(link.searchParams.get('X-Amz-Expires')).toBe('300');
    expect(link.searchParams.get('response-content-disposition')).toBe('attachment; filename="gent-start-results.csv"');
  });

  it('a larger file goes up part by part, in order, and is completed with every part', async () => {
    s3.on(CreateMultipartUploadCommand).resolves({ UploadId: 'up-1' });
    s3.on(UploadPartCommand).callsFake((input: { PartNumber: number }) => ({ ETag: `"etag-${input.PartNumber}"` }));
    s3.on(CompleteMultipartUploadCommand).resolves({});
    const partBytes = 64 * 1024;
    const drop = new S3ExportDrop(client, 'bucket-x', KEY_ARN, { partBytes });
    await drop.put(csvRows(5_000), { filename: 'all.csv', contentType: 'text/csv; charset=utf-8' });
    const parts = s3.commandCalls(UploadPartCommand).map((call) => call.args[0].input);
    expect(parts.length).toBeGreaterThan(3);
    expect(parts.map((p) => p.PartNumber)).toEqual(parts.map((_, i) => i + 1));
    // Every part but the last at least the part size, and never much more (one page over it at most).
    for (const p of parts.slice(0, -1)) expect((p.Body as Uint8Array).length).toBeGreaterThanOrEqual(partBytes);
    for (const p of parts) expect((p.Body as Uint8Array).length).toBeLessThan(partBytes + 100 * 500);
    const whole = Buffer.concat(parts.map((p) => p.Body as Uint8Array)).toString('utf8');
    expect(whole).toBe(await expectedText(5_000));
    const [complete] = s3.commandCalls(CompleteMultipartUploadCommand);
    expect(complete?.args[0].input.MultipartUpload?.Parts).toEqual(parts.map((p) => ({ PartNumber: p.PartNumber, ETag: `"etag-${p.PartNumber ?? 0}"` })));
    expect(s3.commandCalls(CreateMultipartUploadCommand)[0]?.args[0].input).toMatchObject({
      ServerSideEncryption: 'aws:kms',
      SSEKMSKeyId: KEY_ARN,
      ContentType: 'text/csv; charset=utf-8',
    });
  });

  it('an XLSX goes up as the bytes it is, part by part, under a key that ends in .xlsx (S3 mocked)', async () => {
    s3.on(CreateMultipartUploadCommand).resolves({ UploadId: 'up-3' });
    s3.on(UploadPartCommand).callsFake((input: { PartNumber: number }) => ({ ETag: `"etag-${input.PartNumber}"` }));
    s3.on(CompleteMultipartUploadCommand).resolves({});
    // Bytes that are no UTF-8 (a zip's are not): encoded as text they would change.
    const bytes = Uint8Array.from({ length: 300_000 }, (_, i) => (i * 131 + 7) % 256);
    async function* chunks(): AsyncGenerator<Uint8Array> {
      for (let at = 0; at < bytes.length; at += 16_384) yield bytes.subarray(at, at + 16_384);
    }
    const type = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
    const drop = new S3ExportDrop(client, 'bucket-x', KEY_ARN, { partBytes: 64 * 1024 });
    const link = new URL(await drop.put(chunks(), { filename: 'gent-start-results.xlsx', contentType: type }));
    const parts = s3.commandCalls(UploadPartCommand).map((call) => call.args[0].input);
    expect(Buffer.concat(parts.map((p) => p.Body as Uint8Array)).equals(Buffer.from(bytes))).toBe(true);
    const created = s3.commandCalls(CreateMultipartUploadCommand)[0]?.args[0].input;
    expect(created?.Key).toMatch(/^exports\/[0-9a-f-]{36}\.xlsx$/);
    expect(created?.ContentType).toBe(type);
    expect(link.searchParams.get('response-content-type')).toBe(type);
    expect(link.searchParams.get('response-content-disposition')).toBe('attachment; filename="gent-start-results.xlsx"');
  });

  it('a failure while reading the answers aborts the upload and gives no link', async () => {
    s3.on(CreateMultipartUploadCommand).resolves({ UploadId: 'up-2' });
    s3.on(UploadPartCommand).resolves({ ETag: '"e"' });
    s3.on(AbortMultipartUploadCommand).resolves({});
    async function* failing(): AsyncGenerator<string> {
      yield* csvRows(2_000);
      throw new Error('ProvisionedThroughputExceededException');
    }
    const drop = new S3ExportDrop(client, 'bucket-x', KEY_ARN, { partBytes: 64 * 1024 });
    await expect(drop.put(failing(), { filename: 'x.csv', contentType: 'text/csv' })).rejects.toThrow('ProvisionedThroughputExceededException');
    expect(s3.commandCalls(AbortMultipartUploadCommand).map((c) => c.args[0].input)).toEqual([expect.objectContaining({ UploadId: 'up-2' })]);
    expect(s3.commandCalls(CompleteMultipartUploadCommand)).toHaveLength(0);
  });
});
