import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { signRequest, type Credentials } from './sigv4';

// DynamoDB's HTTP API (the JSON 1.0 protocol: POST / with X-Amz-Target: DynamoDB_20120810.<Operation>), signed with
// SigV4, over kept-alive connections, retried as the AWS SDK's standard retry strategy retries: throttling,
// transient 5xx answers and dropped connections, at most `maxAttempts` tries with full-jitter exponential backoff
// (100 ms base, 500 ms when throttled, 20 s cap). Everything else is thrown at once as a DynamoDBError named after
// DynamoDB's error type (ConditionalCheckFailedException, TransactionCanceledException with its CancellationReasons, …).

export interface DynamoDBEndpoint {
  /** https://dynamodb.cn-north-1.amazonaws.com.cn, or DynamoDB Local's http://127.0.0.1:8000. */
  url: URL;
  region: string;
  credentials: () => Credentials;
  maxAttempts: number;
  /** The client's own connections, kept alive between requests and invocations as the SDK's default handler keeps them. */
  agent: HttpAgent | HttpsAgent;
}

/** A keep-alive agent for the endpoint's scheme. */
export const connectionsFor = (url: URL): HttpAgent | HttpsAgent =>
  url.protocol === 'https:' ? new HttpsAgent({ keepAlive: true, maxSockets: 50 }) : new HttpAgent({ keepAlive: true, maxSockets: 50 });

/** The region's endpoint (amazonaws.com.cn in the China regions). */
export function regionEndpoint(region: string): URL {
  return new URL(`https://dynamodb.${region}.amazonaws.com${region.startsWith('cn-') ? '.cn' : ''}`);
}

/** The function's own credentials, as Lambda gives them in its environment. */
export function environmentCredentials(): Credentials {
  const accessKeyId = process.env.AWS_ACCESS_KEY_ID;
  const secretAccessKey = process.env.AWS_SECRET_ACCESS_KEY;
  if (!accessKeyId || !secretAccessKey) throw new Error('No AWS credentials: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set (Lambda sets them for the function\'s role)');
  return { accessKeyId, secretAccessKey, ...(process.env.AWS_SESSION_TOKEN ? { sessionToken: process.env.AWS_SESSION_TOKEN } : {}) };
}

/** An error DynamoDB answered, or the last failure of a request that was retried as far as allowed. */
export class DynamoDBError extends Error {
  $fault: 'client' | 'server';
  $metadata: { httpStatusCode?: number; requestId?: string; attempts: number };
  /** TransactionCanceledException: one reason per item of the transaction, in order ({ Code: 'None' } when it was not the cause). */
  CancellationReasons?: { Code?: string; Message?: string; Item?: Record<string, unknown> }[];
  constructor(name: string, message: string, status: number | undefined, requestId: string | undefined, attempts: number) {
    super(message);
    this.name = name;
    this.$fault = status !== undefined && status < 500 ? 'client' : 'server';
    this.$metadata = { ...(status === undefined ? {} : { httpStatusCode: status }), ...(requestId ? { requestId } : {}), attempts };
  }
}

const throttlingErrors = new Set([
  'ThrottlingException',
  'Throttling',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
  'TooManyRequestsException',
  'LimitExceededException',
  'TransactionInProgressException',
]);
const transientErrors = new Set(['RequestTimeout', 'RequestTimeoutException', 'InternalServerError', 'ServiceUnavailable']);
const droppedConnections = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'ECONNABORTED', 'EAI_AGAIN']);

interface Answer {
  status: number;
  requestId: string | undefined;
  body: string;
}

function post(endpoint: DynamoDBEndpoint, headers: Record<string, string>, body: string): Promise<Answer> {
  const secure = endpoint.url.protocol === 'https:';
  const send = secure ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const request = send(
      {
        protocol: endpoint.url.protocol,
        hostname: endpoint.url.hostname,
        port: endpoint.url.port || (secure ? 443 : 80),
        method: 'POST',
        path: '/',
        headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
        agent: endpoint.agent,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', reject);
        response.on('end', () => {
          const requestId = response.headers['x-amzn-requestid'];
          resolve({ status: response.statusCode ?? 0, requestId: Array.isArray(requestId) ? requestId[0] : requestId, body: Buffer.concat(chunks).toString('utf8') });
        });
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

function errorOf(answer: Answer, attempts: number): DynamoDBError {
  let parsed: Record<string, unknown> = {};
  try {
    parsed = JSON.parse(answer.body) as Record<string, unknown>;
  } catch {
    // Not JSON (a proxy's or load balancer's page): named after the status below.
  }
  const type = typeof parsed.__type === 'string' ? parsed.__type : '';
  const name = type.slice(type.lastIndexOf('#') + 1) || (answer.status >= 500 ? 'InternalServerError' : `HTTP${answer.status}`);
  const message = String(parsed.message ?? parsed.Message ?? (answer.body.slice(0, 200) || name));
  const error = new DynamoDBError(name, message, answer.status, answer.requestId, attempts);
  if (Array.isArray(parsed.CancellationReasons)) error.CancellationReasons = parsed.CancellationReasons as DynamoDBError['CancellationReasons'];
  return error;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * One DynamoDB operation with its wire-format input; its wire-format output. Retries what the SDK retries; a
 * request that failed for good throws (DynamoDBError, or the connection's error with `$metadata` added).
 */
export async function callDynamoDB(endpoint: DynamoDBEndpoint, operation: string, input: Record<string, unknown>): Promise<Record<string, unknown>> {
  const body = JSON.stringify(input);
  for (let attempt = 1; ; attempt += 1) {
    const headers = signRequest(
      {
        method: 'POST',
        host: endpoint.url.host,
        path: '/',
        headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': `DynamoDB_20120810.${operation}` },
        body,
      },
      endpoint.credentials(),
      endpoint.region,
      'dynamodb',
      new Date(),
    );
    let failure: Error;
    let throttled = false;
    try {
      const answer = await post(endpoint, headers, body);
      if (answer.status >= 200 && answer.status < 300) return answer.body === '' ? {} : (JSON.parse(answer.body) as Record<string, unknown>);
      const error = errorOf(answer, attempt);
      throttled = throttlingErrors.has(error.name) || answer.status === 429;
      if (!throttled && !transientErrors.has(error.name) && ![500, 502, 503, 504].includes(answer.status)) throw error;
      failure = error;
    } catch (error) {
      if (error instanceof DynamoDBError) throw error;
      const code = (error as NodeJS.ErrnoException).code ?? '';
      if (!droppedConnections.has(code) && !(error instanceof Error && /socket hang up/.test(error.message))) throw error;
      failure = error as Error;
    }
    if (attempt >= endpoint.maxAttempts) {
      if (!(failure instanceof DynamoDBError)) Object.assign(failure, { $metadata: { attempts: attempt } });
      throw failure;
    }
    await pause(Math.random() * Math.min(20_000, 2 ** attempt * (throttled ? 500 : 100)));
  }
}
