import fc from 'fast-check';
import {
  CalendarYearMissingError,
  addCalendarDays,
  endOfShanghaiDay,
  formatShanghaiDate,
  isShanghaiMidnight,
  officialCalendar,
  publicityWindow,
  startOfShanghaiDay,
  workingDaysLeft,
} from '@shared/calendar';

const calendar = officialCalendar();
const FROM = new Date('2024-01-01T00:00:00+08:00');
const TO = new Date('2026-12-31T23:59:59.999+08:00');
const DAY = 24 * 60 * 60 * 1000;

// Any instant, or exactly a Shanghai midnight (the one case where the opening day can count).
const openingInstant = fc.oneof(
  fc.date({ min: FROM, max: TO, noInvalidDate: true }),
  fc.integer({ min: 0, max: Math.floor((TO.getTime() - FROM.getTime()) / DAY) }).map((n) => new Date(FROM.getTime() + n * DAY)),
);
const workingDayCount = fc.integer({ min: 1, max: 10 });

/** Windows that would need 2027 must fail naming 2027; only late-December openings can. */
function windowOrMissingYear(openedAt: Date, days: number) {
  try {
    return publicityWindow(openedAt, days, calendar);
  } catch (error) {
    expect(error).toBeInstanceOf(CalendarYearMissingError);
    expect((error as CalendarYearMissingError).year).toBe(2027);
    expect(openedAt.getTime()).toBeGreaterThanOrEqual(new Date('2026-12-01T00:00:00+08:00').getTime());
    return undefined;
  }
}

describe('publicityWindow properties (2024–2026 openings, 1..10 working days)', () => {
  it('contains exactly `days` full working days and ends at 24:00 of the last of them', () => {
    fc.assert(
      fc.property(openingInstant, workingDayCount, (openedAt, days) => {
        const window = windowOrMissingYear(openedAt, days);
        if (!window) return;

        // Recount independently: every calendar day from the opening date to the day before endsAt.
        const lastDay = formatShanghaiDate(new Date(window.endsAt.getTime() - 1));
        const full: string[] = [];
        for (let d = formatShanghaiDate(openedAt); d <= lastDay; d = addCalendarDays(d, 1)) {
          const whollyInside = startOfShanghaiDay(d) >= openedAt && endOfShanghaiDay(d) <= window.endsAt;
          if (whollyInside && calendar.isWorkingDay(d)) full.push(d);
        }

        expect(full.length).toBeGreaterThanOrEqual(days);
        expect(full).toEqual(window.workingDays);
        expect(window.workingDays).toHaveLength(days);
        // Ends at 24:00 of a working day, and that day is the `days`-th full working day.
        expect(isShanghaiMidnight(window.endsAt)).toBe(true);
        expect(calendar.isWorkingDay(lastDay)).toBe(true);
        expect(full[days - 1]).toBe(lastDay);
        expect(window.opensAt.getTime()).toBe(openedAt.getTime());
      }),
      { numRuns: 1000 },
    );
  });

  it('is never longer than needed: ending one working day earlier would fall short', () => {
    fc.assert(
      fc.property(openingInstant, workingDayCount, (openedAt, days) => {
        const window = windowOrMissingYear(openedAt, days);
        if (!window) return;
        const shorter = window.workingDays.slice(0, -1);
        const previousEnd = shorter.length > 0 ? endOfShanghaiDay(shorter[shorter.length - 1] as string) : undefined;
        if (previousEnd) expect(previousEnd.getTime()).toBeLessThan(window.endsAt.getTime());
        expect(shorter).toHaveLength(days - 1);
      }),
      { numRuns: 300 },
    );
  });

  it('workingDaysLeft counts down to 0 monotonically and matches the days still open', () => {
    fc.assert(
      fc.property(
        openingInstant,
        workingDayCount,
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 30 }),
        (openedAt, days, fractions) => {
          const window = windowOrMissingYear(openedAt, days);
          if (!window) return;
          const start = openedAt.getTime();
          const end = window.endsAt.getTime();
          const instants = [...fractions.map((f) => start + Math.floor(f * (end + 2 * DAY - start))), start, end - 1, end].sort(
            (a, b) => a - b,
          );
          const openingDay = formatShanghaiDate(openedAt);
          const partialOpeningDay = calendar.isWorkingDay(openingDay) && !window.workingDays.includes(openingDay);

          let previous = Number.POSITIVE_INFINITY;
          for (const ms of instants) {
            const now = new Date(ms);
            const left = workingDaysLeft(now, window.endsAt, calendar);
            expect(left).toBeLessThanOrEqual(previous);
            previous = left;

            const expected =
              ms >= end
                ? 0
                : window.workingDays.filter((d) => endOfShanghaiDay(d).getTime() > ms).length +
                  (partialOpeningDay && formatShanghaiDate(now) === openingDay ? 1 : 0);
            expect(left).toBe(expected);
          }
          expect(workingDaysLeft(openedAt, window.endsAt, calendar)).toBe(days + (partialOpeningDay ? 1 : 0));
          expect(workingDaysLeft(new Date(end - 1), window.endsAt, calendar)).toBe(1);
          expect(workingDaysLeft(window.endsAt, window.endsAt, calendar)).toBe(0);
        },
      ),
      { numRuns: 300 },
    );
  });
});
