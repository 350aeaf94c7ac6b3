import { randomBytes, randomUUID } from 'node:crypto';
import { ScanCommand } from '../../../functions/storage/document-client';
import { Workbook } from 'exceljs';
import { applicationResponse, campaignResponse, finalPublicityResponse, honoursResponse, listBoardResponse, type ApplicationView } from '../../../shared/api/campaign';
import { publicityView } from '../../../shared/api/publicity';
import { forgedMaterial } from '../../../shared/publicity/report-categories';
import { handler as campaign } from '../../../functions/handlers/campaign';
import { handler as appraisal } from '../../../functions/handlers/appraisal';
import { handler as vote } from '../../../functions/handlers/vote';
import { handler as publicity } from '../../../functions/handlers/publicity';
import { handler as clock } from '../../../functions/handlers/clock';
import { handler as inboxApi } from '../../../functions/handlers/inbox';
import { inboxResponse } from '../../../shared/api/inbox';
import { registerLocalTemplates } from '../../../scripts/local/local-stack';
import { startWechatStandin, type WeChatStandin } from '../../../scripts/local/wechat-standin';
import { createTestTable, type TestTable } from '../../support/dynamo';
import { advanceProductClock, setProductClock, systemNow } from '../../support/product-clock';
import { appraisalRequest, useAppraisalTables, yuntaiMembers } from '../appraisal/appraisal-support';
import { call, callers } from '../roster/roster-support';

/**
 * Whole campaigns through the HTTP API (the functions' handlers, as API Gateway calls them) against DynamoDB
 * Local: jiaozuo-2018 and beijing-2021 from publishing to honours, and guangxi-2021's recommending-level window.
 * Time moves by the product's clock (test/support/product-clock.ts): publicity windows and ballots close on the official
 * calendar and the clock function closes them, as the scheduler would.
 */
jest.setTimeout(240_000);

let table: TestTable;
let wechat: WeChatStandin;
const organiser = callers.cityOrganiser;
const investigator = 'staff-city-2';
const jiefang = callers.jiefangReviewer;
const shanyang = callers.shanyangReviewer;
const barringCleared = { barringCircumstances: { seriousViolation: false, safetyAccident: false } };

beforeAll(async () => {
  setProductClock('2026-11-23T09:00:00+08:00'); // a Monday
  table = await createTestTable({ seed: true });
  useAppraisalTables(table);
  // The clock also delivers the notices (campaign published, publicity closed) through WeChat's stand-in.
  wechat = await startWechatStandin({ appid: 'wx-test', secret: 'wechat-test-secret' });
  registerLocalTemplates(wechat);
  Object.assign(process.env, { REPORTER_KEY: randomBytes(32).toString('base64url'), WATCHER_KEY: randomBytes(32).toString('base64url'), WECHAT_API_BASE: wechat.url, WECHAT_APPID: 'wx-test', WECHAT_APP_SECRET: 'wechat-test-secret' });
});
afterAll(async () => {
  await wechat.close();
  await table.drop();
});

const later = (ms: number) => advanceProductClock(ms);
const runClock = () => clock();

async function publish(rulesetId: string, titles: string[], units = [{ orgId: 'dist-jiefang', quotaName: '解放区' }, { orgId: 'dist-shanyang', quotaName: '山阳区' }]) {
  const res = await call(campaign, 'POST /v1/orgs/{orgId}/campaigns', {
    as: organiser,
    params: { orgId: 'city-jz' },
    body: { requestId: randomUUID(), rulesetId, year: 2026, heading: `2026 年度评选（${rulesetId}）`, titles, recommendingUnits: units, submissionDeadline: '2026-12-31' },
  });
  expect(res.status).toBe(201);
  return campaignResponse.parse(res.body).campaign;
}

async function file(chair: string, campaignId: string, orgId: string, title = 'modelHome'): Promise<ApplicationView> {
  const res = await call(campaign, 'POST /v1/campaigns/{campaignId}/applications', { as: chair, params: { campaignId }, body: { requestId: randomUUID(), title, nominee: { kind: 'org', orgId } } });
  expect(res.status).toBe(201);
  return applicationResponse.parse(res.body).application;
}

