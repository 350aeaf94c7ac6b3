import { PutCommand } from '../storage/document-client';
import { rootIdOf } from '@shared/domain/org-tree';
import { titleLabels } from '@shared/rules/titles';
import type { NoticeDraft } from '../notify/notice';
import { outboxPut } from '../notify/outbox';
import { dynamoRoleBook } from '../orgs/dynamo-org-store';
import { queryAll } from '../storage/dynamo';
import { keys } from '../storage/keys';
import type { CampaignRecord } from './campaign-items';
import { requireOrg } from '../directory/directory';
import type { CampaignDeps } from './campaigns';

/**
 * A published campaign is announced to the chairs and vice-chairs of every grassroots union under its recommending
 * units — the people who file. One notice per (campaign, person), written outside the publishing transaction (there
 * may be thousands) and idempotent, so a repeated publish request sends nothing twice. Returns how many were sent.
 */
export async function notifyChairsInScope(deps: CampaignDeps, campaign: CampaignRecord): Promise<number> {
  const unionIds: string[] = [];
  for (const unit of campaign.recommendingUnits) {
    const org = await requireOrg(deps.directory, unit.orgId);
    const below = await queryAll(deps.db, {
      TableName: deps.table,
      IndexName: 'bySubtree',
      KeyConditionExpression: 'gsi3pk = :t AND begins_with(gsi3sk, :below)',
      ExpressionAttributeValues: { ':t': keys.tree(rootIdOf(org.path)), ':below': `${org.path}/` },
    });
    unionIds.push(...below.filter((i) => i.entity === 'org' && i.level === 'grassroots').map((i) => String(i.orgId)));
  }
  const roles = dynamoRoleBook(deps.db, deps.table);
  const params = {
    heading: campaign.heading,
    titles: campaign.titles.map((t) => titleLabels[t]).join('、'),
    deadline: `${campaign.submissionDeadline.slice(0, 4)}年${Number(campaign.submissionDeadline.slice(5, 7))}月${Number(campaign.submissionDeadline.slice(8, 10))}日`,
  };
  const at = deps.now();
  let sent = 0;
  for (let i = 0; i < unionIds.length; i += 16) {
    const holders = await Promise.all(unionIds.slice(i, i + 16).map((id) => roles.holdersOf(id)));
    const recipients = [...new Set(holders.flat().filter((h) => h.role === 'chair' || h.role === 'viceChair').map((h) => h.memberId))];
    await Promise.all(
      recipients.map(async (recipientId) => {
        const draft: NoticeDraft = { eventId: `campaign#${campaign.campaignId}#published`, recipientId, templateKey: 'campaign.published', params };
        const put = outboxPut(deps.table, draft, at).Put;
        if (!put) return;
        try {
          await deps.db.send(new PutCommand(put));
          sent += 1;
        } catch (error) {
          if (!(error instanceof Error && error.name === 'ConditionalCheckFailedException')) throw error;
        }
      }),
    );
  }
  return sent;
}
