import type { WorkingDayCalendar } from './official-calendar';
import {
  type CalendarDay,
  addCalendarDays,
  endOfShanghaiDay,
  formatShanghaiDate,
  isShanghaiMidnight,
} from './shanghai-date';

/** A publicity (公示) window of at least N full official working days (DESIGN.md invariant 4). */
export interface PublicityWindow {
  /** When the list went up: the `openedAt` given. */
  opensAt: Date;
  /** 24:00 Asia/Shanghai of the last counted working day (00:00 +08:00 of the next day, as an instant). */
  endsAt: Date;
  /** The full working days the window contains, `YYYY-MM-DD`, ascending; `days` of them. */
  workingDays: CalendarDay[];
  /**
   * Some day counted or passed over lies in a year whose official arrangement is not loaded: the end is
   * provisional (暂按法定节假日推算) and may move later once it is, never earlier.
   */
  provisional: boolean;
}

/** Longest window accepted, in working days: a year's worth. */
export const MAX_PUBLICITY_WORKING_DAYS = 250;

function instantMs(instant: Date, what: string): number {
  const ms = instant instanceof Date ? instant.getTime() : Number.NaN;
  if (Number.isNaN(ms)) throw new RangeError(`${what}不是有效的时间`);
  return ms;
}

/**
 * The window that opens at `openedAt` and lasts `days` full working days ("不少于5个工作日").
 *
 * A full working day is an official working day (see WorkingDayCalendar.isWorkingDay) whose whole span
 * 00:00–24:00 Asia/Shanghai lies inside the window. So the opening day counts only when the window opened at
 * exactly 00:00:00.000 of it and it is a working day; a list put up at 10:00 on a working day gets that day for
 * free. The window ends at 24:00 of the `days`-th full working day: weekends and holidays in between extend it,
 * make-up working days (调休) count.
 *
 * A year with no loaded arrangement is counted on the provisional calendar, and the window says so
 * (`provisional`). Throws RangeError for an invalid instant or a `days` that is not an integer in 1..MAX_PUBLICITY_WORKING_DAYS.
 */
export function publicityWindow(openedAt: Date, days: number, calendar: WorkingDayCalendar): PublicityWindow {
  instantMs(openedAt, '公示开始时间');
  if (!Number.isInteger(days) || days < 1 || days > MAX_PUBLICITY_WORKING_DAYS) {
    throw new RangeError(`公示工作日数应为 1 到 ${MAX_PUBLICITY_WORKING_DAYS} 之间的整数，收到 ${days}`);
  }
  const openingDay = formatShanghaiDate(openedAt);
  let day = isShanghaiMidnight(openedAt) ? openingDay : addCalendarDays(openingDay, 1);
  const workingDays: CalendarDay[] = [];
  let provisional = false;
  // Terminates: every year, official or provisional, has working days.
  for (;;) {
    const status = calendar.dayStatus(day);
    if (status.provisional) provisional = true;
    if (status.working) {
      workingDays.push(day);
      if (workingDays.length === days) break;
    }
    day = addCalendarDays(day, 1);
  }
  return { opensAt: new Date(openedAt.getTime()), endsAt: endOfShanghaiDay(day), workingDays, provisional };
}

/**
 * Working days left in a window, for countdowns ("公示期剩余 3 个工作日").
 *
 * Precisely: the number of Shanghai calendar days D that are official working days and whose span
 * [D 00:00, D 24:00) overlaps [now, endsAt) — working days not yet over at `now` on which the window is still
 * open. Today counts while it lasts (even at 23:59) if it is a working day; so on the opening day, after the list
 * went up, the count is the window's full days plus one when the opening day is a working day (the partial day
 * is still a day to file reports). It never increases as `now` advances, drops by one at each working day's
 * 24:00, and is 0 from `endsAt` on. Only days from `now`'s date to `endsAt` are looked up, so a countdown on a
 * closed window never needs the calendar.
 */
export function workingDaysLeft(now: Date, endsAt: Date, calendar: WorkingDayCalendar): number {
  const nowMs = instantMs(now, '当前时间');
  const endMs = instantMs(endsAt, '公示截止时间');
  if (nowMs >= endMs) return 0;
  const lastDay = formatShanghaiDate(new Date(endMs - 1));
  let count = 0;
  for (let day = formatShanghaiDate(now); ; day = addCalendarDays(day, 1)) {
    if (calendar.isWorkingDay(day)) count += 1;
    if (day === lastDay) return count;
  }
}

/** Whether `now` lies inside the window [opensAt, endsAt). */
export function isPublicityOpen(now: Date, window: Pick<PublicityWindow, 'opensAt' | 'endsAt'>): boolean {
  const ms = instantMs(now, '当前时间');
  return ms >= window.opensAt.getTime() && ms < window.endsAt.getTime();
}
