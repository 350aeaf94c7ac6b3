import { ScanCommand, type DynamoDBDocumentClient } from '../storage/document-client';
import { auditEvent } from '@shared/audit/audit-event';
import { auditEventHash, genesisHash } from './audit-hash';
import { readAnchor, type AnchorStore, type StoredAnchor } from './anchor-store';
import { auditPrefix, eventSkPrefix, headSk, seqKey, subjectOf, subjectOfChain } from './audit-items';

type Item = Record<string, unknown>;

export interface BrokenLink {
  /** '<subjectType>#<subjectId>' */
  subject: string;
  seq: number;
  /** In Chinese, for the operator: what is wrong with that link. */
  problem: string;
}

export interface AuditVerification {
  subjects: number;
  events: number;
  /** The first broken link of each broken chain. */
  broken: BrokenLink[];
  /** With an anchor: chains in the table that it does not cover yet (begun since it was sealed). */
  unanchored?: number;
}

/** Every audit item of the table (a paginated Scan), by chain pk. */
export async function readAuditChains(db: DynamoDBDocumentClient, table: string): Promise<Map<string, Item[]>> {
  const chains = new Map<string, Item[]>();
  let startKey: Item | undefined;
  do {
    const out = await db.send(
      new ScanCommand({
        TableName: table,
        FilterExpression: 'begins_with(pk, :audit)',
        ExpressionAttributeValues: { ':audit': auditPrefix },
        ConsistentRead: true,
        ...(startKey ? { ExclusiveStartKey: startKey } : {}),
      }),
    );
    for (const item of out.Items ?? []) {
      const pk = String(item.pk);
      chains.set(pk, [...(chains.get(pk) ?? []), item]);
    }
    startKey = out.LastEvaluatedKey;
  } while (startKey);
  return chains;
}

/**
 * Reads every audit item of the table and checks every subject's chain; with `anchor`, also every chain the anchor
 * sealed against it (checkAgainstAnchor), so that a chain rewritten consistently from a tampered event on is found.
 */
export async function verifyAuditChains(db: DynamoDBDocumentClient, table: string, options: { anchor?: StoredAnchor; store?: AnchorStore } = {}): Promise<AuditVerification> {
  const chains = await readAuditChains(db, table);
  const result: AuditVerification = { subjects: 0, events: 0, broken: [] };
  for (const [pk, items] of [...chains].sort(([a], [b]) => a.localeCompare(b))) {
    const subject = subjectOfChain(pk);
    const check = checkChain(subject, items);
    result.subjects += 1;
    result.events += check.events;
    if (check.broken) result.broken.push(check.broken);
  }
  if (options.anchor) {
    const bySubject = new Map([...chains].map(([pk, items]) => [subjectOfChain(pk), items]));
    const mismatches = checkAgainstAnchor(bySubject, options.anchor);
    // With the store, older anchors narrow down where a rewrite began.
    if (options.store) for (const link of mismatches) await narrowRewrite(options.store, options.anchor, link, bySubject.get(link.subject) ?? []);
    result.broken.push(...mismatches);
    const sealed = options.anchor.anchor.chains;
    result.unanchored = [...bySubject.keys()].filter((subject) => !(subject in sealed)).length;
    result.broken.sort((a, b) => (a.subject < b.subject ? -1 : a.subject > b.subject ? 1 : a.seq - b.seq));
  }
  return result;
}

/**
 * Every chain the anchor sealed must still hold, at the sealed position, an event with the sealed hash (stored and
 * recomputed). Since each event's hash covers the previous hash, that event unchanged means every event up to it is
 * unchanged; a rewrite of any sealed event changes it, however consistently the rest of the chain was recomputed.
 * Events appended after the anchor are the table's own chain check's to verify. Names the chain and the sealed
 * position: the anchor cannot say which of the events up to it was rewritten.
 */
export function checkAgainstAnchor(chains: ReadonlyMap<string, readonly Item[]>, stored: StoredAnchor): BrokenLink[] {
  const { sealedAt } = stored.anchor;
  const broken: BrokenLink[] = [];
  for (const [subject, sealed] of Object.entries(stored.anchor.chains).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const items = chains.get(subject);
    const fail = (problem: string) => broken.push({ subject, seq: sealed.seq, problem });
    if (!items || items.length === 0) {
      fail(`整条审计链已不在表中，而 ${sealedAt} 的封存锚点记有其第 1 至 ${sealed.seq} 条（链条被删除）`);
      continue;
    }
    const event = items.find((item) => item.sk === `${eventSkPrefix}${seqKey(sealed.seq)}`);
    if (!event) fail(`第 ${sealed.seq} 条记录已于 ${sealedAt} 封存，现已不在表中（记录被删除或链条被截短）`);
    else if (event.hash !== sealed.hash || auditEventHash(event) !== sealed.hash) {
      fail(`第 ${sealed.seq} 条记录的哈希与 ${sealedAt} 封存的锚点不符（第 1 至 ${sealed.seq} 条记录中有被改写的，其后的哈希被重新计算）`);
    }
  }
  return broken;
}

