import { QueryCommand, type DynamoDBDocumentClient, type QueryCommandInput } from '../storage/document-client';
import { auditEvent, type AuditEvent } from '@shared/audit/audit-event';
import { isInSubtree } from '@shared/domain/org';
import { auditKeys, subjectOf } from './audit-items';
import { newestFirst, type AuditLog } from './audit-log';
import { checkChain } from './verify-chain';

type Item = Record<string, unknown>;

export function dynamoAuditLog(db: DynamoDBDocumentClient, table: string): AuditLog {
  /** Every page of a query, handing each page's items to `take`. */
  async function queryAll(input: QueryCommandInput, take: (items: Item[]) => void): Promise<void> {
    let startKey: Item | undefined;
    do {
      const out = await db.send(new QueryCommand({ ...input, ...(startKey ? { ExclusiveStartKey: startKey } : {}) }));
      take(out.Items ?? []);
      startKey = out.LastEvaluatedKey;
    } while (startKey);
  }

  const toEvents = (items: Item[]): AuditEvent[] =>
    items.flatMap((item) => {
      const parsed = auditEvent.safeParse(item);
      return parsed.success ? [parsed.data] : [];
    });

  return {
    async chainOf(subjectType, subjectId) {
      const items: Item[] = [];
      await queryAll(
        { TableName: table, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': auditKeys.chain(subjectType, subjectId) }, ConsistentRead: true },
        (page) => items.push(...page),
      );
      if (items.length === 0) return { events: [], verified: true };
      const { broken } = checkChain(subjectOf(subjectType, subjectId), items);
      const events = toEvents(items.filter((item) => item.entity === 'auditEvent')).sort((a, b) => a.seq - b.seq);
      return broken ? { events, verified: false, problem: broken.problem } : { events, verified: true };
    },

    async recentUnder(path, limit) {
      const scope = (prefix: string, newestOnly: boolean): QueryCommandInput => ({
        TableName: table,
        IndexName: 'bySubtree',
        KeyConditionExpression: 'gsi3pk = :pk AND begins_with(gsi3sk, :prefix)',
        ExpressionAttributeValues: { ':pk': auditKeys.scope(path), ':prefix': prefix },
        ...(newestOnly ? { ScanIndexForward: false, Limit: limit } : {}),
      });
      // The org's own events sort by time: the newest `limit` are one page. Its descendants' sort by path
      // first, so every one is read and only the newest `limit` kept.
      const own = toEvents((await db.send(new QueryCommand(scope(`${path}#`, true)))).Items ?? []);
      let newest = own;
      await queryAll(scope(`${path}/`, false), (page) => {
        newest = [...newest, ...toEvents(page)].sort(newestFirst).slice(0, limit);
      });
      return newest.filter((event) => isInSubtree(event.scopePath, path)).sort(newestFirst).slice(0, limit);
    },
  };
}
