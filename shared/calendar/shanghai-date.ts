// Calendar days and instants in Asia/Shanghai. China has had no daylight saving time since 1991, so a fixed
// +08:00 offset is exact for every date this product handles, and it spares us Intl time-zone data that the
// WeChat runtime may lack. Nothing here reads the process time zone.

/** A Shanghai calendar date written `YYYY-MM-DD`. */
export type CalendarDay = string;

export const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000;
export const DAY_MS = 24 * 60 * 60 * 1000;

const CALENDAR_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

function assertInstant(instant: Date, what: string): number {
  const ms = instant instanceof Date ? instant.getTime() : Number.NaN;
  if (Number.isNaN(ms)) throw new RangeError(`${what}不是有效的时间`);
  return ms;
}

/** Days since 1970-01-01 of the Shanghai calendar date that contains `ms`. */
function shanghaiDayNumber(ms: number): number {
  return Math.floor((ms + SHANGHAI_OFFSET_MS) / DAY_MS);
}

function dayFromNumber(dayNumber: number): CalendarDay {
  const d = new Date(dayNumber * DAY_MS);
  return `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`;
}

/** Days since 1970-01-01, or NaN when `day` is not a real date in `YYYY-MM-DD` form. */
function dayNumberOf(day: string): number {
  const m = CALENDAR_DAY.exec(day);
  if (!m) return Number.NaN;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const date = Number(m[3]);
  const ms = Date.UTC(year, month - 1, date);
  const check = new Date(ms);
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== date) {
    return Number.NaN;
  }
  return ms / DAY_MS;
}

/** True when `day` is a real date written `YYYY-MM-DD`. */
export function isCalendarDay(day: unknown): day is CalendarDay {
  return typeof day === 'string' && !Number.isNaN(dayNumberOf(day));
}

/** Returns `day` unchanged, or throws a RangeError when it is not a real `YYYY-MM-DD` date. */
export function assertCalendarDay(day: string): CalendarDay {
  if (!isCalendarDay(day)) throw new RangeError(`日期“${String(day)}”无效，应为 YYYY-MM-DD 格式的公历日期`);
  return day;
}

/** The Shanghai calendar date of an instant, `YYYY-MM-DD`. */
export function formatShanghaiDate(instant: Date): CalendarDay {
  return dayFromNumber(shanghaiDayNumber(assertInstant(instant, '日期')));
}

/** The Shanghai wall-clock time of an instant, `YYYY-MM-DD HH:mm`. */
export function formatShanghaiDateTime(instant: Date): string {
  const ms = assertInstant(instant, '时间');
  const local = new Date(ms + SHANGHAI_OFFSET_MS);
  return `${formatShanghaiDate(instant)} ${pad2(local.getUTCHours())}:${pad2(local.getUTCMinutes())}`;
}

/**
 * The end of a window as people write it: an instant at Shanghai midnight is shown as 24:00 of the day before
 * (`2026-10-12 24:00`, not `2026-10-13 00:00`); any other instant as `YYYY-MM-DD HH:mm`.
 */
export function formatShanghaiEnd(endsAt: Date): string {
  const ms = assertInstant(endsAt, '截止时间');
  if ((ms + SHANGHAI_OFFSET_MS) % DAY_MS === 0) return `${dayFromNumber(shanghaiDayNumber(ms) - 1)} 24:00`;
  return formatShanghaiDateTime(endsAt);
}

/** 00:00 Asia/Shanghai of `day`, as an instant. */
export function startOfShanghaiDay(day: CalendarDay): Date {
  const n = dayNumberOf(assertCalendarDay(day));
  return new Date(n * DAY_MS - SHANGHAI_OFFSET_MS);
}

/** 24:00 Asia/Shanghai of `day` (= 00:00 of the next day), as an instant. */
export function endOfShanghaiDay(day: CalendarDay): Date {
  const n = dayNumberOf(assertCalendarDay(day));
  return new Date((n + 1) * DAY_MS - SHANGHAI_OFFSET_MS);
}

/** True when the instant is exactly 00:00:00.000 Asia/Shanghai. */
export function isShanghaiMidnight(instant: Date): boolean {
  return (assertInstant(instant, '时间') + SHANGHAI_OFFSET_MS) % DAY_MS === 0;
}

/** `day` moved by `delta` calendar days. */
export function addCalendarDays(day: CalendarDay, delta: number): CalendarDay {
  return dayFromNumber(dayNumberOf(assertCalendarDay(day)) + delta);
}

/** 0 = Sunday … 6 = Saturday. */
export function weekdayOf(day: CalendarDay): number {
  const n = dayNumberOf(assertCalendarDay(day));
  // 1970-01-01 was a Thursday.
  return (((n + 4) % 7) + 7) % 7;
}

/** The year of a `YYYY-MM-DD` date. */
export function yearOf(day: CalendarDay): number {
  return Number(assertCalendarDay(day).slice(0, 4));
}
