import type { Browser } from 'playwright-core';
import { commitWithNotices } from '../../functions/notify/outbox';
import { createDocumentClient } from '../../functions/storage/dynamo';
import { invokeClock } from '../../scripts/local/local-stack';
import { loginResponse } from '../../shared/api/auth';
import { unreadResponse } from '../../shared/api/inbox';
import { launchBrowser, phonePage, saveScreenshot } from '../support/browser';
import { env, shown, arrived, demoIdentity, logInAs, stackNow } from '../support/e2e-app';

jest.setTimeout(90_000);

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser.close());

/** The member's unread count as the API tells it (to wait for the clock, which also runs every 5 s on its own). */
async function unreadCountOf(identity: string): Promise<number> {
  const login = await fetch(`${env('E2E_API_URL')}/v1/auth/demo-login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ identity }) });
  const body: unknown = await login.json();
  if (!login.ok) throw new Error(`demo log-in as ${identity} answered ${login.status}: ${JSON.stringify(body)}`);
  const { token } = loginResponse.parse(body);
  const unread = await fetch(`${env('E2E_API_URL')}/v1/inbox/unread`, { headers: { Authorization: `Bearer ${token}` } });
  return unreadResponse.parse(await unread.json()).unread;
}

// Identities no other e2e file notifies (ballots notify member-1, reports the investigator): the counts here are exact.
const noticeText = '您已被授予「解放区人民医院工会」的会员代表角色。';

describe('the H5 inbox at phone size (375×812)', () => {
  it('shows a notice committed through the outbox, marks it read on tap, opens its page and clears the badge', async () => {
    // A change committed with its notice in one transaction, then the clock dispatches it into the inbox.
    const db = createDocumentClient(env('E2E_DYNAMODB_ENDPOINT'));
    const table = env('E2E_TABLE_NAME');
    await commitWithNotices(db, table, {
      writes: [{ Put: { TableName: table, Item: { pk: 'E2E#role#1', sk: 'CHANGE', entity: 'e2eChange', memberId: 'gu-renmin-m007', role: 'representative' }, ConditionExpression: 'attribute_not_exists(pk)' } }],
      notices: [{ eventId: 'e2e#role#1', recipientId: 'gu-renmin-m007' /* member-2 */, templateKey: 'role.granted', params: { org: '解放区人民医院工会', role: '会员代表' } }],
    }, stackNow());
    db.destroy();
    const deadline = performance.now() + 30_000;
    await invokeClock(Number(env('E2E_LAMBDA_PORT')));
    while ((await unreadCountOf('member-2')) < 1) {
      if (performance.now() > deadline) throw new Error('the clock did not deliver the notice into the inbox');
      await new Promise((resolve) => setTimeout(resolve, 500));
      await invokeClock(Number(env('E2E_LAMBDA_PORT')));
    }

    const member = await demoIdentity('member-2');
    const page = await phonePage(browser);
    await logInAs(page, member);

    // The home page: 消息通知 with the count.
    const badge = shown(page, '.home-link-inbox .home-inbox-badge');
    await badge.waitFor({ timeout: 30_000 });
    await expect(badge.textContent()).resolves.toBe('1');
    await saveScreenshot(page, 'inbox-home-badge');

    // The inbox: the notice, unread, in Chinese.
    await shown(page, '.home-link-inbox').click();
    const notice = shown(page, '.inbox-notice').filter({ hasText: noticeText });
    await notice.waitFor({ timeout: 30_000 });
    await expect(notice.getAttribute('data-unread')).resolves.toBe('true');
    await expect(notice.locator('.inbox-notice__title').textContent()).resolves.toBe('您获得了新的角色');
    await expect(notice.locator('.inbox-notice__time').textContent()).resolves.toMatch(/^(刚刚|\d+分钟前|今天 \d\d:\d\d)$/);
    await expect(shown(page, '.inbox-more__end').textContent()).resolves.toBe('没有更多通知了');
    await arrived(page);
    const width = await page.evaluate('document.documentElement.scrollWidth');
    expect(width).toBeLessThanOrEqual(375);
    await saveScreenshot(page, 'inbox-member');

    // A tap opens the notice's page (我的) …
    await notice.click();
    await shown(page, '.me-user-name').filter({ hasText: member.name }).waitFor({ timeout: 30_000 });
    await arrived(page);

    // … and the notice is read: back in the inbox it is no longer marked, and the server agrees.
    await page.goBack();
    await shown(page, '.inbox-notice[data-unread="false"]').filter({ hasText: noticeText }).waitFor({ timeout: 30_000 });
    await expect(unreadCountOf('member-2')).resolves.toBe(0);

    // Home again: the badge is gone.
    await page.goBack();
    await shown(page, '.home-link-inbox').waitFor({ timeout: 30_000 });
    await page.locator('.home-inbox-badge').waitFor({ state: 'detached', timeout: 30_000 });
  });

  it('shows 暂无通知 to someone nobody has notified, and no badge', async () => {
    const page = await phonePage(browser);
    await logInAs(page, await demoIdentity('reviewer-shanyang'));
    await shown(page, '.home-link-inbox').click({ timeout: 30_000 });
    await shown(page, '.inbox-empty').filter({ hasText: '暂无通知' }).waitFor({ timeout: 30_000 });
    await expect(shown(page, '.inbox-notice').count()).resolves.toBe(0);
    await arrived(page);
    await saveScreenshot(page, 'inbox-empty');
    await page.goBack();
    await shown(page, '.home-link-inbox').waitFor({ timeout: 30_000 });
    await expect(page.locator('.home-inbox-badge').count()).resolves.toBe(0);
  });
});
