import { createHash, createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignatureV4 } from '@smithy/signature-v4';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { fromAttributeMap, toAttributeMap } from '../../../functions/storage/attribute-values';
import { documentClientFor, GetCommand, inputToWire, outputFromWire, TransactWriteCommand, type DynamoDBDocumentClient } from '../../../functions/storage/document-client';
import { connectionsFor, regionEndpoint, type DynamoDBEndpoint } from '../../../functions/storage/dynamodb-http';
import { signRequest } from '../../../functions/storage/sigv4';

/**
 * The project's DynamoDB client (functions/storage/document-client.ts) speaks DynamoDB's wire protocol itself, so
 * what the AWS SDK did for us must hold here: the same attribute values as the SDK's marshall/unmarshall, the same
 * SigV4 signature as the SDK's signer, DynamoDB's errors under their names, and retries of throttling and dropped
 * connections only. The whole integration suite runs every command against DynamoDB Local through it as well.
 */

const item = {
  pk: 'APPRAISAL#a1',
  sk: 'META',
  title: '会员评家满意度测评',
  count: 42,
  ratio: 0.875,
  negative: -7,
  open: true,
  closedAt: null,
  left: undefined,
  tags: ['甲', '乙', undefined, 3],
  nested: { a: { b: [1, { c: '深' }] }, gone: undefined },
  empty: '',
  list: [],
  map: {},
  bytes: new Uint8Array([0, 1, 2, 250]),
  names: new Set(['张三', '李四']),
  scores: new Set([1, 2.5]),
};

describe('attribute values', () => {
  it('are those of the SDK marshall with removeUndefinedValues, and come back as its unmarshall gives them', () => {
    const ours = toAttributeMap(item);
    // On the wire (JSON) binary values are base64 text; the SDK's marshall leaves them as bytes for its serializer.
    const asOnTheWire = (value: unknown): unknown => JSON.parse(JSON.stringify(value, (_, v: unknown) => (v instanceof Uint8Array ? Buffer.from(v).toString('base64') : v)));
    expect(ours).toEqual(asOnTheWire(marshall(item, { removeUndefinedValues: true })));
    expect(fromAttributeMap(ours)).toEqual(unmarshall(marshall(item, { removeUndefinedValues: true })));
  });

  it('refuse what would be stored wrongly: special and imprecise numbers, class instances, empty sets', () => {
    expect(() => toAttributeMap({ n: Number.NaN })).toThrow('Special numeric value');
    expect(() => toAttributeMap({ n: Infinity })).toThrow('Special numeric value');
    expect(() => toAttributeMap({ n: 2 ** 60 })).toThrow('MAX_SAFE_INTEGER');
    expect(() => toAttributeMap({ at: new Date(0) })).toThrow('Unsupported type passed: Date');
    expect(() => toAttributeMap({ s: new Set() })).toThrow('empty set');
    expect(toAttributeMap({ big: 2n ** 70n })).toEqual({ big: { N: '1180591620717411303424' } });
    expect(fromAttributeMap({ big: { N: '1180591620717411303424' } })).toEqual({ big: 2n ** 70n });
  });

  it('are converted where each operation carries them, in and out', () => {
    const wire = inputToWire('TransactWriteItems', {
      TransactItems: [
        { Put: { TableName: 't', Item: { pk: 'a', n: 1 }, ConditionExpression: 'attribute_not_exists(pk)' } },
        { Update: { TableName: 't', Key: { pk: 'b', sk: 'c' }, UpdateExpression: 'ADD n :one', ExpressionAttributeValues: { ':one': 1 } } },
        { ConditionCheck: { TableName: 't', Key: { pk: 'd', sk: 'e' }, ConditionExpression: 'v = :v', ExpressionAttributeValues: { ':v': true } } },
        { Delete: { TableName: 't', Key: { pk: 'f', sk: 'g' } } },
      ],
      ClientRequestToken: 'tok',
    });
    expect(wire).toEqual({
      TransactItems: [
        { Put: { TableName: 't', Item: { pk: { S: 'a' }, n: { N: '1' } }, ConditionExpression: 'attribute_not_exists(pk)' } },
        { Update: { TableName: 't', Key: { pk: { S: 'b' }, sk: { S: 'c' } }, UpdateExpression: 'ADD n :one', ExpressionAttributeValues: { ':one': { N: '1' } } } },
        { ConditionCheck: { TableName: 't', Key: { pk: { S: 'd' }, sk: { S: 'e' } }, ConditionExpression: 'v = :v', ExpressionAttributeValues: { ':v': { BOOL: true } } } },
        { Delete: { TableName: 't', Key: { pk: { S: 'f' }, sk: { S: 'g' } } } },
      ],
      ClientRequestToken: 'tok',
    });
    expect(inputToWire('BatchWriteItem', { RequestItems: { t: [{ PutRequest: { Item: { pk: 'a' } } }, { DeleteRequest: { Key: { pk: 'b' } } }] } })).toEqual({
      RequestItems: { t: [{ PutRequest: { Item: { pk: { S: 'a' } } } }, { DeleteRequest: { Key: { pk: { S: 'b' } } } }] },
    });
    expect(inputToWire('BatchGetItem', { RequestItems: { t: { Keys: [{ pk: 'a' }], ConsistentRead: true } } })).toEqual({ RequestItems: { t: { Keys: [{ pk: { S: 'a' } }], ConsistentRead: true } } });
    expect(inputToWire('Query', { TableName: 't', KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': 'x' }, ExclusiveStartKey: { pk: 'x', sk: 'y' } })).toEqual({
      TableName: 't',
      KeyConditionExpression: 'pk = :p',
      ExpressionAttributeValues: { ':p': { S: 'x' } },
      ExclusiveStartKey: { pk: { S: 'x' }, sk: { S: 'y' } },
    });
    expect(outputFromWire('Query', { Items: [{ pk: { S: 'x' }, n: { N: '2' } }], LastEvaluatedKey: { pk: { S: 'x' } }, Count: 1 })).toEqual({ Items: [{ pk: 'x', n: 2 }], LastEvaluatedKey: { pk: 'x' }, Count: 1 });
    expect(outputFromWire('BatchGetItem', { Responses: { t: [{ pk: { S: 'a' } }] }, UnprocessedKeys: { t: { Keys: [{ pk: { S: 'b' } }] } } })).toEqual({
      Responses: { t: [{ pk: 'a' }] },
      UnprocessedKeys: { t: { Keys: [{ pk: 'b' }] } },
      UnprocessedItems: undefined,
    } as never);
    expect(() => inputToWire('DeleteTable', {})).toThrow('not supported');
  });
});

/** SHA-256 and HMAC-SHA-256 from node:crypto, in the shape the SDK's signer asks for (as @smithy/hash-node gives it). */
class Sha256 {
  private hash;
  private readonly secret: string | Uint8Array | undefined;
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    this.secret = secret === undefined || typeof secret === 'string' ? secret : ArrayBuffer.isView(secret) ? new Uint8Array(secret.buffer, secret.byteOffset, secret.byteLength) : new Uint8Array(secret);
    this.hash = this.fresh();
  }
  private fresh() {
    return this.secret === undefined ? createHash('sha256') : createHmac('sha256', this.secret);
  }
  reset(): void {
    this.hash = this.fresh();
  }
  update(data: Uint8Array): void {
    this.hash.update(data);
  }
  digest(): Promise<Uint8Array> {
    return Promise.resolve(new Uint8Array(this.hash.digest()));
  }
}

