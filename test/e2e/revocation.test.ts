import type { Browser } from 'playwright-core';
import { GetCommand, PutCommand } from '../../functions/storage/document-client';
import { certificateCheckUrl } from '../../shared/api/certificate';
import { formatShanghaiDate } from '../../shared/calendar/shanghai-date';
import { campaignKeys } from '../../functions/campaign/campaign-items';
import { registerAttributes } from '../../functions/honours/register-items';
import { publicityKeys } from '../../functions/publicity/publicity-items';
import { createDocumentClient } from '../../functions/storage/dynamo';
import { launchBrowser, phonePage } from '../support/browser';
import { demoIdentity, env, logInAs, picture, shown, uniqueMark } from '../support/e2e-app';

/**
 * 撤销荣誉称号 on a phone (issue 17 point 6): 丰收路街道联合工会 holds a beijing-2021 模范职工之家; a supervision report
 * against it was found true (its material was falsified). The city's organiser opens the honour, starts the direct
 * route (京工发〔2021〕19号 第二十四条) on that report with the ground 弄虚作假，骗取荣誉 (第二十条（一）), decides, and the
 * public 荣誉证书查询 then shows 已撤销 with 第二十条. (A 解放区 union: the notices go to 解放区's people, so 山阳区's,
 * whom the inbox test expects never to be notified, stay so.)
 */
jest.setTimeout(150_000);

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser.close());

const mark = uniqueMark().toUpperCase();
const certificateNo = `E2E${mark}-BJ-2024-0001`;
const campaignId = `cmp-e2e-rev-${mark.toLowerCase()}`;
const applicationId = `app-e2e-rev-${mark.toLowerCase()}`;
const reportId = `rpt-e2e-rev-${mark.toLowerCase()}`;
const holder = { orgId: 'gu-fengshou', name: '丰收路街道联合工会', path: '/city-jz/dist-jiefang/gu-fengshou' };

beforeAll(async () => {
  const db = createDocumentClient(env('E2E_DYNAMODB_ENDPOINT'));
  const TableName = env('E2E_TABLE_NAME');
  const at = '2024-12-20T02:00:00.000Z';
  const fields = registerAttributes(
    { holderOrgId: holder.orgId, holderOrgName: holder.name, holderPath: holder.path, holderKind: 'org', awardingOrgId: 'city-jz', awardingOrgName: '焦作市总工会', awardingPath: '/city-jz', campaignName: '2024 年度模范职工之家评选', rulesetId: 'beijing-2021', state: 'current', history: [{ kind: 'granted', state: 'current', at }], source: 'decision' },
    2024,
    certificateNo,
  );
  await db.send(new PutCommand({ TableName, Item: { ...campaignKeys.campaign(campaignId), entity: 'campaign', campaignId, orgId: 'city-jz', orgPath: '/city-jz', heading: '2024 年度模范职工之家评选', status: 'decided', rulesetId: 'beijing-2021' } }));
  await db.send(new PutCommand({ TableName, Item: { ...campaignKeys.honour(certificateNo), entity: 'honour', certificateNo, applicationId, title: '模范职工之家', titleCode: 'modelHome', nomineeName: holder.name, nomineeId: holder.orgId, year: 2024, awardedAt: at, campaignId, ...fields } }));
  // The report as filing and investigation leave it (functions/publicity/reports.ts), without its sealed parts: the
  // investigators' list in the shared e2e stack shows it like any other.
  const publicityId = `pub-e2e-rev-${mark.toLowerCase()}`;
  await db.send(new PutCommand({ TableName, Item: { ...publicityKeys.entry(publicityId, 'e001'), entity: 'publicityEntry', publicityId, entryId: 'e001', applicationId, nomineeName: holder.name } }));
  await db.send(
    new PutCommand({
      TableName,
      Item: {
        ...publicityKeys.report(reportId),
        entity: 'report',
        reportId,
        publicityId,
        entryId: 'e001',
        nomineeName: holder.name,
        publicityHeading: '2024 年度模范职工之家评选推荐对象公示',
        scopePath: '/city-jz',
        kind: 'supervision',
        category: 'procedure.forgedMaterial',
        categoryLabel: '申报材料弄虚作假',
        disqualifying: true,
        description: '该单位申报材料中的职代会记录是事后补写的。',
        evidenceCount: 0,
        filedAt: '2026-05-01T02:00:00.000Z',
        assignedTo: 'staff-city-2',
        status: 'substantiated',
        finding: { outcome: 'substantiated', reason: '申报材料中的职代会记录系事后补写，与会议原始记录不符。', article: '第二十条', disqualified: false, at: '2026-06-01T02:00:00.000Z', by: 'staff-city-2' },
        gsi3pk: publicityKeys.reportScope('city-jz'),
        gsi3sk: `/city-jz#2026-05-01T02:00:00.000Z#${reportId}`,
      },
    }),
  );
  db.destroy();
});

