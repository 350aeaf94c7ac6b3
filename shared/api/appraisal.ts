import * as z from 'zod';
import {
  appraisalKind,
  defaultAppraisalDimensions,
  electorate,
} from '../appraisal/ballot-kinds';

/**
 * 会员评家 / 主席测评 / 大会表决 — opening a ballot, casting, turnout, the sealed result, receipts.
 * DESIGN.md invariants 1–3: nothing here links a member to a choice.
 */

export const appraisalStatuses = ['preparing', 'scheduled', 'open', 'closed', 'sealed'] as const;
export type AppraisalStatus = (typeof appraisalStatuses)[number];
export const appraisalStatusLabels: Record<AppraisalStatus, string> = {
  preparing: '准备中',
  scheduled: '未开始',
  open: '投票中',
  closed: '已截止，待封存',
  sealed: '已封存',
};

/**
 * What is wrong with a voting period from `opens` to `closes` (epoch milliseconds), if anything: it must end after it
 * starts and last at most 31 days. The schema checks a request that names its opening; one that opens at once is
 * checked by the server against its own clock (functions/appraisal/appraisals.ts), never the client's or the real one.
 */
export function votingPeriodProblem(opens: number, closes: number): string | undefined {
  if (closes <= opens) return '截止时间（closesAt）应晚于开始时间';
  if (closes - opens > 31 * 86400_000) return '投票期（closesAt）不超过 31 天';
  return undefined;
}

const isoInstant = (field: string) => z.iso.datetime({ offset: true, error: `${field}应为带时区的时间，如 2026-11-23T09:00:00+08:00` });

export const openAppraisalRequest = z
  .object({
    /** Chosen by the client once per form, so a re-sent request resumes instead of opening a second ballot. */
    requestId: z.uuid({ error: '请求编号（requestId）应为 UUID' }),
    kind: appraisalKind,
    /**
     * The record's year is the year (Beijing time) the ballot opens, never one the opener names (DESIGN.md
     * invariant 10): a year sent here is only checked against it, so a form that shows it cannot mislead.
     */
    year: z.number({ error: '评议年度（year）应为数字' }).int().min(2000, '评议年度（year）不早于 2000 年').max(2100, '评议年度（year）不晚于 2100 年').optional(),
    rulesetId: z.string({ error: '请选择适用的评选办法（rulesetId）' }).min(1, '请选择适用的评选办法（rulesetId）'),
    title: z.string().trim().max(60, '标题（title）不超过 60 个字').optional(),
    electorate: electorate.default('members'),
    /** 会员评家 only: the dimensions rated besides the overall rating. */
    dimensions: z
      .array(z.string().trim().min(1, '评议维度（dimensions）不能为空').max(12, '每个评议维度（dimensions）不超过 12 个字'), { error: '评议维度（dimensions）应为列表' })
      .max(10, '评议维度（dimensions）最多 10 项')
      .optional(),
    /** 主席测评 only: the chair and vice-chairs rated (their memberIds); empty → every chair and vice-chair of the union. */
    candidateIds: z.array(z.string().min(1)).max(10, '测评对象（candidateIds）最多 10 人').optional(),
    /** Absent: opens at once (the server's clock, not the phone's). */
    opensAt: isoInstant('开始时间（opensAt）').optional(),
    closesAt: isoInstant('截止时间（closesAt）'),
    /**
     * Below this many ballots only totals are ever shown (no per-dimension or per-person breakdown). The server
     * refuses a value under the configured floor (config/appraisal.ts minGroupSizeFloor).
     */
    minGroupSize: z.number({ error: '最少公布人数（minGroupSize）应为数字' }).int().min(1, '最少公布人数（minGroupSize）至少为 1').max(1000, '最少公布人数（minGroupSize）不超过 1000').default(10),
  })
  .check((ctx) => {
    const { opensAt, closesAt, dimensions } = ctx.value;
    const period = opensAt ? votingPeriodProblem(Date.parse(opensAt), Date.parse(closesAt)) : undefined;
    if (period) ctx.issues.push({ code: 'custom', input: closesAt, path: ['closesAt'], message: period });
    if (dimensions && new Set(dimensions).size !== dimensions.length) ctx.issues.push({ code: 'custom', input: dimensions, path: ['dimensions'], message: '评议维度（dimensions）不能重复' });
  });
