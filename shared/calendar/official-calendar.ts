import * as z from 'zod';
// The package's published data file (documented in its README), not its functions: chinese-days 1.5.7 builds its
// lookup tables at load time with the process's local time zone, so west of UTC every holiday shifts one day
// earlier (under TZ=America/Los_Angeles it reports 2026-09-30..10-06 as National Day). The JSON was generated
// once by the maintainers and keys plain dates, which is what we need.
import chineseDaysData from 'chinese-days/dist/chinese-days.json';
import type { ErrorDetail } from '../errors';
import { type CalendarDay, assertCalendarDay, formatShanghaiDate, isCalendarDay, weekdayOf } from './shanghai-date';

// ---------------------------------------------------------------------------------------------------------------
// Errors

/** A date falls in a year for which no official holiday arrangement is loaded. Never guessed around. */
export class CalendarYearMissingError extends Error {
  readonly code = 'CALENDAR.YEAR_MISSING' as const;
  readonly year: number;
  readonly details: ErrorDetail[];
  constructor(year: number, options: { day?: CalendarDay } = {}) {
    super(`缺少 ${year} 年的法定节假日安排，请在 config/holidays/${year}.json 中补充`);
    this.name = 'CalendarYearMissingError';
    this.year = year;
    this.details = options.day ? [{ path: 'date', message: `日期 ${options.day} 所在的 ${year} 年尚无法定节假日安排` }] : [];
  }
}

