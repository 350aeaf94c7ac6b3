import { added, changed, follow, following, looser, paired, same, stricter } from '../../../config/rulesets/follows';
import type { ConditionInput } from '../../../config/rulesets/build';
import { compareWithFollowed, markCounts } from '../../../shared/rules/ruleset-comparison';
import type { Ruleset } from '../../../shared/rules/ruleset-schema';

/**
 * Issue 16 point 9: a regional ruleset declares only how it differs from the one it follows, and a declared mark
 * that the data contradicts stops the ruleset from loading.
 */
const national = { doc: '总工发〔2020〕1号', article: '第六条' };
const local = { doc: '京工发〔2021〕19号', article: '第七条' };

const rate = (threshold: number, extra: Partial<ConditionInput> = {}): ConditionInput =>
  ({ id: 'home.membershipRate', kind: 'yearlyThreshold', titles: ['modelHome'], group: 'basic', fact: 'membershipRate', comparison: 'gte', threshold, years: 3, citation: national, description: '近三年入会率均在90%以上', ...extra }) as ConditionInput;
const politics: ConditionInput = { id: 'home.politics', kind: 'manual', titles: ['modelHome'], group: 'basic', citation: { ...national, item: '（一）' }, description: '坚持正确政治方向' };
const dues: ConditionInput = { id: 'home.dues', kind: 'manual', titles: ['modelHome'], group: 'basic', citation: { ...national, item: '（三）' }, description: '足额拨缴工会经费' };
const followed = [politics, rate(0.9), dues];

