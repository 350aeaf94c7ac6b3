import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import chineseDaysData from 'chinese-days/dist/chinese-days.json';
import { festivalDates } from '@shared/calendar';

const root = join(__dirname, '../../..');
const labelOf = (day: string): string | undefined => (chineseDaysData.holidays as Record<string, string>)[day]?.split(',')[1];

describe('festival dates from chinese-days (lunar dates and the solar term)', () => {
  it.each([2015, 2016, 2017, 2018, 2019, 2020, 2021, 2022, 2023, 2024, 2025, 2026])('puts %i\'s festivals on days the official arrangement gives off for them', (year) => {
    const d = festivalDates(year);
    expect(labelOf(d.lunarNewYear)).toBe('春节');
    expect(labelOf(d.qingming)).toBe('清明');
    expect(labelOf(d.dragonBoat)).toBe('端午');
    // 中秋 fell inside National Day's block in 2017, 2020, 2023, 2025: off either way.
    expect(['中秋', '国庆节']).toContain(labelOf(d.midAutumn));
  });

  it('knows the 2027 and 2028 dates (正月初一 2027-02-06, 2028-01-26)', () => {
    expect(festivalDates(2027)).toMatchObject({ lunarNewYearsEve: '2027-02-05', lunarNewYear: '2027-02-06', qingming: '2027-04-05', dragonBoat: '2027-06-09', midAutumn: '2027-09-15' });
    expect(festivalDates(2028)).toMatchObject({ lunarNewYear: '2028-01-26', qingming: '2028-04-04', dragonBoat: '2028-05-28', midAutumn: '2028-10-03' });
  });

  it('gives the same dates whatever the process time zone (the library reads local time)', () => {
    const script = "const { festivalDates } = require('./shared/calendar/festival-dates'); console.log(JSON.stringify([2015, 2027, 2031, 2040].map(festivalDates)))";
    const run = (tz: string) => execFileSync(process.execPath, ['--import', 'tsx', '-e', script], { cwd: root, env: { ...process.env, TZ: tz }, encoding: 'utf8' });
    const shanghai = run('Asia/Shanghai');
    expect(run('America/Los_Angeles')).toBe(shanghai);
    expect(run('Pacific/Kiritimati')).toBe(shanghai);
    expect(JSON.parse(shanghai)[1]).toMatchObject({ lunarNewYear: '2027-02-06' });
  });

  it('refuses years outside the lunar tables', () => {
    expect(() => festivalDates(2100)).toThrow(RangeError);
  });
});
