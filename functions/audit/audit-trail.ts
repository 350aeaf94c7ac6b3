// The audit trail (DESIGN.md invariant 6): every decision appends an event to its subject's hash chain in the
// same transaction as the decision. This module only appends: it exports no way to change or remove an event
// (test/unit/audit/append-only.test.ts keeps it so).
import { randomUUID } from 'node:crypto';
import { GetCommand, TransactWriteCommand, type DynamoDBDocumentClient, type TransactWriteCommandInput } from '../storage/document-client';
import { auditEventDraft, type AuditEvent, type AuditEventDraft } from '@shared/audit/audit-event';
import { DomainError } from '@shared/errors';
import { auditEventHash, genesisHash } from './audit-hash';
import { auditKeys, auditPrefix, eventItem, headItem, headSk } from './audit-items';
import { systemNow } from '../time/clock';

export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** DynamoDB's limit on the items of one transaction. */
const maxTransactItems = 100;

interface Head {
  seq: number;
  hash: string;
}

/**
 * Reads the head of each subject's chain and returns the writes that append the drafts (events + new heads),
 * each guarded by a condition on the head, to be committed in the same transaction as the decision itself.
 *
 * Per subject: one Put per event (sk EVENT#<seq>, only if absent) and one Put of the head, on condition that the
 * head is still the one read here. Of two concurrent appends to one subject only one can commit; the other's
 * transaction is cancelled with ConditionalCheckFailed on the head, and its caller prepares again (see
 * isAuditChainRace). Several drafts for one subject chain onto each other, in the order given. Pass all drafts of
 * one transaction in one call: a transaction may touch each head only once.
 */
export async function prepareAuditWrites(db: DynamoDBDocumentClient, table: string, drafts: AuditEventDraft[], now: Date): Promise<TransactItem[]> {
  return (await prepareAppend(db, table, drafts, now)).writes;
}

/**
 * Commits the drafts, and `extraWrites` if given, in one transaction, and returns the events appended. Retries
 * (re-reading the heads, after a short random pause) only when an audit head raced: a refusal of an extra write
 * is the caller's to judge and is thrown as DynamoDB's TransactionCanceledException. After `maxAttempts` lost
 * races it throws AUDIT.BUSY.
 */
export async function appendAuditEvents(
  db: DynamoDBDocumentClient,
  table: string,
  drafts: AuditEventDraft[],
  options: { extraWrites?: TransactItem[]; maxAttempts?: number; now?: () => Date } = {},
): Promise<AuditEvent[]> {
  const { extraWrites = [], maxAttempts = 5, now = systemNow } = options;
  if (drafts.length === 0 && extraWrites.length === 0) return [];
  for (let attempt = 1; ; attempt += 1) {
    const { writes, events } = await prepareAppend(db, table, drafts, now());
    const items = [...extraWrites, ...writes];
    if (items.length > maxTransactItems) throw new RangeError(`a transaction holds at most ${maxTransactItems} items, these audit events need ${items.length}`);
    try {
      // A fresh token per attempt: the SDK's own resend of this attempt stays idempotent, a new attempt is new.
      await db.send(new TransactWriteCommand({ TransactItems: items, ClientRequestToken: randomUUID() }));
      return events;
    } catch (error) {
      if (!isAuditChainRace(error, items)) throw error;
      if (attempt >= maxAttempts) throw new DomainError('AUDIT.BUSY', { cause: error });
      await pause(attempt);
    }
  }
}

/**
 * True when a cancelled transaction lost a race on an audit chain: some audit head's condition failed (or
 * conflicted with a concurrent transaction) and nothing but audit items was refused. Preparing the audit writes
 * again and retrying is then safe; any other refusal is not the audit trail's to retry.
 */
