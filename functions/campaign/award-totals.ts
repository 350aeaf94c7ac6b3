import { getRuleset } from '@config/rulesets';
import type { OrgLevel } from '@shared/domain/org';
import { rootIdOf } from '@shared/domain/org-tree';
import { DomainError } from '@shared/errors';
import { citationText } from '@shared/rules/citation';
import { campaignTotals, measureWord, totalPeriods, totalsExceeded, type CampaignTotal, type TitleCounts, type TotalPeriod } from '@shared/rules/campaign-totals';
import type { Ruleset } from '@shared/rules/ruleset-schema';
import { titleLabels, type TitleCode } from '@shared/rules/titles';
import type { ListBoardResponse } from '@shared/api/campaign';
import type { TransactItem } from '../notify/outbox';
import { queryAll } from '../storage/dynamo';
import { batchGet } from './batch-reads';
import { campaignKeys, type ApplicationRecord, type CampaignRecord } from './campaign-items';
import type { CampaignDeps } from './campaigns';

/**
 * 评选总数 over a whole campaign or year (shared/rules/campaign-totals.ts), kept exact under concurrent decisions: each
 * period the ruleset counts over has one tally item (honours awarded per title), read consistently and moved from the
 * version it was read at in the very transaction that writes the honours. Two decisions racing for the 15th place
 * cannot both win: the second one's transaction fails, it reads again, and is refused. A title revoked later still
 * counts: the figure is of titles conferred in the year or campaign.
 */

type Key = { pk: string; sk: string };

export interface AwardTally {
  period: TotalPeriod;
  key: Key;
  /** Absent item: the counts were read from the honours themselves (awarded before tallies were kept, or none). */
  version: number | undefined;
  counts: TitleCounts;
}

const tallyKey = (campaign: CampaignRecord, period: TotalPeriod): Key =>
  period === 'campaign' ? campaignKeys.campaignAwards(campaign.campaignId) : campaignKeys.yearAwards(rootIdOf(campaign.orgPath), campaign.rulesetId, campaign.year);

/** The tallies of the periods the campaign's ruleset counts over (none for a ruleset without fixed numbers). */
export async function readTallies(deps: Pick<CampaignDeps, 'db' | 'table'>, campaign: CampaignRecord): Promise<AwardTally[]> {
  const periods = totalPeriods(getRuleset(campaign.rulesetId) as Ruleset);
  if (periods.length === 0) return [];
  const keys = periods.map((p) => tallyKey(campaign, p));
  const found = await batchGet(deps.db, deps.table, keys);
  return Promise.all(
    periods.map(async (period, i) => {
      const key = keys[i] as Key;
      const item = found.get(`${key.pk}#${key.sk}`);
      if (item) return { period, key, version: Number(item.v), counts: item.counts as TitleCounts };
      return { period, key, version: undefined, counts: await honoursCounted(deps, campaign, period) };
    }),
  );
}

/** Where a tally does not exist yet: the honours of the period, counted by title (a new table has none). */
async function honoursCounted(deps: Pick<CampaignDeps, 'db' | 'table'>, campaign: CampaignRecord, period: TotalPeriod): Promise<TitleCounts> {
  let campaignIds = [campaign.campaignId];
  if (period === 'year') {
    const sameYear = await queryAll(deps.db, { TableName: deps.table, IndexName: 'byParent', KeyConditionExpression: 'gsi1pk = :p AND begins_with(gsi1sk, :y)', ExpressionAttributeValues: { ':p': campaignKeys.campaignsOf(rootIdOf(campaign.orgPath)), ':y': `${campaign.year}#` } });
    campaignIds = sameYear.filter((c) => c.rulesetId === campaign.rulesetId).map((c) => String(c.campaignId));
  }
  const honours = await Promise.all(campaignIds.map((id) => queryAll(deps.db, { TableName: deps.table, IndexName: 'byParent', KeyConditionExpression: 'gsi1pk = :p', ExpressionAttributeValues: { ':p': `HONOURS#${id}` } })));
  return countBy(honours.flat().map((h) => h.titleCode as TitleCode));
}

const awardedOf = (tallies: readonly AwardTally[]): Record<TotalPeriod, TitleCounts> => ({
  year: tallies.find((t) => t.period === 'year')?.counts ?? {},
  campaign: tallies.find((t) => t.period === 'campaign')?.counts ?? {},
});

