import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkUpload, localEvidenceStore, objectPaths, signDownload, signUploadPolicy, verifyDownload, verifyUploadPolicy, writeObject, type UploadPolicy } from '../../../functions/evidence/local-evidence-store';

const secret = 'unit-test-evidence-key-0123456789abcdef';
const now = new Date('2026-11-23T09:00:00Z');
const policy: UploadPolicy = { key: 'applications/app-0123456789abcdef/00112233aabbccdd/proof.pdf', contentType: 'application/pdf', maxBytes: 1024, expiresAt: '2026-11-23T09:15:00.000Z' };

describe('the local evidence policy (signed like an S3 POST policy)', () => {
  it('accepts its own signed policy before it expires and gives back what was signed', () => {
    const { policy: encoded, signature } = signUploadPolicy(policy, secret);
    const verified = verifyUploadPolicy(encoded, signature, secret, now);
    expect(verified).toEqual({ ok: true, value: policy });
  });

  it('refuses an expired policy with 403 AccessDenied', () => {
    const { policy: encoded, signature } = signUploadPolicy(policy, secret);
    const verified = verifyUploadPolicy(encoded, signature, secret, new Date('2026-11-23T09:15:00.001Z'));
    expect(verified).toEqual({ ok: false, refusal: expect.objectContaining({ status: 403, code: 'AccessDenied', message: expect.stringContaining('expired') }) });
  });

  it('refuses a tampered policy (a larger size, another key) and a signature under another key', () => {
    const { policy: encoded, signature } = signUploadPolicy(policy, secret);
    const larger = Buffer.from(JSON.stringify({ ...policy, maxBytes: 10 ** 9 })).toString('base64url');
    const otherKey = Buffer.from(JSON.stringify({ ...policy, key: 'applications/app-ffffffffffffffff/00112233aabbccdd/proof.pdf' })).toString('base64url');
    for (const forged of [larger, otherKey]) expect(verifyUploadPolicy(forged, signature, secret, now)).toMatchObject({ ok: false, refusal: { status: 403, code: 'SignatureDoesNotMatch' } });
    expect(verifyUploadPolicy(encoded, signUploadPolicy(policy, 'another-key').signature, secret, now)).toMatchObject({ ok: false, refusal: { code: 'SignatureDoesNotMatch' } });
    expect(verifyUploadPolicy(encoded, undefined, secret, now)).toMatchObject({ ok: false, refusal: { status: 403 } });
  });

  it('refuses an oversized or empty file, another key or another Content-Type than signed', () => {
    expect(checkUpload(policy, { key: policy.key, contentType: 'application/pdf', size: 1024 })).toBeUndefined();
    expect(checkUpload(policy, { key: policy.key, contentType: 'application/pdf', size: 1025 })).toMatchObject({ status: 400, code: 'EntityTooLarge' });
    expect(checkUpload(policy, { key: policy.key, contentType: 'application/pdf', size: 0 })).toMatchObject({ status: 400, code: 'EntityTooSmall' });
    expect(checkUpload(policy, { key: `${policy.key}.html`, contentType: 'application/pdf', size: 10 })).toMatchObject({ status: 403, code: 'AccessDenied', message: expect.stringContaining('$key') });
    expect(checkUpload(policy, { key: policy.key, contentType: 'text/html', size: 10 })).toMatchObject({ status: 403, code: 'AccessDenied', message: expect.stringContaining('$Content-Type') });
  });

  it('signs downloads for a while, bound to the key and the name', () => {
    const grant = signDownload(policy.key, '证明材料.pdf', new Date(now.getTime() + 60_000), secret);
    expect(verifyDownload(grant, secret, now)).toEqual({ ok: true, value: { key: policy.key, name: '证明材料.pdf' } });
    expect(verifyDownload({ ...grant, key: 'applications/other/file.pdf' }, secret, now)).toMatchObject({ ok: false, refusal: { code: 'SignatureDoesNotMatch' } });
    expect(verifyDownload({ ...grant, expires: String(Number(grant.expires) + 3600) }, secret, now)).toMatchObject({ ok: false, refusal: { code: 'SignatureDoesNotMatch' } });
    expect(verifyDownload(grant, secret, new Date(now.getTime() + 61_000))).toMatchObject({ ok: false, refusal: { status: 403, code: 'AccessDenied' } });
  });

  it('never maps a key outside its folder', () => {
    for (const key of ['../etc/passwd', 'applications/../../x', 'applications//x', '/abs', 'a\\b', 'a/./b']) expect(() => objectPaths('/data', key)).toThrow(RangeError);
    expect(objectPaths('/data', 'applications/a/b.pdf')).toEqual({ file: '/data/objects/applications/a/b.pdf', meta: '/data/meta/applications/a/b.pdf.json' });
  });
});

describe('the local evidence store', () => {
  const dir = mkdtempSync(join(tmpdir(), 'evidence-unit-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const store = localEvidenceStore({ dir, baseUrl: 'http://127.0.0.1:4567/', secret, now: () => now });

  it('presigns the S3-like form: url, the key, the Content-Type, a policy and its signature', async () => {
    const upload = await store.presignUpload(policy.key, 'application/pdf', 2048);
    expect(upload.url).toBe('http://127.0.0.1:4567/upload');
    expect(upload.expiresAt).toBe('2026-11-23T09:15:00.000Z');
    expect(upload.fields).toMatchObject({ key: policy.key, 'Content-Type': 'application/pdf' });
    expect(verifyUploadPolicy(upload.fields.policy, upload.fields.signature, secret, now)).toEqual({ ok: true, value: { key: policy.key, contentType: 'application/pdf', maxBytes: 2048, expiresAt: upload.expiresAt } });
  });

  it('heads what was written, signs a download of it, and removes it', async () => {
    await expect(store.head(policy.key)).resolves.toBeUndefined();
    await writeObject(dir, policy.key, new Uint8Array([37, 80, 68, 70]), 'application/pdf');
    await expect(store.head(policy.key)).resolves.toEqual({ size: 4, contentType: 'application/pdf' });
    const url = new URL(await store.presignDownload(policy.key, '证明.pdf'));
    expect(url.pathname).toBe('/download');
    expect(verifyDownload(Object.fromEntries(url.searchParams), secret, now)).toMatchObject({ ok: true, value: { key: policy.key, name: '证明.pdf' } });
    await store.remove(policy.key);
    await expect(store.head(policy.key)).resolves.toBeUndefined();
    await expect(store.remove(policy.key)).resolves.toBeUndefined();
  });
});
