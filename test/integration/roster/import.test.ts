import { QueryCommand, ScanCommand } from '../../../functions/storage/document-client';
import { importJob, rosterPage, type ImportJob } from '../../../shared/api/roster';
import { handler as roster } from '../../../functions/handlers/roster';
import { theDirectory } from '../../../functions/handlers/context';
import { commitSliceMs, confirmImport, driveDueImports } from '../../../functions/roster/import-commit';
import { previewImport } from '../../../functions/roster/import-preview';
import { driveDuePreviews, previewSliceMs, smallPreview } from '../../../functions/roster/preview-driver';
import { personalDataCipher } from '../../../functions/privacy/personal-data';
import { createTestTable, type TestTable } from '../../support/dynamo';
import { systemNow } from '../../support/product-clock';
import { call, callers, csvText, idNumber, memberRow, personalDataKey, phone, useTable, xlsxBase64, type Cells } from './roster-support';

// 5,000 rows through DynamoDB Local on a shared machine.
jest.setTimeout(300_000);

let table: TestTable;
beforeAll(async () => {
  table = await createTestTable({ seed: true });
  useTable(table);
});
afterAll(() => table.drop());

const union = 'gu-shiyan';
const chair = callers.shiyanChair;
const size = 5_000;
const timings: Record<string, number> = {};
afterAll(() => {
  process.stdout.write(`roster import timings (ms): ${JSON.stringify(timings)}\n`);
});

const status = (importId: string, as = chair, orgId = union) => call(roster, 'GET /v1/orgs/{orgId}/imports/{importId}', { as, params: { orgId, importId } });
/** Uploads a file and, as the page does, polls a preview still under way (a file over 2,000 rows) until it is ready. */
async function upload(fileName: string, contentBase64: string, as = chair, orgId = union): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await call(roster, 'POST /v1/orgs/{orgId}/imports', { as, params: { orgId }, body: { fileName, contentBase64 } });
  let body = res.body;
  for (let polls = 0; res.status === 201 && body.status === 'previewing'; polls += 1) {
    if (polls > 200) throw new Error('the preview did not finish');
    body = (await status(String(body.importId), as, orgId)).body;
  }
  return { status: res.status, body };
}
const commit = (importId: string, as = chair, orgId = union) => call(roster, 'POST /v1/orgs/{orgId}/imports/{importId}/commit', { as, params: { orgId, importId } });

async function rosterItems(orgId = union): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const out = await table.db.send(
      new QueryCommand({ TableName: table.tableName, IndexName: 'byParent', KeyConditionExpression: 'gsi1pk = :pk AND begins_with(gsi1sk, :m)', ExpressionAttributeValues: { ':pk': `ORG#${orgId}`, ':m': 'MEMBER#' }, ExclusiveStartKey: start }),
    );
    items.push(...(out.Items ?? []));
    start = out.LastEvaluatedKey;
  } while (start);
  return items;
}

/** Polls as the page does until the import is committed; returns the progress seen on the way. */
async function pollUntilCommitted(first: ImportJob): Promise<{ job: ImportJob; seen: number[] }> {
  const seen = [first.progress.processed];
  let job = first;
  while (job.status !== 'committed') {
    job = importJob.parse((await status(job.importId)).body);
    seen.push(job.progress.processed);
    if (seen.length > 200) throw new Error('the import did not finish');
  }
  return { job, seen };
}

const rows = Array.from({ length: size }, (_, i) => memberRow(i + 1));
/** Sheet row of member n: the header is row 1. */
const rowOf = (n: number) => n + 1;

