import { GetCommand, QueryCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '../storage/document-client';
import type { InboxNotice, InboxResponse } from '@shared/api/inbox';
import { cancellationReasons } from './outbox';
import { unreadKey } from './dispatcher';
import { systemNow } from '../time/clock';

const pageSize = 20;

/** A member's inbox, newest first; the cursor is the last item's sort key. */
export async function readInbox(db: DynamoDBDocumentClient, table: string, memberId: string, cursor?: string): Promise<InboxResponse> {
  const pk = `INBOX#${memberId}`;
  const out = await db.send(
    new QueryCommand({
      TableName: table,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :n)',
      ExpressionAttributeValues: { ':pk': pk, ':n': 'NOTICE#' },
      ScanIndexForward: false,
      Limit: pageSize,
      ...(cursor ? { ExclusiveStartKey: { pk, sk: `NOTICE#${cursor}` } } : {}),
    }),
  );
  const notices = (out.Items ?? []).map(
    (i): InboxNotice => ({
      noticeId: String(i.sk).slice('NOTICE#'.length),
      templateKey: String(i.templateKey),
      title: String(i.title),
      body: String(i.body),
      page: String(i.page),
      createdAt: String(i.createdAt),
      readAt: typeof i.readAt === 'string' ? i.readAt : null,
    }),
  );
  const last = out.LastEvaluatedKey?.sk;
  return { notices, nextCursor: typeof last === 'string' ? last.slice('NOTICE#'.length) : null, unread: await unreadCount(db, table, memberId) };
}

export async function unreadCount(db: DynamoDBDocumentClient, table: string, memberId: string): Promise<number> {
  const out = await db.send(new GetCommand({ TableName: table, Key: unreadKey(memberId) }));
  return Math.max(0, Number(out.Item?.unread ?? 0));
}

/** Marks notices read; each one lowers the unread count once, however often it is marked. */
export async function markRead(db: DynamoDBDocumentClient, table: string, memberId: string, noticeIds: string[], now = systemNow()): Promise<number> {
  for (const id of new Set(noticeIds)) {
    try {
      await db.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: table,
                Key: { pk: `INBOX#${memberId}`, sk: `NOTICE#${id}` },
                UpdateExpression: 'SET readAt = :now',
                ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(readAt)',
                ExpressionAttributeValues: { ':now': now.toISOString() },
              },
            },
            { Update: { TableName: table, Key: unreadKey(memberId), UpdateExpression: 'ADD unread :minus', ExpressionAttributeValues: { ':minus': -1 } } },
          ],
        }),
      );
    } catch (error) {
      if (!cancellationReasons(error)?.includes('ConditionalCheckFailed')) throw error; // unknown or already read
    }
  }
  return unreadCount(db, table, memberId);
}
