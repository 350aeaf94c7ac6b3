import { randomUUID } from 'node:crypto';
import { DeleteTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient } from '../../functions/storage/dynamo';
import { seedWhenEmpty, type DemoIdentitySeed } from '../../scripts/local/seed';
import { ensureBallotBox, ensureTable } from '../../scripts/local/table';
import { startDynamoDbLocal, type DynamoDbLocal } from '../../scripts/local/dynamodb-local';

export interface TestTable {
  endpoint: string;
  tableName: string;
  /** The ballot box table beside it (config/table.js: no stream, no index). */
  ballotBoxTableName: string;
  db: DynamoDBDocumentClient;
  raw: DynamoDBClient;
  identities: DemoIdentitySeed[];
  drop(): Promise<void>;
}

/**
 * A fresh table in the DynamoDB Local that the integration setup started (real DynamoDB Local, never a mock),
 * created from config/table.js and optionally seeded with the demo data.
 */
export async function createTestTable(options: { seed?: boolean } = {}): Promise<TestTable> {
  const endpoint = process.env.TEST_DYNAMODB_ENDPOINT;
  if (!endpoint) throw new Error('TEST_DYNAMODB_ENDPOINT is not set: run integration tests through jest (global setup)');
  const tableName = `test-${randomUUID()}`;
  const raw = new DynamoDBClient({ endpoint, region: 'cn-north-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  await ensureTable(raw, tableName);
  const ballotBoxTableName = `${tableName}-ballot-box`;
  await ensureBallotBox(raw, ballotBoxTableName);
  const db = createDocumentClient(endpoint);
  const identities = options.seed ? (await seedWhenEmpty(db, tableName)).identities : [];
  return {
    endpoint,
    tableName,
    ballotBoxTableName,
    db,
    raw,
    identities,
    async drop() {
      await raw.send(new DeleteTableCommand({ TableName: tableName }));
      await raw.send(new DeleteTableCommand({ TableName: ballotBoxTableName }));
      db.destroy();
      raw.destroy();
    },
  };
}

/**
 * Runs this test file on a DynamoDB Local of its own (started in beforeAll, stopped in afterAll), for files whose load
 * would slow the shared instance for the files after them: the ballot load test kills its server mid-transaction, the
 * scale tests write lists of 1,000 and decisions of 500. createTestTable in this file then uses it. Call it before the
 * file's own beforeAll; such a file drops no table (jest runs afterAll hooks in the order declared, so the instance
 * would be gone), since stopping an in-memory instance discards its tables anyway.
 */
export function useOwnDynamoDbLocal(port: number): void {
  let own: DynamoDbLocal | undefined;
  let shared: string | undefined;
  beforeAll(async () => {
    own = await startDynamoDbLocal({ port });
    shared = process.env.TEST_DYNAMODB_ENDPOINT;
    process.env.TEST_DYNAMODB_ENDPOINT = own.endpoint;
  });
  afterAll(async () => {
    process.env.TEST_DYNAMODB_ENDPOINT = shared;
    await own?.stop();
  });
}
