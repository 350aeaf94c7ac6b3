import type { Browser } from 'playwright-core';
import { appendAuditEvents } from '../../functions/audit/audit-trail';
import { createDocumentClient } from '../../functions/storage/dynamo';
import { launchBrowser, phonePage, saveScreenshot } from '../support/browser';
import { env, shown, arrived, demoIdentity, logInAs, stackNow } from '../support/e2e-app';

jest.setTimeout(90_000);

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser.close());

const reason = '缺少近三年满意率材料';

describe('the H5 audit trail at phone size (375×812)', () => {
  beforeAll(async () => {
    // Appended as a reviewer's decision would append it: the real trail, hash-chained in DynamoDB.
    const db = createDocumentClient(env('E2E_DYNAMODB_ENDPOINT'));
    await appendAuditEvents(db, env('E2E_TABLE_NAME'), [
      {
        subjectType: 'application',
        subjectId: 'e2e-1',
        scopePath: '/city-jz/dist-jiefang/gu-yuntai',
        action: 'application.returned',
        actor: { memberId: 'staff-dist-jiefang', role: 'reviewer' },
        reason,
        citation: { doc: '京工发〔2021〕19号', article: '第六条', item: '（四）' },
      },
    ], { now: stackNow });
    db.destroy();
  });

  it('shows an organiser the decision in Chinese with its reason and article, and its chain verified', async () => {
    const page = await phonePage(browser);
    await logInAs(page, await demoIdentity('organiser'));

    await shown(page, '.home-link-audit').click({ timeout: 30_000 });
    const event = shown(page, '.audit-event[data-action="application.returned"]').filter({ hasText: 'e2e-1' });
    await event.waitFor({ timeout: 30_000 });
    await expect(event.locator('.audit-action').textContent()).resolves.toBe('申报退回修改');
    await expect(event.locator('.audit-actor').textContent()).resolves.toBe('操作人：审核人 · staff-dist-jiefang');
    await expect(event.locator('.audit-reason').textContent()).resolves.toBe(`理由：${reason}`);
    await expect(event.locator('.audit-citation').textContent()).resolves.toBe('依据：京工发〔2021〕19号 第六条（四）');
    await arrived(page);
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(375);
    await saveScreenshot(page, 'audit-organiser-recent');

    // A tap opens the subject's whole chain, verified on the server.
    await event.click();
    const banner = shown(page, '.audit-verified');
    await banner.waitFor({ timeout: 30_000 });
    await expect(banner.getAttribute('data-verified')).resolves.toBe('true');
    await expect(banner.locator('.audit-verified__title').textContent()).resolves.toBe('记录链完整，未被改动');
    await expect(shown(page, '.audit-chain .audit-reason').first().textContent()).resolves.toBe(`理由：${reason}`);
    await arrived(page);
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(375);
    await saveScreenshot(page, 'audit-organiser');
  });

  it('shows an organiser that every notice was delivered when none failed', async () => {
    const page = await phonePage(browser);
    await logInAs(page, await demoIdentity('organiser'));

    await shown(page, '.home-link-dead-notices').click({ timeout: 30_000 });
    await shown(page, '.dead-notices-empty__title').filter({ hasText: '所有通知均已送达' }).waitFor({ timeout: 30_000 });
  });

  it('tells a member who is not an organiser, politely, that the trail is for organisers', async () => {
    const page = await phonePage(browser);
    await logInAs(page, await demoIdentity('member-1'));
    // Members have no link to it; they could still type the address.
    await expect(shown(page, '.home-link-audit').count()).resolves.toBe(0);

    await page.goto(`${env('E2E_H5_URL')}#/admin/pages/audit/index`);
    await shown(page, '.access-error--forbidden').filter({ hasText: '只有组织者可以查看审计记录' }).waitFor({ timeout: 30_000 });
  });
});
