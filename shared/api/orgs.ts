import * as z from 'zod';
import { org, orgKinds, orgLevels } from '../domain/org';
import { assignableRoles } from '../domain/org-tree';
import { unionYearProfile } from '../domain/union-profile';

/** An org id as it appears in paths and keys: no '/' or '#'. */
const orgIdOf = (label: string, field: string) =>
  z
    .string({ error: `缺少${label}（${field}）` })
    .trim()
    .min(1, `${label}（${field}）不能为空`)
    .max(64, `${label}（${field}）不能超过 64 个字符`)
    .regex(/^[A-Za-z0-9_-]+$/, `${label}（${field}）只能包含字母、数字、- 和 _`);

const memberIdOf = z
  .string({ error: '缺少会员编号（memberId）' })
  .trim()
  .min(1, '会员编号（memberId）不能为空')
  .max(64, '会员编号（memberId）不能超过 64 个字符')
  .regex(/^[A-Za-z0-9_-]+$/, '会员编号（memberId）只能包含字母、数字、- 和 _');

const name = z.string({ error: '缺少单位名称（name）' }).trim().min(1, '单位名称（name）不能为空').max(100, '单位名称（name）不能超过 100 个字');
const level = z.enum(orgLevels, { error: '组织层级（level）不正确' });
const kind = z.enum(orgKinds, { error: '单位性质（kind）不正确' });
const ownership = z.enum(['public', 'nonPublic'], { error: '所有制（ownership）只能是公有制（public）或非公有制（nonPublic）' });
const industry = z.string({ error: '所属行业（industry）应为文字' }).trim().max(50, '所属行业（industry）不能超过 50 个字');
const reason = z.string({ error: '理由（reason）应为文字' }).trim().max(500, '理由（reason）不能超过 500 个字');

/** Path parameters of /v1/orgs/{orgId}/… */
export const orgPathParams = z.object({ orgId: orgIdOf('组织编号', 'orgId') });

/** POST /v1/orgs — a new org under `parentId`; the id is generated unless given. */
export const createOrgRequest = z.object({
  parentId: orgIdOf('上级组织', 'parentId'),
  orgId: orgIdOf('组织编号', 'orgId').optional(),
  name,
  level,
  kind,
  ownership: ownership.optional(),
  industry: industry.optional(),
  reason: reason.optional(),
});
export type CreateOrgRequest = z.infer<typeof createOrgRequest>;

/** PUT /v1/orgs/{orgId} — the fields given change (PUT, not PATCH: WeChat's wx.request has no PATCH); null clears ownership or industry. */
export const updateOrgRequest = z
  .object({
    name: name.optional(),
    level: level.optional(),
    kind: kind.optional(),
    ownership: ownership.nullable().optional(),
    industry: industry.nullable().optional(),
    reason: reason.optional(),
  })
  .refine((body) => ['name', 'level', 'kind', 'ownership', 'industry'].some((field) => field in body), '请至少填写一项要修改的内容（name、level、kind、ownership、industry）');
export type UpdateOrgRequest = z.infer<typeof updateOrgRequest>;

/** POST /v1/orgs/{orgId}/move — re-parent the org and its whole subtree. */
export const moveOrgRequest = z.object({ parentId: orgIdOf('新的上级组织', 'parentId'), reason: reason.optional() });
export type MoveOrgRequest = z.infer<typeof moveOrgRequest>;

export const assignableRole = z.enum(assignableRoles, { error: '角色（role）只能是工会主席、工会副主席、审核人、核查人、身份保管人或组织者' });

/** POST /v1/orgs/{orgId}/roles */
export const grantRoleRequest = z.object({ memberId: memberIdOf, role: assignableRole, reason: reason.optional() });
export type GrantRoleRequest = z.infer<typeof grantRoleRequest>;

/** DELETE /v1/orgs/{orgId}/roles/{memberId}/{role}?reason=… */
export const revokeRoleParams = z.object({ orgId: orgIdOf('组织编号', 'orgId'), memberId: memberIdOf, role: assignableRole });
export const revokeRoleQuery = z.object({ reason: reason.optional() });

/** GET /v1/orgs/{orgId}/members?q=… — the start of a name. */
export const memberSearchQuery = z.object({ q: z.string({ error: '姓名（q）应为文字' }).trim().max(20, '姓名（q）不能超过 20 个字').default('') });

const yearMessage = '年度（year）应为 2000 到 2100 之间的整数';
/** PUT /v1/orgs/{orgId}/profile/{year} */
export const profilePathParams = z.object({
  orgId: orgIdOf('组织编号', 'orgId'),
  year: z.coerce.number({ error: yearMessage }).int(yearMessage).min(2000, yearMessage).max(2100, yearMessage),
});