export type OpenAppraisalRequest = z.input<typeof openAppraisalRequest>;
export type OpenAppraisalInput = z.output<typeof openAppraisalRequest>;
export const defaultDimensions = [...defaultAppraisalDimensions];

/**
 * POST /v1/orgs/{orgId}/appraisals → 201. The id is derived on the server from the opener, the org and the
 * requestId, so a re-sent request finds its own ballot and no request can name another's.
 */
export { appraisalIdPattern } from './ballot';

/** POST /v1/appraisals/{appraisalId}/annul — the supervising federation's organiser annuls an official ballot. */
export const annulAppraisalRequest = z.object({
  reason: z
    .string({ error: '请填写撤销理由（reason）' })
    .trim()
    .min(10, '撤销理由（reason）至少 10 个字，请写明撤销的事实和依据')
    .max(500, '撤销理由（reason）不超过 500 字'),
});
export type AnnulAppraisalRequest = z.infer<typeof annulAppraisalRequest>;

/** Why a ballot no longer counts: shown wherever the ballot is, its result included. */
export const annulmentView = z.object({
  reason: z.string(),
  annulledAt: z.string(),
  /** The federation whose organiser annulled it. */
  byOrgName: z.string(),
});
export type AnnulmentView = z.infer<typeof annulmentView>;

/**
 * A ballot's opening (functions/appraisal/opening.ts): the electorate written in chunks while `preparing`
 * (`prepared` of `total` voters), then the voters told: `inbox` in-app notices written, `wechatQueued` WeChat
 * subscribe messages queued for the voters who granted one, `wechatSent` of them accepted by WeChat.
 */
export const openingProgress = z.object({
  phase: z.enum(['markers', 'notices', 'done', 'cancelled']),
  prepared: z.number(),
  total: z.number(),
  notices: z.object({ inbox: z.number(), wechatQueued: z.number(), wechatSent: z.number() }),
});
export type OpeningProgress = z.infer<typeof openingProgress>;

export const candidateView = z.object({ memberId: z.string(), name: z.string(), role: z.enum(['chair', 'viceChair']) });
export type CandidateView = z.infer<typeof candidateView>;

export const appraisalView = z.object({
  appraisalId: z.string(),
  kind: appraisalKind,
  year: z.number(),
  rulesetId: z.string(),
  title: z.string(),
  orgId: z.string(),
  orgName: z.string(),
  electorate,
  dimensions: z.array(z.string()),
  candidates: z.array(candidateView),
  opensAt: z.string(),
  closesAt: z.string(),
  minGroupSize: z.number(),
  eligible: z.number(),
  status: z.enum(appraisalStatuses),
  openedBy: z.string(),
  /** Set once the supervising organiser annulled the ballot: it then yields no record and takes no vote. */
  annulment: annulmentView.nullable().default(null),
  /** For the chair: the opening's progress (absent from the member's views and for ballots opened before it existed). */
  opening: openingProgress.nullable().default(null),
});
export type AppraisalView = z.infer<typeof appraisalView>;

export const openAppraisalResponse = z.object({ appraisal: appraisalView });
export type OpenAppraisalResponse = z.infer<typeof openAppraisalResponse>;

/** A member's view of one ballot: whether they voted, and their receipt once they have. */
export const myAppraisal = z.object({ appraisal: appraisalView, voted: z.boolean(), receipt: z.string().nullable() });
export type MyAppraisal = z.infer<typeof myAppraisal>;
export const myAppraisalsResponse = z.object({ appraisals: z.array(myAppraisal) });
export type MyAppraisalsResponse = z.infer<typeof myAppraisalsResponse>;

export const orgAppraisalsResponse = z.object({ appraisals: z.array(appraisalView) });
export type OrgAppraisalsResponse = z.infer<typeof orgAppraisalsResponse>;