export function isAuditChainRace(error: unknown, items: readonly TransactItem[]): boolean {
  const reasons = cancellationCodes(error);
  if (!reasons) return false;
  const raced = (code: string | undefined) => code === 'ConditionalCheckFailed' || code === 'TransactionConflict';
  let headRaced = false;
  for (const [index, code] of reasons.entries()) {
    if (code === undefined || code === 'None') continue;
    const key = auditKeyOf(items[index]);
    if (!key || !raced(code)) return false;
    if (key.sk === headSk) headRaced = true;
  }
  return headRaced;
}

function cancellationCodes(error: unknown): (string | undefined)[] | undefined {
  if (!(error instanceof Error) || error.name !== 'TransactionCanceledException') return undefined;
  return (error as Error & { CancellationReasons?: { Code?: string }[] }).CancellationReasons?.map((reason) => reason.Code);
}

function auditKeyOf(item: TransactItem | undefined): { pk: string; sk: string } | undefined {
  const pk = item?.Put?.Item?.pk as unknown;
  const sk = item?.Put?.Item?.sk as unknown;
  return typeof pk === 'string' && pk.startsWith(auditPrefix) && typeof sk === 'string' ? { pk, sk } : undefined;
}

/** Full jitter: contenders spread out instead of colliding again at the same instant. */
function pause(attempt: number): Promise<void> {
  const ceiling = Math.min(1000, 25 * 2 ** attempt);
  return new Promise((resolve) => setTimeout(resolve, Math.random() * ceiling));
}

async function prepareAppend(db: DynamoDBDocumentClient, table: string, drafts: AuditEventDraft[], now: Date): Promise<{ writes: TransactItem[]; events: AuditEvent[] }> {
  const at = now.toISOString();
  const bySubject = new Map<string, AuditEventDraft[]>();
  for (const input of drafts) {
    // A malformed draft is a programming error in the caller: it throws, and nothing is committed.
    const draft = auditEventDraft.parse(input);
    const chain = auditKeys.chain(draft.subjectType, draft.subjectId);
    bySubject.set(chain, [...(bySubject.get(chain) ?? []), draft]);
  }
  const groups = [...bySubject.values()];
  const heads = await Promise.all(groups.map((group) => readHead(db, table, group[0] as AuditEventDraft)));

  const writes: TransactItem[] = [];
  const events: AuditEvent[] = [];
  groups.forEach((group, index) => {
    const head = heads[index];
    let seq = head?.seq ?? 0;
    let prevHash = head?.hash ?? genesisHash;
    let last: AuditEvent | undefined;
    for (const draft of group) {
      seq += 1;
      const unhashed = { ...draft, seq, at, prevHash };
      const event: AuditEvent = { ...unhashed, hash: auditEventHash(unhashed) };
      writes.push({ Put: { TableName: table, Item: eventItem(event), ConditionExpression: 'attribute_not_exists(pk)' } });
      events.push(event);
      prevHash = event.hash;
      last = event;
    }
    if (!last) return;
    writes.push({
      Put: {
        TableName: table,
        Item: headItem(last),
        ...(head
          ? { ConditionExpression: '#seq = :seq AND #hash = :hash', ExpressionAttributeNames: { '#seq': 'seq', '#hash': 'hash' }, ExpressionAttributeValues: { ':seq': head.seq, ':hash': head.hash } }
          : { ConditionExpression: 'attribute_not_exists(pk)' }),
      },
    });
  });
  return { writes, events };
}

async function readHead(db: DynamoDBDocumentClient, table: string, draft: AuditEventDraft): Promise<Head | undefined> {
  const out = await db.send(new GetCommand({ TableName: table, Key: auditKeys.head(draft.subjectType, draft.subjectId), ConsistentRead: true }));
  if (!out.Item) return undefined;
  const { seq, hash } = out.Item;
  if (typeof seq !== 'number' || !Number.isInteger(seq) || seq < 1 || typeof hash !== 'string') {
    throw new Error(`audit head of ${auditKeys.chain(draft.subjectType, draft.subjectId)} is malformed: run npm run audit:verify`);
  }
  return { seq, hash };
}
