import type { AppraisalKind } from '@shared/appraisal/ballot-kinds';
import type { AppraisalStatus, CandidateView } from '@shared/api/appraisal';

/** One ballot as stored in the main table (its box items live in the ballot box table). */
export interface AppraisalRecord {
  appraisalId: string;
  kind: AppraisalKind;
  /** The year (Beijing time) the ballot opened in: the year of the record it leaves (DESIGN.md invariant 10). */
  year: number;
  rulesetId: string;
  title: string;
  /** The org whose members vote (a grassroots union or one of its sub-unions). */
  orgId: string;
  orgName: string;
  orgPath: string;
  /** The grassroots union the ballot belongs to (its chair manages it). */
  unionId: string;
  electorate: 'members' | 'representatives';
  dimensions: string[];
  candidates: CandidateView[];
  opensAt: string;
  closesAt: string;
  minGroupSize: number;
  eligible: number;
  /** preparing: electorate being written; ready: open or scheduled by time; sealed: result stored. */
  stage: 'preparing' | 'ready' | 'sealed';
  openedBy: string;
  requestId: string;
  /** Set by the supervising organiser (annulAppraisal): the ballot then takes no vote and leaves no record. */
  annulment?: Annulment;
}

export interface Annulment {
  reason: string;
  annulledAt: string;
  byMemberId: string;
  byOrgId: string;
  byOrgName: string;
}

/** The status a person sees: stage plus the clock. */
export function statusOf(record: Pick<AppraisalRecord, 'stage' | 'opensAt' | 'closesAt'>, now: Date): AppraisalStatus {
  if (record.stage === 'preparing') return 'preparing';
  if (record.stage === 'sealed') return 'sealed';
  if (now.getTime() < Date.parse(record.opensAt)) return 'scheduled';
  if (now.getTime() < Date.parse(record.closesAt)) return 'open';
  return 'closed';
}
