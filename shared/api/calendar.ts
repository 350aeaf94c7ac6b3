import * as z from 'zod';
import { FESTIVAL_YEARS } from '../calendar/festival-dates';
import { isCalendarDay } from '../calendar/shanghai-date';

/**
 * 节假日安排 (issue 13): each year's official arrangement (国务院办公厅关于部分节假日安排的通知) as data kept by a
 * platform operator, and the calendar every working-day count uses. A year with no arrangement loaded is counted on
 * a provisional calendar (暂按法定节假日推算) that never lets a window end earlier than the official one will.
 */

import { provisionalEndLabel, provisionalEndNote } from '../calendar/provisional-labels';

/** What every page shows beside an end computed on the provisional calendar. */
export { provisionalEndLabel, provisionalEndNote };

const calendarDay = (field: string) =>
  z.string({ error: `${field}应为 YYYY-MM-DD 格式的日期` }).refine(isCalendarDay, { error: `${field}应为 YYYY-MM-DD 格式的有效日期` });

const text = (field: string, max: number) =>
  z.string({ error: `请填写${field}` }).trim().min(1, `请填写${field}`).max(max, `${field}不超过 ${max} 字`);

export const calendarYear = z.coerce
  .number({ error: '年份（year）应为数字' })
  .int({ error: '年份（year）应为整数' })
  .min(2000, { error: '年份（year）不早于 2000 年' })
  // Issue 15: the provisional calendar reckons festivals up to FESTIVAL_YEARS.last; a later year was a 503.
  .max(FESTIVAL_YEARS.last, { error: `年份（year）不晚于 ${FESTIVAL_YEARS.last} 年` });

/**
 * PUT /v1/calendar/arrangements/{year} and POST /v1/calendar/arrangements/preview — one year's notice as the
 * operator enters it. `holidays`: every day off the notice names (weekend days inside a range may be listed; a
 * notice for year Y may start 元旦 in late December of Y−1). `workdays`: the make-up working days (调休上班), each a
 * Saturday or Sunday. Validated further on the server (shared/calendar/arrangement.ts).
 */
export const arrangementInput = z.object({
  year: calendarYear,
  /** 通知标题, e.g. 国务院办公厅关于2027年部分节假日安排的通知 */
  title: text('通知标题（title）', 100),
  /** 文号, e.g. 国办发明电〔2026〕10号 */
  documentNumber: text('文号（documentNumber）', 40),
  /** 发布日期 */
  publishedOn: calendarDay('发布日期（publishedOn）'),
  holidays: z.array(calendarDay('放假日期（holidays）'), { error: '放假日期（holidays）应为日期列表' }).min(1, '放假日期（holidays）不能为空').max(80, '放假日期（holidays）不超过 80 天'),
  workdays: z.array(calendarDay('调休上班日期（workdays）'), { error: '调休上班日期（workdays）应为日期列表' }).max(20, '调休上班日期（workdays）不超过 20 天'),
});
export type ArrangementInput = z.input<typeof arrangementInput>;

export const saveArrangementRequest = arrangementInput.extend({
  /** The version the operator started from: 0 for a year not entered before. A stale version answers 409. */
  expectedVersion: z.number({ error: '版本号（expectedVersion）应为数字' }).int().min(0).max(10_000),
  /** Why a correction was made (required when correcting, i.e. expectedVersion > 0). */
  reason: z.string().trim().max(200, '更正原因（reason）不超过 200 字').optional(),
});
export type SaveArrangementRequest = z.input<typeof saveArrangementRequest>;

/** A statutory day (《全国年节及纪念日放假办法》) missing from the days off: saved anyway, but said. */
export const arrangementWarning = z.object({ festival: z.string(), days: z.array(z.string()), message: z.string() });
export type ArrangementWarning = z.infer<typeof arrangementWarning>;

export const calendarBases = ['official', 'provisional'] as const;
export type CalendarBasis = (typeof calendarBases)[number];
export const calendarBasisLabels: Record<CalendarBasis, string> = { official: '已载入国务院安排', provisional: provisionalEndLabel };

/** Where a year's official arrangement comes from: bundled with the release, or entered by an operator. */
export const arrangementOrigins = ['bundled', 'operator'] as const;

export const noticeView = z.object({ title: z.string(), documentNumber: z.string(), publishedOn: z.string() });

/** GET /v1/calendar/years/{year} — anyone: the calendar the product counts that year on. */
export const calendarYearView = z.object({
  year: z.number(),
  basis: z.enum(calendarBases),
  basisLabel: z.string(),
  /** official: the bundled data's or the operator's notice; provisional: the rule it was computed by. */
  source: z.string(),
  origin: z.enum(arrangementOrigins).nullable(),
  notice: noticeView.nullable(),
  /** Version of the operator's entry (0 when none). */
  version: z.number(),
  /** Weekdays off (holidays on Monday–Friday), ascending, with the festival each belongs to. */
  daysOff: z.array(z.object({ date: z.string(), festival: z.string() })),
  /** Make-up working days on a Saturday or Sunday, ascending. */
  makeUpWorkdays: z.array(z.string()),
  /** Official working days in the year. */
  workingDayCount: z.number(),
});
export type CalendarYearView = z.infer<typeof calendarYearView>;

/** GET /v1/calendar/arrangements (operator): the years around now and what each is counted on. */
export const arrangementListResponse = z.object({
  years: z.array(calendarYearView.pick({ year: true, basis: true, basisLabel: true, source: true, origin: true, notice: true, version: true })),
});
export type ArrangementListResponse = z.infer<typeof arrangementListResponse>;

/** POST /v1/calendar/arrangements/preview — the year as it would be, and the warnings; nothing saved. */
export const arrangementPreviewResponse = z.object({ calendar: calendarYearView, warnings: z.array(arrangementWarning) });
export type ArrangementPreviewResponse = z.infer<typeof arrangementPreviewResponse>;

/** PUT /v1/calendar/arrangements/{year} — saved; open windows recomputed on it. */
export const saveArrangementResponse = z.object({
  calendar: calendarYearView,
  warnings: z.array(arrangementWarning),
  /** Open windows whose end moved later (each one's people told), and those left as announced. */
  recomputed: z.object({ extended: z.number(), unchanged: z.number() }),
});
export type SaveArrangementResponse = z.infer<typeof saveArrangementResponse>;

export const arrangementVersionView = z.object({
  version: z.number(),
  notice: noticeView,
  holidays: z.array(z.string()),
  workdays: z.array(z.string()),
  enteredAt: z.string(),
  enteredBy: z.string(),
  reason: z.string().nullable(),
});
/** GET /v1/calendar/arrangements/{year}/versions (operator): every version entered, newest first. */
export const arrangementVersionsResponse = z.object({ year: z.number(), versions: z.array(arrangementVersionView) });
export type ArrangementVersionsResponse = z.infer<typeof arrangementVersionsResponse>;
