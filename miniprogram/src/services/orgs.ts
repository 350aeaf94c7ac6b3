// The federation tree, role assignment and the union profile, through the one typed client. Only the admin and
// chair subpackages import this file.
import {
  grantRoleResponse,
  memberSearchResponse,
  moveOrgResponse,
  orgDetailResponse,
  orgResponse,
  revokeRoleResponse,
  roleHoldersResponse,
  unionProfileResponse,
  unionProfileYear,
  type CreateOrgRequest,
  type GrantRoleRequest,
  type MemberSearchResponse,
  type MoveOrgResponse,
  type OrgDetailResponse,
  type RoleHolder,
  type RoleHoldersResponse,
  type SaveUnionProfileRequest,
  type UnionProfileResponse,
  type UnionProfileYear,
  type UpdateOrgRequest,
} from '@shared/api/orgs'
import type { Org } from '@shared/domain/org'
import type { AssignableRole } from '@shared/domain/org-tree'
import { request } from './api-client'

const id = (value: string): string => encodeURIComponent(value)

/** GET /v1/orgs/{orgId} — the org, the names above it, its children. */
export function orgDetail(orgId: string): Promise<OrgDetailResponse> {
  return request('GET', `/orgs/${id(orgId)}`, { schema: orgDetailResponse })
}

/** POST /v1/orgs */
export async function createOrg(body: CreateOrgRequest): Promise<Org> {
  return (await request('POST', '/orgs', { body, schema: orgResponse })).org
}

/** PUT /v1/orgs/{orgId} — only the fields given change */
export async function updateOrg(orgId: string, body: UpdateOrgRequest): Promise<Org> {
  return (await request('PUT', `/orgs/${id(orgId)}`, { body, schema: orgResponse })).org
}

/**
 * POST /v1/orgs/{orgId}/move. A large subtree may need more than one request (`done: false`): the same move is
 * sent again, and the server carries on where it stopped.
 */
export async function moveOrg(orgId: string, parentId: string, reason?: string): Promise<MoveOrgResponse> {
  const body = { parentId, ...(reason ? { reason } : {}) }
  let result = await request('POST', `/orgs/${id(orgId)}/move`, { body, schema: moveOrgResponse })
  for (let round = 1; !result.done && round < 20; round += 1) {
    result = await request('POST', `/orgs/${id(orgId)}/move`, { body, schema: moveOrgResponse })
  }
  return result
}

/** GET /v1/orgs/{orgId}/roles */
export function roleHolders(orgId: string): Promise<RoleHoldersResponse> {
  return request('GET', `/orgs/${id(orgId)}/roles`, { schema: roleHoldersResponse })
}

/** POST /v1/orgs/{orgId}/roles — the member is notified. */
export async function grantRole(orgId: string, body: GrantRoleRequest): Promise<RoleHolder> {
  return (await request('POST', `/orgs/${id(orgId)}/roles`, { body, schema: grantRoleResponse })).holder
}

/** DELETE /v1/orgs/{orgId}/roles/{memberId}/{role} */
export async function revokeRole(orgId: string, memberId: string, role: AssignableRole, reason?: string): Promise<void> {
  const query = reason ? `?reason=${encodeURIComponent(reason)}` : ''
  await request('DELETE', `/orgs/${id(orgId)}/roles/${id(memberId)}/${role}${query}`, { schema: revokeRoleResponse })
}

/** GET /v1/orgs/{orgId}/members?q= — names and ids on the org's roster whose name starts with `q`. */
export async function searchMembers(orgId: string, q: string): Promise<MemberSearchResponse['members']> {
  return (await request('GET', `/orgs/${id(orgId)}/members?q=${encodeURIComponent(q)}`, { schema: memberSearchResponse })).members
}

/** GET /v1/orgs/{orgId}/profile */
export function unionProfile(orgId: string): Promise<UnionProfileResponse> {
  return request('GET', `/orgs/${id(orgId)}/profile`, { schema: unionProfileResponse })
}

/** PUT /v1/orgs/{orgId}/profile/{year} */
export function saveUnionProfile(orgId: string, year: number, body: SaveUnionProfileRequest): Promise<UnionProfileYear> {
  return request('PUT', `/orgs/${id(orgId)}/profile/${year}`, { body, schema: unionProfileYear })
}

/** The field errors of a refused request, by field, to show under each input. */
export function fieldErrors(details: readonly { path: string; message: string }[]): Record<string, string> {
  return Object.fromEntries(details.map((d) => [d.path, d.message]))
}
