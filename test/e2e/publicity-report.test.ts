import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { identityRequestView, openedIdentityResponse } from '../../shared/api/identity-access';
import {
  fileReportRequest,
  followUpResponse,
  publicityResponse,
  reportDetailResponse,
  reportFormResponse,
  reportListResponse,
  type OpenPublicityRequest,
  type PublicityView,
  type ReportDetailResponse,
} from '../../shared/api/publicity';
import { provisionalEndLabel } from '../../shared/api/calendar';
import { launchBrowser, phonePage } from '../support/browser';
import { env, shown, picture, api, tokenOf, demoIdentity, logInAs, beijingDay, uniqueMark, announcedEnd } from '../support/e2e-app';

jest.setTimeout(180_000);

/** The investigator (staff-city-2) investigates at city-jz, where the organiser (staff-city-1) publishes. */
const federationId = 'city-jz';
const receiptAlphabet = /^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{20}$/;
const receiptWarning = '请立即保存回执码：这是查询进展、补充材料的唯一凭证，系统不会再次显示';
const anonymityNote = '匿名举报：默认不留姓名。联系方式加密保存，仅在核查人员申请、身份保管人批准后可查看一次';
/** A 1×1 PNG: the smallest picture the evidence field accepts. */
const tinyPng = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
/** The server's limit on one evidence picture as a data URL (shared/api/publicity.ts evidenceImage). */
const maxEvidenceDataUrl = 350_000;

/**
 * A PNG of random pixels drawn on the browser's own canvas: noise compresses worst of all, in PNG and in JPEG, so it
 * stands for the largest screenshot a phone can take.
 */
async function noisyPng(page: Page, width: number, height: number): Promise<Buffer> {
  const base64 = await page.evaluate(`(async () => {
    const canvas = document.createElement('canvas');
    canvas.width = ${width};
    canvas.height = ${height};
    const context = canvas.getContext('2d');
    const image = context.createImageData(${width}, ${height});
    for (let i = 0; i < image.data.length; i += 65536) crypto.getRandomValues(image.data.subarray(i, i + 65536));
    for (let i = 3; i < image.data.length; i += 4) image.data[i] = 255;
    context.putImageData(image, 0, 0);
    const blob = await new Promise((resolve) => canvas.toBlob(resolve, 'image/png'));
    const bytes = new Uint8Array(await blob.arrayBuffer());
    let text = '';
    for (let i = 0; i < bytes.length; i += 32768) text += String.fromCharCode(...bytes.subarray(i, i + 32768));
    return btoa(text);
  })()`);
  return Buffer.from(String(base64), 'base64');
}

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser.close());


async function detailOf(token: string, reportId: string): Promise<ReportDetailResponse> {
  const { status, body } = await api('GET', `/reports/${reportId}`, token);
  if (status !== 200) throw new Error(`reading report ${reportId} answered ${status}: ${JSON.stringify(body)}`);
  return reportDetailResponse.parse(body);
}

