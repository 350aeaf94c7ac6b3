import { randomUUID } from 'node:crypto';
import { applicationListResponse, applicationResponse, campaignResponse, type ApplicationView } from '../../../shared/api/campaign';
import { handler as campaign } from '../../../functions/handlers/campaign';
import { createTestTable, type TestTable } from '../../support/dynamo';
import { setProductClock } from '../../support/product-clock';
import { useAppraisalTables } from '../appraisal/appraisal-support';
import { call, callers } from '../roster/roster-support';

/**
 * Issue 14 (DESIGN.md invariants 8 and 11): review goes level by level (自下而上、逐级审核). The level an application
 * waits at (its atOrgId) decides it; a federation above sees it and may send it back to that level's review, never
 * decide in its place. Each attack goes through the campaign handler against DynamoDB Local at a fixed instant of
 * the product's clock; each test is named after the attack it stops.
 */
jest.setTimeout(120_000);

let table: TestTable;
let campaignId: string;
const organiser = callers.cityOrganiser;
const district = callers.jiefangReviewer;
const chair = callers.yuntaiChair;
/** Members of 云台 filed as 优秀工会工作者 (jiaozuo-2018 asks no ballot or unit publicity of a person). */
let nominees = ['gu-yuntai-m003', 'gu-yuntai-m004', 'gu-yuntai-m005', 'gu-yuntai-m006', 'gu-yuntai-m008', 'gu-yuntai-m009', 'gu-yuntai-m010', 'gu-yuntai-m011'];

beforeAll(async () => {
  setProductClock('2026-11-23T09:00:00+08:00'); // a Monday
  table = await createTestTable({ seed: true });
  useAppraisalTables(table);
  const res = await call(campaign, 'POST /v1/orgs/{orgId}/campaigns', {
    as: organiser,
    params: { orgId: 'city-jz' },
    body: { requestId: randomUUID(), rulesetId: 'jiaozuo-2018', year: 2026, heading: '2026 年度评选', titles: ['outstandingWorker'], recommendingUnits: [{ orgId: 'dist-jiefang', quotaName: '解放区' }], submissionDeadline: '2026-12-31' },
  });
  expect(res.status).toBe(201);
  campaignId = campaignResponse.parse(res.body).campaign.campaignId;
});
afterAll(async () => {
  await table.drop();
});

const ok = (res: { status: number; body: Record<string, unknown> }): ApplicationView => {
  expect(res).toMatchObject({ status: 200 });
  return applicationResponse.parse(res.body).application;
};
const read = async (as: string, app: ApplicationView) => ok(await call(campaign, 'GET /v1/applications/{applicationId}', { as, params: { applicationId: app.applicationId } }));
const decide = (as: string, app: ApplicationView, body: Record<string, unknown>) => call(campaign, 'POST /v1/applications/{applicationId}/decision', { as, params: { applicationId: app.applicationId }, body: { version: app.version, ...body } });
const sendBack = { action: 'return', comment: '请解放区总工会重新审核其工作实绩' };
const reject = { action: 'reject', comment: '工作实绩材料不实', article: '二、（三）2.' };

/** A 优秀工会工作者 application of 云台 waiting at 解放区's review. */
async function submitted(): Promise<ApplicationView> {
  const [memberId, ...rest] = nominees;
  nominees = rest;
  const filed = await call(campaign, 'POST /v1/campaigns/{campaignId}/applications', { as: chair, params: { campaignId }, body: { requestId: randomUUID(), title: 'outstandingWorker', nominee: { kind: 'person', memberId } } });
  expect(filed.status).toBe(201);
  const draft = applicationResponse.parse(filed.body).application;
  const sent = ok(await call(campaign, 'POST /v1/applications/{applicationId}/submit', { as: chair, params: { applicationId: draft.applicationId }, body: { version: draft.version } }));
  expect(sent).toMatchObject({ status: 'submitted', atOrgId: 'dist-jiefang' });
  return sent;
}

