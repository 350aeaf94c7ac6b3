import { createHmac, timingSafeEqual } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { downloadTtlSeconds, uploadTtlSeconds, type EvidenceStore } from './evidence-store';
import { systemNow } from '../time/clock';

/**
 * The local file adapter of the evidence store: the same {url, fields} contract as an S3 presigned POST, served by
 * scripts/local/evidence-server.ts. The fields carry the key, the Content-Type, a base64url policy
 * {key, contentType, maxBytes, expiresAt} and its HMAC-SHA256 under the local key (.data/keys/evidence-key), which the
 * server checks before it writes anything. Files lie under `<dir>/objects/<key>`, their type and size beside them
 * under `<dir>/meta/<key>.json`.
 */
export interface UploadPolicy {
  key: string;
  contentType: string;
  maxBytes: number;
  expiresAt: string;
}

/** Why storage refused, in S3's words (its error codes and statuses). */
export interface StorageRefusal {
  status: 400 | 403 | 404;
  code: 'AccessDenied' | 'SignatureDoesNotMatch' | 'EntityTooLarge' | 'EntityTooSmall' | 'InvalidArgument' | 'InvalidPolicyDocument' | 'NoSuchKey';
  message: string;
}

type Verified<T> = { ok: true; value: T } | { ok: false; refusal: StorageRefusal };

const sign = (secret: string, purpose: string, payload: string): string => createHmac('sha256', secret).update(`${purpose}\n${payload}`).digest('hex');

