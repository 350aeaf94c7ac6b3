import { GetCommand, QueryCommand } from '../../../functions/storage/document-client';
import { grantRoleResponse, memberSearchResponse, roleHoldersResponse } from '../../../shared/api/orgs';
import { dueNoticeKeys, outboxKey } from '../../../functions/notify/outbox';
import { noticeIdOf } from '../../../functions/notify/notice';
import { keys } from '../../../functions/storage/keys';
import { createTestTable, type TestTable } from '../../support/dynamo';
import { addDistrictOrganiser, call, orgTrail, people, useEnvironment } from './orgs-api';

jest.setTimeout(60_000);

let table: TestTable;

beforeAll(async () => {
  table = await createTestTable({ seed: true });
  useEnvironment(table);
  await addDistrictOrganiser(table);
});
afterAll(() => table.drop());

const roleItem = async (memberId: string, orgId: string, role: string) => (await table.db.send(new GetCommand({ TableName: table.tableName, Key: keys.role(memberId, orgId, role) }))).Item;
const outboxCount = async () => {
  let count = 0;
  for (const key of dueNoticeKeys) count += (await table.db.send(new QueryCommand({ TableName: table.tableName, IndexName: 'byDueTime', KeyConditionExpression: 'gsi2pk = :d', ExpressionAttributeValues: { ':d': key } }))).Count ?? 0;
  return count;
};
const holders = async (orgId: string) => roleHoldersResponse.parse((await call(people.cityOrganiser, 'GET /v1/orgs/{orgId}/roles', { orgId })).body).holders;

describe('GET /v1/orgs/{orgId}/roles and /members', () => {
  it('lists the role holders of a union, with names, for an organiser above it', async () => {
    const list = await holders('gu-yuntai');
    expect(list.map((h) => [h.memberId, h.role])).toEqual([
      [people.chairYuntai, 'chair'],
      [people.viceChairYuntai, 'viceChair'],
    ]);
    expect(list[0]?.name).toMatch(/^[\u4e00-\u9fff]{2,3}$/);
  });

  it('finds members of the union’s roster by the start of their name, names and ids only', async () => {
    const all = memberSearchResponse.parse((await call(people.organiserJiefang, 'GET /v1/orgs/{orgId}/members', { orgId: 'gu-renmin' })).body).members;
    expect(all).toHaveLength(20);
    expect(Object.keys(all[0] ?? {}).sort()).toEqual(['memberId', 'name']);
    const someone = all[5];
    const surname = someone?.name.slice(0, 1) ?? '';
    const found = memberSearchResponse.parse((await call(people.organiserJiefang, 'GET /v1/orgs/{orgId}/members', { orgId: 'gu-renmin' }, { query: { q: surname } })).body).members;
    expect(found.length).toBeGreaterThan(0);
    expect(found.every((m) => m.name.startsWith(surname) && m.memberId.startsWith('gu-renmin-'))).toBe(true);
  });

  it('looks a sub-union’s candidates up on its grassroots union’s roster', async () => {
    const found = memberSearchResponse.parse((await call(people.cityOrganiser, 'GET /v1/orgs/{orgId}/members', { orgId: 'gu-yuntai-sub1' })).body).members;
    expect(found.every((m) => m.memberId.startsWith('gu-yuntai-m'))).toBe(true);
  });

  it('keeps role lists and rosters to organisers in scope', async () => {
    expect((await call(people.reviewerJiefang, 'GET /v1/orgs/{orgId}/members', { orgId: 'gu-renmin' })).status).toBe(403);
    expect((await call(people.organiserJiefang, 'GET /v1/orgs/{orgId}/members', { orgId: 'gu-taihang' })).status).toBe(403);
    expect((await call(people.organiserJiefang, 'GET /v1/orgs/{orgId}/roles', { orgId: 'gu-taihang' })).body.code).toBe('SCOPE.FORBIDDEN');
    expect((await call(people.chairYuntai, 'GET /v1/orgs/{orgId}/roles', { orgId: 'gu-yuntai' })).status).toBe(403);
  });
});

