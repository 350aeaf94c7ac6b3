import { GetCommand, UpdateCommand } from '../storage/document-client';
import type * as z from 'zod';
import { getRuleset } from '@config/rulesets';
import { minAdvisoryReason, type ListBoardResponse, type submitListRequest } from '@shared/api/campaign';
import { DomainError } from '@shared/errors';
import { citationText } from '@shared/rules/citation';
import { checkList, recommenderKindLabels, recommenderKindOf, type ListItem } from '@shared/rules/list-check';
import type { RecommenderKind, Ruleset } from '@shared/rules/ruleset-schema';
import { titleLabels } from '@shared/rules/titles';
import type { Session } from '../auth/session-token';
import { ChangeRefused, commitWithNotices, type TransactItem } from '../notify/outbox';
import type { Org } from '@shared/domain/org';
import { requireScope, type Actor } from '../scope/scope';
import { queueOf } from './applications';
import { boardTotals } from './award-totals';
import { getApplications } from './batch-reads';
import { openRecommendingPublicity } from './campaign-publicity';
import { campaignKeys, type ApplicationRecord, type CampaignRecord, type RecommendingListRecord } from './campaign-items';
import { getCampaign, orgOf, type CampaignDeps } from './campaigns';

/**
 * One application as the Rules engine's list item: title, applying unit (by name, as a breach shows it) and the
 * attributes ratios count. `orgs` holds the applying unit and the nominee's org.
 */
function listItemOf(a: ApplicationRecord, orgs: ReadonlyMap<string, Org>): ListItem {
  const org = orgs.get(a.nominee.kind === 'person' ? a.applyingUnitId : a.nominee.id);
  if (!org) throw new DomainError('ORG.NOT_FOUND');
  const declared = a.declared.nominee ?? {};
  return {
    id: a.applicationId,
    title: a.title,
    applyingUnit: orgs.get(a.applyingUnitId)?.name ?? a.applyingUnitId,
    orgKind: org.kind,
    ...(org.ownership ? { ownership: org.ownership } : {}),
    isOrganOrInstitution: org.kind === 'governmentOrgan' || org.kind === 'institution',
    ...(declared.isLeadingBodyCadre !== undefined ? { isLeadingBodyCadre: declared.isLeadingBodyCadre } : {}),
    ...(declared.cadreLevel ? { cadreLevel: declared.cadreLevel } : {}),
    ...(declared.isFrontLine !== undefined ? { isFrontLine: declared.isFrontLine } : {}),
    ...(declared.gender ? { gender: declared.gender } : {}),
  };
}

type CampaignUnit = CampaignRecord['recommendingUnits'][number];

function unitOf(campaign: CampaignRecord, unitOrgId: string): CampaignUnit {
  const unit = campaign.recommendingUnits.find((u) => u.orgId === unitOrgId);
  if (!unit) throw new DomainError('APPLICATION.NOT_IN_CAMPAIGN', { details: [{ path: 'orgId', message: '该组织不是本次评选的推荐单位' }] });
  return unit;
}

/** The kind kept with the campaign; for a campaign published before it was kept, the directory's now. */
async function kindOf(deps: CampaignDeps, unit: CampaignUnit): Promise<RecommenderKind> {
  return unit.kind ?? recommenderKindOf(await orgOf(deps, unit.orgId));
}

/**
 * 推荐名单看板: the applications a recommending unit has passed, checked by the Rules engine against the quota
 * table and the ruleset's ratios (non-public share, organ share, cadre share…) that bind its kind of unit, with quota
 * use per title, the campaign's running totals against the ruleset's fixed numbers, and — once sent — the sender's
 * 上报说明 for the advisory rules it did not meet, for the level that receives it.
 */
