import { randomUUID } from 'node:crypto';
import { ScanCommand } from '../../../functions/storage/document-client';
import { campaignListResponse, campaignResponse } from '../../../shared/api/campaign';
import { handler as campaign } from '../../../functions/handlers/campaign';
import { call, callers } from '../roster/roster-support';
import { useSeededTable } from './seeded-table';

/**
 * 评选周期 through the API against DynamoDB Local (总工办发〔2020〕15号 第十四条第一款, 桂工发〔2021〕8号 七、（一））: an
 * organiser who offers 优秀工会积极分子 or 优秀工会之友 states the year this term's congress met; outside that year the
 * campaign is refused with the article, naming the field, and nothing is published or announced.
 */

const organiser = callers.cityOrganiser;

const seeded = useSeededTable('2026-03-02T09:00:00+08:00');

const body = (overrides: Record<string, unknown>) => ({
  requestId: randomUUID(),
  rulesetId: 'acftu-2020',
  year: 2026,
  heading: '评选周期测试',
  titles: ['modelHome', 'activist'],
  recommendingUnits: [{ orgId: 'dist-jiefang', quotaName: '解放区' }],
  submissionDeadline: '2026-12-31',
  ...overrides,
});
const create = (overrides: Record<string, unknown>) => call(campaign, 'POST /v1/orgs/{orgId}/campaigns', { as: organiser, params: { orgId: 'city-jz' }, body: body(overrides) });
const headings = async () => campaignListResponse.parse((await call(campaign, 'GET /v1/campaigns', { as: organiser })).body).campaigns.map((c) => c.heading);
const stored = async (entity: string) =>
  (await seeded().db.send(new ScanCommand({ TableName: seeded().tableName, FilterExpression: 'entity = :e', ExpressionAttributeValues: { ':e': entity } }))).Items ?? [];

describe('an acftu-2020 campaign and the congress-change year (第十四条第一款)', () => {
  it('refuses 积极分子 in a year that is not the congress year, with 第十四条 in the message, and publishes nothing', async () => {
    const campaignsBefore = (await stored('campaign')).length;
    const outboxBefore = (await stored('outbox')).length;

    const refused = await create({ heading: '2026 年度全国评选（届中）', congressYear: 2023 });

    expect(refused).toMatchObject({ status: 400, body: { code: 'REQUEST.INVALID', details: [{ path: 'titles.1' }] } });
    expect(String(refused.body.message)).toContain('第十四条');
    expect(String(refused.body.message)).toContain('2026 年不是工会全国代表大会换届之年（本届于 2023 年召开）');
    expect(await headings()).not.toContain('2026 年度全国评选（届中）');
    expect((await stored('campaign')).length).toBe(campaignsBefore);
    expect((await stored('outbox')).length).toBe(outboxBefore);
  });

  it('asks for the congress year, naming the field, when 积极分子 is offered without one', async () => {
    const refused = await create({ heading: '未填届次的评选' });

    expect(refused).toMatchObject({ status: 400, body: { code: 'REQUEST.INVALID', details: [{ path: 'congressYear' }] } });
    expect(String(refused.body.message)).toContain('本届工会全国代表大会召开年份（congressYear）');
    expect(await headings()).not.toContain('未填届次的评选');
  });

  it('refuses a congress year that is not this term\'s (five years back) or lies ahead, naming the field', async () => {
    const stale = await create({ heading: '届期已过的评选', titles: ['modelHome'], congressYear: 2021 });
    expect(stale).toMatchObject({ status: 400, body: { details: [{ path: 'congressYear', message: expect.stringContaining('应在 2022—2026 年之间') }] } });
    const ahead = await create({ heading: '届期未到的评选', titles: ['modelHome'], congressYear: 2027 });
    expect(ahead).toMatchObject({ status: 400, body: { details: [{ path: 'congressYear' }] } });
    const malformed = await create({ heading: '届次格式有误的评选', titles: ['modelHome'], congressYear: '二〇二三' });
    expect(malformed).toMatchObject({ status: 400, body: { details: [expect.objectContaining({ path: 'congressYear' })] } });
    expect(String(malformed.body.message)).toContain('congressYear');
    const shown = await headings();
    for (const h of ['届期已过的评选', '届期未到的评选', '届次格式有误的评选']) expect(shown).not.toContain(h);
  });

  it('publishes 积极分子 and 之友 in the congress year, and a mid-term campaign of the other titles', async () => {
    const changeYear = await create({ heading: '2026 年度全国评选（换届之年）', titles: ['modelHome', 'activist', 'friend'], congressYear: 2026 });
    expect(changeYear.status).toBe(201);
    expect(campaignResponse.parse(changeYear.body).campaign).toMatchObject({ congressYear: 2026, titles: ['modelHome', 'activist', 'friend'] });

    const midTerm = await create({ heading: '2026 年度全国评选（届中，不含积极分子）', titles: ['modelHome', 'outstandingWorker'], congressYear: 2023 });
    expect(midTerm.status).toBe(201);
    const read = await call(campaign, 'GET /v1/campaigns/{campaignId}', { as: organiser, params: { campaignId: campaignResponse.parse(midTerm.body).campaign.campaignId } });
    expect(campaignResponse.parse(read.body).campaign.congressYear).toBe(2023);
  });
});

describe('a guangxi-2021 campaign and its regional congress (七、（一））', () => {
  it('refuses 优秀工会之友 outside the change year of 工会自治区代表大会, citing 七、（一）; publishes it in that year', async () => {
    const refused = await create({ rulesetId: 'guangxi-2021', heading: '全区确认（届中）', titles: ['outstandingWorker', 'friend'], congressYear: 2024 });
    expect(refused).toMatchObject({ status: 400, body: { details: [{ path: 'titles.1' }] } });
    expect(String(refused.body.message)).toContain('桂工发〔2021〕8号 七、（一）');
    expect(String(refused.body.message)).toContain('工会自治区代表大会');

    const published = await create({ rulesetId: 'guangxi-2021', heading: '全区确认（换届之年）', titles: ['outstandingWorker', 'friend'], congressYear: 2026 });
    expect(published.status).toBe(201);
  });
});
