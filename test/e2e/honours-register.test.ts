import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { BatchWriteCommand, PutCommand } from '../../functions/storage/document-client';
import { appraisalKeys } from '../../functions/appraisal/appraisal-store';
import { stackNow } from '../support/stack-clock';
import { campaignKeys } from '../../functions/campaign/campaign-items';
import { registerAttributes, type RegisterFields } from '../../functions/honours/register-items';
import { createDocumentClient } from '../../functions/storage/dynamo';
import { launchBrowser, phonePage } from '../support/browser';
import { arrived, demoIdentity, env, logInAs, picture, shown, uniqueMark } from '../support/e2e-app';

jest.setTimeout(120_000);

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser.close());

const mark = uniqueMark().toUpperCase();
const flaggedNo = `E2E${mark}-2024-0001`;

/** Six honours of 2024 and 2025 in the city, one of them flagged two years after the award (its history). */
beforeAll(async () => {
  const db = createDocumentClient(env('E2E_DYNAMODB_ENDPOINT'));
  const holders = [
    { orgId: 'gu-yuntai', name: '云台新材料有限公司工会', path: '/city-jz/dist-jiefang/gu-yuntai' },
    { orgId: 'gu-taihang', name: '太行智造科技有限公司工会', path: '/city-jz/dist-shanyang/gu-taihang' },
  ];
  const items = Array.from({ length: 6 }, (_, i) => {
    const holder = holders[i % 2]!;
    const year = i < 3 ? 2024 : 2025;
    const certificateNo = `E2E${mark}-${year}-${String(i).padStart(4, '0')}`;
    const granted = { kind: 'granted' as const, state: 'current' as const, at: `${year}-12-20T02:00:00.000Z`, note: '经市总工会研究决定' };
    const flagged = certificateNo === flaggedNo;
    const fields: RegisterFields = {
      holderOrgId: holder.orgId,
      holderOrgName: holder.name,
      holderPath: holder.path,
      holderKind: 'org',
      awardingOrgId: 'city-jz',
      awardingOrgName: '焦作市总工会',
      awardingPath: '/city-jz',
      campaignName: `${year} 年度焦作市模范职工之家评选`,
      rulesetId: 'jiaozuo-2018',
      state: flagged ? 'flagged' : 'current',
      history: flagged ? [granted, { kind: 'flagged', state: 'flagged', at: '2026-12-10T02:00:00.000Z', note: '2025 年、2026 年会员评家不满意率连续 2 年超过 50%' }] : [granted],
      source: 'decision',
    };
    return { ...campaignKeys.honour(certificateNo), entity: 'honour', certificateNo, applicationId: `app-e2e-${i}`, title: '模范职工之家', titleCode: i % 3 === 2 ? 'modelSmallHome' : 'modelHome', nomineeName: holder.name, nomineeId: holder.orgId, year, awardedAt: granted.at, campaignId: 'cmp-e2e', ...registerAttributes(fields, year, certificateNo) };
  });
  await db.send(new BatchWriteCommand({ RequestItems: { [env('E2E_TABLE_NAME')]: items.map((Item) => ({ PutRequest: { Item } })) } }));
  db.destroy();
});

