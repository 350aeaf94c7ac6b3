import { randomUUID } from 'node:crypto';
import { BatchWriteCommand } from '../../../functions/storage/document-client';
import { applicationResponse, campaignListResponse, campaignResponse, type ApplicationView } from '../../../shared/api/campaign';
import { unionProfileResponse } from '../../../shared/api/orgs';
import { handler as campaign } from '../../../functions/handlers/campaign';
import { handler as orgs } from '../../../functions/handlers/orgs';
import { keys } from '../../../functions/storage/keys';
import { createTestTable, type TestTable } from '../../support/dynamo';
import { setProductClock } from '../../support/product-clock';
import { useAppraisalTables } from '../appraisal/appraisal-support';
import { call, callers } from '../roster/roster-support';

/**
 * Issue 16 point 4 through the handlers against DynamoDB Local: a beijing-2021 campaign published in November 2026
 * reads its 评选依据年度 (2023–2025 unless the organiser states others), and a 模范职工小家's 入会率 is the 小家's own —
 * its roster entries over the employees of its own profile (京工发〔2021〕19号 第七条（二）: 近三年职工入会率均在90%以上) —
 * never its union's.
 */
jest.setTimeout(120_000);

let table: TestTable;
const organiser = callers.cityOrganiser;
const union = 'gu-xiaojia';
const chair = 'gu-xiaojia-m001';
const workshopA = 'gu-xiaojia-a';
const groupA1 = 'gu-xiaojia-a1';
const workshopB = 'gu-xiaojia-b';
const unionPath = `/city-jz/dist-jiefang/${union}`;

/**
 * 小家测试公司工会 under 解放区, written as scripts/local/seed.ts writes the demo: 车间 A (18 members, the chair among
 * them, and 9 in its group A1), 车间 B (40), 33 members under no sub-union: 100 on the roster since 2020.
 */
async function seedUnion(): Promise<void> {
  const org = (orgId: string, name: string, level: string, parentId: string, path: string) => ({
    ...keys.org(orgId), entity: 'org', orgId, name, level, kind: 'enterprise', ownership: 'nonPublic', parentId, path, gsi1pk: keys.childOf(parentId), gsi1sk: `ORG#${name}`, gsi3pk: keys.tree('city-jz'), gsi3sk: path,
  });
  const items: Record<string, unknown>[] = [
    org(union, '小家测试公司工会', 'grassroots', 'dist-jiefang', unionPath),
    org(workshopA, '一车间分工会', 'subUnion', union, `${unionPath}/${workshopA}`),
    org(groupA1, '一车间甲班工会小组', 'group', workshopA, `${unionPath}/${workshopA}/${groupA1}`),
    org(workshopB, '二车间分工会', 'subUnion', union, `${unionPath}/${workshopB}`),
    { ...keys.role(chair, union, 'chair'), entity: 'role', memberId: chair, orgId: union, role: 'chair', gsi1pk: keys.childOf(union), gsi1sk: `ROLE#chair#${chair}` },
  ];
  const under = (n: number) => (n <= 18 ? workshopA : n <= 27 ? groupA1 : n <= 67 ? workshopB : undefined);
  for (let n = 1; n <= 100; n += 1) {
    const memberId = `gu-xiaojia-m${String(n).padStart(3, '0')}`;
    const name = `会员${n}`;
    const subOrgId = under(n);
    items.push({ ...keys.member(memberId), entity: 'member', memberId, name, orgId: union, ...(subOrgId ? { subOrgId } : {}), status: 'active', joinedOn: '2020-01-01', gsi1pk: keys.childOf(union), gsi1sk: `MEMBER#${name}#${memberId}` });
  }
  for (let i = 0; i < items.length; i += 25) {
    await table.db.send(new BatchWriteCommand({ RequestItems: { [table.tableName]: items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })) } }));
  }
}

beforeAll(async () => {
  setProductClock('2026-11-23T09:00:00+08:00'); // a Monday in November 2026: the year is not over
  table = await createTestTable({ seed: true });
  useAppraisalTables(table);
  await seedUnion();
});
afterAll(() => table.drop());

const publish = (body: Record<string, unknown>) =>
  call(campaign, 'POST /v1/orgs/{orgId}/campaigns', {
    as: organiser,
    params: { orgId: 'city-jz' },
    body: { requestId: randomUUID(), rulesetId: 'beijing-2021', year: 2026, titles: ['modelSmallHome'], recommendingUnits: [{ orgId: 'dist-jiefang', quotaName: '解放区' }], submissionDeadline: '2026-12-31', ...body },
  });

/** The chair saves a body's 职工总数 for each year, as the 工会档案 page does. */
async function employees(orgId: string, byYear: Record<number, number>): Promise<void> {
  for (const [year, count] of Object.entries(byYear)) {
    const res = await call(orgs, 'PUT /v1/orgs/{orgId}/profile/{year}', { as: chair, params: { orgId, year }, body: { employees: count } });
    expect(res.status).toBe(200);
  }
}

async function fileSmallHome(campaignId: string, orgId: string): Promise<ApplicationView> {
  const res = await call(campaign, 'POST /v1/campaigns/{campaignId}/applications', { as: chair, params: { campaignId }, body: { requestId: randomUUID(), title: 'modelSmallHome', nominee: { kind: 'subOrg', orgId } } });
  expect(res.status).toBe(201);
  return applicationResponse.parse(res.body).application;
}

