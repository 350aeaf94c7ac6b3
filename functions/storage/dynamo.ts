import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
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
