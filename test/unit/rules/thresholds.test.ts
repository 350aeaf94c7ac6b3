import { rulesets, rulesetIds, type RulesetId } from '@config/rulesets';
import { citationText, formatRate, type Facts, type ScalarFactKey, type TitleCode, type YearlyRateKey } from '@shared/rules';
import { resultFor, series, year } from './helpers';

/**
 * Every numeric threshold the seeds state, written down here from the seed text (independently of the ruleset
 * files), each probed exactly at, just below and just above its figure.
 */

interface YearlyCase {
  ruleset: RulesetId;
  article: string;
  title: TitleCode;
  conditionId: string;
  fact: YearlyRateKey;
  /** Years the text requires (近三年 = 3; a single figure = 1). */
  years: number;
  passes: number[];
  fails: number[];
}

const yearly: YearlyCase[] = [
  // 总工办发〔2020〕15号
  { ruleset: 'acftu-2020', article: '第六条（二）', title: 'modelHome', conditionId: 'home.membershipRate', fact: 'membershipRate', years: 3, passes: [0.9, 0.9001, 1], fails: [0.8999, 0.5] },
  { ruleset: 'acftu-2020', article: '第六条（六）', title: 'modelHome', conditionId: 'home.satisfaction', fact: 'memberAppraisalSatisfaction', years: 3, passes: [0.9, 0.95], fails: [0.899] },
  { ruleset: 'acftu-2020', article: '第七条（二）', title: 'modelSmallHome', conditionId: 'smallHome.membershipRate', fact: 'membershipRate', years: 3, passes: [0.9], fails: [0.899] },
  { ruleset: 'acftu-2020', article: '第七条（五）', title: 'modelSmallHome', conditionId: 'smallHome.satisfaction', fact: 'memberAppraisalSatisfaction', years: 3, passes: [0.9], fails: [0.899] },
  // 京工发〔2021〕19号: Beijing raises membership to 95% and adds information collection and the 12351 hotline
  { ruleset: 'beijing-2021', article: '第六条（二）', title: 'modelHome', conditionId: 'home.membershipRate', fact: 'membershipRate', years: 3, passes: [0.95, 0.951], fails: [0.949, 0.94, 0.9] },
  { ruleset: 'beijing-2021', article: '第六条（二）', title: 'modelHome', conditionId: 'home.memberInfoCollection', fact: 'memberInfoCollectionRate', years: 1, passes: [0.95, 1], fails: [0.9499] },
  { ruleset: 'beijing-2021', article: '第六条（四）', title: 'modelHome', conditionId: 'home.satisfaction', fact: 'memberAppraisalSatisfaction', years: 3, passes: [0.9, 0.965], fails: [0.899] },
  { ruleset: 'beijing-2021', article: '第六条（四）', title: 'modelHome', conditionId: 'home.hotlineOnTime', fact: 'hotline12351OnTimeRate', years: 1, passes: [0.95], fails: [0.949] },
  { ruleset: 'beijing-2021', article: '第六条（四）', title: 'modelHome', conditionId: 'home.hotlineSatisfaction', fact: 'hotline12351SatisfactionRate', years: 1, passes: [0.95], fails: [0.949] },
  { ruleset: 'beijing-2021', article: '第七条（二）', title: 'modelSmallHome', conditionId: 'smallHome.membershipRate', fact: 'membershipRate', years: 3, passes: [0.9], fails: [0.899] },
  { ruleset: 'beijing-2021', article: '第七条（三）', title: 'modelSmallHome', conditionId: 'smallHome.satisfaction', fact: 'memberAppraisalSatisfaction', years: 3, passes: [0.9], fails: [0.899] },
  // 桂工发〔2021〕8号
  { ruleset: 'guangxi-2021', article: '六、（一）2.', title: 'modelHome', conditionId: 'home.membershipRate', fact: 'membershipRate', years: 3, passes: [0.9], fails: [0.899] },
  { ruleset: 'guangxi-2021', article: '六、（一）6.', title: 'modelHome', conditionId: 'home.satisfaction', fact: 'memberAppraisalSatisfaction', years: 3, passes: [0.9], fails: [0.899] },
  { ruleset: 'guangxi-2021', article: '六、（二）2.', title: 'modelSmallHome', conditionId: 'smallHome.membershipRate', fact: 'membershipRate', years: 3, passes: [0.9], fails: [0.899] },
  { ruleset: 'guangxi-2021', article: '六、（二）5.', title: 'modelSmallHome', conditionId: 'smallHome.satisfaction', fact: 'memberAppraisalSatisfaction', years: 3, passes: [0.9], fails: [0.899] },
  // 秦皇岛: membership is a single figure, online-union enrolment must be 100%
  { ruleset: 'qinhuangdao-2023', article: '第五条（二）', title: 'modelHome', conditionId: 'home.membershipRate', fact: 'membershipRate', years: 1, passes: [0.9], fails: [0.899] },
  { ruleset: 'qinhuangdao-2023', article: '第五条（二）', title: 'modelHome', conditionId: 'home.onlineUnion', fact: 'onlineUnionEnrolmentRate', years: 1, passes: [1], fails: [0.999, 0.99] },
  { ruleset: 'qinhuangdao-2023', article: '第五条（五）', title: 'modelHome', conditionId: 'home.satisfaction', fact: 'memberAppraisalSatisfaction', years: 3, passes: [0.9], fails: [0.899] },
  // 焦作: single figures; red-flag homes need 95%
  { ruleset: 'jiaozuo-2018', article: '二、（一）1.', title: 'modelHome', conditionId: 'home.membershipRate', fact: 'membershipRate', years: 1, passes: [0.9], fails: [0.899] },
  { ruleset: 'jiaozuo-2018', article: '二、（四）', title: 'redFlagHome', conditionId: 'redFlagHome.membershipRate', fact: 'membershipRate', years: 1, passes: [0.95], fails: [0.949] },
  { ruleset: 'jiaozuo-2018', article: '二、（四）', title: 'redFlagHome', conditionId: 'redFlagHome.satisfaction', fact: 'memberAppraisalSatisfaction', years: 1, passes: [0.95], fails: [0.949] },
];

