import { wasOnRoster, type RosterMember } from '../domain/member';
import { formatShanghaiDate, isCalendarDay } from '../calendar/shanghai-date';
import type { RateSeries } from '../rules/facts';

/** What the statistics read of a roster entry. */
export type MemberHistory = Pick<RosterMember, 'joinedOn' | 'leftOn' | 'boundAt'>;

/** One year's figures at 31 December; a rate is null when it cannot be computed, with the reason in `notes`. */
export interface YearMembership {
  year: number;
  /** Members on the roster at year end. */
  members: number;
  /** Of those, members who had bound their WeChat account (joined the online union) by year end. */
  boundMembers: number;
  /** The year's employee count (incl. migrant and dispatched workers) from the union profile; null if not given. */
  employees: number | null;
  /** 入会率 = members / employees. */
  membershipRate: number | null;
  /** 网上工会会员入驻率 = bound members / members. */
  onlineUnionEnrolmentRate: number | null;
  notes: string[];
}

export const yearEnd = (year: number): string => `${year}-12-31`;

/** The Shanghai day of a binding: boundAt is an ISO instant (or already a day). */
function boundDay(boundAt: string): string | undefined {
  if (isCalendarDay(boundAt)) return boundAt;
  const instant = new Date(boundAt);
  return Number.isNaN(instant.getTime()) ? undefined : formatShanghaiDate(instant);
}

/**
 * 入会率 and 网上工会会员入驻率 per year from the roster's history: a member counts in a year when on the roster at
 * 31 December (joined by then, not yet left), so a member who leaves later still counts in the years before.
 * Nothing divides by zero: without an employee count, with 0 employees, with more members than employees, or
 * with no members, the rate is null and a note says why.
 */
export function membershipByYear(members: readonly MemberHistory[], employeesByYear: ReadonlyMap<number, number>, years: readonly number[]): YearMembership[] {
  return [...years]
    .sort((a, b) => a - b)
    .map((year) => {
      const end = yearEnd(year);
      const onRoster = members.filter((m) => wasOnRoster(m, end));
      const bound = onRoster.filter((m) => {
        const day = m.boundAt === undefined ? undefined : boundDay(m.boundAt);
        return day !== undefined && day <= end;
      });
      const employees = employeesByYear.get(year) ?? null;
      const notes: string[] = [];
      let membershipRate: number | null = null;
      if (employees === null) notes.push(`未填报 ${year} 年职工总数，无法计算入会率`);
      else if (employees === 0) notes.push(`${year} 年职工总数为 0，无法计算入会率`);
      else if (onRoster.length > employees) notes.push(`${year} 年末会员 ${onRoster.length} 人，多于职工总数 ${employees} 人，请核对职工总数或名册`);
      else membershipRate = onRoster.length / employees;
      let onlineUnionEnrolmentRate: number | null = null;
      if (onRoster.length === 0) notes.push(`${year} 年末名册中没有会员，无法计算网上工会会员入驻率`);
      else onlineUnionEnrolmentRate = bound.length / onRoster.length;
      return { year, members: onRoster.length, boundMembers: bound.length, employees, membershipRate, onlineUnionEnrolmentRate, notes };
    });
}

/**
 * A 小家's own roster (子公司、分厂、车间、班组工会或工会小组: 总工办发〔2020〕15号 第七条（二）, 京工发〔2021〕19号
 * 第七条（二）, 桂工发〔2021〕8号 六、（二）2. ask for ITS 入会率): the union's entries recorded under it or under a group
 * below it (`subOrgIds`: the 小家 and the groups of its subtree). Entries of the union's other sub-unions and entries
 * recorded under none do not count; the employees are the 小家's own, from its profile.
 */
export function rosterOfSmallHome<T extends { subOrgId?: string }>(unionRoster: readonly T[], subOrgIds: ReadonlySet<string>): T[] {
  return unionRoster.filter((m) => m.subOrgId !== undefined && subOrgIds.has(m.subOrgId));
}

/** The yearly figures as the rules engine reads them (shared/rules/facts.ts): years without a rate are left out. */
export function membershipRateFacts(years: readonly YearMembership[]): { membershipRate: RateSeries; onlineUnionEnrolmentRate: RateSeries } {
  const membershipRate: RateSeries = {};
  const onlineUnionEnrolmentRate: RateSeries = {};
  for (const y of years) {
    if (y.membershipRate !== null) membershipRate[String(y.year)] = y.membershipRate;
    if (y.onlineUnionEnrolmentRate !== null) onlineUnionEnrolmentRate[String(y.year)] = y.onlineUnionEnrolmentRate;
  }
  return { membershipRate, onlineUnionEnrolmentRate };
}
