import * as z from 'zod';
import { orgKind, ownership, type Org } from '../domain/org';
import { isFederation } from '../domain/org-tree';
import type { Citation } from './citation';
import { compare, comparisonWord, formatRate } from './compare';
import { cadreLevel, gender } from './facts';
import type { QuotaTable } from './quota-table';
import type { ListShareRule, RecommenderCap, RecommenderKind, Ruleset, Severity } from './ruleset-schema';
import { titleCode, titleCodes, titleLabels, type TitleCode } from './titles';

/**
 * 推荐名单结构检查: checks one recommending unit's list against its quotas, per-unit caps and the ratios a ruleset
 * sets. Every figure is a count over the list, so the result does not depend on list order. The fixed numbers of a
 * whole campaign or year (秦皇岛 第十一条, 焦作 一、) are not one list's: campaign-totals.ts checks them at the decision.
 */

export const listItem = z.object({
  id: z.string().min(1),
  title: titleCode,
  /** The grassroots union that filed the application (申报单位); caps per applying unit need it. */
  applyingUnit: z.string().min(1).optional(),
  orgKind: orgKind.optional(),
  /** For a person: the ownership of their unit. */
  ownership: ownership.optional(),
  isOrganOrInstitution: z.boolean().optional(),
  isLeadingBodyCadre: z.boolean().optional(),
  cadreLevel: cadreLevel.optional(),
  isFrontLine: z.boolean().optional(),
  gender: gender.optional(),
});
export type ListItem = z.infer<typeof listItem>;

export interface ListCampaign {
  year: number;
  titles: TitleCode[];
  /** The campaign's 名额分配表; when absent, the ruleset's own table (if it has one) applies. */
  quotaTable?: QuotaTable;
}

export interface RecommendingUnit {
  /** As written in the quota table: "沁阳市". */
  name: string;
  /** A ratio rule that names its recommenders (各区总工会…) binds only units of those kinds. */
  kind: RecommenderKind;
}

export const recommenderKindLabels: Record<RecommenderKind, string> = {
  provincialFederation: '省（区、市）总工会',
  cityFederation: '市总工会',
  districtFederation: '县（市、区）总工会',
  industryUnion: '产业工会',
  directGrassroots: '直属基层工会',
  other: '其他推荐单位',
};

/**
 * The kind of recommending unit an org of the directory is: a local federation (地方总工会) by its level, an industry
 * union (产业工会) at a federation level, a grassroots union that recommends directly (市属、直属基层工会). Anything
 * else (a 局、集团 or 高校 union set up as a federation-level org of another kind, the national federation) is `other`,
 * which no scoped rule names.
 */
export function recommenderKindOf(org: Pick<Org, 'level' | 'kind'>): RecommenderKind {
  if (org.level === 'grassroots') return 'directGrassroots';
  if (org.kind === 'industryUnion' && isFederation(org.level)) return 'industryUnion';
  if (org.kind !== 'federation') return 'other';
  switch (org.level) {
    case 'provincial':
      return 'provincialFederation';
    case 'city':
      return 'cityFederation';
    case 'district':
      return 'districtFederation';
    default:
      return 'other';
  }
}

export type ListBreachKind = 'titleNotInCampaign' | 'notInQuotaTable' | 'quota' | 'cap' | 'ratio';

export interface ListBreach {
  ruleId: string;
  kind: ListBreachKind;
  severity: Severity;
  citation: Citation;
  /** Chinese, with the figures: "非公有制单位占 40%（2/5），低于 50%". */
  message: string;
  /** The items the breach is about, sorted by id. */
  itemIds: string[];
  /** 「本系统理解：…」 where the rule reads the text beyond its words. */
  reading?: string;
}

/** A rule that could not be decided because list items lack an attribute it counts. */
export interface ListGap {
  ruleId: string;
  severity: Severity;
  citation: Citation;
  message: string;
  itemIds: string[];
  reading?: string;
}

export interface ListCheckResult {
  /** No hard breach and no hard gap. */
  ok: boolean;
  /**
   * An advisory rule (一般…, 原则上…, 适当…) is broken or could not be decided: the list may still go up, with the
   * sender's written reason for the level above.
   */
  needsReason: boolean;
  breaches: ListBreach[];
  gaps: ListGap[];
}

