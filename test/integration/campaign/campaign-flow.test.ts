import { randomBytes, randomUUID } from 'node:crypto';
import { createApplicationRequest, createCampaignRequest, decisionRequest } from '../../../shared/api/campaign';
import { openPublicityRequest, fileReportRequest } from '../../../shared/api/publicity';
import { forgedMaterial } from '../../../shared/publicity/report-categories';
import { holidayExtensions } from '../../../config/holidays';
import { officialCalendar } from '../../../shared/calendar';
import { createApplication, decideApplication, readApplication, saveApplication, submitApplication } from '../../../functions/campaign/applications';
import { createCampaign, type CampaignDeps } from '../../../functions/campaign/campaigns';
import { decideCampaign } from '../../../functions/campaign/honours';
import { listBoard, submitList } from '../../../functions/campaign/lists';
import { summaryWorkbook } from '../../../functions/campaign/summary-export';
import { castBallot, openAppraisal } from '../../../functions/appraisal/appraisals';
import { sealAppraisal } from '../../../functions/appraisal/seal';
import { closeDuePublicities, openPublicity, type PublicityDeps } from '../../../functions/publicity/publicities';
import { fileReport } from '../../../functions/publicity/reports';
import { listReports, recordFinding } from '../../../functions/publicity/investigation';
import { localKeyWrapper } from '../../../functions/publicity/reporter-envelope';
import { personalDataCipher } from '../../../functions/privacy/personal-data';
import { dynamoDirectory } from '../../../functions/storage/dynamo-directory';
import { readSheetRows } from '../../../functions/roster/excel';
import { createTestTable, type TestTable } from '../../support/dynamo';
import { appraisalDeps, appraisalRequest, yuntaiMembers } from '../appraisal/appraisal-support';
import { callers, personalDataKey } from '../roster/roster-support';

jest.setTimeout(180_000);

let table: TestTable;
const clock = { now: new Date('2026-11-23T09:00:00+08:00') };
let deps: CampaignDeps;
let pub: PublicityDeps;
const as = (memberId: string) => ({ memberId, openid: `o-${memberId}` });
const organiser = as(callers.cityOrganiser);
const jiefang = as(callers.jiefangReviewer);

beforeAll(async () => {
  table = await createTestTable({ seed: true });
  const directory = dynamoDirectory(table.db, table.tableName);
  deps = { db: table.db, table: table.tableName, directory, now: () => clock.now };
  pub = { ...deps, calendar: officialCalendar(holidayExtensions), keys: localKeyWrapper(randomBytes(32).toString('base64url')), cipher: personalDataCipher(personalDataKey) };
});
afterAll(async () => table.drop());

const campaignFor = (rulesetId: string, titles: string[]) =>
  createCampaign(deps, organiser, 'city-jz', createCampaignRequest.parse({
    requestId: randomUUID(),
    rulesetId,
    year: 2026,
    heading: `2026 年度评选（${rulesetId}）`,
    titles,
    recommendingUnits: [
      { orgId: 'dist-jiefang', quotaName: '解放区' },
      { orgId: 'dist-shanyang', quotaName: '山阳区' },
    ],
    submissionDeadline: '2026-12-31',
  }));

/** A sealed congress ballot of the union with `yes` of `of` voting yes. */
async function congressBallot(unionChair: string, unionId: string, members: string[], yes: number) {
  const clockNow = { now: new Date() };
  const adeps = appraisalDeps(table, clockNow);
  const ballot = await openAppraisal(adeps, as(unionChair), unionId, appraisalRequest({ kind: 'congressBallot', year: 2026, closesAt: new Date(Date.now() + 60_000).toISOString() }));
  await Promise.all(members.map((m, i) => castBallot(adeps, as(m), ballot.appraisalId, { vote: i < yes ? 'yes' : 'no' })));
  clockNow.now = new Date(Date.now() + 61_000);
  await sealAppraisal(adeps, ballot.appraisalId);
}

