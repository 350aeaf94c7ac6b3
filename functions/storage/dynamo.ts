import { BatchGetCommand, QueryCommand, documentClientFor, type DynamoDBDocumentClient, type QueryCommandInput } from './document-client';
import { connectionsFor, environmentCredentials, regionEndpoint } from './dynamodb-http';
import { optionalEnv, requiredEnv } from '../config/env';

/**
 * One document client per cold start. DYNAMODB_ENDPOINT points at DynamoDB Local on the local stage and in
 * tests (fixed local credentials, five tries as the machine may be loaded); on AWS it is unset and the client
 * uses the region's endpoint with the function's credentials and three tries, as the SDK would.
 */
export function createDocumentClient(endpoint = optionalEnv('DYNAMODB_ENDPOINT')): DynamoDBDocumentClient {
  const region = optionalEnv('AWS_REGION') ?? 'cn-north-1';
  const url = endpoint ? new URL(endpoint) : regionEndpoint(region);
  const local = { accessKeyId: 'local', secretAccessKey: 'local' };
  return documentClientFor({ url, region, credentials: endpoint ? () => local : environmentCredentials, maxAttempts: endpoint ? 5 : 3, agent: connectionsFor(url) });
}

let shared: DynamoDBDocumentClient | undefined;
export const documentClient = (): DynamoDBDocumentClient => (shared ??= createDocumentClient());
export const tableName = (): string => requiredEnv('TABLE_NAME');
/** The ballot box: markers, counter shards and suggestions of the secret ballots (config/table.js). */
export const ballotBoxTableName = (): string => requiredEnv('BALLOT_BOX_TABLE_NAME');

/** A write refused by its own condition (DynamoDB's ConditionalCheckFailedException). */
export const isConditionFailure = (error: unknown): boolean => error instanceof Error && error.name === 'ConditionalCheckFailedException';

/** DynamoDB's per-item cancellation codes ('None', 'ConditionalCheckFailed', …), or undefined for other errors. */
export function cancellationReasons(error: unknown): (string | undefined)[] | undefined {
  if (!(error instanceof Error) || error.name !== 'TransactionCanceledException') return undefined;
  const reasons = (error as Error & { CancellationReasons?: { Code?: string }[] }).CancellationReasons;
  return reasons?.map((r) => r.Code);
}

/** For `.catch(…)` of a write whose refused condition means it was done already: rethrows anything else. */
export function ignoreConditionFailure(error: unknown): void {
  if (!isConditionFailure(error)) throw error;
}

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

type ItemKey = { pk: string; sk: string };

/**
 * Items by key: 100 keys per BatchGetItem (DynamoDB's limit), up to 8 batches at once; keys DynamoDB leaves
 * unprocessed under load are asked again, with a short backoff. Duplicate keys are read once; missing items are
 * absent from the result, which is in no particular order.
 */
export async function batchGetItems(db: DynamoDBDocumentClient, table: string, keys: readonly ItemKey[], options: { consistentRead?: boolean } = {}): Promise<Record<string, unknown>[]> {
  const unique = [...new Map(keys.map((k) => [`${k.pk}#${k.sk}`, k])).values()];
  const batches: ItemKey[][] = [];
  for (let i = 0; i < unique.length; i += 100) batches.push(unique.slice(i, i + 100));
  const items: Record<string, unknown>[] = [];
  const readBatch = async (batch: ItemKey[]): Promise<void> => {
    let pending: ItemKey[] = batch;
    for (let attempt = 0; pending.length > 0; attempt += 1) {
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, Math.min(1000, 20 * 2 ** attempt)));
      const out = await db.send(new BatchGetCommand({ RequestItems: { [table]: { Keys: pending, ...(options.consistentRead ? { ConsistentRead: true } : {}) } } }));
      items.push(...((out.Responses?.[table] ?? []) as Record<string, unknown>[]));
      pending = (out.UnprocessedKeys?.[table]?.Keys ?? []) as ItemKey[];
    }
  };
  for (let i = 0; i < batches.length; i += 8) await Promise.all(batches.slice(i, i + 8).map(readBatch));
  return items;
}
