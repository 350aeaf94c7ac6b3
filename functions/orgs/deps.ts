import type { AuditAction, AuditEventDraft } from '@shared/audit/audit-event';
import type { Org } from '@shared/domain/org';
import { DomainError } from '@shared/errors';
import type { Directory } from '../directory/directory';
import type { Actor } from '../scope/scope';
import type { OrgTree, RoleBook, Roster } from './org-store';
import type { UnionProfileBook } from './union-profile-store';

/** What the org domain works with: ports only, so it can be run against any store. */
export interface OrgDeps {
  /** Who holds which role where (scope checks). */
  directory: Directory;
  tree: OrgTree;
  roles: RoleBook;
  roster: Roster;
  profiles: UnionProfileBook;
  now: () => Date;
  /** A fresh org id when the organiser gives none. */
  newOrgId: () => string;
}

export async function existingOrg(tree: OrgTree, orgId: string): Promise<Org> {
  const org = await tree.getOrg(orgId);
  if (!org) throw new DomainError('ORG.NOT_FOUND');
  return org;
}

/** An event on the org's audit chain (subject org#<id>), scoped to where the org sits. */
export function orgAudit(actor: Actor, orgId: string, scopePath: string, action: AuditAction, reason: string | undefined, data: Record<string, unknown>): AuditEventDraft {
  return {
    subjectType: 'org',
    subjectId: orgId,
    scopePath,
    action,
    actor: { memberId: actor.memberId, role: actor.role },
    ...(reason ? { reason } : {}),
    data,
  };
}
