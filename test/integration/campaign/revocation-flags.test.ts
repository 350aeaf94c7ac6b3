import { randomUUID } from 'node:crypto';
import { GetCommand, PutCommand } from '../../../functions/storage/document-client';
import { appraisalRecordsResponse } from '../../../shared/api/appraisal';
import { applicationResponse, campaignResponse, finalPublicityResponse, honoursResponse, listBoardResponse, type ApplicationView } from '../../../shared/api/campaign';
import { publicityView } from '../../../shared/api/publicity';
import { handler as appraisal } from '../../../functions/handlers/appraisal';
import { handler as vote } from '../../../functions/handlers/vote';
import { handler as campaign } from '../../../functions/handlers/campaign';
import { handler as clock } from '../../../functions/handlers/clock';
import { handler as publicity } from '../../../functions/handlers/publicity';
import { keys } from '../../../functions/storage/keys';
import type { WeChatStandin } from '../../../scripts/local/wechat-standin';
import { createTestTable, type TestTable } from '../../support/dynamo';
import { advanceProductClock, setProductClock, systemNow } from '../../support/product-clock';
import { appraisalRequest } from '../appraisal/appraisal-support';
import { call, callers } from '../roster/roster-support';
import { useCampaignEnvironment } from './campaign-environment';

/**
 * Issue 16 point 5 through the handlers against DynamoDB Local: a beijing-2021 campaign awards 太行智造's union 模范职工
 * 之家 and its vice-chair 优秀工会工作者 in December 2026; the sealed ballots of the years around it raise the
 * revocation flags of 京工发〔2021〕19号 第二十条（九） and 第二十二条（一）（五） — only for those holders, and only from
 * two failing years after the award. Failing years before it (2021, 2022) count for nothing; 覃怀物流's union, which
 * holds no title, and 太行智造's chair, who holds none, are never flagged.
 */
jest.setTimeout(300_000);

let table: TestTable;
let wechat: WeChatStandin;
const organiser = callers.cityOrganiser;
const shanyang = callers.shanyangReviewer;
const taihang = 'gu-taihang';
const chair = callers.taihangChair; // gu-taihang-m001: chairs the union, holds no title
const viceChair = 'gu-taihang-m003'; // given 优秀工会工作者 below
const otherViceChair = 'gu-taihang-m002';

beforeAll(async () => {
  setProductClock('2021-12-06T09:30:00+08:00'); // a Monday
  table = await createTestTable({ seed: true });
  wechat = await useCampaignEnvironment(table);
  // gu-taihang-m003 is a vice-chair of the union (as the organiser's roles page grants it).
  await table.db.send(new PutCommand({ TableName: table.tableName, Item: { ...keys.role(viceChair, taihang, 'viceChair'), entity: 'role', memberId: viceChair, orgId: taihang, role: 'viceChair', gsi1pk: keys.childOf(taihang), gsi1sk: `ROLE#viceChair#${viceChair}` } }));
});
afterAll(async () => {
  await wechat.close();
  await table.drop();
});

const members = (unionId: string) => Array.from({ length: 10 }, (_, i) => `${unionId}-m${String(20 + i).padStart(3, '0')}`);

/** One ballot of this year through the API, six of ten voters 不满意; the clock seals it when it closes. */
async function failingBallot(opener: string, unionId: string, kind: 'memberAppraisal' | 'chairEvaluation') {
  const opened = await call(appraisal, 'POST /v1/orgs/{orgId}/appraisals', {
    as: opener,
    params: { orgId: unionId },
    body: appraisalRequest({ kind, rulesetId: 'beijing-2021', closesAt: new Date(systemNow().getTime() + 3600_000).toISOString() }, systemNow()),
  });
  expect(opened.status).toBe(201);
  const appraisalId = String((opened.body.appraisal as { appraisalId: string }).appraisalId);
  for (const [i, voter] of members(unionId).entries()) {
    const rating = i < 6 ? 'dissatisfied' : 'satisfied';
    const ballot = kind === 'memberAppraisal' ? { overall: rating, dimensions: Array(5).fill('satisfied') } : { candidates: { [chair]: rating, [otherViceChair]: 'satisfied', [viceChair]: rating } };
    expect((await call(vote, 'POST /v1/appraisals/{appraisalId}/ballot', { as: voter, params: { appraisalId }, body: ballot })).status).toBe(201);
  }
  advanceProductClock(3601_000);
  await clock();
}

