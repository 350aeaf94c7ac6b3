import { QueryCommand, type DynamoDBDocumentClient } from '../storage/document-client';
import type { DeadNotice } from '@shared/api/inbox';
import { isInSubtree, type Org } from '@shared/domain/org';
import type { Directory } from '../directory/directory';
import { reporterNoticeTemplate } from '../publicity/reporter-notices';
import { deadNotices } from './outbox';

/**
 * Notices that could not be delivered after every retry, for the organisers whose subtree holds the recipient:
 * they see who missed what and why, and can follow it up by other means. A notice to a report's reporter is never
 * shown (DESIGN.md invariant 7: a name beside report.statusChanged names a reporter); none is dead-lettered now
 * (functions/publicity/reporter-notices.ts), and one left from before is left out.
 */
export async function readDeadNotices(db: DynamoDBDocumentClient, table: string, directory: Directory, scopes: Org[]): Promise<DeadNotice[]> {
  const out = await db.send(
    new QueryCommand({ TableName: table, IndexName: 'byDueTime', KeyConditionExpression: 'gsi2pk = :d', ExpressionAttributeValues: { ':d': deadNotices }, ScanIndexForward: false, Limit: 200 }),
  );
  const items = (out.Items ?? []).filter((i) => i.templateKey !== reporterNoticeTemplate);
  const members = new Map(await Promise.all([...new Set(items.map((i) => String(i.recipientId)))].map(async (id) => [id, await directory.getMember(id)] as const)));
  const orgs = await directory.getOrgs([...members.values()].flatMap((m) => (m ? [m.orgId] : [])));
  return items.flatMap((i): DeadNotice[] => {
    const member = members.get(String(i.recipientId));
    const org = member ? orgs.get(member.orgId) : undefined;
    if (!member || !org || !scopes.some((s) => isInSubtree(org.path, s.path))) return [];
    return [{ noticeId: String(i.noticeId), templateKey: String(i.templateKey), recipientName: member.name, recipientOrg: org.name, createdAt: String(i.createdAt), attempts: Number(i.attempts), lastError: String(i.lastError ?? '') }];
  });
}
