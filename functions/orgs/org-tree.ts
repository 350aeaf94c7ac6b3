import type { CreateOrgRequest, OrgDetailResponse, UpdateOrgRequest } from '@shared/api/orgs';
import type { Org, Role } from '@shared/domain/org';
import { idsOnPath, mayContain } from '@shared/domain/org-tree';
import { DomainError, errorMessages } from '@shared/errors';
import type { Session } from '../auth/session-token';
import { requireScopeOn } from '../scope/scope';
import { orgAudit, type OrgDeps } from './deps';

/** Who may look at an org and its children: its federations' staff, and the chairs of it or above it. */
export const treeReaders: readonly Role[] = ['organiser', 'reviewer', 'investigator', 'chair', 'viceChair'];

/** GET /v1/orgs/{orgId}: the org, the names above it, its children. */
export async function readOrgDetail(deps: OrgDeps, session: Session, orgId: string): Promise<OrgDetailResponse> {
  const { org } = await requireScopeOn(deps.directory, session, treeReaders, orgId);
  const aboveIds = idsOnPath(org.path).slice(0, -1);
  const [above, children, move] = await Promise.all([deps.tree.getOrgs(aboveIds), deps.tree.childrenOf(orgId), deps.tree.pendingMove(orgId)]);
  const trail = aboveIds.flatMap((id) => {
    const ancestor = above.get(id);
    return ancestor ? [{ orgId: ancestor.orgId, name: ancestor.name, level: ancestor.level }] : [];
  });
  return { org, trail, children, moveInProgress: move !== undefined, ...(move ? { moveTarget: move.toParentId } : {}) };
}

/** POST /v1/orgs: an organiser adds an org under one in their subtree. */
export async function createOrg(deps: OrgDeps, session: Session, input: CreateOrgRequest): Promise<Org> {
  const { org: parent, actor } = await requireScopeOn(deps.directory, session, ['organiser'], input.parentId);
  if (!mayContain(parent.level, input.level)) throw levelMismatch();
  const orgId = input.orgId ?? deps.newOrgId();
  const org = withoutUndefined<Org>({
    orgId,
    name: input.name,
    level: input.level,
    kind: input.kind,
    ownership: input.ownership,
    industry: input.industry || undefined,
    parentId: parent.orgId,
    path: `${parent.path}/${orgId}`,
  });
  const { orgId: _id, path: _path, ...described } = org;
  await deps.tree.addOrg(org, parent, orgAudit(actor, orgId, org.path, 'org.created', input.reason, described));
  return org;
}

const editableFields = ['name', 'level', 'kind', 'ownership', 'industry'] as const;

/** PUT /v1/orgs/{orgId} (the fields given; WeChat's wx.request has no PATCH): name, level, kind, ownership, industry; the level must still fit parent and children. */
export async function updateOrg(deps: OrgDeps, session: Session, orgId: string, input: UpdateOrgRequest): Promise<Org> {
  const { org: before, actor } = await requireScopeOn(deps.directory, session, ['organiser'], orgId);
  const after = withoutUndefined<Org>({
    ...before,
    name: input.name ?? before.name,
    level: input.level ?? before.level,
    kind: input.kind ?? before.kind,
    ownership: input.ownership === null ? undefined : (input.ownership ?? before.ownership),
    industry: input.industry === null || input.industry === '' ? undefined : (input.industry ?? before.industry),
  });
  const changes = editableFields.filter((field) => after[field] !== before[field]);
  if (changes.length === 0) return before;
  if (after.level !== before.level) await checkLevelFits(deps, after);
  const data = Object.fromEntries(changes.map((field) => [field, { from: before[field] ?? null, to: after[field] ?? null }]));
  await deps.tree.changeOrg(before, after, orgAudit(actor, orgId, before.path, 'org.updated', input.reason, data));
  return after;
}

async function checkLevelFits(deps: OrgDeps, org: Org): Promise<void> {
  const [parent, children] = await Promise.all([org.parentId ? deps.tree.getOrg(org.parentId) : undefined, deps.tree.childrenOf(org.orgId)]);
  if (parent && !mayContain(parent.level, org.level)) throw levelMismatch();
  if (children.some((child) => !mayContain(org.level, child.level))) throw levelMismatch('组织层级（level）应高于其下级组织的层级');
}

function levelMismatch(message: string = errorMessages['ORG.LEVEL_MISMATCH']): DomainError {
  return new DomainError('ORG.LEVEL_MISMATCH', { message, details: [{ path: 'level', message }] });
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
