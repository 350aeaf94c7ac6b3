import { randomInt } from 'node:crypto';
import { GetCommand, QueryCommand, TransactWriteCommand, UpdateCommand, type DynamoDBDocumentClient } from '../storage/document-client';
import { fillText, noticeTemplate, type NoticeTemplate } from '@config/notice-templates';
import type { SubscribeMessageRequest, SubscribeSendOutcome } from '../wechat/subscribe-message';
import { log } from '../http/logger';
import { keys } from '../storage/keys';
import { cancellationReasons, deadNotices, dueNoticeKeys, dueNoticesKey, outboxKey, type TransactItem } from './outbox';
import { grantKey } from './subscriptions';
import type { WeChatState } from './notice';
import { systemNow } from '../time/clock';


export interface DispatchDeps {
  db: DynamoDBDocumentClient;
  table: string;
  stage: string;
  /** Sends one WeChat subscribe message; absent where WeChat is not configured (inbox only). */
  send?: (message: SubscribeMessageRequest) => Promise<SubscribeSendOutcome>;
  maxAttempts?: number;
  leaseMs?: number;
}

export const inboxKey = (recipientId: string, createdAt: string, noticeId: string) => ({ pk: `INBOX#${recipientId}`, sk: `NOTICE#${createdAt}#${noticeId}` });
export const unreadKey = (recipientId: string) => ({ pk: `INBOX#${recipientId}`, sk: 'UNREAD' });

/** Retry delays: 30 s, 1 min, 2 min, 4 min, 8 min … */
export const backoffMs = (attempt: number): number => 30_000 * 2 ** Math.max(0, attempt - 1);

const isConditionFailure = (error: unknown): boolean =>
  error instanceof Error && (error.name === 'ConditionalCheckFailedException' || (cancellationReasons(error)?.includes('ConditionalCheckFailed') ?? false));

type Outbox = {
  noticeId: string;
  recipientId: string;
  templateKey: string;
  params: Record<string, string>;
  createdAt: string;
  attempts: number;
  wechat: WeChatState;
  /** 'delivered': the inbox item was written when the notice was queued (a ballot's opening notices at scale). */
  inbox?: string;
  /** A counter item to add one `sent` to when WeChat accepts the message (the chair's count of voters reached). */
  tally?: { pk: string; sk: string };
};

/**
 * Delivers one notice: to the inbox always (exactly once: a conditional put with the unread counter in one
 * transaction), and as a WeChat subscribe message when the recipient holds a grant for its template (at most
 * once: the grant is consumed and the notice marked `sending` in one transaction before the call). A lease makes
 * concurrent dispatchers skip a notice another is working on; a failed try is retried with backoff, and after
 * `maxAttempts` the notice is dead-lettered where organisers see it.
 */
export async function dispatchNotice(deps: DispatchDeps, noticeId: string, now = systemNow()): Promise<'delivered' | 'retry' | 'dead' | 'skipped'> {
  const { db, table } = deps;
  const claimed = await claim(deps, noticeId, now);
  if (!claimed) return 'skipped';
  const template = noticeTemplate(claimed.templateKey);
  try {
    if (claimed.inbox !== 'delivered') await deliverToInbox(deps, claimed);
    const wechat = claimed.wechat === 'pending' ? await deliverToWeChat(deps, claimed, template) : claimed.wechat;
    if (wechat === 'pending') return await reschedule(deps, claimed, now, 'WeChat 暂时无法送达');
    const delivered = {
      TableName: table,
      Key: outboxKey(noticeId),
      UpdateExpression: 'SET #s = :d, deliveredAt = :now, wechat = :w REMOVE gsi2pk, gsi2sk, leaseUntil',
      ExpressionAttributeNames: { '#s': 'status' },
      ExpressionAttributeValues: { ':d': 'delivered', ':now': now.toISOString(), ':w': wechat } as Record<string, unknown>,
    };
    if (claimed.tally && wechat === 'sent') {
      // Counted once: only the transaction that moves the notice from pending to delivered adds it.
      const counted = await db
        .send(
          new TransactWriteCommand({
            TransactItems: [
              { Update: { ...delivered, ConditionExpression: '#s = :pending', ExpressionAttributeValues: { ...delivered.ExpressionAttributeValues, ':pending': 'pending' } } },
              { Update: { TableName: table, Key: claimed.tally, UpdateExpression: 'ADD sent :one', ExpressionAttributeValues: { ':one': 1 } } },
            ],
          }),
        )
        .then(
          () => true,
          (error: unknown) => {
            if (isConditionFailure(error)) return false; // delivered meanwhile by a dispatcher whose lease overlapped
            throw error;
          },
        );
      return counted ? 'delivered' : 'skipped';
    } else await db.send(new UpdateCommand(delivered));
    return 'delivered';
  } catch (error) {
    log('warn', 'notice delivery failed', { noticeId, error: error instanceof Error ? error.message : String(error) });
    return reschedule(deps, claimed, now, error instanceof Error ? error.message : String(error));
  }
}

