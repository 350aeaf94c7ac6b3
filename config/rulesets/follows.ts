import type { Citation } from '../../shared/rules/citation';
import { honourLevels, type HonourLevel } from '../../shared/rules/facts';
import type { DifferenceMark, FollowedRuleset, RulesetInput } from '../../shared/rules/ruleset-schema';
import type { TitleCode } from '../../shared/rules/titles';
import type { ConditionInput } from './build';

/**
 * A regional ruleset written as differences from the ruleset it follows (issue 16 point 9): each rule is either
 * the followed rule under the regional article (`same`), a stricter, looser or changed version of it, or an added
 * rule. A followed rule the regional file does not mention is 未规定 there. The marks are kept in the ruleset
 * (`follows`), so the comparison page (本地办法与全国办法对照) reads them from the same data the engine evaluates.
 *
 * A followed rule is read at the regional ruleset's own level and for the titles it offers: "一般从省级模范职工之家中
 * 产生" in the national text is "from the level below", the city level in a provincial ruleset; "不重复评选" of the
 * national title is of the provincial title there; a national rule of 模范职工之家 and 优秀工会积极分子 binds only
 * 模范职工之家 in a ruleset without 积极分子. A `same` rule is the followed rule so read.
 *
 * A regional rule whose id is not the followed rule's — a different level in its name (home.fromCity), or one
 * regional item that covers several national ones — names what it stands beside with `paired(…)`.
 *
 * The marks are checked where they can be: a `same` is the followed rule (copied, never restated); a stricter or
 * looser threshold must move the way its mark says; a changed rule must actually differ, in its data or — where
 * the substance is in the words (a manual condition, a revocation ground) — in its words.
 */
export type GroundInput = RulesetInput['revocation']['grounds'][number];
type Rule = { id: string; citation: Citation; description: string; titles: TitleCode[] };

/** The national ids a regional rule stands beside, when they are not just its own id. */
type Pairs = { pairsWith?: [string, ...string[]] };

export type Declared<T extends Rule> =
  | ({ mark: 'same'; id: string; citation: Citation; description?: string; note?: string } & Pairs)
  | ({ mark: 'stricter' | 'looser' | 'changed'; rule: T; note: string } & Pairs)
  | { mark: 'added'; rule: T; note?: string };

/** The followed rule as it stands, under the regional article (and, when the wording differs, its own words). */
export const same = (id: string, citation: Citation, description?: string, note?: string): Declared<never> => ({
  mark: 'same',
  id,
  citation,
  ...(description ? { description } : {}),
  ...(note ? { note } : {}),
});
export const stricter = <T extends Rule>(rule: T, note: string): Declared<T> => ({ mark: 'stricter', rule, note });
export const looser = <T extends Rule>(rule: T, note: string): Declared<T> => ({ mark: 'looser', rule, note });
export const changed = <T extends Rule>(rule: T, note: string): Declared<T> => ({ mark: 'changed', rule, note });
export const added = <T extends Rule>(rule: T, note?: string): Declared<T> => ({ mark: 'added', rule, ...(note ? { note } : {}) });

/**
 * A regional rule beside followed rules of other ids: `paired(same('home.fromCity', …), 'home.fromProvincial')`
 * (a same rule then takes the regional id), `paired(changed(mechanisms, …), 'home.systems', 'home.dues')`.
 */
export function paired<T extends Rule>(declared: Declared<T>, ...nationalIds: [string, ...string[]]): Declared<T> {
  if (declared.mark === 'added') throw new Error('an added rule stands beside no followed rule: it cannot be paired');
  return { ...declared, pairsWith: nationalIds };
}

type Part = FollowedRuleset['marks'][number]['part'];

/** Who the regional ruleset is: its level and the titles it offers, which a followed rule is read at. */
export interface RegionalScope {
  level: HonourLevel;
  titles: readonly TitleCode[];
}

interface Reading {
  shift: number;
  titles: ReadonlySet<TitleCode>;
}

function shiftLevel(level: HonourLevel, shift: number, id: string): HonourLevel {
  const shifted = honourLevels[honourLevels.indexOf(level) + shift];
  if (!shifted) throw new Error(`${id}: the ${level} level has no counterpart ${shift} levels away`);
  return shifted;
}

/** The followed rule read at the regional level, for the regional titles (none left: it binds nothing there). */
function readAt<T extends Rule>(rule: T, reading: Reading): T {
  const out: Record<string, unknown> = { ...rule, titles: rule.titles.filter((t) => reading.titles.has(t)) };
  if (reading.shift !== 0) {
    if (out.kind === 'titleHeld') out.minLevel = shiftLevel(out.minLevel as HonourLevel, reading.shift, rule.id);
    if (out.kind === 'titleNotHeld') out.levels = (out.levels as HonourLevel[]).map((l) => shiftLevel(l, reading.shift, rule.id));
  }
  return out as T;
}

const noReading: Reading = { shift: 0, titles: new Set() };

