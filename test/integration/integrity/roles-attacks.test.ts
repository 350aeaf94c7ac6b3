import { randomBytes, randomUUID } from 'node:crypto';
import { QueryCommand, UpdateCommand } from '../../../functions/storage/document-client';
import { loginResponse } from '../../../shared/api/auth';
import { roleHoldersResponse } from '../../../shared/api/orgs';
import { publicityView } from '../../../shared/api/publicity';
import { handler as auth } from '../../../functions/handlers/auth';
import { handler as campaign } from '../../../functions/handlers/campaign';
import { handler as me } from '../../../functions/handlers/me';
import { handler as orgs } from '../../../functions/handlers/orgs';
import { handler as publicity } from '../../../functions/handlers/publicity';
import { handler as roster } from '../../../functions/handlers/roster';
import { keys } from '../../../functions/storage/keys';
import { createTestTable, type TestTable } from '../../support/dynamo';
import { setProductClock } from '../../support/product-clock';
import { useAppraisalTables } from '../appraisal/appraisal-support';
import { call, callers } from '../roster/roster-support';

/**
 * Issue 14 (DESIGN.md invariants 8 and 11): a member who leaves a union (退会) keeps no role there, and the session
 * they had ends on their next request — a former chair, reviewer or investigator who kept a token and calls the API
 * directly gets 401. Each attack goes through the handlers against DynamoDB Local at a fixed instant of the product's
 * clock; each test is named after the attack it stops.
 */
jest.setTimeout(120_000);

let table: TestTable;
const organiser = callers.cityOrganiser;

beforeAll(async () => {
  setProductClock('2026-11-23T09:00:00+08:00'); // a Monday
  table = await createTestTable({ seed: true });
  useAppraisalTables(table);
  Object.assign(process.env, { DEMO_LOGIN: 'on', REPORTER_KEY: randomBytes(32).toString('base64url'), WATCHER_KEY: randomBytes(32).toString('base64url') });
});
afterAll(async () => {
  await table.drop();
});

const leave = (as: string, orgId: string, memberId: string) => call(roster, 'DELETE /v1/orgs/{orgId}/roster/{memberId}', { as, params: { orgId, memberId } });
const roleItems = async (memberId: string) =>
  (await table.db.send(new QueryCommand({ TableName: table.tableName, KeyConditionExpression: 'pk = :pk AND begins_with(sk, :r)', ExpressionAttributeValues: { ':pk': keys.member(memberId).pk, ':r': 'ROLE#' }, ConsistentRead: true }))).Items ?? [];
const holders = async (orgId: string) => roleHoldersResponse.parse((await call(orgs, 'GET /v1/orgs/{orgId}/roles', { as: organiser, params: { orgId } })).body).holders;
const ended = { status: 401, body: { code: 'AUTH.SESSION_ENDED' } };
/** 本单位公示 of a union's own 模范职工之家 nomination (beijing-2021). */
const unitWindow = (unionId: string, name: string) => ({
  requestId: randomUUID(),
  level: 'unit',
  rulesetId: 'beijing-2021',
  year: 2026,
  heading: '本单位推荐公示',
  entries: [{ nomineeName: name, unitName: name.replace(/工会$/, ''), title: 'modelHome', summary: '职工之家建设成效显著。', nomineeRef: unionId }],
});