describe('a jiaozuo-2018 campaign from filing to honours', () => {
  it('runs filing, a failing condition fixed, the congress ballot, return for changes, a quota breach, a report that disqualifies, and the award', async () => {
    const campaign = await campaignFor('jiaozuo-2018', ['modelHome', 'outstandingWorker']);

    // Filing: the chair of 云台 files 模范职工之家 for the union.
    const draft = await createApplication(deps, as(callers.yuntaiChair), campaign.campaignId, createApplicationRequest.parse({ requestId: randomUUID(), title: 'modelHome', nominee: { kind: 'org', orgId: 'gu-yuntai' } }));
    expect(draft.status).toBe('draft');
    expect(draft.recommendingUnitId).toBe('dist-jiefang');

    // A barring circumstance declared: the condition fails with its article, and submitting is refused.
    const barred = await saveApplication(deps, as(callers.yuntaiChair), draft.applicationId, { version: draft.version, declared: { barringCircumstances: { seriousViolation: true } }, summary: '职工之家建设成效显著。' });
    const failing = barred.conditions.find((c) => c.status === 'fail');
    expect(failing?.citation).toContain('二、');
    await expect(submitApplication(deps, as(callers.yuntaiChair), draft.applicationId, barred.version)).rejects.toMatchObject({ code: 'APPLICATION.INELIGIBLE' });

    // Fixed; but JZ 三、（三） wants the congress's secret ballot first.
    // A declared 同意票率 is ignored: only a sealed ballot gives it.
    const fixed = await saveApplication(deps, as(callers.yuntaiChair), draft.applicationId, { version: barred.version, declared: { barringCircumstances: { seriousViolation: false, safetyAccident: false }, congressYesShare: 0.99 } });
    expect(fixed.facts.congressYesShare).toBeUndefined();
    await expect(submitApplication(deps, as(callers.yuntaiChair), draft.applicationId, fixed.version)).rejects.toMatchObject({ code: 'APPLICATION.STEP_MISSING' });
    await congressBallot(callers.yuntaiChair, 'gu-yuntai', yuntaiMembers(10, 29), 18); // 90 % yes
    const withBallot = await readApplication(deps, as(callers.yuntaiChair), draft.applicationId);
    expect(withBallot.facts.congressYesShare).toBeCloseTo(0.9);
    expect(withBallot.conditions.find((c) => c.conditionId === 'home.congressBallot')?.status).toBe('pass');
    const submitted = await submitApplication(deps, as(callers.yuntaiChair), draft.applicationId, withBallot.version);
    expect(submitted).toMatchObject({ status: 'submitted', atOrgId: 'dist-jiefang' });

    // Cross-subtree access refused: 山阳区's reviewer cannot read or decide it.
    await expect(readApplication(deps, as(callers.shanyangReviewer), draft.applicationId)).rejects.toMatchObject({ code: 'SCOPE.FORBIDDEN' });
    await expect(decideApplication(deps, as(callers.shanyangReviewer), draft.applicationId, decisionRequest.parse({ action: 'pass', version: submitted.version }))).rejects.toMatchObject({ code: 'SCOPE.FORBIDDEN' });

    // Return for changes, fix, resubmit.
    const returned = await decideApplication(deps, jiefang, draft.applicationId, decisionRequest.parse({ action: 'return', version: submitted.version, comment: '请补充职代会召开情况' }));
    expect(returned).toMatchObject({ status: 'returned', atOrgId: 'gu-yuntai' });
    const amended = await saveApplication(deps, as(callers.yuntaiChair), draft.applicationId, { version: returned.version, declared: { barringCircumstances: { seriousViolation: false, safetyAccident: false } }, narrative: '每年召开职代会两次，审议集体合同。' });
    const resubmitted = await submitApplication(deps, as(callers.yuntaiChair), draft.applicationId, amended.version);

    // Two reviewers at once: one decides, the other is told it changed meanwhile.
    const both = await Promise.allSettled([
      decideApplication(deps, jiefang, draft.applicationId, decisionRequest.parse({ action: 'pass', version: resubmitted.version })),
      decideApplication(deps, organiser, draft.applicationId, decisionRequest.parse({ action: 'pass', version: resubmitted.version })),
    ]);
    expect(both.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect((both.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason).toMatchObject({ code: 'APPLICATION.CHANGED_MEANWHILE' });

    // A second 模范职工之家 from 解放区 breaks its quota of 1 (JZ quota table): the list cannot go up.
    const renmin = await createApplication(deps, as(callers.renminChair), campaign.campaignId, createApplicationRequest.parse({ requestId: randomUUID(), title: 'modelHome', nominee: { kind: 'org', orgId: 'gu-renmin' } }));
    await congressBallot(callers.renminChair, 'gu-renmin', Array.from({ length: 10 }, (_, i) => `gu-renmin-m${String(20 + i).padStart(3, '0')}`), 10);
    const renminReady = await saveApplication(deps, as(callers.renminChair), renmin.applicationId, { version: (await readApplication(deps, as(callers.renminChair), renmin.applicationId)).version, declared: { barringCircumstances: { seriousViolation: false, safetyAccident: false } } });
    const renminSubmitted = await submitApplication(deps, as(callers.renminChair), renmin.applicationId, renminReady.version);
    const renminPassed = await decideApplication(deps, jiefang, renmin.applicationId, decisionRequest.parse({ action: 'pass', version: renminSubmitted.version }));
    const board = await listBoard(deps, jiefang, campaign.campaignId, 'dist-jiefang');
    expect(board.ok).toBe(false);
    expect(board.quotaUse.find((q) => q.title === '模范职工之家')).toEqual({ title: '模范职工之家', used: 2, quota: 1 });
    await expect(submitList(deps, jiefang, campaign.campaignId, 'dist-jiefang')).rejects.toMatchObject({ code: 'LIST.BREACH', message: expect.stringContaining('超过分配名额 1 个') });

    // The reviewer rejects one with grounds and article; the list goes up.
    await decideApplication(deps, jiefang, renmin.applicationId, decisionRequest.parse({ action: 'reject', version: renminPassed.version, comment: '名额所限，择优推荐', article: '一、（一）2.' }));
    const sent = await submitList(deps, jiefang, campaign.campaignId, 'dist-jiefang');
    expect(sent.submitted).toBe(true);

    // The export: Excel with Chinese headers and the recommended application.
    const exported = await summaryWorkbook(deps, organiser, campaign.campaignId, 'city-jz');
    const rows = await readSheetRows(Buffer.from(exported.base64, 'base64'));
    expect(JSON.stringify(rows)).toContain('云台新材料有限公司工会');
    expect(JSON.stringify(rows)).toContain('称号');

    // The final publicity: a report of forged material found true disqualifies; the award is refused for it.
    const finalList = await openPublicity(pub, organiser, 'city-jz', openPublicityRequest.parse({
      requestId: randomUUID(),
      level: 'final',
      rulesetId: 'jiaozuo-2018',
      year: 2026,
      heading: '焦作市模范职工之家拟表彰名单公示',
      entries: [{ nomineeName: '云台新材料有限公司工会', unitName: '云台新材料有限公司', title: 'modelHome', summary: '职工之家建设成效显著。', nomineeRef: 'gu-yuntai' }],
    }));
    await fileReport(pub, undefined, '10.1.1.1', finalList.publicityId, 'e001', fileReportRequest.parse({ requestId: randomUUID(), category: forgedMaterial, description: '申报材料中的职代会记录系事后补写，与单位考勤记录明显不符。' }));
    const report = (await listReports(pub, as('staff-city-2'))).reports.find((r) => r.publicityId === finalList.publicityId);
    await recordFinding(pub, as('staff-city-2'), report?.reportId ?? '', { outcome: 'substantiated', reason: '调阅考勤记录，会议当日单位放假。', article: '四、（一）' });
    await expect(decideCampaign(deps, organiser, campaign.campaignId, [draft.applicationId], '经市总工会研究决定')).rejects.toMatchObject({ code: 'APPLICATION.NOMINEE_DISQUALIFIED' });
    // And it cannot apply again in this campaign year.
    await expect(createApplication(deps, as(callers.yuntaiChair), campaign.campaignId, createApplicationRequest.parse({ requestId: randomUUID(), title: 'modelHome', nominee: { kind: 'org', orgId: 'gu-yuntai' } }))).rejects.toMatchObject({ code: 'APPLICATION.NOMINEE_DISQUALIFIED' });
  });
});

describe('a beijing-2021 campaign', () => {
  it('requires the unit publicity for its full window before submission, then goes through to honours with certificate numbers', async () => {
    clock.now = new Date('2026-11-23T09:00:00+08:00');
    const campaign = await campaignFor('beijing-2021', ['modelHome']);
    const app = await createApplication(deps, as(callers.taihangChair), campaign.campaignId, createApplicationRequest.parse({ requestId: randomUUID(), title: 'modelHome', nominee: { kind: 'org', orgId: 'gu-taihang' } }));
    const saved = await saveApplication(deps, as(callers.taihangChair), app.applicationId, { version: app.version, declared: {}, consultation: '召开会员代表座谈会征求意见，无异议。' });
    await expect(submitApplication(deps, as(callers.taihangChair), app.applicationId, saved.version)).rejects.toMatchObject({ code: 'APPLICATION.STEP_MISSING', message: expect.stringContaining('公示') });

    // The unit publicity (BJ 第十三条): five working days, no report; then it clears at the close.
    const unitList = await openPublicity(pub, as(callers.taihangChair), 'gu-taihang', openPublicityRequest.parse({
      requestId: randomUUID(),
      level: 'unit',
      rulesetId: 'beijing-2021',
      year: 2026,
      heading: '太行智造科技有限公司工会推荐公示',
      entries: [{ nomineeName: '太行智造科技有限公司工会', unitName: '太行智造科技有限公司', title: 'modelHome', summary: '职工之家建设成效显著。', nomineeRef: 'gu-taihang' }],
    }));
    await expect(submitApplication(deps, as(callers.taihangChair), app.applicationId, saved.version)).rejects.toMatchObject({ message: expect.stringContaining('尚未期满') });
    clock.now = new Date(Date.parse(unitList.endsAt) + 1000);
    await closeDuePublicities(pub, clock.now);
    const submitted = await submitApplication(deps, as(callers.taihangChair), app.applicationId, saved.version);
    const passed = await decideApplication(deps, as(callers.shanyangReviewer), app.applicationId, decisionRequest.parse({ action: 'pass', version: submitted.version }));
    expect(passed.status).toBe('passed');
    await submitList(deps, as(callers.shanyangReviewer), campaign.campaignId, 'dist-shanyang');
    const honours = await decideCampaign(deps, organiser, campaign.campaignId, [app.applicationId], '经市总工会研究决定');
    expect(honours).toEqual([expect.objectContaining({ certificateNo: 'BEIJING-2021-2026-0001', nomineeName: '太行智造科技有限公司工会', title: '模范职工之家' })]);
    expect((await readApplication(deps, organiser, app.applicationId)).status).toBe('awarded');
  });
});
