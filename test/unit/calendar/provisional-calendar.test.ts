import chineseDaysData from 'chinese-days/dist/chinese-days.json';
import { type Festival, festivalDates, officialCalendar, provisionalDaysOff, provisionalSpans, statutoryDays } from '@shared/calendar';
import { festivalAnchor } from '@shared/calendar/festival-dates';
import { weekdayOf } from '@shared/calendar/shanghai-date';

const festivalOfLabel: Record<string, Festival> = { 元旦: 'newYear', 春节: 'springFestival', 清明: 'qingming', 劳动节: 'labourDay', 端午: 'dragonBoat', 中秋: 'midAutumn', 国庆节: 'nationalDay' };
const dayNumber = (day: string): number => Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10))) / 86_400_000;

/** How far from its anchor each festival's weekdays off reached in the published arrangements 2015–2026. */
function spansSeen(): Record<Festival, { before: number; after: number }> {
  const seen = {} as Record<Festival, { before: number; after: number }>;
  for (const [day, value] of Object.entries(chineseDaysData.holidays as Record<string, string>)) {
    const label = value.split(',')[1] as string;
    const festival = festivalOfLabel[label];
    const weekday = weekdayOf(day);
    if (!festival || weekday === 0 || weekday === 6) continue; // weekends are off anyway; 2015's 抗战胜利纪念日 is no festival
    const noticeYear = festival === 'newYear' && day.slice(5, 7) === '12' ? Number(day.slice(0, 4)) + 1 : Number(day.slice(0, 4));
    if (noticeYear < 2015 || noticeYear > 2026) continue;
    const offset = dayNumber(day) - dayNumber(festivalAnchor(festivalDates(noticeYear), festival));
    const span = (seen[festival] ??= { before: 0, after: 0 });
    span.before = Math.max(span.before, -offset);
    span.after = Math.max(span.after, offset);
  }
  return seen;
}

describe('the provisional calendar (暂按法定节假日推算)', () => {
  it('gives off exactly as far around each festival as the arrangements 2015–2026 did', () => {
    expect(spansSeen()).toEqual(provisionalSpans);
  });

  it('gives off every statutory day of 2027 that is a weekday, and more', () => {
    const off = provisionalDaysOff(2027);
    for (const { days } of statutoryDays(2027)) {
      for (const day of days.filter((d) => weekdayOf(d) !== 0 && weekdayOf(d) !== 6)) expect([day, off.has(day)]).toEqual([day, true]);
    }
  });

  it('counts 2027 with no make-up working day and the Spring Festival from 除夕 to 初七 off', () => {
    const calendar = officialCalendar();
    // 除夕 2027-02-05 (Fri) … 初七 2027-02-12 (Fri); the Monday after is a working day again.
    for (const day of ['2027-02-05', '2027-02-08', '2027-02-09', '2027-02-10', '2027-02-11', '2027-02-12']) expect([day, calendar.isWorkingDay(day)]).toEqual([day, false]);
    expect(calendar.isWorkingDay('2027-02-04')).toBe(true);
    expect(calendar.isWorkingDay('2027-02-15')).toBe(true);
    const weekendsWorked = Array.from({ length: 365 }, (_, i) => new Date(Date.UTC(2027, 0, 1 + i)).toISOString().slice(0, 10)).filter((d) => (weekdayOf(d) === 0 || weekdayOf(d) === 6) && calendar.isWorkingDay(d));
    expect(weekendsWorked).toEqual([]);
  });

  it('labels each provisional day off with its festival', () => {
    expect(officialCalendar().dayStatus('2027-10-07')).toEqual({ working: false, provisional: true, festival: '国庆节' });
    expect(officialCalendar().dayStatus('2027-09-16')).toEqual({ working: false, provisional: true, festival: '中秋节' });
  });
});
