import { createHash } from 'node:crypto';
import { PutCommand, type DynamoDBDocumentClient } from '../storage/document-client';
import { minGroupSizeFloor } from '@config/appraisal';
import {
  appraisalKindLabels,
  defaultAppraisalDimensions,
} from '@shared/appraisal/ballot-kinds';
import type {
  AppraisalRecordsResponse,
  AppraisalResultResponse,
  AppraisalView,
  CandidateView,
  ElectorateResponse,
  MyAppraisal,
  MyAppraisalsResponse,
  OrgAppraisalsResponse,
  ReceiptCheckResponse,
  SuggestionsResponse,
  OpeningProgress,
  TurnoutResponse,
  openAppraisalRequest,
} from '@shared/api/appraisal';
import { votingPeriodProblem } from '@shared/api/appraisal';
import type { Org, Role } from '@shared/domain/org';
import { DomainError, fieldError } from '@shared/errors';
import { formatShanghaiDate } from '@shared/calendar/shanghai-date';
import type * as z from 'zod';
import type { Session } from '../auth/session-token';
import { type Directory, requireOrg } from '../directory/directory';
import { ChangeRefused, commitWithNotices } from '../notify/outbox';
import { dynamoRoleBook } from '../orgs/dynamo-org-store';
import { rosterMembers, type StoredMember } from '../roster/roster-store';
import { requireScope, requireScopeOn, type Actor } from '../scope/scope';
import { queryAll } from '../storage/dynamo';
import {
  appraisalsOfUnion,
  ballotIdsOfMember,
  electorateOf,
  getAppraisal,
  getResult,
  isVoter,
  annulmentWrites,
  officialBallotOf,
  putPreparingAppraisal,
  type Voter,
} from './appraisal-store';
import { unionAppraisalFacts } from './appraisal-facts';
import { unionRevocationFlags } from './revocation-flags';
import { statusOf, type Annulment, type AppraisalRecord } from './appraisal-record';
import { countBallots, readSuggestions, receiptState, sealBox, type BallotBox } from './ballot-box';
import { driveOpening, openingProgress, openingSliceMs, readOpeningJob, stageSnapshot } from './opening';
import { receiptOf } from './ballot-box-keys';

export interface AppraisalDeps {
  db: DynamoDBDocumentClient;
  table: string;
  box: BallotBox;
  directory: Directory;
  /** The key receipts are computed under (ballot-box-keys.ts receiptKeyOf). */
  receiptKey: string;
  now: () => Date;
  /** At most this many chunks per drive of an opening (a test's budget; in production the time slice alone). */
  openingMaxChunks?: number;
}

const openers: readonly Role[] = ['chair', 'viceChair'];
const managers: readonly Role[] = ['chair', 'viceChair', 'reviewer', 'organiser'];

// ---------------------------------------------------------------------------------------------------------------
// Opening

/**
 * A chair opens a ballot for their union or one of its sub-unions: the roster snapshot of the eligible becomes
 * the electorate (names in the main table, not-voted markers in the ballot box), then the ballot turns ready and
 * the voters are notified. Re-sending the same request resumes an interrupted opening instead of opening twice.
 *
 * DESIGN.md invariants 10–11: a sealed ballot is an official record, so the opening holds against a chair who
 * calls the API directly — its year is the year it opens (never a past one), one ballot per org, kind and year
 * (a second only after the supervising organiser annulled the first), 会员评家 and 主席测评 are voted by all the
 * members, 主席测评 only by the union's own, and no electorate or published group is smaller than the floor.
 */
