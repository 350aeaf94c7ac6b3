import { PutCommand, type DynamoDBDocumentClient } from '../storage/document-client';
import { keys } from '../storage/keys';
import { systemNow } from '../time/clock';

export interface ClockRun {
  ranAt: string;
  /** What each task did this run (counts by outcome). */
  moved: Record<string, number>;
}

/** One kind of time-driven work: finds what is due by index and moves each item with a conditional write. */
export type ClockTask = (now: Date) => Promise<number | Record<string, number>>;

/**
 * One tick of the clock: runs each task, then records a heartbeat. Every task is idempotent and safe to run
 * twice at once, so overlapping ticks or a tick after a crash do nothing twice. A failing task does not stop
 * the others; it is reported and retried on the next tick.
 */
export async function runClock(db: DynamoDBDocumentClient, table: string, now = systemNow(), tasks: Record<string, ClockTask> = {}): Promise<ClockRun> {
  const moved: Record<string, number> = {};
  const failures: string[] = [];
  for (const [name, task] of Object.entries(tasks)) {
    try {
      const result = await task(now);
      if (typeof result === 'number') moved[name] = result;
      else for (const [outcome, count] of Object.entries(result)) moved[`${name}.${outcome}`] = count;
    } catch (error) {
      failures.push(`${name}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  const ranAt = now.toISOString();
  // The heartbeat only moves forward, so two overlapping runs leave the later time.
  await db
    .send(
      new PutCommand({
        TableName: table,
        Item: { ...keys.clockHeartbeat(), entity: 'clock', lastRunAt: ranAt },
        ConditionExpression: 'attribute_not_exists(lastRunAt) OR lastRunAt < :t',
        ExpressionAttributeValues: { ':t': ranAt },
      }),
    )
    .catch((error: unknown) => {
      if (!(error instanceof Error && error.name === 'ConditionalCheckFailedException')) throw error;
    });
  if (failures.length) throw new Error(`clock tasks failed: ${failures.join('; ')}`);
  return { ranAt, moved };
}
