import { randomInt } from 'node:crypto';
import { DeleteCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '../storage/document-client';
import { noticeTemplate } from '@config/notice-templates';
import { log } from '../http/logger';
import type { DispatchDeps } from '../notify/dispatcher';
import type { NoticeDraft } from '../notify/notice';
import type { TransactItem } from '../notify/outbox';
import { grantKey } from '../notify/subscriptions';
import { keys } from '../storage/keys';
import { publicityKeys, type ReportRecord } from './publicity-items';
import { open, type KeyWrapper } from './reporter-envelope';

/**
 * DESIGN.md invariant 7 for a reporter who asked for updates. Their member id lives only in the report's envelope
 * (`watcherSealed`, under a data key of its own that the watcher key wraps: envelope-keys.ts). A status change writes (through commitWithNotices, see `reporterNotice`), beside the report and with no recipient, one "an update is due"
 * item whose due time is drawn at random 20 minutes to 6 hours later, so neither its time nor the send's matches
 * the change's audit event; a later change replaces it (one message tells of the latest state). The clock job
 * opens the envelope when it is due and sends one WeChat subscribe message — only when the reporter granted one —
 * without an outbox row, an inbox row or a dead letter: nothing stored names the recipient beside the report. The
 * message names no nominee; the reporter reads the progress with the receipt (pull), which always works.
 * A failed send is retried a few times (at new random times) and then dropped with a log line naming nobody.
 */
export const reporterNoticeTemplate = 'report.statusChanged';
export const dueReporterNotices = 'DUE#reporterNotice';
export const reporterNoticeKey = (reportId: string) => ({ pk: publicityKeys.report(reportId).pk, sk: 'REPORTERNOTICE' });

const minDelayMs = 20 * 60_000;
const spreadMs = 6 * 3600_000 - minDelayMs;
const maxAttempts = 4;

function noticeItem(table: string, reportId: string, status: string, dueAt: Date, attempts: number): NonNullable<TransactItem['Put']> {
  const due = dueAt.toISOString();
  return { TableName: table, Item: { ...reporterNoticeKey(reportId), entity: 'reporterNotice', reportId, status, attempts, gsi2pk: dueReporterNotices, gsi2sk: `${due}#${reportId}` } };
}

const envelopePrefix = 'ENVELOPE#';

/**
 * The notice of a status change to a report's reporter (if they asked for updates): addressed to the report's
 * envelope, never to a member. Committed with the change like any notice (commitWithNotices), where outboxPut turns
 * it into `reporterNoticePut` instead of an outbox row.
 */
export const reporterNotice = (reportId: string, status: string): NoticeDraft => ({
  eventId: `reporterNotice#${reportId}`,
  recipientId: `${envelopePrefix}${reportId}`,
  templateKey: reporterNoticeTemplate,
  params: { status },
});

/** The "an update is due" item of a reporter notice: beside the report, due at a random later time, no recipient. */
export function reporterNoticePut(table: string, draft: NoticeDraft, now: Date): TransactItem {
  // A member-addressed report notice would put a reporter beside a template in the outbox: a broken invariant.
  if (!draft.recipientId.startsWith(envelopePrefix)) throw new Error('a report notice is addressed to the report envelope only');
  const reportId = draft.recipientId.slice(envelopePrefix.length);
  return { Put: noticeItem(table, reportId, String(draft.params.status ?? ''), new Date(now.getTime() + minDelayMs + randomInt(spreadMs)), 0) };
}

/** `watcherKeys` only: the clock cannot unwrap the report's identity key (envelope-keys.ts). */
export type ReporterNoticeDeps = Pick<DispatchDeps, 'db' | 'table' | 'stage' | 'send'> & { watcherKeys: KeyWrapper };

type Outcome = 'sent' | 'noGrant' | 'retry' | 'dropped' | 'skipped';

/** The clock's step: due reporter notices, each sent at most once; safe to run on several machines at once. */
export async function deliverReporterNotices(deps: ReporterNoticeDeps, now: Date, limit = 50): Promise<Record<string, number>> {
  const out = await deps.db.send(
    new QueryCommand({
      TableName: deps.table,
      IndexName: 'byDueTime',
      KeyConditionExpression: 'gsi2pk = :due AND gsi2sk <= :now',
      ExpressionAttributeValues: { ':due': dueReporterNotices, ':now': `${now.toISOString()}#~` },
      Limit: limit,
    }),
  );
  const counts: Record<string, number> = {};
  for (const item of out.Items ?? []) {
    const result = await deliverOne(deps, String(item.reportId), String(item.gsi2sk), now);
    counts[result] = (counts[result] ?? 0) + 1;
  }
  return counts;
}

const isConditionFailure = (error: unknown): boolean => error instanceof Error && error.name === 'ConditionalCheckFailedException';

async function deliverOne(deps: ReporterNoticeDeps, reportId: string, seenDue: string, now: Date): Promise<Outcome> {
  const { db, table } = deps;
  // Taken by deleting it (as seen): at most once, and a newer status put meanwhile is left for its own time.
  let taken: Record<string, unknown>;
  try {
    const out = await db.send(new DeleteCommand({ TableName: table, Key: reporterNoticeKey(reportId), ConditionExpression: 'gsi2sk = :seen', ExpressionAttributeValues: { ':seen': seenDue }, ReturnValues: 'ALL_OLD' }));
    taken = out.Attributes ?? {};
  } catch (error) {
    if (isConditionFailure(error)) return 'skipped';
    throw error;
  }
  const report = (await db.send(new GetCommand({ TableName: table, Key: publicityKeys.report(reportId), ConsistentRead: true }))).Item as ReportRecord | undefined;
  const template = noticeTemplate(reporterNoticeTemplate);
  const templateId = template?.wechat ? (deps.stage === 'prod' ? template.wechat.templateIds.prod : template.wechat.templateIds.local) : '';
  if (!report?.watcherSealed || !report.watcherKey || !deps.send || !template?.wechat || !templateId) return 'noGrant';

  const key = await deps.watcherKeys.unwrap(report.watcherKey);
  let memberId: string;
  try {
    memberId = open(key, report.watcherSealed).toString('utf8');
  } finally {
    key.fill(0);
  }
  const member = await db.send(new GetCommand({ TableName: table, Key: keys.member(memberId), ProjectionExpression: 'openid' }));
  const openid = member.Item?.openid;
  if (typeof openid !== 'string') return 'noGrant';
  try {
    await db.send(new UpdateCommand({ TableName: table, Key: grantKey(memberId, reporterNoticeTemplate), UpdateExpression: 'ADD remaining :minus', ConditionExpression: 'remaining > :zero', ExpressionAttributeValues: { ':minus': -1, ':zero': 0 } }));
  } catch (error) {
    if (isConditionFailure(error)) return 'noGrant'; // the receipt is enough
    throw error;
  }

  const status = String(taken.status ?? '');
  const fields = Object.fromEntries(Object.entries(template.wechat.fields).map(([k, f]) => [k, f.type]));
  const data = Object.fromEntries(Object.entries(template.wechat.fields).map(([k, f]) => [k, f.text ?? (f.param === 'status' ? status : '—')]));
  const outcome = await deps.send({ touser: openid, template: { templateId, fields }, page: template.page, data });
  if (outcome.status === 'sent') return 'sent';
  if (outcome.status === 'refused') {
    await db.send(new UpdateCommand({ TableName: table, Key: grantKey(memberId, reporterNoticeTemplate), UpdateExpression: 'SET remaining = :zero', ExpressionAttributeValues: { ':zero': 0 } }));
    return 'dropped';
  }
  // The grant is given back for a transient failure; a permanent one (a wrong message) is not tried again.
  if (outcome.status === 'retry') {
    await db.send(new UpdateCommand({ TableName: table, Key: grantKey(memberId, reporterNoticeTemplate), UpdateExpression: 'ADD remaining :one', ExpressionAttributeValues: { ':one': 1 } }));
  }
  const attempts = Number(taken.attempts ?? 0) + 1;
  if (outcome.status === 'retry' && attempts < maxAttempts) {
    try {
      // Unless a newer status took its place meanwhile.
      await db.send(new PutCommand({ ...noticeItem(table, reportId, status, new Date(now.getTime() + minDelayMs + randomInt(spreadMs)), attempts), ConditionExpression: 'attribute_not_exists(pk)' }));
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
    return 'retry';
  }
  // No report id, no recipient: the line says only that a reporter notice was given up.
  log('warn', 'reporter notice given up', { attempts, outcome: outcome.status });
  return 'dropped';
}
