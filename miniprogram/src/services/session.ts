import Taro from '@tarojs/taro'
import { useSyncExternalStore } from 'react'
import type { MeResponse } from '@shared/api/auth'
import type { Role } from '@shared/domain/org'
import {
  ApiError,
  clearToken,
  clientErrorMessages,
  getToken,
  login,
  me,
  onTokenChange,
  setToken,
  toApiError,
} from './api-client'

/** Who is using the mini-program right now, as far as this device knows. */
export type Session =
  /** A stored token is being checked against GET /v1/me. */
  | { status: 'checking' }
  /** `expired`: the server refused the stored token and it could not be renewed silently (log in again). */
  | { status: 'signedOut'; expired?: boolean }
  | { status: 'signedIn'; me: MeResponse }
  /** A token is stored but /v1/me could not be read (network, server); retry with refreshSession(). */
  | { status: 'failed'; error: ApiError }

let current: Session = { status: 'checking' }
const listeners = new Set<() => void>()
let inFlight: Promise<void> | null = null

function publish(next: Session): void {
  current = next
  listeners.forEach((listener) => listener())
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener)
  return () => {
    listeners.delete(listener)
  }
}

export function getSession(): Session {
  return current
}

/** The current session; re-renders when it changes. */
export function useSession(): Session {
  return useSyncExternalStore(subscribe, getSession, getSession)
}

// A 401 that could not be renewed clears the token in the API client; the session follows.
onTokenChange((token, end) => {
  if (token === null && current.status !== 'signedOut') publish({ status: 'signedOut', expired: end === 'expired' })
})

/** Reads GET /v1/me into the session; returns the error, if any, for callers that report it. */
async function loadMe(): Promise<ApiError | null> {
  try {
    publish({ status: 'signedIn', me: await me() })
    return null
  } catch (error) {
    const apiError = toApiError(error)
    if (!getToken()) {
      // The token was refused (401) and is gone: signed out, and told why.
      publish({ status: 'signedOut', expired: apiError.status === 401 })
    } else if (current.status !== 'signedIn') {
      // On a failed background refresh keep showing what we had.
      publish({ status: 'failed', error: apiError })
    }
    return apiError
  }
}

/**
 * Brings the session up to date with the server: signed out without a token, else reads GET /v1/me.
 * Concurrent calls share one request. Never rejects; failures end in `{ status: 'failed' }`.
 */
export function refreshSession(): Promise<void> {
  if (!getToken()) {
    publish({ status: 'signedOut' })
    return Promise.resolve()
  }
  if (!inFlight) {
    if (current.status !== 'signedIn') publish({ status: 'checking' })
    inFlight = loadMe().then(() => {
      inFlight = null
    })
  }
  return inFlight
}

/** Stores a fresh token and reads who it belongs to; rejects with the ApiError of GET /v1/me. */
export async function startSession(token: string): Promise<void> {
  setToken(token)
  publish({ status: 'checking' })
  const error = await loadMe()
  if (error) throw error
}

/** wx.login → POST /v1/auth/login → GET /v1/me. Rejects with an ApiError whose message can be shown. */
export async function logInWithWeChat(): Promise<void> {
  let code: string
  try {
    const result = await Taro.login()
    code = result.code
  } catch (cause) {
    throw new ApiError('WECHAT.LOGIN_FAILED', clientErrorMessages['WECHAT.LOGIN_FAILED'], { cause })
  }
  if (!code) throw new ApiError('WECHAT.LOGIN_FAILED', clientErrorMessages['WECHAT.LOGIN_FAILED'])
  const { token } = await login(code)
  await startSession(token)
}

/** Whether the member holds any of these roles in any of their orgs (what to show; the server checks again). */
export function holdsRole(me: MeResponse, roles: readonly Role[]): boolean {
  return me.memberships.some((membership) => membership.roles.some((role) => roles.includes(role)))
}

/** Forgets the token on this device (the token simply expires on the server). */
export function logOut(): void {
  clearToken()
  publish({ status: 'signedOut' })
}
