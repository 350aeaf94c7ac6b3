// The dates of the statutory festivals (《全国年节及纪念日放假办法》) in a Gregorian year: 元旦, 春节 (农历除夕、正月初一),
// 清明 (the solar term), 劳动节, 端午 (农历五月初五), 中秋 (农历八月十五), 国庆. Lunar dates and the solar term come from
// chinese-days (the maintained library the calendar already uses); no lunar arithmetic of our own.
//
// chinese-days builds its dates with the process's local time zone. Its lunar conversion is consistent when given
// local `Date` objects (it reads and writes local fields only), so we pass those. Its solar-term function formats
// a date it parsed as UTC midnight with local getters, which west of UTC reads the day before; we undo that shift.
// Both are checked under America/Los_Angeles and Asia/Shanghai in test/unit/calendar/festival-dates.test.ts.
import { getSolarDateFromLunar, getSolarTermDate } from 'chinese-days';
import { type CalendarDay, addCalendarDays, isCalendarDay } from './shanghai-date';

export const festivals = ['newYear', 'springFestival', 'qingming', 'labourDay', 'dragonBoat', 'midAutumn', 'nationalDay'] as const;
export type Festival = (typeof festivals)[number];
export const festivalLabels: Record<Festival, string> = {
  newYear: '元旦',
  springFestival: '春节',
  qingming: '清明节',
  labourDay: '劳动节',
  dragonBoat: '端午节',
  midAutumn: '中秋节',
  nationalDay: '国庆节',
};

/** The years chinese-days' lunar tables cover (1900–2100), less the edges. */
export const FESTIVAL_YEARS = { first: 1901, last: 2099 } as const;

export interface FestivalDates {
  year: number;
  /** 1月1日 */
  newYear: CalendarDay;
  /** 农历除夕 (the last day of the twelfth lunar month before 正月初一) */
  lunarNewYearsEve: CalendarDay;
  /** 农历正月初一 */
  lunarNewYear: CalendarDay;
  /** 清明 (the solar term's day) */
  qingming: CalendarDay;
  /** 5月1日 */
  labourDay: CalendarDay;
  /** 农历五月初五 */
  dragonBoat: CalendarDay;
  /** 农历八月十五 */
  midAutumn: CalendarDay;
  /** 10月1日 */
  nationalDay: CalendarDay;
}

const pad2 = (n: number): string => (n < 10 ? `0${n}` : String(n));

/** The Gregorian date of lunar month/day in lunar year `year` (the non-leap month). */
function solarOfLunar(year: number, month: number, day: number): CalendarDay {
  // A local Date: chinese-days reads its lunar year, month and day with local getters.
  const { date } = getSolarDateFromLunar(new Date(year, month - 1, day));
  return checked(date, `农历${year}年${month}月${day}日`);
}

function checked(day: string, what: string): CalendarDay {
  if (!isCalendarDay(day)) throw new RangeError(`无法推算${what}的公历日期（得到“${day}”）`);
  return day;
}

/** The day of 清明 in `year`, whatever the process time zone. */
function qingmingOf(year: number): CalendarDay {
  const raw = checked(getSolarTermDate(year, 4, 'pure_brightness'), `${year}年清明`);
  // The library formats Date.UTC(y, m, d) with local getters: west of UTC that is the day before.
  const westOfUtc = new Date(Date.UTC(year, 3, 5)).getDate() !== 5;
  return westOfUtc ? addCalendarDays(raw, 1) : raw;
}

const cache = new Map<number, FestivalDates>();

/** The festival dates of a Gregorian year (1901–2099). */
export function festivalDates(year: number): FestivalDates {
  if (!Number.isInteger(year) || year < FESTIVAL_YEARS.first || year > FESTIVAL_YEARS.last) {
    throw new RangeError(`年份应为 ${FESTIVAL_YEARS.first} 到 ${FESTIVAL_YEARS.last} 之间的整数，收到 ${year}`);
  }
  const hit = cache.get(year);
  if (hit) return hit;
  const lunarNewYear = solarOfLunar(year, 1, 1);
  const dates: FestivalDates = {
    year,
    newYear: `${year}-01-01`,
    lunarNewYearsEve: addCalendarDays(lunarNewYear, -1),
    lunarNewYear,
    qingming: qingmingOf(year),
    labourDay: `${year}-05-01`,
    dragonBoat: solarOfLunar(year, 5, 5),
    midAutumn: solarOfLunar(year, 8, 15),
    nationalDay: `${year}-${pad2(10)}-01`,
  };
  cache.set(year, dates);
  return dates;
}

/** The date each festival's count starts from (its first statutory day, or 正月初一 for 春节). */
export function festivalAnchor(dates: FestivalDates, festival: Festival): CalendarDay {
  switch (festival) {
    case 'newYear':
      return dates.newYear;
    case 'springFestival':
      return dates.lunarNewYear;
    case 'qingming':
      return dates.qingming;
    case 'labourDay':
      return dates.labourDay;
    case 'dragonBoat':
      return dates.dragonBoat;
    case 'midAutumn':
      return dates.midAutumn;
    case 'nationalDay':
      return dates.nationalDay;
  }
}
