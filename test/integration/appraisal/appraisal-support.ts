import { randomUUID } from 'node:crypto';
import { BatchWriteCommand } from '../../../functions/storage/document-client';
import { keys } from '../../../functions/storage/keys';
import { annulAppraisal, type AppraisalDeps } from '../../../functions/appraisal/appraisals';
import { driveOpening, openingProgress } from '../../../functions/appraisal/opening';
import { queryAll } from '../../../functions/storage/dynamo';
import { receiptKeyOf } from '../../../functions/appraisal/ballot-box-keys';
import { dynamoDirectory } from '../../../functions/storage/dynamo-directory';
import { systemNow } from '../../../functions/time/clock';
import type { OpenAppraisalInput } from '../../../shared/api/appraisal';
import type { TestTable } from '../../support/dynamo';
import { personalDataKey, sessionSecret } from '../roster/roster-support';

/** The environment the appraisal function reads, for tests that call its handler. */
export function useAppraisalTables(table: TestTable): void {
  Object.assign(process.env, {
    STAGE: 'local',
    TABLE_NAME: table.tableName,
    BALLOT_BOX_TABLE_NAME: table.ballotBoxTableName,
    DYNAMODB_ENDPOINT: table.endpoint,
    SESSION_SECRET: sessionSecret,
    PERSONAL_DATA_KEY: personalDataKey,
  });
}

/** Deps for calling the domain functions directly, with a clock the test moves. */
export function appraisalDeps(table: TestTable, clock: { now: Date }): AppraisalDeps {
  return {
    db: table.db,
    table: table.tableName,
    box: { db: table.db, table: table.ballotBoxTableName },
    directory: dynamoDirectory(table.db, table.tableName),
    receiptKey: receiptKeyOf(personalDataKey),
    now: () => clock.now,
  };
}

/**
 * Drives a ballot's opening to its end, as the chair's page and the clock would (opening a ballot answers at once;
 * one of more than 800 voters is still preparing then).
 */
export async function finishOpening(deps: AppraisalDeps, appraisalId: string): Promise<void> {
  for (let drives = 0; drives < 1000; drives += 1) {
    const progress = await openingProgress(deps, appraisalId);
    if (!progress || progress.phase === 'done' || progress.phase === 'cancelled') return;
    await driveOpening(deps, appraisalId, { ms: 60_000 });
  }
  throw new Error(`the opening of ${appraisalId} did not finish`);
}

/**
 * Frees the year for a new ballot of each kind where an earlier test opened one, the one way the product allows
 * (DESIGN.md invariant 10: one official ballot per org, kind and year): the supervising organiser annuls it.
 */
export async function annulEarlierBallots(deps: AppraisalDeps, orgId: string): Promise<void> {
  const held = await queryAll(deps.db, {
    TableName: deps.table,
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :official)',
    ExpressionAttributeValues: { ':pk': `ORG#${orgId}`, ':official': 'OFFICIAL#' },
  });
  for (const slot of held) {
    await annulAppraisal(deps, { memberId: 'staff-city-1', openid: 'o-staff-city-1' }, String(slot.appraisalId), '测试之间：前一项测试发起的评议由组织者撤销，本项测试重新发起');
  }
}

/** A 会员评家 of gu-yuntai open now (the product's clock) for a week, unless overridden; its year is the server's to derive. */
export function appraisalRequest(overrides: Partial<OpenAppraisalInput> = {}, now = systemNow()): OpenAppraisalInput {
  return {
    requestId: randomUUID(),
    kind: 'memberAppraisal',
    rulesetId: 'jiaozuo-2018',
    electorate: 'members',
    opensAt: new Date(now.getTime() - 60_000).toISOString(),
    closesAt: new Date(now.getTime() + 7 * 86400_000).toISOString(),
    minGroupSize: 10,
    ...overrides,
  };
}

export const yuntaiMembers = (from: number, to: number): string[] =>
  Array.from({ length: to - from + 1 }, (_, i) => `gu-yuntai-m${String(from + i).padStart(3, '0')}`);

/**
 * A grassroots union under 解放区 with `size` active members `<unionId>-m00001…` and its chair (member 1),
 * written like scripts/local/seed.ts writes the demo unions — for loads larger than the demo rosters.
 */
export async function createUnion(table: TestTable, unionId: string, size: number): Promise<{ chair: string; members: string[] }> {
  const path = `/city-jz/dist-jiefang/${unionId}`;
  const items: Record<string, unknown>[] = [
    { ...keys.org(unionId), entity: 'org', orgId: unionId, name: `${unionId} 工会`, level: 'grassroots', kind: 'enterprise', ownership: 'nonPublic', parentId: 'dist-jiefang', path, gsi1pk: keys.childOf('dist-jiefang'), gsi1sk: `ORG#${unionId}`, gsi3pk: keys.tree('city-jz'), gsi3sk: path },
  ];
  const members = Array.from({ length: size }, (_, i) => `${unionId}-m${String(i + 1).padStart(5, '0')}`);
  for (const memberId of members) {
    items.push({ ...keys.member(memberId), entity: 'member', memberId, name: `会员${memberId.slice(-5)}`, orgId: unionId, status: 'active', joinedOn: '2020-01-01', gsi1pk: keys.childOf(unionId), gsi1sk: `MEMBER#会员${memberId.slice(-5)}#${memberId}` });
  }
  const chair = members[0] as string;
  items.push({ ...keys.role(chair, unionId, 'chair'), entity: 'role', memberId: chair, orgId: unionId, role: 'chair', gsi1pk: keys.childOf(unionId), gsi1sk: `ROLE#chair#${chair}` });
  for (let i = 0; i < items.length; i += 25) {
    let pending = items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } }));
    while (pending.length > 0) {
      const out = await table.db.send(new BatchWriteCommand({ RequestItems: { [table.tableName]: pending } }));
      pending = (out.UnprocessedItems?.[table.tableName] ?? []) as typeof pending;
    }
  }
  return { chair, members };
}
