import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { isWorkday as chineseDaysIsWorkday } from 'chinese-days';
import chineseDaysData from 'chinese-days/dist/chinese-days.json';
import { holidayExtensions } from '@config/holidays';
import {
  CalendarExtensionInvalidError,
  CalendarYearMissingError,
  addCalendarDays,
  officialCalendar,
  parseHolidayExtensions,
  startOfShanghaiDay,
} from '@shared/calendar';
import { fictional2027 } from './fixtures/fictional-2027';

const calendar = officialCalendar();

function range(from: string, to: string): string[] {
  const days: string[] = [];
  for (let d = from; d <= to; d = addCalendarDays(d, 1)) days.push(d);
  return days;
}

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

describe('official calendar from chinese-days', () => {
  it('gives 2026 Spring Festival 02-15..02-23 off and makes 02-14 and 02-28 working Saturdays', () => {
    for (const day of range('2026-02-15', '2026-02-23')) expect([day, calendar.isWorkingDay(day)]).toEqual([day, false]);
    expect(calendar.isWorkingDay('2026-02-14')).toBe(true);
    expect(calendar.isWorkingDay('2026-02-28')).toBe(true);
    expect(calendar.isWorkingDay('2026-02-13')).toBe(true);
    expect(calendar.isWorkingDay('2026-02-24')).toBe(true);
    expect(calendar.isWorkingDay('2026-03-01')).toBe(false); // an ordinary Sunday
  });

  it('gives 2026 National Day 10-01..10-07 off and makes 09-20 and 10-10 working days', () => {
    for (const day of range('2026-10-01', '2026-10-07')) expect([day, calendar.isWorkingDay(day)]).toEqual([day, false]);
    expect(calendar.isWorkingDay('2026-09-20')).toBe(true); // Sunday
    expect(calendar.isWorkingDay('2026-10-10')).toBe(true); // Saturday
    expect(calendar.isWorkingDay('2026-10-08')).toBe(true);
    expect(calendar.isWorkingDay('2026-10-11')).toBe(false); // Sunday
    expect(calendar.isWorkingDay('2026-09-19')).toBe(false); // Saturday
  });

  it('takes an instant by its Shanghai date, not by UTC or the process time zone', () => {
    expect(calendar.isWorkingDay(new Date('2026-10-07T15:59:59.999Z'))).toBe(false); // 10-07 23:59 +08:00
    expect(calendar.isWorkingDay(new Date('2026-10-07T16:00:00.000Z'))).toBe(true); // 10-08 00:00 +08:00
  });

  it('counts a 2027 date on the provisional calendar, saying so, instead of refusing it', () => {
    expect(calendar.dayStatus('2027-03-10')).toEqual({ working: true, provisional: true });
    expect(calendar.dayStatus('2027-02-08')).toMatchObject({ working: false, provisional: true, festival: '春节' }); // 初三, a Monday
    expect(calendar.dayStatus('2027-03-13')).toEqual({ working: false, provisional: true }); // a Saturday: no make-up day assumed
    expect(calendar.dayStatus('2026-03-10')).toEqual({ working: true, provisional: false });
  });

  it('takes an instant already in 2027 by its Shanghai date', () => {
    expect(calendar.dayStatus(new Date('2027-01-03T16:00:00Z'))).toEqual({ working: true, provisional: true }); // 2027-01-04 Monday
    expect(calendar.dayStatus(new Date('2026-12-30T15:59:59Z'))).toEqual({ working: true, provisional: false });
  });

  it("treats 2026-12-31 as provisionally off: 2027's notice arranges 元旦 and may start it on 12-31", () => {
    expect(calendar.dayStatus('2026-12-31')).toEqual({ working: false, provisional: true, festival: '元旦' });
    expect(calendar.dayStatus('2026-12-30')).toEqual({ working: true, provisional: false });
  });

  it('counts years before the package data provisionally too, and refuses only years it cannot count at all', () => {
    expect(calendar.dayStatus('2003-06-02')).toEqual({ working: true, provisional: true });
    expect(thrown(() => calendar.isWorkingDay('1900-06-01'))).toBeInstanceOf(CalendarYearMissingError);
  });

  it('covers exactly the years in which the package lists a holiday', () => {
    const yearsWithHolidays = [...new Set(Object.keys(chineseDaysData.holidays).map((d) => Number(d.slice(0, 4))))].sort((a, b) => a - b);
    expect(calendar.years()).toEqual(yearsWithHolidays);
    expect(calendar.hasYear(2004)).toBe(true);
    expect(calendar.hasYear(2026)).toBe(true);
    expect(calendar.hasYear(2027)).toBe(false);
  });

  it('rejects a malformed date', () => {
    expect(() => calendar.isWorkingDay('2026-02-30')).toThrow(RangeError);
    expect(() => calendar.isWorkingDay('2026-2-3')).toThrow(RangeError);
    expect(() => calendar.isWorkingDay(new Date(Number.NaN))).toThrow(RangeError);
  });

  // chinese-days' own functions build their tables in the process time zone; east of UTC they are right, and
  // there our calendar must agree with them on every covered day.
  const packageFunctionsReliable = new Date(2026, 0, 1).getTimezoneOffset() <= 0;
  (packageFunctionsReliable ? it : it.skip)('agrees with chinese-days isWorkday on every day 2004–2026', () => {
    // 2026-12-31 excepted: 2027's notice, not yet loaded, decides it (provisionally off, see above).
    const disagreements = range('2004-01-01', '2026-12-30').filter((day) => {
      const [y, m, d] = day.split('-').map(Number) as [number, number, number];
      return chineseDaysIsWorkday(new Date(y, m - 1, d)) !== calendar.isWorkingDay(day);
    });
    expect(disagreements).toEqual([]);
  });
});