/**
 * Finds up to `limit` due notices by index — every due key, starting from a random one so that no key waits behind
 * the others — and dispatches each; safe to run on several machines at once.
 */
export async function dispatchDueNotices(deps: DispatchDeps, now = systemNow(), limit = 100): Promise<Record<string, number>> {
  const due: Record<string, unknown>[] = [];
  const first = randomInt(dueNoticeKeys.length);
  for (let i = 0; i < dueNoticeKeys.length && due.length < limit; i += 1) {
    const out = await deps.db.send(
      new QueryCommand({
        TableName: deps.table,
        IndexName: 'byDueTime',
        KeyConditionExpression: 'gsi2pk = :due AND gsi2sk <= :now',
        ExpressionAttributeValues: { ':due': dueNoticeKeys[(first + i) % dueNoticeKeys.length], ':now': `${now.toISOString()}#~` },
        Limit: limit - due.length,
      }),
    );
    due.push(...(out.Items ?? []));
  }
  const counts: Record<string, number> = {};
  for (const item of due) {
    const result = await dispatchNotice(deps, String(item.noticeId), now);
    counts[result] = (counts[result] ?? 0) + 1;
  }
  return counts;
}

async function claim(deps: DispatchDeps, noticeId: string, now: Date): Promise<Outbox | undefined> {
  try {
    const out = await deps.db.send(
      new UpdateCommand({
        TableName: deps.table,
        Key: outboxKey(noticeId),
        UpdateExpression: 'SET leaseUntil = :lease, attempts = attempts + :one',
        // Pending, due (its backoff has passed), and nobody else holding it.
        ConditionExpression: '#s = :pending AND gsi2sk <= :due AND (attribute_not_exists(leaseUntil) OR leaseUntil < :now)',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':lease': new Date(now.getTime() + (deps.leaseMs ?? 60_000)).toISOString(), ':one': 1, ':pending': 'pending', ':now': now.toISOString(), ':due': `${now.toISOString()}#~` },
        ReturnValues: 'ALL_NEW',
      }),
    );
    const a = out.Attributes ?? {};
    return {
      noticeId,
      recipientId: String(a.recipientId),
      templateKey: String(a.templateKey),
      params: (a.params ?? {}) as Record<string, string>,
      createdAt: String(a.createdAt),
      attempts: Number(a.attempts),
      wechat: a.wechat as WeChatState,
      ...(typeof a.inbox === 'string' ? { inbox: a.inbox } : {}),
      ...(a.tally ? { tally: a.tally as { pk: string; sk: string } } : {}),
    };
  } catch (error) {
    if (isConditionFailure(error)) return undefined;
    throw error;
  }
}

/**
 * The inbox item of one notice and its unread count, as transaction items: the item is conditional on its key
 * (recipient, creation time, notice id), so a notice lands in an inbox once however often it is delivered.
 */
