import { createHash, createHmac } from 'node:crypto';

// AWS Signature Version 4 for a JSON POST to one AWS service endpoint (here DynamoDB): the canonical request,
// the string to sign and the derived signing key as "Create a signed AWS API request" describes them
// (docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html). A unit test checks the header against
// the AWS SDK's own signer (@smithy/signature-v4) for the same request.

export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export interface SignableRequest {
  method: 'POST';
  host: string;
  path: string;
  /** Header names in lower case. */
  headers: Record<string, string>;
  body: string;
}

const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');
const hmac = (key: Buffer | string, text: string): Buffer => createHmac('sha256', key).update(text, 'utf8').digest();

/** 20261207T210000Z and 20261207 for an instant. */
export function amzDate(at: Date): { stamp: string; day: string } {
  const stamp = at.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
  return { stamp, day: stamp.slice(0, 8) };
}

// One signing key per day, region and service, as the SDK keeps it: HMAC chain derivation on every request is
// four HMACs for nothing.
const signingKeys = new Map<string, Buffer>();
function signingKey(secret: string, day: string, region: string, service: string): Buffer {
  const id = `${day}/${region}/${service}/${createHash('sha256').update(secret).digest('hex')}`;
  let key = signingKeys.get(id);
  if (!key) {
    key = hmac(hmac(hmac(hmac(`AWS4${secret}`, day), region), service), 'aws4_request');
    if (signingKeys.size > 16) signingKeys.clear();
    signingKeys.set(id, key);
  }
  return key;
}

/**
 * The request's headers with host, x-amz-date, the session token (when the credentials carry one) and the
 * Authorization header added; every header given is signed.
 */
export function signRequest(request: SignableRequest, credentials: Credentials, region: string, service: string, at: Date): Record<string, string> {
  const { stamp, day } = amzDate(at);
  const headers: Record<string, string> = { ...request.headers, host: request.host, 'x-amz-date': stamp };
  if (credentials.sessionToken) headers['x-amz-security-token'] = credentials.sessionToken;
  const names = Object.keys(headers).sort();
  const canonicalHeaders = names.map((name) => `${name}:${String(headers[name]).trim().replace(/\s+/g, ' ')}\n`).join('');
  const signedHeaders = names.join(';');
  const canonicalRequest = [request.method, request.path, '', canonicalHeaders, signedHeaders, sha256(request.body)].join('\n');
  const scope = `${day}/${region}/${service}/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', stamp, scope, sha256(canonicalRequest)].join('\n');
  const signature = createHmac('sha256', signingKey(credentials.secretAccessKey, day, region, service)).update(stringToSign, 'utf8').digest('hex');
  headers.authorization = `AWS4-HMAC-SHA256 Credential=${credentials.accessKeyId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`;
  return headers;
}