describe('SigV4', () => {
  it.each([
    ['the function role (session token)', { accessKeyId: 'ASIAEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', sessionToken: 'FwoGZXIvYXdzEExample//token=' }],
    ['long-term keys', { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'secret' }],
  ])('signs a DynamoDB request exactly as the AWS SDK signer does (%s)', async (_, credentials) => {
    const at = new Date('2026-12-07T21:15:42.123Z');
    const body = JSON.stringify({ TableName: 'zhigong-zhijia-prod', Key: { pk: { S: '会员#1' }, sk: { S: 'META' } } });
    const headers = { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'DynamoDB_20120810.GetItem' };
    const ours = signRequest({ method: 'POST', host: 'dynamodb.cn-north-1.amazonaws.com.cn', path: '/', headers, body }, credentials, 'cn-north-1', 'dynamodb', at);
    const signer = new SignatureV4({ credentials, region: 'cn-north-1', service: 'dynamodb', sha256: Sha256, applyChecksum: false });
    const sdk = await signer.sign(
      { method: 'POST', protocol: 'https:', hostname: 'dynamodb.cn-north-1.amazonaws.com.cn', path: '/', query: {}, headers: { ...headers, host: 'dynamodb.cn-north-1.amazonaws.com.cn' }, body },
      { signingDate: at },
    );
    expect(ours.authorization).toBe(sdk.headers.authorization);
    expect(ours['x-amz-date']).toBe(sdk.headers['x-amz-date']);
    expect(ours['x-amz-security-token']).toBe(sdk.headers['x-amz-security-token']);
  });

  it('uses the China regions\' own domain', () => {
    expect(regionEndpoint('cn-north-1').href).toBe('https://dynamodb.cn-north-1.amazonaws.com.cn/');
    expect(regionEndpoint('cn-northwest-1').href).toBe('https://dynamodb.cn-northwest-1.amazonaws.com.cn/');
  });
});