export async function openAppraisal(deps: AppraisalDeps, session: Session, orgId: string, request: z.infer<typeof openAppraisalRequest>): Promise<AppraisalView> {
  const { org: target, actor } = await requireScopeOn(deps.directory, session, openers, orgId);
  // Derived from who asks for which org: a re-sent request finds its own ballot, and no request can name another's.
  const appraisalId = appraisalIdOf(actor.memberId, target.orgId, request.requestId);
  const existing = await getAppraisal(deps.db, deps.table, appraisalId, true);
  if (existing) {
    if (existing.orgId !== target.orgId || existing.openedBy !== actor.memberId || existing.kind !== request.kind) throw new DomainError('APPRAISAL.REQUEST_REUSED');
    return resumeOpening(deps, existing, target, actor);
  }

  const { opensAt, year } = checkedOpening(request, deps.now());
  const union = await unionOf(deps, target);
  if (request.kind === 'chairEvaluation' && target.orgId !== union.orgId) throw new DomainError('APPRAISAL.UNION_BALLOT_ONLY');
  // The rulesets load here, not with the bundle: the vote path never reads one (cold start budget, issue 18).
  const ruleset = (await import('@config/rulesets')).getRuleset(request.rulesetId);
  if (!ruleset) throw invalid('rulesetId', '没有这个评选办法（rulesetId）');
  // Fail early when another ballot holds the year (this one may, created by a concurrent copy of the request); the
  // transaction that creates the ballot is what guards it.
  const holder = await officialBallotOf(deps.db, deps.table, target.orgId, request.kind, year);
  if (holder && holder !== appraisalId) throw new DomainError('APPRAISAL.ALREADY_HELD');

  const roster = await rosterMembers(deps.db, deps.table, union.orgId);
  const nameOf = new Map(roster.map((m) => [m.memberId, m.name]));
  const candidates = request.kind === 'chairEvaluation' ? await candidatesOf(deps, union, request.candidateIds, nameOf) : [];
  const voters = await votersOf(deps, target, union, request.electorate, roster);
  if (voters.length === 0) throw new DomainError('APPRAISAL.EMPTY_ELECTORATE');
  if (voters.length < minGroupSizeFloor) {
    throw new DomainError('APPRAISAL.ELECTORATE_TOO_SMALL', {
      details: [{ path: 'electorate', message: `应投票人只有 ${voters.length} 人，少于 ${minGroupSizeFloor} 人，无记名投票的选择可能被推断出来` }],
    });
  }

  const record: AppraisalRecord = {
    appraisalId,
    kind: request.kind,
    year,
    rulesetId: request.rulesetId,
    title: request.title || `${year} 年度${appraisalKindLabels[request.kind]}`,
    orgId: target.orgId,
    orgName: target.name,
    orgPath: target.path,
    unionId: union.orgId,
    electorate: request.electorate,
    dimensions: request.kind === 'memberAppraisal' ? (request.dimensions ?? [...defaultAppraisalDimensions]) : [],
    candidates,
    // Stored in UTC so that the due-time index sorts by instant.
    opensAt: opensAt.toISOString(),
    closesAt: new Date(request.closesAt).toISOString(),
    minGroupSize: request.minGroupSize,
    eligible: voters.length,
    stage: 'preparing',
    openedBy: actor.memberId,
    requestId: request.requestId,
  };
  // The snapshot is staged first, then the ballot and its opening job are created together: the electorate is
  // written afterwards in chunks (opening.ts), so this request answers at once whatever the size of the roster.
  const job = await stageSnapshot(deps, appraisalId, voters, { memberId: actor.memberId, role: actor.role, orgName: target.name });
  const created = await putPreparingAppraisal(deps.db, deps.table, record, job);
  if (created === 'held') throw new DomainError('APPRAISAL.ALREADY_HELD');
  if (created === 'exists') {
    // A concurrent copy of this request created it first: go on with what it stored.
    const stored = await getAppraisal(deps.db, deps.table, appraisalId, true);
    if (!stored) throw new Error(`appraisal ${appraisalId} vanished while opening`);
    return resumeOpening(deps, stored, target, actor);
  }
  return openingView(deps, record, openingSliceMs.open);
}

/**
 * What the request may not choose, checked against the server's clock: the opening is now or later (never a past
 * year), the year is the opening's, the published group is not under the floor, and only a congress ballot is voted
 * by the representatives. Refusals name the field.
 */
function checkedOpening(request: z.infer<typeof openAppraisalRequest>, now: Date): { opensAt: Date; year: number } {
  const opens = request.opensAt ? Date.parse(request.opensAt) : now.getTime();
  if (opens < now.getTime() - openingGraceMs) throw invalid('opensAt', '开始时间（opensAt）不能早于现在：评议从发起之时起投票，不能补记过去的年度');
  // A ballot cannot have opened before it existed: its year is the year of this instant.
  const opensAt = new Date(Math.max(opens, now.getTime()));
  const period = votingPeriodProblem(opensAt.getTime(), Date.parse(request.closesAt));
  if (period) throw invalid('closesAt', period);
  const year = shanghaiYear(opensAt);
  if (request.year !== undefined && request.year !== year) {
    throw invalid('year', `评议年度（year）以投票开始时间为准：本次投票于 ${year} 年开始，记为 ${year} 年度，不能记为 ${request.year} 年度`);
  }
  if (request.minGroupSize < minGroupSizeFloor) throw invalid('minGroupSize', `最少公布人数（minGroupSize）不少于 ${minGroupSizeFloor} 人，以免从分项结果推断出个人的选择`);
  if (request.kind !== 'congressBallot' && request.electorate !== 'members') {
    throw invalid('electorate', `${appraisalKindLabels[request.kind]}由全体会员投票（electorate 应为 members）；会员代表只参加会员（代表）大会表决`);
  }
  return { opensAt, year };
}

