import { calendarBasisLabels, type CalendarYearView } from '../api/calendar';
import { type WorkingDayCalendar, provisionalSource } from './official-calendar';
import { type CalendarDay, addCalendarDays, weekdayOf } from './shanghai-date';

/** Every day of a Gregorian year, ascending. */
export function daysOfYear(year: number): CalendarDay[] {
  const days: CalendarDay[] = [];
  for (let day = `${year}-01-01`; day <= `${year}-12-31`; day = addCalendarDays(day, 1)) days.push(day);
  return days;
}

/** What a year is counted on — official (whose notice) or provisional — without its days: the operator's year list. */
export function calendarYearBasis(calendar: WorkingDayCalendar, year: number): Omit<CalendarYearView, 'daysOff' | 'makeUpWorkdays' | 'workingDayCount'> {
  const info = calendar.arrangementOf(year);
  const basis = info ? 'official' : 'provisional';
  return {
    year,
    basis,
    basisLabel: calendarBasisLabels[basis],
    source: info?.source ?? provisionalSource,
    origin: info?.origin ?? null,
    notice: info?.notice ?? null,
    version: info?.version ?? 0,
  };
}

/** A year as the calendar counts it: what GET /v1/calendar/years/{year} answers and the month grid draws. */
export function describeCalendarYear(calendar: WorkingDayCalendar, year: number): CalendarYearView {
  const daysOff: CalendarYearView['daysOff'] = [];
  const makeUpWorkdays: string[] = [];
  let workingDayCount = 0;
  for (const day of daysOfYear(year)) {
    const status = calendar.dayStatus(day);
    const weekend = weekdayOf(day) === 0 || weekdayOf(day) === 6;
    if (status.working) workingDayCount += 1;
    if (!status.working && !weekend) daysOff.push({ date: day, festival: status.festival ?? '放假' });
    if (status.working && weekend) makeUpWorkdays.push(day);
  }
  return { ...calendarYearBasis(calendar, year), daysOff, makeUpWorkdays, workingDayCount };
}
