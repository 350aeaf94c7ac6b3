import { rulesets, type RulesetId } from '@config/rulesets';
import { evaluateEligibility, type ConditionResult, type Facts, type TitleCode } from '@shared/rules';

/** Shared set-up for the rules tests: evaluate one condition of one ruleset. */

export const year = 2024;

/** The same figure in each of the last `years` years ending at 2024. */
export function series<T>(value: T, years = 3): Record<string, T> {
  const out: Record<string, T> = {};
  for (let y = year - years + 1; y <= year; y++) out[String(y)] = value;
  return out;
}

export function resultFor(rulesetId: RulesetId, title: TitleCode, conditionId: string, facts: Facts): ConditionResult {
  const { results } = evaluateEligibility(rulesets[rulesetId], title, facts, { year });
  const result = results.find((r) => r.conditionId === conditionId);
  if (!result) throw new Error(`no result ${conditionId} for ${rulesetId}/${title}`);
  return result;
}

export function nomineeKindOf(title: TitleCode): Facts['nominee']['kind'] {
  if (title === 'modelHome' || title === 'redFlagHome') return 'org';
  if (title === 'modelSmallHome' || title === 'redFlagSmallHome') return 'subOrg';
  return 'person';
}
