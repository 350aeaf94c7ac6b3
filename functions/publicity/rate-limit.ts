import { createHmac } from 'node:crypto';
import { UpdateCommand, type DynamoDBDocumentClient } from '../storage/document-client';
import { DomainError } from '@shared/errors';
import { secret } from '../config/secrets';
import { ttlEpochSeconds } from '../time/clock';
import { publicityKeys } from './publicity-items';

export interface Limit {
  /** What is counted, never personal: e.g. `report#ip`, `report#entry#<publicity>#<entry>`. */
  name: string;
  /**
   * Whose share it is, when that is personal (a network address, an account): it never reaches the table in clear
   * nor as a plain hash, only as a keyed hash under this window's secret (see `rateKeyName`).
   */
  subject?: string;
  max: number;
  windowSeconds: number;
  /** The Chinese refusal, saying what to wait for. */
  message: string;
}

/**
 * DESIGN.md invariant 7: a rate-limit item must not name who filed a report. The key of a personal limit is
 * HMAC(windowSecret, subject) with windowSecret = HMAC(REPORT_RATE_SECRET, window): a dedicated secret (not the
 * session or personal-data one), rotated per window, so a dump (or a backup) cannot be matched against guessed
 * addresses or known openids without that secret, and two windows' keys of one subject do not match each other.
 */
export function rateKeyName(rateSecret: Buffer, limit: Pick<Limit, 'name' | 'subject' | 'windowSeconds'>, window: number): string {
  if (limit.subject === undefined) return limit.name;
  const windowSecret = createHmac('sha256', rateSecret).update(`rate-window\u0000${limit.windowSeconds}\u0000${window}`).digest();
  return `${limit.name}#${createHmac('sha256', windowSecret).update(`${limit.name}\u0000${limit.subject}`).digest('base64url').slice(0, 32)}`;
}

/** REPORT_RATE_SECRET: generated under .data/keys/ locally, an SSM SecureString parameter on AWS. */
export async function rateSecret(): Promise<Buffer> {
  const value = await secret('REPORT_RATE_SECRET');
  const key = Buffer.from(value, 'base64url');
  if (key.length < 32) throw new Error('REPORT_RATE_SECRET must be at least 32 bytes in base64url');
  return key;
}

/**
 * Fixed-window counters: one conditional ADD per limit, so a burst cannot pass the limit even at once. An item
 * expires (TTL) a window after its end. Refusal: 429 REPORT.RATE_LIMITED with the limit's message.
 */
export async function takeAll(db: DynamoDBDocumentClient, table: string, limits: readonly Limit[], now: Date): Promise<void> {
  const key = limits.some((l) => l.subject !== undefined) ? await rateSecret() : Buffer.alloc(0);
  for (const limit of limits) {
    const window = Math.floor(now.getTime() / 1000 / limit.windowSeconds);
    try {
      await db.send(
        new UpdateCommand({
          TableName: table,
          Key: publicityKeys.rate(rateKeyName(key, limit, window), window),
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