/** How far in the past a requested opening may lie (a form filled in a few minutes ago), never a past year. */
const openingGraceMs = 10 * 60_000;

/** The calendar year (Beijing time) of an instant. */
const shanghaiYear = (instant: Date): number => Number(formatShanghaiDate(instant).slice(0, 4));

/** ap- and 80 bits of a hash of the opener, the org and the client's request id. */
export function appraisalIdOf(memberId: string, orgId: string, requestId: string): string {
  return `ap-${createHash('sha256').update(`${memberId}\n${orgId}\n${requestId}`).digest('hex').slice(0, 20)}`;
}

/** The roster's active members who vote: the union's (or one sub-union's) members, or the congress representatives. */
async function votersOf(deps: AppraisalDeps, target: Org, union: Org, electorate: AppraisalRecord['electorate'], roster?: StoredMember[]): Promise<Voter[]> {
  const active = (roster ?? (await rosterMembers(deps.db, deps.table, union.orgId))).filter((m) => m.status === 'active');
  if (electorate === 'representatives') {
    const representatives = new Set(await representativesOf(deps, union.orgId));
    return active.filter((m) => representatives.has(m.memberId)).map((m) => ({ memberId: m.memberId, name: m.name, orgName: target.name }));
  }
  return active.filter((m) => target.orgId === union.orgId || m.subOrgId === target.orgId).map((m) => ({ memberId: m.memberId, name: m.name, orgName: target.name }));
}

/**
 * The same request again: the ballot as it stands, its opening driven on for a slice if it is still under way (a
 * ballot opened before openings were chunked, still preparing, gets its job now).
 */
async function resumeOpening(deps: AppraisalDeps, existing: AppraisalRecord, target: Org, actor: Actor): Promise<AppraisalView> {
  if (existing.stage === 'preparing' && !existing.annulment && !(await readOpeningJob(deps, existing.appraisalId))) {
    const union = (await deps.directory.getOrgs([existing.unionId])).get(existing.unionId) ?? target;
    const voters = await votersOf(deps, target, union, existing.electorate);
    const job = await stageSnapshot(deps, existing.appraisalId, voters, { memberId: existing.openedBy, role: actor.role, orgName: target.name });
    await deps.db.send(new PutCommand(job.Put as NonNullable<typeof job.Put>)).catch((error: unknown) => {
      if (!(error instanceof Error && error.name === 'ConditionalCheckFailedException')) throw error;
    });
  }
  return openingView(deps, existing, openingSliceMs.open);
}

/** Drives the opening for `sliceMs` when it is under way, then the ballot as it now stands with its progress. */
async function openingView(deps: AppraisalDeps, record: AppraisalRecord, sliceMs: number): Promise<AppraisalView> {
  const before = await openingProgress(deps, record.appraisalId);
  if (before && (before.phase === 'markers' || before.phase === 'notices')) await driveOpening(deps, record.appraisalId, { ms: sliceMs, maxChunks: deps.openingMaxChunks });
  const current = (await getAppraisal(deps.db, deps.table, record.appraisalId, true)) ?? record;
  return viewOf(current, deps.now(), await openingProgress(deps, record.appraisalId));
}

async function candidatesOf(deps: AppraisalDeps, union: Org, wanted: string[] | undefined, nameOf: ReadonlyMap<string, string>): Promise<CandidateView[]> {
  const holders = (await dynamoRoleBook(deps.db, deps.table).holdersOf(union.orgId)).filter((h) => h.role === 'chair' || h.role === 'viceChair');
  const all = holders
    .map((h): CandidateView => ({ memberId: h.memberId, name: nameOf.get(h.memberId) ?? h.memberId, role: h.role === 'chair' ? 'chair' : 'viceChair' }))
    .sort((a, b) => (a.role === b.role ? a.name.localeCompare(b.name, 'zh') : a.role === 'chair' ? -1 : 1));
  if (all.length === 0) throw new DomainError('APPRAISAL.NO_CANDIDATES');
  if (!wanted || wanted.length === 0) return all;
  const unknown = wanted.filter((id) => !all.some((c) => c.memberId === id));
  if (unknown.length > 0) throw invalid('candidateIds', `测评对象（candidateIds）只能是本工会的主席、副主席：${unknown.join('、')} 不是`);
  return all.filter((c) => wanted.includes(c.memberId));
}

