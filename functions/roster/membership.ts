import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { MembershipStatsResponse } from '@shared/api/roster';
import type { Org } from '@shared/domain/org';
import type { Facts } from '@shared/rules/facts';
import { membershipByYear, membershipRateFacts, rosterOfSmallHome, type MemberHistory } from '@shared/roster/membership-stats';
import { readUnionProfiles } from '../orgs/union-profile-store';
import { rosterMembers, subOrgsOf } from './roster-store';

/**
 * 入会率 and 网上工会会员入驻率 of a grassroots union for the given years, in the shape of the rules engine's
 * Facts: members on the roster at 31 December (from the roster's history) over the year's employee count in the
 * union profile, and members who had bound their WeChat by then over members. Years without a figure are left out.
 */
export async function membershipFacts(db: DynamoDBDocumentClient, table: string, orgId: string, years: readonly number[]): Promise<Pick<Facts, 'membershipRate' | 'onlineUnionEnrolmentRate'>> {
  return (await membershipStats(db, table, orgId, years)).facts;
}

/** The figures per year with their counts and, where a rate cannot be computed, why (GET …/membership-stats). */
export async function membershipStats(db: DynamoDBDocumentClient, table: string, orgId: string, years: readonly number[]): Promise<MembershipStatsResponse> {
  return statsOf(db, table, orgId, await rosterMembers(db, table, orgId), years);
}

/**
 * The same figures of a 小家 (a sub-union or group below `unionId`), read from its own body, not its union's: the
 * union's roster entries recorded under it or its groups, over the employee count in the 小家's own profile.
 */
export async function smallHomeMembershipFacts(db: DynamoDBDocumentClient, table: string, unionId: string, smallHome: Org, years: readonly number[]): Promise<Pick<Facts, 'membershipRate' | 'onlineUnionEnrolmentRate'>> {
  const [roster, below] = await Promise.all([rosterMembers(db, table, unionId), subOrgsOf(db, table, smallHome)]);
  const own = rosterOfSmallHome(roster, new Set([smallHome.orgId, ...below.map((s) => s.orgId)]));
  return (await statsOf(db, table, smallHome.orgId, own, years)).facts;
}

/** The figures of the body `orgId` from its roster entries and the employee counts of its own profile. */
async function statsOf(db: DynamoDBDocumentClient, table: string, orgId: string, members: readonly MemberHistory[], years: readonly number[]): Promise<MembershipStatsResponse> {
  const profiles = await readUnionProfiles(db, table, orgId);
  const employees = new Map([...profiles].map(([year, profile]) => [year, profile.employees]));
  const byYear = membershipByYear(members, employees, years);
  return { orgId, years: byYear, facts: membershipRateFacts(byYear) };
}
