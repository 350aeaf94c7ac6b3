import { randomUUID } from 'node:crypto';
import { DeleteTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '../../functions/storage/document-client';
import { createDocumentClient } from '../../functions/storage/dynamo';
import { seedWhenEmpty, type DemoIdentitySeed } from '../../scripts/local/seed';
import { ensureBallotBox, ensureTable } from '../../scripts/local/table';

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
 * A fresh table in this test file's own DynamoDB Local (test/integration/dynamodb-environment.ts; real, never a mock),
 * created from config/table.js and optionally seeded with the demo data.
 */
export async function createTestTable(options: { seed?: boolean } = {}): Promise<TestTable> {
  const endpoint = process.env.TEST_DYNAMODB_ENDPOINT;
  if (!endpoint) throw new Error('TEST_DYNAMODB_ENDPOINT is not set: run integration tests through jest (test/integration/dynamodb-environment.ts)');
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
