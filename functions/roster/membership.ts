import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { MembershipStatsResponse } from '@shared/api/roster';
import type { Facts } from '@shared/rules/facts';
import { membershipByYear, membershipRateFacts } from '@shared/roster/membership-stats';
import { readUnionProfiles } from '../orgs/union-profile-store';
import { rosterMembers } from './roster-store';

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
  const [members, profiles] = await Promise.all([rosterMembers(db, table, orgId), readUnionProfiles(db, table, orgId)]);
  const employees = new Map([...profiles].map(([year, profile]) => [year, profile.employees]));
  const byYear = membershipByYear(members, employees, years);
  return { orgId, years: byYear, facts: membershipRateFacts(byYear) };
}
