import { PutCommand, QueryCommand, type DynamoDBDocumentClient } from '../storage/document-client';
import type { WorkingDayCalendar } from '@shared/calendar';
import { addCalendarDays, formatShanghaiDate } from '@shared/calendar/shanghai-date';
import { commitWithNotices, ChangeRefused, type TransactItem } from './outbox';
import { systemNow } from '../time/clock';

/**
 * Work that waits for someone (an application to review, a report to investigate). Later capabilities open one
 * when work arrives and close it when it is done; the clock job reminds the assignees while it stays open.
 */
export const workKey = (workId: string) => ({ pk: `WORK#${workId}`, sk: 'WORK' });
export const waitingWork = 'DUE#work';

export interface WorkItem {
  workId: string;
  /** What waits, as the reminder says it ("云台新材料有限公司工会的申报"). */
  what: string;
  assigneeIds: string[];
  since: string;
}

export function openWorkItem(table: string, work: WorkItem): TransactItem {
  return {
    Put: {
      TableName: table,
      Item: { ...workKey(work.workId), entity: 'work', ...work, reminded: [], gsi2pk: waitingWork, gsi2sk: `${work.since}#${work.workId}` },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

export function closeWorkItem(table: string, workId: string, now: Date): TransactItem {
  return { Update: { TableName: table, Key: workKey(workId), UpdateExpression: 'SET closedAt = :now REMOVE gsi2pk, gsi2sk', ExpressionAttributeValues: { ':now': now.toISOString() } } };
}

export async function putWorkItem(db: DynamoDBDocumentClient, table: string, work: WorkItem): Promise<void> {
  const put = openWorkItem(table, work).Put;
  if (put) await db.send(new PutCommand(put));
}

/** Full working days from the day after `since` up to yesterday (Asia/Shanghai): today is not over yet. */
export function workingDaysWaited(calendar: WorkingDayCalendar, since: Date, now: Date): number {
  let count = 0;
  const today = formatShanghaiDate(now);
  for (let day = addCalendarDays(formatShanghaiDate(since), 1); day < today; day = addCalendarDays(day, 1)) {
    if (calendar.isWorkingDay(day)) count += 1;
  }
  return count;
}

/**
 * The clock's reminder pass: for each open work item, each threshold it has crossed and not yet been reminded
 * of sends one notice per assignee — recorded on the item and in the outbox in one transaction, so a threshold
 * never reminds twice, even when two clock runs overlap.
 */
export async function remindWaitingWork(db: DynamoDBDocumentClient, table: string, calendar: WorkingDayCalendar, thresholds: readonly number[], now = systemNow()): Promise<number> {
  const out = await db.send(
    new QueryCommand({
      TableName: table,
      IndexName: 'byDueTime',
      KeyConditionExpression: 'gsi2pk = :w AND gsi2sk <= :now',
      ExpressionAttributeValues: { ':w': waitingWork, ':now': `${now.toISOString()}#~` },
    }),
  );
  let sent = 0;
  for (const item of out.Items ?? []) {
    const waited = workingDaysWaited(calendar, new Date(String(item.since)), now);
    const reminded = new Set((item.reminded as number[] | undefined) ?? []);
    const due = thresholds.filter((t) => waited >= t && !reminded.has(t));
    const threshold = due[due.length - 1];
    if (threshold === undefined) continue;
    const workId = String(item.workId);
    try {
      await commitWithNotices(
        db,
        table,
        {
          writes: [
            {
              Update: {
                TableName: table,
                Key: workKey(workId),
                UpdateExpression: 'SET reminded = list_append(reminded, :ts)',
                // Another run that reminded first wins; this one then changes nothing.
                ConditionExpression: 'attribute_exists(gsi2pk) AND NOT contains(reminded, :t)',
                ExpressionAttributeValues: { ':ts': due, ':t': threshold },
              },
            },
          ],
          notices: (item.assigneeIds as string[]).map((recipientId) => ({
            eventId: `reminder#${workId}#${threshold}`,
            recipientId,
            templateKey: 'work.reminder',
            params: { what: String(item.what), days: String(waited) },
          })),
        },
        now,
      );
      sent += (item.assigneeIds as string[]).length;
    } catch (error) {
      if (!(error instanceof ChangeRefused)) throw error;
    }
  }
  return sent;
}

