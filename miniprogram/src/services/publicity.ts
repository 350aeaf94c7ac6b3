import Taro from '@tarojs/taro'
import {
  fileReportResponse,
  followUpResponse,
  publicityListResponse,
  publicityResponse,
  reportDetailResponse,
  reportFormResponse,
  reportListResponse,
  type FileReportRequest,
  type FileReportResponse,
  type FindingRequest,
  type FollowUpResponse,
  type PublicityListResponse,
  type PublicityView,
  type ReportDetailResponse,
  type ReportFormResponse,
  type ReportSummaryView,
} from '@shared/api/publicity'
import { provisionalEndLabel, provisionalEndNote } from '@shared/calendar/provisional-labels'
import { formatShanghaiDateTime, formatShanghaiEnd } from '@shared/calendar/shanghai-date'
import { isApiError, request } from './api-client'

// 公示 and 举报: the public side (publicity lists, one entry's report form, filing, the follow-up by receipt) needs
// no log-in — request() sends a token only when one is stored; the investigators' side (reports in scope, messages,
// the finding) answers only to the investigator role; the reporter's identity is services/identity-access.ts (four eyes).

const id = (value: string): string => encodeURIComponent(value)

export type PublicitySummary = PublicityListResponse['publicities'][number]

/** GET /v1/publicities — the public-level windows, open and recent. */
export async function publicities(): Promise<PublicitySummary[]> {
  return (await request('GET', '/publicities', { schema: publicityListResponse })).publicities
}

/** GET /v1/publicities/{publicityId} — a unit-level window answers only to the union's members. */
export async function publicity(publicityId: string): Promise<PublicityView> {
  return (await request('GET', `/publicities/${id(publicityId)}`, { schema: publicityResponse })).publicity
}

/** GET /v1/publicities/{publicityId}/entries/{entryId}/report-form — the entry, the categories, and which kind of report applies. */
export function reportForm(publicityId: string, entryId: string): Promise<ReportFormResponse> {
  return request('GET', `/publicities/${id(publicityId)}/entries/${id(entryId)}/report-form`, { schema: reportFormResponse })
}

const fileAttempts = 3

/**
 * What the report form sends: the contract's body, plus `notifyMe` — a logged-in member asks for notices as the
 * report moves on (the handler accepts it; shared/api/publicity.ts does not list it yet).
 */
export type FileReportBody = FileReportRequest & { notifyMe?: boolean }

/**
 * POST /v1/publicities/{publicityId}/entries/{entryId}/reports. The body carries the form's requestId, so a request
 * that got no answer is sent again as it was: if the first one was filed, nothing is filed twice and the server answers
 * 已提交 without the receipt (it is shown only to the first answer, so a captured request cannot fetch it).
 */
export async function fileReport(publicityId: string, entryId: string, body: FileReportBody): Promise<FileReportResponse> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await request('POST', `/publicities/${id(publicityId)}/entries/${id(entryId)}/reports`, { body, schema: fileReportResponse })
    } catch (error) {
      const unanswered = isApiError(error) && error.code === 'NETWORK.UNREACHABLE'
      if (!unanswered || attempt >= fileAttempts) throw error
      await new Promise((resolve) => setTimeout(resolve, 1_000 * attempt))
    }
  }
}

/** POST /v1/report-followups — the receipt travels in the body, never in an address. */
export function followUp(receipt: string): Promise<FollowUpResponse> {
  return request('POST', '/report-followups', { body: { receipt }, schema: followUpResponse })
}

/** POST /v1/report-followups/messages — the reporter adds a message (and images) to their report. */
export function followUpMessage(receipt: string, text: string, evidence: string[]): Promise<FollowUpResponse> {
  return request('POST', '/report-followups/messages', { body: { receipt, text, evidence }, schema: followUpResponse })
}

// ---- investigators -------------------------------------------------------------------------------------------

/** GET /v1/reports — the reports in the investigator's scope. */
export async function reports(): Promise<ReportSummaryView[]> {
  return (await request('GET', '/reports', { schema: reportListResponse })).reports
}

/** GET /v1/reports/{reportId} */
export function reportDetail(reportId: string): Promise<ReportDetailResponse> {
  return request('GET', `/reports/${id(reportId)}`, { schema: reportDetailResponse })
}

/** POST /v1/reports/{reportId}/assign — the investigator takes the report on. */
export function assignReport(reportId: string): Promise<ReportDetailResponse> {
  return request('POST', `/reports/${id(reportId)}/assign`, { body: {}, schema: reportDetailResponse })
}

