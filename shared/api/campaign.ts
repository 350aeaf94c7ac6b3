import * as z from 'zod';
import { publicityView } from './publicity';
import { windowLengthSources } from '../publicity/window-length';
import { evaluationGrade, facts, heldTitle, yearlyRateLabels, type YearlyRateKey } from '../rules/facts';
import { titleCode, titleCodes } from '../rules/titles';
import { maxFactYears } from '../rules/fact-years';

/**
 * 评选活动 and 申报 (issue 8): an organiser's campaign under one ruleset; a chair's application with live eligibility;
 * reviewers' decisions level by level; the recommending unit's list board; the organiser's decision and honours.
 */

/**
 * Bounds of what one request may carry (issue 14): each stays far above real use and keeps every stored item inside
 * DynamoDB's 400 KB, so an oversized request gets 400 naming the field — never a 500 from the database.
 */
export const requestBounds = {
  /** 推荐单位 of one campaign: a province's cities and industry unions, a city's districts. */
  recommendingUnits: 200,
  /** Rows of a quota table (名额分配表): one per recommending unit. */
  quotaRows: 500,
  quotaCsvChars: 50_000,
  /** Applications in one decision (表彰决定). */
  decision: 2000,
  /** Titles a nominee declares it already holds. */
  titlesHeld: 50,
  /** Answers in a declared record (negative list, attestations), and years in a yearly series. */
  declaredItems: 50,
  declaredYears: 20,
} as const;

/** Indexes of items whose `key` repeats an earlier one. */
function repeats<T>(items: readonly T[], key: (item: T) => unknown): { index: number; first: number }[] {
  const seen = new Map<unknown, number>();
  const out: { index: number; first: number }[] = [];
  items.forEach((item, index) => {
    const k = key(item);
    const first = seen.get(k);
    if (first === undefined) seen.set(k, index);
    else out.push({ index, first });
  });
  return out;
}

export const createCampaignRequest = z.object({
  requestId: z.uuid({ error: '请求编号（requestId）应为 UUID' }),
  rulesetId: z.string().min(1, '请选择评选办法（rulesetId）').max(40, '评选办法编号（rulesetId）不超过 40 个字符'),
  year: z.number().int().min(2000).max(2100),
  /**
   * 本届工会代表大会召开年份, where the ruleset ties its campaigns to the congress's term (总工办发〔2020〕15号 第十四条,
   * 桂工发〔2021〕8号 七、（一））: needed to offer 积极分子、之友, which are named only in the change year
   * (shared/rules/campaign-cycle.ts).
   */
  congressYear: z
    .number({ error: '本届工会代表大会召开年份（congressYear）应为年份数字' })
    .int('本届工会代表大会召开年份（congressYear）应为整数年份')
    .min(1949, '本届工会代表大会召开年份（congressYear）不早于 1949 年')
    .max(2100, '本届工会代表大会召开年份（congressYear）不晚于 2100 年')
    .optional(),
  heading: z.string().trim().min(1, '请填写活动名称（heading）').max(80, '活动名称（heading）不超过 80 字'),
  titles: z
    .array(titleCode)
    .min(1, '请至少选择一个称号（titles）')
    .max(titleCodes.length, `称号（titles）不超过 ${titleCodes.length} 个`)
    .check((ctx) => {
      for (const r of repeats(ctx.value, (t) => t)) ctx.issues.push({ code: 'custom', input: ctx.value, path: [r.index], message: `称号（titles）重复：第 ${r.index + 1} 个与第 ${r.first + 1} 个相同` });
    }),
  /** The federations that recommend, each with its name as the quota table writes it. */
  recommendingUnits: z
    .array(
      z.object({
        orgId: z.string().min(1, '请选择推荐单位（orgId）').max(100, '推荐单位编号（orgId）不超过 100 个字符'),
        quotaName: z.string().trim().min(1, '请填写名额分配表中的单位名称（quotaName）').max(40, '名额分配表中的单位名称（quotaName）不超过 40 字'),
      }),
    )
    .min(1, '请至少指定一个推荐单位（recommendingUnits）')
    .max(requestBounds.recommendingUnits, `推荐单位（recommendingUnits）不超过 ${requestBounds.recommendingUnits} 个`)
    .check((ctx) => {
      for (const r of repeats(ctx.value, (u) => u.orgId)) ctx.issues.push({ code: 'custom', input: ctx.value, path: [r.index, 'orgId'], message: `推荐单位（recommendingUnits）重复：第 ${r.index + 1} 个与第 ${r.first + 1} 个是同一组织（orgId）` });
    }),
  /** 名额分配表 as CSV (the Rules engine's format); absent → the ruleset's own table, if any. */
  quotaCsv: z.string().max(requestBounds.quotaCsvChars, `名额分配表（quotaCsv）不超过 ${requestBounds.quotaCsvChars} 个字符`).optional(),
  submissionDeadline: z.iso.date({ error: '申报截止日期（submissionDeadline）应为 YYYY-MM-DD' }),
  /**
   * 评选依据年度: the consecutive years whose figures the campaign reads (shared/rules/fact-years.ts); absent → the
   * three completed years before `year`. Checked against `year` and the ruleset's "近 n 年" when publishing.
   */
  factYears: z
    .array(z.unknown(), { error: '评选依据年度（factYears）应为年份列表，如 [2023, 2024, 2025]' })
    .min(1, '评选依据年度（factYears）至少填写 1 个年度')
    .max(maxFactYears, `评选依据年度（factYears）不超过 ${maxFactYears} 个年度`)
    .check((ctx) => {
      // Reported on the list itself, so the message that names the field is the one shown.
      ctx.value.forEach((year, i) => {
        if (typeof year !== 'number' || !Number.isInteger(year) || year < 2000 || year > 2100) {
          ctx.issues.push({ code: 'custom', input: ctx.value, message: `评选依据年度（factYears）第 ${i + 1} 项应为 2000 至 2100 之间的年份数字` });
        }
      });
    })
    .transform((years) => years as number[])
    .optional(),
});
export type CreateCampaignRequest = z.input<typeof createCampaignRequest>;

