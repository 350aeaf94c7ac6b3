import { BatchGetCommand, BatchWriteCommand, ScanCommand, type DynamoDBDocumentClient } from '../../../functions/storage/document-client';
import { castBallot, openAppraisal, turnout, type AppraisalDeps } from '../../../functions/appraisal/appraisals';
import { electorateOf, getAppraisal } from '../../../functions/appraisal/appraisal-store';
import { countBallots } from '../../../functions/appraisal/ballot-box';
import { markerIdOf, receiptOf } from '../../../functions/appraisal/ballot-box-keys';
import { driveDueOpenings, driveOpening, openingProgress, openedEventId } from '../../../functions/appraisal/opening';
import { dispatchDueNotices, unreadKey } from '../../../functions/notify/dispatcher';
import { grantKey } from '../../../functions/notify/subscriptions';
import { keys } from '../../../functions/storage/keys';
import { systemNow } from '../../../functions/time/clock';
import type { CastRequest } from '../../../shared/api/appraisal';
import { DomainError } from '../../../shared/errors';
import { createTestTable, type TestTable } from '../../support/dynamo';
import { annulEarlierBallots, appraisalDeps, appraisalRequest, useAppraisalTables } from './appraisal-support';

// Issue 18: a ballot of 20,000 voters opened in chunks, the preparation killed twice and resumed; notices at scale.
jest.setTimeout(240_000);

let table: TestTable;
const clock = { now: systemNow() };
// A drive (request, poll or clock) writes one round of chunks (8 × 100 voters) at most, whatever the machine's speed.
const deps = (): AppraisalDeps => ({ ...appraisalDeps(table, clock), openingMaxChunks: 8 });
const session = (memberId: string) => ({ memberId, openid: `o-${memberId}` });
const ballot: CastRequest = { vote: 'yes' };

beforeAll(async () => {
  table = await createTestTable({ seed: true });
  useAppraisalTables(table);
});

/** Runs `work` over `items` with `concurrency` workers. */
async function pool<T>(items: readonly T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) await work(items[next++] as T);
    }),
  );
}

async function batchPut(db: DynamoDBDocumentClient, tableName: string, items: Record<string, unknown>[]): Promise<void> {
  const batches: Record<string, unknown>[][] = [];
  for (let i = 0; i < items.length; i += 25) batches.push(items.slice(i, i + 25));
  await pool(batches, 8, async (batch) => {
    let pending = batch.map((Item) => ({ PutRequest: { Item } }));
    while (pending.length > 0) {
      const out = await db.send(new BatchWriteCommand({ RequestItems: { [tableName]: pending } }));
      pending = (out.UnprocessedItems?.[tableName] ?? []) as typeof pending;
    }
  });
}

/** A grassroots union under 解放区 with `size` active members bound to WeChat, its chair member 1, written in bulk. */
async function bigUnion(unionId: string, size: number): Promise<{ chair: string; members: string[] }> {
  const path = `/city-jz/dist-jiefang/${unionId}`;
  const members = Array.from({ length: size }, (_, i) => `${unionId}-m${String(i + 1).padStart(5, '0')}`);
  const chair = members[0] as string;
  await batchPut(table.db, table.tableName, [
    { ...keys.org(unionId), entity: 'org', orgId: unionId, name: `${unionId} 工会`, level: 'grassroots', kind: 'enterprise', ownership: 'nonPublic', parentId: 'dist-jiefang', path, gsi1pk: keys.childOf('dist-jiefang'), gsi1sk: `ORG#${unionId}`, gsi3pk: keys.tree('city-jz'), gsi3sk: path },
    ...members.map((memberId) => ({ ...keys.member(memberId), entity: 'member', memberId, name: `会员${memberId.slice(-5)}`, orgId: unionId, status: 'active', joinedOn: '2020-01-01', openid: `o-${memberId}`, gsi1pk: keys.childOf(unionId), gsi1sk: `MEMBER#会员${memberId.slice(-5)}#${memberId}` })),
    { ...keys.role(chair, unionId, 'chair'), entity: 'role', memberId: chair, orgId: unionId, role: 'chair', gsi1pk: keys.childOf(unionId), gsi1sk: `ROLE#chair#${chair}` },
  ]);
  return { chair, members };
}

/** The same deps on a client that "dies" after `sends` more requests: every later request fails, as in a crash. */
function dyingDeps(sends: number): AppraisalDeps {
  const base = deps();
  let left = sends;
  const db = new Proxy(base.db, {
    get(target, prop, receiver) {
      if (prop !== 'send') return Reflect.get(target, prop, receiver);
      return (command: Parameters<DynamoDBDocumentClient['send']>[0]) => {
        left -= 1;
        if (left < 0) return Promise.reject(new Error('the process was killed'));
        return target.send(command as never);
      };
    },
  });
  return { ...base, db, box: { ...base.box, db } };
}

