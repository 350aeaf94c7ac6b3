import type { Browser, Page } from 'playwright-core';
import { demoIdentitiesResponse } from '../../shared/api/auth';
import { privacyAgreedStorageKey, privacyGuideEdition, privacyUses } from '../../miniprogram/src/services/privacy-guide';
import { wechatFailureMessages } from '../../miniprogram/src/services/wechat-failure';
import { h5Url, launchBrowser, phonePage, saveScreenshot } from '../support/browser';

jest.setTimeout(120_000);

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser.close());

/** A file chooser opened by `click`, or null when none opened within `ms`. */
async function chooserAfter(page: Page, click: () => Promise<void>, ms: number) {
  const chooser = page.waitForEvent('filechooser', { timeout: ms }).catch(() => null);
  await click();
  return chooser;
}

describe('the privacy pop-up and guide (H5 at 375×812)', () => {
  it('asks before the first file is picked, picks nothing when refused, shows the guide, and asks only once', async () => {
    const { identities } = demoIdentitiesResponse.parse(await (await fetch(`${process.env.E2E_API_URL}/v1/auth/demo-identities`)).json());
    const chair = identities.find((i) => i.identity === 'chair-1');
    expect(chair).toBeDefined();

    // A first visit: nothing agreed yet.
    const page = await phonePage(browser, { privacyAgreed: false });
    await page.goto(h5Url());
    await page.locator('.demo-identity', { hasText: chair?.name ?? '' }).first().click();
    await page.locator('.home-link-roster').first().click({ timeout: 30_000 });
    await page.locator('.roster-union', { hasText: '云台新材料有限公司工会' }).waitFor({ timeout: 30_000 });
    await page.locator('.roster-import-link').first().click();
    const choose = page.locator('.roster-import-choose').first();
    await choose.waitFor({ timeout: 30_000 });

    // 选择文件: the pop-up asks first, and no file chooser opens while it does.
    const popup = page.locator('.privacy-popup');
    expect(await chooserAfter(page, () => choose.click(), 1_500)).toBeNull();
    await popup.waitFor({ timeout: 10_000 });
    await expect(popup.getAttribute('role')).resolves.toBe('dialog');
    await expect(popup.locator('.privacy-popup__text').textContent()).resolves.toContain('选择文件需要使用你的个人信息');
    await saveScreenshot(page, 'privacy-popup');

    // 不同意: nothing is picked, and the page says how to go on.
    await popup.locator('.privacy-popup__refuse').click();
    await popup.waitFor({ state: 'detached', timeout: 5_000 });
    await expect(page.locator('.roster-import-error .error-message').first().textContent({ timeout: 5_000 })).resolves.toBe(wechatFailureMessages['WECHAT.PRIVACY_REFUSED']);
    await expect(page.evaluate(`localStorage.getItem(${JSON.stringify(privacyAgreedStorageKey)})`)).resolves.toBeNull();

    // Asked again: the guide opens on its own page, saying what each privacy API collects, and the question waits.
    expect(await chooserAfter(page, () => choose.click(), 1_000)).toBeNull();
    await popup.waitFor({ timeout: 10_000 });
    await popup.locator('.privacy-popup__link').click();
    const guide = page.locator('.privacy');
    await guide.waitFor({ timeout: 30_000 });
    await expect(guide.locator('.privacy__api').allTextContents()).resolves.toEqual(Object.values(privacyUses).map((use) => use.api));
    await expect(guide.locator('.privacy__what').first().textContent()).resolves.toBe(privacyUses.chooseMedia.info);
    await saveScreenshot(page, 'privacy-guide');
    await page.goBack();
    await popup.waitFor({ timeout: 10_000 });

    // 同意并继续: the agreement is kept and the file chooser opens at once.
    const chooser = await chooserAfter(page, () => popup.locator('.privacy-popup__agree').click(), 10_000);
    expect(chooser).not.toBeNull();
    await popup.waitFor({ state: 'detached', timeout: 5_000 });
    await expect(page.evaluate(`localStorage.getItem(${JSON.stringify(privacyAgreedStorageKey)})`)).resolves.toBe(privacyGuideEdition);

    // Next time: no question, straight to the chooser.
    const again = await chooserAfter(page, () => choose.click(), 10_000);
    expect(again).not.toBeNull();
    await expect(popup.count()).resolves.toBe(0);
  });

  it('opens the guide without logging in', async () => {
    const page = await phonePage(browser, { privacyAgreed: false });
    await page.goto(`${h5Url()}#/pages/privacy/index`);
    await page.locator('.privacy').waitFor({ timeout: 30_000 });
    await expect(page.locator('.privacy .card__title').first().textContent()).resolves.toBe('职工之家隐私保护指引');
    await expect(page.locator('.privacy__item').count()).resolves.toBeGreaterThanOrEqual(Object.keys(privacyUses).length + 4);
  });
});
