import { isInSubtree, type Org, type Role } from '@shared/domain/org';
import { DomainError } from '@shared/errors';
import type { Session } from '../auth/session-token';
import type { Directory } from '../directory/directory';

export interface Actor {
  memberId: string;
  /** The role that granted access and the org it is held on. */
  role: Role;
  org: Org;
}

/**
 * DESIGN.md invariant 8: the caller may act on `target` only when they hold one of `roles` on `target` itself or
 * on an org above it (reviewer, organiser, investigator: their org's subtree; chair: their union and its
 * sub-unions). Checked on the server for every read and write; refusal is SCOPE.FORBIDDEN (403). A member who has
 * left the roster holds no role (Directory.roleGrantsOf), whatever role items remain.
 */
export async function requireScope(directory: Directory, session: Session, roles: readonly Role[], target: Org): Promise<Actor> {
  if (!session.memberId) throw new DomainError('SCOPE.FORBIDDEN');
  const grants = (await directory.roleGrantsOf(session.memberId)).filter((g) => roles.includes(g.role));
  const orgs = await directory.getOrgs(grants.map((g) => g.orgId));
  for (const grant of grants) {
    const org = orgs.get(grant.orgId);
    if (org && isInSubtree(target.path, org.path)) return { memberId: session.memberId, role: grant.role, org };
  }
  throw new DomainError('SCOPE.FORBIDDEN');
}

/** The orgs where the caller holds one of `roles` (e.g. to list what a reviewer may see). */
export async function scopesOf(directory: Directory, session: Session, roles: readonly Role[]): Promise<Actor[]> {
  if (!session.memberId) return [];
  const memberId = session.memberId;
  const grants = (await directory.roleGrantsOf(memberId)).filter((g) => roles.includes(g.role));
  const orgs = await directory.getOrgs(grants.map((g) => g.orgId));
  return grants.flatMap((g) => {
    const org = orgs.get(g.orgId);
    return org ? [{ memberId, role: g.role, org }] : [];
  });
}

/**
 * Scope before existence (issue 15): the org a request names, once the caller holds one of `roles` on it or above
 * it. An org that does not exist is refused exactly as one outside the caller's reach (SCOPE.FORBIDDEN), so nobody
 * learns which org ids exist elsewhere; nothing about the org (its level, kind, profile…) is checked before this.
 */
export async function requireScopeOn(directory: Directory, session: Session, roles: readonly Role[], orgId: string): Promise<{ org: Org; actor: Actor }> {
  const [actors, orgs] = await Promise.all([scopesOf(directory, session, roles), directory.getOrgs([orgId])]);
  const org = orgs.get(orgId);
  // The first grant that reaches the org, in the order requireScope takes them.
  const actor = org ? actors.find((a) => isInSubtree(org.path, a.org.path)) : undefined;
  if (!org || !actor) throw new DomainError('SCOPE.FORBIDDEN');
  return { org, actor };
}
