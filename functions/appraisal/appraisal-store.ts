import { BatchWriteCommand, GetCommand, QueryCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '../storage/document-client';
import { appraisalKind } from '@shared/appraisal/ballot-kinds';
import type { AppraisalResultResponse } from '@shared/api/appraisal';
import type { TransactItem } from '../notify/outbox';
import { cancellationReasons } from '../storage/dynamo';
import type { Annulment, AppraisalRecord } from './appraisal-record';
import { queryAll } from '../storage/dynamo';
import { dueKey } from '../storage/due-keys';

/**
 * The main-table items of a ballot: the ballot itself, its electorate (who may vote — never whether or how they
 * voted), its sealed result, and the yearly records a sealed result leaves on the union and on rated chairs.
 */
export const appraisalKeys = {
  appraisal: (appraisalId: string) => ({ pk: `APPRAISAL#${appraisalId}`, sk: 'APPRAISAL' }),
  voter: (appraisalId: string, memberId: string) => ({ pk: `APPRAISAL#${appraisalId}`, sk: `VOTER#${memberId}` }),
  result: (appraisalId: string) => ({ pk: `APPRAISAL#${appraisalId}`, sk: 'RESULT' }),
  /** byParent: a union → its ballots. */
  ballotsOfUnion: (unionId: string) => `ORG#${unionId}`,
  /** byParent: a member → the ballots they may vote in. */
  ballotsOfMember: (memberId: string) => `BALLOTS#${memberId}`,
  /** Yearly records: 会员评家 and 大会表决 on the org, 主席测评 on the person — keyed by the union that rated them. */
  orgRecord: (orgId: string, kind: 'memberAppraisal' | 'congressBallot', year: number) => ({ pk: `ORG#${orgId}`, sk: `RECORD#${kind}#${year}` }),
  chairRecord: (memberId: string, unionId: string, year: number) => ({ pk: `MEMBER#${memberId}`, sk: `RECORD#chairEvaluation#${unionId}#${year}` }),
  /**
   * The one official ballot of an org, kind and year (DESIGN.md invariant 10): taken when a ballot is created,
   * given up only by an annulment. Its appraisalId is the only ballot that may write that year's record.
   */
  officialBallot: (orgId: string, kind: string, year: number) => ({ pk: `ORG#${orgId}`, sk: `OFFICIAL#${kind}#${year}` }),
};
/** byDueTime: a ready ballot until it is sealed, under one of 16 keys by its id (storage/due-keys.ts). */
export const dueSeals = 'DUE#appraisalSeal';
export const dueSealKey = (appraisalId: string): string => dueKey(dueSeals, appraisalId);

type Item = Record<string, unknown>;

export function appraisalItem(record: AppraisalRecord): Item {
  return {
    ...appraisalKeys.appraisal(record.appraisalId),
    entity: 'appraisal',
    ...record,
    gsi1pk: appraisalKeys.ballotsOfUnion(record.unionId),
    gsi1sk: `APPRAISAL#${record.opensAt}#${record.appraisalId}`,
  };
}

export function toAppraisalRecord(item: Item): AppraisalRecord {
  const text = (v: unknown): string => (typeof v === 'string' ? v : '');
  return {
    appraisalId: text(item.appraisalId),
    kind: appraisalKind.parse(item.kind),
    year: Number(item.year),
    rulesetId: text(item.rulesetId),
    title: text(item.title),
    orgId: text(item.orgId),
    orgName: text(item.orgName),
    orgPath: text(item.orgPath),
    unionId: text(item.unionId),
    electorate: item.electorate === 'representatives' ? 'representatives' : 'members',
    dimensions: Array.isArray(item.dimensions) ? item.dimensions.map(String) : [],
    candidates: Array.isArray(item.candidates) ? (item.candidates as AppraisalRecord['candidates']) : [],
    opensAt: text(item.opensAt),
    closesAt: text(item.closesAt),
    minGroupSize: Number(item.minGroupSize),
    eligible: Number(item.eligible),
    stage: item.stage === 'sealed' ? 'sealed' : item.stage === 'ready' ? 'ready' : 'preparing',
    openedBy: text(item.openedBy),
    requestId: text(item.requestId),
    ...(isAnnulment(item.annulment) ? { annulment: item.annulment } : {}),
  };
}

function isAnnulment(value: unknown): value is Annulment {
  if (typeof value !== 'object' || value === null) return false;
  const a = value as Record<string, unknown>;
  return typeof a.reason === 'string' && typeof a.annulledAt === 'string' && typeof a.byOrgName === 'string';
}

export async function getAppraisal(db: DynamoDBDocumentClient, table: string, appraisalId: string, consistent = false): Promise<AppraisalRecord | undefined> {
  const out = await db.send(new GetCommand({ TableName: table, Key: appraisalKeys.appraisal(appraisalId), ConsistentRead: consistent }));
  return out.Item?.entity === 'appraisal' ? toAppraisalRecord(out.Item) : undefined;
}

/**
 * The first write of a ballot, with stage `preparing` so nobody can vote until its electorate is complete, in one
 * transaction with the official-ballot slot of its org, kind and year and the opening job that writes the electorate
 * (opening.ts). 'exists': the same ballot was created by an earlier (or concurrent) copy of the request; 'held':
 * another ballot holds the year.
 */
export async function putPreparingAppraisal(db: DynamoDBDocumentClient, table: string, record: AppraisalRecord, opening?: TransactItem): Promise<'created' | 'exists' | 'held'> {
  try {
    await db.send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName: table, Item: appraisalItem(record), ConditionExpression: 'attribute_not_exists(pk)' } },
          {
            Put: {
              TableName: table,
              Item: { ...appraisalKeys.officialBallot(record.orgId, record.kind, record.year), entity: 'officialBallot', appraisalId: record.appraisalId, orgId: record.orgId, kind: record.kind, year: record.year },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          // The opening job (opening.ts), created with the ballot so that a ballot preparing always has one.
          ...(opening ? [opening] : []),
        ],
      }),
    );
    return 'created';
  } catch (error) {
    const reasons = cancellationReasons(error);
    if (!reasons) throw error;
    if (reasons[0] === 'ConditionalCheckFailed') return 'exists';
    if (reasons[1] === 'ConditionalCheckFailed') return 'held';
    throw error;
  }
}