async function representativesOf(deps: AppraisalDeps, unionId: string): Promise<string[]> {
  const items = await queryAll(deps.db, {
    TableName: deps.table,
    IndexName: 'byParent',
    KeyConditionExpression: 'gsi1pk = :p AND begins_with(gsi1sk, :r)',
    ExpressionAttributeValues: { ':p': `ORG#${unionId}`, ':r': 'ROLE#representative#' },
  });
  return items.map((i) => String(i.memberId));
}

// ---------------------------------------------------------------------------------------------------------------
// Casting

// The vote itself lives in cast.ts, which the vote function loads alone (functions/handlers/vote.ts).
export { answersOf, castBallot } from './cast';
import { forgetReadyAppraisal } from './cast';

// ---------------------------------------------------------------------------------------------------------------
// Reading

export async function myAppraisals(deps: AppraisalDeps, session: Session): Promise<MyAppraisalsResponse> {
  if (!session.memberId) return { appraisals: [] };
  const ids = await ballotIdsOfMember(deps.db, deps.table, session.memberId);
  const records = (await Promise.all(ids.map((id) => getAppraisal(deps.db, deps.table, id)))).filter((r): r is AppraisalRecord => r !== undefined && r.stage !== 'preparing');
  return { appraisals: await Promise.all(records.map((r) => mine(deps, session.memberId as string, r))) };
}

export async function myAppraisal(deps: AppraisalDeps, session: Session, appraisalId: string): Promise<MyAppraisal> {
  const record = await getAppraisal(deps.db, deps.table, appraisalId);
  if (!record) throw new DomainError('APPRAISAL.NOT_FOUND');
  if (session.memberId && (await isVoter(deps.db, deps.table, appraisalId, session.memberId))) return mine(deps, session.memberId, record);
  // Not a voter: a chair or reviewer in scope may still see the ballot (without a receipt).
  await requireScope(deps.directory, session, managers, await orgOf(deps, record.orgId)).catch(() => {
    throw new DomainError('APPRAISAL.NOT_ELIGIBLE');
  });
  return { appraisal: viewOf(record, deps.now()), voted: false, receipt: null };
}

async function mine(deps: AppraisalDeps, memberId: string, record: AppraisalRecord): Promise<MyAppraisal> {
  const receipt = receiptOf(deps.receiptKey, record.appraisalId, memberId);
  const voted = (await receiptState(deps.box, record.appraisalId, receipt)) === 'voted';
  return { appraisal: viewOf(record, deps.now()), voted, receipt: voted ? receipt : null };
}

export async function orgAppraisals(deps: AppraisalDeps, session: Session, orgId: string): Promise<OrgAppraisalsResponse> {
  const { org } = await requireScopeOn(deps.directory, session, managers, orgId);
  const union = await unionOf(deps, org);
  const records = await appraisalsOfUnion(deps.db, deps.table, union.orgId);
  return { appraisals: records.filter((r) => r.orgId === org.orgId || org.orgId === union.orgId).map((r) => viewOf(r, deps.now())) };
}

/** Live turnout for the chair: a count of ballots, never who voted or how. */
export async function turnout(deps: AppraisalDeps, session: Session, appraisalId: string): Promise<TurnoutResponse> {
  const first = await managedAppraisal(deps, session, appraisalId);
  // The chair's page polls this while the ballot prepares and its voters are told: each poll drives a slice.
  const view = await openingView(deps, first, openingSliceMs.poll);
  return { appraisalId, eligible: view.eligible, voted: await countBallots(deps.box, appraisalId), status: view.status, opening: view.opening };
}

export async function electorate(deps: AppraisalDeps, session: Session, appraisalId: string): Promise<ElectorateResponse> {
  await managedAppraisal(deps, session, appraisalId);
  const voters = await electorateOf(deps.db, deps.table, appraisalId);
  return { appraisalId, names: voters.map((v) => ({ name: v.name, orgName: v.orgName })).sort((a, b) => a.name.localeCompare(b.name, 'zh')) };
}

