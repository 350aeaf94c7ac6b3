import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local stand-in of WeChat's server API (api.weixin.qq.com), speaking its real contract as documented
 * publicly: jscode2session, cgi-bin/token and stable_token. WeChat itself cannot be reached from here.
 *
 * Control endpoints under /__standin/ play the phone's side: `POST /__standin/codes {openid}` is what wx.login
 * gives a user (a code valid 5 minutes, usable once), and `POST /__standin/fail-next {path, errcode}` makes the
 * next call to a path answer with a WeChat error (-1 busy, 40226 blocked, …).
 */
export interface WeChatStandin {
  url: string;
  appid: string;
  secret: string;
  /** What wx.login would return to the user with this openid. */
  issueCode(openid: string): string;
  failNext(path: string, errcode: number, errmsg?: string): void;
  close(): Promise<void>;
}

interface Options {
  port?: number;
  appid: string;
  secret: string;
  /** Lifetime of an access_token in seconds (WeChat: 7200); tests shorten it. */
  tokenLifetimeSeconds?: number;
  now?: () => number;
}

const codeLifetimeMs = 5 * 60 * 1000;
const loginLimitPerMinute = 100;

export async function startWechatStandin(options: Options): Promise<WeChatStandin> {
  const now = options.now ?? Date.now;
  const codes = new Map<string, { openid: string; issuedAt: number; used: boolean }>();
  const loginsByOpenid = new Map<string, number[]>();
  const tokens = new Map<string, number>();
  const failures = new Map<string, { errcode: number; errmsg: string }[]>();

  const issueCode = (openid: string): string => {
    const code = randomBytes(16).toString('hex');
    codes.set(code, { openid, issuedAt: now(), used: false });
    return code;
  };

  const routes: Record<string, (query: URLSearchParams, body: Record<string, unknown>) => unknown> = {
    'GET /sns/jscode2session': (query) => {
      if (query.get('appid') !== options.appid) return { errcode: 40013, errmsg: 'invalid appid' };
      if (query.get('secret') !== options.secret) return { errcode: 40125, errmsg: 'invalid appsecret' };
      if (query.get('grant_type') !== 'authorization_code') return { errcode: 40002, errmsg: 'invalid grant_type' };
      const entry = codes.get(query.get('js_code') ?? '');
      if (!entry || now() - entry.issuedAt > codeLifetimeMs) return { errcode: 40029, errmsg: 'invalid code' };
      if (entry.used) return { errcode: 40163, errmsg: 'code been used' };
      const recent = (loginsByOpenid.get(entry.openid) ?? []).filter((t) => now() - t < 60_000);
      if (recent.length >= loginLimitPerMinute) return { errcode: 45011, errmsg: 'api minute-quota reach limit' };
      entry.used = true;
      loginsByOpenid.set(entry.openid, [...recent, now()]);
      return { openid: entry.openid, session_key: randomBytes(16).toString('base64') };
    },
    'GET /cgi-bin/token': (query) => accessToken(query.get('appid'), query.get('secret'), query.get('grant_type')),
    'POST /cgi-bin/stable_token': (_query, body) => accessToken(body.appid, body.secret, body.grant_type),
    'POST /__standin/codes': (_query, body) => ({ code: issueCode(String(body.openid ?? '')) }),
    'POST /__standin/fail-next': (_query, body) => {
      failNext(String(body.path), Number(body.errcode), String(body.errmsg ?? 'simulated'));
      return { ok: true };
    },
  };

  function accessToken(appid: unknown, secret: unknown, grantType: unknown): unknown {
    if (appid !== options.appid) return { errcode: 40013, errmsg: 'invalid appid' };
    if (secret !== options.secret) return { errcode: 40125, errmsg: 'invalid appsecret' };
    if (grantType !== 'client_credential') return { errcode: 40002, errmsg: 'invalid grant_type' };
    const lifetime = options.tokenLifetimeSeconds ?? 7200;
    const token = randomBytes(24).toString('base64url');
    tokens.set(token, now() + lifetime * 1000);
    return { access_token: token, expires_in: lifetime };
  }

  function failNext(path: string, errcode: number, errmsg = 'simulated'): void {
    failures.set(path, [...(failures.get(path) ?? []), { errcode, errmsg }]);
  }

  const server: Server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const url = new URL(request.url ?? '/', 'http://standin');
      let body: Record<string, unknown> = {};
      try {
        body = chunks.length ? (JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>) : {};
      } catch {
        body = {};
      }
      const route = routes[`${request.method ?? 'GET'} ${url.pathname}`];
      const queued = failures.get(url.pathname);
      const failure = queued?.shift();
      const answer = failure ?? (route ? route(url.searchParams, body) : { errcode: 40066, errmsg: 'invalid url' });
      // WeChat answers HTTP 200 with an errcode in the body, even for errors.
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify(answer));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    appid: options.appid,
    secret: options.secret,
    issueCode,
    failNext,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
