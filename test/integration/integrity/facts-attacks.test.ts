import { randomUUID } from 'node:crypto';
import { UpdateCommand } from '../../../functions/storage/document-client';
import { applicationResponse, campaignResponse, type ApplicationView } from '../../../shared/api/campaign';
import { handler as campaign } from '../../../functions/handlers/campaign';
import { handler as roster } from '../../../functions/handlers/roster';
import { campaignKeys } from '../../../functions/campaign/campaign-items';
import { createTestTable, type TestTable } from '../../support/dynamo';
import { setProductClock } from '../../support/product-clock';
import { useAppraisalTables } from '../appraisal/appraisal-support';
import { call, callers } from '../roster/roster-support';

/**
 * Issue 14 (DESIGN.md invariants 10 and 11): facts the federation directory knows — an org's kind, ownership, level
 * and place in the tree, a person's office in the union — are never taken from what an applicant declares, and a
 * nominee is filed only for a title its level may hold. Each attack goes through the campaign handler against
 * DynamoDB Local at a fixed instant of the product's clock; each test is named after the attack it stops.
 */
jest.setTimeout(120_000);

let table: TestTable;
const organiser = callers.cityOrganiser;
/** 丰收路街道联合工会: a 街道 (township) union, which beijing-2021 第五条第二款 leaves out of 模范职工之家. */
const fengshouChair = 'gu-fengshou-m001';

beforeAll(async () => {
  setProductClock('2026-11-23T09:00:00+08:00'); // a Monday
  table = await createTestTable({ seed: true });
  useAppraisalTables(table);
});
afterAll(async () => {
  await table.drop();
});

async function publish(rulesetId: string, titles: string[]) {
  const res = await call(campaign, 'POST /v1/orgs/{orgId}/campaigns', {
    as: organiser,
    params: { orgId: 'city-jz' },
    body: { requestId: randomUUID(), rulesetId, year: 2026, heading: `2026 年度评选（${rulesetId}）`, titles, recommendingUnits: [{ orgId: 'dist-jiefang', quotaName: '解放区' }, { orgId: 'dist-shanyang', quotaName: '山阳区' }], submissionDeadline: '2026-12-31' },
  });
  expect(res.status).toBe(201);
  return campaignResponse.parse(res.body).campaign;
}

const fileAs = (chair: string, campaignId: string, title: string, nominee: Record<string, string>) =>
  call(campaign, 'POST /v1/campaigns/{campaignId}/applications', { as: chair, params: { campaignId }, body: { requestId: randomUUID(), title, nominee } });

async function file(chair: string, campaignId: string, title: string, nominee: Record<string, string>): Promise<ApplicationView> {
  const res = await fileAs(chair, campaignId, title, nominee);
  expect(res.status).toBe(201);
  return applicationResponse.parse(res.body).application;
}

const save = (as: string, app: ApplicationView, declared: Record<string, unknown>) =>
  call(campaign, 'PUT /v1/applications/{applicationId}', { as, params: { applicationId: app.applicationId }, body: { version: app.version, declared } });
const read = async (as: string, applicationId: string) => applicationResponse.parse((await call(campaign, 'GET /v1/applications/{applicationId}', { as, params: { applicationId } })).body).application;
const submit = (as: string, app: ApplicationView) => call(campaign, 'POST /v1/applications/{applicationId}/submit', { as, params: { applicationId: app.applicationId }, body: { version: app.version } });
const condition = (app: ApplicationView, id: string) => app.conditions.find((c) => c.conditionId === id);

