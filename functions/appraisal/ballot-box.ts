import { randomInt, randomUUID } from 'node:crypto';
import { GetCommand, QueryCommand, TransactWriteCommand, UpdateCommand, type DynamoDBDocumentClient } from '../storage/document-client';
import { cancellationReasons } from '../storage/dynamo';
import { ballotBoxKeys, counterAttribute, counterShards, markerIdOf, suggestionShards } from './ballot-box-keys';

/**
 * The ballot box table: participation markers, counter shards, suggestions. Nothing here knows a member: markers
 * are found by the hash of a receipt, counters carry only sums, suggestions a random id. No item has a timestamp.
 */
export interface BallotBox {
  db: DynamoDBDocumentClient;
  table: string;
}

/** One answer of a ballot: the question's subject and the option chosen. */
export interface Answer {
  subject: string;
  option: string;
}

export type CastOutcome = 'counted' | 'alreadyVoted' | 'notEligible' | 'sealed';

/** Markers per transaction (DynamoDB's limit) and transactions in flight at once during an opening. */
const markersPerWrite = 100;
const markerWriters = 8;

/**
 * Writes the not-yet-voted markers of the electorate, each only where no marker is yet (DESIGN.md invariant 1):
 * a re-sent opening still placing markers after the first copy opened the ballot and members voted must never
 * turn a voted marker back, which a plain (batch) put would. Up to 100 conditional puts go in one transaction (as
 * fast as batch puts, at twice their write cost, once per voter per ballot); the markers already there are left
 * out and the rest written again.
 */
export async function placeMarkers(box: BallotBox, appraisalId: string, receipts: readonly string[]): Promise<void> {
  const chunks: string[][] = [];
  for (let i = 0; i < receipts.length; i += markersPerWrite) chunks.push(receipts.slice(i, i + markersPerWrite));
  let next = 0;
  const writeChunk = async (chunk: readonly string[]): Promise<void> => {
    let pending = chunk.map((receipt) => ballotBoxKeys.marker(appraisalId, markerIdOf(appraisalId, receipt)));
    for (let attempt = 1; pending.length > 0; attempt += 1) {
      try {
        await box.db.send(
          new TransactWriteCommand({
            TransactItems: pending.map((key) => ({ Put: { TableName: box.table, Item: { ...key, voted: false }, ConditionExpression: 'attribute_not_exists(pk)' } })),
          }),
        );
        return;
      } catch (error) {
        const reasons = cancellationReasons(error);
        if (!reasons || attempt >= 10) throw error;
        // Leave out the markers that exist (voted or not); a conflict with a cast in flight is tried again.
        pending = pending.filter((_, i) => reasons[i] !== 'ConditionalCheckFailed');
        if (reasons.some((r) => r === 'TransactionConflict')) await new Promise((resolve) => setTimeout(resolve, randomInt(5, 20 * attempt)));
      }
    }
  };
  await Promise.all(
    Array.from({ length: Math.min(markerWriters, chunks.length) }, async () => {
      while (next < chunks.length) await writeChunk(chunks[next++] as string[]);
    }),
  );
}

/**
 * DESIGN.md invariant 1: the marker flips from not-voted to voted and one counter shard adds the answers, in one
 * transaction. A member outside the snapshot has no marker (the condition fails: not eligible); a second cast
 * finds it voted; a sealed shard refuses late votes. A conflicting concurrent transaction is retried on another
 * shard. The suggestion, if any, is a third item with a random id.
 */
export async function castIntoBox(box: BallotBox, appraisalId: string, receipt: string, answers: readonly Answer[], suggestion?: string): Promise<CastOutcome> {
  const marker = ballotBoxKeys.marker(appraisalId, markerIdOf(appraisalId, receipt));
  const names: Record<string, string> = {};
  const values: Record<string, number> = { ':one': 1 };
  const adds = suggestion ? ['n :one', 'suggestions :one'] : ['n :one'];
  answers.forEach((a, i) => {
    names[`#a${i}`] = counterAttribute(a.subject, a.option);
    adds.push(`#a${i} :one`);
  });
  for (let attempt = 1; ; attempt += 1) {
    const shard = randomInt(counterShards);
    try {
      await box.db.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: box.table,
                Key: marker,
                UpdateExpression: 'SET voted = :true',
                ConditionExpression: 'voted = :false',
                ExpressionAttributeValues: { ':true': true, ':false': false },
              },
            },
            {
              Update: {
                TableName: box.table,
                Key: ballotBoxKeys.counter(appraisalId, shard),
                UpdateExpression: `ADD ${adds.join(', ')}`,
                ConditionExpression: 'attribute_not_exists(sealed)',
                ExpressionAttributeNames: names,
                ExpressionAttributeValues: values,
              },
            },
            ...(suggestion
              ? [{ Put: { TableName: box.table, Item: { pk: ballotBoxKeys.suggestionPartition(appraisalId, randomInt(suggestionShards)), sk: randomUUID(), text: suggestion } } }]
              : []),
          ],
        }),
      );
      return 'counted';
    } catch (error) {
      const reasons = cancellationReasons(error);
      if (!reasons) throw error;
      if (reasons[0] === 'ConditionalCheckFailed') return (await markerState(box, marker)) === 'absent' ? 'notEligible' : 'alreadyVoted';
      if (reasons[1] === 'ConditionalCheckFailed') return 'sealed';
      // TransactionConflict: another transaction held one of the items; try again on another shard.
      if (attempt >= 10) throw error;
      await new Promise((resolve) => setTimeout(resolve, randomInt(5, 20 * attempt)));
    }
  }
}

