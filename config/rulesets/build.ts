import type { Citation } from '../../shared/rules/citation';
import type { RulesetInput } from '../../shared/rules/ruleset-schema';
import type { TitleCode } from '../../shared/rules/titles';

/** Small helpers that keep the ruleset files close to the text they encode. */

export type ConditionInput = RulesetInput['conditions'][number];
/** Who a revocation ground binds and which titles it revokes, shared by the items of one article. */
export type GroundScope = Pick<RulesetInput['revocation']['grounds'][number], 'subject' | 'titles'>;

/** "基层工会主席、副主席…": conditions that bind only chairs and vice-chairs. */
export const chairsOnly: NonNullable<ConditionInput['appliesWhen']> = {
  fact: 'role',
  anyOf: ['chair', 'viceChair'],
  description: '基层工会主席、副主席',
};

/** "被推荐人选是党员领导干部或公职人员的…": the 纪检监察 and 组织人事 consultation binds only them. */
export const partyLeadersOrOfficials: NonNullable<ConditionInput['appliesWhen']> = {
  fact: 'isPartyLeaderOrOfficial',
  anyOf: [true],
  description: '党员领导干部或公职人员',
};

/** `const cite = citer('京工发〔2021〕19号'); cite('第六条', '（二）')` */
export function citer(doc: string): (article: string, item?: string) => Citation {
  return (article, item) => (item === undefined ? { doc, article } : { doc, article, item });
}

/** A condition a person must judge from the application (政治方向, 组织建设…). */
export function manual(
  id: string,
  titles: TitleCode[],
  citation: Citation,
  description: string,
  group: ConditionInput['group'] = 'basic',
): ConditionInput {
  return { id, kind: 'manual', titles, group, citation, description };
}

/** "先进集体和个人，一般不重复评选表彰": one condition per title, each barring that same title at `levels`. */
export function noRepeat(
  idPrefix: string,
  titles: TitleCode[],
  levels: ('county' | 'city' | 'provincial' | 'national')[],
  citation: Citation,
  description: string,
  severity: 'hard' | 'advisory',
): ConditionInput[] {
  return titles.map((title) => ({
    id: `${idPrefix}.${title}`,
    kind: 'titleNotHeld' as const,
    titles: [title],
    group: 'exclusion' as const,
    severity,
    heldTitles: [title],
    levels,
    citation,
    description,
  }));
}
