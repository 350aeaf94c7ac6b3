import type { Browser, Page } from 'playwright-core';
import { h5Url, launchBrowser, phonePage, saveScreenshot } from '../support/browser';

jest.setTimeout(120_000);

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser.close());


async function logInAs(page: Page, who: string): Promise<void> {
  await page.goto(h5Url());
  await page.locator('.demo-identity', { hasText: who }).first().click({ timeout: 30_000 });
  await page.locator('.home-user-name').first().waitFor({ timeout: 30_000 });
}

/** Taro's H5 showModal: the 确定 button. */
const confirmModal = (page: Page) => page.locator('.taro-model__confirm').click({ timeout: 10_000 });

describe('the H5 federation pages at phone size (375×812)', () => {
  it('lets the city organiser add a union under a district, move a union with its sub-unions, and grant a role', async () => {
    const page = await phonePage(browser);
    await logInAs(page, '周立新');
    await page.locator('.home-link-org-tree').first().click();
    await page.locator('.org-tree-child', { hasText: '解放区总工会' }).click({ timeout: 30_000 });
    await page.locator('.org-tree-current__name', { hasText: '解放区总工会' }).waitFor();

    await page.locator('.org-tree-create').click();
    await page.locator('.org-form-name input').fill('焦作新能源有限公司工会');
    await page.locator('.org-form-submit').click();
    await page.locator('.org-tree-child', { hasText: '焦作新能源有限公司工会' }).waitFor({ timeout: 15_000 });

    await page.locator('.org-tree-child', { hasText: '丰收路街道联合工会' }).click();
    await page.locator('.org-tree-move').click();
    await page.locator('.org-browser__main', { hasText: '焦作市总工会' }).click();
    await page.locator('.org-browser__row', { hasText: '山阳区总工会' }).locator('.org-browser__action').click();
    await confirmModal(page);
    await page.locator('.org-tree-trail', { hasText: '山阳区总工会' }).waitFor({ timeout: 15_000 });
    expect(await page.locator('.org-tree-child').count()).toBe(1);
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(375);
    await saveScreenshot(page, 'org-tree-after-move');

    await page.locator('.org-tree-roles').click();
    await page.locator('.roles-org__name', { hasText: '丰收路街道联合工会' }).waitFor({ timeout: 15_000 });
    await page.locator('.roles-search__button').click();
    const candidate = page.locator('.roles-candidate').first();
    await candidate.waitFor({ timeout: 15_000 });
    const name = (await candidate.locator('.roles-candidate__name').textContent()) ?? '';
    await candidate.click();
    await page.locator('.roles-grant__submit').click();
    await page.locator('.roles-holder', { hasText: `${name} · 工会主席` }).waitFor({ timeout: 15_000 });
    await saveScreenshot(page, 'roles-granted');
  });

  it('lets a chair keep the union profile by year, with each save listed in the history', async () => {
    const page = await phonePage(browser);
    await logInAs(page, '工会主席');
    await page.locator('.home-link-union-profile').first().click();
    const employees = page.locator('.union-profile-input--employees input');
    await employees.fill('130', { timeout: 30_000 });
    await page.locator('.union-profile-field[data-field="congressHeld"] .nut-radio', { hasText: '是' }).click();
    await page.locator('.union-profile-save').click();
    await page.locator('.union-profile-change').first().waitFor({ timeout: 15_000 });

    await employees.fill('136');
    await page.locator('.union-profile-save').click();
    await page.locator('.union-profile-change', { hasText: '第 2 版' }).waitFor({ timeout: 15_000 });
    await expect(page.locator('.union-profile-change').first().textContent()).resolves.toContain('职工总数：130 人 → 136 人');
    await page.locator('.union-profile-history').scrollIntoViewIfNeeded();
    await saveScreenshot(page, 'union-profile-history');
  });
});
