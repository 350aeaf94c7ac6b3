// The official working-day calendar (法定工作日，含调休) and publicity windows, all in Asia/Shanghai.
export {
  CalendarExtensionInvalidError,
  CalendarYearMissingError,
  belongsToNoticeYear,
  holidayExtensionSchema,
  officialCalendar,
  parseHolidayExtensions,
  provisionalSource,
  type ArrangementInfo,
  type DayStatus,
  type HolidayExtension,
  type LoadedArrangement,
  type NoticeInfo,
  type WorkingDayCalendar,
} from './official-calendar';
export { arrangementErrors, arrangementWarnings, type Arrangement } from './arrangement';
export { calendarYearBasis, daysOfYear, describeCalendarYear } from './calendar-year';
export { festivalDates, festivalLabels, festivals, type Festival, type FestivalDates } from './festival-dates';
export { provisionalDaysOff, provisionalSpans } from './provisional-calendar';
export { statuteFor, statutoryDays, statuteVersions } from './statutory-holidays';
export {
  MAX_PUBLICITY_WORKING_DAYS,
  isPublicityOpen,
  publicityWindow,
  workingDaysLeft,
  type PublicityWindow,
} from './publicity-window';
export {
  addCalendarDays,
  endOfShanghaiDay,
  formatShanghaiDate,
  formatShanghaiDateTime,
  formatShanghaiEnd,
  isCalendarDay,
  isShanghaiMidnight,
  startOfShanghaiDay,
  weekdayOf,
  type CalendarDay,
} from './shanghai-date';
