import { citationText } from '../rules/citation';
import type { Ruleset } from '../rules/ruleset-schema';
import { titleLabels, type TitleCode } from '../rules/titles';

/**
 * What a report (举报) may be about, from the ruleset itself: every item of its negative lists (情形 that bar a
 * nominee) and every revocation ground, plus two procedural categories every regulation names when it disqualifies
 * (N 第十九条, BJ 第十五条, GX 七（六）: 弄虚作假 / 程序不规范), plus 其他.
 */
export interface ReportCategory {
  id: string;
  label: string;
  /** "京工发〔2021〕19号 第十五条" — empty for 其他. */
  citation: string;
  /** A substantiated finding in this category disqualifies the nominee (no substitute, no re-application). */
  disqualifying: boolean;
}

export const forgedMaterial = 'procedure.forgedMaterial';
export const improperProcedure = 'procedure.improperProcedure';
export const otherCategory = 'other';

export function reportCategoriesOf(ruleset: Ruleset, title?: TitleCode): ReportCategory[] {
  const applies = (titles: readonly TitleCode[]) => !title || titles.includes(title);
  const d = ruleset.disqualification;
  const cite = d ? citationText(d.citation) : '';
  const categories: ReportCategory[] = [
    { id: forgedMaterial, label: '申报材料弄虚作假', citation: cite, disqualifying: true },
    { id: improperProcedure, label: '推荐程序不规范（未按规定民主推荐、公示等）', citation: cite, disqualifying: true },
  ];
  for (const list of ruleset.negativeLists) {
    if (!applies(list.titles)) continue;
    for (const item of list.items) categories.push({ id: `negative.${list.id}.${item.id}`, label: item.description, citation: citationText(item.citation), disqualifying: false });
  }
  for (const ground of ruleset.revocation.grounds) {
    if (!applies(ground.titles)) continue;
    categories.push({ id: `revocation.${ground.id}`, label: ground.description, citation: citationText(ground.citation), disqualifying: false });
  }
  const seen = new Set<string>();
  const unique = categories.filter((c) => (seen.has(c.label) ? false : (seen.add(c.label), true)));
  return [...unique, { id: otherCategory, label: '其他', citation: '', disqualifying: false }];
}

export const titleLabelOf = (title: TitleCode): string => titleLabels[title];
