import * as z from 'zod';
import { auditEvent } from '../audit/audit-event';

/** GET /v1/audit?subjectType=…&subjectId=… — one subject's chain. */
export const auditTrailQuery = z.object({
  subjectType: z
    .string({ error: '缺少审计对象类型（subjectType）' })
    .trim()
    .min(1, '审计对象类型（subjectType）不能为空')
    .max(64, '审计对象类型（subjectType）过长')
    .regex(/^[^#]+$/, '审计对象类型（subjectType）不能含有 #'),
  subjectId: z.string({ error: '缺少审计对象编号（subjectId）' }).trim().min(1, '审计对象编号（subjectId）不能为空').max(200, '审计对象编号（subjectId）过长'),
});
export type AuditTrailQuery = z.infer<typeof auditTrailQuery>;

const limitMessage = '条数（limit）应为 1 到 200 之间的整数';

/** GET /v1/audit/recent?limit=50 — the newest events in the caller's scope. */
export const recentAuditQuery = z.object({
  limit: z.coerce.number({ error: limitMessage }).int(limitMessage).min(1, limitMessage).max(200, limitMessage).default(50),
});
export type RecentAuditQuery = z.infer<typeof recentAuditQuery>;

export const auditTrailResponse = z.object({
  subjectType: z.string(),
  subjectId: z.string(),
  /** Oldest first. Empty when nothing has been recorded about the subject. */
  events: z.array(auditEvent),
  /** Whether the whole chain verifies (contiguous, linked, each hash recomputed, head on the last event). */
  verified: z.boolean(),
  /** When not verified: the first broken link, in Chinese. */
  problem: z.string().optional(),
});
export type AuditTrailResponse = z.infer<typeof auditTrailResponse>;

/** An org the caller organises: the events shown lie in its subtree. */
export const auditScope = z.object({ orgId: z.string(), name: z.string(), path: z.string() });

export const recentAuditResponse = z.object({
  scopes: z.array(auditScope),
  /** Newest first. */
  events: z.array(auditEvent),
});
export type RecentAuditResponse = z.infer<typeof recentAuditResponse>;
