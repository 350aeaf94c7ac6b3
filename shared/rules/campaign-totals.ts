import { citationText, type Citation } from './citation';
import type { Ruleset } from './ruleset-schema';
import { titleCodes, titleLabels, type TitleCode } from './titles';

/**
 * 评选总数: the fixed numbers a ruleset sets for a whole year or campaign (秦皇岛 第十一条 15/15/10 a year; 焦作
 * 一、（一）（二） 40/80/100/150/100 and 10/20/10/10 in the campaign). They bind the organiser's decision, not one
 * recommending unit's list: units may together recommend more than can be awarded, and the organiser chooses.
 */

export type TitleCounts = Partial<Record<TitleCode, number>>;
export type TotalPeriod = 'year' | 'campaign';

export interface CampaignTotal {
  title: TitleCode;
  limit: number;
  period: TotalPeriod;
  citation: Citation;
  /** Honours conferred so far: in the campaign, or (period 'year') in every campaign of the ruleset that year. */
  awarded: number;
  /** Sent up by the recommending units and not yet decided. */
  recommended: number;
}

export interface TotalExceeded {
  title: TitleCode;
  limit: number;
  period: TotalPeriod;
  citation: Citation;
  awarded: number;
  adding: number;
  /** "模范职工之家每年 15 个（…第十一条），已授予 15 个，本次决定 1 个，合计 16 个" */
  message: string;
}

/** The periods a ruleset counts over: what the decision has to tally. */
export function totalPeriods(ruleset: Ruleset): TotalPeriod[] {
  return [...new Set(ruleset.quotas.flatMap((q) => (q.kind === 'fixedCounts' ? [q.period] : [])))];
}

/** One line per title the campaign offers and a fixed count limits, in title order. */
export function campaignTotals(ruleset: Ruleset, titles: readonly TitleCode[], awarded: Record<TotalPeriod, TitleCounts>, recommended: TitleCounts): CampaignTotal[] {
  return limitsOf(ruleset)
    .filter((l) => titles.includes(l.title))
    .map((l) => ({ ...l, awarded: awarded[l.period][l.title] ?? 0, recommended: recommended[l.title] ?? 0 }));
}

/** What a decision adding `adding` honours would take past a fixed count, given those already `awarded`. */
export function totalsExceeded(ruleset: Ruleset, awarded: Record<TotalPeriod, TitleCounts>, adding: TitleCounts): TotalExceeded[] {
  return limitsOf(ruleset).flatMap((l) => {
    const before = awarded[l.period][l.title] ?? 0;
    const more = adding[l.title] ?? 0;
    if (more === 0 || before + more <= l.limit) return [];
    const unit = measureWord(l.title);
    const message = `${titleLabels[l.title]}${l.period === 'year' ? '每年' : '本次评选'} ${l.limit} ${unit}（${citationText(l.citation)}），${l.period === 'year' ? '本年' : ''}已授予 ${before} ${unit}，本次决定 ${more} ${unit}，合计 ${before + more} ${unit}`;
    return [{ ...l, awarded: before, adding: more, message }];
  });
}

/** 个 for collectives, 名 for people, as the regulations count them. */
export function measureWord(title: TitleCode): string {
  return title === 'modelHome' || title === 'modelSmallHome' || title === 'redFlagHome' || title === 'redFlagSmallHome' ? '个' : '名';
}

function limitsOf(ruleset: Ruleset): { title: TitleCode; limit: number; period: TotalPeriod; citation: Citation }[] {
  return ruleset.quotas.flatMap((q) =>
    q.kind === 'fixedCounts'
      ? titleCodes.flatMap((title) => {
          const limit = q.counts[title];
          return limit === undefined ? [] : [{ title, limit, period: q.period, citation: q.citation }];
        })
      : [],
  ).sort((a, b) => titleCodes.indexOf(a.title) - titleCodes.indexOf(b.title));
}