const read = async (app: ApplicationView) => applicationResponse.parse((await call(campaign, 'GET /v1/applications/{applicationId}', { as: chair, params: { applicationId: app.applicationId } })).body).application;
const membershipCondition = (app: ApplicationView) => app.conditions.find((c) => c.conditionId === 'smallHome.membershipRate');

describe('a beijing-2021 campaign of 模范职工小家 published in 2026', () => {
  it('reads 2023–2025 and each 小家’s own 入会率: 车间 A at 90% passes under a union at 80%, 车间 B at 88.9% fails under a union at 96%', async () => {
    const published = await publish({ heading: '2026 年度模范职工小家评选' });
    expect(published.status).toBe(201);
    const cmp = campaignResponse.parse(published.body).campaign;
    expect(cmp.factYears).toEqual([2023, 2024, 2025]);
    const shown = campaignResponse.parse((await call(campaign, 'GET /v1/campaigns/{campaignId}', { as: chair, params: { campaignId: cmp.campaignId } })).body).campaign;
    expect(shown.factYears).toEqual([2023, 2024, 2025]);

    // Each body's own profile: the union 100 of 125 (80%); 车间 A 27 of 30 — 90%, met exactly (以上 includes it).
    await employees(union, { 2023: 125, 2024: 125, 2025: 125 });
    await employees(workshopA, { 2023: 30, 2024: 30, 2025: 30 });
    await employees(workshopB, { 2023: 45, 2024: 45, 2025: 45 });
    const subProfile = unionProfileResponse.parse((await call(orgs, 'GET /v1/orgs/{orgId}/profile', { as: chair, params: { orgId: workshopA } })).body);
    expect(subProfile).toMatchObject({ org: { level: 'subUnion' }, canEdit: true, children: [expect.objectContaining({ orgId: groupA1 })] });

    const a = await fileSmallHome(cmp.campaignId, workshopA);
    expect(a.facts.membershipRate).toEqual({ 2023: 27 / 30, 2024: 27 / 30, 2025: 27 / 30 });
    expect(membershipCondition(a)).toMatchObject({ status: 'pass', citation: expect.stringContaining('第七条（二）') });
    expect(membershipCondition(a)?.explanation).toContain('2023 年入会率 90%');
    expect(membershipCondition(a)?.explanation).not.toContain('2026');

    // The union's own figure moves to 96%: 车间 B's stays its own and fails, and its submission is refused.
    await employees(union, { 2023: 104, 2024: 104, 2025: 104 });
    const b = await fileSmallHome(cmp.campaignId, workshopB);
    expect(b.facts.membershipRate).toEqual({ 2023: 40 / 45, 2024: 40 / 45, 2025: 40 / 45 });
    expect(membershipCondition(b)).toMatchObject({ status: 'fail', explanation: expect.stringContaining('88.89%') });
    const refused = await call(campaign, 'POST /v1/applications/{applicationId}/submit', { as: chair, params: { applicationId: b.applicationId }, body: { version: b.version } });
    expect(refused).toMatchObject({ status: 409, body: { code: 'APPLICATION.INELIGIBLE', message: expect.stringContaining('第七条（二）') } });
    expect(membershipCondition(await read(a))?.status).toBe('pass');
  });

  it('reads the years the organiser states instead, and refuses years it cannot use, naming the field', async () => {
    const before = campaignListResponse.parse((await call(campaign, 'GET /v1/campaigns', { as: organiser })).body).campaigns.length;
    const refusals = [
      [[2025, 2026, 2027], '不能晚于评选年度 2026 年'],
      [[2023, 2025, 2026], '应为连续的年度'],
      [[2024, 2025], '应至少包含 3 个年度：「近三年职工（含农民工、劳务派遣工）入会率均在90%以上」（京工发〔2021〕19号 第七条（二））'],
      [['2025'], '第 1 项应为 2000 至 2100 之间的年份数字'],
    ] as const;
    for (const [factYears, message] of refusals) {
      const res = await publish({ heading: '评选依据年度有误的评选', factYears });
      expect(res).toMatchObject({ status: 400, body: { details: [expect.objectContaining({ path: expect.stringMatching(/^factYears/), message: expect.stringContaining(message) })] } });
      expect(String(res.body.message)).toContain('评选依据年度（factYears）');
    }
    expect(campaignListResponse.parse((await call(campaign, 'GET /v1/campaigns', { as: organiser })).body).campaigns).toHaveLength(before);

    const stated = await publish({ heading: '2026 年度模范职工小家评选（依据 2024–2026 年）', factYears: [2024, 2025, 2026] });
    const cmp = campaignResponse.parse(stated.body).campaign;
    expect(cmp.factYears).toEqual([2024, 2025, 2026]);
    const a = await fileSmallHome(cmp.campaignId, workshopA);
    // No 2026 figure yet in 车间 A's profile: the year the organiser named is the one missing.
    expect(Object.keys(a.facts.membershipRate ?? {})).toEqual(['2024', '2025']);
    expect(membershipCondition(a)).toMatchObject({ status: 'missing', explanation: expect.stringContaining('缺少 2026 年入会率') });
  });
});
