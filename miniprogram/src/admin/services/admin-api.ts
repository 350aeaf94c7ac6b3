// The organisers' endpoints, through the one typed client; kept in the admin subpackage so that their schemas and
// labels do not weigh on the main package.
import { auditTrailResponse, recentAuditResponse, type AuditTrailResponse, type RecentAuditResponse } from '@shared/api/audit'
import { deadNoticesResponse, type DeadNotice } from '@shared/api/inbox'
import { request } from '../../services/api-client'

/** GET /v1/audit/recent — the newest events in the organiser's scope, newest first. */
export function recentAudit(limit = 50): Promise<RecentAuditResponse> {
  return request('GET', `/audit/recent?limit=${limit}`, { schema: recentAuditResponse })
}

/** GET /v1/audit — one subject's whole chain, oldest first, with the server's verification of it. */
export function auditTrail(subjectType: string, subjectId: string): Promise<AuditTrailResponse> {
  const query = `subjectType=${encodeURIComponent(subjectType)}&subjectId=${encodeURIComponent(subjectId)}`
  return request('GET', `/audit?${query}`, { schema: auditTrailResponse })
}

/** GET /v1/notices/dead — notices that failed every retry, for the organiser's scope. */
export async function deadNotices(): Promise<DeadNotice[]> {
  const response = await request('GET', '/notices/dead', { schema: deadNoticesResponse })
  return response.notices
}
