import {
  appraisalResultResponse,
  castResponse,
  openAppraisalResponse,
  electorateResponse,
  myAppraisal,
  myAppraisalsResponse,
  orgAppraisalsResponse,
  receiptCheckResponse,
  suggestionsResponse,
  turnoutResponse,
  type AppraisalResultResponse,
  type AppraisalView,
  type CastRequest,
  type CastResponse,
  type ElectorateResponse,
  type MyAppraisal,
  type OpenAppraisalRequest,
  type ReceiptCheckResponse,
  type TurnoutResponse,
} from '@shared/api/appraisal'
import { isApiError, request } from './api-client'

// 会员评家 / 主席测评 / 大会表决: the member's ballots, casting, receipts and sealed results; the chair's opening,
// turnout (a count only), electorate and suggestions.

const id = (value: string): string => encodeURIComponent(value)

/** POST /v1/orgs/{orgId}/appraisals — the same requestId resumes a lost request instead of opening a second ballot. */
export async function openAppraisal(orgId: string, body: OpenAppraisalRequest): Promise<AppraisalView> {
  return (await request('POST', `/orgs/${id(orgId)}/appraisals`, { body, schema: openAppraisalResponse })).appraisal
}

/** GET /v1/orgs/{orgId}/appraisals — the chair's ballots of one org. */
export async function orgAppraisals(orgId: string): Promise<AppraisalView[]> {
  return (await request('GET', `/orgs/${id(orgId)}/appraisals`, { schema: orgAppraisalsResponse })).appraisals
}

/** GET /v1/appraisals/mine — the ballots the member may vote in, with whether they voted and their receipt. */
export async function myAppraisals(): Promise<MyAppraisal[]> {
  return (await request('GET', '/appraisals/mine', { schema: myAppraisalsResponse })).appraisals
}

/** GET /v1/appraisals/{appraisalId} */
export function appraisalOfMine(appraisalId: string): Promise<MyAppraisal> {
  return request('GET', `/appraisals/${id(appraisalId)}`, { schema: myAppraisal })
}

const castAttempts = 3

/**
 * POST /v1/appraisals/{appraisalId}/ballot. The server counts a member once whatever is re-sent, so a request
 * that got no answer is sent again with the same body: if the first one was counted, the answer is
 * "alreadyVoted" with the same receipt.
 */
export async function castBallot(appraisalId: string, body: CastRequest): Promise<CastResponse & { resent: boolean }> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      const answer = await request('POST', `/appraisals/${id(appraisalId)}/ballot`, { body, schema: castResponse })
      return { ...answer, resent: attempt > 1 }
    } catch (error) {
      const unanswered = isApiError(error) && error.code === 'NETWORK.UNREACHABLE'
      if (!unanswered || attempt >= castAttempts) throw error
      await new Promise((resolve) => setTimeout(resolve, 800 * attempt))
    }
  }
}

/** GET /v1/appraisals/{appraisalId}/turnout — the chair: how many voted, never who. */
export function appraisalTurnout(appraisalId: string): Promise<TurnoutResponse> {
  return request('GET', `/appraisals/${id(appraisalId)}/turnout`, { schema: turnoutResponse })
}

/** GET /v1/appraisals/{appraisalId}/result — only once sealed (else APPRAISAL.NOT_SEALED with the server's message). */
export function appraisalResult(appraisalId: string): Promise<AppraisalResultResponse> {
  return request('GET', `/appraisals/${id(appraisalId)}/result`, { schema: appraisalResultResponse })
}

/** POST /v1/appraisals/{appraisalId}/receipt-check — no log-in needed. */
export function checkReceipt(appraisalId: string, receipt: string): Promise<ReceiptCheckResponse> {
  return request('POST', `/appraisals/${id(appraisalId)}/receipt-check`, { body: { receipt }, schema: receiptCheckResponse })
}

/** GET /v1/appraisals/{appraisalId}/suggestions — the chair, after sealing; in random order, without names. */
export async function appraisalSuggestions(appraisalId: string): Promise<string[]> {
  return (await request('GET', `/appraisals/${id(appraisalId)}/suggestions`, { schema: suggestionsResponse })).suggestions
}

/** GET /v1/appraisals/{appraisalId}/electorate — the names on the roster snapshot (never who voted). */
export async function appraisalElectorate(appraisalId: string): Promise<ElectorateResponse['names']> {
  return (await request('GET', `/appraisals/${id(appraisalId)}/electorate`, { schema: electorateResponse })).names
}

// ---- time ----------------------------------------------------------------------------------------------

const beijingOffsetMs = 8 * 3600_000

/** "2026-11-23" and "09:00" in Beijing, for the date and time pickers. */
export function beijingDateAndTime(ms: number): { date: string; time: string } {
  const iso = new Date(ms + beijingOffsetMs).toISOString()
  return { date: iso.slice(0, 10), time: iso.slice(11, 16) }
}

/** "2026年11月23日 09:00" in Beijing: the opening and closing times of a ballot, read as they will be announced. */
export function beijingDateTime(iso: string): string {
  const ms = Date.parse(iso)
  if (Number.isNaN(ms)) return ''
  const { date, time } = beijingDateAndTime(ms)
  const [year, month, day] = date.split('-').map(Number)
  return `${year}年${month}月${day}日 ${time}`
}
