import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { rulesets } from '@config/rulesets';
import { jiaozuoQuotaTable } from '@config/rulesets/jiaozuo-2018';
import { parseQuotaCsv, quotaProblemText, type QuotaCsvProblem } from '@shared/rules';

/** The 名额分配表 CSV reader, on Jiaozuo's real table and on broken variants. */

const realCsv = readFileSync(join(__dirname, '../../fixtures/jiaozuo-2018-quotas.csv'), 'utf8');
const lines = realCsv.trimEnd().split('\n');
const header = lines[0] ?? '';

/** The real file with line `row` (1-based, as a spreadsheet numbers it) replaced. */
function withRow(row: number, content: string, source = lines): string {
  return source.map((line, i) => (i === row - 1 ? content : line)).join('\n');
}
/** The real file with the printed 合计 of 模范职工小家 corrected from 80 to the units' sum, 78. */
const consistentLines = lines.map((line) => (line.startsWith('合计,') ? line.replace('合计,40,80,', '合计,40,78,') : line));
const consistentCsv = consistentLines.join('\n');

function problemsOf(text: string, options = {}): QuotaCsvProblem[] {
  const result = parseQuotaCsv(text, options);
  if (result.ok) throw new Error('expected problems');
  return result.problems;
}

describe('Jiaozuo\'s real quota table (焦作 附件 表彰名额分配表)', () => {
  it('reports the one inconsistency the printed table has: 模范职工小家 units add up to 78, the 合计 row says 80', () => {
    expect(problemsOf(realCsv)).toEqual([
      { row: 17, column: 'modelSmallHome', message: '模范职工小家各推荐单位名额之和为 78，与合计行的 80 不一致' },
    ]);
  });

  it('with the 合计 corrected, parses to the same numbers the jiaozuo ruleset carries', () => {
    const result = parseQuotaCsv(consistentCsv, { ruleset: rulesets['jiaozuo-2018'] });
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    expect(result.table.titles).toEqual(jiaozuoQuotaTable.titles);
    expect(result.table.units).toEqual(jiaozuoQuotaTable.units);
    expect(result.table.totals).toEqual({ ...jiaozuoQuotaTable.totals, modelSmallHome: 78 });
  });

  it('empty cells mean no quota: 孟州市 has no red-flag places', () => {
    const result = parseQuotaCsv(consistentCsv);
    if (!result.ok) throw new Error('expected a table');
    expect(result.table.units.find((u) => u.unit === '孟州市')?.quotas).toEqual({ modelHome: 3, modelSmallHome: 4, outstandingWorker: 5, activist: 8, friend: 5 });
  });

  it('handles a UTF-8 BOM and CRLF line ends', () => {
    const windows = `\uFEFF${consistentLines.join('\r\n')}\r\n`;
    expect(parseQuotaCsv(windows)).toEqual(parseQuotaCsv(consistentCsv));
    expect(problemsOf(`\uFEFF${lines.join('\r\n')}\r\n`)).toEqual(problemsOf(realCsv));
  });

  it('the ruleset\'s 合计 row keeps the printed 80, which matches 一、（一）2.', () => {
    expect(jiaozuoQuotaTable.totals?.modelSmallHome).toBe(80);
    const fixed = rulesets['jiaozuo-2018'].quotas.find((q) => q.kind === 'fixedCounts' && q.counts.modelSmallHome !== undefined);
    expect(fixed?.kind === 'fixedCounts' && fixed.counts.modelSmallHome).toBe(80);
  });
});

