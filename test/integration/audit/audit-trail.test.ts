import { GetCommand, PutCommand, QueryCommand, TransactWriteCommand } from '../../../functions/storage/document-client';
import type { AuditEventDraft } from '../../../shared/audit/audit-event';
import { appendAuditEvents, isAuditChainRace, prepareAuditWrites, type TransactItem } from '../../../functions/audit/audit-trail';
import { genesisHash } from '../../../functions/audit/audit-hash';
import { verifyAuditChains } from '../../../functions/audit/verify-chain';
import { createDocumentClient } from '../../../functions/storage/dynamo';
import { createTestTable, type TestTable } from '../../support/dynamo';
import { systemNow } from '../../support/product-clock';

// DynamoDB Local on a shared machine: seeding and 20-way contention can outlast jest's default 5 s.
jest.setTimeout(60_000);

let table: TestTable;
beforeAll(async () => {
  table = await createTestTable();
});
afterAll(() => table.drop());

const decision = (subjectId: string, extra: Partial<AuditEventDraft> = {}): AuditEventDraft => ({
  subjectType: 'application',
  subjectId,
  scopePath: '/city-jz/dist-jiefang/gu-yuntai',
  action: 'application.passed',
  actor: { memberId: 'staff-dist-jiefang', role: 'reviewer' },
  reason: '材料齐全，近三年会员评家满意率均在 90% 以上',
  citation: { doc: '焦作市模范职工之家评选表彰办法', article: '第五条', item: '（三）' },
  ...extra,
});

/** The application's own state change: passed, on condition that it is still submitted. */
const passApplication = (applicationId: string): TransactItem => ({
  Update: {
    TableName: table.tableName,
    Key: { pk: `APPLICATION#${applicationId}`, sk: 'APPLICATION' },
    UpdateExpression: 'SET #status = :passed',
    ConditionExpression: '#status = :submitted',
    ExpressionAttributeNames: { '#status': 'status' },
    ExpressionAttributeValues: { ':passed': 'passed', ':submitted': 'submitted' },
  },
});
const putApplication = (applicationId: string, status: string) =>
  table.db.send(new PutCommand({ TableName: table.tableName, Item: { pk: `APPLICATION#${applicationId}`, sk: 'APPLICATION', status } }));
const statusOf = async (applicationId: string) =>
  (await table.db.send(new GetCommand({ TableName: table.tableName, Key: { pk: `APPLICATION#${applicationId}`, sk: 'APPLICATION' } }))).Item?.status;
