import { startWechatStandin, type WeChatStandin } from '../../../scripts/local/wechat-standin';
import { createTestTable, type TestTable } from '../../support/dynamo';
import { httpEvent, jsonOf } from '../../support/http-event';
import { handler as auth } from '../../../functions/handlers/auth';
import { handler as me } from '../../../functions/handlers/me';
import { meResponse } from '../../../shared/api/auth';

let table: TestTable;
let wechat: WeChatStandin;

beforeAll(async () => {
  table = await createTestTable({ seed: true });
  wechat = await startWechatStandin({ appid: 'wx-test', secret: 'wechat-test-secret' });
  Object.assign(process.env, {
    STAGE: 'local',
    TABLE_NAME: table.tableName,
    DYNAMODB_ENDPOINT: table.endpoint,
    SESSION_SECRET: 'integration-session-secret-0123456789',
    WECHAT_API_BASE: wechat.url,
    WECHAT_APPID: 'wx-test',
    WECHAT_APP_SECRET: 'wechat-test-secret',
    DEMO_LOGIN: 'on',
  });
});

afterAll(async () => {
  await wechat.close();
  await table.drop();
});

const login = async (code: unknown) => jsonOf(await auth(httpEvent('POST', '/v1/auth/login', { body: { code } })));
const whoAmI = async (token: string) => jsonOf(await me(httpEvent('GET', '/v1/me', { headers: { authorization: `Bearer ${token}` } })));

describe('POST /v1/auth/login (WeChat jscode2session through the stand-in)', () => {
  it('logs a bound member in, and /v1/me shows their union, trail and roles', async () => {
    const res = await login(wechat.issueCode('demo:chair-1'));
    expect(res.status).toBe(200);
    expect(res.body.bound).toBe(true);

    const mine = await whoAmI(String(res.body.token));
    expect(mine.status).toBe(200);
    const body = meResponse.parse(mine.body);
    expect(body.name).toBeTruthy();
    expect(body.memberships[0]?.org.name).toBe('云台新材料有限公司工会');
    expect(body.memberships[0]?.orgTrail).toEqual(['焦作市总工会', '解放区总工会', '云台新材料有限公司工会']);
    expect(body.memberships[0]?.roles).toEqual(expect.arrayContaining(['member', 'chair']));
  });

  it('logs an unknown WeChat user in as not yet bound, with no memberships', async () => {
    const res = await login(wechat.issueCode('o-stranger'));
    expect(res.body.bound).toBe(false);
    const mine = await whoAmI(String(res.body.token));
    expect(mine.body).toEqual({ memberId: null, name: null, memberships: [] });
  });

  it('refuses a code used twice (WeChat 40163) with a Chinese message', async () => {
    const code = wechat.issueCode('demo:member-1');
    expect((await login(code)).status).toBe(200);
    const again = await login(code);
    expect(again.status).toBe(401);
    expect(again.body).toMatchObject({ code: 'AUTH.WECHAT_CODE_INVALID', message: '微信登录凭证无效或已使用，请重新登录' });
  });

  it('refuses an invalid code (WeChat 40029)', async () => {
    const res = await login('not-a-code-wechat-issued');
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('AUTH.WECHAT_CODE_INVALID');
  });

  it('retries once when WeChat is busy (-1), then succeeds', async () => {
    wechat.failNext('/sns/jscode2session', -1, 'system error');
    const res = await login(wechat.issueCode('demo:member-1'));
    expect(res.status).toBe(200);
  });

  it.each([
    [40226, 403, 'AUTH.WECHAT_USER_BLOCKED'],
    [45011, 429, 'AUTH.WECHAT_RATE_LIMITED'],
    [40013, 502, 'AUTH.WECHAT_UNAVAILABLE'],
  ])('maps WeChat error %i to HTTP %i %s', async (errcode, status, code) => {
    wechat.failNext('/sns/jscode2session', errcode);
    const res = await login(wechat.issueCode('demo:member-1'));
    expect(res.status).toBe(status);
    expect(res.body.code).toBe(code);
    expect(String(res.body.message)).toMatch(/[\u4e00-\u9fff]/);
  });

  it('answers 400 naming the field when the code is missing or empty', async () => {
    const missing = await login(undefined);
    expect(missing.status).toBe(400);
    expect(missing.body).toMatchObject({ code: 'REQUEST.INVALID', details: [{ path: 'code', message: '缺少微信登录凭证（code）' }] });
    const empty = await login('   ');
    expect(empty.body.details).toEqual([{ path: 'code', message: '微信登录凭证（code）不能为空' }]);
  });

  it('answers 400 for a body that is not JSON, and never a stack trace', async () => {
    const res = jsonOf(await auth(httpEvent('POST', '/v1/auth/login', { rawBody: '{"code":' })));
    expect(res.status).toBe(400);
    expect(res.body.message).toBe('请求内容有误：请求体不是有效的 JSON');
    expect(JSON.stringify(res.body)).not.toMatch(/at .*\.ts|Error:/);
  });
});