/** POST /v1/reports/{reportId}/messages — a message to the reporter, read on their follow-up page. */
export function messageReporter(reportId: string, text: string): Promise<ReportDetailResponse> {
  return request('POST', `/reports/${id(reportId)}/messages`, { body: { text }, schema: reportDetailResponse })
}

/** POST /v1/reports/{reportId}/finding */
export function recordFinding(reportId: string, body: FindingRequest): Promise<ReportDetailResponse> {
  return request('POST', `/reports/${id(reportId)}/finding`, { body, schema: reportDetailResponse })
}

// ---- helpers -------------------------------------------------------------------------------------------------

/**
 * 16 bytes from a cryptographic source: the browser's crypto on H5, wx.getRandomValues on WeChat (base library
 * 2.15.0, under our floor). Never Math.random: a report's request id must not be guessable from earlier ones.
 */
function cryptoRandomBytes(length: number): Promise<Uint8Array> {
  if (process.env.TARO_ENV === 'h5') return Promise.resolve(crypto.getRandomValues(new Uint8Array(length)))
  return new Promise((resolve, reject) => {
    Taro.getRandomValues({
      length,
      success: (res) => resolve(new Uint8Array(res.randomValues)),
      fail: (res) => reject(new Error(res.errMsg)),
    })
  })
}

/** A version-4 UUID from 16 random bytes. */
export function uuidOf(bytes: Uint8Array): string {
  const b = Array.from(bytes.slice(0, 16))
  b[6] = ((b[6] ?? 0) & 0x0f) | 0x40
  b[8] = ((b[8] ?? 0) & 0x3f) | 0x80
  const s = b.map((x) => x.toString(16).padStart(2, '0')).join('')
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`
}

/** The idempotency key of one filled-in report form, from a cryptographic source (issue 15). */
export async function newRequestId(): Promise<string> {
  return uuidOf(await cryptoRandomBytes(16))
}

/**
 * The end of a window as it is announced: "2026年11月27日 24:00" (an instant at Beijing midnight is 24:00 of the
 * day before). An unreadable time gives ''.
 */
export function publicityEnd(iso: string): string {
  return chineseDateTime(iso, formatShanghaiEnd)
}

/** The opening of a window: "2026年11月20日 10:00" in Beijing. */
export function publicityStart(iso: string): string {
  return chineseDateTime(iso, formatShanghaiDateTime)
}

function chineseDateTime(iso: string, format: (instant: Date) => string): string {
  const ms = Date.parse(iso)
  if (Number.isNaN(ms)) return ''
  const [date = '', clock = ''] = format(new Date(ms)).split(' ')
  const [year, month, day] = date.split('-').map(Number)
  return `${year}年${month}月${day}日 ${clock}`
}

type Countdown = Pick<PublicityView, 'status' | 'workingDaysLeft' | 'opensAt' | 'endsAt' | 'provisional'>

/**
 * "公示期剩余 3 个工作日", "公示已结束", or when a scheduled list goes up. An end counted on the provisional calendar
 * (the year's official arrangement not loaded yet) says so: "公示期剩余 12 个工作日，2027年1月5日 24:00 期满（暂按法定节假日推算）".
 */
export function publicityCountdown(p: Countdown): string {
  if (p.status === 'closed') return '公示已结束'
  const provisional = isProvisionalEnd(p) ? `，${publicityEnd(p.endsAt)} 期满（${provisionalEndLabel}）` : ''
  if (p.status === 'scheduled') return `公示将于 ${publicityStart(p.opensAt)} 开始${provisional}`
  return `公示期剩余 ${p.workingDaysLeft} 个工作日${provisional}`
}

/** Whether a window's end is still the provisional one: it may move later (never earlier) once the year's arrangement is loaded. */
export function isProvisionalEnd(p: Pick<PublicityView, 'status' | 'provisional'>): boolean {
  return p.provisional && p.status !== 'closed'
}

/** Shown next to a provisional end, and the line below it (shared/api/calendar.ts). */
export { provisionalEndLabel, provisionalEndNote }

/** "ABCD-EFGH-JKMN-PQRS-TUVW": a receipt in groups of four, easier to read aloud and to copy by hand. */
export function groupedReceipt(receipt: string): string {
  const plain = receipt.replace(/[\s-]/g, '')
  return plain.match(/.{1,4}/g)?.join('-') ?? plain
}
