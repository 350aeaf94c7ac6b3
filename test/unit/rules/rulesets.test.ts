import { getRuleset, rulesetIds, rulesets } from '@config/rulesets';
import acftu2020 from '@config/rulesets/acftu-2020';
import {
  citationText,
  collectCitations,
  facts as factsSchema,
  parseRuleset,
  rulesetSchema,
  type RulesetInput,
} from '@shared/rules';

/** Every ruleset file parses through the schema; the schema refuses broken rulesets. */

describe('the five rulesets', () => {
  it.each(rulesetIds)('%s parses through the ruleset schema', (id) => {
    const parsed = rulesetSchema.safeParse(rulesets[id]);
    expect(parsed.success).toBe(true);
    expect(rulesets[id].id).toBe(id);
  });

  it('getRuleset finds each ruleset by id and returns undefined for an unknown id', () => {
    for (const id of rulesetIds) expect(getRuleset(id)).toBe(rulesets[id]);
    expect(getRuleset('shanghai-2030')).toBeUndefined();
    expect(getRuleset('toString')).toBeUndefined();
  });

  it.each(rulesetIds)('%s: every citation names its own document', (id) => {
    const ruleset = rulesets[id];
    const citations = collectCitations(ruleset);
    expect(citations.length).toBeGreaterThan(20);
    expect(citations.every((c) => c.doc === ruleset.citationDoc)).toBe(true);
  });

  it.each(rulesetIds)('%s: publicity windows are 5 working days where the text sets one', (id) => {
    for (const p of rulesets[id].publicity) {
      if (p.minWorkingDays !== undefined) expect(p.minWorkingDays).toBe(5);
    }
  });

  it('titles offered follow the seeds', () => {
    const offered = (id: keyof typeof rulesets) => rulesets[id].titles.map((t) => t.title).sort();
    expect(offered('acftu-2020')).toEqual(['activist', 'exemplarWorker', 'friend', 'modelHome', 'modelSmallHome', 'outstandingWorker', 'redFlagHome']);
    expect(offered('beijing-2021')).toEqual(['modelHome', 'modelSmallHome', 'outstandingWorker']);
    expect(offered('guangxi-2021')).toEqual(['activist', 'friend', 'modelHome', 'modelSmallHome', 'outstandingWorker']);
    expect(offered('qinhuangdao-2023')).toEqual(['modelHome', 'modelSmallHome', 'outstandingWorker']);
    expect(offered('jiaozuo-2018')).toHaveLength(9);
  });

  it('总工办发〔2020〕15号 第十四条: activists and friends only in a congress-change year', () => {
    const activist = rulesets['acftu-2020'].titles.find((t) => t.title === 'activist');
    expect(activist?.availability && citationText(activist.availability.citation)).toBe('总工办发〔2020〕15号 第十四条第一款');
  });

  it('cycles: N and GX twice per five years, BJ once per five, QHD yearly, JZ one campaign due 2018-10-20', () => {
    expect(rulesets['acftu-2020'].cycle).toMatchObject({ kind: 'periodic', timesPerPeriod: 2, periodYears: 5 });
    expect(rulesets['guangxi-2021'].cycle).toMatchObject({ kind: 'periodic', timesPerPeriod: 2, periodYears: 5 });
    expect(rulesets['beijing-2021'].cycle).toMatchObject({ kind: 'periodic', timesPerPeriod: 1, periodYears: 5 });
    expect(rulesets['qinhuangdao-2023'].cycle).toMatchObject({ kind: 'periodic', timesPerPeriod: 1, periodYears: 1 });
    expect(rulesets['jiaozuo-2018'].cycle).toMatchObject({ kind: 'singleCampaign', submissionDeadline: '2018-10-20' });
  });

  it('京工发〔2021〕19号 第十六条: the final list is public for exactly 5 working days', () => {
    expect(rulesets['beijing-2021'].publicity.find((p) => p.level === 'final')).toMatchObject({ minWorkingDays: 5, exact: true, where: '本系统' });
  });

  it('总工办发〔2020〕15号 第十六、十七、二十条: unit, provincial and final publicity, each at least 5 working days', () => {
    expect(rulesets['acftu-2020'].publicity.map((p) => [p.level, p.minWorkingDays, p.exact, citationText(p.citation)])).toEqual([
      ['unit', 5, false, '总工办发〔2020〕15号 第十六条第一款'],
      ['recommending', 5, false, '总工办发〔2020〕15号 第十七条'],
      ['final', 5, false, '总工办发〔2020〕15号 第二十条第一款'],
    ]);
  });

  it('焦作 四、（一）: the final list goes on the city federation website; the notice sets no number of days', () => {
    const publicity = rulesets['jiaozuo-2018'].publicity;
    expect(publicity).toEqual([expect.objectContaining({ level: 'final', where: '市总工会网站' })]);
    expect(publicity[0]?.minWorkingDays).toBeUndefined();
  });

  it('disqualification for forged material: no substitute, no re-application (N 第十九条, BJ 第十五条, GX 七、（六）)', () => {
    for (const id of ['acftu-2020', 'beijing-2021', 'guangxi-2021'] as const) {
      expect(rulesets[id].disqualification).toMatchObject({ noSubstitute: true, noReapplication: true });
    }
  });

  it('review chains are ordered from the grassroots up', () => {
    for (const id of rulesetIds) {
      expect(rulesets[id].reviewChain[0]?.stage).toBe('apply');
    }
    expect(rulesets['beijing-2021'].reviewChain.map((s) => s.stage)).toEqual(['apply', 'review', 'review', 'review', 'approve', 'publicise', 'decide', 'award']);
  });

  it('秦皇岛 第十八条 and 焦作 一、（二）: rewards are data', () => {
    expect(rulesets['qinhuangdao-2023'].rewards.map((r) => r.description).join()).toContain('疗休养');
    expect(rulesets['jiaozuo-2018'].rewards.map((r) => r.description)).toEqual(['授予焦作市五一劳动奖状', '授予焦作市工人先锋号', '授予焦作市五一劳动奖章']);
  });
});

