import { randomBytes, randomUUID } from 'node:crypto';
import { BatchWriteCommand, QueryCommand } from '../../../functions/storage/document-client';
import { applicationResponse, campaignResponse, honoursResponse, listBoardResponse, type ApplicationView, type CampaignView } from '../../../shared/api/campaign';
import { publicityView } from '../../../shared/api/publicity';
import type { OrgKind, Ownership } from '../../../shared/domain/org';
import { auditKeys } from '../../../functions/audit/audit-items';
import type { ApplicationRecord } from '../../../functions/campaign/campaign-items';
import { handler as campaign } from '../../../functions/handlers/campaign';
import { handler as publicity, publicityDeps } from '../../../functions/handlers/publicity';
import { orgItem } from '../../../functions/orgs/org-items';
import { closePublicity } from '../../../functions/publicity/publicities';
import { keys } from '../../../functions/storage/keys';
import { putApplications } from '../../support/campaign-scale';
import { createTestTable, type TestTable } from '../../support/dynamo';
import { setProductClock, systemNow } from '../../support/product-clock';
import { useAppraisalTables } from '../appraisal/appraisal-support';
import { call, callers } from '../roster/roster-support';

/**
 * Issue 16, points 1–3, through the HTTP handlers against DynamoDB Local: a beijing-2021 district list at 45% 非公
 * goes up only with the sender's reason, which the receiving level reads with the breach (京工发〔2021〕19号 第五条第一款,
 * "一般"); an industry union's list is not held to the districts' 非公 rule, only to the 20% one that names it; a
 * qinhuangdao-2023 campaign refuses the 16th 模范职工之家 of the year (第十一条) — however the lists were split, however
 * the decisions race, in whichever campaign of the year.
 */
jest.setTimeout(300_000);

let table: TestTable;
const organiser = callers.cityOrganiser;
const jiefang = callers.jiefangReviewer;

beforeAll(async () => {
  setProductClock('2026-11-23T09:00:00+08:00'); // a Monday
  table = await createTestTable({ seed: true });
  useAppraisalTables(table);
  Object.assign(process.env, { REPORTER_KEY: randomBytes(32).toString('base64url'), WATCHER_KEY: randomBytes(32).toString('base64url') });
});
afterAll(async () => table.drop());

// ---- the directory: unions (and an industry union) beyond the seed, each union with its chair ------------------------

interface Union {
  orgId: string;
  name: string;
  chair: string;
}

async function putItems(items: Record<string, unknown>[]): Promise<void> {
  for (let i = 0; i < items.length; i += 25) {
    await table.db.send(new BatchWriteCommand({ RequestItems: { [table.tableName]: items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })) } }));
  }
}

/** Unions under `parent` (an org of the seed or one added here), as the directory would hold them. */
async function addUnions(prefix: string, parent: { orgId: string; path: string }, specs: { name: string; kind: OrgKind; ownership: Ownership }[]): Promise<Union[]> {
  const now = systemNow();
  const items: Record<string, unknown>[] = [];
  const unions = specs.map((spec, i) => {
    const orgId = `${prefix}-${String(i + 1).padStart(2, '0')}`;
    const chair = `${orgId}-m001`;
    items.push(orgItem({ orgId, name: spec.name, level: 'grassroots', kind: spec.kind, ownership: spec.ownership, parentId: parent.orgId, path: `${parent.path}/${orgId}` }, now));
    // On the roster since 2015, in the online union since 2016 (秦皇岛 第五条（二） reads its 入驻率 from the roster).
    items.push({ ...keys.member(chair), entity: 'member', memberId: chair, name: `主席${i + 1}`, orgId, gsi1pk: keys.childOf(orgId), gsi1sk: `MEMBER#主席${i + 1}#${chair}`, status: 'active', joinedOn: '2015-03-01', boundAt: '2016-01-04T09:00:00.000Z' });
    items.push({ ...keys.role(chair, orgId, 'chair'), entity: 'role', memberId: chair, orgId, role: 'chair', gsi1pk: keys.childOf(orgId), gsi1sk: `ROLE#chair#${chair}` });
    return { orgId, name: spec.name, chair };
  });
  await putItems(items);
  return unions;
}

const jiefangOrg = { orgId: 'dist-jiefang', path: '/city-jz/dist-jiefang' };
const shanyangOrg = { orgId: 'dist-shanyang', path: '/city-jz/dist-shanyang' };