async function scanAll(tableName: string, filter: string, values: Record<string, unknown>): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const out = await table.db.send(new ScanCommand({ TableName: tableName, FilterExpression: filter, ExpressionAttributeValues: values, ExclusiveStartKey: start }));
    items.push(...(out.Items ?? []));
    start = out.LastEvaluatedKey;
  } while (start);
  return items;
}

const minutes = (n: number) => new Date(clock.now.getTime() + n * 60_000);

it('opens a ballot of 20,000 members in chunks, killed twice mid-way and resumed, so that each member votes exactly once', async () => {
  // prepare
  const union = await bigUnion('gu-big', 20_000);
  const request = appraisalRequest({ kind: 'congressBallot', electorate: 'members' }, clock.now);

  // act: the opening answers with the ballot preparing (or, on a fast machine, further on) and its progress
  const view = await openAppraisal(deps(), session(union.chair), 'gu-big', request);
  expect(view).toMatchObject({ eligible: 20_000, status: 'preparing' });
  expect(view.opening).toMatchObject({ phase: 'markers', total: 20_000 });
  expect(view.opening?.prepared).toBe(800);
  const id = view.appraisalId;
  // Nobody votes while it prepares.
  await expect(castBallot(deps(), session(union.members[3] as string), id, ballot)).rejects.toMatchObject({ code: 'APPRAISAL.NOT_OPEN' });

  // Killed the first time: a poll's driver dies 300 requests into its slice, mid-chunk, holding its lease.
  await expect(driveOpening(dyingDeps(300), id, { ms: 60_000 })).rejects.toThrow('the process was killed');
  const afterFirstKill = await openingProgress(deps(), id);
  expect(afterFirstKill?.phase).toBe('markers');
  // While the dead driver's lease holds, another caller does nothing twice: it gets no lease.
  expect(await driveOpening(deps(), id, { ms: 60_000 })).toBe(false);

  // Killed the second time: the clock's run, after the lease ran out, dies 30 requests in.
  clock.now = minutes(3);
  await expect(driveDueOpenings(dyingDeps(30), clock.now)).rejects.toThrow('the process was killed');
  const afterSecondKill = await openingProgress(deps(), id);
  expect(afterSecondKill?.phase).toBe('markers');
  expect(afterSecondKill?.prepared).toBeGreaterThanOrEqual(afterFirstKill?.prepared ?? 0);
  await expect(castBallot(deps(), session(union.members[3] as string), id, ballot)).rejects.toMatchObject({ code: 'APPRAISAL.NOT_OPEN' });

  // Resumed by the clock, then by the chair's page polling, until the ballot is open.
  clock.now = minutes(3);
  expect(await driveDueOpenings(deps(), clock.now)).toBe(1);
  for (let polls = 0; (await openingProgress(deps(), id))?.phase === 'markers' && polls < 50; polls += 1) {
    clock.now = minutes(1);
    await turnout(deps(), session(union.chair), id);
  }

  // assess: open, the electorate complete, and exactly one marker per member, none voted
  const record = await getAppraisal(table.db, table.tableName, id, true);
  expect(record?.stage).toBe('ready');
  const progress = await openingProgress(deps(), id);
  expect(progress).toMatchObject({ prepared: 20_000, total: 20_000 });
  expect(['notices', 'done']).toContain(progress?.phase);

  const markers = await scanAll(table.ballotBoxTableName, 'begins_with(pk, :v)', { ':v': `V#${id}#` });
  expect(markers).toHaveLength(20_000);
  const expected = new Set(union.members.map((m) => markerIdOf(id, receiptOf(deps().receiptKey, id, m))));
  expect(new Set(markers.map((m) => String(m.sk)))).toEqual(expected);
  expect(markers.every((m) => m.voted === false)).toBe(true);
  expect(await electorateOf(table.db, table.tableName, id)).toHaveLength(20_000);

  // Every member may vote once: a large sample casts (spread over the whole roster), a repeat is refused.
  const sample = union.members.filter((_, i) => i % 20 === 3);
  await pool(sample, 32, async (m) => {
    expect((await castBallot(deps(), session(m), id, ballot)).body.status).toBe('counted');
  });
  await pool(sample.slice(0, 200), 32, async (m) => {
    expect((await castBallot(deps(), session(m), id, ballot)).body.status).toBe('alreadyVoted');
  });
  expect(await countBallots(deps().box, id)).toBe(sample.length);
  await expect(castBallot(deps(), session('gu-yuntai-m001'), id, ballot)).rejects.toBeInstanceOf(DomainError);

  // Its notices are the next test's subject: annulled here, the clock drops what is left of them.
  await annulEarlierBallots(deps(), 'gu-big');
});

