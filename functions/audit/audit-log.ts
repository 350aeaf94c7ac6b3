import type { AuditEvent } from '@shared/audit/audit-event';

/** The port through which the trail is read. Only the adapter (dynamo-audit-log.ts) knows the table's items. */
export interface AuditLog {
  /** One subject's chain, oldest first, and whether it verifies (with the first broken link when not). */
  chainOf(subjectType: string, subjectId: string): Promise<{ events: AuditEvent[]; verified: boolean; problem?: string }>;
  /** The newest `limit` events whose scopePath lies in the subtree rooted at `path`, newest first. */
  recentUnder(path: string, limit: number): Promise<AuditEvent[]>;
}

/** Newest first; events written in one transaction share `at` and keep their seq order. */
export function newestFirst(a: AuditEvent, b: AuditEvent): number {
  if (a.at !== b.at) return a.at < b.at ? 1 : -1;
  const subjectA = `${a.subjectType}#${a.subjectId}`;
  const subjectB = `${b.subjectType}#${b.subjectId}`;
  if (subjectA !== subjectB) return subjectA < subjectB ? -1 : 1;
  return b.seq - a.seq;
}
