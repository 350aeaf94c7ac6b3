// Official holiday arrangements for years chinese-days does not cover (or gets wrong), one JSON file per year.
// Format and how to add a year: ./README.md. The files are validated by officialCalendar() in shared/calendar;
// this module only lists them, so it imports nothing from shared/.
//
// To add a year, import its file statically (the mini-program bundles it; no fs at run time) and list it:
//   import y2027 from './2027.json';
//   export const holidayExtensions: readonly unknown[] = [y2027];
//
// None yet: the State Council has not published the 2027 arrangement, and a guessed one would be worse than the
// CALENDAR.YEAR_MISSING error a 2027 date raises now.
export const holidayExtensions: readonly unknown[] = [];
