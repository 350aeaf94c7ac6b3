import { isInSubtree, orgLevels, type Org, type OrgKind, type OrgLevel, type Ownership, type Role } from './org';

/**
 * The rules of the federation tree, shared by the server (which enforces them) and the mini-program (which
 * only offers what they allow): which level may sit under which, which role may be held where, and how a
 * path follows a move.
 */

/** 单位性质, as the forms and pages show it. */
export const orgKindLabels: Record<OrgKind, string> = {
  enterprise: '企业',
  institution: '事业单位',
  governmentOrgan: '机关',
  socialOrg: '社会组织',
  regionalFederation: '区域性工会联合会',
  industryUnion: '行业工会',
  township: '乡镇（街道）',
  federation: '地方总工会',
};

export const ownershipLabels: Record<Ownership, string> = { public: '公有制', nonPublic: '非公有制' };

const rank = (level: OrgLevel): number => orgLevels.indexOf(level);

/**
 * Whether an org of level `child` may sit directly under one of level `parent`: always lower in the tree
 * (national → provincial → city → district → grassroots → subUnion → group, levels may be skipped between
 * federations), and a sub-union only under a grassroots union (分工会 belong to one 基层工会).
 */
export function mayContain(parent: OrgLevel, child: OrgLevel): boolean {
  if (rank(child) <= rank(parent)) return false;
  if (child === 'subUnion') return parent === 'grassroots';
  if (child === 'group') return parent === 'grassroots' || parent === 'subUnion';
  return true;
}

/** The roles an organiser assigns (member and representative come from the roster and the congress). */
export const assignableRoles = ['chair', 'viceChair', 'reviewer', 'investigator', 'custodian', 'organiser'] as const satisfies readonly Role[];
export type AssignableRole = (typeof assignableRoles)[number];

const federationLevels: readonly OrgLevel[] = ['national', 'provincial', 'city', 'district'];

/**
 * The roles that open a reporter's identity between them (four eyes): nobody grants one of them to themselves,
 * and nobody holds both on one org (the investigator asks, a custodian of the same or a higher federation decides).
 */
export const identityRoles = ['investigator', 'custodian'] as const satisfies readonly AssignableRole[];
export const isIdentityRole = (role: Role): boolean => (identityRoles as readonly Role[]).includes(role);
/** The other identity role, which the same member may not hold on the same org. */
export const conflictingRole = (role: AssignableRole): AssignableRole | undefined => (role === 'investigator' ? 'custodian' : role === 'custodian' ? 'investigator' : undefined);
const unionLevels: readonly OrgLevel[] = ['grassroots', 'subUnion', 'group'];

/** Federations review, investigate and organise; unions (and their sub-unions and groups) have chairs. */
export function roleFitsLevel(role: AssignableRole, level: OrgLevel): boolean {
  return role === 'chair' || role === 'viceChair' ? unionLevels.includes(level) : federationLevels.includes(level);
}

export const isFederation = (level: OrgLevel): boolean => federationLevels.includes(level);

/** The ids on a path from the root down ('/a/b/c' → ['a', 'b', 'c']). */
export const idsOnPath = (path: string): string[] => path.split('/').filter((id) => id !== '');

/** The root org id of a path. */
export function rootIdOf(path: string): string {
  const [root] = idsOnPath(path);
  if (root === undefined) throw new Error(`not an org path: ${path}`);
  return root;
}

/** The path an org of the moved subtree has after the subtree moved from `fromPath` to `toPath`. */
export function movedPath(path: string, fromPath: string, toPath: string): string {
  if (!isInSubtree(path, fromPath)) throw new Error(`${path} is not in the subtree of ${fromPath}`);
  return `${toPath}${path.slice(fromPath.length)}`;
}

/**
 * Why `org` may not move under `target`, or undefined when it may: not into its own subtree, and only under a
 * parent whose level may contain it. (Scope at both ends is the server's check.)
 */
export function moveRefusal(org: Org, target: Org): 'ORG.MOVE_INTO_OWN_SUBTREE' | 'ORG.LEVEL_MISMATCH' | undefined {
  if (isInSubtree(target.path, org.path)) return 'ORG.MOVE_INTO_OWN_SUBTREE';
  if (!mayContain(target.level, org.level)) return 'ORG.LEVEL_MISMATCH';
  return undefined;
}
