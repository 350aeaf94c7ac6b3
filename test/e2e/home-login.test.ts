import type { Browser } from 'playwright-core';
import { demoIdentitiesResponse } from '../../shared/api/auth';
import { h5Url, launchBrowser, phonePage, saveScreenshot } from '../support/browser';

jest.setTimeout(90_000);

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser.close());


describe('the H5 home page at phone size (375×812)', () => {
  it('lets a demo member log in and shows who they are and their union', async () => {
    const response = await fetch(`${process.env.E2E_API_URL}/v1/auth/demo-identities`);
    const body: unknown = await response.json();
    expect({ status: response.status, body }).toMatchObject({ status: 200 });
    const { identities } = demoIdentitiesResponse.parse(body);
    const member = identities.find((i) => i.identity === 'member-1');
    expect(member).toBeDefined();

    const page = await phonePage(browser);
    await page.goto(h5Url());
    const row = page.locator('.demo-identity', { hasText: member?.name ?? '' });
    await row.first().click();

    await expect(page.locator('.home-user-name').first().textContent({ timeout: 30_000 })).resolves.toContain(member?.name);
    await expect(page.locator('.home-union-name').first().textContent()).resolves.toContain('云台新材料有限公司工会');
    const width = await page.evaluate('document.documentElement.scrollWidth');
    expect(width).toBeLessThanOrEqual(375);
    await saveScreenshot(page, 'home-member-logged-in');

    // The session survives a reload: the home page comes back logged in.
    await page.reload();
    await expect(page.locator('.home-union-name').first().textContent({ timeout: 30_000 })).resolves.toContain('云台新材料有限公司工会');
  });
});