describe('facts the directory knows are not declarations', () => {
  it('an applicant cannot declare its way out of beijing-2021 第五条第二款 by declaring another org kind', async () => {
    const cmp = await publish('beijing-2021', ['modelHome', 'modelSmallHome', 'outstandingWorker']);
    const draft = await file(fengshouChair, cmp.campaignId, 'modelHome', { kind: 'org', orgId: 'gu-fengshou' });
    expect(condition(draft, 'home.notFederation')).toMatchObject({ status: 'fail', citation: expect.stringContaining('第五条第二款') });

    const declared = await save(fengshouChair, draft, { nominee: { orgKind: 'enterprise', isOrganOrInstitution: false }, barringCircumstances: { seriousViolation: false } });

    expect(declared).toMatchObject({ status: 400, body: { code: 'APPLICATION.DIRECTORY_FACT' } });
    expect((declared.body.details as { path: string }[]).map((d) => d.path)).toEqual(['declared.nominee.orgKind', 'declared.nominee.isOrganOrInstitution']);
    expect(String(declared.body.message)).toContain('单位（组织）类型');
    const after = await read(fengshouChair, draft.applicationId);
    expect(after.version).toBe(draft.version);
    expect(after.facts.nominee).toMatchObject({ orgKind: 'township' });
    expect(condition(after, 'home.notFederation')).toMatchObject({ status: 'fail' });
    const refused = await submit(fengshouChair, after);
    expect(refused).toMatchObject({ status: 409, body: { code: 'APPLICATION.INELIGIBLE' } });
    expect(String(refused.body.message)).toContain('第五条第二款');
  });

  it('an applicant cannot declare a public-ownership union non-public to count towards a 非公 share', async () => {
    const cmp = await publish('jiaozuo-2018', ['modelHome']);
    const draft = await file(callers.qinhuaiChair, cmp.campaignId, 'modelHome', { kind: 'org', orgId: 'gu-qinhuai' });

    const declared = await save(callers.qinhuaiChair, draft, { nominee: { ownership: 'nonPublic' } });

    expect(declared).toMatchObject({ status: 400, body: { code: 'APPLICATION.DIRECTORY_FACT', details: [{ path: 'declared.nominee.ownership', message: expect.stringContaining('所有制性质') }] } });
    const after = await read(callers.qinhuaiChair, draft.applicationId);
    expect(after.version).toBe(draft.version);
    expect(after.facts.nominee).toMatchObject({ ownership: 'public' });
  });

  it('an applicant cannot declare its nominee another kind than it filed', async () => {
    const cmp = await publish('beijing-2021', ['modelHome']);
    const draft = await file(callers.yuntaiChair, cmp.campaignId, 'modelHome', { kind: 'org', orgId: 'gu-yuntai' });

    const declared = await save(callers.yuntaiChair, draft, { nominee: { kind: 'person' } });

    expect(declared).toMatchObject({ status: 400, body: { code: 'APPLICATION.DIRECTORY_FACT', details: [{ path: 'declared.nominee.kind' }] } });
    expect((await read(callers.yuntaiChair, draft.applicationId)).facts.nominee).toMatchObject({ kind: 'org', orgKind: 'enterprise', ownership: 'nonPublic' });
  });

  it('a directory fact stored as a declaration before this check does not override the directory', async () => {
    const cmp = await publish('beijing-2021', ['modelHome']);
    const draft = await file(fengshouChair, cmp.campaignId, 'modelHome', { kind: 'org', orgId: 'gu-fengshou' });
    // As an older server would have stored it.
    await table.db.send(
      new UpdateCommand({ TableName: table.tableName, Key: campaignKeys.application(draft.applicationId), UpdateExpression: 'SET declared = :d', ExpressionAttributeValues: { ':d': { nominee: { orgKind: 'enterprise', ownership: 'public', kind: 'subOrg' } } } }),
    );

    const after = await read(fengshouChair, draft.applicationId);

    expect(after.facts.nominee).toMatchObject({ kind: 'org', orgKind: 'township', ownership: 'nonPublic' });
    expect(condition(after, 'home.notFederation')).toMatchObject({ status: 'fail' });
    expect(condition(after, 'nominee.kind')).toMatchObject({ status: 'pass' });
  });

  it('a chair nominated as a person cannot declare away the conditions beijing-2021 第八条（三） sets for chairs', async () => {
    const cmp = await publish('beijing-2021', ['outstandingWorker']);
    const draft = await file(callers.yuntaiChair, cmp.campaignId, 'outstandingWorker', { kind: 'person', memberId: callers.yuntaiChair });
    expect(draft.facts.nominee).toMatchObject({ role: 'chair' });

    const declared = await save(callers.yuntaiChair, draft, { nominee: { role: 'other', gender: 'male' } });

    expect(declared).toMatchObject({ status: 400, body: { code: 'APPLICATION.DIRECTORY_FACT', details: [{ path: 'declared.nominee.role', message: expect.stringContaining('工会主席') }] } });
    const after = await read(callers.yuntaiChair, draft.applicationId);
    expect(after.version).toBe(draft.version);
    expect(condition(after, 'worker.chairEvaluation')?.explanation).not.toContain('不适用');
    // Declaring the office the directory records is not an attack: it is accepted.
    expect((await save(callers.yuntaiChair, after, { nominee: { role: 'chair', gender: 'male' } })).status).toBe(200);
  });
});