/** A stand-in for DynamoDB's HTTP API that answers each request with the next scripted reply. */
async function scriptedDynamoDB(replies: ((request: IncomingMessage, body: string) => { status: number; body: unknown } | 'drop')[]) {
  const seen: { target: string; body: string; authorization: string }[] = [];
  const server: Server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    request.on('end', () => {
      seen.push({ target: String(request.headers['x-amz-target']), body, authorization: String(request.headers.authorization) });
      const reply = replies.shift()?.(request, body) ?? { status: 500, body: { __type: 'com.amazonaws#NoMoreReplies', message: 'no more scripted replies' } };
      if (reply === 'drop') return void request.socket.destroy();
      response.writeHead(reply.status, { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': `req-${seen.length}` });
      response.end(JSON.stringify(reply.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  const endpoint: DynamoDBEndpoint = { url, region: 'cn-north-1', credentials: () => ({ accessKeyId: 'local', secretAccessKey: 'local' }), maxAttempts: 3, agent: connectionsFor(url) };
  const db: DynamoDBDocumentClient = documentClientFor(endpoint);
  return { db, seen, close: () => (db.destroy(), new Promise((resolve) => server.close(resolve))) };
}

const throttled = () => ({ status: 400, body: { __type: 'com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException', message: 'The level of configured provisioned throughput for the table was exceeded.' } });
const found = () => ({ status: 200, body: { Item: { pk: { S: 'a' }, n: { N: '1' } } } });

describe('requests', () => {
  it('are signed POSTs of the operation, and retry throttling and a dropped connection until an answer comes', async () => {
    const stand = await scriptedDynamoDB([throttled, () => 'drop', found]);
    try {
      const out = await stand.db.send(new GetCommand({ TableName: 't', Key: { pk: 'a' } }));
      expect(out.Item).toEqual({ pk: 'a', n: 1 });
      expect(stand.seen).toHaveLength(3);
      expect(stand.seen[0]).toMatchObject({ target: 'DynamoDB_20120810.GetItem', body: JSON.stringify({ TableName: 't', Key: { pk: { S: 'a' } } }) });
      expect(stand.seen[0]?.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=local\/\d{8}\/cn-north-1\/dynamodb\/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=[0-9a-f]{64}$/);
    } finally {
      await stand.close();
    }
  });

  it('give up after the last try with DynamoDB\'s error, its status and the tries made', async () => {
    const stand = await scriptedDynamoDB([throttled, throttled, throttled, found]);
    try {
      const failure = await stand.db.send(new GetCommand({ TableName: 't', Key: { pk: 'a' } })).catch((error: unknown) => error);
      expect(failure).toMatchObject({ name: 'ProvisionedThroughputExceededException', $metadata: { httpStatusCode: 400, attempts: 3, requestId: 'req-3' } });
      expect(stand.seen).toHaveLength(3);
    } finally {
      await stand.close();
    }
  });

  it('never retry a refused condition, and give a cancelled transaction\'s reasons with their items as plain values', async () => {
    const stand = await scriptedDynamoDB([
      () => ({
        status: 400,
        body: {
          __type: 'com.amazonaws.dynamodb.v20120810#TransactionCanceledException',
          Message: 'Transaction cancelled, please refer cancellation reasons for specific reasons [ConditionalCheckFailed, None]',
          CancellationReasons: [{ Code: 'ConditionalCheckFailed', Message: 'The conditional request failed', Item: { pk: { S: 'a' }, v: { N: '3' } } }, { Code: 'None' }],
        },
      }),
    ]);
    try {
      const failure = await stand.db
        .send(new TransactWriteCommand({ TransactItems: [{ Put: { TableName: 't', Item: { pk: 'a' } } }, { Put: { TableName: 't', Item: { pk: 'b' } } }] }))
        .catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(Error);
      expect(failure).toMatchObject({ name: 'TransactionCanceledException', $fault: 'client', CancellationReasons: [{ Code: 'ConditionalCheckFailed', Item: { pk: 'a', v: 3 } }, { Code: 'None' }] });
      expect((failure as Error).message).toContain('ConditionalCheckFailed');
      expect(stand.seen).toHaveLength(1);
    } finally {
      await stand.close();
    }
  });

  it('let an interceptor see each request with plain values and its answer', async () => {
    const stand = await scriptedDynamoDB([found]);
    try {
      const operations: string[] = [];
      stand.db.intercept(async (request, next) => {
        operations.push(`${request.operation} ${JSON.stringify(request.input.Key)}`);
        request.input.ReturnConsumedCapacity = 'TOTAL';
        return next();
      });
      await stand.db.send(new GetCommand({ TableName: 't', Key: { pk: 'a' } }));
      expect(operations).toEqual(['GetItem {"pk":"a"}']);
      expect(JSON.parse(stand.seen[0]?.body ?? '{}')).toMatchObject({ ReturnConsumedCapacity: 'TOTAL' });
    } finally {
      await stand.close();
    }
  });
});
