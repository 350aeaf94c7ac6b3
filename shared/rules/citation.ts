import * as z from 'zod';

/**
 * Where a rule comes from: the document and its article (and item), numbered as the document numbers
 * them — 第六条（二） in the national and Beijing texts, 六、（一）2. in the Guangxi and Jiaozuo texts.
 */
export const citation = z.object({
  /** Document number or short title, e.g. 京工发〔2021〕19号. */
  doc: z.string().min(1),
  /** e.g. 第六条, or 六、（一） */
  article: z.string().min(1),
  /** e.g. （二）, 第二款, 2. */
  item: z.string().min(1).optional(),
});
export type Citation = z.infer<typeof citation>;

/** "京工发〔2021〕19号 第六条（二）" */
export function citationText(c: Citation): string {
  return `${c.doc} ${c.article}${c.item ?? ''}`;
}

/** Every citation found anywhere inside a value (a ruleset): what the coverage report matches articles against. */
export function collectCitations(value: unknown): Citation[] {
  const found: Citation[] = [];
  const visit = (v: unknown): void => {
    if (Array.isArray(v)) {
      v.forEach(visit);
      return;
    }
    if (v === null || typeof v !== 'object') return;
    const parsed = citation.safeParse(v);
    if (parsed.success && Object.keys(v).every((k) => k === 'doc' || k === 'article' || k === 'item')) {
      found.push(parsed.data);
      return;
    }
    Object.values(v).forEach(visit);
  };
  visit(value);
  return found;
}