export const campaignView = z.object({
  campaignId: z.string(),
  rulesetId: z.string(),
  rulesetName: z.string(),
  year: z.number(),
  /** 本届工会代表大会召开年份 the campaign stated (null where it stated none). */
  congressYear: z.number().nullable(),
  heading: z.string(),
  titles: z.array(titleCode),
  orgId: z.string(),
  recommendingUnits: z.array(z.object({ orgId: z.string(), quotaName: z.string() })),
  submissionDeadline: z.string(),
  /** 评选依据年度 the campaign states: yearly facts are read for these years (「评选依据年度：2023–2025 年」). */
  factYears: z.array(z.number()),
  status: z.enum(['published', 'decided']),
  /** The proposed honours list's window (拟表彰名单公示), once the organiser has published it. */
  finalPublicityId: z.string().nullable(),
});
export type CampaignView = z.infer<typeof campaignView>;
export const campaignResponse = z.object({ campaign: campaignView });
export const campaignListResponse = z.object({ campaigns: z.array(campaignView) });

const nomineeOrgId = z.string().min(1, '请选择被推荐的组织（orgId）').max(100, '被推荐组织编号（orgId）不超过 100 个字符');
export const nomineeInput = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('org'), orgId: nomineeOrgId }),
  z.object({ kind: z.literal('subOrg'), orgId: nomineeOrgId }),
  z.object({ kind: z.literal('person'), memberId: z.string().min(1, '请选择被推荐的会员（memberId）').max(100, '被推荐会员编号（memberId）不超过 100 个字符') }),
]);

export const createApplicationRequest = z.object({
  requestId: z.uuid({ error: '请求编号（requestId）应为 UUID' }),
  title: titleCode,
  nominee: nomineeInput,
});

/**
 * A declared record (keyed answers, a yearly series), bounded: at most `maxKeys` entries, each key short (and a year
 * where `years`). The key itself never goes into the error, however long it was.
 */