export async function listBoard(deps: CampaignDeps, session: Session, campaignId: string, unitOrgId: string): Promise<ListBoardResponse> {
  const campaign = await getCampaign(deps, campaignId);
  const unit = unitOf(campaign, unitOrgId);
  const passed = (await queueOf(deps, session, unitOrgId, 'passed')).filter((a) => a.campaignId === campaignId);
  const list = await readList(deps, campaignId, unitOrgId);
  // A list that went up: what it sent, read by id wherever each application stands now (issue 22: the board read
  // only the organiser's queue, so the district saw an empty list once it had sent it). queueOf above has checked
  // that the caller may read this unit's queue.
  const sentIds = new Set(list?.applicationIds ?? []);
  const sent = await getApplications(deps, list?.applicationIds ?? []);
  const ruleset = getRuleset(campaign.rulesetId) as Ruleset;
  const apps = [...sent, ...passed.filter((a) => !sentIds.has(a.applicationId))];
  // One batched read of the orgs the list names, not one per application.
  const orgs = await deps.directory.getOrgs([...new Set(apps.flatMap((a) => [a.applyingUnitId, ...(a.nominee.kind === 'person' ? [] : [a.nominee.id])]))]);
  // Names the higher level turned down no longer count against the quota or the ratios.
  const items = apps.filter((a) => a.status !== 'rejected' && a.status !== 'disqualified').map((a) => listItemOf(a, orgs));
  const kind = await kindOf(deps, unit);
  const result = checkList(ruleset, { year: campaign.year, titles: campaign.titles, ...(campaign.quotaTable ? { quotaTable: campaign.quotaTable } : {}) }, { name: unit.quotaName, kind }, items);
  const table = campaign.quotaTable ?? ruleset.quotas.find((q) => q.kind === 'table')?.table;
  const quotas = table?.units.find((u) => u.unit === unit.quotaName)?.quotas;
  const levels = await deps.directory.getOrgs([...new Set(sent.map((a) => a.atOrgId))]);
  return {
    campaignId,
    unitOrgId,
    unitName: unit.quotaName,
    applications: apps.map((a) => ({ applicationId: a.applicationId, campaignId: a.campaignId, title: a.title, titleLabel: titleLabels[a.title], nominee: a.nominee, status: a.status, version: a.version, atOrgId: a.atOrgId, verdict: 'eligible' as const })),
    unitKind: kind,
    unitKindLabel: recommenderKindLabels[kind],
    ok: result.ok,
    needsReason: result.needsReason,
    breaches: result.breaches.map((b) => ({ ruleId: b.ruleId, severity: b.severity, message: b.message, citation: citationText(b.citation), itemIds: b.itemIds, ...(b.reading ? { reading: b.reading } : {}) })),
    gaps: result.gaps.map((g) => ({ ruleId: g.ruleId, severity: g.severity, message: g.message, citation: citationText(g.citation) })),
    quotaUse: campaign.titles.map((title) => ({ title: titleLabels[title], used: items.filter((i) => i.title === title).length, quota: quotas ? (quotas[title] ?? 0) : null })),
    campaignTotals: await boardTotals(deps, campaign),
    submissionNote: list?.advisoryReason ? { reason: list.advisoryReason, findings: list.advisories ?? [] } : null,
    // A list whose send was cut off half-way reads as not yet sent: sending it again finishes it.
    submitted: list !== undefined && list.state !== 'sending',
    submittedAt: list && list.state !== 'sending' ? list.submittedAt : null,
    progress: sent.map((a) => ({ applicationId: a.applicationId, label: progressLabel(a, levels.get(a.atOrgId)?.name ?? a.atOrgId, unitOrgId), atOrgName: levels.get(a.atOrgId)?.name ?? a.atOrgId })),
    publicityId: list?.publicityId ?? null,
  };
}

/** How far a sent application has gone, in the words of the district that sent it. */
function progressLabel(a: ApplicationRecord, atOrgName: string, unitOrgId: string): string {
  switch (a.status) {
    case 'recommended':
      return `已上报${atOrgName}，审核中`;
    case 'returned':
      return a.atOrgId === unitOrgId ? '已退回推荐单位修改' : `已退回${atOrgName}修改`;
    case 'awarded':
      return '已授予荣誉称号';
    case 'rejected':
      return `${atOrgName}审核未通过`;
    case 'disqualified':
      return '已取消资格';
    default:
      return `${atOrgName}：${a.status === 'passed' ? '审核通过' : '审核中'}`;
  }
}

/** The most applications one list may carry: its claim and its audit event stay well inside DynamoDB's 400 KB. */
export const maxListSize = 3000;
/** Applications moved per transaction (TransactWriteItems holds at most 100 items). */
const moveChunk = 100;
const parallelChunks = 4;

/**
 * Passing the list up: refused (409 LIST.BREACH, each breach with its article) while the list breaks a hard rule. An
 * advisory rule unmet (一般…, 原则上…) does not stop it, but the sender must say why (`advisoryReason`, 400 naming it
 * when missing): the reason and those rules are kept with the list and its audit event for the level above.
 * Only the recommending unit's own reviewers send it (403 LIST.NOT_OWN_UNIT for a level above: the regulations put
 * this review at the unit). Any size: the list is claimed in one transaction with its audit event — the ids and the
 * version each application had — then its applications move up in chunks of 100, each only from that version. A
 * send cut off half-way is finished by sending again: nothing moves twice, and an application the district changed
 * after claiming stays where it is.
 */
