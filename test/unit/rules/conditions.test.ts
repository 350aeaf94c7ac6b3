import { rulesets, type RulesetId } from '@config/rulesets';
import {
  citationText,
  evaluateEligibility,
  parseRuleset,
  type Facts,
  type HeldTitle,
  type TitleCode,
} from '@shared/rules';
import { resultFor, series, year } from './helpers';

/** Non-numeric conditions: chair grades, titles held, nominee attributes, narratives, negative lists, verdicts. */

describe('chair and vice-chair evaluation 测评等次均为满意 (last three years)', () => {
  const cases: { ruleset: RulesetId; article: string }[] = [
    { ruleset: 'acftu-2020', article: '第八条（四）' },
    { ruleset: 'beijing-2021', article: '第八条（三）' },
    { ruleset: 'guangxi-2021', article: '六、（三）4.' },
    { ruleset: 'qinhuangdao-2023', article: '第七条（四）' },
  ];

  it.each(cases)('$ruleset $article: 满意 three years passes, one 基本满意 fails', ({ ruleset, article }) => {
    const chair = (grades: Facts['chairEvaluationGrade']): Facts => ({ nominee: { kind: 'person', role: 'chair' }, chairEvaluationGrade: grades });
    const pass = resultFor(ruleset, 'outstandingWorker', 'worker.chairEvaluation', chair(series('satisfied')));
    expect(pass.status).toBe('pass');
    expect(citationText(pass.citation)).toBe(`${rulesets[ruleset].citationDoc} ${article}`);

    const fail = resultFor(ruleset, 'outstandingWorker', 'worker.chairEvaluation', chair({ ...series('satisfied'), [year - 1]: 'basicallySatisfied' }));
    expect(fail.status).toBe('fail');
    expect(fail.explanation).toContain(`${year - 1} 年工会会员代表大会测评等次为基本满意，未达到满意`);

    const gap = resultFor(ruleset, 'outstandingWorker', 'worker.chairEvaluation', chair({ [year]: 'satisfied' }));
    expect(gap.status).toBe('missing');
  });

  it.each(cases)('$ruleset $article: binds only chairs and vice-chairs; unknown role is missing', ({ ruleset }) => {
    const viceChair = resultFor(ruleset, 'outstandingWorker', 'worker.chairEvaluation', { nominee: { kind: 'person', role: 'viceChair' } });
    expect(viceChair.status).toBe('missing');
    const other = resultFor(ruleset, 'outstandingWorker', 'worker.chairEvaluation', { nominee: { kind: 'person', role: 'other' } });
    expect(other.status).toBe('pass');
    expect(other.explanation).toContain('不适用');
    const unknown = resultFor(ruleset, 'outstandingWorker', 'worker.chairEvaluation', { nominee: { kind: 'person' } });
    expect(unknown.status).toBe('missing');
  });
});

