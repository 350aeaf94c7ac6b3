import { randomUUID } from 'node:crypto';
import { UpdateCommand } from '../../functions/storage/document-client';
import type { Browser } from 'playwright-core';
import { campaignResponse, honoursResponse } from '../../shared/api/campaign';
import { certificateCheckUrl } from '../../shared/api/certificate';
import { campaignKeys, type ApplicationRecord } from '../../functions/campaign/campaign-items';
import { createDocumentClient } from '../../functions/storage/dynamo';
import { putApplications } from '../support/campaign-scale';
import { launchBrowser, phonePage } from '../support/browser';
import { api, beijingDay, env, picture, shown, tokenOf, uniqueMark } from '../support/e2e-app';

jest.setTimeout(180_000);

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser.close());

const unions = [
  { orgId: 'gu-yuntai', name: '云台新材料有限公司工会', district: 'dist-jiefang' },
  { orgId: 'gu-renmin', name: '解放区人民医院工会', district: 'dist-jiefang' },
];

/**
 * A qinhuangdao-2023 campaign (no final publicity) published and decided by the organiser through the API, its two
 * applications recommended up to the city as the district's reviewer would have left them; one honour then revoked
 * by writing the fields the revocation procedure will write.
 */
async function decidedCampaign(): Promise<{ campaignId: string; numbers: string[] }> {
  const organiser = await tokenOf('organiser');
  const published = await api('POST', '/orgs/city-jz/campaigns', organiser, {
    requestId: randomUUID(),
    rulesetId: 'qinhuangdao-2023',
    year: Number(beijingDay().slice(0, 4)),
    heading: `E2E 证书查询 ${uniqueMark()}`,
    titles: ['modelHome'],
    recommendingUnits: [{ orgId: 'dist-jiefang', quotaName: '解放区' }],
    submissionDeadline: beijingDay(30),
  });
  expect(published.status).toBe(201);
  const { campaignId } = campaignResponse.parse(published.body).campaign;
  const apps: ApplicationRecord[] = unions.map((u, i) => ({
    applicationId: `app-${campaignId.slice(4, 14)}00000${i}`,
    campaignId,
    title: 'modelHome',
    nominee: { kind: 'org', id: u.orgId, name: u.name },
    applyingUnitId: u.orgId,
    applyingUnitPath: `/city-jz/${u.district}/${u.orgId}`,
    recommendingUnitId: u.district,
    status: 'recommended',
    version: 3,
    atOrgId: 'city-jz',
    declared: {},
    narrative: '',
    summary: '职工之家建设成效显著。',
    consultation: '召开会员代表大会征求意见，无异议。',
    history: [],
    filedBy: `${u.orgId}-m001`,
  }));
  const db = createDocumentClient(env('E2E_DYNAMODB_ENDPOINT'));
  try {
    await putApplications(db, env('E2E_TABLE_NAME'), apps);
    const decided = await api('POST', `/campaigns/${campaignId}/decision`, organiser, { applicationIds: apps.map((a) => a.applicationId), reason: '经市总工会研究决定，授予荣誉称号' });
    expect(decided.status).toBe(201);
    const numbers = honoursResponse.parse(decided.body).honours.map((h) => h.certificateNo);
    await db.send(
      new UpdateCommand({
        TableName: env('E2E_TABLE_NAME'),
        Key: campaignKeys.honour(numbers[1] as string),
        UpdateExpression: 'SET #s = :r, revokedAt = :at, revocationCitation = :c',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':r': 'revoked', ':at': '2026-12-10T02:00:00.000Z', ':c': { doc: '秦皇岛市选树管理实施办法（2023年）', article: '第十四条' } },
      }),
    );
    return { campaignId, numbers };
  } finally {
    db.destroy();
  }
}

/** The colour of a result's 有效 / 已撤销 mark, computed in the page. */
const colourOf = (no: string): string => `getComputedStyle(document.querySelector('.certificate-check-result[data-certificate="${no}"] .certificate-check-result__state')).color`;

describe('荣誉证书查询 on H5 at phone size (375×812), logged out', () => {
  it('opened from a certificate link shows 有效; a revoked honour shows 已撤销 with its date and article; the final list links each honour to it', async () => {
    const { campaignId, numbers } = await decidedCampaign();
    const [valid, revoked] = numbers as [string, string];

    // ---- The link a certificate's QR code carries, opened with no session.
    const page = await phonePage(browser);
    await page.goto(certificateCheckUrl(env('E2E_H5_URL'), valid));
    const card = shown(page, `.certificate-check-result[data-certificate="${valid}"]`);
    await card.waitFor({ timeout: 30_000 });
    await expect(card.getAttribute('data-state')).resolves.toBe('valid');
    await expect(card.locator('.certificate-check-result__state').textContent()).resolves.toBe('有效');
    await expect(card.locator('.certificate-check-row--holder .certificate-check-row__value').textContent()).resolves.toBe('云台新材料有限公司工会');
    await expect(card.locator('.certificate-check-row--body .certificate-check-row__value').textContent()).resolves.toBe('焦作市总工会');
    await expect(card.locator('.certificate-check-row--citation').count()).resolves.toBe(0);
    const green = await page.evaluate(colourOf(valid));
    expect(green).toBe('rgb(47, 125, 50)');
    await picture(page, 'certificate-check-valid');

    // ---- The revoked one, typed in lower case into the form of the same page.
    await shown(page, '.certificate-check-input input').fill(revoked.toLowerCase());
    await shown(page, '.certificate-check-submit').click();
    const revokedCard = shown(page, `.certificate-check-result[data-certificate="${revoked}"]`);
    await revokedCard.waitFor({ timeout: 30_000 });
    await expect(revokedCard.getAttribute('data-state')).resolves.toBe('revoked');
    await expect(revokedCard.locator('.certificate-check-result__state').textContent()).resolves.toBe('已撤销');
    await expect(revokedCard.locator('.certificate-check-row--revoked-on .certificate-check-row__value').textContent()).resolves.toBe('2026年12月10日');
    await expect(revokedCard.locator('.certificate-check-row--citation .certificate-check-row__value').textContent()).resolves.toBe('秦皇岛市选树管理实施办法（2023年） 第十四条');
    const red = await page.evaluate(colourOf(revoked));
    expect(red).toBe('rgb(200, 22, 29)');
    await picture(page, 'certificate-check-revoked');

    // ---- A number that does not exist, and one that is not a number at all: clear errors.
    await shown(page, '.certificate-check-input input').fill('QINHUANGDAO-2023-2026-9999');
    await shown(page, '.certificate-check-submit').click();
    await expect(shown(page, '.certificate-check-failure').textContent({ timeout: 30_000 })).resolves.toBe('没有这个证书编号的荣誉，请核对证书编号');
    await shown(page, '.certificate-check-input input').fill('12345');
    await shown(page, '.certificate-check-submit').click();
    await expect(shown(page, '.certificate-check-input-error').textContent()).resolves.toContain('证书编号（certificateNo）格式不正确');

    // ---- The final list (public) links each honour to the check.
    const list = await phonePage(browser);
    await list.goto(`${env('E2E_H5_URL')}#/admin/pages/final-list/index?campaignId=${campaignId}`);
    await shown(list, `.final-list-row[data-certificate="${revoked}"] .final-list-cell--check`).click({ timeout: 30_000 });
    const fromList = shown(list, `.certificate-check-result[data-certificate="${revoked}"]`);
    await fromList.waitFor({ timeout: 30_000 });
    await expect(fromList.locator('.certificate-check-result__state').textContent()).resolves.toBe('已撤销');
  });
});
