import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { optionalEnv, requiredEnv } from '../config/env';

/**
 * One document client per cold start. DYNAMODB_ENDPOINT points at DynamoDB Local on the local stage and in
 * tests; on AWS it is unset and the SDK uses the region's endpoint.
 */
export function createDocumentClient(endpoint = optionalEnv('DYNAMODB_ENDPOINT')): DynamoDBDocumentClient {
  const client = new DynamoDBClient(
    endpoint
      ? {
          endpoint,
          region: optionalEnv('AWS_REGION') ?? 'cn-north-1',
          credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
          maxAttempts: 5,
        }
      : {},
  );
  return DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
}

let shared: DynamoDBDocumentClient | undefined;
export const documentClient = (): DynamoDBDocumentClient => (shared ??= createDocumentClient());
export const tableName = (): string => requiredEnv('TABLE_NAME');
/** The ballot box: markers, counter shards and suggestions of the secret ballots (config/table.js). */
export const ballotBoxTableName = (): string => requiredEnv('BALLOT_BOX_TABLE_NAME');

/** Every page of a query (DynamoDB answers at most 1 MB per page). */
export async function queryAll(db: DynamoDBDocumentClient, input: QueryCommandInput): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const out = await db.send(new QueryCommand({ ...input, ExclusiveStartKey: start }));
    items.push(...((out.Items ?? []) as Record<string, unknown>[]));
    start = out.LastEvaluatedKey as Record<string, unknown> | undefined;
  } while (start);
  return items;
}