describe('extension years', () => {
  it('makes 2027 dates work once an arrangement for 2027 is loaded', () => {
    const extended = officialCalendar([fictional2027]);
    expect(extended.hasYear(2027)).toBe(true);
    expect(extended.isWorkingDay('2027-10-01')).toBe(false);
    expect(extended.isWorkingDay('2027-10-09')).toBe(true); // make-up Saturday
    expect(extended.isWorkingDay('2027-10-08')).toBe(true);
    expect(extended.isWorkingDay('2027-10-10')).toBe(false); // Sunday
    expect(extended.isWorkingDay('2027-03-10')).toBe(true);
    expect(extended.sourceOf(2027)).toBe('测试用虚构安排（非官方）');
    expect(extended.dayStatus('2028-01-03')).toMatchObject({ working: false, provisional: true, festival: '元旦' }); // in lieu of Saturday 01-01
    expect(extended.dayStatus('2028-01-04')).toEqual({ working: true, provisional: true });
    expect(extended.dayStatus('2027-10-08')).toEqual({ working: true, provisional: false });
  });

  it('replaces the package data for a year it already covers', () => {
    const corrected = officialCalendar([{ year: 2026, holidays: ['2026-03-02'], workdays: [] }]);
    expect(corrected.isWorkingDay('2026-03-02')).toBe(false);
    expect(corrected.isWorkingDay('2026-10-01')).toBe(true);
    expect(corrected.sourceOf(2026)).toBe('config/holidays/2026.json');
    expect(calendar.isWorkingDay('2026-10-01')).toBe(false); // the default calendar is untouched
  });

  it.each([
    ['a make-up workday on a weekday', { ...fictional2027, workdays: ['2027-10-08'] }, 'config/holidays/2027.json.workdays[0]', '应为周六或周日'],
    ['a date outside the year', { ...fictional2027, holidays: ['2026-10-01'] }, 'config/holidays/2027.json.holidays[0]', '不在 2027 年内'],
    ['an impossible date', { ...fictional2027, holidays: ['2027-02-30'] }, 'config/holidays/2027.json.holidays[0]', '有效公历日期'],
    ['a date listed twice', { ...fictional2027, workdays: ['2027-10-09', '2027-10-09'] }, 'config/holidays/2027.json.workdays[1]', '重复'],
    ['a day both off and worked', { ...fictional2027, workdays: ['2027-10-02'] }, 'config/holidays/2027.json.workdays[0]', '不能既是放假日又是调休上班日'],
    ['no holidays at all', { ...fictional2027, holidays: [] }, 'config/holidays/2027.json.holidays', '不能为空'],
    ['an unknown field', { ...fictional2027, makeUpDays: [] }, 'config/holidays/2027.json', '不认识的字段：makeUpDays'],
    ['a missing year', { holidays: ['2027-01-01'], workdays: [] }, '节假日配置第 1 项.year', '年份应为数字'],
  ])('rejects %s with CALENDAR.EXTENSION_INVALID naming the file and field', (_, input, path, message) => {
    const error = thrown(() => officialCalendar([input]));
    expect(error).toBeInstanceOf(CalendarExtensionInvalidError);
    expect(error).toMatchObject({ code: 'CALENDAR.EXTENSION_INVALID' });
    const details = (error as CalendarExtensionInvalidError).details;
    expect(details.some((d) => d.path === path && d.message.includes(message))).toBe(true);
  });

  it('rejects the same year given twice', () => {
    const error = thrown(() => parseHolidayExtensions([fictional2027, fictional2027])) as CalendarExtensionInvalidError;
    expect(error.details).toEqual([{ path: 'config/holidays/2027.json.year', message: '2027 年的节假日安排重复提供' }]);
  });

  it('accepts weekend days among the days off, as the notices list them', () => {
    // 2027-10-02 and 10-03 are a Saturday and a Sunday inside the (fictional) 10-01..10-07 break.
    const [ext] = parseHolidayExtensions([fictional2027]);
    expect(ext?.holidays).toEqual(expect.arrayContaining(['2027-10-02', '2027-10-03']));
    expect(officialCalendar([fictional2027]).isWorkingDay('2027-10-02')).toBe(false);
  });
});

