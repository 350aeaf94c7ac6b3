import { BatchGetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DomainError } from '@shared/errors';
import { campaignKeys, type ApplicationRecord } from './campaign-items';

type Key = { pk: string; sk: string };

/**
 * Items by key, strongly consistent, 100 keys per BatchGetItem (DynamoDB's limit) and a few batches at a time; keys
 * DynamoDB leaves unprocessed are asked again. Returned by `pk#sk`; missing items are absent.
 */
export async function batchGet(db: DynamoDBDocumentClient, table: string, keys: readonly Key[]): Promise<Map<string, Record<string, unknown>>> {
  const found = new Map<string, Record<string, unknown>>();
  const unique = [...new Map(keys.map((k) => [`${k.pk}#${k.sk}`, k])).values()];
  const batches: Key[][] = [];
  for (let i = 0; i < unique.length; i += 100) batches.push(unique.slice(i, i + 100));
  const readBatch = async (batch: Key[]): Promise<void> => {
    let pending: Key[] = batch;
    for (let attempt = 0; pending.length > 0; attempt += 1) {
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, Math.min(1000, 20 * 2 ** attempt)));
      const out = await db.send(new BatchGetCommand({ RequestItems: { [table]: { Keys: pending, ConsistentRead: true } } }));
      for (const item of out.Responses?.[table] ?? []) found.set(`${String(item.pk)}#${String(item.sk)}`, item);
      pending = (out.UnprocessedKeys?.[table]?.Keys ?? []) as Key[];
    }
  };
  for (let i = 0; i < batches.length; i += 8) await Promise.all(batches.slice(i, i + 8).map(readBatch));
  return found;
}

/** Applications by id, in the order asked; APPLICATION.NOT_FOUND (404) when one is missing. */
export async function getApplications(deps: { db: DynamoDBDocumentClient; table: string }, applicationIds: readonly string[]): Promise<ApplicationRecord[]> {
  const keyOf = (id: string) => campaignKeys.application(id);
  const found = await batchGet(deps.db, deps.table, applicationIds.map(keyOf));
  return applicationIds.map((id) => {
    const k = keyOf(id);
    const item = found.get(`${k.pk}#${k.sk}`);
    if (item?.entity !== 'application') throw new DomainError('APPLICATION.NOT_FOUND');
    return item as unknown as ApplicationRecord;
  });
}
