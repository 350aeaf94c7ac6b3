import * as z from 'zod';
// The package's published data file (documented in its README), not its functions: chinese-days 1.5.7 builds its
// lookup tables at load time with the process's local time zone, so west of UTC every holiday shifts one day
// earlier (under TZ=America/Los_Angeles it reports 2026-09-30..10-06 as National Day). The JSON was generated
// once by the maintainers and keys plain dates, which is what we need.
import chineseDaysData from 'chinese-days/dist/chinese-days.json';
import type { ErrorDetail } from '../errors';
import { type CalendarDay, assertCalendarDay, formatShanghaiDate, isCalendarDay, weekdayOf, yearOf } from './shanghai-date';
import { FESTIVAL_YEARS, festivalAnchor, festivalDates, festivalLabels, festivals } from './festival-dates';
import { provisionalDaysOff, provisionalRuleText } from './provisional-calendar';

// ---------------------------------------------------------------------------------------------------------------
// Errors

/**
 * A date lies outside the years the calendar can count at all (1901–2099: the lunar tables' range). A year merely
 * without an official arrangement is counted on the provisional calendar instead (provisional-calendar.ts).
 */
export class CalendarYearMissingError extends Error {
  readonly code = 'CALENDAR.YEAR_MISSING' as const;
  readonly year: number;
  readonly details: ErrorDetail[];
  constructor(year: number, options: { day?: CalendarDay } = {}) {
    super(`${year} 年超出本系统可推算的年份范围（${FESTIVAL_YEARS.first}–${FESTIVAL_YEARS.last} 年）`);
    this.name = 'CalendarYearMissingError';
    this.year = year;
    this.details = options.day ? [{ path: 'date', message: `日期 ${options.day} 超出可推算的年份范围` }] : [];
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
        if (!belongsToNoticeYear(day, ext.year)) {
          ctx.addIssue({ code: 'custom', path, message: `${label} ${day} 不在 ${ext.year} 年内（元旦假期可从上一年 12 月 25 日起）` });
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

/**
 * Whether `day` can stand in the notice of `year`: the year itself, or the last days of the December before it
 * (a notice arranges 元旦 of its year, which may start on 12-30 or 12-31 of the year before).
 */
export function belongsToNoticeYear(day: CalendarDay, year: number): boolean {
  return yearOf(day) === year || (day >= `${year - 1}-12-25` && day <= `${year - 1}-12-31`);
}

/** Who made the year's official arrangement known to the product. */
export type ArrangementOrigin = 'bundled' | 'operator';

/** The notice as an operator entered it (国务院办公厅关于…年部分节假日安排的通知). */
export interface NoticeInfo {
  title: string;
  documentNumber: string;
  publishedOn: CalendarDay;
}

/** One year's arrangement entered by a platform operator (functions/calendar/arrangement-store.ts). */
export interface LoadedArrangement {
  year: number;
  holidays: readonly CalendarDay[];
  workdays: readonly CalendarDay[];
  notice: NoticeInfo;
  version: number;
}

export interface ArrangementInfo {
  year: number;
  origin: ArrangementOrigin;
  source: string;
  notice: NoticeInfo | null;
  /** The operator's version; 0 for bundled data. */
  version: number;
}

/** How the calendar answers for one day. */
export interface DayStatus {
  working: boolean;
  /** The answer comes from the provisional calendar: the year's notice is not loaded. */
  provisional: boolean;
  /** For a weekday off: the festival it belongs to (元旦, 春节, …). */
  festival?: string;
}

interface YearTable {
  /** Days off; a weekday listed here is not a working day. */
  holidays: ReadonlyMap<CalendarDay, string>;
  /** Make-up working days on a Saturday or Sunday. */
  workdays: ReadonlySet<CalendarDay>;
  info: ArrangementInfo;
}

/** The official working-day calendar (法定工作日，含调休), by Shanghai calendar date. */
export interface WorkingDayCalendar {
  /**
   * Whether `day` is an official working day: Monday–Friday unless a holiday, or a make-up working Saturday/Sunday.
   * `day` is a `YYYY-MM-DD` Shanghai date, or an instant (its Shanghai date is taken). A year without an official
   * arrangement is answered by the provisional calendar (see dayStatus). Throws CalendarYearMissingError only
   * outside 1901–2099.
   */
  isWorkingDay(day: CalendarDay | Date): boolean;
  /** isWorkingDay with where the answer comes from. */
  dayStatus(day: CalendarDay | Date): DayStatus;
  /** Whether the official arrangement of the notice of `year` is loaded. */
  hasYear(year: number): boolean;
  /** Where the year's arrangement comes from, if loaded. */
  sourceOf(year: number): string | undefined;
  arrangementOf(year: number): ArrangementInfo | undefined;
  /** Loaded years, ascending. */
  years(): number[];
  /**
   * Names the data this calendar counts on (the years loaded, and the operator's version of each): two calendars
   * with the same stamp count every day alike. A window records it, so a changed calendar finds the windows to
   * count again.
   */
  stamp(): string;
}

const CHINESE_DAYS_SOURCE = 'chinese-days（国务院办公厅部分节假日安排通知）';

const chineseDaysFile = z.object({
  holidays: z.record(z.string().refine(isCalendarDay), z.string()),
  workdays: z.record(z.string().refine(isCalendarDay), z.string()),
});

let chineseDaysTables: ReadonlyMap<number, YearTable> | undefined;

/** chinese-days labels a day "English name,中文名,days": the Chinese name. */
const chineseLabel = (value: string): string => value.split(',')[1] ?? value;

/**
 * The notice a chinese-days entry comes from: its year, except a 元旦 day in December, which the next year's notice
 * arranged (2018-12-30/31 are in the 2019 notice).
 */
function noticeYearOf(day: CalendarDay, label: string): number {
  const year = yearOf(day);
  return day.slice(5, 7) === '12' && label === '元旦' ? year + 1 : year;
}

/**
 * chinese-days' data grouped by notice year. A year counts as covered only when the package has at least one
 * holiday entry in it: the package answers for any date, treating an unknown year as plain weekdays, so coverage
 * must come from the data, never from a hard-coded last year.
 */
function tablesFromChineseDays(): ReadonlyMap<number, YearTable> {
  if (chineseDaysTables) return chineseDaysTables;
  const data = chineseDaysFile.parse(chineseDaysData);
  const byYear = new Map<number, { holidays: Map<CalendarDay, string>; workdays: Set<CalendarDay>; info: ArrangementInfo }>();
  const tableFor = (year: number) => {
    let table = byYear.get(year);
    if (!table) {
      table = { holidays: new Map(), workdays: new Set(), info: { year, origin: 'bundled', source: CHINESE_DAYS_SOURCE, notice: null, version: 0 } };
      byYear.set(year, table);
    }
    return table;
  };
  for (const [day, value] of Object.entries(data.holidays)) tableFor(noticeYearOf(day, chineseLabel(value))).holidays.set(day, chineseLabel(value));
  for (const [day, value] of Object.entries(data.workdays)) tableFor(noticeYearOf(day, chineseLabel(value))).workdays.add(day);
  for (const [year, table] of byYear) {
    if (table.holidays.size === 0) byYear.delete(year);
  }
  chineseDaysTables = byYear;
  return byYear;
}

/** The festival a day off in the notice of `year` belongs to: the one whose date is nearest. */
function nearestFestival(day: CalendarDay, year: number): string {
  if (year < FESTIVAL_YEARS.first || year > FESTIVAL_YEARS.last) return '放假';
  const dates = festivalDates(year);
  const at = Date.parse(day);
  let best = '放假';
  let bestDistance = 15; // days; further than that from every festival: a day off of its own (e.g. a commemoration)
  for (const festival of festivals) {
    const distance = Math.abs(Date.parse(festivalAnchor(dates, festival)) - at) / 86_400_000;
    if (distance < bestDistance) {
      bestDistance = distance;
      best = festivalLabels[festival];
    }
  }
  return best;
}

function tableOf(year: number, holidays: readonly CalendarDay[], workdays: readonly CalendarDay[], info: ArrangementInfo): YearTable {
  return { holidays: new Map(holidays.map((day) => [day, nearestFestival(day, year)])), workdays: new Set(workdays), info };
}

const isWeekday = (day: CalendarDay): boolean => {
  const weekday = weekdayOf(day);
  return weekday >= 1 && weekday <= 5;
};

/**
 * The calendar: chinese-days' years, then the extension years (config/holidays), then the arrangements an operator
 * entered — each later source replacing the earlier ones for its year entirely, so a corrected or newly published
 * notice takes effect as data. Years with none of these are answered by the provisional calendar. Extensions are
 * validated here; a bad file throws CalendarExtensionInvalidError.
 */
export function officialCalendar(
  extensions: readonly unknown[] = [],
  loaded: readonly LoadedArrangement[] = [],
  options: { /** Years to count as if unannounced (the proof of "never earlier" pretends so). */ unannounced?: readonly number[] } = {},
): WorkingDayCalendar {
  const tables = new Map<number, YearTable>(tablesFromChineseDays());
  for (const ext of parseHolidayExtensions(extensions)) {
    const source = ext.source ?? `config/holidays/${ext.year}.json`;
    tables.set(ext.year, tableOf(ext.year, ext.holidays, ext.workdays, { year: ext.year, origin: 'bundled', source, notice: null, version: 0 }));
  }
  for (const a of loaded) {
    const source = `${a.notice.title}（${a.notice.documentNumber}）`;
    tables.set(a.year, tableOf(a.year, a.holidays, a.workdays, { year: a.year, origin: 'operator', source, notice: a.notice, version: a.version }));
  }
  for (const year of options.unannounced ?? []) tables.delete(year);

  // Answers per day, kept: a calendar is immutable, and windows ask about the same few hundred days again and again.
  const answers = new Map<CalendarDay, DayStatus>();
  function dayStatus(input: CalendarDay | Date): DayStatus {
    const day = typeof input === 'string' ? input : formatShanghaiDate(input);
    const known = answers.get(day);
    if (known) return known;
    const answer = computeStatus(assertCalendarDay(day));
    answers.set(day, answer);
    return answer;
  }

  function computeStatus(day: CalendarDay): DayStatus {
    const year = yearOf(day);
    if (year < FESTIVAL_YEARS.first || year > FESTIVAL_YEARS.last) throw new CalendarYearMissingError(year, { day });
    // Late December: the next year's notice arranges 元旦, which may begin here.
    if (day >= `${year}-12-25`) {
      const next = tables.get(year + 1);
      if (next) {
        if (next.workdays.has(day)) return { working: true, provisional: false };
        const festival = next.holidays.get(day);
        if (festival) return { working: false, provisional: false, festival };
      } else if (year + 1 <= FESTIVAL_YEARS.last) {
        const festival = provisionalDaysOff(year + 1).get(day);
        if (festival && (!tables.has(year) || !tables.get(year)?.holidays.has(day))) return { working: false, provisional: true, festival: festivalLabels[festival] };
      }
    }
    const table = tables.get(year);
    if (!table) {
      const festival = provisionalDaysOff(year).get(day);
      return festival ? { working: false, provisional: true, festival: festivalLabels[festival] } : { working: isWeekday(day), provisional: true };
    }
    if (table.workdays.has(day)) return { working: true, provisional: false };
    const festival = table.holidays.get(day);
    if (festival) return { working: false, provisional: false, festival };
    return { working: isWeekday(day), provisional: false };
  }

  return {
    isWorkingDay: (day) => dayStatus(day).working,
    dayStatus,
    hasYear: (year) => tables.has(year),
    sourceOf: (year) => tables.get(year)?.info.source,
    arrangementOf: (year) => tables.get(year)?.info,
    years: () => [...tables.keys()].sort((a, b) => a - b),
    stamp: () =>
      [...tables.values()]
        .sort((a, b) => a.info.year - b.info.year)
        .map((t) => (t.info.origin === 'operator' ? `${t.info.year}v${t.info.version}` : String(t.info.year)))
        .join(','),
  };
}

/** The rule a provisional year is counted by, for pages and the API. */
export const provisionalSource = provisionalRuleText;

