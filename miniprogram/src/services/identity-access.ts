import {
  identityRequestsResponse,
  identityRequestView,
  openedIdentityResponse,
  type IdentityDecisionRequest,
  type IdentityRequestView,
  type OpenedIdentityResponse,
} from '@shared/api/identity-access'
import * as z from 'zod'
import { request } from './api-client'

// Four-eyes access to a reporter's identity (issue 15): the investigator asks with a reason, a custodian (身份保管人)
// decides, and the requester opens the identity once. The opened identity is kept in the page's state only.

const id = (value: string): string => encodeURIComponent(value)
const oneRequest = z.object({ request: identityRequestView })

/** POST /v1/reports/{reportId}/identity-requests — an investigator asks, with a reason (≥ 10 characters). */
export async function askForIdentity(reportId: string, reason: string): Promise<IdentityRequestView> {
  return (await request('POST', `/reports/${id(reportId)}/identity-requests`, { body: { reason }, schema: oneRequest })).request
}

/** GET /v1/reports/{reportId}/identity-requests — the requests on one report, with their state. */
export async function requestsOfReport(reportId: string): Promise<IdentityRequestView[]> {
  return (await request('GET', `/reports/${id(reportId)}/identity-requests`, { schema: identityRequestsResponse })).requests
}

/** GET /v1/identity-requests — a custodian's requests in scope, those waiting for them first. */
export async function identityRequests(): Promise<IdentityRequestView[]> {
  return (await request('GET', '/identity-requests', { schema: identityRequestsResponse })).requests
}

/** POST /v1/identity-requests/{requestId}/decision — approve or refuse, with a reason. */
export async function decideIdentityRequest(requestId: string, body: IdentityDecisionRequest): Promise<IdentityRequestView> {
  return (await request('POST', `/identity-requests/${id(requestId)}/decision`, { body, schema: oneRequest })).request
}

/** POST /v1/identity-requests/{requestId}/open — the requester reads the identity, once. */
export function openIdentity(requestId: string): Promise<OpenedIdentityResponse> {
  return request('POST', `/identity-requests/${id(requestId)}/open`, { body: {}, schema: openedIdentityResponse })
}
