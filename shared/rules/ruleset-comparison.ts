import { citationText } from './citation';
import type { DifferenceMark, Ruleset } from './ruleset-schema';
import type { TitleCode } from './titles';

/**
 * 本地办法与全国办法对照 (issue 16 point 9): every condition and revocation ground of a regional ruleset beside the
 * rule of the same id in the ruleset it follows, each side with its article, and a mark — from the marks the
 * regional ruleset declares (config/rulesets/follows.ts), 未规定 for a followed rule it does not mention.
 */
export type ComparisonMark = DifferenceMark | 'notProvided';

export const comparisonMarkLabels: Record<ComparisonMark, string> = {
  same: '相同',
  stricter: '更严',
  looser: '更宽',
  changed: '改写',
  added: '新增',
  notProvided: '未规定',
};

export type ComparisonPart = 'condition' | 'revocationGround';
export const comparisonPartLabels: Record<ComparisonPart, string> = { condition: '评选条件', revocationGround: '撤销情形' };

export interface ComparedRule {
  description: string;
  /** "京工发〔2021〕19号 第七条（二）" */
  citation: string;
}

export interface ComparisonRow {
  part: ComparisonPart;
  id: string;
  titles: TitleCode[];
  national: ComparedRule | null;
  regional: ComparedRule | null;
  mark: ComparisonMark;
  note: string | null;
}

interface Cited {
  id: string;
  titles: TitleCode[];
  description: string;
  citation: Parameters<typeof citationText>[0];
}

const compared = (rule: Cited | undefined): ComparedRule | null => (rule ? { description: rule.description, citation: citationText(rule.citation) } : null);

/**
 * The rows of one part, in the regional order, each followed rule the regional one leaves out placed where the
 * followed ruleset has it (before the next rule both share).
 */
function rowsOf(part: ComparisonPart, regional: readonly Cited[], national: readonly Cited[], marks: Ruleset['follows']): ComparisonRow[] {
  const markOf = new Map((marks?.marks ?? []).filter((m) => m.part === part).map((m) => [m.id, m]));
  const regionalIds = new Set(regional.map((r) => r.id));
  const nationalById = new Map(national.map((n) => [n.id, n]));
  const rows: ComparisonRow[] = [];
  const emitted = new Set<string>();
  const emitNotProvidedBefore = (index: number) => {
    for (const n of national.slice(0, index)) {
      if (regionalIds.has(n.id) || emitted.has(n.id)) continue;
      emitted.add(n.id);
      rows.push({ part, id: n.id, titles: n.titles, national: compared(n), regional: null, mark: 'notProvided', note: null });
    }
  };
  for (const r of regional) {
    const declared = markOf.get(r.id);
    if (!declared) throw new Error(`${part} ${r.id}: no mark against the followed ruleset`);
    const n = nationalById.get(r.id);
    if (n) emitNotProvidedBefore(national.indexOf(n));
    rows.push({ part, id: r.id, titles: r.titles, national: compared(n), regional: compared(r), mark: declared.mark, note: declared.note ?? null });
  }
  emitNotProvidedBefore(national.length);
  return rows;
}

export function compareWithFollowed(regional: Ruleset, national: Ruleset): ComparisonRow[] {
  if (regional.follows?.rulesetId !== national.id) throw new Error(`${regional.id} does not follow ${national.id}`);
  return [
    ...rowsOf('condition', regional.conditions, national.conditions, regional.follows),
    ...rowsOf('revocationGround', regional.revocation.grounds, national.revocation.grounds, regional.follows),
  ];
}

/** How many rows carry each mark: the page's summary line. */
export function markCounts(rows: readonly ComparisonRow[]): Record<ComparisonMark, number> {
  const counts = { same: 0, stricter: 0, looser: 0, changed: 0, added: 0, notProvided: 0 };
  for (const row of rows) counts[row.mark] += 1;
  return counts;
}