describe('config/holidays', () => {
  const dir = join(__dirname, '../../../config/holidays');
  const files = readdirSync(dir).filter((f) => f.endsWith('.json'));

  it('loads every extension file it lists into a valid calendar', () => {
    expect(() => officialCalendar(holidayExtensions)).not.toThrow();
  });

  it('lists every <year>.json file, and each declares the year of its name', () => {
    const parsed = parseHolidayExtensions(holidayExtensions);
    expect(parsed.map((e) => `${e.year}.json`).sort()).toEqual(files.sort());
  });

  it('has no 2027 arrangement until one is officially published', () => {
    expect(files).not.toContain('2027.json');
    expect(officialCalendar(holidayExtensions).hasYear(2027)).toBe(false);
  });
});

describe('shared/calendar stays bundleable into the mini-program', () => {
  it('imports only zod, chinese-days (data and lunar dates), its API schema and its own modules', () => {
    const dir = join(__dirname, '../../../shared/calendar');
    const sources = readdirSync(dir).filter((f) => f.endsWith('.ts'));
    const imports = sources.flatMap((f) =>
      [...readFileSync(join(dir, f), 'utf8').matchAll(/from '([^']+)'/g)].map((m) => m[1] as string),
    );
    const allowed = ['../errors', '../api/calendar', 'zod', 'chinese-days', 'chinese-days/dist/chinese-days.json'];
    const outside = imports.filter((s) => !s.startsWith('./') && !allowed.includes(s));
    expect(outside).toEqual([]);
  });

  it('computes nothing from the process time zone (day starts are +08:00)', () => {
    expect(startOfShanghaiDay('2026-10-08').toISOString()).toBe('2026-10-07T16:00:00.000Z');
  });
});
