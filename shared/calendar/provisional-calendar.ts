// The provisional calendar (暂按法定节假日推算) for a year whose official arrangement is not loaded yet
// (DESIGN.md invariant 4). It must never let a window end earlier than the official arrangement will: every day the
// notice could give off must be off here, and no make-up working day (调休上班) is assumed. A window counted on it
// then has no more working days than on the official calendar, so it ends on the same day or later.
//
// The notice gives off more than the statutory days: the days joining a festival to the weekend (与周末连休), the
// in-lieu day of a statutory day on a weekend (补假), and the long blocks of 春节, 劳动节 and 国庆. How far around each
// festival that reaches was read from the published arrangements 2015–2026: for each festival, the weekdays off lay
// between `before` and `after` calendar days of its anchor (元旦: 1月1日; 春节: 正月初一; 清明: the solar term;
// 劳动节: 5月1日; 端午, 中秋: the lunar date; 国庆: 10月1日). Every weekday in that span is off here.
// test/unit/calendar/provisional-calendar.test.ts derives the spans again from chinese-days' 2015–2026 data and
// checks they are exactly these; publicity-window "never earlier" is proved over those years in
// test/unit/calendar/provisional-never-earlier.property.test.ts, and its cost printed by `npm run bench`.
//
// Not foreseeable, and not covered: one-off days off outside the statute (2015-09-03/04, 抗战胜利70周年). When such
// a notice is loaded, open windows are recomputed and extended (functions/calendar/recompute-windows.ts).
import { type CalendarDay, addCalendarDays, weekdayOf } from './shanghai-date';
import { type Festival, festivalAnchor, festivalDates, festivals } from './festival-dates';

export interface FestivalSpan {
  /** Calendar days before the anchor that may be off (a negative offset's size). */
  before: number;
  /** Calendar days after the anchor that may be off. */
  after: number;
}

export const provisionalSpans: Record<Festival, FestivalSpan> = {
  newYear: { before: 1, after: 2 }, // 2019: 12-31 (Mon) off; 2022: 01-03 (Mon, in lieu of Saturday)
  springFestival: { before: 1, after: 6 }, // 除夕 .. 正月初七 (2024, 2026: 初七 off)
  qingming: { before: 1, after: 2 },
  labourDay: { before: 1, after: 4 }, // 2018: 04-30 off; 2020, 2025, 2026: 05-05 off
  dragonBoat: { before: 1, after: 2 },
  midAutumn: { before: 1, after: 2 },
  nationalDay: { before: 0, after: 7 }, // 2020, 2025: 10-08 off
};

export const provisionalRuleText =
  '按《全国年节及纪念日放假办法》推算：各节日法定假日及其前后惯常连休的工作日（元旦前1后2天、春节除夕至初七、清明前1后2天、劳动节前1后4天、端午前1后2天、中秋前1后2天、国庆1日至8日）均按放假计，周末均按休息计，不假定调休上班';

const cache = new Map<number, ReadonlyMap<CalendarDay, Festival>>();

/**
 * The weekdays the provisional rule gives off for the notice of `year`, each with its festival. May include the
 * last days of December of `year − 1` (元旦's span), as a notice does.
 */
export function provisionalDaysOff(year: number): ReadonlyMap<CalendarDay, Festival> {
  const hit = cache.get(year);
  if (hit) return hit;
  const dates = festivalDates(year);
  const off = new Map<CalendarDay, Festival>();
  for (const festival of festivals) {
    const anchor = festivalAnchor(dates, festival);
    const span = provisionalSpans[festival];
    for (let offset = -span.before; offset <= span.after; offset += 1) {
      const day = addCalendarDays(anchor, offset);
      const weekday = weekdayOf(day);
      if (weekday !== 0 && weekday !== 6 && !off.has(day)) off.set(day, festival);
    }
  }
  cache.set(year, off);
  return off;
}
