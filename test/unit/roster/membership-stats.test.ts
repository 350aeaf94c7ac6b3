import fc from 'fast-check';
import {
  membershipByYear,
  membershipChange,
  membershipDeltas,
  membershipFromCounters,
  membershipRateFacts,
  rosterOfSmallHome,
  type CountedHistory,
  type MemberHistory,
} from '../../../shared/roster/membership-stats';

const member = (joinedOn: string, extra: Partial<MemberHistory> = {}): MemberHistory => ({ joinedOn, ...extra });

describe('入会率 and 网上工会会员入驻率 per year', () => {
  it('counts members on the roster at 31 December: joined by then, not yet left', () => {
    const members = [member('2022-01-01'), member('2023-12-31'), member('2024-01-01'), member('2020-05-05', { leftOn: '2023-12-31' }), member('2020-05-05', { leftOn: '2024-01-01' })];
    const years = membershipByYear(members, new Map([[2023, 4]]), [2023]);
    // Joined 31 Dec counts; left on 31 Dec does not (leftOn is the first day off the roster); left 1 Jan counts.
    expect(years[0]).toMatchObject({ year: 2023, members: 3, employees: 4, membershipRate: 0.75, notes: [] });
  });

  it('counts a binding by the Shanghai calendar day', () => {
    const members = [member('2020-01-01', { boundAt: '2023-12-31T15:59:59.000Z' }), member('2020-01-01', { boundAt: '2023-12-31T16:00:00.000Z' }), member('2020-01-01', { boundAt: '2023-06-01' })];
    const [y2023, y2024] = membershipByYear(members, new Map(), [2023, 2024]);
    expect([y2023?.boundMembers, y2023?.onlineUnionEnrolmentRate, y2024?.boundMembers, y2024?.onlineUnionEnrolmentRate]).toEqual([2, 2 / 3, 3, 1]);
  });

  it('does not count a binding of someone no longer on the roster', () => {
    const [y] = membershipByYear([member('2020-01-01', { leftOn: '2022-01-01', boundAt: '2021-01-01T00:00:00Z' }), member('2020-01-01')], new Map([[2023, 1]]), [2023]);
    expect(y).toMatchObject({ members: 1, boundMembers: 0, membershipRate: 1, onlineUnionEnrolmentRate: 0 });
  });

  it.each([
    ['no employee count', new Map<number, number>(), '未填报 2024 年职工总数，无法计算入会率'],
    ['0 employees', new Map([[2024, 0]]), '2024 年职工总数为 0，无法计算入会率'],
    ['fewer employees than members', new Map([[2024, 1]]), '2024 年末会员 2 人，多于职工总数 1 人，请核对职工总数或名册'],
  ])('leaves the rate missing with a note for %s, without failing', (_case, employees, note) => {
    const [y] = membershipByYear([member('2020-01-01'), member('2020-01-01')], employees, [2024]);
    expect(y).toMatchObject({ membershipRate: null, notes: [note] });
  });

  it('leaves the enrolment rate missing for an empty roster', () => {
    const [y] = membershipByYear([], new Map([[2024, 10]]), [2024]);
    expect(y).toMatchObject({ members: 0, membershipRate: 0, onlineUnionEnrolmentRate: null, notes: ['2024 年末名册中没有会员，无法计算网上工会会员入驻率'] });
  });

  it('gives the rules engine only the years that have a figure, keyed by year', () => {
    const years = membershipByYear([member('2020-01-01', { boundAt: '2021-01-01T00:00:00Z' })], new Map([[2024, 2], [2025, 0]]), [2025, 2024]);
    expect(years.map((y) => y.year)).toEqual([2024, 2025]);
    expect(membershipRateFacts(years)).toEqual({ membershipRate: { 2024: 0.5 }, onlineUnionEnrolmentRate: { 2024: 1, 2025: 1 } });
  });

  it('counts an entry without a joining date (recorded before dates were kept) in every year', () => {
    const [y] = membershipByYear([member('')], new Map([[2000, 1]]), [2000]);
    expect(y?.members).toBe(1);
  });
});

