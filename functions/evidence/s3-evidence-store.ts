import { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { createPresignedPost } from '@aws-sdk/s3-presigned-post';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { contentDisposition, downloadTtlSeconds, uploadTtlSeconds, type EvidenceStore } from './evidence-store';
import { systemNow } from '../time/clock';

/**
 * Evidence in an S3 bucket (private, Block Public Access, SSE; serverless.yml `EvidenceBucket`). Uploads are presigned
 * POSTs whose policy pins the exact key, the Content-Type and 1..maxBytes bytes, so the phone posts straight to S3 and
 * the function never carries the file; downloads are presigned GETs of a few minutes. Signed with the function role's
 * credentials: the role needs s3:PutObject (for the POST), s3:GetObject (GET and HEAD) and s3:DeleteObject. The same
 * bucket takes roster files for an import under imports/ (functions/roster/import-upload.ts), read once and deleted.
 */
export function s3EvidenceStore(options: { bucket: string; client?: S3Client; now?: () => Date }): EvidenceStore {
  const client = options.client ?? new S3Client({});
  const bucket = options.bucket;
  const now = options.now ?? systemNow;
  return {
    async presignUpload(key, contentType, maxBytes) {
      const expiresAt = new Date(now().getTime() + uploadTtlSeconds * 1000);
      const { url, fields } = await createPresignedPost(client, {
        Bucket: bucket,
        Key: key,
        // createPresignedPost adds the exact-match conditions of the bucket, the key and every field below.
        Conditions: [['content-length-range', 1, maxBytes]],
        Fields: { 'Content-Type': contentType },
        Expires: uploadTtlSeconds,
      });
      return { url, fields, expiresAt: expiresAt.toISOString() };
    },
    presignDownload(key, fileName) {
      return getSignedUrl(client, new GetObjectCommand({ Bucket: bucket, Key: key, ResponseContentDisposition: contentDisposition(fileName) }), { expiresIn: downloadTtlSeconds });
    },
    async head(key) {
      try {
        const out = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
        return { size: out.ContentLength ?? 0, contentType: out.ContentType ?? 'application/octet-stream' };
      } catch (error) {
        const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
        if ((error as Error).name === 'NotFound' || status === 404) return undefined;
        throw error;
      }
    },
    async get(key) {
      try {
        const out = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
        if (!out.Body) return undefined;
        return { body: await out.Body.transformToByteArray(), contentType: out.ContentType ?? 'application/octet-stream' };
      } catch (error) {
        const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
        if ((error as Error).name === 'NoSuchKey' || status === 404) return undefined;
        throw error;
      }
    },
    async remove(key) {
      await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
    },
  };
}