describe('titles already held', () => {
  const held = (...titles: HeldTitle[]): Facts => ({ nominee: {}, titlesHeld: titles });

  it('焦作 二、（二）: a small home must hold a county-level small-home title (hard)', () => {
    const fail = resultFor('jiaozuo-2018', 'modelSmallHome', 'smallHome.countyTitle', held());
    expect(fail).toMatchObject({ status: 'fail', severity: 'hard' });
    expect(fail.explanation).toBe('未获得县级（含）以上模范职工小家称号');
    expect(resultFor('jiaozuo-2018', 'modelSmallHome', 'smallHome.countyTitle', held({ title: 'modelSmallHome', level: 'county', year: 2016 })).status).toBe('pass');
    // A county-level *home* title is not a small-home title.
    expect(resultFor('jiaozuo-2018', 'modelSmallHome', 'smallHome.countyTitle', held({ title: 'modelHome', level: 'county', year: 2016 })).status).toBe('fail');
  });

  it('焦作 二、（一）: a home "原则上" holds a county-level title — advisory only', () => {
    const result = resultFor('jiaozuo-2018', 'modelHome', 'home.countyTitle', held());
    expect(result).toMatchObject({ status: 'fail', severity: 'advisory' });
  });

  it('焦作 一、（二）: red-flag and exemplar candidates must hold a city-level or higher title', () => {
    for (const title of ['redFlagHome', 'redFlagSmallHome', 'exemplarWorker', 'exemplarFriend'] as TitleCode[]) {
      expect(resultFor('jiaozuo-2018', title, 'redFlag.titled', held({ title: 'modelHome', level: 'county', year: 2015 })).status).toBe('fail');
      expect(resultFor('jiaozuo-2018', title, 'redFlag.titled', held({ title: 'outstandingWorker', level: 'city', year: 2015 })).status).toBe('pass');
      expect(resultFor('jiaozuo-2018', title, 'redFlag.titled', held({ title: 'modelSmallHome', level: 'provincial', year: 2015 })).status).toBe('pass');
    }
  });

  it('焦作 二、: no repeat of the same title at the same (city) level', () => {
    const repeat = resultFor('jiaozuo-2018', 'modelHome', 'noRepeat.modelHome', held({ title: 'modelHome', level: 'city', year: 2013 }));
    expect(repeat).toMatchObject({ status: 'fail', severity: 'hard' });
    expect(repeat.explanation).toBe('已获 2013 年市级模范职工之家称号');
    expect(resultFor('jiaozuo-2018', 'modelHome', 'noRepeat.modelHome', held({ title: 'modelHome', level: 'county', year: 2013 })).status).toBe('pass');
  });

  it('秦皇岛 第四条第五款: provincial or national holders may not apply; a city-level repeat is advisory', () => {
    const provincial = resultFor('qinhuangdao-2023', 'modelHome', 'higherTitleHeld.modelHome', held({ title: 'modelHome', level: 'provincial', year: 2020 }));
    expect(provincial).toMatchObject({ status: 'fail', severity: 'hard' });
    expect(resultFor('qinhuangdao-2023', 'modelHome', 'higherTitleHeld.modelHome', held({ title: 'modelHome', level: 'national', year: 2020 })).status).toBe('fail');
    expect(resultFor('qinhuangdao-2023', 'modelHome', 'higherTitleHeld.modelHome', held({ title: 'modelHome', level: 'city', year: 2020 })).status).toBe('pass');
    expect(resultFor('qinhuangdao-2023', 'modelHome', 'noRepeat.modelHome', held({ title: 'modelHome', level: 'city', year: 2020 }))).toMatchObject({
      status: 'fail',
      severity: 'advisory',
    });
  });

  it('总工办发〔2020〕15号 第五条第六款 / 京工发〔2021〕19号 第五条第五款: "一般不重复评选" is advisory', () => {
    expect(resultFor('acftu-2020', 'modelHome', 'noRepeat.modelHome', held({ title: 'modelHome', level: 'national', year: 2015 }))).toMatchObject({ status: 'fail', severity: 'advisory' });
    expect(resultFor('beijing-2021', 'outstandingWorker', 'noRepeat.outstandingWorker', held({ title: 'outstandingWorker', level: 'provincial', year: 2016 }))).toMatchObject({
      status: 'fail',
      severity: 'advisory',
    });
  });

  it('总工办发〔2020〕15号 第六条: a national home generally comes from a provincial one (advisory)', () => {
    expect(resultFor('acftu-2020', 'modelHome', 'home.fromProvincial', held({ title: 'modelHome', level: 'provincial', year: 2019 })).status).toBe('pass');
    expect(resultFor('acftu-2020', 'modelHome', 'home.fromProvincial', held({ title: 'modelHome', level: 'city', year: 2019 }))).toMatchObject({ status: 'fail', severity: 'advisory' });
  });

  it('总工办发〔2020〕15号 第九条: a red-flag home must be a national model home', () => {
    expect(resultFor('acftu-2020', 'redFlagHome', 'redFlagHome.titled', held({ title: 'modelHome', level: 'provincial', year: 2019 })).status).toBe('fail');
    expect(resultFor('acftu-2020', 'redFlagHome', 'redFlagHome.titled', held({ title: 'modelHome', level: 'national', year: 2020 })).status).toBe('pass');
  });

  it('桂工发〔2021〕8号 六、（一）: generally from city-selected homes (advisory)', () => {
    expect(resultFor('guangxi-2021', 'modelHome', 'home.fromCity', held({ title: 'modelHome', level: 'city', year: 2019 })).status).toBe('pass');
    expect(resultFor('guangxi-2021', 'modelHome', 'home.fromCity', held())).toMatchObject({ status: 'fail', severity: 'advisory' });
  });

  it('undeclared titles are missing, not a pass', () => {
    expect(resultFor('jiaozuo-2018', 'modelHome', 'noRepeat.modelHome', { nominee: {} }).status).toBe('missing');
    expect(resultFor('jiaozuo-2018', 'modelSmallHome', 'smallHome.countyTitle', { nominee: {} }).status).toBe('missing');
  });
});