it('tells every voter once, in the inbox, and queues WeChat messages only for the subscribers, across a killed run', async () => {
  // prepare: 600 voters (6 chunks), 90 of whom granted the opening notice's subscribe message; two chunks a drive
  const union = await bigUnion('gu-told', 600);
  const subscribers = union.members.filter((_, i) => i % 20 < 3);
  await batchPut(table.db, table.tableName, subscribers.map((m) => ({ ...grantKey(m, 'appraisal.opened'), remaining: 1, answer: 'accept' })));
  clock.now = systemNow();
  const twoChunks = (): AppraisalDeps => ({ ...deps(), openingMaxChunks: 2 });

  // act: open; drive until the notices are under way; kill a run mid-way; the clock finishes after its lease
  const view = await openAppraisal(twoChunks(), session(union.chair), 'gu-told', appraisalRequest({}, clock.now));
  const id = view.appraisalId;
  expect(view.opening).toMatchObject({ phase: 'markers', prepared: 200 });
  while ((await openingProgress(deps(), id))?.phase === 'markers') await driveOpening(deps(), id, { ms: 60_000, maxChunks: 2 });
  expect((await openingProgress(deps(), id))?.notices.inbox).toBe(200);
  await expect(driveOpening(dyingDeps(12), id, { ms: 60_000 })).rejects.toThrow('the process was killed');
  clock.now = minutes(2);
  for (let runs = 0; (await openingProgress(deps(), id))?.phase === 'notices' && runs < 20; runs += 1) {
    // (the first test's annulled ballot is due too, the first time: its job is cancelled)
    expect(await driveDueOpenings(twoChunks(), clock.now)).toBeGreaterThanOrEqual(1);
    clock.now = minutes(2);
  }

  // assess: one inbox item and one unread count per voter; one outbox item per subscriber, none for the others
  const progress = await openingProgress(deps(), id);
  expect(progress).toEqual({ phase: 'done', prepared: 600, total: 600, notices: { inbox: 600, wechatQueued: 90, wechatSent: 0 } });
  const inbox = await scanAll(table.tableName, 'entity = :i AND begins_with(noticeId, :e)', { ':i': 'inboxNotice', ':e': `${openedEventId(id)}:` });
  expect(inbox).toHaveLength(600);
  expect(new Set(inbox.map((i) => String(i.pk))).size).toBe(600);
  const unread = await unreadCounts(union.members);
  expect(unread.every((n) => n === 1)).toBe(true);
  const outbox = await scanAll(table.tableName, 'entity = :o AND eventId = :e', { ':o': 'outbox', ':e': openedEventId(id) });
  expect(outbox.map((o) => String(o.recipientId)).sort()).toEqual([...subscribers].sort());

  // The dispatcher sends the subscribe messages (and writes no second inbox item); the chair sees them counted.
  const sent: string[] = [];
  const dispatch = { db: table.db, table: table.tableName, stage: 'local', send: async (m: { touser: string }) => (sent.push(m.touser), { status: 'sent' as const }) };
  // Three dispatchers at once (the stream's and the clock's passes may overlap): each notice is claimed by one.
  for (let round = 0; round < 10 && sent.length < 90; round += 1) await Promise.all([1, 2, 3].map(() => dispatchDueNotices(dispatch, clock.now, 50)));
  expect(new Set(sent).size).toBe(90);
  expect(sent).toHaveLength(90);
  expect((await openingProgress(deps(), id))?.notices).toEqual({ inbox: 600, wechatQueued: 90, wechatSent: 90 });
  expect((await unreadCounts(union.members)).every((n) => n === 1)).toBe(true);
  // The view the chair polls carries the same counts.
  expect((await turnout(deps(), session(union.chair), id)).opening?.notices.wechatSent).toBe(90);
});

async function unreadCounts(members: readonly string[]): Promise<number[]> {
  const counts: number[] = [];
  for (let i = 0; i < members.length; i += 100) {
    let keysLeft = members.slice(i, i + 100).map(unreadKey);
    while (keysLeft.length > 0) {
      const out = await table.db.send(new BatchGetCommand({ RequestItems: { [table.tableName]: { Keys: keysLeft } } }));
      counts.push(...(out.Responses?.[table.tableName] ?? []).map((item) => Number(item.unread)));
      keysLeft = (out.UnprocessedKeys?.[table.tableName]?.Keys ?? []) as typeof keysLeft;
    }
  }
  expect(counts).toHaveLength(members.length);
  return counts;
}
