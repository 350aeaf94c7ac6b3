import { randomBytes, randomUUID } from 'node:crypto';
import { GetCommand, QueryCommand } from '../../../functions/storage/document-client';
import { applicationResponse, campaignListResponse, campaignResponse, finalPublicityResponse, honoursResponse, type ApplicationView, type CampaignView } from '../../../shared/api/campaign';
import { campaignKeys, type ApplicationRecord } from '../../../functions/campaign/campaign-items';
import { handler as campaign } from '../../../functions/handlers/campaign';
import { publicityDeps } from '../../../functions/handlers/publicity';
import { closePublicity } from '../../../functions/publicity/publicities';
import { documentClient } from '../../../functions/storage/dynamo';
import { putApplications, scaleApplications } from '../../support/campaign-scale';
import { createTestTable, type TestTable } from '../../support/dynamo';
import { failNthTransaction } from '../../support/fail-nth-transaction';
import { setProductClock } from '../../support/product-clock';
import { call, callers, useTable } from '../roster/roster-support';

/**
 * DESIGN.md invariants 9 and 11 for real sizes (issue 14, points 6–8): a decision of 500 nominees is made; certificate
 * numbers stay unique and gap-free when a decision stops half-way and is retried, or two run at once; every request
 * array and text has a bound, and an oversized request gets 400 naming the field — never 500 — and changes nothing.
 * Through the HTTP handler against DynamoDB Local; recommended applications are written straight into the table.
 */
jest.setTimeout(300_000);

let table: TestTable;
const organiser = callers.cityOrganiser;
const unions = ['gu-yuntai', 'gu-renmin', 'gu-fengshou'];

beforeAll(async () => {
  setProductClock('2026-11-23T09:00:00+08:00'); // a Monday
  table = await createTestTable({ seed: true });
  useTable(table);
  process.env.REPORTER_KEY = randomBytes(32).toString('base64url');
  process.env.WATCHER_KEY = randomBytes(32).toString('base64url');
});
// No drop: the file's own DynamoDB Local is in memory, and stopping it discards the tables.

const campaignBody = (overrides: Record<string, unknown> = {}) => ({
  requestId: randomUUID(),
  rulesetId: 'jiaozuo-2018',
  year: 2026,
  heading: '2026 年度评选（规模）',
  titles: ['outstandingWorker', 'activist', 'friend'],
  recommendingUnits: [{ orgId: 'dist-jiefang', quotaName: '解放区' }],
  submissionDeadline: '2026-12-31',
  ...overrides,
});
const createCampaign = (body: unknown) => call(campaign, 'POST /v1/orgs/{orgId}/campaigns', { as: organiser, params: { orgId: 'city-jz' }, body });

async function publish(year = 2026, overrides: Record<string, unknown> = {}): Promise<CampaignView> {
  const res = await createCampaign(campaignBody({ year, ...overrides }));
  expect(res.status).toBe(201);
  return campaignResponse.parse(res.body).campaign;
}

/**
 * A campaign to decide on, each test in its own year: certificate numbers run per series (<RULESET>-<year>), across
 * campaigns. Under beijing-2021, whose numbers each campaign notice sets (第十二条): jiaozuo-2018's own 一、（一） would
 * refuse a decision past 100 优秀工会工作者 (functions/campaign/award-totals.ts).
 */
const publishToDecide = (year: number) => publish(year, { rulesetId: 'beijing-2021', titles: ['outstandingWorker'] });

/**
 * `count` applications recommended up to the city, publicised in the final window (BJ 第十六条) and cleared: what the
 * organiser decides on.
 */
async function readyForDecision(count: number, year: number, batch = ''): Promise<{ cmp: CampaignView; apps: ApplicationRecord[] }> {
  const cmp = await publishToDecide(year);
  const apps = scaleApplications({ campaignId: cmp.campaignId, count, status: 'recommended', unitOrgId: 'dist-jiefang', unions, atOrgId: 'city-jz', titles: ['outstandingWorker'], batch });
  await putApplications(table.db, table.tableName, apps);
  const opened = await call(campaign, 'POST /v1/campaigns/{campaignId}/final-publicity', { as: organiser, params: { campaignId: cmp.campaignId } });
  expect(opened.status).toBe(201);
  const window = finalPublicityResponse.parse(opened.body).publicity;
  expect(window?.entries).toHaveLength(count);
  expect(await closePublicity(await publicityDeps(), window?.publicityId ?? '', new Date(Date.parse(window?.endsAt ?? '') + 60_000))).toBe(true);
  return { cmp, apps };
}

