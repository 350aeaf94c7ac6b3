import { citationText, type Citation } from './citation';
import type { Ruleset } from './ruleset-schema';
import type { TitleCode } from './titles';

/**
 * 评选依据年度: the years a campaign reads its yearly facts for. "近三年" (总工办发〔2020〕15号 第六条（二）、第七条（二）,
 * 京工发〔2021〕19号 第六条（二）、第七条（二）, 桂工发〔2021〕8号 六、（一）2.、六、（二）2.) are the last three years whose figures
 * exist: completed years, so by default the three before the campaign's year (a campaign of 2026 reads 2023–2025; its
 * own year is usually not over when the chairs file). The campaign states its years and the organiser may change them
 * when publishing (a notice that names other years). A "近 n 年" condition reads the last n of them; a one-year
 * condition (入会率在95%以上) the last.
 */

/** A campaign states at most this many years (no regulation looks further back than 近三年). */
export const maxFactYears = 5;

/** The three completed years before the campaign's year. */
export function defaultFactYears(campaignYear: number): number[] {
  return [campaignYear - 3, campaignYear - 2, campaignYear - 1];
}

/** A stored campaign's years; campaigns published before the years were stated read the default. */
export function factYearsOf(campaign: { year: number; factYears?: readonly number[] }): number[] {
  return campaign.factYears && campaign.factYears.length > 0 ? [...campaign.factYears] : defaultFactYears(campaign.year);
}

/** The last stated year: where every "近 n 年" window ends (the eligibility engine's `year`). */
export function lastFactYear(years: readonly number[]): number {
  const last = years[years.length - 1];
  if (last === undefined) throw new RangeError('a campaign states at least one fact year');
  return last;
}

/** "2023–2025 年", or "2025 年" for one year. */
export function factYearsText(years: readonly number[]): string {
  const first = years[0];
  const last = years[years.length - 1];
  if (first === undefined || last === undefined) return '';
  return first === last ? `${first} 年` : `${first}–${last} 年`;
}

/** 「评选依据年度：2023–2025 年」 as the campaign page, the filing page and the self-check show it. */
export const factYearsLine = (years: readonly number[]): string => `评选依据年度：${factYearsText(years)}`;

/** Why a list of years cannot be a campaign's 评选依据年度 (Chinese, naming the field), or undefined when it can. */
export function factYearsShapeProblem(years: readonly number[], campaignYear: number): string | undefined {
  if (years.length === 0) return '评选依据年度（factYears）至少填写 1 个年度';
  if (years.length > maxFactYears) return `评选依据年度（factYears）不超过 ${maxFactYears} 个年度`;
  for (let i = 1; i < years.length; i += 1) {
    if (years[i] !== (years[i - 1] ?? 0) + 1) return '评选依据年度（factYears）应为连续的年度，从早到晚排列，如 2023、2024、2025';
  }
  if (lastFactYear(years) > campaignYear) return `评选依据年度（factYears）不能晚于评选年度 ${campaignYear} 年：尚未到来的年度没有数据`;
  return undefined;
}

/** The longest "近 n 年" window among the conditions of the titles offered, with the article that sets it. */
export function longestWindow(ruleset: Ruleset, titles: readonly TitleCode[]): { years: number; citation: Citation; description: string } | undefined {
  let longest: { years: number; citation: Citation; description: string } | undefined;
  for (const c of ruleset.conditions) {
    if ((c.kind !== 'yearlyThreshold' && c.kind !== 'yearlyGrade') || !c.titles.some((t) => titles.includes(t))) continue;
    if (!longest || c.years > longest.years) longest = { years: c.years, citation: c.citation, description: c.description };
  }
  return longest;
}

/** Why the years are too few for a window the ruleset sets (its article named), or undefined. */
export function factYearsWindowProblem(years: readonly number[], ruleset: Ruleset, titles: readonly TitleCode[]): string | undefined {
  const window = longestWindow(ruleset, titles);
  if (!window || years.length >= window.years) return undefined;
  return `评选依据年度（factYears）应至少包含 ${window.years} 个年度：「${window.description}」（${citationText(window.citation)}）`;
}

/** Both checks, as publishing a campaign runs them. */
export function factYearsProblem(years: readonly number[], campaignYear: number, ruleset: Ruleset, titles: readonly TitleCode[]): string | undefined {
  return factYearsShapeProblem(years, campaignYear) ?? factYearsWindowProblem(years, ruleset, titles);
}