// ---- the API, as the chairs, reviewers and the organiser use it ---------------------------------------------------------

async function publish(rulesetId: string, units: { orgId: string; quotaName: string }[]): Promise<CampaignView> {
  const res = await call(campaign, 'POST /v1/orgs/{orgId}/campaigns', {
    as: organiser,
    params: { orgId: 'city-jz' },
    body: { requestId: randomUUID(), rulesetId, year: 2026, heading: `2026 年度评选（${rulesetId}）`, titles: ['modelHome'], recommendingUnits: units, submissionDeadline: '2026-12-31' },
  });
  expect(res.status).toBe(201);
  return campaignResponse.parse(res.body).campaign;
}

/** The application of a 200/201 answer; any other fails the test with the answer's body. */
const application = (res: { status: number; body: Record<string, unknown> }): ApplicationView => {
  if (res.status >= 300) throw new Error(`${res.status} ${JSON.stringify(res.body)}`);
  return applicationResponse.parse(res.body).application;
};

/**
 * Each union nominates itself for 模范职工之家 and does what the ruleset asks before submitting: the members consulted,
 * any department consultation that applies confirmed, its own publicity run to its end (closed as the clock would).
 * Then it submits and the recommending unit's reviewer passes it.
 */
async function nominateAndPass(cmp: CampaignView, unions: readonly Union[], reviewer: string): Promise<ApplicationView[]> {
  const filed = await Promise.all(
    unions.map(async (u) => {
      const draft = application(await call(campaign, 'POST /v1/campaigns/{campaignId}/applications', { as: u.chair, params: { campaignId: cmp.campaignId }, body: { requestId: randomUUID(), title: 'modelHome', nominee: { kind: 'org', orgId: u.orgId } } }));
      const attestations = Object.fromEntries(draft.gates.filter((g) => g.attestable && !g.passed).map((g) => [g.id, true]));
      const body = { version: draft.version, consultation: '召开会员代表大会征求意见，无异议。', summary: '职工之家建设成效显著。', declared: Object.keys(attestations).length > 0 ? { attestations } : {} };
      const saved = application(await call(campaign, 'PUT /v1/applications/{applicationId}', { as: u.chair, params: { applicationId: draft.applicationId }, body }));
      const opened = await call(publicity, 'POST /v1/orgs/{orgId}/publicities', {
        as: u.chair,
        params: { orgId: u.orgId },
        body: { requestId: randomUUID(), level: 'unit', rulesetId: cmp.rulesetId, year: 2026, heading: `${u.name}推荐公示`, entries: [{ nomineeName: u.name, unitName: u.name.replace(/工会$/, ''), title: 'modelHome', summary: '职工之家建设成效显著。', nomineeRef: u.orgId }] },
      });
      expect(opened.status).toBe(201);
      const window = publicityView.parse(opened.body.publicity);
      expect(await closePublicity(await publicityDeps(), window.publicityId, new Date(Date.parse(window.endsAt) + 60_000))).toBe(true);
      return { u, saved };
    }),
  );
  const passed: ApplicationView[] = [];
  for (const { u, saved } of filed) {
    const submitted = application(await call(campaign, 'POST /v1/applications/{applicationId}/submit', { as: u.chair, params: { applicationId: saved.applicationId }, body: { version: saved.version } }));
    passed.push(application(await call(campaign, 'POST /v1/applications/{applicationId}/decision', { as: reviewer, params: { applicationId: submitted.applicationId }, body: { version: submitted.version, action: 'pass' } })));
  }
  return passed;
}

const board = async (as: string, campaignId: string, orgId: string) => listBoardResponse.parse((await call(campaign, 'GET /v1/campaigns/{campaignId}/lists/{orgId}', { as, params: { campaignId, orgId } })).body);
const sendList = (as: string, campaignId: string, orgId: string, body?: Record<string, unknown>) =>
  call(campaign, 'POST /v1/campaigns/{campaignId}/lists/{orgId}/submit', { as, params: { campaignId, orgId }, ...(body ? { body } : {}) });
const decideAward = (campaignId: string, applicationIds: readonly string[]) => call(campaign, 'POST /v1/campaigns/{campaignId}/decision', { as: organiser, params: { campaignId }, body: { applicationIds, reason: '经市总工会研究决定，授予荣誉称号' } });