export { castRequest, castResponse, receiptPattern, type CastRequest, type CastResponse } from './ballot';
import { receiptPattern } from './ballot';

export const turnoutResponse = z.object({
  appraisalId: z.string(),
  eligible: z.number(),
  voted: z.number(),
  status: z.enum(appraisalStatuses),
  /** The chair's page polls this while the ballot prepares: each poll also drives the opening a few seconds. */
  opening: openingProgress.nullable().default(null),
});
export type TurnoutResponse = z.infer<typeof turnoutResponse>;

export const questionResult = z.object({
  /** overall, d0…, c:<memberId> */
  subject: z.string(),
  label: z.string(),
  valid: z.number(),
  counts: z.record(z.string(), z.number()),
  satisfaction: z.number().optional(),
  dissatisfaction: z.number().optional(),
  yesShare: z.number().optional(),
  /** 主席测评: the grade derived from the counts. */
  grade: z.string().optional(),
});
export type QuestionResult = z.infer<typeof questionResult>;

export const ruleOutcomeView = z.object({
  passed: z.boolean(),
  explanation: z.string(),
  description: z.string(),
  /** A threshold every union must meet (not only one aiming at a red-flag or exemplar title). */
  base: z.boolean().default(true),
});

export const appraisalResultResponse = z.object({
  appraisal: appraisalView,
  sealedAt: z.string(),
  ballots: z.number(),
  eligible: z.number(),
  turnout: z.number().nullable(),
  /** The overall question (会员评家 / 大会表决), or null for 主席测评. */
  overall: questionResult.nullable(),
  /** Dimensions or persons; empty when fewer ballots than minGroupSize were cast (totals only). */
  breakdown: z.array(questionResult),
  totalsOnly: z.boolean(),
  outcomes: z.array(ruleOutcomeView),
  suggestionCount: z.number(),
});
export type AppraisalResultResponse = z.infer<typeof appraisalResultResponse>;

export const receiptCheckRequest = z.object({
  receipt: z
    .string({ error: '请填写回执码（receipt）' })
    .transform((v) => v.replace(/\s/g, '').toUpperCase())
    .pipe(z.string().regex(receiptPattern, '回执码（receipt）应为 16 位字母和数字，形如 ABCD-EFGH-JKMN-PQRS')),
});
export const receiptCheckResponse = z.object({ counted: z.boolean(), sealed: z.boolean(), message: z.string() });
export type ReceiptCheckResponse = z.infer<typeof receiptCheckResponse>;

export const suggestionsResponse = z.object({ suggestions: z.array(z.string()) });
export type SuggestionsResponse = z.infer<typeof suggestionsResponse>;

export const electorateResponse = z.object({ appraisalId: z.string(), names: z.array(z.object({ name: z.string(), orgName: z.string() })) });
export type ElectorateResponse = z.infer<typeof electorateResponse>;

/** GET /v1/orgs/{orgId}/appraisal-records?rulesetId= — the yearly records sealed ballots left, as facts. */
export const appraisalRecordsResponse = z.object({
  orgId: z.string(),
  memberAppraisalSatisfaction: z.record(z.string(), z.number()),
  memberAppraisalDissatisfaction: z.record(z.string(), z.number()),
  /** Beside every rate, the turnout it was measured at (ballots / eligible), by year. */
  memberAppraisalTurnout: z.record(z.string(), z.number()),
  congressYesShare: z.number().nullable(),
  congressTurnout: z.number().nullable(),
  /**
   * Revocation grounds these figures alone prove (动态管理), raised only for a title held — by the union, or by its
   * chair or vice-chair — and only from the years after its award.
   */
  revocationFlags: z.array(
    z.object({
      title: z.string(),
      /** Who holds it: the union's name, or the chair's. */
      holder: z.string(),
      certificateNo: z.string(),
      awardedYear: z.number(),
      /** The consecutive years after the award that meet the ground. */
      years: z.array(z.number()),
      groundId: z.string(),
      explanation: z.string(),
      citation: z.string(),
    }),
  ),
});
export type AppraisalRecordsResponse = z.infer<typeof appraisalRecordsResponse>;
