// Prints, per ruleset, each article of its seed text, whether it carries a checkable rule and whether the
// ruleset encodes it (cites it). Exits 1 when a checkable article is not encoded or a citation names an
// article the seed does not have. Run: npm run rules:coverage
import { seedArticles } from '../config/rulesets/articles';
import { rulesetIds, rulesets } from '../config/rulesets';
import { rulesetCoverage } from '../shared/rules/coverage';

let failures = 0;
for (const id of rulesetIds) {
  const ruleset = rulesets[id];
  const report = rulesetCoverage(ruleset, seedArticles[id]);
  const checkable = report.articles.filter((a) => a.checkable);
  const encoded = checkable.filter((a) => a.citations > 0);
  process.stdout.write(`\n${ruleset.name}  ${ruleset.citationDoc}  (${id})\n`);
  for (const a of report.articles) {
    const mark = !a.checkable ? '  -  ' : a.citations > 0 ? ' ok  ' : ' MISSING';
    const count = a.citations > 0 ? `  [${a.citations} 处引用]` : '';
    process.stdout.write(`  ${mark} ${a.article.padEnd(8, '　')} ${a.checkable ? '可检查' : '不适用'}  ${a.gist}${count}\n`);
  }
  process.stdout.write(`  已编码 ${encoded.length}/${checkable.length} 条可检查条款\n`);
  for (const article of report.unencoded) {
    process.stderr.write(`  ✗ ${id}: 可检查条款 ${article} 未编码\n`);
    failures++;
  }
  for (const article of report.unknownCitations) {
    process.stderr.write(`  ✗ ${id}: 引用了原文中没有的条款 ${article}\n`);
    failures++;
  }
}
process.stdout.write(failures === 0 ? '\n全部可检查条款均已编码。\n' : `\n${failures} 个问题。\n`);
process.exit(failures === 0 ? 0 : 1);
