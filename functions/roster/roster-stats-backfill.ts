import { GetCommand, QueryCommand, TransactWriteCommand, UpdateCommand, type DynamoDBDocumentClient } from '../storage/document-client';
import { cancellationReasons, type TransactItem } from '../notify/outbox';
import { ignoreConditionFailure } from '../storage/dynamo';
import { keys } from '../storage/keys';
import { rosterPage } from './roster-store';
import { addDeltas, counterWrite, dueStatsBackfills, readCounters, seenCondition, seenOf, statsChange, statsKeys, type SeenEntry } from './roster-stats';

/**
 * Counting a roster written before the membership counters existed (functions/roster/roster-stats.ts): its entries
 * carry no `statsCounted` mark. Driven by a statistics request for a few seconds, then by the clock (DUE#rosterStats)
 * until the last page is counted; STATE turns ready and the statistics read the counters alone from then on.
 */

/** Entries counted per backfill transaction (each with its condition), plus one counter write. */
const backfillPerTransaction = 50;

/**
 * Counts the entries of a union's roster that carry no mark yet, a page at a time from the cursor kept on STATE, for
 * at most `sliceMs`; marks STATE ready when the last page is done. Safe to run twice at once: each entry is marked
 * under a condition, and the cursor only moves forward. Returns whether the counters now cover the roster.
 */
export async function backfillCounters(db: DynamoDBDocumentClient, table: string, orgId: string, sliceMs: number, now: Date): Promise<boolean> {
  const started = Date.now();
  const first = await readCounters(db, table, orgId);
  if (first.ready) return true;
  let cursor = (first.state?.cursor as Record<string, unknown> | undefined) ?? undefined;
  if (!first.state) {
    // Started: the clock finds it by byDueTime should no request come back for it.
    await db
      .send(
        new UpdateCommand({
          TableName: table,
          Key: statsKeys.state(orgId),
          UpdateExpression: 'SET entity = :entity, orgId = :org, #ready = :no, gsi2pk = :due, gsi2sk = :dueAt',
          ConditionExpression: 'attribute_not_exists(pk)',
          ExpressionAttributeNames: { '#ready': 'ready' },
          ExpressionAttributeValues: { ':entity': 'rosterStatsState', ':org': orgId, ':no': false, ':due': dueStatsBackfills, ':dueAt': `${now.toISOString()}#${orgId}` },
        }),
      )
      .catch(ignoreConditionFailure);
  }
  for (;;) {
    const page = await rosterPage(db, table, orgId, cursor, 500);
    const uncounted = page.items.filter((item) => item.statsCounted !== true);
    for (let at = 0; at < uncounted.length; at += backfillPerTransaction) await countEntries(db, table, orgId, uncounted.slice(at, at + backfillPerTransaction));
    cursor = page.next;
    const done = cursor === undefined;
    await db.send(
      new UpdateCommand({
        TableName: table,
        Key: statsKeys.state(orgId),
        UpdateExpression: done ? 'SET #ready = :yes, readyAt = :now REMOVE #cursor, gsi2pk, gsi2sk' : 'SET #cursor = :cursor',
        ConditionExpression: '#ready = :no',
        ExpressionAttributeNames: { '#ready': 'ready', '#cursor': 'cursor' },
        ExpressionAttributeValues: done ? { ':yes': true, ':no': false, ':now': now.toISOString() } : { ':cursor': cursor, ':no': false },
      }),
    // Refused: another driver finished it meanwhile.
    ).catch(ignoreConditionFailure);
    if (done) return true;
    if (Date.now() - started >= sliceMs) return false;
  }
}

/** Marks these entries counted and adds them to the counters, in one transaction; an entry changed meanwhile is read again. */
async function countEntries(db: DynamoDBDocumentClient, table: string, orgId: string, items: Record<string, unknown>[]): Promise<void> {
  let pending: { memberId: string; seen: SeenEntry }[] = items.map((item) => ({ memberId: String(item.memberId), seen: seenOf(item) }));
  for (let attempt = 1; pending.length > 0; attempt += 1) {
    const deltas: Record<string, number> = {};
    const writes: TransactItem[] = pending.map(({ memberId, seen }) => {
      addDeltas(deltas, statsChange(undefined, seen));
      const guard = seenCondition({ ...seen, statsCounted: false });
      return {
        Update: {
          TableName: table,
          Key: keys.member(memberId),
          UpdateExpression: 'SET statsCounted = :yes',
          ConditionExpression: `orgId = :org AND ${guard.condition}`,
          ExpressionAttributeNames: guard.names,
          ExpressionAttributeValues: { ...guard.values, ':yes': true, ':org': orgId },
        },
      };
    });
    try {
      await db.send(new TransactWriteCommand({ TransactItems: [...writes, ...counterWrite(table, orgId, deltas)] }));
      return;
    } catch (error) {
      const reasons = cancellationReasons(error);
      if (!reasons || attempt >= 8) throw error;
      // Entries counted or changed by another write meanwhile: read them again; those now counted drop out.
      const refused = new Set(pending.filter((_, i) => reasons[i] === 'ConditionalCheckFailed').map((p) => p.memberId));
      const fresh = await Promise.all(
        pending.map(async (p) => {
          if (!refused.has(p.memberId)) return p;
          const item = (await db.send(new GetCommand({ TableName: table, Key: keys.member(p.memberId), ConsistentRead: true }))).Item;
          return item && item.entity === 'member' && item.orgId === orgId && item.statsCounted !== true ? { memberId: p.memberId, seen: seenOf(item) } : undefined;
        }),
      );
      pending = fresh.filter((p): p is { memberId: string; seen: SeenEntry } => p !== undefined);
      await new Promise((resolve) => setTimeout(resolve, 20 * attempt + Math.random() * 50));
    }
  }
}

/** The clock's task: backfills a request started and left unfinished; returns how many it moved on. */
export async function driveDueStatsBackfills(db: DynamoDBDocumentClient, table: string, now: Date, sliceMs = 20_000): Promise<number> {
  const out = await db.send(
    new QueryCommand({
      TableName: table,
      IndexName: 'byDueTime',
      KeyConditionExpression: 'gsi2pk = :due AND gsi2sk <= :now',
      ExpressionAttributeValues: { ':due': dueStatsBackfills, ':now': `${now.toISOString()}#\uffff` },
      Limit: 10,
    }),
  );
  const started = Date.now();
  let driven = 0;
  for (const item of out.Items ?? []) {
    const left = sliceMs - (Date.now() - started);
    if (left <= 1_000) break;
    await backfillCounters(db, table, String(item.orgId), left, now);
    driven += 1;
  }
  return driven;
}
