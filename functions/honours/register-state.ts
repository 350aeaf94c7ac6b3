import { GetCommand, PutCommand, UpdateCommand } from '../storage/document-client';
import type { HonourState } from '@shared/api/register';
import { rootIdOf } from '@shared/domain/org-tree';
import { DomainError } from '@shared/errors';
import { batchGet } from '../campaign/batch-reads';
import { campaignKeys, type ApplicationRecord, type CampaignRecord } from '../campaign/campaign-items';
import type { CampaignDeps } from '../campaign/campaigns';
import { queryAll } from '../storage/dynamo';
import { registerAttributes, registerFieldsFor, registerKeys } from './register-items';

/**
 * The register's state of an honour and the backfill of honours written before it — apart from the register's pages and
 * export (register.ts), so that functions which only read or mark honours (recovery, revocation) do not bundle exceljs.
 */
type Deps = Pick<CampaignDeps, 'db' | 'table' | 'directory' | 'now'>;

/** The state an honour stands in: the revocation procedure's `status` (shared/api/certificate.ts) wins over `state`. */
export function stateOf(item: Record<string, unknown>): HonourState {
  if (item.status === 'revoked') return 'revoked';
  if (item.status === 'recalled') return 'recovered';
  return (item.state as HonourState | undefined) ?? 'current';
}

/**
 * Honours written before the register (no gsi3pk) get their register keys the first time anyone reads the register of
 * their tree: campaign by campaign (CAMPAIGNS#<root> → HONOURS#<campaign>), each update conditional on the key still
 * missing, then a marker so it happens once. Two first readers at once do the same updates; both are harmless.
 */
export async function backfillRegister(deps: Deps, rootId: string): Promise<number> {
  const marker = await deps.db.send(new GetCommand({ TableName: deps.table, Key: registerKeys.backfilled(rootId) }));
  if (marker.Item) return 0;
  const campaigns = (await queryAll(deps.db, { TableName: deps.table, IndexName: 'byParent', KeyConditionExpression: 'gsi1pk = :p', ExpressionAttributeValues: { ':p': campaignKeys.campaignsOf(rootId) } })) as unknown as CampaignRecord[];
  let updated = 0;
  for (const campaign of campaigns) {
    const honours = await queryAll(deps.db, { TableName: deps.table, IndexName: 'byParent', KeyConditionExpression: 'gsi1pk = :p', ExpressionAttributeValues: { ':p': `HONOURS#${campaign.campaignId}` } });
    const missing = honours.filter((h) => h.gsi3pk === undefined);
    if (missing.length === 0) continue;
    const apps = await batchGet(deps.db, deps.table, missing.map((h) => campaignKeys.application(String(h.applicationId))));
    const awarding = (await deps.directory.getOrgs([campaign.orgId])).get(campaign.orgId) ?? { orgId: campaign.orgId, name: '', path: campaign.orgPath, level: 'city', kind: 'federation' };
    const records = missing.flatMap((h) => {
      const key = campaignKeys.application(String(h.applicationId));
      const app = apps.get(`${key.pk}#${key.sk}`);
      return app ? [app as unknown as ApplicationRecord] : [];
    });
    const fields = await registerFieldsFor(deps, campaign, awarding, records, { at: '', by: '', note: '' });
    for (const h of missing) {
      const f = fields.get(String(h.applicationId));
      if (!f) continue;
      const attributes = registerAttributes({ ...f, state: stateOf(h), history: [{ kind: 'granted', state: 'current', at: String(h.awardedAt) }] }, Number(h.year), String(h.certificateNo));
      const names = Object.keys(attributes);
      try {
        await deps.db.send(
          new UpdateCommand({
            TableName: deps.table,
            Key: campaignKeys.honour(String(h.certificateNo)),
            UpdateExpression: `SET ${names.map((n, i) => `#a${i} = :v${i}`).join(', ')}`,
            ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(gsi3pk)',
            ExpressionAttributeNames: Object.fromEntries(names.map((n, i) => [`#a${i}`, n])),
            ExpressionAttributeValues: Object.fromEntries(names.map((n, i) => [`:v${i}`, attributes[n as keyof typeof attributes]])),
          }),
        );
        updated += 1;
      } catch (error) {
        if ((error as { name?: string }).name !== 'ConditionalCheckFailedException') throw error;
      }
    }
  }
  await deps.db.send(new PutCommand({ TableName: deps.table, Item: { ...registerKeys.backfilled(rootId), entity: 'registerBackfill', at: deps.now().toISOString(), updated } }));
  return updated;
}

/**
 * The honour under a number with its register fields: one written before the register gets them first (its tree's
 * backfill). CERTIFICATE.NOT_FOUND for no honour; SCOPE.FORBIDDEN when it cannot be placed in any tree.
 */
export async function registeredHonour(deps: Deps, certificateNo: string, consistent = false): Promise<Record<string, unknown>> {
  const read = async () => (await deps.db.send(new GetCommand({ TableName: deps.table, Key: campaignKeys.honour(certificateNo), ConsistentRead: consistent }))).Item as Record<string, unknown> | undefined;
  let item = await read();
  if (item?.entity !== 'honour') throw new DomainError('CERTIFICATE.NOT_FOUND');
  if (item.holderPath === undefined) {
    const campaign = (await deps.db.send(new GetCommand({ TableName: deps.table, Key: campaignKeys.campaign(String(item.campaignId)) }))).Item;
    if (campaign) await backfillRegister(deps, rootIdOf(String(campaign.orgPath)));
    item = await read();
    if (item?.holderPath === undefined) throw new DomainError('SCOPE.FORBIDDEN');
  }
  return item;
}