describe('importing a roster of 5,000 members', () => {
  let fixedImportId = '';

  it('reports every problem by row and column, and commits nothing while the file has errors', async () => {
    const broken: Cells[] = rows.map((r) => ({ ...r }));
    const edit = (n: number, cells: Cells) => Object.assign(broken[n - 1] as Cells, cells);
    edit(11, { 手机号: '1381234567' });
    edit(29, { 身份证号: `${idNumber(29).slice(0, 17)}${idNumber(29).endsWith('0') ? '1' : '0'}` });
    edit(44, { 入会日期: '2021-02-30' });
    edit(59, { 姓名: '' });
    edit(74, { '所属分工会/小组': '初中部工会小组' });
    edit(89, { 工号: (rows[9] as Cells)['工号'] as string });
    edit(104, { 身份证号: (rows[19] as Cells)['身份证号'] as string });
    edit(119, { 是否农民工: '也许' });
    edit(134, { 性别: '未知' });
    edit(149, { 工号: '', 身份证号: '' });
    edit(4999, { 入会日期: '2099-01-01', 手机号: '12345' });

    const started = performance.now();
    const res = await upload('名册（有误）.xlsx', await xlsxBase64(broken));
    timings.previewWithErrors = performance.now() - started;

    expect(res.status).toBe(201);
    const job = importJob.parse(res.body);
    expect(job.status).toBe('invalid');
    expect(job.counts).toMatchObject({ total: size, errors: 11 });
    expect(job.problemCount).toBe(12);
    expect(job.problems.map((p) => [p.row, p.column, p.message])).toEqual([
      [rowOf(11), '手机号', `第 ${rowOf(11)} 行「手机号」格式不正确：应为 11 位手机号码`],
      [rowOf(29), '身份证号', `第 ${rowOf(29)} 行「身份证号」格式不正确：校验位不符，请核对号码`],
      [rowOf(44), '入会日期', `第 ${rowOf(44)} 行「入会日期」格式不正确：应为 2020-03-01 这样的日期`],
      [rowOf(59), '姓名', `第 ${rowOf(59)} 行「姓名」不能为空`],
      [rowOf(74), '所属分工会/小组', `第 ${rowOf(74)} 行「所属分工会/小组」“初中部工会小组”不是本工会已设立的分工会或工会小组`],
      [rowOf(89), '工号', `第 ${rowOf(89)} 行「工号」与第 ${rowOf(10)} 行重复`],
      [rowOf(104), '身份证号', `第 ${rowOf(104)} 行「身份证号」与第 ${rowOf(20)} 行重复`],
      [rowOf(119), '是否农民工', `第 ${rowOf(119)} 行「是否农民工」应填“是”或“否”`],
      [rowOf(134), '性别', `第 ${rowOf(134)} 行「性别」应填“男”或“女”`],
      [rowOf(149), '工号', `第 ${rowOf(149)} 行「工号」和「身份证号」至少填写一项（用于识别会员，避免重复）`],
      [rowOf(4999), '手机号', `第 ${rowOf(4999)} 行「手机号」格式不正确：应为 11 位手机号码`],
      [rowOf(4999), '入会日期', `第 ${rowOf(4999)} 行「入会日期」不能晚于今天`],
    ]);

    expect(await commit(job.importId)).toMatchObject({ status: 409, body: { code: 'ROSTER.IMPORT_HAS_ERRORS', message: '名册中还有错误，请按提示修改后重新上传' } });
    expect(await rosterItems()).toHaveLength(20);
  });

  it('previews the fixed file without writing the roster, then commits it with progress to 5,000 new members', async () => {
    const started = performance.now();
    const res = await upload('名册.xlsx', await xlsxBase64(rows));
    timings.preview = performance.now() - started;

    const preview = importJob.parse(res.body);
    expect(preview).toMatchObject({ status: 'previewed', counts: { total: size, added: size, updated: 0, unchanged: 0, errors: 0 }, problems: [], progress: { processed: 0, total: size } });
    expect(preview.changes[0]).toEqual({ row: 2, name: '测试会员1', kind: 'added', columns: [] });
    expect(await rosterItems()).toHaveLength(20);
    fixedImportId = preview.importId;

    const commitStarted = performance.now();
    const confirmed = importJob.parse((await commit(preview.importId)).body);
    const { job, seen } = await pollUntilCommitted(confirmed);
    timings.commit = performance.now() - commitStarted;
    timings.commitPolls = seen.length;

    expect(job).toMatchObject({ status: 'committed', progress: { processed: size, total: size, skipped: 0 }, commitProblems: [] });
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    const items = await rosterItems();
    expect(items).toHaveLength(20 + size);
    expect(new Set(items.map((i) => i.employeeNo)).size).toBe(20 + size);
    const page = rosterPage.parse((await call(roster, 'GET /v1/orgs/{orgId}/roster', { as: chair, params: { orgId: union }, query: { q: 'IMP00042' } })).body);
    expect(page.members).toEqual([expect.objectContaining({ name: '测试会员42', phoneMasked: `139****${phone(42).slice(-4)}`, status: 'active', joinedOn: (rows[41] as Cells)['入会日期'] })]);
  });

  it('answers a second confirmation with the finished job, writing nothing twice', async () => {
    const again = await commit(fixedImportId);
    expect(again.status).toBe(200);
    expect(importJob.parse(again.body)).toMatchObject({ status: 'committed', progress: { processed: size } });
    expect(await rosterItems()).toHaveLength(20 + size);
  });

  it('keeps no phone or ID number in clear anywhere in the table', async () => {
    const segments = 8;
    const parts = await Promise.all(
      Array.from({ length: segments }, async (_, segment) => {
        const items: Record<string, unknown>[] = [];
        let start: Record<string, unknown> | undefined;
        do {
          const out = await table.db.send(new ScanCommand({ TableName: table.tableName, Segment: segment, TotalSegments: segments, ExclusiveStartKey: start }));
          items.push(...(out.Items ?? []));
          start = out.LastEvaluatedKey;
        } while (start);
        return items;
      }),
    );
    const dump = JSON.stringify(parts.flat());
    expect(parts.flat().length).toBeGreaterThan(3 * size);
    // Every run of letters and digits in the dump, so that a number stored in any attribute is found.
    const tokens = new Set(dump.split(/[^0-9A-Za-z]+/));
    const leaked = rows.flatMap((r) => [r['手机号'] as string, r['身份证号'] as string]).filter((n) => tokens.has(n));
    expect(leaked).toEqual([]);
    // No 11-digit mobile number on its own anywhere (ids and ciphertexts are letters and digits mixed).
    expect(dump).not.toMatch(/(?<![0-9A-Za-z])1[3-9]\d{9}(?![0-9A-Za-z])/);
  });

  it('updates in place on re-import: matched by 工号 or ID number, no duplicates, a changed phone updated', async () => {
    const changed = rows.map((r) => ({ ...r }));
    Object.assign(changed[1] as Cells, { 手机号: '13600000002' });
    Object.assign(changed[2] as Cells, { 姓名: '测试会员叁' });
    // Matched by ID number alone: the 工号 column is blank for this row, and stays as stored.
    Object.assign(changed[3] as Cells, { 工号: '', 是否农民工: '是' });

    const res = await upload('名册（更新）.csv', Buffer.from(csvText(changed)).toString('base64'));
    const preview = importJob.parse(res.body);
    expect(preview).toMatchObject({ status: 'previewed', counts: { total: size, added: 0, updated: 3, unchanged: size - 3, errors: 0 } });
    expect(preview.changes).toEqual([
      { row: 3, name: '测试会员2', kind: 'updated', columns: ['手机号'] },
      { row: 4, name: '测试会员叁', kind: 'updated', columns: ['姓名'] },
      { row: 5, name: '测试会员4', kind: 'updated', columns: ['是否农民工'] },
    ]);
    const { job } = await pollUntilCommitted(importJob.parse((await commit(preview.importId)).body));
    expect(job.progress).toEqual({ processed: 3, total: 3, skipped: 0 });

    const items = await rosterItems();
    expect(items).toHaveLength(20 + size);
    const cipher = personalDataCipher(personalDataKey);
    const second = items.find((i) => i.employeeNo === 'IMP00002');
    expect(cipher.decrypt(String(second?.phoneCipher))).toBe('13600000002');
    expect(second?.phoneTailHash).toBe(cipher.hash(`phoneTail:${String(second?.memberId)}`, '0002'));
    expect(items.find((i) => i.employeeNo === 'IMP00003')).toMatchObject({ name: '测试会员叁', gsi1sk: expect.stringMatching(/^MEMBER#测试会员叁#/) });
    expect(items.find((i) => i.employeeNo === 'IMP00004')).toMatchObject({ isMigrantWorker: true });
  });

  it('audits the confirmed import with its counts', async () => {
    const events = await table.db.send(
      new QueryCommand({ TableName: table.tableName, KeyConditionExpression: 'pk = :pk AND begins_with(sk, :e)', ExpressionAttributeValues: { ':pk': `AUDIT#roster#${union}`, ':e': 'EVENT#' } }),
    );
    const imported = (events.Items ?? []).filter((e) => e.action === 'roster.imported');
    expect(imported.map((e) => e.data)).toEqual([
      expect.objectContaining({ importId: fixedImportId, added: size, updated: 0, fileName: '名册.xlsx' }),
      expect.objectContaining({ added: 0, updated: 3, unchanged: size - 3 }),
    ]);
    expect(imported[0]).toMatchObject({ actor: { memberId: chair, role: 'chair' }, scopePath: '/city-jz/dist-shanyang/gu-shiyan' });
  });
});

/** A few members identified by 工号 alone. */
const small = (prefix: string, count: number) => Array.from({ length: count }, (_, i) => ({ ...memberRow(i + 1, prefix), 身份证号: '' }));

describe('imports under concurrency and interruption', () => {
  it('leaves out a row whose 工号 was taken after the preview, and reports it', async () => {
    const preview = importJob.parse((await upload('小名册.xlsx', await xlsxBase64(small('RACE', 5)))).body);
    const taken = await call(roster, 'POST /v1/orgs/{orgId}/roster', { as: chair, params: { orgId: union }, body: { name: '抢先添加', employeeNo: 'RACE00003', joinedOn: '2024-01-01' } });
    expect(taken.status).toBe(201);

    const { job } = await pollUntilCommitted(importJob.parse((await commit(preview.importId)).body));

    expect(job.progress).toEqual({ processed: 5, total: 5, skipped: 1 });
    expect(job.commitProblems).toEqual([{ row: 4, column: '整行', message: '第 4 行：该会员的工号或身份证号已被名册中的其他记录使用（预览后名册有变化），该行未导入' }]);
    expect((await rosterItems()).filter((i) => String(i.employeeNo).startsWith('RACE')).map((i) => i.name).sort()).toEqual(['抢先添加', '测试会员1', '测试会员2', '测试会员4', '测试会员5'].sort());
  });

  it('commits only once when two previews of the same file are confirmed', async () => {
    const file = await xlsxBase64(small('TWIN', 30));
    const a = importJob.parse((await upload('a.xlsx', file)).body);
    const b = importJob.parse((await upload('b.xlsx', file)).body);
    await Promise.all([pollUntilCommitted(importJob.parse((await commit(a.importId)).body)), pollUntilCommitted(importJob.parse((await commit(b.importId)).body))]);
    expect((await rosterItems()).filter((i) => String(i.employeeNo).startsWith('TWIN'))).toHaveLength(30);
  });

  it('is previewed by the clock when the upload request was cut off and nobody polls, and cannot be confirmed before', async () => {
    const d = { db: table.db, table: table.tableName, cipher: personalDataCipher(personalDataKey), now: systemNow };
    const org = (await theDirectory().getOrgs([union])).get(union);
    if (!org) throw new Error('seeded union missing');
    const actor = { memberId: chair, role: 'chair' as const, org };
    const budgets = { upload: previewSliceMs.upload, small: smallPreview.ms };
    previewSliceMs.upload = 0;
    smallPreview.ms = 0;
    const begun = await previewImport(d, actor, org, { fileName: 'clock.xlsx', contentBase64: await xlsxBase64(small('PCLOCK', 40)) }).finally(() => {
      previewSliceMs.upload = budgets.upload;
      smallPreview.ms = budgets.small;
    });
    expect(begun).toMatchObject({ status: 'previewing', counts: { total: 40 }, progress: { processed: 0, total: 40 } });
    expect(await commit(begun.importId)).toMatchObject({ status: 409, body: { code: 'ROSTER.IMPORT_PREVIEWING', message: '名册仍在读取中：读取完成、预览无误后才能确认导入' } });

    expect(await driveDuePreviews(d, systemNow())).toBe(1);

    const job = importJob.parse((await status(begun.importId)).body);
    expect(job).toMatchObject({ status: 'previewed', counts: { total: 40, added: 40, errors: 0 }, progress: { processed: 0, total: 40 } });
    expect(job.changes[0]).toEqual({ row: 2, name: '测试会员1', kind: 'added', columns: [] });
  });

  it('is finished by the clock when nobody polls', async () => {
    const d = { db: table.db, table: table.tableName, cipher: personalDataCipher(personalDataKey), now: systemNow };
    const org = (await theDirectory().getOrgs([union])).get(union);
    if (!org) throw new Error('seeded union missing');
    const actor = { memberId: chair, role: 'chair' as const, org };
    const preview = await previewImport(d, actor, org, { fileName: 'clock.xlsx', contentBase64: await xlsxBase64(small('CLOCK', 300)) });
    const slice = commitSliceMs.confirm;
    commitSliceMs.confirm = 0;
    const confirmed = await confirmImport(d, actor, org, preview.importId).finally(() => {
      commitSliceMs.confirm = slice;
    });
    expect(confirmed).toMatchObject({ status: 'committing', progress: { processed: 0, total: 300 } });

    expect(await driveDueImports(d, systemNow())).toBe(1);

    const job = importJob.parse((await status(preview.importId)).body);
    expect(job).toMatchObject({ status: 'committed', progress: { processed: 300, skipped: 0 } });
  });
});

describe('files that cannot be imported', () => {
  it('reads a CSV saved by Excel in GB18030 (GBK)', async () => {
    // 姓名,工号,入会日期 / 张三,GBK001,2021-01-01 in GB18030.
    const gbk = Buffer.from('d0d5c3fb2cb9a4bac52cc8ebbbe1c8d5c6da0d0ad5c5c8fd2c47424b3030312c323032312d30312d30310d0a', 'hex');
    const res = await upload('名册.csv', gbk.toString('base64'));
    expect(importJob.parse(res.body)).toMatchObject({ status: 'previewed', counts: { added: 1 }, changes: [{ name: '张三' }] });
  });

  it.each([
    ['a file over 4 MB', '大名册.xlsx', Buffer.alloc(4 * 1024 * 1024 + 1, 65).toString('base64'), 413, 'ROSTER.FILE_TOO_LARGE', '文件超过 4 MB，请拆分后分批导入'],
    ['a file that is no spreadsheet', '名册.xlsx', Buffer.from('PK\u0003\u0004 not a zip').toString('base64'), 400, 'ROSTER.FILE_UNREADABLE', '无法读取该文件：请上传用导入模板填写的 .xlsx 或 .csv 文件'],
    ['a sheet without 入会日期', '名册.csv', Buffer.from('姓名,工号\n张三,1\n').toString('base64'), 400, 'ROSTER.FILE_INVALID', '名册文件的格式不正确，请使用导入模板：缺少「入会日期」列'],
    ['a sheet with headers only', '名册.csv', Buffer.from('姓名,工号,入会日期\n').toString('base64'), 400, 'ROSTER.FILE_EMPTY', '文件中没有会员数据'],
  ])('refuses %s in Chinese', async (_what, fileName, content, httpStatus, code, message) => {
    expect(await upload(fileName, content)).toMatchObject({ status: httpStatus, body: { code, message } });
  });

  it('refuses an .xls file by name, naming the field', async () => {
    const res = await upload('名册.xls', 'AAAA');
    expect(res.body).toMatchObject({ code: 'REQUEST.INVALID', details: [{ path: 'fileName', message: '文件名（fileName）：不支持 .xls 旧格式，请在 Excel 中“另存为” .xlsx 后上传' }] });
  });

  it('keeps one union’s imports from another union’s chair and from reviewers elsewhere', async () => {
    const preview = importJob.parse((await upload('名册.xlsx', await xlsxBase64(small('SCOPE', 2)))).body);
    expect((await status(preview.importId, callers.yuntaiChair, 'gu-yuntai')).body.code).toBe('ROSTER.IMPORT_NOT_FOUND');
    expect((await status(preview.importId, callers.jiefangReviewer)).status).toBe(403);
    expect((await commit(preview.importId, callers.shanyangReviewer)).status).toBe(403);
    expect((await upload('名册.xlsx', await xlsxBase64(small('SCOPE', 2)), callers.yuntaiChair)).status).toBe(403);
  });
});