const decide = (campaignId: string, applicationIds: readonly string[]) =>
  call(campaign, 'POST /v1/campaigns/{campaignId}/decision', { as: organiser, params: { campaignId }, body: { applicationIds, reason: '经市总工会研究决定，授予荣誉称号' } });
const honoursOf = async (campaignId: string) => honoursResponse.parse((await call(campaign, 'GET /v1/campaigns/{campaignId}/honours', { params: { campaignId } })).body).honours;
const sequence = (certificateNo: string) => Number(certificateNo.split('-').at(-1));
const counterOf = async (cmp: CampaignView) => (await table.db.send(new GetCommand({ TableName: table.tableName, Key: campaignKeys.certificateSeries(`BEIJING-2021-${cmp.year}`), ConsistentRead: true }))).Item?.n as number | undefined;
const storedAll = (apps: readonly ApplicationRecord[]) =>
  Promise.all(apps.map(async (a) => (await table.db.send(new GetCommand({ TableName: table.tableName, Key: campaignKeys.application(a.applicationId), ConsistentRead: true }))).Item as ApplicationRecord));

/** Numbers 1..n, each once: no gap, no repeat. */
function expectGapFree(certificateNos: readonly string[]): void {
  const numbers = certificateNos.map(sequence).sort((a, b) => a - b);
  expect(numbers).toEqual(Array.from({ length: numbers.length }, (_, i) => i + 1));
}


