import { BatchWriteCommand, GetCommand, PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { appraisalKind } from '@shared/appraisal/ballot-kinds';
import type { AppraisalResultResponse } from '@shared/api/appraisal';
import type { TransactItem } from '../notify/outbox';
import type { AppraisalRecord } from './appraisal-record';
import { queryAll } from '../storage/dynamo';

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
  /** Yearly records: 会员评家 and 大会表决 on the org, 主席测评 on the person. */
  orgRecord: (orgId: string, kind: 'memberAppraisal' | 'congressBallot', year: number) => ({ pk: `ORG#${orgId}`, sk: `RECORD#${kind}#${year}` }),
  chairRecord: (memberId: string, year: number) => ({ pk: `MEMBER#${memberId}`, sk: `RECORD#chairEvaluation#${year}` }),
};
export const dueSeals = 'DUE#appraisalSeal';

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
  };
}

export async function getAppraisal(db: DynamoDBDocumentClient, table: string, appraisalId: string, consistent = false): Promise<AppraisalRecord | undefined> {
  const out = await db.send(new GetCommand({ TableName: table, Key: appraisalKeys.appraisal(appraisalId), ConsistentRead: consistent }));
  return out.Item?.entity === 'appraisal' ? toAppraisalRecord(out.Item) : undefined;
}

/** The first write of a ballot: stage `preparing`, so nobody can vote until its electorate is complete. */
export async function putPreparingAppraisal(db: DynamoDBDocumentClient, table: string, record: AppraisalRecord): Promise<boolean> {
  try {
    await db.send(new PutCommand({ TableName: table, Item: appraisalItem(record), ConditionExpression: 'attribute_not_exists(pk)' }));
    return true;
  } catch (error) {
    if (error instanceof Error && error.name === 'ConditionalCheckFailedException') return false;
    throw error;
  }
}

/** The switch from preparing to ready; from then on the clock finds it at its closing time. */
export function markReady(table: string, record: AppraisalRecord): TransactItem {
  return {
    Update: {
      TableName: table,
      Key: appraisalKeys.appraisal(record.appraisalId),
      UpdateExpression: 'SET stage = :ready, gsi2pk = :due, gsi2sk = :when',
      ConditionExpression: 'stage = :preparing',
      ExpressionAttributeValues: { ':ready': 'ready', ':preparing': 'preparing', ':due': dueSeals, ':when': `${record.closesAt}#${record.appraisalId}` },
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
