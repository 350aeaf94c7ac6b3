import { randomUUID } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import type { Browser, Page } from 'playwright-core';
import { applicationResponse } from '../../shared/api/campaign';
import { evidenceListResponse, fileSizeLabel } from '../../shared/api/evidence';
import { launchBrowser, phonePage, saveScreenshot } from '../support/browser';
import { env, shown, api, tokenOf, demoIdentity, logInAs, publishJiaozuoCampaign , uniqueMark } from '../support/e2e-app';

jest.setTimeout(240_000);

/**
 * 证明材料 on H5: chair-2 chairs gu-renmin (解放区人民医院工会, under 解放区; no other e2e file files applications for it)
 * and attaches files to a draft through the presigned upload to the local evidence server; reviewer-jiefang, above
 * it, reads the same draft's files and opens one.
 */
let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser.close());

/** A real PNG (solid colour, 8×8), built here so the test needs no file of its own. */
function png(rgb: [number, number, number]): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (bytes: Buffer) => {
    let c = 0xffffffff;
    for (const b of bytes) c = (crcTable[(c ^ b) & 0xff] as number) ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const out = Buffer.alloc(body.length + 8);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc(body), body.length + 4);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(8, 0);
  header.writeUInt32BE(8, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const rows = Buffer.concat(Array.from({ length: 8 }, () => Buffer.from([0, ...Array.from({ length: 8 }, () => rgb).flat()])));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(rows)), chunk('IEND', Buffer.alloc(0))]);
}

/**
 * A PNG of random pixels drawn on the browser's own canvas: noise compresses worst of all, in PNG and in JPEG, so it
 * stands for the largest screenshot or scan a phone can hold.
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

const maxEvidenceBytes = 10 * 1024 * 1024;

const pdf = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');

/** Clicks 选择文件上传 and answers the browser's file chooser (H5: a hidden <input type="file">). */
async function choose(page: Page, name: string, mimeType: string, buffer: Buffer): Promise<void> {
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), shown(page, '.evidence-files__add').click()]);
  await chooser.setFiles({ name, mimeType, buffer });
}