function boundedRecord<V extends z.ZodType>(value: V, field: string, label: string, options: { maxKeys: number; years?: boolean }) {
  return z.record(z.string(), value).check((ctx) => {
    const keys = Object.keys(ctx.value);
    if (keys.length > options.maxKeys) ctx.issues.push({ code: 'custom', input: keys.length, message: `${label}（${field}）不超过 ${options.maxKeys} 项` });
    const badKey = options.years ? keys.some((k) => !/^\d{4}$/.test(k)) : keys.some((k) => k.length === 0 || k.length > 60);
    if (badKey) ctx.issues.push({ code: 'custom', input: '', message: options.years ? `${label}（${field}）的年份应为四位数字` : `${label}（${field}）的项目编号应为 1 到 60 个字符` });
  });
}
// Issue 15: DynamoDB stores no number smaller than 1e-130 (5e-324 was a 500); no real rate needs more than six places.
const declaredRate = z.number().min(0).max(1).refine((v) => v === 0 || v >= 1e-6, { error: '比例应在 0 到 1 之间，不为 0 时不小于 0.000001' });
const rateSeriesFields = Object.fromEntries(
  (Object.keys(yearlyRateLabels) as YearlyRateKey[]).map((k) => [k, boundedRecord(declaredRate, k, yearlyRateLabels[k], { maxKeys: requestBounds.declaredYears, years: true }).optional()]),
) as { [K in YearlyRateKey]: z.ZodOptional<ReturnType<typeof boundedRecord<typeof declaredRate>>> };

/** What a chair may declare: the Rules engine's facts, every record, list and text bounded. */
export const declaredFacts = facts
  .partial()
  .omit({ nominee: true })
  .extend({
    nominee: facts.shape.nominee.partial().optional(),
    ...rateSeriesFields,
    chairEvaluationGrade: boundedRecord(evaluationGrade, 'chairEvaluationGrade', '主席测评等次', { maxKeys: requestBounds.declaredYears, years: true }).optional(),
    titlesHeld: z.array(heldTitle).max(requestBounds.titlesHeld, `已获荣誉（titlesHeld）不超过 ${requestBounds.titlesHeld} 项`).optional(),
    barringCircumstances: boundedRecord(z.boolean(), 'barringCircumstances', '负面清单情形', { maxKeys: requestBounds.declaredItems }).optional(),
    attestations: boundedRecord(z.boolean(), 'attestations', '申报单位承诺', { maxKeys: requestBounds.declaredItems }).optional(),
    narrative: z.string().max(2000, '事迹材料（narrative）不超过 2000 字').optional(),
    summary: z.string().max(500, '简要事迹（summary）不超过 500 字').optional(),
  });

/** Autosave: the declared facts and narratives as the chair types (version-checked). */
export const saveApplicationRequest = z.object({
  version: z.number().int().min(1),
  declared: declaredFacts,
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
  /** 「本系统理解：…」 where the condition reads the text beyond its words. */
  reading: z.string().optional(),
});

/** A step before submission; `attestable`: the chair completes it by confirming (attestations[id] = true). */
export const gateView = z.object({ id: z.string(), passed: z.boolean(), explanation: z.string(), citation: z.string(), attestable: z.boolean().optional() });

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

/** Where an application of a list that went up stands at the levels above (issue 22). */
export const sentApplicationProgress = z.object({
  applicationId: z.string(),
  /** e.g. 已上报焦作市总工会，审核中 / 已退回推荐单位修改 / 已授予 / 未通过 / 已取消资格 */
  label: z.string(),
  atOrgName: z.string(),
});

export const listBoardResponse = z.object({
  campaignId: z.string(),
  unitOrgId: z.string(),
  unitName: z.string(),
  applications: applicationListResponse.shape.applications,
  /** When the list went up, and how far each application it sent has gone since (empty before submission). */
  submittedAt: z.string().nullable(),
  progress: z.array(sentApplicationProgress),
  /** The kind of recommending unit (from the directory): a rule that names its recommenders binds only those. */
  unitKind: z.string(),
  unitKindLabel: z.string(),
  /** No hard rule broken: the list may go up. */
  ok: z.boolean(),
  /** An advisory rule (一般…, 原则上…, 适当…) is unmet or undecided: the list goes up only with `advisoryReason`. */
  needsReason: z.boolean(),
  breaches: z.array(z.object({ ruleId: z.string(), severity: z.enum(['hard', 'advisory']), message: z.string(), citation: z.string(), itemIds: z.array(z.string()), reading: z.string().optional() })),
  gaps: z.array(z.object({ ruleId: z.string(), severity: z.enum(['hard', 'advisory']), message: z.string(), citation: z.string() })),
  quotaUse: z.array(z.object({ title: z.string(), used: z.number(), quota: z.number().nullable() })),
  /**
   * 评选总数 over the whole campaign (焦作 一、) or year (秦皇岛 第十一条), whichever units' lists they come from: honours
   * awarded so far and nominations waiting for the decision, against the ruleset's figure.
   */
  campaignTotals: z.array(
    z.object({
      title: titleCode,
      limit: z.number(),
      period: z.enum(['year', 'campaign']),
      citation: z.string(),
      awarded: z.number(),
      recommended: z.number(),
      /** 「全市 2026 年合计：模范职工之家 已授予 12/15 个，已上报待决定 3 个」 */
      text: z.string(),
    }),
  ),
  /**
   * 上报说明: what the sender wrote when the list went up with advisory rules unmet, and those rules as they stood then;
   * null when it went up with none (or has not gone up).
   */
  submissionNote: z.object({ reason: z.string(), findings: z.array(z.object({ ruleId: z.string(), message: z.string(), citation: z.string() })) }).nullable(),
  /** False while a send cut off half-way waits to be sent again (sending again finishes it). */
  submitted: z.boolean(),
  /** The recommending-level window the list went into, where the ruleset has one. */
  publicityId: z.string().nullable(),
});
export type ListBoardResponse = z.infer<typeof listBoardResponse>;

