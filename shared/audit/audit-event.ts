import * as z from 'zod';
import { role } from '../domain/org';

/** The decisions the audit trail records (DESIGN.md invariant 6). Later capabilities add theirs here. */
export const auditActions = [
  'ballot.opened',
  'ballot.sealed',
  'ballot.annulled',
  'campaign.published',
  'application.submitted',
  'application.returned',
  'application.passed',
  'application.rejected',
  'application.disqualified',
  'evidence.attached',
  'evidence.removed',
  'publicity.opened',
  'publicity.closed',
  'publicity.entryAdded',
  'publicity.extended',
  'calendar.arrangementSaved',
  'report.filed',
  'report.assigned',
  'report.messaged',
  'report.identityRead',
  'identity.requested',
  'identity.approved',
  'identity.refused',
  'identity.opened',
  'report.finding',
  'honour.awarded',
  'honour.revocationOpened',
  'honour.revocationStep',
  'honour.revoked',
  'honour.revocationRefused',
  'honour.rechecked',
  'honour.imported',
  'honour.recoveryOpened',
  'honour.recovered',
  'org.created',
  'org.updated',
  'org.moved',
  'org.closed',
  'role.granted',
  'role.revoked',
  'roster.exported',
  'roster.imported',
  'member.added',
  'member.removed',
  'member.corrected',
  'invitation.issued',
  'invitation.revoked',
  'member.bound',
] as const;
export const auditAction = z.enum(auditActions);
export type AuditAction = z.infer<typeof auditAction>;

/** An org path as Org.path writes it: '/'-joined ids from the root, each without '/' or '#'. */
export const orgPathPattern = /^(\/[^/#]+)+$/;

export const auditCitation = z.object({ doc: z.string(), article: z.string(), item: z.string().optional() });

/** What a caller says about a decision; the trail adds sequence, time and hashes. */
export const auditEventDraft = z.object({
  /** 'application', 'honour', 'org'…; no '#', since it is part of the chain's key. */
  subjectType: z.string().regex(/^[^#]+$/, '审计对象类型（subjectType）不能为空，也不能含有 #'),
  subjectId: z.string().min(1),
  /** The org whose scope the subject lies in (its path, '/root/…/org'), so organisers can be scoped. */
  scopePath: z.string().regex(orgPathPattern, '所属组织路径（scopePath）应形如 /市总工会编号/区总工会编号'),
  action: auditAction,
  actor: z.object({ memberId: z.string(), role: z.union([role, z.literal('system')]) }),
  reason: z.string().max(2000).optional(),
  citation: auditCitation.optional(),
  data: z.record(z.string(), z.unknown()).optional(),
});
export type AuditEventDraft = z.infer<typeof auditEventDraft>;

/** A stored event: the draft plus its place in the subject's chain. */
export const auditEvent = auditEventDraft.extend({
  seq: z.number().int().min(1),
  at: z.string(),
  prevHash: z.string(),
  hash: z.string(),
});
export type AuditEvent = z.infer<typeof auditEvent>;
