import Taro from '@tarojs/taro'
import type * as z from 'zod'
import {
  loginResponse,
  meResponse,
  type LoginResponse,
  type MeResponse,
} from '@shared/api/auth'
import { errorBody } from '@shared/api/common'
import { healthResponse, type HealthResponse } from '@shared/api/health'
import {
  inboxResponse,
  subscribeTemplatesResponse,
  subscriptionResultResponse,
  unreadResponse,
  type InboxResponse,
  type subscribeMoments,
} from '@shared/api/inbox'
import { errorMessages, type ErrorDetail } from '@shared/errors'
import { wechatFailure, wechatFailureMessages } from './wechat-failure'

/** Settings baked in at build time (config/index.ts); a value from a .env file may keep a trailing slash. */
export const apiBase = process.env.TARO_APP_API_BASE.replace(/\/+$/, '')
export const stage = process.env.TARO_APP_STAGE

export const TOKEN_STORAGE_KEY = 'session.token'
const REQUEST_TIMEOUT_MS = 15_000

/** Client-side codes, next to the server's codes from shared/errors.ts. */
export const clientErrorMessages = {
  /** What a failed wx.request, uploadFile, chooser… says (services/wechat-failure.ts). */
  ...wechatFailureMessages,
  'NETWORK.UNREACHABLE': '网络连接失败，请检查网络后重试',
  'RESPONSE.INVALID': '服务返回的数据无法识别，请稍后再试',
  'WECHAT.LOGIN_FAILED': '微信登录失败，请稍后再试',
} as const

/**
 * A failed API call. `message` is Chinese and meant to be shown to the user as it is;
 * `details` name the failing fields of a refused request.
 */
export class ApiError extends Error {
  readonly code: string
  /** HTTP status; 0 when no response arrived. */
  readonly status: number
  readonly details: ErrorDetail[]

  constructor(code: string, message: string, options: { status?: number; details?: ErrorDetail[]; cause?: unknown } = {}) {
    super(message, { cause: options.cause })
    this.name = 'ApiError'
    this.code = code
    this.status = options.status ?? 0
    this.details = options.details ?? []
  }
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError
}

/** Turns anything thrown into an ApiError, so that pages have one kind of error to show. */
export function toApiError(error: unknown): ApiError {
  if (isApiError(error)) return error
  return new ApiError('INTERNAL', errorMessages.INTERNAL, { cause: error })
}

// ---- token -------------------------------------------------------------------------------------------

/** Why a token went: the user logged out, or the server refused it (expired) and it could not be renewed. */
export type TokenEnd = 'loggedOut' | 'expired'
type TokenListener = (token: string | null, end?: TokenEnd) => void
const tokenListeners = new Set<TokenListener>()

export function getToken(): string | null {
  const stored: unknown = Taro.getStorageSync(TOKEN_STORAGE_KEY)
  return typeof stored === 'string' && stored !== '' ? stored : null
}

export function setToken(token: string): void {
  Taro.setStorageSync(TOKEN_STORAGE_KEY, token)
  tokenListeners.forEach((listener) => listener(token))
}

export function clearToken(end: TokenEnd = 'loggedOut'): void {
  Taro.removeStorageSync(TOKEN_STORAGE_KEY)
  tokenListeners.forEach((listener) => listener(null, end))
}

/** Told whenever the token is set or cleared (a 401 clears it). Returns the unsubscribe function. */
export function onTokenChange(listener: TokenListener): () => void {
  tokenListeners.add(listener)
  return () => {
    tokenListeners.delete(listener)
  }
}

// ---- request -----------------------------------------------------------------------------------------

/** What wx.request can send and our API uses (wx.request has no PATCH: the API's partial updates are PUT). */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE'

export interface RequestOptions<S extends z.ZodType> {
  /** JSON request body (POST/PUT). */
  body?: unknown
  /** Shared zod schema the 2xx response body must satisfy. */
  schema: S
  /** A longer wait than REQUEST_TIMEOUT_MS, for a call the server needs long for (a large roster's preview). */
  timeoutMs?: number
}

/** WeChat hands back the raw text when the body is not JSON; H5 hands back null. */
function parsedBody(data: unknown): unknown {
  if (typeof data !== 'string') return data
  try {
    return JSON.parse(data) as unknown
  } catch {
    // Not JSON (a proxy's HTML error page, say): callers treat it as an unreadable body.
    return undefined
  }
}