export function checkList(
  ruleset: Ruleset,
  campaign: ListCampaign,
  unit: RecommendingUnit,
  list: readonly ListItem[],
): ListCheckResult {
  const breaches: ListBreach[] = [];
  const gaps: ListGap[] = [];
  const byTitle = groupBy(list, (item) => item.title);
  const orderedTitles = titleCodes.filter((t) => byTitle.has(t));
  const noticeCitation = campaignNoticeCitation(ruleset);

  for (const title of orderedTitles) {
    if (!campaign.titles.includes(title)) {
      breaches.push({
        ruleId: 'campaign.titles',
        kind: 'titleNotInCampaign',
        severity: 'hard',
        citation: noticeCitation,
        message: `本次评选未设${titleLabels[title]}，不能推荐（${itemsOf(byTitle, title).length} 个）`,
        itemIds: sortedIds(itemsOf(byTitle, title)),
      });
    }
  }

  const tableRule = ruleset.quotas.find((q) => q.kind === 'table');
  const table = campaign.quotaTable ?? tableRule?.table;
  const tableCitation = campaign.quotaTable || !tableRule ? noticeCitation : tableRule.citation;
  const unitQuotas = table?.units.find((u) => u.unit === unit.name)?.quotas;
  if (table && !unitQuotas && list.length > 0) {
    breaches.push({
      ruleId: 'quota.table',
      kind: 'notInQuotaTable',
      severity: 'hard',
      citation: tableCitation,
      message: `名额分配表中没有推荐单位「${unit.name}」，不能推荐`,
      itemIds: sortedIds(list),
    });
  }
  if (unitQuotas) {
    for (const title of orderedTitles) {
      const items = itemsOf(byTitle, title);
      const quota = unitQuotas[title] ?? 0;
      if (items.length > quota) {
        breaches.push({
          ruleId: 'quota.table',
          kind: 'quota',
          severity: 'hard',
          citation: tableCitation,
          message:
            quota === 0
              ? `${unit.name}没有${titleLabels[title]}名额，推荐了 ${items.length} 个`
              : `${unit.name}推荐${titleLabels[title]} ${items.length} 个，超过分配名额 ${quota} 个`,
          itemIds: sortedIds(items),
        });
      }
    }
  }

  for (const cap of ruleset.recommenderCaps) checkCap(cap, list, unit, breaches, gaps);

  for (const rule of ruleset.listRules) {
    if (rule.recommenders && !rule.recommenders.includes(unit.kind)) continue;
    const scopes = rule.perTitle ? rule.titles.map((t) => [t]) : [rule.titles];
    // Name the titles in the message unless the rule pools every title of the ruleset (推荐总数).
    const pooledAll = !rule.perTitle && rule.titles.length === ruleset.titles.length;
    for (const titles of scopes) {
      const scope = pooledAll ? '' : `${titles.map((t) => titleLabels[t]).join('、')}中`;
      checkShare(rule, titles, scope, list, unitQuotas, breaches, gaps);
    }
  }

  const ok = !breaches.some((b) => b.severity === 'hard') && !gaps.some((g) => g.severity === 'hard');
  const needsReason = breaches.some((b) => b.severity === 'advisory') || gaps.some((g) => g.severity === 'advisory');
  return { ok, needsReason, breaches, gaps };
}

function checkCap(cap: RecommenderCap, list: readonly ListItem[], unit: RecommendingUnit, breaches: ListBreach[], gaps: ListGap[]) {
  const capped = list.filter((item) => cap.titles.includes(item.title));
  const titles = cap.titles.map((t) => titleLabels[t]).join('、');
  const rule = { ruleId: cap.id, severity: cap.severity, citation: cap.citation, ...(cap.reading ? { reading: cap.reading } : {}) };
  if (cap.per === 'recommendingUnit') {
    if (capped.length > cap.max) {
      breaches.push({ ...rule, kind: 'cap', message: `${unit.name}推荐${titles}候选 ${capped.length} 个，超过 ${cap.max} 个`, itemIds: sortedIds(capped) });
    }
    return;
  }
  const unknown = capped.filter((item) => item.applyingUnit === undefined);
  if (unknown.length > 0) {
    gaps.push({ ...rule, message: `${unknown.length} 个${titles}候选未注明申报单位，无法检查每个申报单位限报 ${cap.max} 个`, itemIds: sortedIds(unknown) });
  }
  const byApplicant = groupBy(capped, (item) => item.applyingUnit);
  for (const applicant of [...byApplicant.keys()].sort()) {
    if (applicant === undefined) continue;
    const items = byApplicant.get(applicant) ?? [];
    if (items.length > cap.max) {
      breaches.push({ ...rule, kind: 'cap', message: `申报单位「${applicant}」申报${titles}候选 ${items.length} 个，超过 ${cap.max} 个`, itemIds: sortedIds(items) });
    }
  }
}