/** Sums the counter deltas of entries, as the shards hold them summed. */
function countersOf(entries: readonly CountedHistory[]): Map<string, number> {
  const counters = new Map<string, number>();
  for (const entry of entries) for (const [name, delta] of membershipDeltas(entry)) counters.set(name, (counters.get(name) ?? 0) + delta);
  return counters;
}

describe('the same figures from counters (issue 18: no whole-roster read)', () => {
  const day = fc.record({ year: fc.integer({ min: 2015, max: 2027 }), month: fc.integer({ min: 1, max: 12 }), date: fc.integer({ min: 1, max: 28 }) }).map(({ year, month, date }) => `${year}-${String(month).padStart(2, '0')}-${String(date).padStart(2, '0')}`);
  const instant = fc.integer({ min: Date.UTC(2015, 0, 1), max: Date.UTC(2027, 11, 31, 23, 59) }).map((ms) => new Date(ms).toISOString());
  const entry: fc.Arbitrary<CountedHistory> = fc
    .record({
      joinedOn: fc.oneof(day, fc.constant('')),
      leftOn: fc.option(day, { nil: undefined }),
      boundAt: fc.option(fc.oneof(instant, day), { nil: undefined }),
      subOrgId: fc.option(fc.constantFrom('gu-x-sub1', 'gu-x-sub2', 'gu-x-group1'), { nil: undefined }),
    })
    // A leave is never before the joining (removeMember refuses it), but the counters must not care.
    .map((e) => Object.fromEntries(Object.entries(e).filter(([, v]) => v !== undefined)) as unknown as CountedHistory);
  const employees = new Map([[2019, 40], [2020, 0], [2022, 3], [2024, 60]]);
  const years = [2016, 2018, 2019, 2020, 2021, 2022, 2023, 2024, 2025, 2026, 2027];

  it('equal the full computation for any roster of joins, leaves and bindings across years, of the union and of a 小家', () => {
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 60 }), (roster) => {
        const counters = countersOf(roster);
        expect(membershipFromCounters(counters, employees, years)).toEqual(membershipByYear(roster, employees, years));
        const smallHome = new Set(['gu-x-sub1', 'gu-x-group1']);
        expect(membershipFromCounters(counters, employees, years, smallHome)).toEqual(membershipByYear(rosterOfSmallHome(roster, smallHome), employees, years));
      }),
      { numRuns: 300 },
    );
  });

  it('move with an entry that changes: the change from before to after, applied to the counters, gives the figures after', () => {
    fc.assert(
      fc.property(fc.array(entry, { minLength: 1, maxLength: 30 }), entry, fc.nat(), (roster, replacement, pick) => {
        const at = pick % roster.length;
        const counters = countersOf(roster);
        for (const [name, delta] of membershipChange(roster[at], replacement)) counters.set(name, (counters.get(name) ?? 0) + delta);
        const after = roster.map((e, i) => (i === at ? replacement : e));
        expect(membershipFromCounters(counters, employees, years)).toEqual(membershipByYear(after, employees, years));
      }),
      { numRuns: 300 },
    );
  });

  it('counts a member who joined, bound and left in given years in exactly those year-ends', () => {
    const counters = countersOf([{ joinedOn: '2021-06-01', boundAt: '2022-12-31T16:30:00.000Z', leftOn: '2025-01-01' }]);
    expect(membershipFromCounters(counters, new Map(), [2020, 2021, 2022, 2023, 2024, 2025]).map((y) => [y.year, y.members, y.boundMembers])).toEqual([
      [2020, 0, 0],
      [2021, 1, 0],
      [2022, 1, 0],
      [2023, 1, 1],
      [2024, 1, 1],
      [2025, 0, 0],
    ]);
  });
});
