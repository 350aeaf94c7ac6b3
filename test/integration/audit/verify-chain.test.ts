import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '../../../functions/storage/document-client';
import type { AuditEventDraft } from '../../../shared/audit/audit-event';
import { auditEventHash } from '../../../functions/audit/audit-hash';
import { appendAuditEvents } from '../../../functions/audit/audit-trail';
import { verifyAuditChains } from '../../../functions/audit/verify-chain';
import { createTestTable, type TestTable } from '../../support/dynamo';

// Writing 2 MB of events takes seconds alone, but minutes on a DynamoDB Local still busy after the scale tests
// (test/integration/integrity: lists of 1,000, decisions of 500) on a 2-core machine.
jest.setTimeout(300_000);
const root = resolve(__dirname, '..', '..', '..');

let table: TestTable;
beforeEach(async () => {
  table = await createTestTable();
});
afterEach(() => table.drop());

const honour = (subjectId: string, n: number): AuditEventDraft => ({
  subjectType: 'honour',
  subjectId,
  scopePath: '/city-jz',
  action: n === 1 ? 'honour.awarded' : 'honour.revoked',
  actor: { memberId: 'staff-city-1', role: 'organiser' },
  reason: `第 ${n} 次决定`,
  citation: { doc: '焦作市模范职工之家评选表彰办法', article: `第${['一', '二', '三', '四', '五'][n - 1] ?? '十'}条` },
});

/** `count` events on the chain of `subjectId`, appended one decision at a time. */
async function chainOf(subjectId: string, count: number): Promise<void> {
  for (let n = 1; n <= count; n += 1) await appendAuditEvents(table.db, table.tableName, [honour(subjectId, n)]);
}

const eventKey = (subjectId: string, seq: number) => ({ pk: `AUDIT#honour#${subjectId}`, sk: `EVENT#${String(seq).padStart(10, '0')}` });

/** `npm run audit:verify` as an operator runs it, pointed at the test table. */
function runAuditVerify(): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn('npm', ['run', '--silent', 'audit:verify'], {
      cwd: root,
      env: { ...process.env, DYNAMODB_ENDPOINT: table.endpoint, TABLE_NAME: table.tableName },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', fail);
    child.once('exit', (code) => done({ code, stdout, stderr }));
  });
}

describe('verifying the audit chains', () => {
  it('finds every chain intact after ordinary appends', async () => {
    await chainOf('h-1', 4);
    await chainOf('h-2', 2);

    expect(await verifyAuditChains(table.db, table.tableName)).toEqual({ subjects: 2, events: 6, broken: [] });
  });

  it('names the seq of an event whose reason was changed directly in the table', async () => {
    await chainOf('h-1', 4);
    await chainOf('h-2', 2);

    await table.db.send(new UpdateCommand({ TableName: table.tableName, Key: eventKey('h-1', 3), UpdateExpression: 'SET reason = :r', ExpressionAttributeValues: { ':r': '经研究，予以保留' } }));

    expect(await verifyAuditChains(table.db, table.tableName)).toEqual({
      subjects: 2,
      events: 6,
      broken: [{ subject: 'honour#h-1', seq: 3, problem: '第 3 条记录的哈希值与内容不符（记录被改动）' }],
    });
  });

  it('names a deleted middle event, and a deleted last one', async () => {
    await chainOf('h-1', 5);
    await chainOf('h-2', 3);

    await table.db.send(new DeleteCommand({ TableName: table.tableName, Key: eventKey('h-1', 3) }));
    await table.db.send(new DeleteCommand({ TableName: table.tableName, Key: eventKey('h-2', 3) }));

    expect((await verifyAuditChains(table.db, table.tableName)).broken).toEqual([
      { subject: 'honour#h-1', seq: 3, problem: '第 3 条记录缺失（记录被删除）' },
      { subject: 'honour#h-2', seq: 3, problem: '第 3 条记录缺失（链尾记录被删除）' },
    ]);
  });

  it('finds a rewritten event even when the forger recomputed its hash: the next link no longer fits', async () => {
    await chainOf('h-1', 3);
    const { Item } = await table.db.send(new GetCommand({ TableName: table.tableName, Key: eventKey('h-1', 2) }));
    const forged = { ...Item, reason: '从未撤销' };
    await table.db.send(new PutCommand({ TableName: table.tableName, Item: { ...forged, hash: auditEventHash(forged) } }));

    expect((await verifyAuditChains(table.db, table.tableName)).broken).toEqual([
      { subject: 'honour#h-1', seq: 3, problem: '第 3 条记录的前序哈希与第 2 条记录的哈希不符（第 2 条记录被改动或链条被改接）' },
    ]);
  });

  it('reads every page of a table larger than one Scan page', async () => {
    const long = 'x'.repeat(1900);
    // About 2 MB of audit events: the Scan needs at least two pages. Written one chain at a time: twenty 190 KB
    // transactions at once make DynamoDB Local time out on its locks when the machine is busy (AWS would not).
    for (let s = 0; s < 20; s += 1) {
      await appendAuditEvents(table.db, table.tableName, Array.from({ length: 49 }, () => ({ ...honour(`big-${s}`, 1), reason: long })));
    }

    expect(await verifyAuditChains(table.db, table.tableName)).toEqual({ subjects: 20, events: 980, broken: [] });
  });

  it('npm run audit:verify exits 0 on intact chains and 1 naming the first broken link', async () => {
    await chainOf('h-1', 4);
    const intact = await runAuditVerify();
    expect(intact.code).toBe(0);
    expect(intact.stdout).toContain('共 1 个审计对象，4 条审计记录。');
    expect(intact.stdout).toContain('全部审计链完整');

    await table.db.send(new UpdateCommand({ TableName: table.tableName, Key: eventKey('h-1', 2), UpdateExpression: 'SET reason = :r', ExpressionAttributeValues: { ':r': '改过的理由' } }));
    const broken = await runAuditVerify();

    expect(broken.code).toBe(1);
    expect(broken.stdout).toContain('✗ 1 个审计对象的审计链断裂');
    expect(broken.stdout).toContain('首个断点：honour#h-1 第 2 条 —— 第 2 条记录的哈希值与内容不符（记录被改动）');
  });

  it('npm run audit:verify exits 2 in Chinese when the table cannot be read', async () => {
    const missing = await new Promise<{ code: number | null; stderr: string }>((done) => {
      const child = spawn('npm', ['run', '--silent', 'audit:verify'], { cwd: root, env: { ...process.env, DYNAMODB_ENDPOINT: table.endpoint, TABLE_NAME: 'no-such-table' }, stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.once('exit', (code) => done({ code, stderr }));
    });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('找不到表 no-such-table');
  });
});