/**
 * 409 CAMPAIGN.TOTAL_EXCEEDED when awarding `apps` on top of the tallies would pass a fixed number, with the article
 * and the figures; nothing is written.
 */
export function requireWithinTotals(campaign: CampaignRecord, tallies: readonly AwardTally[], apps: readonly ApplicationRecord[]): void {
  const exceeded = totalsExceeded(getRuleset(campaign.rulesetId) as Ruleset, awardedOf(tallies), countBy(apps.map((a) => a.title)));
  if (exceeded.length === 0) return;
  const message = `表彰决定超过评选总数，不能授予：${exceeded.map((e) => e.message).join('；')}。请减少本次决定授予的${exceeded.map((e) => titleLabels[e.title]).join('、')}`;
  throw new DomainError('CAMPAIGN.TOTAL_EXCEEDED', { message, details: exceeded.map((e) => ({ path: 'applicationIds', message: e.message })) });
}

/** The tally writes of a transaction awarding `apps`: each tally from the version read, or created if still absent. */
export function tallyWrites(table: string, tallies: readonly AwardTally[], apps: readonly ApplicationRecord[]): TransactItem[] {
  const adding = countBy(apps.map((a) => a.title));
  return tallies.map((t) => {
    const counts = { ...t.counts };
    for (const [title, n] of Object.entries(adding) as [TitleCode, number][]) counts[title] = (counts[title] ?? 0) + n;
    if (t.version === undefined) return { Put: { TableName: table, Item: { ...t.key, entity: 'awardTally', counts, v: 1 }, ConditionExpression: 'attribute_not_exists(pk)' } };
    return { Update: { TableName: table, Key: t.key, UpdateExpression: 'SET counts = :c, v = :next', ConditionExpression: 'v = :v', ExpressionAttributeValues: { ':c': counts, ':next': t.version + 1, ':v': t.version } } };
  });
}

/** 全市合计 and the like: the level of the federation that runs the campaign. */
const scopeWords: Partial<Record<OrgLevel, string>> = { national: '全国', provincial: '全省（区、市）', city: '全市', district: '全县（区）' };

/** The list board's running totals: honours awarded (tallies) and nominations waiting for the decision (this campaign). */
export async function boardTotals(deps: Pick<CampaignDeps, 'db' | 'table' | 'directory'>, campaign: CampaignRecord): Promise<ListBoardResponse['campaignTotals']> {
  const ruleset = getRuleset(campaign.rulesetId) as Ruleset;
  if (totalPeriods(ruleset).length === 0) return [];
  const [tallies, waiting, organiser] = await Promise.all([
    readTallies(deps, campaign),
    queryAll(deps.db, { TableName: deps.table, IndexName: 'byParent', KeyConditionExpression: 'gsi1pk = :p AND begins_with(gsi1sk, :s)', ExpressionAttributeValues: { ':p': campaignKeys.queue(campaign.orgId), ':s': `recommended#${campaign.campaignId}#` } }),
    deps.directory.getOrgs([campaign.orgId]),
  ]);
  const scope = scopeWords[organiser.get(campaign.orgId)?.level ?? 'city'] ?? '';
  const totals = campaignTotals(ruleset, campaign.titles, awardedOf(tallies), countBy(waiting.map((a) => a.title as TitleCode)));
  return totals.map((t) => ({ title: t.title, limit: t.limit, period: t.period, citation: citationText(t.citation), awarded: t.awarded, recommended: t.recommended, text: totalText(t, scope, campaign.year) }));
}

function totalText(t: CampaignTotal, scope: string, year: number): string {
  const unit = measureWord(t.title);
  const waiting = t.recommended > 0 ? `，已上报待决定 ${t.recommended} ${unit}` : '';
  const over = t.period === 'year' ? `${scope} ${year} 年`.trim() : `${scope}本次评选`;
  return `${over}合计：${titleLabels[t.title]} 已授予 ${t.awarded}/${t.limit} ${unit}${waiting}`;
}

function countBy(titles: readonly TitleCode[]): TitleCounts {
  const counts: TitleCounts = {};
  for (const t of titles) counts[t] = (counts[t] ?? 0) + 1;
  return counts;
}
