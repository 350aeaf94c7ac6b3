import { GetCommand, QueryCommand } from '../../../functions/storage/document-client';
import { moveOrgResponse, orgDetailResponse, orgResponse } from '../../../shared/api/orgs';
import { theDirectory } from '../../../functions/handlers/context';
import { dynamoOrgTree, dynamoRoleBook, dynamoRoster } from '../../../functions/orgs/dynamo-org-store';
import { moveKey } from '../../../functions/orgs/org-items';
import { moveOrg } from '../../../functions/orgs/org-move';
import { dynamoUnionProfiles } from '../../../functions/orgs/union-profile-store';
import { keys } from '../../../functions/storage/keys';
import { createTestTable, type TestTable } from '../../support/dynamo';
import { systemNow } from '../../support/product-clock';
import { addDistrictOrganiser, call, orgTrail, pathsUnder, people, useEnvironment } from './orgs-api';

jest.setTimeout(60_000);

let table: TestTable;

beforeAll(async () => {
  table = await createTestTable({ seed: true });
  useEnvironment(table);
  await addDistrictOrganiser(table);
});
afterAll(() => table.drop());

const yuntaiSubtree = ['gu-yuntai', 'gu-yuntai/gu-yuntai-sub1', 'gu-yuntai/gu-yuntai-sub2', 'gu-yuntai/gu-yuntai-sub3'];
const childCount = async (orgId: string) =>
  (
    await table.db.send(
      new QueryCommand({ TableName: table.tableName, IndexName: 'byParent', KeyConditionExpression: 'gsi1pk = :p AND begins_with(gsi1sk, :o)', ExpressionAttributeValues: { ':p': keys.childOf(orgId), ':o': 'ORG#' } }),
    )
  ).Count;

describe('GET /v1/orgs/{orgId}', () => {
  it('shows a district reviewer their district with its unions and the trail above it', async () => {
    const res = await call(people.reviewerJiefang, 'GET /v1/orgs/{orgId}', { orgId: 'dist-jiefang' });

    expect(res.status).toBe(200);
    const body = orgDetailResponse.parse(res.body);
    expect(body.org.name).toBe('解放区总工会');
    expect(body.trail).toEqual([{ orgId: 'city-jz', name: '焦作市总工会', level: 'city' }]);
    expect(body.children.map((c) => c.orgId).sort()).toEqual(['gu-fengshou', 'gu-renmin', 'gu-yuntai']);
    expect(body.moveInProgress).toBe(false);
  });

  it('refuses the reviewer of Jiefang an org of Shanyang (403), and an unknown org with the very same answer (scope before existence)', async () => {
    const other = await call(people.reviewerJiefang, 'GET /v1/orgs/{orgId}', { orgId: 'gu-taihang' });
    expect(other).toEqual({ status: 403, body: { code: 'SCOPE.FORBIDDEN', message: '您无权访问该组织的数据', details: [] } });
    expect(await call(people.reviewerJiefang, 'GET /v1/orgs/{orgId}', { orgId: 'no-such-org' })).toEqual(other);
    // Nor does an organiser, or a member without any role, learn which ids exist: existing and unknown answer alike.
    expect(await call(people.cityOrganiser, 'GET /v1/orgs/{orgId}', { orgId: 'no-such-org' })).toEqual(other);
    const member = 'gu-yuntai-m007';
    expect(await call(member, 'GET /v1/orgs/{orgId}', { orgId: 'gu-taihang' })).toEqual(other);
    expect(await call(member, 'GET /v1/orgs/{orgId}', { orgId: 'no-such-org' })).toEqual(other);
    for (const orgId of ['gu-taihang', 'no-such-parent']) {
      const body = { orgId: `org-probe-${orgId}`, parentId: orgId, name: '探测', level: 'grassroots', kind: 'enterprise' };
      expect(await call(people.reviewerJiefang, 'POST /v1/orgs', {}, { body })).toEqual(other);
      expect(await call(people.reviewerJiefang, 'PUT /v1/orgs/{orgId}', { orgId }, { body: { name: '改名' } })).toEqual(other);
    }
  });

  it('asks for a log-in without a token', async () => {
    const res = await call(undefined, 'GET /v1/orgs/{orgId}', { orgId: 'dist-jiefang' });
    expect(res.status).toBe(401);
  });
});

