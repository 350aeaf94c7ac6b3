// The statutory days off of 《全国年节及纪念日放假办法》 (the holidays all citizens have, 全体公民放假的节日), by the
// version in force in a year. The State Council's yearly notice arranges the days around them (调休); every statutory
// day is among its days off. Used to warn an operator who enters a notice that leaves one out.
import { type CalendarDay, addCalendarDays } from './shanghai-date';
import { type Festival, festivalDates } from './festival-dates';

export interface StatuteVersion {
  /** The first year the version governs (each took effect on 1 January). */
  from: number;
  citation: string;
  /** Days off per festival, as the article lists them. */
  days: Record<Festival, (year: number) => CalendarDay[]>;
}

const fixed = (monthDay: string, count = 1) => (year: number): CalendarDay[] =>
  Array.from({ length: count }, (_, i) => addCalendarDays(`${year}-${monthDay}`, i));
const lunarNewYear = (withEve: boolean, count: number) => (year: number): CalendarDay[] => {
  const { lunarNewYearsEve, lunarNewYear: first } = festivalDates(year);
  const days = Array.from({ length: count }, (_, i) => addCalendarDays(first, i));
  return withEve ? [lunarNewYearsEve, ...days] : days;
};
const none = (): CalendarDay[] => [];
const qingming = (year: number): CalendarDay[] => [festivalDates(year).qingming];
const dragonBoat = (year: number): CalendarDay[] => [festivalDates(year).dragonBoat];
const midAutumn = (year: number): CalendarDay[] => [festivalDates(year).midAutumn];

/** Newest first. */
export const statuteVersions: readonly StatuteVersion[] = [
  {
    from: 2025,
    citation: '《全国年节及纪念日放假办法》（2024年11月10日国务院令第795号修订）第二条',
    days: { newYear: fixed('01-01'), springFestival: lunarNewYear(true, 3), qingming, labourDay: fixed('05-01', 2), dragonBoat, midAutumn, nationalDay: fixed('10-01', 3) },
  },
  {
    from: 2014,
    citation: '《全国年节及纪念日放假办法》（2013年12月11日国务院令第644号修订）第二条',
    days: { newYear: fixed('01-01'), springFestival: lunarNewYear(false, 3), qingming, labourDay: fixed('05-01'), dragonBoat, midAutumn, nationalDay: fixed('10-01', 3) },
  },
  {
    from: 2008,
    citation: '《全国年节及纪念日放假办法》（2007年12月14日国务院令第513号修订）第二条',
    days: { newYear: fixed('01-01'), springFestival: lunarNewYear(true, 2), qingming, labourDay: fixed('05-01'), dragonBoat, midAutumn, nationalDay: fixed('10-01', 3) },
  },
  {
    from: 2000,
    citation: '《全国年节及纪念日放假办法》（1999年9月18日国务院令第270号修订）第二条',
    days: { newYear: fixed('01-01'), springFestival: lunarNewYear(false, 3), qingming: none, labourDay: fixed('05-01', 3), dragonBoat: none, midAutumn: none, nationalDay: fixed('10-01', 3) },
  },
];

/** The version in force in `year` (from 2000). */
export function statuteFor(year: number): StatuteVersion {
  const version = statuteVersions.find((v) => year >= v.from);
  if (!version) throw new RangeError(`${year} 年早于本系统支持的《全国年节及纪念日放假办法》版本`);
  return version;
}

/** Every statutory day off in `year`, by festival. */
export function statutoryDays(year: number): { festival: Festival; days: CalendarDay[] }[] {
  const version = statuteFor(year);
  return (Object.keys(version.days) as Festival[]).map((festival) => ({ festival, days: version.days[festival](year) })).filter((f) => f.days.length > 0);
}
