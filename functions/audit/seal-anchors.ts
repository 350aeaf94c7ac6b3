// Seals the heads of the audit chains into the anchor store (issue 15, point 6), called by the clock on every tick:
// it seals when the last anchor is a day old or when heads moved since it, and does nothing otherwise.
import { QueryCommand, type DynamoDBDocumentClient } from '../storage/document-client';
import { log } from '../http/logger';
import { AnchorExistsError, anchorFormat, latestAnchor, putAnchor, type AnchorStore, type AuditAnchor, type StoredAnchor } from './anchor-store';
import { auditKeys, auditPrefix, headSk, subjectOfChain } from './audit-items';
import { checkAgainstAnchor, checkChain } from './verify-chain';
import { queryAll } from '../storage/dynamo';

type Item = Record<string, unknown>;
type Head = { seq: number; hash: string };

const dayMs = 24 * 60 * 60 * 1000;
/** A head is written with its transaction's `at`, which may precede the commit by the transaction's run time. */
const commitLagMs = 15 * 60 * 1000;

export interface SealDeps {
  db: DynamoDBDocumentClient;
  table: string;
  store: AnchorStore;
  /** How long each anchor stays locked. */
  retentionDays: number;
  /**
   * The least time between two seals caused by moved heads (a seal reads every head of the table). Events younger
   * than the last seal are protected by the table's own chain only, for at most this long.
   */
  minIntervalMs?: number;
}

export type SealOutcome = { sealed: number; chains: number; moved: number; refused: number; deferred: number };

const nothing = (extra: Partial<SealOutcome> = {}): SealOutcome => ({ sealed: 0, chains: 0, moved: 0, refused: 0, deferred: 0, ...extra });

/**
 * Idempotent and safe to run twice at once: a seal follows the newest anchor in the store (never the table's word
 * about it), and two seals at one instant share a key, of which the store takes the first.
 *
 * Each seal is a full manifest. A chain moves into it only if it still holds its previously sealed head (hash and
 * position) and verifies whole; otherwise, and for a chain gone from the table, the previous sealed head is carried
 * forward and the chain is counted as refused, so a rewrite made between two seals can never be laundered by the
 * next one, and the newest anchor always covers every chain ever sealed.
 */
export async function sealAuditAnchors(deps: SealDeps, now: Date): Promise<SealOutcome> {
  const { db, table, store } = deps;
  const minIntervalMs = deps.minIntervalMs ?? 60 * 60 * 1000;
  const last = await latestAnchor(store, table, now);
  const age = last ? now.getTime() - Date.parse(last.anchor.sealedAt) : Number.POSITIVE_INFINITY;
  if (last && age < dayMs) {
    if (age < 0 || !(await headsMovedSince(db, table, last))) return nothing();
    if (age < minIntervalMs) return nothing({ deferred: 1 });
  }

  const heads = await readHeads(db, table);
  const sealed = last?.anchor.chains ?? {};
  const chains: AuditAnchor['chains'] = {};
  let moved = 0;
  let refused = 0;
  const refuse = (subject: string, seq: number, problem: string) => {
    refused += 1;
    log('error', 'audit chain not sealed: it no longer holds what was sealed', { subject, seq, problem, anchor: last?.key });
  };

  for (const [subject, head] of heads) {
    const before = sealed[subject];
    if (before && before.seq === head.seq && before.hash === head.hash) {
      chains[subject] = before;
      continue;
    }
    const items = await queryAll(db, { TableName: table, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': `${auditPrefix}${subject}` }, ConsistentRead: true });
    const problem = checkChain(subject, items).broken ?? (last && before ? checkAgainstAnchor(new Map([[subject, items]]), { ...last, anchor: { ...last.anchor, chains: { [subject]: before } } })[0] : undefined);
    if (problem) {
      refuse(subject, problem.seq, problem.problem);
      if (before) chains[subject] = before;
      continue;
    }
    // The head as the chain's own partition holds it now (the index may lag behind it).
    const current = items.find((item) => item.sk === headSk);
    chains[subject] = current ? { seq: Number(current.seq), hash: String(current.hash) } : head;
    moved += 1;
  }
  for (const [subject, before] of Object.entries(sealed)) {
    if (heads.has(subject)) continue;
    refuse(subject, before.seq, 'the chain has no head in the table any more (deleted, or taken out of byDueTime)');
    chains[subject] = before;
  }

  const anchor: AuditAnchor = { format: anchorFormat, table, sealedAt: now.toISOString(), previous: last ? { key: last.key, sha256: last.sha256 } : null, chains };
  try {
    await putAnchor(store, anchor, new Date(now.getTime() + deps.retentionDays * dayMs));
  } catch (error) {
    if (error instanceof AnchorExistsError) return nothing();
    throw error;
  }
  return { sealed: 1, chains: Object.keys(chains).length, moved, refused, deferred: 0 };
}

/** Whether any head written since shortly before the last seal differs from what it sealed (byDueTime, DUE#auditSeal). */
async function headsMovedSince(db: DynamoDBDocumentClient, table: string, last: StoredAnchor): Promise<boolean> {
  const since = new Date(Date.parse(last.anchor.sealedAt) - commitLagMs).toISOString();
  let startKey: Item | undefined;
  do {
    const out = await db.send(
      new QueryCommand({
        TableName: table,
        IndexName: 'byDueTime',
        KeyConditionExpression: 'gsi2pk = :pk AND gsi2sk >= :since',
        ExpressionAttributeValues: { ':pk': auditKeys.moved(), ':since': since },
        ProjectionExpression: 'pk, seq, #hash',
        ExpressionAttributeNames: { '#hash': 'hash' },
        ...(startKey ? { ExclusiveStartKey: startKey } : {}),
      }),
    );
    for (const item of out.Items ?? []) {
      const sealed = last.anchor.chains[subjectOfChain(String(item.pk))];
      if (!sealed || sealed.seq !== item.seq || sealed.hash !== item.hash) return true;
    }
    startKey = out.LastEvaluatedKey;
  } while (startKey);
  return false;
}

/**
 * Every chain's head, from byDueTime (DUE#auditSeal): the clock reads the heads without scanning the table, which
 * holds members' personal data. A head taken out of that index is not sealed anew: its chain keeps its sealed head
 * and is reported, and the operator's full check (scripts/audit-verify.ts) still reads every chain.
 */
async function readHeads(db: DynamoDBDocumentClient, table: string): Promise<Map<string, Head>> {
  const heads = new Map<string, Head>();
  let startKey: Item | undefined;
  do {
    const out = await db.send(
      new QueryCommand({
        TableName: table,
        IndexName: 'byDueTime',
        KeyConditionExpression: 'gsi2pk = :pk',
        ExpressionAttributeValues: { ':pk': auditKeys.moved() },
        ProjectionExpression: 'pk, sk, seq, #hash',
        ExpressionAttributeNames: { '#hash': 'hash' },
        ...(startKey ? { ExclusiveStartKey: startKey } : {}),
      }),
    );
    for (const item of out.Items ?? []) {
      const pk = String(item.pk);
      if (item.sk === headSk && pk.startsWith(auditPrefix) && typeof item.seq === 'number' && typeof item.hash === 'string') heads.set(subjectOfChain(pk), { seq: item.seq, hash: item.hash });
    }
    startKey = out.LastEvaluatedKey;
  } while (startKey);
  return heads;
}
