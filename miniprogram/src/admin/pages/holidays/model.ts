import type { CalendarBasis, CalendarYearView } from '@shared/api/calendar'
import { addCalendarDays, isCalendarDay, weekdayOf, type CalendarDay } from '@shared/calendar/shanghai-date'

// What the 节假日安排 page computes on the phone: the operator's date lists as typed (lines, ranges such as
// 2027-02-05至2027-02-13, or the notice's own 2月5日至13日) turned into the API's lists, and the month grid of a year.

export const weekdayNames = ['日', '一', '二', '三', '四', '五', '六'] as const

const pad2 = (n: number): string => String(n).padStart(2, '0')

/** "2027-02-05" → "2月5日". */
export function monthDay(day: CalendarDay): string {
  return `${Number(day.slice(5, 7))}月${Number(day.slice(8, 10))}日`
}

/** "2027-02-05" → "2月5日（五）". */
export function monthDayWeekday(day: CalendarDay): string {
  return `${monthDay(day)}（${weekdayNames[weekdayOf(day)]}）`
}

// ---- date lists as typed ----------------------------------------------------------------------------------

/** One piece of the list as understood: a single day (from = to) or a range, with the words written beside it. */
export interface UnderstoodSpan {
  from: CalendarDay
  to: CalendarDay
  days: number
  /** e.g. 春节, when the line names it. */
  label: string
}

export interface DateListParse {
  /** Every day named, ascending, each once. */
  days: CalendarDay[]
  spans: UnderstoodSpan[]
  /** What could not be read, in Chinese, one entry a piece. */
  problems: string[]
}

const longestRange = 60

interface Token {
  start: number
  end: number
  year: number | null
  month: number | null
  day: number
}

// 2027-02-05, 2027/2/5, 2027.2.5, 2027年2月5日 | 2月5日 | 5日 (a range's end: 2月5日至13日)
const datePattern = /(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?|(\d{1,2})\s*月\s*(\d{1,2})\s*日?|(\d{1,2})\s*日/g
const rangeJoiner = /^\s*(?:至|到|~|-)\s*$/

/** Full-width digits and dashes as ASCII; the notice's weekday notes （周五） and counts 共9天 dropped. */
function normalised(text: string): string {
  return text
    .replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[～〜]/g, '~')
    .replace(/[—–－]/g, '-')
    .replace(/[（(]\s*(?:周|星期)[一二三四五六日天]\s*[）)]/g, '')
    .replace(/共\s*\d+\s*天/g, '')
}

function tokens(piece: string): Token[] {
  const found: Token[] = []
  for (const m of piece.matchAll(datePattern)) {
    const start = m.index ?? 0
    const end = start + m[0].length
    if (m[1] !== undefined) found.push({ start, end, year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) })
    else if (m[4] !== undefined) found.push({ start, end, year: null, month: Number(m[4]), day: Number(m[5]) })
    else found.push({ start, end, year: null, month: null, day: Number(m[6]) })
  }
  return found
}

function spanDays(from: CalendarDay, to: CalendarDay): CalendarDay[] {
  const days: CalendarDay[] = []
  for (let day = from; day <= to && days.length <= longestRange; day = addCalendarDays(day, 1)) days.push(day)
  return days
}

/**
 * Reads a list of dates as an operator types or pastes it: one item a line (or separated by ；，、), each a date or
 * a range joined by 至 / 到 / ~ / -. A date without a year takes the year of the date before it on the line, else
 * `year`; "13日" after a range's 至 takes its month. Words beside the dates (春节, 放假) are kept as the item's label.
 */
