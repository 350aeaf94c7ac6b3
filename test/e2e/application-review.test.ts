import { randomUUID } from 'node:crypto';
import type { Browser, Locator, Page } from 'playwright-core';
import { demoIdentitiesResponse, loginResponse, type DemoIdentity } from '../../shared/api/auth';
import { applicationResponse, campaignResponse, listBoardResponse, type CreateCampaignRequest } from '../../shared/api/campaign';
import { launchBrowser, phonePage, saveScreenshot } from '../support/browser';

jest.setTimeout(240_000);

/**
 * chair-1 chairs gu-yuntai (解放区); reviewer-jiefang reviews at dist-jiefang; the organiser (staff-city-1) runs
 * campaigns at city-jz. gu-yuntai-m003's 工号 is YUN0003 (scripts/local/seed.ts).
 */
const nomineeId = 'gu-yuntai-m003';
const nomineeEmployeeNo = 'YUN0003';
const jzDoc = '焦作市总工会评选表彰通知（2018年）';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser.close());

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run e2e tests through jest (global setup)`);
  return value;
};

/** On H5 the pages below the current one stay in the DOM, hidden: look only at what is on screen. */
const shown = (page: Page, selector: string): Locator => page.locator(selector).filter({ visible: true });

/** Taro slides a page in from the right and hides the one below a moment later: take pictures once both are done. */
const arrived = (page: Page) =>
  page.waitForFunction(`(() => {
    const pages = Array.from(document.querySelectorAll('.taro_page'));
    const top = pages[pages.length - 1];
    return !!top && top.classList.contains('taro_page_stationed') && top.getBoundingClientRect().left === 0 &&
      pages.slice(0, -1).every((p) => p.classList.contains('taro_page_shade'));
  })()`);

async function picture(page: Page, name: string): Promise<void> {
  await arrived(page);
  await expect(page.evaluate('document.documentElement.scrollWidth')).resolves.toBeLessThanOrEqual(375);
  await saveScreenshot(page, name);
}

/** Beijing's calendar day, `days` from now. */
const beijingDay = (days = 0): string => new Date(Date.now() + days * 86_400_000 + 8 * 3600_000).toISOString().slice(0, 10);

async function api(method: 'GET' | 'POST', path: string, token: string | null, body?: unknown): Promise<{ status: number; body: unknown }> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (token) headers.Authorization = `Bearer ${token}`;
  const response = await fetch(`${env('E2E_API_URL')}/v1${path}`, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  return { status: response.status, body: await response.json() };
}

async function tokenOf(identity: string): Promise<string> {
  const { status, body } = await api('POST', '/auth/demo-login', null, { identity });
  if (status !== 200) throw new Error(`demo log-in as ${identity} answered ${status}: ${JSON.stringify(body)}`);
  return loginResponse.parse(body).token;
}

async function demoIdentity(identity: string): Promise<DemoIdentity> {
  const { identities } = demoIdentitiesResponse.parse(await (await fetch(`${env('E2E_API_URL')}/v1/auth/demo-identities`)).json());
  const found = identities.find((i) => i.identity === identity);
  if (!found) throw new Error(`no demo identity ${identity}`);
  return found;
}

async function logInAs(page: Page, identity: DemoIdentity): Promise<void> {
  await page.goto(env('E2E_H5_URL'));
  await page.locator('.demo-identity').filter({ hasText: identity.name }).filter({ hasText: identity.description }).first().click({ timeout: 30_000 });
  await shown(page, '.home-user-name').filter({ hasText: identity.name }).waitFor({ timeout: 30_000 });
}

describe('申报 and 审核 on H5 at phone size (375×812)', () => {
  it('a chair files 优秀工会工作者 for a member, is refused while a barring circumstance is declared, fixes it and submits; the district reviewer passes it', async () => {
    // ---- The organiser publishes a jiaozuo-2018 campaign (through the API): one title, 解放区 recommends.
    const [organiserToken, chairToken, reviewerToken] = await Promise.all([tokenOf('organiser'), tokenOf('chair-1'), tokenOf('reviewer-jiefang')]);
    const heading = `E2E 评选表彰 ${Date.now()}`;
    const request: CreateCampaignRequest = {
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
    const { campaign } = campaignResponse.parse(published.body);

    // ---- The chair opens 申报评选 and files for a member found on the roster by 工号.
    const chair = await phonePage(browser);
    await logInAs(chair, await demoIdentity('chair-1'));
    await shown(chair, '.home-link-applications').click();
    await shown(chair, '.applications-new').click({ timeout: 30_000 });
    await shown(chair, '.applications-campaign').filter({ hasText: heading }).click();
    await expect(shown(chair, '.applications-title[data-active="true"]').textContent()).resolves.toBe('优秀工会工作者');
    await shown(chair, '.applications-person-search__input input').fill(nomineeEmployeeNo);
    await shown(chair, '.applications-person-search__go').click();
    await shown(chair, `.applications-person[data-member-id="${nomineeId}"]`).click({ timeout: 30_000 });
    await shown(chair, `.applications-nominee--person[data-member-id="${nomineeId}"]`).waitFor();
    await picture(chair, 'application-new');
    await shown(chair, '.applications-create').click();

    // ---- 填写申报: a draft, with the system's facts and the live check.
    const form = shown(chair, '.application-edit[data-application-id]');
    await form.waitFor({ timeout: 30_000 });
    const applicationId = String(await form.getAttribute('data-application-id'));
    expect(applicationId).toMatch(/^app-[0-9a-f]{16}$/);
    await expect(shown(chair, '.application-edit-status').getAttribute('data-status')).resolves.toBe('draft');
    const bar = shown(chair, '.self-check-barring[data-item="seriousViolation"]');
    const seriousViolation = shown(chair, '.application-edit-conditions .self-check-result[data-condition="generalBar.seriousViolation"]');
    await expect(seriousViolation.getAttribute('data-status')).resolves.toBe('missing');

    // Declaring a barring circumstance (YES): the condition fails at once, with its article.
    await bar.locator('.self-check-barring__answer[data-value="true"]').click();
    await expect(seriousViolation.getAttribute('data-status')).resolves.toBe('fail');
    await expect(seriousViolation.locator('.self-check-citation').textContent()).resolves.toBe(`依据：${jzDoc} 二、`);
    await expect(shown(chair, '.application-edit-bar').getAttribute('data-verdict')).resolves.toBe('ineligible');
    await expect(shown(chair, '.application-edit-conditions .self-check-result').first().getAttribute('data-condition')).resolves.toBe('generalBar.seriousViolation');

    // The narratives count as they are typed.
    const summary = '长期从事工会工作，帮助职工解决实际困难。';
    await shown(chair, '.application-edit-text[data-field="summary"] textarea').fill(summary);
    await expect(shown(chair, '.application-edit-text[data-field="summary"] .application-edit-text__count').textContent()).resolves.toBe(`${summary.length} / 500 字`);
    await expect(shown(chair, '.application-edit-text[data-field="narrative"] .application-edit-text__count').textContent()).resolves.toBe('0 / 2000 字');

    // Autosave (about a second after the last change) reaches the server: the declaration is there.
    await shown(chair, '.application-edit-save[data-state="saved"]').waitFor({ timeout: 30_000 });
    await waitUntil(async () => {
      const { body } = await api('GET', `/applications/${applicationId}`, chairToken);
      const saved = applicationResponse.parse(body).application;
      return saved.summary === summary && (saved.facts.barringCircumstances as Record<string, boolean> | undefined)?.seriousViolation === true;
    }, 'the autosave of the declaration');
    await picture(chair, 'application-edit-failing');

    // Submitting is refused, with the condition and its article.
    await shown(chair, '.application-edit-submit').click();
    const refusal = shown(chair, '.application-edit-refusal');
    await refusal.waitFor({ timeout: 30_000 });
    await expect(refusal.getAttribute('data-code')).resolves.toBe('APPLICATION.INELIGIBLE');
    await expect(refusal.locator('.application-edit-refusal__detail').first().textContent()).resolves.toContain('二、');
    await expect(shown(chair, '.application-edit-status').getAttribute('data-status')).resolves.toBe('draft');
    await saveScreenshot(chair, 'application-edit-refused');

    // Fixed (NO to both circumstances): the condition passes; submitting goes through.
    await bar.locator('.self-check-barring__answer[data-value="false"]').click();
    await shown(chair, '.self-check-barring[data-item="safetyAccident"] .self-check-barring__answer[data-value="false"]').click();
    await expect(seriousViolation.getAttribute('data-status')).resolves.toBe('pass');
    await expect(shown(chair, '.application-edit-refusal').count()).resolves.toBe(0);
    await shown(chair, '.application-edit-submit').click();
    await shown(chair, '.application-edit-status[data-status="submitted"]').waitFor({ timeout: 30_000 });
    await shown(chair, '.application-edit-submitted').waitFor();
    await expect(shown(chair, '.application-edit-submit').count()).resolves.toBe(0);
    await expect(shown(chair, '.application-edit-history__action').first().textContent()).resolves.toBe('提交申报');
    await picture(chair, 'application-edit-submitted');

    // ---- The 解放区 reviewer finds it in 审核申报 and passes it.
    const reviewer = await phonePage(browser);
    await logInAs(reviewer, await demoIdentity('reviewer-jiefang'));
    await shown(reviewer, '.home-link-review-queue').click();
    const item = shown(reviewer, `.queue-item[data-application-id="${applicationId}"]`);
    await item.waitFor({ timeout: 30_000 });
    await expect(item.locator('.queue-item__title').textContent()).resolves.toBe('优秀工会工作者');
    await picture(reviewer, 'review-queue');
    await item.click();

    const review = shown(reviewer, `.review[data-application-id="${applicationId}"]`);
    await review.waitFor({ timeout: 30_000 });
    await expect(review.locator('.review-status').getAttribute('data-status')).resolves.toBe('submitted');
    const condition = review.locator('.review-condition[data-condition="generalBar.seriousViolation"]');
    await expect(condition.getAttribute('data-status')).resolves.toBe('pass');
    await expect(condition.locator('.review-citation').textContent()).resolves.toBe(`依据：${jzDoc} 二、`);
    await expect(review.locator('.review-narrative[data-field="summary"] .review-narrative__text').textContent()).resolves.toBe(summary);
    await review.locator('.review-action[data-action="pass"]').click();
    await review.locator('.review-comment textarea').fill('材料齐全，同意推荐。');
    await picture(reviewer, 'review-application');
    await review.locator('.review-confirm').click();
    await review.locator('.review-status[data-status="passed"]').waitFor({ timeout: 30_000 });
    await expect(review.locator('.review-history__action').first().textContent()).resolves.toBe('审核通过');
    await saveScreenshot(reviewer, 'review-application-passed');

    // ---- The server agrees: passed, waiting on 解放区's list board, within its quota of 2.
    const read = await api('GET', `/applications/${applicationId}`, reviewerToken);
    expect(read.status).toBe(200);
    expect(applicationResponse.parse(read.body).application).toMatchObject({ status: 'passed', atOrgId: 'dist-jiefang', nominee: { kind: 'person', id: nomineeId } });
    const board = listBoardResponse.parse((await api('GET', `/campaigns/${campaign.campaignId}/lists/dist-jiefang`, reviewerToken)).body);
    expect(board.applications.map((a) => a.applicationId)).toContain(applicationId);
    expect(board.quotaUse).toEqual([{ title: '优秀工会工作者', used: 1, quota: 2 }]);
  });
});

async function waitUntil(check: () => Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}