describe('declarations at the same time', () => {
  it('two autosaves of one draft at once: one is kept, the other gets 409 and reverts nothing', async () => {
    const cmp = await publish('beijing-2021', ['modelHome']);
    const draft = await file(callers.renminChair, cmp.campaignId, 'modelHome', { kind: 'org', orgId: 'gu-renmin' });

    const both = await Promise.all([save(callers.renminChair, draft, { memberInfoCollectionRate: { 2026: 0.97 } }), save(callers.renminChair, draft, { memberInfoCollectionRate: { 2026: 0.5 } })]);

    expect(both.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(both.find((r) => r.status === 409)?.body).toMatchObject({ code: 'APPLICATION.CHANGED_MEANWHILE' });
    const kept = applicationResponse.parse(both.find((r) => r.status === 200)?.body).application;
    expect((await read(callers.renminChair, draft.applicationId)).facts.memberInfoCollectionRate).toEqual(kept.facts.memberInfoCollectionRate);
  });
});

describe('a nominee is filed only for a title its level may hold', () => {
  it('a grassroots union cannot be filed for 模范职工小家, which beijing-2021 第五条第三款 gives to the unions below it', async () => {
    const cmp = await publish('beijing-2021', ['modelHome', 'modelSmallHome']);

    const res = await fileAs(callers.yuntaiChair, cmp.campaignId, 'modelSmallHome', { kind: 'subOrg', orgId: 'gu-yuntai' });

    expect(res).toMatchObject({ status: 400, body: { code: 'APPLICATION.NOMINEE_MISMATCH', details: [{ path: 'nominee.orgId' }] } });
    expect(String(res.body.message)).toContain('第五条第三款');
    expect(String(res.body.message)).toContain('基层工会');
    const filed = await call(campaign, 'GET /v1/orgs/{orgId}/filed-applications', { as: callers.yuntaiChair, params: { orgId: 'gu-yuntai' } });
    expect((filed.body.applications as { campaignId: string }[]).filter((a) => a.campaignId === cmp.campaignId)).toEqual([]);
  });

  it('a sub-union cannot be filed for 模范职工之家, which beijing-2021 第五条第二款 gives to grassroots unions', async () => {
    const cmp = await publish('beijing-2021', ['modelHome', 'modelSmallHome']);

    const res = await fileAs(callers.yuntaiChair, cmp.campaignId, 'modelHome', { kind: 'org', orgId: 'gu-yuntai-sub1' });

    expect(res).toMatchObject({ status: 400, body: { code: 'APPLICATION.NOMINEE_MISMATCH', details: [{ path: 'nominee.orgId' }] } });
    expect(String(res.body.message)).toContain('第五条第二款');
    // The lawful filing of the same sub-union: 模范职工小家.
    expect((await fileAs(callers.yuntaiChair, cmp.campaignId, 'modelSmallHome', { kind: 'subOrg', orgId: 'gu-yuntai-sub1' })).status).toBe(201);
  });

  it('a nominee of another kind than the title takes is refused at filing, naming the article', async () => {
    const cmp = await publish('beijing-2021', ['modelHome', 'outstandingWorker']);

    const union = await fileAs(callers.yuntaiChair, cmp.campaignId, 'outstandingWorker', { kind: 'org', orgId: 'gu-yuntai' });
    const person = await fileAs(callers.yuntaiChair, cmp.campaignId, 'modelHome', { kind: 'person', memberId: callers.yuntaiMember });

    expect(union).toMatchObject({ status: 400, body: { code: 'APPLICATION.NOMINEE_MISMATCH', details: [{ path: 'nominee.kind' }] } });
    expect(String(union.body.message)).toContain('第五条第四款');
    expect(person).toMatchObject({ status: 400, body: { code: 'APPLICATION.NOMINEE_MISMATCH', details: [{ path: 'nominee.kind' }] } });
    expect(String(person.body.message)).toContain('第五条第二款');
  });

  it('a member who has left the roster cannot be filed as a person', async () => {
    const cmp = await publish('beijing-2021', ['outstandingWorker']);
    const gone = 'gu-yuntai-m040';
    expect((await call(roster, 'DELETE /v1/orgs/{orgId}/roster/{memberId}', { as: callers.yuntaiChair, params: { orgId: 'gu-yuntai', memberId: gone } })).status).toBe(200);

    const res = await fileAs(callers.yuntaiChair, cmp.campaignId, 'outstandingWorker', { kind: 'person', memberId: gone });

    expect(res).toMatchObject({ status: 400, body: { details: [{ path: 'nominee.memberId' }] } });
  });
});
