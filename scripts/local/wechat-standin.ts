import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { StandinImage, unlimitedCodePng } from './standin-wxacode';

/**
 * A local stand-in of WeChat's server API (api.weixin.qq.com), speaking its real contract as documented
 * publicly: jscode2session, cgi-bin/token, stable_token, message/subscribe/send and wxa/getwxacodeunlimit
 * (getUnlimited: a PNG, see standin-wxacode.ts). WeChat itself cannot be
 * reached from here.
 *
 * Control endpoints under /__standin/ play the phone's and the console's side: `POST /__standin/codes {openid}`
 * is what wx.login gives a user (a code valid 5 minutes, usable once); `POST /__standin/templates {templateId,
 * fields: {key: type}}` is a template added in the 订阅消息 console; `POST /__standin/grants {openid, templateId,
 * count}` is what wx.requestSubscribeMessage 'accept' records on WeChat's side (one message per grant);
 * `GET /__standin/messages?touser=` lists the messages delivered; `POST /__standin/expire-tokens` ages every
 * access_token out; `POST /__standin/fail-next {path, errcode}` makes the next call to a path answer with a
 * WeChat error (-1 busy, 40226 blocked, …).
 */
export interface WeChatStandin {
  url: string;
  appid: string;
  secret: string;
  /** What wx.login would return to the user with this openid. */
  issueCode(openid: string): string;
  failNext(path: string, errcode: number, errmsg?: string): void;
  /** A subscribe-message template as the mini-program's console would hold it: keyword → type (thing, time, …). */
  registerTemplate(templateId: string, fields: Record<string, string>): void;
  /** `count` one-time grants of a template by a user, as wx.requestSubscribeMessage 'accept' records them. */
  grant(openid: string, templateId: string, count?: number): void;
  /** The subscribe messages delivered so far, oldest first (to one user when `touser` is given). */
  messages(touser?: string): DeliveredMessage[];
  /** Makes every access_token issued so far expired (42001 from then on). */
  expireTokens(): void;
  /** How many access_tokens were asked for (cgi-bin/token and stable_token calls). */
  tokenCalls(): number;
  /** How many requests reached a path (`/cgi-bin/message/subscribe/send`). */
  calls(path: string): number;
  close(): Promise<void>;
}

export interface DeliveredMessage {
  touser: string;
  templateId: string;
  page?: string;
  data: Record<string, string>;
  miniprogramState?: string;
  lang?: string;
  sentAt: number;
}

interface Options {
  port?: number;
  appid: string;
  secret: string;
  /** Lifetime of an access_token in seconds (WeChat: 7200); tests shorten it. */
  tokenLifetimeSeconds?: number;
  /** getUnlimited with check_path: the pages of the released version; unset, any well-formed page passes. */
  releasedPages?: string[];
  now?: () => number;
}

const codeLifetimeMs = 5 * 60 * 1000;
const loginLimitPerMinute = 100;
// In normal mode WeChat hands out a new stable token only in the last 5 minutes of the current one.
const stableRenewalMs = 5 * 60 * 1000;
const pageLimit = 128;

const codePoints = (value: string): number => Array.from(value).length;
const han = /^[\u{3007}\u{3400}-\u{4DBF}\u{4E00}-\u{9FFF}\u{F900}-\u{FAFF}\u{20000}-\u{2FA1F}\u{30000}-\u{3134F}]+$/u;
const clock = '(?:[01]?\\d|2[0-3]):[0-5]\\d';
const day = '\\d{4}年(?:0?[1-9]|1[0-2])月(?:0?[1-9]|[12]\\d|3[01])日';
const span = (point: string) => new RegExp(`^${point}(?:~${point})?$`);

/**
 * The rule of each keyword type, as WeChat's subscribe-message documentation states it (written here on its
 * own, not taken from shared/notify, so that the stand-in checks the fitting rather than agreeing with it).
 */
const valueRules: Record<string, { limit?: number; format?: RegExp }> = {
  thing: { limit: 20 },
  name: { limit: 10 },
  phrase: { limit: 5, format: han },
  character_string: { limit: 32 },
  number: { limit: 32, format: /^[+-]?\d+(?:\.\d+)?$/ },
  letter: { limit: 32, format: /^[A-Za-z]+$/ },
  phone_number: { limit: 17, format: /^[\d+\-() ]+$/ },
  time: { format: span(`(?:${day} )?${clock}`) },
  date: { format: span(`${day}(?: ${clock})?`) },
};

