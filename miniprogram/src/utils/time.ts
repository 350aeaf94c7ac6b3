// Times as a Chinese reader expects them on a phone, in Beijing time whatever the device's zone (every deadline
// and notice of the appraisal is dated in Beijing time; China keeps no daylight saving).
const beijingOffsetMs = 8 * 60 * 60 * 1000
const dayMs = 24 * 60 * 60 * 1000

interface BeijingParts {
  year: number
  month: number
  day: number
  clock: string
  /** Days since 1970-01-01 in Beijing, to compare calendar days. */
  dayNumber: number
}

const pad = (n: number): string => String(n).padStart(2, '0')

function beijing(date: Date): BeijingParts {
  const shifted = new Date(date.getTime() + beijingOffsetMs)
  return {
    year: shifted.getUTCFullYear(),
    month: shifted.getUTCMonth() + 1,
    day: shifted.getUTCDate(),
    clock: `${pad(shifted.getUTCHours())}:${pad(shifted.getUTCMinutes())}`,
    dayNumber: Math.floor(shifted.getTime() / dayMs),
  }
}

/**
 * "刚刚", "5分钟前", "今天 09:30", "昨天 18:05", "11月20日", "2024年11月20日"; with `clock`, older dates keep
 * their time too ("11月20日 09:30"), for records where the hour matters. An unreadable time gives ''.
 */
export function chineseTime(iso: string, options: { now?: Date; clock?: boolean } = {}): string {
  const date = new Date(iso)
  if (Number.isNaN(date.getTime())) return ''
  const now = options.now ?? new Date()
  const ago = now.getTime() - date.getTime()
  if (ago >= 0 && ago < 60_000) return '刚刚'
  if (ago >= 0 && ago < 60 * 60_000) return `${Math.floor(ago / 60_000)}分钟前`
  const then = beijing(date)
  const today = beijing(now)
  if (then.dayNumber === today.dayNumber) return `今天 ${then.clock}`
  if (then.dayNumber === today.dayNumber - 1) return `昨天 ${then.clock}`
  const day = then.year === today.year ? `${then.month}月${then.day}日` : `${then.year}年${then.month}月${then.day}日`
  return options.clock ? `${day} ${then.clock}` : day
}

/** A calendar day as the pages print it: "2026-12-07" → "2026年12月7日"; anything else is kept as given. */
export function chineseDay(day: string): string {
  const [year, month, date] = day.split('-').map(Number)
  return year && month && date ? `${year}年${month}月${date}日` : day
}