describe('POST /v1/orgs and PUT /v1/orgs/{orgId}', () => {
  it('lets an organiser create a grassroots union in their subtree, audited as org.created', async () => {
    const res = await call(people.organiserJiefang, 'POST /v1/orgs', {}, {
      body: { parentId: 'dist-jiefang', orgId: 'gu-new', name: '焦作新能源有限公司工会', level: 'grassroots', kind: 'enterprise', ownership: 'nonPublic', industry: '制造业', reason: '新建工会' },
    });

    expect(res.status).toBe(201);
    expect(orgResponse.parse(res.body).org).toEqual({
      orgId: 'gu-new',
      name: '焦作新能源有限公司工会',
      level: 'grassroots',
      kind: 'enterprise',
      ownership: 'nonPublic',
      industry: '制造业',
      parentId: 'dist-jiefang',
      path: '/city-jz/dist-jiefang/gu-new',
    });
    expect(await pathsUnder(table, '/city-jz/dist-jiefang/gu-new')).toEqual(['/city-jz/dist-jiefang/gu-new']);
    const trail = await orgTrail(table, 'gu-new');
    expect(trail.actions).toEqual(['org.created']);
    expect(trail.events[0]).toMatchObject({ scopePath: '/city-jz/dist-jiefang/gu-new', actor: { memberId: people.organiserJiefang, role: 'organiser' }, reason: '新建工会', data: { name: '焦作新能源有限公司工会', level: 'grassroots' } });
    expect(trail.verified).toBe(true);
  });

  it('generates an id when none is given', async () => {
    const res = await call(people.cityOrganiser, 'POST /v1/orgs', {}, { body: { parentId: 'gu-new', name: '一车间分工会', level: 'subUnion', kind: 'enterprise' } });
    expect(res.status).toBe(201);
    const org = orgResponse.parse(res.body).org;
    expect(org.orgId).toMatch(/^org-[0-9a-f]{8}$/);
    expect(org.path).toBe(`/city-jz/dist-jiefang/gu-new/${org.orgId}`);
  });

  it('answers 400 naming each bad field, and writes nothing', async () => {
    const before = await childCount('dist-jiefang');
    const res = await call(people.cityOrganiser, 'POST /v1/orgs', {}, { body: { parentId: 'dist-jiefang', name: '  ', level: 'county', kind: 'enterprise', ownership: 'private' } });

    expect(res.status).toBe(400);
    expect(res.body.code).toBe('REQUEST.INVALID');
    expect(res.body.details).toEqual([
      { path: 'name', message: '单位名称（name）不能为空' },
      { path: 'level', message: '组织层级（level）不正确' },
      { path: 'ownership', message: '所有制（ownership）只能是公有制（public）或非公有制（nonPublic）' },
    ]);
    expect(String(res.body.message)).toContain('单位名称（name）不能为空');
    expect(await childCount('dist-jiefang')).toBe(before);
  });

  it('refuses a level that cannot sit under the parent (a district under a union), writing nothing', async () => {
    const res = await call(people.cityOrganiser, 'POST /v1/orgs', {}, { body: { parentId: 'gu-renmin', orgId: 'bad-dist', name: '错误的区总工会', level: 'district', kind: 'regionalFederation' } });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'ORG.LEVEL_MISMATCH', details: [{ path: 'level' }] });
    expect((await table.db.send(new GetCommand({ TableName: table.tableName, Key: keys.org('bad-dist') }))).Item).toBeUndefined();
  });

  it('refuses an existing id with 409, and a reviewer or an organiser out of scope with 403', async () => {
    const taken = await call(people.cityOrganiser, 'POST /v1/orgs', {}, { body: { parentId: 'dist-jiefang', orgId: 'gu-yuntai', name: '重复', level: 'grassroots', kind: 'enterprise' } });
    expect(taken.status).toBe(409);
    expect(taken.body.code).toBe('ORG.ALREADY_EXISTS');
    const body = { parentId: 'dist-shanyang', orgId: 'gu-x', name: '某公司工会', level: 'grassroots', kind: 'enterprise' };
    expect((await call(people.reviewerShanyang, 'POST /v1/orgs', {}, { body })).status).toBe(403);
    expect((await call(people.organiserJiefang, 'POST /v1/orgs', {}, { body })).body.code).toBe('SCOPE.FORBIDDEN');
    expect((await table.db.send(new GetCommand({ TableName: table.tableName, Key: keys.org('gu-x') }))).Item).toBeUndefined();
  });

  it('edits name, ownership and industry, keeps the children index in step, and audits what changed', async () => {
    const res = await call(people.organiserJiefang, 'PUT /v1/orgs/{orgId}', { orgId: 'gu-new' }, { body: { name: '焦作新能源股份有限公司工会', ownership: 'public', industry: null } });

    expect(res.status).toBe(200);
    const org = orgResponse.parse(res.body).org;
    expect(org).toMatchObject({ name: '焦作新能源股份有限公司工会', ownership: 'public' });
    expect(org.industry).toBeUndefined();
    const district = orgDetailResponse.parse((await call(people.organiserJiefang, 'GET /v1/orgs/{orgId}', { orgId: 'dist-jiefang' })).body);
    expect(district.children.find((c) => c.orgId === 'gu-new')).toMatchObject({ name: '焦作新能源股份有限公司工会' });
    const trail = await orgTrail(table, 'gu-new');
    expect(trail.actions).toEqual(['org.created', 'org.updated']);
    expect(trail.events[1]?.data).toEqual({
      name: { from: '焦作新能源有限公司工会', to: '焦作新能源股份有限公司工会' },
      ownership: { from: 'nonPublic', to: 'public' },
      industry: { from: '制造业', to: null },
    });
  });

  it('refuses an empty edit and a level that no longer fits the children', async () => {
    const empty = await call(people.cityOrganiser, 'PUT /v1/orgs/{orgId}', { orgId: 'gu-new' }, { body: {} });
    expect(empty.status).toBe(400);
    expect(String(empty.body.message)).toContain('请至少填写一项要修改的内容');
    const level = await call(people.cityOrganiser, 'PUT /v1/orgs/{orgId}', { orgId: 'gu-new' }, { body: { level: 'group' } });
    expect(level.status).toBe(400);
    expect(level.body.code).toBe('ORG.LEVEL_MISMATCH');
    expect((await orgTrail(table, 'gu-new')).actions).toEqual(['org.created', 'org.updated']);
  });
});