describe('demo log-in (local stage only)', () => {
  it('lists the seeded identities and logs in as one', async () => {
    const list = jsonOf(await auth(httpEvent('GET', '/v1/auth/demo-identities')));
    expect(list.status).toBe(200);
    const identities = list.body.identities as { identity: string }[];
    expect(identities.map((i) => i.identity)).toEqual(expect.arrayContaining(['organiser', 'reviewer-jiefang', 'chair-1', 'member-1']));

    const res = jsonOf(await auth(httpEvent('POST', '/v1/auth/demo-login', { body: { identity: 'reviewer-jiefang' } })));
    expect(res.status).toBe(200);
    const mine = meResponse.parse((await whoAmI(String(res.body.token))).body);
    expect(mine.memberships.flatMap((m) => m.roles)).toContain('reviewer');
    expect(mine.memberships.map((m) => m.org.name)).toContain('解放区总工会');
  });

  it('answers 404 with a Chinese message for an unknown identity', async () => {
    const res = jsonOf(await auth(httpEvent('POST', '/v1/auth/demo-login', { body: { identity: 'nobody' } })));
    expect(res).toEqual({ status: 404, body: { code: 'AUTH.DEMO_IDENTITY_UNKNOWN', message: '没有这个演示身份', details: [] } });
  });

  it('is closed on any stage where DEMO_LOGIN is not on, and always on prod', async () => {
    process.env.DEMO_LOGIN = 'off';
    const off = jsonOf(await auth(httpEvent('POST', '/v1/auth/demo-login', { body: { identity: 'organiser' } })));
    process.env.DEMO_LOGIN = 'on';
    process.env.STAGE = 'prod';
    const prod = jsonOf(await auth(httpEvent('GET', '/v1/auth/demo-identities')));
    process.env.STAGE = 'local';
    expect(off.status).toBe(404);
    expect(off.body.code).toBe('AUTH.DEMO_DISABLED');
    expect(prod.status).toBe(404);
  });
});

describe('GET /v1/me', () => {
  it('asks for a log-in without a token (401) and refuses a forged one', async () => {
    expect((await jsonOf(await me(httpEvent('GET', '/v1/me')))).body).toMatchObject({ code: 'AUTH.REQUIRED', message: '请先登录' });
    const { body } = await login(wechat.issueCode('demo:member-1'));
    const [header, payload] = String(body.token).split('.');
    const forged = `${header}.${payload}.c2lnbmF0dXJlLWZvcmdlZA`;
    const res = await whoAmI(forged);
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('AUTH.TOKEN_INVALID');
  });

  it('answers an unknown route with 404 in Chinese', async () => {
    const res = jsonOf(await me(httpEvent('DELETE', '/v1/me')));
    expect(res).toEqual({ status: 404, body: { code: 'REQUEST.NOT_FOUND', message: '请求的接口不存在', details: [] } });
  });
});
