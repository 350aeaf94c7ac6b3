import { randomBytes } from 'node:crypto';
import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '../../../functions/storage/document-client';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { startWechatStandin, type WeChatStandin } from '../../../scripts/local/wechat-standin';
import { pngTextChunks } from '../../../scripts/local/standin-wxacode';
import { createTestTable, type TestTable } from '../../support/dynamo';
import { systemNow } from '../../support/product-clock';
import { httpEvent, jsonOf } from '../../support/http-event';
import { handler as auth } from '../../../functions/handlers/auth';
import { handler as me } from '../../../functions/handlers/me';
import { handler as joining } from '../../../functions/handlers/joining';
import { auditKeys } from '../../../functions/audit/audit-items';
import { joiningKeys } from '../../../functions/joining/dynamo-joining-store';
import { accountLimiter, addressLimiter, attemptLimits } from '../../../functions/joining/joining';
import { personalDataCipher } from '../../../functions/privacy/personal-data';
import { keys } from '../../../functions/storage/keys';
import { bindResponse, invitationCodePattern, invitationPublicResponse, invitationResponse, joinStatusResponse } from '../../../shared/api/joining';
import { loginResponse, meResponse } from '../../../shared/api/auth';

// DynamoDB Local on a shared machine: seeding and 10-way races can outlast jest's default 5 s.
jest.setTimeout(60_000);

const personalDataKey = randomBytes(32).toString('base64url');
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
    PERSONAL_DATA_KEY: personalDataKey,
    DEMO_LOGIN: 'on',
  });
});

afterAll(async () => {
  await wechat.close();
  await table.drop();
});

// ---- helpers ------------------------------------------------------------------------------------------

/** An HTTP API event for a route with path parameters, as API Gateway delivers it (routeKey is the template). */
function routeEvent(method: string, template: string, params: Record<string, string>, options: { body?: unknown; token?: string } = {}): APIGatewayProxyEventV2 {
  const event = httpEvent(method, template, { ...(options.body === undefined ? {} : { body: options.body }), ...(options.token ? { headers: { authorization: `Bearer ${options.token}` } } : {}) });
  const path = template.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(params[name] ?? ''));
  return { ...event, rawPath: path, pathParameters: params, requestContext: { ...event.requestContext, http: { ...event.requestContext.http, path } } };
}

const call = async (method: string, template: string, params: Record<string, string>, options: { body?: unknown; token?: string } = {}) =>
  jsonOf(await joining(routeEvent(method, template, params, options)));

const demoToken = async (identity: string): Promise<string> =>
  loginResponse.parse(jsonOf(await auth(httpEvent('POST', '/v1/auth/demo-login', { body: { identity } }))).body).token;

/** A WeChat user who never used the mini-program, logged in through POST /v1/auth/demo-wechat. */
async function newWeChatUser(): Promise<string> {
  const res = jsonOf(await joining(httpEvent('POST', '/v1/auth/demo-wechat', { body: { nickname: '新会员' } })));
  expect(res.status).toBe(200);
  const login = loginResponse.parse(res.body);
  expect(login.bound).toBe(false);
  return login.token;
}

const issue = (orgId: string, token: string) => call('POST', '/v1/orgs/{orgId}/invitation', { orgId }, { token });
async function invitationCodeOf(orgId: string, chair: string): Promise<string> {
  const res = await issue(orgId, await demoToken(chair));
  expect(res.status).toBe(201);
  return invitationResponse.parse(res.body).invitation?.code ?? '';
}
const bind = (code: string, token: string, body: unknown) => call('POST', '/v1/invitations/{code}/bind', { code }, { token, body });

type MemberItem = { memberId: string; name: string; orgId: string; employeeNo?: string; openid?: string; boundAt?: string };
const memberItem = async (memberId: string) =>
  (await table.db.send(new GetCommand({ TableName: table.tableName, Key: keys.member(memberId), ConsistentRead: true }))).Item as MemberItem | undefined;

/** A seeded member of a union nobody has bound yet (none of the demo log-ins), by roster number. */
async function unboundMember(orgId: string, n: number): Promise<MemberItem> {
  const item = await memberItem(`${orgId}-m${String(n).padStart(3, '0')}`);
  if (!item || item.openid) throw new Error(`seeded member ${orgId} #${n} is missing or bound`);
  return item;
}

