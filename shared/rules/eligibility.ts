import { citationText, type Citation } from './citation';
import { compare, comparisonWord, formatNumber, formatRate } from './compare';
import {
  attributeValueLabel,
  evaluationGradeLabels,
  honourLevelLabels,
  honourLevels,
  latestYearIn,
  narrativeLabels,
  nomineeAttributeLabels,
  nomineeKindLabels,
  scalarFact,
  scalarFactLabels,
  scalarFactUnits,
  yearlyRateLabels,
  type Facts,
  type HeldTitle,
} from './facts';
import type { Condition, NegativeList, Ruleset, Severity, TitleOffer } from './ruleset-schema';
import { titleLabels, type TitleCode } from './titles';

export { citationText } from './citation';

/**
 * 资格检查: evaluates one nominee against every condition a ruleset sets for one title, and says why for each.
 */

export type ConditionStatus = 'pass' | 'fail' | 'missing' | 'manual';

export interface ConditionResult {
  conditionId: string;
  status: ConditionStatus;
  severity: Severity;
  citation: Citation;
  description: string;
  /** Chinese, with the figures: "2024 年入会率 93%，低于 95%". */
  explanation: string;
  /** 「本系统理解：…」 where the condition reads the text beyond its words (ruleset-schema.ts `reading`). */
  reading?: string;
}

/**
 * - `ineligible`: a hard condition fails.
 * - `incomplete`: nothing fails, but a hard condition lacks its facts.
 * - `needsReview`: every checkable hard condition passes; a person must still confirm manual conditions or
 *   weigh an advisory one that fails or lacks facts.
 * - `eligible`: everything passes.
 */
export type Verdict = 'eligible' | 'ineligible' | 'incomplete' | 'needsReview';

export interface EligibilityResult {
  verdict: Verdict;
  results: ConditionResult[];
}

export interface EligibilityOptions {
  /**
   * Last year of "近三年" windows: the last of a campaign's 评选依据年度 (fact-years.ts: by default the year before the
   * campaign's own, which is not over yet). Defaults to the latest year in the facts.
   */
  year?: number;
}

export function evaluateEligibility(
  ruleset: Ruleset,
  title: TitleCode,
  facts: Facts,
  options: EligibilityOptions = {},
): EligibilityResult {
  const offer = ruleset.titles.find((t) => t.title === title);
  // Asking about a title the regulation does not have is a caller's bug, not an applicant's refusal.
  if (!offer) throw new RangeError(`ruleset ${ruleset.id} does not offer title ${title}`);
  // Facts arrive while a chair is still typing: a missing nominee block is "missing", never a crash.
  facts = { ...facts, nominee: facts.nominee ?? {} };
  const year = options.year ?? latestYearIn(facts);

  const results: ConditionResult[] = [nomineeKindResult(offer, facts)];
  for (const c of ruleset.conditions) {
    if (c.titles.includes(title)) results.push(evaluateCondition(c, facts, year, ruleset.minTurnout));
  }
  for (const list of ruleset.negativeLists) {
    if (list.titles.includes(title)) results.push(...evaluateNegativeList(list, facts));
  }
  return { verdict: verdictOf(results), results };
}

export function verdictOf(results: ConditionResult[]): Verdict {
  const hard = results.filter((r) => r.severity === 'hard');
  if (hard.some((r) => r.status === 'fail')) return 'ineligible';
  if (hard.some((r) => r.status === 'missing')) return 'incomplete';
  if (results.some((r) => r.status !== 'pass')) return 'needsReview';
  return 'eligible';
}

type Outcome = Pick<ConditionResult, 'status' | 'explanation'>;

function nomineeKindResult(offer: TitleOffer, facts: Facts): ConditionResult {
  const kind = facts.nominee.kind;
  const expected = nomineeKindLabels[offer.nominee];
  const outcome: Outcome =
    kind === undefined
      ? { status: 'missing', explanation: `缺少被推荐对象类型（应为${expected}）` }
      : kind === offer.nominee
        ? { status: 'pass', explanation: `被推荐对象为${expected}` }
        : { status: 'fail', explanation: `${titleLabels[offer.title]}只从${expected}中评选，被推荐对象为${nomineeKindLabels[kind]}` };
  return {
    conditionId: 'nominee.kind',
    severity: 'hard',
    citation: offer.citation,
    description: offer.description,
    ...outcome,
  };
}

