import { collectCitations } from './citation';
import type { Ruleset } from './ruleset-schema';

/**
 * Rule coverage: which articles of a regulation carry a rule the product enforces or records, and whether the
 * ruleset encodes it (cites the article). Keeps the ruleset honest against its seed text.
 */

/** One article (or GX/JZ section) of a seed text, numbered as the text numbers it. */
export interface SeedArticle {
  article: string;
  /** True when the article states a rule the product checks or records (condition, list, quota, procedure…). */
  checkable: boolean;
  /** One line in Chinese: what the article says. */
  gist: string;
}

export interface ArticleCoverage extends SeedArticle {
  /** Number of citations of this article in the ruleset. */
  citations: number;
}

export interface RulesetCoverage {
  rulesetId: string;
  articles: ArticleCoverage[];
  /** Checkable articles the ruleset does not cite. */
  unencoded: string[];
  /** Articles the ruleset cites that the seed list does not know: a typo or a missing seed entry. */
  unknownCitations: string[];
}

export function rulesetCoverage(ruleset: Ruleset, seedArticles: readonly SeedArticle[]): RulesetCoverage {
  const counts = new Map<string, number>();
  for (const c of collectCitations(ruleset)) counts.set(c.article, (counts.get(c.article) ?? 0) + 1);
  const articles = seedArticles.map((a) => ({ ...a, citations: counts.get(a.article) ?? 0 }));
  const known = new Set(seedArticles.map((a) => a.article));
  return {
    rulesetId: ruleset.id,
    articles,
    unencoded: articles.filter((a) => a.checkable && a.citations === 0).map((a) => a.article),
    unknownCitations: [...counts.keys()].filter((a) => !known.has(a)),
  };
}
