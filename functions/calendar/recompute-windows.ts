import { PutCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '../storage/document-client';
import { type WorkingDayCalendar, publicityWindow } from '@shared/calendar';
import { formatShanghaiEnd } from '@shared/calendar/shanghai-date';
import { provisionalEndLabel } from '@shared/api/calendar';
import { ChangeRefused, commitWithNotices } from '../notify/outbox';
import type { NoticeDraft } from '../notify/notice';
import { dynamoRoleBook } from '../orgs/dynamo-org-store';
import { duePublicityClose, publicityKeys, windowAsRead, type EntryRecord, type PublicityRecord } from '../publicity/publicity-items';
import { entriesOf, toPublicity } from '../publicity/publicities';
import { rootIdOf } from '@shared/domain/org-tree';

/**
 * DESIGN.md invariant 4, when a year's arrangement is entered or corrected: every window not yet closed is counted
 * again on the new calendar. A later end extends the window — the clock then closes it only at the new end — and
 * everyone who was told the old end hears the new one: the publishing union's chair and vice-chairs (unit level) or
 * the publishing federation's reviewers and organisers, each nominee's union chair, and every reporter following a
 * report on the list by receipt (a message in the report's thread, which is where the receipt holder reads).
 * An earlier end never shortens an announced window: the window keeps its end, and loses its provisional mark once no
 * day it spans is provisional any more.
 */
export async function recomputeOpenWindows(
  deps: { db: DynamoDBDocumentClient; table: string; calendar: WorkingDayCalendar },
  actor: { memberId: string; role: 'operator' | 'system' },
  now: Date,
): Promise<{ extended: number; unchanged: number }> {
  const stamp = deps.calendar.stamp();
  const out = await deps.db.send(
    new QueryCommand({
      TableName: deps.table,
      IndexName: 'byDueTime',
      KeyConditionExpression: 'gsi2pk = :due',
      ExpressionAttributeValues: { ':due': duePublicityClose },
    }),
  );
  let extended = 0;
  let unchanged = 0;
  for (const item of out.Items ?? []) {
    const record = toPublicity(item);
    // Counted on this very calendar already (the common case for the clock's run): nothing to do.
    if (record.closed || record.calendarStamp === stamp) continue;
    // A list with late entries is open until its last entry's own window ends (issue 14): counted from that entry.
    const window = publicityWindow(new Date(record.lastEntryOpensAt ?? record.opensAt), record.workingDays, deps.calendar);
    const oldEnd = Date.parse(record.endsAt);
    const later = window.endsAt.getTime() > oldEnd;
    const provisional = later ? window.provisional : window.provisional && record.provisional === true;
    if (await moveEnd(deps, record, later ? window.endsAt.toISOString() : record.endsAt, provisional, stamp, actor, now)) {
      if (later) extended += 1;
      else unchanged += 1;
    }
  }
  return { extended, unchanged };
}

async function moveEnd(
  deps: { db: DynamoDBDocumentClient; table: string; calendar: WorkingDayCalendar },
  record: PublicityRecord,
  endsAt: string,
  provisional: boolean,
  stamp: string,
  actor: { memberId: string; role: 'operator' | 'system' },
  now: Date,
): Promise<boolean> {
  const later = endsAt !== record.endsAt;
  const entries = later ? await entriesOf(deps, record.publicityId) : [];
  const notices = later ? await noticesOfExtension(deps, record, entries, endsAt, provisional) : [];
  try {
    await commitWithNotices(
      deps.db,
      deps.table,
      {
        writes: [
          {
            Update: {
              TableName: deps.table,
              Key: publicityKeys.publicity(record.publicityId),
              UpdateExpression: 'SET endsAt = :end, provisional = :p, calendarStamp = :stamp, gsi2sk = :due',
              // Only the window as it was read: not closed meanwhile, not moved by another recomputation, no entry added.
              ConditionExpression: windowAsRead(record).condition,
              ExpressionAttributeValues: { ':end': endsAt, ':p': provisional, ':stamp': stamp, ':due': `${endsAt}#${record.publicityId}`, ...windowAsRead(record).values },
            },
          },
        ],
        notices,
        audit: later
          ? [
              {
                subjectType: 'publicity',
                subjectId: record.publicityId,
                scopePath: record.orgPath,
                action: 'publicity.extended',
                actor: { memberId: actor.memberId, role: actor.role },
                reason: '节假日安排载入后按新的工作日重新计算',
                data: { oldEndsAt: record.endsAt, endsAt, workingDays: record.workingDays, provisional },
              },
            ]
          : [],
      },
      now,
    );
  } catch (error) {
    if (error instanceof ChangeRefused) return false;
    throw error;
  }
  if (later) {
    await moveEntryEnds(deps, record, entries);
    await tellReporters(deps, record, endsAt, provisional, now);
  }
  return true;
}

/** Each entry's own end, counted again on the new calendar from its own opening: later where the new count says so. */
async function moveEntryEnds(deps: { db: DynamoDBDocumentClient; table: string; calendar: WorkingDayCalendar }, record: PublicityRecord, entries: readonly EntryRecord[]): Promise<void> {
  const ends = new Map<string, string>();
  for (const e of entries) {
    const opensAt = e.opensAt ?? record.opensAt;
    if (!ends.has(opensAt)) ends.set(opensAt, publicityWindow(new Date(opensAt), record.workingDays, deps.calendar).endsAt.toISOString());
    const endsAt = ends.get(opensAt) as string;
    if (!e.endsAt || endsAt <= e.endsAt) continue;
    await deps.db
      .send(
        new UpdateCommand({
          TableName: deps.table,
          Key: publicityKeys.entry(record.publicityId, e.entryId),
          UpdateExpression: 'SET endsAt = :end',
          ConditionExpression: 'endsAt = :old',
          ExpressionAttributeValues: { ':end': endsAt, ':old': e.endsAt },
        }),
      )
      .catch((error: unknown) => {
        if (!(error instanceof Error && error.name === 'ConditionalCheckFailedException')) throw error;
      });
  }
}

const endText = (iso: string, provisional: boolean): string => `${formatShanghaiEnd(new Date(iso))}${provisional ? `（${provisionalEndLabel}）` : ''}`;

async function noticesOfExtension(
  deps: { db: DynamoDBDocumentClient; table: string },
  record: PublicityRecord,
  entries: readonly EntryRecord[],
  endsAt: string,
  provisional: boolean,
): Promise<NoticeDraft[]> {
  const roles = dynamoRoleBook(deps.db, deps.table);
  const recipients = new Set<string>();
  const publisherRoles = record.level === 'unit' ? ['chair', 'viceChair'] : ['reviewer', 'organiser'];
  for (const h of await roles.holdersOf(record.orgId)) if (publisherRoles.includes(h.role)) recipients.add(h.memberId);
  // Each nominee's union: the nominee is an org (its chair hears) or a person (they hear, and so does the chair).
  for (const ref of new Set(entries.map((e) => e.nomineeRef))) {
    const holders = await roles.holdersOf(ref);
    const chairs = holders.filter((h) => h.role === 'chair' || h.role === 'viceChair').map((h) => h.memberId);
    if (chairs.length > 0) chairs.forEach((c) => recipients.add(c));
    else if (ref.startsWith('m-') || ref.startsWith('member-')) recipients.add(ref);
  }
  const params = {
    heading: record.heading,
    basis: provisional ? '法定节假日推算' : '国务院节假日安排',
    oldEnd: endText(record.endsAt, record.provisional === true),
    newEnd: endText(endsAt, provisional),
    publicityId: record.publicityId,
  };
  return [...recipients].slice(0, 60).map((memberId) => ({ eventId: `publicity#${record.publicityId}#extended#${endsAt}`, recipientId: memberId, templateKey: 'publicity.extended', params }));
}

/** A message in the thread of every report filed on the list: the receipt holder reads it on 举报查询. */
async function tellReporters(deps: { db: DynamoDBDocumentClient; table: string }, record: PublicityRecord, endsAt: string, provisional: boolean, now: Date): Promise<void> {
  const out = await deps.db.send(
    new QueryCommand({
      TableName: deps.table,
      IndexName: 'bySubtree',
      KeyConditionExpression: 'gsi3pk = :scope AND begins_with(gsi3sk, :path)',
      ExpressionAttributeValues: { ':scope': `REPORTSCOPE#${rootIdOf(record.orgPath)}`, ':path': record.orgPath },
    }),
  );
  const reports = (out.Items ?? []).filter((r) => r.publicityId === record.publicityId);
  const at = now.toISOString();
  for (const r of reports) {
    await deps.db
      .send(
        new PutCommand({
          TableName: deps.table,
          Item: {
            ...publicityKeys.message(String(r.reportId), at, `extended-${endsAt}`),
            entity: 'reportMessage',
            reportId: r.reportId,
            from: 'system',
            text: `公示期已顺延：${endText(record.endsAt, record.provisional === true)} → ${endText(endsAt, provisional)}（按节假日安排重新计算）。`,
            at,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      )
      .catch((error: unknown) => {
        if (!(error instanceof Error && error.name === 'ConditionalCheckFailedException')) throw error;
      });
  }
}
