import * as z from 'zod';
import { revocationAction, revocationActor, revocationTrigger, revocationTriggers } from '../rules/ruleset-schema';

/**
 * 撤销荣誉称号 by the procedure of the honour's ruleset (issue 17 point 3): a case opened on an honour, then taken step by
 * step by the bodies its route names (shared/rules/revocation-procedure.ts, the routes in config/rulesets). Each step is
 * a decision checked against the case's version, with its grounds and article, audited and notified to the holder's
 * union and the recommending unit.
 */

export const caseStatuses = ['open', 'revoked', 'refused'] as const;
export const caseStatusLabels: Record<(typeof caseStatuses)[number], string> = {
  open: '办理中',
  revoked: '已撤销',
  refused: '已终止（称号保留）',
};

const groundsText = z
  .string({ error: '请填写理由（grounds）' })
  .trim()
  .min(10, '理由（grounds）至少 10 字，写明查实的事实和依据')
  .max(2000, '理由（grounds）不超过 2000 字');

/** POST /v1/honours/{certificateNo}/revocations: opens a case. */
export const openRevocationRequest = z
  .object({
    routeId: z.enum(['applied', 'direct'], { error: '请选择撤销程序（routeId）：逐级申请（applied）或直接决定（direct）' }),
    trigger: z.enum(revocationTriggers, { error: '请选择发起依据（trigger）：原推荐单位申请（request）、举报核查属实（reportFound）、复查未通过（recheckFailed）或触发自动撤销情形（automaticFlag）' }),
    /** The revocation ground found (its id in the ruleset): required on the direct route. */
    groundId: z.string().trim().min(1).max(80).optional(),
    /** trigger reportFound: the report whose finding was 核查属实 or 部分属实. */
    reportId: z.string().trim().min(1).max(80).optional(),
    /** trigger recheckFailed / automaticFlag: the year of the 复查 that failed or flagged. */
    recheckYear: z.number({ error: '复查年度（recheckYear）应为四位数字' }).int('复查年度（recheckYear）应为四位数字').min(1949).max(2100).optional(),
    grounds: groundsText,
  })
  .strict();
export type OpenRevocationRequest = z.input<typeof openRevocationRequest>;

/** POST /v1/revocations/{caseId}/steps: the step waiting, approved or not, against the version the caller read. */
export const revocationStepRequest = z
  .object({
    stepId: z.string({ error: '请说明办理的步骤（stepId）' }).trim().min(1, '请说明办理的步骤（stepId）').max(40),
    approved: z.boolean({ error: '请选择同意或不同意（approved）' }),
    grounds: groundsText,
    version: z.number({ error: '缺少版本号（version），请刷新后重试' }).int().min(1),
  })
  .strict();
export type RevocationStepRequest = z.input<typeof revocationStepRequest>;

export const revocationStepView = z.object({
  stepId: z.string(),
  action: revocationAction,
  actor: revocationActor,
  /** The body as the text names it, and the org in the tree that acts for it. */
  body: z.string(),
  orgId: z.string(),
  orgName: z.string(),
  description: z.string(),
  citation: z.string(),
  /** Taken: by whom (name), when, approved or not, and why. */
  taken: z
    .object({ approved: z.boolean(), byName: z.string(), at: z.string(), on: z.string(), grounds: z.string() })
    .optional(),
});
export type RevocationStepView = z.infer<typeof revocationStepView>;

export const revocationCaseView = z.object({
  caseId: z.string(),
  certificateNo: z.string(),
  title: z.string(),
  holderName: z.string(),
  holderOrgName: z.string(),
  awardingBody: z.string(),
  rulesetName: z.string(),
  routeId: z.enum(['applied', 'direct']),
  routeLabel: z.string(),
  routeCitation: z.string(),
  trigger: revocationTrigger,
  triggerLabel: z.string(),
  /** What the trigger rests on: 「2025 年度复查：触发撤销情形」, 「举报核查属实：…」. */
  triggerBasis: z.string(),
  ground: z.object({ id: z.string(), description: z.string(), citation: z.string() }).optional(),
  openedBy: z.string(),
  openedOn: z.string(),
  grounds: z.string(),
  status: z.enum(caseStatuses),
  statusLabel: z.string(),
  version: z.number(),
  steps: z.array(revocationStepView),
  /** The step waiting and whether the caller may take it. */
  waiting: z.object({ stepId: z.string(), mayAct: z.boolean() }).optional(),
  /** Once revoked: the decision as the ruleset words it, the article, and the date. */
  decision: z.object({ text: z.string(), citation: z.string(), on: z.string() }).optional(),
});
export type RevocationCaseView = z.infer<typeof revocationCaseView>;
export const revocationCaseResponse = z.object({ case: revocationCaseView });
export type RevocationCaseResponse = z.infer<typeof revocationCaseResponse>;

export const revocationSummary = revocationCaseView.pick({ caseId: true, certificateNo: true, title: true, holderName: true, routeLabel: true, status: true, statusLabel: true, openedOn: true }).extend({
  /** The step waiting, as the text names it, and whether the caller's body takes it. */
  waitingFor: z.string().optional(),
  mayAct: z.boolean(),
});
export type RevocationSummary = z.infer<typeof revocationSummary>;
export const revocationListResponse = z.object({ cases: z.array(revocationSummary) });
export type RevocationListResponse = z.infer<typeof revocationListResponse>;

/** GET /v1/honours/{certificateNo}/revocation-options: what the caller may start on this honour, and with what. */
export const revocationOptionsResponse = z.object({
  /** Set when a case is open on the honour: one at a time. */
  openCaseId: z.string().optional(),
  routes: z.array(
    z.object({
      routeId: z.enum(['applied', 'direct']),
      label: z.string(),
      description: z.string(),
      citation: z.string(),
      needsGround: z.boolean(),
      triggers: z.array(z.object({ trigger: revocationTrigger, label: z.string() })),
      decision: z.string(),
    }),
  ),
  grounds: z.array(z.object({ id: z.string(), description: z.string(), citation: z.string() })),
  /** The records a trigger may rest on. */
  rechecks: z.array(z.object({ year: z.number(), outcome: z.enum(['failed', 'flagged']), label: z.string(), groundIds: z.array(z.string()) })),
  reports: z.array(z.object({ reportId: z.string(), outcomeLabel: z.string(), reason: z.string(), article: z.string(), on: z.string() })),
  /** Why the caller may not start one here, when so. */
  refusal: z.string().optional(),
});
export type RevocationOptionsResponse = z.infer<typeof revocationOptionsResponse>;