/** The year's figures and facts as the chair saves them; `baseVersion` is the version the chair edited. */
export const saveUnionProfileRequest = unionYearProfile
  .omit({ year: true })
  .extend({
    baseVersion: z.number({ error: '版本号（baseVersion）应为数字' }).int('版本号（baseVersion）应为整数').min(0, '版本号（baseVersion）不能为负数').optional(),
    reason: reason.optional(),
  })
  .superRefine((body, ctx) => {
    for (const [field, label] of [
      ['migrantWorkers', '农民工人数'],
      ['dispatchedWorkers', '劳务派遣人数'],
    ] as const) {
      const value = body[field];
      if (value !== undefined && value > body.employees) ctx.addIssue({ code: 'custom', path: [field], message: `${label}（${field}）不能多于职工总数（employees）` });
    }
  });
export type SaveUnionProfileRequest = z.infer<typeof saveUnionProfileRequest>;

// ---- responses -------------------------------------------------------------------------------------------

export const orgRef = z.object({ orgId: z.string(), name: z.string() });

/** GET /v1/orgs/{orgId} — the org, the names above it, its children; whether a move of it is still running. */
export const orgDetailResponse = z.object({
  org,
  /** From the root down to the parent. */
  trail: z.array(orgRef.extend({ level: org.shape.level })),
  children: z.array(org),
  moveInProgress: z.boolean(),
  /** The new parent of a move that has not finished: send the move again to complete it. */
  moveTarget: z.string().optional(),
});
export type OrgDetailResponse = z.infer<typeof orgDetailResponse>;

export const orgResponse = z.object({ org });

/** POST /v1/orgs/{orgId}/move — `done: false` when the subtree was too large for one request: send it again. */
export const moveOrgResponse = z.object({ org, done: z.boolean(), moved: z.number().int().min(0) });
export type MoveOrgResponse = z.infer<typeof moveOrgResponse>;

export const roleHolder = z.object({ memberId: z.string(), name: z.string(), role: assignableRole, grantedAt: z.string().optional() });
export type RoleHolder = z.infer<typeof roleHolder>;
/** GET /v1/orgs/{orgId}/roles */
export const roleHoldersResponse = z.object({ org, holders: z.array(roleHolder) });
export type RoleHoldersResponse = z.infer<typeof roleHoldersResponse>;

/** GET /v1/orgs/{orgId}/members — names and ids only. */
export const memberSearchResponse = z.object({ members: z.array(z.object({ memberId: z.string(), name: z.string() })) });
export type MemberSearchResponse = z.infer<typeof memberSearchResponse>;

export const profileFields = ['employees', 'migrantWorkers', 'dispatchedWorkers', 'legalPersonRegistered', 'separateDuesAccount', 'congressHeld', 'reElectedOnTime', 'collectiveContract', 'openAffairs'] as const;
export type ProfileField = (typeof profileFields)[number];

export const profileFieldLabels: Record<ProfileField, string> = {
  employees: '职工总数',
  migrantWorkers: '农民工人数',
  dispatchedWorkers: '劳务派遣人数',
  legalPersonRegistered: '依法取得法人资格',
  separateDuesAccount: '独立的经费账户',
  congressHeld: '职工（会员）代表大会按期召开',
  reElectedOnTime: '按期换届',
  collectiveContract: '签订集体合同',
  openAffairs: '实行厂务公开',
};

const changer = z.object({ memberId: z.string(), name: z.string() });
const profileValue = z.union([z.number(), z.boolean()]).nullable();

/** The current values of one year. */
export const unionProfileYear = z.object({ values: unionYearProfile, version: z.number().int().min(1), updatedAt: z.string(), updatedBy: changer });
export type UnionProfileYear = z.infer<typeof unionProfileYear>;

/** One save: who changed which fields of which year, from what to what. */
export const unionProfileChange = z.object({
  year: z.number().int(),
  version: z.number().int().min(1),
  changedAt: z.string(),
  changedBy: changer,
  changes: z.array(z.object({ field: z.enum(profileFields), from: profileValue, to: profileValue })),
  reason: z.string().optional(),
});
export type UnionProfileChange = z.infer<typeof unionProfileChange>;

/** GET /v1/orgs/{orgId}/profile — the union, its sub-unions and groups, each year's current values, the history. */
export const unionProfileResponse = z.object({
  org,
  children: z.array(org),
  /** Newest year first. */
  years: z.array(unionProfileYear),
  /** Newest save first. */
  history: z.array(unionProfileChange),
  /** Whether the caller may save (the union's chair); the server checks again on save. */
  canEdit: z.boolean(),
});
export type UnionProfileResponse = z.infer<typeof unionProfileResponse>;

/** DELETE /v1/orgs/{orgId}/roles/{memberId}/{role} */
export const revokeRoleResponse = z.object({ revoked: z.object({ orgId: z.string(), memberId: z.string(), role: assignableRole }) });
export const grantRoleResponse = z.object({ holder: roleHolder });
