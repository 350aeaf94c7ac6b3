import { evaluateEligibility, type ConditionResult } from './eligibility';
import type { Facts, UnionRole } from './facts';
import { automaticRevocationFlags, type RevocationFlag } from './revocation';
import type { Condition, Ruleset } from './ruleset-schema';
import type { TitleCode } from './titles';

/**
 * 复查 (issue 17 point 2): a holder re-judged once a year on what the system's own records show — 入会率 from the
 * roster, 会员评家 satisfaction and dissatisfaction from sealed appraisals, 主席测评等次 from the congress ballots — and
 * against the revocation grounds those figures prove by themselves. 动态监督管理服务, 复查: 总工办发〔2020〕15号 第二十二条;
 * the grounds: 第二十三条（九）、第二十五条（一）（五）; 京工发〔2021〕19号 第二十条（九）、第二十二条（一）（五）;
 * 桂工发〔2021〕8号 八、（二）9.、（四）1.、5.
 *
 * A condition that needs a person's judgement or a declaration (材料, 负面清单, titles held…) is not re-judged here: the
 * re-check never asks the holder, and what it cannot see it does not count as failed. A "近三年" window is read over
 * the years after the award only (the years before were judged when the title was given, often on declared figures
 * the records do not hold): 「本系统理解：…」 says so beside each such check.
 */

/** The figures a re-check reads: all of them kept by the system itself. */
export const recordFactKeys = ['membershipRate', 'memberAppraisalSatisfaction', 'memberAppraisalDissatisfaction', 'memberAppraisalTurnout', 'chairEvaluationGrade'] as const;
export type RecordFactKey = (typeof recordFactKeys)[number];

type YearlyCondition = Extract<Condition, { kind: 'yearlyThreshold' | 'yearlyGrade' }>;

/** The conditions of `title` a re-check can judge: yearly figures and grades from the records above. */
export function recheckableConditions(ruleset: Ruleset, title: TitleCode): YearlyCondition[] {
  const keys: readonly string[] = recordFactKeys;
  return ruleset.conditions.filter((c): c is YearlyCondition => c.titles.includes(title) && (c.kind === 'yearlyThreshold' || c.kind === 'yearlyGrade') && keys.includes(c.fact));
}

/**
 * - `flagged`: the figures prove an automatic revocation ground (the revocation procedure may start; nothing is revoked);
 * - `failed`: a hard condition of the title fails on this year's records (复查未通过, with the article);
 * - `incomplete`: nothing fails, but the records of a year a hard condition reads are missing (no sealed 会员评家…);
 * - `passed`: every re-checkable condition holds;
 * - `notDue`: no full year has passed since the award, so there is nothing new to judge.
 * An advisory condition (一般/原则上) that fails is reported, never a failure.
 */
export type RecheckOutcome = 'flagged' | 'failed' | 'incomplete' | 'passed' | 'notDue';

export const recheckOutcomeLabels: Record<RecheckOutcome, string> = {
  flagged: '触发撤销情形',
  failed: '复查未通过',
  incomplete: '记录不全',
  passed: '复查通过',
  notDue: '授予后尚无完整年度',
};

export interface RecheckedHonour {
  title: TitleCode;
  /** The Beijing year of the award: grounds count only the years after it. */
  awardedYear: number;
  /** The holder's office in its union, for a person: chairs and vice-chairs face the 测评 grounds. */
  role?: UnionRole;
}

export interface RecheckResult {
  outcome: RecheckOutcome;
  /** The last full year the records are read for (the re-check's 评查年度). */
  year: number;
  checks: ConditionResult[];
  flags: RevocationFlag[];
}

/**
 * Re-judges one honour. `facts` holds the holder's record figures (and its directory attributes under `nominee`, which
 * decide where a condition applies); any declared fact in it is ignored. `year` is the last full year.
 */
export function recheckHonour(ruleset: Ruleset, honour: RecheckedHonour, facts: Facts, year: number): RecheckResult {
  if (year <= honour.awardedYear) return { outcome: 'notDue', year, checks: [], flags: [] };
  const fromRecords: Facts = { nominee: facts.nominee };
  // The figures up to the year re-checked: a later year (recorded since) is that later year's re-check.
  for (const key of recordFactKeys) {
    const series = facts[key] as Record<string, unknown> | undefined;
    if (series !== undefined) Object.assign(fromRecords, { [key]: Object.fromEntries(Object.entries(series).filter(([y]) => Number(y) <= year)) });
  }
  const yearsSinceAward = year - honour.awardedYear;
  const clipped = new Map(
    recheckableConditions(ruleset, honour.title).map((c) => {
      if (c.years <= yearsSinceAward) return [c.id, c];
      const reading = `本系统理解：复查只看授予后的年度（${honour.awardedYear + 1}–${year} 年），授予前的年度已在评选时审核`;
      return [c.id, { ...c, years: yearsSinceAward, reading }];
    }),
  );
  const judged: Ruleset = { ...ruleset, conditions: ruleset.conditions.map((c) => clipped.get(c.id) ?? c) };
  const checks = evaluateEligibility(judged, honour.title, fromRecords, { year }).results.filter((r) => clipped.has(r.conditionId));
  const flags = automaticRevocationFlags(ruleset, {
    title: honour.title,
    awardedYear: honour.awardedYear,
    ...(honour.role ? { role: honour.role } : {}),
    ...(fromRecords.memberAppraisalDissatisfaction ? { memberAppraisalDissatisfaction: fromRecords.memberAppraisalDissatisfaction } : {}),
    ...(fromRecords.chairEvaluationGrade ? { chairEvaluationGrade: fromRecords.chairEvaluationGrade } : {}),
  });
  const hard = checks.filter((c) => c.severity === 'hard');
  const outcome: RecheckOutcome = flags.length > 0 ? 'flagged' : hard.some((c) => c.status === 'fail') ? 'failed' : hard.some((c) => c.status === 'missing') ? 'incomplete' : 'passed';
  return { outcome, year, checks, flags };
}
