import { GetCommand, PutCommand, QueryCommand } from '../../../functions/storage/document-client';
import { createTestTable, type TestTable } from '../../support/dynamo';
import { ChangeRefused, commitWithNotices, dueNoticeKeys, dueNoticeShards, outboxKey } from '../../../functions/notify/outbox';
import { dispatchDueNotices, dispatchNotice } from '../../../functions/notify/dispatcher';
import { markRead, readInbox, unreadCount } from '../../../functions/notify/inbox';
import { noticeIdOf } from '../../../functions/notify/notice';

let table: TestTable;
beforeAll(async () => {
  table = await createTestTable({ seed: true });
});
afterAll(() => table.drop());

const deps = () => ({ db: table.db, table: table.tableName, stage: 'local' });
const thing = (id: string, extra: Record<string, unknown> = {}) => ({ Put: { TableName: table.tableName, Item: { pk: `THING#${id}`, sk: 'THING', ...extra }, ConditionExpression: 'attribute_not_exists(pk)' } });
const roleNotice = (eventId: string, recipientId: string) => ({ eventId, recipientId, templateKey: 'role.granted', params: { org: '云台新材料有限公司工会', role: '审核人' } });
const outboxItem = async (eventId: string, recipientId: string) =>
  (await table.db.send(new GetCommand({ TableName: table.tableName, Key: outboxKey(noticeIdOf({ eventId, recipientId })) }))).Item;

describe('commitWithNotices: the notice is written in the same transaction as the change', () => {
  it('leaves a notice in the outbox when the change commits', async () => {
    await commitWithNotices(table.db, table.tableName, { writes: [thing('a')], notices: [roleNotice('e-a', 'gu-yuntai-m007')] });
    expect(await outboxItem('e-a', 'gu-yuntai-m007')).toMatchObject({ status: 'pending', templateKey: 'role.granted' });
  });

  it('leaves no notice when the change is refused by its own condition', async () => {
    await table.db.send(new PutCommand({ TableName: table.tableName, Item: { pk: 'THING#b', sk: 'THING' } }));
    await expect(commitWithNotices(table.db, table.tableName, { writes: [thing('b')], notices: [roleNotice('e-b', 'gu-yuntai-m007')] })).rejects.toBeInstanceOf(ChangeRefused);
    expect(await outboxItem('e-b', 'gu-yuntai-m007')).toBeUndefined();
  });

  it('never enqueues the same (event, recipient) twice', async () => {
    await commitWithNotices(table.db, table.tableName, { writes: [thing('c1')], notices: [roleNotice('e-c', 'gu-yuntai-m007')] });
    await expect(commitWithNotices(table.db, table.tableName, { writes: [thing('c2')], notices: [roleNotice('e-c', 'gu-yuntai-m007')] })).rejects.toBeInstanceOf(ChangeRefused);
    // …and the refused change did not happen either.
    expect((await table.db.send(new GetCommand({ TableName: table.tableName, Key: { pk: 'THING#c2', sk: 'THING' } }))).Item).toBeUndefined();
  });
});

