import Taro from '@tarojs/taro'
import {
  arrangementListResponse,
  arrangementPreviewResponse,
  arrangementVersionsResponse,
  calendarYearView,
  saveArrangementResponse,
  type ArrangementInput,
  type ArrangementListResponse,
  type ArrangementPreviewResponse,
  type ArrangementVersionsResponse,
  type CalendarYearView,
  type SaveArrangementRequest,
  type SaveArrangementResponse,
} from '@shared/api/calendar'
import { conditionalGet, request, toApiError, type ApiError } from './api-client'

// 节假日安排 (issue 13): the calendar a year's working days are counted on, readable by anyone and kept on the
// device by year with its ETag, so that a page that has read a year once shows it again without the network; and the
// platform operator's calls that enter each year's official arrangement.

const cacheKey = (year: number): string => `calendar.year.${year}`

interface CachedYear {
  etag: string | null
  calendar: CalendarYearView
}

function readCache(year: number): CachedYear | null {
  let stored: unknown
  try {
    stored = Taro.getStorageSync(cacheKey(year))
  } catch {
    // Storage unreadable: the network answers instead.
    return null
  }
  if (typeof stored !== 'object' || stored === null) return null
  const { etag, calendar } = stored as { etag?: unknown; calendar?: unknown }
  const parsed = calendarYearView.safeParse(calendar)
  if (!parsed.success || parsed.data.year !== year) return null
  return { etag: typeof etag === 'string' ? etag : null, calendar: parsed.data }
}

/** Whether the copy was kept (a full storage only costs the next read its 304). */
function writeCache(year: number, entry: CachedYear): boolean {
  try {
    Taro.setStorageSync(cacheKey(year), entry)
    return true
  } catch {
    return false
  }
}

/** Where a year's calendar shown on a page came from. */
export type CalendarYearOrigin = 'server' | 'cache'

export interface CalendarYearRead {
  calendar: CalendarYearView
  from: CalendarYearOrigin
  /** Why the device's copy is shown instead of the server's answer (from: 'cache'). */
  error?: ApiError
}

/** No answer, or the server failed: a copy on the device is better than nothing. A 4xx is an answer. */
const unavailable = (error: ApiError): boolean => error.status === 0 || error.status >= 500

/**
 * In WeChat this client revalidates (If-None-Match → 304). On H5 the browser's HTTP cache already does (the API answers
 * `Cache-Control: no-cache` with an ETag), and a page may not send If-None-Match across origins unless the API's
 * CORS rule allows that header: a refused preflight would look like a network failure.
 */
const sendsCondition = process.env.TARO_ENV !== 'h5'

/**
 * GET /v1/calendar/years/{year} — the calendar the product counts that year on (no log-in). Sends the stored ETag
 * as If-None-Match and keeps the stored body on 304; when the server cannot be reached, answers the stored copy.
 */
export async function calendarYear(year: number): Promise<CalendarYearRead> {
  const cached = readCache(year)
  try {
    const answer = await conditionalGet(`/calendar/years/${year}`, { schema: calendarYearView, etag: sendsCondition ? cached?.etag : null })
    if (answer.notModified) {
      // conditionalGet answers 304 only when an ETag was sent, i.e. when there is a stored copy.
      if (cached) return { calendar: cached.calendar, from: 'server' }
      throw new Error('304 without a stored copy')
    }
    writeCache(year, { etag: answer.etag, calendar: answer.body })
    return { calendar: answer.body, from: 'server' }
  } catch (caught) {
    const error = toApiError(caught)
    if (cached && unavailable(error)) return { calendar: cached.calendar, from: 'cache', error }
    throw error
  }
}

// ---- platform operator (平台运维) ---------------------------------------------------------------------------

/** GET /v1/calendar/arrangements — the years around now and what each is counted on. */
export function arrangements(): Promise<ArrangementListResponse> {
  return request('GET', '/calendar/arrangements', { schema: arrangementListResponse })
}

/** POST /v1/calendar/arrangements/preview — the year as the arrangement would make it, and its warnings; saves nothing. */
export function previewArrangement(input: ArrangementInput): Promise<ArrangementPreviewResponse> {
  return request('POST', '/calendar/arrangements/preview', { body: input, schema: arrangementPreviewResponse })
}

/**
 * PUT /v1/calendar/arrangements/{year} — `expectedVersion` is the version the operator started from (0 for a year
 * never entered); a stale one answers 409 CALENDAR.VERSION_CONFLICT. Open windows are recomputed on the new calendar.
 */
export async function saveArrangement(body: SaveArrangementRequest): Promise<SaveArrangementResponse> {
  const saved = await request('PUT', `/calendar/arrangements/${body.year}`, { body, schema: saveArrangementResponse })
  writeCache(saved.calendar.year, { etag: null, calendar: saved.calendar })
  return saved
}

/** GET /v1/calendar/arrangements/{year}/versions — every version entered, newest first. */
export function arrangementVersions(year: number): Promise<ArrangementVersionsResponse> {
  return request('GET', `/calendar/arrangements/${year}/versions`, { schema: arrangementVersionsResponse })
}
