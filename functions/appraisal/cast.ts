import { candidateSubject, dimensionSubject, overallSubject } from '@shared/appraisal/ballot-kinds';
import type { CastRequest, CastResponse } from '@shared/api/ballot';
import { DomainError, fieldError } from '@shared/errors';
import type { Session } from '../auth/session-token';
import type { DynamoDBDocumentClient } from '../storage/document-client';
import { getAppraisal } from './appraisal-store';
import { statusOf, type AppraisalRecord } from './appraisal-record';
import { castIntoBox, type Answer, type BallotBox } from './ballot-box';
import { receiptOf } from './ballot-box-keys';

/**
 * Casting a ballot: the whole vote path, apart from opening, reading and sealing (appraisals.ts), so the vote
 * function (functions/handlers/vote.ts) loads only this on a ballot day's cold starts (issue 18 point 4).
 */
export interface CastDeps {
  db: DynamoDBDocumentClient;
  table: string;
  box: BallotBox;
  /** The key receipts are computed under (ballot-box-keys.ts receiptKeyOf). */
  receiptKey: string;
  now: () => Date;
}

const invalid = fieldError;

// Ballot definitions do not change once ready; a short cache spares every vote a read (sealing guards the end).
const readyCache = new Map<string, { record: AppraisalRecord; until: number }>();

/** Forgets a cached ballot definition (an annulment in this process; other processes rely on the box's seal). */
export const forgetReadyAppraisal = (appraisalId: string): void => void readyCache.delete(appraisalId);

async function readyAppraisal(deps: CastDeps, appraisalId: string): Promise<AppraisalRecord> {
  const cached = readyCache.get(appraisalId);
  if (cached && cached.until > Date.now()) return cached.record;
  const record = await getAppraisal(deps.db, deps.table, appraisalId);
  if (!record) throw new DomainError('APPRAISAL.NOT_FOUND');
  if (record.stage !== 'preparing') readyCache.set(appraisalId, { record, until: Date.now() + 30_000 });
  return record;
}

/**
 * DESIGN.md invariants 1–2: checks the ballot against its kind, then one transaction in the ballot box. The
 * receipt is the same for every cast of the same member, so a retry after a lost answer learns it was counted.
 * Nothing of the choice is logged or kept outside the counters.
 */
export async function castBallot(deps: CastDeps, session: Session, appraisalId: string, ballot: CastRequest): Promise<{ status: 201 | 200; body: CastResponse }> {
  const record = await readyAppraisal(deps, appraisalId);
  if (record.annulment) throw new DomainError('APPRAISAL.ANNULLED');
  const now = deps.now();
  const status = statusOf(record, now);
  if (status === 'preparing' || status === 'scheduled') throw new DomainError('APPRAISAL.NOT_OPEN');
  if (status === 'closed' || status === 'sealed') throw new DomainError('APPRAISAL.CLOSED');
  if (!session.memberId) throw new DomainError('APPRAISAL.NOT_ELIGIBLE');
  const answers = answersOf(record, ballot);
  const receipt = receiptOf(deps.receiptKey, appraisalId, session.memberId);
  const suggestion = record.kind === 'memberAppraisal' && ballot.suggestion ? ballot.suggestion : undefined;
  const outcome = await castIntoBox(deps.box, appraisalId, receipt, answers, suggestion);
  if (outcome === 'notEligible') throw new DomainError('APPRAISAL.NOT_ELIGIBLE');
  if (outcome === 'sealed') throw new DomainError('APPRAISAL.CLOSED');
  if (outcome === 'alreadyVoted') return { status: 200, body: { status: 'alreadyVoted', message: '您已投票', receipt } };
  return { status: 201, body: { status: 'counted', message: '您的选票已计入', receipt } };
}

/** The ballot's answers as counter subjects; a ballot that does not fit the kind is refused naming the field. */
export function answersOf(record: Pick<AppraisalRecord, 'kind' | 'dimensions' | 'candidates'>, ballot: CastRequest): Answer[] {
  const refuse = (path: string, message: string): never => {
    throw invalid(path, message);
  };
  if (record.kind === 'memberAppraisal') {
    if (!ballot.overall) refuse('overall', '请对本工会作出整体评价（overall）');
    const dims = ballot.dimensions ?? [];
    if (dims.length !== record.dimensions.length) refuse('dimensions', `请对全部 ${record.dimensions.length} 个评议维度作出评价（dimensions）`);
    if (ballot.candidates || ballot.vote) refuse(ballot.vote ? 'vote' : 'candidates', '会员评家只评价工会整体和各维度');
    return [{ subject: overallSubject, option: ballot.overall as string }, ...dims.map((option, i) => ({ subject: dimensionSubject(i), option }))];
  }
  if (record.kind === 'chairEvaluation') {
    const given = ballot.candidates ?? {};
    const missing = record.candidates.filter((c) => !given[c.memberId]);
    if (missing.length > 0) refuse('candidates', `请对每位测评对象作出评价（candidates）：还差 ${missing.map((c) => c.name).join('、')}`);
    const extra = Object.keys(given).filter((id) => !record.candidates.some((c) => c.memberId === id));
    if (extra.length > 0) refuse('candidates', '测评（candidates）中有不属于本次测评的对象');
    if (ballot.overall || ballot.dimensions || ballot.vote || ballot.suggestion) refuse('candidates', '主席测评只对每位测评对象作出评价');
    return record.candidates.map((c) => ({ subject: candidateSubject(c.memberId), option: given[c.memberId] as string }));
  }
  if (!ballot.vote) refuse('vote', '请选择同意、不同意或弃权（vote）');
  if (ballot.overall || ballot.dimensions || ballot.candidates || ballot.suggestion) refuse('vote', '大会表决只需选择同意、不同意或弃权');
  return [{ subject: overallSubject, option: ballot.vote as string }];
}

