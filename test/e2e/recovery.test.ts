import type { Browser } from 'playwright-core';
import { PutCommand } from '../../functions/storage/document-client';
import { campaignKeys } from '../../functions/campaign/campaign-items';
import { registerAttributes } from '../../functions/honours/register-items';
import { orgItem } from '../../functions/orgs/org-items';
import { createDocumentClient } from '../../functions/storage/dynamo';
import { launchBrowser, phonePage } from '../support/browser';
import { stackNow } from '../support/stack-clock';
import { arrived, demoIdentity, env, logInAs, picture, shown, uniqueMark } from '../support/e2e-app';

/**
 * 收回证书和奖牌 (issue 17 point 4) on a phone: a union directly under 焦作市总工会 (a 市属基层工会, made for this file, so
 * no other file's districts, reviewers or notices change) holds a national 模范职工之家. The city organiser marks its
 * unit 撤销 from 组织架构; the task opens at the city (上一级工会, 总工办发〔2020〕15号 第二十七条); the organiser records the
 * certificate and plaque recovered; the honour then reads 证书已收回.
 */
jest.setTimeout(120_000);

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser.close());

const mark = uniqueMark();
const unionId = `gu-rcv-${mark}`;
const unionName = `收回测试${mark}有限公司工会`;
const certificateNo = `E2E${mark.toUpperCase()}-2023-0901`;

beforeAll(async () => {
  const db = createDocumentClient(env('E2E_DYNAMODB_ENDPOINT'));
  const table = env('E2E_TABLE_NAME');
  const path = `/city-jz/${unionId}`;
  await db.send(new PutCommand({ TableName: table, Item: orgItem({ orgId: unionId, name: unionName, level: 'grassroots', kind: 'enterprise', ownership: 'nonPublic', parentId: 'city-jz', path }, stackNow()) }));
  const at = '2023-12-20T02:00:00.000Z';
  const fields = registerAttributes(
    { holderOrgId: unionId, holderOrgName: unionName, holderPath: path, holderKind: 'org', awardingOrgId: 'city-jz', awardingOrgName: '焦作市总工会', awardingPath: '/city-jz', campaignName: '2023 年度全国模范职工之家推荐', rulesetId: 'acftu-2020', state: 'current', history: [{ kind: 'granted', state: 'current', at }], source: 'decision' },
    2023,
    certificateNo,
  );
  await db.send(new PutCommand({ TableName: table, Item: { ...campaignKeys.honour(certificateNo), entity: 'honour', certificateNo, applicationId: `app-rcv-${mark}`, title: '全国模范职工之家', titleCode: 'modelHome', nomineeName: unionName, nomineeId: unionId, year: 2023, awardedAt: at, campaignId: 'cmp-rcv', ...fields } }));
  db.destroy();
});

describe('收回证书和奖牌 on a phone (375×812)', () => {
  it('lets the city organiser mark a union dissolved, open its recovery task, record the certificate and plaque recovered, and see the honour 证书已收回', async () => {
    const page = await phonePage(browser);
    await logInAs(page, await demoIdentity('organiser'));

    await shown(page, '.home-link-org-tree').click({ timeout: 30_000 });
    await shown(page, '.org-tree-child').filter({ hasText: unionName }).click({ timeout: 30_000 });
    await shown(page, '.org-tree-current__name').filter({ hasText: unionName }).waitFor({ timeout: 15_000 });
    await shown(page, '.org-closure__open').click();
    await shown(page, '.org-closure__chip[data-value="dissolved"]').click();
    await shown(page, '.org-closure__submit').click();
    await page.locator('.taro-model__confirm').click({ timeout: 10_000 });
    // The recovery function's first call (its cold start) can take a while on a busy machine.
    await shown(page, '.org-closure__result[data-opened="1"]').waitFor({ timeout: 60_000 });
    await shown(page, '.org-closure[data-closure="dissolved"] .org-closure__state').waitFor({ timeout: 15_000 });
    await expect(shown(page, '.org-closure__state').textContent()).resolves.toContain('单位已撤销');
    await picture(page, 'recovery-org-dissolved');

    await shown(page, '.org-closure__tasks').click();
    const row = shown(page, `.recovery-row[data-task="${certificateNo}"]`);
    await row.waitFor({ timeout: 30_000 });
    await expect(row.locator('.recovery-row__meta').textContent()).resolves.toContain('所在单位撤销 · 焦作市总工会收回');
    await picture(page, 'recovery-tasks');

    await row.click();
    const task = shown(page, `.recovery-task[data-task="${certificateNo}"]`);
    await task.waitFor({ timeout: 30_000 });
    await expect(task.locator('.recovery-fact__value').allTextContents()).resolves.toEqual(expect.arrayContaining(['所在单位撤销', '总工办发〔2020〕15号 第二十七条', '焦作市总工会（上一级工会）']));
    await shown(page, '.recovery-form__by input').fill('李建国');
    await picture(page, 'recovery-task-form');
    await shown(page, '.recovery-form__submit').click();
    await shown(page, `.recovery-task[data-status="done"]`).waitFor({ timeout: 30_000 });
    await expect(shown(page, '.recovery-done').textContent()).resolves.toContain('李建国');
    await picture(page, 'recovery-task-done');

    await shown(page, '.recovery-honour').click();
    const detail = shown(page, `.honours-detail[data-certificate="${certificateNo}"]`);
    await detail.waitFor({ timeout: 30_000 });
    await expect(detail.locator('.honours-state').first().textContent()).resolves.toBe('证书已收回');
    await expect(detail.locator('.honours-event__label').allTextContents()).resolves.toEqual(['授予称号', '收回证书（奖牌）']);
    await arrived(page);
  });
});