async function markerState(box: BallotBox, key: { pk: string; sk: string }): Promise<'absent' | 'voted' | 'notVoted'> {
  const out = await box.db.send(new GetCommand({ TableName: box.table, Key: key, ConsistentRead: true }));
  if (!out.Item) return 'absent';
  return out.Item.voted === true ? 'voted' : 'notVoted';
}

/** Whether the holder of `receipt` has voted: 'absent' when the receipt belongs to nobody in this ballot. */
export function receiptState(box: BallotBox, appraisalId: string, receipt: string): Promise<'absent' | 'voted' | 'notVoted'> {
  return markerState(box, ballotBoxKeys.marker(appraisalId, markerIdOf(appraisalId, receipt)));
}

/** Sums of every counter: `n` (ballots) and `<subject>/<option>` → count. */
export type BoxTotals = Record<string, number>;

/**
 * DESIGN.md invariant 3: seals each of the 64 shards (a conditional ADD refuses any vote after this) and sums what
 * the seal returned. The shards no longer change once sealed, so a second or concurrent seal gets the same sums.
 * Cost: 64 updates, whatever the number of ballots.
 */
export async function sealBox(box: BallotBox, appraisalId: string): Promise<BoxTotals> {
  const shards = await Promise.all(
    Array.from({ length: counterShards }, (_, shard) =>
      retryingConflicts(() =>
        box.db.send(
          new UpdateCommand({
            TableName: box.table,
            Key: ballotBoxKeys.counter(appraisalId, shard),
            UpdateExpression: 'SET sealed = :true',
            ExpressionAttributeValues: { ':true': true },
            ReturnValues: 'ALL_NEW',
          }),
        ),
      ),
    ),
  );
  return sumShards(shards.map((s) => s.Attributes ?? {}));
}

/** Live turnout: ballots counted so far (the sum of `n` over the shards), no choices read. */
export async function countBallots(box: BallotBox, appraisalId: string): Promise<number> {
  const shards = await Promise.all(
    Array.from({ length: counterShards }, (_, shard) =>
      box.db.send(new GetCommand({ TableName: box.table, Key: ballotBoxKeys.counter(appraisalId, shard), ProjectionExpression: 'n' })),
    ),
  );
  return shards.reduce((sum, s) => sum + (typeof s.Item?.n === 'number' ? s.Item.n : 0), 0);
}

function sumShards(items: Record<string, unknown>[]): BoxTotals {
  const totals: BoxTotals = { n: 0 };
  for (const item of items) {
    for (const [name, value] of Object.entries(item)) {
      if (name === 'pk' || name === 'sk' || name === 'sealed' || typeof value !== 'number') continue;
      totals[name] = (totals[name] ?? 0) + value;
    }
  }
  return totals;
}

/** Every suggestion of a ballot, shuffled (the chair sees them in random order, never with a choice). */
export async function readSuggestions(box: BallotBox, appraisalId: string): Promise<string[]> {
  const texts: string[] = [];
  const partitions = Array.from({ length: suggestionShards }, (_, shard) => ballotBoxKeys.suggestionPartition(appraisalId, shard));
  for (let start = 0; start < partitions.length; start += 16) {
    const pages = await Promise.all(partitions.slice(start, start + 16).map((pk) => queryAll(box, pk)));
    for (const page of pages) texts.push(...page);
  }
  for (let i = texts.length - 1; i > 0; i -= 1) {
    const j = randomInt(i + 1);
    [texts[i], texts[j]] = [texts[j] as string, texts[i] as string];
  }
  return texts;
}

async function queryAll(box: BallotBox, pk: string): Promise<string[]> {
  const texts: string[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const out = await box.db.send(
      new QueryCommand({ TableName: box.table, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': pk }, ExclusiveStartKey: start }),
    );
    for (const item of out.Items ?? []) if (typeof item.text === 'string') texts.push(item.text);
    start = out.LastEvaluatedKey;
  } while (start);
  return texts;
}

/** A plain write that met an in-flight transaction on its item is refused with TransactionConflict: retry it. */
async function retryingConflicts<T>(write: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await write();
    } catch (error) {
      if (!(error instanceof Error) || error.name !== 'TransactionConflictException' || attempt >= 10) throw error;
      await new Promise((resolve) => setTimeout(resolve, randomInt(5, 20 * attempt)));
    }
  }
}