const read = async (as: string, applicationId: string) => call(campaign, 'GET /v1/applications/{applicationId}', { as, params: { applicationId } });
const readOk = async (as: string, applicationId: string) => applicationResponse.parse((await read(as, applicationId)).body).application;
const save = async (as: string, app: ApplicationView, body: Record<string, unknown>) => {
  const res = await call(campaign, 'PUT /v1/applications/{applicationId}', { as, params: { applicationId: app.applicationId }, body: { version: app.version, declared: {}, ...body } });
  expect(res.status).toBe(200);
  return applicationResponse.parse(res.body).application;
};
const submit = (as: string, app: ApplicationView) => call(campaign, 'POST /v1/applications/{applicationId}/submit', { as, params: { applicationId: app.applicationId }, body: { version: app.version } });
const decide = (as: string, app: ApplicationView, body: Record<string, unknown>) => call(campaign, 'POST /v1/applications/{applicationId}/decision', { as, params: { applicationId: app.applicationId }, body: { version: app.version, ...body } });
const ok = (res: { status: number; body: Record<string, unknown> }) => {
  expect(res).toMatchObject({ status: 200 });
  return applicationResponse.parse(res.body).application;
};

/** The union's congress votes by secret ballot through the API; the clock seals it at its closing time. */
async function congressBallot(chair: string, unionId: string, members: string[], yes: number) {
  const opened = await call(appraisal, 'POST /v1/orgs/{orgId}/appraisals', { as: chair, params: { orgId: unionId }, body: appraisalRequest({ kind: 'congressBallot', closesAt: new Date(systemNow().getTime() + 3600_000).toISOString() }, systemNow()) });
  expect(opened.status).toBe(201);
  const appraisalId = String((opened.body.appraisal as { appraisalId: string }).appraisalId);
  for (const [i, m] of members.entries()) expect((await call(vote, 'POST /v1/appraisals/{appraisalId}/ballot', { as: m, params: { appraisalId }, body: { vote: i < yes ? 'yes' : 'no' } })).status).toBe(201);
  later(3601_000);
  await runClock();
}

/** A unit-level publicity (本单位公示) of the union's own nomination, run to its end by the clock. */
async function unitPublicity(chair: string, unionId: string, name: string, rulesetId: string) {
  const res = await call(publicity, 'POST /v1/orgs/{orgId}/publicities', {
    as: chair,
    params: { orgId: unionId },
    body: { requestId: randomUUID(), level: 'unit', rulesetId, year: 2026, heading: `${name}推荐公示`, entries: [{ nomineeName: name, unitName: name.replace(/工会$/, ''), title: 'modelHome', summary: '职工之家建设成效显著。', nomineeRef: unionId }] },
  });
  expect(res.status).toBe(201);
  return publicityView.parse(res.body.publicity);
}

async function report(publicityId: string, entryId: string, category = forgedMaterial) {
  const res = await call(publicity, 'POST /v1/publicities/{publicityId}/entries/{entryId}/reports', {
    params: { publicityId, entryId },
    body: { requestId: randomUUID(), category, description: '申报材料中的职代会记录系事后补写，与单位考勤记录明显不符。' },
  });
  expect(res.status).toBe(201);
  const listed = await call(publicity, 'GET /v1/reports', { as: investigator });
  return (listed.body.reports as { reportId: string; publicityId: string }[]).find((r) => r.publicityId === publicityId)?.reportId ?? '';
}

const finding = (reportId: string, outcome: string) =>
  call(publicity, 'POST /v1/reports/{reportId}/finding', { as: investigator, params: { reportId }, body: { outcome, reason: outcome === 'unsubstantiated' ? '调阅会议签到表和录像，会议如期召开。' : '调阅考勤记录，会议当日单位放假。', article: '第十九条' } });

