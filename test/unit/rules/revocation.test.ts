import { rulesets, type RulesetId } from '@config/rulesets';
import { automaticRevocationFlags, citationText, holderRevocationFlags } from '@shared/rules';

/** The revocation grounds yearly figures prove by themselves, for a holder, from the years after the award. */

/** The histories below start in 2018: a title awarded in 2017 lets every year of them count. */
const awardedYear = 2017;

const collective: { ruleset: RulesetId; article: string }[] = [
  { ruleset: 'acftu-2020', article: '第二十三条（九）' },
  { ruleset: 'beijing-2021', article: '第二十条（九）' },
  { ruleset: 'guangxi-2021', article: '八、（二）9.' },
];
const chairGrade: { ruleset: RulesetId; article: string }[] = [
  { ruleset: 'acftu-2020', article: '第二十五条（一）' },
  { ruleset: 'beijing-2021', article: '第二十二条（一）' },
  { ruleset: 'guangxi-2021', article: '八、（四）1.' },
];
const chairDissatisfaction: { ruleset: RulesetId; article: string }[] = [
  { ruleset: 'acftu-2020', article: '第二十五条（五）' },
  { ruleset: 'beijing-2021', article: '第二十二条（五）' },
  { ruleset: 'guangxi-2021', article: '八、（四）5.' },
];

describe.each(collective)('$ruleset $article: dissatisfaction above 50% two years running', ({ ruleset, article }) => {
  const flags = (figures: Record<string, number>) =>
    automaticRevocationFlags(rulesets[ruleset], { title: 'modelHome', awardedYear, memberAppraisalDissatisfaction: figures });

  it(`${article}: 55% and 60% in consecutive years flag; the flag cites the article and shows the figures`, () => {
    const [flag] = flags({ 2022: 0.55, 2023: 0.6 });
    expect(flag && citationText(flag.citation)).toBe(`${rulesets[ruleset].citationDoc} ${article}`);
    expect(flag?.years).toEqual([2022, 2023]);
    expect(flag?.explanation).toBe('2022 年、2023 年会员评家不满意率分别为 55%、60%，连续 2 年超过 50%');
  });

  it(`${article}: exactly 50% is not "超过百分之五十"; 50.01% is`, () => {
    expect(flags({ 2022: 0.5, 2023: 0.9 })).toEqual([]);
    expect(flags({ 2022: 0.5001, 2023: 0.9 })).toHaveLength(1);
  });

  it(`${article}: one bad year, or two years apart, does not flag`, () => {
    expect(flags({ 2023: 0.9 })).toEqual([]);
    expect(flags({ 2021: 0.9, 2022: 0.3, 2023: 0.9 })).toEqual([]);
    expect(flags({ 2021: 0.9, 2023: 0.9 })).toEqual([]);
    expect(flags({})).toEqual([]);
  });

  it(`${article}: a small home is flagged too, a worker's title is not`, () => {
    expect(automaticRevocationFlags(rulesets[ruleset], { title: 'modelSmallHome', awardedYear, memberAppraisalDissatisfaction: { 2022: 0.6, 2023: 0.7 } })).toHaveLength(1);
    expect(automaticRevocationFlags(rulesets[ruleset], { title: 'outstandingWorker', awardedYear, role: 'other', memberAppraisalDissatisfaction: { 2022: 0.6, 2023: 0.7 } })).toEqual([]);
  });
});

describe.each(chairGrade.map((g, i) => ({ ...g, dissatisfactionArticle: chairDissatisfaction[i]?.article ?? '' })))(
  '$ruleset $article: a chair graded 不满意 two years running',
  ({ ruleset, article, dissatisfactionArticle }) => {
    const doc = rulesets[ruleset].citationDoc;

    it(`${article}: two consecutive 不满意 flag a chair or vice-chair, not other workers`, () => {
      const grades = { 2022: 'dissatisfied', 2023: 'dissatisfied' } as const;
      const [flag] = automaticRevocationFlags(rulesets[ruleset], { title: 'outstandingWorker', awardedYear, role: 'viceChair', chairEvaluationGrade: grades });
      expect(flag && citationText(flag.citation)).toBe(`${doc} ${article}`);
      expect(flag?.explanation).toBe('2022 年、2023 年工会会员代表大会测评等次均为不满意，连续 2 年');
      expect(automaticRevocationFlags(rulesets[ruleset], { title: 'outstandingWorker', awardedYear, role: 'other', chairEvaluationGrade: grades })).toEqual([]);
      expect(automaticRevocationFlags(rulesets[ruleset], { title: 'outstandingWorker', awardedYear, chairEvaluationGrade: grades })).toEqual([]);
    });

    it(`${article}: 基本满意 in between breaks the run`, () => {
      const grades = { 2021: 'dissatisfied', 2022: 'basicallySatisfied', 2023: 'dissatisfied' } as const;
      expect(automaticRevocationFlags(rulesets[ruleset], { title: 'outstandingWorker', awardedYear, role: 'chair', chairEvaluationGrade: grades })).toEqual([]);
    });

    it(`${dissatisfactionArticle}: the union's dissatisfaction above 50% two years running also flags its chair`, () => {
      const flags = automaticRevocationFlags(rulesets[ruleset], { title: 'outstandingWorker', awardedYear, role: 'chair', memberAppraisalDissatisfaction: { 2023: 0.51, 2024: 0.52 } });
      expect(flags.map((f) => citationText(f.citation))).toEqual([`${doc} ${dissatisfactionArticle}`]);
    });
  },
);