export async function suggestions(deps: AppraisalDeps, session: Session, appraisalId: string): Promise<SuggestionsResponse> {
  const record = await managedAppraisal(deps, session, appraisalId, ['chair', 'viceChair', 'organiser']);
  if (record.stage !== 'sealed') throw new DomainError('APPRAISAL.NOT_SEALED');
  return { suggestions: await readSuggestions(deps.box, appraisalId) };
}

/** Anyone holding a receipt may check, once voting has closed, that the ballot behind it was counted. */
export async function checkReceipt(deps: AppraisalDeps, appraisalId: string, receipt: string): Promise<ReceiptCheckResponse> {
  const record = await getAppraisal(deps.db, deps.table, appraisalId);
  if (!record) throw new DomainError('APPRAISAL.NOT_FOUND');
  const status = statusOf(record, deps.now());
  if (status !== 'closed' && status !== 'sealed') throw new DomainError('APPRAISAL.NOT_CLOSED');
  const state = await receiptState(deps.box, appraisalId, receipt);
  const sealed = status === 'sealed';
  if (state === 'voted') return { counted: true, sealed, message: sealed ? '该回执对应的选票已计入封存结果' : '该回执对应的选票已计入，结果封存后公布' };
  return { counted: false, sealed, message: '没有与该回执对应的选票，请核对回执码和评议是否一致' };
}

// ---------------------------------------------------------------------------------------------------------------
// Annulling

const unionLevels: readonly Org['level'][] = ['grassroots', 'subUnion', 'group'];

/**
 * DESIGN.md invariants 6 and 10: the one way to replace an official ballot. Only an organiser of a federation
 * above the union may annul it, with a reason; in one transaction the ballot is marked, its year's slot freed and
 * the records it left removed, and the decision is audited. An annulled ballot takes no more votes (its box is
 * sealed at once), leaves no record when sealed, and says why wherever it is shown.
 */