describe('broken variants name the row and the column', () => {
  it('a non-numeric cell', () => {
    expect(problemsOf(withRow(3, '孟州市,三,4,5,8,5,,,,', consistentLines))).toEqual([
      { row: 3, column: 'modelHome', message: '「三」不是数字' },
    ]);
  });

  it('a negative cell', () => {
    expect(problemsOf(withRow(4, '温县,2,3,-4,6,4,,,,', consistentLines))).toEqual([
      { row: 4, column: 'outstandingWorker', message: '名额不能为负数（-4）' },
    ]);
  });

  it('a non-integer cell', () => {
    expect(problemsOf(withRow(5, '武陟县,2,3,4,6.5,4,,,,', consistentLines))).toEqual([
      { row: 5, column: 'activist', message: '名额必须为整数（6.5）' },
    ]);
  });

  it('a duplicate unit', () => {
    expect(problemsOf(withRow(6, '温县,2,3,4,6,4,,,,', consistentLines))).toEqual([
      { row: 6, column: 'recommending_unit', message: '推荐单位「温县」重复（第 4 行已有）' },
    ]);
  });

  it('a missing unit name', () => {
    expect(problemsOf(withRow(8, ',1,2,2,4,2,,,,', consistentLines))).toEqual([
      { row: 8, column: 'recommending_unit', message: '缺少推荐单位名称' },
    ]);
  });

  it('an unknown title column', () => {
    const text = withRow(1, header.replace('friend', 'goldMedal'), consistentLines);
    expect(problemsOf(text)).toEqual([{ row: 1, column: 'goldMedal', message: '「goldMedal」不是已知的荣誉称号' }]);
  });

  it('a title column the ruleset does not offer (秦皇岛 has no activists)', () => {
    const text = 'recommending_unit,modelHome,activist\n海港区,2,3\n';
    expect(problemsOf(text, { ruleset: rulesets['qinhuangdao-2023'] })).toEqual([
      { row: 1, column: 'activist', message: '秦皇岛市（2023）不设「优秀工会积极分子」' },
    ]);
    expect(parseQuotaCsv(text).ok).toBe(true);
  });

  it('a column that does not add up to the 合计 row', () => {
    const text = withRow(2, '沁阳市,4,4,5,8,5,3,8,3,3', consistentLines);
    expect(problemsOf(text)).toEqual([{ row: 17, column: 'modelHome', message: '模范职工之家各推荐单位名额之和为 41，与合计行的 40 不一致' }]);
  });

  it('every problem at once, in row order', () => {
    let text = withRow(1, header.replace('exemplarFriend', 'xyz'), lines);
    text = withRow(3, '孟州市,abc,4,5,8,5,,,,', text.split('\n'));
    text = withRow(7, '修武县,2,3,4,6,-1,,,,', text.split('\n'));
    text = withRow(9, '温县,1,2,2,4,2,,,,', text.split('\n'));
    const problems = problemsOf(text);
    expect(problems.map((p) => [p.row, p.column])).toEqual([
      [1, 'xyz'],
      [3, 'modelHome'],
      [7, 'friend'],
      [9, 'recommending_unit'],
      [17, 'modelSmallHome'],
    ]);
  });

  it('a wrong first column, an extra cell without a header, an empty file', () => {
    expect(problemsOf('unit,modelHome\n甲,1\n')[0]).toMatchObject({ row: 1, column: 'unit' });
    expect(problemsOf('recommending_unit,modelHome\n甲,1,9\n')).toEqual([{ row: 2, column: '第 3 列', message: '该列没有表头' }]);
    expect(problemsOf('')).toEqual([{ row: 1, column: 'recommending_unit', message: '文件为空，缺少表头' }]);
    expect(problemsOf('\uFEFF')).toHaveLength(1);
  });

  it('quoted unit names may hold commas; a table without a 合计 row is not summed', () => {
    const result = parseQuotaCsv('recommending_unit,modelHome\n"财贸,商业系统",2\n其它,1\n');
    expect(result).toEqual({ ok: true, table: { titles: ['modelHome'], units: [{ unit: '财贸,商业系统', quotas: { modelHome: 2 } }, { unit: '其它', quotas: { modelHome: 1 } }] } });
  });
});

describe('fixed yearly counts are expressible too', () => {
  it('秦皇岛 第十一条: 15 homes, 15 small homes, 10 workers a year', () => {
    const fixed = rulesets['qinhuangdao-2023'].quotas.find((q) => q.kind === 'fixedCounts');
    expect(fixed).toMatchObject({ period: 'year', counts: { modelHome: 15, modelSmallHome: 15, outstandingWorker: 10 } });
  });
});

describe('a problem as the organiser reads it', () => {
  it('names the row and the column in Chinese', () => {
    expect(quotaProblemText({ row: 3, column: 'modelHome', message: '「三」不是数字' })).toBe('第 3 行「模范职工之家」列：「三」不是数字');
    expect(quotaProblemText({ row: 5, column: 'recommending_unit', message: '缺少推荐单位名称' })).toBe('第 5 行「推荐单位」列：缺少推荐单位名称');
    expect(quotaProblemText({ row: 2, column: '第 11 列', message: '该列没有表头' })).toBe('第 2 行第 11 列：该列没有表头');
  });
});
