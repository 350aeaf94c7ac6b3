import { randomUUID } from 'node:crypto';
import { BatchWriteCommand, GetCommand, PutCommand, ScanCommand, UpdateCommand } from '../../../functions/storage/document-client';
import { Workbook } from 'exceljs';
import { campaignResponse, honoursResponse } from '../../../shared/api/campaign';
import { honourDetailResponse, honourImportColumns, honourImportResponse, registerExportHeaders, registerExportResponse, registerPageResponse, type RegisterEntry } from '../../../shared/api/register';
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

describe('an import of historic honours from paper records', () => {
  const headers = honourImportColumns.map((c) => c.header);
  type Row = Partial<Record<(typeof headers)[number], string>>;
  const good = (n: number): Row => ({
    证书编号: `JZ-PAPER-${String(n).padStart(5, '0')}`,
    荣誉称号: n % 2 ? '优秀工会工作者' : '模范职工之家',
    获得者: n % 2 ? `纸档会员${n}` : ['云台新材料有限公司工会', '解放区人民医院工会', '太行智造科技有限公司工会'][n % 3]!,
    获得者类型: n % 2 ? '个人' : '集体',
    所在工会: n % 2 ? ['gu-renmin', '山阳区实验学校工会'][n % 2 === 1 && n % 4 === 1 ? 0 : 1]! : '',
    授予单位: '焦作市总工会',
    评选活动: `${2015 + (n % 5)} 年度焦作市模范职工之家评选`,
    授予日期: `${2015 + (n % 5)}/4/${1 + (n % 28)}`,
    依据办法: n % 3 ? '焦作市总工会评选表彰通知（2018年）' : '市总工会表彰办法（2012年）',
  });
  async function xlsx(rows: Row[], columns: readonly string[] = headers): Promise<string> {
    const workbook = new Workbook();
    const sheet = workbook.addWorksheet('荣誉档案');
    sheet.addRow([...columns]);
    for (const r of rows) sheet.addRow(columns.map((c) => r[c as keyof Row] ?? ''));
    return Buffer.from(await workbook.xlsx.writeBuffer()).toString('base64');
  }
  const preview = async (as: string, orgId: string, contentBase64: string, fileName = '纸质档案.xlsx') => call(campaign, 'POST /v1/orgs/{orgId}/honours/imports', { as, params: { orgId }, body: { fileName, contentBase64 } });
  const commit = async (as: string, orgId: string, importId: string) => call(campaign, 'POST /v1/orgs/{orgId}/honours/imports/{importId}/commit', { as, params: { orgId, importId } });

  it('previews every problem by row and column in Chinese, and refuses to commit such a file', async () => {
    const rows: Row[] = [
      good(1),
      { ...good(2), 荣誉称号: '劳动模范' },
      { ...good(4), 获得者: '不存在的公司工会' },
      { ...good(6), 证书编号: good(1).证书编号 },
      { ...good(8), 证书编号: awarded[2]! },
      { ...good(10), 授予日期: '2019-02-30' },
      { ...good(12), 授予日期: '2027-01-05' },
      { ...good(14), 获得者类型: '个人' },
      { ...good(3), 所在工会: '' },
      { ...good(5), 获得者类型: '单位' },
    ];

    const res = await preview(organiser, 'city-jz', await xlsx(rows));

    expect(res.status).toBe(201);
    const { job } = honourImportResponse.parse(res.body);
    expect(job).toMatchObject({ status: 'invalid', counts: { total: 10, valid: 1, errors: 9 } });
    expect(job.problems.map((p) => [p.row, p.column])).toEqual([
      [3, '荣誉称号'],
      [4, '获得者'],
      [5, '证书编号'],
      [6, '证书编号'],
      [7, '授予日期'],
      [8, '授予日期'],
      [9, '获得者类型'],
      [9, '所在工会'],
      [10, '所在工会'],
      [11, '获得者类型'],
    ]);
    const messages = job.problems.map((p) => p.message);
    expect(messages[0]).toContain('第 3 行「荣誉称号」「劳动模范」不是本系统的荣誉称号');
    expect(messages[1]).toBe('第 4 行「获得者」「不存在的公司工会」不在焦作市总工会及下级组织的组织架构中，请核对名称或先在组织架构中添加');
    expect(messages[2]).toBe(`第 5 行「证书编号」${good(1).证书编号} 与第 2 行重复`);
    expect(messages[3]).toBe(`第 6 行「证书编号」${awarded[2]} 已在荣誉档案中，不能重复导入`);
    expect(messages[4]).toBe('第 7 行「授予日期」「2019-02-30」不是有效日期，应形如 2019-05-01');
    expect(messages[5]).toBe('第 8 行「授予日期」2027-01-05 晚于今天（2026-12-07），补录的应是已经授予的荣誉');
    expect(messages[6]).toBe('第 9 行「获得者类型」与荣誉称号不符：模范职工之家授予集体');
    expect(messages[9]).toBe('第 11 行「获得者类型」「单位」应为「集体」或「个人」');

    const refused = await commit(organiser, 'city-jz', job.importId);
    expect({ status: refused.status, code: refused.body.code }).toEqual({ status: 409, code: 'HONOUR_IMPORT.HAS_ERRORS' });
    expect((await entries(organiser, 'city-jz', { year: '2016' })).length).toBe(0);
  });

  it('refuses a file without the required columns, naming them, and callers outside the org', async () => {
    const noDate = await preview(organiser, 'city-jz', await xlsx([good(1)], headers.filter((h) => h !== '授予日期')));
    expect({ status: noDate.status, code: noDate.body.code }).toEqual({ status: 400, code: 'HONOUR_IMPORT.FILE_INVALID' });
    expect(String(noDate.body.message)).toContain('缺少列「授予日期」');

    const file = await xlsx([good(1)]);
    for (const [as, orgId] of [[callers.yuntaiChair, 'gu-yuntai'], [jiefangOrganiser, 'dist-shanyang'], [jiefangOrganiser, 'org-nobody-has']] as const) {
      expect((await preview(as, orgId, file)).status).toBe(403);
    }
    // A district organiser may import only holders of its own district.
    const other = await preview(jiefangOrganiser, 'dist-jiefang', await xlsx([{ ...good(2), 获得者: '太行智造科技有限公司工会' }]));
    expect(honourImportResponse.parse(other.body).job.problems[0]?.message).toContain('不在解放区总工会及下级组织的组织架构中');
  });

  it('commits 1,000 historic honours once, audited, into the register with their history', async () => {
    const rows = Array.from({ length: 1000 }, (_, i) => good(i + 1));
    const file = await xlsx(rows);

    const t0 = performance.now();
    const previewed = await preview(organiser, 'city-jz', file);
    const t1 = performance.now();
    const { job } = honourImportResponse.parse(previewed.body);
    expect(job).toMatchObject({ status: 'previewed', counts: { total: 1000, valid: 1000, errors: 0 }, problemCount: 0 });
    const committed = await commit(organiser, 'city-jz', job.importId);
    const t2 = performance.now();
    expect(committed.status).toBe(200);
    expect(honourImportResponse.parse(committed.body).job).toMatchObject({ status: 'committed', written: 1000, skipped: [] });
    process.stdout.write(`honour import of 1,000 rows: preview ${t1 - t0} ms, commit ${t2 - t1} ms\n`);

    // Confirming again changes nothing.
    expect(honourImportResponse.parse((await commit(organiser, 'city-jz', job.importId)).body).job).toMatchObject({ status: 'committed', written: 1000 });
    const imported = (await allPages(organiser, 'city-jz', { limit: '100' })).honours.filter((h) => h.source === 'import');
    expect(imported).toHaveLength(1000);
    expect(new Set(imported.map((h) => h.certificateNo)).size).toBe(1000);
    const union = imported.find((h) => h.certificateNo === 'JZ-PAPER-00006')!;
    expect(union).toMatchObject({ title: '模范职工之家', holderName: '云台新材料有限公司工会', holderOrgId: 'gu-yuntai', awardingBody: '焦作市总工会', year: 2016, awardedOn: '2016-04-07', rulesetName: '市总工会表彰办法（2012年）' });
    expect(imported.find((h) => h.certificateNo === 'JZ-PAPER-00001')).toMatchObject({ holderKind: 'person', holderName: '纸档会员1', holderOrgId: 'gu-renmin', rulesetName: '焦作市总工会评选表彰通知（2018年）' });
    const { honour } = honourDetailResponse.parse((await call(campaign, 'GET /v1/honours/{certificateNo}', { as: organiser, params: { certificateNo: 'JZ-PAPER-00006' } })).body);
    expect(honour.history.map((e) => [e.label, e.on, e.note])).toEqual([
      ['授予称号', '2016-04-07', undefined],
      ['补录历史档案', '2026-12-07', '据纸质档案补录（纸质档案.xlsx 第 7 行）'],
    ]);
    // The chair of 云台 sees its imported honours among its own.
    expect((await entries(callers.yuntaiChair, 'gu-yuntai', { limit: '100' })).filter((h) => h.source === 'import').every((h) => h.holderOrgId === 'gu-yuntai')).toBe(true);
    const audit: Record<string, unknown>[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const out = await seeded().db.send(new ScanCommand({ TableName: seeded().tableName, FilterExpression: '#a = :a', ExpressionAttributeNames: { '#a': 'action' }, ExpressionAttributeValues: { ':a': 'honour.imported' }, ExclusiveStartKey: start }));
      audit.push(...(out.Items ?? []));
      start = out.LastEvaluatedKey;
    } while (start);
    expect(audit.map((e) => (e.data as { honours?: number } | undefined)?.honours)).toEqual([1000]);
    // The historic holders join the yearly 复查 from the last full year (2025), before the decision's 2027.
    const schedule = await seeded().db.send(new GetCommand({ TableName: seeded().tableName, Key: { pk: 'RECHECK#city-jz', sk: 'SCHEDULE' } }));
    expect(schedule.Item).toMatchObject({ year: 2025, gsi2pk: 'DUE#honourRecheck' });
  });
});
