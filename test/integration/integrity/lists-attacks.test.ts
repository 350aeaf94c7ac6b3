import { randomUUID } from 'node:crypto';
import { GetCommand, PutCommand, QueryCommand } from '../../../functions/storage/document-client';
import { applicationResponse, campaignResponse, listBoardResponse } from '../../../shared/api/campaign';
import { auditKeys } from '../../../functions/audit/audit-items';
import { campaignKeys, type ApplicationRecord } from '../../../functions/campaign/campaign-items';
import { handler as campaign } from '../../../functions/handlers/campaign';
import { documentClient } from '../../../functions/storage/dynamo';
import { keys } from '../../../functions/storage/keys';
import { putApplications, scaleApplications } from '../../support/campaign-scale';
import { createTestTable, type TestTable } from '../../support/dynamo';
import { failNthTransaction } from '../../support/fail-nth-transaction';
import { setProductClock } from '../../support/product-clock';
import { call, callers, useTable } from '../roster/roster-support';

/**
 * DESIGN.md invariant 11 for recommending lists (issue 14, points 5–8): a district's list goes up whatever its size,
 * only the district's own reviewers send it, a send cut off half-way resumes without sending anything twice, and
 * concurrent changes end in 409 — never 500. Through the HTTP handler against DynamoDB Local; the applications of a
 * large list are written straight into the table (test/support/campaign-scale.ts), as the reviewers left them.
 */
jest.setTimeout(300_000);

let table: TestTable;
const organiser = callers.cityOrganiser;
const jiefang = callers.jiefangReviewer;
const shanyang = callers.shanyangReviewer;
const unions = ['gu-yuntai', 'gu-renmin', 'gu-fengshou'];

beforeAll(async () => {
  setProductClock('2026-11-23T09:00:00+08:00'); // a Monday
  table = await createTestTable({ seed: true });
  useTable(table);
});
// No drop: the file's own DynamoDB Local is in memory, and stopping it discards the tables.

/** A guangxi-2021 campaign of the city with 解放区 recommending (its list has a recommending-level window). */
async function publish(rulesetId = 'guangxi-2021') {
  const res = await call(campaign, 'POST /v1/orgs/{orgId}/campaigns', {
    as: organiser,
    params: { orgId: 'city-jz' },
    // 积极分子、之友 are confirmed only in the year the regional congress changes (桂工发〔2021〕8号 七、（一））: 2026 here.
    body: { requestId: randomUUID(), rulesetId, year: 2026, congressYear: 2026, heading: `2026 年度评选（${rulesetId}）`, titles: ['outstandingWorker', 'activist', 'friend'], recommendingUnits: [{ orgId: 'dist-jiefang', quotaName: '解放区' }], submissionDeadline: '2026-12-31' },
  });
  expect(res.status).toBe(201);
  return campaignResponse.parse(res.body).campaign;
}

async function passedApplications(campaignId: string, count: number): Promise<ApplicationRecord[]> {
  const apps = scaleApplications({ campaignId, count, status: 'passed', unitOrgId: 'dist-jiefang', unions, atOrgId: 'dist-jiefang', titles: ['outstandingWorker', 'activist', 'friend'] });
  await putApplications(table.db, table.tableName, apps);
  return apps;
}

const submitList = (as: string, campaignId: string) => call(campaign, 'POST /v1/campaigns/{campaignId}/lists/{orgId}/submit', { as, params: { campaignId, orgId: 'dist-jiefang' } });
const board = async (as: string, campaignId: string) => listBoardResponse.parse((await call(campaign, 'GET /v1/campaigns/{campaignId}/lists/{orgId}', { as, params: { campaignId, orgId: 'dist-jiefang' } })).body);
const stored = async (applicationId: string) => (await table.db.send(new GetCommand({ TableName: table.tableName, Key: campaignKeys.application(applicationId), ConsistentRead: true }))).Item as ApplicationRecord;
const storedAll = (apps: readonly ApplicationRecord[]) => Promise.all(apps.map((a) => stored(a.applicationId)));
const listItem = async (campaignId: string) => (await table.db.send(new GetCommand({ TableName: table.tableName, Key: campaignKeys.list(campaignId, 'dist-jiefang'), ConsistentRead: true }))).Item;

