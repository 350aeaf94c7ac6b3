import { randomInt } from 'node:crypto';
import { QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '../storage/document-client';
import { membershipChange, type CountedHistory } from '@shared/roster/membership-stats';
import type { TransactItem } from '../notify/outbox';
import { ignoreConditionFailure } from '../storage/dynamo';

/**
 * Membership counters of a union (issue 18: the statistics of a 100,000-member roster without reading it whole).
 *   ROSTERSTATS#<orgId> / SHARD#07   counter deltas by year (shared/roster/membership-stats.ts membershipDeltas),
 *                                    spread over 16 items so that parallel import batches do not queue on one key
 *   ROSTERSTATS#<orgId> / STATE      `ready` once every entry of the roster is counted; the backfill's cursor before
 * Every write that changes what the statistics read of an entry (joining, leaving, an import's batch, a WeChat
 * binding) adds the entry's change to one shard in the same transaction, and marks the entry `statsCounted`. Its
 * condition holds the fields as they were read, so a change from elsewhere fails the transaction instead of
 * counting twice. Entries written before the counters existed carry no mark: a backfill counts them in chunks.
 */
export const statsShards = 16;
export const statsKeys = {
  pk: (orgId: string) => `ROSTERSTATS#${orgId}`,
  shard: (orgId: string, n: number) => ({ pk: statsKeys.pk(orgId), sk: `SHARD#${String(n % statsShards).padStart(2, '0')}` }),
  state: (orgId: string) => ({ pk: statsKeys.pk(orgId), sk: 'STATE' }),
};
export const dueStatsBackfills = 'DUE#rosterStats';

/** What a write knows of an entry before it changes it (the fields of functions/roster/roster-store.ts StoredMember). */
export interface SeenEntry {
  /** '' on entries from before joining dates were recorded. */
  joinedOn: string;
  leftOn?: string;
  boundAt?: string;
  subOrgId?: string;
  statsCounted?: boolean;
}

const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

/** What the counters read of a member — a stored item, or a StoredMember — read as the roster reads it (toStoredMember). */
export function seenOf(item: { readonly [field in keyof SeenEntry]?: unknown }): SeenEntry {
  const [leftOn, boundAt, subOrgId] = [text(item.leftOn), text(item.boundAt), text(item.subOrgId)];
  return {
    joinedOn: text(item.joinedOn) ?? '',
    ...(leftOn ? { leftOn } : {}),
    ...(boundAt ? { boundAt } : {}),
    ...(subOrgId ? { subOrgId } : {}),
    ...(item.statsCounted === true ? { statsCounted: true } : {}),
  };
}

const history = (m: SeenEntry): CountedHistory => ({
  joinedOn: m.joinedOn,
  ...(m.leftOn !== undefined ? { leftOn: m.leftOn } : {}),
  ...(m.boundAt !== undefined ? { boundAt: m.boundAt } : {}),
  ...(m.subOrgId !== undefined ? { subOrgId: m.subOrgId } : {}),
});

/** The counter deltas of changing an entry from `before` (undefined: new) to `after`; an uncounted entry counts whole. */
export function statsChange(before: SeenEntry | undefined, after: SeenEntry): Record<string, number> {
  return Object.fromEntries(membershipChange(before?.statsCounted ? history(before) : undefined, history(after)));
}

/** Adds deltas to each other (an import batch sums its rows' deltas into one counter write). */
export function addDeltas(into: Record<string, number>, deltas: Readonly<Record<string, number>>): Record<string, number> {
  for (const [name, delta] of Object.entries(deltas)) into[name] = (into[name] ?? 0) + delta;
  return into;
}

/** The counter write for these deltas on one shard (a random one unless given), or none when nothing changes. */
export function counterWrite(table: string, orgId: string, deltas: Readonly<Record<string, number>>, shard = randomInt(statsShards)): TransactItem[] {
  const entries = Object.entries(deltas).filter(([, delta]) => delta !== 0);
  if (entries.length === 0) return [];
  return [
    {
      Update: {
        TableName: table,
        Key: statsKeys.shard(orgId, shard),
        UpdateExpression: `SET entity = :entity, orgId = :org ADD ${entries.map((_, i) => `#c${i} :c${i}`).join(', ')}`,
        ExpressionAttributeNames: Object.fromEntries(entries.map(([name], i) => [`#c${i}`, name])),
        ExpressionAttributeValues: { ':entity': 'rosterStatsShard', ':org': orgId, ...Object.fromEntries(entries.map(([, delta], i) => [`:c${i}`, delta])) },
      },
    },
  ];
}

/**
 * A condition that the fields the counters read are still as seen, and the entry counted or not as seen: attribute
 * names and values prefixed with `prefix` so that it joins another condition of the same item.
 */
export function seenCondition(seen: SeenEntry, prefix = 'st'): { condition: string; names: Record<string, string>; values: Record<string, unknown> } {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const parts: string[] = [];
  const same = (attribute: string, value: string | undefined) => {
    const name = `#${prefix}${attribute}`;
    names[name] = attribute;
    if (value === undefined || value === '') {
      parts.push(`(attribute_not_exists(${name}) OR ${name} = :${prefix}empty)`);
      values[`:${prefix}empty`] = '';
    } else {
      parts.push(`${name} = :${prefix}${attribute}`);
      values[`:${prefix}${attribute}`] = value;
    }
  };
  same('joinedOn', seen.joinedOn);
  same('leftOn', seen.leftOn);
  same('boundAt', seen.boundAt);
  same('subOrgId', seen.subOrgId);
  names[`#${prefix}counted`] = 'statsCounted';
  parts.push(seen.statsCounted ? `attribute_exists(#${prefix}counted)` : `attribute_not_exists(#${prefix}counted)`);
  return { condition: parts.join(' AND '), names, values };
}

/** The summed counters of a union and whether they cover its whole roster (one query of 17 small items). */
export async function readCounters(db: DynamoDBDocumentClient, table: string, orgId: string): Promise<{ ready: boolean; counters: Map<string, number>; state?: Record<string, unknown> }> {
  const counters = new Map<string, number>();
  let state: Record<string, unknown> | undefined;
  let start: Record<string, unknown> | undefined;
  do {
    const out = await db.send(new QueryCommand({ TableName: table, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': statsKeys.pk(orgId) }, ConsistentRead: true, ExclusiveStartKey: start }));
    for (const item of out.Items ?? []) {
      if (item.sk === 'STATE') {
        state = item;
        continue;
      }
      for (const [name, value] of Object.entries(item)) {
        if (/^[mb]:/.test(name) && typeof value === 'number') counters.set(name, (counters.get(name) ?? 0) + value);
      }
    }
    start = out.LastEvaluatedKey;
  } while (start);
  return { ready: state?.ready === true, counters, ...(state ? { state } : {}) };
}

/**
 * After a read of the whole roster (an import's preview reads it, page by page, to match rows): when every entry is
 * counted (`uncounted` is 0) — a roster begun after the counters existed, or one counted since — the counters cover
 * it from now on (entries are only ever written counted), so STATE turns ready without a backfill pass over the roster.
 */
export async function markCountedWhenComplete(db: DynamoDBDocumentClient, table: string, orgId: string, uncounted: number, now: Date): Promise<void> {
  if (uncounted > 0) return;
  await db
    .send(
      new UpdateCommand({
        TableName: table,
        Key: statsKeys.state(orgId),
        UpdateExpression: 'SET entity = :entity, orgId = :org, #ready = :yes, readyAt = :now REMOVE #cursor, gsi2pk, gsi2sk',
        ConditionExpression: 'attribute_not_exists(pk) OR #ready = :no',
        ExpressionAttributeNames: { '#ready': 'ready', '#cursor': 'cursor' },
        ExpressionAttributeValues: { ':entity': 'rosterStatsState', ':org': orgId, ':yes': true, ':no': false, ':now': now.toISOString() },
      }),
    )
    // Refused: ready already.
    .catch(ignoreConditionFailure);
}
