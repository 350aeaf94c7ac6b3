import { randomInt, randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from './document-client';
import { isConditionFailure } from './dynamo';

/** A lease taken: its owner (to hand it back) and the job item as it is now. */
export interface Lease {
  owner: string;
  item: Record<string, unknown>;
}

export interface LeaseRequest {
  key: { pk: string; sk: string };
  /** The job's id, the tail of its byDueTime sort key. */
  id: string;
  /** How long the driver means to work; the lease lasts this plus `slackMs`. */
  ms: number;
  slackMs: number;
  now: Date;
  /** What must hold of the job besides nobody holding the lease (e.g. `#status = :committing`), with its names and values. */
  condition: string;
  names?: Record<string, string>;
  values: Record<string, unknown>;
}

/**
 * Takes the lease on a job driven in slices (a roster import's preview or commit, a ballot's opening) when nobody
 * holds it and the job's condition holds; undefined when someone else does (or the job is past that state). The
 * job's due time (byDueTime) moves to just after the lease, so that the clock finds it if this driver disappears.
 */
export async function takeLease(db: DynamoDBDocumentClient, table: string, request: LeaseRequest): Promise<Lease | undefined> {
  const owner = randomUUID();
  const until = new Date(request.now.getTime() + request.ms + request.slackMs);
  try {
    const out = await db.send(
      new UpdateCommand({
        TableName: table,
        Key: request.key,
        UpdateExpression: 'SET leaseUntil = :until, leaseOwner = :owner, gsi2sk = :dueAt',
        ConditionExpression: `${request.condition} AND (attribute_not_exists(leaseUntil) OR leaseUntil < :now)`,
        ...(request.names ? { ExpressionAttributeNames: request.names } : {}),
        ExpressionAttributeValues: {
          ...request.values,
          ':until': until.toISOString(),
          ':owner': owner,
          ':dueAt': `${new Date(until.getTime() + 10_000).toISOString()}#${request.id}`,
          ':now': request.now.toISOString(),
        },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return { owner, item: out.Attributes ?? {} };
  } catch (error) {
    if (isConditionFailure(error)) return undefined;
    throw error;
  }
}

/** Gives a lease back at once (its driver is done with this slice), unless it ran out and another driver took it. */
export async function releaseLease(db: DynamoDBDocumentClient, table: string, key: { pk: string; sk: string }, owner: string): Promise<true> {
  await db
    .send(
      new UpdateCommand({
        TableName: table,
        Key: key,
        UpdateExpression: 'SET leaseUntil = :past',
        ConditionExpression: 'leaseOwner = :owner',
        ExpressionAttributeValues: { ':past': new Date(0).toISOString(), ':owner': owner },
      }),
    )
    .catch((error: unknown) => {
      // The lease ran out and another driver took it: nothing to give back.
      if (!isConditionFailure(error)) throw error;
    });
  return true;
}

/**
 * The clock's share of jobs driven in slices: up to ten jobs due under `due` (byDueTime; a kind spread over several
 * keys is read from a random one onwards, so that no key waits behind the others) — their driver went away, or never
 * came — each driven with what is left of `sliceMs`; returns how many were driven.
 */
export async function driveDueJobs(
  db: DynamoDBDocumentClient,
  table: string,
  due: string | readonly string[],
  now: Date,
  sliceMs: number,
  drive: (item: Record<string, unknown>, msLeft: number) => Promise<boolean>,
): Promise<number> {
  const keys = typeof due === 'string' ? [due] : due;
  const first = randomInt(keys.length);
  const items: Record<string, unknown>[] = [];
  for (let i = 0; i < keys.length && items.length < 10; i += 1) {
    const out = await db.send(
      new QueryCommand({
        TableName: table,
        IndexName: 'byDueTime',
        KeyConditionExpression: 'gsi2pk = :due AND gsi2sk <= :now',
        ExpressionAttributeValues: { ':due': keys[(first + i) % keys.length], ':now': `${now.toISOString()}#\uffff` },
        Limit: 10 - items.length,
      }),
    );
    items.push(...(out.Items ?? []));
  }
  let driven = 0;
  const started = performance.now();
  for (const item of items) {
    const left = sliceMs - (performance.now() - started);
    if (left <= 1_000) break;
    if (await drive(item, left)) driven += 1;
  }
  return driven;
}