async function closeWindow(publicityId: string) {
  // Read as the organiser: a unit publicity is shown to the union's members and the federations above it only.
  const view = publicityView.parse((await call(publicity, 'GET /v1/publicities/{publicityId}', { as: organiser, params: { publicityId } })).body.publicity);
  setProductClock(Date.parse(view.endsAt) + 60_000);
  await runClock();
  return publicityView.parse((await call(publicity, 'GET /v1/publicities/{publicityId}', { as: organiser, params: { publicityId } })).body.publicity);
}

describe('a jiaozuo-2018 campaign through the API', () => {
  it('goes from publishing to honours: live conditions, the congress ballot, a return loop, a conflict, a quota breach refused, the final window and the award', async () => {
    // A quota table the Rules engine refuses: 400 naming the row and the column, and nothing is published.
    const badTable = await call(campaign, 'POST /v1/orgs/{orgId}/campaigns', {
      as: organiser,
      params: { orgId: 'city-jz' },
      body: { requestId: randomUUID(), rulesetId: 'jiaozuo-2018', year: 2026, heading: '名额表有误的评选', titles: ['modelHome'], recommendingUnits: [{ orgId: 'dist-jiefang', quotaName: '解放区' }], quotaCsv: 'recommending_unit,modelHome\n解放区,三', submissionDeadline: '2026-12-31' },
    });
    expect(badTable).toMatchObject({ status: 400, body: { code: 'REQUEST.INVALID', details: [{ path: 'quotaCsv', message: expect.stringContaining('第 2 行「模范职工之家」列') }] } });
    expect(JSON.stringify((await call(campaign, 'GET /v1/campaigns', { as: organiser })).body)).not.toContain('名额表有误的评选');

    const cmp = await publish('jiaozuo-2018', ['modelHome', 'outstandingWorker']);

    // Publishing tells the chairs in scope (both districts), not the members.
    const notices = await table.db.send(new ScanCommand({ TableName: table.tableName, FilterExpression: 'entity = :o AND eventId = :e', ExpressionAttributeValues: { ':o': 'outbox', ':e': `campaign#${cmp.campaignId}#published` } }));
    const told = (notices.Items ?? []).map((n) => String(n.recipientId));
    expect(told).toEqual(expect.arrayContaining([callers.yuntaiChair, callers.renminChair, callers.taihangChair]));
    expect(told).not.toContain(callers.yuntaiMember);
    // The clock delivers it: the chair's inbox says what opened, until when, and opens the 申报 page.
    await runClock();
    const inbox = inboxResponse.parse((await call(inboxApi, 'GET /v1/inbox', { as: callers.yuntaiChair })).body);
    expect(inbox.notices.find((n) => n.templateKey === 'campaign.published')).toMatchObject({
      title: '评选申报已开始',
      body: expect.stringContaining('申报截止日期为2026年12月31日'),
      page: 'chair/pages/applications/index',
    });

    // Filing: a failing condition explained with its article; submitting refused with the reason.
    const draft = await file(callers.yuntaiChair, cmp.campaignId, 'gu-yuntai');
    expect(draft).toMatchObject({ status: 'draft', recommendingUnitId: 'dist-jiefang' });
    const barred = await save(callers.yuntaiChair, draft, { declared: { barringCircumstances: { seriousViolation: true } }, summary: '职工之家建设成效显著。' });
    expect(barred.conditions.find((c) => c.status === 'fail')?.citation).toContain('二、');
    const refused = await submit(callers.yuntaiChair, barred);
    expect(refused).toMatchObject({ status: 409, body: { code: 'APPLICATION.INELIGIBLE' } });
    expect(JSON.stringify(refused.body)).toContain('二、');

    // Bad input names the field and changes nothing.
    const tooLong = await call(campaign, 'PUT /v1/applications/{applicationId}', { as: callers.yuntaiChair, params: { applicationId: draft.applicationId }, body: { version: barred.version, declared: {}, summary: '事'.repeat(501) } });
    expect(tooLong.status).toBe(400);
    expect(JSON.stringify(tooLong.body)).toContain('summary');
    expect((await readOk(callers.yuntaiChair, draft.applicationId)).version).toBe(barred.version);

    // Fixed, but JZ 三、（三） wants the congress's secret ballot (≥85 % yes) first; a declared figure does not count.
    const fixed = await save(callers.yuntaiChair, barred, { declared: { ...barringCleared, congressYesShare: 0.99 } });
    expect(fixed.facts.congressYesShare).toBeUndefined();
    expect(await submit(callers.yuntaiChair, fixed)).toMatchObject({ status: 409, body: { code: 'APPLICATION.STEP_MISSING' } });
    await congressBallot(callers.yuntaiChair, 'gu-yuntai', yuntaiMembers(10, 29), 18); // 90 % yes
    const withBallot = await readOk(callers.yuntaiChair, draft.applicationId);
    expect(withBallot.facts.congressYesShare).toBeCloseTo(0.9);
    const submitted = ok(await submit(callers.yuntaiChair, withBallot));
    expect(submitted).toMatchObject({ status: 'submitted', atOrgId: 'dist-jiefang' });

    // Another subtree's reviewer can neither read nor decide it.
    expect(await read(shanyang, draft.applicationId)).toMatchObject({ status: 403 });
    expect(await decide(shanyang, submitted, { action: 'pass' })).toMatchObject({ status: 403 });
    expect((await call(campaign, 'GET /v1/orgs/{orgId}/applications', { as: shanyang, params: { orgId: 'dist-jiefang' } })).status).toBe(403);

    // Return for changes with a comment; the chair amends and resubmits.
    expect(await decide(jiefang, submitted, { action: 'return', comment: '太短' })).toMatchObject({ status: 400 });
    const returned = ok(await decide(jiefang, submitted, { action: 'return', comment: '请补充职代会召开情况' }));
    expect(returned).toMatchObject({ status: 'returned', atOrgId: 'gu-yuntai' });
    expect(returned.history.at(-1)?.comment).toBe('请补充职代会召开情况');
    const amended = await save(callers.yuntaiChair, returned, { declared: barringCleared, narrative: '每年召开职代会两次，审议集体合同。' });
    const resubmitted = ok(await submit(callers.yuntaiChair, amended));

    // Two decisions at once (the district's reviewer on two devices; the organiser above may not decide the district's
    // queue, test/integration/integrity/levels-attacks.test.ts): one decides, the other gets a clear conflict.
    const both = await Promise.all([decide(jiefang, resubmitted, { action: 'pass' }), decide(jiefang, resubmitted, { action: 'pass' })]);
    expect(both.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(JSON.stringify(both.find((r) => r.status === 409)?.body)).toContain('APPLICATION.CHANGED_MEANWHILE');

    // A second 模范职工之家 from 解放区 breaks its quota of 1: the board shows it and the list cannot go up.
    const renmin = await file(callers.renminChair, cmp.campaignId, 'gu-renmin');
    await congressBallot(callers.renminChair, 'gu-renmin', Array.from({ length: 10 }, (_, i) => `gu-renmin-m${String(20 + i).padStart(3, '0')}`), 10);
    const renminReady = await save(callers.renminChair, await readOk(callers.renminChair, renmin.applicationId), { declared: barringCleared });
    const renminPassed = ok(await decide(jiefang, ok(await submit(callers.renminChair, renminReady)), { action: 'pass' }));
    const board = listBoardResponse.parse((await call(campaign, 'GET /v1/campaigns/{campaignId}/lists/{orgId}', { as: jiefang, params: { campaignId: cmp.campaignId, orgId: 'dist-jiefang' } })).body);
    expect(board.ok).toBe(false);
    expect(board.quotaUse.find((q) => q.title === '模范职工之家')).toEqual({ title: '模范职工之家', used: 2, quota: 1 });
    const breach = await call(campaign, 'POST /v1/campaigns/{campaignId}/lists/{orgId}/submit', { as: jiefang, params: { campaignId: cmp.campaignId, orgId: 'dist-jiefang' } });
    expect(breach).toMatchObject({ status: 409, body: { code: 'LIST.BREACH', message: expect.stringContaining('超过分配名额 1 个') } });

    // Rejecting one needs grounds and an article; then the list goes up (JZ has no recommending-level window).
    expect(await decide(jiefang, renminPassed, { action: 'reject', comment: '名额所限，择优推荐' })).toMatchObject({ status: 400 });
    ok(await decide(jiefang, renminPassed, { action: 'reject', comment: '名额所限，择优推荐', article: '一、（一）2.' }));
    const sent = listBoardResponse.parse((await call(campaign, 'POST /v1/campaigns/{campaignId}/lists/{orgId}/submit', { as: jiefang, params: { campaignId: cmp.campaignId, orgId: 'dist-jiefang' } })).body);
    expect(sent).toMatchObject({ submitted: true, publicityId: null });
    // Issue 22: the district still sees what it sent, and where it stands above; the organiser sees the same list.
    const districtBoard = () => call(campaign, 'GET /v1/campaigns/{campaignId}/lists/{orgId}', { as: jiefang, params: { campaignId: cmp.campaignId, orgId: 'dist-jiefang' } }).then((r) => listBoardResponse.parse(r.body));
    const afterSending = await districtBoard();
    expect(afterSending.submitted).toBe(true);
    expect(afterSending.submittedAt).toEqual(expect.any(String));
    expect(afterSending.applications.map((a) => [a.nominee.name, a.status])).toEqual([['云台新材料有限公司工会', 'recommended']]);
    expect(afterSending.progress).toEqual([{ applicationId: draft.applicationId, label: '已上报焦作市总工会，审核中', atOrgName: '焦作市总工会' }]);
    const organiserBoard = listBoardResponse.parse((await call(campaign, 'GET /v1/campaigns/{campaignId}/lists/{orgId}', { as: organiser, params: { campaignId: cmp.campaignId, orgId: 'dist-jiefang' } })).body);
    expect(organiserBoard.applications.map((a) => a.applicationId)).toEqual([draft.applicationId]);
    // Another district's reviewer still cannot read it.
    expect((await call(campaign, 'GET /v1/campaigns/{campaignId}/lists/{orgId}', { as: callers.shanyangReviewer, params: { campaignId: cmp.campaignId, orgId: 'dist-jiefang' } })).status).toBe(403);

    // The summary tables: one workbook, 基本情况汇总表 and 信息汇总表, Chinese headers.
    const exported = await call(campaign, 'GET /v1/campaigns/{campaignId}/lists/{orgId}/export', { as: organiser, params: { campaignId: cmp.campaignId, orgId: 'city-jz' } });
    const workbook = new Workbook();
    await workbook.xlsx.load(Buffer.from(String(exported.body.base64), 'base64') as unknown as ArrayBuffer);
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['基本情况汇总表', '信息汇总表']);
    expect(workbook.getWorksheet('基本情况汇总表')?.getRow(1).values).toEqual(expect.arrayContaining(['称号', '名称/姓名', '推荐单位']));
    expect(workbook.getWorksheet('信息汇总表')?.getRow(1).values).toEqual(expect.arrayContaining(['所有制性质', '是否机关、事业单位']));
    expect(workbook.getWorksheet('基本情况汇总表')?.getRow(2).values).toEqual(expect.arrayContaining(['云台新材料有限公司工会']));

    // No decision before the proposed list has been publicised for its full window (JZ 四、（一）).
    const early = await call(campaign, 'POST /v1/campaigns/{campaignId}/decision', { as: organiser, params: { campaignId: cmp.campaignId }, body: { applicationIds: [draft.applicationId], reason: '经市总工会研究决定' } });
    expect(early).toMatchObject({ status: 409, body: { code: 'CAMPAIGN.PUBLICITY_PENDING', message: expect.stringContaining('四、（一）') } });
    expect((await call(campaign, 'POST /v1/campaigns/{campaignId}/final-publicity', { as: jiefang, params: { campaignId: cmp.campaignId } })).status).toBe(403);
    const opened = finalPublicityResponse.parse((await call(campaign, 'POST /v1/campaigns/{campaignId}/final-publicity', { as: organiser, params: { campaignId: cmp.campaignId } })).body);
    expect(opened.publicity).toMatchObject({ level: 'final', status: 'open', workingDays: 5, entries: [expect.objectContaining({ nomineeName: '云台新材料有限公司工会' })] });
    expect(opened.candidates).toEqual([expect.objectContaining({ applicationId: draft.applicationId, final: 'listed', finalLabel: '公示中' })]);

    // An objection found untrue holds the nominee at the close, then clears it.
    const reportId = await report(opened.publicity?.publicityId ?? '', 'e001', 'other');
    const closed = await closeWindow(opened.publicity?.publicityId ?? '');
    expect(closed.entries[0]?.status).toBe('held');
    const held = await call(campaign, 'POST /v1/campaigns/{campaignId}/decision', { as: organiser, params: { campaignId: cmp.campaignId }, body: { applicationIds: [draft.applicationId], reason: '经市总工会研究决定' } });
    expect(held).toMatchObject({ status: 409, body: { code: 'CAMPAIGN.PUBLICITY_PENDING', message: expect.stringContaining('举报尚在核查') } });
    expect((await finding(reportId, 'unsubstantiated')).status).toBe(200);

    const awarded = await call(campaign, 'POST /v1/campaigns/{campaignId}/decision', { as: organiser, params: { campaignId: cmp.campaignId }, body: { applicationIds: [draft.applicationId], reason: '经市总工会研究决定' } });
    expect(awarded.status).toBe(201);
    expect(honoursResponse.parse(awarded.body).honours).toEqual([expect.objectContaining({ certificateNo: 'JIAOZUO-2018-2026-0001', nomineeName: '云台新材料有限公司工会', title: '模范职工之家' })]);
    // The final list is public; the campaign reads as decided; the application as awarded.
    expect(honoursResponse.parse((await call(campaign, 'GET /v1/campaigns/{campaignId}/honours', { params: { campaignId: cmp.campaignId } })).body).honours).toHaveLength(1);
    expect(campaignResponse.parse((await call(campaign, 'GET /v1/campaigns/{campaignId}', { as: organiser, params: { campaignId: cmp.campaignId } })).body).campaign.status).toBe('decided');
    expect((await readOk(callers.yuntaiChair, draft.applicationId)).status).toBe('awarded');
    expect((await districtBoard()).progress).toEqual([expect.objectContaining({ applicationId: draft.applicationId, label: '已授予荣誉称号' })]);
  });
});

