import { demoData } from '../../../scripts/local/seed';
import { orgKindLabels } from '../../../shared/domain/org-tree';

/**
 * Issue 22: every seeded org carries the kind its name says — …总工会 a local federation (地方总工会), …工会联合会 a
 * regional or industry federation, any other …工会 a grassroots union or a body under one, never a federation —
 * so that rules bound to federations (e.g. beijing-2021 第五条第二款, 区和街乡镇总工会、产业工会不参加评选) see them.
 */
const orgs = demoData().items.filter((i) => i.entity === 'org') as { name: string; kind: keyof typeof orgKindLabels; level: string }[];

describe('seeded org kinds match their names', () => {
  it('seeds the city, two districts and the unions', () => {
    expect(orgs.filter((o) => o.level === 'district').map((o) => o.name)).toEqual(['解放区总工会', '山阳区总工会']);
    expect(orgs.length).toBeGreaterThan(10);
  });

  it.each(orgs.map((o) => [o.name, o.kind] as const))('%s is %s', (name, kind) => {
    if (name.endsWith('总工会')) expect(kind).toBe('federation');
    else if (name.endsWith('工会联合会')) expect(['regionalFederation', 'industryUnion']).toContain(kind);
    else if (name.endsWith('工会') || name.endsWith('工会小组')) expect(['federation', 'regionalFederation']).not.toContain(kind);
    else throw new Error(`a seeded org whose name ends in neither 总工会, 工会联合会 nor 工会: ${name}`);
  });

  it('labels the kinds in Chinese as what they are', () => {
    expect(orgKindLabels.federation).toBe('地方总工会');
    expect(orgKindLabels.regionalFederation).toBe('区域性工会联合会');
  });
});