describe('POST /v1/orgs/{orgId}/roles', () => {
  it('grants a role, notifies the member through the outbox and audits it, all at once', async () => {
    const res = await call(people.organiserJiefang, 'POST /v1/orgs/{orgId}/roles', { orgId: 'gu-renmin' }, { body: { memberId: 'gu-renmin-m010', role: 'viceChair', reason: '换届选举产生' } });

    expect(res.status).toBe(201);
    const { holder } = grantRoleResponse.parse(res.body);
    expect(holder).toMatchObject({ memberId: 'gu-renmin-m010', role: 'viceChair' });
    expect(await roleItem('gu-renmin-m010', 'gu-renmin', 'viceChair')).toMatchObject({ grantedBy: people.organiserJiefang });

    const notice = (await table.db.send(new GetCommand({ TableName: table.tableName, Key: outboxKey(noticeIdOf({ eventId: `role#gu-renmin#viceChair#${holder.grantedAt}`, recipientId: 'gu-renmin-m010' })) }))).Item;
    expect(notice).toMatchObject({ templateKey: 'role.granted', recipientId: 'gu-renmin-m010', params: { org: '解放区人民医院工会', role: '工会副主席' }, status: 'pending' });

    const trail = await orgTrail(table, 'gu-renmin');
    expect(trail.actions).toEqual(['role.granted']);
    expect(trail.events[0]).toMatchObject({ scopePath: '/city-jz/dist-jiefang/gu-renmin', actor: { memberId: people.organiserJiefang, role: 'organiser' }, reason: '换届选举产生', data: { memberId: 'gu-renmin-m010', role: 'viceChair' } });
    expect((await holders('gu-renmin')).map((h) => h.memberId)).toContain('gu-renmin-m010');
  });

  it('gives the new role holder their scope at once: a new chair reads their union', async () => {
    expect((await call('gu-fengshou-m003', 'GET /v1/orgs/{orgId}', { orgId: 'gu-fengshou' })).status).toBe(403);
    const granted = await call(people.cityOrganiser, 'POST /v1/orgs/{orgId}/roles', { orgId: 'gu-fengshou' }, { body: { memberId: 'gu-fengshou-m003', role: 'chair' } });
    expect(granted.status).toBe(201);
    expect((await call('gu-fengshou-m003', 'GET /v1/orgs/{orgId}', { orgId: 'gu-fengshou' })).status).toBe(200);
  });

  it('refuses a role granted twice with 409 and sends no second notice', async () => {
    const before = await outboxCount();
    const res = await call(people.cityOrganiser, 'POST /v1/orgs/{orgId}/roles', { orgId: 'gu-renmin' }, { body: { memberId: 'gu-renmin-m010', role: 'viceChair' } });
    expect(res).toMatchObject({ status: 409, body: { code: 'ROLE.ALREADY_GRANTED', message: '该会员已担任此角色' } });
    expect(await outboxCount()).toBe(before);
    expect((await orgTrail(table, 'gu-renmin')).actions).toEqual(['role.granted']);
  });

  it.each([
    ['a reviewer role on a union', 'gu-renmin', { memberId: 'gu-renmin-m011', role: 'reviewer' }, 400, 'ROLE.NOT_FOR_LEVEL'],
    ['a chair role on a district', 'dist-jiefang', { memberId: 'staff-dist-jiefang', role: 'chair' }, 400, 'ROLE.NOT_FOR_LEVEL'],
    ['a member of another union', 'gu-renmin', { memberId: 'gu-yuntai-m020', role: 'chair' }, 400, 'ROLE.MEMBER_OUTSIDE'],
    ['an unknown member', 'gu-renmin', { memberId: 'nobody', role: 'chair' }, 404, 'MEMBER.NOT_FOUND'],
  ])('refuses %s, writing nothing', async (_what, orgId, body, status, code) => {
    const before = await outboxCount();
    const res = await call(people.cityOrganiser, 'POST /v1/orgs/{orgId}/roles', { orgId }, { body });
    expect(res.status).toBe(status);
    expect(res.body.code).toBe(code);
    expect(await roleItem(body.memberId, orgId, body.role)).toBeUndefined();
    expect(await outboxCount()).toBe(before);
  });

  it('answers 400 naming the field for a role that does not exist or a missing member', async () => {
    const res = await call(people.cityOrganiser, 'POST /v1/orgs/{orgId}/roles', { orgId: 'gu-renmin' }, { body: { role: 'king' } });
    expect(res.status).toBe(400);
    expect(res.body.details).toEqual([
      { path: 'memberId', message: '缺少会员编号（memberId）' },
      { path: 'role', message: '角色（role）只能是工会主席、工会副主席、审核人、核查人、身份保管人或组织者' },
    ]);
  });

  it('keeps granting inside the organiser’s scope', async () => {
    const res = await call(people.organiserJiefang, 'POST /v1/orgs/{orgId}/roles', { orgId: 'gu-taihang' }, { body: { memberId: 'gu-taihang-m005', role: 'viceChair' } });
    expect(res.status).toBe(403);
    expect(await roleItem('gu-taihang-m005', 'gu-taihang', 'viceChair')).toBeUndefined();
    const reviewer = await call(people.reviewerJiefang, 'POST /v1/orgs/{orgId}/roles', { orgId: 'gu-renmin' }, { body: { memberId: 'gu-renmin-m012', role: 'chair' } });
    expect(reviewer.status).toBe(403);
  });

  it('names a sub-union’s chair from its grassroots union’s roster', async () => {
    const res = await call(people.cityOrganiser, 'POST /v1/orgs/{orgId}/roles', { orgId: 'gu-yuntai-sub1' }, { body: { memberId: 'gu-yuntai-m004', role: 'chair' } });
    expect(res.status).toBe(201);
  });
});

