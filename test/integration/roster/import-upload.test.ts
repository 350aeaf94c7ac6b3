import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { uploadResponse, type UploadTicket } from '../../../shared/api/evidence';
import { importJob, type ImportJob } from '../../../shared/api/roster';
import { handler as roster } from '../../../functions/handlers/roster';
import { objectPaths } from '../../../functions/evidence/local-evidence-store';
import { startEvidenceServer, type EvidenceServer } from '../../../scripts/local/evidence-server';
import { createTestTable, type TestTable } from '../../support/dynamo';
import { call, callers, csvText, memberRow, useTable, xlsxBase64 } from './roster-support';

/**
 * A roster file travels as a file, not as base64 in JSON: a presigned upload from the roster function, a real
 * multipart POST (what wx.uploadFile sends) to the local stand-in of the bucket (scripts/local/evidence-server.ts),
 * then the preview by key against DynamoDB Local, which reads the object once and deletes it; the commit is the
 * one every import has. Every refusal names its field.
 */
jest.setTimeout(180_000);

let table: TestTable;
let server: EvidenceServer;
const dir = mkdtempSync(join(tmpdir(), 'roster-upload-it-'));

beforeAll(async () => {
  table = await createTestTable({ seed: true });
  useTable(table);
  const secret = randomBytes(32).toString('base64url');
  server = await startEvidenceServer({ port: 0, dir, secret });
  Object.assign(process.env, { EVIDENCE_STORE: 'local', EVIDENCE_DIR: dir, EVIDENCE_LOCAL_URL: server.url, EVIDENCE_KEY: secret });
});
afterAll(async () => {
  await server.close();
  await table.drop();
  rmSync(dir, { recursive: true, force: true });
});

const union = 'gu-renmin';
const chair = callers.renminChair;
const xlsxType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const askTicket = (body: Record<string, unknown>, as = chair, orgId = union) => call(roster, 'POST /v1/orgs/{orgId}/imports/uploads', { as, params: { orgId }, body: { requestId: randomUUID(), ...body } });
const preview = (body: Record<string, unknown>, as = chair, orgId = union) => call(roster, 'POST /v1/orgs/{orgId}/imports', { as, params: { orgId }, body });
const status = (importId: string) => call(roster, 'GET /v1/orgs/{orgId}/imports/{importId}', { as: chair, params: { orgId: union, importId } });
const commit = (importId: string) => call(roster, 'POST /v1/orgs/{orgId}/imports/{importId}/commit', { as: chair, params: { orgId: union, importId } });

async function ticket(fileName: string, size: number): Promise<UploadTicket> {
  const res = await askTicket({ fileName, size });
  expect(res.status).toBe(201);
  return uploadResponse.parse(res.body).upload;
}

/** What wx.uploadFile sends: the ticket's fields, then the file as `file`, multipart/form-data. */
async function post(upload: UploadTicket, bytes: Buffer, fileName: string, type: string, fields = upload.fields): Promise<{ status: number; text: string }> {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  form.append('file', new Blob([new Uint8Array(bytes)], { type }), fileName);
  const response = await fetch(upload.url, { method: 'POST', body: form });
  return { status: response.status, text: await response.text() };
}

const rows = (prefix: string, count: number) => Array.from({ length: count }, (_, i) => ({ ...memberRow(i + 1, prefix), 身份证号: '' }));
const stored = (key: string) => existsSync(objectPaths(dir, key).file);

async function committed(first: ImportJob): Promise<ImportJob> {
  let job = first;
  for (let polls = 0; job.status !== 'committed'; polls += 1) {
    if (polls > 100) throw new Error('the import did not finish');
    job = importJob.parse((await status(job.importId)).body);
  }
  return job;
}

describe('a roster file posted to the file store (the uploadFile transport)', () => {
  it('previews an .xlsx posted with a presigned upload, deletes the file once read, and commits it', async () => {
    const bytes = Buffer.from(await xlsxBase64(rows('UPL', 40)), 'base64');
    const upload = await ticket('会员名册（人民医院）.xlsx', bytes.length);
    expect(upload.key).toMatch(new RegExp(`^imports/${union}/[0-9a-f]{16}/roster\\.xlsx$`));
    expect(upload.maxBytes).toBe(16 * 1024 * 1024);
    expect(Object.keys(upload.fields).sort()).toEqual(['Content-Type', 'key', 'policy', 'signature']);
    expect(upload.fields['Content-Type']).toBe(xlsxType);

    await expect(post(upload, bytes, '会员名册（人民医院）.xlsx', xlsxType)).resolves.toEqual({ status: 204, text: '' });
    expect(stored(upload.key)).toBe(true);

    const res = await preview({ fileName: '会员名册（人民医院）.xlsx', key: upload.key });
    expect(res.status).toBe(201);
    const job = importJob.parse(res.body);
    expect(job).toMatchObject({ status: 'previewed', fileName: '会员名册（人民医院）.xlsx', counts: { total: 40, added: 40, errors: 0 } });
    // ID and phone numbers in clear lie in storage only between the post and the preview.
    expect(stored(upload.key)).toBe(false);
    // A key is read once: the same request sent again (cut off on the phone, retried) answers the preview it began,
    // never a second one, and the file is not read again.
    expect(await preview({ fileName: '会员名册（人民医院）.xlsx', key: upload.key })).toMatchObject({ status: 201, body: { importId: job.importId, status: 'previewed' } });
    expect(stored(upload.key)).toBe(false);

    const done = await committed(importJob.parse((await commit(job.importId)).body));
    expect(done.progress).toEqual({ processed: 40, total: 40, skipped: 0 });
  });

  it('takes a CSV the same way, stored as text/csv', async () => {
    const bytes = Buffer.from(`\ufeff${csvText(rows('CSV', 3))}\r\n`, 'utf8');
    const upload = await ticket('名册.csv', bytes.length);
    expect(upload.key).toMatch(/\/roster\.csv$/);
    expect(upload.fields['Content-Type']).toBe('text/csv');
    expect((await post(upload, bytes, '名册.csv', 'text/csv')).status).toBe(204);
    expect(importJob.parse((await preview({ fileName: '名册.csv', key: upload.key })).body)).toMatchObject({ status: 'previewed', counts: { added: 3 } });
  });

  it('gives the same key to a retried request for a ticket', async () => {
    const requestId = randomUUID();
    const first = await askTicket({ requestId, fileName: 'a.xlsx', size: 100 });
    const again = await askTicket({ requestId, fileName: 'a.xlsx', size: 100 });
    expect(uploadResponse.parse(again.body).upload.key).toBe(uploadResponse.parse(first.body).upload.key);
  });
});

