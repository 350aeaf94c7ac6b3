import { dueKey, dueKeysOf, dueShards } from '../../../functions/storage/due-keys';

/** The byDueTime keys of one kind of due work spread over 16 index partitions (README "A national 会员评家 day"). */
describe('due keys', () => {
  it('put an item under one of 16 keys by its id, always the same one, and the reader asks all 16 and the key from before', () => {
    const ids = Array.from({ length: 16_000 }, (_, i) => `ap-${i.toString(16).padStart(20, '0')}`);
    const perKey = new Map<string, number>();
    for (const id of ids) perKey.set(dueKey('DUE#appraisalSeal', id), (perKey.get(dueKey('DUE#appraisalSeal', id)) ?? 0) + 1);
    expect(perKey.size).toBe(dueShards);
    // No key holds much more than its share (1,000 of 16,000).
    expect(Math.max(...perKey.values())).toBeLessThan(1_200);
    expect(dueKey('DUE#appraisalSeal', ids[7] as string)).toBe(dueKey('DUE#appraisalSeal', ids[7] as string));
    expect(dueKeysOf('DUE#appraisalSeal')).toEqual([...[...perKey.keys()].sort(), 'DUE#appraisalSeal']);
  });
});
