import { rulesets } from '@config/rulesets';
import { defaultFactYears, evaluateEligibility, factYearsLine, factYearsOf, factYearsProblem, lastFactYear, type Facts } from '@shared/rules';

/**
 * Issue 16 point 4: "近三年" are the last three completed years. A campaign states the years it reads (评选依据年度), by
 * default the three before its own year, which is usually not over when the chairs file.
 */

describe('评选依据年度 of a campaign', () => {
  it('a 2026 campaign reads 2023–2025 by default, and says so', () => {
    expect(defaultFactYears(2026)).toEqual([2023, 2024, 2025]);
    expect(factYearsLine(defaultFactYears(2026))).toBe('评选依据年度：2023–2025 年');
    expect(lastFactYear(defaultFactYears(2026))).toBe(2025);
  });

  it('a campaign stored before the years were stated reads the default; a stated list is kept', () => {
    expect(factYearsOf({ year: 2026 })).toEqual([2023, 2024, 2025]);
    expect(factYearsOf({ year: 2026, factYears: [2024, 2025, 2026] })).toEqual([2024, 2025, 2026]);
  });
});

describe('beijing-2021 第六条（二）: 近三年入会率均在95%以上, read for the campaign’s years', () => {
  const beijing = rulesets['beijing-2021'];
  const rate = (facts: Partial<Facts>, years = defaultFactYears(2026)) =>
    evaluateEligibility(beijing, 'modelHome', { nominee: { kind: 'org' }, ...facts }, { year: lastFactYear(years) }).results.find((r) => r.conditionId === 'home.membershipRate');

  it('2023–2025 at 95% pass for a 2026 campaign, whatever 2026 shows so far', () => {
    const result = rate({ membershipRate: { 2023: 0.95, 2024: 0.96, 2025: 0.97, 2026: 0.5 } });
    expect(result?.status).toBe('pass');
    expect(result?.explanation).toContain('2023 年入会率 95%');
    expect(result?.explanation).not.toContain('2026');
  });

  it('a 2026 campaign without a 2023 figure lacks it, and one below 95% in 2023 fails', () => {
    expect(rate({ membershipRate: { 2024: 0.96, 2025: 0.97, 2026: 0.97 } })).toMatchObject({ status: 'missing', explanation: expect.stringContaining('缺少 2023 年入会率') });
    expect(rate({ membershipRate: { 2023: 0.9499, 2024: 0.96, 2025: 0.97 } })?.status).toBe('fail');
  });

  it('years the organiser stated instead (2024–2026) are the ones read', () => {
    expect(rate({ membershipRate: { 2023: 0.5, 2024: 0.96, 2025: 0.97, 2026: 0.98 } }, [2024, 2025, 2026])?.status).toBe('pass');
  });
});

describe('what an organiser may state', () => {
  const problem = (years: number[], rulesetId: keyof typeof rulesets = 'beijing-2021', titles = ['modelHome' as const]) => factYearsProblem(years, 2026, rulesets[rulesetId], titles);

  it('three consecutive years up to the campaign’s own are accepted', () => {
    expect(problem([2023, 2024, 2025])).toBeUndefined();
    expect(problem([2024, 2025, 2026])).toBeUndefined();
    expect(problem([2022, 2023, 2024, 2025])).toBeUndefined();
  });

  it('refuses, naming the field: years out of order or with a gap, a year after the campaign’s, none, more than five', () => {
    expect(problem([2025, 2024, 2023])).toContain('评选依据年度（factYears）应为连续的年度');
    expect(problem([2022, 2024, 2025])).toContain('评选依据年度（factYears）应为连续的年度');
    expect(problem([2025, 2026, 2027])).toBe('评选依据年度（factYears）不能晚于评选年度 2026 年：尚未到来的年度没有数据');
    expect(problem([])).toContain('评选依据年度（factYears）至少');
    expect(problem([2019, 2020, 2021, 2022, 2023, 2024])).toContain('不超过 5 个年度');
  });

  it('refuses fewer years than the ruleset’s "近三年" asks, citing the article', () => {
    expect(problem([2024, 2025])).toBe('评选依据年度（factYears）应至少包含 3 个年度：「近三年职工（含农民工、劳务派遣工）入会率均在95%以上」（京工发〔2021〕19号 第六条（二））');
  });

  it('one year does where the titles read one year only (jiaozuo-2018 二、（一）1.: 入会率达到90%以上)', () => {
    const jiaozuo = rulesets['jiaozuo-2018'];
    const yearly = jiaozuo.conditions.filter((c) => (c.kind === 'yearlyThreshold' || c.kind === 'yearlyGrade') && c.titles.includes('modelHome'));
    expect(yearly.every((c) => c.kind !== 'yearlyThreshold' || c.years === 1)).toBe(true);
    expect(factYearsProblem([2025], 2026, jiaozuo, ['modelHome'])).toBeUndefined();
  });
});