/** The year's failing 会员评家 of 太行智造 (and its 主席测评) and of 覃怀物流. */
async function failingYear(at: string, withQinhuai: boolean) {
  setProductClock(at);
  await failingBallot(chair, taihang, 'memberAppraisal');
  await failingBallot(chair, taihang, 'chairEvaluation');
  if (withQinhuai) await failingBallot(callers.qinhuaiChair, 'gu-qinhuai', 'memberAppraisal');
}

async function flagsOf(orgId: string) {
  const res = await call(appraisal, 'GET /v1/orgs/{orgId}/appraisal-records', { as: shanyang, params: { orgId }, query: { rulesetId: 'beijing-2021' } });
  expect(res.status).toBe(200);
  return appraisalRecordsResponse.parse(res.body).revocationFlags;
}

async function closeWindow(publicityId: string) {
  const view = publicityView.parse((await call(publicity, 'GET /v1/publicities/{publicityId}', { as: organiser, params: { publicityId } })).body.publicity);
  setProductClock(Date.parse(view.endsAt) + 60_000);
  await clock();
}

const okApplication = (res: { status: number; body: Record<string, unknown> }, status = 200): ApplicationView => {
  expect({ status: res.status, message: res.body.message }).toEqual({ status, message: undefined });
  return applicationResponse.parse(res.body).application;
};

/** 太行智造's union (模范职工之家) and its vice-chair (优秀工会工作者) through a whole beijing-2021 campaign to the award. */
async function awardTaihang(): Promise<void> {
  setProductClock('2026-11-30T09:00:00+08:00');
  const published = await call(campaign, 'POST /v1/orgs/{orgId}/campaigns', {
    as: organiser,
    params: { orgId: 'city-jz' },
    body: { requestId: randomUUID(), rulesetId: 'beijing-2021', year: 2026, heading: '2026 年度北京办法评选', titles: ['modelHome', 'outstandingWorker'], recommendingUnits: [{ orgId: 'dist-shanyang', quotaName: '山阳区' }], submissionDeadline: '2026-12-31' },
  });
  const { campaignId } = campaignResponse.parse(published.body).campaign;
  const fileFor = async (title: string, nominee: Record<string, string>) => okApplication(await call(campaign, 'POST /v1/campaigns/{campaignId}/applications', { as: chair, params: { campaignId }, body: { requestId: randomUUID(), title, nominee } }), 201);
  const save = async (app: ApplicationView, body: Record<string, unknown>) => okApplication(await call(campaign, 'PUT /v1/applications/{applicationId}', { as: chair, params: { applicationId: app.applicationId }, body: { version: app.version, declared: {}, ...body } }));
  const consulted = { consultation: '召开会员代表座谈会征求意见，无异议。' };
  // The departments BJ 第十三条 has the union consult (for an enterprise: 生态环境、人社、税务…), confirmed by the chair.
  const confirmed = (app: ApplicationView) => ({ attestations: Object.fromEntries(app.gates.filter((g) => !g.passed && !['consultation', 'unitPublicity', 'congressBallot'].includes(g.id)).map((g) => [g.id, true])) });
  const homeDraft = await fileFor('modelHome', { kind: 'org', orgId: taihang });
  const home = await save(homeDraft, { ...consulted, declared: confirmed(homeDraft), summary: '职工之家建设成效显著。' });
  const workerDraft = await fileFor('outstandingWorker', { kind: 'person', memberId: viceChair });
  const worker = await save(workerDraft, { ...consulted, declared: { nominee: { gender: 'female', isLeadingBodyCadre: false }, ...confirmed(workerDraft) }, summary: '热忱服务职工群众。' });

  // BJ 第十三条: both in the union's own publicity for its full window.
  const entry = (app: ApplicationView, ref: string) => ({ nomineeName: app.nominee.name, unitName: '太行智造科技有限公司', title: app.title, summary: '事迹突出。', nomineeRef: ref });
  const unit = await call(publicity, 'POST /v1/orgs/{orgId}/publicities', {
    as: chair,
    params: { orgId: taihang },
    body: { requestId: randomUUID(), level: 'unit', rulesetId: 'beijing-2021', year: 2026, heading: '本会推荐对象公示', entries: [entry(home, taihang), entry(worker, viceChair)] },
  });
  expect(unit.status).toBe(201);
  await closeWindow(publicityView.parse(unit.body.publicity).publicityId);

  for (const app of [home, worker]) {
    const submitted = okApplication(await call(campaign, 'POST /v1/applications/{applicationId}/submit', { as: chair, params: { applicationId: app.applicationId }, body: { version: app.version } }));
    okApplication(await call(campaign, 'POST /v1/applications/{applicationId}/decision', { as: shanyang, params: { applicationId: app.applicationId }, body: { version: submitted.version, action: 'pass' } }));
  }
  const sent = await call(campaign, 'POST /v1/campaigns/{campaignId}/lists/{orgId}/submit', { as: shanyang, params: { campaignId, orgId: 'dist-shanyang' } });
  expect({ status: sent.status, message: sent.body.message }).toEqual({ status: 200, message: undefined });
  expect(listBoardResponse.parse(sent.body).submitted).toBe(true);
  const final = finalPublicityResponse.parse((await call(campaign, 'POST /v1/campaigns/{campaignId}/final-publicity', { as: organiser, params: { campaignId } })).body);
  await closeWindow(final.publicity?.publicityId ?? '');
  const awarded = await call(campaign, 'POST /v1/campaigns/{campaignId}/decision', { as: organiser, params: { campaignId }, body: { applicationIds: [home.applicationId, worker.applicationId], reason: '经市总工会研究决定' } });
  expect(awarded.status).toBe(201);
  expect(honoursResponse.parse(awarded.body).honours.map((h) => h.awardedAt.slice(0, 4))).toEqual(['2026', '2026']);
}

