import { UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DomainError } from '@shared/errors';
import { ttlEpochSeconds } from '../time/clock';
import { publicityKeys } from './publicity-items';

export interface Limit {
  /** e.g. `report#ip#<hash>`; hash anything personal before it becomes a key. */
  name: string;
  max: number;
  windowSeconds: number;
  /** The Chinese refusal, saying what to wait for. */
  message: string;
}

/**
 * Fixed-window counters: one conditional ADD per limit, so a burst cannot pass the limit even at once. An item
 * expires (TTL) a window after its end. Refusal: 429 REPORT.RATE_LIMITED with the limit's message.
 */
export async function takeAll(db: DynamoDBDocumentClient, table: string, limits: readonly Limit[], now: Date): Promise<void> {
  for (const limit of limits) {
    const window = Math.floor(now.getTime() / 1000 / limit.windowSeconds);
    try {
      await db.send(
        new UpdateCommand({
          TableName: table,
          Key: publicityKeys.rate(limit.name, window),
          UpdateExpression: 'ADD n :one SET expiresAt = :expires',
          ConditionExpression: 'attribute_not_exists(n) OR n < :max',
          ExpressionAttributeValues: { ':one': 1, ':max': limit.max, ':expires': ttlEpochSeconds((window + 2) * limit.windowSeconds * 1000) },
        }),
      );
    } catch (error) {
      if (error instanceof Error && error.name === 'ConditionalCheckFailedException') throw new DomainError('REPORT.RATE_LIMITED', { message: limit.message });
      throw error;
    }
  }
}