describe('each level decides its own queue', () => {
  it('the organiser above cannot pass an application waiting at the district’s review', async () => {
    const app = await submitted();

    const res = await decide(organiser, app, { action: 'pass' });

    expect(res).toMatchObject({ status: 403, body: { code: 'APPLICATION.NOT_YOUR_LEVEL', message: expect.stringContaining('解放区总工会') } });
    expect(await read(chair, app)).toMatchObject({ status: 'submitted', atOrgId: 'dist-jiefang', version: app.version });
  });

  it('the organiser above cannot reject an application in the district’s place', async () => {
    const app = await submitted();

    const res = await decide(organiser, app, reject);

    expect(res).toMatchObject({ status: 403, body: { code: 'APPLICATION.NOT_YOUR_LEVEL' } });
    expect(await read(chair, app)).toMatchObject({ status: 'submitted', version: app.version });
  });

  it('the organiser above cannot return an application to the applicant over the district’s head', async () => {
    const app = await submitted();

    const res = await decide(organiser, app, sendBack);

    expect(res).toMatchObject({ status: 403, body: { code: 'APPLICATION.NOT_YOUR_LEVEL' } });
    expect(await read(chair, app)).toMatchObject({ status: 'submitted', atOrgId: 'dist-jiefang', version: app.version });
  });

  it('the organiser above cannot undo the district’s pass by rejecting what the district passed', async () => {
    const passed = ok(await decide(district, await submitted(), { action: 'pass' }));

    const res = await decide(organiser, passed, reject);

    expect(res).toMatchObject({ status: 403, body: { code: 'APPLICATION.NOT_YOUR_LEVEL' } });
    expect(await read(chair, passed)).toMatchObject({ status: 'passed', version: passed.version });
  });

  it('a level above sees the district’s queue and may send a passed application back to the district’s review, which then decides', async () => {
    const passed = ok(await decide(district, await submitted(), { action: 'pass' }));
    const queue = applicationListResponse.parse((await call(campaign, 'GET /v1/orgs/{orgId}/applications', { as: organiser, params: { orgId: 'dist-jiefang' } })).body).applications;
    expect(queue.map((a) => a.applicationId)).toContain(passed.applicationId);

    const back = ok(await decide(organiser, passed, sendBack));

    expect(back).toMatchObject({ status: 'submitted', atOrgId: 'dist-jiefang' });
    expect(back.history.at(-1)).toMatchObject({ by: organiser, action: '上级退回重审', comment: sendBack.comment });
    // The district's own decision stands again.
    expect(ok(await decide(district, back, { action: 'pass' }))).toMatchObject({ status: 'passed', atOrgId: 'dist-jiefang' });
  });
});

describe('decisions at the same time', () => {
  it('two decisions of the district on one application at once: one is taken, the other gets 409', async () => {
    const app = await submitted();

    const both = await Promise.all([decide(district, app, { action: 'pass' }), decide(district, app, { action: 'return', comment: '请补充近三年工作实绩' })]);

    expect(both.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(both.find((r) => r.status === 409)?.body).toMatchObject({ code: 'APPLICATION.CHANGED_MEANWHILE', message: '该申报已被他人处理或修改，请刷新后再试' });
    const winner = applicationResponse.parse(both.find((r) => r.status === 200)?.body).application;
    expect(await read(chair, app)).toMatchObject({ status: winner.status, version: winner.version });
  });

  it('the district reconsidering and the level above sending back at once: one is taken, the other gets 409', async () => {
    const passed = ok(await decide(district, await submitted(), { action: 'pass' }));

    const both = await Promise.all([decide(district, passed, reject), decide(organiser, passed, sendBack)]);

    expect(both.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(both.find((r) => r.status === 409)?.body).toMatchObject({ code: 'APPLICATION.CHANGED_MEANWHILE' });
  });
});
