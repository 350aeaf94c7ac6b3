import { randomUUID } from 'node:crypto';
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { keys } from '../../../functions/storage/keys';
import type { AppraisalDeps } from '../../../functions/appraisal/appraisals';
import { receiptKeyOf } from '../../../functions/appraisal/ballot-box-keys';
import { dynamoDirectory } from '../../../functions/storage/dynamo-directory';
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

/** A 会员评家 of gu-yuntai open now for a week, unless overridden. */
export function appraisalRequest(overrides: Partial<OpenAppraisalInput> = {}, now = new Date()): OpenAppraisalInput {
  return {
    requestId: randomUUID(),
    kind: 'memberAppraisal',
    year: 2026,
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
