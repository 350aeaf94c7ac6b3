import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { demoIdentitiesResponse } from '../../shared/api/auth';
import { h5Url, launchBrowser, phonePage, saveScreenshot } from '../support/browser';

jest.setTimeout(120_000);

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser.close());


/** A small roster as a chair would save it from Excel: CSV, UTF-8 with BOM. */
function rosterCsv(name: string, secondPhone: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'roster-e2e-')), name);
  const lines = [
    '姓名,工号,性别,手机号,身份证号,所属分工会/小组,是否农民工,是否劳务派遣,入会日期',
    '导入测试甲,E2E0001,男,13900000101,,生产一车间分工会,否,否,2021-03-01',
    `导入测试乙,E2E0002,女,${secondPhone},,研发中心分工会,是,否,2022-07-15`,
    '导入测试丙,E2E0003,男,13900000103,11010519491231002X,,否,是,2023/1/9',
  ];
  // The third row uses the template's example ID number but another name: a real row, not the example.
  writeFileSync(path, `\ufeff${lines.join('\r\n')}\r\n`);
  return path;
}

/** Clicks 选择文件 and answers the browser's file chooser with `path` (H5: a hidden <input type="file">). */
async function chooseFile(page: Page, path: string): Promise<void> {
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.locator('.roster-import-choose').first().click()]);
  await chooser.setFiles(path);
}

describe('the H5 roster import at phone size (375×812)', () => {
  it('previews a file with a problem named by row and column, imports the fixed file with progress, and lists the new members', async () => {
    const { identities } = demoIdentitiesResponse.parse(await (await fetch(`${process.env.E2E_API_URL}/v1/auth/demo-identities`)).json());
    const chair = identities.find((i) => i.identity === 'chair-1');
    expect(chair).toBeDefined();

    const page = await phonePage(browser);
    await page.goto(h5Url());
    await page.locator('.demo-identity', { hasText: chair?.name ?? '' }).first().click();
    await page.locator('.home-link-roster').first().click({ timeout: 30_000 });
    await page.locator('.roster-union', { hasText: '云台新材料有限公司工会' }).waitFor({ timeout: 30_000 });
    await page.locator('.roster-import-link').first().click();

    // Only .xlsx and .csv: an old .xls is refused on the phone, with what to do, and nothing is sent.
    await chooseFile(page, rosterCsv('名册.xls', '13900000102'));
    await expect(page.locator('.roster-import-error .error-message').first().textContent({ timeout: 10_000 })).resolves.toBe('「名册.xls」是 .xls 旧格式：请在 Excel 中“另存为” .xlsx 后再导入');

    // The file travels as a file: posted to storage (held back a moment here, so the progress can be seen), then
    // the preview is asked for by its key — no base64 in JSON.
    const previews: Record<string, unknown>[] = [];
    page.on('request', (request) => {
      if (request.method() === 'POST' && /\/v1\/orgs\/[^/]+\/imports$/.test(new URL(request.url()).pathname)) previews.push(JSON.parse(request.postData() ?? '{}') as Record<string, unknown>);
    });
    await page.route('**/upload', async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      await route.continue();
    });

    // A file with a bad phone number on sheet row 3: the preview names row and column, and offers no commit.
    await chooseFile(page, rosterCsv('名册-有误.csv', '1390000010'));
    const sending = page.locator('.roster-import-upload[data-step="sending"]');
    await sending.waitFor({ timeout: 10_000 });
    await expect(sending.locator('.roster-import-reading').textContent()).resolves.toMatch(/^正在上传“名册-有误\.csv”：\d+%$/);
    await saveScreenshot(page, 'roster-import-uploading');
    const invalid = page.locator('.roster-import-preview[data-status="invalid"]');
    await invalid.waitFor({ timeout: 30_000 });
    await expect(invalid.locator('.roster-import-problem').allTextContents()).resolves.toEqual(['第 3 行「手机号」格式不正确：应为 11 位手机号码']);
    await expect(invalid.locator('.roster-import-count[data-kind="errors"] .roster-import-count__value').textContent()).resolves.toBe('1');
    await expect(page.locator('.roster-import-confirm').count()).resolves.toBe(0);
    expect(previews).toEqual([{ fileName: '名册-有误.csv', key: expect.stringMatching(/^imports\/gu-yuntai\/[0-9a-f]{16}\/roster\.csv$/) }]);
    await page.unroute('**/upload');

    // The fixed file: three new members, confirmed, committed with a progress bar.
    await chooseFile(page, rosterCsv('名册.csv', '13900000102'));
    const previewed = page.locator('.roster-import-preview[data-status="previewed"]');
    await previewed.waitFor({ timeout: 30_000 });
    await expect(previewed.locator('.roster-import-count[data-kind="added"] .roster-import-count__value').textContent()).resolves.toBe('3');
    await page.locator('.roster-import-confirm').first().click();
    const committed = page.locator('.roster-import-preview[data-status="committed"]');
    await committed.waitFor({ timeout: 60_000 });
    await expect(committed.locator('.roster-import-progress').getAttribute('data-processed')).resolves.toBe('3');
    await expect(committed.locator('.roster-import-progress__text').textContent()).resolves.toContain('已处理 3 / 3 行');
    const width = await page.evaluate('document.documentElement.scrollWidth');
    expect(width).toBeLessThanOrEqual(375);
    await committed.scrollIntoViewIfNeeded();
    await saveScreenshot(page, 'roster-import');

    // Back on 会员名册: the new members, with masked numbers, found by the start of their names.
    await page.locator('.roster-import-view').first().click();
    await page.locator('.roster-search__input input').fill('导入测试');
    await page.locator('.roster-search__button').first().click();
    const rows = page.locator('.roster-member', { hasText: '导入测试' });
    await rows.nth(2).waitFor({ timeout: 30_000 });
    await expect(page.locator('.roster-member__name').allTextContents()).resolves.toEqual(['导入测试丙', '导入测试乙', '导入测试甲']);
    const second = page.locator('.roster-member', { hasText: '导入测试乙' });
    await expect(second.locator('.roster-member__numbers').textContent()).resolves.toBe('手机 139****0102');
    await expect(second.textContent()).resolves.toContain('研发中心分工会');
    await expect(second.textContent()).resolves.toContain('农民工');
    await saveScreenshot(page, 'roster-list');
  });
});
