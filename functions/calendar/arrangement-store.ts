import { GetCommand, QueryCommand, type DynamoDBDocumentClient } from '../storage/document-client';
import type { ArrangementWarning } from '@shared/api/calendar';
import type { LoadedArrangement, NoticeInfo } from '@shared/calendar';
import { queryAll } from '../storage/dynamo';

/**
 * Items of the operator's holiday arrangements in the main table: the current version of each year under one
 * partition (the whole set is read with one query, a few items a year), and every version ever saved under the
 * year's own partition (never updated, never deleted: the history an audit asks for).
 */
export const arrangementKeys = {
  current: (year: number) => ({ pk: 'CALENDAR#ARRANGEMENTS', sk: `YEAR#${year}` }),
  allCurrent: 'CALENDAR#ARRANGEMENTS',
  version: (year: number, version: number) => ({ pk: `CALENDAR#YEAR#${year}`, sk: `VERSION#${String(version).padStart(6, '0')}` }),
  versionsOf: (year: number) => `CALENDAR#YEAR#${year}`,
};

export interface ArrangementRecord extends LoadedArrangement {
  enteredAt: string;
  enteredBy: string;
  reason: string | null;
  warnings: ArrangementWarning[];
}

type Item = Record<string, unknown>;

export function toArrangement(item: Item): ArrangementRecord {
  const notice = item.notice as NoticeInfo;
  return {
    year: Number(item.year),
    holidays: (item.holidays as string[]) ?? [],
    workdays: (item.workdays as string[]) ?? [],
    notice: { title: String(notice.title), documentNumber: String(notice.documentNumber), publishedOn: String(notice.publishedOn) },
    version: Number(item.version),
    enteredAt: String(item.enteredAt),
    enteredBy: String(item.enteredBy),
    reason: typeof item.reason === 'string' ? item.reason : null,
    warnings: (item.warnings as ArrangementWarning[]) ?? [],
  };
}

export function arrangementItem(record: ArrangementRecord): Item {
  return { entity: 'holidayArrangement', ...record };
}

/** Every year's current arrangement, ascending by year. */
export async function loadArrangements(db: DynamoDBDocumentClient, table: string): Promise<ArrangementRecord[]> {
  const items = await queryAll(db, {
    TableName: table,
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: { ':pk': arrangementKeys.allCurrent },
    ConsistentRead: true,
  });
  return items.map(toArrangement).sort((a, b) => a.year - b.year);
}

export async function currentArrangement(db: DynamoDBDocumentClient, table: string, year: number): Promise<ArrangementRecord | undefined> {
  const out = await db.send(new GetCommand({ TableName: table, Key: arrangementKeys.current(year), ConsistentRead: true }));
  return out.Item ? toArrangement(out.Item) : undefined;
}

/** Every version of a year, newest first. */
export async function arrangementVersions(db: DynamoDBDocumentClient, table: string, year: number): Promise<ArrangementRecord[]> {
  const out = await db.send(
    new QueryCommand({
      TableName: table,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': arrangementKeys.versionsOf(year) },
      ScanIndexForward: false,
      Limit: 100,
    }),
  );
  return (out.Items ?? []).map(toArrangement);
}
