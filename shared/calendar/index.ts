// The official working-day calendar (法定工作日，含调休) and publicity windows, all in Asia/Shanghai.
export {
  CalendarExtensionInvalidError,
  CalendarYearMissingError,
  holidayExtensionSchema,
  officialCalendar,
  parseHolidayExtensions,
  type HolidayExtension,
  type WorkingDayCalendar,
} from './official-calendar';
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