describe('leaving a union ends its roles and sessions at once', () => {
  it('a chair who leaves the union cannot keep running it with the session they had', async () => {
    const chair = 'gu-renmin-m001';
    expect((await call(roster, 'GET /v1/orgs/{orgId}/roster', { as: chair, params: { orgId: 'gu-renmin' } })).status).toBe(200);

    expect((await leave('gu-renmin-m002', 'gu-renmin', chair)).status).toBe(200);

    expect(await call(roster, 'GET /v1/orgs/{orgId}/roster', { as: chair, params: { orgId: 'gu-renmin' } })).toMatchObject(ended);
    expect(await call(roster, 'POST /v1/orgs/{orgId}/roster', { as: chair, params: { orgId: 'gu-renmin' }, body: { name: '冒名顶替', joinedOn: '2026-11-01' } })).toMatchObject(ended);
    expect(await call(me, 'GET /v1/me', { as: chair })).toMatchObject(ended);
    expect(await call(roster, 'GET /v1/me/record', { as: chair })).toMatchObject(ended);
    expect(await roleItems(chair)).toEqual([]);
    expect((await holders('gu-renmin')).map((h) => h.memberId)).not.toContain(chair);
    // The leave's audit event says which roles went with it.
    const trail = await table.db.send(new QueryCommand({ TableName: table.tableName, KeyConditionExpression: 'pk = :pk AND begins_with(sk, :e)', ExpressionAttributeValues: { ':pk': 'AUDIT#roster#gu-renmin', ':e': 'EVENT#' }, ConsistentRead: true }));
    expect((trail.Items ?? []).find((e) => e.action === 'member.removed')?.data).toMatchObject({ memberId: chair, rolesRemoved: [{ orgId: 'gu-renmin', role: 'chair' }] });
  });

  it('a former chair who logs in again gets a session without membership or roles', async () => {
    // chair-2 is 解放区人民医院工会's chair, who left in the test above.
    const login = loginResponse.parse((await call(auth, 'POST /v1/auth/demo-login', { body: { identity: 'chair-2' } })).body);

    expect(login.bound).toBe(false);
  });

  it('a chair who removes themselves from the roster keeps no role', async () => {
    const chair = callers.taihangChair;

    expect((await leave(chair, 'gu-taihang', chair)).status).toBe(200);

    expect(await call(roster, 'GET /v1/orgs/{orgId}/roster', { as: chair, params: { orgId: 'gu-taihang' } })).toMatchObject(ended);
    expect(await roleItems(chair)).toEqual([]);
  });

  it('a reviewer who leaves the federation’s staff can no longer read or decide its queue', async () => {
    const reviewer = callers.shanyangReviewer;
    expect((await call(campaign, 'GET /v1/orgs/{orgId}/applications', { as: reviewer, params: { orgId: 'dist-shanyang' } })).status).toBe(200);
    // Only an organiser at or above a federation takes its staff off its roster.
    expect((await leave(callers.jiefangReviewer, 'dist-shanyang', reviewer)).status).toBe(403);

    expect((await leave(organiser, 'dist-shanyang', reviewer)).status).toBe(200);

    expect(await call(campaign, 'GET /v1/orgs/{orgId}/applications', { as: reviewer, params: { orgId: 'dist-shanyang' } })).toMatchObject(ended);
    expect(await roleItems(reviewer)).toEqual([]);
  });

  it('an investigator who leaves can no longer read reports', async () => {
    const investigator = 'staff-city-2';
    expect((await call(publicity, 'GET /v1/reports', { as: investigator })).status).toBe(200);

    expect((await leave(organiser, 'city-jz', investigator)).status).toBe(200);

    expect(await call(publicity, 'GET /v1/reports', { as: investigator })).toMatchObject(ended);
    expect(await roleItems(investigator)).toEqual([]);
  });

  it('a member who left cannot read the members-only unit publicity with the session they had', async () => {
    const member = callers.yuntaiMember;
    const opened = await call(publicity, 'POST /v1/orgs/{orgId}/publicities', {
      as: callers.yuntaiChair,
      params: { orgId: 'gu-yuntai' },
      body: unitWindow('gu-yuntai', '云台新材料有限公司工会'),
    });
    expect(opened.status).toBe(201);
    const { publicityId } = publicityView.parse(opened.body.publicity);
    expect((await call(publicity, 'GET /v1/publicities/{publicityId}', { as: member, params: { publicityId } })).status).toBe(200);

    expect((await leave(callers.yuntaiChair, 'gu-yuntai', member)).status).toBe(200);

    expect(await call(publicity, 'GET /v1/publicities/{publicityId}', { as: member, params: { publicityId } })).toMatchObject(ended);
  });

  it('roles left on a member marked as left before this check grant nothing', async () => {
    // As data written before leaving removed roles: the entry says left, the chair role is still there.
    const chair = callers.shiyanChair;
    await table.db.send(
      new UpdateCommand({ TableName: table.tableName, Key: keys.member(chair), UpdateExpression: 'SET #s = :left, leftOn = :on', ExpressionAttributeNames: { '#s': 'status' }, ExpressionAttributeValues: { ':left': 'left', ':on': '2026-01-05' } }),
    );
    expect(await roleItems(chair)).toHaveLength(1);

    expect(await call(roster, 'GET /v1/orgs/{orgId}/roster', { as: chair, params: { orgId: 'gu-shiyan' } })).toMatchObject(ended);
    expect(await call(publicity, 'POST /v1/orgs/{orgId}/publicities', { as: chair, params: { orgId: 'gu-shiyan' }, body: unitWindow('gu-shiyan', '山阳区实验学校工会') })).toMatchObject(ended);
  });
});

describe('leaving and granting at the same time', () => {
  it('a role granted while its holder leaves does not outlive the leave, and neither side gets a 500', async () => {
    const members = ['gu-yuntai-m030', 'gu-yuntai-m031', 'gu-yuntai-m032', 'gu-yuntai-m033', 'gu-yuntai-m034'];

    const outcomes = await Promise.all(
      members.map(async (memberId) => {
        const [granted, left] = await Promise.all([
          call(orgs, 'POST /v1/orgs/{orgId}/roles', { as: organiser, params: { orgId: 'gu-yuntai-sub2' }, body: { memberId, role: 'chair', reason: '分工会换届' } }),
          leave(callers.yuntaiChair, 'gu-yuntai', memberId),
        ]);
        return { memberId, granted: granted.status, grantedCode: granted.body.code, left: left.status, leftCode: left.body.code };
      }),
    );

    for (const o of outcomes) {
      expect([201, 404, 409]).toContain(o.granted);
      expect([200, 409]).toContain(o.left);
      if (o.left === 409) expect(o.leftCode).toBe('ROSTER.CHANGED_MEANWHILE');
      // Refused on the member's entry (left), or cancelled by DynamoDB as a conflict with the leave committing.
      if (o.granted === 409) expect(['ROLE.MEMBER_LEFT', 'ORG.CHANGED_MEANWHILE']).toContain(o.grantedCode);
      // Whoever won, a member who left holds nothing.
      if (o.left === 200) expect(await roleItems(o.memberId)).toEqual([]);
    }
  });

  it('two removals of the same member at once: one succeeds, the other gets 409 saying the member has left', async () => {
    const results = await Promise.all([leave(callers.yuntaiChair, 'gu-yuntai', 'gu-yuntai-m040'), leave(callers.yuntaiViceChair, 'gu-yuntai', 'gu-yuntai-m040')]);

    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(results.find((r) => r.status === 409)?.body).toMatchObject({ code: 'ROSTER.MEMBER_LEFT' });
  });
});
