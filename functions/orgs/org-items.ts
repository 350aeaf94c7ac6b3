import { org as orgSchema, type Org } from '@shared/domain/org';
import { rootIdOf } from '@shared/domain/org-tree';
import { keys } from '../storage/keys';

/**
 * The items of the federation tree in the one table (only the adapters read or write them):
 *   pk ORG#<id>      sk ORG                   the org; byParent gsi1pk ORG#<parent>, gsi1sk ORG#<name>;
 *                                              bySubtree gsi3pk TREE#<root>, gsi3sk <path>
 *   pk ORG#<id>      sk MOVE                  a move of the org's subtree that has started and not finished;
 *                                              bySubtree gsi3pk ORGMOVE#<root>, gsi3sk <path before the move>
 *   pk MEMBER#<id>   sk ROLE#<org>#<role>     a role held; byParent gsi1pk ORG#<org>, gsi1sk ROLE#<role>#<member>
 *   pk ORG#<id>      sk PROFILE#<year>        a union's current figures of one year
 *   pk ORG#<id>      sk PROFILEV#<year>#<v>   every saved version of them, never changed
 */
type Item = Record<string, unknown>;

export const orgSk = 'ORG';
export const moveSk = 'MOVE';
export const moveKey = (orgId: string) => ({ pk: keys.org(orgId).pk, sk: moveSk });
export const moveTree = (rootId: string) => `ORGMOVE#${rootId}`;
/** byDueTime: moves that have not finished, for a sweep that resumes them (see resumeMove). */
export const pendingMoves = 'DUE#orgMove';

/** The index attributes that place an org in byParent and bySubtree; they follow its name, parent and path. */
export function orgIndexes(org: Org): Item {
  return {
    ...(org.parentId ? { gsi1pk: keys.childOf(org.parentId), gsi1sk: `ORG#${org.name}` } : {}),
    gsi3pk: keys.tree(rootIdOf(org.path)),
    gsi3sk: org.path,
  };
}

export function orgItem(org: Org, now: Date): Item {
  return { ...keys.org(org.orgId), entity: 'org', ...org, ...orgIndexes(org), createdAt: now.toISOString() };
}

export function toOrg(item: Item): Org {
  return orgSchema.parse({
    orgId: item.orgId,
    name: item.name,
    level: item.level,
    kind: item.kind,
    ownership: item.ownership,
    industry: item.industry,
    parentId: item.parentId,
    path: item.path,
    closure: item.closure,
  });
}

/** A move in progress: the org's subtree goes from `fromPath` to `toPath` (the new parent's path + the org id). */
export interface OrgMove {
  orgId: string;
  fromParentId: string | undefined;
  toParentId: string;
  fromPath: string;
  toPath: string;
  startedAt: string;
  startedBy: string;
}

export function moveItem(move: OrgMove): Item {
  return {
    ...moveKey(move.orgId),
    entity: 'orgMove',
    ...move,
    gsi2pk: pendingMoves,
    gsi2sk: `${move.startedAt}#${move.orgId}`,
    gsi3pk: moveTree(rootIdOf(move.fromPath)),
    gsi3sk: move.fromPath,
  };
}

export function toMove(item: Item): OrgMove {
  return {
    orgId: String(item.orgId),
    fromParentId: typeof item.fromParentId === 'string' ? item.fromParentId : undefined,
    toParentId: String(item.toParentId),
    fromPath: String(item.fromPath),
    toPath: String(item.toPath),
    startedAt: String(item.startedAt),
    startedBy: String(item.startedBy),
  };
}

export const roleHoldersOf = (orgId: string) => keys.childOf(orgId);
export const roleHolderSk = (role: string, memberId: string) => `ROLE#${role}#${memberId}`;

export function roleItem(grant: { memberId: string; orgId: string; role: string }, grantedBy: string, now: Date): Item {
  return {
    ...keys.role(grant.memberId, grant.orgId, grant.role),
    entity: 'role',
    memberId: grant.memberId,
    orgId: grant.orgId,
    role: grant.role,
    grantedAt: now.toISOString(),
    grantedBy,
    gsi1pk: roleHoldersOf(grant.orgId),
    gsi1sk: roleHolderSk(grant.role, grant.memberId),
  };
}