describe('a beijing-2021 campaign through the API', () => {
  it('requires each unit publicity, publicises the proposed list, disqualifies a nominee after a report found true and awards the other', async () => {
    setProductClock('2026-11-30T09:00:00+08:00');
    const cmp = await publish('beijing-2021', ['modelHome']);
    const taihang = await file(callers.taihangChair, cmp.campaignId, 'gu-taihang');
    const qinhuai = await file(callers.qinhuaiChair, cmp.campaignId, 'gu-qinhuai');
    // BJ 第十三条: the members' opinion, and for an enterprise the regulators' (生态环境、人社、税务、市场监管、应急管理).
    const consulted = { consultation: '召开会员代表座谈会征求意见，无异议。', summary: '职工之家建设成效显著。', declared: { attestations: { 'procedure.consultRegulators': true } } };
    const taihangReady = await save(callers.taihangChair, taihang, consulted);
    const qinhuaiReady = await save(callers.qinhuaiChair, qinhuai, consulted);
    // BJ 第十三条: the unit publicity first, for its full window.
    const missing = await submit(callers.taihangChair, taihangReady);
    expect(missing).toMatchObject({ status: 409, body: { code: 'APPLICATION.STEP_MISSING' } });
    expect(JSON.stringify(missing.body)).toContain('公示');
    const windows = [await unitPublicity(callers.taihangChair, 'gu-taihang', '太行智造科技有限公司工会', 'beijing-2021'), await unitPublicity(callers.qinhuaiChair, 'gu-qinhuai', '覃怀物流有限公司工会', 'beijing-2021')];
    expect(JSON.stringify((await submit(callers.taihangChair, taihangReady)).body)).toContain('尚未期满');
    await closeWindow(windows[0]?.publicityId ?? '');
    await closeWindow(windows[1]?.publicityId ?? '');

    const taihangIn = ok(await submit(callers.taihangChair, taihangReady));
    // A return loop: 覃怀 is sent back, amends, resubmits.
    const qinhuaiIn = ok(await submit(callers.qinhuaiChair, qinhuaiReady));
    const qinhuaiBack = ok(await decide(shanyang, qinhuaiIn, { action: 'return', comment: '请补充会员评家情况说明' }));
    const qinhuaiAgain = ok(await submit(callers.qinhuaiChair, await save(callers.qinhuaiChair, qinhuaiBack, { narrative: '会员评家满意率连续三年超过 90%。', declared: consulted.declared })));
    ok(await decide(shanyang, taihangIn, { action: 'pass' }));
    ok(await decide(shanyang, qinhuaiAgain, { action: 'pass' }));
    // 解放区's reviewer cannot pass 山阳区's list.
    expect((await call(campaign, 'POST /v1/campaigns/{campaignId}/lists/{orgId}/submit', { as: jiefang, params: { campaignId: cmp.campaignId, orgId: 'dist-shanyang' } })).status).toBe(403);
    const sent = listBoardResponse.parse((await call(campaign, 'POST /v1/campaigns/{campaignId}/lists/{orgId}/submit', { as: shanyang, params: { campaignId: cmp.campaignId, orgId: 'dist-shanyang' } })).body);
    expect(sent.submitted).toBe(true);

    // BJ 第十六条: the proposed list in the system's window, exactly five working days.
    const final = finalPublicityResponse.parse((await call(campaign, 'POST /v1/campaigns/{campaignId}/final-publicity', { as: organiser, params: { campaignId: cmp.campaignId } })).body);
    expect(final.publicity).toMatchObject({ level: 'final', workingDays: 5 });
    expect(final.publicity?.citation).toContain('第十六条');
    expect(final.publicity?.entries.map((e) => e.nomineeName).sort()).toEqual(['太行智造科技有限公司工会', '覃怀物流有限公司工会'].sort());
    const qinhuaiEntry = final.publicity?.entries.find((e) => e.nomineeName === '覃怀物流有限公司工会')?.entryId ?? '';
    const reportId = await report(final.publicity?.publicityId ?? '', qinhuaiEntry);
    expect((await finding(reportId, 'substantiated')).status).toBe(200);
    await closeWindow(final.publicity?.publicityId ?? '');

    const view = finalPublicityResponse.parse((await call(campaign, 'GET /v1/campaigns/{campaignId}/final-publicity', { as: organiser, params: { campaignId: cmp.campaignId } })).body);
    expect(Object.fromEntries(view.candidates.map((c) => [c.nomineeName, c.final]))).toEqual({ 太行智造科技有限公司工会: 'cleared', 覃怀物流有限公司工会: 'disqualified' });
    const both = await call(campaign, 'POST /v1/campaigns/{campaignId}/decision', { as: organiser, params: { campaignId: cmp.campaignId }, body: { applicationIds: [taihang.applicationId, qinhuai.applicationId], reason: '经市总工会研究决定' } });
    expect(both).toMatchObject({ status: 409, body: { code: 'APPLICATION.NOMINEE_DISQUALIFIED' } });
    const awarded = await call(campaign, 'POST /v1/campaigns/{campaignId}/decision', { as: organiser, params: { campaignId: cmp.campaignId }, body: { applicationIds: [taihang.applicationId], reason: '经市总工会研究决定' } });
    expect(honoursResponse.parse(awarded.body).honours).toEqual([expect.objectContaining({ certificateNo: 'BEIJING-2021-2026-0001', nomineeName: '太行智造科技有限公司工会' })]);
    // The disqualified union cannot apply again for the title this year (BJ 第十五条).
    const again = await call(campaign, 'POST /v1/campaigns/{campaignId}/applications', { as: callers.qinhuaiChair, params: { campaignId: cmp.campaignId }, body: { requestId: randomUUID(), title: 'modelHome', nominee: { kind: 'org', orgId: 'gu-qinhuai' } } });
    expect(again).toMatchObject({ status: 409, body: { code: 'APPLICATION.NOMINEE_DISQUALIFIED' } });
  });
});