export function parseDateList(text: string, year: number): DateListParse {
  const spans: UnderstoodSpan[] = []
  const problems: string[] = []
  const pieces = normalised(text)
    .split(/[\n;；,，、]+/)
    .map((p) => p.trim())
    .filter((p) => p !== '')
  for (const piece of pieces) {
    const found = tokens(piece)
    if (found.length === 0) {
      problems.push(`未能识别「${piece}」：请写成 ${year}-02-05 或 ${year}-02-05至${year}-02-13`)
      continue
    }
    const leftover = found.reduceRight((rest, t) => rest.slice(0, t.start) + ' '.repeat(t.end - t.start) + rest.slice(t.end), piece)
    const label = leftover
      .replace(/至|到|~|-|放假|调休|上班|休息|日期|:|：/g, ' ')
      .trim()
      .replace(/\s+/g, ' ')
    if (/\d/.test(label)) {
      problems.push(`未能识别「${piece}」中的「${label.match(/\S*\d\S*/)?.[0] ?? label}」`)
      continue
    }
    let contextYear = year
    let contextMonth: number | null = null
    const dates: { day: CalendarDay | null; token: Token }[] = found.map((t) => {
      const y = t.year ?? contextYear
      const m = t.month ?? contextMonth
      contextYear = y
      if (m === null) return { day: null, token: t }
      contextMonth = m
      const day = `${y}-${pad2(m)}-${pad2(t.day)}`
      return { day: isCalendarDay(day) ? day : null, token: t }
    })
    for (let i = 0; i < dates.length; i += 1) {
      const current = dates[i]
      if (!current) continue
      const text = piece.slice(current.token.start, current.token.end).trim()
      if (current.day === null) {
        problems.push(current.token.month === null && current.token.year === null ? `「${text}」缺少月份` : `「${text}」不是有效日期`)
        continue
      }
      const next = dates[i + 1]
      if (next && rangeJoiner.test(piece.slice(current.token.end, next.token.start))) {
        i += 1
        const nextText = piece.slice(next.token.start, next.token.end).trim()
        if (next.day === null) {
          problems.push(`「${nextText}」不是有效日期`)
          continue
        }
        if (next.day < current.day) {
          problems.push(`「${text}至${nextText}」结束日期早于开始日期`)
          continue
        }
        const days = spanDays(current.day, next.day)
        if (days.length > longestRange) {
          problems.push(`「${text}至${nextText}」超过 ${longestRange} 天，请检查`)
          continue
        }
        spans.push({ from: current.day, to: next.day, days: days.length, label })
      } else {
        spans.push({ from: current.day, to: current.day, days: 1, label })
      }
    }
  }
  const days = [...new Set(spans.flatMap((s) => spanDays(s.from, s.to)))].sort()
  return { days, spans, problems }
}

/** A list of days back as text, consecutive days as ranges: what the form shows when correcting a saved year. */
export function dateListText(days: readonly CalendarDay[]): string {
  const sorted = [...new Set(days)].sort()
  const lines: string[] = []
  let from: CalendarDay | undefined
  let to: CalendarDay | undefined
  for (const day of sorted) {
    if (from !== undefined && to !== undefined && addCalendarDays(to, 1) === day) {
      to = day
      continue
    }
    if (from !== undefined && to !== undefined) lines.push(from === to ? from : `${from}至${to}`)
    from = day
    to = day
  }
  if (from !== undefined && to !== undefined) lines.push(from === to ? from : `${from}至${to}`)
  return lines.join('\n')
}

// ---- the year's month grid --------------------------------------------------------------------------------

export type DayKind = 'workday' | 'weekend' | 'off' | 'break' | 'makeUp'

export interface GridDay {
  date: CalendarDay
  day: number
  kind: DayKind
  /** The festival of a day off, or of the 连休 a weekend belongs to. */
  festival: string | null
  /** A day off (or 连休 weekend) counted on the provisional calendar: an estimate until its notice is loaded. */
  provisional: boolean
}

export interface GridMonth {
  month: number
  /** Blank cells before the 1st, in a week that starts on Monday. */
  lead: number
  days: GridDay[]
  /** "春节 5–13日", "班 14日": what the month's marks mean, in words. */
  notes: { kind: 'off' | 'makeUp'; text: string; provisional: boolean }[]
}

const isWeekend = (day: CalendarDay): boolean => weekdayOf(day) === 0 || weekdayOf(day) === 6