/** The ballot holding the official slot of an org, kind and year, if any. */
export async function officialBallotOf(db: DynamoDBDocumentClient, table: string, orgId: string, kind: string, year: number): Promise<string | undefined> {
  const out = await db.send(new GetCommand({ TableName: table, Key: appraisalKeys.officialBallot(orgId, kind, year), ConsistentRead: true }));
  return typeof out.Item?.appraisalId === 'string' ? out.Item.appraisalId : undefined;
}

/**
 * Whether a sealed ballot leaves the yearly record of its org (DESIGN.md invariant 10): only one voted by all the
 * org's members (representatives vote congress ballots only), a 主席测评 only when the union rated its own chairs,
 * and never an annulled one.
 */
export function leavesRecord(record: AppraisalRecord): boolean {
  if (record.annulment) return false;
  if (record.kind !== 'congressBallot' && record.electorate !== 'members') return false;
  return record.kind !== 'chairEvaluation' || record.orgId === record.unionId;
}

/** The keys of the yearly records a ballot leaves when sealed (none for one that leaves no record). */
export function recordKeysOf(record: AppraisalRecord): { pk: string; sk: string }[] {
  if (record.kind === 'chairEvaluation') return record.candidates.map((c) => appraisalKeys.chairRecord(c.memberId, record.unionId, record.year));
  return [appraisalKeys.orgRecord(record.orgId, record.kind, record.year)];
}

/**
 * The annulment of a ballot as one transaction's writes: the ballot marked (only in the stage it was read in, and
 * only once), its official slot freed for a new ballot, and the records it left removed — each only if it is this
 * ballot's.
 */
export function annulmentWrites(table: string, record: AppraisalRecord, annulment: Annulment): TransactItem[] {
  const ours = { ConditionExpression: 'attribute_not_exists(pk) OR appraisalId = :id', ExpressionAttributeValues: { ':id': record.appraisalId } };
  return [
    {
      Update: {
        TableName: table,
        Key: appraisalKeys.appraisal(record.appraisalId),
        UpdateExpression: 'SET annulment = :annulment',
        ConditionExpression: 'attribute_not_exists(annulment) AND stage = :stage',
        ExpressionAttributeValues: { ':annulment': annulment, ':stage': record.stage },
      },
    },
    { Delete: { TableName: table, Key: appraisalKeys.officialBallot(record.orgId, record.kind, record.year), ...ours } },
    ...(record.stage === 'sealed' ? recordKeysOf(record).map((Key) => ({ Delete: { TableName: table, Key, ...ours } })) : []),
  ];
}

