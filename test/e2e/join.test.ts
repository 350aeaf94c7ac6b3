import { GetCommand, type DynamoDBDocumentClient } from '../../functions/storage/document-client';
import { createDocumentClient } from '../../functions/storage/dynamo';
import type { Browser, Page } from 'playwright-core';
import { demoIdentitiesResponse } from '../../shared/api/auth';
import { invitationCodePattern } from '../../shared/api/joining';
import { launchBrowser, phonePage, saveScreenshot } from '../support/browser';

jest.setTimeout(120_000);

const union = '云台新材料有限公司工会';

let browser: Browser;
let db: DynamoDBDocumentClient;
beforeAll(async () => {
  browser = await launchBrowser();
  db = createDocumentClient(env('E2E_DYNAMODB_ENDPOINT'));
});
afterAll(async () => {
  db.destroy();
  await browser.close();
});

function env(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run e2e tests through jest (global setup)`);
  return value;
}

/** A seeded member of chair-1's union that no WeChat account is bound to yet, read from the stack's table. */
async function unboundMember(): Promise<{ memberId: string; name: string; employeeNo: string }> {
  for (let n = 40; n < 120; n += 1) {
    const memberId = `gu-yuntai-m${String(n).padStart(3, '0')}`;
    const { Item } = await db.send(new GetCommand({ TableName: env('E2E_TABLE_NAME'), Key: { pk: `MEMBER#${memberId}`, sk: 'MEMBER' }, ConsistentRead: true }));
    if (Item && !Item.openid && typeof Item.employeeNo === 'string' && Item.status !== 'left') return { memberId, name: String(Item.name), employeeNo: Item.employeeNo };
  }
  throw new Error('no unbound seeded member left in gu-yuntai');
}

/** chair-1 logged in on the home page through the demo log-in. */
async function chairOnHome(): Promise<Page> {
  const { identities } = demoIdentitiesResponse.parse(await (await fetch(`${env('E2E_API_URL')}/v1/auth/demo-identities`)).json());
  const chair = identities.find((i) => i.identity === 'chair-1');
  if (!chair) throw new Error('demo identity chair-1 is missing');
  const page = await phonePage(browser);
  await page.goto(env('E2E_H5_URL'));
  await page.locator('.demo-identity', { hasText: chair.name }).first().click({ timeout: 30_000 });
  await page.locator('.home-union-name', { hasText: union }).first().waitFor({ timeout: 30_000 });
  return page;
}

/** Taro's H5 slides a new page in from the right: wait until it is in place, and nothing is wider than the phone. */
async function settled(page: Page): Promise<void> {
  await page.waitForFunction('document.documentElement.scrollWidth <= 375', undefined, { timeout: 10_000 });
}

describe('joining a union by invitation, on H5 at phone size', () => {
  it('the chair shows the invitation, a new WeChat user joins with name + employee number, and the chair sees them joined', async () => {
    // The chair opens 入会邀请码 (issuing the first code if there is none) and reads the join link.
    const chair = await chairOnHome();
    await chair.locator('.home-link-invitation').first().click();
    const issue = chair.locator('.invitation-issue');
    const code = chair.locator('.invitation-code');
    await Promise.race([issue.waitFor({ timeout: 30_000 }), code.waitFor({ timeout: 30_000 })]);
    if (await issue.isVisible()) await issue.click();
    await code.waitFor({ timeout: 30_000 });
    const invitationCode = String(await code.getAttribute('data-code'));
    expect(invitationCode).toMatch(invitationCodePattern);
    await expect(chair.locator('.invitation-union-name').textContent()).resolves.toBe(union);
    await expect(chair.locator('.invitation-instruction').textContent()).resolves.toBe('用微信扫一扫，按提示核对身份即可加入');
    await expect(chair.locator('.invitation-qr img').getAttribute('src')).resolves.toMatch(/^data:image\/png;base64,/);
    const joinLink = String(await chair.locator('.invitation-join-link').textContent()).trim();
    expect(joinLink).toMatch(new RegExp(`#/pages/join/index\\?scene=${invitationCode}$`));
    await settled(chair);
    await saveScreenshot(chair, 'join-invitation');

    // A WeChat user who never used the mini-program opens the link, logs in, and proves who they are.
    const member = await unboundMember();
    const joiner = await phonePage(browser);
    await joiner.goto(joinLink);
    await expect(joiner.locator('.join-union-name').textContent({ timeout: 30_000 })).resolves.toBe(union);
    await joiner.locator('.join-demo-wechat').click();
    await joiner.locator('.join-name input').fill(member.name, { timeout: 30_000 });
    await joiner.locator('.join-method[data-method="employeeNo"]').click();

    // A wrong employee number first: refused without saying which field was wrong.
    await joiner.locator('.join-employee-no input').fill('NOPE0000');
    await joiner.locator('.join-submit').click();
    await joiner.locator('.join-error').waitFor({ timeout: 30_000 });
    await saveScreenshot(joiner, 'join-form-refused');
    await expect(joiner.locator('.join-error').textContent({ timeout: 30_000 })).resolves.toMatch(/^姓名与工号\/手机号后四位不匹配/);

    await joiner.locator('.join-employee-no input').fill(member.employeeNo);
    await joiner.locator('.join-submit').click();
    await expect(joiner.locator('.join-success__title').textContent({ timeout: 30_000 })).resolves.toBe(`已加入 ${union}`);
    await settled(joiner);
    await saveScreenshot(joiner, 'join-member');

    // Home now shows the member and their union.
    await joiner.locator('.join-home').click();
    await expect(joiner.locator('.home-union-name').first().textContent({ timeout: 30_000 })).resolves.toBe(union);
    await expect(joiner.locator('.home-user-name').first().textContent()).resolves.toContain(member.name);

    // The chair's 入会情况 lists the member as joined.
    await chair.goto(env('E2E_H5_URL'));
    await chair.locator('.home-link-join-status').first().click({ timeout: 30_000 });
    const joined = chair.locator('.join-status-member', { hasText: member.name });
    await joined.waitFor({ timeout: 30_000 });
    await expect(joined.locator('.join-status-member__time').textContent()).resolves.toMatch(/^(刚刚|\d+分钟前)$/);
    await expect(chair.locator('.join-status-count--bound .join-status-count__value').textContent()).resolves.toMatch(/^\d+$/);
    await settled(chair);
    await saveScreenshot(chair, 'join-status');
  });
});
