/**
 * Serves one HTTP-API Lambda handler over plain HTTP, the way API Gateway (payload 2.0) would call it: a process
 * the crash test can kill with SIGKILL mid-load and start again. Run: tsx lambda-http-server.ts <module> <port>.
 * The handler is the real one (functions/handlers/*); only the transport is this file.
 */
import { createServer } from 'node:http';
import { resolve } from 'node:path';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

type Handler = ((event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyStructuredResultV2>) & { routes?: string[] };

async function main(): Promise<void> {
  const [modulePath, portText] = process.argv.slice(2);
  if (!modulePath || !portText) throw new Error('usage: lambda-http-server <handler module> <port>');
  const handler = ((await import(resolve(modulePath))) as { handler: Handler }).handler;
  const templates = (handler.routes ?? []).map((key) => {
    const [method = '', template = ''] = key.split(' ');
    const names: string[] = [];
    const pattern = new RegExp(`^${template.replace(/\{(\w+)\}/g, (_m, name: string) => (names.push(name), '([^/]+)'))}$`);
    return { key, method, pattern, names };
  });
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const url = new URL(request.url ?? '/', 'http://localhost');
      const method = (request.method ?? 'GET').toUpperCase();
      const route = templates.map((t) => ({ t, match: t.method === method ? t.pattern.exec(url.pathname) : null })).find((r) => r.match);
      const pathParameters = Object.fromEntries(route?.t.names.map((n, i) => [n, decodeURIComponent(route.match?.[i + 1] ?? '')]) ?? []);
      const event = {
        version: '2.0',
        routeKey: route?.t.key ?? '$default',
        rawPath: url.pathname,
        rawQueryString: url.search.slice(1),
        headers: Object.fromEntries(Object.entries(request.headers).map(([k, v]) => [k, String(v)])),
        queryStringParameters: Object.fromEntries(url.searchParams),
        pathParameters,
        requestContext: { http: { method, path: url.pathname, protocol: 'HTTP/1.1', sourceIp: request.socket.remoteAddress ?? '', userAgent: '' }, routeKey: route?.t.key ?? '$default' },
        body: Buffer.concat(chunks).toString('utf8') || undefined,
        isBase64Encoded: false,
      } as unknown as APIGatewayProxyEventV2;
      handler(event).then(
        (result) => {
          response.writeHead(result.statusCode ?? 200, { 'content-type': 'application/json' });
          response.end(result.body ?? '');
        },
        () => {
          response.writeHead(500);
          response.end();
        },
      );
    });
  });
  server.keepAliveTimeout = 1000;
  server.listen(Number(portText), '127.0.0.1', () => process.stdout.write('ready\n'));
}

void main();
