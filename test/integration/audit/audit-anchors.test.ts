import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DeleteCommand, PutCommand, QueryCommand } from '../../../functions/storage/document-client';
import type { AuditEventDraft } from '../../../shared/audit/audit-event';
import { AnchorExistsError, latestAnchor, localAnchorStore, type AnchorStore } from '../../../functions/audit/anchor-store';
import { auditEventHash } from '../../../functions/audit/audit-hash';
import { appendAuditEvents } from '../../../functions/audit/audit-trail';
import { sealAuditAnchors } from '../../../functions/audit/seal-anchors';
import { verifyAuditChains } from '../../../functions/audit/verify-chain';
import { createTestTable, type TestTable } from '../../support/dynamo';

// Issue 15, point 6: chain heads sealed outside the table, so a consistent rewrite of a chain is found.
jest.setTimeout(120_000);
const root = resolve(__dirname, '..', '..', '..');

const t0 = new Date('2026-12-14T01:30:00.000Z');
const minutes = (n: number) => new Date(t0.getTime() + n * 60_000);
const hour = 60 * 60_000;
const day = 24 * hour;

let table: TestTable;
let dir: string;
let store: AnchorStore;
beforeEach(async () => {
  table = await createTestTable();
  dir = await mkdtemp(join(tmpdir(), 'anchors-'));
  store = localAnchorStore(dir);
});
afterEach(async () => {
  await table.drop();
  await rm(dir, { recursive: true, force: true });
});

const seal = (at: Date) => sealAuditAnchors({ db: table.db, table: table.tableName, store, retentionDays: 3653 }, at);

const revocation = (subjectId: string, n: number): AuditEventDraft => ({
  subjectType: 'honour',
  subjectId,
  scopePath: '/city-jz',
  action: n === 1 ? 'honour.awarded' : 'honour.revoked',
  actor: { memberId: 'staff-city-1', role: 'organiser' },
  reason: `第 ${n} 次决定`,
  citation: { doc: '焦作市模范职工之家评选表彰办法', article: '第十二条' },
});

/** Appends events `from`..`to` to the chain of `subjectId`, one decision at a time, at the given instant. */
async function append(subjectId: string, from: number, to: number, at: Date): Promise<void> {
  for (let n = from; n <= to; n += 1) await appendAuditEvents(table.db, table.tableName, [revocation(subjectId, n)], { now: () => at });
}

/**
 * What an attacker who can write the table does: changes event `seq` of the chain, then recomputes its hash and every
 * later event's prevHash and hash, and moves the head onto the new last hash, so the chain verifies in the table.
 */