const whoAmI = async (token: string) => meResponse.parse(jsonOf(await me(httpEvent('GET', '/v1/me', { headers: { authorization: `Bearer ${token}` } }))).body);

// ---- invitations ------------------------------------------------------------------------------------

describe('the invitation (入会邀请码)', () => {
  it('is issued by the chair with a random 16-character code and a PNG mini-program code opening the join page', async () => {
    const chair = await demoToken('chair-1');
    const res = await issue('gu-yuntai', chair);

    expect(res.status).toBe(201);
    const invitation = invitationResponse.parse(res.body).invitation;
    expect(invitation).toMatchObject({ orgId: 'gu-yuntai', orgName: '云台新材料有限公司工会', qrError: null });
    expect(invitation?.code).toMatch(invitationCodePattern);
    expect(invitation?.joinPath).toBe(`pages/join/index?scene=${invitation?.code}`);
    const png = Buffer.from(String(invitation?.qrImage).replace(/^data:image\/png;base64,/, ''), 'base64');
    expect(png.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
    expect(pngTextChunks(png)).toMatchObject({ scene: invitation?.code, page: 'pages/join/index' });

    const again = await call('GET', '/v1/orgs/{orgId}/invitation', { orgId: 'gu-yuntai' }, { token: chair });
    expect(invitationResponse.parse(again.body).invitation?.code).toBe(invitation?.code);
    const shown = await call('GET', '/v1/invitations/{code}', { code: invitation?.code ?? '' });
    expect(invitationPublicResponse.parse(shown.body)).toEqual({ orgName: '云台新材料有限公司工会' });
  });

  it('is rotated and revoked by the chair; an old code then says it is no longer valid', async () => {
    const chair = await demoToken('chair-2');
    const first = await invitationCodeOf('gu-renmin', 'chair-2');
    const second = await invitationCodeOf('gu-renmin', 'chair-2');
    expect(second).not.toBe(first);

    const old = await call('GET', '/v1/invitations/{code}', { code: first });
    expect(old).toEqual({ status: 404, body: { code: 'JOIN.INVITATION_INVALID', message: '邀请码无效或已停用，请向本单位工会主席索取新的邀请码', details: [] } });
    expect((await call('GET', '/v1/invitations/{code}', { code: second })).status).toBe(200);

    const revoked = await call('DELETE', '/v1/orgs/{orgId}/invitation', { orgId: 'gu-renmin' }, { token: chair });
    expect(revoked.body).toEqual({ revoked: true });
    expect((await call('GET', '/v1/invitations/{code}', { code: second })).status).toBe(404);
    expect(invitationResponse.parse((await call('GET', '/v1/orgs/{orgId}/invitation', { orgId: 'gu-renmin' }, { token: chair })).body)).toEqual({ invitation: null });
    const trail = await table.db.send(new QueryCommand({ TableName: table.tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': auditKeys.chain('invitation', 'gu-renmin') } }));
    expect((trail.Items ?? []).filter((i) => i.entity === 'auditEvent').map((i) => i.action)).toEqual(['invitation.issued', 'invitation.issued', 'invitation.revoked']);
  });

  it('keeps the code unguessable: an unknown or malformed code is refused', async () => {
    expect((await call('GET', '/v1/invitations/{code}', { code: 'ABCDEFGHJKMNPQRS' })).body.code).toBe('JOIN.INVITATION_INVALID');
    const malformed = await call('GET', '/v1/invitations/{code}', { code: 'short' });
    expect(malformed.status).toBe(400);
    expect(malformed.body.details).toEqual([{ path: 'code', message: '邀请码（code）应为 16 位字母和数字，请核对' }]);
  });
});

// ---- binding -----------------------------------------------------------------------------------------

describe('binding a WeChat account to a roster entry', () => {
  let code: string;
  beforeAll(async () => {
    code = await invitationCodeOf('gu-yuntai', 'chair-1');
  });

  it('binds by name + employee number: openid and boundAt are set, audited, and the new token shows the union', async () => {
    const member = await unboundMember('gu-yuntai', 10);
    const user = await newWeChatUser();

    const res = await bind(code, user, { method: 'employeeNo', name: member.name, employeeNo: ` ${String(member.employeeNo).toLowerCase()} ` });

    expect(res.status).toBe(200);
    const bound = bindResponse.parse(res.body);
    expect(bound).toMatchObject({ memberId: member.memberId, orgId: 'gu-yuntai', orgName: '云台新材料有限公司工会' });
    const after = await memberItem(member.memberId);
    expect(after?.openid).toMatch(/^o/);
    expect(Date.parse(String(after?.boundAt))).toBeGreaterThan(systemNow().getTime() - 60_000);
    const mine = await whoAmI(bound.token);
    expect(mine).toMatchObject({ memberId: member.memberId, name: member.name });
    expect(mine.memberships[0]?.org.name).toBe('云台新材料有限公司工会');

    const byOpenid = await table.db.send(
      new QueryCommand({ TableName: table.tableName, IndexName: 'byOpenid', KeyConditionExpression: 'openid = :o', ExpressionAttributeValues: { ':o': after?.openid } }),
    );
    expect(byOpenid.Items?.map((i) => i.memberId)).toEqual([member.memberId]);
    const head = await table.db.send(new GetCommand({ TableName: table.tableName, Key: auditKeys.head('member', member.memberId), ConsistentRead: true }));
    expect(head.Item?.seq).toBe(1);
    const event = await table.db.send(new GetCommand({ TableName: table.tableName, Key: auditKeys.event('member', member.memberId, 1) }));
    expect(event.Item).toMatchObject({ action: 'member.bound', scopePath: '/city-jz/dist-jiefang/gu-yuntai', actor: { memberId: member.memberId, role: 'member' } });
  });

  it('binds by name + last four digits of the phone, matched through the keyed hash', async () => {
    const memberId = 'gu-yuntai-joiner-phone';
    const cipher = personalDataCipher(personalDataKey);
    await table.db.send(
      new PutCommand({
        TableName: table.tableName,
        Item: {
          ...keys.member(memberId),
          entity: 'member',
          memberId,
          name: '欧阳 明月',
          orgId: 'gu-yuntai',
          status: 'active',
          joinedOn: '2024-03-01',
          phoneMasked: '139****5678',
          phoneTailHash: cipher.hash(`phoneTail:${memberId}`, '5678'),
          gsi1pk: keys.childOf('gu-yuntai'),
          gsi1sk: `MEMBER#欧阳 明月#${memberId}`,
        },
      }),
    );
    const user = await newWeChatUser();

    const wrong = await bind(code, user, { method: 'phoneTail', name: '欧阳明月', phoneTail: '5679' });
    expect(wrong.status).toBe(422);
    expect(wrong.body.message).toBe('姓名与工号/手机号后四位不匹配，请核对后重试（一小时内还可尝试 4 次）');
    expect(JSON.stringify(wrong.body)).not.toMatch(/5678|139|gu-yuntai-joiner/);

    const res = await bind(code, user, { method: 'phoneTail', name: '欧阳明月', phoneTail: '５６７８' });
    expect(res.status).toBe(200);
    expect(bindResponse.parse(res.body).memberId).toBe(memberId);
  });

  it('limits wrong attempts: after 5 failures the 6th is refused (429) even with the right details, until the hour passes', async () => {
    const member = await unboundMember('gu-yuntai', 11);
    const user = await newWeChatUser();
    const right = { method: 'employeeNo', name: member.name, employeeNo: member.employeeNo };

    const failures = [];
    for (let i = 0; i < attemptLimits.perAccount; i += 1) failures.push(await bind(code, user, { ...right, employeeNo: `WRONG${i}` }));
    expect(failures.map((f) => f.status)).toEqual([422, 422, 422, 422, 422]);
    expect(failures.every((f) => String(f.body.message).startsWith('姓名与工号/手机号后四位不匹配'))).toBe(true);
    expect(failures[4]?.body.message).toMatch(/（尝试次数已用完，请约 (60|59) 分钟后再试）$/);

    const sixth = await bind(code, user, right);
    expect(sixth.status).toBe(429);
    expect(sixth.body.code).toBe('JOIN.TOO_MANY_ATTEMPTS');
    expect(sixth.body.message).toMatch(/^核对失败次数过多，请约 (60|59) 分钟后（北京时间 \d\d:\d\d 以后）再试$/);
    expect((await memberItem(member.memberId))?.openid).toBeUndefined();

    // The window started an hour ago: attempts are open again.
    const openid = openidOf(user) ?? '';
    await table.db.send(
      new UpdateCommand({
        TableName: table.tableName,
        Key: joiningKeys.limiter(accountLimiter(openid)),
        UpdateExpression: 'SET windowStart = :past',
        ExpressionAttributeValues: { ':past': systemNow().getTime() - attemptLimits.windowMs - 1000 },
      }),
    );
    expect((await bind(code, user, right)).status).toBe(200);
  });

  it('never locks an invitation for everyone: 25 wrong attempts from one address and 5 accounts stop that address, not a member elsewhere (issue 15)', async () => {
    const member = await unboundMember('gu-yuntai', 12);
    const from = (sourceIp: string, token: string, body: unknown) => {
      const event = routeEvent('POST', '/v1/invitations/{code}/bind', { code }, { token, body });
      return joining({ ...event, requestContext: { ...event.requestContext, http: { ...event.requestContext.http, sourceIp } } }).then(jsonOf);
    };
    for (let account = 0; account < 5; account += 1) {
      const attacker = await newWeChatUser();
      const tries = await Promise.all(Array.from({ length: attemptLimits.perAccount }, (_, i) => from('203.0.113.66', attacker, { method: 'employeeNo', name: member.name, employeeNo: `NO${account}${i}` })));
      expect(tries.map((t) => t.status)).toEqual(Array(attemptLimits.perAccount).fill(422));
    }
    const victim = await newWeChatUser();
    const joined = await from('198.51.100.7', victim, { method: 'employeeNo', name: member.name, employeeNo: member.employeeNo });
    expect(joined.status).toBe(200);
    expect(bindResponse.parse(joined.body).memberId).toBe(member.memberId);
  });

  it('limits wrong attempts per network address: a fresh account from an address that used up its attempts is refused (429)', async () => {
    const member = await unboundMember('gu-renmin', 16);
    const address = '203.0.113.99';
    const from = (token: string, body: unknown) => {
      const event = routeEvent('POST', '/v1/invitations/{code}/bind', { code }, { token, body });
      return joining({ ...event, requestContext: { ...event.requestContext, http: { ...event.requestContext.http, sourceIp: address } } }).then(jsonOf);
    };
    for (let account = 0; account < attemptLimits.perAddress / attemptLimits.perAccount; account += 1) {
      const attacker = await newWeChatUser();
      for (let i = 0; i < attemptLimits.perAccount; i += 1) expect((await from(attacker, { method: 'employeeNo', name: member.name, employeeNo: `AD${account}${i}` })).status).toBe(422);
    }
    const refused = await from(await newWeChatUser(), { method: 'employeeNo', name: member.name, employeeNo: `AD-last` });
    expect(refused.status).toBe(429);
    expect(refused.body.code).toBe('JOIN.TOO_MANY_ATTEMPTS');
    // Nothing of the address is kept in clear.
    const limiters = await table.db.send(new QueryCommand({ TableName: table.tableName, IndexName: undefined, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': joiningKeys.limiter(addressLimiter(String(process.env.SESSION_SECRET), address)).pk } }));
    expect(limiters.Items?.length).toBe(1);
    expect(JSON.stringify(limiters.Items)).not.toContain(address);
  });

  it('counts parallel wrong attempts exactly: 8 at once from one account, 5 judged and 3 refused', async () => {
    const member = await unboundMember('gu-yuntai', 13);
    const user = await newWeChatUser();
    const tries = await Promise.all(Array.from({ length: 8 }, (_, i) => bind(code, user, { method: 'employeeNo', name: member.name, employeeNo: `BAD${i}` })));
    expect(tries.filter((t) => t.status === 422)).toHaveLength(5);
    expect(tries.filter((t) => t.status === 429)).toHaveLength(3);
  });

  it('lets exactly one of 10 accounts claiming one entry at once win; the others get 409', async () => {
    const member = await unboundMember('gu-yuntai', 14);
    const users = await Promise.all(Array.from({ length: 10 }, () => newWeChatUser()));

    const results = await Promise.all(users.map((user) => bind(code, user, { method: 'employeeNo', name: member.name, employeeNo: member.employeeNo })));

    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    const losers = results.filter((r) => r.status !== 200);
    expect(losers).toHaveLength(9);
    for (const loser of losers) {
      expect(loser).toEqual({ status: 409, body: { code: 'JOIN.ENTRY_TAKEN', message: '该会员信息已被其他微信账号绑定。如非本人操作，请联系本单位工会主席', details: [] } });
    }
    const winner = bindResponse.parse(results.find((r) => r.status === 200)?.body);
    const after = await memberItem(member.memberId);
    expect((await whoAmI(winner.token)).memberId).toBe(member.memberId);
    const trail = await table.db.send(new QueryCommand({ TableName: table.tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': auditKeys.chain('member', member.memberId) } }));
    expect((trail.Items ?? []).filter((i) => i.entity === 'auditEvent')).toHaveLength(1);
    expect(after?.openid).toBe(openidOf(winner.token));
  });

  it('refuses an entry already bound (409) without counting it as a wrong attempt', async () => {
    const chairEntry = await memberItem('gu-yuntai-m001');
    const user = await newWeChatUser();
    const res = await bind(code, user, { method: 'employeeNo', name: chairEntry?.name, employeeNo: chairEntry?.employeeNo });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('JOIN.ENTRY_TAKEN');
    expect((await memberItem('gu-yuntai-m001'))?.openid).toBe('demo:chair-1');
    const limiter = await table.db.send(new GetCommand({ TableName: table.tableName, Key: joiningKeys.limiter(accountLimiter(openidOf(user) ?? '')), ConsistentRead: true }));
    expect(limiter.Item?.count).toBe(0);
  });

  it('refuses a member who left the union', async () => {
    const member = await unboundMember('gu-yuntai', 15);
    await table.db.send(
      new UpdateCommand({ TableName: table.tableName, Key: keys.member(member.memberId), UpdateExpression: 'SET #s = :left, leftOn = :day', ExpressionAttributeNames: { '#s': 'status' }, ExpressionAttributeValues: { ':left': 'left', ':day': '2025-06-30' } }),
    );
    const res = await bind(code, await newWeChatUser(), { method: 'employeeNo', name: member.name, employeeNo: member.employeeNo });
    expect(res).toEqual({ status: 403, body: { code: 'JOIN.MEMBER_LEFT', message: '名册显示您已离会，无法通过邀请码加入；如有疑问请联系本单位工会主席', details: [] } });
    expect((await memberItem(member.memberId))?.openid).toBeUndefined();
  });

  it('refuses an account already bound to another entry, and answers a repeated bind of its own entry again', async () => {
    const member = await unboundMember('gu-yuntai', 16);
    const other = await unboundMember('gu-yuntai', 17);
    const user = await newWeChatUser();
    const first = await bind(code, user, { method: 'employeeNo', name: member.name, employeeNo: member.employeeNo });
    expect(first.status).toBe(200);

    // The same (still unbound) token: the answer was lost, the member asks again.
    const repeated = await bind(code, user, { method: 'employeeNo', name: member.name, employeeNo: member.employeeNo });
    expect(repeated.status).toBe(200);
    expect(bindResponse.parse(repeated.body).memberId).toBe(member.memberId);

    const second = await bind(code, user, { method: 'employeeNo', name: other.name, employeeNo: other.employeeNo });
    expect(second).toMatchObject({ status: 409, body: { code: 'JOIN.ALREADY_BOUND' } });
    const member1 = await bind(code, await demoToken('member-2'), { method: 'employeeNo', name: other.name, employeeNo: other.employeeNo });
    expect(member1.body.code).toBe('JOIN.ALREADY_BOUND');
    expect((await memberItem(other.memberId))?.openid).toBeUndefined();
  });

  it('asks for a log-in (401) and names the fields of a bad request in Chinese (400)', async () => {
    expect((await call('POST', '/v1/invitations/{code}/bind', { code }, { body: { method: 'employeeNo', name: '张三', employeeNo: '1' } })).status).toBe(401);
    const user = await newWeChatUser();
    const empty = await bind(code, user, { method: 'employeeNo', name: ' ', employeeNo: '' });
    expect(empty.status).toBe(400);
    expect(empty.body.details).toEqual([
      { path: 'name', message: '请填写姓名（name）' },
      { path: 'employeeNo', message: '请填写工号（employeeNo）' },
    ]);
    const tail = await bind(code, user, { method: 'phoneTail', name: '张三', phoneTail: '12a4' });
    expect(tail.body.details).toEqual([{ path: 'phoneTail', message: '手机号后四位（phoneTail）应为 4 位数字' }]);
    const method = await bind(code, user, { name: '张三' });
    expect(method.body.details).toEqual([{ path: 'method', message: '请选择核对方式（method）：工号或手机号后四位' }]);
  });
});

/** The openid inside a session token (its `oid` claim). */
function openidOf(token: string): string | undefined {
  const payload = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as { oid?: string };
  return payload.oid;
}

// ---- join status and scope --------------------------------------------------------------------------

describe('GET /v1/orgs/{orgId}/join-status (入会情况)', () => {
  it('counts the roster, the bound and the not yet bound, and lists who joined, latest first', async () => {
    const chair = await demoToken('chair-2');
    const renmin = await invitationCodeOf('gu-renmin', 'chair-2');
    const member = await unboundMember('gu-renmin', 20);
    expect((await bind(renmin, await newWeChatUser(), { method: 'employeeNo', name: member.name, employeeNo: member.employeeNo })).status).toBe(200);

    const res = await call('GET', '/v1/orgs/{orgId}/join-status', { orgId: 'gu-renmin' }, { token: chair });

    expect(res.status).toBe(200);
    const status = joinStatusResponse.parse(res.body);
    expect(status.orgName).toBe('解放区人民医院工会');
    // 200 seeded members; the chair (chair-2) and member-2 log in with WeChat; one joined just now.
    expect(status.counts).toEqual({ onRoster: 200, bound: 3, notBound: 197 });
    expect(status.joined[0]).toEqual({ name: member.name, boundAt: expect.any(String) });
    expect(status.joined.filter((j) => j.boundAt === null)).toHaveLength(2);
  });

  it('is open to the district reviewer above, closed to other unions, other districts and plain members', async () => {
    const path = { orgId: 'gu-yuntai' };
    expect((await call('GET', '/v1/orgs/{orgId}/join-status', path, { token: await demoToken('reviewer-jiefang') })).status).toBe(200);
    for (const identity of ['chair-2', 'reviewer-shanyang', 'member-1']) {
      const res = await call('GET', '/v1/orgs/{orgId}/join-status', path, { token: await demoToken(identity) });
      expect({ identity, status: res.status, code: res.body.code }).toEqual({ identity, status: 403, code: 'SCOPE.FORBIDDEN' });
    }
    expect((await call('GET', '/v1/orgs/{orgId}/join-status', path)).status).toBe(401);
    expect((await call('GET', '/v1/orgs/{orgId}/join-status', { orgId: 'nowhere' }, { token: await demoToken('chair-1') })).status).toBe(403);
  });

  it('lets only the chair of the union issue, read or revoke its invitation', async () => {
    const chair2 = await demoToken('chair-2');
    for (const [method, expected] of [
      ['POST', 403],
      ['GET', 403],
      ['DELETE', 403],
    ] as const) {
      const res = await call(method, '/v1/orgs/{orgId}/invitation', { orgId: 'gu-yuntai' }, { token: chair2 });
      expect({ method, status: res.status, code: res.body.code }).toEqual({ method, status: expected, code: 'SCOPE.FORBIDDEN' });
    }
    // A reviewer sees who joined but does not hand out a union's invitation.
    expect((await issue('gu-yuntai', await demoToken('reviewer-jiefang'))).status).toBe(403);
    expect((await issue('gu-yuntai', await demoToken('member-1'))).status).toBe(403);
  });
});

describe('POST /v1/auth/demo-wechat (local stage only)', () => {
  it('logs a new WeChat user in through jscode2session, unbound, with no memberships', async () => {
    const before = wechat.calls('/sns/jscode2session');
    const token = await newWeChatUser();
    expect(wechat.calls('/sns/jscode2session')).toBe(before + 1);
    expect(await whoAmI(token)).toEqual({ memberId: null, name: null, memberships: [] });
  });

  it('is closed (404) where demo log-in is off, and always on prod', async () => {
    process.env.STAGE = 'prod';
    const prod = jsonOf(await joining(httpEvent('POST', '/v1/auth/demo-wechat', { body: {} })));
    process.env.STAGE = 'local';
    process.env.DEMO_LOGIN = 'off';
    const off = jsonOf(await joining(httpEvent('POST', '/v1/auth/demo-wechat', { body: {} })));
    process.env.DEMO_LOGIN = 'on';
    expect([prod.status, off.status]).toEqual([404, 404]);
    expect(prod.body.code).toBe('AUTH.DEMO_DISABLED');
  });
});
