import {
  formatShanghaiDate,
  formatShanghaiDateTime,
  formatShanghaiEnd,
  isPublicityOpen,
  officialCalendar,
  publicityWindow,
  workingDaysLeft,
} from '@shared/calendar';
import { fictional2027 } from './fixtures/fictional-2027';

const calendar = officialCalendar();
const at = (iso: string) => new Date(iso);

describe('publicityWindow', () => {
  it('runs a window opened 2026-09-29 10:00 for 5 days to the end of 10-12, across National Day', () => {
    const window = publicityWindow(at('2026-09-29T10:00:00+08:00'), 5, calendar);

    expect(window.workingDays).toEqual(['2026-09-30', '2026-10-08', '2026-10-09', '2026-10-10', '2026-10-12']);
    expect(window.endsAt.toISOString()).toBe(at('2026-10-13T00:00:00+08:00').toISOString());
    expect(formatShanghaiEnd(window.endsAt)).toBe('2026-10-12 24:00');
    expect(window.opensAt.toISOString()).toBe(at('2026-09-29T10:00:00+08:00').toISOString());
  });

  it('counts the opening day when the window opens at exactly 00:00 of a working day', () => {
    const window = publicityWindow(at('2026-09-29T00:00:00+08:00'), 5, calendar);

    expect(window.workingDays).toEqual(['2026-09-29', '2026-09-30', '2026-10-08', '2026-10-09', '2026-10-10']);
    expect(formatShanghaiEnd(window.endsAt)).toBe('2026-10-10 24:00');
  });

  it('does not count the opening day one millisecond after midnight', () => {
    const window = publicityWindow(at('2026-09-29T00:00:00.001+08:00'), 5, calendar);

    expect(window.workingDays[0]).toBe('2026-09-30');
    expect(formatShanghaiEnd(window.endsAt)).toBe('2026-10-12 24:00');
  });

  it('starts counting after the holiday when opened on a holiday, even at midnight', () => {
    const window = publicityWindow(at('2026-10-01T00:00:00+08:00'), 5, calendar);

    expect(window.workingDays).toEqual(['2026-10-08', '2026-10-09', '2026-10-10', '2026-10-12', '2026-10-13']);
    expect(formatShanghaiEnd(window.endsAt)).toBe('2026-10-13 24:00');
  });

  it('skips the Spring Festival and counts the 02-28 make-up Saturday', () => {
    const window = publicityWindow(at('2026-02-17T15:00:00+08:00'), 5, calendar);

    expect(window.workingDays).toEqual(['2026-02-24', '2026-02-25', '2026-02-26', '2026-02-27', '2026-02-28']);
    expect(window.endsAt.toISOString()).toBe(at('2026-03-01T00:00:00+08:00').toISOString());
  });

  it('counts the 02-14 make-up Saturday before the Spring Festival', () => {
    const window = publicityWindow(at('2026-02-13T09:00:00+08:00'), 3, calendar);

    expect(window.workingDays).toEqual(['2026-02-14', '2026-02-24', '2026-02-25']);
  });

  it('reads the opening instant in Shanghai time, whatever offset it was written with', () => {
    // 2026-09-28T16:00Z is 09-29 00:00 in Shanghai: the opening day counts.
    const window = publicityWindow(at('2026-09-28T16:00:00Z'), 1, calendar);

    expect(window.workingDays).toEqual(['2026-09-29']);
  });

  it('opens a window reaching into 2027 on the provisional calendar and marks its end provisional', () => {
    const window = publicityWindow(at('2026-12-28T10:00:00+08:00'), 5, calendar);

    // 12-31 (possibly part of 元旦), 01-01 (元旦) and 01-04 (元旦's possible in-lieu span ends 01-03) considered:
    // 12-29, 12-30, then 01-04, 01-05, 01-06.
    expect(window.workingDays).toEqual(['2026-12-29', '2026-12-30', '2027-01-04', '2027-01-05', '2027-01-06']);
    expect(window.provisional).toBe(true);
  });

  it('does not mark a window provisional that never reaches a provisional day', () => {
    const window = publicityWindow(at('2026-12-14T10:00:00+08:00'), 5, calendar);

    expect(window.workingDays).toEqual(['2026-12-15', '2026-12-16', '2026-12-17', '2026-12-18', '2026-12-21']);
    expect(window.provisional).toBe(false);
  });

  it('runs into 2027 once a 2027 arrangement is loaded', () => {
    const extended = officialCalendar([fictional2027]);

    const window = publicityWindow(at('2026-12-28T10:00:00+08:00'), 5, extended);

    // 2027-01-01 is a (fictional) holiday; 01-02 and 01-03 a weekend.
    expect(window.workingDays).toEqual(['2026-12-29', '2026-12-30', '2026-12-31', '2027-01-04', '2027-01-05']);
  });

  it.each([0, -1, 1.5, Number.NaN, 251])('refuses %p working days', (days) => {
    expect(() => publicityWindow(at('2026-09-29T10:00:00+08:00'), days, calendar)).toThrow(RangeError);
  });

  it('refuses an invalid opening instant', () => {
    expect(() => publicityWindow(new Date('not a date'), 5, calendar)).toThrow(RangeError);
  });
});