describe('citationText', () => {
  it('joins document, article and item as the text numbers them', () => {
    expect(citationText({ doc: '京工发〔2021〕19号', article: '第六条', item: '（二）' })).toBe('京工发〔2021〕19号 第六条（二）');
    expect(citationText({ doc: '桂工发〔2021〕8号', article: '六、（一）', item: '2.' })).toBe('桂工发〔2021〕8号 六、（一）2.');
    expect(citationText({ doc: '总工办发〔2020〕15号', article: '第十八条' })).toBe('总工办发〔2020〕15号 第十八条');
  });
});

describe('parseRuleset refuses broken rulesets', () => {
  const base = (): RulesetInput => structuredClone(acftu2020) as RulesetInput;

  it('a duplicate condition id', () => {
    const input = base();
    const first = input.conditions[0];
    if (first) input.conditions.push({ ...first });
    expect(() => parseRuleset(input)).toThrow(/duplicate id home.fromProvincial/);
  });

  it('a condition on a title the ruleset does not offer', () => {
    const input = base();
    const first = input.conditions[0];
    if (first) input.conditions.push({ ...first, id: 'x', titles: ['exemplarFriend'] });
    expect(() => parseRuleset(input)).toThrow(/exemplarFriend is not offered/);
  });

  it('a citation of another document', () => {
    const input = base();
    const first = input.conditions[0];
    if (first) first.citation = { doc: '京工发〔2021〕19号', article: '第六条' };
    expect(() => parseRuleset(input)).toThrow(/citation of 京工发〔2021〕19号/);
  });

  it('a rate threshold above 1 or an unknown comparison', () => {
    const input = base();
    input.conditions.push({
      id: 'bad',
      kind: 'yearlyThreshold',
      titles: ['modelHome'],
      group: 'basic',
      fact: 'membershipRate',
      comparison: 'gte',
      threshold: 90,
      years: 3,
      citation: { doc: '总工办发〔2020〕15号', article: '第六条' },
      description: '入会率',
    });
    expect(() => parseRuleset(input)).toThrow(/invalid ruleset acftu-2020/);
    const wrongOp = { ...base(), listRules: [{ ...base().listRules[0], comparison: 'atLeast' }] } as unknown as RulesetInput;
    expect(() => parseRuleset(wrongOp)).toThrow();
  });

  it('an attribute condition with neither anyOf nor noneOf', () => {
    const input = base();
    input.conditions.push({
      id: 'attr',
      kind: 'attribute',
      titles: ['friend'],
      group: 'scope',
      fact: 'cadreLevel',
      citation: { doc: '总工办发〔2020〕15号', article: '第五条' },
      description: '级别',
    });
    expect(() => parseRuleset(input)).toThrow(/exactly one of anyOf, noneOf/);
  });
});

describe('facts schema', () => {
  it('accepts rates as fractions by year and refuses percentages', () => {
    expect(factsSchema.safeParse({ nominee: { kind: 'org' }, membershipRate: { 2024: 0.93 } }).success).toBe(true);
    expect(factsSchema.safeParse({ nominee: { kind: 'org' }, membershipRate: { 2024: 93 } }).success).toBe(false);
    expect(factsSchema.safeParse({ nominee: { kind: 'org' }, membershipRate: { '24': 0.9 } }).success).toBe(false);
  });
});
