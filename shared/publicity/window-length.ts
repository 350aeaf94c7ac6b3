import { citationText } from '../rules/citation';
import type { PublicityRule } from '../rules/ruleset-schema';

/**
 * How long a publicity window (公示期) lasts. Where the regulation sets the working days (不少于 / 为期), they decide
 * and the refusal cites the article. Where it sets none (焦作 2018 通知 四、（一）), the system proposes its own default
 * of five working days — the figure every other regulation uses — labelled 「本系统默认」, never cited as the text's,
 * and the publisher may choose another length (openPublicityRequest bounds it to 1–30).
 */
export const systemDefaultWorkingDays = 5;

/** Who set a window's length: the regulation, the system's default, or the publisher where the regulation is silent. */
export const windowLengthSources = ['ruleset', 'systemDefault', 'publisher'] as const;
export type WindowLengthSource = (typeof windowLengthSources)[number];

export type WindowLength = { ok: true; workingDays: number; source: WindowLengthSource } | { ok: false; message: string };

export function windowLength(rule: Pick<PublicityRule, 'minWorkingDays' | 'exact' | 'citation'>, requested?: number): WindowLength {
  if (rule.minWorkingDays === undefined) {
    return requested === undefined ? { ok: true, workingDays: systemDefaultWorkingDays, source: 'systemDefault' } : { ok: true, workingDays: requested, source: 'publisher' };
  }
  const days = requested ?? rule.minWorkingDays;
  if (days < rule.minWorkingDays || (rule.exact && days !== rule.minWorkingDays)) {
    return { ok: false, message: `公示期（workingDays）${rule.exact ? '应为' : '不少于'} ${rule.minWorkingDays} 个工作日（${citationText(rule.citation)}）` };
  }
  return { ok: true, workingDays: days, source: 'ruleset' };
}

/** "5 个工作日（本系统默认：…）": the length as a page shows it, saying whose figure it is when not the regulation's. */
export function windowLengthText(workingDays: number, source: WindowLengthSource): string {
  if (source === 'systemDefault') return `${workingDays} 个工作日（本系统默认，评选办法未规定公示天数）`;
  if (source === 'publisher') return `${workingDays} 个工作日（发布单位确定，评选办法未规定公示天数）`;
  return `${workingDays} 个工作日`;
}