/**
 * Walks back from `newest` through the anchors before it (each names its predecessor) to the last one whose sealed
 * head of the chain still matches the table: the rewrite began after that head and at or before the first one that
 * does not match. Says so in the link's problem; reads at most `maxAnchors` anchors.
 */
export async function narrowRewrite(store: AnchorStore, newest: StoredAnchor, link: BrokenLink, items: readonly Item[], maxAnchors = 400): Promise<void> {
  const holds = (seq: number, hash: string) => {
    const event = items.find((item) => item.sk === `${eventSkPrefix}${seqKey(seq)}`);
    return event !== undefined && event.hash === hash && auditEventHash(event) === hash;
  };
  if (!items.some((item) => item.sk === `${eventSkPrefix}${seqKey(link.seq)}`)) return;
  let firstBad = link.seq;
  let lastGood = 0;
  let previous = newest.anchor.previous;
  for (let read = 0; previous && read < maxAnchors; read += 1) {
    const older = await readAnchor(store, previous.key);
    if (!older) break;
    const sealed = older.anchor.chains[link.subject];
    if (!sealed) break;
    if (sealed.seq < firstBad) {
      if (holds(sealed.seq, sealed.hash)) {
        lastGood = sealed.seq;
        break;
      }
      firstBad = sealed.seq;
    }
    previous = older.anchor.previous;
  }
  link.problem +=
    firstBad === lastGood + 1
      ? `；对照更早的封存，被改写的最早一条是第 ${firstBad} 条`
      : `；对照更早的封存，被改写的最早一条在第 ${lastGood + 1} 至 ${firstBad} 条之间`;
}

/**
 * Checks one subject's chain from its stored items (events and head, in any order): seq contiguous from 1, each
 * prevHash the previous hash (the first: 64 zeros), each hash recomputed from the content, the head on the last
 * event. Names the first broken link only: everything after it cannot be trusted either.
 */
export function checkChain(subject: string, items: readonly Item[]): { events: number; broken?: BrokenLink } {
  const head = items.find((item) => item.sk === headSk);
  const events = items
    .filter((item) => typeof item.sk === 'string' && item.sk.startsWith(eventSkPrefix))
    .map((item) => ({ item, position: Number((item.sk as string).slice(eventSkPrefix.length)) }))
    .sort((a, b) => a.position - b.position);
  const broken = (seq: number, problem: string) => ({ events: events.length, broken: { subject, seq, problem } });

  let prevHash = genesisHash;
  let expected = 1;
  for (const { item, position } of events) {
    if (position !== expected) return broken(expected, `第 ${expected} 条记录缺失（记录被删除）`);
    const parsed = auditEvent.safeParse(item);
    if (!parsed.success) return broken(expected, `第 ${expected} 条记录内容不完整或格式不符（记录被改动）`);
    const event = parsed.data;
    if (event.seq !== position || subjectOf(event.subjectType, event.subjectId) !== subject) {
      return broken(expected, `第 ${expected} 条记录的序号或所属对象与其位置不符（记录被改动或挪动）`);
    }
    if (event.prevHash !== prevHash) {
      return broken(
        expected,
        expected === 1
          ? '第 1 条记录的前序哈希不是起始值（链条被改接）'
          : `第 ${expected} 条记录的前序哈希与第 ${expected - 1} 条记录的哈希不符（第 ${expected - 1} 条记录被改动或链条被改接）`,
      );
    }
    // Recomputed from the stored item itself, so an attribute added inside actor, citation or data also shows.
    if (auditEventHash(item) !== event.hash) return broken(expected, `第 ${expected} 条记录的哈希值与内容不符（记录被改动）`);
    prevHash = event.hash;
    expected += 1;
  }

  const last = expected - 1;
  if (!head) return broken(last, '缺少链头记录（链头被删除）');
  const headSeq = typeof head.seq === 'number' ? head.seq : Number.NaN;
  if (headSeq > last) return broken(last + 1, `第 ${last + 1} 条记录缺失（链尾记录被删除）`);
  if (headSeq !== last) return broken(last, `链头记录停在第 ${String(head.seq)} 条，与最后一条记录（第 ${last} 条）不符（链头被改动）`);
  if (head.hash !== prevHash) return broken(last, `链头记录的哈希与第 ${last} 条记录不符（链头被改动）`);
  return { events: events.length };
}
