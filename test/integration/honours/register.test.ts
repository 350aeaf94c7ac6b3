import { randomUUID } from 'node:crypto';
import { BatchWriteCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { Workbook } from 'exceljs';
import { campaignResponse, honoursResponse } from '../../../shared/api/campaign';
import { honourDetailResponse, registerExportHeaders, registerExportResponse, registerPageResponse, type RegisterEntry } from '../../../shared/api/register';
import { handler as campaign } from '../../../functions/handlers/campaign';
import { campaignKeys } from '../../../functions/campaign/campaign-items';
import { registerAttributes } from '../../../functions/honours/register-items';
import { keys } from '../../../functions/storage/keys';
import { putApplications, scaleApplications } from '../../support/campaign-scale';
import { call, callers } from '../roster/roster-support';
import { useSeededTable } from '../campaign/seeded-table';

/**
 * 荣誉管理档案 (issue 17 point 1; 总工办发〔2020〕15号 第二十二条（二）, 京工发〔2021〕19号 第十九条（二）, 桂工发〔2021〕8号
 * 八、（一）2, 秦皇岛 第十九条（二）) through the campaign handler against DynamoDB Local: a qinhuangdao-2023 campaign of
 * 焦作市总工会 decides eight honours (seven people, one union); one honour written before the register (no register
 * keys) is found by the lazy backfill; the city organiser sees them all, a district organiser its district, a chair its
 * own union, others nothing. Then 120 more honours: filters, pagination and the Excel export.
 */
jest.setTimeout(120_000);

const seeded = useSeededTable('2026-12-07T10:00:00+08:00');
const organiser = callers.cityOrganiser;
const jiefangOrganiser = callers.jiefangReviewer; // made organiser of 解放区 below
const reason = '经市总工会研究，决定授予荣誉称号';
let campaignId = '';
let awarded: string[] = [];
const legacyNo = 'QINHUANGDAO-2023-2025-0001';

const page = async (as: string, orgId: string, query: Record<string, string> = {}) => call(campaign, 'GET /v1/orgs/{orgId}/honours', { as, params: { orgId }, query });
const entries = async (as: string, orgId: string, query: Record<string, string> = {}): Promise<RegisterEntry[]> => {
  const res = await page(as, orgId, query);
  expect({ status: res.status, message: res.body.message }).toEqual({ status: 200, message: undefined });
  return registerPageResponse.parse(res.body).honours;
};
/** Every page, following the cursor. */
async function allPages(as: string, orgId: string, query: Record<string, string> = {}): Promise<{ honours: RegisterEntry[]; pages: number }> {
  const honours: RegisterEntry[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const res = await page(as, orgId, { ...query, ...(cursor ? { cursor } : {}) });
    expect(res.status).toBe(200);
    const parsed = registerPageResponse.parse(res.body);
    honours.push(...parsed.honours);
    cursor = parsed.nextCursor;
    pages += 1;
  } while (cursor);
  return { honours, pages };
}

beforeAll(async () => {
  const { db, tableName } = seeded();
  await db.send(new PutCommand({ TableName: tableName, Item: { ...keys.role(jiefangOrganiser, 'dist-jiefang', 'organiser'), entity: 'role', memberId: jiefangOrganiser, orgId: 'dist-jiefang', role: 'organiser', gsi1pk: keys.childOf('dist-jiefang'), gsi1sk: `ROLE#organiser#${jiefangOrganiser}` } }));
  const published = await call(campaign, 'POST /v1/orgs/{orgId}/campaigns', {
    as: organiser,
    params: { orgId: 'city-jz' },
    body: { requestId: randomUUID(), rulesetId: 'qinhuangdao-2023', year: 2026, heading: '2026 年度焦作市模范职工之家评选', titles: ['modelHome', 'outstandingWorker'], recommendingUnits: [{ orgId: 'dist-jiefang', quotaName: '解放区' }, { orgId: 'dist-shanyang', quotaName: '山阳区' }], submissionDeadline: '2026-12-31' },
  });
  expect({ status: published.status, message: published.body.message }).toEqual({ status: 201, message: undefined });
  campaignId = campaignResponse.parse(published.body).campaign.campaignId;
  // Recommended up to the city by the districts, as the reviewers leave them (test/support/campaign-scale.ts).
  const jiefang = scaleApplications({ campaignId, count: 4, status: 'recommended', unitOrgId: 'dist-jiefang', unions: ['gu-yuntai', 'gu-renmin'], atOrgId: 'city-jz', titles: ['outstandingWorker'], batch: 'J' });
  const shanyang = scaleApplications({ campaignId, count: 3, status: 'recommended', unitOrgId: 'dist-shanyang', unions: ['gu-taihang', 'gu-qinhuai'], atOrgId: 'city-jz', titles: ['outstandingWorker'], batch: 'S' });
  const [home] = scaleApplications({ campaignId, count: 1, status: 'recommended', unitOrgId: 'dist-shanyang', unions: ['gu-taihang'], atOrgId: 'city-jz', titles: ['modelHome'], batch: 'H' });
  const union = { ...home!, nominee: { kind: 'org' as const, id: 'gu-taihang', name: '太行智造科技有限公司工会' } };
  // An honour of 2025 as decideCampaign wrote it before the register: no holder, no register keys.
  const [legacy] = scaleApplications({ campaignId, count: 1, status: 'recommended', unitOrgId: 'dist-jiefang', unions: ['gu-renmin'], atOrgId: 'city-jz', titles: ['outstandingWorker'], batch: 'L' });
  await putApplications(db, tableName, [...jiefang, ...shanyang, union, { ...legacy!, status: 'awarded', certificateNo: legacyNo }]);
  await db.send(
    new PutCommand({
      TableName: tableName,
      Item: { ...campaignKeys.honour(legacyNo), entity: 'honour', certificateNo: legacyNo, applicationId: legacy!.applicationId, title: '优秀工会工作者', titleCode: 'outstandingWorker', nomineeName: legacy!.nominee.name, nomineeId: legacy!.nominee.id, year: 2025, awardedAt: '2025-12-20T02:00:00.000Z', campaignId, gsi1pk: `HONOURS#${campaignId}`, gsi1sk: legacyNo },
    }),
  );

  const decided = await call(campaign, 'POST /v1/campaigns/{campaignId}/decision', { as: organiser, params: { campaignId }, body: { applicationIds: [...jiefang, ...shanyang, union].map((a) => a.applicationId), reason } });
  expect({ status: decided.status, message: decided.body.message }).toEqual({ status: 201, message: undefined });
  awarded = honoursResponse.parse(decided.body).honours.map((h) => h.certificateNo);
});

describe('the register after a decision', () => {
  it('shows the city organiser every honour decided, with holder, awarding body, campaign, date, ruleset and state, and the one written before the register', async () => {
    const all = await entries(organiser, 'city-jz');

    expect(all.map((h) => h.certificateNo).sort()).toEqual([...awarded, legacyNo].sort());
    const home = all.find((h) => h.titleCode === 'modelHome');
    expect(home).toMatchObject({ title: '模范职工之家', holderName: '太行智造科技有限公司工会', holderKind: 'org', holderOrgId: 'gu-taihang', awardingBody: '焦作市总工会', campaignName: '2026 年度焦作市模范职工之家评选', year: 2026, awardedOn: '2026-12-07', rulesetName: '秦皇岛市选树管理实施办法（2023年）', state: 'current', stateLabel: '有效', source: 'decision' });
    const person = all.find((h) => h.holderName === '会员J0');
    expect(person).toMatchObject({ holderKind: 'person', holderOrgId: 'gu-yuntai', holderOrgName: '云台新材料有限公司工会', title: '优秀工会工作者' });
    expect(all.find((h) => h.certificateNo === legacyNo)).toMatchObject({ holderOrgId: 'gu-renmin', year: 2025, awardedOn: '2025-12-20', state: 'current' });
  });

  it('keeps each honour’s history: granted, with the decision’s reason', async () => {
    const res = await call(campaign, 'GET /v1/honours/{certificateNo}', { as: organiser, params: { certificateNo: awarded[0]! } });

    expect(res.status).toBe(200);
    const { honour } = honourDetailResponse.parse(res.body);
    expect(honour.history).toEqual([{ kind: 'granted', label: '授予称号', at: expect.stringMatching(/^2026-12-07T02:0/), on: '2026-12-07', state: 'current', note: reason }]);
  });

  it('shows a district organiser only the honours held in its district', async () => {
    const jiefang = await entries(jiefangOrganiser, 'dist-jiefang');

    expect(new Set(jiefang.map((h) => h.holderOrgId))).toEqual(new Set(['gu-yuntai', 'gu-renmin']));
    expect(jiefang).toHaveLength(5); // four decided, one from before the register
    expect((await page(jiefangOrganiser, 'dist-shanyang')).status).toBe(403);
    expect((await page(jiefangOrganiser, 'city-jz')).status).toBe(403);
  });

  it('shows a union’s chair its own honours only; a member, another union and an unknown org are refused alike', async () => {
    const own = await entries(callers.yuntaiChair, 'gu-yuntai');
    expect(own.map((h) => h.holderOrgId)).toEqual(['gu-yuntai', 'gu-yuntai']);

    const refusals = [await page(callers.yuntaiChair, 'gu-renmin'), await page(callers.yuntaiChair, 'dist-jiefang'), await page(callers.yuntaiMember, 'gu-yuntai'), await page(callers.yuntaiChair, 'org-nobody-has')];
    for (const r of refusals) expect({ status: r.status, code: r.body.code }).toEqual({ status: 403, code: 'SCOPE.FORBIDDEN' });
    const taihangHonour = (await entries(organiser, 'city-jz')).find((h) => h.holderOrgId === 'gu-taihang')!;
    const detail = await call(campaign, 'GET /v1/honours/{certificateNo}', { as: callers.yuntaiChair, params: { certificateNo: taihangHonour.certificateNo } });
    expect({ status: detail.status, code: detail.body.code }).toEqual({ status: 403, code: 'SCOPE.FORBIDDEN' });
    const byMember = await call(campaign, 'GET /v1/honours/{certificateNo}', { as: callers.yuntaiMember, params: { certificateNo: 'NO-SUCH-0001' } });
    expect(byMember.status).toBe(403);
    const unknown = await call(campaign, 'GET /v1/honours/{certificateNo}', { as: organiser, params: { certificateNo: 'NO-SUCH-0001' } });
    expect({ status: unknown.status, code: unknown.body.code }).toEqual({ status: 404, code: 'CERTIFICATE.NOT_FOUND' });
  });

  it('shows a revocation written by the revocation procedure (status revoked) as 已撤销, in the filter and the history', async () => {
    const no = awarded[1]!;
    await seeded().db.send(new UpdateCommand({ TableName: seeded().tableName, Key: campaignKeys.honour(no), UpdateExpression: 'SET #s = :r, revokedAt = :at', ExpressionAttributeNames: { '#s': 'status' }, ExpressionAttributeValues: { ':r': 'revoked', ':at': '2027-03-01T02:00:00.000Z' } }));

    const revoked = await entries(organiser, 'city-jz', { state: 'revoked' });

    expect(revoked.map((h) => [h.certificateNo, h.stateLabel])).toEqual([[no, '已撤销']]);
    const { honour } = honourDetailResponse.parse((await call(campaign, 'GET /v1/honours/{certificateNo}', { as: organiser, params: { certificateNo: no } })).body);
    expect(honour.history.map((e) => [e.label, e.on])).toEqual([
      ['授予称号', '2026-12-07'],
      ['撤销称号', '2027-03-01'],
    ]);
    expect((await entries(organiser, 'city-jz', { state: 'current' })).map((h) => h.certificateNo)).not.toContain(no);
  });
});

describe('a register of 120 more honours', () => {
  const unions = ['gu-yuntai', 'gu-renmin', 'gu-fengshou', 'gu-taihang', 'gu-shiyan', 'gu-qinhuai'];
  const districtOf: Record<string, string> = { 'gu-yuntai': 'dist-jiefang', 'gu-renmin': 'dist-jiefang', 'gu-fengshou': 'dist-jiefang', 'gu-taihang': 'dist-shanyang', 'gu-shiyan': 'dist-shanyang', 'gu-qinhuai': 'dist-shanyang' };
  const bulk = Array.from({ length: 120 }, (_, i) => ({ union: unions[i % unions.length]!, year: 2024 + Math.floor(i / 40), titleCode: i % 2 ? 'modelSmallHome' : 'outstandingWorker' }));
  const inJiefang = (year: number) => bulk.filter((b) => b.year === year && districtOf[b.union] === 'dist-jiefang').length;

  beforeAll(async () => {
    // Written in the shape decideCampaign writes (register keys included), three years of 40.
    const items = bulk.map(({ union, year, titleCode }, i) => {
      const certificateNo = `BULK-${year}-${String(i).padStart(4, '0')}`;
      const fields = { holderOrgId: union, holderOrgName: union, holderPath: `/city-jz/${districtOf[union]}/${union}`, holderKind: 'person' as const, awardingOrgId: 'city-jz', awardingOrgName: '焦作市总工会', awardingPath: '/city-jz', campaignName: `${year} 年度评选`, rulesetId: 'acftu-2020', state: 'current' as const, history: [{ kind: 'granted' as const, state: 'current' as const, at: `${year}-12-01T02:00:00.000Z` }], source: 'decision' as const };
      return { ...campaignKeys.honour(certificateNo), entity: 'honour', certificateNo, applicationId: `app-bulk-${i}`, title: '', titleCode, nomineeName: `获得者${i}`, nomineeId: `m-${i}`, year, awardedAt: `${year}-12-01T02:00:00.000Z`, campaignId: 'cmp-bulk', ...registerAttributes(fields, year, certificateNo) };
    });
    for (let i = 0; i < items.length; i += 25) await seeded().db.send(new BatchWriteCommand({ RequestItems: { [seeded().tableName]: items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })) } }));
  });

  it('pages through all of them, 50 a page, each once', async () => {
    const { honours, pages } = await allPages(organiser, 'city-jz');

    expect(honours).toHaveLength(129);
    expect(new Set(honours.map((h) => h.certificateNo)).size).toBe(129);
    expect(pages).toBe(3);
  });

  it('filters by title, year and state, across pages', async () => {
    const { honours } = await allPages(organiser, 'city-jz', { title: 'modelSmallHome', year: '2025', limit: '7' });

    expect(honours).toHaveLength(20);
    expect(honours.every((h) => h.titleCode === 'modelSmallHome' && h.year === 2025)).toBe(true);
    const jiefang2024 = (await allPages(jiefangOrganiser, 'dist-jiefang', { year: '2024' })).honours;
    expect(jiefang2024).toHaveLength(inJiefang(2024));
    expect(jiefang2024.every((h) => h.year === 2024 && ['gu-yuntai', 'gu-renmin', 'gu-fengshou'].includes(h.holderOrgId))).toBe(true);
    const bad = await page(organiser, 'city-jz', { year: '二〇二四', state: 'gone' });
    expect(bad.status).toBe(400);
    expect((bad.body.details as { path: string }[]).map((d) => d.path).sort()).toEqual(['state', 'year']);
  });

  it('refuses a cursor made for another org’s subtree', async () => {
    const first = registerPageResponse.parse((await page(organiser, 'dist-shanyang', { limit: '5' })).body);

    const res = await page(jiefangOrganiser, 'dist-jiefang', { cursor: first.nextCursor! });

    expect({ status: res.status, path: (res.body.details as { path: string }[])[0]?.path }).toEqual({ status: 400, path: 'cursor' });
  });

  it('exports the filtered register as Excel with the Chinese headers, one row per honour', async () => {
    const res = await call(campaign, 'GET /v1/orgs/{orgId}/honours/export', { as: jiefangOrganiser, params: { orgId: 'dist-jiefang' }, query: { year: '2026' } });

    expect(res.status).toBe(200);
    const file = registerExportResponse.parse(res.body);
    expect(file.fileName).toBe('解放区总工会-荣誉档案.xlsx');
    const workbook = new Workbook();
    await workbook.xlsx.load(Buffer.from(file.base64, 'base64') as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('荣誉档案')!;
    const rows = sheet.getSheetValues().slice(1).map((r) => (r as unknown[]).slice(1));
    expect(rows[0]).toEqual([...registerExportHeaders]);
    expect(file.rows).toBe(rows.length - 1);
    expect(rows.length - 1).toBe(inJiefang(2026) + 4); // 2026 of the bulk honours in 解放区, and the four decided
    const decided = rows.find((r) => r[0] === awarded.find((no) => rows.some((row) => row[0] === no)));
    expect(decided).toEqual([expect.any(String), '优秀工会工作者', expect.stringMatching(/^会员J\d（.+工会）$/), '焦作市总工会', '2026 年度焦作市模范职工之家评选', '2026-12-07', '秦皇岛市选树管理实施办法（2023年）', expect.stringMatching(/^(有效|已撤销)$/)]);
  });
});
