import type { AuditEventDraft } from '@shared/audit/audit-event';
import type { Org } from '@shared/domain/org';
import type { AssignableRole } from '@shared/domain/org-tree';
import type { NoticeDraft } from '../notify/notice';
import type { OrgMove } from './org-items';

export type { OrgMove } from './org-items';

/**
 * The ports through which the org domain reads and changes the federation tree, its role holders and its
 * rosters. Every change carries its audit event and commits with it in one transaction; a refused change throws
 * a DomainError (ORG.ALREADY_EXISTS, ORG.CHANGED_MEANWHILE, ORG.MOVE_IN_PROGRESS, ROLE.ALREADY_GRANTED, …).
 */
export interface OrgTree {
  getOrg(orgId: string): Promise<Org | undefined>;
  getOrgs(orgIds: readonly string[]): Promise<Map<string, Org>>;
  /** Direct children, by name. */
  childrenOf(orgId: string): Promise<Org[]>;
  /** Up to `limit` orgs strictly below `path` whose path still starts with it. */
  descendantsAt(path: string, limit: number): Promise<Org[]>;
  /** The move of this org that has started and not finished, if any. */
  pendingMove(orgId: string): Promise<OrgMove | undefined>;
  /** Unfinished moves of orgs strictly below `path`. */
  movesBelow(path: string): Promise<OrgMove[]>;

  /** Adds `org` under its parent; refused while the parent (or one above it) is moving or has moved meanwhile. */
  addOrg(org: Org, parent: Org, audit: AuditEventDraft): Promise<void>;
  /** Changes name, level, kind, ownership or industry; refused if the org moved meanwhile. */
  changeOrg(before: Org, after: Org, audit: AuditEventDraft): Promise<void>;
  /**
   * Records the decision and the marker of a move in one transaction, on condition that neither end moved
   * meanwhile and that no org in `guardIds` (everything above both ends) is itself moving.
   */
  startMove(move: OrgMove, target: Org, guardIds: readonly string[], audit: AuditEventDraft): Promise<void>;
  /** Gives each of these descendants its path after the move; safe to repeat. */
  rewritePaths(move: OrgMove, orgs: readonly Org[]): Promise<void>;
  /** Re-parents the moved org itself and removes the marker, in one transaction; safe to repeat. */
  finishMove(move: OrgMove, name: string): Promise<void>;
}

export interface RoleHolding {
  memberId: string;
  role: AssignableRole;
  grantedAt?: string;
}

export interface RoleBook {
  holdersOf(orgId: string): Promise<RoleHolding[]>;
  grant(grant: { memberId: string; orgId: string; role: AssignableRole }, grantedBy: string, notice: NoticeDraft, audit: AuditEventDraft): Promise<void>;
  revoke(grant: { memberId: string; orgId: string; role: AssignableRole }, audit: AuditEventDraft): Promise<void>;
}

export interface RosterEntry {
  memberId: string;
  name: string;
  /** The org whose roster holds the member (a grassroots union, or a federation for its staff). */
  orgId: string;
  subOrgId?: string;
  left: boolean;
}

export interface Roster {
  getMember(memberId: string): Promise<RosterEntry | undefined>;
  getMembers(memberIds: readonly string[]): Promise<Map<string, RosterEntry>>;
  /** Members still on the roster of `rosterOrgId` whose name starts with `namePrefix`, by name. */
  findByName(rosterOrgId: string, namePrefix: string, limit: number): Promise<RosterEntry[]>;
}