function valueProblem(type: string, value: unknown): string | undefined {
  if (typeof value !== 'string' || value === '') return 'is empty';
  const rule = Object.hasOwn(valueRules, type) ? valueRules[type] : undefined;
  if (rule?.limit !== undefined && codePoints(value) > rule.limit) return 'exceeds limit';
  if (rule?.format && !rule.format.test(value)) return 'invalid';
  return undefined;
}

export async function startWechatStandin(options: Options): Promise<WeChatStandin> {
  const now = options.now ?? Date.now;
  const codes = new Map<string, { openid: string; issuedAt: number; used: boolean }>();
  const loginsByOpenid = new Map<string, number[]>();
  const tokens = new Map<string, number>();
  let stableToken: string | undefined;
  const failures = new Map<string, { errcode: number; errmsg: string }[]>();
  const calls = new Map<string, number>();
  const knownOpenids = new Set<string>();
  const templates = new Map<string, Record<string, string>>();
  const grants = new Map<string, number>();
  const delivered: DeliveredMessage[] = [];
  const grantKey = (openid: string, templateId: string) => `${openid}\n${templateId}`;

  const issueCode = (openid: string): string => {
    const code = randomBytes(16).toString('hex');
    codes.set(code, { openid, issuedAt: now(), used: false });
    knownOpenids.add(openid);
    return code;
  };

  const registerTemplate = (templateId: string, fields: Record<string, string>): void => {
    const unknown = Object.values(fields).filter((type) => !Object.hasOwn(valueRules, type));
    if (!templateId || unknown.length) throw new Error(`Cannot register template ${templateId}: unknown keyword types ${unknown.join(', ')}`);
    templates.set(templateId, { ...fields });
  };

  const grant = (openid: string, templateId: string, count = 1): void => {
    knownOpenids.add(openid);
    const key = grantKey(openid, templateId);
    grants.set(key, (grants.get(key) ?? 0) + count);
  };

  const messages = (touser?: string): DeliveredMessage[] => delivered.filter((m) => touser === undefined || m.touser === touser);

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
    'POST /cgi-bin/stable_token': (_query, body) => stableAccessToken(body.appid, body.secret, body.grant_type, body.force_refresh === true),
    'POST /cgi-bin/message/subscribe/send': (query, body) => sendSubscribeMessage(query.get('access_token') ?? '', body),
    'POST /wxa/getwxacodeunlimit': (query, body) => getUnlimited(query.get('access_token') ?? '', body),
    'POST /__standin/codes': (_query, body) => ({ code: issueCode(String(body.openid ?? '')) }),
    'POST /__standin/fail-next': (_query, body) => {
      failNext(String(body.path), Number(body.errcode), String(body.errmsg ?? 'simulated'));
      return { ok: true };
    },
    'POST /__standin/templates': (_query, body) => {
      try {
        registerTemplate(String(body.templateId ?? ''), (body.fields ?? {}) as Record<string, string>);
        return { ok: true };
      } catch (error) {
        return { errcode: 40097, errmsg: (error as Error).message };
      }
    },
    'POST /__standin/grants': (_query, body) => {
      const [openid, templateId, count] = [String(body.openid ?? ''), String(body.templateId ?? ''), body.count === undefined ? 1 : Number(body.count)];
      if (!openid || !templateId || !Number.isInteger(count) || count < 1) return { errcode: 40097, errmsg: 'openid, templateId and a positive count are required' };
      grant(openid, templateId, count);
      return { ok: true, remaining: grants.get(grantKey(openid, templateId)) };
    },
    'GET /__standin/messages': (query) => ({ messages: messages(query.get('touser') ?? undefined) }),
    'POST /__standin/expire-tokens': () => {
      expireTokens();
      return { ok: true };
    },
  };

  function expireTokens(): void {
    for (const token of tokens.keys()) tokens.set(token, now() - 1);
  }

  /** Normal mode: the current stable token while it has more than 5 minutes left; force_refresh revokes it. */
  function stableAccessToken(appid: unknown, secret: unknown, grantType: unknown, forceRefresh: boolean): unknown {
    const current = stableToken === undefined ? undefined : tokens.get(stableToken);
    if (appid === options.appid && secret === options.secret && grantType === 'client_credential' && !forceRefresh && stableToken && current !== undefined) {
      const renewal = Math.min(stableRenewalMs, ((options.tokenLifetimeSeconds ?? 7200) * 1000) / 2);
      if (current - now() > renewal) return { access_token: stableToken, expires_in: Math.floor((current - now()) / 1000) };
    }
    const answer = accessToken(appid, secret, grantType) as { access_token?: string };
    if (answer.access_token) {
      if (forceRefresh && stableToken) tokens.delete(stableToken);
      stableToken = answer.access_token;
    }
    return answer;
  }

  function sendSubscribeMessage(accessTokenValue: string, body: Record<string, unknown>): unknown {
    const expiresAt = tokens.get(accessTokenValue);
    if (expiresAt === undefined) return { errcode: 40001, errmsg: 'invalid credential, access_token is invalid or not latest' };
    if (expiresAt <= now()) return { errcode: 42001, errmsg: 'access_token expired' };
    const touser = String(body.touser ?? '');
    if (!knownOpenids.has(touser)) return { errcode: 40003, errmsg: 'invalid openid' };
    const templateId = String(body.template_id ?? '');
    const fields = templates.get(templateId);
    if (!fields) return { errcode: 40037, errmsg: 'invalid template_id' };
    const page = body.page === undefined ? undefined : String(body.page);
    if (page !== undefined && (page.startsWith('/') || page.length > pageLimit)) return { errcode: 41030, errmsg: 'invalid page' };
    const data = (body.data ?? {}) as Record<string, { value?: unknown } | undefined>;
    for (const [key, type] of Object.entries(fields)) {
      const problem = valueProblem(type, data[key]?.value);
      if (problem) return { errcode: 47003, errmsg: `argument invalid! data.${key}.value ${problem}` };
    }
    const key = grantKey(touser, templateId);
    const remaining = grants.get(key) ?? 0;
    if (remaining <= 0) return { errcode: 43101, errmsg: 'user refuse to accept the msg' };
    grants.set(key, remaining - 1);
    delivered.push({
      touser,
      templateId,
      ...(page === undefined ? {} : { page }),
      data: Object.fromEntries(Object.keys(fields).map((k) => [k, String(data[k]?.value)])),
      ...(body.miniprogram_state === undefined ? {} : { miniprogramState: String(body.miniprogram_state) }),
      ...(body.lang === undefined ? {} : { lang: String(body.lang) }),
      sentAt: now(),
    });
    return { errcode: 0, errmsg: 'ok' };
  }

  /** getUnlimited: an image on success, `{ errcode, errmsg }` otherwise (40001/42001 token, 40097 args, 41030 page). */
  function getUnlimited(accessTokenValue: string, body: Record<string, unknown>): unknown {
    const expiresAt = tokens.get(accessTokenValue);
    if (expiresAt === undefined) return { errcode: 40001, errmsg: 'invalid credential, access_token is invalid or not latest' };
    if (expiresAt <= now()) return { errcode: 42001, errmsg: 'access_token expired' };
    const scene = body.scene;
    if (typeof scene !== 'string' || !/^[0-9A-Za-z!#$&'()*+,/:;=?@\-._~]{1,32}$/.test(scene)) return { errcode: 40097, errmsg: 'invalid args: scene' };
    const envVersion = body.env_version === undefined ? 'release' : body.env_version;
    if (envVersion !== 'release' && envVersion !== 'trial' && envVersion !== 'develop') return { errcode: 40097, errmsg: 'invalid args: env_version' };
    const page = body.page === undefined || body.page === '' ? undefined : body.page;
    if (page !== undefined && (typeof page !== 'string' || page.startsWith('/') || page.includes('?') || page.length > pageLimit)) return { errcode: 41030, errmsg: 'invalid page' };
    // WeChat checks the page against the released version unless told not to (check_path: false).
    if (page !== undefined && body.check_path !== false && envVersion === 'release' && options.releasedPages && !options.releasedPages.includes(page)) {
      return { errcode: 41030, errmsg: 'invalid page' };
    }
    const width = typeof body.width === 'number' && Number.isFinite(body.width) ? Math.min(1280, Math.max(280, Math.round(body.width))) : 430;
    return unlimitedCodePng({ scene, ...(page === undefined ? {} : { page }), envVersion, width });
  }

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
      calls.set(url.pathname, (calls.get(url.pathname) ?? 0) + 1);
      const route = routes[`${request.method ?? 'GET'} ${url.pathname}`];
      const queued = failures.get(url.pathname);
      const failure = queued?.shift();
      const answer = failure ?? (route ? route(url.searchParams, body) : { errcode: 40066, errmsg: 'invalid url' });
      if (answer instanceof StandinImage) {
        response.writeHead(200, { 'content-type': answer.contentType, 'content-length': answer.bytes.length });
        response.end(answer.bytes);
        return;
      }
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
    registerTemplate,
    grant,
    messages,
    expireTokens,
    tokenCalls: () => (calls.get('/cgi-bin/token') ?? 0) + (calls.get('/cgi-bin/stable_token') ?? 0),
    calls: (path) => calls.get(path) ?? 0,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
