import type { Org } from '../../../shared/domain/org';
import { mayContain, movedPath, moveRefusal, roleFitsLevel } from '../../../shared/domain/org-tree';

const org = (orgId: string, level: Org['level'], path: string): Org => ({ orgId, name: orgId, level, kind: 'enterprise', path });

describe('the rules of the federation tree', () => {
  it('lets an org sit only under a higher level, a sub-union only under a grassroots union', () => {
    expect(mayContain('city', 'district')).toBe(true);
    expect(mayContain('city', 'grassroots')).toBe(true);
    expect(mayContain('district', 'grassroots')).toBe(true);
    expect(mayContain('grassroots', 'subUnion')).toBe(true);
    expect(mayContain('subUnion', 'group')).toBe(true);
    expect(mayContain('grassroots', 'district')).toBe(false);
    expect(mayContain('district', 'district')).toBe(false);
    expect(mayContain('district', 'subUnion')).toBe(false);
    expect(mayContain('group', 'group')).toBe(false);
  });

  it('keeps chairs to unions and reviewers, investigators and organisers to federations', () => {
    expect(roleFitsLevel('chair', 'grassroots')).toBe(true);
    expect(roleFitsLevel('viceChair', 'subUnion')).toBe(true);
    expect(roleFitsLevel('chair', 'district')).toBe(false);
    expect(roleFitsLevel('reviewer', 'district')).toBe(true);
    expect(roleFitsLevel('organiser', 'city')).toBe(true);
    expect(roleFitsLevel('investigator', 'grassroots')).toBe(false);
  });

  it('gives every org of a moved subtree its new path, and nothing outside it', () => {
    expect(movedPath('/c/d1/u/s1', '/c/d1/u', '/c/d2/u')).toBe('/c/d2/u/s1');
    expect(movedPath('/c/d1/u', '/c/d1/u', '/c/d2/u')).toBe('/c/d2/u');
    expect(() => movedPath('/c/d1/u2', '/c/d1/u', '/c/d2/u')).toThrow();
  });

  it('refuses a move into the org’s own subtree (by path, not by a shared prefix) and under a level that cannot hold it', () => {
    const union = org('u', 'grassroots', '/c/d1/u');
    expect(moveRefusal(union, org('s1', 'subUnion', '/c/d1/u/s1'))).toBe('ORG.MOVE_INTO_OWN_SUBTREE');
    expect(moveRefusal(union, union)).toBe('ORG.MOVE_INTO_OWN_SUBTREE');
    expect(moveRefusal(union, org('u2', 'grassroots', '/c/d1/u2'))).toBe('ORG.LEVEL_MISMATCH');
    expect(moveRefusal(union, org('d2', 'district', '/c/d2'))).toBeUndefined();
  });
});