describe('nominee attributes', () => {
  it('京工发〔2021〕19号 第五条第二款: district and township federations and industry unions may not apply', () => {
    for (const orgKind of ['federation', 'township', 'industryUnion'] as const) {
      expect(resultFor('beijing-2021', 'modelHome', 'home.notFederation', { nominee: { kind: 'org', orgKind } }).status).toBe('fail');
    }
    for (const orgKind of ['enterprise', 'regionalFederation', 'institution'] as const) {
      expect(resultFor('beijing-2021', 'modelHome', 'home.notFederation', { nominee: { kind: 'org', orgKind } }).status).toBe('pass');
    }
    expect(resultFor('beijing-2021', 'modelHome', 'home.notFederation', { nominee: { kind: 'org' } }).status).toBe('missing');
  });

  it('焦作 三、（四）: cadres above county level are not nominated; county level (含) may be', () => {
    const check = (cadreLevel: NonNullable<Facts['nominee']['cadreLevel']>) =>
      resultFor('jiaozuo-2018', 'outstandingWorker', 'worker.notAboveCounty', { nominee: { kind: 'person', cadreLevel } }).status;
    expect(check('county')).toBe('pass');
    expect(check('section')).toBe('pass');
    expect(check('bureau')).toBe('fail');
    expect(check('provincialOrAbove')).toBe('fail');
  });

  it.each([
    { ruleset: 'acftu-2020' as const, article: '第五条第三款' },
    { ruleset: 'beijing-2021' as const, article: '第五条第四款' },
    { ruleset: 'guangxi-2021' as const, article: '五、（三）' },
  ])('$ruleset $article: leading-body cadres at or below 处级 only', ({ ruleset, article }) => {
    const cadre = (cadreLevel: 'county' | 'bureau', isLeadingBodyCadre: boolean) =>
      resultFor(ruleset, 'outstandingWorker', 'worker.cadreRank', { nominee: { kind: 'person', cadreLevel, isLeadingBodyCadre } });
    expect(cadre('county', true).status).toBe('pass');
    expect(cadre('bureau', true).status).toBe('fail');
    expect(cadre('bureau', false).status).toBe('pass');
    expect(citationText(cadre('county', true).citation)).toBe(`${rulesets[ruleset].citationDoc} ${article}`);
  });

  it.each([
    { ruleset: 'acftu-2020' as const, article: '第五条第五款', allowed: 'bureau', barred: 'provincialOrAbove' },
    { ruleset: 'guangxi-2021' as const, article: '五、（五）', allowed: 'county', barred: 'bureau' },
    { ruleset: 'jiaozuo-2018' as const, article: '二、（八）', allowed: 'county', barred: 'bureau' },
  ] as const)('$ruleset $article: friends up to the stated rank ($allowed passes, $barred fails)', ({ ruleset, allowed, barred }) => {
    expect(resultFor(ruleset, 'friend', 'friend.cadreRank', { nominee: { kind: 'person', cadreLevel: allowed } }).status).toBe('pass');
    expect(resultFor(ruleset, 'friend', 'friend.cadreRank', { nominee: { kind: 'person', cadreLevel: barred } }).status).toBe('fail');
  });

  it('焦作 二、（七）: activists are member representatives', () => {
    expect(resultFor('jiaozuo-2018', 'activist', 'activist.representative', { nominee: { kind: 'person', isMemberRepresentative: true } }).status).toBe('pass');
    const fail = resultFor('jiaozuo-2018', 'activist', 'activist.representative', { nominee: { kind: 'person', isMemberRepresentative: false } });
    expect(fail.status).toBe('fail');
    expect(fail.explanation).toBe('是否会员代表：否，不在可推荐范围内');
  });

  it('焦作 二、（一）: the 60% titled-units rule binds only very large groups', () => {
    const ordinary = resultFor('jiaozuo-2018', 'modelHome', 'home.largeGroupTitledUnits', { nominee: { kind: 'org', isVeryLargeGroup: false } });
    expect(ordinary.status).toBe('pass');
    expect(resultFor('jiaozuo-2018', 'modelHome', 'home.largeGroupTitledUnits', { nominee: { kind: 'org' } }).status).toBe('missing');
  });

  it('the nominee kind must match the title (总工办发〔2020〕15号 第五条第二款: small homes are sub-unions)', () => {
    const wrong = evaluateEligibility(rulesets['acftu-2020'], 'modelSmallHome', { nominee: { kind: 'org' } });
    expect(wrong.results[0]).toMatchObject({ conditionId: 'nominee.kind', status: 'fail' });
    expect(wrong.verdict).toBe('ineligible');
  });
});