describe('revocation flags of a beijing-2021 campaign’s holders', () => {
  it('are raised by two failing years after the award, for the union and its titled vice-chair only', async () => {
    // Two failing years long before the campaign (outside its 评选依据年度 2023–2025, so the award is lawful).
    await failingYear('2021-12-06T09:30:00+08:00', true);
    await failingYear('2022-12-05T09:30:00+08:00', true);
    expect(await flagsOf(taihang)).toEqual([]); // holds nothing yet

    await awardTaihang();
    // Holders now; their failing years all came before the award.
    expect(await flagsOf(taihang)).toEqual([]);

    await failingYear('2027-12-06T09:30:00+08:00', true);
    expect(await flagsOf(taihang)).toEqual([]); // one failing year after the award is not 连续两年

    await failingYear('2028-12-04T09:30:00+08:00', true);
    const flags = await flagsOf(taihang);
    const rows = flags.map((f) => [f.holder, f.title, f.citation.replace('京工发〔2021〕19号 ', ''), f.awardedYear, f.years]);
    const titled = await nameOf(viceChair);
    expect(rows).toEqual([
      ['太行智造科技有限公司工会', '模范职工之家', '第二十条（九）', 2026, [2027, 2028]],
      [titled, '优秀工会工作者', '第二十二条（一）', 2026, [2027, 2028]],
      [titled, '优秀工会工作者', '第二十二条（五）', 2026, [2027, 2028]],
    ]);
    expect(flags[0]?.explanation).toBe('2027 年、2028 年会员评家不满意率分别为 60%、60%，连续 2 年超过 50%');
    expect(flags[1]?.explanation).toBe('2027 年、2028 年工会会员代表大会测评等次均为不满意，连续 2 年');
    expect(flags[0]?.certificateNo).toMatch(/^BEIJING-2021-2026-\d{4}$/);
    // The chair was graded 不满意 in the same years but holds no title; 覃怀物流 failed the same years and holds none.
    expect(flags.map((f) => f.holder)).not.toContain(await nameOf(chair));
    expect(await flagsOf('gu-qinhuai')).toEqual([]);
  });
});

async function nameOf(memberId: string): Promise<string> {
  return String((await table.db.send(new GetCommand({ TableName: table.tableName, Key: keys.member(memberId) }))).Item?.name);
}
