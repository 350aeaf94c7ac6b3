import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applicationResponse, campaignResponse, type ApplicationView } from '../../../shared/api/campaign';
import { evidenceListResponse, uploadResponse, type UploadTicket } from '../../../shared/api/evidence';
import { handler as campaign } from '../../../functions/handlers/campaign';
import { handler as evidence } from '../../../functions/handlers/evidence';
import { handler as audit } from '../../../functions/handlers/audit';
import { auditTrailResponse } from '../../../shared/api/audit';
import { startEvidenceServer, type EvidenceServer } from '../../../scripts/local/evidence-server';
import { createTestTable, type TestTable } from '../../support/dynamo';
import { systemNow } from '../../support/product-clock';
import { call, callers, useTable } from '../roster/roster-support';

/**
 * 证明材料 through the evidence function's handler against DynamoDB Local, with the local stand-in of the bucket
 * (scripts/local/evidence-server.ts) running in-process: presign, a real multipart POST to it, attach, list, download
 * the bytes back through the signed address, delete; and every refusal.
 */
jest.setTimeout(120_000);

let table: TestTable;
let server: EvidenceServer;
const dir = mkdtempSync(join(tmpdir(), 'evidence-it-'));
let application: ApplicationView;

beforeAll(async () => {
  table = await createTestTable({ seed: true });
  useTable(table);
  const secret = randomBytes(32).toString('base64url');
  server = await startEvidenceServer({ port: 0, dir, secret });
  Object.assign(process.env, { EVIDENCE_STORE: 'local', EVIDENCE_DIR: dir, EVIDENCE_LOCAL_URL: server.url, EVIDENCE_KEY: secret });
  application = await fileApplication(callers.yuntaiChair, 'gu-yuntai-m003');
});
afterAll(async () => {
  await server.close();
  await table.drop();
  rmSync(dir, { recursive: true, force: true });
});

async function fileApplication(chair: string, memberId: string): Promise<ApplicationView> {
  const published = await call(campaign, 'POST /v1/orgs/{orgId}/campaigns', {
    as: callers.cityOrganiser,
    params: { orgId: 'city-jz' },
    body: { requestId: randomUUID(), rulesetId: 'jiaozuo-2018', year: 2026, heading: `证明材料测试 ${memberId}`, titles: ['outstandingWorker'], recommendingUnits: [{ orgId: 'dist-jiefang', quotaName: '解放区' }, { orgId: 'dist-shanyang', quotaName: '山阳区' }], submissionDeadline: '2099-12-31' },
  });
  expect(published.status).toBe(201);
  const { campaign: created } = campaignResponse.parse(published.body);
  const filed = await call(campaign, 'POST /v1/campaigns/{campaignId}/applications', { as: chair, params: { campaignId: created.campaignId }, body: { requestId: randomUUID(), title: 'outstandingWorker', nominee: { kind: 'person', memberId } } });
  expect(filed.status).toBe(201);
  return applicationResponse.parse(filed.body).application;
}

const params = () => ({ applicationId: application.applicationId });

const presign = (as: string | undefined, body: Record<string, unknown>, applicationId = application.applicationId) =>
  call(evidence, 'POST /v1/applications/{applicationId}/evidence/uploads', { ...(as ? { as } : {}), params: { applicationId }, body: { requestId: randomUUID(), ...body } });

async function ticket(as: string, fileName: string, contentType: string, size: number, applicationId = application.applicationId): Promise<UploadTicket> {
  const res = await presign(as, { fileName, contentType, size }, applicationId);
  expect(res).toMatchObject({ status: 201 });
  return uploadResponse.parse(res.body).upload;
}

/** What wx.uploadFile sends: the fields, then the file as `file`, multipart/form-data. */
async function post(upload: UploadTicket, bytes: Uint8Array, fileName: string, type: string, fields: Record<string, string> = upload.fields): Promise<{ status: number; text: string }> {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  form.append('file', new Blob([bytes], { type }), fileName);
  const response = await fetch(upload.url, { method: 'POST', body: form });
  return { status: response.status, text: await response.text() };
}

const attach = (as: string, key: string, fileName: string, applicationId = application.applicationId) =>
  call(evidence, 'POST /v1/applications/{applicationId}/evidence', { as, params: { applicationId }, body: { key, fileName } });
const list = (as: string, applicationId = application.applicationId) => call(evidence, 'GET /v1/applications/{applicationId}/evidence', { as, params: { applicationId } });
const remove = (as: string, evidenceId: string) => call(evidence, 'DELETE /v1/applications/{applicationId}/evidence/{evidenceId}', { as, params: { ...params(), evidenceId } });

