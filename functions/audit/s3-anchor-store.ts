import type { S3Client } from '@aws-sdk/client-s3';
import { AnchorExistsError, type AnchorStore } from './anchor-store';

// Declared before its use: test/support/handler-permissions.ts reads the commands' names from this binding.
async function loadS3(given?: S3Client) {
  const { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } = await import('@aws-sdk/client-s3');
  return { client: given ?? new S3Client({}), GetObjectCommand, ListObjectsV2Command, PutObjectCommand };
}

/**
 * Anchors in an S3 bucket with Object Lock (serverless.yml `AuditAnchorBucket`: versioned, default retention in
 * compliance mode). Every anchor is put with its own compliance retention until `retainUntil`, which not even the
 * account's root user can shorten or lift, and only if its key is new (If-None-Match: *): a second put of one key is
 * refused by S3 with 412 and reported as AnchorExistsError. Were a key ever written twice, versioning would keep the
 * first version under its lock anyway. The clock function's role needs s3:PutObject and s3:PutObjectRetention (the
 * retention header) to seal, s3:ListBucket and s3:GetObject to find the last anchor; nothing that deletes.
 */
export function s3AnchorStore(options: { bucket: string; client?: S3Client }): AnchorStore {
  // The S3 client loads with the first anchor read or written, not with the clock's bundle (cold start budget, issue 18).
  let sdk: ReturnType<typeof loadS3> | undefined;
  const s3 = () => (sdk ??= loadS3(options.client));
  const { bucket } = options;
  const status = (error: unknown) => (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  return {
    location: `s3://${bucket}`,
    async put(key, body, retainUntil) {
      const { client, PutObjectCommand } = await s3();
      try {
        await client.send(
          new PutObjectCommand({
            Bucket: bucket,
            Key: key,
            Body: body,
            ContentType: 'application/json',
            IfNoneMatch: '*',
            ObjectLockMode: 'COMPLIANCE',
            ObjectLockRetainUntilDate: retainUntil,
            // Object Lock requires an integrity checksum on every put.
            ChecksumAlgorithm: 'SHA256',
          }),
        );
      } catch (error) {
        if ((error as Error).name === 'PreconditionFailed' || status(error) === 412) throw new AnchorExistsError(key, { cause: error });
        throw error;
      }
    },
    async list(prefix, startAfter) {
      const { client, ListObjectsV2Command } = await s3();
      const keys: string[] = [];
      let token: string | undefined;
      do {
        const out = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ...(startAfter ? { StartAfter: startAfter } : {}), ...(token ? { ContinuationToken: token } : {}) }));
        for (const object of out.Contents ?? []) if (object.Key) keys.push(object.Key);
        token = out.IsTruncated ? out.NextContinuationToken : undefined;
      } while (token);
      return keys.sort();
    },
    async get(key) {
      const { client, GetObjectCommand } = await s3();
      try {
        const out = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
        return out.Body ? await out.Body.transformToString('utf-8') : undefined;
      } catch (error) {
        if ((error as Error).name === 'NoSuchKey' || status(error) === 404) return undefined;
        throw error;
      }
    },
  };
}
