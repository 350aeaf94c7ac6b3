import { rulesets } from '@config/rulesets';
import { cycleProblems } from '@shared/rules/campaign-cycle';

/**
 * 总工办发〔2020〕15号 第十四条第一款 and 桂工发〔2021〕8号 七、（一）: campaigns run twice in a congress's five-year term,
 * once mid-term and once in the year the congress changes; 积极分子 and 之友 are named only in that year. A campaign
 * states the year this term's congress met (congressYear); the checks here refuse what the article does not allow.
 */

const acftu = rulesets['acftu-2020'];
const guangxi = rulesets['guangxi-2021'];

describe('总工办发〔2020〕15号 第十四条第一款: 积极分子、之友 only in the congress-change year', () => {
  it('refuses 优秀工会积极分子 in a mid-term year, naming the title, the years and the article', () => {
    const problems = cycleProblems(acftu, { year: 2025, congressYear: 2023, titles: ['modelHome', 'activist'] });
    expect(problems).toHaveLength(1);
    expect(problems[0]?.path).toBe('titles.1');
    expect(problems[0]?.message).toContain('优秀工会积极分子（titles.1）');
    expect(problems[0]?.message).toContain('2025 年不是工会全国代表大会换届之年（本届于 2023 年召开）');
    expect(problems[0]?.message).toContain('总工办发〔2020〕15号 第十四条第一款');
  });

  it('offers them in the year the congress met', () => {
    expect(cycleProblems(acftu, { year: 2023, congressYear: 2023, titles: ['activist', 'friend', 'modelHome'] })).toEqual([]);
  });

  it('refuses both titles when both are offered mid-term', () => {
    expect(cycleProblems(acftu, { year: 2024, congressYear: 2023, titles: ['friend', 'activist'] }).map((p) => p.path)).toEqual(['titles.0', 'titles.1']);
  });

  it('asks for the congress year when such a title is offered without one, naming the field', () => {
    const problems = cycleProblems(acftu, { year: 2023, titles: ['activist'] });
    expect(problems).toEqual([{ path: 'congressYear', message: expect.stringContaining('本届工会全国代表大会召开年份（congressYear）') }]);
    expect(problems[0]?.message).toContain('第十四条第一款');
  });

  it('needs no congress year for a campaign of the other titles', () => {
    expect(cycleProblems(acftu, { year: 2025, titles: ['modelHome', 'outstandingWorker'] })).toEqual([]);
  });
});

describe('the five-year rhythm: the congress year stated must be this term\'s', () => {
  it('accepts a congress up to four years before the campaign; five years before, the next congress is due', () => {
    expect(cycleProblems(acftu, { year: 2027, congressYear: 2023, titles: ['modelHome'] })).toEqual([]);
    const stale = cycleProblems(acftu, { year: 2028, congressYear: 2023, titles: ['modelHome'] });
    expect(stale).toEqual([{ path: 'congressYear', message: expect.stringContaining('应在 2024—2028 年之间') }]);
    expect(stale[0]?.message).toContain('第十四条第一款');
  });

  it('refuses a congress year after the campaign year', () => {
    expect(cycleProblems(acftu, { year: 2025, congressYear: 2026, titles: ['modelHome'] })).toEqual([{ path: 'congressYear', message: expect.stringContaining('不能晚于评选年度 2025 年') }]);
  });

  it('a stale congress year does not also refuse the titles: one clear reason', () => {
    expect(cycleProblems(acftu, { year: 2028, congressYear: 2023, titles: ['activist'] }).map((p) => p.path)).toEqual(['congressYear']);
  });
});

describe('桂工发〔2021〕8号 七、（一）: the same for Guangxi\'s regional congress', () => {
  it('refuses 优秀工会之友 outside the change year of 工会自治区代表大会, citing 七、（一）', () => {
    const problems = cycleProblems(guangxi, { year: 2023, congressYear: 2021, titles: ['friend'] });
    expect(problems[0]?.message).toContain('工会自治区代表大会');
    expect(problems[0]?.message).toContain('桂工发〔2021〕8号 七、（一）');
    expect(cycleProblems(guangxi, { year: 2026, congressYear: 2026, titles: ['friend', 'activist'] })).toEqual([]);
  });
});

describe('regulations without a congress-bound cycle', () => {
  it.each(['beijing-2021', 'qinhuangdao-2023', 'jiaozuo-2018'] as const)('%s: no congress year asked, none checked', (id) => {
    const titles = rulesets[id].titles.map((t) => t.title);
    expect(cycleProblems(rulesets[id], { year: 2026, titles })).toEqual([]);
  });
});
