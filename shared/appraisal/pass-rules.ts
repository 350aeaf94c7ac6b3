import type { Citation } from '../rules/citation';
import { citationText } from '../rules/citation';
import { compare, comparisonWord, formatRate } from '../rules/compare';
import type { Comparison, Ruleset } from '../rules/ruleset-schema';
import { titleLabels, type TitleCode } from '../rules/titles';
import type { AppraisalKind } from './ballot-kinds';
import type { QuestionRates } from './tally';

/**
 * The pass rules a sealed ballot is judged by, read from the ruleset itself (never restated here): the
 * satisfaction thresholds of its conditions (会员评家满意率 ≥ 90% …), the congress ballot's 同意票率 (JZ 三、（三）
 * ≥ 85%), and the revocation ground on dissatisfaction (不满意率 > 50%). Each keeps the article it comes from.
 */
export interface PassRule {
  rate: 'satisfaction' | 'dissatisfaction' | 'yesShare';
  /** The figure must meet this comparison; a result that does not "breaks" the rule. */
  comparison: Comparison;
  threshold: number;
  citation: Citation;
  description: string;
  /** The titles the rule is a condition of (or, for dissatisfaction, the titles it revokes). */
  titles: TitleCode[];
}

/** A rule that matters to every union, not only to one aiming at a higher title (红旗单位, 标兵). */
export const isBaseRule = (rule: PassRule): boolean =>
  rule.rate !== 'satisfaction' || rule.titles.some((t) => t === 'modelHome' || t === 'modelSmallHome');

const opposite: Record<Comparison, Comparison> = { gt: 'lte', gte: 'lt', lt: 'gte', lte: 'gt' };

export function passRulesOf(ruleset: Ruleset, kind: AppraisalKind): PassRule[] {
  const rules: PassRule[] = [];
  const add = (rule: PassRule): void => {
    const key = `${rule.rate}|${rule.comparison}|${rule.threshold}`;
    const same = rules.find((r) => `${r.rate}|${r.comparison}|${r.threshold}` === key);
    if (same) {
      for (const t of rule.titles) if (!same.titles.includes(t)) same.titles.push(t);
      return;
    }
    rules.push(rule);
  };
  for (const c of ruleset.conditions) {
    if (c.kind !== 'yearlyThreshold' && c.kind !== 'threshold') continue;
    if (kind === 'memberAppraisal' && c.fact === 'memberAppraisalSatisfaction') {
      add({ rate: 'satisfaction', comparison: c.comparison, threshold: c.threshold, citation: c.citation, description: c.description, titles: [...c.titles] });
    }
    if (kind === 'congressBallot' && c.fact === 'congressYesShare') {
      add({ rate: 'yesShare', comparison: c.comparison, threshold: c.threshold, citation: c.citation, description: c.description, titles: [...c.titles] });
    }
  }
  if (kind === 'memberAppraisal') {
    for (const g of ruleset.revocation.grounds) {
      // The ground names the figure that revokes; the rule to keep is its opposite (不满意率 not above 50%).
      if (g.automatic?.kind === 'dissatisfactionRate') {
        add({ rate: 'dissatisfaction', comparison: opposite[g.automatic.comparison], threshold: g.automatic.threshold, citation: g.citation, description: g.description, titles: [...g.titles] });
      }
    }
  }
  return rules.sort((a, b) => a.rate.localeCompare(b.rate) || a.threshold - b.threshold);
}

export interface RuleOutcome {
  rule: PassRule;
  passed: boolean;
  /** "满意率 86% 低于 90%（全总〔2020〕… 第六条（六））" */
  explanation: string;
}

const rateLabels: Record<PassRule['rate'], string> = { satisfaction: '满意率', dissatisfaction: '不满意率', yesShare: '同意票率' };

/** Judges a sealed result's overall rates by the rules; a rate that could not be computed (no ballots) is left out. */
export function judgeRates(rules: readonly PassRule[], rates: QuestionRates): RuleOutcome[] {
  return rules.flatMap((rule) => {
    const value = rates[rule.rate];
    if (value === undefined) return [];
    const passed = compare(value, rule.comparison, rule.threshold);
    const titles = rule.titles.map((t) => titleLabels[t]).join('、');
    const what = rule.rate === 'dissatisfaction' ? `已获${titles}称号的，连续两年超过即撤销` : titles;
    return [{ rule, passed, explanation: `${rateLabels[rule.rate]} ${formatRate(value)} ${comparisonWord(rule.comparison, passed)} ${formatRate(rule.threshold)}（${what}：${citationText(rule.citation)}）` }];
  });
}