async function auditOf(campaignId: string): Promise<Record<string, unknown>[]> {
  const out = await table.db.send(new QueryCommand({ TableName: table.tableName, KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': auditKeys.chain('campaign', campaignId) }, ConsistentRead: true }));
  return out.Items ?? [];
}

// ---- point 1: "一般" is advisory ----------------------------------------------------------------------------------------

describe('beijing-2021: a district list at 45% 非公 (京工发〔2021〕19号 第五条第一款, "一般")', () => {
  it('shows the breach in a warning, goes up only with a written reason, and the receiving level reads both', async () => {
    // 9 non-public and 11 public companies (none an organ or institution): 9/20 = 45%.
    const specs = [
      ...Array.from({ length: 9 }, (_, i) => ({ name: `民营科技公司${i + 1}工会`, kind: 'enterprise' as const, ownership: 'nonPublic' as const })),
      ...Array.from({ length: 11 }, (_, i) => ({ name: `国有制造公司${i + 1}工会`, kind: 'enterprise' as const, ownership: 'public' as const })),
    ];
    const unions = await addUnions('bj45', jiefangOrg, specs);
    const cmp = await publish('beijing-2021', [{ orgId: 'dist-jiefang', quotaName: '解放区' }]);
    await nominateAndPass(cmp, unions, jiefang);

    const before = await board(jiefang, cmp.campaignId, 'dist-jiefang');
    expect(before).toMatchObject({ unitKind: 'districtFederation', unitKindLabel: '县（市、区）总工会', ok: true, needsReason: true, submitted: false, submissionNote: null });
    expect(before.breaches.map((b) => [b.ruleId, b.severity, b.message, b.citation])).toEqual([
      ['list.nonPublicShare', 'advisory', '模范职工之家、模范职工小家中非公有制单位占 45%（9/20），低于 50%', '京工发〔2021〕19号 第五条第一款'],
    ]);

    // No reason, or one too short: 400 naming advisoryReason, and nothing goes up.
    const bare = await sendList(jiefang, cmp.campaignId, 'dist-jiefang');
    expect(bare).toMatchObject({ status: 400, body: { code: 'REQUEST.INVALID', details: [{ path: 'advisoryReason' }] } });
    expect(String(bare.body.message)).toContain('非公有制单位占 45%（9/20）');
    expect(String(bare.body.message)).toContain('第五条第一款');
    expect((await sendList(jiefang, cmp.campaignId, 'dist-jiefang', { advisoryReason: '名额少' })).status).toBe(400);
    expect((await board(jiefang, cmp.campaignId, 'dist-jiefang')).submitted).toBe(false);

    const reason = '本区非公有制企业工会建家达标数量有限，已全部推荐；其余为建家成效突出的国有企业工会。';
    const sent = await sendList(jiefang, cmp.campaignId, 'dist-jiefang', { advisoryReason: reason });
    expect(sent.status).toBe(200);
    const note = { reason, findings: [{ ruleId: 'list.nonPublicShare', message: '模范职工之家、模范职工小家中非公有制单位占 45%（9/20），低于 50%', citation: '京工发〔2021〕19号 第五条第一款' }] };
    expect(listBoardResponse.parse(sent.body)).toMatchObject({ submitted: true, submissionNote: note });

    // The city federation (the level that receives the list) reads the reason beside the breach.
    const received = await board(organiser, cmp.campaignId, 'dist-jiefang');
    expect(received.submissionNote).toEqual(note);
    expect(received.breaches.map((b) => b.ruleId)).toEqual(['list.nonPublicShare']);
    expect(received.applications.filter((a) => a.status === 'recommended')).toHaveLength(20);

    // The audit event of the sending carries the reason and the rule it answers.
    const event = (await auditOf(cmp.campaignId)).find((e) => e.action === 'application.passed');
    expect(event?.reason).toBe(`解放区推荐名单上报；上报说明：${reason}`);
    expect(event?.data).toMatchObject({ advisoryReason: reason, advisories: ['模范职工之家、模范职工小家中非公有制单位占 45%（9/20），低于 50%（京工发〔2021〕19号 第五条第一款）'] });
  });
});

// ---- point 2: a rule binds the recommenders it names -------------------------------------------------------------------

describe('beijing-2021: an industry union (产业工会) recommending beside the districts', () => {
  it('is not held to the districts\' 非公 rule, but is to the 20% organ rule that names 各产业工会', async () => {
    // 焦作市教育工会: an industry union at the districts' level of the tree, with its own reviewer.
    const now = systemNow();
    await putItems([
      orgItem({ orgId: 'ind-edu', name: '焦作市教育工会', level: 'district', kind: 'industryUnion', parentId: 'city-jz', path: '/city-jz/ind-edu' }, now),
      { ...keys.member('staff-ind-edu'), entity: 'member', memberId: 'staff-ind-edu', name: '教育工会审核人', orgId: 'ind-edu', gsi1pk: keys.childOf('ind-edu'), gsi1sk: 'MEMBER#教育工会审核人#staff-ind-edu', status: 'active' },
      { ...keys.role('staff-ind-edu', 'ind-edu', 'reviewer'), entity: 'role', memberId: 'staff-ind-edu', orgId: 'ind-edu', role: 'reviewer', gsi1pk: keys.childOf('ind-edu'), gsi1sk: 'ROLE#reviewer#staff-ind-edu' },
    ]);
    const unions = await addUnions('edu', { orgId: 'ind-edu', path: '/city-jz/ind-edu' }, [
      { name: '焦作市第一中学工会', kind: 'institution', ownership: 'public' },
      { name: '焦作教育服务有限公司工会', kind: 'enterprise', ownership: 'public' },
    ]);
    const cmp = await publish('beijing-2021', [
      { orgId: 'dist-jiefang', quotaName: '解放区' },
      { orgId: 'ind-edu', quotaName: '市教育工会' },
    ]);
    await nominateAndPass(cmp, unions, 'staff-ind-edu');

    // No non-public unit at all (0/2): a district would see 第五条第一款's 非公 rule; the industry union does not.
    const industry = await board('staff-ind-edu', cmp.campaignId, 'ind-edu');
    expect(industry).toMatchObject({ unitKind: 'industryUnion', unitKindLabel: '产业工会', ok: true, needsReason: true });
    expect(industry.breaches.map((b) => [b.ruleId, b.severity, b.message])).toEqual([['list.organInstitutionUnions', 'advisory', '模范职工之家、模范职工小家中机关、事业单位工会占 50%（1/2），超过 20%']]);

    expect((await sendList('staff-ind-edu', cmp.campaignId, 'ind-edu')).status).toBe(400);
    const sent = await sendList('staff-ind-edu', cmp.campaignId, 'ind-edu', { advisoryReason: '第一中学工会为全市教育系统建家标杆，特此推荐。' });
    expect(sent.status).toBe(200);
    expect(listBoardResponse.parse(sent.body).submissionNote?.findings.map((f) => f.ruleId)).toEqual(['list.organInstitutionUnions']);
  });
});

// ---- point 3: totals across the campaign and the year ------------------------------------------------------------------

describe('qinhuangdao-2023: 15 模范职工之家 a year (第十一条), over every list and campaign of the year', () => {
  it('shows the running total, and refuses the 16th — whether in one decision, in a race, or in a second campaign', async () => {
    const unionsOf = (prefix: string, parent: { orgId: string; path: string }) =>
      addUnions(prefix, parent, Array.from({ length: 8 }, (_, i) => ({ name: `${prefix === 'qhd-jf' ? '解放' : '山阳'}企业${i + 1}工会`, kind: 'enterprise' as const, ownership: 'nonPublic' as const })));
    const [west, east] = [await unionsOf('qhd-jf', jiefangOrg), await unionsOf('qhd-sy', shanyangOrg)];
    const cmp = await publish('qinhuangdao-2023', [
      { orgId: 'dist-jiefang', quotaName: '解放区' },
      { orgId: 'dist-shanyang', quotaName: '山阳区' },
    ]);
    const fromWest = await nominateAndPass(cmp, west, jiefang);
    const fromEast = await nominateAndPass(cmp, east, callers.shanyangReviewer);

    // Neither list alone is held to the year's figure: each goes up with its 8.
    expect((await board(jiefang, cmp.campaignId, 'dist-jiefang')).breaches).toEqual([]);
    expect((await sendList(jiefang, cmp.campaignId, 'dist-jiefang')).status).toBe(200);
    expect((await sendList(callers.shanyangReviewer, cmp.campaignId, 'dist-shanyang')).status).toBe(200);
    const totals = (await board(jiefang, cmp.campaignId, 'dist-jiefang')).campaignTotals;
    expect(totals).toEqual([
      { title: 'modelHome', limit: 15, period: 'year', citation: '秦皇岛市选树管理实施办法（2023年） 第十一条', awarded: 0, recommended: 16, text: '全市 2026 年合计：模范职工之家 已授予 0/15 个，已上报待决定 16 个' },
    ]);

    // All 16 at once: refused with the article and the figures, and nothing is awarded.
    const all = [...fromWest, ...fromEast].map((a) => a.applicationId);
    const sixteen = await decideAward(cmp.campaignId, all);
    expect(sixteen).toMatchObject({ status: 409, body: { code: 'CAMPAIGN.TOTAL_EXCEEDED', details: [{ path: 'applicationIds' }] } });
    expect(sixteen.body.message).toBe('表彰决定超过评选总数，不能授予：模范职工之家每年 15 个（秦皇岛市选树管理实施办法（2023年） 第十一条），本年已授予 0 个，本次决定 16 个，合计 16 个。请减少本次决定授予的模范职工之家');
    expect(honoursResponse.parse((await call(campaign, 'GET /v1/campaigns/{campaignId}/honours', { params: { campaignId: cmp.campaignId } })).body).honours).toEqual([]);

    // Two decisions of 8 at once (each within the figure alone): one is made, the other refused — never 16.
    const raced = await Promise.all([decideAward(cmp.campaignId, all.slice(0, 8)), decideAward(cmp.campaignId, all.slice(8))]);
    expect(raced.map((r) => r.status).sort()).toEqual([201, 409]);
    expect(raced.find((r) => r.status === 409)?.body).toMatchObject({ code: 'CAMPAIGN.TOTAL_EXCEEDED', message: expect.stringContaining('本年已授予 8 个，本次决定 8 个，合计 16 个') });
    const waiting = raced[0]?.status === 201 ? all.slice(8) : all.slice(0, 8);

    // Seven more make 15; the 16th is refused.
    expect((await decideAward(cmp.campaignId, waiting.slice(0, 7))).status).toBe(201);
    const sixteenth = await decideAward(cmp.campaignId, waiting.slice(7));
    expect(sixteenth).toMatchObject({ status: 409, body: { code: 'CAMPAIGN.TOTAL_EXCEEDED', message: expect.stringContaining('本年已授予 15 个，本次决定 1 个，合计 16 个') } });
    expect(honoursResponse.parse((await call(campaign, 'GET /v1/campaigns/{campaignId}/honours', { params: { campaignId: cmp.campaignId } })).body).honours).toHaveLength(15);
    expect((await board(organiser, cmp.campaignId, 'dist-shanyang')).campaignTotals[0]?.text).toBe('全市 2026 年合计：模范职工之家 已授予 15/15 个，已上报待决定 1 个');

    // A second campaign of the same ruleset and year counts the first one's honours: its first home is the year's 16th.
    const second = await publish('qinhuangdao-2023', [{ orgId: 'dist-jiefang', quotaName: '解放区' }]);
    expect((await board(jiefang, second.campaignId, 'dist-jiefang')).campaignTotals[0]).toMatchObject({ awarded: 15, recommended: 0 });
    const [late] = await addUnions('qhd-late', jiefangOrg, [{ name: '晚报企业工会', kind: 'enterprise', ownership: 'nonPublic' }]);
    if (!late) throw new Error('no union added');
    // Recommended up to the city as the district would have left it (test/support/campaign-scale.ts writes the same shape).
    const lateApp: ApplicationRecord = {
      applicationId: 'app-00000000000000aa',
      campaignId: second.campaignId,
      title: 'modelHome',
      nominee: { kind: 'org', id: late.orgId, name: late.name },
      applyingUnitId: late.orgId,
      applyingUnitPath: `${jiefangOrg.path}/${late.orgId}`,
      recommendingUnitId: 'dist-jiefang',
      status: 'recommended',
      version: 3,
      atOrgId: 'city-jz',
      declared: {},
      narrative: '',
      summary: '职工之家建设成效显著。',
      consultation: '召开会员代表大会征求意见，无异议。',
      history: [],
      filedBy: late.chair,
    };
    await putApplications(table.db, table.tableName, [lateApp]);
    expect(await decideAward(second.campaignId, [lateApp.applicationId])).toMatchObject({ status: 409, body: { code: 'CAMPAIGN.TOTAL_EXCEEDED', message: expect.stringContaining('本年已授予 15 个') } });
  });
});
