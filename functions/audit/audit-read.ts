import type { AuditTrailQuery, AuditTrailResponse, RecentAuditResponse } from '@shared/api/audit';
import { isInSubtree, type Org } from '@shared/domain/org';
import { DomainError } from '@shared/errors';
import type { Session } from '../auth/session-token';
import type { Directory } from '../directory/directory';
import { newestFirst, type AuditLog } from './audit-log';

/**
 * The orgs whose subtrees the caller may read the trail of: those where they hold the organiser role. Anyone
 * else is refused (AUDIT.FORBIDDEN), whatever the client shows.
 */
export async function organiserScopes(directory: Directory, session: Session): Promise<Org[]> {
  const grants = session.memberId ? (await directory.roleGrantsOf(session.memberId)).filter((grant) => grant.role === 'organiser') : [];
  const orgs = [...(await directory.getOrgs(grants.map((grant) => grant.orgId))).values()];
  if (orgs.length === 0) throw new DomainError('AUDIT.FORBIDDEN');
  // An org inside another organised subtree adds nothing.
  return orgs.filter((org) => !orgs.some((other) => other !== org && other.path !== org.path && isInSubtree(org.path, other.path)));
}

/**
 * One subject's chain, whole or not at all: every event must lie in the caller's scope, since a chain with
 * events left out could not be verified by whoever reads it.
 */
export async function readSubjectTrail(log: AuditLog, scopes: Org[], query: AuditTrailQuery): Promise<AuditTrailResponse> {
  const chain = await log.chainOf(query.subjectType, query.subjectId);
  const outside = chain.events.some((event) => !scopes.some((scope) => isInSubtree(event.scopePath, scope.path)));
  if (outside) throw new DomainError('AUDIT.OUT_OF_SCOPE');
  return { subjectType: query.subjectType, subjectId: query.subjectId, ...chain };
}

/** The newest events under any of the caller's organised orgs. */
export async function readRecentAudit(log: AuditLog, scopes: Org[], limit: number): Promise<RecentAuditResponse> {
  const perScope = await Promise.all(scopes.map((scope) => log.recentUnder(scope.path, limit)));
  const events = perScope
    .flat()
    .filter((event) => scopes.some((scope) => isInSubtree(event.scopePath, scope.path)))
    .sort(newestFirst)
    .slice(0, limit);
  return { scopes: scopes.map(({ orgId, name, path }) => ({ orgId, name, path })), events };
}