const chainItems = async (subjectId: string) =>
  (await table.db.send(new QueryCommand({ TableName: table.tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': `AUDIT#application#${subjectId}` } }))).Items ?? [];

describe('appending to the audit trail in the same transaction as the decision', () => {
  it('commits the decision and its event together, the event holding actor, role, time, action, reason and article', async () => {
    await putApplication('app-pass', 'submitted');
    const now = new Date('2026-11-21T02:00:00.000Z');

    const [event] = await appendAuditEvents(table.db, table.tableName, [decision('app-pass')], { extraWrites: [passApplication('app-pass')], now: () => now });

    expect(await statusOf('app-pass')).toBe('passed');
    expect(event).toMatchObject({ seq: 1, at: now.toISOString(), prevHash: genesisHash, actor: { memberId: 'staff-dist-jiefang', role: 'reviewer' }, action: 'application.passed' });
    const items = await chainItems('app-pass');
    expect(items.map((i) => i.sk)).toEqual(['EVENT#0000000001', 'HEAD']);
    expect(items[0]).toMatchObject({
      reason: '材料齐全，近三年会员评家满意率均在 90% 以上',
      citation: { doc: '焦作市模范职工之家评选表彰办法', article: '第五条', item: '（三）' },
      hash: event?.hash,
      gsi3pk: 'AUDITSCOPE#city-jz',
      gsi3sk: `/city-jz/dist-jiefang/gu-yuntai#${now.toISOString()}#application#app-pass#0000000001`,
    });
    expect(items[1]).toMatchObject({ seq: 1, hash: event?.hash });
  });

  it('leaves no event when the decision’s own condition fails, and does not retry it', async () => {
    await putApplication('app-done', 'passed');
    const send = jest.spyOn(table.db, 'send');

    const attempt = appendAuditEvents(table.db, table.tableName, [decision('app-done')], { extraWrites: [passApplication('app-done')] });

    await expect(attempt).rejects.toMatchObject({ name: 'TransactionCanceledException' });
    expect(send.mock.calls.filter(([command]) => command instanceof TransactWriteCommand)).toHaveLength(1);
    send.mockRestore();
    expect(await chainItems('app-done')).toEqual([]);
  });

  it('leaves no event either when the caller commits the prepared writes in its own transaction', async () => {
    await putApplication('app-own', 'rejected');
    const audit = await prepareAuditWrites(table.db, table.tableName, [decision('app-own')], systemNow());

    const commit = table.db.send(new TransactWriteCommand({ TransactItems: [passApplication('app-own'), ...audit] }));

    await expect(commit).rejects.toMatchObject({ name: 'TransactionCanceledException' });
    const error = await commit.catch((e: unknown) => e);
    expect(isAuditChainRace(error, [passApplication('app-own'), ...audit])).toBe(false);
    expect(await chainItems('app-own')).toEqual([]);
    expect(await statusOf('app-own')).toBe('rejected');
  });

  it('chains several drafts for one subject onto each other, and keeps each subject’s chain apart', async () => {
    const events = await appendAuditEvents(table.db, table.tableName, [
      decision('app-multi', { action: 'application.submitted', actor: { memberId: 'gu-yuntai-m001', role: 'chair' } }),
      decision('app-other'),
      decision('app-multi', { action: 'application.returned', reason: '缺少近三年会员评家结果' }),
    ]);

    const multi = events.filter((e) => e.subjectId === 'app-multi');
    expect(multi.map((e) => [e.seq, e.action])).toEqual([
      [1, 'application.submitted'],
      [2, 'application.returned'],
    ]);
    expect(multi[1]?.prevHash).toBe(multi[0]?.hash);
    expect(events.find((e) => e.subjectId === 'app-other')).toMatchObject({ seq: 1, prevHash: genesisHash });
    const [next] = await appendAuditEvents(table.db, table.tableName, [decision('app-multi')]);
    expect(next).toMatchObject({ seq: 3, prevHash: multi[1]?.hash });
  });

  it('refuses the second of two appends prepared from the same head, as a race on the head', async () => {
    await appendAuditEvents(table.db, table.tableName, [decision('app-race')]);
    const first = await prepareAuditWrites(table.db, table.tableName, [decision('app-race', { reason: '甲' })], systemNow());
    const second = await prepareAuditWrites(table.db, table.tableName, [decision('app-race', { reason: '乙' })], systemNow());

    await table.db.send(new TransactWriteCommand({ TransactItems: first }));
    const error = await table.db.send(new TransactWriteCommand({ TransactItems: second })).catch((e: unknown) => e);

    expect(error).toMatchObject({ name: 'TransactionCanceledException' });
    expect(isAuditChainRace(error, second)).toBe(true);
    const events = (await chainItems('app-race')).filter((i) => i.entity === 'auditEvent');
    expect(events.map((e) => [e.seq, e.reason])).toEqual([
      [1, '材料齐全，近三年会员评家满意率均在 90% 以上'],
      [2, '甲'],
    ]);
  });

  it('turns 20 concurrent appends to one subject into 20 contiguous events on one valid chain', async () => {
    const appends = Array.from({ length: 20 }, (_, i) =>
      // 20 contenders on one head: each can lose at most once to each of the other 19.
      appendAuditEvents(table.db, table.tableName, [decision('app-busy', { reason: `第 ${i + 1} 位审核人` })], { maxAttempts: 20 }),
    );

    const appended = (await Promise.all(appends)).flat();

    expect(appended.map((e) => e.seq).sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    const items = await chainItems('app-busy');
    expect(items.filter((i) => i.entity === 'auditEvent')).toHaveLength(20);
    expect(items.find((i) => i.sk === 'HEAD')).toMatchObject({ seq: 20 });
    const reasons = new Set(items.filter((i) => i.entity === 'auditEvent').map((i) => i.reason));
    expect(reasons.size).toBe(20);
    expect((await verifyAuditChains(table.db, table.tableName)).broken).toEqual([]);
  });

  it('gives up with AUDIT.BUSY in Chinese when the head keeps racing past maxAttempts', async () => {
    await appendAuditEvents(table.db, table.tableName, [decision('app-contended')]);
    const other = createDocumentClient(table.endpoint);
    const send = table.db.send.bind(table.db);
    // Another writer appends to the same chain between every read of the head and every commit.
    const spy = jest.spyOn(table.db, 'send').mockImplementation((async (command: unknown) => {
      if (command instanceof TransactWriteCommand) await appendAuditEvents(other, table.tableName, [decision('app-contended', { reason: '抢先一步' })]);
      return send(command as never);
    }) as never);

    const attempt = appendAuditEvents(table.db, table.tableName, [decision('app-contended', { reason: '总是落后' })], { maxAttempts: 3 });

    await expect(attempt).rejects.toMatchObject({ code: 'AUDIT.BUSY', message: '该事项正被同时处理，请稍后再试' });
    spy.mockRestore();
    other.destroy();
    const events = (await chainItems('app-contended')).filter((i) => i.entity === 'auditEvent');
    expect(events.map((e) => e.reason)).toEqual(['材料齐全，近三年会员评家满意率均在 90% 以上', '抢先一步', '抢先一步', '抢先一步']);
    expect((await verifyAuditChains(table.db, table.tableName)).broken).toEqual([]);
  });

  it('refuses a malformed draft before writing anything', async () => {
    const attempt = appendAuditEvents(table.db, table.tableName, [decision('app-bad', { scopePath: 'city-jz' })]);
    await expect(attempt).rejects.toThrow(/scopePath/);
    expect(await chainItems('app-bad')).toEqual([]);
  });
});