/**
 * The first day of a year that the next year's notice may give off: its 元旦 may start in late December (the
 * server's rule, shared/calendar/official-calendar.ts belongsToNoticeYear).
 */
export const nextNoticeFrom = (year: number): CalendarDay => `${year}-12-25`

/**
 * The twelve months of a year as the calendar counts it: days off (weekdays off, with their festival), the weekends
 * joined to them (连休, for reading only: they were rest days anyway), make-up working days (调休上班) and weekends.
 * A day off is provisional when the notice it belongs to is not loaded: the year's own (`calendar.basis`), or for
 * late December the next year's (`nextYearBasis`; unknown counts as provisional).
 */
export function yearGrid(
  calendar: Pick<CalendarYearView, 'year' | 'basis' | 'daysOff' | 'makeUpWorkdays'>,
  nextYearBasis: CalendarBasis | undefined = undefined,
): GridMonth[] {
  const lateDecember = nextNoticeFrom(calendar.year)
  const basisOf = (day: CalendarDay): CalendarBasis => (day >= lateDecember ? (nextYearBasis ?? 'provisional') : calendar.basis)
  const off = new Map(calendar.daysOff.map((d) => [d.date, d.festival]))
  const makeUp = new Set(calendar.makeUpWorkdays)
  const rests = (day: CalendarDay): boolean => off.has(day) || (isWeekend(day) && !makeUp.has(day))
  /** The festival of the run of rest days around a weekend day, if the run holds a day off. */
  const breakOf = (day: CalendarDay): string | null => {
    for (const step of [-1, 1]) {
      for (let d = addCalendarDays(day, step); rests(d); d = addCalendarDays(d, step)) {
        const festival = off.get(d)
        if (festival) return festival
      }
    }
    return null
  }

  const months: GridMonth[] = []
  for (let month = 1; month <= 12; month += 1) {
    const first = `${calendar.year}-${pad2(month)}-01`
    const days: GridDay[] = []
    for (let date = first; date.slice(5, 7) === pad2(month); date = addCalendarDays(date, 1)) {
      const festival = off.get(date)
      let kind: DayKind = 'workday'
      let named: string | null = null
      if (festival) {
        kind = 'off'
        named = festival
      } else if (makeUp.has(date)) kind = 'makeUp'
      else if (isWeekend(date)) {
        named = breakOf(date)
        kind = named ? 'break' : 'weekend'
      }
      const resting = kind === 'off' || kind === 'break'
      days.push({ date, day: Number(date.slice(8, 10)), kind, festival: named, provisional: resting && basisOf(date) === 'provisional' })
    }
    months.push({ month, lead: (weekdayOf(first) + 6) % 7, days, notes: monthNotes(days) })
  }
  return months
}

function monthNotes(days: GridDay[]): GridMonth['notes'] {
  const notes: GridMonth['notes'] = []
  let run: GridDay[] = []
  const flush = () => {
    const [head] = run
    const tail = run[run.length - 1]
    // A run of weekends alone (no weekday off inside this month) is the tail of a break told in the month before.
    if (head && tail && run.some((d) => d.kind === 'off')) {
      notes.push({
        kind: 'off',
        text: `${head.festival ?? '放假'} ${head.day === tail.day ? `${head.day}日` : `${head.day}–${tail.day}日`}`,
        provisional: run.some((d) => d.provisional),
      })
    }
    run = []
  }
  for (const d of days) {
    const resting = d.kind === 'off' || d.kind === 'break'
    const last = run[run.length - 1]
    if (!resting || (last && (last.festival !== d.festival || last.provisional !== d.provisional))) flush()
    if (resting) run.push(d)
  }
  flush()
  const makeUp = days.filter((d) => d.kind === 'makeUp').map((d) => `${d.day}日`)
  if (makeUp.length > 0) notes.push({ kind: 'makeUp', text: `班 ${makeUp.join('、')}`, provisional: false })
  return notes
}