describe('refusals of the uploadFile transport', () => {
  it('refuses a ticket for a file of the wrong kind or size, naming the field', async () => {
    expect((await askTicket({ fileName: '名册.xls', size: 100 })).body).toMatchObject({ code: 'REQUEST.INVALID', details: [{ path: 'fileName', message: '文件名（fileName）：不支持 .xls 旧格式，请在 Excel 中“另存为” .xlsx 后上传' }] });
    expect((await askTicket({ fileName: '名册.pdf', size: 100 })).body).toMatchObject({ details: [{ path: 'fileName', message: '文件名（fileName）应为 .xlsx 或 .csv 文件' }] });
    expect(await askTicket({ fileName: '名册.xlsx', size: 16 * 1024 * 1024 + 1 })).toMatchObject({ status: 400, body: { details: [{ path: 'size', message: '文件大小（size）超过 16 MB，请拆分后分批导入' }] } });
    expect((await askTicket({ fileName: '名册.xlsx', size: 0 })).body).toMatchObject({ details: [{ path: 'size', message: '文件大小（size）为 0：所选文件是空的，请重新选择' }] });
  });

  it('gives tickets only to the union’s chairs', async () => {
    expect((await askTicket({ fileName: '名册.xlsx', size: 100 }, callers.yuntaiChair)).status).toBe(403);
    expect((await askTicket({ fileName: '名册.xlsx', size: 100 }, callers.jiefangReviewer)).status).toBe(403);
    const anonymous = await call(roster, 'POST /v1/orgs/{orgId}/imports/uploads', { params: { orgId: union }, body: { requestId: randomUUID(), fileName: '名册.xlsx', size: 100 } });
    expect(anonymous.status).toBe(401);
  });

  it('is refused by storage above 16 MB (a 100,000-row roster fits) and with another type than the ticket’s, and nothing is stored', async () => {
    const upload = await ticket('大名册.xlsx', 16 * 1024 * 1024);
    const tooLarge = await post(upload, Buffer.alloc(16 * 1024 * 1024 + 1, 65), '大名册.xlsx', xlsxType);
    expect(tooLarge.status).toBe(400);
    expect(tooLarge.text).toContain('<Code>EntityTooLarge</Code>');
    const forged = await post(upload, Buffer.from('姓名\n'), '大名册.xlsx', 'text/csv', { ...upload.fields, 'Content-Type': 'text/csv' });
    expect(forged.status).toBe(403);
    expect(stored(upload.key)).toBe(false);
  });

  it('keeps one union’s file from another union’s preview, and refuses a key that was never uploaded', async () => {
    const bytes = Buffer.from(await xlsxBase64(rows('SCOPE', 2)), 'base64');
    const upload = await ticket('名册.xlsx', bytes.length);
    expect((await post(upload, bytes, '名册.xlsx', xlsxType)).status).toBe(204);
    // 云台's chair names 人民医院's key under their own union: refused, and the file stays for its owner.
    expect(await preview({ fileName: '名册.xlsx', key: upload.key }, callers.yuntaiChair, 'gu-yuntai')).toMatchObject({
      status: 400,
      body: { details: [{ path: 'key', message: '文件标识（key）不属于本工会的名册上传，请重新选择文件' }] },
    });
    expect(stored(upload.key)).toBe(true);
    expect((await preview({ fileName: '名册.xlsx', key: upload.key }, callers.jiefangReviewer)).status).toBe(403);
    expect(await preview({ fileName: '名册.xlsx', key: `imports/${union}/0123456789abcdef/roster.xlsx` })).toMatchObject({ status: 400, body: { details: [{ path: 'key' }] } });
    expect(await preview({ fileName: '名册.xlsx', key: `imports/${union}/../applications/x/roster.xlsx` })).toMatchObject({ status: 400, body: { details: [{ path: 'key' }] } });
  });

  it('wants exactly one of key and contentBase64', async () => {
    expect(await preview({ fileName: '名册.xlsx' })).toMatchObject({ status: 400, body: { details: [{ path: 'key', message: '缺少文件：请先上传文件并给出文件标识（key）' }] } });
    expect(await preview({ fileName: '名册.xlsx', key: 'imports/x', contentBase64: 'AAAA' })).toMatchObject({ status: 400, body: { details: [{ path: 'key', message: '文件标识（key）与文件内容（contentBase64）只能给出一项' }] } });
  });
});
