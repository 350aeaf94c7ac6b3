import { createHash } from 'node:crypto';
import { GetCommand, QueryCommand, type DynamoDBDocumentClient } from '../storage/document-client';
import { getRuleset } from '@config/rulesets';
import { requestBounds, type CampaignView, type createCampaignRequest } from '@shared/api/campaign';
import type { WorkingDayCalendar } from '@shared/calendar';
import type { Org } from '@shared/domain/org';
import { rootIdOf } from '@shared/domain/org-tree';
import { DomainError, errorMessages, fieldError } from '@shared/errors';
import { cycleProblems } from '@shared/rules/campaign-cycle';
import { defaultFactYears, factYearsOf, factYearsProblem } from '@shared/rules/fact-years';
import { recommenderKindOf } from '@shared/rules/list-check';
import { parseQuotaCsv, quotaProblemText } from '@shared/rules/quota-csv';
import type * as z from 'zod';
import type { Session } from '../auth/session-token';
import { type Directory, requireOrg } from '../directory/directory';
import { ChangeRefused, commitWithNotices } from '../notify/outbox';
import { requireScopeOn } from '../scope/scope';
import { campaignKeys, type CampaignRecord } from './campaign-items';
import { notifyChairsInScope } from './campaign-notices';

export interface CampaignDeps {
  db: DynamoDBDocumentClient;
  table: string;
  directory: Directory;
  /** The official working-day calendar: the campaign's publicity windows run on it. */
  calendar: WorkingDayCalendar;
  now: () => Date;
}

export const invalid = fieldError;

export const orgOf = (deps: Pick<CampaignDeps, 'directory'>, orgId: string): Promise<Org> => requireOrg(deps.directory, orgId);

/**
 * An organiser publishes a campaign: ruleset, year, titles, the recommending federations (each named as in the quota
 * table), the quota table (CSV, validated by the Rules engine — a problem names its row and column) and the deadline.
 */