// A tiny PDF and PNG (their first bytes are what matter to a viewer; the content is opaque to storage).
const pdf = new Uint8Array(Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n'));
const png = new Uint8Array(Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), randomBytes(300)]));

describe('evidence files of an application (证明材料)', () => {
  it('lets the chair and vice-chair upload through presigned posts and attach; reviewers above list and download the same bytes; the chair deletes one', async () => {
    // The chair: a PDF with a Chinese name.
    const first = await ticket(callers.yuntaiChair, '营业执照副本.pdf', 'application/pdf', pdf.byteLength);
    expect(first.key).toMatch(new RegExp(`^applications/${application.applicationId}/[0-9a-f]{16}/file\\.pdf$`));
    expect(first.maxBytes).toBe(10 * 1024 * 1024);
    expect(Date.parse(first.expiresAt)).toBeGreaterThan(systemNow().getTime());
    expect(Object.keys(first.fields).sort()).toEqual(['Content-Type', 'key', 'policy', 'signature']);
    await expect(post(first, pdf, '营业执照副本.pdf', 'application/pdf')).resolves.toEqual({ status: 204, text: '' });
    const attached = await attach(callers.yuntaiChair, first.key, '营业执照副本.pdf');
    expect(attached.status).toBe(201);
    expect(evidenceListResponse.parse(attached.body).evidence).toEqual([
      expect.objectContaining({ fileName: '营业执照副本.pdf', contentType: 'application/pdf', size: pdf.byteLength, uploadedBy: callers.yuntaiChair, evidenceId: expect.stringMatching(/^ev-[0-9a-f]{16}$/) }),
    ]);
    // Attaching the same key again changes nothing.
    expect(evidenceListResponse.parse((await attach(callers.yuntaiChair, first.key, '营业执照副本.pdf')).body).evidence).toHaveLength(1);

    // The vice-chair: a PNG.
    const second = await ticket(callers.yuntaiViceChair, 'photo.PNG', 'image/png', png.byteLength);
    expect(second.key).toMatch(/\/photo\.png$/);
    expect((await post(second, png, 'photo.PNG', 'image/png')).status).toBe(204);
    expect((await attach(callers.yuntaiViceChair, second.key, '活动照片.png')).status).toBe(201);

    // 解放区's reviewer and the city's organiser read both, and each download gives the bytes back.
    for (const reader of [callers.jiefangReviewer, callers.cityOrganiser, callers.yuntaiChair]) {
      const res = await list(reader);
      expect(res.status).toBe(200);
      const files = evidenceListResponse.parse(res.body).evidence;
      expect(files.map((f) => f.fileName)).toEqual(['营业执照副本.pdf', '活动照片.png']);
      for (const [file, bytes] of [[files[0], pdf], [files[1], png]] as const) {
        const download = await fetch(String(file?.url));
        expect(download.status).toBe(200);
        expect(download.headers.get('content-type')).toBe(file?.contentType);
        expect(download.headers.get('content-disposition')).toContain(`filename*=UTF-8''${encodeURIComponent(String(file?.fileName))}`);
        expect(Buffer.from(await download.arrayBuffer()).equals(Buffer.from(bytes))).toBe(true);
      }
    }
    // A download address is bound to its key: changing the key breaks the signature.
    const [pdfEntry] = evidenceListResponse.parse((await list(callers.jiefangReviewer)).body).evidence;
    const forged = new URL(String(pdfEntry?.url));
    forged.searchParams.set('key', second.key);
    expect((await fetch(forged)).status).toBe(403);

    // The chair deletes the PDF: gone from the list and from storage.
    const removed = await remove(callers.yuntaiChair, String(pdfEntry?.evidenceId));
    expect(removed.status).toBe(200);
    expect(evidenceListResponse.parse(removed.body).evidence.map((f) => f.fileName)).toEqual(['活动照片.png']);
    expect((await fetch(String(pdfEntry?.url))).status).toBe(404);
    expect(await remove(callers.yuntaiChair, String(pdfEntry?.evidenceId))).toMatchObject({ status: 404, body: { code: 'EVIDENCE.NOT_FOUND' } });

    // Accountable: each attach and removal is an audit event (each file its own chain), by whom, with the file's
    // name and application; attaching the same key twice recorded it once.
    const chainOf = async (evidenceId: string) => {
      const trail = auditTrailResponse.parse((await call(audit, 'GET /v1/audit', { as: callers.cityOrganiser, query: { subjectType: 'evidence', subjectId: evidenceId } })).body);
      expect(trail.verified).toBe(true);
      return trail.events.map((e) => [e.action, e.actor.memberId, e.data?.fileName, e.data?.applicationId]);
    };
    const id = application.applicationId;
    expect(await chainOf(String(pdfEntry?.evidenceId))).toEqual([
      ['evidence.attached', callers.yuntaiChair, '营业执照副本.pdf', id],
      ['evidence.removed', callers.yuntaiChair, '营业执照副本.pdf', id],
    ]);
    const pngId = evidenceListResponse.parse((await list(callers.yuntaiChair)).body).evidence[0]?.evidenceId;
    expect(await chainOf(String(pngId))).toEqual([['evidence.attached', callers.yuntaiViceChair, '活动照片.png', id]]);
  });

  it('refuses a type or size it does not take, naming the field, before anything is signed', async () => {
    const html = await presign(callers.yuntaiChair, { fileName: 'page.html', contentType: 'text/html', size: 100 });
    expect(html).toMatchObject({ status: 400, body: { code: 'REQUEST.INVALID', details: [{ path: 'contentType', message: expect.stringContaining('文件类型（contentType）') }] } });
    const disguised = await presign(callers.yuntaiChair, { fileName: 'setup.exe', contentType: 'image/png', size: 100 });
    expect(disguised).toMatchObject({ status: 400, body: { details: [{ path: 'fileName', message: expect.stringContaining('扩展名') }] } });
    const huge = await presign(callers.yuntaiChair, { fileName: 'scan.pdf', contentType: 'application/pdf', size: 10 * 1024 * 1024 + 1 });
    expect(huge).toMatchObject({ status: 400, body: { details: [{ path: 'size', message: expect.stringContaining('10 MB') }] } });
    const empty = await presign(callers.yuntaiChair, { fileName: 'scan.pdf', contentType: 'application/pdf', size: 0 });
    expect(empty).toMatchObject({ status: 400, body: { details: [{ path: 'size' }] } });
  });

  it('has storage refuse a file over 10 MB, another Content-Type or another key than signed; such a key cannot be attached', async () => {
    const upload = await ticket(callers.yuntaiChair, 'big.png', 'image/png', 1000);
    const tooLarge = await post(upload, new Uint8Array(10 * 1024 * 1024 + 1), 'big.png', 'image/png');
    expect(tooLarge.status).toBe(400);
    expect(tooLarge.text).toContain('<Code>EntityTooLarge</Code>');
    const asHtml = await post(upload, png, 'big.png', 'text/html', { ...upload.fields, 'Content-Type': 'text/html' });
    expect(asHtml.status).toBe(403);
    expect(asHtml.text).toContain('$Content-Type');
    const elsewhere = await post(upload, png, 'big.png', 'image/png', { ...upload.fields, key: `applications/${application.applicationId}/0000000000000000/other.png` });
    expect(elsewhere.status).toBe(403);
    const forged = await post(upload, png, 'big.png', 'image/png', { ...upload.fields, signature: '0'.repeat(64) });
    expect(forged.text).toContain('SignatureDoesNotMatch');

    // Nothing was stored, so the key cannot be attached; nor a key never handed out, nor another application's.
    const notUploaded = await attach(callers.yuntaiChair, upload.key, 'big.png');
    expect(notUploaded).toMatchObject({ status: 400, body: { code: 'EVIDENCE.NOT_UPLOADED', details: [{ path: 'key', message: expect.stringContaining('（key）') }] } });
    const invented = await attach(callers.yuntaiChair, `applications/${application.applicationId}/0123456789abcdef/never.pdf`, 'never.pdf');
    expect(invented).toMatchObject({ status: 400, body: { code: 'EVIDENCE.NOT_UPLOADED', details: [{ path: 'key' }] } });
    const foreign = await attach(callers.yuntaiChair, 'applications/app-ffffffffffffffff/0123456789abcdef/x.pdf', 'x.pdf');
    expect(foreign).toMatchObject({ status: 400, body: { code: 'REQUEST.INVALID', details: [{ path: 'key', message: expect.stringContaining('不属于该申报') }] } });
    const missingName = await attach(callers.yuntaiChair, upload.key, '');
    expect(missingName).toMatchObject({ status: 400, body: { details: [{ path: 'fileName' }] } });
  });

  it('keeps other unions\' chairs, members and reviewers of another subtree out (403), and callers without a session (401)', async () => {
    const { evidence: files } = evidenceListResponse.parse((await list(callers.yuntaiChair)).body);
    for (const outsider of [callers.renminChair, callers.yuntaiMember, callers.shanyangReviewer]) {
      expect(await presign(outsider, { fileName: 'a.pdf', contentType: 'application/pdf', size: 10 })).toMatchObject({ status: 403, body: { code: 'SCOPE.FORBIDDEN' } });
      expect(await remove(outsider, String(files[0]?.evidenceId))).toMatchObject({ status: 403 });
    }
    for (const outsider of [callers.renminChair, callers.yuntaiMember, callers.shanyangReviewer, callers.taihangChair]) {
      expect(await list(outsider)).toMatchObject({ status: 403, body: { code: 'SCOPE.FORBIDDEN' } });
    }
    // A reviewer may read but not upload.
    expect(await presign(callers.jiefangReviewer, { fileName: 'a.pdf', contentType: 'application/pdf', size: 10 })).toMatchObject({ status: 403 });
    expect(await presign(undefined, { fileName: 'a.pdf', contentType: 'application/pdf', size: 10 })).toMatchObject({ status: 401 });
    expect(evidenceListResponse.parse((await list(callers.yuntaiChair)).body).evidence).toHaveLength(files.length);
  });

  it('takes at most 20 files, even when 21 are attached at once', async () => {
    const other = await fileApplication(callers.renminChair, 'gu-renmin-m005');
    const uploads = await Promise.all(
      Array.from({ length: 21 }, async (_, i) => {
        const upload = await ticket(callers.renminChair, `第${i + 1}页.png`, 'image/png', png.byteLength, other.applicationId);
        expect((await post(upload, png, `page${i + 1}.png`, 'image/png')).status).toBe(204);
        return upload;
      }),
    );
    const results = await Promise.all(uploads.map((u, i) => attach(callers.renminChair, u.key, `第${i + 1}页.png`, other.applicationId)));
    expect(results.filter((r) => r.status === 201)).toHaveLength(20);
    expect(results.filter((r) => r.status !== 201)).toEqual([expect.objectContaining({ status: 409, body: expect.objectContaining({ code: 'EVIDENCE.TOO_MANY' }) })]);
    expect(evidenceListResponse.parse((await list(callers.renminChair, other.applicationId)).body).evidence).toHaveLength(20);
    expect(await presign(callers.renminChair, { fileName: 'more.pdf', contentType: 'application/pdf', size: 10 }, other.applicationId)).toMatchObject({ status: 409, body: { code: 'EVIDENCE.TOO_MANY' } });
  });

  it('freezes the files once the application is submitted (409), while reviewers still open them', async () => {
    const upload = await ticket(callers.yuntaiChair, 'late.pdf', 'application/pdf', pdf.byteLength);
    expect((await post(upload, pdf, 'late.pdf', 'application/pdf')).status).toBe(204);
    const before = evidenceListResponse.parse((await list(callers.yuntaiChair)).body).evidence;

    const current = applicationResponse.parse((await call(campaign, 'GET /v1/applications/{applicationId}', { as: callers.yuntaiChair, params: params() })).body).application;
    const saved = await call(campaign, 'PUT /v1/applications/{applicationId}', { as: callers.yuntaiChair, params: params(), body: { version: current.version, declared: { barringCircumstances: { seriousViolation: false, safetyAccident: false } } } });
    expect(saved.status).toBe(200);
    const submitted = await call(campaign, 'POST /v1/applications/{applicationId}/submit', { as: callers.yuntaiChair, params: params(), body: { version: applicationResponse.parse(saved.body).application.version } });
    expect(submitted).toMatchObject({ status: 200, body: { application: { status: 'submitted' } } });

    expect(await presign(callers.yuntaiChair, { fileName: 'more.pdf', contentType: 'application/pdf', size: 10 })).toMatchObject({ status: 409, body: { code: 'APPLICATION.NOT_EDITABLE' } });
    expect(await attach(callers.yuntaiChair, upload.key, 'late.pdf')).toMatchObject({ status: 409, body: { code: 'APPLICATION.NOT_EDITABLE' } });
    expect(await remove(callers.yuntaiChair, String(before[0]?.evidenceId))).toMatchObject({ status: 409, body: { code: 'APPLICATION.NOT_EDITABLE' } });
    const after = await list(callers.jiefangReviewer);
    expect(after.status).toBe(200);
    expect(evidenceListResponse.parse(after.body).evidence.map((f) => f.evidenceId)).toEqual(before.map((f) => f.evidenceId));
  });
});
