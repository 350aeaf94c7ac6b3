import type { MeResponse } from '@shared/api/auth'
import { isInSubtree, type Org, type Role } from '@shared/domain/org'

/**
 * The orgs where the member is an organiser, outermost only (an org inside another organised subtree adds
 * nothing): where the org-tree and roles pages start. What to show only; the server checks scope again.
 */
export function organiserRoots(me: MeResponse): Org[] {
  return rootsWhere(me, ['organiser'])
}

/** The same for any of `roles` (a federation's officers: organisers and reviewers), outermost only, in the order of `roles`. */
export function rootsWhere(me: MeResponse, roles: readonly Role[]): Org[] {
  const orgs = roles.flatMap((role) => me.memberships.filter((m) => m.roles.includes(role)).map((m) => m.org))
  return orgs.filter((org, i) => orgs.findIndex((o) => o.orgId === org.orgId) === i && !orgs.some((other) => other.orgId !== org.orgId && isInSubtree(org.path, other.path)))
}
