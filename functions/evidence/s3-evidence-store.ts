import type { S3Client } from '@aws-sdk/client-s3';
import { contentDisposition, downloadTtlSeconds, uploadTtlSeconds, type EvidenceStore } from './evidence-store';
import { systemNow } from '../time/clock';

// Declared before its use: test/support/handler-permissions.ts reads the commands' names from this binding.
async function loadS3(given?: S3Client) {
  const { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, S3Client } = await import('@aws-sdk/client-s3');
  const { createPresignedPost } = await import('@aws-sdk/s3-presigned-post');
  const { getSignedUrl } = await import('@aws-sdk/s3-request-presigner');
  return { client: given ?? new S3Client({}), DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, createPresignedPost, getSignedUrl };
}

/**
 * Evidence in an S3 bucket (private, Block Public Access, SSE; serverless.yml `EvidenceBucket`). Uploads are presigned
 * POSTs whose policy pins the exact key, the Content-Type and 1..maxBytes bytes, so the phone posts straight to S3 and
 * the function never carries the file; downloads are presigned GETs of a few minutes. Signed with the function role's
 * credentials: the role needs s3:PutObject (for the POST), s3:GetObject (GET and HEAD) and s3:DeleteObject. The same
 * bucket takes roster files for an import under imports/ (functions/roster/import-upload.ts), read once and deleted.
 *
 * `publicHost` (EVIDENCE_PUBLIC_HOST): the ICP-filed name of serverless.yml's EvidenceDistribution, which WeChat accepts as
 * an uploadFile/downloadFile legal domain where it refuses *.amazonaws.com.cn. The addresses are signed for the bucket's
 * own host, as always, and handed out under the public name; CloudFront forwards them with the bucket's host, so the
 * signatures hold.
 */
export function s3EvidenceStore(options: { bucket: string; client?: S3Client; now?: () => Date; publicHost?: string }): EvidenceStore {
  // The S3 client and its presigners load with the first file asked for, not with the bundle: the roster function
  // bundles this for imports only (cold start budget, issue 18).
  let sdk: ReturnType<typeof loadS3> | undefined;
  const s3 = () => (sdk ??= loadS3(options.client));
  const bucket = options.bucket;
  const now = options.now ?? systemNow;
  const publicHost = options.publicHost ? checkedPublicHost(options.publicHost) : undefined;
  const published = (url: string): string => (publicHost ? underHost(url, publicHost) : url);
  return {
    async presignUpload(key, contentType, maxBytes) {
      const expiresAt = new Date(now().getTime() + uploadTtlSeconds * 1000);
      const { client, createPresignedPost } = await s3();
      const { url, fields } = await createPresignedPost(client, {
        Bucket: bucket,
        Key: key,
        // createPresignedPost adds the exact-match conditions of the bucket, the key and every field below.
        Conditions: [['content-length-range', 1, maxBytes]],
        Fields: { 'Content-Type': contentType },
        Expires: uploadTtlSeconds,
      });
      return { url: published(url), fields, expiresAt: expiresAt.toISOString() };
    },
    async presignDownload(key, fileName) {
      const { client, getSignedUrl, GetObjectCommand } = await s3();
      return published(await getSignedUrl(client, new GetObjectCommand({ Bucket: bucket, Key: key, ResponseContentDisposition: contentDisposition(fileName) }), { expiresIn: downloadTtlSeconds }));
    },
    async head(key) {
      const { client, HeadObjectCommand } = await s3();
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
      const { client, GetObjectCommand } = await s3();
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
      const { client, DeleteObjectCommand } = await s3();
      await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
    },
  };
}

/** A bare DNS name (no scheme, port or path): what WeChat's legal-domain list and a CloudFront alias hold. */
function checkedPublicHost(host: string): string {
  if (!/^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,62}$/.test(host)) {
    throw new Error(`EVIDENCE_PUBLIC_HOST must be a bare DNS name such as files.example.cn, not "${host}"`);
  }
  return host;
}

/** The same address, path and query untouched, under another https host. */
export function underHost(url: string, host: string): string {
  const address = new URL(url);
  address.protocol = 'https:';
  address.host = host;
  return address.toString();
}
