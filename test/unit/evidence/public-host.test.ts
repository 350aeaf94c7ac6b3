import { S3Client } from '@aws-sdk/client-s3';
import { s3EvidenceStore, underHost } from '../../../functions/evidence/s3-evidence-store';

/**
 * Evidence addresses under the ICP-filed name WeChat accepts (EVIDENCE_PUBLIC_HOST, serverless.yml EvidenceDistribution):
 * signed for the bucket's own host, handed out under the public one. Dummy credentials: signing is local.
 */
const client = new S3Client({ region: 'cn-north-1', credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' } });
afterAll(() => client.destroy());
// S3 checks presigned requests against the real time and the SDK signs with it (as in s3-presign.test.ts).
const now = new Date();
const key = 'applications/app-0123456789abcdef/00112233aabbccdd/proof.png';

describe('the S3 evidence store behind a public host', () => {
  const store = s3EvidenceStore({ bucket: 'zhijia-evidence-test', client, now: () => now, publicHost: 'files.zhijia.example.cn' });

  it('hands out the upload address under the public host, the policy still naming the bucket', async () => {
    const upload = await store.presignUpload(key, 'image/png', 1024);
    expect(upload.url).toBe('https://files.zhijia.example.cn/');
    expect(upload.fields).toMatchObject({ key, bucket: 'zhijia-evidence-test', 'Content-Type': 'image/png' });
  });

  it('hands out the download address under the public host, signed for the bucket\'s host only', async () => {
    const url = new URL(await store.presignDownload(key, 'proof.png'));
    expect(url.host).toBe('files.zhijia.example.cn');
    expect(url.protocol).toBe('https:');
    expect(url.pathname).toBe(`/${key}`);
    // The signature covers the Host header CloudFront sends to the origin (the bucket's), nothing else of the request.
    expect(url.searchParams.get('X-Amz-SignedHeaders')).toBe('host');
    expect(url.searchParams.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/);
  });

  it('moves an address to another host without touching its path or its signed query', () => {
    const signed = 'https://zhijia-evidence-test.s3.cn-north-1.amazonaws.com.cn/applications/a%20b/%E8%AF%81.png?X-Amz-Credential=AKIDEXAMPLE%2F20261207%2Fcn-north-1%2Fs3%2Faws4_request&response-content-disposition=inline%3B%20filename%3D%22_.png%22&X-Amz-Signature=00ff';
    const moved = underHost(signed, 'files.zhijia.example.cn');
    expect(moved).toBe(signed.replace('zhijia-evidence-test.s3.cn-north-1.amazonaws.com.cn', 'files.zhijia.example.cn'));
  });

  it('keeps the bucket\'s own addresses when no public host is set', async () => {
    const plain = s3EvidenceStore({ bucket: 'zhijia-evidence-test', client, now: () => now });
    expect((await plain.presignUpload(key, 'image/png', 1024)).url).toBe('https://zhijia-evidence-test.s3.cn-north-1.amazonaws.com.cn/');
  });

  it.each(['https://files.zhijia.example.cn', 'files.zhijia.example.cn:8443', 'files.zhijia.example.cn/evidence', '203.0.113.7', 'Files.Example.CN', 'files'])('refuses "%s" as a public host at start-up', (host) => {
    expect(() => s3EvidenceStore({ bucket: 'zhijia-evidence-test', client, publicHost: host })).toThrow(/EVIDENCE_PUBLIC_HOST must be a bare DNS name/);
  });
});