describe('焦作 四、（二）3.: narratives within 2000 and 500 characters', () => {
  it('2000 characters pass, 2001 fail; 500 / 501 for the summary; counted by character, not UTF-16 unit', () => {
    const facts = (narrative: string, summary: string): Facts => ({ nominee: { kind: 'org' }, narrative, summary });
    expect(resultFor('jiaozuo-2018', 'redFlagHome', 'redFlag.narrative', facts('事'.repeat(2000), '')).status).toBe('pass');
    expect(resultFor('jiaozuo-2018', 'redFlagHome', 'redFlag.narrative', facts('事'.repeat(2001), '')).status).toBe('fail');
    expect(resultFor('jiaozuo-2018', 'redFlagHome', 'redFlag.summary', facts('', '迹'.repeat(500))).status).toBe('pass');
    const long = resultFor('jiaozuo-2018', 'redFlagHome', 'redFlag.summary', facts('', '迹'.repeat(501)));
    expect(long.explanation).toBe('简要事迹 501 字，超过 500 字');
    expect(resultFor('jiaozuo-2018', 'redFlagHome', 'redFlag.summary', facts('', '𠀀'.repeat(500))).status).toBe('pass');
    expect(resultFor('jiaozuo-2018', 'redFlagHome', 'redFlag.summary', { nominee: {} }).status).toBe('missing');
  });
});

describe('negative lists: each item is a declaration answered "no"', () => {
  const expectedCounts: { ruleset: RulesetId; article: string; items: number }[] = [
    { ruleset: 'acftu-2020', article: '第十二条', items: 6 },
    { ruleset: 'acftu-2020', article: '第十三条', items: 4 },
    { ruleset: 'beijing-2021', article: '第九条', items: 6 },
    { ruleset: 'beijing-2021', article: '第十条', items: 4 },
    { ruleset: 'guangxi-2021', article: '六、（六）', items: 6 },
    { ruleset: 'guangxi-2021', article: '六、（七）', items: 4 },
    { ruleset: 'qinhuangdao-2023', article: '第八条', items: 7 },
    { ruleset: 'qinhuangdao-2023', article: '第九条', items: 4 },
    { ruleset: 'jiaozuo-2018', article: '二、', items: 2 },
  ];

  it.each(expectedCounts)('$ruleset $article lists $items items', ({ ruleset, article, items }) => {
    const list = rulesets[ruleset].negativeLists.find((l) => l.citation.article === article);
    expect(list?.items).toHaveLength(items);
  });

  const cases = expectedCounts.flatMap(({ ruleset, article }) => {
    const list = rulesets[ruleset].negativeLists.find((l) => l.citation.article === article);
    return (list?.items ?? []).map((item) => ({ ruleset, title: list?.titles[0] as TitleCode, listId: list?.id ?? '', item }));
  });

  it.each(cases)('$ruleset ${item.citation.article}${item.citation.item}: "是" bars, "否" passes, unanswered is missing', ({ ruleset, title, listId, item }) => {
    const id = `${listId}.${item.id}`;
    const answer = (value?: boolean): Facts => ({ nominee: {}, barringCircumstances: value === undefined ? {} : { [item.id]: value } });
    expect(resultFor(ruleset, title, id, answer(true))).toMatchObject({ status: 'fail', severity: 'hard' });
    expect(resultFor(ruleset, title, id, answer(false)).status).toBe('pass');
    expect(resultFor(ruleset, title, id, answer()).status).toBe('missing');
  });

  it('京工发〔2021〕19号 第九条（四）: unpaid dues bar a model home — the verdict is ineligible', () => {
    const { verdict, results } = evaluateEligibility(rulesets['beijing-2021'], 'modelHome', {
      nominee: { kind: 'org' },
      barringCircumstances: { duesArrears: true },
    });
    expect(verdict).toBe('ineligible');
    const item = results.find((r) => r.conditionId === 'unitBar.duesArrears');
    expect(item && citationText(item.citation)).toBe('京工发〔2021〕19号 第九条（四）');
  });

  it('the union-level list binds outstanding workers, not homes', () => {
    const ids = evaluateEligibility(rulesets['acftu-2020'], 'modelHome', { nominee: {} }).results.map((r) => r.conditionId);
    expect(ids).toContain('unitBar.labourLawViolation');
    expect(ids).not.toContain('unionBar.unionDissolved');
  });
});