/** The switch from preparing to ready (never of an annulled ballot); from then on the clock finds it at its closing time. */
export function markReady(table: string, record: AppraisalRecord): TransactItem {
  return {
    Update: {
      TableName: table,
      Key: appraisalKeys.appraisal(record.appraisalId),
      UpdateExpression: 'SET stage = :ready, gsi2pk = :due, gsi2sk = :when',
      ConditionExpression: 'stage = :preparing AND attribute_not_exists(annulment)',
      ExpressionAttributeValues: { ':ready': 'ready', ':preparing': 'preparing', ':due': dueSealKey(record.appraisalId), ':when': `${record.closesAt}#${record.appraisalId}` },
    },
  };
}

export interface Voter {
  memberId: string;
  name: string;
  orgName: string;
}

/** The electorate snapshot (names only, for the chair; and each member's "my ballots" entry). */
export async function putElectorate(db: DynamoDBDocumentClient, table: string, record: AppraisalRecord, voters: readonly Voter[]): Promise<void> {
  const items = voters.map((v) => ({
    ...appraisalKeys.voter(record.appraisalId, v.memberId),
    entity: 'voter',
    appraisalId: record.appraisalId,
    memberId: v.memberId,
    name: v.name,
    orgName: v.orgName,
    gsi1pk: appraisalKeys.ballotsOfMember(v.memberId),
    gsi1sk: `${record.closesAt}#${record.appraisalId}`,
  }));
  for (let i = 0; i < items.length; i += 25 * 8) {
    await Promise.all(
      chunk(items.slice(i, i + 25 * 8), 25).map(async (batch) => {
        let pending = batch.map((Item) => ({ PutRequest: { Item } }));
        for (let attempt = 0; pending.length > 0; attempt += 1) {
          if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, Math.min(1000, 50 * 2 ** attempt)));
          const out = await db.send(new BatchWriteCommand({ RequestItems: { [table]: pending } }));
          pending = (out.UnprocessedItems?.[table] ?? []) as typeof pending;
        }
      }),
    );
  }
}

export async function isVoter(db: DynamoDBDocumentClient, table: string, appraisalId: string, memberId: string): Promise<boolean> {
  const out = await db.send(new GetCommand({ TableName: table, Key: appraisalKeys.voter(appraisalId, memberId), ProjectionExpression: 'pk' }));
  return out.Item !== undefined;
}

export async function electorateOf(db: DynamoDBDocumentClient, table: string, appraisalId: string): Promise<Voter[]> {
  const items = await queryAll(db, {
    TableName: table,
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :voter)',
    ExpressionAttributeValues: { ':pk': appraisalKeys.appraisal(appraisalId).pk, ':voter': 'VOTER#' },
  });
  return items.map((i) => ({ memberId: String(i.memberId), name: String(i.name), orgName: String(i.orgName) }));
}

/** The ballots a member may vote in, latest closing first. */
export async function ballotIdsOfMember(db: DynamoDBDocumentClient, table: string, memberId: string, limit = 50): Promise<string[]> {
  const out = await db.send(
    new QueryCommand({
      TableName: table,
      IndexName: 'byParent',
      KeyConditionExpression: 'gsi1pk = :p',
      ExpressionAttributeValues: { ':p': appraisalKeys.ballotsOfMember(memberId) },
      ScanIndexForward: false,
      Limit: limit,
    }),
  );
  return (out.Items ?? []).map((i) => String(i.appraisalId));
}

export async function appraisalsOfUnion(db: DynamoDBDocumentClient, table: string, unionId: string): Promise<AppraisalRecord[]> {
  const items = await queryAll(db, {
    TableName: table,
    IndexName: 'byParent',
    KeyConditionExpression: 'gsi1pk = :p AND begins_with(gsi1sk, :a)',
    ExpressionAttributeValues: { ':p': appraisalKeys.ballotsOfUnion(unionId), ':a': 'APPRAISAL#' },
    ScanIndexForward: false,
  });
  return items.filter((i) => i.entity === 'appraisal').map(toAppraisalRecord);
}

/** The stored result: everything of the response except the ballot's own view and the display filter. */
export type StoredResult = Omit<AppraisalResultResponse, 'appraisal' | 'totalsOnly'>;

export async function getResult(db: DynamoDBDocumentClient, table: string, appraisalId: string): Promise<StoredResult | undefined> {
  const out = await db.send(new GetCommand({ TableName: table, Key: appraisalKeys.result(appraisalId) }));
  return out.Item?.entity === 'appraisalResult' ? (out.Item.result as StoredResult) : undefined;
}


function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
