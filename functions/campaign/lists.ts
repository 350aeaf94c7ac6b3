import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { getRuleset } from '@config/rulesets';
import type { ListBoardResponse } from '@shared/api/campaign';
import { DomainError } from '@shared/errors';
import { citationText } from '@shared/rules/citation';
import { checkList, type ListItem } from '@shared/rules/list-check';
import type { Ruleset } from '@shared/rules/ruleset-schema';
import { titleLabels } from '@shared/rules/titles';
import type { Session } from '../auth/session-token';
import { ChangeRefused, commitWithNotices, type TransactItem } from '../notify/outbox';
import type { Org } from '@shared/domain/org';
import { requireScope } from '../scope/scope';
import { getApplication, queueOf } from './applications';
import { openRecommendingPublicity } from './campaign-publicity';
import { campaignKeys, type ApplicationRecord, type CampaignRecord } from './campaign-items';
import { getCampaign, orgOf, type CampaignDeps } from './campaigns';

/** One application as the Rules engine's list item: title, applying unit and the attributes ratios count. */
export function listItemOf(a: ApplicationRecord, orgs: ReadonlyMap<string, Org>): ListItem {
  const org = orgs.get(a.nominee.kind === 'person' ? a.applyingUnitId : a.nominee.id);
  if (!org) throw new DomainError('ORG.NOT_FOUND');
  const declared = a.declared.nominee ?? {};
  return {
    id: a.applicationId,
    title: a.title,
    applyingUnit: a.applyingUnitId,
    orgKind: org.kind,
    ...(org.ownership ? { ownership: org.ownership } : {}),
    isOrganOrInstitution: org.kind === 'governmentOrgan' || org.kind === 'institution',
    ...(declared.isLeadingBodyCadre !== undefined ? { isLeadingBodyCadre: declared.isLeadingBodyCadre } : {}),
    ...(declared.cadreLevel ? { cadreLevel: declared.cadreLevel } : {}),
    ...(declared.isFrontLine !== undefined ? { isFrontLine: declared.isFrontLine } : {}),
    ...(declared.gender ? { gender: declared.gender } : {}),
  };
}

function unitOf(campaign: CampaignRecord, unitOrgId: string): { orgId: string; quotaName: string } {
  const unit = campaign.recommendingUnits.find((u) => u.orgId === unitOrgId);
  if (!unit) throw new DomainError('APPLICATION.NOT_IN_CAMPAIGN', { details: [{ path: 'orgId', message: '该组织不是本次评选的推荐单位' }] });
  return unit;
}

/**
 * 推荐名单看板: the applications a recommending unit has passed, checked by the Rules engine against the quota
 * table and the ruleset's ratios (non-public share, organ share, cadre share…), with quota use per title.
 */
export async function listBoard(deps: CampaignDeps, session: Session, campaignId: string, unitOrgId: string): Promise<ListBoardResponse> {
  const campaign = await getCampaign(deps, campaignId);
  const unit = unitOf(campaign, unitOrgId);
  const passed = await queueOf(deps, session, unitOrgId, 'passed');
  const recommended = (await queueOf(deps, session, campaign.orgId, 'recommended').catch(() => [])).filter((a) => a.recommendingUnitId === unitOrgId);
  const ruleset = getRuleset(campaign.rulesetId) as Ruleset;
  const apps = [...passed.filter((a) => a.campaignId === campaignId), ...recommended.filter((a) => a.campaignId === campaignId)];
  // One batched read of the orgs the list names, not one per application.
  const orgs = await deps.directory.getOrgs([...new Set(apps.map((a) => (a.nominee.kind === 'person' ? a.applyingUnitId : a.nominee.id)))]);
  const items = apps.map((a) => listItemOf(a, orgs));
  const result = checkList(ruleset, { year: campaign.year, titles: campaign.titles, ...(campaign.quotaTable ? { quotaTable: campaign.quotaTable } : {}) }, { name: unit.quotaName }, items);
  const table = campaign.quotaTable ?? ruleset.quotas.find((q) => q.kind === 'table')?.table;
  const quotas = table?.units.find((u) => u.unit === unit.quotaName)?.quotas;
  const listItem = await deps.db.send(new GetCommand({ TableName: deps.table, Key: campaignKeys.list(campaignId, unitOrgId) }));
  return {
    campaignId,
    unitOrgId,
    unitName: unit.quotaName,
    applications: apps.map((a) => ({ applicationId: a.applicationId, campaignId: a.campaignId, title: a.title, titleLabel: titleLabels[a.title], nominee: a.nominee, status: a.status, version: a.version, atOrgId: a.atOrgId, verdict: 'eligible' as const })),
    ok: result.ok,
    breaches: result.breaches.map((b) => ({ ruleId: b.ruleId, severity: b.severity, message: b.message, citation: citationText(b.citation), itemIds: b.itemIds })),
    gaps: result.gaps.map((g) => ({ ruleId: g.ruleId, message: g.message })),
    quotaUse: campaign.titles.map((title) => ({ title: titleLabels[title], used: items.filter((i) => i.title === title).length, quota: quotas ? (quotas[title] ?? 0) : null })),
    submitted: listItem.Item !== undefined,
    publicityId: typeof listItem.Item?.publicityId === 'string' ? listItem.Item.publicityId : null,
  };
}

