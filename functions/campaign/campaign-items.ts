import type { QuotaTable } from '@shared/rules/quota-table';
import type { TitleCode } from '@shared/rules/titles';
import type { ApplicationStatus } from '@shared/api/campaign';
import type { Facts } from '@shared/rules/facts';
import type { RecommenderKind } from '@shared/rules/ruleset-schema';

/** Items of campaigns, applications and honours in the main table. */
export const campaignKeys = {
  campaign: (id: string) => ({ pk: `CAMPAIGN#${id}`, sk: 'CAMPAIGN' }),
  list: (id: string, unitOrgId: string) => ({ pk: `CAMPAIGN#${id}`, sk: `LIST#${unitOrgId}` }),
  /** Before issue 14: one counter per campaign (two campaigns of one ruleset and year printed the same numbers). */
  certificateCounter: (id: string) => ({ pk: `CAMPAIGN#${id}`, sk: 'CERTIFICATES' }),
  /** The counter of a certificate series (`<RULESET>-<year>`, the printed prefix): one sequence, however many campaigns. */
  certificateSeries: (prefix: string) => ({ pk: `CERTIFICATES#${prefix}`, sk: 'COUNTER' }),
  honour: (certificateNo: string) => ({ pk: `HONOUR#${certificateNo}`, sk: 'HONOUR' }),
  /** Honours awarded per title in a campaign, moved in the transaction that awards them (award-totals.ts). */
  campaignAwards: (id: string) => ({ pk: `CAMPAIGN#${id}`, sk: 'AWARDS' }),
  /** The same for every campaign of one ruleset and year in a federation tree (秦皇岛 第十一条 "每年"). */
  yearAwards: (rootId: string, rulesetId: string, year: number) => ({ pk: `AWARDS#${rootId}#${rulesetId}#${year}`, sk: 'AWARDS' }),
  application: (id: string) => ({ pk: `APPLICATION#${id}`, sk: 'APPLICATION' }),
  /** byParent: a federation tree → its campaigns. */
  campaignsOf: (rootId: string) => `CAMPAIGNS#${rootId}`,
  /** byParent: the org that acts next → its applications, by status. */
  queue: (orgId: string) => `QUEUE#${orgId}`,
  /** byParent: a union → the applications it filed. */
  filedBy: (unionId: string) => `FILED#${unionId}`,
};

export interface CampaignRecord {
  campaignId: string;
  rulesetId: string;
  year: number;
  /** 本届工会代表大会召开年份 (shared/rules/campaign-cycle.ts); absent where the campaign stated none. */
  congressYear?: number;
  heading: string;
  titles: TitleCode[];
  orgId: string;
  orgPath: string;
  /** `kind` from the directory when the campaign was published (absent on campaigns published before it was kept). */
  recommendingUnits: { orgId: string; quotaName: string; kind?: RecommenderKind }[];
  quotaTable?: QuotaTable;
  submissionDeadline: string;
  /** 评选依据年度 (shared/rules/fact-years.ts); absent on campaigns published before it was stated: the default. */
  factYears?: number[];
  status: 'published' | 'decided';
  finalPublicityId?: string;
}

export interface HistoryEntry {
  at: string;
  by: string;
  action: string;
  comment: string;
}

export interface ApplicationRecord {
  applicationId: string;
  campaignId: string;
  title: TitleCode;
  nominee: { kind: 'org' | 'subOrg' | 'person'; id: string; name: string };
  applyingUnitId: string;
  applyingUnitPath: string;
  recommendingUnitId: string;
  status: ApplicationStatus;
  version: number;
  atOrgId: string;
  declared: Partial<Facts>;
  narrative: string;
  summary: string;
  consultation: string;
  history: HistoryEntry[];
  filedBy: string;
  /** Set with the award, in the same transaction as its honour: a retried decision finds the number it was given. */
  certificateNo?: string;
}

/**
 * A recommending unit's list (LIST#<unit>): claimed in one transaction with its audit event (state 'sending', the ids
 * and the version each had when the district sent it), then its applications move up in chunks; 'sent' once all have.
 * Lists written before the chunks (no state) were sent in one transaction.
 */
export interface RecommendingListRecord {
  applicationIds: string[];
  versions?: number[];
  state?: 'sending' | 'sent';
  submittedAt: string;
  submittedBy: string;
  publicityId?: string;
  /** 上报说明: the sender's reason for the advisory rules the list did not meet, and those rules as they stood. */
  advisoryReason?: string;
  advisories?: { ruleId: string; message: string; citation: string }[];
}
