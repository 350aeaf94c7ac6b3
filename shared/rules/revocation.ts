import type { Citation } from './citation';
import { compare, comparisonWord, formatRate } from './compare';
import { evaluationGradeLabels, type GradeSeries, type RateSeries, type UnionRole } from './facts';
import type { AutomaticGround, Ruleset } from './ruleset-schema';
import type { TitleCode } from './titles';

/**
 * 动态管理: finds the revocation grounds that yearly figures prove by themselves (dissatisfaction above 50% two
 * years running; a chair graded 不满意 two years running). A flag starts the revocation procedure; it does not
 * revoke. The other grounds (fraud, accidents…) need an investigation and are not flagged here.
 *
 * Only a holder is flagged, and only for the years after the award: the grounds describe a titled union or person
 * (可撤销…荣誉称号, 总工办发〔2020〕15号 第二十三条、第二十五条; 京工发〔2021〕19号 第二十条、第二十二条;
 * 桂工发〔2021〕8号 八、（二）（四）), and figures from before the title was given were the ones it was given on.
 */

export interface HonourHistory {
  /** The title held. */
  title: TitleCode;
  /** The year the title was awarded: only the years after it count. */
  awardedYear: number;
  /** The holder's role in its union; chairs and vice-chairs face extra grounds. */
  role?: UnionRole;
  /** 会员评家不满意率 by year, of the titled union (or of the chair's union). */
  memberAppraisalDissatisfaction?: RateSeries;
  /** 主席测评等次 by year. */
  chairEvaluationGrade?: GradeSeries;
}

export interface RevocationFlag {
  groundId: string;
  citation: Citation;
  description: string;
  /** The consecutive years that meet the ground (the latest such run). */
  years: number[];
  /** "2022 年、2023 年会员评家不满意率分别为 55%、60%，连续 2 年超过 50%" */
  explanation: string;
}

export function automaticRevocationFlags(ruleset: Ruleset, history: HonourHistory): RevocationFlag[] {
  const isChair = history.role === 'chair' || history.role === 'viceChair';
  const afterAward = {
    ...history,
    memberAppraisalDissatisfaction: yearsAfter(history.memberAppraisalDissatisfaction, history.awardedYear),
    chairEvaluationGrade: yearsAfter(history.chairEvaluationGrade, history.awardedYear),
  };
  const flags: RevocationFlag[] = [];
  for (const ground of ruleset.revocation.grounds) {
    if (!ground.automatic || !ground.titles.includes(history.title)) continue;
    if (ground.subject === 'chair' && !isChair) continue;
    const found = detect(ground.automatic, afterAward);
    if (found) flags.push({ groundId: ground.id, citation: ground.citation, description: ground.description, ...found });
  }
  return flags;
}

/** A title a union or person holds under the ruleset, and the year it was awarded. */
export interface HeldHonour {
  title: TitleCode;
  awardedYear: number;
}

/**
 * The flags of one union or person: for each title they hold, the grounds its figures after the award prove. One who
 * holds no title is never flagged, however its figures run.
 */
export function holderRevocationFlags(
  ruleset: Ruleset,
  holder: Omit<HonourHistory, 'title' | 'awardedYear'> & { honours: readonly HeldHonour[] },
): (RevocationFlag & HeldHonour)[] {
  const { honours, ...figures } = holder;
  return honours.flatMap((h) => automaticRevocationFlags(ruleset, { ...figures, ...h }).map((flag) => ({ ...flag, ...h })));
}

/** The part of a yearly series after `year`. */
function yearsAfter<T>(series: Record<string, T> | undefined, year: number): Record<string, T> {
  return Object.fromEntries(Object.entries(series ?? {}).filter(([y]) => Number(y) > year));
}

function detect(ground: AutomaticGround, history: HonourHistory): Pick<RevocationFlag, 'years' | 'explanation'> | undefined {
  if (ground.kind === 'dissatisfactionRate') {
    const series = history.memberAppraisalDissatisfaction ?? {};
    const years = latestRun(series, (v) => compare(v, ground.comparison, ground.threshold), ground.consecutiveYears);
    if (!years) return undefined;
    const figures = years.map((y) => formatRate(series[String(y)] ?? 0)).join('、');
    return {
      years,
      explanation: `${yearsText(years)}会员评家不满意率分别为 ${figures}，连续 ${years.length} 年${comparisonWord(ground.comparison, true)} ${formatRate(ground.threshold)}`,
    };
  }
  const series = history.chairEvaluationGrade ?? {};
  const years = latestRun(series, (g) => g === ground.grade, ground.consecutiveYears);
  if (!years) return undefined;
  return {
    years,
    explanation: `${yearsText(years)}工会会员代表大会测评等次均为${evaluationGradeLabels[ground.grade]}，连续 ${years.length} 年`,
  };
}

/** The latest run of at least `length` consecutive years whose figure meets `test`; a missing year breaks a run. */
function latestRun<T>(series: Record<string, T>, test: (value: T) => boolean, length: number): number[] | undefined {
  const years = Object.keys(series)
    .map(Number)
    .filter((y) => Number.isInteger(y))
    .sort((a, b) => a - b);
  let best: number[] | undefined;
  let run: number[] = [];
  for (const y of years) {
    const value = series[String(y)];
    const meets = value !== undefined && test(value);
    const extends_ = run.length > 0 && run[run.length - 1] === y - 1;
    run = meets ? (extends_ ? [...run, y] : [y]) : [];
    if (run.length >= length) best = run;
  }
  return best;
}

function yearsText(years: number[]): string {
  return years.map((y) => `${y} 年`).join('、');
}
