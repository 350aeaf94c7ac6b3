import { TransactWriteCommand, type DynamoDBDocumentClient, type TransactWriteCommandInput } from '../storage/document-client';
import type { AuditEventDraft } from '@shared/audit/audit-event';
import { prepareAuditWrites } from '../audit/audit-trail';
import { reporterNoticePut, reporterNoticeTemplate } from '../publicity/reporter-notices';
import { noticeIdOf, type NoticeDraft } from './notice';
import { systemNow } from '../time/clock';
import { cancellationReasons } from '../storage/dynamo';
import { dueKey, dueKeysOf, dueShards } from '../storage/due-keys';

export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

export const outboxKey = (noticeId: string) => ({ pk: `OUTBOX#${noticeId}`, sk: 'NOTICE' });
export const deadNotices = 'DEAD#notice';

/**
 * The byDueTime keys of pending notices: one of 16 by the notice's id (storage/due-keys.ts). One key for every notice
 * passed ~250 messages/s: each WeChat message enters, moves and leaves the index (~4 index writes).
 */
export const dueNoticeShards = dueShards;
export const dueNoticesKey = (noticeId: string): string => dueKey('DUE#notice', noticeId);
/** Every key a pending notice may sit under: the 16 shards and the key of notices queued before them. */
export const dueNoticeKeys: readonly string[] = dueKeysOf('DUE#notice');

/** The outbox item of one notice; it is due at once (the dispatcher finds it by the byDueTime index). */
export function outboxPut(table: string, draft: NoticeDraft, now: Date): TransactItem {
  // A report's reporter is never an outbox recipient: their notice waits beside the report (DESIGN.md invariant 7).
  if (draft.templateKey === reporterNoticeTemplate) return reporterNoticePut(table, draft, now);
  const noticeId = noticeIdOf(draft);
  const createdAt = now.toISOString();
  return {
    Put: {
      TableName: table,
      Item: {
        ...outboxKey(noticeId),
        entity: 'outbox',
        noticeId,
        eventId: draft.eventId,
        recipientId: draft.recipientId,
        templateKey: draft.templateKey,
        params: draft.params,
        createdAt,
        status: 'pending',
        wechat: 'pending',
        attempts: 0,
        gsi2pk: dueNoticesKey(noticeId),
        gsi2sk: `${createdAt}#${noticeId}`,
      },
      // One notice per (event, recipient), however often the change is retried.
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

export class ChangeRefused extends Error {
  constructor(readonly reasons: (string | undefined)[], options?: { cause?: unknown }) {
    super(`the change was refused: ${reasons.join(', ')}`, options);
    this.name = 'ChangeRefused';
  }
}

/**
 * Commits a state change together with its notices (into the outbox) and its audit events, in ONE DynamoDB
 * transaction: a change whose condition fails writes no notice and no event; a committed one always has both.
 * Only a race on an audit chain's head is retried (the change's own conditions are the caller's to judge):
 * a refusal of the change itself throws ChangeRefused with DynamoDB's per-item reasons, changes first.
 */
export async function commitWithNotices(
  db: DynamoDBDocumentClient,
  table: string,
  change: { writes: TransactItem[]; notices?: NoticeDraft[]; audit?: AuditEventDraft[] },
  now = systemNow(),
  maxAttempts = 5,
): Promise<void> {
  const notices = change.notices ?? [];
  const audit = change.audit ?? [];
  if (change.writes.length + notices.length + audit.length * 2 > 100) throw new RangeError('a transaction holds at most 100 items');
  for (let attempt = 1; ; attempt += 1) {
    const auditWrites = audit.length ? await prepareAuditWrites(db, table, audit, now) : [];
    const items = [...change.writes, ...notices.map((n) => outboxPut(table, n, now)), ...auditWrites];
    try {
      await db.send(new TransactWriteCommand({ TransactItems: items }));
      return;
    } catch (error) {
      const reasons = cancellationReasons(error);
      if (!reasons) throw error;
      const auditStart = change.writes.length + notices.length;
      const onlyAuditRaced = reasons.every((code, i) => code === 'None' || code === undefined || i >= auditStart);
      if (onlyAuditRaced && attempt < maxAttempts) continue;
      throw new ChangeRefused(reasons, { cause: error });
    }
  }
}

// DynamoDB's per-item cancellation codes: a storage helper (storage/dynamo.ts), here for the outbox's callers.
export { cancellationReasons } from '../storage/dynamo';
