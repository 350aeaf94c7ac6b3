import type { MeResponse, Membership } from '@shared/api/auth'
import {
  bindResponse,
  invitationPublicResponse,
  invitationResponse,
  invitationRevokedResponse,
  joinStatusResponse,
  type BindRequest,
  type BindResponse,
  type InvitationView,
  type JoinStatusResponse,
} from '@shared/api/joining'
import { request, setToken } from './api-client'
import { refreshSession } from './session'

// 入会邀请: the chair's invitation and QR code, the member's binding, the chair's view of who has joined.

const org = (orgId: string) => `/orgs/${encodeURIComponent(orgId)}`

/** GET /v1/orgs/{orgId}/invitation — null before the chair issues the first one. */
export async function currentInvitation(orgId: string): Promise<InvitationView | null> {
  return (await request('GET', `${org(orgId)}/invitation`, { schema: invitationResponse })).invitation
}

/** POST /v1/orgs/{orgId}/invitation — a new code; the old one stops working at once. */
export async function issueInvitation(orgId: string): Promise<InvitationView | null> {
  return (await request('POST', `${org(orgId)}/invitation`, { body: {}, schema: invitationResponse })).invitation
}

/** DELETE /v1/orgs/{orgId}/invitation */
export async function revokeInvitation(orgId: string): Promise<boolean> {
  return (await request('DELETE', `${org(orgId)}/invitation`, { schema: invitationRevokedResponse })).revoked
}

/** GET /v1/invitations/{code} — public: the union's name. */
export async function invitedUnion(code: string): Promise<string> {
  return (await request('GET', `/invitations/${encodeURIComponent(code)}`, { schema: invitationPublicResponse })).orgName
}

/** POST /v1/invitations/{code}/bind — on success the new token (bound to the member) becomes the session. */
export async function bindWithInvitation(code: string, body: BindRequest): Promise<BindResponse> {
  const bound = await request('POST', `/invitations/${encodeURIComponent(code)}/bind`, { body, schema: bindResponse })
  await adoptToken(bound.token)
  return bound
}

/** GET /v1/orgs/{orgId}/join-status */
export function joinStatus(orgId: string): Promise<JoinStatusResponse> {
  return request('GET', `${org(orgId)}/join-status`, { schema: joinStatusResponse })
}

/** Makes `token` the session's (a token handed over by the server, or by a test on the local stage). */
export async function adoptToken(token: string): Promise<void> {
  setToken(token)
  await refreshSession()
}

/** The unions where the user is chair or vice-chair: whose invitation and join status they manage. */
export function chairedUnions(me: MeResponse): Membership[] {
  return me.memberships.filter((membership) => membership.roles.some((role) => role === 'chair' || role === 'viceChair'))
}

/**
 * The scene a scanned code opened the page with. WeChat passes it URL-encoded (`scene=ABC%3D…`); on H5 the join
 * link carries it plainly. A malformed escape is kept as it is: the server says whether the code is valid.
 */
export function sceneOf(params: Record<string, string | undefined>): string {
  const raw = params.scene ?? params.code ?? ''
  try {
    return decodeURIComponent(raw)
  } catch {
    return raw
  }
}
