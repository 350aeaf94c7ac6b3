// Checking a year's arrangement as an operator enters it from the State Council's notice: errors refuse it (400,
// naming the field), warnings are saved with it and shown (a statutory day missing from the days off).
import type * as z from 'zod';
import type { ArrangementWarning, arrangementInput } from '../api/calendar';
import type { ErrorDetail } from '../errors';
import { festivalLabels } from './festival-dates';
import { belongsToNoticeYear } from './official-calendar';
import { type CalendarDay, weekdayOf } from './shanghai-date';
import { statuteFor, statutoryDays } from './statutory-holidays';

export type Arrangement = z.output<typeof arrangementInput>;

/** Field errors of an arrangement beyond its schema: days outside the notice's year, duplicates, workdays on weekdays. */
export function arrangementErrors(a: Arrangement, pathYear?: number): ErrorDetail[] {
  const details: ErrorDetail[] = [];
  if (pathYear !== undefined && pathYear !== a.year) details.push({ path: 'year', message: `年份（year）${a.year} 与地址中的 ${pathYear} 年不一致` });
  const seen = new Map<CalendarDay, 'holidays' | 'workdays'>();
  const check = (list: 'holidays' | 'workdays', label: string) => {
    a[list].forEach((day, i) => {
      const path = `${list}[${i}]`;
      if (!belongsToNoticeYear(day, a.year)) details.push({ path, message: `${label} ${day} 不在 ${a.year} 年内（元旦假期可从上一年 12 月 25 日起）` });
      const earlier = seen.get(day);
      if (earlier === list) details.push({ path, message: `${label} ${day} 重复出现` });
      else if (earlier) details.push({ path, message: `日期 ${day} 不能既是放假日又是调休上班日` });
      seen.set(day, list);
      const weekday = weekdayOf(day);
      if (list === 'workdays' && weekday !== 0 && weekday !== 6) details.push({ path, message: `调休上班日 ${day} 应为周六或周日` });
    });
  };
  check('holidays', '放假日');
  check('workdays', '调休上班日');
  if (a.publishedOn > `${a.year}-12-31`) details.push({ path: 'publishedOn', message: `发布日期（publishedOn）${a.publishedOn} 晚于 ${a.year} 年` });
  return details;
}

/** The statutory days (《全国年节及纪念日放假办法》 in force that year) missing from the days off, one warning a festival. */
export function arrangementWarnings(a: Arrangement): ArrangementWarning[] {
  const off = new Set(a.holidays);
  const statute = statuteFor(a.year);
  return statutoryDays(a.year)
    .map(({ festival, days }) => ({ festival, missing: days.filter((d) => !off.has(d)) }))
    .filter((f) => f.missing.length > 0)
    .map(({ festival, missing }) => ({
      festival: festivalLabels[festival],
      days: missing,
      message: `放假日期中缺少${festivalLabels[festival]}的法定假日 ${missing.join('、')}（${statute.citation}），请核对通知原文`,
    }));
}
