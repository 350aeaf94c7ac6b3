import type { Citation } from '../../shared/rules/citation';
import type { DifferenceMark, FollowedRuleset, Ruleset, RulesetInput } from '../../shared/rules/ruleset-schema';
import type { ConditionInput } from './build';

/**
 * A regional ruleset written as differences from the ruleset it follows (issue 16 point 9): each rule is either
 * the followed rule under the regional article (`same`), a stricter, looser or changed version of it, or an added
 * rule. A followed rule the regional file does not mention is 未规定 there. The marks are kept in the ruleset
 * (`follows`), so the comparison page (本地办法与全国办法对照) reads them from the same data the engine evaluates.
 *
 * The marks are checked where they can be: a `same` is the followed rule (copied, never restated); a stricter or
 * looser threshold must move the way its mark says; a changed rule must actually differ.
 */
export type GroundInput = RulesetInput['revocation']['grounds'][number];
type Rule = { id: string; citation: Citation; description: string };

export type Declared<T extends Rule> =
  | { mark: 'same'; id: string; citation: Citation; description?: string }
  | { mark: 'stricter' | 'looser' | 'changed'; rule: T; note: string }
  | { mark: 'added'; rule: T; note?: string };

/** The followed rule as it stands, under the regional article (and, when the wording differs, its own words). */
export const same = (id: string, citation: Citation, description?: string): Declared<never> => ({ mark: 'same', id, citation, ...(description ? { description } : {}) });
export const stricter = <T extends Rule>(rule: T, note: string): Declared<T> => ({ mark: 'stricter', rule, note });
export const looser = <T extends Rule>(rule: T, note: string): Declared<T> => ({ mark: 'looser', rule, note });
export const changed = <T extends Rule>(rule: T, note: string): Declared<T> => ({ mark: 'changed', rule, note });
export const added = <T extends Rule>(rule: T, note?: string): Declared<T> => ({ mark: 'added', rule, ...(note ? { note } : {}) });

type Part = FollowedRuleset['marks'][number]['part'];

/** The regional rules of one part, and their marks, from the followed rules and the declarations. */
export function follow<T extends Rule>(part: Part, followed: readonly T[], declared: readonly Declared<T>[]): { rules: T[]; marks: FollowedRuleset['marks'] } {
  const byId = new Map(followed.map((r) => [r.id, r]));
  const rules: T[] = [];
  const marks: FollowedRuleset['marks'] = [];
  for (const d of declared) {
    const id = d.mark === 'same' ? d.id : d.rule.id;
    const base = byId.get(id);
    if (d.mark === 'added') {
      if (base) throw new Error(`${part} ${id}: declared added, but the followed ruleset has a rule of that id`);
      rules.push(d.rule);
      marks.push({ part, id, mark: 'added', ...(d.note ? { note: d.note } : {}) });
      continue;
    }
    if (!base) throw new Error(`${part} ${id}: declared ${d.mark}, but the followed ruleset has no rule of that id`);
    if (d.mark === 'same') {
      rules.push({ ...base, citation: d.citation, ...(d.description ? { description: d.description } : {}) });
      marks.push({ part, id, mark: 'same' });
      continue;
    }
    const problem = part === 'condition' ? markProblem(d.mark, base as unknown as ConditionInput, d.rule as unknown as ConditionInput) : sameContent(base, d.rule) ? 'the rule is the followed one: declare it same' : undefined;
    if (problem) throw new Error(`${part} ${id}: declared ${d.mark}, but ${problem}`);
    rules.push(d.rule);
    marks.push({ part, id, mark: d.mark, note: d.note });
  }
  return { rules, marks };
}

/** Everything of a rule but where it is cited and how it is worded. */
function content(rule: object): string {
  const { citation: _c, description: _d, ...rest } = rule as Record<string, unknown>;
  // A parsed condition carries its default severity; a written one may leave it out.
  if ('kind' in rest) rest.severity ??= 'hard';
  return JSON.stringify(rest, Object.keys(rest).sort());
}
const sameContent = (a: object, b: object): boolean => content(a) === content(b);

const severityOf = (c: ConditionInput): string => c.severity ?? 'hard';

/** Why a declared stricter / looser / changed condition is not that, where the data can tell; undefined if it is. */
export function markProblem(mark: Exclude<DifferenceMark, 'same' | 'added'>, base: ConditionInput, regional: ConditionInput): string | undefined {
  if (sameContent(base, regional)) return 'the rule is the followed one: declare it same';
  if (mark === 'changed') return undefined;
  const direction = strictness(base, regional);
  if (direction === undefined) return undefined;
  if (direction === 0) return 'the rule is as strict as the followed one: declare it changed';
  if (mark === 'stricter' && direction < 0) return 'it is looser than the followed rule';
  if (mark === 'looser' && direction > 0) return 'it is stricter than the followed rule';
  return undefined;
}

/**
 * +1 when `regional` demands more than `base`, -1 when less, 0 when as much; undefined when the two cannot be
 * ordered by the data alone (different kinds, facts or comparisons, or several things moving different ways).
 */
export function strictness(base: ConditionInput, regional: ConditionInput): number | undefined {
  const moves: number[] = [];
  const hard = (c: ConditionInput) => (severityOf(c) === 'hard' ? 1 : 0);
  if (hard(base) !== hard(regional)) moves.push(hard(regional) - hard(base));
  const baseRest = { ...base, severity: undefined };
  const regionalRest = { ...regional, severity: undefined };
  if (base.kind === regional.kind && (base.kind === 'yearlyThreshold' || base.kind === 'threshold') && (regional.kind === 'yearlyThreshold' || regional.kind === 'threshold')) {
    if (base.fact !== regional.fact || base.comparison !== regional.comparison) return undefined;
    const up = base.comparison === 'gte' || base.comparison === 'gt' ? 1 : -1;
    if (regional.threshold !== base.threshold) moves.push(Math.sign(regional.threshold - base.threshold) * up);
    if (base.kind === 'yearlyThreshold' && regional.kind === 'yearlyThreshold' && regional.years !== base.years) moves.push(Math.sign(regional.years - base.years));
    const { threshold: _a, years: _b, ...b } = baseRest as Record<string, unknown>;
    const { threshold: _c, years: _d, ...r } = regionalRest as Record<string, unknown>;
    if (!sameContent(b, r)) return undefined;
  } else if (!sameContent(baseRest, regionalRest)) {
    return undefined;
  }
  if (moves.length === 0) return 0;
  if (moves.every((m) => m > 0)) return 1;
  if (moves.every((m) => m < 0)) return -1;
  return undefined;
}

/** A regional ruleset's conditions and revocation grounds, built from the followed ruleset and the declarations. */
export function following(
  base: Ruleset,
  declared: { conditions: readonly Declared<ConditionInput>[]; revocationGrounds?: readonly Declared<GroundInput>[] },
): { conditions: ConditionInput[]; grounds: GroundInput[]; follows: FollowedRuleset } {
  const conditions = follow('condition', base.conditions as ConditionInput[], declared.conditions);
  const grounds = follow('revocationGround', base.revocation.grounds as GroundInput[], declared.revocationGrounds ?? []);
  return { conditions: conditions.rules, grounds: grounds.rules, follows: { rulesetId: base.id, marks: [...conditions.marks, ...grounds.marks] } };
}
