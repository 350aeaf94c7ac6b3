import { parseRuleset, type Ruleset, type RulesetInput } from '../../shared/rules/ruleset-schema';
import acftu2020 from './acftu-2020';
import beijing2021 from './beijing-2021';
import guangxi2021 from './guangxi-2021';
import jiaozuo2018 from './jiaozuo-2018';
import qinhuangdao2023 from './qinhuangdao-2023';

/** Each regulation's data as written in its file (typed against the schema's input; parsed below). */
const inputs = {
  'acftu-2020': acftu2020,
  'beijing-2021': beijing2021,
  'guangxi-2021': guangxi2021,
  'qinhuangdao-2023': qinhuangdao2023,
  'jiaozuo-2018': jiaozuo2018,
} as const satisfies Record<string, RulesetInput>;

export type RulesetId = keyof typeof inputs;
export const rulesetIds = Object.keys(inputs) as RulesetId[];

const parsed = new Map<RulesetId, Ruleset>();

/** The ruleset parsed and checked by the schema, once per process: a broken ruleset throws with every issue. */
function parsedRuleset(id: RulesetId): Ruleset {
  let ruleset = parsed.get(id);
  if (!ruleset) {
    ruleset = parseRuleset(inputs[id]);
    parsed.set(id, ruleset);
  }
  return ruleset;
}

/**
 * Every ruleset, by id. Each is parsed the first time it is read, not at import: a function serving one
 * federation parses one regulation, not five (cold start, issue 18 point 4). test/unit/rules/rulesets.test.ts
 * reads every one, so a broken ruleset still fails the tests.
 */
export const rulesets = Object.defineProperties(
  {},
  Object.fromEntries(rulesetIds.map((id) => [id, { enumerable: true, get: () => parsedRuleset(id) }])),
) as Readonly<Record<RulesetId, Ruleset>>;

export function isRulesetId(id: string): id is RulesetId {
  return Object.prototype.hasOwnProperty.call(inputs, id);
}

/** The ruleset with this id, or undefined when there is none (an unknown id from a request or a stored campaign). */
export function getRuleset(id: string): Ruleset | undefined {
  return isRulesetId(id) ? parsedRuleset(id) : undefined;
}
