import { PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { keys } from '../storage/keys';

export interface ClockRun {
  ranAt: string;
  /** What each kind of due work moved this run; later capabilities register their kinds here. */
  moved: Record<string, number>;
}

/** One tick of the clock: finds due work by index, moves each item conditionally, records a heartbeat. */
export async function runClock(db: DynamoDBDocumentClient, table: string, now = new Date()): Promise<ClockRun> {
  const moved: Record<string, number> = {};
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
  return { ranAt, moved };
}