describe('DELETE /v1/orgs/{orgId}/roles/{memberId}/{role}', () => {
  it('revokes a role with an audit event, and 404 when it is not held', async () => {
    const res = await call(people.organiserJiefang, 'DELETE /v1/orgs/{orgId}/roles/{memberId}/{role}', { orgId: 'gu-renmin', memberId: 'gu-renmin-m010', role: 'viceChair' }, { query: { reason: '调离本单位' } });

    expect(res).toEqual({ status: 200, body: { revoked: { orgId: 'gu-renmin', memberId: 'gu-renmin-m010', role: 'viceChair' } } });
    expect(await roleItem('gu-renmin-m010', 'gu-renmin', 'viceChair')).toBeUndefined();
    const trail = await orgTrail(table, 'gu-renmin');
    expect(trail.actions).toEqual(['role.granted', 'role.revoked']);
    expect(trail.events[1]).toMatchObject({ reason: '调离本单位', data: { memberId: 'gu-renmin-m010', role: 'viceChair' } });
    expect(trail.verified).toBe(true);

    const again = await call(people.organiserJiefang, 'DELETE /v1/orgs/{orgId}/roles/{memberId}/{role}', { orgId: 'gu-renmin', memberId: 'gu-renmin-m010', role: 'viceChair' });
    expect(again).toMatchObject({ status: 404, body: { code: 'ROLE.NOT_FOUND' } });
    expect((await orgTrail(table, 'gu-renmin')).actions).toHaveLength(2);
  });

  it('refuses revoking one’s own role, a role out of scope, and a role name that does not exist', async () => {
    const self = await call(people.organiserJiefang, 'DELETE /v1/orgs/{orgId}/roles/{memberId}/{role}', { orgId: 'dist-jiefang', memberId: people.organiserJiefang, role: 'organiser' });
    expect(self.body.code).toBe('ROLE.SELF_REVOKE');
    const outside = await call(people.organiserJiefang, 'DELETE /v1/orgs/{orgId}/roles/{memberId}/{role}', { orgId: 'gu-taihang', memberId: 'gu-taihang-m001', role: 'chair' });
    expect(outside.status).toBe(403);
    expect(await roleItem('gu-taihang-m001', 'gu-taihang', 'chair')).toBeDefined();
    const bad = await call(people.cityOrganiser, 'DELETE /v1/orgs/{orgId}/roles/{memberId}/{role}', { orgId: 'gu-renmin', memberId: 'gu-renmin-m001', role: 'boss' });
    expect(bad).toMatchObject({ status: 400, body: { details: [{ path: 'role' }] } });
  });
});
