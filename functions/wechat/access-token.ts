import { randomUUID } from 'node:crypto';
import { GetCommand, UpdateCommand, type DynamoDBDocumentClient } from '../storage/document-client';
import { log } from '../http/logger';
import type { WeChatConfig } from './wechat-api';
import { isConditionFailure } from '../storage/dynamo';

/** WeChat's access_token for server API calls, shared by every Lambda of the app. */
export interface AccessTokens {
  /** A token that WeChat should accept: from this Lambda's memory, else the table, else WeChat (stable_token). */
  get(): Promise<string>;
  /** WeChat refused `token` (40001 invalid / 42001 expired): the next get() fetches a fresh one, once for everyone. */
  invalidate(token: string): Promise<void>;
}

/** The access_token could not be had. `transient`: trying later may succeed (busy, network, quota). */
export class AccessTokenError extends Error {
  readonly code = 'WECHAT.ACCESS_TOKEN_UNAVAILABLE';
  readonly errcode: number | undefined;
  readonly transient: boolean;
  constructor(message: string, options: { errcode?: number; transient: boolean; cause?: unknown }) {
    super(message, { cause: options.cause });
    this.name = 'AccessTokenError';
    this.errcode = options.errcode;
    this.transient = options.transient;
  }
}

/** The one token item per app: `token`, `expiresAt` (epoch seconds, the table's TTL) and the refresh bookkeeping. */
export const accessTokenKey = (appid: string) => ({ pk: 'SYSTEM', sk: `WECHAT_TOKEN#${appid}` });

// WeChat renews a stable token in its last 5 minutes (old and new both work meanwhile), so that is when we ask.
const refreshAheadMs = 5 * 60 * 1000;
// How long one caller may take to refresh before another may take over (a Lambda can die mid-refresh).
const leaseMs = 10_000;
const pollMs = 100;
const maxPolls = 200;
// stable_token errcodes worth trying again later: -1 busy, 45009 daily quota, 45011 minute quota.
const transientTokenErrors = new Set([-1, 45009, 45011]);

interface TokenItem {
  token?: string;
  refreshAt?: number;
  version?: number;
  leaseUntil?: number;
  invalidated?: boolean;
}

// Module memory, per cold start: providers for the same app, API and table share it.
const memory = new Map<string, { token: string; refreshAt: number }>();
const inFlight = new Map<string, Promise<string>>();

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The app's access_token, fetched with `POST /cgi-bin/stable_token` and kept in module memory and in the table
 * so that concurrent Lambdas share one. A refresh is guarded by a lease on the table item (a conditional write):
 * however many callers find the token stale or refused, one asks WeChat and the others wait for its answer.
 */