export async function submitList(deps: CampaignDeps, session: Session, campaignId: string, unitOrgId: string, request: z.infer<typeof submitListRequest> = {}): Promise<ListBoardResponse> {
  const campaign = await getCampaign(deps, campaignId);
  const unit = unitOf(campaign, unitOrgId);
  const unitOrg = await orgOf(deps, unitOrgId);
  const actor = await requireOwnReviewer(deps, session, campaign, unitOrg);
  const claimed = await readList(deps, campaignId, unitOrgId);
  const list = claimed ?? (await claimList(deps, session, campaign, unit, unitOrg, actor, request.advisoryReason ?? ''));
  if (list.state === 'sending') {
    const starts = Array.from({ length: Math.ceil(list.applicationIds.length / moveChunk) }, (_, k) => k * moveChunk);
    // Chunks touch disjoint applications: a few at a time.
    for (let k = 0; k < starts.length; k += parallelChunks) await Promise.all(starts.slice(k, k + parallelChunks).map((i) => moveUp(deps, campaign, unitOrgId, list, i, i + moveChunk)));
    await markSent(deps, campaignId, unitOrgId);
  } else if (list.publicityId) {
    throw new DomainError('LIST.ALREADY_SUBMITTED');
  }
  // A list that went up before its window opened (an interrupted request) opens it now; otherwise it is done.
  const opened = await openWindowOf(deps, session, campaign, unit, list.applicationIds);
  if (claimed && claimed.state !== 'sending' && !opened) throw new DomainError('LIST.ALREADY_SUBMITTED');
  return listBoard(deps, session, campaignId, unitOrgId);
}

/**
 * The recommending unit's own reviewer (a role on that org itself). Reviewers and organisers above may read its board
 * but not send its list in its place: the ruleset's first review stage is the unit's.
 */
async function requireOwnReviewer(deps: CampaignDeps, session: Session, campaign: CampaignRecord, unitOrg: Org): Promise<Actor> {
  const actor = await requireScope(deps.directory, session, ['reviewer', 'organiser'], unitOrg);
  const grants = await deps.directory.roleGrantsOf(actor.memberId);
  if (grants.some((g) => g.role === 'reviewer' && g.orgId === unitOrg.orgId)) return { memberId: actor.memberId, role: 'reviewer', org: unitOrg };
  const stage = (getRuleset(campaign.rulesetId) as Ruleset).reviewChain.find((s) => s.stage === 'review');
  const basis = stage ? `（${citationText(stage.citation)}：${stage.body}${stage.description}）` : '';
  const message = `推荐名单须由${unitOrg.name}的审核人员审核后上报${basis}；上级工会可以查看名单，但不能代为上报`;
  throw new DomainError('LIST.NOT_OWN_UNIT', { message, details: [{ path: 'orgId', message }] });
}

async function readList(deps: CampaignDeps, campaignId: string, unitOrgId: string): Promise<RecommendingListRecord | undefined> {
  const out = await deps.db.send(new GetCommand({ TableName: deps.table, Key: campaignKeys.list(campaignId, unitOrgId), ConsistentRead: true }));
  return out.Item ? (out.Item as unknown as RecommendingListRecord) : undefined;
}

/** The decision to send: the board checked, then the list item and its audit event in one transaction. */
async function claimList(deps: CampaignDeps, session: Session, campaign: CampaignRecord, unit: CampaignUnit, unitOrg: Org, actor: Actor, advisoryReason: string): Promise<RecommendingListRecord> {
  const board = await listBoard(deps, session, campaign.campaignId, unit.orgId);
  const findings = [...board.breaches, ...board.gaps];
  if (!board.ok) {
    const hard = findings.filter((f) => f.severity === 'hard');
    throw new DomainError('LIST.BREACH', {
      message: `推荐名单不符合要求，不能上报：${hard.map((f) => `${f.message}（${f.citation}）`).join('；')}`,
      details: hard.map((f) => ({ path: `rules.${f.ruleId}`, message: `${f.message}（${f.citation}）` })),
    });
  }
  const advisories = findings.filter((f) => f.severity === 'advisory').map((f) => ({ ruleId: f.ruleId, message: f.message, citation: f.citation }));
  if (board.needsReason && [...advisoryReason].length < minAdvisoryReason) {
    const unmet = advisories.map((f) => `${f.message}（${f.citation}）`).join('；');
    const message = `名单未达到一般性要求：${unmet}。可以上报，但须写明理由（advisoryReason），至少 ${minAdvisoryReason} 个字`;
    throw new DomainError('REQUEST.INVALID', { message, details: [{ path: 'advisoryReason', message: `请写明未达到一般性要求的理由（advisoryReason），至少 ${minAdvisoryReason} 个字` }] });
  }
  const going = board.applications.filter((a) => a.status === 'passed');
  if (going.length > maxListSize) throw new DomainError('LIST.TOO_LARGE', { message: `推荐名单有 ${going.length} 个推荐对象，超过一次上报的上限 ${maxListSize} 个` });
  const list: RecommendingListRecord = {
    applicationIds: going.map((a) => a.applicationId),
    versions: going.map((a) => a.version),
    state: 'sending',
    submittedAt: deps.now().toISOString(),
    submittedBy: actor.memberId,
    ...(board.needsReason ? { advisoryReason, advisories } : {}),
  };
  try {
    await commitWithNotices(
      deps.db,
      deps.table,
      {
        writes: [{ Put: { TableName: deps.table, Item: { ...campaignKeys.list(campaign.campaignId, unit.orgId), entity: 'recommendingList', ...list }, ConditionExpression: 'attribute_not_exists(pk)' } }],
        audit: [
          {
            subjectType: 'campaign',
            subjectId: campaign.campaignId,
            scopePath: unitOrg.path,
            action: 'application.passed',
            actor: { memberId: actor.memberId, role: actor.role },
            reason: board.needsReason ? `${board.unitName}推荐名单上报；上报说明：${advisoryReason}` : `${board.unitName}推荐名单上报`,
            data: { applicationIds: list.applicationIds, ...(board.needsReason ? { advisoryReason, advisories: advisories.map((f) => `${f.message}（${f.citation}）`) } : {}) },
          },
        ],
      },
      deps.now(),
    );
  } catch (error) {
    // Another request sent this list first.
    if (error instanceof ChangeRefused) throw new DomainError('APPLICATION.CHANGED_MEANWHILE', { cause: error });
    throw error;
  }
  return list;
}