describe('荣誉档案 on a phone (375×812)', () => {
  it('lets the organiser open the register from home, filter by year and title, and read one honour’s history', async () => {
    const page = await phonePage(browser);
    await logInAs(page, await demoIdentity('organiser'));

    await shown(page, '.home-link-honours').click({ timeout: 30_000 });
    const ours = () => shown(page, '.honours-row').filter({ hasText: `E2E${mark}` });
    await ours().first().waitFor({ timeout: 30_000 });
    await expect(ours().count()).resolves.toBe(6);

    await shown(page, '.honours-filter[data-filter="year"] .honours-chip[data-value="2024"]').click();
    await shown(page, '.honours-filter[data-filter="title"] .honours-chip[data-value="modelHome"]').click();
    await page.waitForFunction(`document.querySelectorAll('.honours-row').length > 0 && [...document.querySelectorAll('.honours-row')].filter((r) => r.textContent.includes('E2E${mark}')).length === 2`, undefined, { timeout: 30_000 });
    const rows = await ours().evaluateAll((els) => els.map((e) => e.getAttribute('data-certificate')));
    expect(rows.sort()).toEqual([`E2E${mark}-2024-0000`, flaggedNo]);
    const flaggedRow = shown(page, `.honours-row[data-certificate="${flaggedNo}"]`);
    await expect(flaggedRow.locator('.honours-row__title').textContent()).resolves.toBe('模范职工之家');
    await expect(flaggedRow.locator('.honours-row__holder').textContent()).resolves.toBe('太行智造科技有限公司工会');
    await expect(flaggedRow.locator('.honours-row__date').textContent()).resolves.toBe('2024年12月20日');
    await expect(flaggedRow.locator('.honours-state').textContent()).resolves.toBe('已预警');
    await picture(page, 'honours-register');

    await flaggedRow.click();
    const detail = shown(page, `.honours-detail[data-certificate="${flaggedNo}"]`);
    await detail.waitFor({ timeout: 30_000 });
    await expect(detail.locator('.honours-event__label').allTextContents()).resolves.toEqual(['授予称号', '出现撤销情形预警']);
    await expect(detail.locator('.honours-event__date').allTextContents()).resolves.toEqual(['2024年12月20日', '2026年12月10日']);
    await expect(detail.locator('.honours-event__note').allTextContents()).resolves.toEqual(['经市总工会研究决定', '2025 年、2026 年会员评家不满意率连续 2 年超过 50%']);
    await expect(detail.locator('.honours-fact__value').allTextContents()).resolves.toEqual([flaggedNo, '太行智造科技有限公司工会', '焦作市总工会', '2024 年度焦作市模范职工之家评选', '2024年12月20日', '焦作市总工会评选表彰通知（2018年）']);
    await picture(page, 'honours-history');
  });

  it('lets the organiser import historic honours from a CSV: problems by row and column first, then the fixed file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'honour-import-'));
    const header = '证书编号,荣誉称号,获得者,获得者类型,所在工会,授予单位,评选活动,授予日期,依据办法';
    const row = (n: number, holder = '解放区人民医院工会') => `PAPER${mark}-${n},模范职工之家,${holder},集体,,焦作市总工会,2018 年度评选,2018/5/${n},`;
    const bad = join(dir, '纸质档案-有误.csv');
    writeFileSync(bad, `\ufeff${[header, row(1), row(2, '不存在的工会')].join('\r\n')}\r\n`);
    const good = join(dir, '纸质档案.csv');
    writeFileSync(good, `\ufeff${[header, row(1), row(2, '丰收路街道联合工会')].join('\r\n')}\r\n`);
    const page = await phonePage(browser);
    await logInAs(page, await demoIdentity('organiser'));
    await shown(page, '.home-link-honours').click({ timeout: 30_000 });
    await shown(page, '.honours-import').click({ timeout: 30_000 });
    const choose = async (path: string) => {
      const [chooser] = await Promise.all([page.waitForEvent('filechooser'), shown(page, '.honour-import-choose').click()]);
      await chooser.setFiles(path);
    };

    await choose(bad);
    const problem = shown(page, '.honour-import-problem[data-row="3"][data-column="获得者"]');
    await problem.waitFor({ timeout: 30_000 });
    await expect(problem.textContent()).resolves.toBe('第 3 行「获得者」「不存在的工会」不在焦作市总工会及下级组织的组织架构中，请核对名称或先在组织架构中添加');
    await expect(shown(page, '.honour-import-counts').textContent()).resolves.toBe('共 2 条：可导入 1 条，有误 1 条');
    await expect(shown(page, '.honour-import-confirm').count()).resolves.toBe(0);
    await picture(page, 'honour-import-problems');

    await choose(good);
    await shown(page, '.honour-import-confirm').filter({ hasText: '确认导入 2 条' }).click({ timeout: 30_000 });
    await shown(page, '.honour-import-done[data-written="2"]').waitFor({ timeout: 30_000 });
    await picture(page, 'honour-import-done');
    await shown(page, '.honour-import-back').click();
    await arrived(page);
    // Back on the register, reloaded: the imported honours are there, with their holder.
    const imported = shown(page, `.honours-row[data-certificate="PAPER${mark}-2"]`);
    await imported.waitFor({ timeout: 30_000 });
    await expect(imported.locator('.honours-row__holder').textContent()).resolves.toBe('丰收路街道联合工会');
    await expect(imported.locator('.honours-row__date').textContent()).resolves.toBe('2018年5月2日');
  });

  it('lets the organiser re-check the last full year: a union whose dissatisfaction passed 50% two years running is flagged, with the article', async () => {
    // 解放区人民医院's union holds a beijing-2021 模范职工之家 of three years ago; its 会员评家 of the last two full years
    // were 55% and 60% 不满意 (京工发〔2021〕19号 第二十条（九）). (A 解放区 union: the notice goes to 解放区's reviewers, so
    // 山阳区's, whom the inbox test expects never to be notified, stay so.)
    const lastFullYear = Number(new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(stackNow())) - 1;
    const awardedYear = lastFullYear - 2;
    const certificateNo = `E2E${mark}-R-0001`;
    const db = createDocumentClient(env('E2E_DYNAMODB_ENDPOINT'));
    const table = env('E2E_TABLE_NAME');
    const at = `${awardedYear}-12-20T02:00:00.000Z`;
    const fields: RegisterFields = {
      holderOrgId: 'gu-renmin',
      holderOrgName: '解放区人民医院工会',
      holderPath: '/city-jz/dist-jiefang/gu-renmin',
      holderKind: 'org',
      awardingOrgId: 'city-jz',
      awardingOrgName: '焦作市总工会',
      awardingPath: '/city-jz',
      campaignName: `${awardedYear} 年度模范职工之家评选`,
      rulesetId: 'beijing-2021',
      state: 'current',
      history: [{ kind: 'granted', state: 'current', at }],
      source: 'decision',
    };
    await db.send(new PutCommand({ TableName: table, Item: { ...campaignKeys.honour(certificateNo), entity: 'honour', certificateNo, applicationId: `app-e2e-r`, title: '模范职工之家', titleCode: 'modelHome', nomineeName: '解放区人民医院工会', nomineeId: 'gu-renmin', year: awardedYear, awardedAt: at, campaignId: 'cmp-e2e-r', ...registerAttributes(fields, awardedYear, certificateNo) } }));
    for (const [year, dissatisfaction] of [[lastFullYear - 1, 0.55], [lastFullYear, 0.6]] as const) {
      await db.send(new PutCommand({ TableName: table, Item: { ...appraisalKeys.orgRecord('gu-renmin', 'memberAppraisal', year), entity: 'appraisalRecord', kind: 'memberAppraisal', year, satisfaction: 0.3, dissatisfaction, turnout: 0.9 } }));
    }
    db.destroy();

    const page = await phonePage(browser);
    await logInAs(page, await demoIdentity('organiser'));
    await shown(page, '.home-link-honours').click({ timeout: 30_000 });
    await shown(page, '.honours-recheck-button').filter({ hasText: `复查 ${lastFullYear} 年度` }).click({ timeout: 30_000 });
    const result = shown(page, '.honours-message[data-result="recheck"]');
    await result.waitFor({ timeout: 60_000 });
    // Judged now, or already by the clock (a decision or an import scheduled this tree's 复查 of that year, due since March).
    await expect(result.textContent()).resolves.toMatch(new RegExp(`^${lastFullYear} 年度复查完成：触发撤销情形 \\d+ 项，.*(此前已复查 [1-9]\\d* 项)?。$`));
    await picture(page, 'honours-recheck-done');

    // The register, narrowed to the award's year, shows the honour 已预警 (whatever else the other tests registered).
    await shown(page, `.honours-filter[data-filter="year"] .honours-chip[data-value="${awardedYear}"]`).click();
    const row = shown(page, `.honours-row[data-certificate="${certificateNo}"]`);
    await row.waitFor({ timeout: 30_000 });
    await expect(row.locator('.honours-state').textContent()).resolves.toBe('已预警');
    await row.click();
    const recheck = shown(page, `.honours-detail[data-certificate="${certificateNo}"] .honours-recheck[data-year="${lastFullYear}"]`);
    await recheck.waitFor({ timeout: 30_000 });
    await expect(recheck.locator('.honours-recheck__outcome').textContent()).resolves.toBe('触发撤销情形');
    await expect(recheck.locator('.honours-recheck__text').first().textContent()).resolves.toBe(`${lastFullYear - 1} 年、${lastFullYear} 年会员评家不满意率分别为 55%、60%，连续 2 年超过 50%`);
    await expect(recheck.locator('.honours-recheck__citation').first().textContent()).resolves.toBe('依据：京工发〔2021〕19号 第二十条（九）');
    await picture(page, 'honours-recheck-result');
  });
});