describe('a regional rule declared against the followed one', () => {
  it('takes a same rule as the followed one, under the regional article', () => {
    const { rules, marks } = follow('condition', followed, [same('home.politics', { ...local, item: '（一）' })]);
    expect(rules).toEqual([{ ...politics, citation: { ...local, item: '（一）' } }]);
    expect(marks).toEqual([{ part: 'condition', id: 'home.politics', mark: 'same' }]);
  });

  it('accepts 95% as stricter than 90% (以上, gte) and refuses it declared looser', () => {
    const regional = rate(0.95, { citation: local, description: '近三年入会率均在95%以上' });
    expect(follow('condition', followed, [stricter(regional, '入会率由90%提高到95%')]).marks).toEqual([{ part: 'condition', id: 'home.membershipRate', mark: 'stricter', note: '入会率由90%提高到95%' }]);
    expect(() => follow('condition', followed, [looser(regional, '更宽')])).toThrow('home.membershipRate: declared looser, but it is stricter than the followed rule');
  });

  it('orders an advisory rule as looser than a hard one, and fewer years as looser', () => {
    expect(() => follow('condition', followed, [looser(rate(0.9, { severity: 'advisory', citation: local }), '一般')])).not.toThrow();
    expect(() => follow('condition', followed, [stricter(rate(0.9, { severity: 'advisory', citation: local }), '一般')])).toThrow('it is looser');
    expect(() => follow('condition', followed, [looser(rate(0.9, { years: 2, citation: local } as Partial<ConditionInput>), '近两年')])).not.toThrow();
  });

  it('refuses a stricter, looser or changed rule that is the followed one (default severity written out or not)', () => {
    expect(() => follow('condition', followed, [changed(rate(0.9, { citation: local, description: '换了说法' }), '改写')])).toThrow('declare it same');
    expect(() => follow('condition', followed, [stricter({ ...politics, citation: local }, '同')])).toThrow('declare it same');
    // Written out with the default severity: the same rule.
    expect(() => follow('condition', followed, [stricter(rate(0.9, { severity: 'hard', citation: local }), '同')])).toThrow('declare it same');
  });

  it('cannot order a rule whose fact changed: changed is accepted, stricter is taken as declared', () => {
    const other = rate(0.9, { fact: 'onlineUnionEnrolmentRate', citation: local } as Partial<ConditionInput>);
    expect(follow('condition', followed, [changed(other, '改为网上入会率')]).marks[0]?.mark).toBe('changed');
  });

  it('lets a manual rule in other words be stricter, looser or changed: its substance is in the words', () => {
    const regional = { ...politics, citation: local, description: '坚持正确政治方向，并按期换届' };
    expect(follow('condition', followed, [stricter(regional, '还要求按期换届')]).marks[0]?.mark).toBe('stricter');
    expect(() => follow('condition', followed, [stricter({ ...politics, citation: local }, '同')])).toThrow('declare it same');
  });

  it('pairs a rule with followed rules of other ids: a same one takes the regional id, each followed rule once', () => {
    const fromCity = rate(0.9, { id: 'home.fromCity' } as Partial<ConditionInput>);
    const { rules, marks } = follow('condition', followed, [paired(same('home.fromCity', local, '一般从市级产生'), 'home.membershipRate')]);
    expect(rules).toEqual([{ ...fromCity, citation: local, description: '一般从市级产生' }]);
    expect(marks).toEqual([{ part: 'condition', id: 'home.fromCity', mark: 'same', pairsWith: ['home.membershipRate'] }]);

    const merged = { ...dues, id: 'home.mechanisms', citation: local, description: '经费与制度' };
    expect(follow('condition', followed, [paired(changed(merged, '两项合一'), 'home.dues', 'home.politics')]).marks).toEqual([
      { part: 'condition', id: 'home.mechanisms', mark: 'changed', pairsWith: ['home.dues', 'home.politics'], note: '两项合一' },
    ]);
    expect(() => follow('condition', followed, [same('home.dues', local), paired(changed(merged, '合一'), 'home.dues')])).toThrow('home.dues already stands beside home.dues');
    expect(() => follow('condition', followed, [paired(same('home.x', local), 'home.dues', 'home.politics')])).toThrow('a same rule is one followed rule');
    expect(() => paired(added(merged), 'home.dues')).toThrow('cannot be paired');
  });

  it('reads a followed rule at the regional level and for the regional titles', () => {
    const nationalRuleset = {
      id: 'acftu-test',
      level: 'national',
      conditions: [
        { id: 'home.fromProvincial', kind: 'titleHeld', titles: ['modelHome'], group: 'prerequisite', severity: 'advisory', heldTitles: ['modelHome'], minLevel: 'provincial', citation: national, description: '一般从省级模范职工之家中产生' },
        { id: 'noRepeat.modelHome', kind: 'titleNotHeld', titles: ['modelHome'], group: 'exclusion', severity: 'advisory', heldTitles: ['modelHome'], levels: ['national'], citation: national, description: '一般不重复评选表彰' },
        { ...politics, id: 'procedure.consult', titles: ['modelHome', 'activist'] },
      ],
      revocation: { grounds: [], procedure: [] },
    } as unknown as Ruleset;
    const { conditions } = following(nationalRuleset, { level: 'city', titles: ['modelHome'] }, {
      conditions: [paired(same('home.countyTitle', local), 'home.fromProvincial'), same('noRepeat.modelHome', local), same('procedure.consult', local)],
    });
    expect(conditions.map((c) => [c.id, 'minLevel' in c ? c.minLevel : 'levels' in c ? c.levels : c.titles])).toEqual([
      ['home.countyTitle', 'county'],
      ['noRepeat.modelHome', ['city']],
      ['procedure.consult', ['modelHome']],
    ]);
    // Declared stricter, a city-level rule must differ from the followed one read at the city level.
    const hard = { ...conditions[1], severity: 'hard' } as ConditionInput;
    expect(() => following(nationalRuleset, { level: 'city', titles: ['modelHome'] }, { conditions: [stricter(hard, '没有"一般"')] })).not.toThrow();
    expect(() => following(nationalRuleset, { level: 'city', titles: ['modelHome'] }, { conditions: [stricter({ ...hard, severity: 'advisory' } as ConditionInput, '同')] })).toThrow(
      'declare it same',
    );
    expect(() => following(nationalRuleset, { level: 'city', titles: ['activist'] }, { conditions: [same('noRepeat.modelHome', local)] })).toThrow('binds none of the regional titles');
  });

  it('refuses an added rule with a followed id, and a same, stricter or changed rule without one', () => {
    expect(() => follow('condition', followed, [added({ ...politics, citation: local })])).toThrow('declared added, but the followed ruleset has a rule of that id');
    expect(() => follow('condition', followed, [same('home.nothing', local)])).toThrow('declared same, but the followed ruleset has no rule of id home.nothing');
    expect(() => follow('condition', followed, [changed({ ...politics, id: 'home.other', citation: local }, 'x')])).toThrow('no rule of id home.other');
  });
});

