import { randomInt, randomUUID } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { fileReportResponse, publicityResponse, reportFormResponse, reportListResponse, type OpenPublicityRequest } from '../../shared/api/publicity';
import { launchBrowser, phonePage } from '../support/browser';
import { env, shown, picture, api, tokenOf, demoIdentity, logInAs, beijingDay, uniqueMark } from '../support/e2e-app';

jest.setTimeout(180_000);

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser.close());

/**
 * Issue 15, acceptance point 2, the main path on H5 at phone size: the investigator asks, with a reason, to see a
 * reporter's identity; the custodian (身份保管人) approves on 身份查看审批; the investigator sees the identity once;
 * the reporter, following up by receipt, is told that their identity was disclosed.
 */
describe('four-eyes identity access on H5 (375×812)', () => {
  it('investigator asks → custodian approves → investigator sees the identity once → the reporter is told', async () => {
    // ---- A final list at the city federation and a report with a contact, filed logged out (through the API).
    const organiserToken = await tokenOf('organiser');
    const stamp = uniqueMark();
    const request: OpenPublicityRequest = {
      requestId: randomUUID(),
      level: 'final',
      rulesetId: 'jiaozuo-2018',
      year: Number(beijingDay().slice(0, 4)),
      heading: `E2E 身份审批公示 ${stamp}`,
      entries: [{ nomineeName: '覃怀物流有限公司工会', unitName: '覃怀物流有限公司', title: 'modelHome', nomineeRef: 'gu-qinhuai', summary: `厂务公开规范，职工之家阵地建设达标。E2E ${stamp}` }],
    };
    const opened = await api('POST', '/orgs/city-jz/publicities', organiserToken, request);
    if (opened.status !== 201) throw new Error(`publishing answered ${opened.status}: ${JSON.stringify(opened.body)}`);
    const publicity = publicityResponse.parse(opened.body).publicity;
    const entryId = publicity.entries[0]?.entryId ?? '';
    const form = reportFormResponse.parse((await api('GET', `/publicities/${publicity.publicityId}/entries/${entryId}/report-form`, null)).body);
    const contact = `手机 139${String(randomInt(100_000_000)).padStart(8, '0')}`;
    const filed = await api('POST', `/publicities/${publicity.publicityId}/entries/${entryId}/reports`, null, {
      requestId: randomUUID(),
      category: form.categories[0]?.id,
      description: `该单位职代会记录与实际召开情况不符，请核实。E2E ${stamp}`,
      contact,
    });
    expect(filed.status).toBe(201);
    const receipt = String((fileReportResponse.parse(filed.body) as { receipt?: string }).receipt);
    const investigatorToken = await tokenOf('investigator');
    const report = reportListResponse.parse((await api('GET', '/reports', investigatorToken)).body).reports.find((r) => r.publicityId === publicity.publicityId);
    if (!report) throw new Error('the report is not listed for the investigator');

    // ---- The investigator opens the report and asks, with a reason.
    const reason = `需电话核实举报人所述会议的时间与地点 ${stamp}`;
    const investigator = await phonePage(browser);
    await logInAs(investigator, await demoIdentity('investigator'));
    await investigator.goto(`${env('E2E_H5_URL')}#/review/pages/report-detail/index?reportId=${report.reportId}`);
    const ask = shown(investigator, '.identity-ask-reason textarea');
    await ask.waitFor({ timeout: 30_000 });
    await ask.fill(reason);
    await shown(investigator, '.identity-ask-submit').click();
    const mine = shown(investigator, '.identity-request[data-status="pending"]');
    await mine.waitFor({ timeout: 30_000 });
    await expect(mine.locator('.identity-request__reason').textContent()).resolves.toBe(`理由：${reason}`);
    await expect(shown(investigator, '.identity-ask-submit').count()).resolves.toBe(0);
    await expect(shown(investigator, '.identity-open').count()).resolves.toBe(0);
    await picture(investigator, 'identity-asked');

    // ---- The custodian sees it on 身份查看审批 from the home page, with the reason, and approves with their own.
    const custodian = await phonePage(browser);
    await logInAs(custodian, await demoIdentity('custodian'));
    await shown(custodian, '.home-link-identity-requests').click({ timeout: 30_000 });
    const card = shown(custodian, '.idreq-item[data-status="pending"]').filter({ hasText: reason });
    await card.waitFor({ timeout: 30_000 });
    await expect(card.locator('.idreq-item__reason').textContent()).resolves.toBe(`申请理由：${reason}`);
    await card.locator('.idreq-reason textarea').fill('理由充分，同意查看一次');
    await card.locator('.idreq-approve').click();
    await shown(custodian, '.idreq-item[data-status="approved"]').filter({ hasText: reason }).waitFor({ timeout: 30_000 });
    await picture(custodian, 'identity-approved');

    // ---- The investigator, back on the report, opens it: the contact shows once.
    await investigator.reload();
    const openButton = shown(investigator, '.identity-open');
    await openButton.waitFor({ timeout: 30_000 });
    await openButton.click();
    await expect(shown(investigator, '.identity-revealed__contact').textContent({ timeout: 30_000 })).resolves.toBe(contact);
    await shown(investigator, '.identity-request[data-status="opened"]').waitFor({ timeout: 30_000 });
    await expect(shown(investigator, '.identity-open').count()).resolves.toBe(0);
    await picture(investigator, 'identity-opened');
    // Opened once: after a reload the identity is gone from the page and the request cannot be opened again.
    await investigator.reload();
    await shown(investigator, '.identity-request[data-status="opened"]').waitFor({ timeout: 30_000 });
    await expect(shown(investigator, '.identity-revealed__contact').count()).resolves.toBe(0);
    await expect(shown(investigator, '.identity-open').count()).resolves.toBe(0);

    // ---- The reporter follows up by receipt and is told that their identity was disclosed.
    const reporter = await phonePage(browser);
    await reporter.goto(env('E2E_H5_URL'));
    await shown(reporter, '.home-link-report-followup').click({ timeout: 30_000 });
    await shown(reporter, '.followup-input input').fill(receipt, { timeout: 30_000 });
    await shown(reporter, '.followup-submit').click();
    const disclosure = shown(reporter, '.followup-disclosure');
    await disclosure.waitFor({ timeout: 30_000 });
    await expect(disclosure.textContent()).resolves.toMatch(/^你的身份信息已于 .+ 经审批向核查人员披露。$/);
    await picture(reporter, 'identity-disclosed-followup');
  });
});
