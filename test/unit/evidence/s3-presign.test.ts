import { S3Client } from '@aws-sdk/client-s3';
import { s3EvidenceStore } from '../../../functions/evidence/s3-evidence-store';

/** The S3 adapter's presigned POST and GET, built with dummy credentials: signing is local, no request is sent. */
const client = new S3Client({ region: 'cn-north-1', credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' } });
afterAll(() => client.destroy());
// S3 checks presigned requests against the real time, and the SDK signs with it: this store's clock is the real
// one on purpose (the policy's expiry is compared with it below), whatever the date.
const now = new Date();
const store = s3EvidenceStore({ bucket: 'zhijia-evidence-test', client, now: () => now });
const key = 'applications/app-0123456789abcdef/00112233aabbccdd/proof.png';

describe('the S3 evidence store', () => {
  it('presigns a POST whose policy pins the bucket, the exact key, the Content-Type, 1..maxBytes and a near expiry', async () => {
    const upload = await store.presignUpload(key, 'image/png', 10 * 1024 * 1024);
    expect(upload.url).toBe('https://zhijia-evidence-test.s3.cn-north-1.amazonaws.com.cn/');
    expect(upload.fields).toMatchObject({ key, 'Content-Type': 'image/png', bucket: 'zhijia-evidence-test', 'X-Amz-Algorithm': 'AWS4-HMAC-SHA256' });
    expect(upload.fields['X-Amz-Credential']).toMatch(/^AKIDEXAMPLE\/\d{8}\/cn-north-1\/s3\/aws4_request$/);
    expect(upload.fields['X-Amz-Signature']).toMatch(/^[0-9a-f]{64}$/);

    const policy = JSON.parse(Buffer.from(String(upload.fields.Policy), 'base64').toString('utf8')) as { expiration: string; conditions: unknown[] };
    expect(policy.conditions).toEqual(
      expect.arrayContaining([
        { key },
        { bucket: 'zhijia-evidence-test' },
        { 'Content-Type': 'image/png' },
        ['content-length-range', 1, 10 * 1024 * 1024],
      ]),
    );
    // No condition lets another key through (no starts-with).
    expect(JSON.stringify(policy.conditions)).not.toContain('starts-with');
    const expiresIn = Date.parse(policy.expiration) - now.getTime();
    expect(expiresIn).toBeGreaterThan(14 * 60_000);
    expect(expiresIn).toBeLessThanOrEqual(15 * 60_000);
    expect(Math.abs(Date.parse(upload.expiresAt) - Date.parse(policy.expiration))).toBeLessThan(2_000);
  });

  it('presigns a GET of a few minutes that names the file for the browser', async () => {
    const url = new URL(await store.presignDownload(key, '营业执照 副本.png'));
    expect(url.host).toBe('zhijia-evidence-test.s3.cn-north-1.amazonaws.com.cn');
    expect(url.pathname).toBe(`/${key}`);
    expect(url.searchParams.get('X-Amz-Expires')).toBe('600');
    expect(url.searchParams.get('response-content-disposition')).toBe(`inline; filename="____ __.png"; filename*=UTF-8''${encodeURIComponent('营业执照 副本.png')}`);
    expect(url.searchParams.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/);
  });
});
