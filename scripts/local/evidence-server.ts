import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { maxEvidenceBytes } from '../../shared/api/evidence';
import { maxImportFileBytes } from '../../shared/api/roster';
import { contentDisposition } from '../../functions/evidence/evidence-store';
import { checkUpload, readObject, verifyDownload, verifyUploadPolicy, writeObject, type StorageRefusal } from '../../functions/evidence/local-evidence-store';
import { systemNow } from '../../functions/time/clock';

/**
 * The local stand-in for the evidence bucket: what S3 does for a presigned POST and a presigned GET, over files under
 * `dir` (functions/evidence/local-evidence-store.ts signs; this checks). POST /upload takes multipart/form-data as
 * wx.uploadFile and browsers send it, verifies the signed policy (expiry, key, Content-Type, size) and answers 204 as
 * S3 does; a refusal answers S3's XML error. GET /download serves a signed download. Loopback only.
 */
export interface EvidenceServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Form overhead allowed on top of the largest file before the body is refused unread. */
const formOverheadBytes = 1024 * 1024;

/** `now`: the clock the signed policies and downloads are checked against (the stack's, which signed them). */
export async function startEvidenceServer(options: { port: number; dir: string; secret: string; maxBytes?: number; now?: () => Date }): Promise<EvidenceServer> {
  // The largest file any ticket allows (evidence 10 MB, a roster 16 MB); each upload is held to its own ticket's limit.
  const maxBody = (options.maxBytes ?? Math.max(maxEvidenceBytes, maxImportFileBytes)) + formOverheadBytes;
  const now = options.now ?? systemNow;
  const server = createServer((request, response) => {
    handle(request, response, options.dir, options.secret, maxBody, now).catch((error: unknown) => {
      if (!response.headersSent) refuse(request, response, { status: 400, code: 'InvalidArgument', message: error instanceof Error ? error.message : String(error) });
      else response.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function handle(request: IncomingMessage, response: ServerResponse, dir: string, secret: string, maxBody: number, now: () => Date): Promise<void> {
  const url = new URL(request.url ?? '/', 'http://127.0.0.1');
  if (request.method === 'OPTIONS') {
    response.writeHead(204, { ...cors(request), 'access-control-allow-methods': 'POST, GET', 'access-control-allow-headers': request.headers['access-control-request-headers'] ?? '*', 'access-control-max-age': '3000' });
    response.end();
    return;
  }
  if (request.method === 'POST' && url.pathname === '/upload') return upload(request, response, dir, secret, maxBody, now);
  if ((request.method === 'GET' || request.method === 'HEAD') && url.pathname === '/download') return download(request, response, url, dir, secret, now);
  refuse(request, response, { status: 404, code: 'NoSuchKey', message: 'The specified key does not exist.' });
}

async function upload(request: IncomingMessage, response: ServerResponse, dir: string, secret: string, maxBody: number, now: () => Date): Promise<void> {
  const contentType = request.headers['content-type'] ?? '';
  if (!/^multipart\/form-data/i.test(contentType)) {
    refuse(request, response, { status: 400, code: 'InvalidArgument', message: 'POST requires exactly one file upload per request (multipart/form-data).' });
    return;
  }
  const body = await readBody(request, maxBody);
  if (!body) {
    refuse(request, response, { status: 400, code: 'EntityTooLarge', message: 'Your proposed upload exceeds the maximum allowed size' });
    return;
  }
  const form = await new Response(body, { headers: { 'content-type': contentType } }).formData();
  // Form field names are case-insensitive in S3's POST (bar the file's).
  const field = (name: string): string | undefined => {
    for (const [key, value] of form.entries()) if (key.toLowerCase() === name.toLowerCase() && typeof value === 'string') return value;
    return undefined;
  };
  const file = form.get('file');
  if (!file || typeof file === 'string') {
    refuse(request, response, { status: 400, code: 'InvalidArgument', message: 'POST requires exactly one file upload per request.' });
    return;
  }
  const policy = verifyUploadPolicy(field('policy'), field('signature'), secret, now());
  if (!policy.ok) {
    refuse(request, response, policy.refusal);
    return;
  }
  const refused = checkUpload(policy.value, { key: field('key'), contentType: field('Content-Type'), size: file.size });
  if (refused) {
    refuse(request, response, refused);
    return;
  }
  await writeObject(dir, policy.value.key, new Uint8Array(await file.arrayBuffer()), policy.value.contentType);
  response.writeHead(204, cors(request));
  response.end();
}

async function download(request: IncomingMessage, response: ServerResponse, url: URL, dir: string, secret: string, now: () => Date): Promise<void> {
  const q = url.searchParams;
  const grant = verifyDownload({ key: q.get('key') ?? undefined, name: q.get('name') ?? undefined, expires: q.get('expires') ?? undefined, signature: q.get('signature') ?? undefined }, secret, now());
  if (!grant.ok) {
    refuse(request, response, grant.refusal);
    return;
  }
  const object = await readObject(dir, grant.value.key);
  if (!object) {
    refuse(request, response, { status: 404, code: 'NoSuchKey', message: 'The specified key does not exist.' });
    return;
  }
  response.writeHead(200, {
    ...cors(request),
    'content-type': object.contentType,
    'content-length': String(object.body.byteLength),
    'content-disposition': contentDisposition(grant.value.name),
    'cache-control': 'private, max-age=60',
    'x-content-type-options': 'nosniff',
  });
  response.end(request.method === 'HEAD' ? undefined : object.body);
}

/** The whole body, or undefined once it passes `limit` (the rest is drained, so the client reads the refusal). */
async function readBody(request: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).byteLength;
    if (size <= limit) chunks.push(chunk as Buffer);
  }
  return size <= limit ? Buffer.concat(chunks) : undefined;
}

/** S3 echoes an allowed origin; browsers posting with credentials need it echoed, not '*'. */
function cors(request: IncomingMessage): Record<string, string> {
  const origin = request.headers.origin;
  return origin ? { 'access-control-allow-origin': origin, 'access-control-allow-credentials': 'true', vary: 'Origin' } : {};
}

function refuse(request: IncomingMessage, response: ServerResponse, refusal: StorageRefusal): void {
  const escape = (s: string) => s.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
  response.writeHead(refusal.status, { ...cors(request), 'content-type': 'application/xml' });
  response.end(`<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${refusal.code}</Code><Message>${escape(refusal.message)}</Message></Error>`);
}