describe('POST /v1/orgs/{orgId}/move', () => {
  it('moves a union with its sub-unions to another district: every path and tree key follows, audited once', async () => {
    const res = await call(people.cityOrganiser, 'POST /v1/orgs/{orgId}/move', { orgId: 'gu-yuntai' }, { body: { parentId: 'dist-shanyang', reason: '企业注册地迁至山阳区' } });

    expect(res.status).toBe(200);
    const body = moveOrgResponse.parse(res.body);
    expect(body).toMatchObject({ done: true, moved: 3, org: { parentId: 'dist-shanyang', path: '/city-jz/dist-shanyang/gu-yuntai' } });
    expect(await pathsUnder(table, '/city-jz/dist-shanyang/gu-yuntai')).toEqual(yuntaiSubtree.map((p) => `/city-jz/dist-shanyang/${p}`));
    expect(await pathsUnder(table, '/city-jz/dist-jiefang/gu-yuntai')).toEqual([]);
    const sub = (await table.db.send(new GetCommand({ TableName: table.tableName, Key: keys.org('gu-yuntai-sub2') }))).Item;
    expect(sub).toMatchObject({ path: '/city-jz/dist-shanyang/gu-yuntai/gu-yuntai-sub2', parentId: 'gu-yuntai', gsi3sk: '/city-jz/dist-shanyang/gu-yuntai/gu-yuntai-sub2' });

    const trail = await orgTrail(table, 'gu-yuntai');
    expect(trail.actions).toEqual(['org.moved']);
    expect(trail.events[0]).toMatchObject({ scopePath: '/city-jz/dist-shanyang/gu-yuntai', reason: '企业注册地迁至山阳区', data: { fromParentId: 'dist-jiefang', toParentId: 'dist-shanyang' } });
    expect((await table.db.send(new GetCommand({ TableName: table.tableName, Key: moveKey('gu-yuntai') }))).Item).toBeUndefined();
  });

  it('hands the moved subtree to the new district’s reviewer, and out of the old one’s scope', async () => {
    expect((await call(people.reviewerShanyang, 'GET /v1/orgs/{orgId}', { orgId: 'gu-yuntai-sub1' })).status).toBe(200);
    expect((await call(people.reviewerJiefang, 'GET /v1/orgs/{orgId}', { orgId: 'gu-yuntai-sub1' })).status).toBe(403);
    const jiefang = orgDetailResponse.parse((await call(people.reviewerJiefang, 'GET /v1/orgs/{orgId}', { orgId: 'dist-jiefang' })).body);
    expect(jiefang.children.map((c) => c.orgId)).not.toContain('gu-yuntai');
  });

  it('refuses a move into the org’s own subtree, and changes nothing', async () => {
    const res = await call(people.cityOrganiser, 'POST /v1/orgs/{orgId}/move', { orgId: 'dist-shanyang' }, { body: { parentId: 'gu-yuntai' } });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'ORG.MOVE_INTO_OWN_SUBTREE', message: '不能把组织移到它自己或它的下级组织之下' });
    const self = await call(people.cityOrganiser, 'POST /v1/orgs/{orgId}/move', { orgId: 'gu-taihang' }, { body: { parentId: 'gu-taihang' } });
    expect(self.body.code).toBe('ORG.MOVE_INTO_OWN_SUBTREE');
    expect(await pathsUnder(table, '/city-jz/dist-shanyang/gu-yuntai')).toHaveLength(4);
    expect((await orgTrail(table, 'dist-shanyang')).actions).toEqual([]);
  });

  it('refuses a move that leaves the mover’s scope at either end, and a parent whose level cannot hold it', async () => {
    // The Jiefang organiser may act on gu-renmin but not put it into Shanyang, nor take Shanyang's union.
    const out = await call(people.organiserJiefang, 'POST /v1/orgs/{orgId}/move', { orgId: 'gu-renmin' }, { body: { parentId: 'dist-shanyang' } });
    expect(out.status).toBe(403);
    const inward = await call(people.organiserJiefang, 'POST /v1/orgs/{orgId}/move', { orgId: 'gu-taihang' }, { body: { parentId: 'dist-jiefang' } });
    expect(inward.status).toBe(403);
    // Scope before existence at both ends: an unknown org or parent answers as one outside the mover's subtree.
    expect(out).toEqual({ status: 403, body: { code: 'SCOPE.FORBIDDEN', message: '您无权访问该组织的数据', details: [] } });
    expect(await call(people.organiserJiefang, 'POST /v1/orgs/{orgId}/move', { orgId: 'gu-renmin' }, { body: { parentId: 'no-such-parent' } })).toEqual(out);
    expect(await call(people.organiserJiefang, 'POST /v1/orgs/{orgId}/move', { orgId: 'no-such-org' }, { body: { parentId: 'dist-jiefang' } })).toEqual(inward);
    expect(await call(people.cityOrganiser, 'POST /v1/orgs/{orgId}/move', { orgId: 'gu-renmin' }, { body: { parentId: 'no-such-parent' } })).toEqual(out);
    const level = await call(people.cityOrganiser, 'POST /v1/orgs/{orgId}/move', { orgId: 'gu-renmin' }, { body: { parentId: 'gu-fengshou' } });
    expect(level).toMatchObject({ status: 400, body: { code: 'ORG.LEVEL_MISMATCH', details: [{ path: 'parentId' }] } });
    const missing = await call(people.cityOrganiser, 'POST /v1/orgs/{orgId}/move', { orgId: 'gu-renmin' }, { body: {} });
    expect(missing).toMatchObject({ status: 400, body: { details: [{ path: 'parentId', message: '缺少新的上级组织（parentId）' }] } });
    expect(await pathsUnder(table, '/city-jz/dist-jiefang/gu-renmin')).toHaveLength(3);
  });

  it('resumes an interrupted move when asked again, and blocks changes inside the moving subtree meanwhile', async () => {
    // A first run that stops after one batch of one org, as a request that ran out of time would.
    const deps = {
      directory: theDirectory(),
      tree: dynamoOrgTree(table.db, table.tableName),
      roles: dynamoRoleBook(table.db, table.tableName),
      roster: dynamoRoster(table.db, table.tableName),
      profiles: dynamoUnionProfiles(table.db, table.tableName),
      now: systemNow,
      newOrgId: () => 'unused',
    };
    const first = await moveOrg(deps, { memberId: people.cityOrganiser, openid: 'o-organiser' }, 'gu-taihang', { parentId: 'dist-jiefang' }, { budgetMs: 0, batchSize: 1 });
    expect(first).toMatchObject({ done: false, moved: 1 });
    expect((await table.db.send(new GetCommand({ TableName: table.tableName, Key: moveKey('gu-taihang') }))).Item).toMatchObject({ toPath: '/city-jz/dist-jiefang/gu-taihang' });
    const detail = orgDetailResponse.parse((await call(people.cityOrganiser, 'GET /v1/orgs/{orgId}', { orgId: 'gu-taihang' })).body);
    expect(detail).toMatchObject({ moveInProgress: true, moveTarget: 'dist-jiefang' });

    const create = await call(people.cityOrganiser, 'POST /v1/orgs', {}, { body: { parentId: 'gu-taihang', name: '新小组', level: 'group', kind: 'enterprise' } });
    expect(create).toMatchObject({ status: 409, body: { code: 'ORG.MOVE_IN_PROGRESS' } });
    const elsewhere = await call(people.cityOrganiser, 'POST /v1/orgs/{orgId}/move', { orgId: 'gu-taihang' }, { body: { parentId: 'dist-shanyang' } });
    expect(elsewhere.body.code).toBe('ORG.MOVE_IN_PROGRESS');

    const again = await call(people.cityOrganiser, 'POST /v1/orgs/{orgId}/move', { orgId: 'gu-taihang' }, { body: { parentId: 'dist-jiefang' } });
    expect(again.status).toBe(200);
    expect(moveOrgResponse.parse(again.body)).toMatchObject({ done: true, moved: 1, org: { path: '/city-jz/dist-jiefang/gu-taihang' } });
    expect(await pathsUnder(table, '/city-jz/dist-jiefang/gu-taihang')).toEqual(['', '/gu-taihang-sub1', '/gu-taihang-sub2'].map((p) => `/city-jz/dist-jiefang/gu-taihang${p}`));
    expect(await pathsUnder(table, '/city-jz/dist-shanyang/gu-taihang')).toEqual([]);
    expect((await table.db.send(new GetCommand({ TableName: table.tableName, Key: moveKey('gu-taihang') }))).Item).toBeUndefined();
    expect((await orgTrail(table, 'gu-taihang')).actions).toEqual(['org.moved']);
  });
});