/** A holiday extension file breaks the format of config/holidays/README.md. */
export class CalendarExtensionInvalidError extends Error {
  readonly code = 'CALENDAR.EXTENSION_INVALID' as const;
  readonly details: ErrorDetail[];
  constructor(details: ErrorDetail[], options: { cause?: unknown } = {}) {
    const first = details[0];
    super(first ? `节假日配置有误：${first.path} ${first.message}` : '节假日配置有误', { cause: options.cause });
    this.name = 'CalendarExtensionInvalidError';
    this.details = details;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Extension format (config/holidays/<year>.json)

const calendarDaySchema = z.string({ error: '应为 YYYY-MM-DD 格式的日期' }).refine(isCalendarDay, {
  error: '应为 YYYY-MM-DD 格式的有效公历日期',
});

/**
 * One year's official arrangement (国务院办公厅关于部分节假日安排的通知), given as data.
 * `holidays`: the days off (放假日). Weekdays among them are what make the difference; weekend days may be
 * listed too, as the notice writes them ("10月1日至7日放假"), and change nothing.
 * `workdays`: the make-up working days (调休上班日), each a Saturday or Sunday.
 */
const extensionFields = {
  year: z.number({ error: '年份应为数字' }).int({ error: '年份应为整数' }).min(1949, { error: '年份过早' }).max(2200, { error: '年份过晚' }),
  holidays: z.array(calendarDaySchema, { error: '放假日期 holidays 应为日期列表' }).min(1, { error: '放假日期 holidays 不能为空' }),
  workdays: z.array(calendarDaySchema, { error: '调休上班日期 workdays 应为日期列表' }),
  source: z.string({ error: '来源 source 应为文字' }).min(1, { error: '来源 source 不能为空' }).optional(),
};

export const holidayExtensionSchema = z
  .strictObject(extensionFields, {
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? `不认识的字段：${issue.keys.join('、')}（只允许 year、holidays、workdays、source）`
        : '节假日配置应为含 year、holidays、workdays 的对象',
  })
  .superRefine((ext, ctx) => {
    const seen = new Map<string, 'holidays' | 'workdays'>();
    const check = (list: 'holidays' | 'workdays', label: string) => {
      ext[list].forEach((day, i) => {
        if (!isCalendarDay(day)) return; // already reported; zod 4 runs this check after failed refinements too
        const path = [list, i];
        if (Number(day.slice(0, 4)) !== ext.year) {
          ctx.addIssue({ code: 'custom', path, message: `${label} ${day} 不在 ${ext.year} 年内` });
        }
        const earlier = seen.get(day);
        if (earlier === list) ctx.addIssue({ code: 'custom', path, message: `日期 ${day} 重复出现` });
        if (earlier && earlier !== list) {
          ctx.addIssue({ code: 'custom', path, message: `日期 ${day} 不能既是放假日又是调休上班日` });
        }
        seen.set(day, list);
        const weekday = weekdayOf(day);
        if (list === 'workdays' && weekday !== 0 && weekday !== 6) {
          ctx.addIssue({ code: 'custom', path, message: `调休上班日 ${day} 应为周六或周日` });
        }
      });
    };
    check('holidays', '放假日');
    check('workdays', '调休上班日');
  });

export type HolidayExtension = z.infer<typeof holidayExtensionSchema>;

function issuePath(prefix: string, path: readonly PropertyKey[]): string {
  return path.reduce<string>((acc, key) => (typeof key === 'number' ? `${acc}[${key}]` : `${acc}.${String(key)}`), prefix);
}

/**
 * Validates extension years: each against the schema, and no year given twice. Throws
 * CalendarExtensionInvalidError naming the file (by its year when readable) and the field.
 */
export function parseHolidayExtensions(input: readonly unknown[]): HolidayExtension[] {
  const details: ErrorDetail[] = [];
  const parsed: HolidayExtension[] = [];
  const years = new Set<number>();
  input.forEach((raw, index) => {
    const rawYear = typeof raw === 'object' && raw !== null ? (raw as { year?: unknown }).year : undefined;
    const file = typeof rawYear === 'number' ? `config/holidays/${rawYear}.json` : `节假日配置第 ${index + 1} 项`;
    const result = holidayExtensionSchema.safeParse(raw);
    if (!result.success) {
      for (const issue of result.error.issues) {
        details.push({ path: issuePath(file, issue.path), message: issue.message });
      }
      return;
    }
    if (years.has(result.data.year)) {
      details.push({ path: `${file}.year`, message: `${result.data.year} 年的节假日安排重复提供` });
      return;
    }
    years.add(result.data.year);
    parsed.push(result.data);
  });
  if (details.length > 0) throw new CalendarExtensionInvalidError(details);
  return parsed;
}

// ---------------------------------------------------------------------------------------------------------------
// Calendar

interface YearTable {
  /** Days off; a weekday listed here is not a working day. */
  holidays: ReadonlySet<CalendarDay>;
  /** Make-up working days on a Saturday or Sunday. */
  workdays: ReadonlySet<CalendarDay>;
  source: string;
}

/** The official working-day calendar (法定工作日，含调休), by Shanghai calendar date. */
export interface WorkingDayCalendar {
  /**
   * Whether `day` is an official working day: Monday–Friday unless a holiday, or a make-up working
   * Saturday/Sunday. `day` is a `YYYY-MM-DD` Shanghai date, or an instant (its Shanghai date is taken).
   * Throws CalendarYearMissingError when the year has no loaded arrangement.
   */
  isWorkingDay(day: CalendarDay | Date): boolean;
  /** Whether the year's official arrangement is loaded. */
  hasYear(year: number): boolean;
  /** Where the year's arrangement comes from (`chinese-days` or the extension's `source`), if loaded. */
  sourceOf(year: number): string | undefined;
  /** Loaded years, ascending. */
  years(): number[];
}

const CHINESE_DAYS_SOURCE = 'chinese-days（国务院办公厅部分节假日安排通知）';

const chineseDaysFile = z.object({
  holidays: z.record(z.string().refine(isCalendarDay), z.string()),
  workdays: z.record(z.string().refine(isCalendarDay), z.string()),
});

let chineseDaysTables: ReadonlyMap<number, YearTable> | undefined;

/**
 * chinese-days' data grouped by year. A year counts as covered only when the package has at least one holiday
 * entry in it: the package answers for any date, treating an unknown year as plain weekdays, so coverage must
 * come from the data, never from a hard-coded last year.
 */
function tablesFromChineseDays(): ReadonlyMap<number, YearTable> {
  if (chineseDaysTables) return chineseDaysTables;
  const data = chineseDaysFile.parse(chineseDaysData);
  const byYear = new Map<number, { holidays: Set<CalendarDay>; workdays: Set<CalendarDay>; source: string }>();
  const tableFor = (day: CalendarDay) => {
    const year = Number(day.slice(0, 4));
    let table = byYear.get(year);
    if (!table) {
      table = { holidays: new Set(), workdays: new Set(), source: CHINESE_DAYS_SOURCE };
      byYear.set(year, table);
    }
    return table;
  };
  for (const day of Object.keys(data.holidays)) tableFor(day).holidays.add(day);
  for (const day of Object.keys(data.workdays)) tableFor(day).workdays.add(day);
  for (const [year, table] of byYear) {
    if (table.holidays.size === 0) byYear.delete(year);
  }
  chineseDaysTables = byYear;
  return byYear;
}

/**
 * The default calendar: chinese-days' years plus the extension years (config/holidays). An extension replaces
 * chinese-days for its year entirely, so a corrected or newly published arrangement can be loaded as data.
 * Extensions are validated here; a bad file throws CalendarExtensionInvalidError.
 */
export function officialCalendar(extensions: readonly unknown[] = []): WorkingDayCalendar {
  const tables = new Map<number, YearTable>(tablesFromChineseDays());
  for (const ext of parseHolidayExtensions(extensions)) {
    tables.set(ext.year, {
      holidays: new Set(ext.holidays),
      workdays: new Set(ext.workdays),
      source: ext.source ?? `config/holidays/${ext.year}.json`,
    });
  }

  return {
    isWorkingDay(day) {
      const key = typeof day === 'string' ? assertCalendarDay(day) : formatShanghaiDate(day);
      const year = Number(key.slice(0, 4));
      const table = tables.get(year);
      if (!table) throw new CalendarYearMissingError(year, { day: key });
      if (table.workdays.has(key)) return true;
      if (table.holidays.has(key)) return false;
      const weekday = weekdayOf(key);
      return weekday >= 1 && weekday <= 5;
    },
    hasYear: (year) => tables.has(year),
    sourceOf: (year) => tables.get(year)?.source,
    years: () => [...tables.keys()].sort((a, b) => a - b),
  };
}
