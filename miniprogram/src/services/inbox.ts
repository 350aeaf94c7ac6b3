import { useSyncExternalStore } from 'react'
import { markNoticesRead, onTokenChange, toApiError, unreadCount, type ApiError } from './api-client'

/**
 * The unread count behind the home page's badge, shared by the pages that change it: the inbox marks notices
 * read, the home page re-reads the count whenever it shows. `null` until first read (no badge then).
 */
let unread: number | null = null
const listeners = new Set<() => void>()
// Marks still on their way to the server: a count read before they land would bring a read notice back.
const pendingMarks = new Set<Promise<unknown>>()

function publish(next: number | null): void {
  if (next === unread) return
  unread = next
  listeners.forEach((listener) => listener())
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener)
  return () => {
    listeners.delete(listener)
  }
}

const getUnread = (): number | null => unread

const ignore = (): void => undefined

/** The last known unread count; re-renders when it changes. */
export function useUnreadCount(): number | null {
  return useSyncExternalStore(subscribe, getUnread, getUnread)
}

/** Also set from GET /v1/inbox, which answers the count with each page. */
export function setUnreadCount(count: number): void {
  publish(count)
}

// Logging out or in as someone else forgets the count, so one member's badge never shows on another's home.
onTokenChange(() => publish(null))

/**
 * GET /v1/inbox/unread, after any mark still in flight. Never rejects: on failure the badge keeps its last value
 * (it is a hint; the inbox page is the truth and shows its own errors) and the error is returned.
 */
export async function refreshUnreadCount(): Promise<ApiError | null> {
  // Waits for each mark, landed or failed (Promise.allSettled would do, but iOS 12 lacks it: supported-clients.ts).
  await Promise.all([...pendingMarks].map((mark) => mark.then(ignore, ignore)))
  try {
    publish(await unreadCount())
    return null
  } catch (error) {
    return toApiError(error)
  }
}

/** POST /v1/inbox/read; rejects with an ApiError. The count it answers updates the badge. */
export function markRead(noticeIds: string[]): Promise<number> {
  const marking = markNoticesRead(noticeIds).then((count) => {
    publish(count)
    return count
  })
  pendingMarks.add(marking)
  const settle = () => {
    pendingMarks.delete(marking)
  }
  marking.then(settle, settle)
  return marking
}
