import { PutCommand, UpdateCommand } from '../../../functions/storage/document-client';
import type { Org } from '../../../shared/domain/org';
import { dynamoJoiningStore } from '../../../functions/joining/dynamo-joining-store';
import type { JoiningStore, RosterEntry } from '../../../functions/joining/joining-store';
import { keys } from '../../../functions/storage/keys';
import { createTestTable, type TestTable } from '../../support/dynamo';
import { systemNow } from '../../support/product-clock';

// DynamoDB Local on a shared machine: 10-way contention can outlast jest's default 5 s.
jest.setTimeout(60_000);

let table: TestTable;
let store: JoiningStore;
const union: Org = { orgId: 'gu-test', name: '测试工会', level: 'grassroots', kind: 'enterprise', parentId: 'dist-test', path: '/city-test/dist-test/gu-test' };
let entries = 0;

beforeAll(async () => {
  table = await createTestTable();
  store = dynamoJoiningStore(table.db, table.tableName);
});

afterAll(() => table.drop());

/** A roster entry as the roster writes it (MEMBER#<id> / MEMBER, in byParent under the union). */
async function rosterEntry(extra: Record<string, unknown> = {}): Promise<RosterEntry> {
  entries += 1;
  const memberId = `gu-test-m${entries}`;
  const name = `测试${entries}`;
  await table.db.send(
    new PutCommand({
      TableName: table.tableName,
      Item: { ...keys.member(memberId), entity: 'member', memberId, name, orgId: union.orgId, employeeNo: `T${entries}`, status: 'active', gsi1pk: keys.childOf(union.orgId), gsi1sk: `MEMBER#${name}#${memberId}`, ...extra },
    }),
  );
  const entry = await store.getEntry(memberId);
  if (!entry) throw new Error('entry not written');
  return entry;
}

describe('the joining store on DynamoDB Local', () => {
  it('binds one entry for exactly one of 10 accounts racing for it (the conditional update decides)', async () => {
    const entry = await rosterEntry();
    const now = systemNow();

    const outcomes = await Promise.all(Array.from({ length: 10 }, (_, i) => store.bind(entry, `o-race-${i}`, union, 'employeeNo', now)));

    expect(outcomes.filter((o) => o.status === 'bound')).toHaveLength(1);
    expect(outcomes.filter((o) => o.status === 'entryTaken')).toHaveLength(9);
    const winner = outcomes.findIndex((o) => o.status === 'bound');
    expect((await store.getEntry(entry.memberId))?.openid).toBe(`o-race-${winner}`);
    expect(await store.memberBoundTo(`o-race-${winner}`)).toBe(entry.memberId);
    const losers = await Promise.all(outcomes.map((_, i) => (i === winner ? undefined : store.memberBoundTo(`o-race-${i}`))));
    expect(losers.every((l) => l === undefined)).toBe(true);
  });

  it('binds one account to one entry only, even when it claims two at once', async () => {
    const [a, b] = [await rosterEntry(), await rosterEntry()];
    const outcomes = await Promise.all([store.bind(a, 'o-greedy', union, 'employeeNo', systemNow()), store.bind(b, 'o-greedy', union, 'employeeNo', systemNow())]);
    expect(outcomes.map((o) => o.status).sort()).toEqual(['bound', 'openidTaken']);
    const bound = await Promise.all([store.getEntry(a.memberId), store.getEntry(b.memberId)]);
    expect(bound.filter((e) => e?.openid === 'o-greedy')).toHaveLength(1);
  });

  it('lets an account bind again after the roster undid its binding', async () => {
    const [first, second] = [await rosterEntry(), await rosterEntry()];
    expect((await store.bind(first, 'o-moved', union, 'employeeNo', systemNow())).status).toBe('bound');
    // The chair corrects the roster: the first entry is unbound (its openid removed).
    await table.db.send(new UpdateCommand({ TableName: table.tableName, Key: keys.member(first.memberId), UpdateExpression: 'REMOVE openid, boundAt' }));
    expect(await store.memberBoundTo('o-moved')).toBeUndefined();

    expect((await store.bind(second, 'o-moved', union, 'employeeNo', systemNow())).status).toBe('bound');
    expect(await store.memberBoundTo('o-moved')).toBe(second.memberId);
  });

  it('refuses to bind a member who left, or one moved to another union', async () => {
    const left = await rosterEntry({ status: 'left', leftOn: '2025-01-31' });
    expect(left.left).toBe(true);
    expect(await store.bind(left, 'o-left', union, 'employeeNo', systemNow())).toEqual({ status: 'left' });
    const moved = await rosterEntry({ orgId: 'gu-elsewhere' });
    expect(await store.bind(moved, 'o-moved-away', union, 'employeeNo', systemNow())).toEqual({ status: 'changed' });
  });

  it('finds entries by name, tolerating spaces and middle dots in the stored name', async () => {
    const entry = await rosterEntry({ name: '阿依古丽 · 买买提' });
    expect((await store.rosterNamed(union.orgId, '阿依古丽·买买提')).map((e) => e.memberId)).toEqual([entry.memberId]);
  });

  it('grants exactly `limit` of 20 parallel attempts, and opens a new window once the old one is over', async () => {
    const now = systemNow();
    const results = await Promise.all(Array.from({ length: 20 }, () => store.reserveAttempt('account#o-many', 5, 60_000, now)));
    expect(results.filter((r) => r.ok)).toHaveLength(5);
    const refused = results.find((r) => !r.ok);
    expect(refused).toEqual({ ok: false, retryAt: new Date(now.getTime() + 60_000) });
    expect(await store.attemptsLeft('account#o-many', 5, 60_000, now)).toEqual({ ok: false, retryAt: new Date(now.getTime() + 60_000) });

    // Given back: one more may be made.
    const granted = results.find((r) => r.ok);
    if (granted?.ok) await granted.release();
    expect((await store.reserveAttempt('account#o-many', 5, 60_000, now)).ok).toBe(true);

    const later = new Date(now.getTime() + 60_001);
    expect(await store.attemptsLeft('account#o-many', 5, 60_000, later)).toEqual({ ok: true });
    expect(await store.reserveAttempt('account#o-many', 5, 60_000, later)).toMatchObject({ ok: true, used: 1, windowEndsAt: new Date(later.getTime() + 60_000) });
  });
});