describe('the comparison table', () => {
  const regionalConditions = [
    { ...politics, citation: { ...local, item: '（一）' } },
    { id: 'home.hotline', kind: 'manual', titles: ['modelHome'], group: 'basic', citation: { ...local, item: '（六）' }, description: '12351热线按时办结' },
    rate(0.95, { citation: { ...local, item: '（二）' }, description: '近三年入会率均在95%以上' }),
  ];
  const regional = {
    id: 'beijing-test',
    titles: [{ title: 'modelHome' }],
    conditions: regionalConditions,
    revocation: { grounds: [], procedure: [] },
    follows: {
      rulesetId: 'acftu-test',
      marks: [
        { part: 'condition', id: 'home.politics', mark: 'same' },
        { part: 'condition', id: 'home.hotline', mark: 'added' },
        { part: 'condition', id: 'home.membershipRate', mark: 'stricter', note: '90%→95%' },
      ],
    },
  } as unknown as Ruleset;
  const base = { id: 'acftu-test', conditions: followed, revocation: { grounds: [], procedure: [] } } as unknown as Ruleset;

  it('shows every rule of both sides once, in the followed order, each with its article, and a followed rule left out as 未规定 where it stands', () => {
    const rows = compareWithFollowed(regional, base);
    expect(rows.map((r) => [r.id, r.mark])).toEqual([
      ['home.politics', 'same'],
      ['home.hotline', 'added'],
      ['home.membershipRate', 'stricter'],
      ['home.dues', 'notProvided'],
    ]);
    expect(rows[2]).toEqual({
      part: 'condition',
      id: 'home.membershipRate',
      titles: ['modelHome'],
      national: [{ id: 'home.membershipRate', description: '近三年入会率均在90%以上', citation: '总工发〔2020〕1号 第六条' }],
      regional: { id: 'home.membershipRate', description: '近三年入会率均在95%以上', citation: '京工发〔2021〕19号 第七条（二）' },
      mark: 'stricter',
      note: '90%→95%',
    });
    expect(rows[1]?.national).toEqual([]);
    expect(rows[3]?.regional).toBeNull();
    expect(rows[3]?.note).toBeNull();
    expect(markCounts(rows)).toEqual({ same: 1, stricter: 1, looser: 0, changed: 0, added: 1, notProvided: 1 });
  });

  it('puts a paired rule in one row with every followed rule it names, and says when 未规定 is a title the region does not have', () => {
    const activist: ConditionInput = { ...politics, id: 'activist.politics', titles: ['activist'], description: '积极分子的政治条件' };
    const withPairs = {
      ...regional,
      conditions: [{ ...dues, id: 'home.mechanisms', citation: { ...local, item: '（五）' }, description: '经费与制度' }],
      follows: { rulesetId: 'acftu-test', marks: [{ part: 'condition', id: 'home.mechanisms', mark: 'changed', pairsWith: ['home.dues', 'home.politics'], note: '两项合一' }] },
    } as unknown as Ruleset;
    const rows = compareWithFollowed(withPairs, { ...base, conditions: [...followed, activist] } as unknown as Ruleset);
    expect(rows.map((r) => [r.id, r.mark, r.national.map((n) => n.id)])).toEqual([
      ['home.mechanisms', 'changed', ['home.politics', 'home.dues']],
      ['home.membershipRate', 'notProvided', ['home.membershipRate']],
      ['activist.politics', 'notProvided', ['activist.politics']],
    ]);
    expect(rows[1]?.note).toBeNull();
    expect(rows[2]?.note).toBe('本地办法未设优秀工会积极分子称号');
  });

  it('refuses a regional rule without a mark, and a ruleset compared with one it does not follow', () => {
    const unmarked = { ...regional, follows: { rulesetId: 'acftu-test', marks: [] } } as unknown as Ruleset;
    expect(() => compareWithFollowed(unmarked, base)).toThrow('home.politics: no mark');
    expect(() => compareWithFollowed(regional, { ...base, id: 'other' } as Ruleset)).toThrow('does not follow');
  });
});
