import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import * as z from 'zod';
import { signSession, verifySession } from '../../functions/auth/session-token';
import { localSecret } from '../../scripts/local/keys';
import { appraisalView, type OpenAppraisalRequest } from '../../shared/api/appraisal';
import { launchBrowser, phonePage } from '../support/browser';
import { api, beijingDay, beijingIso, demoIdentity, env, logInAs, picture, shown, stackNow, tokenOf, uniqueMark } from '../support/e2e-app';

jest.setTimeout(180_000);

/**
 * A notice opened the next day: its deep link (`pages/vote/index?appraisalId=…`) meets a session that ran out (a
 * session lasts 12 hours). The member must land on the ballot they came for, not on the home page.
 */

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser.close());

/** member-1's session as it was 13 hours ago: signed with the stack's own key, run out by now. */
async function expiredSessionOf(identity: string): Promise<string> {
  const secret = localSecret(env('E2E_DATA_DIR'), 'session-secret');
  const current = await verifySession(await tokenOf(identity), secret, 'local', stackNow());
  const { token } = await signSession({ memberId: current.memberId, openid: current.openid }, secret, 'local', new Date(stackNow().getTime() - 13 * 3600_000));
  await expect(verifySession(token, secret, 'local', stackNow())).rejects.toThrow();
  return token;
}

/** Puts a token where the H5 app keeps it (Taro's storage: JSON { data } under the key). */
async function storeToken(page: Page, token: string): Promise<void> {
  await page.evaluate(`window.localStorage.setItem('session.token', ${JSON.stringify(JSON.stringify({ data: token }))})`);
}

describe('a deep link opened with a session that has run out', () => {
  it('asks to log in again and brings the member back to the ballot of the link', async () => {
    // chair-1 opens a 大会表决 (member-congress ballot) at gu-yuntai, where member-1 is on the roster.
    const chairToken = await tokenOf('chair-1');
    const title = `E2E 重新登录 ${uniqueMark()}`;
    const now = stackNow().getTime();
    const request: OpenAppraisalRequest = {
      requestId: randomUUID(),
      kind: 'congressBallot',
      year: Number(beijingDay().slice(0, 4)),
      rulesetId: 'jiaozuo-2018',
      title,
      opensAt: beijingIso(now),
      closesAt: beijingIso(now + 3 * 86_400_000),
      minGroupSize: 5,
    };
    const opened = await api('POST', '/orgs/gu-yuntai/appraisals', chairToken, request);
    expect(opened.status).toBe(201);
    const { appraisalId } = z.object({ appraisal: appraisalView }).parse(opened.body).appraisal;
    const deepLink = `${env('E2E_H5_URL')}#/pages/vote/index?appraisalId=${appraisalId}`;

    // member-1 logged in yesterday; the stored session has run out since.
    const member = await demoIdentity('member-1');
    const page = await phonePage(browser);
    await logInAs(page, member);
    await storeToken(page, await expiredSessionOf('member-1'));

    // The subscribe message's page: the server refuses the session, the page says so and offers to log in.
    await page.goto(deepLink);
    const prompt = shown(page, '.log-in-prompt');
    await prompt.waitFor({ timeout: 30_000 });
    await expect(prompt.getAttribute('data-expired')).resolves.toBe('true');
    await expect(prompt.locator('.card__title').textContent()).resolves.toBe('登录已过期');
    await picture(page, 'session-expired-prompt');
    // The refused token is gone from the device.
    await expect(page.evaluate("window.localStorage.getItem('session.token')")).resolves.toBeNull();

    // 去登录 → the home page, which knows where the member came from …
    await prompt.locator('.log-in-prompt__go').click();
    await shown(page, '.home-return-note').waitFor({ timeout: 30_000 });
    await expect(page.evaluate('window.location.hash')).resolves.toContain('returnTo=');
    // … the member logs in again …
    await page.locator('.demo-identity').filter({ hasText: member.name }).filter({ hasText: member.description }).first().click({ timeout: 30_000 });

    // … and lands on the ballot of the link, ready to vote.
    await shown(page, '.vote-title').filter({ hasText: title }).waitFor({ timeout: 30_000 });
    await expect(page.evaluate('window.location.hash')).resolves.toBe(`#/pages/vote/index?appraisalId=${appraisalId}`);
    await picture(page, 'session-returned-to-ballot');
  });

  it('does not follow a return address outside the mini-program pages', async () => {
    const page = await phonePage(browser);
    await logInAs(page, await demoIdentity('member-1'));
    await page.goto(`${env('E2E_H5_URL')}#/pages/index/index?returnTo=${encodeURIComponent('https://evil.example/pages/vote/index')}`);
    await shown(page, '.home-user-name').waitFor({ timeout: 30_000 });
    await expect(page.evaluate('window.location.hash')).resolves.toContain('/pages/index/index');
  });
});
