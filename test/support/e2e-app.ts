import type { Locator, Page } from 'playwright-core';
import { randomUUID } from 'node:crypto';
import { demoIdentitiesResponse, loginResponse, type DemoIdentity } from '../../shared/api/auth';
import { campaignResponse, type CampaignView } from '../../shared/api/campaign';
import { saveScreenshot } from './browser';
import { formatShanghaiEnd } from '../../shared/calendar/shanghai-date';
import { stackNow } from './stack-clock';

export { stackNow };

/**
 * What the browser tests do with the running stack (test/e2e/global-setup.ts): read its addresses, call its API,
 * log in through the H5 home page, look at what is on screen and take pictures of it.
 */

export const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run e2e tests through jest (global setup)`);
  return value;
};

/** On H5 the pages below the current one stay in the DOM, hidden: look only at what is on screen. */
export const shown = (page: Page, selector: string): Locator => page.locator(selector).filter({ visible: true });

/**
 * Taro slides a page in from the right and hides the one below a moment later: measure, take pictures or go back
 * only once both are done (going back sooner, Taro's late timer hides the page returned to).
 */
export const arrived = (page: Page) =>
  page.waitForFunction(`(() => {
    const pages = Array.from(document.querySelectorAll('.taro_page'));
    const top = pages[pages.length - 1];
    return !!top && top.classList.contains('taro_page_stationed') && top.getBoundingClientRect().left === 0 &&
      pages.slice(0, -1).every((p) => p.classList.contains('taro_page_shade'));
  })()`);

/** A screenshot once the page has arrived, after checking nothing is wider than the phone. */
export async function picture(page: Page, name: string): Promise<void> {
  await arrived(page);
  await expect(page.evaluate('document.documentElement.scrollWidth')).resolves.toBeLessThanOrEqual(375);
  await saveScreenshot(page, name);
}

/** "2027年1月6日 24:00", as the pages announce a window's end. */
export function announcedEnd(iso: string): string {
  const [date = '', clock = ''] = formatShanghaiEnd(new Date(iso)).split(' ');
  const [year, month, day] = date.split('-').map(Number);
  return `${year}年${month}月${day}日 ${clock}`;
}

/** A short random mark that keeps one run's headings and texts apart from another's (not a time). */
export const uniqueMark = (): string => randomUUID().slice(0, 8);

/** Beijing's calendar day, `days` from now on the stack's clock. */
export const beijingDay = (days = 0): string => new Date(stackNow().getTime() + days * 86_400_000 + 8 * 3600_000).toISOString().slice(0, 10);

/** Beijing wall time with its offset, to the second (2026-12-14T09:30:00+08:00), as the API takes instants. */
export const beijingIso = (instant: Date | number): string => `${new Date(Number(instant) + 8 * 3600_000).toISOString().slice(0, 19)}+08:00`;

/** One call of the stack's HTTP API (`/v1` + path), as a client would make it. */
export async function api(method: 'GET' | 'POST' | 'PUT', path: string, token: string | null, body?: unknown): Promise<{ status: number; body: unknown }> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (token) headers.Authorization = `Bearer ${token}`;
  const response = await fetch(`${env('E2E_API_URL')}/v1${path}`, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  return { status: response.status, body: await response.json() };
}

/** A session token of a demo identity ('organiser', 'chair-1', …). */
export async function tokenOf(identity: string): Promise<string> {
  const { status, body } = await api('POST', '/auth/demo-login', null, { identity });
  if (status !== 200) throw new Error(`demo log-in as ${identity} answered ${status}: ${JSON.stringify(body)}`);
  return loginResponse.parse(body).token;
}

export async function demoIdentity(identity: string): Promise<DemoIdentity> {
  const { identities } = demoIdentitiesResponse.parse(await (await fetch(`${env('E2E_API_URL')}/v1/auth/demo-identities`)).json());
  const found = identities.find((i) => i.identity === identity);
  if (!found) throw new Error(`no demo identity ${identity}`);
  return found;
}

/** Logs the page in as the identity by tapping it on the H5 home page. */
export async function logInAs(page: Page, identity: DemoIdentity): Promise<void> {
  await page.goto(env('E2E_H5_URL'));
  await page.locator('.demo-identity').filter({ hasText: identity.name }).filter({ hasText: identity.description }).first().click({ timeout: 30_000 });
  await shown(page, '.home-user-name').filter({ hasText: identity.name }).waitFor({ timeout: 30_000 });
}

/** The organiser publishes a jiaozuo-2018 campaign for 优秀工会工作者 through the API; 解放区 recommends. */
export async function publishJiaozuoCampaign(organiserToken: string, heading: string): Promise<CampaignView> {
  const request = {
    requestId: randomUUID(),
    rulesetId: 'jiaozuo-2018',
    year: Number(beijingDay().slice(0, 4)),
    heading,
    titles: ['outstandingWorker'],
    recommendingUnits: [{ orgId: 'dist-jiefang', quotaName: '解放区' }],
    submissionDeadline: beijingDay(30),
  };
  const published = await api('POST', '/orgs/city-jz/campaigns', organiserToken, request);
  if (published.status !== 201) throw new Error(`publishing answered ${published.status}: ${JSON.stringify(published.body)}`);
  return campaignResponse.parse(published.body).campaign;
}