/**
 * One chunk of the claimed list moves up: each application still passed at the unit and at the version it was
 * claimed at. Idempotent; a chunk that races another request is read again, and after three tries it is a 409.
 */
async function moveUp(deps: CampaignDeps, campaign: CampaignRecord, unitOrgId: string, list: RecommendingListRecord, from: number, to: number): Promise<void> {
  const ids = list.applicationIds.slice(from, to);
  for (let attempt = 1; ; attempt += 1) {
    const apps = await getApplications(deps, ids);
    const movable = apps.filter((a, i) => a.status === 'passed' && a.atOrgId === unitOrgId && a.campaignId === campaign.campaignId && a.version === list.versions?.[from + i]);
    if (movable.length === 0) return;
    const writes: TransactItem[] = movable.map((app) => ({
      Update: {
        TableName: deps.table,
        Key: campaignKeys.application(app.applicationId),
        UpdateExpression: 'SET #s = :rec, atOrgId = :to, gsi1pk = :q, gsi1sk = :k, version = version + :one',
        ConditionExpression: '#s = :passed AND version = :v',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':rec': 'recommended', ':to': campaign.orgId, ':q': campaignKeys.queue(campaign.orgId), ':k': `recommended#${campaign.campaignId}#${app.applicationId}`, ':one': 1, ':passed': 'passed', ':v': app.version },
      },
    }));
    try {
      await commitWithNotices(deps.db, deps.table, { writes }, deps.now());
      return;
    } catch (error) {
      if (!(error instanceof ChangeRefused)) throw error;
      if (attempt >= 3) throw new DomainError('APPLICATION.CHANGED_MEANWHILE', { cause: error });
    }
  }
}

async function markSent(deps: CampaignDeps, campaignId: string, unitOrgId: string): Promise<void> {
  try {
    await deps.db.send(new UpdateCommand({ TableName: deps.table, Key: campaignKeys.list(campaignId, unitOrgId), UpdateExpression: 'SET #st = :sent', ConditionExpression: '#st = :sending', ExpressionAttributeNames: { '#st': 'state' }, ExpressionAttributeValues: { ':sent': 'sent', ':sending': 'sending' } }));
  } catch (error) {
    // A concurrent resend marked it first.
    if (!(error instanceof Error && error.name === 'ConditionalCheckFailedException')) throw error;
  }
}

/** The recommending-level window where the ruleset has one (N 第十七条, GX 七、（四）): the list as it went up. */
async function openWindowOf(deps: CampaignDeps, session: Session, campaign: CampaignRecord, unit: { orgId: string; quotaName: string }, applicationIds: readonly string[]): Promise<boolean> {
  const apps = (await getApplications(deps, applicationIds)).filter((a) => a.status === 'recommended');
  const window = await openRecommendingPublicity(deps, session, campaign, unit, apps);
  if (!window) return false;
  await deps.db.send(new UpdateCommand({ TableName: deps.table, Key: campaignKeys.list(campaign.campaignId, unit.orgId), UpdateExpression: 'SET publicityId = :p', ExpressionAttributeValues: { ':p': window.publicityId } }));
  return true;
}