describe('证明材料 on H5 at phone size (375×812)', () => {
  it('a chair attaches a photo and a PDF to a draft with progress, is refused a wrong type and an oversized file, sends a PNG screenshot over 10 MB as a JPEG under it, deletes one; the district reviewer sees the files and opens one', async () => {
    // ---- A campaign (organiser, API) and a draft of chair-2's union (API): 优秀工会工作者 for a member.
    const [organiserToken, chairToken, reviewerToken] = await Promise.all([tokenOf('organiser'), tokenOf('chair-2'), tokenOf('reviewer-jiefang')]);
    const campaign = await publishJiaozuoCampaign(organiserToken, `E2E 证明材料 ${uniqueMark()}`);
    const filed = await api('POST', `/campaigns/${campaign.campaignId}/applications`, chairToken, { requestId: randomUUID(), title: 'outstandingWorker', nominee: { kind: 'person', memberId: 'gu-renmin-m004' } });
    if (filed.status !== 201) throw new Error(`filing answered ${filed.status}: ${JSON.stringify(filed.body)}`);
    const { applicationId } = applicationResponse.parse(filed.body).application;

    // ---- The chair opens 填写申报 and finds 证明材料 empty.
    const chair = await phonePage(browser);
    await logInAs(chair, await demoIdentity('chair-2'));
    await chair.goto(`${env('E2E_H5_URL')}#/chair/pages/application-edit/index?applicationId=${applicationId}`);
    await shown(chair, `.application-edit[data-application-id="${applicationId}"]`).waitFor({ timeout: 30_000 });
    const section = shown(chair, '.evidence-files');
    await section.locator('.evidence-files__empty').filter({ hasText: '尚未上传证明材料' }).waitFor({ timeout: 30_000 });

    // A photo: progress while it goes to storage (held back a moment here, so the bar can be seen), then listed.
    await chair.route('**/upload', async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      await route.continue();
    });
    const photo = png([200, 30, 40]);
    await choose(chair, '活动照片.png', 'image/png', photo);
    await section.locator('.evidence-upload[data-step="sending"]').waitFor({ timeout: 10_000 });
    await expect(section.locator('.evidence-upload__name').textContent()).resolves.toBe('活动照片.png');
    await saveScreenshot(chair, 'application-evidence-uploading');
    const photoRow = section.locator('.evidence-file[data-file-name="活动照片.png"]');
    await photoRow.waitFor({ timeout: 30_000 });
    await expect(photoRow.locator('.evidence-file__kind').textContent()).resolves.toBe('图片');
    await expect(photoRow.locator('.evidence-file__meta').textContent()).resolves.toMatch(new RegExp(`^${fileSizeLabel(photo.length)} · `));
    await expect(section.locator('.evidence-upload').count()).resolves.toBe(0);
    await chair.unroute('**/upload');

    // A PDF.
    await choose(chair, '先进事迹证明.pdf', 'application/pdf', pdf);
    await section.locator('.evidence-file[data-file-name="先进事迹证明.pdf"]').waitFor({ timeout: 30_000 });
    await expect(section.getAttribute('data-count')).resolves.toBe('2');

    // Refused on the phone, in Chinese, before anything is sent: a type it does not take, a file over 10 MB.
    await choose(chair, '说明.txt', 'text/plain', Buffer.from('文字说明'));
    await expect(section.locator('.evidence-files__error').textContent({ timeout: 10_000 })).resolves.toContain('不支持该文件类型');
    await choose(chair, '扫描件.pdf', 'application/pdf', Buffer.alloc(10 * 1024 * 1024 + 1, 0x20));
    await expect(section.locator('.evidence-files__error').textContent({ timeout: 10_000 })).resolves.toContain('超过 10 MB');
    await expect(section.getAttribute('data-count')).resolves.toBe('2');

    // A PNG screenshot over 10 MB is not refused: it goes up as a JPEG under the limit, named .jpg.
    const screenshot = await noisyPng(chair, 1900, 1900);
    expect(screenshot.length).toBeGreaterThan(maxEvidenceBytes);
    await choose(chair, '长截图.png', 'image/png', screenshot);
    await section.locator('.evidence-file[data-file-name="长截图.jpg"]').waitFor({ timeout: 60_000 });
    await expect(section.locator('.evidence-files__error').count()).resolves.toBe(0);
    await expect(section.getAttribute('data-count')).resolves.toBe('3');

    // A fourth file, deleted again after the confirmation.
    await choose(chair, '多余的图片.png', 'image/png', png([20, 20, 200]));
    const extra = section.locator('.evidence-file[data-file-name="多余的图片.png"]');
    await extra.waitFor({ timeout: 30_000 });
    await extra.locator('.evidence-file__delete').click();
    await chair.locator('.taro-model__confirm').click({ timeout: 10_000 });
    await section.locator('.evidence-file[data-file-name="多余的图片.png"]').waitFor({ state: 'detached', timeout: 30_000 });
    await expect(section.getAttribute('data-count')).resolves.toBe('3');
    await section.scrollIntoViewIfNeeded();
    // Once the 已上传 toast has gone.
    await chair.waitForFunction(`Array.from(document.querySelectorAll('.taro__toast')).every((t) => getComputedStyle(t).display === 'none')`, undefined, { timeout: 10_000 });
    await saveScreenshot(chair, 'application-evidence');

    // ---- The server holds the three, and each download gives back the bytes the chair chose.
    const listed = evidenceListResponse.parse((await api('GET', `/applications/${applicationId}/evidence`, reviewerToken)).body).evidence;
    expect(listed.map((f) => [f.fileName, f.contentType, f.size])).toEqual([
      ['活动照片.png', 'image/png', photo.length],
      ['先进事迹证明.pdf', 'application/pdf', pdf.length],
      ['长截图.jpg', 'image/jpeg', expect.any(Number)],
    ]);
    // The screenshot as stored: a JPEG, under 10 MB.
    const jpeg = Buffer.from(await (await fetch(String(listed[2]?.url))).arrayBuffer());
    expect(jpeg.subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff]));
    expect(jpeg.length).toBe(listed[2]?.size);
    expect(jpeg.length).toBeLessThanOrEqual(maxEvidenceBytes);
    for (const [file, bytes] of [[listed[0], photo], [listed[1], pdf]] as const) {
      const download = await fetch(String(file?.url));
      expect(download.status).toBe(200);
      expect(Buffer.from(await download.arrayBuffer()).equals(bytes)).toBe(true);
    }

    // ---- The 解放区 reviewer reads the application and its files, read-only, and opens the photo in a new tab.
    const reviewer = await phonePage(browser);
    await logInAs(reviewer, await demoIdentity('reviewer-jiefang'));
    await reviewer.goto(`${env('E2E_H5_URL')}#/review/pages/application-review/index?applicationId=${applicationId}`);
    const list = shown(reviewer, '.review-evidence');
    await list.locator('.review-evidence__file').first().waitFor({ timeout: 30_000 });
    await expect(list.locator('.review-evidence__name').allTextContents()).resolves.toEqual(['活动照片.png', '先进事迹证明.pdf', '长截图.jpg']);
    await expect(list.locator('.evidence-file__delete').count()).resolves.toBe(0);
    const [tab] = await Promise.all([reviewer.context().waitForEvent('page'), list.locator('.review-evidence__file[data-file-name="活动照片.png"]').click()]);
    await tab.waitForLoadState('load');
    expect(tab.url()).toMatch(/\/download\?/);
    expect(new URL(tab.url()).searchParams.get('name')).toBe('活动照片.png');
    // The browser shows the image itself: 8×8 pixels, as uploaded.
    await expect(tab.evaluate('[document.images[0]?.naturalWidth, document.images[0]?.naturalHeight]')).resolves.toEqual([8, 8]);
    await tab.close();
    await list.scrollIntoViewIfNeeded();
    await saveScreenshot(reviewer, 'review-evidence');
  });
});
