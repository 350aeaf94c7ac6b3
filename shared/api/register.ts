import * as z from 'zod';
import { titleCode } from '../rules/titles';

/**
 * 荣誉管理档案 (issue 17 point 1): every honour granted, with its history, for the federations that supervise it —
 * 「加强基础工作，建立健全管理档案」 (总工办发〔2020〕15号 第二十二条（二）, 京工发〔2021〕19号 第十九条（二）,
 * 桂工发〔2021〕8号 八、（一）2, 秦皇岛 第十九条（二）).
 */
export const honourStates = ['current', 'flagged', 'underRecheck', 'revoked', 'recovered'] as const;
export const honourState = z.enum(honourStates);
export type HonourState = z.infer<typeof honourState>;

export const honourStateLabels: Record<HonourState, string> = {
  current: '有效',
  flagged: '已预警',
  underRecheck: '复查中',
  revoked: '已撤销',
  recovered: '证书已收回',
};

/** What happened to an honour, in order: the history a register entry keeps. */
export const honourEventKinds = ['granted', 'imported', 'flagged', 'underRecheck', 'cleared', 'revocationOpened', 'revocationRefused', 'revoked', 'recovered'] as const;
export const honourEventKind = z.enum(honourEventKinds);
export type HonourEventKind = z.infer<typeof honourEventKind>;

export const honourEventLabels: Record<HonourEventKind, string> = {
  granted: '授予称号',
  imported: '补录历史档案',
  flagged: '出现撤销情形预警',
  underRecheck: '列入复查',
  cleared: '复查通过',
  revocationOpened: '启动撤销程序',
  revocationRefused: '撤销程序终止，称号保留',
  revoked: '撤销称号',
  recovered: '收回证书（奖牌）',
};

/** GET /v1/orgs/{orgId}/honours and its export: the filters. */
export const registerQuery = z.object({
  title: titleCode.optional(),
  year: z.coerce.number({ error: '年度（year）应为四位数字' }).int('年度（year）应为四位数字').min(1949, '年度（year）不早于 1949 年').max(2100, '年度（year）不晚于 2100 年').optional(),
  state: z.enum(honourStates, { error: '状态（state）应为 current、flagged、underRecheck、revoked 或 recovered' }).optional(),
  cursor: z.string().max(2000, '翻页标记（cursor）无效').optional(),
  limit: z.coerce.number().int().min(1, '每页条数（limit）为 1—100').max(100, '每页条数（limit）为 1—100').optional(),
});
export type RegisterQuery = z.input<typeof registerQuery>;

export const registerEntry = z.object({
  certificateNo: z.string(),
  title: z.string(),
  titleCode: titleCode,
  holderName: z.string(),
  holderKind: z.enum(['org', 'person']),
  /** The union that holds it, or the union of the person who does. */
  holderOrgId: z.string(),
  holderOrgName: z.string(),
  awardingBody: z.string(),
  campaignName: z.string(),
  year: z.number(),
  /** Beijing date of the award, YYYY-MM-DD. */
  awardedOn: z.string(),
  rulesetName: z.string(),
  state: honourState,
  stateLabel: z.string(),
  source: z.enum(['decision', 'import']),
});
export type RegisterEntry = z.infer<typeof registerEntry>;

export const registerPageResponse = z.object({ honours: z.array(registerEntry), nextCursor: z.string().optional() });
export type RegisterPageResponse = z.infer<typeof registerPageResponse>;

export const honourEvent = z.object({
  kind: honourEventKind,
  label: z.string(),
  at: z.string(),
  /** Beijing date, YYYY-MM-DD. */
  on: z.string(),
  state: honourState,
  note: z.string().optional(),
});
export type HonourEvent = z.infer<typeof honourEvent>;

/** One year's 复查 of an honour (functions/honours/recheck-run.ts), as stored. */
export const recheckRecord = z.object({
  year: z.number(),
  outcome: z.enum(['flagged', 'failed', 'incomplete', 'passed', 'notDue']),
  outcomeLabel: z.string(),
  /** Beijing date of the run. */
  on: z.string(),
  /** What failed or was flagged, each with its article: 「2026 年入会率 85%，低于 90%」. */
  findings: z.array(z.object({ text: z.string(), citation: z.string() })),
});
export type RecheckRecord = z.infer<typeof recheckRecord>;

