import * as z from 'zod';

/**
 * Four-eyes access to a reporter's identity (DESIGN.md invariant 7, issue 15): an investigator asks with a reason, a
 * custodian (身份保管人) in scope who is not the requester approves or refuses with a reason, and only then may the
 * requester open the report's envelope — once. Every step is in the audit trail with the request id and reason.
 */
export const identityRequestStatuses = ['pending', 'approved', 'refused', 'opened'] as const;
export const identityRequestStatus = z.enum(identityRequestStatuses);
export type IdentityRequestStatus = z.infer<typeof identityRequestStatus>;

export const identityRequestStatusLabels: Record<IdentityRequestStatus, string> = {
  pending: '待审批',
  approved: '已批准，待查看',
  refused: '未获批准',
  opened: '已查看',
};

export const identityRequestId = z.string().regex(/^idr-[0-9a-f]{20}$/, '申请编号（requestId）格式不正确');

export const createIdentityRequest = z.object({
  reason: z.string({ error: '请填写申请理由（reason）' }).trim().min(10, '申请理由（reason）至少 10 字，将记入审计并由身份保管人审阅').max(500, '申请理由（reason）不超过 500 字'),
});
export type CreateIdentityRequest = z.infer<typeof createIdentityRequest>;

export const identityDecisionRequest = z.object({
  decision: z.enum(['approve', 'refuse'], { error: '请选择批准或不批准（decision）' }),
  reason: z.string({ error: '请填写审批意见（reason）' }).trim().min(4, '审批意见（reason）至少 4 字，将记入审计').max(500, '审批意见（reason）不超过 500 字'),
});
export type IdentityDecisionRequest = z.infer<typeof identityDecisionRequest>;

export const identityRequestView = z.object({
  requestId: identityRequestId,
  reportId: z.string(),
  publicityHeading: z.string(),
  nomineeName: z.string(),
  categoryLabel: z.string(),
  requesterId: z.string(),
  requesterName: z.string(),
  reason: z.string(),
  status: identityRequestStatus,
  statusLabel: z.string(),
  requestedAt: z.string(),
  decidedBy: z.string().nullable(),
  decisionReason: z.string().nullable(),
  decidedAt: z.string().nullable(),
  openedAt: z.string().nullable(),
  /** Whether the caller may open it now (the requester, approved, not yet opened). */
  mayOpen: z.boolean(),
  /** Whether the caller may decide it now (a custodian in scope, not the requester, still pending). */
  mayDecide: z.boolean(),
});
export type IdentityRequestView = z.infer<typeof identityRequestView>;

export const identityRequestsResponse = z.object({ requests: z.array(identityRequestView) });
export type IdentityRequestsResponse = z.infer<typeof identityRequestsResponse>;

/** The opened identity, shown once to the requester. */
export const openedIdentityResponse = z.object({
  requestId: identityRequestId,
  contact: z.string().nullable(),
  reporterAccount: z.string().nullable(),
  message: z.string(),
});
export type OpenedIdentityResponse = z.infer<typeof openedIdentityResponse>;