function checkShare(
  rule: ListShareRule,
  titles: TitleCode[],
  scope: string,
  list: readonly ListItem[],
  unitQuotas: Partial<Record<TitleCode, number>> | undefined,
  breaches: ListBreach[],
  gaps: ListGap[],
) {
  const items = list.filter((item) => titles.includes(item.title));
  if (items.length === 0) return;

  const matched: ListItem[] = [];
  const unknown: ListItem[] = [];
  for (const item of items) {
    const answers = rule.matches.map((m) => {
      const value = item[m.fact];
      return value === undefined ? undefined : m.anyOf.includes(value);
    });
    if (answers.some((a) => a === true)) matched.push(item);
    else if (answers.some((a) => a === undefined)) unknown.push(item);
  }

  const quota = titles.reduce((sum, t) => sum + (unitQuotas?.[t] ?? 0), 0);
  const useQuota = rule.denominator === 'allocatedQuota' && quota > 0;
  const base = useQuota ? quota : items.length;
  const baseText = useQuota ? `分配名额的` : '';
  const fallback = rule.denominator === 'allocatedQuota' && !useQuota ? '（未找到分配名额，按推荐数计算）' : '';

  // With unknown items the share lies between matched/base and (matched+unknown)/base; only when the rule's
  // outcome is the same at both ends is it decided.
  const low = compare(matched.length / base, rule.comparison, rule.threshold);
  const high = compare((matched.length + unknown.length) / base, rule.comparison, rule.threshold);
  if (low && high) return;
  if (low !== high) {
    gaps.push({
      ruleId: rule.id,
      severity: rule.severity,
      citation: rule.citation,
      message: `${unknown.length} 个推荐对象缺少${rule.subject}认定所需信息，无法判断${scope}${rule.subject}占比是否符合要求`,
      itemIds: sortedIds(unknown),
    });
    return;
  }
  const share = matched.length / base;
  // "女性占适当比例" has no figure: the rule only asks that there be some, so say that plainly.
  const noneAtAll = rule.comparison === 'gt' && rule.threshold === 0;
  const message = noneAtAll
    ? `${scope}没有${rule.subject}（0/${base}）`
    : `${scope}${rule.subject}占${baseText} ${formatRate(share)}（${matched.length}/${base}），${comparisonWord(rule.comparison, false)} ${formatRate(rule.threshold)}${fallback}`;
  breaches.push({
    ruleId: rule.id,
    kind: 'ratio',
    severity: rule.severity,
    citation: rule.citation,
    message,
    itemIds: sortedIds(rule.comparison === 'gte' || rule.comparison === 'gt' ? items : matched),
  });
}

/** The article that lets a campaign notice set titles and numbers; cited when a list breaks the notice. */
function campaignNoticeCitation(ruleset: Ruleset): Citation {
  const notice = ruleset.quotas.find((q) => q.kind === 'perCampaignNotice') ?? ruleset.quotas[0];
  // The schema requires at least one quota rule.
  if (!notice) throw new Error(`ruleset ${ruleset.id} has no quota rule`);
  return notice.citation;
}

function groupBy<K, T>(items: readonly T[], key: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

function itemsOf(groups: Map<TitleCode, ListItem[]>, title: TitleCode): ListItem[] {
  return groups.get(title) ?? [];
}

function sortedIds(items: readonly ListItem[]): string[] {
  return items.map((i) => i.id).sort();
}
