import * as z from 'zod';

/** 荣誉称号 codes shared by every ruleset (RULES.md §1). A ruleset offers a subset. */
export const titleCodes = [
  'modelHome',
  'modelSmallHome',
  'outstandingWorker',
  'activist',
  'friend',
  'redFlagHome',
  'redFlagSmallHome',
  'exemplarWorker',
  'exemplarFriend',
] as const;
export const titleCode = z.enum(titleCodes);
export type TitleCode = z.infer<typeof titleCode>;

export const titleLabels: Record<TitleCode, string> = {
  modelHome: '模范职工之家',
  modelSmallHome: '模范职工小家',
  outstandingWorker: '优秀工会工作者',
  activist: '优秀工会积极分子',
  friend: '优秀工会之友',
  redFlagHome: '模范职工之家红旗单位',
  redFlagSmallHome: '模范职工小家红旗单位',
  exemplarWorker: '优秀工会工作者标兵',
  exemplarFriend: '优秀工会之友标兵',
};
