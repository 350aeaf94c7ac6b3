import * as z from 'zod';
import { rosterMember } from '../domain/member';
import { rateSeries } from '../rules/facts';

/**
 * The roster API (会员名册): list, add and remove members one by one, import a file through a preview, export,
 * membership statistics, and a member's own record. Phone and ID numbers only ever travel masked, except in the
 * request that supplies them.
 */

/** Inline as base64 in JSON (×4/3) a file stays under Lambda's 6 MB invocation payload. */
export const maxInlineImportBytes = 4 * 1024 * 1024;
/**
 * A file posted to the file store (a 100,000-row roster from the template is ~4.5 MB as .xlsx, ~11 MB as .csv);
 * the preview reads it whole in one function.
 */
export const maxImportFileBytes = 16 * 1024 * 1024;
export const maxImportFileLabel = '16 MB';
/** One import holds at most this many members (larger rosters are imported in parts). */
export const maxImportRows = 100_000;

const day = (label: string) => z.string().regex(/^\d{4}-\d{2}-\d{2}$/, `${label}应为 2020-03-01 这样的日期`);

export const subOrgRef = z.object({ orgId: z.string(), name: z.string() });
export type SubOrgRefView = z.infer<typeof subOrgRef>;

/** A member as a roster page shows it: masked numbers, the sub-union's name. */
export const rosterMemberView = rosterMember.extend({ subOrgName: z.string().optional() });
export type RosterMemberView = z.infer<typeof rosterMemberView>;

/** GET /v1/orgs/{orgId}/roster?q=&status=&cursor= — q: the start of a name, or a whole 工号. */
export const rosterListQuery = z.object({
  q: z.string().trim().max(50, '搜索内容（q）最多 50 个字').optional(),
  status: z.enum(['active', 'left', 'all'], { error: '会员状态（status）只能是 active、left 或 all' }).default('active'),
  cursor: z.string().max(1000, '翻页参数（cursor）过长').optional(),
});
export type RosterListQuery = z.infer<typeof rosterListQuery>;

export const rosterPage = z.object({
  members: z.array(rosterMemberView),
  nextCursor: z.string().nullable(),
  /** The union's sub-unions and groups, for the add form's picker. */
  subOrgs: z.array(subOrgRef),
  union: z.object({ orgId: z.string(), name: z.string() }),
});
export type RosterPage = z.infer<typeof rosterPage>;

/** POST /v1/orgs/{orgId}/roster — one member; checked like a row of an import. */
export const addMemberRequest = z.object({
  name: z.string({ error: '缺少姓名（name）' }).max(50, '姓名（name）最多 50 个字'),
  employeeNo: z.string().max(32, '工号（employeeNo）最多 32 个字符').optional(),
  gender: z.enum(['female', 'male'], { error: '性别（gender）只能是 female 或 male' }).optional(),
  phone: z.string().max(30, '手机号（phone）过长').optional(),
  idNumber: z.string().max(30, '身份证号（idNumber）过长').optional(),
  subOrgId: z.string().max(200, '所属分工会/小组（subOrgId）过长').optional(),
  isMigrantWorker: z.boolean({ error: '是否农民工（isMigrantWorker）应为 true 或 false' }).optional(),
  isDispatchedWorker: z.boolean({ error: '是否劳务派遣（isDispatchedWorker）应为 true 或 false' }).optional(),
  /** Defaults to today (Asia/Shanghai). */
  joinedOn: day('入会日期（joinedOn）').optional(),
});
export type AddMemberRequest = z.infer<typeof addMemberRequest>;

/** DELETE /v1/orgs/{orgId}/roster/{memberId}?leftOn= — the entry stays, marked as left (退会). */
export const removeMemberQuery = z.object({ leftOn: day('退会日期（leftOn）').optional() });

export const memberResponse = z.object({ member: rosterMemberView });
export type MemberResponse = z.infer<typeof memberResponse>;

