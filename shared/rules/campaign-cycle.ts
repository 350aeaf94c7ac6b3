import { citationText } from './citation';
import type { Ruleset, TitleOffer } from './ruleset-schema';
import { titleLabels, type TitleCode } from './titles';

/**
 * 评选周期, checked when a campaign is created. Where a regulation ties its campaigns to the union congress's term —
 * 每五年开展两次：一般在代表大会届中开展一次，在换届之年开展一次；在换届之年…可同时命名（确认）优秀工会积极分子、优秀工会
 * 之友 (总工办发〔2020〕15号 第十四条第一款, 桂工发〔2021〕8号 七、（一）) — the campaign states the year this term's congress
 * met (congressYear), and:
 * - that year lies within the five years the cycle spans (ruleset.cycle.periodYears): a congress older than that is
 *   not this term's, the next one was due in the meantime; nor may it be after the campaign's year;
 * - a title offered only in the change year (titleOffer.availability) is refused in any other year, and asks for the
 *   congress year when none is given.
 * The placement of the other campaign (届中) is "一般" in the text and is not checked.
 */

export interface CampaignPlan {
  year: number;
  congressYear?: number;
  titles: readonly TitleCode[];
}

export interface CycleProblem {
  /** The request field: `congressYear`, or `titles.<i>`. */
  path: string;
  message: string;
}

type CongressOffer = TitleOffer & { availability: NonNullable<TitleOffer['availability']> };

const congressBound = (ruleset: Ruleset): CongressOffer[] => ruleset.titles.filter((t): t is CongressOffer => t.availability?.kind === 'congressChangeYear');

export function cycleProblems(ruleset: Ruleset, plan: CampaignPlan): CycleProblem[] {
  const bound = congressBound(ruleset);
  const first = bound[0];
  if (!first) return [];
  const congress = first.availability.congress;
  const field = `本届${congress}召开年份（congressYear）`;
  const term = ruleset.cycle.kind === 'periodic' ? ruleset.cycle.periodYears : 5;
  const basis = citationText(ruleset.cycle.citation);

  if (plan.congressYear !== undefined) {
    if (plan.congressYear > plan.year) return [{ path: 'congressYear', message: `${field}不能晚于评选年度 ${plan.year} 年` }];
    if (plan.congressYear <= plan.year - term) {
      return [
        {
          path: 'congressYear',
          message: `${field}应在 ${plan.year - term + 1}—${plan.year} 年之间：${plan.congressYear} 年召开的已不是本届（${ruleset.cycle.description}，${basis}）`,
        },
      ];
    }
  }

  const problems: CycleProblem[] = [];
  plan.titles.forEach((title, i) => {
    const offer = bound.find((t) => t.title === title);
    if (!offer) return;
    const article = citationText(offer.availability.citation);
    if (plan.congressYear === undefined) {
      if (!problems.some((p) => p.path === 'congressYear')) {
        problems.push({ path: 'congressYear', message: `请填写${field}：${titleLabels[title]}${offer.availability.description}（${article}）` });
      }
    } else if (plan.congressYear !== plan.year) {
      problems.push({
        path: `titles.${i}`,
        message: `${titleLabels[title]}（titles.${i}）${offer.availability.description}：${plan.year} 年不是${congress}换届之年（本届于 ${plan.congressYear} 年召开）（${article}）`,
      });
    }
  });
  return problems;
}
