import * as z from 'zod';
import { orgClosure, unitClosures } from '../domain/org';
import { titleCode } from '../rules/titles';

/**
 * 收回证书和奖牌 (issue 17 point 4). 「受表彰的基层工会所在单位破产、终止或撤销的，上一级工会应及时收回证书和奖牌，并逐级上报」
 * (总工办发〔2020〕15号 第二十七条, 京工发〔2021〕19号 第二十五条, 桂工发〔2021〕8号 八、（六） — 「证书和牌匾」); a revoked title's
 * certificate and plaque are recovered too (第二十六条, 第二十三条, 八、（五）). The 秦皇岛 and 焦作 texts say nothing of either:
 * a closed unit's honours under them get no task (the marking says so), a revocation under them opens one only where the
 * revocation procedure asks for it.
 */
export { unitClosures };
export const unitClosure = z.enum(unitClosures, { error: '单位状态（closure）只能是破产（bankrupt）、终止（terminated）或撤销（dissolved）' });
export type UnitClosure = z.infer<typeof unitClosure>;

export const unitClosureLabels: Record<UnitClosure, string> = { bankrupt: '破产', terminated: '终止', dissolved: '撤销' };

const day = (label: string, field: string) =>
  z
    .string({ error: `请填写${label}（${field}）` })
    .trim()
    .regex(/^\d{4}-\d{2}-\d{2}$/, `${label}（${field}）应为 YYYY-MM-DD 格式的日期`)
    .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), `${label}（${field}）不是有效日期`);

const note = (label: string, field: string, max: number) => z.string({ error: `${label}（${field}）应为文字` }).trim().max(max, `${label}（${field}）不超过 ${max} 个字`);

/** POST /v1/orgs/{orgId}/closure: an organiser above the union marks its unit 破产 / 终止 / 撤销. */
export const markClosureRequest = z.object({
  closure: unitClosure,
  /** The day the unit went bankrupt, was terminated or dissolved (Beijing date, not in the future). */
  on: day('破产、终止或撤销日期', 'on'),
  note: note('说明', 'note', 500).optional(),
});
export type MarkClosureRequest = z.input<typeof markClosureRequest>;

/** How the directory records it on the org. */
export { orgClosure, type OrgClosure } from '../domain/org';

export const recoveryReasonView = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('revoked'), caseId: z.string(), citation: z.string(), label: z.string() }),
  z.object({ kind: z.literal('unitClosed'), closure: z.enum(unitClosures), citation: z.string(), label: z.string() }),
]);

export const recoveryTaskStatuses = ['open', 'done'] as const;
export const recoveryTaskStatus = z.enum(recoveryTaskStatuses);
export const recoveryTaskStatusLabels: Record<(typeof recoveryTaskStatuses)[number], string> = { open: '待收回', done: '已收回' };

export const recoveryRecordView = z.object({
  certificate: z.boolean(),
  plaque: z.boolean(),
  /** Beijing date of the recovery. */
  recoveredOn: z.string(),
  recoveredBy: z.string(),
  note: z.string().optional(),
  recordedAt: z.string(),
  recordedByMemberId: z.string(),
});
export type RecoveryRecordView = z.infer<typeof recoveryRecordView>;

/** One recovery task: what is to be recovered, from whom, by which body, and why. */
export const recoveryTask = z.object({
  taskId: z.string(),
  certificateNo: z.string(),
  title: z.string(),
  titleCode: titleCode,
  holderName: z.string(),
  holderKind: z.enum(['org', 'person']),
  holderOrgName: z.string(),
  /** The grassroots union whose unit it concerns. */
  unitOrgId: z.string(),
  unitOrgName: z.string(),
  /** 上一级工会: the body that recovers. */
  bodyOrgId: z.string(),
  bodyOrgName: z.string(),
  awardedOn: z.string(),
  reason: recoveryReasonView,
  status: recoveryTaskStatus,
  statusLabel: z.string(),
  openedOn: z.string(),
  version: z.number().int(),
  recovery: recoveryRecordView.optional(),
  /** Whether the caller may record the recovery (an organiser of the body); the server checks again. */
  canRecord: z.boolean(),
});
export type RecoveryTask = z.infer<typeof recoveryTask>;

export const recoveryTaskQuery = z.object({
  status: z.enum(recoveryTaskStatuses, { error: '状态（status）只能是 open 或 done' }).optional(),
});

export const recoveryTaskListResponse = z.object({ tasks: z.array(recoveryTask) });
export type RecoveryTaskListResponse = z.infer<typeof recoveryTaskListResponse>;
export const recoveryTaskResponse = z.object({ task: recoveryTask });

/** POST /v1/recovery-tasks/{taskId}/recovery */
export const recordRecoveryRequest = z
  .object({
    version: z.number({ error: '缺少版本号（version）' }).int('版本号（version）应为整数').min(1, '版本号（version）应为正整数'),
    certificate: z.boolean({ error: '是否收回证书（certificate）应为是或否' }),
    plaque: z.boolean({ error: '是否收回奖牌（plaque）应为是或否' }),
    recoveredOn: day('收回日期', 'recoveredOn'),
    recoveredBy: z.string({ error: '请填写经办人（recoveredBy）' }).trim().min(1, '请填写经办人（recoveredBy）').max(30, '经办人（recoveredBy）不超过 30 个字'),
    note: note('说明', 'note', 500).optional(),
  })
  .refine((b) => b.certificate || b.plaque, { path: ['certificate'], message: '请至少勾选收回的证书（certificate）或奖牌（plaque）' });
export type RecordRecoveryRequest = z.input<typeof recordRecoveryRequest>;

/** POST /v1/orgs/{orgId}/closure — the org as marked, the tasks opened, and the honours no article covers. */
export const markClosureResponse = z.object({
  closure: orgClosure,
  opened: z.array(z.object({ taskId: z.string(), certificateNo: z.string(), holderName: z.string(), title: z.string(), citation: z.string() })),
  /** Honours whose ruleset has no article on a closed unit: no task, and why. */
  notCovered: z.array(z.object({ certificateNo: z.string(), holderName: z.string(), title: z.string(), explanation: z.string() })),
});
export type MarkClosureResponse = z.infer<typeof markClosureResponse>;
