import * as z from 'zod';

/** 工会组织的层级，从全国到工会小组。 */
export const orgLevels = ['national', 'provincial', 'city', 'district', 'grassroots', 'subUnion', 'group'] as const;
export const orgLevel = z.enum(orgLevels);
export type OrgLevel = z.infer<typeof orgLevel>;

export const orgLevelLabels: Record<OrgLevel, string> = {
  national: '全国总工会',
  provincial: '省级工会',
  city: '市总工会',
  district: '县（区）总工会',
  grassroots: '基层工会',
  subUnion: '分工会',
  group: '工会小组',
};

/** 单位性质 */
export const orgKinds = ['enterprise', 'institution', 'governmentOrgan', 'socialOrg', 'regionalFederation', 'industryUnion', 'township', 'federation'] as const;
export const orgKind = z.enum(orgKinds);
export type OrgKind = z.infer<typeof orgKind>;

export const ownership = z.enum(['public', 'nonPublic']);
export type Ownership = z.infer<typeof ownership>;

/**
 * `operator` (平台运维): keeps platform-wide data such as each year's official holiday arrangement. It is held on
 * the top federation of a tree and granted outside the API (seed on the local stage, a script on AWS), never by an
 * organiser through the role endpoints.
 * `custodian` (身份保管人): the second person of the four-eyes rule on a reporter's identity (DESIGN.md invariant 7):
 * approves or refuses an investigator's request to open it, and never investigates in the same org.
 */
export const roles = ['member', 'representative', 'chair', 'viceChair', 'reviewer', 'investigator', 'custodian', 'organiser', 'operator'] as const;
export const role = z.enum(roles);
export type Role = z.infer<typeof role>;

export const roleLabels: Record<Role, string> = {
  member: '会员',
  representative: '会员代表',
  chair: '工会主席',
  viceChair: '工会副主席',
  reviewer: '审核人',
  investigator: '核查人',
  custodian: '身份保管人',
  organiser: '组织者',
  operator: '平台运维',
};

/**
 * 破产 / 终止 / 撤销 of the unit a union belongs to, as the directory records it (issue 17 point 4): marked by an
 * organiser above the union, once; its honours' certificates are then recovered (functions/orgs/org-closure.ts).
 */
export const unitClosures = ['bankrupt', 'terminated', 'dissolved'] as const;
export const orgClosure = z.object({
  closure: z.enum(unitClosures),
  /** The Beijing date of the bankruptcy, termination or dissolution. */
  on: z.string(),
  note: z.string().optional(),
  markedAt: z.string(),
  markedBy: z.string(),
  markedByOrgId: z.string(),
});
export type OrgClosure = z.infer<typeof orgClosure>;

export const org = z.object({
  orgId: z.string(),
  name: z.string(),
  level: orgLevel,
  kind: orgKind,
  ownership: ownership.optional(),
  /** 所属行业, free text (制造业, 卫生, 教育…). */
  industry: z.string().optional(),
  parentId: z.string().optional(),
  /** '/'-joined ids from the root down to this org, for subtree checks and queries. */
  path: z.string(),
  /** Set once the unit is marked bankrupt, terminated or dissolved. */
  closure: orgClosure.optional(),
});
export type Org = z.infer<typeof org>;

/** True when `path` lies in the subtree rooted at `rootPath` (the root itself included). */
export function isInSubtree(path: string, rootPath: string): boolean {
  return path === rootPath || path.startsWith(rootPath.endsWith('/') ? rootPath : `${rootPath}/`);
}
