import type { S3Client } from '@aws-sdk/client-s3';
import { randomUUID } from 'node:crypto';
import type { ExportDrop } from '../../core/results/ports.js';
import { clientOf, type ClientSource } from '../aws/lazy-client.js';
import { awsSdk } from '../aws/sdk.js';

/** Exports live under their own prefix of the media bucket, which a lifecycle rule empties within a day. */
export const EXPORTS_PREFIX = 'exports/';
/** S3's smallest multipart part is 5 MiB (but the last); a little above it keeps memory to one part. */
export const EXPORT_PART_BYTES = 6 * 1024 * 1024;
/** Long enough to follow a redirect and start the download; a link copied elsewhere soon stops working. */
export const EXPORT_LINK_SECONDS = 300;

/**
 * Large downloads through S3: the CSV or XLSX is written part by part (multipart upload; one PutObject when it
 * fits in a part), encrypted with the media key, under a random name; the answer is a presigned GET,
 * valid five minutes, whose response says "attachment; filename=…". The object holds anonymized
 * results only, like the download itself, and is gone within a day.
 */
export class S3ExportDrop implements ExportDrop {
  private readonly client: () => Promise<S3Client>;

  constructor(
    s3: ClientSource<S3Client>,
    private readonly bucket: string,
    private readonly kmsKeyId: string,
    private readonly opts: { partBytes?: number; linkSeconds?: number } = {},
  ) {
    this.client = clientOf(s3);
  }

  async put(chunks: AsyncIterable<string | Uint8Array>, file: { filename: string; contentType: string }): Promise<string> {
    const s3 = await this.client();
    const sdk = awsSdk.s3();
    const extension = /\.(csv|xlsx)$/.exec(file.filename)?.[0] ?? '';
    const Key = `${EXPORTS_PREFIX}${randomUUID()}${extension}`;
    const object = { Bucket: this.bucket, Key };
    const encryption = { ServerSideEncryption: 'aws:kms' as const, SSEKMSKeyId: this.kmsKeyId, BucketKeyEnabled: true };
    const partBytes = this.opts.partBytes ?? EXPORT_PART_BYTES;
    const encoder = new TextEncoder();

    let buffered: Uint8Array[] = [];
    let size = 0;
    const take = (): Uint8Array => {
      const joined = Buffer.concat(buffered, size);
      buffered = [];
      size = 0;
      return joined;
    };
    let uploadId: string | undefined;
    const parts: Array<{ ETag: string; PartNumber: number }> = [];
    const sendPart = async (body: Uint8Array) => {
      uploadId ??= (await s3.send(new sdk.CreateMultipartUploadCommand({ ...object, ContentType: file.contentType, ...encryption }))).UploadId;
      if (!uploadId) throw new Error('S3 gave no upload id');
      const PartNumber = parts.length + 1;
      const { ETag } = await s3.send(new sdk.UploadPartCommand({ ...object, UploadId: uploadId, PartNumber, Body: body }));
      if (!ETag) throw new Error('S3 gave no ETag for a part');
      parts.push({ ETag, PartNumber });
    };

    try {
      for await (const chunk of chunks) {
        const bytes = typeof chunk === 'string' ? encoder.encode(chunk) : chunk;
        buffered.push(bytes);
        size += bytes.length;
        if (size >= partBytes) await sendPart(take());
      }
      if (uploadId === undefined) {
        await s3.send(new sdk.PutObjectCommand({ ...object, Body: take(), ContentType: file.contentType, ...encryption }));
      } else {
        if (size > 0) await sendPart(take());
        await s3.send(new sdk.CompleteMultipartUploadCommand({ ...object, UploadId: uploadId, MultipartUpload: { Parts: parts } }));
      }
    } catch (error) {
      // Parts already uploaded cost storage until aborted (the bucket's rule also aborts after a day).
      if (uploadId) await s3.send(new sdk.AbortMultipartUploadCommand({ ...object, UploadId: uploadId })).catch(() => undefined);
      throw error;
    }

    const { getSignedUrl } = awsSdk.presigner();
    const get = new sdk.GetObjectCommand({
      ...object,
      ResponseContentDisposition: `attachment; filename="${file.filename}"`,
      ResponseContentType: file.contentType,
      ResponseCacheControl: 'no-store',
    });
    return getSignedUrl(s3, get, { expiresIn: this.opts.linkSeconds ?? EXPORT_LINK_SECONDS });
  }
}
