// How the provisional calendar compares with the official one over a year whose arrangement is published: the proof
// that a window counted on it never ends earlier (test/unit/calendar/provisional-never-earlier.property.test.ts) and
// what the caution costs (npm run bench).
import { officialCalendar, type WorkingDayCalendar } from '../../shared/calendar/official-calendar';
import { publicityWindow } from '../../shared/calendar/publicity-window';
import { DAY_MS, startOfShanghaiDay } from '../../shared/calendar/shanghai-date';

export interface CautionComparison {
  year: number;
  workingDays: number;
  /** Windows opened: one at every hour-aligned instant of the year. */
  windows: number;
  /** Windows whose provisional end came before the official one (must be 0). */
  earlier: { opensAt: string; provisionalEnd: string; officialEnd: string }[];
  /** Windows whose provisional end came later, and by how many calendar days in all. */
  later: number;
  daysLaterTotal: number;
  maxDaysLater: number;
}

/**
 * Opens a window of `workingDays` at every hour-aligned instant of `year`, on the official calendar and on one that
 * pretends `year` is unannounced, and compares the ends. `official` defaults to the bundled calendar.
 */
export function compareWithOfficial(year: number, workingDays: number, official: WorkingDayCalendar = officialCalendar(), provisional: WorkingDayCalendar = officialCalendar([], [], { unannounced: [year] })): CautionComparison {
  const result: CautionComparison = { year, workingDays, windows: 0, earlier: [], later: 0, daysLaterTotal: 0, maxDaysLater: 0 };
  const start = startOfShanghaiDay(`${year}-01-01`).getTime();
  const end = startOfShanghaiDay(`${year + 1}-01-01`).getTime();
  for (let at = start; at < end; at += 3_600_000) {
    const opensAt = new Date(at);
    const officialEnd = publicityWindow(opensAt, workingDays, official).endsAt.getTime();
    const provisionalEnd = publicityWindow(opensAt, workingDays, provisional).endsAt.getTime();
    result.windows += 1;
    if (provisionalEnd < officialEnd) result.earlier.push({ opensAt: opensAt.toISOString(), provisionalEnd: new Date(provisionalEnd).toISOString(), officialEnd: new Date(officialEnd).toISOString() });
    if (provisionalEnd > officialEnd) {
      const days = (provisionalEnd - officialEnd) / DAY_MS;
      result.later += 1;
      result.daysLaterTotal += days;
      result.maxDaysLater = Math.max(result.maxDaysLater, days);
    }
  }
  return result;
}