async function rewriteConsistently(subjectId: string, seq: number, change: Record<string, unknown>): Promise<void> {
  const pk = `AUDIT#honour#${subjectId}`;
  const { Items = [] } = await table.db.send(new QueryCommand({ TableName: table.tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': pk }, ConsistentRead: true }));
  const events = Items.filter((item) => String(item.sk).startsWith('EVENT#')).sort((a, b) => Number(a.seq) - Number(b.seq));
  const head = Items.find((item) => item.sk === 'HEAD');
  let prevHash = String(events[seq - 2]?.hash ?? '0'.repeat(64));
  for (const event of events.slice(seq - 1)) {
    const forged: Record<string, unknown> = { ...event, ...(event.seq === seq ? change : {}), prevHash };
    forged.hash = auditEventHash(forged);
    await table.db.send(new PutCommand({ TableName: table.tableName, Item: forged }));
    prevHash = String(forged.hash);
  }
  await table.db.send(new PutCommand({ TableName: table.tableName, Item: { ...head, hash: prevHash } }));
}

function runAuditVerify(anchorDir: string): Promise<{ code: number | null; stdout: string }> {
  return new Promise((done, fail) => {
    const child = spawn('npm', ['run', '--silent', 'audit:verify'], {
      cwd: root,
      env: { ...process.env, DYNAMODB_ENDPOINT: table.endpoint, TABLE_NAME: table.tableName, AUDIT_ANCHOR_DIR: anchorDir },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.once('error', fail);
    child.once('exit', (code) => done({ code, stdout }));
  });
}

describe('audit chains anchored outside the table', () => {
  it('finds a chain rewritten consistently from a tampered event on, naming the chain and the sealed position', async () => {
    await append('h-1', 1, 4, minutes(0));
    await append('h-2', 1, 2, minutes(0));
    expect(await seal(minutes(1))).toMatchObject({ sealed: 1, chains: 2, moved: 2, refused: 0 });

    await rewriteConsistently('h-1', 2, { reason: '从未撤销' });

    // The attack works against the table alone: every link fits again.
    expect((await verifyAuditChains(table.db, table.tableName)).broken).toEqual([]);
    const anchor = await latestAnchor(store, table.tableName, minutes(2));
    expect((await verifyAuditChains(table.db, table.tableName, { anchor })).broken).toEqual([
      { subject: 'honour#h-1', seq: 4, problem: '第 4 条记录的哈希与 2026-12-14T01:31:00.000Z 封存的锚点不符（第 1 至 4 条记录中有被改写的，其后的哈希被重新计算）' },
    ]);
  });

  it('passes intact chains, and events appended after the anchor still verify', async () => {
    await append('h-1', 1, 3, minutes(0));
    await seal(minutes(1));
    await append('h-1', 4, 6, minutes(5));
    await append('h-3', 1, 1, minutes(5));

    const anchor = await latestAnchor(store, table.tableName, minutes(6));
    expect(anchor?.anchor.chains).toEqual({ 'honour#h-1': { seq: 3, hash: expect.stringMatching(/^[0-9a-f]{64}$/) } });
    expect(await verifyAuditChains(table.db, table.tableName, { anchor })).toEqual({ subjects: 2, events: 7, broken: [], unanchored: 1 });
  });

  it('a rewrite made before the next seal is never sealed over: the chain keeps its earlier sealed head', async () => {
    await append('h-1', 1, 3, minutes(0));
    await seal(minutes(1));
    await append('h-1', 4, 5, minutes(10));
    // The forger rewrites from event 2 on, then waits for the next seal (hours later, heads moved) to launder it.
    await rewriteConsistently('h-1', 2, { reason: '从未撤销' });

    const next = await seal(minutes(90));
    expect(next).toMatchObject({ sealed: 1, moved: 0, refused: 1 });
    const anchor = await latestAnchor(store, table.tableName, minutes(91));
    expect(anchor?.anchor.sealedAt).toBe(minutes(90).toISOString());
    expect(anchor?.anchor.previous?.key).toBe(`${table.tableName}/2026-12-14/2026-12-14T01:31:00.000Z.json`);
    expect(anchor?.anchor.chains['honour#h-1']?.seq).toBe(3);
    expect((await verifyAuditChains(table.db, table.tableName, { anchor })).broken).toEqual([
      { subject: 'honour#h-1', seq: 3, problem: '第 3 条记录的哈希与 2026-12-14T03:00:00.000Z 封存的锚点不符（第 1 至 3 条记录中有被改写的，其后的哈希被重新计算）' },
    ]);
  });

  it('narrows a rewrite down with the older anchors, to the earliest rewritten event', async () => {
    // One event an hour, each sealed: five anchors, the chain's head at seq 1..5.
    for (let n = 1; n <= 5; n += 1) {
      await append('h-1', n, n, minutes(n * 61));
      expect(await seal(minutes(n * 61 + 1))).toMatchObject({ sealed: 1 });
    }
    await rewriteConsistently('h-1', 3, { reason: '从未撤销' });

    const anchor = await latestAnchor(store, table.tableName, minutes(400));
    expect((await verifyAuditChains(table.db, table.tableName, { anchor, store })).broken).toEqual([
      {
        subject: 'honour#h-1',
        seq: 5,
        problem: '第 5 条记录的哈希与 2026-12-14T06:36:00.000Z 封存的锚点不符（第 1 至 5 条记录中有被改写的，其后的哈希被重新计算）；对照更早的封存，被改写的最早一条是第 3 条',
      },
    ]);
  });

  it('names a sealed chain deleted whole from the table', async () => {
    await append('h-1', 1, 2, minutes(0));
    await seal(minutes(1));
    for (const sk of ['EVENT#0000000001', 'EVENT#0000000002', 'HEAD']) await table.db.send(new DeleteCommand({ TableName: table.tableName, Key: { pk: 'AUDIT#honour#h-1', sk } }));

    const anchor = await latestAnchor(store, table.tableName, minutes(2));
    expect((await verifyAuditChains(table.db, table.tableName, { anchor })).broken).toEqual([
      { subject: 'honour#h-1', seq: 2, problem: '整条审计链已不在表中，而 2026-12-14T01:31:00.000Z 的封存锚点记有其第 1 至 2 条（链条被删除）' },
    ]);
  });

  it('seals at least daily and when heads moved (at most hourly), and otherwise does nothing, however often it runs', async () => {
    await append('h-1', 1, 1, minutes(0));

    expect(await seal(minutes(1))).toMatchObject({ sealed: 1 });
    expect(await seal(minutes(1))).toMatchObject({ sealed: 0 });
    expect(await seal(minutes(30))).toMatchObject({ sealed: 0, deferred: 0 });
    await append('h-1', 2, 2, minutes(31));
    expect(await seal(minutes(40))).toMatchObject({ sealed: 0, deferred: 1 });
    expect(await seal(minutes(61))).toMatchObject({ sealed: 1, moved: 1 });
    expect(await seal(minutes(62))).toMatchObject({ sealed: 0, deferred: 0 });
    // Nothing moved for a day: sealed again all the same, so the store shows the job ran.
    expect(await seal(new Date(minutes(61).getTime() + day - 60_000))).toMatchObject({ sealed: 0 });
    expect(await seal(new Date(minutes(61).getTime() + day))).toMatchObject({ sealed: 1, moved: 0, chains: 1 });

    expect(await store.list(`${table.tableName}/`)).toEqual([
      `${table.tableName}/2026-12-14/2026-12-14T01:31:00.000Z.json`,
      `${table.tableName}/2026-12-14/2026-12-14T02:31:00.000Z.json`,
      `${table.tableName}/2026-12-15/2026-12-15T02:31:00.000Z.json`,
    ]);
  });

  it('the local anchor folder refuses to overwrite an anchor and leaves it read-only', async () => {
    await append('h-1', 1, 1, minutes(0));
    await seal(minutes(1));
    const key = `${table.tableName}/2026-12-14/2026-12-14T01:31:00.000Z.json`;
    const file = join(dir, key);
    const before = await readFile(file, 'utf8');

    await expect(store.put(key, '{"forged":true}', minutes(2))).rejects.toBeInstanceOf(AnchorExistsError);
    // Two clocks sealing at one instant a day later: one anchor, whichever put it.
    const both = await Promise.all([seal(new Date(minutes(1).getTime() + day)), seal(new Date(minutes(1).getTime() + day))]);
    expect(both.map((outcome) => outcome.sealed).sort()).toEqual([0, 1]);
    expect(await store.list(`${table.tableName}/`)).toHaveLength(2);
    expect(await readFile(file, 'utf8')).toBe(before);
    expect((await stat(file)).mode & 0o777).toBe(0o444);
  });

  it('npm run audit:verify exits 0 against the anchors, and 1 naming the chain after a consistent rewrite', async () => {
    await append('h-1', 1, 3, minutes(0));
    await seal(minutes(1));
    const intact = await runAuditVerify(dir);
    expect(intact.code).toBe(0);
    expect(intact.stdout).toContain(`封存锚点：${dir} ${table.tableName}/2026-12-14/2026-12-14T01:31:00.000Z.json（2026-12-14T01:31:00.000Z，1 条审计链）`);
    expect(intact.stdout).toContain('已封存的记录与封存锚点一致');

    await rewriteConsistently('h-1', 1, { reason: '改过的理由' });
    const rewritten = await runAuditVerify(dir);

    expect(rewritten.code).toBe(1);
    expect(rewritten.stdout).toContain('首个断点：honour#h-1 第 3 条 —— 第 3 条记录的哈希与 2026-12-14T01:31:00.000Z 封存的锚点不符');
    // One anchor only: the rewrite lies somewhere up to the sealed head.
    expect(rewritten.stdout).toContain('对照更早的封存，被改写的最早一条在第 1 至 3 条之间');
  });
});
