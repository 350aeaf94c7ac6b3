import { BatchWriteCommand, UpdateCommand } from '../../../functions/storage/document-client';
import type { AuditEventDraft } from '../../../shared/audit/audit-event';
import { auditTrailResponse, recentAuditResponse } from '../../../shared/api/audit';
import { appendAuditEvents } from '../../../functions/audit/audit-trail';
import { signSession } from '../../../functions/auth/session-token';
import { handler as audit } from '../../../functions/handlers/audit';
import { keys } from '../../../functions/storage/keys';
import { createTestTable, type TestTable } from '../../support/dynamo';
import { httpEvent, jsonOf } from '../../support/http-event';

// DynamoDB Local on a shared machine: seeding and 20-way contention can outlast jest's default 5 s.
jest.setTimeout(60_000);

const sessionSecret = 'integration-session-secret-0123456789';
let table: TestTable;

/** Who asks: the seeded city organiser, a district reviewer and a chair, plus two organisers added here. */
const callers = {
  cityOrganiser: 'staff-city-1',
  districtReviewer: 'staff-dist-jiefang',
  chair: 'gu-yuntai-m001',
  districtOrganiser: 'org-jiefang',
  otherTreeOrganiser: 'staff-xx-1',
};

const draft = (subjectId: string, scopePath: string, extra: Partial<AuditEventDraft> = {}): AuditEventDraft => ({
  subjectType: 'application',
  subjectId,
  scopePath,
  action: 'application.passed',
  actor: { memberId: 'staff-dist-jiefang', role: 'reviewer' },
  reason: '符合条件',
  citation: { doc: '焦作市模范职工之家评选表彰办法', article: '第五条' },
  ...extra,
});

/** One decision at a given minute, so the expected order is plain. */
const decide = (minute: number, d: AuditEventDraft) =>
  appendAuditEvents(table.db, table.tableName, [d], { now: () => new Date(Date.UTC(2026, 10, 21, 2, minute)) });

beforeAll(async () => {
  table = await createTestTable({ seed: true });
  Object.assign(process.env, { STAGE: 'local', TABLE_NAME: table.tableName, DYNAMODB_ENDPOINT: table.endpoint, SESSION_SECRET: sessionSecret });
  const items = [
    // An organiser of one district, and a second federation tree with its own organiser.
    { ...keys.member(callers.districtOrganiser), entity: 'member', memberId: callers.districtOrganiser, name: '赵明', orgId: 'dist-jiefang' },
    { ...keys.role(callers.districtOrganiser, 'dist-jiefang', 'organiser'), entity: 'role', memberId: callers.districtOrganiser, orgId: 'dist-jiefang', role: 'organiser' },
    { ...keys.org('city-xx'), entity: 'org', orgId: 'city-xx', name: '新乡市总工会', level: 'city', kind: 'federation', path: '/city-xx', gsi3pk: keys.tree('city-xx'), gsi3sk: '/city-xx' },
    { ...keys.member(callers.otherTreeOrganiser), entity: 'member', memberId: callers.otherTreeOrganiser, name: '吴晓', orgId: 'city-xx' },
    { ...keys.role(callers.otherTreeOrganiser, 'city-xx', 'organiser'), entity: 'role', memberId: callers.otherTreeOrganiser, orgId: 'city-xx', role: 'organiser' },
  ];
  await table.db.send(new BatchWriteCommand({ RequestItems: { [table.tableName]: items.map((Item) => ({ PutRequest: { Item } })) } }));

  await decide(1, draft('app-yuntai', '/city-jz/dist-jiefang/gu-yuntai', { action: 'application.submitted', actor: { memberId: 'gu-yuntai-m001', role: 'chair' }, reason: undefined }));
  await decide(2, draft('app-taihang', '/city-jz/dist-shanyang/gu-taihang', { actor: { memberId: 'staff-dist-shanyang', role: 'reviewer' } }));
  await decide(3, draft('app-yuntai', '/city-jz/dist-jiefang/gu-yuntai'));
  // An org whose id merely starts like dist-jiefang: not in dist-jiefang's subtree.
  await decide(4, draft('app-lookalike', '/city-jz/dist-jiefangxi'));
  await decide(5, { ...draft('city-jz', '/city-jz'), subjectType: 'org', action: 'role.granted', actor: { memberId: 'staff-city-1', role: 'organiser' } });
  await decide(6, draft('app-xinxiang', '/city-xx/dist-hongqi/gu-xx', { actor: { memberId: 'staff-xx-1', role: 'organiser' } }));
});
afterAll(() => table.drop());

async function get(path: string, query: Record<string, string>, memberId?: string) {
  const token = memberId ? (await signSession({ memberId, openid: `o-${memberId}` }, sessionSecret, 'local')).token : undefined;
  const event = httpEvent('GET', path, token ? { headers: { authorization: `Bearer ${token}` } } : {});
  return jsonOf(await audit({ ...event, queryStringParameters: query, rawQueryString: new URLSearchParams(query).toString() }));
}
const recent = (memberId: string | undefined, query: Record<string, string> = {}) => get('/v1/audit/recent', query, memberId);
const trail = (memberId: string | undefined, subjectId: string, subjectType = 'application') => get('/v1/audit', { subjectType, subjectId }, memberId);
const subjectsOf = (body: unknown) => recentAuditResponse.parse(body).events.map((e) => `${e.subjectId}#${e.seq}`);