type MinTurnout = Ruleset['minTurnout'];

function evaluateCondition(c: Condition, facts: Facts, year: number | undefined, minTurnout: MinTurnout): ConditionResult {
  return {
    conditionId: c.id,
    severity: c.severity,
    citation: c.citation,
    description: c.description,
    ...(c.reading === undefined ? {} : { reading: c.reading }),
    ...(applicabilityOutcome(c, facts) ?? outcomeOf(c, facts, year, minTurnout)),
  };
}

/**
 * A ballot's rate never stands alone: "（投票率 80%）" beside it, and, where the ruleset sets a least turnout, a
 * rate measured below it does not pass. Undefined turnout (a figure not from a ballot) adds nothing.
 */
function withTurnout(outcome: { passed: boolean; text: string }, turnout: number | undefined, minTurnout: MinTurnout): { passed: boolean; text: string } {
  if (turnout === undefined) return outcome;
  const beside = `（投票率 ${formatRate(turnout)}）`;
  if (minTurnout && turnout < minTurnout.threshold) {
    return { passed: false, text: `${outcome.text}${beside}，但投票率低于 ${formatRate(minTurnout.threshold)}，结果不能采用（${citationText(minTurnout.citation)}）` };
  }
  return { ...outcome, text: `${outcome.text}${beside}` };
}

const ballotRateKeys: readonly string[] = ['memberAppraisalSatisfaction', 'memberAppraisalDissatisfaction'];

/** Undefined when the condition applies; otherwise why it does not (a pass) or why we cannot tell (missing). */
function applicabilityOutcome(c: Condition, facts: Facts): Outcome | undefined {
  if (!c.appliesWhen) return undefined;
  const { fact, anyOf, description } = c.appliesWhen;
  const value = facts.nominee[fact];
  if (value === undefined) {
    return { status: 'missing', explanation: `缺少${nomineeAttributeLabels[fact]}，无法判断本条是否适用（适用于${description}）` };
  }
  if (anyOf.includes(value)) return undefined;
  return { status: 'pass', explanation: `不适用：本条仅适用于${description}` };
}