describe('workingDaysLeft', () => {
  const window = publicityWindow(at('2026-09-29T10:00:00+08:00'), 5, calendar);
  const left = (iso: string) => workingDaysLeft(at(iso), window.endsAt, calendar);

  it('counts the rest of the opening day while it lasts', () => {
    expect(left('2026-09-29T10:00:00+08:00')).toBe(6);
    expect(left('2026-09-29T23:59:59.999+08:00')).toBe(6);
  });

  it('counts today while it is a working day that has not finished', () => {
    expect(left('2026-09-30T00:00:00+08:00')).toBe(5);
    expect(left('2026-09-30T17:30:00+08:00')).toBe(5);
    expect(left('2026-10-08T23:59:00+08:00')).toBe(4);
    expect(left('2026-10-09T00:00:00+08:00')).toBe(3);
    expect(left('2026-10-12T12:00:00+08:00')).toBe(1);
  });

  it('does not drop during the holiday', () => {
    expect(left('2026-10-01T00:00:00+08:00')).toBe(4);
    expect(left('2026-10-07T23:00:00+08:00')).toBe(4);
    expect(left('2026-10-11T12:00:00+08:00')).toBe(1); // Sunday before the last day
  });

  it('is 0 at and after the end', () => {
    expect(left('2026-10-13T00:00:00+08:00')).toBe(0);
    expect(left('2027-05-01T00:00:00+08:00')).toBe(0); // a closed window never needs the missing year
  });

  it('equals the window length at the opening instant of a window opened at midnight', () => {
    const midnight = publicityWindow(at('2026-09-29T00:00:00+08:00'), 5, calendar);

    expect(workingDaysLeft(midnight.opensAt, midnight.endsAt, calendar)).toBe(5);
  });

  it('tells whether the window is open', () => {
    expect(isPublicityOpen(at('2026-09-29T09:59:59+08:00'), window)).toBe(false);
    expect(isPublicityOpen(at('2026-10-12T23:59:59+08:00'), window)).toBe(true);
    expect(isPublicityOpen(window.endsAt, window)).toBe(false);
  });
});

describe('Shanghai formatting', () => {
  it('formats an instant by its Shanghai date and time', () => {
    expect(formatShanghaiDate(at('2026-09-30T16:00:00Z'))).toBe('2026-10-01');
    expect(formatShanghaiDate(at('2026-09-30T15:59:59Z'))).toBe('2026-09-30');
    expect(formatShanghaiDateTime(at('2026-09-29T02:05:00Z'))).toBe('2026-09-29 10:05');
    expect(formatShanghaiEnd(at('2026-10-12T18:30:00+08:00'))).toBe('2026-10-12 18:30');
  });
});
