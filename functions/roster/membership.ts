import type { DynamoDBDocumentClient } from '../storage/document-client';
import type { MembershipStatsResponse } from '@shared/api/roster';
import type { Org } from '@shared/domain/org';
import type { Facts } from '@shared/rules/facts';
import { membershipByYear, membershipFromCounters, membershipRateFacts, rosterOfSmallHome, type YearMembership } from '@shared/roster/membership-stats';
import { readUnionProfiles } from '../orgs/union-profile-store';
import { systemNow } from '../time/clock';
import { readCounters } from './roster-stats';
import { backfillCounters } from './roster-stats-backfill';
import { rosterMembers, subOrgsOf } from './roster-store';

/** How long a statistics request counts a roster written before the counters existed before answering the long way. */
export const statsBackfillSliceMs = { value: 5_000 };

/**
 * 入会率 and 网上工会会员入驻率 of a grassroots union for the given years, in the shape of the rules engine's
 * Facts: members on the roster at 31 December (from the roster's history) over the year's employee count in the
 * union profile, and members who had bound their WeChat by then over members. Years without a figure are left out.
 */
export async function membershipFacts(db: DynamoDBDocumentClient, table: string, orgId: string, years: readonly number[]): Promise<Pick<Facts, 'membershipRate' | 'onlineUnionEnrolmentRate'>> {
  return (await membershipStats(db, table, orgId, years)).facts;
}

/**
 * The figures per year with their counts and, where a rate cannot be computed, why (GET …/membership-stats). Read
 * from the union's counters (functions/roster/roster-stats.ts): one query of 17 small items whatever the roster's
 * size. A roster written before the counters existed is counted first, in slices; until that is done (a large one,
 * once), the figures are computed from the whole roster as before.
 */
export async function membershipStats(db: DynamoDBDocumentClient, table: string, orgId: string, years: readonly number[]): Promise<MembershipStatsResponse> {
  const byYear = await yearlyFigures(db, table, orgId, years);
  return { orgId, years: byYear, facts: membershipRateFacts(byYear) };
}

/**
 * The same figures of a 小家 (a sub-union or group below `unionId`), read from its own body, not its union's: the
 * union's roster entries recorded under it or its groups, over the employee count in the 小家's own profile.
 */
export async function smallHomeMembershipFacts(db: DynamoDBDocumentClient, table: string, unionId: string, smallHome: Org, years: readonly number[]): Promise<Pick<Facts, 'membershipRate' | 'onlineUnionEnrolmentRate'>> {
  const below = await subOrgsOf(db, table, smallHome);
  const subOrgIds = new Set([smallHome.orgId, ...below.map((s) => s.orgId)]);
  return membershipRateFacts(await yearlyFigures(db, table, unionId, years, { employeesOf: smallHome.orgId, subOrgIds }));
}

async function yearlyFigures(db: DynamoDBDocumentClient, table: string, unionId: string, years: readonly number[], smallHome?: { employeesOf: string; subOrgIds: ReadonlySet<string> }): Promise<YearMembership[]> {
  const [employees, first] = await Promise.all([employeesByYear(db, table, smallHome?.employeesOf ?? unionId), readCounters(db, table, unionId)]);
  let counters = first.ready ? first.counters : undefined;
  if (!counters && (await backfillCounters(db, table, unionId, statsBackfillSliceMs.value, systemNow()))) counters = (await readCounters(db, table, unionId)).counters;
  if (counters) return membershipFromCounters(counters, employees, years, smallHome?.subOrgIds);
  const roster = await rosterMembers(db, table, unionId);
  return membershipByYear(smallHome ? rosterOfSmallHome(roster, smallHome.subOrgIds) : roster, employees, years);
}

async function employeesByYear(db: DynamoDBDocumentClient, table: string, orgId: string): Promise<Map<number, number>> {
  const profiles = await readUnionProfiles(db, table, orgId);
  return new Map([...profiles].map(([year, profile]) => [year, profile.employees]));
}