/** The regional rules of one part, and their marks, from the followed rules and the declarations. */
export function follow<T extends Rule>(
  part: Part,
  followed: readonly T[],
  declared: readonly Declared<T>[],
  reading: Reading = { ...noReading, titles: new Set(followed.flatMap((r) => r.titles)) },
): { rules: T[]; marks: FollowedRuleset['marks'] } {
  const byId = new Map(followed.map((r) => [r.id, r]));
  const claimed = new Map<string, string>();
  const claim = (nationalId: string, regionalId: string) => {
    const before = claimed.get(nationalId);
    if (before) throw new Error(`${part} ${regionalId}: the followed rule ${nationalId} already stands beside ${before}`);
    claimed.set(nationalId, regionalId);
  };
  const rules: T[] = [];
  const marks: FollowedRuleset['marks'] = [];
  for (const d of declared) {
    const id = d.mark === 'same' ? d.id : d.rule.id;
    if (d.mark === 'added') {
      if (byId.has(id)) throw new Error(`${part} ${id}: declared added, but the followed ruleset has a rule of that id`);
      rules.push(d.rule);
      marks.push({ part, id, mark: 'added', ...(d.note ? { note: d.note } : {}) });
      continue;
    }
    const pairs = d.pairsWith ?? [id];
    const bases = pairs.map((nationalId) => {
      const base = byId.get(nationalId);
      if (!base) throw new Error(`${part} ${id}: declared ${d.mark}, but the followed ruleset has no rule of id ${nationalId}`);
      claim(nationalId, id);
      return readAt(base, reading);
    });
    const pairsWith = d.pairsWith ? { pairsWith: [...d.pairsWith] } : {};
    if (d.mark === 'same') {
      const [base, ...more] = bases;
      if (!base || more.length > 0) throw new Error(`${part} ${id}: declared same beside ${pairs.join(', ')}: a same rule is one followed rule`);
      if (base.titles.length === 0) throw new Error(`${part} ${id}: declared same, but the followed rule binds none of the regional titles`);
      rules.push({ ...base, id, citation: d.citation, ...(d.description ? { description: d.description } : {}) });
      marks.push({ part, id, mark: 'same', ...pairsWith, ...(d.note ? { note: d.note } : {}) });
      continue;
    }
    // Several followed rules beside one regional rule: only the words can say how they stand.
    const [base] = bases;
    const problem = bases.length === 1 && base ? markProblem(d.mark, base, d.rule, part) : undefined;
    if (problem) throw new Error(`${part} ${id}: declared ${d.mark}, but ${problem}`);
    rules.push(d.rule);
    marks.push({ part, id, mark: d.mark, ...pairsWith, note: d.note });
  }
  return { rules, marks };
}

/** Everything of a rule but its id, where it is cited and how it is worded. */
function content(rule: object): string {
  const { id: _i, citation: _c, description: _d, ...rest } = rule as Record<string, unknown>;
  // A parsed condition carries its default severity; a written one may leave it out.
  if ('kind' in rest) rest.severity ??= 'hard';
  return JSON.stringify(rest, Object.keys(rest).sort());
}
const sameContent = (a: object, b: object): boolean => content(a) === content(b);

/** Rules whose substance is in their words (a manual condition, a revocation ground): the data cannot order them. */
const inWords = (rule: object, part: Part): boolean => part === 'revocationGround' || (rule as { kind?: string }).kind === 'manual';

const severityOf = (c: ConditionInput): string => c.severity ?? 'hard';

/** Why a declared stricter / looser / changed rule is not that, where the data can tell; undefined if it is. */
export function markProblem(mark: Exclude<DifferenceMark, 'same' | 'added'>, base: Rule, regional: Rule, part: Part = 'condition'): string | undefined {
  if (sameContent(base, regional)) {
    if (inWords(regional, part) && regional.description !== base.description) return undefined;
    return 'the rule is the followed one: declare it same';
  }
  if (mark === 'changed' || part !== 'condition') return undefined;
  const direction = strictness(base as unknown as ConditionInput, regional as unknown as ConditionInput);
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

/**
 * A regional ruleset's conditions and revocation grounds, built from the followed ruleset and the declarations,
 * each followed rule read at the regional level and for the regional titles.
 */
export function following(
  base: Pick<RulesetInput, 'id' | 'level' | 'conditions' | 'revocation'>,
  regional: RegionalScope,
  declared: { conditions: readonly Declared<ConditionInput>[]; revocationGrounds?: readonly Declared<GroundInput>[] },
): { conditions: ConditionInput[]; grounds: GroundInput[]; follows: FollowedRuleset } {
  const reading: Reading = { shift: honourLevels.indexOf(regional.level) - honourLevels.indexOf(base.level), titles: new Set(regional.titles) };
  const conditions = follow('condition', base.conditions as ConditionInput[], declared.conditions, reading);
  const grounds = follow('revocationGround', base.revocation.grounds as GroundInput[], declared.revocationGrounds ?? [], reading);
  return { conditions: conditions.rules, grounds: grounds.rules, follows: { rulesetId: base.id, marks: [...conditions.marks, ...grounds.marks] } };
}
