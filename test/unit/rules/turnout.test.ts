import { rulesets } from '@config/rulesets';
import { resultOf } from '../../../functions/appraisal/seal';
import type { AppraisalRecord } from '../../../functions/appraisal/appraisal-record';
import { evaluateEligibility, type Facts, type Ruleset } from '@shared/rules';
import { series, year } from './helpers';

/**
 * Issue 14: a ballot's rate never stands without the turnout it was measured at, and a regulation that sets a least
 * turnout makes a rate measured below it count for nothing — at sealing and wherever eligibility reads it.
 */

const acftu = rulesets['acftu-2020'];
/** acftu-2020 as if it required half the members to vote (no regulation in config/ sets a least turnout today). */
const withMinTurnout: Ruleset = {
  ...acftu,
  minTurnout: { threshold: 0.5, citation: { doc: acftu.citationDoc, article: '第六条（六）' }, description: '投票率不低于 50% 的会员评家结果方可采用' },
};
const home = (facts: Omit<Facts, 'nominee'>, ruleset: Ruleset = acftu) =>
  evaluateEligibility(ruleset, 'modelHome', { nominee: { kind: 'org' }, ...facts }, { year }).results.find((r) => r.conditionId === 'home.satisfaction');

describe('turnout beside the rate', () => {
  it('shows the turnout of each year beside its 会员评家 satisfaction rate', () => {
    const result = home({ memberAppraisalSatisfaction: series(0.95), memberAppraisalTurnout: series(0.8) });

    expect(result?.status).toBe('pass');
    expect(result?.explanation).toContain(`${year} 年会员评家满意率 95%，达到 90%（投票率 80%）`);
  });

  it('fails a rate measured below the least turnout a ruleset sets, citing it', () => {
    const low = home({ memberAppraisalSatisfaction: series(0.95), memberAppraisalTurnout: { ...series(0.8), [year]: 0.3 } }, withMinTurnout);
    const enough = home({ memberAppraisalSatisfaction: series(0.95), memberAppraisalTurnout: series(0.5) }, withMinTurnout);

    expect(low?.status).toBe('fail');
    expect(low?.explanation).toContain(`${year} 年会员评家满意率 95%，达到 90%（投票率 30%），但投票率低于 50%`);
    expect(low?.explanation).toContain('第六条（六）');
    expect(enough?.status).toBe('pass');
  });

  it('judges a sealed 会员评家 on the least turnout first when the ruleset sets one', () => {
    const record = { kind: 'memberAppraisal', rulesetId: 'acftu-2020', eligible: 100, dimensions: [], candidates: [] } as unknown as AppraisalRecord;
    const totals = { n: 20, 'overall/satisfied': 20 };

    const plain = resultOf(record, totals, new Date(0), acftu);
    const strict = resultOf(record, totals, new Date(0), withMinTurnout);

    expect(plain.turnout).toBeCloseTo(0.2);
    expect(plain.outcomes.some((o) => o.explanation.startsWith('投票率'))).toBe(false);
    expect(strict.outcomes[0]).toMatchObject({ passed: false, base: true, explanation: expect.stringMatching(/^投票率 20% 低于 50%（.*第六条（六）/) });
    // The rate itself is still shown and judged, after the turnout.
    expect(strict.outcomes.slice(1).map((o) => o.explanation)).toEqual(plain.outcomes.map((o) => o.explanation));
  });
});
