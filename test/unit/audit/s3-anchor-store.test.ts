import { Readable } from 'node:stream';
import { S3Client } from '@aws-sdk/client-s3';
import { AnchorExistsError } from '../../../functions/audit/anchor-store';
import { s3AnchorStore } from '../../../functions/audit/s3-anchor-store';

/**
 * The S3 anchor store's requests as the real SDK serializes and signs them. Only the transport is replaced (the SDK's
 * requestHandler, its documented seam): it keeps each request and answers as S3 would, with no network.
 */
interface SentRequest {
  method: string;
  hostname: string;
  path: string;
  query: Record<string, string | string[] | null>;
  headers: Record<string, string>;
  body: unknown;
}

function s3Answering(status: number, body = ''): { client: S3Client; sent: SentRequest[] } {
  const sent: SentRequest[] = [];
  const client = new S3Client({
    region: 'cn-north-1',
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
    requestHandler: {
      async handle(request: SentRequest) {
        sent.push(request);
        return { response: { statusCode: status, headers: { 'content-type': 'application/xml' }, body: Readable.from([Buffer.from(body)]) } };
      },
    },
  });
  return { client, sent };
}

describe('the S3 anchor store', () => {
  it('puts each anchor once, under compliance-mode Object Lock until the retention date, with a checksum', async () => {
    const { client, sent } = s3Answering(200);
    const store = s3AnchorStore({ bucket: 'zhigong-zhijia-prod-audit-anchors', client });

    await store.put('zhigong-zhijia-prod/2026-12-14/2026-12-14T01:30:00.000Z.json', '{"chains":{}}', new Date('2036-12-14T01:30:00.000Z'));

    expect(sent).toHaveLength(1);
    const [request] = sent as [SentRequest];
    expect(request.method).toBe('PUT');
    expect(request.hostname).toBe('zhigong-zhijia-prod-audit-anchors.s3.cn-north-1.amazonaws.com.cn');
    expect(request.path).toBe('/zhigong-zhijia-prod/2026-12-14/2026-12-14T01%3A30%3A00.000Z.json');
    expect(request.headers).toMatchObject({
      'x-amz-object-lock-mode': 'COMPLIANCE',
      'x-amz-object-lock-retain-until-date': '2036-12-14T01:30:00Z',
      'if-none-match': '*',
      'content-type': 'application/json',
      'x-amz-checksum-sha256': expect.any(String),
    });
    expect(request.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/cn-north-1\/s3\/aws4_request/);
  });

  it('reports a key already taken (S3 answers 412 to If-None-Match) as AnchorExistsError', async () => {
    const { client } = s3Answering(412, '<?xml version="1.0" encoding="UTF-8"?><Error><Code>PreconditionFailed</Code><Message>At least one of the pre-conditions you specified did not hold</Message></Error>');
    const store = s3AnchorStore({ bucket: 'anchors', client });

    await expect(store.put('t/2026-12-14/x.json', '{}', new Date('2036-12-14T00:00:00Z'))).rejects.toBeInstanceOf(AnchorExistsError);
  });

  it('lists one table’s anchors after a key, page by page', async () => {
    const page = (keys: string[], next?: string) =>
      `<?xml version="1.0" encoding="UTF-8"?><ListBucketResult><IsTruncated>${next ? 'true' : 'false'}</IsTruncated>${keys.map((key) => `<Contents><Key>${key}</Key></Contents>`).join('')}${next ? `<NextContinuationToken>${next}</NextContinuationToken>` : ''}</ListBucketResult>`;
    const bodies = [page(['t/2026-12-13/b.json'], 'token-2'), page(['t/2026-12-14/a.json'])];
    const sent: SentRequest[] = [];
    const client = new S3Client({
      region: 'cn-north-1',
      credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
      requestHandler: {
        async handle(request: SentRequest) {
          sent.push(request);
          return { response: { statusCode: 200, headers: { 'content-type': 'application/xml' }, body: Readable.from([Buffer.from(bodies[sent.length - 1] ?? '')]) } };
        },
      },
    });

    const keys = await s3AnchorStore({ bucket: 'anchors', client }).list('t/', 't/2026-12-11');

    expect(keys).toEqual(['t/2026-12-13/b.json', 't/2026-12-14/a.json']);
    expect(sent.map((request) => request.query)).toEqual([
      expect.objectContaining({ 'list-type': '2', prefix: 't/', 'start-after': 't/2026-12-11' }),
      expect.objectContaining({ 'list-type': '2', prefix: 't/', 'start-after': 't/2026-12-11', 'continuation-token': 'token-2' }),
    ]);
  });
});
