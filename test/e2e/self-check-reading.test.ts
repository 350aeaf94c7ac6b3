import type { Browser } from 'playwright-core';
import { h5Url, launchBrowser, phonePage, saveScreenshot } from '../support/browser';

/**
 * A reading that goes beyond the text is said on the page (issue 16 point 7): on 资格自查, 焦作 三、（四）'s
 * "县级以上干部不作为评选推荐对象" passes a 县处级 cadre, and the condition carries the line 「本系统理解：…」 that
 * explains why — beside the article, never in its place.
 */
jest.setTimeout(90_000);

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser.close());

describe('资格自查 at phone size (375×812): a reading beyond the text', () => {
  it('shows 焦作 三、（四） passing a 县处级 cadre with its 「本系统理解」 line under the article', async () => {
    const page = await phonePage(browser);
    await page.goto(h5Url());

    await page.locator('.home-link-self-check').first().click({ timeout: 30_000 });
    await page.locator('.self-check-ruleset', { hasText: '焦作' }).click({ timeout: 30_000 });
    await page.locator('.self-check-title').filter({ hasText: /^优秀工会工作者$/ }).click();
    await page.locator('.self-check-attribute[data-fact="cadreLevel"] .self-check-attribute__option[data-value="county"]').click();

    const condition = page.locator('.self-check-result[data-condition="worker.notAboveCounty"][data-status="pass"]');
    await condition.waitFor();
    await expect(condition.locator('.self-check-citation').textContent()).resolves.toContain('三、（四）');
    const reading = await condition.locator('.self-check-reading').textContent();
    expect(reading).toMatch(/^本系统理解：/);
    expect(reading).toContain('县级（含）以下');

    const width = await page.evaluate('document.documentElement.scrollWidth');
    expect(width).toBeLessThanOrEqual(375);
    await condition.scrollIntoViewIfNeeded();
    await saveScreenshot(page, 'self-check-reading-jiaozuo');
  });
});