interface ScalarCase {
  ruleset: RulesetId;
  article: string;
  title: TitleCode;
  conditionId: string;
  fact: ScalarFactKey;
  nominee?: Facts['nominee'];
  passes: number[];
  fails: number[];
}

const scalar: ScalarCase[] = [
  // "同意票率达不到85%的不能申报": 85% itself may apply
  { ruleset: 'jiaozuo-2018', article: '三、（三）', title: 'modelHome', conditionId: 'home.congressBallot', fact: 'congressYesShare', passes: [0.85, 0.8501, 1], fails: [0.8499, 0.5] },
  { ruleset: 'jiaozuo-2018', article: '二、（一）', title: 'modelHome', conditionId: 'home.largeGroupTitledUnits', fact: 'titledSecondLevelUnitShare', nominee: { kind: 'org', isVeryLargeGroup: true }, passes: [0.6, 0.61], fails: [0.5999] },
  { ruleset: 'qinhuangdao-2023', article: '第四条第三款', title: 'outstandingWorker', conditionId: 'worker.yearsOfUnionWork', fact: 'yearsOfUnionWork', passes: [3, 3.5, 10], fails: [2.99, 0] },
];

function yearlyFacts(c: YearlyCase, value: number): Facts {
  return { nominee: { kind: c.title === 'modelHome' || c.title === 'redFlagHome' ? 'org' : 'subOrg' }, [c.fact]: series(value, c.years) };
}

function scalarFacts(c: ScalarCase, value: number): Facts {
  const nominee = { kind: 'person' as const, ...c.nominee };
  if (c.fact === 'yearsOfUnionWork') return { nominee: { ...nominee, yearsOfUnionWork: value } };
  return { nominee, [c.fact]: value };
}

describe.each(yearly)('$ruleset $article $conditionId', (c) => {
  const doc = rulesets[c.ruleset].citationDoc;

  it(`${doc} ${c.article}: ${c.passes.map(formatRate).join('、')} pass, ${c.fails.map(formatRate).join('、')} fail`, () => {
    for (const value of c.passes) expect(resultFor(c.ruleset, c.title, c.conditionId, yearlyFacts(c, value)).status).toBe('pass');
    for (const value of c.fails) expect(resultFor(c.ruleset, c.title, c.conditionId, yearlyFacts(c, value)).status).toBe('fail');
  });

  it(`${doc} ${c.article}: cites the article`, () => {
    const result = resultFor(c.ruleset, c.title, c.conditionId, yearlyFacts(c, c.passes[0] ?? 1));
    expect(citationText(result.citation)).toBe(`${doc} ${c.article}`);
  });

  it(`${doc} ${c.article}: checks ${c.years === 1 ? 'the reference year only' : `each of the last ${c.years} years`}`, () => {
    const good = c.passes[0] ?? 1;
    const bad = c.fails[0] ?? 0;
    // The earliest year of the window failing decides; a year before the window does not count.
    const inWindow = { ...series(good, c.years), [String(year - c.years + 1)]: bad };
    expect(resultFor(c.ruleset, c.title, c.conditionId, { nominee: {}, [c.fact]: inWindow }).status).toBe('fail');
    const beforeWindow = { ...series(good, c.years), [String(year - c.years)]: bad };
    expect(resultFor(c.ruleset, c.title, c.conditionId, { nominee: {}, [c.fact]: beforeWindow }).status).toBe('pass');
  });

  it(`${doc} ${c.article}: a missing year is missing, never a pass`, () => {
    const figures = series(c.passes[0] ?? 1, c.years);
    delete figures[String(year - c.years + 1)];
    const result = resultFor(c.ruleset, c.title, c.conditionId, { nominee: {}, [c.fact]: figures });
    expect(result.status).toBe('missing');
    expect(result.explanation).toContain(`缺少 ${year - c.years + 1} 年`);
    expect(resultFor(c.ruleset, c.title, c.conditionId, { nominee: {} }).status).toBe('missing');
  });
});

