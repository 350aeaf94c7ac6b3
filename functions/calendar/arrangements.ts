import type { DynamoDBDocumentClient } from '../storage/document-client';
import type * as z from 'zod';
import {
  arrangementInput,
  type ArrangementListResponse,
  type ArrangementPreviewResponse,
  type ArrangementVersionsResponse,
  type CalendarYearView,
  type SaveArrangementResponse,
  type saveArrangementRequest,
} from '@shared/api/calendar';
import { arrangementErrors, arrangementWarnings, calendarYearBasis, describeCalendarYear, officialCalendar, type Arrangement } from '@shared/calendar';
import { holidayExtensions } from '@config/holidays';
import { yearOf, formatShanghaiDate } from '@shared/calendar/shanghai-date';
import { DomainError } from '@shared/errors';
import type { Session } from '../auth/session-token';
import type { Directory } from '../directory/directory';
import { ChangeRefused, commitWithNotices } from '../notify/outbox';
import { scopesOf, type Actor } from '../scope/scope';
import { arrangementItem, arrangementKeys, arrangementVersions, currentArrangement, loadArrangements, type ArrangementRecord } from './arrangement-store';
import { currentCalendar, useArrangements } from './live-calendar';
import { recomputeOpenWindows } from './recompute-windows';

export interface CalendarDeps {
  db: DynamoDBDocumentClient;
  table: string;
  directory: Directory;
  now: () => Date;
}

/** A platform operator (平台运维): the only role that enters arrangements. Organisers cannot grant it (roles.ts). */
async function requireOperator(deps: CalendarDeps, session: Session): Promise<Actor> {
  const [actor] = await scopesOf(deps.directory, session, ['operator']);
  if (!actor) throw new DomainError('CALENDAR.OPERATOR_ONLY');
  return actor;
}

/** GET /v1/calendar/years/{year}: the year as the product counts it (anyone). */
export async function calendarYear(deps: CalendarDeps, year: number): Promise<CalendarYearView> {
  return describeCalendarYear(await currentCalendar(deps.db, deps.table), year);
}

/** The years an operator looks after: last year to two years ahead, and every year ever entered. */
export async function listArrangements(deps: CalendarDeps, session: Session): Promise<ArrangementListResponse> {
  await requireOperator(deps, session);
  const calendar = await currentCalendar(deps.db, deps.table);
  const thisYear = yearOf(formatShanghaiDate(deps.now()));
  const years = new Set([thisYear - 1, thisYear, thisYear + 1, thisYear + 2, ...(await loadArrangements(deps.db, deps.table)).map((a) => a.year)]);
  return {
    years: [...years]
      .sort((a, b) => a - b)
      .map((year) => calendarYearBasis(calendar, year)),
  };
}

function refuseErrors(a: Arrangement, pathYear?: number): void {
  const details = arrangementErrors(a, pathYear);
  if (details.length > 0) throw new DomainError('REQUEST.INVALID', { message: `请求内容有误：${details[0]?.message ?? ''}`, details });
}

const asLoaded = (a: Arrangement, version: number) => ({
  year: a.year,
  holidays: [...a.holidays].sort(),
  workdays: [...a.workdays].sort(),
  notice: { title: a.title, documentNumber: a.documentNumber, publishedOn: a.publishedOn },
  version,
});

/** The year as it would be counted with this arrangement, and its warnings; nothing saved. */
export async function previewArrangement(deps: CalendarDeps, session: Session, a: z.output<typeof arrangementInput>): Promise<ArrangementPreviewResponse> {
  await requireOperator(deps, session);
  refuseErrors(a);
  const others = (await loadArrangements(deps.db, deps.table)).filter((x) => x.year !== a.year);
  const calendar = officialCalendar(holidayExtensions, [...others, asLoaded(a, 0)]);
  return { calendar: describeCalendarYear(calendar, a.year), warnings: arrangementWarnings(a) };
}

/**
 * Saves a year's arrangement (version-checked: two operators at once → one 409), keeps every version, audits it,
 * and counts every open window again on the new calendar (recompute-windows.ts).
 */
export async function saveArrangement(deps: CalendarDeps, session: Session, year: number, request: z.output<typeof saveArrangementRequest>): Promise<SaveArrangementResponse> {
  const actor = await requireOperator(deps, session);
  refuseErrors(request, year);
  const current = await currentArrangement(deps.db, deps.table, year);
  const currentVersion = current?.version ?? 0;
  if (request.expectedVersion !== currentVersion) throw new DomainError('CALENDAR.VERSION_CONFLICT');
  if (currentVersion > 0 && !request.reason) {
    throw new DomainError('REQUEST.INVALID', { message: '请求内容有误：更正已载入的安排须填写更正原因（reason）', details: [{ path: 'reason', message: '更正已载入的安排须填写更正原因（reason）' }] });
  }
  const now = deps.now();
  const warnings = arrangementWarnings(request);
  const record: ArrangementRecord = {
    ...asLoaded(request, currentVersion + 1),
    enteredAt: now.toISOString(),
    enteredBy: actor.memberId,
    reason: request.reason ?? null,
    warnings,
  };
  try {
    await commitWithNotices(
      deps.db,
      deps.table,
      {
        writes: [
          {
            Put: {
              TableName: deps.table,
              Item: { ...arrangementKeys.current(year), ...arrangementItem(record) },
              ...(currentVersion === 0
                ? { ConditionExpression: 'attribute_not_exists(pk)' }
                : { ConditionExpression: 'version = :v', ExpressionAttributeValues: { ':v': currentVersion } }),
            },
          },
          { Put: { TableName: deps.table, Item: { ...arrangementKeys.version(year, record.version), ...arrangementItem(record) }, ConditionExpression: 'attribute_not_exists(pk)' } },
        ],
        audit: [
          {
            subjectType: 'calendar',
            subjectId: `year-${year}`,
            scopePath: actor.org.path,
            action: 'calendar.arrangementSaved',
            actor: { memberId: actor.memberId, role: 'operator' },
            ...(request.reason ? { reason: request.reason } : {}),
            data: { year, version: record.version, title: record.notice.title, documentNumber: record.notice.documentNumber, holidays: record.holidays, workdays: record.workdays, warnings: warnings.map((w) => w.message) },
          },
        ],
      },
      now,
    );
  } catch (error) {
    if (error instanceof ChangeRefused) throw new DomainError('CALENDAR.VERSION_CONFLICT', { cause: error });
    throw error;
  }
  const calendar = useArrangements(deps.table, await loadArrangements(deps.db, deps.table));
  const recomputed = await recomputeOpenWindows({ db: deps.db, table: deps.table, calendar }, { memberId: actor.memberId, role: 'operator' }, now);
  return { calendar: describeCalendarYear(calendar, year), warnings, recomputed };
}

export async function arrangementHistory(deps: CalendarDeps, session: Session, year: number): Promise<ArrangementVersionsResponse> {
  await requireOperator(deps, session);
  const versions = await arrangementVersions(deps.db, deps.table, year);
  return {
    year,
    versions: versions.map((v) => ({ version: v.version, notice: v.notice, holidays: [...v.holidays], workdays: [...v.workdays], enteredAt: v.enteredAt, enteredBy: v.enteredBy, reason: v.reason })),
  };
}
