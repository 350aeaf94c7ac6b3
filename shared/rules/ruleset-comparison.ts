import { citationText } from './citation';
import type { DifferenceMark, Ruleset } from './ruleset-schema';
import { titleLabels, type TitleCode } from './titles';

/**
 * 本地办法与全国办法对照 (issue 16 point 9): every condition and revocation ground of a regional ruleset beside the
 * rule(s) of the ruleset it follows — the one of the same id, or those it names with `pairsWith` — each side with its
 * article, and a mark: the one the regional ruleset declares (config/rulesets/follows.ts), 未规定 for a followed rule
 * it does not mention.
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
  id: string;
  description: string;
  /** "京工发〔2021〕19号 第七条（二）" */
  citation: string;
  /** 「本系统理解：…」 where the system reads the text beyond its words. */
  reading?: string;
}

export interface ComparisonRow {
  part: ComparisonPart;
  /** The regional rule's id; for 未规定, the followed rule's. */
  id: string;
  titles: TitleCode[];
  /** The followed rules beside it, in their own order: none for 新增, several where one regional item covers them. */
  national: ComparedRule[];
  regional: ComparedRule | null;
  mark: ComparisonMark;
  note: string | null;
}

interface Cited {
  id: string;
  titles: TitleCode[];
  description: string;
  citation: Parameters<typeof citationText>[0];
  reading?: string;
}

const compared = (rule: Cited): ComparedRule => ({
  id: rule.id,
  description: rule.description,
  citation: citationText(rule.citation),
  ...(rule.reading ? { reading: rule.reading } : {}),
});

/** 未规定 because the regional ruleset has none of the rule's titles, said so; otherwise it just does not say it. */
function notOfferedNote(rule: Cited, offered: ReadonlySet<TitleCode>): string | null {
  if (rule.titles.some((t) => offered.has(t))) return null;
  return `本地办法未设${rule.titles.map((t) => titleLabels[t]).join('、')}称号`;
}

/**
 * The rows of one part, in the followed ruleset's order: a regional rule where the first followed rule it stands
 * beside is, a followed rule it leaves out (未规定) where it is, an added rule beside its neighbour in its own text.
 */
function rowsOf(part: ComparisonPart, regional: readonly Cited[], national: readonly Cited[], marks: Ruleset['follows'], offered: ReadonlySet<TitleCode>): ComparisonRow[] {
  const markOf = new Map((marks?.marks ?? []).filter((m) => m.part === part).map((m) => [m.id, m]));
  const nationalIndex = new Map(national.map((n, i) => [n.id, i]));
  const placed: { row: ComparisonRow; at: number; order: number }[] = [];
  const covered = new Set<string>();

  const besideOf = regional.map((r) => {
    const declared = markOf.get(r.id);
    if (!declared) throw new Error(`${part} ${r.id}: no mark against the followed ruleset`);
    const ids = declared.pairsWith ?? (declared.mark === 'added' ? [] : [r.id]);
    const beside = ids.map((nationalId) => {
      const i = nationalIndex.get(nationalId);
      if (i === undefined) throw new Error(`${part} ${r.id}: beside ${nationalId}, which the followed ruleset does not have`);
      if (covered.has(nationalId)) throw new Error(`${part} ${r.id}: ${nationalId} already stands beside another rule`);
      covered.add(nationalId);
      return i;
    });
    return beside.sort((a, b) => a - b);
  });
  // Where each regional row goes: its first followed rule. An added rule goes with its neighbour in its own text:
  // the rule before it when they share a title, else the rule after it when they do, else the rule before (after,
  // at the top) — so runs of added rules stay together, in their own order.
  const anchors: (number | undefined)[] = besideOf.map((beside) => beside[0]);
  const shares = (i: number, j: number) => (regional[i]?.titles ?? []).some((t) => regional[j]?.titles.includes(t));
  const unplaced = anchors.map((at) => at === undefined);
  for (let i = 1; i < anchors.length; i++) if (unplaced[i] && shares(i, i - 1)) anchors[i] ??= anchors[i - 1];
  for (let i = anchors.length - 2; i >= 0; i--) if (unplaced[i] && shares(i, i + 1)) anchors[i] ??= anchors[i + 1];
  for (let i = 1; i < anchors.length; i++) anchors[i] ??= anchors[i - 1];
  for (let i = anchors.length - 2; i >= 0; i--) anchors[i] ??= anchors[i + 1];

  regional.forEach((r, i) => {
    const declared = markOf.get(r.id);
    const row: ComparisonRow = {
      part,
      id: r.id,
      titles: r.titles,
      national: (besideOf[i] ?? []).map((j) => compared(national[j] as Cited)),
      regional: compared(r),
      mark: declared?.mark ?? 'added',
      note: declared?.note ?? null,
    };
    placed.push({ row, at: anchors[i] ?? national.length, order: i + 1 });
  });
  national.forEach((n, j) => {
    if (covered.has(n.id)) return;
    placed.push({ row: { part, id: n.id, titles: n.titles, national: [compared(n)], regional: null, mark: 'notProvided', note: notOfferedNote(n, offered) }, at: j, order: 0 });
  });
  return placed.sort((a, b) => a.at - b.at || a.order - b.order).map((p) => p.row);
}

export function compareWithFollowed(regional: Ruleset, national: Ruleset): ComparisonRow[] {
  if (regional.follows?.rulesetId !== national.id) throw new Error(`${regional.id} does not follow ${national.id}`);
  const offered = new Set(regional.titles.map((t) => t.title));
  return [
    ...rowsOf('condition', regional.conditions, national.conditions, regional.follows, offered),
    ...rowsOf('revocationGround', regional.revocation.grounds, national.revocation.grounds, regional.follows, offered),
  ];
}

/** How many rows carry each mark: the page's summary line. */
export function markCounts(rows: readonly ComparisonRow[]): Record<ComparisonMark, number> {
  const counts = { same: 0, stricter: 0, looser: 0, changed: 0, added: 0, notProvided: 0 };
  for (const row of rows) counts[row.mark] += 1;
  return counts;
}