export async function createCampaign(deps: CampaignDeps, session: Session, orgId: string, request: z.infer<typeof createCampaignRequest>): Promise<CampaignView> {
  const { org, actor } = await requireScopeOn(deps.directory, session, ['organiser'], orgId);
  const ruleset = getRuleset(request.rulesetId);
  if (!ruleset) throw invalid('rulesetId', '没有这个评选办法（rulesetId）');
  const offered = new Set(ruleset.titles.map((t) => t.title));
  request.titles.forEach((t, i) => {
    if (!offered.has(t)) throw invalid(`titles.${i}`, `${ruleset.name}不设这一称号（titles.${i}）`);
  });
  // 评选依据年度: stated by the organiser or the three completed years before the campaign's (fact-years.ts).
  const factYears = request.factYears ?? defaultFactYears(request.year);
  const yearsProblem = factYearsProblem(factYears, request.year, ruleset, request.titles);
  if (yearsProblem) throw invalid('factYears', yearsProblem);
  // 评选周期 (总工办发〔2020〕15号 第十四条第一款, 桂工发〔2021〕8号 七、（一））: this term's congress year, and 积极分子、之友
  // only in the year the congress changes.
  const cycle = cycleProblems(ruleset, { year: request.year, titles: request.titles, ...(request.congressYear === undefined ? {} : { congressYear: request.congressYear }) });
  if (cycle.length > 0) throw new DomainError('REQUEST.INVALID', { message: `${errorMessages['REQUEST.INVALID']}：${cycle.map((p) => p.message).join('；')}`, details: cycle });
  let quotaTable: CampaignRecord['quotaTable'];
  if (request.quotaCsv) {
    const parsed = parseQuotaCsv(request.quotaCsv, { ruleset });
    if (!parsed.ok) {
      throw new DomainError('REQUEST.INVALID', {
        message: `名额分配表（quotaCsv）有误：${parsed.problems.map(quotaProblemText).join('；')}`,
        details: parsed.problems.map((p) => ({ path: 'quotaCsv', message: `名额分配表（quotaCsv）${quotaProblemText(p)}` })),
      });
    }
    // Each row is stored with the campaign (one item, at most 400 KB).
    if (parsed.table.units.length > requestBounds.quotaRows) throw invalid('quotaCsv', `名额分配表（quotaCsv）不超过 ${requestBounds.quotaRows} 个推荐单位，实有 ${parsed.table.units.length} 个`);
    quotaTable = parsed.table;
  }
  const units = await deps.directory.getOrgs(request.recommendingUnits.map((u) => u.orgId));
  // Each unit's kind from the directory (各区总工会, 各产业工会…): the list rules that name theirs bind only them.
  const recommendingUnits = request.recommendingUnits.map((u, i) => {
    const unit = units.get(u.orgId);
    if (!unit || !unit.path.startsWith(`${org.path}/`)) throw invalid(`recommendingUnits.${i}.orgId`, `推荐单位（recommendingUnits.${i}.orgId）应为本组织下属的工会联合会`);
    return { ...u, kind: recommenderKindOf(unit) };
  });
  const campaignId = `cmp-${createHash('sha256').update(request.requestId).digest('hex').slice(0, 16)}`;
  const record: CampaignRecord = {
    campaignId,
    rulesetId: ruleset.id,
    year: request.year,
    ...(request.congressYear === undefined ? {} : { congressYear: request.congressYear }),
    heading: request.heading,
    titles: request.titles,
    orgId: org.orgId,
    orgPath: org.path,
    recommendingUnits,
    ...(quotaTable ? { quotaTable } : {}),
    submissionDeadline: request.submissionDeadline,
    factYears,
    status: 'published',
  };
  try {
    await commitWithNotices(
      deps.db,
      deps.table,
      {
        writes: [
          {
            Put: {
              TableName: deps.table,
              Item: { ...campaignKeys.campaign(campaignId), entity: 'campaign', ...record, gsi1pk: campaignKeys.campaignsOf(rootIdOf(org.path)), gsi1sk: `${record.year}#${campaignId}` },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
        ],
        audit: [{ subjectType: 'campaign', subjectId: campaignId, scopePath: org.path, action: 'campaign.published', actor: { memberId: actor.memberId, role: actor.role }, data: { rulesetId: ruleset.id, year: record.year, titles: record.titles } }],
      },
      deps.now(),
    );
  } catch (error) {
    if (!(error instanceof ChangeRefused)) throw error;
  }
  await notifyChairsInScope(deps, record);
  return viewOf(record);
}

export async function getCampaign(deps: Pick<CampaignDeps, 'db' | 'table'>, campaignId: string): Promise<CampaignRecord> {
  const out = await deps.db.send(new GetCommand({ TableName: deps.table, Key: campaignKeys.campaign(campaignId) }));
  if (out.Item?.entity !== 'campaign') throw new DomainError('CAMPAIGN.NOT_FOUND');
  return out.Item as unknown as CampaignRecord;
}

/** Campaigns of the caller's federation tree (anyone logged in may see what they could apply for). */
export async function campaignsFor(deps: CampaignDeps, session: Session): Promise<CampaignView[]> {
  const tree = await treeOfCaller(deps, session);
  if (!tree) return [];
  const out = await deps.db.send(
    new QueryCommand({ TableName: deps.table, IndexName: 'byParent', KeyConditionExpression: 'gsi1pk = :p', ExpressionAttributeValues: { ':p': campaignKeys.campaignsOf(tree) }, ScanIndexForward: false }),
  );
  return (out.Items ?? []).map((i) => viewOf(i as unknown as CampaignRecord));
}

/**
 * GET /v1/campaigns/{campaignId} by the list's rule (issue 15: it answered any session): a member of the federation
 * tree the campaign runs in. Anyone else — an account bound to no roster, a member of another tree — gets
 * CAMPAIGN.NOT_FOUND, the answer for an unknown id, so campaign ids cannot be probed from outside.
 */
export async function campaignFor(deps: CampaignDeps, session: Session, campaignId: string): Promise<CampaignRecord> {
  const tree = await treeOfCaller(deps, session);
  if (!tree) throw new DomainError('CAMPAIGN.NOT_FOUND');
  const record = await getCampaign(deps, campaignId);
  if ((record as CampaignRecord & { gsi1pk?: string }).gsi1pk !== campaignKeys.campaignsOf(tree)) throw new DomainError('CAMPAIGN.NOT_FOUND');
  return record;
}

/** The root of the federation tree the caller's roster entry sits in; undefined for an account bound to none. */
async function treeOfCaller(deps: CampaignDeps, session: Session): Promise<string | undefined> {
  if (!session.memberId) return undefined;
  const member = await deps.directory.getMember(session.memberId);
  const org = member ? (await deps.directory.getOrgs([member.orgId])).get(member.orgId) : undefined;
  return org ? rootIdOf(org.path) : undefined;
}

export function viewOf(r: CampaignRecord): CampaignView {
  return {
    campaignId: r.campaignId,
    rulesetId: r.rulesetId,
    rulesetName: getRuleset(r.rulesetId)?.name ?? r.rulesetId,
    year: r.year,
    congressYear: r.congressYear ?? null,
    heading: r.heading,
    titles: r.titles,
    orgId: r.orgId,
    recommendingUnits: r.recommendingUnits.map(({ orgId, quotaName }) => ({ orgId, quotaName })),
    submissionDeadline: r.submissionDeadline,
    factYears: factYearsOf(r),
    status: r.status,
    finalPublicityId: r.finalPublicityId ?? null,
  };
}
