import type { SeedArticle } from '../../../shared/rules/coverage';
import type { RulesetId } from '../index';
import { articles as acftu2020 } from './acftu-2020';
import { articles as beijing2021 } from './beijing-2021';
import { articles as guangxi2021 } from './guangxi-2021';
import { articles as jiaozuo2018 } from './jiaozuo-2018';
import { articles as qinhuangdao2023 } from './qinhuangdao-2023';

/** The seed articles of each ruleset, for the coverage report. */
export const seedArticles: Record<RulesetId, SeedArticle[]> = {
  'acftu-2020': acftu2020,
  'beijing-2021': beijing2021,
  'guangxi-2021': guangxi2021,
  'qinhuangdao-2023': qinhuangdao2023,
  'jiaozuo-2018': jiaozuo2018,
};