it('the latest qualifying run is reported', () => {
  const [flag] = automaticRevocationFlags(rulesets['beijing-2021'], {
    title: 'modelHome',
    awardedYear,
    memberAppraisalDissatisfaction: { 2018: 0.6, 2019: 0.7, 2020: 0.1, 2022: 0.8, 2023: 0.9, 2024: 0.95 },
  });
  expect(flag?.years).toEqual([2022, 2023, 2024]);
});

it('秦皇岛 and 焦作 state no revocation grounds: nothing is flagged', () => {
  for (const id of ['qinhuangdao-2023', 'jiaozuo-2018'] as const) {
    expect(automaticRevocationFlags(rulesets[id], { title: 'modelHome', awardedYear, memberAppraisalDissatisfaction: { 2022: 0.9, 2023: 0.9 } })).toEqual([]);
  }
});

it('every automatic ground in the rulesets is one of those tested above', () => {
  const tested = new Set([...collective, ...chairGrade, ...chairDissatisfaction].map((c) => `${c.ruleset} ${c.article}`));
  const automatic = (Object.keys(rulesets) as RulesetId[]).flatMap((id) =>
    rulesets[id].revocation.grounds.filter((g) => g.automatic).map((g) => `${id} ${g.citation.article}${g.citation.item ?? ''}`),
  );
  expect(automatic.filter((a) => !tested.has(a))).toEqual([]);
  expect(automatic).toHaveLength(9);
});

/**
 * Issue 16 point 5: the grounds describe a holder (可撤销…荣誉称号): only a union or person holding the title is
 * flagged, and only by the years after the award — the years before are the ones the title was given on.
 */
describe.each([
  { ruleset: 'acftu-2020' as const, collective: '第二十三条（九）', grade: '第二十五条（一）', union: '第二十五条（五）' },
  { ruleset: 'beijing-2021' as const, collective: '第二十条（九）', grade: '第二十二条（一）', union: '第二十二条（五）' },
  { ruleset: 'guangxi-2021' as const, collective: '八、（二）9.', grade: '八、（四）1.', union: '八、（四）5.' },
])('$ruleset: flags for holders, after the award', ({ ruleset, collective, grade, union }) => {
  const doc = rulesets[ruleset].citationDoc;
  const articles = (flags: { citation: Parameters<typeof citationText>[0] }[]) => flags.map((f) => citationText(f.citation).replace(`${doc} `, ''));
  const home = (dissatisfaction: Record<string, number>) => holderRevocationFlags(rulesets[ruleset], { honours: [{ title: 'modelHome', awardedYear: 2026 }], memberAppraisalDissatisfaction: dissatisfaction });

  it(`${collective}: a home awarded in 2026 is flagged by 2027 and 2028 above 50%, the flag naming the years and the title`, () => {
    const flags = home({ 2027: 0.55, 2028: 0.6 });
    expect(articles(flags)).toEqual([collective]);
    expect(flags[0]).toMatchObject({ title: 'modelHome', awardedYear: 2026, years: [2027, 2028] });
  });

  it(`${collective}: failing years before the award, or the award year with the one after, flag nothing`, () => {
    expect(home({ 2024: 0.9, 2025: 0.9 })).toEqual([]);
    expect(home({ 2025: 0.9, 2026: 0.9, 2027: 0.9 })).toEqual([]);
    expect(home({ 2024: 0.9, 2025: 0.9, 2027: 0.9 })).toEqual([]);
  });

  it(`${collective}: a union holding no title is not flagged, however its figures run`, () => {
    expect(holderRevocationFlags(rulesets[ruleset], { honours: [], memberAppraisalDissatisfaction: { 2024: 0.9, 2025: 0.9, 2027: 0.9, 2028: 0.9 } })).toEqual([]);
  });

  it(`${grade} and ${union}: a chair holding 优秀工会工作者 since 2026 is flagged by two 不满意 after it and by the union's figures`, () => {
    const chair = (role: 'chair' | 'viceChair' | 'other', honours: { title: 'outstandingWorker'; awardedYear: number }[]) =>
      holderRevocationFlags(rulesets[ruleset], {
        honours,
        role,
        chairEvaluationGrade: { 2024: 'dissatisfied', 2025: 'dissatisfied', 2027: 'dissatisfied', 2028: 'dissatisfied' },
        memberAppraisalDissatisfaction: { 2027: 0.7, 2028: 0.8 },
      });
    const held = [{ title: 'outstandingWorker' as const, awardedYear: 2026 }];
    expect(articles(chair('chair', held))).toEqual([grade, union]);
    expect(chair('viceChair', held).map((f) => f.years)).toEqual([[2027, 2028], [2027, 2028]]);
    // Not a chair or vice-chair: these grounds are theirs only (第二十五条 基层工会主席、副主席…另有下列情形).
    expect(chair('other', held)).toEqual([]);
    // A chair who holds no title.
    expect(chair('chair', [])).toEqual([]);
    // Awarded in 2028: 2027 and 2028 are not after it.
    expect(chair('chair', [{ title: 'outstandingWorker', awardedYear: 2028 }])).toEqual([]);
  });
});