/** The audit events of a campaign (its chain): who sent which list. */
async function auditOf(campaignId: string): Promise<Record<string, unknown>[]> {
  const out = await table.db.send(new QueryCommand({ TableName: table.tableName, KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': auditKeys.chain('campaign', campaignId) }, ConsistentRead: true }));
  return out.Items ?? [];
}


describe('recommending lists at scale and under attack', () => {
  it('a city list of 1,000 passed applications goes up', async () => {
    const cmp = await publish();
    const apps = await passedApplications(cmp.campaignId, 1000);

    const sent = await submitList(jiefang, cmp.campaignId);

    expect(sent.status).toBe(200);
    const view = listBoardResponse.parse(sent.body);
    expect(view).toMatchObject({ submitted: true, publicityId: expect.stringMatching(/^pub-/) });
    expect(view.progress).toHaveLength(1000);
    const after = await storedAll(apps);
    expect(after.filter((a) => a.status === 'recommended' && a.atOrgId === 'city-jz' && a.version === 4)).toHaveLength(1000);
    const queue = await call(campaign, 'GET /v1/orgs/{orgId}/applications', { as: organiser, params: { orgId: 'city-jz' }, query: { status: 'recommended' } });
    expect((queue.body.applications as unknown[]).length).toBe(1000);
    // The recommending-level window (GX 七、（四）) lists all of them.
    const entries = await table.db.send(new QueryCommand({ TableName: table.tableName, KeyConditionExpression: 'pk = :p AND begins_with(sk, :e)', ExpressionAttributeValues: { ':p': `PUBLICITY#${view.publicityId ?? ''}`, ':e': 'ENTRY#' }, Select: 'COUNT', ConsistentRead: true }));
    expect(entries.Count).toBe(1000);
    // One accountable decision: who sent the list, with every application it sent.
    const events = (await auditOf(cmp.campaignId)).filter((e) => e.action === 'application.passed');
    expect(events).toHaveLength(1);
    expect((events[0]?.data as { applicationIds: string[] }).applicationIds).toHaveLength(1000);
  });

  it('the organiser cannot submit a district\'s list in its place', async () => {
    const cmp = await publish();
    const apps = await passedApplications(cmp.campaignId, 3);

    const refused = await submitList(organiser, cmp.campaignId);

    expect(refused).toMatchObject({ status: 403, body: { code: 'LIST.NOT_OWN_UNIT', message: expect.stringContaining('解放区总工会') } });
    expect(JSON.stringify(refused.body)).toContain('审核');
    // Nothing moved; the organiser may still read the board, and the district's reviewer sends it.
    expect(await listItem(cmp.campaignId)).toBeUndefined();
    expect((await storedAll(apps)).map((a) => a.status)).toEqual(['passed', 'passed', 'passed']);
    expect((await board(organiser, cmp.campaignId)).submitted).toBe(false);
    expect((await submitList(jiefang, cmp.campaignId)).status).toBe(200);
  });

  it('a reviewer granted on the city (above the district) cannot submit the district\'s list either', async () => {
    const cmp = await publish();
    await passedApplications(cmp.campaignId, 2);
    // staff-city-2 is made a reviewer of the city federation: it reviews everything below, but the district's list
    // is the district's to send (GX 七、（四）: the recommending unit's leadership decides its list).
    await table.db.send(new PutCommand({ TableName: table.tableName, Item: { ...keys.role('staff-city-2', 'city-jz', 'reviewer'), entity: 'role', memberId: 'staff-city-2', orgId: 'city-jz', role: 'reviewer', gsi1pk: keys.childOf('city-jz'), gsi1sk: 'ROLE#reviewer#staff-city-2' } }));

    const refused = await submitList('staff-city-2', cmp.campaignId);

    expect(refused).toMatchObject({ status: 403, body: { code: 'LIST.NOT_OWN_UNIT' } });
    expect((await board('staff-city-2', cmp.campaignId)).submitted).toBe(false);
    // Another district's reviewer: outside the subtree altogether.
    expect(await submitList(shanyang, cmp.campaignId)).toMatchObject({ status: 403, body: { code: 'SCOPE.FORBIDDEN' } });
  });

  it('a list send that stops half-way and is retried sends each application up exactly once', async () => {
    const cmp = await publish();
    const apps = await passedApplications(cmp.campaignId, 250);

    // The claim is the first transaction, then the applications in chunks: the third transaction fails.
    const failing = failNthTransaction(documentClient(), 3);
    const cut = await submitList(jiefang, cmp.campaignId);
    failing.restore();

    expect(cut.status).toBe(500);
    const halfway = await storedAll(apps);
    const moved = halfway.filter((a) => a.status === 'recommended').length;
    expect(moved).toBeGreaterThan(0);
    expect(moved).toBeLessThan(250);
    // Half-sent reads as not yet sent: the district sees the button again and sends the rest.
    expect((await board(jiefang, cmp.campaignId)).submitted).toBe(false);

    const retried = await submitList(jiefang, cmp.campaignId);

    expect(retried.status).toBe(200);
    expect(listBoardResponse.parse(retried.body)).toMatchObject({ submitted: true, publicityId: expect.stringMatching(/^pub-/) });
    const after = await storedAll(apps);
    expect(after.every((a) => a.status === 'recommended' && a.atOrgId === 'city-jz' && a.version === 4)).toBe(true);
    expect((await auditOf(cmp.campaignId)).filter((e) => e.action === 'application.passed')).toHaveLength(1);
    expect(await submitList(jiefang, cmp.campaignId)).toMatchObject({ status: 409, body: { code: 'LIST.ALREADY_SUBMITTED' } });
  });

  it('the same list sent twice at once goes up once, and neither request gets 500', async () => {
    const cmp = await publish();
    const apps = await passedApplications(cmp.campaignId, 120);

    const both = await Promise.all([submitList(jiefang, cmp.campaignId), submitList(jiefang, cmp.campaignId)]);

    // The request that loses the claim gets 409; one that arrives after the claim finishes the same send (200).
    expect(both.map((r) => r.status)).toContain(200);
    for (const r of both) expect([200, 409]).toContain(r.status);
    for (const r of both.filter((x) => x.status === 409)) expect(r.body.code).toMatch(/^(APPLICATION\.CHANGED_MEANWHILE|LIST\.ALREADY_SUBMITTED)$/);
    expect((await storedAll(apps)).every((a) => a.status === 'recommended' && a.version === 4)).toBe(true);
    expect((await auditOf(cmp.campaignId)).filter((e) => e.action === 'application.passed')).toHaveLength(1);
  });

  it('a reviewer who rejects a passed application while the list goes up gets 409 or leaves it behind — never 500', async () => {
    const cmp = await publish();
    const apps = await passedApplications(cmp.campaignId, 150);
    const target = apps[140] as ApplicationRecord;

    const [list, reject] = await Promise.all([
      submitList(jiefang, cmp.campaignId),
      call(campaign, 'POST /v1/applications/{applicationId}/decision', { as: jiefang, params: { applicationId: target.applicationId }, body: { version: target.version, action: 'reject', comment: '名额所限，择优推荐', article: '七、（五）' } }),
    ]);

    expect([200, 409]).toContain(list.status);
    expect([200, 409]).toContain(reject.status);
    const now = await stored(target.applicationId);
    if (reject.status === 200) expect(applicationResponse.parse(reject.body).application.status).toBe('rejected');
    expect(now.status).toBe(reject.status === 200 ? 'rejected' : 'recommended');
    const others = (await storedAll(apps)).filter((a) => a.applicationId !== target.applicationId);
    if (list.status === 200) expect(others.every((a) => a.status === 'recommended' && a.version === 4)).toBe(true);
    else expect(others.every((a) => a.status === 'passed')).toBe(true);
  });
});
