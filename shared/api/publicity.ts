import * as z from 'zod';
import { publicityLevel } from '../rules/publicity-level';
import { titleCode } from '../rules/titles';
import { windowLengthSources } from '../publicity/window-length';

/**
 * 公示 and 举报 (issue 7): publicity windows of nominees at one level, reports from anyone with a receipt code and
 * two-way messages, and the investigators' side. Reporter contact and identity never appear in a response except
 * to the investigator whose reasoned request a custodian approved, once (identity-access.ts, DESIGN.md invariant 7).
 */

export const publicityLevelLabels = { unit: '本单位公示', recommending: '推荐单位公示', final: '终审公示' } as const;
export const publicityStatuses = ['scheduled', 'open', 'closed'] as const;
export type PublicityStatus = (typeof publicityStatuses)[number];
export const publicityStatusLabels: Record<PublicityStatus, string> = { scheduled: '未开始', open: '公示中', closed: '公示已结束' };

export const entryStatuses = ['listed', 'cleared', 'held', 'disqualified'] as const;
export type EntryStatus = (typeof entryStatuses)[number];
export const entryStatusLabels: Record<EntryStatus, string> = {
  listed: '公示中',
  cleared: '公示无异议',
  held: '待核查',
  disqualified: '已取消资格',
};

const text = (field: string, max: number) =>
  z.string({ error: `请填写${field}` }).trim().min(1, `请填写${field}`).max(max, `${field}不超过 ${max} 字`);

export const publicityEntryInput = z.object({
  nomineeName: text('名称（nomineeName）', 60),
  unitName: text('所在单位（unitName）', 60),
  title: titleCode,
  /** 简要事迹, ≤ 500 characters. */
  summary: text('简要事迹（summary）', 500),
  /**
   * Who the nominee is in the system: an org or member id inside the publisher's subtree (a union's own list: the
   * union, its sub-unions and members), for disqualification and re-application checks.
   */
  nomineeRef: z.string().trim().min(1, '缺少被推荐对象编号（nomineeRef）').max(100),
});
export type PublicityEntryInput = z.infer<typeof publicityEntryInput>;

/** POST /v1/orgs/{orgId}/publicities — an organiser, reviewer or chair publishes a list at their level. */
export const openPublicityRequest = z.object({
  requestId: z.uuid({ error: '请求编号（requestId）应为 UUID' }),
  level: publicityLevel,
  rulesetId: z.string().min(1, '请选择评选办法（rulesetId）'),
  year: z.number().int().min(2000).max(2100),
  heading: text('公示标题（heading）', 80),
  /**
   * Absent: opens now. Never in the past (a few minutes of a phone's clock running slow open it now) nor more than
   * 90 days ahead: a window that "began" last month would be over at once and clear its nominees unheard (issue 14).
   */
  opensAt: z.iso.datetime({ offset: true, error: '开始时间（opensAt）应为带时区的时间' }).optional(),
  /**
   * More than the ruleset's minimum if the publisher wishes, never fewer (exactly it where the text says 为期); where
   * the ruleset sets no length, any length — absent: the system's default of 5 (shared/publicity/window-length.ts).
   */
  workingDays: z.number().int().min(1).max(30).optional(),
  entries: z.array(publicityEntryInput).min(1, '公示名单（entries）不能为空').max(500, '一次公示不超过 500 条'),
});
export type OpenPublicityRequest = z.input<typeof openPublicityRequest>;

export const publicityEntryView = z.object({
  entryId: z.string(),
  nomineeName: z.string(),
  unitName: z.string(),
  title: z.string(),
  titleLabel: z.string(),
  summary: z.string(),
  status: z.enum(entryStatuses),
  /**
   * The entry's own window: the list's for the entries it opened with; a full window of its own for one added later
   * (补充公示), which keeps the list open until its end.
   */
  opensAt: z.string(),
  endsAt: z.string(),
});
export type PublicityEntryView = z.infer<typeof publicityEntryView>;