export async function annulAppraisal(deps: AppraisalDeps, session: Session, appraisalId: string, reason: string): Promise<AppraisalView> {
  const first = await getAppraisal(deps.db, deps.table, appraisalId, true);
  if (!first) throw new DomainError('APPRAISAL.NOT_FOUND');
  const actor = await requireScope(deps.directory, session, ['organiser'], await orgOf(deps, first.orgId)).catch(() => {
    throw new DomainError('APPRAISAL.ANNUL_FORBIDDEN');
  });
  if (unionLevels.includes(actor.org.level)) throw new DomainError('APPRAISAL.ANNUL_FORBIDDEN');
  for (let attempt = 1, record: AppraisalRecord | undefined = first; ; attempt += 1) {
    if (!record) throw new DomainError('APPRAISAL.NOT_FOUND');
    if (record.annulment) throw new DomainError('APPRAISAL.ALREADY_ANNULLED');
    const now = deps.now();
    const annulment: Annulment = { reason, annulledAt: now.toISOString(), byMemberId: actor.memberId, byOrgId: actor.org.orgId, byOrgName: actor.org.name };
    try {
      await commitWithNotices(
        deps.db,
        deps.table,
        {
          writes: annulmentWrites(deps.table, record, annulment),
          audit: [
            {
              subjectType: 'appraisal',
              subjectId: appraisalId,
              scopePath: record.orgPath,
              action: 'ballot.annulled',
              actor: { memberId: actor.memberId, role: actor.role },
              reason,
              data: { kind: record.kind, year: record.year, orgId: record.orgId, stage: record.stage, byOrgId: actor.org.orgId },
            },
          ],
        },
        now,
      );
      if (record.stage !== 'sealed') await sealBox(deps.box, appraisalId);
      forgetReadyAppraisal(appraisalId);
      return viewOf({ ...record, annulment }, now);
    } catch (error) {
      // Sealed (or annulled) meanwhile: read it again and annul what it is now.
      if (!(error instanceof ChangeRefused) || attempt >= 3) throw error;
      record = await getAppraisal(deps.db, deps.table, appraisalId, true);
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Helpers

export async function managedAppraisal(deps: AppraisalDeps, session: Session, appraisalId: string, roles: readonly Role[] = managers): Promise<AppraisalRecord> {
  const record = await getAppraisal(deps.db, deps.table, appraisalId);
  if (!record) throw new DomainError('APPRAISAL.NOT_FOUND');
  await requireScope(deps.directory, session, roles, await orgOf(deps, record.orgId));
  return record;
}

export function viewOf(record: AppraisalRecord, now: Date, opening: OpeningProgress | null = null): AppraisalView {
  return {
    appraisalId: record.appraisalId,
    kind: record.kind,
    year: record.year,
    rulesetId: record.rulesetId,
    title: record.title,
    orgId: record.orgId,
    orgName: record.orgName,
    electorate: record.electorate,
    dimensions: record.dimensions,
    candidates: record.candidates,
    opensAt: record.opensAt,
    closesAt: record.closesAt,
    minGroupSize: Math.max(record.minGroupSize, minGroupSizeFloor),
    eligible: record.eligible,
    status: statusOf(record, now),
    openedBy: record.openedBy,
    annulment: record.annulment ? { reason: record.annulment.reason, annulledAt: record.annulment.annulledAt, byOrgName: record.annulment.byOrgName } : null,
    opening,
  };
}

export const orgOf = (deps: Pick<AppraisalDeps, 'directory'>, orgId: string): Promise<Org> => requireOrg(deps.directory, orgId);

/** The grassroots union at or above `org` (a ballot belongs to one); federations cannot hold ballots. */
export async function unionOf(deps: Pick<AppraisalDeps, 'directory'>, org: Org): Promise<Org> {
  if (org.level === 'grassroots') return org;
  if (org.level !== 'subUnion' && org.level !== 'group') throw new DomainError('APPRAISAL.NOT_A_UNION');
  const ancestors = org.path.split('/').filter(Boolean);
  const orgs = await deps.directory.getOrgs(ancestors);
  const union = ancestors.map((id) => orgs.get(id)).find((o) => o?.level === 'grassroots');
  if (!union) throw new DomainError('APPRAISAL.NOT_A_UNION');
  return union;
}

const invalid = fieldError;

/**
 * The sealed result, to the voters and to the chair and federations in scope. Below the ballot's minimum group
 * size only totals are shown (no dimension or person breakdown), so small groups cannot be read person by person.
 */
export async function appraisalResult(deps: AppraisalDeps, session: Session, appraisalId: string): Promise<AppraisalResultResponse> {
  const record = await getAppraisal(deps.db, deps.table, appraisalId);
  if (!record) throw new DomainError('APPRAISAL.NOT_FOUND');
  const voter = session.memberId ? await isVoter(deps.db, deps.table, appraisalId, session.memberId) : false;
  if (!voter) {
    await requireScope(deps.directory, session, [...managers, 'investigator'], await orgOf(deps, record.orgId)).catch(() => {
      throw new DomainError('APPRAISAL.NOT_ELIGIBLE');
    });
  }
  const stored = record.stage === 'sealed' ? await getResult(deps.db, deps.table, appraisalId) : undefined;
  if (!stored) throw new DomainError('APPRAISAL.NOT_SEALED');
  // Ballots opened before the floor existed may ask for less: the floor holds for them too.
  const totalsOnly = stored.ballots < Math.max(record.minGroupSize, minGroupSizeFloor);
  return {
    ...stored,
    appraisal: viewOf(record, deps.now()),
    totalsOnly,
    breakdown: totalsOnly ? [] : stored.breakdown,
    overall: stored.overall,
    outcomes: totalsOnly && record.kind === 'chairEvaluation' ? [] : stored.outcomes,
  };
}

/**
 * The union's yearly appraisal records and the revocation flags they raise under one ruleset: for the titles the union
 * and its chair and vice-chairs hold, from the years after each award (revocation-flags.ts).
 */
export async function appraisalRecords(deps: AppraisalDeps, session: Session, orgId: string, rulesetId: string): Promise<AppraisalRecordsResponse> {
  const { org } = await requireScopeOn(deps.directory, session, [...managers, 'investigator'], orgId);
  const ruleset = (await import('@config/rulesets')).getRuleset(rulesetId);
  if (!ruleset) throw invalid('rulesetId', '没有这个评选办法（rulesetId）');
  const facts = await unionAppraisalFacts(deps.db, deps.table, orgId);
  const revocationFlags = await unionRevocationFlags(deps, org, ruleset, facts);
  return {
    orgId,
    memberAppraisalSatisfaction: facts.memberAppraisalSatisfaction ?? {},
    memberAppraisalDissatisfaction: facts.memberAppraisalDissatisfaction ?? {},
    memberAppraisalTurnout: facts.memberAppraisalTurnout ?? {},
    congressYesShare: facts.congressYesShare ?? null,
    congressTurnout: facts.congressTurnout ?? null,
    revocationFlags,
  };
}
