import * as z from 'zod';
import { publicityView } from './publicity';
import { facts } from '../rules/facts';
import { titleCode } from '../rules/titles';

/**
 * 评选活动 and 申报 (issue 8): an organiser's campaign under one ruleset; a chair's application with live eligibility;
 * reviewers' decisions level by level; the recommending unit's list board; the organiser's decision and honours.
 */

export const createCampaignRequest = z.object({
  requestId: z.uuid({ error: '请求编号（requestId）应为 UUID' }),
  rulesetId: z.string().min(1, '请选择评选办法（rulesetId）'),
  year: z.number().int().min(2000).max(2100),
  heading: z.string().trim().min(1, '请填写活动名称（heading）').max(80, '活动名称（heading）不超过 80 字'),
  titles: z.array(titleCode).min(1, '请至少选择一个称号（titles）'),
  /** The federations that recommend, each with its name as the quota table writes it. */
  recommendingUnits: z
    .array(z.object({ orgId: z.string().min(1), quotaName: z.string().trim().min(1, '请填写名额分配表中的单位名称（quotaName）') }))
    .min(1, '请至少指定一个推荐单位（recommendingUnits）'),
  /** 名额分配表 as CSV (the Rules engine's format); absent → the ruleset's own table, if any. */
  quotaCsv: z.string().max(200_000).optional(),
  submissionDeadline: z.iso.date({ error: '申报截止日期（submissionDeadline）应为 YYYY-MM-DD' }),
});
export type CreateCampaignRequest = z.input<typeof createCampaignRequest>;

export const campaignView = z.object({
  campaignId: z.string(),
  rulesetId: z.string(),
  rulesetName: z.string(),
  year: z.number(),
  heading: z.string(),
  titles: z.array(titleCode),
  orgId: z.string(),
  recommendingUnits: z.array(z.object({ orgId: z.string(), quotaName: z.string() })),
  submissionDeadline: z.string(),
  status: z.enum(['published', 'decided']),
  /** The proposed honours list's window (拟表彰名单公示), once the organiser has published it. */
  finalPublicityId: z.string().nullable(),
});
export type CampaignView = z.infer<typeof campaignView>;
export const campaignResponse = z.object({ campaign: campaignView });
export const campaignListResponse = z.object({ campaigns: z.array(campaignView) });

export const nomineeInput = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('org'), orgId: z.string().min(1) }),
  z.object({ kind: z.literal('subOrg'), orgId: z.string().min(1) }),
  z.object({ kind: z.literal('person'), memberId: z.string().min(1) }),
]);

export const createApplicationRequest = z.object({
  requestId: z.uuid({ error: '请求编号（requestId）应为 UUID' }),
  title: titleCode,
  nominee: nomineeInput,
});

/** Autosave: the declared facts and narratives as the chair types (version-checked). */
export const saveApplicationRequest = z.object({
  version: z.number().int().min(1),
  declared: facts.partial().omit({ nominee: true }).extend({ nominee: facts.shape.nominee.partial().optional() }),
  narrative: z.string().max(2000, '事迹材料（narrative）不超过 2000 字').optional(),
  summary: z.string().max(500, '简要事迹（summary）不超过 500 字').optional(),
  consultation: z.string().trim().max(500, '征求意见情况（consultation）不超过 500 字').optional(),
});
export type SaveApplicationRequest = z.infer<typeof saveApplicationRequest>;

export const applicationStatuses = ['draft', 'submitted', 'returned', 'rejected', 'passed', 'recommended', 'awarded', 'disqualified'] as const;
export type ApplicationStatus = (typeof applicationStatuses)[number];
export const applicationStatusLabels: Record<ApplicationStatus, string> = {
  draft: '草稿',
  submitted: '待审核',
  returned: '已退回修改',
  rejected: '未通过',
  passed: '审核通过',
  recommended: '已推荐上报',
  awarded: '已授予',
  disqualified: '已取消资格',
};

export const conditionResultView = z.object({
  conditionId: z.string(),
  status: z.string(),
  severity: z.string(),
  citation: z.string(),
  description: z.string(),
  explanation: z.string(),
});

export const gateView = z.object({ id: z.string(), passed: z.boolean(), explanation: z.string(), citation: z.string() });