function errorFromResponse(status: number, data: unknown): ApiError {
  const body = errorBody.safeParse(parsedBody(data))
  if (body.success) {
    return new ApiError(body.data.code, body.data.message, { status, details: body.data.details })
  }
  if (status === 401) return new ApiError('AUTH.REQUIRED', errorMessages['AUTH.REQUIRED'], { status })
  if (status === 404) return new ApiError('REQUEST.NOT_FOUND', errorMessages['REQUEST.NOT_FOUND'], { status })
  return new ApiError('INTERNAL', errorMessages.INTERNAL, { status })
}

interface RawResponse {
  statusCode: number
  data: unknown
  /** Response headers as the platform gives them (H5: lower-case names; WeChat: as the server spelled them). */
  header: Record<string, unknown>
}

async function send(method: HttpMethod, path: string, body: unknown, extraHeader: Record<string, string> = {}, timeoutMs = REQUEST_TIMEOUT_MS): Promise<RawResponse & { token: string | null }> {
  const header: Record<string, string> = { Accept: 'application/json', ...extraHeader }
  if (body !== undefined) header['Content-Type'] = 'application/json'
  // A log-in carries no session: the one it replaces may just have been refused.
  const token = path === '/auth/login' ? null : getToken()
  if (token) header.Authorization = `Bearer ${token}`

  try {
    const response = await Taro.request({
      url: `${apiBase}/v1${path}`,
      method,
      header,
      data: body,
      dataType: 'json',
      timeout: timeoutMs,
    })
    return { statusCode: response.statusCode, data: response.data as unknown, header: (response.header ?? {}) as Record<string, unknown>, token }
  } catch (cause) {
    // A person can act on 域名未登记 / 超时 / 证书 / 断网 differently: each has its own code and words.
    const failure = wechatFailure(cause, 'request')
    if (failure.cancelled) throw new ApiError('NETWORK.UNREACHABLE', clientErrorMessages['NETWORK.UNREACHABLE'], { cause })
    throw new ApiError(failure.code, failure.message, { cause })
  }
}

function validated<S extends z.ZodType>(schema: S, statusCode: number, data: unknown): z.output<S> {
  const parsed = schema.safeParse(parsedBody(data))
  if (!parsed.success) {
    throw new ApiError('RESPONSE.INVALID', clientErrorMessages['RESPONSE.INVALID'], { status: statusCode, cause: parsed.error })
  }
  return parsed.data
}

function refused({ statusCode, data, token }: RawResponse & { token: string | null }): ApiError {
  // Only the token that was refused is forgotten: a newer one (a log-in meanwhile) stays.
  if (statusCode === 401 && token && getToken() === token) clearToken('expired')
  return errorFromResponse(statusCode, data)
}

// ---- silent re-login ---------------------------------------------------------------------------------

let renewal: Promise<boolean> | null = null

/**
 * WeChat only: a refused token (expired after 12 h, say) is replaced without the user — wx.login gives a fresh code,
 * POST /v1/auth/login turns it into a token for the same WeChat user. Concurrent refusals share one renewal.
 * Resolves false when it cannot (H5, no code, WeChat or the API refusing): the caller then shows the 401.
 */
function renewToken(refusedToken: string): Promise<boolean> {
  const stored = getToken()
  // Gone: a renewal already failed (or the user logged out) — do not start another wx.login behind their back.
  if (!stored) return Promise.resolve(false)
  // Another request renewed it meanwhile: just retry with the new one.
  if (stored !== refusedToken) return Promise.resolve(true)
  if (process.env.TARO_ENV !== 'weapp') return Promise.resolve(false)
  if (!renewal) {
    renewal = logInSilently().finally(() => {
      renewal = null
    })
  }
  return renewal
}

async function logInSilently(): Promise<boolean> {
  try {
    const { code } = await Taro.login()
    if (!code) return false
    const response = await send('POST', '/auth/login', { code })
    if (response.statusCode !== 200) return false
    setToken(validated(loginResponse, response.statusCode, response.data).token)
    return true
  } catch {
    return false
  }
}

/**
 * Sends, and when the API refuses the stored token (401) renews it silently and sends once more. Safe for every
 * method: a 401 is answered before anything is done.
 */
async function sendSignedIn(method: HttpMethod, path: string, body: unknown, extraHeader: Record<string, string> = {}, timeoutMs?: number): Promise<RawResponse & { token: string | null }> {
  const response = await send(method, path, body, extraHeader, timeoutMs)
  if (response.statusCode !== 401 || !response.token || !(await renewToken(response.token))) return response
  return send(method, path, body, extraHeader, timeoutMs)
}