describe('decisions at scale: certificate numbers', () => {
  it('a decision of 500 nominees is made', async () => {
    const { cmp, apps } = await readyForDecision(500, 2026);

    const decided = await decide(cmp.campaignId, apps.map((a) => a.applicationId));

    expect(decided.status).toBe(201);
    const honours = honoursResponse.parse(decided.body).honours;
    expect(honours).toHaveLength(500);
    expect(honours.map((h) => h.applicationId)).toEqual(apps.map((a) => a.applicationId));
    expect(honours[0]?.certificateNo).toBe('BEIJING-2021-2026-0001');
    expectGapFree(honours.map((h) => h.certificateNo));
    expect(await honoursOf(cmp.campaignId)).toHaveLength(500);
    expect(await counterOf(cmp)).toBe(500);
    expect((await storedAll(apps)).every((a) => a.status === 'awarded')).toBe(true);
    expect(campaignResponse.parse((await call(campaign, 'GET /v1/campaigns/{campaignId}', { as: organiser, params: { campaignId: cmp.campaignId } })).body).campaign.status).toBe('decided');
  });

  it('a decision that fails half-way and is retried leaves no gap in certificate numbers', async () => {
    const { cmp, apps } = await readyForDecision(200, 2027);
    const ids = apps.map((a) => a.applicationId);

    const failing = failNthTransaction(documentClient(), 3);
    const cut = await decide(cmp.campaignId, ids);
    failing.restore();

    expect(cut.status).toBe(500);
    const halfway = await honoursOf(cmp.campaignId);
    expect(halfway.length).toBeGreaterThan(0);
    expect(halfway.length).toBeLessThan(200);
    // Only numbers actually issued were taken from the counter.
    expect(await counterOf(cmp)).toBe(halfway.length);
    expectGapFree(halfway.map((h) => h.certificateNo));

    const retried = await decide(cmp.campaignId, ids);

    expect(retried.status).toBe(201);
    const honours = honoursResponse.parse(retried.body).honours;
    expect(honours.map((h) => h.applicationId)).toEqual(ids);
    // Those issued before the cut keep their numbers; the rest follow on.
    for (const h of halfway) expect(honours.find((x) => x.applicationId === h.applicationId)?.certificateNo).toBe(h.certificateNo);
    const all = await honoursOf(cmp.campaignId);
    expect(all).toHaveLength(200);
    expectGapFree(all.map((h) => h.certificateNo));
    expect(await counterOf(cmp)).toBe(200);
    expect((await storedAll(apps)).every((a) => a.status === 'awarded' && a.version === 4)).toBe(true);
  });

  it('two decisions at once leave certificate numbers unique and gap-free, and neither gets 500', async () => {
    const { cmp, apps } = await readyForDecision(160, 2028);
    const first = apps.slice(0, 80).map((a) => a.applicationId);
    const second = apps.slice(80).map((a) => a.applicationId);

    const both = await Promise.all([decide(cmp.campaignId, first), decide(cmp.campaignId, second), decide(cmp.campaignId, first)]);

    for (const res of both) expect([201, 409]).toContain(res.status);
    const all = await honoursOf(cmp.campaignId);
    expectGapFree(all.map((h) => h.certificateNo));
    expect(new Set(all.map((h) => h.applicationId)).size).toBe(all.length);
    expect(await counterOf(cmp)).toBe(all.length);
    // A 409 is retried as is and completes the rest.
    for (const [i, res] of both.entries()) if (res.status === 409) expect((await decide(cmp.campaignId, i === 1 ? second : first)).status).toBe(201);
    const final = await honoursOf(cmp.campaignId);
    expect(final).toHaveLength(160);
    expectGapFree(final.map((h) => h.certificateNo));
  });

  it('a decision naming the same application twice gets 400 naming applicationIds and issues nothing', async () => {
    const { cmp, apps } = await readyForDecision(3, 2029);
    const ids = apps.map((a) => a.applicationId);

    const repeated = await decide(cmp.campaignId, [...ids, ids[1] as string]);

    expect(repeated).toMatchObject({ status: 400, body: { code: 'REQUEST.INVALID', details: [expect.objectContaining({ path: 'applicationIds.3', message: expect.stringContaining('applicationIds') })] } });
    expect(await counterOf(cmp)).toBeUndefined();
    expect(await honoursOf(cmp.campaignId)).toHaveLength(0);
    const honours = honoursResponse.parse((await decide(cmp.campaignId, ids)).body).honours;
    expect(honours.map((h) => h.certificateNo)).toEqual(['BEIJING-2021-2029-0001', 'BEIJING-2021-2029-0002', 'BEIJING-2021-2029-0003']);
  });

  it('two campaigns of the same ruleset and year never print the same certificate number', async () => {
    const one = await readyForDecision(3, 2030, 'one');
    const two = await readyForDecision(2, 2030, 'two');

    const first = await decide(one.cmp.campaignId, one.apps.map((a) => a.applicationId));
    const second = await decide(two.cmp.campaignId, two.apps.map((a) => a.applicationId));

    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(honoursResponse.parse(second.body).honours.map((h) => h.certificateNo)).toEqual(['BEIJING-2021-2030-0004', 'BEIJING-2021-2030-0005']);
    expectGapFree([...(await honoursOf(one.cmp.campaignId)), ...(await honoursOf(two.cmp.campaignId))].map((h) => h.certificateNo));
  });

  it('a decision of more applications than one request may carry gets 400 naming applicationIds', async () => {
    const cmp = await publishToDecide(2031);
    const ids = Array.from({ length: 2001 }, (_, i) => `app-${i.toString(16).padStart(16, '0')}`);

    const res = await decide(cmp.campaignId, ids);

    expect(res).toMatchObject({ status: 400, body: { code: 'REQUEST.INVALID', message: expect.stringContaining('applicationIds') } });
    expect(await counterOf(cmp)).toBeUndefined();
    const malformed = await decide(cmp.campaignId, ['x'.repeat(100_000)]);
    expect(malformed).toMatchObject({ status: 400, body: { details: [expect.objectContaining({ path: 'applicationIds.0' })] } });
  });
});

