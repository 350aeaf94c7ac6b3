import type { GrantRoleRequest, MemberSearchResponse, RoleHolder, RoleHoldersResponse } from '@shared/api/orgs';
import { roleLabels, type Org } from '@shared/domain/org';
import { assignableRoles, conflictingRole, idsOnPath, isIdentityRole, roleFitsLevel, type AssignableRole } from '@shared/domain/org-tree';
import { DomainError, errorMessages } from '@shared/errors';
import type { Session } from '../auth/session-token';
import { requireScopeOn } from '../scope/scope';
import { orgAudit, type OrgDeps } from './deps';

/** The roster an org's role holders come from: its own, or for a sub-union or group, its grassroots union's. */
async function rosterOrgOf(deps: OrgDeps, org: Org): Promise<Org> {
  if (org.level !== 'subUnion' && org.level !== 'group') return org;
  const above = await deps.tree.getOrgs(idsOnPath(org.path));
  return [...above.values()].find((o) => o.level === 'grassroots') ?? org;
}

/** GET /v1/orgs/{orgId}/roles: organisers in scope see who holds which role on the org. */
export async function listRoleHolders(deps: OrgDeps, session: Session, orgId: string): Promise<RoleHoldersResponse> {
  const { org } = await requireScopeOn(deps.directory, session, ['organiser'], orgId);
  const holdings = await deps.roles.holdersOf(orgId);
  const members = await deps.roster.getMembers(holdings.map((h) => h.memberId));
  const holders = holdings
    .map((h): RoleHolder => ({ memberId: h.memberId, name: members.get(h.memberId)?.name ?? h.memberId, role: h.role, ...(h.grantedAt ? { grantedAt: h.grantedAt } : {}) }))
    .sort((a, b) => assignableRoles.indexOf(a.role) - assignableRoles.indexOf(b.role) || a.name.localeCompare(b.name, 'zh-CN'));
  return { org, holders };
}

/** GET /v1/orgs/{orgId}/members?q=: names and ids on the org's roster, for picking whom to grant a role. */
export async function searchRoster(deps: OrgDeps, session: Session, orgId: string, namePrefix: string): Promise<MemberSearchResponse> {
  const { org } = await requireScopeOn(deps.directory, session, ['organiser'], orgId);
  const roster = await rosterOrgOf(deps, org);
  const found = await deps.roster.findByName(roster.orgId, namePrefix, 20);
  return { members: found.map(({ memberId, name }) => ({ memberId, name })) };
}

/** POST /v1/orgs/{orgId}/roles: grant, audit and notify the member, in one transaction. */
export async function grantRole(deps: OrgDeps, session: Session, orgId: string, input: GrantRoleRequest): Promise<RoleHolder> {
  const { org, actor } = await requireScopeOn(deps.directory, session, ['organiser'], orgId);
  if (!roleFitsLevel(input.role, org.level)) throw refusedField('ROLE.NOT_FOR_LEVEL', 'role');
  // Four eyes on a reporter's identity (issue 15): an organiser who made themselves investigator or custodian
  // could open it alone; and one person holding both on one org would approve their own request.
  if (isIdentityRole(input.role) && input.memberId === actor.memberId) throw new DomainError('ROLE.SELF_GRANT', { details: [{ path: 'memberId', message: errorMessages['ROLE.SELF_GRANT'] }] });
  const conflict = conflictingRole(input.role);
  if (conflict && (await deps.roles.holdersOf(orgId)).some((h) => h.memberId === input.memberId && h.role === conflict)) {
    throw new DomainError('ROLE.IDENTITY_CONFLICT', { details: [{ path: 'role', message: errorMessages['ROLE.IDENTITY_CONFLICT'] }] });
  }
  const member = await deps.roster.getMember(input.memberId);
  if (!member || member.left) throw new DomainError('MEMBER.NOT_FOUND');
  if (member.orgId !== (await rosterOrgOf(deps, org)).orgId) throw refusedField('ROLE.MEMBER_OUTSIDE', 'memberId');

  const grantedAt = deps.now().toISOString();
  const grant = { memberId: member.memberId, orgId, role: input.role };
  const notice = {
    // One notice per grant: a later grant of the same role, after a revocation, notifies again.
    eventId: `role#${orgId}#${input.role}#${grantedAt}`,
    recipientId: member.memberId,
    templateKey: 'role.granted',
    params: { org: org.name, role: roleLabels[input.role] },
  };
  await deps.roles.grant(grant, actor.memberId, notice, orgAudit(actor, orgId, org.path, 'role.granted', input.reason, { memberId: member.memberId, role: input.role }));
  return { memberId: member.memberId, name: member.name, role: input.role, grantedAt };
}

/** DELETE /v1/orgs/{orgId}/roles/{memberId}/{role}: revoke and audit; nobody revokes their own role. */
export async function revokeRole(deps: OrgDeps, session: Session, orgId: string, memberId: string, role: AssignableRole, reason: string | undefined): Promise<void> {
  const { org, actor } = await requireScopeOn(deps.directory, session, ['organiser'], orgId);
  if (memberId === actor.memberId) throw new DomainError('ROLE.SELF_REVOKE');
  await deps.roles.revoke({ memberId, orgId, role }, orgAudit(actor, orgId, org.path, 'role.revoked', reason, { memberId, role }));
}

function refusedField(code: 'ROLE.NOT_FOR_LEVEL' | 'ROLE.MEMBER_OUTSIDE', path: string): DomainError {
  return new DomainError(code, { details: [{ path, message: errorMessages[code] }] });
}