describe.each(scalar)('$ruleset $article $conditionId', (c) => {
  const doc = rulesets[c.ruleset].citationDoc;

  it(`${doc} ${c.article}: ${c.passes.join('、')} pass, ${c.fails.join('、')} fail`, () => {
    for (const value of c.passes) expect(resultFor(c.ruleset, c.title, c.conditionId, scalarFacts(c, value)).status).toBe('pass');
    for (const value of c.fails) expect(resultFor(c.ruleset, c.title, c.conditionId, scalarFacts(c, value)).status).toBe('fail');
  });

  it(`${doc} ${c.article}: cites the article; missing figure is missing`, () => {
    const result = resultFor(c.ruleset, c.title, c.conditionId, { nominee: { kind: 'person', ...c.nominee } });
    expect(result.status).toBe('missing');
    expect(citationText(result.citation)).toBe(`${doc} ${c.article}`);
  });
});

it('every numeric threshold in every ruleset has a boundary case above', () => {
  const tested = new Set([...yearly, ...scalar].map((c) => `${c.ruleset}/${c.conditionId}`));
  const numeric = rulesetIds.flatMap((id) =>
    rulesets[id].conditions.filter((c) => c.kind === 'yearlyThreshold' || c.kind === 'threshold').map((c) => `${id}/${c.id}`),
  );
  expect(numeric.filter((key) => !tested.has(key))).toEqual([]);
});

describe('explanations show the figures', () => {
  it('京工发〔2021〕19号 第六条（二）: "2024 年入会率 93%，低于 95%"', () => {
    const result = resultFor('beijing-2021', 'modelHome', 'home.membershipRate', {
      nominee: { kind: 'org' },
      membershipRate: { 2022: 0.96, 2023: 0.95, 2024: 0.93 },
    });
    expect(result.status).toBe('fail');
    expect(result.explanation).toBe('2022 年入会率 96%，达到 95%；2023 年入会率 95%，达到 95%；2024 年入会率 93%，低于 95%');
  });

  it('总工办发〔2020〕15号 第六条（六）: "2023 年会员评家满意率 96.5%，达到 90%" and "缺少 2022 年会员评家满意率"', () => {
    const result = resultFor('acftu-2020', 'modelHome', 'home.satisfaction', {
      nominee: { kind: 'org' },
      memberAppraisalSatisfaction: { 2023: 0.965, 2024: 0.91 },
    });
    expect(result.status).toBe('missing');
    expect(result.explanation).toContain('缺少 2022 年会员评家满意率');
    expect(result.explanation).toContain('2023 年会员评家满意率 96.5%，达到 90%');
  });

  it('a known failure outweighs a missing year', () => {
    const result = resultFor('acftu-2020', 'modelHome', 'home.satisfaction', {
      nominee: { kind: 'org' },
      memberAppraisalSatisfaction: { 2023: 0.5, 2024: 0.91 },
    });
    expect(result.status).toBe('fail');
  });

  it('焦作 三、（三）: "会员（代表）大会无记名投票同意票率 84.99%，低于 85%"', () => {
    const result = resultFor('jiaozuo-2018', 'modelHome', 'home.congressBallot', { nominee: { kind: 'org' }, congressYesShare: 0.8499 });
    expect(result.explanation).toBe('会员（代表）大会无记名投票同意票率 84.99%，低于 85%');
  });

  it('a rate computed in floating point that equals the threshold on paper passes (57/60 = 95%)', () => {
    const rate = 57 / 60;
    expect(resultFor('beijing-2021', 'modelHome', 'home.membershipRate', { nominee: {}, membershipRate: series(rate) }).status).toBe('pass');
  });
});
