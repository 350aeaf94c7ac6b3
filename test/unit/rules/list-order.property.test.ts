import fc from 'fast-check';
import { rulesetIds, rulesets, type RulesetId } from '@config/rulesets';
import { checkList, recommenderKind, type ListItem, type RecommendingUnit } from '@shared/rules';

/** A list check counts; it never depends on the order in which the nominees were listed. */

const unitNames = ['沁阳市', '市直', '温县', '朝阳区总工会', '未列入单位'];
const unitKinds = recommenderKind.options;

function listArbitrary(id: RulesetId): fc.Arbitrary<ListItem[]> {
  const titles = rulesets[id].titles.map((t) => t.title);
  const item = fc.record(
    {
      title: fc.constantFrom(...titles),
      applyingUnit: fc.constantFrom('甲厂工会', '乙厂工会', '丙公司工会'),
      ownership: fc.constantFrom('public' as const, 'nonPublic' as const),
      isOrganOrInstitution: fc.boolean(),
      isLeadingBodyCadre: fc.boolean(),
      cadreLevel: fc.constantFrom('none' as const, 'section' as const, 'county' as const, 'bureau' as const),
      isFrontLine: fc.boolean(),
      gender: fc.constantFrom('female' as const, 'male' as const),
    },
    // Attributes may be missing, which exercises the gap logic too.
    { requiredKeys: ['title'] },
  );
  return fc.array(item, { maxLength: 40 }).map((raw) => raw.map((x, i) => ({ id: `item-${i}`, ...x })));
}

const unitArbitrary: fc.Arbitrary<RecommendingUnit> = fc
  .record({ name: fc.constantFrom(...unitNames), kind: fc.constantFrom(...unitKinds) });

describe.each(rulesetIds)('%s: checkList ignores list order', (id) => {
  const ruleset = rulesets[id];
  const campaign = { year: 2024, titles: ruleset.titles.map((t) => t.title) };

  it('gives the same result for any permutation of the list', () => {
    const scenario = fc
      .tuple(listArbitrary(id), unitArbitrary)
      .chain(([list, unit]) => fc.tuple(fc.constant(list), fc.constant(unit), fc.shuffledSubarray(list, { minLength: list.length, maxLength: list.length })));
    fc.assert(
      fc.property(scenario, ([list, unit, shuffled]) => {
        expect(checkList(ruleset, campaign, unit, shuffled)).toEqual(checkList(ruleset, campaign, unit, list));
      }),
      { numRuns: 200 },
    );
  });

  it('gives the same result for the reversed list', () => {
    fc.assert(
      fc.property(listArbitrary(id), unitArbitrary, (list, unit) => {
        expect(checkList(ruleset, campaign, unit, [...list].reverse())).toEqual(checkList(ruleset, campaign, unit, list));
      }),
      { numRuns: 100 },
    );
  });

  it('is ok exactly when no hard breach or hard gap is reported, and needs a reason exactly when an advisory one is', () => {
    fc.assert(
      fc.property(listArbitrary(id), unitArbitrary, (list, unit) => {
        const result = checkList(ruleset, campaign, unit, list);
        const findings = [...result.breaches, ...result.gaps];
        expect(result.ok).toBe(!findings.some((f) => f.severity === 'hard'));
        expect(result.needsReason).toBe(findings.some((f) => f.severity === 'advisory'));
      }),
      { numRuns: 100 },
    );
  });
});
