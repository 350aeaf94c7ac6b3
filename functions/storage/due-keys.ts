/**
 * The byDueTime keys of work that the clock or the dispatcher picks up when due. One key for every item of a kind
 * is one index partition (about 1,000 writes a second): on a national 会员评家 day every ballot of the country enters
 * and leaves DUE#appraisalSeal (README "A national 会员评家 day"), every WeChat message DUE#notice. An item's key is
 * one of 16 by its id — stable, so an item that moves keeps its key — and the reader asks all 16, and the single key
 * items were written under before the split.
 */
export const dueShards = 16;

/** The key of the item `id` among its kind's 16 (FNV-1a over the id). */
export function dueKey(kind: string, id: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < id.length; i += 1) hash = Math.imul(hash ^ id.charCodeAt(i), 0x01000193) >>> 0;
  return `${kind}#${String(hash % dueShards).padStart(2, '0')}`;
}

/** Every key an item of the kind may sit under: the 16 shards and the kind's key from before them. */
export const dueKeysOf = (kind: string): readonly string[] => [...Array.from({ length: dueShards }, (_, n) => `${kind}#${String(n).padStart(2, '0')}`), kind];