function outcomeOf(c: Condition, facts: Facts, year: number | undefined, minTurnout: MinTurnout): Outcome {
  switch (c.kind) {
    case 'yearlyThreshold': {
      const label = yearlyRateLabels[c.fact];
      const turnouts = ballotRateKeys.includes(c.fact) ? facts.memberAppraisalTurnout : undefined;
      return yearlyOutcome(c.years, year, label, facts[c.fact], (value, y) => {
        const passed = compare(value, c.comparison, c.threshold);
        return withTurnout({ passed, text: `${y} 年${label} ${formatRate(value)}，${comparisonWord(c.comparison, passed)} ${formatRate(c.threshold)}` }, turnouts?.[String(y)], minTurnout);
      });
    }
    case 'yearlyGrade': {
      const wanted = evaluationGradeLabels[c.grade];
      return yearlyOutcome(c.years, year, '主席测评等次', facts.chairEvaluationGrade, (grade, y) => {
        const passed = grade === c.grade;
        const got = evaluationGradeLabels[grade];
        return { passed, text: `${y} 年工会会员代表大会测评等次为${got}${passed ? '' : `，未达到${wanted}`}` };
      });
    }
    case 'threshold': {
      const value = scalarFact(facts, c.fact);
      const label = scalarFactLabels[c.fact];
      if (value === undefined) return { status: 'missing', explanation: `缺少${label}` };
      const show = scalarFactUnits[c.fact] === 'rate' ? formatRate : (v: number) => `${formatNumber(v)} 年`;
      const judged = withTurnout(
        { passed: compare(value, c.comparison, c.threshold), text: '' },
        c.fact === 'congressYesShare' ? facts.congressTurnout : undefined,
        minTurnout,
      );
      const passed = compare(value, c.comparison, c.threshold);
      return {
        status: judged.passed ? 'pass' : 'fail',
        explanation: `${label} ${show(value)}，${comparisonWord(c.comparison, passed)} ${show(c.threshold)}${judged.text}`,
      };
    }
    case 'titleHeld': {
      if (facts.titlesHeld === undefined) return { status: 'missing', explanation: '缺少已获荣誉称号情况' };
      const min = honourLevels.indexOf(c.minLevel);
      const wanted = c.heldTitles.map((t) => titleLabels[t]).join('、');
      const held = facts.titlesHeld.find((h) => c.heldTitles.includes(h.title) && honourLevels.indexOf(h.level) >= min);
      return held
        ? { status: 'pass', explanation: `已获 ${heldText(held)}` }
        : { status: 'fail', explanation: `未获得${honourLevelLabels[c.minLevel]}（含）以上${wanted}称号` };
    }
    case 'titleNotHeld': {
      if (facts.titlesHeld === undefined) return { status: 'missing', explanation: '缺少已获荣誉称号情况' };
      const held = facts.titlesHeld.filter((h) => c.heldTitles.includes(h.title) && c.levels.includes(h.level));
      const barred = c.levels.map((l) => honourLevelLabels[l]).join('、');
      const titles = c.heldTitles.map((t) => titleLabels[t]).join('、');
      return held.length > 0
        ? { status: 'fail', explanation: `已获 ${held.map(heldText).join('、')}` }
        : { status: 'pass', explanation: `未获得过${barred}${titles}称号` };
    }
    case 'attribute': {
      const value = facts.nominee[c.fact];
      const label = nomineeAttributeLabels[c.fact];
      if (value === undefined) return { status: 'missing', explanation: `缺少${label}` };
      const passed = c.anyOf ? c.anyOf.includes(value) : !(c.noneOf ?? []).includes(value);
      return {
        status: passed ? 'pass' : 'fail',
        explanation: `${label}：${attributeValueLabel(value)}${passed ? '，符合要求' : '，不在可推荐范围内'}`,
      };
    }
    case 'textLength': {
      const text = facts[c.fact];
      const label = narrativeLabels[c.fact];
      if (text === undefined) return { status: 'missing', explanation: `缺少${label}` };
      // Count characters as readers do: one per code point, not per UTF-16 unit.
      const length = Array.from(text).length;
      const passed = length <= c.maxChars;
      return {
        status: passed ? 'pass' : 'fail',
        explanation: `${label} ${length} 字，${passed ? '未超过' : '超过'} ${c.maxChars} 字`,
      };
    }
    case 'manual': {
      const attested = facts.attestations?.[c.id];
      if (attested === false) return { status: 'fail', explanation: '申报方声明不符合本条' };
      return {
        status: 'manual',
        explanation: attested ? '申报方已声明符合，需审核人根据申报材料确认' : '需审核人根据申报材料确认',
      };
    }
  }
}

/** Checks each of the `years` years ending at `year`; a known failure outweighs a missing year. */
function yearlyOutcome<T>(
  years: number,
  year: number | undefined,
  label: string,
  series: Record<string, T> | undefined,
  check: (value: T, year: number) => { passed: boolean; text: string },
): Outcome {
  if (year === undefined) return { status: 'missing', explanation: `缺少${years > 1 ? `近${chineseCount(years)}年` : ''}${label}` };
  const parts: string[] = [];
  let failed = false;
  let missing = false;
  for (let y = year - years + 1; y <= year; y++) {
    const value = series?.[String(y)];
    if (value === undefined) {
      missing = true;
      parts.push(`缺少 ${y} 年${label}`);
      continue;
    }
    const { passed, text } = check(value, y);
    failed ||= !passed;
    parts.push(text);
  }
  return { status: failed ? 'fail' : missing ? 'missing' : 'pass', explanation: parts.join('；') };
}

function chineseCount(n: number): string {
  return ['零', '一', '两', '三', '四', '五', '六', '七', '八', '九', '十'][n] ?? String(n);
}

function heldText(h: HeldTitle): string {
  return `${h.year} 年${honourLevelLabels[h.level]}${titleLabels[h.title]}称号`;
}

function evaluateNegativeList(list: NegativeList, facts: Facts): ConditionResult[] {
  return list.items.map((item) => {
    const answer = facts.barringCircumstances?.[item.id];
    const outcome: Outcome =
      answer === undefined
        ? { status: 'missing', explanation: '未声明是否存在本情形' }
        : answer
          ? { status: 'fail', explanation: '存在本情形，不得申报推荐' }
          : { status: 'pass', explanation: '已声明不存在本情形' };
    return {
      conditionId: `${list.id}.${item.id}`,
      severity: 'hard' as const,
      citation: item.citation,
      description: item.description,
      ...outcome,
    };
  });
}