export const publicityView = z.object({
  publicityId: z.string(),
  level: publicityLevel,
  levelLabel: z.string(),
  heading: z.string(),
  orgId: z.string(),
  orgName: z.string(),
  rulesetId: z.string(),
  year: z.number(),
  /** unit level: the union's members only; other levels: everyone. */
  audience: z.enum(['members', 'public']),
  opensAt: z.string(),
  endsAt: z.string(),
  workingDays: z.number(),
  /**
   * Who set the length: the regulation (`ruleset`), the system's default where the regulation sets none
   * (`systemDefault`, shown as 「本系统默认」), or the publisher's choice there (`publisher`); see window-length.ts.
   */
  lengthSource: z.enum(windowLengthSources),
  /** "公示期剩余 3 个工作日" — 0 once closed. */
  workingDaysLeft: z.number(),
  /**
   * The end was computed on the provisional calendar of a year whose official arrangement is not loaded yet
   * (暂按法定节假日推算): it may move later once the arrangement is entered, never earlier (DESIGN.md invariant 4).
   */
  provisional: z.boolean(),
  status: z.enum(publicityStatuses),
  citation: z.string(),
  entries: z.array(publicityEntryView),
});
export type PublicityView = z.infer<typeof publicityView>;
export const publicityResponse = z.object({ publicity: publicityView });
export const publicityListResponse = z.object({ publicities: z.array(publicityView.omit({ entries: true }).extend({ entryCount: z.number() })) });
export type PublicityListResponse = z.infer<typeof publicityListResponse>;

export const reportCategoryView = z.object({ id: z.string(), label: z.string(), citation: z.string() });
/** GET /v1/publicities/{id}/entries/{entryId}/report-form — what the form offers and which kind of report it files. */
export const reportFormResponse = z.object({
  entry: publicityEntryView,
  publicityHeading: z.string(),
  categories: z.array(reportCategoryView),
  /** objection while the window is open; supervision after it closed (routed to the organiser). */
  kind: z.enum(['objection', 'supervision']),
  /** What the form says before filing. */
  kindExplanation: z.string(),
});
export type ReportFormResponse = z.infer<typeof reportFormResponse>;

export const evidenceImage = z
  .string()
  .regex(/^data:image\/(png|jpeg);base64,[A-Za-z0-9+/=]+$/, '证据图片（evidence）应为 PNG 或 JPEG 图片')
  // One image is one item (DynamoDB's limit is 400 KB): ~250 KB of picture once base64 is undone.
  .max(350_000, '每张证据图片不超过 250 KB，请压缩后上传');
export const evidenceImages = z.array(evidenceImage).max(3, '证据图片（evidence）最多 3 张').default([]);

/** POST /v1/publicities/{id}/entries/{entryId}/reports — anonymous by default; log-in optional. */
export const fileReportRequest = z.object({
  /** Chosen once per form (from a cryptographic source): a re-sent request files nothing and answers 已提交, without the receipt. */
  requestId: z.uuid({ error: '请求编号（requestId）应为 UUID' }),
  category: z.string({ error: '请选择举报类别（category）' }).min(1, '请选择举报类别（category）'),
  description: z.string({ error: '请填写举报内容（description）' }).trim().min(20, '举报内容（description）至少 20 字，请写明事实').max(2000, '举报内容（description）不超过 2000 字'),
  evidence: evidenceImages,
  /** Optional; encrypted at rest, readable only by the investigator after a recorded reason. */
  contact: z.string().trim().max(100, '联系方式（contact）不超过 100 字').optional(),
  /** A logged-in reporter asks for status notices (their member id is then kept sealed in the report's envelope). */
  notifyMe: z.boolean().optional(),
});
export type FileReportRequest = z.input<typeof fileReportRequest>;

export const fileReportResponse = z.discriminatedUnion('status', [
  z.object({
    /** 201: filed now. */
    status: z.literal('已受理'),
    /** 20 random characters, shown once: the only key to the follow-up page. */
    receipt: z.string(),
    kind: z.enum(['objection', 'supervision']),
    message: z.string(),
  }),
  z.object({
    /** 200: the same requestId again. Filed before; the receipt is never shown a second time. */
    status: z.literal('已提交'),
    kind: z.enum(['objection', 'supervision']),
    message: z.string(),
  }),
]);
export type FileReportResponse = z.infer<typeof fileReportResponse>;