export function inboxItemOf(table: string, notice: Pick<Outbox, 'noticeId' | 'recipientId' | 'templateKey' | 'params' | 'createdAt'>): TransactItem[] {
  const template = noticeTemplate(notice.templateKey);
  const params = notice.params;
  return [
    {
      Put: {
        TableName: table,
        Item: {
          ...inboxKey(notice.recipientId, notice.createdAt, notice.noticeId),
          entity: 'inboxNotice',
          noticeId: notice.noticeId,
          templateKey: notice.templateKey,
          title: template ? fillText(template.title, params) : '通知',
          body: template ? fillText(template.body, params) : '',
          page: template ? fillText(template.page, params) : 'pages/inbox/index',
          createdAt: notice.createdAt,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
    { Update: { TableName: table, Key: unreadKey(notice.recipientId), UpdateExpression: 'ADD unread :one', ExpressionAttributeValues: { ':one': 1 } } },
  ];
}

async function deliverToInbox(deps: DispatchDeps, notice: Outbox): Promise<void> {
  try {
    await deps.db.send(new TransactWriteCommand({ TransactItems: inboxItemOf(deps.table, notice) }));
  } catch (error) {
    if (!isConditionFailure(error)) throw error; // already in the inbox: a retry after a crash
  }
}

async function deliverToWeChat(deps: DispatchDeps, notice: Outbox, template: NoticeTemplate | undefined): Promise<WeChatState> {
  const templateId = template?.wechat ? (deps.stage === 'prod' ? template.wechat.templateIds.prod : template.wechat.templateIds.local) : '';
  if (!deps.send || !template?.wechat || !templateId) return 'skipped';
  const member = await deps.db.send(new GetCommand({ TableName: deps.table, Key: keys.member(notice.recipientId), ProjectionExpression: 'openid' }));
  const openid = member.Item?.openid;
  if (typeof openid !== 'string') return 'skipped';

  // Consume one grant and mark the notice as being sent, together: two dispatchers can't both send.
  try {
    await deps.db.send(
      new TransactWriteCommand({
        TransactItems: [
          { Update: { TableName: deps.table, Key: grantKey(notice.recipientId, notice.templateKey), UpdateExpression: 'ADD remaining :minus', ConditionExpression: 'remaining > :zero', ExpressionAttributeValues: { ':minus': -1, ':zero': 0 } } },
          { Update: { TableName: deps.table, Key: outboxKey(notice.noticeId), UpdateExpression: 'SET wechat = :sending', ConditionExpression: 'wechat = :pending', ExpressionAttributeValues: { ':sending': 'sending', ':pending': 'pending' } } },
        ],
      }),
    );
  } catch (error) {
    if (isConditionFailure(error)) return 'skipped'; // no grant held: the inbox is enough
    throw error;
  }

  // Values are fitted to each keyword's limits by the sender; a time without its param is the notice's own.
  const data: Record<string, string> = {};
  const fields: Record<string, (typeof template.wechat.fields)[string]['type']> = {};
  for (const [key, field] of Object.entries(template.wechat.fields)) {
    fields[key] = field.type;
    const given = field.text ?? notice.params[field.param ?? ''];
    data[key] = given !== undefined && given !== '' ? given : field.type === 'time' || field.type === 'date' ? notice.createdAt : '—';
  }
  const outcome = await deps.send({ touser: openid, template: { templateId, fields }, page: fillText(template.page, notice.params), data });
  const state: WeChatState = outcome.status === 'retry' ? 'pending' : outcome.status;
  const writes = [
    { Update: { TableName: deps.table, Key: outboxKey(notice.noticeId), UpdateExpression: 'SET wechat = :s, wechatResult = :r', ExpressionAttributeValues: { ':s': state, ':r': outcome } } },
    // A transient failure gives the grant back for the retry; a refusal (43101) means WeChat holds none.
    outcome.status === 'retry'
      ? { Update: { TableName: deps.table, Key: grantKey(notice.recipientId, notice.templateKey), UpdateExpression: 'ADD remaining :one', ExpressionAttributeValues: { ':one': 1 } } }
      : outcome.status === 'refused'
        ? { Update: { TableName: deps.table, Key: grantKey(notice.recipientId, notice.templateKey), UpdateExpression: 'SET remaining = :zero', ExpressionAttributeValues: { ':zero': 0 } } }
        : undefined,
  ].filter((w) => w !== undefined);
  await deps.db.send(new TransactWriteCommand({ TransactItems: writes }));
  return state;
}

async function reschedule(deps: DispatchDeps, notice: Outbox, now: Date, lastError: string): Promise<'retry' | 'dead'> {
  const dead = notice.attempts >= (deps.maxAttempts ?? 6);
  const at = dead ? now.toISOString() : new Date(now.getTime() + backoffMs(notice.attempts)).toISOString();
  await deps.db.send(
    new UpdateCommand({
      TableName: deps.table,
      Key: outboxKey(notice.noticeId),
      UpdateExpression: 'SET #s = :s, gsi2pk = :pk, gsi2sk = :sk, lastError = :e REMOVE leaseUntil',
      ExpressionAttributeNames: { '#s': 'status' },
      ExpressionAttributeValues: { ':s': dead ? 'dead' : 'pending', ':pk': dead ? deadNotices : dueNoticesKey(notice.noticeId), ':sk': `${at}#${notice.noticeId}`, ':e': lastError.slice(0, 500) },
    }),
  );
  if (dead) log('error', 'notice dead-lettered', { noticeId: notice.noticeId, attempts: notice.attempts });
  return dead ? 'dead' : 'retry';
}