describe('commitWithNotices with audit events', () => {
  const draft = (subjectId: string) => ({
    subjectType: 'application',
    subjectId,
    scopePath: '/city-jz/dist-jiefang/gu-yuntai',
    action: 'application.returned' as const,
    actor: { memberId: 'staff-dist-jiefang', role: 'reviewer' as const },
    reason: '缺少近三年满意率材料',
    citation: { doc: '京工发〔2021〕19号', article: '第六条', item: '（四）' },
  });
  const events = async (subjectId: string) =>
    (await table.db.send(new QueryCommand({ TableName: table.tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': `AUDIT#application#${subjectId}` } }))).Items ?? [];

  it('writes the change, the notice and the audit event together', async () => {
    await commitWithNotices(table.db, table.tableName, { writes: [thing('f')], notices: [roleNotice('e-f', 'gu-yuntai-m007')], audit: [draft('f')] });
    expect((await events('f')).map((e) => e.sk)).toEqual(['EVENT#0000000001', 'HEAD']);
  });

  it('writes neither notice nor audit event when the change is refused', async () => {
    await table.db.send(new PutCommand({ TableName: table.tableName, Item: { pk: 'THING#g', sk: 'THING' } }));
    await expect(commitWithNotices(table.db, table.tableName, { writes: [thing('g')], notices: [roleNotice('e-g', 'gu-yuntai-m007')], audit: [draft('g')] })).rejects.toBeInstanceOf(ChangeRefused);
    expect(await events('g')).toEqual([]);
    expect(await outboxItem('e-g', 'gu-yuntai-m007')).toBeUndefined();
  });
});

describe('the dispatcher', () => {
  it('delivers a notice to the inbox with its text filled in, once, and counts it unread until read', async () => {
    const member = 'gu-renmin-m007';
    await commitWithNotices(table.db, table.tableName, { writes: [thing('d')], notices: [roleNotice('e-d', member)] });
    expect(await dispatchNotice(deps(), noticeIdOf({ eventId: 'e-d', recipientId: member }))).toBe('delivered');
    // A second dispatch of the same notice (a retry, a stream redelivery) changes nothing.
    expect(await dispatchNotice(deps(), noticeIdOf({ eventId: 'e-d', recipientId: member }))).toBe('skipped');

    const inbox = await readInbox(table.db, table.tableName, member);
    expect(inbox.notices).toHaveLength(1);
    expect(inbox.notices[0]).toMatchObject({ title: '您获得了新的角色', body: '您已被授予「云台新材料有限公司工会」的审核人角色。', page: 'pages/me/index', readAt: null });
    expect(inbox.unread).toBe(1);

    const id = inbox.notices[0]?.noticeId as string;
    expect(await markRead(table.db, table.tableName, member, [id])).toBe(0);
    expect(await markRead(table.db, table.tableName, member, [id, 'no-such-notice'])).toBe(0);
    expect((await readInbox(table.db, table.tableName, member)).notices[0]?.readAt).not.toBeNull();
  });

  it('delivers exactly once when two dispatchers run at the same time', async () => {
    const member = 'gu-taihang-m010';
    await dispatchDueNotices(deps()); // what earlier tests left due
    const notices = Array.from({ length: 30 }, (_, i) => roleNotice(`e-conc-${i}`, member));
    for (let i = 0; i < notices.length; i += 10) {
      await commitWithNotices(table.db, table.tableName, { writes: [thing(`conc-${i}`)], notices: notices.slice(i, i + 10) });
    }
    const [a, b] = await Promise.all([dispatchDueNotices(deps()), dispatchDueNotices(deps())]);
    expect((a.delivered ?? 0) + (b.delivered ?? 0)).toBe(30);
    const all = await table.db.send(
      new QueryCommand({ TableName: table.tableName, KeyConditionExpression: 'pk = :pk AND begins_with(sk, :n)', ExpressionAttributeValues: { ':pk': `INBOX#${member}`, ':n': 'NOTICE#' } }),
    );
    expect(all.Items).toHaveLength(30);
    expect(await unreadCount(table.db, table.tableName, member)).toBe(30);
    // Nothing is left due.
    expect(await dispatchDueNotices(deps())).toEqual({});
  });

  it('spreads pending notices over the due keys, so no one index partition takes a whole day of notices, and finds them all', async () => {
    const member = 'gu-renmin-m008';
    await dispatchDueNotices(deps()); // what earlier tests left due
    const notices = Array.from({ length: 64 }, (_, i) => roleNotice(`e-spread-${i}`, member));
    for (let i = 0; i < notices.length; i += 16) await commitWithNotices(table.db, table.tableName, { writes: [thing(`spread-${i}`)], notices: notices.slice(i, i + 16) });
    // A notice queued before the split, under the single key it had then.
    await commitWithNotices(table.db, table.tableName, { writes: [thing('spread-old')], notices: [roleNotice('e-spread-old', member)] });
    const old = await outboxItem('e-spread-old', member);
    await table.db.send(new PutCommand({ TableName: table.tableName, Item: { ...old, gsi2pk: 'DUE#notice' } }));

    const perKey = await Promise.all(
      dueNoticeKeys.map(async (key) => (await table.db.send(new QueryCommand({ TableName: table.tableName, IndexName: 'byDueTime', KeyConditionExpression: 'gsi2pk = :d', ExpressionAttributeValues: { ':d': key } }))).Count ?? 0),
    );
    expect(perKey.reduce((a, b) => a + b, 0)).toBe(65);
    expect(perKey[dueNoticeShards]).toBe(1);
    // 64 notices over 16 keys: most keys hold some, none holds a quarter.
    expect(perKey.slice(0, dueNoticeShards).filter((n) => n > 0).length).toBeGreaterThanOrEqual(10);
    expect(Math.max(...perKey)).toBeLessThanOrEqual(16);

    // A dispatcher with room for 30 takes 30 of them; the rest, the old one included, on the next runs.
    expect((await dispatchDueNotices(deps(), undefined, 30)).delivered).toBe(30);
    expect((await dispatchDueNotices(deps())).delivered).toBe(35);
    expect(await unreadCount(table.db, table.tableName, member)).toBe(65);
    expect(await dispatchDueNotices(deps())).toEqual({});
  });
});
