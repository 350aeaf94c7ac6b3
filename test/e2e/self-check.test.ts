import type { Browser, Locator, Page } from 'playwright-core';
import { rulesets } from '../../config/rulesets';
import { h5Url, launchBrowser, phonePage, saveScreenshot } from '../support/browser';

jest.setTimeout(90_000);

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser.close());


const appraisalYear = 2026;
/** 评选依据年度 of a 2026 appraisal: the three completed years before it (issue 16 point 4). */
const lastFactYear = 2025;

/** Beijing's membership-rate condition for 模范职工之家 and the years it reads when the appraisal year is 2026. */
function beijingMembershipRate(): { id: string; years: number[] } {
  const condition = rulesets['beijing-2021'].conditions.find(
    (c) => c.kind === 'yearlyThreshold' && c.fact === 'membershipRate' && c.titles.includes('modelHome'),
  );
  if (condition?.kind !== 'yearlyThreshold') throw new Error('beijing-2021 has no membership-rate condition for modelHome');
  const years = Array.from({ length: condition.years }, (_, i) => lastFactYear - condition.years + 1 + i);
  return { id: condition.id, years };
}

/** The <input> inside Taro's H5 Input component for one yearly figure. */
const rateInput = (page: Page, fact: string, year: number): Locator =>
  page.locator(`.self-check-input[data-fact="${fact}"][data-year="${year}"] input`);

describe('the H5 eligibility self-check at phone size (375×812)', () => {
  it('shows the Beijing membership-rate condition failing at 93% and passing at 95%, with its article', async () => {
    const { id, years } = beijingMembershipRate();
    expect(years).toHaveLength(3);
    const page = await phonePage(browser);
    await page.goto(h5Url());

    await page.locator('.home-link-self-check').first().click({ timeout: 30_000 });
    await page.locator('.self-check-ruleset', { hasText: '北京' }).click({ timeout: 30_000 });
    await page.locator('.self-check-title').filter({ hasText: /^模范职工之家$/ }).click();
    // 评选年度 2026 reads the completed years 2023–2025, not the year still running.
    await expect(page.locator('.self-check-year__value').textContent()).resolves.toBe(String(appraisalYear));
    await expect(page.locator('.self-check-fact-years').textContent()).resolves.toBe('评选依据年度：2023–2025 年');
    expect(years).toEqual([2023, 2024, 2025]);
    await expect(rateInput(page, 'membershipRate', appraisalYear).count()).resolves.toBe(0);
    const figures = ['96', '93', '97'];
    for (const [i, year] of years.entries()) await rateInput(page, 'membershipRate', year).fill(figures[i] ?? '');

    // Locators that name the expected status wait for the page to recompute.
    const result = (status: string) => page.locator(`.self-check-result[data-condition="${id}"][data-status="${status}"]`);
    const failing = result('fail');
    await failing.waitFor();
    await expect(failing.locator('.status-tag').first().textContent()).resolves.toBe('不符合');
    const explanation = await failing.locator('.self-check-result__explanation').textContent();
    expect(explanation).toContain('93%');
    expect(explanation).toContain('95%');
    const citation = await failing.locator('.self-check-citation').textContent();
    expect(citation).toContain('京工发〔2021〕19号');
    expect(citation).toContain('第六条');
    // Failing conditions come first; the summary counts the failure.
    await expect(page.locator('.self-check-result').first().getAttribute('data-condition')).resolves.toBe(id);
    await page.locator('.self-check-summary', { hasText: '不符合 1 项' }).waitFor();

    await rateInput(page, 'membershipRate', years[1] ?? 0).fill('95');
    const passing = result('pass');
    await passing.waitFor();
    await expect(passing.locator('.status-tag').first().textContent()).resolves.toBe('符合');
    await page.locator('.self-check-summary', { hasText: '不符合 0 项' }).waitFor();

    const width = await page.evaluate('document.documentElement.scrollWidth');
    expect(width).toBeLessThanOrEqual(375);
    // The page scrolls inside Taro's page element, so a full-page shot is one screen: show the result.
    await passing.scrollIntoViewIfNeeded();
    await saveScreenshot(page, 'self-check-beijing');
  });
});
