import type { DynamoDBDocumentClient } from '../storage/document-client';
import { batchGetItems } from '../storage/dynamo';
import { DomainError } from '@shared/errors';
import { campaignKeys, type ApplicationRecord } from './campaign-items';

/** Items by key, strongly consistent (functions/storage/dynamo.ts batchGetItems), returned by `pk#sk`. */
export async function batchGet(db: DynamoDBDocumentClient, table: string, keys: readonly { pk: string; sk: string }[]): Promise<Map<string, Record<string, unknown>>> {
  const items = await batchGetItems(db, table, keys, { consistentRead: true });
  return new Map(items.map((item) => [`${String(item.pk)}#${String(item.sk)}`, item]));
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
