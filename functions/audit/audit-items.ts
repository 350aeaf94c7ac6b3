import type { AuditEvent } from '@shared/audit/audit-event';

/**
 * The audit trail's items in the one table. A subject's chain lives in one partition:
 *   pk AUDIT#<subjectType>#<subjectId>, sk EVENT#<seq, 10 digits>  — one event, written once, never changed
 *   pk AUDIT#<subjectType>#<subjectId>, sk HEAD                     — the last seq and hash, the append guard
 * Heads are also in byDueTime under DUE#auditSeal, sorted by `<at>#<subject>`, so the clock finds the chains that
 * moved since the last anchor was sealed (seal-anchors.ts) without reading the table.
 * Events are also in bySubtree under AUDITSCOPE#<root org id> (org items there use TREE#<root id>), sorted by
 * `<scopePath>#<at>#<subject>#<seq>`, so an organiser reads their subtree with begins_with on their path.
 */
export const auditPrefix = 'AUDIT#';
export const headSk = 'HEAD';
export const eventSkPrefix = 'EVENT#';

export const subjectOf = (subjectType: string, subjectId: string): string => `${subjectType}#${subjectId}`;
export const seqKey = (seq: number): string => String(seq).padStart(10, '0');

export const auditKeys = {
  chain: (subjectType: string, subjectId: string) => `${auditPrefix}${subjectOf(subjectType, subjectId)}`,
  head: (subjectType: string, subjectId: string) => ({ pk: auditKeys.chain(subjectType, subjectId), sk: headSk }),
  event: (subjectType: string, subjectId: string, seq: number) => ({ pk: auditKeys.chain(subjectType, subjectId), sk: `${eventSkPrefix}${seqKey(seq)}` }),
  /** bySubtree partition of the federation tree that `scopePath` lies in. */
  scope: (scopePath: string) => `AUDITSCOPE#${rootOf(scopePath)}`,
  /** byDueTime partition of every chain's head. */
  moved: () => 'DUE#auditSeal',
};

/** The root org id of a path ('/city-jz/dist-jiefang' → 'city-jz'). */
export function rootOf(path: string): string {
  const root = path.split('/').find((segment) => segment !== '');
  if (!root) throw new Error(`not an org path: ${path}`);
  return root;
}

/** The subject ('application#app-1') of a chain's pk. */
export const subjectOfChain = (pk: string): string => pk.slice(auditPrefix.length);

export function eventItem(event: AuditEvent): Record<string, unknown> {
  const subject = subjectOf(event.subjectType, event.subjectId);
  return {
    ...auditKeys.event(event.subjectType, event.subjectId, event.seq),
    entity: 'auditEvent',
    ...event,
    gsi3pk: auditKeys.scope(event.scopePath),
    gsi3sk: `${event.scopePath}#${event.at}#${subject}#${seqKey(event.seq)}`,
  };
}

export function headItem(last: AuditEvent): Record<string, unknown> {
  return {
    ...auditKeys.head(last.subjectType, last.subjectId),
    entity: 'auditHead',
    subjectType: last.subjectType,
    subjectId: last.subjectId,
    seq: last.seq,
    hash: last.hash,
    at: last.at,
    gsi2pk: auditKeys.moved(),
    gsi2sk: `${last.at}#${subjectOf(last.subjectType, last.subjectId)}`,
  };
}