describe('撤销荣誉称号 on a phone (375×812)', () => {
  it('lets the organiser revoke a beijing-2021 模范职工之家 for falsified material; the public check then shows 已撤销 with 第二十条', async () => {
    const page = await phonePage(browser);
    await logInAs(page, await demoIdentity('organiser'));
    await page.goto(`${env('E2E_H5_URL').replace(/\/+$/, '')}/#/admin/pages/honours/index?no=${encodeURIComponent(certificateNo)}`);
    const start = shown(page, '.revocation-start');
    await start.waitFor({ timeout: 30_000 });

    await start.locator('[data-field="routeId"] .revocation-chip[data-value="direct"]').click();
    await expect(start.locator('.revocation-start__note').first().textContent()).resolves.toContain('京工发〔2021〕19号 第二十四条');
    await start.locator('[data-field="trigger"] .revocation-chip[data-value="reportFound"]').click();
    await start.locator(`[data-field="reportId"] .revocation-chip[data-value="${reportId}"]`).click();
    const fraud = start.locator('.revocation-ground[data-value="revoke.home.fraud"]');
    await expect(fraud.locator('.revocation-ground__citation').textContent()).resolves.toBe('京工发〔2021〕19号 第二十条（一）');
    await fraud.click();
    await start.locator('.revocation-start__grounds textarea').fill('经核查，该单位申报材料中的职代会记录系事后补写，弄虚作假骗取荣誉，情况属实。');
    await picture(page, 'revocation-start');
    await start.locator('.revocation-start__submit').click();
    await page.locator('.taro-model__confirm').click({ timeout: 10_000 });

    // The case page: one step, the city's leadership deciding; the organiser may take it.
    const form = shown(page, '.revocation-form');
    await form.waitFor({ timeout: 30_000 });
    await expect(shown(page, '.revocation-step[data-step="decide"]').getAttribute('data-state')).resolves.toBe('waiting');
    await form.locator('.revocation-form__grounds textarea').fill('经市总工会党组研究，决定撤销其北京市模范职工之家称号，收回奖牌。');
    await form.locator('.revocation-form__approve').click();
    await page.locator('.taro-model__confirm').click({ timeout: 10_000 });
    const decision = shown(page, '.revocation-decision');
    await decision.waitFor({ timeout: 30_000 });
    await expect(decision.locator('.revocation-decision__text').textContent()).resolves.toBe('焦作市总工会决定：撤销称号，收回证书和奖牌。');
    await expect(decision.locator('.revocation-decision__citation').textContent()).resolves.toContain('依据：京工发〔2021〕19号 第二十条（一）');
    await expect(shown(page, '.revocation[data-status="revoked"]').count()).resolves.toBe(1);
    await picture(page, 'revocation-decided');

    // Anyone, without logging in: the certificate no longer stands, with the date and the article.
    const db = createDocumentClient(env('E2E_DYNAMODB_ENDPOINT'));
    const stored = (await db.send(new GetCommand({ TableName: env('E2E_TABLE_NAME'), Key: campaignKeys.honour(certificateNo) }))).Item!;
    db.destroy();
    const [y, m, d] = formatShanghaiDate(new Date(String(stored.revokedAt))).split('-').map(Number);
    const visitor = await phonePage(browser);
    await visitor.goto(certificateCheckUrl(env('E2E_H5_URL'), certificateNo));
    const card = shown(visitor, `.certificate-check-result[data-certificate="${certificateNo}"]`);
    await card.waitFor({ timeout: 30_000 }).catch(async (error: unknown) => {
      await picture(visitor, 'revocation-public-check-failed');
      throw error;
    });
    await expect(card.getAttribute('data-state')).resolves.toBe('revoked');
    await expect(card.locator('.certificate-check-result__state').textContent()).resolves.toBe('已撤销');
    await expect(card.locator('.certificate-check-row--revoked-on .certificate-check-row__value').textContent()).resolves.toBe(`${y}年${m}月${d}日`);
    await expect(card.locator('.certificate-check-row--citation .certificate-check-row__value').textContent()).resolves.toBe('京工发〔2021〕19号 第二十条（一）');
    await picture(visitor, 'revocation-public-check');
  });
});
