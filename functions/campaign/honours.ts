import { GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { publicityKeys } from '../publicity/publicity-items';
import { getRuleset } from '@config/rulesets';
import { DomainError } from '@shared/errors';
import { titleLabels } from '@shared/rules/titles';
import type { Session } from '../auth/session-token';
import { ChangeRefused, commitWithNotices, type TransactItem } from '../notify/outbox';
import { requireScope } from '../scope/scope';
import { getApplication } from './applications';
import { requireClearedInFinal } from './campaign-publicity';
import { campaignKeys, type ApplicationRecord } from './campaign-items';
import { getCampaign, orgOf, type CampaignDeps } from './campaigns';

export interface Honour {
  certificateNo: string;
  applicationId: string;
  title: string;
  nomineeName: string;
  year: number;
  awardedAt: string;
}

/**
 * The organiser's final decision: each recommended application becomes an honour with a certificate number
 * (`<ruleset>-<year>-<seq>`, sequence reserved atomically), in one transaction with its audit event.
 */
export async function decideCampaign(deps: CampaignDeps, session: Session, campaignId: string, applicationIds: readonly string[], reason: string): Promise<Honour[]> {
  const campaign = await getCampaign(deps, campaignId);
  const actor = await requireScope(deps.directory, session, ['organiser'], await orgOf(deps, campaign.orgId));
  const apps: ApplicationRecord[] = await Promise.all(applicationIds.map((id) => getApplication(deps, id)));
  for (const a of apps) {
    if (a.campaignId !== campaignId || a.status !== 'recommended') throw new DomainError('APPLICATION.WRONG_STATE', { message: `「${a.nominee.name}」尚未由推荐单位上报，或已处理` });
    // A report found true in a publicity (forged material, improper procedure) bars the award: N 第十九条 and alike.
    const barred = await deps.db.send(new GetCommand({ TableName: deps.table, Key: publicityKeys.disqualified(a.nominee.id, campaign.year, a.title) }));
    if (barred.Item) throw new DomainError('APPLICATION.NOMINEE_DISQUALIFIED', { message: `「${a.nominee.name}」已因${String(barred.Item.reason)}被取消资格，不能授予` });
  }
  await requireClearedInFinal(deps, campaign, apps);
  const counter = await deps.db.send(
    new UpdateCommand({ TableName: deps.table, Key: campaignKeys.certificateCounter(campaignId), UpdateExpression: 'ADD n :k', ExpressionAttributeValues: { ':k': apps.length }, ReturnValues: 'UPDATED_NEW' }),
  );
  const last = Number(counter.Attributes?.n ?? apps.length);
  const prefix = `${campaign.rulesetId.toUpperCase()}-${campaign.year}`;
  const at = deps.now().toISOString();
  const honours: Honour[] = apps.map((a, i) => ({ certificateNo: `${prefix}-${String(last - apps.length + i + 1).padStart(4, '0')}`, applicationId: a.applicationId, title: titleLabels[a.title], nomineeName: a.nominee.name, year: campaign.year, awardedAt: at }));
  const writes: TransactItem[] = [];
  apps.forEach((a, i) => {
    const honour = honours[i] as Honour;
    writes.push({ Put: { TableName: deps.table, Item: { ...campaignKeys.honour(honour.certificateNo), entity: 'honour', ...honour, campaignId, nomineeId: a.nominee.id, titleCode: a.title, gsi1pk: `HONOURS#${campaignId}`, gsi1sk: honour.certificateNo }, ConditionExpression: 'attribute_not_exists(pk)' } });
    writes.push({
      Update: {
        TableName: deps.table,
        Key: campaignKeys.application(a.applicationId),
        UpdateExpression: 'SET #s = :awarded, version = version + :one, gsi1sk = :k',
        ConditionExpression: '#s = :rec AND version = :v',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':awarded': 'awarded', ':one': 1, ':k': `awarded#${campaignId}#${a.applicationId}`, ':rec': 'recommended', ':v': a.version },
      },
    });
  });
  writes.push({ Update: { TableName: deps.table, Key: campaignKeys.campaign(campaignId), UpdateExpression: 'SET #s = :decided', ExpressionAttributeNames: { '#s': 'status' }, ExpressionAttributeValues: { ':decided': 'decided' } } });
  const ruleset = getRuleset(campaign.rulesetId);
  try {
    await commitWithNotices(
      deps.db,
      deps.table,
      {
        writes,
        audit: [{ subjectType: 'campaign', subjectId: campaignId, scopePath: campaign.orgPath, action: 'honour.awarded', actor: { memberId: actor.memberId, role: actor.role }, reason, ...(ruleset ? { citation: { doc: ruleset.citationDoc, article: '决定' } } : {}), data: { honours: honours.map((h) => `${h.certificateNo} ${h.nomineeName}`) } }],
      },
      deps.now(),
    );
  } catch (error) {
    if (error instanceof ChangeRefused) throw new DomainError('APPLICATION.CHANGED_MEANWHILE');
    throw error;
  }
  return honours;
}

/** The campaign's honours in certificate order: the final list (printable page) — public once decided. */
export async function honoursOf(deps: CampaignDeps, campaignId: string): Promise<Honour[]> {
  await getCampaign(deps, campaignId);
  const out = await deps.db.send(
    new QueryCommand({ TableName: deps.table, IndexName: 'byParent', KeyConditionExpression: 'gsi1pk = :p', ExpressionAttributeValues: { ':p': `HONOURS#${campaignId}` } }),
  );
  return (out.Items ?? []).map((i) => ({ certificateNo: String(i.certificateNo), applicationId: String(i.applicationId), title: String(i.title), nomineeName: String(i.nomineeName), year: Number(i.year), awardedAt: String(i.awardedAt) }));
}
