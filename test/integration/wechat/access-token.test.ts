import { GetCommand, PutCommand } from '../../../functions/storage/document-client';
import { startWechatStandin, type WeChatStandin } from '../../../scripts/local/wechat-standin';
import { createTestTable, type TestTable } from '../../support/dynamo';
import { accessTokenKey, accessTokenProvider, AccessTokenError } from '../../../functions/wechat/access-token';
import type { WeChatConfig } from '../../../functions/wechat/wechat-api';

type AccessTokenModule = typeof import('../../../functions/wechat/access-token');

let table: TestTable;
const standins: WeChatStandin[] = [];
let apps = 0;

beforeAll(async () => {
  table = await createTestTable();
});

afterAll(async () => {
  await Promise.all(standins.map((s) => s.close()));
  await table.drop();
});

/** A fresh WeChat app (own appid, so its own token item) with the stand-in playing WeChat. */
async function freshApp(options: { now?: () => number } = {}): Promise<{ wechat: WeChatStandin; config: WeChatConfig }> {
  apps += 1;
  const wechat = await startWechatStandin({ appid: `wx-token-${apps}`, secret: 'wechat-test-secret', ...options });
  standins.push(wechat);
  return { wechat, config: { baseUrl: wechat.url, appid: wechat.appid, secret: wechat.secret } };
}

/** A module instance of its own, as a separate Lambda (cold start) would have: no shared module memory. */
async function coldStart(): Promise<AccessTokenModule> {
  let loaded: AccessTokenModule | undefined;
  await jest.isolateModulesAsync(async () => {
    loaded = await import('../../../functions/wechat/access-token');
  });
  if (!loaded) throw new Error('module not loaded');
  return loaded;
}

/** `n` Lambdas' module instances (loaded one after another: jest isolates one registry at a time). */
async function coldStarts(n: number): Promise<AccessTokenModule[]> {
  const lambdas: AccessTokenModule[] = [];
  for (let i = 0; i < n; i += 1) lambdas.push(await coldStart());
  return lambdas;
}

const tokenItem = async (appid: string) => (await table.db.send(new GetCommand({ TableName: table.tableName, Key: accessTokenKey(appid), ConsistentRead: true }))).Item;

describe('accessTokenProvider', () => {
  it('fetches the token from WeChat once for 20 concurrent get()s, and keeps it in the table', async () => {
    const { wechat, config } = await freshApp();
    const tokens = accessTokenProvider(config, table.db, table.tableName);

    const got = await Promise.all(Array.from({ length: 20 }, () => tokens.get()));

    expect(new Set(got).size).toBe(1);
    expect(wechat.tokenCalls()).toBe(1);
    const item = await tokenItem(config.appid);
    expect(item).toMatchObject({ token: got[0], version: 1 });
    // WeChat's token lives in WeChat's (real) time, not the product's: accessTokenProvider reads Date.now, so this
    // compares with the real clock on purpose — it holds on any date.
    expect(item?.expiresAt).toBeGreaterThan(Date.now() / 1000 + 7000);
    expect(item?.leaseOwner).toBeUndefined();
  });

  it('lets 5 cold-started Lambdas × 4 concurrent get()s share one token fetch (a conditional write guards it)', async () => {
    const { wechat, config } = await freshApp();
    const lambdas = await coldStarts(5);

    const got = await Promise.all(lambdas.flatMap((m) => Array.from({ length: 4 }, () => m.accessTokenProvider(config, table.db, table.tableName).get())));

    expect(got).toHaveLength(20);
    expect(new Set(got).size).toBe(1);
    expect(wechat.tokenCalls()).toBe(1);
  });

  it('gives a cold start the token in the table without asking WeChat', async () => {
    const { wechat, config } = await freshApp();
    const first = await accessTokenProvider(config, table.db, table.tableName).get();

    const later = await (await coldStart()).accessTokenProvider(config, table.db, table.tableName).get();

    expect(later).toBe(first);
    expect(wechat.tokenCalls()).toBe(1);
  });

  it('refreshes about 5 minutes before the token expires, and not before', async () => {
    let clock = Date.parse('2026-10-08T01:00:00Z');
    const now = () => clock;
    const { wechat, config } = await freshApp({ now });
    const tokens = accessTokenProvider(config, table.db, table.tableName, now);
    const first = await tokens.get();

    clock += 6800 * 1000; // 400 s left
    expect(await tokens.get()).toBe(first);
    clock += 150 * 1000; // 250 s left: WeChat would renew now
    const renewed = await tokens.get();

    expect(renewed).not.toBe(first);
    expect(wechat.tokenCalls()).toBe(2);
    expect(await tokens.get()).toBe(renewed);
    expect(wechat.tokenCalls()).toBe(2);
  });

  it('refreshes once when 10 Lambdas find the same token expired at once', async () => {
    const { wechat, config } = await freshApp();
    const old = await accessTokenProvider(config, table.db, table.tableName).get();
    wechat.expireTokens();
    const lambdas = await coldStarts(10);

    const got = await Promise.all(
      lambdas.map(async (m) => {
        const tokens = m.accessTokenProvider(config, table.db, table.tableName);
        await tokens.invalidate(old);
        return tokens.get();
      }),
    );

    expect(new Set(got).size).toBe(1);
    expect(got[0]).not.toBe(old);
    expect(wechat.tokenCalls()).toBe(2);
  });

  it('does not refresh again when a stale caller invalidates a token already replaced', async () => {
    const { wechat, config } = await freshApp();
    const tokens = accessTokenProvider(config, table.db, table.tableName);
    const old = await tokens.get();
    wechat.expireTokens();
    await tokens.invalidate(old);
    const fresh = await tokens.get();

    await tokens.invalidate(old);

    expect(await tokens.get()).toBe(fresh);
    expect(wechat.tokenCalls()).toBe(2);
  });

  it('takes over the refresh when the Lambda holding the lease died (the lease runs out)', async () => {
    const { wechat, config } = await freshApp();
    // A lease that runs out 300 ms from now in WeChat's real time (as the provider measures it).
    await table.db.send(new PutCommand({ TableName: table.tableName, Item: { ...accessTokenKey(config.appid), version: 0, leaseOwner: 'a-lambda-that-died', leaseUntil: Date.now() + 300 } }));

    const token = await accessTokenProvider(config, table.db, table.tableName).get();

    expect(token).toBeTruthy();
    expect(wechat.tokenCalls()).toBe(1);
    expect(await tokenItem(config.appid)).toMatchObject({ token, version: 1 });
  });

  it('throws a non-transient AccessTokenError for a wrong secret, and frees the lease for the next caller', async () => {
    const { config } = await freshApp();
    const tokens = accessTokenProvider({ ...config, secret: 'not-the-secret' }, table.db, table.tableName);

    const error = await tokens.get().catch((e: unknown) => e);

    expect(error).toBeInstanceOf(AccessTokenError);
    expect(error).toMatchObject({ errcode: 40125, transient: false });
    expect((await tokenItem(config.appid))?.leaseOwner).toBeUndefined();
  });

  it('throws a transient AccessTokenError when WeChat is busy (-1), and succeeds on the next call', async () => {
    const { wechat, config } = await freshApp();
    wechat.failNext('/cgi-bin/stable_token', -1, 'system error');
    const tokens = accessTokenProvider(config, table.db, table.tableName);

    await expect(tokens.get()).rejects.toMatchObject({ errcode: -1, transient: true });

    await expect(tokens.get()).resolves.toEqual(expect.any(String));
    expect(wechat.tokenCalls()).toBe(2);
  });
});