/**
 * The one way the mini-program talks to the API: `path` is relative to `/v1`, the response is validated
 * with the shared schema, error bodies become ApiError. A 401 renews the session silently on WeChat and retries once;
 * when it cannot, the stored token is forgotten (the session says it expired).
 */
export async function request<S extends z.ZodType>(
  method: HttpMethod,
  path: string,
  { body, schema, timeoutMs }: RequestOptions<S>,
): Promise<z.output<S>> {
  const response = await sendSignedIn(method, path, body, {}, timeoutMs)
  if (response.statusCode < 200 || response.statusCode >= 300) throw refused(response)
  return validated(schema, response.statusCode, response.data)
}

/** A conditional GET's answer: the body and its ETag, or 304 (the copy sent as `etag` is still current). */
export type ConditionalResponse<T> = { notModified: true } | { notModified: false; body: T; etag: string | null }

/**
 * GET with `If-None-Match` when an ETag is known: 304 answers `{ notModified: true }` and the caller keeps its copy.
 * (On H5 the ETag is readable only when the API exposes it to the page's origin; without it, no condition is sent.)
 */
export async function conditionalGet<S extends z.ZodType>(path: string, { schema, etag }: { schema: S; etag?: string | null }): Promise<ConditionalResponse<z.output<S>>> {
  const response = await sendSignedIn('GET', path, undefined, etag ? { 'If-None-Match': etag } : {})
  if (response.statusCode === 304 && etag) return { notModified: true }
  if (response.statusCode < 200 || response.statusCode >= 300) throw refused(response)
  return { notModified: false, body: validated(schema, response.statusCode, response.data), etag: headerValue(response.header, 'etag') }
}

/** A response header by name, whatever its case. */
function headerValue(header: Record<string, unknown>, name: string): string | null {
  const key = Object.keys(header).find((k) => k.toLowerCase() === name)
  const value = key === undefined ? undefined : header[key]
  return typeof value === 'string' && value !== '' ? value : null
}

// ---- endpoints ---------------------------------------------------------------------------------------

/** POST /v1/auth/login — `code` from Taro.login(). */
export function login(code: string): Promise<LoginResponse> {
  return request('POST', '/auth/login', { body: { code }, schema: loginResponse })
}

/** GET /v1/me */
export function me(): Promise<MeResponse> {
  return request('GET', '/me', { schema: meResponse })
}

/** GET /v1/health */
export function health(): Promise<HealthResponse> {
  return request('GET', '/health', { schema: healthResponse })
}

// ---- inbox and subscribe messages --------------------------------------------------------------------

export type SubscribeMoment = (typeof subscribeMoments)[number]
export type SubscribeAnswer = 'accept' | 'reject' | 'ban' | 'filter'
export type SubscribeTemplate = z.output<typeof subscribeTemplatesResponse>['templates'][number]

/** GET /v1/inbox — newest first, 20 at a time; pass the previous page's nextCursor for the next. */
export function inbox(cursor?: string): Promise<InboxResponse> {
  const query = cursor ? `?cursor=${encodeURIComponent(cursor)}` : ''
  return request('GET', `/inbox${query}`, { schema: inboxResponse })
}

/** GET /v1/inbox/unread */
export async function unreadCount(): Promise<number> {
  const response = await request('GET', '/inbox/unread', { schema: unreadResponse })
  return response.unread
}

/** POST /v1/inbox/read — answers the unread count after marking. */
export async function markNoticesRead(noticeIds: string[]): Promise<number> {
  const response = await request('POST', '/inbox/read', { body: { noticeIds }, schema: unreadResponse })
  return response.unread
}

/** GET /v1/subscriptions/templates?moment=… — at most 3, as wx.requestSubscribeMessage allows. */
export async function subscribeTemplates(moment: SubscribeMoment): Promise<SubscribeTemplate[]> {
  const response = await request('GET', `/subscriptions/templates?moment=${moment}`, { schema: subscribeTemplatesResponse })
  return response.templates
}

/** POST /v1/subscriptions — what the user answered, per template id. */
export function recordSubscriptionResults(results: Record<string, SubscribeAnswer>): Promise<z.output<typeof subscriptionResultResponse>> {
  return request('POST', '/subscriptions', { body: { results }, schema: subscriptionResultResponse })
}