describe('GET /v1/audit/recent', () => {
  it('shows the city organiser the newest events under the city, newest first, and nothing from another tree', async () => {
    const res = await recent(callers.cityOrganiser);

    expect(res.status).toBe(200);
    const body = recentAuditResponse.parse(res.body);
    expect(body.scopes).toEqual([{ orgId: 'city-jz', name: '焦作市总工会', path: '/city-jz' }]);
    expect(subjectsOf(body)).toEqual(['city-jz#1', 'app-lookalike#1', 'app-yuntai#2', 'app-taihang#1', 'app-yuntai#1']);
    expect(body.events[2]).toMatchObject({ actor: { memberId: 'staff-dist-jiefang', role: 'reviewer' }, reason: '符合条件', citation: { article: '第五条' }, at: '2026-11-21T02:03:00.000Z' });
    expect(body.events[2]).not.toHaveProperty('gsi3sk');
  });

  it('returns at most `limit` events, the newest', async () => {
    const res = await recent(callers.cityOrganiser, { limit: '2' });
    expect(subjectsOf(res.body)).toEqual(['city-jz#1', 'app-lookalike#1']);
  });

  it('keeps a district organiser to the district’s subtree, by path and not by a shared prefix', async () => {
    const res = await recent(callers.districtOrganiser);
    expect(subjectsOf(res.body)).toEqual(['app-yuntai#2', 'app-yuntai#1']);
  });

  it('keeps an organiser of another tree to that tree', async () => {
    const res = await recent(callers.otherTreeOrganiser);
    expect(subjectsOf(res.body)).toEqual(['app-xinxiang#1']);
  });

  it.each([
    ['the reviewer of a district', callers.districtReviewer],
    ['a grassroots chair', callers.chair],
  ])('refuses %s with 403 in Chinese', async (_who, memberId) => {
    const res = await recent(memberId);
    expect(res).toEqual({ status: 403, body: { code: 'AUDIT.FORBIDDEN', message: '只有组织者可以查看审计记录', details: [] } });
  });

  it('asks for a log-in without a token', async () => {
    const res = await recent(undefined);
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('AUTH.REQUIRED');
  });

  it.each(['0', '201', 'abc', '1.5'])('answers 400 naming the field for limit=%s', async (limit) => {
    const res = await recent(callers.cityOrganiser, { limit });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'REQUEST.INVALID', details: [{ path: 'limit', message: '条数（limit）应为 1 到 200 之间的整数' }] });
  });
});

describe('GET /v1/audit (one subject’s chain)', () => {
  it('shows the chain oldest first with verified: true', async () => {
    const res = await trail(callers.cityOrganiser, 'app-yuntai');

    expect(res.status).toBe(200);
    const body = auditTrailResponse.parse(res.body);
    expect(body).toMatchObject({ subjectType: 'application', subjectId: 'app-yuntai', verified: true });
    expect(body.events.map((e) => [e.seq, e.action, e.actor.role])).toEqual([
      [1, 'application.submitted', 'chair'],
      [2, 'application.passed', 'reviewer'],
    ]);
    expect(body.events[1]?.prevHash).toBe(body.events[0]?.hash);
  });

  it('lets a district organiser read a chain in the district, not one outside it', async () => {
    expect((await trail(callers.districtOrganiser, 'app-yuntai')).status).toBe(200);
    const outside = await trail(callers.districtOrganiser, 'app-taihang');
    expect(outside).toEqual({ status: 403, body: { code: 'AUDIT.OUT_OF_SCOPE', message: '该审计记录不在您的管辖范围内', details: [] } });
  });

  it('refuses a chain of another tree, and the reviewer of a district altogether', async () => {
    expect((await trail(callers.cityOrganiser, 'app-xinxiang')).body.code).toBe('AUDIT.OUT_OF_SCOPE');
    expect((await trail(callers.otherTreeOrganiser, 'app-yuntai')).body.code).toBe('AUDIT.OUT_OF_SCOPE');
    const reviewer = await trail(callers.districtReviewer, 'app-yuntai');
    expect(reviewer.status).toBe(403);
    expect(reviewer.body.code).toBe('AUDIT.FORBIDDEN');
  });

  it('answers an empty, intact chain for a subject with no record', async () => {
    const res = await trail(callers.cityOrganiser, 'app-never');
    expect(res).toEqual({ status: 200, body: { subjectType: 'application', subjectId: 'app-never', events: [], verified: true } });
  });

  it('answers 400 naming the missing field', async () => {
    const res = await get('/v1/audit', { subjectType: 'application' }, callers.cityOrganiser);
    expect(res.status).toBe(400);
    expect(res.body.details).toEqual([{ path: 'subjectId', message: '缺少审计对象编号（subjectId）' }]);
    const hash = await get('/v1/audit', { subjectType: 'application#x', subjectId: '1' }, callers.cityOrganiser);
    expect(hash.body.details).toEqual([{ path: 'subjectType', message: '审计对象类型（subjectType）不能含有 #' }]);
  });

  it('reports a chain changed in the table as not verified, naming the broken link', async () => {
    await decide(7, draft('app-tampered', '/city-jz/dist-jiefang/gu-renmin'));
    await decide(8, draft('app-tampered', '/city-jz/dist-jiefang/gu-renmin', { action: 'application.disqualified', reason: '材料造假' }));
    await table.db.send(
      new UpdateCommand({
        TableName: table.tableName,
        Key: { pk: 'AUDIT#application#app-tampered', sk: 'EVENT#0000000002' },
        UpdateExpression: 'SET reason = :r',
        ExpressionAttributeValues: { ':r': '材料齐全' },
      }),
    );

    const body = auditTrailResponse.parse((await trail(callers.cityOrganiser, 'app-tampered')).body);

    expect(body.verified).toBe(false);
    expect(body.problem).toBe('第 2 条记录的哈希值与内容不符（记录被改动）');
    expect(body.events).toHaveLength(2);
  });
});
