import { membershipByYear, membershipRateFacts, type MemberHistory } from '../../../shared/roster/membership-stats';

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
