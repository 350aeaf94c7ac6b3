import { BatchWriteCommand } from '../../../functions/storage/document-client';
import { membershipStatsResponse, type RosterMemberView } from '../../../shared/api/roster';
import { facts } from '../../../shared/rules/facts';
import { handler as roster } from '../../../functions/handlers/roster';
import { theDirectory } from '../../../functions/handlers/context';
import { dynamoJoiningStore } from '../../../functions/joining/dynamo-joining-store';
import { dynamoUnionProfiles } from '../../../functions/orgs/union-profile-store';
import { membershipFacts } from '../../../functions/roster/membership';
import { keys } from '../../../functions/storage/keys';
import { createTestTable, type TestTable } from '../../support/dynamo';
import { systemNow } from '../../support/product-clock';
import { call, callers, useTable } from './roster-support';

jest.setTimeout(60_000);

let table: TestTable;
const union = 'gu-stats';
const chair = 'gu-stats-chair';
const path = `/city-jz/dist-jiefang/${union}`;

/** The members of the test union by letter, with their memberIds once added. */
const ids: Record<string, string> = {};

const stats = async (years: string, as = chair) => call(roster, 'GET /v1/orgs/{orgId}/membership-stats', { as, params: { orgId: union }, query: { years } });
const figures = async (years: string) =>
  membershipStatsResponse.parse((await stats(years)).body).years.map((y) => [y.year, y.members, y.boundMembers, y.employees, y.membershipRate, y.onlineUnionEnrolmentRate]);

beforeAll(async () => {
  table = await createTestTable({ seed: true });
  useTable(table);
  const items = [
    { ...keys.org(union), entity: 'org', orgId: union, name: '统计测试公司工会', level: 'grassroots', kind: 'enterprise', parentId: 'dist-jiefang', path, gsi1pk: keys.childOf('dist-jiefang'), gsi1sk: 'ORG#统计测试公司工会', gsi3pk: keys.tree('city-jz'), gsi3sk: path },
    // The chair belongs to another union's roster, so the test union's roster holds only the members below.
    { ...keys.role(chair, union, 'chair'), entity: 'role', memberId: chair, orgId: union, role: 'chair' },
    { ...keys.member(chair), entity: 'member', memberId: chair, name: '统计主席', orgId: 'gu-yuntai' },
  ];
  await table.db.send(new BatchWriteCommand({ RequestItems: { [table.tableName]: items.map((Item) => ({ PutRequest: { Item } })) } }));

  const joined: Record<string, string> = { A: '2022-05-01', B: '2023-12-31', C: '2024-01-01', D: '2023-03-01', E: '2023-06-01', F: '2023-01-01' };
  for (const [letter, joinedOn] of Object.entries(joined)) {
    const res = await call(roster, 'POST /v1/orgs/{orgId}/roster', { as: chair, params: { orgId: union }, body: { name: `会员${letter}`, employeeNo: `ST-${letter}`, joinedOn } });
    ids[letter] = (res.body as { member: RosterMemberView }).member.memberId;
  }
  // Online joining binds through its store (functions/joining), which also moves the membership counters; F bound at
  // 04:00 on 1 January 2024 in Shanghai.
  const joining = dynamoJoiningStore(table.db, table.tableName);
  const org = (await theDirectory().getOrgs([union])).get(union);
  if (!org) throw new Error('test union missing');
  const bind = async (letter: string, boundAt: string) => {
    const entry = await joining.getEntry(ids[letter] ?? '');
    if (!entry) throw new Error(`member ${letter} missing`);
    expect(await joining.bind(entry, `o-${letter}`, org, 'employeeNo', new Date(boundAt))).toEqual({ status: 'bound' });
  };
  await bind('E', '2024-03-01T02:00:00.000Z');
  await bind('F', '2023-12-31T20:00:00.000Z');

  const profiles = dynamoUnionProfiles(table.db, table.tableName);
  for (const [year, employees] of [[2023, 10], [2024, 6], [2025, 0]] as const) {
    await profiles.save(union, { year, employees }, { year, version: 1, changedAt: '2026-01-05T00:00:00.000Z', changedBy: { memberId: chair, name: '统计主席' }, changes: [] });
  }
});
afterAll(() => table.drop());

describe('membership statistics from the roster history', () => {
  it('counts the members on the roster at each 31 December, over the year’s employees, and the bound ones over members', async () => {
    const res = await stats('2023,2024,2025,2026');

    expect(res.status).toBe(200);
    const body = membershipStatsResponse.parse(res.body);
    expect(body.years.map((y) => [y.year, y.members, y.boundMembers, y.employees, y.membershipRate, y.onlineUnionEnrolmentRate])).toEqual([
      [2023, 5, 0, 10, 0.5, 0],
      [2024, 6, 2, 6, 1, 2 / 6],
      [2025, 6, 2, 0, null, 2 / 6],
      [2026, 6, 2, null, null, 2 / 6],
    ]);
    expect(body.years[2]?.notes).toEqual(['2025 年职工总数为 0，无法计算入会率']);
    expect(body.years[3]?.notes).toEqual(['未填报 2026 年职工总数，无法计算入会率']);
    expect(body.facts).toEqual({ membershipRate: { 2023: 0.5, 2024: 1 }, onlineUnionEnrolmentRate: { 2023: 0, 2024: 2 / 6, 2025: 2 / 6, 2026: 2 / 6 } });
  });

  it('leaves a member who left off the roster at later year-ends, and the earlier years as they were', async () => {
    const removed = await call(roster, 'DELETE /v1/orgs/{orgId}/roster/{memberId}', { as: chair, params: { orgId: union, memberId: ids.D ?? '' }, query: { leftOn: '2025-06-30' } });
    expect(removed.status).toBe(200);

    expect(await figures('2023,2024,2025')).toEqual([
      [2023, 5, 0, 10, 0.5, 0],
      [2024, 6, 2, 6, 1, 2 / 6],
      [2025, 5, 2, 0, null, 0.4],
    ]);
  });

  it('gives the rules engine its Facts shape', async () => {
    const figuresForRules = await membershipFacts(table.db, table.tableName, union, [2023, 2024, 2025]);
    expect(figuresForRules).toEqual({ membershipRate: { 2023: 0.5, 2024: 1 }, onlineUnionEnrolmentRate: { 2023: 0, 2024: 2 / 6, 2025: 0.4 } });
    expect(facts.safeParse({ nominee: { kind: 'org' }, ...figuresForRules }).success).toBe(true);
  });

  it('defaults to this year and the two before, checks the years, and keeps to the caller’s scope', async () => {
    const thisYear = Number(new Date(systemNow().getTime() + 8 * 3600_000).toISOString().slice(0, 4));
    const res = await call(roster, 'GET /v1/orgs/{orgId}/membership-stats', { as: callers.jiefangReviewer, params: { orgId: union } });
    expect(membershipStatsResponse.parse(res.body).years.map((y) => y.year)).toEqual([thisYear - 2, thisYear - 1, thisYear]);
    expect((await stats('24,2025')).body).toMatchObject({ code: 'REQUEST.INVALID', details: [{ path: 'years', message: '年度（years）应为以逗号分隔的年份，如 2024,2025,2026，最多 10 个' }] });
    expect((await stats('2025', callers.shanyangReviewer)).status).toBe(403);
  });
});