/** A file to save: the template or an export (.xlsx), base64 so the typed client can carry it. */
export const rosterFile = z.object({ fileName: z.string(), contentType: z.string(), contentBase64: z.string() });
export type RosterFile = z.infer<typeof rosterFile>;

/** What a roster file may be: the extensions the pickers offer, and the type the file store keeps it under. */
export const importFileTypes = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv',
} as const;
export const importFileExtensions = Object.keys(importFileTypes) as (keyof typeof importFileTypes)[];

/** The content type of a roster file by its name, or undefined when it is not .xlsx or .csv. */
export function importFileTypeOf(fileName: string): string | undefined {
  const extension = /\.([^.]+)$/.exec(fileName)?.[1]?.toLowerCase();
  return extension === 'xlsx' || extension === 'csv' ? importFileTypes[extension] : undefined;
}

const importFileName = z
  .string({ error: '缺少文件名（fileName）' })
  .trim()
  .min(1, '文件名（fileName）不能为空')
  .max(200, '文件名（fileName）过长')
  .superRefine((name, ctx) => {
    if (/\.xls$/i.test(name)) ctx.addIssue({ code: 'custom', message: '文件名（fileName）：不支持 .xls 旧格式，请在 Excel 中“另存为” .xlsx 后上传' });
    else if (!importFileTypeOf(name)) ctx.addIssue({ code: 'custom', message: '文件名（fileName）应为 .xlsx 或 .csv 文件' });
  });

/**
 * POST /v1/orgs/{orgId}/imports/uploads — where to post a roster file (a presigned upload of a few minutes, as for
 * 证明材料): the phone sends it with wx.uploadFile and its progress, then names its `key` to POST …/imports.
 */
export const importUploadTicketRequest = z.object({
  requestId: z.uuid({ error: '请求编号（requestId）应为 UUID' }),
  fileName: importFileName,
  size: z
    .number({ error: '缺少文件大小（size）' })
    .int('文件大小（size）应为整数字节数')
    .min(1, '文件大小（size）为 0：所选文件是空的，请重新选择')
    .max(maxImportFileBytes, `文件大小（size）超过 ${maxImportFileLabel}，请拆分后分批导入`),
});
export type ImportUploadTicketRequest = z.input<typeof importUploadTicketRequest>;

/**
 * POST /v1/orgs/{orgId}/imports — answers the preview (a large file: the job `previewing`, then poll its status);
 * nothing is written to the roster. The file is either `key`,
 * one posted to the file store with a ticket (read once, then deleted), or `contentBase64`, the file inline (≤ 4 MB).
 */
export const importUploadRequest = z
  .object({
    fileName: importFileName,
    key: z.string().min(1, '文件标识（key）不能为空').max(512, '文件标识（key）过长').optional(),
    contentBase64: z.string().min(1, '文件内容（contentBase64）不能为空').optional(),
  })
  .check((ctx) => {
    const { key, contentBase64 } = ctx.value;
    if ((key === undefined) === (contentBase64 === undefined)) {
      ctx.issues.push({ code: 'custom', input: ctx.value, path: ['key'], message: key === undefined ? '缺少文件：请先上传文件并给出文件标识（key）' : '文件标识（key）与文件内容（contentBase64）只能给出一项' });
    }
  });
export type ImportUploadRequest = z.infer<typeof importUploadRequest>;

/** 第 12 行「手机号」格式不正确…: the sheet's row number and the column's Chinese header. */
export const rowProblem = z.object({ row: z.number().int(), column: z.string(), message: z.string() });
export type RowProblemView = z.infer<typeof rowProblem>;

/**
 * previewing: the file was read and its rows are being checked against the roster in chunks (正在读取名单; poll
 * GET …/imports/{importId}, each poll moves it on); invalid: the file has problems and cannot be committed;
 * previewed: ready, waiting for the chair to confirm; committing: being written in batches; committed: done.
 */