/** POST /v1/campaigns/{id}/lists/{orgId}/submit — the reason is required when the board's `needsReason` is true. */
export const submitListRequest = z.object({
  advisoryReason: z.string().trim().max(1000, '上报说明（advisoryReason）不超过 1000 字').optional(),
});
export type SubmitListRequest = z.input<typeof submitListRequest>;
/** Fewest characters of a reason the level above can act on. */
export const minAdvisoryReason = 5;

export const honourView = z.object({ certificateNo: z.string(), applicationId: z.string(), title: z.string(), nomineeName: z.string(), year: z.number(), awardedAt: z.string() });
export const decideRequest = z.object({
  applicationIds: z
    .array(z.string().regex(/^app-[0-9a-f]{16}$/, '申报编号（applicationIds）格式不正确'))
    .min(1, '请选择授予的对象（applicationIds）')
    .max(requestBounds.decision, `一次决定授予的对象（applicationIds）不超过 ${requestBounds.decision} 个`)
    .check((ctx) => {
      for (const r of repeats(ctx.value, (id) => id)) ctx.issues.push({ code: 'custom', input: ctx.value[r.index], path: [r.index], message: `授予对象（applicationIds）重复：第 ${r.index + 1} 个与第 ${r.first + 1} 个相同` });
    }),
  reason: z.string().trim().min(5, '请写明决定依据（reason）').max(1000, '决定依据（reason）不超过 1000 字'),
});
export const honoursResponse = z.object({ honours: z.array(honourView) });

/** Where a nominee stands in a campaign's recommending or final window. */
export const nomineeWindowStates = ['notListed', 'listed', 'held', 'cleared', 'disqualified'] as const;
export type NomineeWindowState = (typeof nomineeWindowStates)[number];

/**
 * POST /v1/campaigns/{id}/final-publicity — the organiser may set the window's working days: more than the ruleset's
 * minimum, or any length where the ruleset sets none (absent: the ruleset's, else 本系统默认 5; window-length.ts).
 */
export const openFinalPublicityRequest = z.object({
  workingDays: z
    .number({ error: '公示期（workingDays）应为工作日天数' })
    .int('公示期（workingDays）应为整数个工作日')
    .min(1, '公示期（workingDays）至少 1 个工作日')
    .max(30, '公示期（workingDays）不超过 30 个工作日')
    .optional(),
});

/** GET/POST /v1/campaigns/{id}/final-publicity — the proposed honours list and its window. */
export const finalPublicityResponse = z.object({
  /** Whether the ruleset puts a final window before the decision. */
  required: z.boolean(),
  /**
   * The window's length before it opens: the ruleset's working days (minimum, or exact where it says 为期) and its
   * article, or — where the ruleset sets none — the system's default (`source: 'systemDefault'`, 「本系统默认」).
   */
  length: z
    .object({
      defaultWorkingDays: z.number(),
      source: z.enum(windowLengthSources),
      /** Null where the ruleset sets no length (the organiser may choose any). */
      minWorkingDays: z.number().nullable(),
      exact: z.boolean(),
      /** "5 个工作日（本系统默认：…）" */
      text: z.string(),
      /** The article on the final window: "焦作市总工会评选表彰通知（2018年） 四、（一）：…（通知未规定公示天数）". */
      basis: z.string(),
    })
    .nullable(),
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