describe('公示 and 举报 on H5 at phone size (375×812)', () => {
  it('a logged-out visitor reads a final publicity, files an anonymous report, keeps the receipt, and follows it up with the investigator', async () => {
    // ---- The organiser publishes a final-level list at the city federation (through the API).
    const [organiserToken, investigatorToken] = await Promise.all([tokenOf('organiser'), tokenOf('investigator')]);
    const stamp = uniqueMark();
    const heading = `E2E 终审公示 ${stamp}`;
    const entries = [
      { nomineeName: '云台新材料有限公司工会', unitName: '云台新材料有限公司', title: 'modelHome', nomineeRef: 'gu-yuntai', summary: `民主管理制度健全，职代会每年召开，厂务公开规范。E2E ${stamp}` },
      { nomineeName: '解放区人民医院工会', unitName: '解放区人民医院', title: 'modelHome', nomineeRef: 'gu-renmin', summary: `建成职工书屋和母婴室，困难职工帮扶全覆盖。E2E ${stamp}` },
    ] as const;
    const request: OpenPublicityRequest = {
      requestId: randomUUID(),
      level: 'final',
      rulesetId: 'jiaozuo-2018',
      year: Number(beijingDay().slice(0, 4)),
      heading,
      entries: entries.map((e) => ({ ...e })),
    };
    const opened = await api('POST', `/orgs/${federationId}/publicities`, organiserToken, request);
    if (opened.status !== 201) throw new Error(`publishing answered ${opened.status}: ${JSON.stringify(opened.body)}`);
    const publicity: PublicityView = publicityResponse.parse(opened.body).publicity;
    expect(publicity).toMatchObject({ level: 'final', audience: 'public', status: 'open', heading, orgId: federationId });
    expect(publicity.workingDaysLeft).toBeGreaterThan(0);
    expect(publicity.entries).toHaveLength(2);
    const [first] = publicity.entries;
    if (!first) throw new Error('no entries');
    // A window reaching a year whose arrangement is not loaded ends provisionally, and says so (DESIGN.md invariant 4).
    const countdown = `公示期剩余 ${publicity.workingDaysLeft} 个工作日${publicity.provisional ? `，${announcedEnd(publicity.endsAt)} 期满（${provisionalEndLabel}）` : ''}`;

    // ---- A visitor, not logged in, opens 公示与举报 from the home page.
    const visitor = await phonePage(browser);
    await visitor.goto(env('E2E_H5_URL'));
    await shown(visitor, '.home-link-publicities').click({ timeout: 30_000 });
    const item = shown(visitor, '.publicities-item').filter({ hasText: heading });
    await item.waitFor({ timeout: 30_000 });
    await expect(item.getAttribute('data-status')).resolves.toBe('open');
    await expect(item.locator('.publicities-item__level').textContent()).resolves.toBe('终审公示');
    await expect(item.locator('.publicities-item__end').textContent()).resolves.toBe(`截止：${announcedEnd(publicity.endsAt)}`);
    await expect(item.locator('.publicities-item__countdown').textContent()).resolves.toBe(countdown);
    await expect(item.locator('.publicities-item__count').textContent()).resolves.toBe('共 2 项');
    await item.scrollIntoViewIfNeeded();
    await picture(visitor, 'publicity-list');

    // The publicity: its end date, the working days left, the article, and both entries listed.
    await item.click();
    await shown(visitor, '.publicity-heading').filter({ hasText: heading }).waitFor({ timeout: 30_000 });
    await expect(shown(visitor, '.publicity-level').textContent()).resolves.toBe('终审公示');
    await expect(shown(visitor, '.publicity-end').textContent()).resolves.toBe(`公示截止：${announcedEnd(publicity.endsAt)}`);
    await expect(shown(visitor, '.publicity-countdown__text').textContent()).resolves.toBe(countdown);
    await expect(shown(visitor, '.publicity-org').textContent()).resolves.toBe(`发布单位：${publicity.orgName}`);
    if (publicity.citation) await expect(shown(visitor, '.publicity-citation').textContent()).resolves.toBe(`依据：${publicity.citation}`);
    const listed = shown(visitor, '.publicity-entry');
    await expect(listed.count()).resolves.toBe(2);
    for (const [index, entry] of publicity.entries.entries()) {
      await expect(listed.nth(index).locator('.publicity-entry__name').textContent()).resolves.toBe(entry.nomineeName);
      await expect(listed.nth(index).locator('.entry-tag').textContent()).resolves.toBe('公示中');
      await expect(listed.nth(index).locator('.publicity-entry__title').textContent()).resolves.toBe('模范职工之家');
    }
    await picture(visitor, 'publicity-detail');

    // One entry: the summary and the form, which says first that this is an objection within the window.
    const form = reportFormResponse.parse((await api('GET', `/publicities/${publicity.publicityId}/entries/${first.entryId}/report-form`, null)).body);
    expect(form.kind).toBe('objection');
    await listed.first().click();
    await shown(visitor, '.report-entry__name').filter({ hasText: first.nomineeName }).waitFor({ timeout: 30_000 });
    await expect(shown(visitor, '.report-entry__unit').textContent()).resolves.toBe(first.unitName);
    await expect(shown(visitor, '.report-entry__title').textContent()).resolves.toBe('模范职工之家');
    await expect(shown(visitor, '.report-entry__summary').textContent()).resolves.toBe(first.summary);
    await expect(shown(visitor, '.report-kind').getAttribute('data-kind')).resolves.toBe('objection');
    await expect(shown(visitor, '.report-kind__text').textContent()).resolves.toBe(form.kindExplanation);
    await expect(shown(visitor, '.report-category').count()).resolves.toBe(form.categories.length);
    await expect(shown(visitor, '.report-anonymity').first().textContent()).resolves.toBe(anonymityNote);

    // Submitting an empty form names the missing fields and sends nothing.
    await shown(visitor, '.report-submit').click();
    await expect(shown(visitor, '#report-field-category .field-error').textContent()).resolves.toBe('请选择举报类别（category）');
    await expect(shown(visitor, '#report-field-description .field-error').textContent()).resolves.toContain('至少 20 字');

    // Category, a description with its live counter, one picture; no contact.
    const category = form.categories.find((c) => c.id === 'procedure.forgedMaterial') ?? form.categories[0];
    if (!category) throw new Error('no categories');
    await shown(visitor, `.report-category[data-category="${category.id}"]`).click();
    await expect(shown(visitor, '.report-category--chosen .report-category__label').textContent()).resolves.toBe(category.label);
    const description = `申报材料中职代会记录的日期与实际不符，E2E 测试举报内容 ${stamp}`;
    await shown(visitor, '.report-description textarea').fill('太短了');
    await expect(shown(visitor, '.report-counter-need').textContent()).resolves.toBe('还需 17 字');
    await shown(visitor, '.report-description textarea').fill(description);
    await expect(shown(visitor, '.report-counter').textContent()).resolves.toBe(`${description.length}/2000`);
    await expect(shown(visitor, '.report-counter-need').textContent()).resolves.toBe('字数已满足要求');
    const chooser = visitor.waitForEvent('filechooser');
    await shown(visitor, '.evidence-add').click();
    await (await chooser).setFiles({ name: 'evidence.png', mimeType: 'image/png', buffer: tinyPng });
    await shown(visitor, '.evidence-thumb').first().waitFor({ timeout: 10_000 });
    await expect(shown(visitor, '.evidence-thumb').count()).resolves.toBe(1);
    // A screenshot far over the limit (a PNG, which compressImage cannot shrink on WeChat) is taken as a JPEG that fits.
    const screenshot = await noisyPng(visitor, 640, 640);
    expect(Math.ceil(screenshot.length / 3) * 4).toBeGreaterThan(maxEvidenceDataUrl * 3);
    const secondChooser = visitor.waitForEvent('filechooser');
    await shown(visitor, '.evidence-add').click();
    await (await secondChooser).setFiles({ name: '屏幕截图.png', mimeType: 'image/png', buffer: screenshot });
    await shown(visitor, '.evidence-thumb').nth(1).waitFor({ timeout: 30_000 });
    await expect(shown(visitor, '.evidence-thumb').count()).resolves.toBe(2);
    await expect(shown(visitor, '.evidence-picker__error').count()).resolves.toBe(0);
    await picture(visitor, 'report-form');

    // One request, with a request id from a cryptographic source (a v4 UUID). A replay of it answers 已提交 without
    // the receipt (test/integration/publicity/reporter-anonymity.test.ts), so the receipt shown here is the only one.
    const sent: string[] = [];
    await visitor.route('**/v1/publicities/*/entries/*/reports', async (route) => {
      if (route.request().method() === 'POST') sent.push(route.request().postData() ?? '');
      return route.continue();
    });
    await shown(visitor, '.report-submit').click();
    const receiptText = shown(visitor, '.report-receipt');
    await receiptText.waitFor({ timeout: 30_000 });
    const receipt = String(await receiptText.getAttribute('data-receipt'));
    expect(receipt.replace(/[\s-]/g, '')).toMatch(receiptAlphabet);
    expect(sent).toHaveLength(1);
    const [firstBody] = sent.map((s) => fileReportRequest.parse(JSON.parse(s)));
    expect(firstBody?.requestId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(firstBody).toMatchObject({ category: category.id, description });
    expect(firstBody?.evidence).toHaveLength(2);
    // The tiny PNG goes as it is; the screenshot as a JPEG under the limit.
    expect(firstBody?.evidence[0]).toBe(`data:image/png;base64,${tinyPng.toString('base64')}`);
    const reencoded = String(firstBody?.evidence[1]);
    expect(reencoded).toMatch(/^data:image\/jpeg;base64,/);
    expect(reencoded.length).toBeLessThanOrEqual(maxEvidenceDataUrl);
    expect(Buffer.from(reencoded.replace(/^data:[^,]*,/, ''), 'base64').subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff]));
    expect(firstBody?.contact).toBeUndefined();
    await expect(shown(visitor, '.report-receipt__warning').textContent()).resolves.toBe(receiptWarning);
    await expect(shown(visitor, '.report-submit').count()).resolves.toBe(0);

    // A browser that refuses to copy: the page says so, and how to copy by hand, instead of a silent 已复制.
    await visitor.evaluate(`(() => {
      window.__execCommand = document.execCommand;
      document.execCommand = () => false;
      Object.defineProperty(navigator, 'clipboard', { value: { writeText: () => Promise.reject(new Error('denied')) }, configurable: true });
    })()`);
    await shown(visitor, '.report-copy').click();
    const refusal = visitor.locator('.taro-modal__content').filter({ visible: true });
    await expect(refusal.locator('.taro-modal__title').textContent({ timeout: 5_000 })).resolves.toBe('复制失败');
    await expect(refusal.locator('.taro-modal__text').textContent()).resolves.toBe('浏览器不允许复制。请长按回执码，选中后手动复制。');
    await refusal.locator('.taro-model__confirm').click();
    await visitor.evaluate(`(() => {
      document.execCommand = window.__execCommand;
      delete navigator.clipboard;
    })()`);

    // 复制: the receipt goes to the clipboard and is not left behind in the browser's storage.
    await visitor.evaluate(`(() => {
      const original = document.execCommand.bind(document);
      window.__copied = [];
      document.execCommand = (command, ...rest) => {
        if (command === 'copy') window.__copied.push(...Array.from(document.querySelectorAll('body > textarea')).map((t) => t.value));
        return original(command, ...rest);
      };
    })()`);
    await shown(visitor, '.report-copy').click();
    await visitor.waitForFunction('window.__copied.length > 0');
    await expect(visitor.evaluate('window.__copied')).resolves.toEqual([receipt]);
    // …and says so.
    await visitor.locator('.taro__toast p').filter({ hasText: '已复制' }).waitFor({ state: 'visible', timeout: 5_000 });
    await visitor.waitForTimeout(200);
    await expect(visitor.evaluate(`JSON.stringify(Object.assign({}, localStorage))`)).resolves.not.toContain(receipt.slice(0, 8));
    await picture(visitor, 'report-receipt');
    expect(visitor.url()).not.toContain(receipt.slice(0, 8));

    // ---- The investigator finds exactly one report, anonymous, and writes to the reporter.
    const listedReports = reportListResponse.parse((await api('GET', '/reports', investigatorToken)).body).reports.filter((r) => r.publicityHeading === heading);
    expect(listedReports).toHaveLength(1);
    const [report] = listedReports;
    if (!report) throw new Error('no report');
    expect(report).toMatchObject({ entryId: first.entryId, nomineeName: first.nomineeName, kind: 'objection', categoryLabel: category.label, hasContact: false });
    const detail = await detailOf(investigatorToken, report.reportId);
    expect(detail.description).toBe(description);
    expect(detail.evidence).toHaveLength(2);
    expect(detail.messages).toEqual([]);
    const assigned = await api('POST', `/reports/${report.reportId}/assign`, investigatorToken, {});
    expect(assigned.status).toBe(200);
    expect(reportDetailResponse.parse(assigned.body).assignedTo).toBeTruthy();
    const question = `您好，请补充职代会记录的具体日期和您了解情况的途径。${stamp}`;
    const asked = await api('POST', `/reports/${report.reportId}/messages`, investigatorToken, { text: question });
    expect(asked.status).toBe(200);
    expect(reportDetailResponse.parse(asked.body).messages.map((m) => [m.from, m.text])).toEqual([['investigator', question]]);
    // Nobody logged in and no contact was left: the four-eyes read (asked, approved by the custodian, opened once)
    // finds nothing to show (identity-access.test.ts drives the pages).
    const identityRequest = await api('POST', `/reports/${report.reportId}/identity-requests`, investigatorToken, { reason: 'E2E：核实举报人是否留有联系方式以便电话核实' });
    expect(identityRequest.status).toBe(201);
    const requestId = identityRequestView.parse((identityRequest.body as { request?: unknown }).request).requestId;
    expect((await api('POST', `/identity-requests/${requestId}/decision`, await tokenOf('custodian'), { decision: 'approve', reason: 'E2E：理由充分，同意' })).status).toBe(200);
    const identity = await api('POST', `/identity-requests/${requestId}/open`, investigatorToken, {});
    expect(identity.status).toBe(200);
    expect(openedIdentityResponse.parse(identity.body)).toMatchObject({ contact: null, reporterAccount: null });

    // ---- The visitor, on a fresh page, looks the report up by receipt (typed loosely) and answers.
    const followUpPage = await phonePage(browser);
    await followUpPage.goto(env('E2E_H5_URL'));
    await shown(followUpPage, '.home-link-report-followup').click({ timeout: 30_000 });
    const loose = receipt.replace(/[\s-]/g, '').toLowerCase().replace(/(.{5})/g, '$1 ').trim();
    await shown(followUpPage, '.followup-input input').fill(loose, { timeout: 30_000 });
    await shown(followUpPage, '.followup-submit').click();
    const status = shown(followUpPage, '.followup-status');
    await status.waitFor({ timeout: 30_000 });
    const expected = followUpResponse.parse((await api('POST', '/report-followups', null, { receipt })).body);
    await expect(status.locator('.followup-status__label').textContent()).resolves.toBe(expected.statusLabel);
    await expect(status.locator('.followup-nominee').textContent()).resolves.toBe(first.nomineeName);
    await expect(status.locator('.followup-category').textContent()).resolves.toBe(category.label);
    const fromInvestigator = shown(followUpPage, '.followup-message[data-from="investigator"]');
    await expect(fromInvestigator.locator('.followup-message__text').textContent()).resolves.toBe(question);
    await expect(fromInvestigator.locator('.followup-message__from').textContent()).resolves.toBe('核查人员');
    expect(followUpPage.url()).not.toMatch(new RegExp(receipt.slice(0, 6), 'i'));
    await picture(followUpPage, 'report-followup');

    const reply = `记录日期写的是3月，实际会议在5月召开，我是该单位职工。${stamp}`;
    await shown(followUpPage, '.followup-reply-text textarea').fill(reply);
    await shown(followUpPage, '.followup-send').click();
    const fromReporter = shown(followUpPage, '.followup-message[data-from="reporter"]');
    await fromReporter.first().waitFor({ timeout: 30_000 });
    await expect(fromReporter.locator('.followup-message__text').textContent()).resolves.toBe(reply);
    await expect(shown(followUpPage, '.followup-reply-text textarea').inputValue()).resolves.toBe('');
    expect(followUpPage.url()).not.toMatch(new RegExp(receipt.slice(0, 6), 'i'));
    await fromReporter.scrollIntoViewIfNeeded();
    await picture(followUpPage, 'report-followup-replied');

    // ---- The investigator's detail has the reply, after the question.
    const after = await detailOf(investigatorToken, report.reportId);
    expect(after.messages.map((m) => [m.from, m.text])).toEqual([
      ['investigator', question],
      ['reporter', reply],
    ]);

    // …and so does the 举报核查 page in the review subpackage.
    const investigator = await phonePage(browser);
    await logInAs(investigator, await demoIdentity('investigator'));
    await shown(investigator, '.home-link-reports').click();
    const row = shown(investigator, `.reports-item[data-report-id="${report.reportId}"]`);
    await row.waitFor({ timeout: 30_000 });
    await expect(row.locator('.reports-item__nominee').textContent()).resolves.toBe(first.nomineeName);
    await expect(row.locator('.reports-item__assigned').textContent()).resolves.toBe('核查人：我');
    await row.scrollIntoViewIfNeeded();
    await picture(investigator, 'review-reports');
    await row.click();
    await shown(investigator, '.detail-nominee').filter({ hasText: first.nomineeName }).waitFor({ timeout: 30_000 });
    await expect(shown(investigator, '.detail-description__text').textContent()).resolves.toBe(description);
    await expect(shown(investigator, '.detail-message[data-from="reporter"] .detail-message__text').textContent()).resolves.toBe(reply);
    await expect(shown(investigator, '.detail-evidence__image').count()).resolves.toBe(2);
    await expect(shown(investigator, '.detail-assigned').textContent()).resolves.toBe('我');
    await expect(shown(investigator, '.detail-assign').count()).resolves.toBe(0);
    await picture(investigator, 'review-report-detail');
  });
});
