import { rulesets, type RulesetId } from '@config/rulesets';
import { citationText, evaluateEligibility, type Facts } from '@shared/rules';
import { membershipByYear, membershipRateFacts, rosterOfSmallHome, type MemberHistory } from '@shared/roster/membership-stats';

/**
 * Issue 16 point 4: a 小家's 入会率 is its own — 子公司（分公司）、分厂、车间（科室）、班组工会或工会小组…近三年职工入会率均在
 * 90%以上 — read from the union's roster entries recorded under it (or a group below it) over its own employee count,
 * never its union's figure.
 */

const years = [2023, 2024, 2025];
type Entry = MemberHistory & { subOrgId?: string };
const entries = (count: number, subOrgId?: string): Entry[] => Array.from({ length: count }, () => ({ joinedOn: '2020-01-01', ...(subOrgId ? { subOrgId } : {}) }));
/** A union of 100: 车间 A (18 members and a group of 9 below it), 车间 B (40), and 33 recorded under none. */
const roster: Entry[] = [...entries(18, 'workshop-a'), ...entries(9, 'group-a1'), ...entries(40, 'workshop-b'), ...entries(33)];
const everyYear = (employees: number) => new Map(years.map((y) => [y, employees]));
const rates = (members: readonly Entry[], employees: number): Pick<Facts, 'membershipRate'> => ({ membershipRate: membershipRateFacts(membershipByYear(members, everyYear(employees), years)).membershipRate });

const cases: { ruleset: RulesetId; article: string }[] = [
  { ruleset: 'acftu-2020', article: '第七条（二）' },
  { ruleset: 'beijing-2021', article: '第七条（二）' },
  { ruleset: 'guangxi-2021', article: '六、（二）2.' },
];

describe.each(cases)('$ruleset $article: the 小家’s own 入会率', ({ ruleset, article }) => {
  const result = (facts: Pick<Facts, 'membershipRate'>) => {
    const found = evaluateEligibility(rulesets[ruleset], 'modelSmallHome', { nominee: { kind: 'subOrg' }, ...facts }, { year: 2025 }).results.find((r) => r.conditionId === 'smallHome.membershipRate');
    expect(found && citationText(found.citation)).toBe(`${rulesets[ruleset].citationDoc} ${article}`);
    return found?.status;
  };

  it('车间 A at 90% of its own 30 employees passes, though its union is at 80%', () => {
    const own = rosterOfSmallHome(roster, new Set(['workshop-a', 'group-a1']));
    expect(own).toHaveLength(27);
    expect(rates(own, 30).membershipRate).toEqual({ 2023: 0.9, 2024: 0.9, 2025: 0.9 });
    expect(result(rates(own, 30))).toBe('pass');
    // The union's figure (100 of 125) is not the 小家's: read so, the 小家 would fail.
    expect(result(rates(roster, 125))).toBe('fail');
  });

  it('车间 B at 40 of its own 45 employees (88.9%) fails, though its union is at 96%', () => {
    const own = rosterOfSmallHome(roster, new Set(['workshop-b']));
    expect(own).toHaveLength(40);
    expect(result(rates(own, 45))).toBe('fail');
    expect(result(rates(roster, 104))).toBe('pass');
  });
});

it('members recorded under another 小家, or under none, are not the 小家’s', () => {
  expect(rosterOfSmallHome(roster, new Set(['group-a1']))).toHaveLength(9);
  expect(rosterOfSmallHome(roster, new Set(['elsewhere']))).toEqual([]);
});