function sameSignature(expected: string, given: string): boolean {
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(given, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

export function signUploadPolicy(policy: UploadPolicy, secret: string): { policy: string; signature: string } {
  const encoded = Buffer.from(JSON.stringify(policy), 'utf8').toString('base64url');
  return { policy: encoded, signature: sign(secret, 'upload', encoded) };
}

/** The policy of a posted form, if its signature holds and it has not expired. */
export function verifyUploadPolicy(encoded: string | undefined, signature: string | undefined, secret: string, now = systemNow()): Verified<UploadPolicy> {
  if (!encoded || !signature) return { ok: false, refusal: { status: 403, code: 'AccessDenied', message: 'Access Denied: the form has no policy or signature' } };
  if (!sameSignature(sign(secret, 'upload', encoded), signature)) {
    return { ok: false, refusal: { status: 403, code: 'SignatureDoesNotMatch', message: 'The request signature we calculated does not match the signature you provided.' } };
  }
  let policy: UploadPolicy;
  try {
    policy = JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8')) as UploadPolicy;
  } catch {
    return { ok: false, refusal: { status: 400, code: 'InvalidPolicyDocument', message: 'Invalid Policy: Invalid JSON.' } };
  }
  if (typeof policy.key !== 'string' || typeof policy.contentType !== 'string' || typeof policy.maxBytes !== 'number' || typeof policy.expiresAt !== 'string') {
    return { ok: false, refusal: { status: 400, code: 'InvalidPolicyDocument', message: 'Invalid Policy: a condition is missing.' } };
  }
  if (!(Date.parse(policy.expiresAt) > now.getTime())) return { ok: false, refusal: { status: 403, code: 'AccessDenied', message: 'Invalid according to Policy: Policy expired.' } };
  return { ok: true, value: policy };
}

/** A posted file against its verified policy: the form's key and Content-Type as signed, the size within range. */
export function checkUpload(policy: UploadPolicy, form: { key: string | undefined; contentType: string | undefined; size: number }): StorageRefusal | undefined {
  if (form.key !== policy.key) return { status: 403, code: 'AccessDenied', message: `Invalid according to Policy: Policy Condition failed: ["eq", "$key", "${policy.key}"]` };
  if (form.contentType !== policy.contentType) return { status: 403, code: 'AccessDenied', message: `Invalid according to Policy: Policy Condition failed: ["eq", "$Content-Type", "${policy.contentType}"]` };
  if (form.size > policy.maxBytes) return { status: 400, code: 'EntityTooLarge', message: 'Your proposed upload exceeds the maximum allowed size' };
  if (form.size < 1) return { status: 400, code: 'EntityTooSmall', message: 'Your proposed upload is smaller than the minimum allowed size' };
  return undefined;
}

export interface DownloadGrant {
  key: string;
  name: string;
  expires: string;
  signature: string;
}

const downloadPayload = (g: Omit<DownloadGrant, 'signature'>): string => `${g.key}\n${g.name}\n${g.expires}`;

export function signDownload(key: string, name: string, expiresAt: Date, secret: string): DownloadGrant {
  const grant = { key, name, expires: String(Math.floor(expiresAt.getTime() / 1000)) };
  return { ...grant, signature: sign(secret, 'download', downloadPayload(grant)) };
}

export function verifyDownload(grant: Partial<DownloadGrant>, secret: string, now = systemNow()): Verified<{ key: string; name: string }> {
  const { key, name, expires, signature } = grant;
  if (!key || name === undefined || !expires || !signature || !sameSignature(sign(secret, 'download', downloadPayload({ key, name, expires })), signature)) {
    return { ok: false, refusal: { status: 403, code: 'SignatureDoesNotMatch', message: 'The request signature we calculated does not match the signature you provided.' } };
  }
  if (!(Number(expires) * 1000 > now.getTime())) return { ok: false, refusal: { status: 403, code: 'AccessDenied', message: 'Request has expired' } };
  return { ok: true, value: { key, name } };
}

/** Where a key lives under the folder; a key that could climb out of it (`..`, empty parts, backslashes) is refused. */
export function objectPaths(dir: string, key: string): { file: string; meta: string } {
  const parts = key.split('/');
  // eslint-disable-next-line no-control-regex
  if (key.length > 512 || parts.some((p) => p === '' || p === '.' || p === '..' || /[\\\u0000-\u001f]/.test(p))) throw new RangeError(`not a storable key: ${JSON.stringify(key)}`);
  return { file: join(dir, 'objects', ...parts), meta: `${join(dir, 'meta', ...parts)}.json` };
}

/** Writes a file and its metadata (each through a temporary name, so a reader never sees half of it). */
export async function writeObject(dir: string, key: string, body: Uint8Array, contentType: string): Promise<void> {
  const { file, meta } = objectPaths(dir, key);
  await mkdir(dirname(file), { recursive: true });
  await mkdir(dirname(meta), { recursive: true });
  await writeFile(`${file}.partial`, body);
  await rename(`${file}.partial`, file);
  await writeFile(`${meta}.partial`, JSON.stringify({ size: body.byteLength, contentType }));
  await rename(`${meta}.partial`, meta);
}

export async function readObject(dir: string, key: string): Promise<{ body: Buffer; contentType: string } | undefined> {
  const head = await headObject(dir, key);
  if (!head) return undefined;
  return { body: await readFile(objectPaths(dir, key).file), contentType: head.contentType };
}

async function headObject(dir: string, key: string): Promise<{ size: number; contentType: string } | undefined> {
  try {
    const meta = JSON.parse(await readFile(objectPaths(dir, key).meta, 'utf8')) as { size: number; contentType: string };
    return { size: meta.size, contentType: meta.contentType };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

export function localEvidenceStore(options: { dir: string; baseUrl: string; secret: string; now?: () => Date }): EvidenceStore {
  const { dir, secret } = options;
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const now = options.now ?? systemNow;
  return {
    async presignUpload(key, contentType, maxBytes) {
      objectPaths(dir, key);
      const expiresAt = new Date(now().getTime() + uploadTtlSeconds * 1000).toISOString();
      const { policy, signature } = signUploadPolicy({ key, contentType, maxBytes, expiresAt }, secret);
      return { url: `${baseUrl}/upload`, fields: { key, 'Content-Type': contentType, policy, signature }, expiresAt };
    },
    async presignDownload(key, fileName) {
      const grant = signDownload(key, fileName, new Date(now().getTime() + downloadTtlSeconds * 1000), secret);
      return `${baseUrl}/download?${new URLSearchParams({ ...grant }).toString()}`;
    },
    head: (key) => headObject(dir, key),
    get: (key) => readObject(dir, key),
    async remove(key) {
      const { file, meta } = objectPaths(dir, key);
      await rm(file, { force: true });
      await rm(meta, { force: true });
    },
  };
}
