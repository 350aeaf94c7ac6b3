import { randomUUID } from 'node:crypto';
import { campaignResponse, finalPublicityResponse, type CampaignView } from '../../../shared/api/campaign';
import { publicityView } from '../../../shared/api/publicity';
import { handler as campaign } from '../../../functions/handlers/campaign';
import { handler as publicity } from '../../../functions/handlers/publicity';
import { putApplications, scaleApplications } from '../../support/campaign-scale';
import { call, callers } from '../roster/roster-support';
import { useSeededTable } from '../campaign/seeded-table';

/**
 * 焦作 2018 通知 四、（一） sets no publicity length: a jiaozuo-2018 campaign's 拟表彰名单公示 runs the system's default of
 * 5 working days, shown as 「本系统默认」 and never cited as the notice's, and the organiser may choose another length
 * (7). Where the text sets the length (京工发〔2021〕19号 第十六条: 为期 5 个工作日) it decides and is cited. Through the
 * campaign and publicity handlers against DynamoDB Local; the recommended applications are written into the table.
 */
jest.setTimeout(120_000);

const organiser = callers.cityOrganiser;

const seeded = useSeededTable('2026-11-23T09:00:00+08:00'); // a Monday

/** A campaign whose recommended applications wait for the organiser's final window. */
async function readyForFinal(rulesetId: string, batch: string): Promise<CampaignView> {
  const res = await call(campaign, 'POST /v1/orgs/{orgId}/campaigns', {
    as: organiser,
    params: { orgId: 'city-jz' },
    body: { requestId: randomUUID(), rulesetId, year: 2026, heading: `2026 年度评选（${rulesetId}·${batch}）`, titles: ['outstandingWorker'], recommendingUnits: [{ orgId: 'dist-jiefang', quotaName: '解放区' }], submissionDeadline: '2026-12-31' },
  });
  expect(res.status).toBe(201);
  const cmp = campaignResponse.parse(res.body).campaign;
  await putApplications(seeded().db, seeded().tableName, scaleApplications({ campaignId: cmp.campaignId, count: 2, status: 'recommended', unitOrgId: 'dist-jiefang', unions: ['gu-yuntai'], atOrgId: 'city-jz', titles: ['outstandingWorker'], batch }));
  return cmp;
}

const openFinal = (campaignId: string, body?: unknown) => call(campaign, 'POST /v1/campaigns/{campaignId}/final-publicity', { as: organiser, params: { campaignId }, ...(body === undefined ? {} : { body }) });
const readFinal = async (campaignId: string) => finalPublicityResponse.parse((await call(campaign, 'GET /v1/campaigns/{campaignId}/final-publicity', { as: organiser, params: { campaignId } })).body);

describe('a jiaozuo-2018 final publicity (四、（一）: no length in the notice)', () => {
  it('runs 5 working days labelled 「本系统默认」, and cites the notice for where — not for how long', async () => {
    const cmp = await readyForFinal('jiaozuo-2018', 'default');

    const before = await readFinal(cmp.campaignId);
    expect(before.length).toMatchObject({ defaultWorkingDays: 5, source: 'systemDefault', minWorkingDays: null, exact: false });
    expect(before.length?.text).toContain('本系统默认');
    expect(before.length?.basis).toContain('焦作市总工会评选表彰通知（2018年） 四、（一）');
    expect(before.length?.basis).not.toMatch(/5\s*个工作日/);

    const opened = await openFinal(cmp.campaignId);
    expect(opened.status).toBe(201);
    const window = finalPublicityResponse.parse(opened.body).publicity;
    expect(window).toMatchObject({ level: 'final', workingDays: 5, lengthSource: 'systemDefault' });
    expect(window?.citation).not.toMatch(/5\s*个工作日/);

    // The public page reads the same: the length is the system's, not the notice's.
    const shown = publicityView.parse((await call(publicity, 'GET /v1/publicities/{publicityId}', { params: { publicityId: window?.publicityId ?? '' } })).body.publicity);
    expect(shown).toMatchObject({ workingDays: 5, lengthSource: 'systemDefault' });
  });

  it('lets the organiser choose 7 working days: the window ends later and says who set its length', async () => {
    const byDefault = await readyForFinal('jiaozuo-2018', 'five');
    const chosen = await readyForFinal('jiaozuo-2018', 'seven');

    const five = finalPublicityResponse.parse((await openFinal(byDefault.campaignId)).body).publicity;
    const opened = await openFinal(chosen.campaignId, { workingDays: 7 });
    expect(opened.status).toBe(201);
    const seven = finalPublicityResponse.parse(opened.body).publicity;
    expect(seven).toMatchObject({ workingDays: 7, lengthSource: 'publisher' });
    expect(Date.parse(seven?.endsAt ?? '')).toBeGreaterThan(Date.parse(five?.endsAt ?? ''));
  });

  it('refuses a length outside 1–30 working days, naming the field, and opens nothing', async () => {
    const cmp = await readyForFinal('jiaozuo-2018', 'bounds');
    for (const workingDays of [0, 31, 2.5, '七']) {
      const refused = await openFinal(cmp.campaignId, { workingDays });
      expect(refused).toMatchObject({ status: 400, body: { code: 'REQUEST.INVALID', details: [expect.objectContaining({ path: 'workingDays' })] } });
      expect(String(refused.body.message)).toContain('公示期（workingDays）');
    }
    expect((await readFinal(cmp.campaignId)).publicity).toBeNull();
  });

  it('lets a publisher set a shorter window where the notice is silent (a final list published directly)', async () => {
    const res = await call(publicity, 'POST /v1/orgs/{orgId}/publicities', {
      as: organiser,
      params: { orgId: 'city-jz' },
      body: { requestId: randomUUID(), level: 'final', rulesetId: 'jiaozuo-2018', year: 2026, heading: '焦作市优秀工会工作者拟表彰名单', workingDays: 3, entries: [{ nomineeName: '会员甲', unitName: '云台新材料有限公司', title: 'outstandingWorker', summary: '热心为职工服务。', nomineeRef: 'gu-yuntai-m010' }] },
    });
    expect(res.status).toBe(201);
    expect(publicityView.parse(res.body.publicity)).toMatchObject({ workingDays: 3, lengthSource: 'publisher' });
  });
});

describe('where the text sets the length, it decides', () => {
  it('京工发〔2021〕19号 第十六条 (为期 5 个工作日): 7 refused with the article, 5 opened as the ruleset\'s', async () => {
    const cmp = await readyForFinal('beijing-2021', 'beijing');
    const before = await readFinal(cmp.campaignId);
    expect(before.length).toMatchObject({ defaultWorkingDays: 5, source: 'ruleset', minWorkingDays: 5, exact: true, text: '5 个工作日' });

    const refused = await openFinal(cmp.campaignId, { workingDays: 7 });
    expect(refused).toMatchObject({ status: 400, body: { details: [{ path: 'workingDays', message: '公示期（workingDays）应为 5 个工作日（京工发〔2021〕19号 第十六条）' }] } });
    expect((await readFinal(cmp.campaignId)).publicity).toBeNull();

    const opened = finalPublicityResponse.parse((await openFinal(cmp.campaignId)).body).publicity;
    expect(opened).toMatchObject({ workingDays: 5, lengthSource: 'ruleset' });
  });
});
