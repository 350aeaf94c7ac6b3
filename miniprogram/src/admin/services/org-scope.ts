import type { MeResponse } from '@shared/api/auth'
import { isInSubtree, type Org } from '@shared/domain/org'

/**
 * The orgs where the member is an organiser, outermost only (an org inside another organised subtree adds
 * nothing): where the org-tree and roles pages start. What to show only; the server checks scope again.
 */
export function organiserRoots(me: MeResponse): Org[] {
  const orgs = me.memberships.filter((m) => m.roles.includes('organiser')).map((m) => m.org)
  return orgs.filter((org) => !orgs.some((other) => other.orgId !== org.orgId && isInSubtree(org.path, other.path)))
}