describe('a guangxi-2021 campaign: the recommending-level window', () => {
  it('opens when the list goes up, and the proposed list waits until it has cleared', async () => {
    setProductClock('2026-12-07T09:00:00+08:00');
    const cmp = await publish('guangxi-2021', ['modelHome'], [{ orgId: 'dist-shanyang', quotaName: '山阳区' }]);
    const consulted = { consultation: '召开会员大会征求意见，无异议。', summary: '职工之家建设扎实。' };
    // Both unions file and run their unit publicity side by side (GX 七、（三）); the clock closes both windows.
    const shiyan = await save(callers.shiyanChair, await file(callers.shiyanChair, cmp.campaignId, 'gu-shiyan'), consulted);
    const taihang = await save(callers.taihangChair, await file(callers.taihangChair, cmp.campaignId, 'gu-taihang'), consulted);
    await unitPublicity(callers.shiyanChair, 'gu-shiyan', '山阳区实验学校工会', 'guangxi-2021');
    await closeWindow((await unitPublicity(callers.taihangChair, 'gu-taihang', '太行智造科技有限公司工会', 'guangxi-2021')).publicityId);
    const submitList = () => call(campaign, 'POST /v1/campaigns/{campaignId}/lists/{orgId}/submit', { as: shanyang, params: { campaignId: cmp.campaignId, orgId: 'dist-shanyang' } });

    // GX 七、（五） ("各市总工会推荐…来自非公有制单位的一般应不少于50%") binds city federations: 山阳区 is a district's, so
    // a school alone is no breach of it (test/integration/campaign/list-rules.test.ts holds the rules that do bind).
    ok(await decide(shanyang, ok(await submit(callers.shiyanChair, shiyan)), { action: 'pass' }));
    const schoolOnly = listBoardResponse.parse((await call(campaign, 'GET /v1/campaigns/{campaignId}/lists/{orgId}', { as: shanyang, params: { campaignId: cmp.campaignId, orgId: 'dist-shanyang' } })).body);
    expect(schoolOnly).toMatchObject({ unitKind: 'districtFederation', ok: true, needsReason: false, breaches: [], submitted: false });

    // With a private company beside it, the list goes up and its window opens.
    ok(await decide(shanyang, ok(await submit(callers.taihangChair, taihang)), { action: 'pass' }));
    const goingUp = await submitList();
    expect(goingUp.status).toBe(200);
    const sent = listBoardResponse.parse(goingUp.body);
    expect(sent.publicityId).toMatch(/^pub-/);
    const window = publicityView.parse((await call(publicity, 'GET /v1/publicities/{publicityId}', { params: { publicityId: sent.publicityId ?? '' } })).body.publicity);
    expect(window).toMatchObject({ level: 'recommending', orgId: 'dist-shanyang', status: 'open' });
    expect(window.entries.map((e) => e.nomineeName).sort()).toEqual(['山阳区实验学校工会', '太行智造科技有限公司工会'].sort());

    const early = await call(campaign, 'POST /v1/campaigns/{campaignId}/final-publicity', { as: organiser, params: { campaignId: cmp.campaignId } });
    expect(early).toMatchObject({ status: 409, body: { code: 'CAMPAIGN.PUBLICITY_PENDING', message: expect.stringContaining('山阳区实验学校工会') } });
    await closeWindow(window.publicityId);
    const final = await call(campaign, 'POST /v1/campaigns/{campaignId}/final-publicity', { as: organiser, params: { campaignId: cmp.campaignId } });
    expect(final.status).toBe(201);
    expect(finalPublicityResponse.parse(final.body).candidates).toEqual([expect.objectContaining({ recommending: 'cleared', final: 'listed' }), expect.objectContaining({ recommending: 'cleared', final: 'listed' })]);
  });
});
