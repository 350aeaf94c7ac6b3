import type { AppraisalKind, BallotOption } from './ballot-kinds';
import { optionsOf } from './ballot-kinds';

/** Counts of one question: option → number of ballots that chose it. */
export type OptionCounts = Partial<Record<BallotOption, number>>;

export interface QuestionRates {
  /** Ballots that answered this question. */
  valid: number;
  counts: Record<string, number>;
  /** (满意 + 基本满意) / valid — 会员评家 and 主席测评. */
  satisfaction?: number;
  /** 不满意 / valid. */
  dissatisfaction?: number;
  /** 同意 / valid ballots (弃权 included in the valid ballots) — the congress ballot. */
  yesShare?: number;
}

/**
 * The rates of one question. Satisfaction = (满意 + 基本满意) / valid ballots and dissatisfaction = 不满意 / valid
 * ballots, the reading every regulation's "满意率" / "不满意率" takes; the congress ballot's 同意票率 counts 弃权
 * among the valid ballots (JZ 三、（三）: "同意票率达不到85%的不能申报"). No ballots → no rates, never 0 %.
 */
export function questionRates(kind: AppraisalKind, counts: OptionCounts): QuestionRates {
  const all: Record<string, number> = {};
  for (const option of optionsOf(kind)) all[option] = counts[option] ?? 0;
  const valid = Object.values(all).reduce((a, b) => a + b, 0);
  if (valid === 0) return { valid, counts: all };
  if (kind === 'congressBallot') return { valid, counts: all, yesShare: (all.yes ?? 0) / valid };
  return {
    valid,
    counts: all,
    satisfaction: ((all.satisfied ?? 0) + (all.basicallySatisfied ?? 0)) / valid,
    dissatisfaction: (all.dissatisfied ?? 0) / valid,
  };
}

/** Turnout: ballots cast / the eligible members of the roster snapshot. */
export const turnoutOf = (cast: number, eligible: number): number | undefined => (eligible > 0 ? cast / eligible : undefined);

/**
 * 测评等次 of one chair or vice-chair from the member congress's ratings. The regulations name the grades but not
 * how to derive one from the votes; we take the option with the most ballots, a tie going to the lower grade
 * (so 不满意 is never hidden by a tie). An organiser must confirm this reading (noted in README).
 */
export function gradeOfPerson(counts: OptionCounts): 'satisfied' | 'basicallySatisfied' | 'dissatisfied' | undefined {
  const order = ['dissatisfied', 'basicallySatisfied', 'satisfied'] as const;
  let best: (typeof order)[number] | undefined;
  let bestCount = 0;
  for (const option of order) {
    const n = counts[option] ?? 0;
    if (n > bestCount) {
      best = option;
      bestCount = n;
    }
  }
  return best;
}