export const reportStatuses = ['received', 'investigating', 'substantiated', 'partlySubstantiated', 'unsubstantiated'] as const;
export type ReportStatus = (typeof reportStatuses)[number];
export const reportStatusLabels: Record<ReportStatus, string> = {
  received: '已受理',
  investigating: '核查中',
  substantiated: '核查属实',
  partlySubstantiated: '部分属实',
  unsubstantiated: '核查不属实',
};

export const reportMessageView = z.object({
  /** system: a notice from the product itself, e.g. that the window's end moved later. */
  from: z.enum(['reporter', 'investigator', 'system']),
  text: z.string(),
  evidenceCount: z.number(),
  at: z.string(),
});

/** GET/POST /v1/report-followups/{receipt} — the reporter's view, by receipt only. */
export const followUpResponse = z.object({
  kind: z.enum(['objection', 'supervision']),
  status: z.enum(reportStatuses),
  statusLabel: z.string(),
  nomineeName: z.string(),
  publicityHeading: z.string(),
  categoryLabel: z.string(),
  filedAt: z.string(),
  messages: z.array(reportMessageView),
  /** The finding's public part, once there is one. */
  finding: z.string().nullable(),
  /** When the reporter's identity was disclosed to an investigator on an approved request (identity-access.ts). */
  identityDisclosures: z.array(z.string()).default([]),
});
export type FollowUpResponse = z.infer<typeof followUpResponse>;

export const receiptCode = z
  .string({ error: '请填写回执码（receipt）' })
  .transform((v) => v.replace(/[\s-]/g, '').toUpperCase())
  .pipe(z.string().regex(/^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{20}$/, '回执码（receipt）应为 20 位字母和数字，请核对'));

export const followUpMessageRequest = z.object({
  text: z.string({ error: '请填写留言（text）' }).trim().min(1, '请填写留言（text）').max(2000, '留言（text）不超过 2000 字'),
  evidence: evidenceImages,
});

// ---- investigators -----------------------------------------------------------------------------------------

export const findingOutcomes = ['substantiated', 'partlySubstantiated', 'unsubstantiated'] as const;

export const reportSummaryView = z.object({
  reportId: z.string(),
  publicityId: z.string(),
  publicityHeading: z.string(),
  entryId: z.string(),
  nomineeName: z.string(),
  kind: z.enum(['objection', 'supervision']),
  status: z.enum(reportStatuses),
  categoryLabel: z.string(),
  filedAt: z.string(),
  assignedTo: z.string().nullable(),
  hasContact: z.boolean(),
});
export type ReportSummaryView = z.infer<typeof reportSummaryView>;
export const reportListResponse = z.object({ reports: z.array(reportSummaryView) });

export const reportDetailResponse = reportSummaryView.extend({
  description: z.string(),
  evidence: z.array(z.string()),
  messages: z.array(reportMessageView),
  finding: z
    .object({ outcome: z.enum(findingOutcomes), reason: z.string(), article: z.string(), disqualified: z.boolean(), at: z.string() })
    .nullable(),
});
export type ReportDetailResponse = z.infer<typeof reportDetailResponse>;

export const investigatorMessageRequest = z.object({ text: followUpMessageRequest.shape.text });

export const findingRequest = z.object({
  outcome: z.enum(findingOutcomes, { error: '请选择核查结论（outcome）' }),
  reason: z.string({ error: '请填写核查情况（reason）' }).trim().min(10, '核查情况（reason）至少 10 字').max(2000, '核查情况（reason）不超过 2000 字'),
  /** The article the finding rests on, as cited in the ruleset ("第十九条"). */
  article: z.string({ error: '请填写依据条款（article）' }).trim().min(2, '请填写依据条款（article）').max(40),
  evidenceNote: z.string().trim().max(1000).optional(),
});
export type FindingRequest = z.infer<typeof findingRequest>;
