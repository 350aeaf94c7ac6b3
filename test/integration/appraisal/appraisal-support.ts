import { randomUUID } from 'node:crypto';
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