export function accessTokenProvider(config: WeChatConfig, db: DynamoDBDocumentClient, table: string, now: () => number = Date.now): AccessTokens {
  const cacheKey = `${config.baseUrl}\n${config.appid}\n${table}`;
  const Key = accessTokenKey(config.appid);
  const names = { '#token': 'token', '#version': 'version' };

  async function read(): Promise<TokenItem | undefined> {
    const out = await db.send(new GetCommand({ TableName: table, Key, ConsistentRead: true }));
    return out.Item as TokenItem | undefined;
  }

  /** Takes the refresh lease, if the item is still as we saw it and nobody else holds a live lease. */
  async function claim(seen: TokenItem | undefined, owner: string): Promise<boolean> {
    const at = now();
    try {
      await db.send(
        new UpdateCommand({
          TableName: table,
          Key,
          UpdateExpression: 'SET entity = :entity, leaseOwner = :owner, leaseUntil = :until, #version = if_not_exists(#version, :zero)',
          ConditionExpression: !seen
            ? 'attribute_not_exists(pk)'
            : `${seen.version === undefined ? 'attribute_not_exists(#version)' : '#version = :seen'} AND (attribute_not_exists(leaseUntil) OR leaseUntil < :now)`,
          ExpressionAttributeNames: { '#version': 'version' },
          ExpressionAttributeValues: {
            ':entity': 'wechatAccessToken',
            ':owner': owner,
            ':until': at + leaseMs,
            ':zero': 0,
            ...(seen ? { ':now': at, ...(seen.version === undefined ? {} : { ':seen': seen.version }) } : {}),
          },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async function refreshAsOwner(owner: string): Promise<string> {
    let fetched: { token: string; expiresIn: number };
    try {
      fetched = await fetchStableToken(config);
    } catch (error) {
      // Let the next caller try at once instead of waiting out the lease.
      await db
        .send(new UpdateCommand({ TableName: table, Key, UpdateExpression: 'REMOVE leaseOwner, leaseUntil', ConditionExpression: 'leaseOwner = :owner', ExpressionAttributeValues: { ':owner': owner } }))
        .catch((releaseError: unknown) => log('warn', 'access_token lease not released', { error: String(releaseError) }));
      throw error;
    }
    const fetchedAt = now();
    const lifetimeMs = fetched.expiresIn * 1000;
    const refreshAt = fetchedAt + lifetimeMs - Math.min(refreshAheadMs, lifetimeMs / 2);
    try {
      await db.send(
        new UpdateCommand({
          TableName: table,
          Key,
          UpdateExpression: 'SET #token = :token, expiresAt = :expiresAt, refreshAt = :refreshAt ADD #version :one REMOVE leaseOwner, leaseUntil, invalidated',
          ConditionExpression: 'leaseOwner = :owner',
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: { ':token': fetched.token, ':expiresAt': Math.floor((fetchedAt + lifetimeMs) / 1000), ':refreshAt': refreshAt, ':one': 1, ':owner': owner },
        }),
      );
    } catch (error) {
      // Our lease ran out and another caller refreshed meanwhile: both tokens are valid, keep using ours.
      if (!isConditionFailure(error)) throw error;
      log('warn', 'access_token refreshed after its lease ran out');
    }
    memory.set(cacheKey, { token: fetched.token, refreshAt });
    return fetched.token;
  }

  async function load(): Promise<string> {
    for (let polls = 0; ; polls += 1) {
      const item = await read();
      if (item?.token && !item.invalidated && now() < (item.refreshAt ?? 0)) {
        memory.set(cacheKey, { token: item.token, refreshAt: item.refreshAt ?? 0 });
        return item.token;
      }
      const owner = randomUUID();
      if (await claim(item, owner)) return refreshAsOwner(owner);
      if (polls >= maxPolls) throw new AccessTokenError('Timed out waiting for another caller to refresh the access_token', { transient: true });
      await sleep(pollMs + Math.floor(Math.random() * pollMs));
    }
  }

  return {
    async get() {
      const remembered = memory.get(cacheKey);
      if (remembered && now() < remembered.refreshAt) return remembered.token;
      let pending = inFlight.get(cacheKey);
      if (!pending) {
        const loading = load().finally(() => {
          if (inFlight.get(cacheKey) === loading) inFlight.delete(cacheKey);
        });
        inFlight.set(cacheKey, loading);
        pending = loading;
      }
      return pending;
    },

    async invalidate(token) {
      if (memory.get(cacheKey)?.token === token) memory.delete(cacheKey);
      try {
        await db.send(
          new UpdateCommand({
            TableName: table,
            Key,
            UpdateExpression: 'SET invalidated = :yes',
            ConditionExpression: '#token = :token',
            ExpressionAttributeNames: { '#token': 'token' },
            ExpressionAttributeValues: { ':yes': true, ':token': token },
          }),
        );
      } catch (error) {
        // The table already holds another token: someone refreshed it.
        if (!isConditionFailure(error)) throw error;
      }
    },
  };
}

/** `POST /cgi-bin/stable_token` in normal mode: WeChat hands back the current token, or a new one in its last 5 minutes. */
async function fetchStableToken(config: WeChatConfig): Promise<{ token: string; expiresIn: number }> {
  let body: { access_token?: string; expires_in?: number; errcode?: number; errmsg?: string };
  try {
    const response = await fetch(new URL('/cgi-bin/stable_token', config.baseUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ grant_type: 'client_credential', appid: config.appid, secret: config.secret }),
      signal: AbortSignal.timeout(5000),
    });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    body = (await response.json()) as typeof body;
  } catch (cause) {
    throw new AccessTokenError('WeChat stable_token unreachable', { transient: true, cause });
  }
  if (body.access_token && typeof body.expires_in === 'number' && !body.errcode) return { token: body.access_token, expiresIn: body.expires_in };
  const errcode = body.errcode ?? 0;
  log('warn', 'stable_token refused', { errcode, errmsg: body.errmsg });
  throw new AccessTokenError(`WeChat stable_token refused: ${errcode} ${body.errmsg ?? ''}`.trim(), { errcode, transient: transientTokenErrors.has(errcode) });
}