describe('verdicts', () => {
  const tiny = parseRuleset({
    id: 'tiny',
    name: '测试',
    document: '测试办法',
    citationDoc: '测试〔2024〕1号',
    issuer: '测试总工会',
    issuedOn: '2024-01-01',
    level: 'city',
    cycle: { kind: 'periodic', timesPerPeriod: 1, periodYears: 1, citation: { doc: '测试〔2024〕1号', article: '第一条' }, description: '每年' },
    titles: [{ title: 'modelHome', nominee: 'org', awardKind: 'award', citation: { doc: '测试〔2024〕1号', article: '第二条' }, description: '基层工会' }],
    conditions: [
      {
        id: 'rate',
        kind: 'yearlyThreshold',
        titles: ['modelHome'],
        group: 'basic',
        fact: 'membershipRate',
        comparison: 'gte',
        threshold: 0.9,
        years: 1,
        citation: { doc: '测试〔2024〕1号', article: '第三条' },
        description: '入会率90%以上',
      },
      {
        id: 'advice',
        kind: 'yearlyThreshold',
        titles: ['modelHome'],
        group: 'basic',
        severity: 'advisory',
        fact: 'memberAppraisalSatisfaction',
        comparison: 'gte',
        threshold: 0.9,
        years: 1,
        citation: { doc: '测试〔2024〕1号', article: '第四条' },
        description: '满意率一般90%以上',
      },
    ],
    negativeLists: [],
    listRules: [],
    quotas: [{ kind: 'perCampaignNotice', citation: { doc: '测试〔2024〕1号', article: '第五条' }, description: '按通知' }],
    recommenderCaps: [],
    publicity: [],
    reviewChain: [{ stage: 'apply', body: '基层工会', citation: { doc: '测试〔2024〕1号', article: '第六条' }, description: '申报' }],
    revocation: { grounds: [], procedure: [] },
    supervision: [],
    rewards: [],
  });
  const verdict = (facts: Facts) => evaluateEligibility(tiny, 'modelHome', facts, { year: 2024 }).verdict;

  it('eligible when every condition passes', () => {
    expect(verdict({ nominee: { kind: 'org' }, membershipRate: { 2024: 0.95 }, memberAppraisalSatisfaction: { 2024: 0.95 } })).toBe('eligible');
  });
  it('ineligible when a hard condition fails', () => {
    expect(verdict({ nominee: { kind: 'org' }, membershipRate: { 2024: 0.5 } })).toBe('ineligible');
  });
  it('incomplete when a hard fact is missing', () => {
    expect(verdict({ nominee: { kind: 'org' }, memberAppraisalSatisfaction: { 2024: 0.95 } })).toBe('incomplete');
  });
  it('needsReview when only an advisory condition fails or lacks facts', () => {
    expect(verdict({ nominee: { kind: 'org' }, membershipRate: { 2024: 0.95 }, memberAppraisalSatisfaction: { 2024: 0.5 } })).toBe('needsReview');
    expect(verdict({ nominee: { kind: 'org' }, membershipRate: { 2024: 0.95 } })).toBe('needsReview');
  });
  it('the reference year defaults to the latest year in the facts', () => {
    const { results } = evaluateEligibility(tiny, 'modelHome', { nominee: { kind: 'org' }, membershipRate: { 2023: 0.5, 2024: 0.95 } });
    expect(results.find((r) => r.conditionId === 'rate')?.status).toBe('pass');
  });
  it('empty facts give missing results, never a crash', () => {
    for (const id of Object.keys(rulesets) as RulesetId[]) {
      for (const offer of rulesets[id].titles) {
        const { verdict: v, results } = evaluateEligibility(rulesets[id], offer.title, { nominee: {} });
        expect(v).toBe('incomplete');
        expect(results.every((r) => r.status !== 'pass' || r.explanation.includes('不适用'))).toBe(true);
      }
    }
  });
  it('manual conditions need review; an applicant declaring "no" fails them', () => {
    const facts: Facts = { nominee: { kind: 'org' }, attestations: { 'home.politics': false } };
    const politics = resultFor('beijing-2021', 'modelHome', 'home.politics', facts);
    expect(politics.status).toBe('fail');
    expect(resultFor('beijing-2021', 'modelHome', 'home.role', facts).status).toBe('manual');
  });
  it('a complete, clean Beijing application needs review only for the manual conditions', () => {
    const clean: Facts = {
      nominee: { kind: 'org', orgKind: 'enterprise', isOrganOrInstitution: false },
      membershipRate: series(0.97),
      memberInfoCollectionRate: series(0.96, 1),
      memberAppraisalSatisfaction: series(0.93),
      hotline12351OnTimeRate: series(0.98, 1),
      hotline12351SatisfactionRate: series(0.97, 1),
      titlesHeld: [],
      barringCircumstances: Object.fromEntries(rulesets['beijing-2021'].negativeLists.flatMap((l) => l.items.map((i) => [i.id, false]))),
    };
    const { verdict: v, results } = evaluateEligibility(rulesets['beijing-2021'], 'modelHome', clean, { year });
    expect(v).toBe('needsReview');
    expect(results.filter((r) => r.status !== 'pass' && r.status !== 'manual')).toEqual([]);
  });
  it('asking about a title the ruleset does not offer is a programming error', () => {
    expect(() => evaluateEligibility(rulesets['qinhuangdao-2023'], 'activist', { nominee: {} })).toThrow(RangeError);
  });
});

it('every attribute, chair-grade and narrative-length condition in the rulesets is tested in this file', () => {
  const tested = new Set([
    'acftu-2020/worker.cadreRank', 'acftu-2020/friend.cadreRank', 'acftu-2020/worker.chairEvaluation',
    'beijing-2021/home.notFederation', 'beijing-2021/worker.cadreRank', 'beijing-2021/worker.chairEvaluation',
    'guangxi-2021/worker.cadreRank', 'guangxi-2021/friend.cadreRank', 'guangxi-2021/worker.chairEvaluation',
    'qinhuangdao-2023/worker.chairEvaluation',
    'jiaozuo-2018/worker.notAboveCounty', 'jiaozuo-2018/activist.representative', 'jiaozuo-2018/friend.cadreRank',
    'jiaozuo-2018/redFlag.narrative', 'jiaozuo-2018/redFlag.summary',
  ]);
  const encoded = (Object.keys(rulesets) as RulesetId[]).flatMap((id) =>
    rulesets[id].conditions
      .filter((c) => c.kind === 'attribute' || c.kind === 'yearlyGrade' || c.kind === 'textLength')
      .map((c) => `${id}/${c.id}`),
  );
  expect(encoded.filter((key) => !tested.has(key))).toEqual([]);
});
