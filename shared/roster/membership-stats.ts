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
      return yearFigures(year, onRoster.length, bound.length, employeesByYear.get(year) ?? null);
    });
}

/** One year's rates from its counts; nothing divides by zero (see membershipByYear). */
function yearFigures(year: number, members: number, boundMembers: number, employees: number | null): YearMembership {
  const notes: string[] = [];
  let membershipRate: number | null = null;
  if (employees === null) notes.push(`未填报 ${year} 年职工总数，无法计算入会率`);
  else if (employees === 0) notes.push(`${year} 年职工总数为 0，无法计算入会率`);
  else if (members > employees) notes.push(`${year} 年末会员 ${members} 人，多于职工总数 ${employees} 人，请核对职工总数或名册`);
  else membershipRate = members / employees;
  let onlineUnionEnrolmentRate: number | null = null;
  if (members === 0) notes.push(`${year} 年末名册中没有会员，无法计算网上工会会员入驻率`);
  else onlineUnionEnrolmentRate = boundMembers / members;
  return { year, members, boundMembers, employees, membershipRate, onlineUnionEnrolmentRate, notes };
}

/*
 * The same figures from counters (issue 18: a 100,000-member roster is not read in one request). An entry counts at
 * 31 December of year Y while joinedOn ≤ Y-12-31 < leftOn, that is for the years [year(joinedOn), year(leftOn)); a
 * bound one from the later of its joining and binding years. So each entry adds +1 to a counter of its first year
 * and −1 to one of the year it stops counting, and the members at the end of Y are the sum of the counters up to Y.
 * Counters are kept for the union (`m:2023`, `b:2023`) and per sub-union or group it is recorded under
 * (`m:2023:<orgId>`), for a 小家's own figures. An entry from before joining dates were recorded (joinedOn '') counts
 * from year 0.
 */

/** What the counters read of a roster entry. */
export type CountedHistory = MemberHistory & { subOrgId?: string };

/** The year of a day ('' or unreadable: 0, before any year asked for). */
const yearOfDay = (day: string): number => {
  const year = Number(day.slice(0, 4));
  return /^\d{4}/.test(day) && Number.isFinite(year) ? year : 0;
};

/** The counter deltas one entry contributes, by counter name; adding them for every entry gives the figures. */
export function membershipDeltas(m: CountedHistory): Map<string, number> {
  const deltas = new Map<string, number>();
  const add = (name: string, delta: number) => {
    const next = (deltas.get(name) ?? 0) + delta;
    if (next === 0) deltas.delete(name);
    else deltas.set(name, next);
  };
  const span = (kind: 'm' | 'b', from: number, until: number | undefined) => {
    if (until !== undefined && until <= from) return;
    for (const suffix of m.subOrgId ? ['', `:${m.subOrgId}`] : ['']) {
      add(`${kind}:${from}${suffix}`, 1);
      if (until !== undefined) add(`${kind}:${until}${suffix}`, -1);
    }
  };
  const joined = yearOfDay(m.joinedOn);
  const left = m.leftOn === undefined ? undefined : yearOfDay(m.leftOn);
  span('m', joined, left);
  const bound = m.boundAt === undefined ? undefined : boundDay(m.boundAt);
  if (bound !== undefined) span('b', Math.max(joined, yearOfDay(bound)), left);
  return deltas;
}

/** The deltas that turn the counters of `before` (undefined: not counted) into those of `after` (undefined: removed). */
export function membershipChange(before: CountedHistory | undefined, after: CountedHistory | undefined): Map<string, number> {
  const deltas = after ? membershipDeltas(after) : new Map<string, number>();
  for (const [name, delta] of before ? membershipDeltas(before) : []) {
    const next = (deltas.get(name) ?? 0) - delta;
    if (next === 0) deltas.delete(name);
    else deltas.set(name, next);
  }
  return deltas;
}

/**
 * The yearly figures from summed counters: of the union (`subOrgIds` undefined) or of a 小家 (the sub-union and the
 * groups below it). Equal to membershipByYear over the same entries (test/unit/roster/membership-stats.test.ts).
 */
export function membershipFromCounters(counters: ReadonlyMap<string, number>, employeesByYear: ReadonlyMap<number, number>, years: readonly number[], subOrgIds?: ReadonlySet<string>): YearMembership[] {
  const upTo = (kind: 'm' | 'b', year: number): number => {
    let sum = 0;
    for (const [name, value] of counters) {
      const [k, y, ...rest] = name.split(':');
      const scope = rest.length > 0 ? rest.join(':') : undefined;
      if (k !== kind || Number(y) > year) continue;
      if (subOrgIds ? scope !== undefined && subOrgIds.has(scope) : scope === undefined) sum += value;
    }
    return sum;
  };
  return [...years].sort((a, b) => a - b).map((year) => yearFigures(year, upTo('m', year), upTo('b', year), employeesByYear.get(year) ?? null));
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