export const importStatus = z.enum(['previewing', 'invalid', 'previewed', 'committing', 'committed']);
export type ImportStatus = z.infer<typeof importStatus>;

export const importCounts = z.object({
  /** Member rows read from the file. */
  total: z.number().int(),
  added: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  /** Rows with at least one problem. */
  errors: z.number().int(),
});
export type ImportCounts = z.infer<typeof importCounts>;

/** A row that adds or changes a member, with the columns it changes (for the preview). */
export const importChange = z.object({ row: z.number().int(), name: z.string(), kind: z.enum(['added', 'updated']), columns: z.array(z.string()) });

export const importJob = z.object({
  importId: z.string(),
  orgId: z.string(),
  fileName: z.string(),
  status: importStatus,
  createdAt: z.string(),
  counts: importCounts,
  /** The first problems, in row order; problemCount says how many there are. */
  problems: z.array(rowProblem),
  problemCount: z.number().int(),
  /** The first rows that add or change members. */
  changes: z.array(importChange),
  progress: z.object({
    /** Rows written so far, of `total` rows to write (added + updated); while previewing, rows checked so far. */
    processed: z.number().int(),
    total: z.number().int(),
    /** Rows left out while committing because the roster changed after the preview. */
    skipped: z.number().int(),
  }),
  /** Rows left out while committing, with the reason. */
  commitProblems: z.array(rowProblem),
  /** After this the preview can no longer be committed (upload the file again). */
  previewExpiresAt: z.string(),
  committedAt: z.string().optional(),
});
export type ImportJob = z.infer<typeof importJob>;

const yearsMessage = '年度（years）应为以逗号分隔的年份，如 2024,2025,2026，最多 10 个';
/** GET /v1/orgs/{orgId}/membership-stats?years=2024,2025,2026 — default: the current year and the two before. */
export const membershipStatsQuery = z.object({
  years: z
    .string()
    .regex(/^\d{4}(,\d{4}){0,9}$/, yearsMessage)
    .transform((s) => [...new Set(s.split(',').map(Number))])
    .refine((ys) => ys.every((y) => y >= 2000 && y <= 2100), '年度（years）应在 2000 到 2100 年之间')
    .optional(),
});

export const yearMembership = z.object({
  year: z.number().int(),
  members: z.number().int(),
  boundMembers: z.number().int(),
  employees: z.number().int().nullable(),
  membershipRate: z.number().nullable(),
  onlineUnionEnrolmentRate: z.number().nullable(),
  notes: z.array(z.string()),
});
export type YearMembershipView = z.infer<typeof yearMembership>;

export const membershipStatsResponse = z.object({
  orgId: z.string(),
  years: z.array(yearMembership),
  /** The same figures as the rules engine's Facts read them. */
  facts: z.object({ membershipRate: rateSeries, onlineUnionEnrolmentRate: rateSeries }),
});
export type MembershipStatsResponse = z.infer<typeof membershipStatsResponse>;

/** GET /v1/me/record — the caller's own roster entry (masked numbers). */
export const myRecordResponse = z.object({ member: rosterMemberView, union: z.object({ orgId: z.string(), name: z.string() }) });
export type MyRecordResponse = z.infer<typeof myRecordResponse>;

/** PUT /v1/me/record (the fields given; WeChat's wx.request has no PATCH) — a member corrects a typo in their name, their phone number or gender. */
export const correctRecordRequest = z
  .object({
    name: z.string().max(50, '姓名（name）最多 50 个字').optional(),
    phone: z.string().max(30, '手机号（phone）过长').optional(),
    gender: z.enum(['female', 'male'], { error: '性别（gender）只能是 female 或 male' }).optional(),
  })
  .refine((r) => r.name !== undefined || r.phone !== undefined || r.gender !== undefined, { message: '请至少修改一项：姓名（name）、手机号（phone）或性别（gender）', path: ['name'] });
export type CorrectRecordRequest = z.infer<typeof correctRecordRequest>;