export const applicationView = z.object({
  applicationId: z.string(),
  campaignId: z.string(),
  title: titleCode,
  titleLabel: z.string(),
  nominee: z.object({ kind: z.enum(['org', 'subOrg', 'person']), id: z.string(), name: z.string() }),
  applyingUnitId: z.string(),
  recommendingUnitId: z.string(),
  status: z.enum(applicationStatuses),
  version: z.number(),
  /** The org whose reviewers act next (the recommending unit, then the organiser's federation). */
  atOrgId: z.string(),
  facts: z.record(z.string(), z.unknown()),
  narrative: z.string(),
  summary: z.string(),
  consultation: z.string(),
  verdict: z.enum(['eligible', 'ineligible', 'incomplete', 'needsReview']),
  conditions: z.array(conditionResultView),
  /** Steps the ruleset requires before submission: the congress ballot, the unit publicity. */
  gates: z.array(gateView),
  history: z.array(z.object({ at: z.string(), by: z.string(), action: z.string(), comment: z.string() })),
});
export type ApplicationView = z.infer<typeof applicationView>;
export const applicationResponse = z.object({ application: applicationView });
export const applicationListResponse = z.object({ applications: z.array(applicationView.pick({ applicationId: true, campaignId: true, title: true, titleLabel: true, nominee: true, status: true, version: true, atOrgId: true, verdict: true })) });

export const decisionRequest = z.object({
  action: z.enum(['return', 'reject', 'pass'], { error: '请选择审核意见（action）：退回修改、不予通过或通过' }),
  version: z.number().int().min(1),
  comment: z.string().trim().max(1000, '审核意见（comment）不超过 1000 字').default(''),
  /** Required when rejecting: the article the rejection rests on. */
  article: z.string().trim().max(40).optional(),
}).check((ctx) => {
  if (ctx.value.action !== 'pass' && ctx.value.comment.length < 5) ctx.issues.push({ code: 'custom', input: ctx.value.comment, path: ['comment'], message: '退回或不予通过时请写明理由（comment），至少 5 个字' });
  if (ctx.value.action === 'reject' && !ctx.value.article) ctx.issues.push({ code: 'custom', input: ctx.value.article, path: ['article'], message: '不予通过时请写明依据条款（article）' });
});

export const listBoardResponse = z.object({
  campaignId: z.string(),
  unitOrgId: z.string(),
  unitName: z.string(),
  applications: applicationListResponse.shape.applications,
  ok: z.boolean(),
  breaches: z.array(z.object({ ruleId: z.string(), severity: z.string(), message: z.string(), citation: z.string(), itemIds: z.array(z.string()) })),
  gaps: z.array(z.object({ ruleId: z.string(), message: z.string() })),
  quotaUse: z.array(z.object({ title: z.string(), used: z.number(), quota: z.number().nullable() })),
  submitted: z.boolean(),
  /** The recommending-level window the list went into, where the ruleset has one. */
  publicityId: z.string().nullable(),
});
export type ListBoardResponse = z.infer<typeof listBoardResponse>;

export const honourView = z.object({ certificateNo: z.string(), applicationId: z.string(), title: z.string(), nomineeName: z.string(), year: z.number(), awardedAt: z.string() });
export const decideRequest = z.object({ applicationIds: z.array(z.string()).min(1, '请选择授予的对象（applicationIds）'), reason: z.string().trim().min(5, '请写明决定依据（reason）').max(1000) });
export const honoursResponse = z.object({ honours: z.array(honourView) });

/** Where a nominee stands in a campaign's recommending or final window. */
export const nomineeWindowStates = ['notListed', 'listed', 'held', 'cleared', 'disqualified'] as const;
export type NomineeWindowState = (typeof nomineeWindowStates)[number];

/** GET/POST /v1/campaigns/{id}/final-publicity — the proposed honours list and its window. */
export const finalPublicityResponse = z.object({
  /** Whether the ruleset puts a final window before the decision. */
  required: z.boolean(),
  publicity: publicityView.nullable(),
  candidates: z.array(
    z.object({
      applicationId: z.string(),
      nomineeName: z.string(),
      unitName: z.string(),
      title: titleCode,
      titleLabel: z.string(),
      status: z.enum(applicationStatuses),
      recommending: z.enum(nomineeWindowStates),
      recommendingLabel: z.string(),
      final: z.enum(nomineeWindowStates),
      finalLabel: z.string(),
    }),
  ),
});
export type FinalPublicityResponse = z.infer<typeof finalPublicityResponse>;