/** Passing the list up: refused (409 LIST.BREACH, each breach with its article) while the list breaks a hard rule. */
export async function submitList(deps: CampaignDeps, session: Session, campaignId: string, unitOrgId: string): Promise<ListBoardResponse> {
  const campaign = await getCampaign(deps, campaignId);
  const actor = await requireScope(deps.directory, session, ['reviewer', 'organiser'], await orgOf(deps, unitOrgId));
  const unit = unitOf(campaign, unitOrgId);
  const board = await listBoard(deps, session, campaignId, unitOrgId);
  if (board.submitted) {
    // A list that went up before its window opened (an interrupted request) opens it now; otherwise it is done.
    if (board.publicityId === null && (await openWindowOf(deps, session, campaign, unit, board))) return listBoard(deps, session, campaignId, unitOrgId);
    throw new DomainError('LIST.ALREADY_SUBMITTED');
  }
  const hard = board.breaches.filter((b) => b.severity === 'hard');
  if (!board.ok) {
    throw new DomainError('LIST.BREACH', {
      message: `推荐名单不符合要求，不能上报：${[...hard.map((b) => `${b.message}（${b.citation}）`), ...board.gaps.map((g) => g.message)].join('；')}`,
      details: [...hard.map((b) => ({ path: `rules.${b.ruleId}`, message: `${b.message}（${b.citation}）` })), ...board.gaps.map((g) => ({ path: `rules.${g.ruleId}`, message: g.message }))],
    });
  }
  const at = deps.now().toISOString();
  const writes: TransactItem[] = [{ Put: { TableName: deps.table, Item: { ...campaignKeys.list(campaignId, unitOrgId), entity: 'recommendingList', submittedAt: at, submittedBy: actor.memberId, applicationIds: board.applications.map((a) => a.applicationId) }, ConditionExpression: 'attribute_not_exists(pk)' } }];
  for (const app of board.applications.filter((a) => a.status === 'passed')) {
    writes.push({
      Update: {
        TableName: deps.table,
        Key: campaignKeys.application(app.applicationId),
        UpdateExpression: 'SET #s = :rec, atOrgId = :to, gsi1pk = :q, gsi1sk = :k, version = version + :one',
        ConditionExpression: '#s = :passed AND version = :v',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':rec': 'recommended', ':to': campaign.orgId, ':q': campaignKeys.queue(campaign.orgId), ':k': `recommended#${campaignId}#${app.applicationId}`, ':one': 1, ':passed': 'passed', ':v': app.version },
      },
    });
  }
  try {
    await commitWithNotices(deps.db, deps.table, { writes, audit: [{ subjectType: 'campaign', subjectId: campaignId, scopePath: (await orgOf(deps, unitOrgId)).path, action: 'application.passed', actor: { memberId: actor.memberId, role: actor.role }, reason: `${board.unitName}推荐名单上报`, data: { applicationIds: board.applications.map((a) => a.applicationId) } }] }, deps.now());
  } catch (error) {
    if (error instanceof ChangeRefused) throw new DomainError('APPLICATION.CHANGED_MEANWHILE');
    throw error;
  }
  await openWindowOf(deps, session, campaign, unit, board);
  return listBoard(deps, session, campaignId, unitOrgId);
}

/** The recommending-level window where the ruleset has one (N 第十七条, GX 七、（四）): the list as it went up. */
async function openWindowOf(deps: CampaignDeps, session: Session, campaign: CampaignRecord, unit: { orgId: string; quotaName: string }, board: ListBoardResponse): Promise<boolean> {
  const apps = await Promise.all(board.applications.map((a) => getApplication(deps, a.applicationId)));
  const window = await openRecommendingPublicity(deps, session, campaign, unit, apps);
  if (!window) return false;
  await deps.db.send(new UpdateCommand({ TableName: deps.table, Key: campaignKeys.list(campaign.campaignId, unit.orgId), UpdateExpression: 'SET publicityId = :p', ExpressionAttributeValues: { ':p': window.publicityId } }));
  return true;
}

