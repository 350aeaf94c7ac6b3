import { QueryCommand, type DynamoDBDocumentClient } from '../storage/document-client';
import { unionProfileChange, type UnionProfileChange, type UnionProfileYear } from '@shared/api/orgs';
import { unionYearProfile, type UnionYearProfile } from '@shared/domain/union-profile';
import { DomainError } from '@shared/errors';
import { ChangeRefused, commitWithNotices, type TransactItem } from '../notify/outbox';
import { keys } from '../storage/keys';

/**
 * A grassroots union's figures and facts per year, with their history (see org-items.ts):
 *   pk ORG#<id>  sk PROFILE#<year>              the current values of the year and their version
 *   pk ORG#<id>  sk PROFILEV#<year>#<version>   each save: the values, who saved them, what changed; never changed
 * A save writes both in one transaction, on condition that the current version is still the one it replaces.
 */
const currentSk = (year: number) => `PROFILE#${year}`;
const versionSk = (year: number, version: number) => `PROFILEV#${year}#${String(version).padStart(6, '0')}`;

export interface UnionProfileBook {
  /** Each year's current values, newest year first. */
  years(orgId: string): Promise<UnionProfileYear[]>;
  /** Every save, newest first. */
  history(orgId: string): Promise<UnionProfileChange[]>;
  /** Appends a version; refused (PROFILE.CHANGED_MEANWHILE) unless `change.version` follows the current one. */
  save(orgId: string, values: UnionYearProfile, change: UnionProfileChange): Promise<void>;
}

/**
 * The current figures of a union per year — what the membership statistics read (入会率 needs `employees`).
 * Years never saved are absent.
 */
export async function readUnionProfiles(db: DynamoDBDocumentClient, table: string, orgId: string): Promise<Map<number, UnionYearProfile>> {
  const years = await dynamoUnionProfiles(db, table).years(orgId);
  return new Map(years.map((y) => [y.values.year, y.values]));
}

export function dynamoUnionProfiles(db: DynamoDBDocumentClient, table: string): UnionProfileBook {
  const query = async (orgId: string, prefix: string): Promise<Record<string, unknown>[]> => {
    const items: Record<string, unknown>[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const out = await db.send(
        new QueryCommand({
          TableName: table,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
          ExpressionAttributeValues: { ':pk': keys.org(orgId).pk, ':prefix': prefix },
          ExclusiveStartKey: start,
          ScanIndexForward: false,
        }),
      );
      items.push(...(out.Items ?? []));
      start = out.LastEvaluatedKey;
    } while (start);
    return items;
  };

  return {
    async years(orgId) {
      const items = await query(orgId, 'PROFILE#');
      return items.map((item) => ({
        values: unionYearProfile.parse(item.values),
        version: Number(item.version),
        updatedAt: String(item.updatedAt),
        updatedBy: { memberId: String((item.updatedBy as { memberId: unknown }).memberId), name: String((item.updatedBy as { name: unknown }).name) },
      }));
    },

    async history(orgId) {
      const items = await query(orgId, 'PROFILEV#');
      return items
        .map((item) => unionProfileChange.parse({ year: item.year, version: item.version, changedAt: item.changedAt, changedBy: item.changedBy, changes: item.changes, reason: item.reason }))
        .sort((a, b) => b.changedAt.localeCompare(a.changedAt) || b.year - a.year);
    },

    async save(orgId, values, change) {
      const { year, version } = change;
      const pk = keys.org(orgId).pk;
      const writes: TransactItem[] = [
        { Put: { TableName: table, Item: { pk, sk: versionSk(year, version), entity: 'unionProfileVersion', orgId, ...change, values }, ConditionExpression: 'attribute_not_exists(pk)' } },
        {
          Put: {
            TableName: table,
            Item: { pk, sk: currentSk(year), entity: 'unionProfile', orgId, year, values, version, updatedAt: change.changedAt, updatedBy: change.changedBy },
            ...(version === 1
              ? { ConditionExpression: 'attribute_not_exists(pk)' }
              : { ConditionExpression: '#version = :previous', ExpressionAttributeNames: { '#version': 'version' }, ExpressionAttributeValues: { ':previous': version - 1 } }),
          },
        },
      ];
      try {
        await commitWithNotices(db, table, { writes }, new Date(change.changedAt));
      } catch (error) {
        if (error instanceof ChangeRefused) throw new DomainError('PROFILE.CHANGED_MEANWHILE', { cause: error });
        throw error;
      }
    },
  };
}
