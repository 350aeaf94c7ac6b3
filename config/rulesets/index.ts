import type { Ruleset } from '../../shared/rules/ruleset-schema';
import acftu2020 from './acftu-2020';
import beijing2021 from './beijing-2021';
import guangxi2021 from './guangxi-2021';
import jiaozuo2018 from './jiaozuo-2018';
import qinhuangdao2023 from './qinhuangdao-2023';

/** Every ruleset, by id. Each file validates itself on load, so a broken ruleset fails at import. */
export const rulesets = {
  'acftu-2020': acftu2020,
  'beijing-2021': beijing2021,
  'guangxi-2021': guangxi2021,
  'qinhuangdao-2023': qinhuangdao2023,
  'jiaozuo-2018': jiaozuo2018,
} as const satisfies Record<string, Ruleset>;

export type RulesetId = keyof typeof rulesets;
export const rulesetIds = Object.keys(rulesets) as RulesetId[];

export function isRulesetId(id: string): id is RulesetId {
  return Object.prototype.hasOwnProperty.call(rulesets, id);
}

/** The ruleset with this id, or undefined when there is none (an unknown id from a request or a stored campaign). */
export function getRuleset(id: string): Ruleset | undefined {
  return isRulesetId(id) ? rulesets[id] : undefined;
}
