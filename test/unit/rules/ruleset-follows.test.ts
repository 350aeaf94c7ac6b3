import { added, changed, follow, looser, same, stricter } from '../../../config/rulesets/follows';
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

  it('refuses an added rule with a followed id, and a same, stricter or changed rule without one', () => {
    expect(() => follow('condition', followed, [added({ ...politics, citation: local })])).toThrow('declared added, but the followed ruleset has a rule of that id');
    expect(() => follow('condition', followed, [same('home.nothing', local)])).toThrow('declared same, but the followed ruleset has no rule of that id');
    expect(() => follow('condition', followed, [changed({ ...politics, id: 'home.other', citation: local }, 'x')])).toThrow('no rule of that id');
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

  it('shows every rule of both sides once, each with its article, and a followed rule left out as 未规定 where it stands', () => {
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
      national: { description: '近三年入会率均在90%以上', citation: '总工发〔2020〕1号 第六条' },
      regional: { description: '近三年入会率均在95%以上', citation: '京工发〔2021〕19号 第七条（二）' },
      mark: 'stricter',
      note: '90%→95%',
    });
    expect(rows[1]?.national).toBeNull();
    expect(rows[3]?.regional).toBeNull();
    expect(markCounts(rows)).toEqual({ same: 1, stricter: 1, looser: 0, changed: 0, added: 1, notProvided: 1 });
  });

  it('refuses a regional rule without a mark, and a ruleset compared with one it does not follow', () => {
    const unmarked = { ...regional, follows: { rulesetId: 'acftu-test', marks: [] } } as unknown as Ruleset;
    expect(() => compareWithFollowed(unmarked, base)).toThrow('home.politics: no mark');
    expect(() => compareWithFollowed(regional, { ...base, id: 'other' } as Ruleset)).toThrow('does not follow');
  });
});
