import { getRuleset } from '../../../config/rulesets';
import { judgeRates, passRulesOf } from '../../../shared/appraisal/pass-rules';
import { gradeOfPerson, questionRates, turnoutOf } from '../../../shared/appraisal/tally';

const ruleset = (id: string) => {
  const r = getRuleset(id);
  if (!r) throw new Error(`no ruleset ${id}`);
  return r;
};

describe('rates of a sealed ballot', () => {
  it('counts 满意 and 基本满意 as satisfied over the valid ballots, 不满意 as dissatisfied', () => {
    const rates = questionRates('memberAppraisal', { satisfied: 50, basicallySatisfied: 40, dissatisfied: 10 });
    expect(rates.valid).toBe(100);
    expect(rates.satisfaction).toBeCloseTo(0.9);
    expect(rates.dissatisfaction).toBeCloseTo(0.1);
  });

  it('counts 弃权 among the valid ballots of the congress ballot (同意票率 = 同意 / 有效票)', () => {
    expect(questionRates('congressBallot', { yes: 85, no: 5, abstain: 10 }).yesShare).toBeCloseTo(0.85);
  });

  it('gives no rate at all, not 0 %, when nobody voted; turnout against the snapshot', () => {
    expect(questionRates('memberAppraisal', {})).toEqual({ valid: 0, counts: { satisfied: 0, basicallySatisfied: 0, dissatisfied: 0 } });
    expect(turnoutOf(30, 120)).toBeCloseTo(0.25);
    expect(turnoutOf(0, 0)).toBeUndefined();
  });

  it('grades a chair by the option with most ballots, a tie going to the lower grade', () => {
    expect(gradeOfPerson({ satisfied: 6, basicallySatisfied: 3, dissatisfied: 1 })).toBe('satisfied');
    expect(gradeOfPerson({ satisfied: 4, basicallySatisfied: 1, dissatisfied: 4 })).toBe('dissatisfied');
    expect(gradeOfPerson({})).toBeUndefined();
  });
});

describe('pass rules read from the rulesets', () => {
  it('takes the national 90 % satisfaction (第六条（六）) and the 50 % dissatisfaction revocation ground', () => {
    const rules = passRulesOf(ruleset('acftu-2020'), 'memberAppraisal');
    expect(rules.find((r) => r.rate === 'satisfaction' && r.threshold === 0.9)?.citation.article).toBe('第六条');
    expect(rules.find((r) => r.rate === 'dissatisfaction')).toMatchObject({ comparison: 'lte', threshold: 0.5 });
  });

  it('takes JZ 三、（三）: a congress ballot below 85 % yes may not apply', () => {
    const [rule] = passRulesOf(ruleset('jiaozuo-2018'), 'congressBallot');
    expect(rule).toMatchObject({ rate: 'yesShare', comparison: 'gte', threshold: 0.85 });
    expect(rule?.citation.article).toBe('三、（三）');
    const [below] = judgeRates([rule!], questionRates('congressBallot', { yes: 84, no: 16 }));
    expect(below).toMatchObject({ passed: false });
    expect(below?.explanation).toContain('84%');
    const [at] = judgeRates([rule!], questionRates('congressBallot', { yes: 85, no: 10, abstain: 5 }));
    expect(at?.passed).toBe(true);
  });

  it('judges 90 % exactly as passing and 89.9 % as failing', () => {
    const rules = passRulesOf(ruleset('beijing-2021'), 'memberAppraisal').filter((r) => r.rate === 'satisfaction' && r.threshold === 0.9);
    expect(judgeRates(rules, questionRates('memberAppraisal', { satisfied: 9, dissatisfied: 1 }))[0]?.passed).toBe(true);
    expect(judgeRates(rules, questionRates('memberAppraisal', { satisfied: 899, dissatisfied: 101 }))[0]?.passed).toBe(false);
  });
});
