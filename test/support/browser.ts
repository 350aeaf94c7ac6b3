import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { privacyAgreedStorageKey, privacyGuideEdition } from '../../miniprogram/src/services/privacy-guide';
import { stackNow } from './stack-clock';

export const artifactsDir = resolve(__dirname, '..', 'artifacts');

/**
 * Debian's Chromium, headless, with the flags that keep it off the closed network (FIELD-NOTES.md). Playwright
 * gives every launch a fresh, empty profile of its own.
 */
export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/**
 * A phone-sized page (375×812, as an iPhone X/11 Pro), Chinese locale, whose clock reads the stack's time (the
 * stack runs at a fixed instant: test/support/stack-clock.ts). Playwright's clock starts the page's Date there and
 * lets it run on in real time, timers included, so Taro's transitions behave as on a phone.
 *
 * The person has agreed to the privacy guide before (services/privacy.ts keeps that in the browser on H5), so a
 * test of another feature is not stopped by the privacy pop-up; `privacyAgreed: false` opens as a first visit
 * (test/e2e/privacy.test.ts).
 */
export async function phonePage(browser: Browser, options: { privacyAgreed?: boolean } = {}): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 375, height: 812 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'zh-CN' });
  await context.clock.install({ time: stackNow() });
  if (options.privacyAgreed ?? true) {
    await context.addInitScript(`localStorage.setItem(${JSON.stringify(privacyAgreedStorageKey)}, ${JSON.stringify(privacyGuideEdition)})`);
  }
  return context.newPage();
}

export async function saveScreenshot(page: Page, name: string): Promise<string> {
  mkdirSync(artifactsDir, { recursive: true });
  const path = join(artifactsDir, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** The H5 app's address from the e2e global setup. */
export function h5Url(): string {
  const url = process.env.E2E_H5_URL;
  if (!url) throw new Error('E2E_H5_URL is not set: run e2e tests through jest (global setup)');
  return url;
}