/** The honour's 收回证书 task (shared/api/recovery.ts), when one was opened. */
export const honourRecoveryLink = z.object({ taskId: z.string(), status: z.enum(['open', 'done']), statusLabel: z.string() });

export const honourDetailResponse = z.object({ honour: registerEntry.extend({ history: z.array(honourEvent), rechecks: z.array(recheckRecord), recovery: honourRecoveryLink.optional() }) });
export type HonourDetailResponse = z.infer<typeof honourDetailResponse>;

export const registerExportResponse = z.object({ fileName: z.string(), contentType: z.string(), base64: z.string(), rows: z.number() });

/** The export's Chinese headers, in order. */
export const registerExportHeaders = ['证书编号', '荣誉称号', '获得者', '授予单位', '评选活动', '授予日期', '依据办法', '状态'] as const;

// ---- import of historic honours (paper records) ----------------------------------------------------------

/** 补录历史荣誉档案: the columns of the import file, by their Chinese headers. */
export const honourImportColumns = [
  { key: 'certificateNo', header: '证书编号', required: true },
  { key: 'title', header: '荣誉称号', required: true },
  { key: 'holderName', header: '获得者', required: true },
  { key: 'holderKind', header: '获得者类型', required: true },
  { key: 'holderUnion', header: '所在工会', required: false },
  { key: 'awardingBody', header: '授予单位', required: true },
  { key: 'campaignName', header: '评选活动', required: false },
  { key: 'awardedOn', header: '授予日期', required: true },
  { key: 'ruleset', header: '依据办法', required: false },
] as const;
export type HonourImportColumnKey = (typeof honourImportColumns)[number]['key'];

/** Rows per file: one request previews them all and one commit writes them in transactions of 99. */
export const maxHonourImportRows = 5000;

export const honourImportRequest = z.object({
  fileName: z
    .string({ error: '请提供文件名（fileName）' })
    .trim()
    .min(1, '请提供文件名（fileName）')
    .max(200, '文件名（fileName）不超过 200 个字符')
    .regex(/\.(xlsx|csv)$/i, '文件名（fileName）应为 .xlsx 或 .csv 文件'),
  contentBase64: z.string({ error: '请提供文件内容（contentBase64）' }).min(1, '请提供文件内容（contentBase64）'),
});
export type HonourImportRequest = z.input<typeof honourImportRequest>;

export const honourImportProblem = z.object({ row: z.number(), column: z.string(), message: z.string() });

export const honourImportJob = z.object({
  importId: z.string(),
  fileName: z.string(),
  status: z.enum(['invalid', 'previewed', 'committed']),
  counts: z.object({ total: z.number(), valid: z.number(), errors: z.number() }),
  /** The first 200 problems, in row order; problemCount counts all. */
  problems: z.array(honourImportProblem),
  problemCount: z.number(),
  /** After the commit: honours written, and rows left out because their number was taken meanwhile. */
  written: z.number().optional(),
  skipped: z.array(honourImportProblem).optional(),
});
export type HonourImportJob = z.infer<typeof honourImportJob>;
export const honourImportResponse = z.object({ job: honourImportJob });

// ---- 复查 on demand (issue 17 point 2) ----------------------------------------------------------------------

/** POST /v1/orgs/{orgId}/honours/recheck: re-check the honours held in the subtree; call again with `cursor` until none. */
export const recheckRequest = z.object({
  year: z.number({ error: '复查年度（year）应为四位数字' }).int('复查年度（year）应为四位数字').min(1949, '复查年度（year）不早于 1949 年').max(2100, '复查年度（year）不晚于 2100 年').optional(),
  rulesetId: z.string().min(1, '评选办法（rulesetId）不能为空').max(40, '评选办法编号（rulesetId）不超过 40 个字符').optional(),
  cursor: z.string().max(2000, '续查标记（cursor）无效').optional(),
});
export type RecheckRequest = z.input<typeof recheckRequest>;

export const recheckResponse = z.object({
  year: z.number(),
  /** Honours judged in this call by outcome; alreadyChecked had this year's result before; notHeld were revoked or recovered. */
  counts: z.object({ flagged: z.number(), failed: z.number(), incomplete: z.number(), passed: z.number(), notDue: z.number(), alreadyChecked: z.number(), notHeld: z.number() }),
  /** More honours to go: send it back as `cursor`. */
  nextCursor: z.string().optional(),
});
export type RecheckResponse = z.infer<typeof recheckResponse>;