describe('every request array and text has a bound', () => {
  const campaignsNow = async () => campaignListResponse.parse((await call(campaign, 'GET /v1/campaigns', { as: organiser })).body).campaigns.length;

  it.each([
    ['titles', { titles: [...Array(10).fill('activist')] }, 'titles'],
    ['a title named twice', { titles: ['activist', 'friend', 'activist'] }, 'titles'],
    ['recommendingUnits', { recommendingUnits: Array.from({ length: 201 }, (_, i) => ({ orgId: `dist-${i}`, quotaName: `单位${i}` })) }, 'recommendingUnits'],
    ['a recommending unit named twice', { recommendingUnits: [{ orgId: 'dist-jiefang', quotaName: '解放区' }, { orgId: 'dist-jiefang', quotaName: '解放区二' }] }, 'recommendingUnits'],
    ['quotaName', { recommendingUnits: [{ orgId: 'dist-jiefang', quotaName: '解'.repeat(41) }] }, 'quotaName'],
    ['recommendingUnits.orgId', { recommendingUnits: [{ orgId: 'd'.repeat(101), quotaName: '解放区' }] }, 'orgId'],
    ['rulesetId', { rulesetId: 'r'.repeat(10_000) }, 'rulesetId'],
    ['quotaCsv', { quotaCsv: `recommending_unit,activist\n${'解放区,1\n'.repeat(10_000)}` }, 'quotaCsv'],
    ['quota table rows', { quotaCsv: `recommending_unit,activist\n${Array.from({ length: 501 }, (_, i) => `单位${i},1`).join('\n')}` }, 'quotaCsv'],
  ])('an oversized campaign (%s) gets 400 naming the field and publishes nothing', async (_label, overrides, field) => {
    const before = await campaignsNow();

    const res = await createCampaign(campaignBody(overrides));

    expect(res).toMatchObject({ status: 400, body: { code: 'REQUEST.INVALID' } });
    expect(String(res.body.message)).toContain(field);
    expect(String(res.body.message)).toMatch(/[\u4e00-\u9fff]/);
    expect(await campaignsNow()).toBe(before);
  });

  describe('an application', () => {
    let draft: ApplicationView;
    beforeAll(async () => {
      const cmp = await publish();
      const res = await call(campaign, 'POST /v1/campaigns/{campaignId}/applications', { as: callers.yuntaiChair, params: { campaignId: cmp.campaignId }, body: { requestId: randomUUID(), title: 'activist', nominee: { kind: 'person', memberId: 'gu-yuntai-m007' } } });
      expect(res.status).toBe(201);
      draft = applicationResponse.parse(res.body).application;
    });

    const manyKeys = (n: number, value: unknown) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`item-${String(i).padStart(6, '0')}-${'x'.repeat(20)}`, value]));
    it.each([
      ['declared.titlesHeld', { titlesHeld: Array.from({ length: 5000 }, () => ({ title: 'activist', level: 'city', year: 2020 })) }, 'titlesHeld'],
      ['declared.barringCircumstances', { barringCircumstances: manyKeys(20_000, false) }, 'barringCircumstances'],
      ['declared.attestations', { attestations: manyKeys(20_000, true) }, 'attestations'],
      ['a long attestation key', { attestations: { ['k'.repeat(200_000)]: true } }, 'attestations'],
      ['declared.membershipRate', { membershipRate: Object.fromEntries(Array.from({ length: 9000 }, (_, i) => [String(1000 + i), 0.9])) }, 'membershipRate'],
      ['declared.narrative', { narrative: '事'.repeat(200_000) }, 'narrative'],
      ['declared.summary', { summary: '事'.repeat(200_000) }, 'summary'],
    ])('an oversized save (%s) gets 400 naming the field and changes nothing', async (_label, declared, field) => {
      const res = await call(campaign, 'PUT /v1/applications/{applicationId}', { as: callers.yuntaiChair, params: { applicationId: draft.applicationId }, body: { version: draft.version, declared } });

      expect(res).toMatchObject({ status: 400, body: { code: 'REQUEST.INVALID' } });
      expect(String(res.body.message)).toContain(field);
      const now = applicationResponse.parse((await call(campaign, 'GET /v1/applications/{applicationId}', { as: callers.yuntaiChair, params: { applicationId: draft.applicationId } })).body).application;
      expect(now.version).toBe(draft.version);
    });

    it('an oversized nominee id gets 400 naming the field', async () => {
      const cmp = await publish();
      const res = await call(campaign, 'POST /v1/campaigns/{campaignId}/applications', { as: callers.yuntaiChair, params: { campaignId: cmp.campaignId }, body: { requestId: randomUUID(), title: 'activist', nominee: { kind: 'person', memberId: 'm'.repeat(100_000) } } });

      expect(res).toMatchObject({ status: 400, body: { code: 'REQUEST.INVALID', details: [expect.objectContaining({ path: 'nominee.memberId' })] } });
      const filed = await table.db.send(new QueryCommand({ TableName: table.tableName, IndexName: 'bySubtree', KeyConditionExpression: 'gsi3pk = :p AND begins_with(gsi3sk, :c)', ExpressionAttributeValues: { ':p': campaignKeys.filedBy('gu-yuntai'), ':c': cmp.campaignId } }));
      expect(filed.Items).toHaveLength(0);
    });
  });
});
