import { seedArticles } from '@config/rulesets/articles';
import { rulesetIds, rulesets } from '@config/rulesets';
import { rulesetCoverage, type Ruleset } from '@shared/rules';

/** Every article of every seed that states a rule is encoded in its ruleset (what `npm run rules:coverage` prints). */

describe.each(rulesetIds)('%s', (id) => {
  it('encodes every checkable article of its seed and cites no article the seed lacks', () => {
    const report = rulesetCoverage(rulesets[id], seedArticles[id]);
    expect(report.unencoded).toEqual([]);
    expect(report.unknownCitations).toEqual([]);
  });

  it('lists each seed article once', () => {
    const articles = seedArticles[id].map((a) => a.article);
    expect(new Set(articles).size).toBe(articles.length);
  });
});

it('reports a checkable article that the ruleset does not cite', () => {
  const withoutList = { ...rulesets['beijing-2021'], negativeLists: [] } as Ruleset;
  expect(rulesetCoverage(withoutList, seedArticles['beijing-2021']).unencoded).toEqual(['第九条', '第十条']);
});

it('reports a citation of an article the seed does not have', () => {
  const ruleset = rulesets['qinhuangdao-2023'];
  const typo = { ...ruleset, supervision: [{ citation: { doc: ruleset.citationDoc, article: '第九十条' }, description: 'x' }] } as Ruleset;
  expect(rulesetCoverage(typo, seedArticles['qinhuangdao-2023']).unknownCitations).toEqual(['第九十条']);
});
