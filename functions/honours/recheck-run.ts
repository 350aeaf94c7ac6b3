import { QueryCommand, type DynamoDBDocumentClient } from '../storage/document-client';
import { getRuleset } from '@config/rulesets';
import { formatShanghaiDate } from '@shared/calendar/shanghai-date';
import type { Org } from '@shared/domain/org';
import { citationText } from '@shared/rules/citation';
import type { Facts, UnionRole } from '@shared/rules/facts';
import type { Ruleset } from '@shared/rules/ruleset-schema';
import { recheckHonour, recheckOutcomeLabels, type RecheckOutcome, type RecheckResult } from '@shared/rules/recheck';
import { titleLabels, type TitleCode } from '@shared/rules/titles';
import { unionAppraisalFacts, chairEvaluationFacts, type UnionAppraisalFacts } from '../appraisal/appraisal-facts';
import type { Directory, RoleGrant } from '../directory/directory';
import { ChangeRefused, commitWithNotices, type TransactItem } from '../notify/outbox';
import type { NoticeDraft } from '../notify/notice';
import { dynamoRoleBook } from '../orgs/dynamo-org-store';
import { membershipFacts, smallHomeMembershipFacts } from '../roster/membership';
import { registerKeys, type HonourEventRecord } from './register-items';

export interface RecheckDeps {
  db: DynamoDBDocumentClient;
  table: string;
  directory: Directory;
  now: () => Date;
}

/** One re-check result per honour and year: `HONOUR#<no>` / `RECHECK#<year>`, written once. */
export const recheckKeys = {
  result: (certificateNo: string, year: number) => ({ pk: `HONOUR#${certificateNo}`, sk: `RECHECK#${year}` }),
};

export type RecheckTally = Record<RecheckOutcome | 'alreadyChecked' | 'notHeld', number>;

/** Honours that still stand: a revoked or recovered title is not re-checked. */
const standing = (item: Record<string, unknown>) => item.entity === 'honour' && item.status !== 'revoked' && item.status !== 'recalled' && item.state !== 'revoked' && item.state !== 'recovered';

/** Where a run stopped: the last register item it read (resumed from there). */
export type RecheckCursor = Record<string, unknown>;

/**
 * 复查 of every standing honour held in one federation tree — or in the subtree at `below` — (optionally one
 * ruleset's) for `year`, the last full year (总工办发〔2020〕15号 第二十二条（四）, 京工发〔2021〕19号 第十九条（四）, 桂工发〔2021〕8号
 * 八、（一）4.). Each honour gets at most one result per year, whoever runs it and however many times at once: the result
 * is written with a condition that it does not exist yet, in the same transaction as the honour's new state, its
 * history and the notices to the supervising federation's reviewers — so a second run changes nothing and notifies
 * nobody twice. A run stops after `budgetMs` and returns where it stopped; the next one resumes there.
 */
export async function recheckTree(
  deps: RecheckDeps,
  rootId: string,
  year: number,
  options: { rulesetId?: string; by: string; below?: string; from?: RecheckCursor; budgetMs?: number } = { by: 'clock' },
): Promise<RecheckTally & { next?: RecheckCursor }> {
  const tally: RecheckTally = { flagged: 0, failed: 0, incomplete: 0, passed: 0, notDue: 0, alreadyChecked: 0, notHeld: 0 };
  const reads = holderReads(deps, year);
  const started = Date.now();
  let start = options.from;
  do {
    const out = await deps.db.send(
      new QueryCommand({
        TableName: deps.table,
        IndexName: 'bySubtree',
        KeyConditionExpression: options.below ? 'gsi3pk = :p AND begins_with(gsi3sk, :below)' : 'gsi3pk = :p',
        ExpressionAttributeValues: { ':p': registerKeys.partition(rootId), ...(options.below ? { ':below': registerKeys.below(options.below) } : {}) },
        ExclusiveStartKey: start,
        Limit: 25,
      }),
    );
    for (const item of (out.Items ?? []) as Record<string, unknown>[]) {
      if (item.entity !== 'honour') continue;
      if (!standing(item)) {
        tally.notHeld += 1;
        continue;
      }
      if (options.rulesetId && item.rulesetId !== options.rulesetId) continue;
      const outcome = await recheckOne(deps, reads, item, year, options.by);
      tally[outcome] += 1;
    }
    start = out.LastEvaluatedKey;
    if (start && options.budgetMs !== undefined && Date.now() - started >= options.budgetMs) return { ...tally, next: start };
  } while (start);
  return tally;
}

async function recheckOne(deps: RecheckDeps, reads: HolderReads, item: Record<string, unknown>, year: number, by: string): Promise<RecheckOutcome | 'alreadyChecked' | 'notHeld'> {
  const ruleset = getRuleset(String(item.rulesetId ?? ''));
  if (!ruleset) return 'notHeld';
  const certificateNo = String(item.certificateNo);
  const title = item.titleCode as TitleCode;
  const awardedYear = Number(formatShanghaiDate(new Date(String(item.awardedAt))).slice(0, 4));
  const holder = await reads.org(String(item.holderOrgId));
  if (!holder) return 'notHeld';
  const { facts, role } = await recordFactsOf(reads, item, holder);
  const result = recheckHonour(ruleset, { title, awardedYear, ...(role ? { role } : {}) }, facts, year);
  const at = deps.now().toISOString();
  const writes: TransactItem[] = [
    {
      Put: {
        TableName: deps.table,
        Item: { ...recheckKeys.result(certificateNo, year), entity: 'recheck', certificateNo, year, rulesetId: ruleset.id, outcome: result.outcome, at, by, checks: checksOf(result), flags: flagsOf(result) },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
  ];
  const failedOrFlagged = result.outcome === 'failed' || result.outcome === 'flagged';
  if (failedOrFlagged) {
    const event: HonourEventRecord = { kind: 'flagged', state: 'flagged', at, by, note: `${year} 年度复查：${recheckOutcomeLabels[result.outcome]}（${reasonsOf(result)}）` };
    writes.push({
      Update: {
        TableName: deps.table,
        Key: { pk: `HONOUR#${certificateNo}`, sk: 'HONOUR' },
        UpdateExpression: 'SET #state = :flagged, history = list_append(if_not_exists(history, :none), :event)',
        // A title revoked meanwhile is not flagged again.
        ConditionExpression: 'attribute_exists(pk) AND (attribute_not_exists(#status) OR #status <> :revoked)',
        ExpressionAttributeNames: { '#state': 'state', '#status': 'status' },
        ExpressionAttributeValues: { ':flagged': 'flagged', ':none': [], ':event': [event], ':revoked': 'revoked' },
      },
    });
  }
  const notices = failedOrFlagged ? await reviewerNotices(reads, holder, { certificateNo, year, title, holderName: String(item.nomineeName), outcome: result.outcome, reasons: reasonsOf(result) }) : [];
  try {
    await commitWithNotices(
      deps.db,
      deps.table,
      {
        writes,
        notices,
        audit: [
          {
            subjectType: 'honour',
            subjectId: certificateNo,
            scopePath: String(item.awardingPath ?? holder.path),
            action: 'honour.rechecked',
            actor: { memberId: by, role: by === 'clock' ? 'system' : 'organiser' },
            citation: recheckBasis(ruleset),
            data: { year, outcome: result.outcome, reasons: reasonsOf(result) },
          },
        ],
      },
      deps.now(),
    );
    return result.outcome;
  } catch (error) {
    if (error instanceof ChangeRefused) return 'alreadyChecked';
    throw error;
  }
}

/**
 * What a run reads of the holders, each read once per run. The register lists a holder's honours together (a union's
 * 模范职工之家 of two years, its chair's and vice-chair's titles, all under the union's path), and each of them needs the
 * same org, roster, profiles and sealed records: read once, they are shared. The key says whose record it is — a
 * person's 测评 by member and union, a union's 会员评家 by union, a 小家's 入会率 by the 小家 (from its union's roster)
 * — so two honours share a read only where they read the same thing. The years re-checked are over, so a figure read
 * earlier in the run is the one a new read would give; the next run (or slice) reads afresh.
 */
interface HolderReads {
  org(orgId: string): Promise<Org | undefined>;
  roleGrants(memberId: string): Promise<RoleGrant[]>;
  chairGrades(memberId: string, unionId: string): Promise<Pick<Facts, 'chairEvaluationGrade'>>;
  unionAppraisals(orgId: string): Promise<UnionAppraisalFacts>;
  membership(orgId: string): Promise<Pick<Facts, 'membershipRate' | 'onlineUnionEnrolmentRate'>>;
  smallHomeMembership(unionId: string, smallHome: Org): Promise<Pick<Facts, 'membershipRate' | 'onlineUnionEnrolmentRate'>>;
  reviewersOf(orgId: string): Promise<string[]>;
}

/** Kept reads past this many are dropped (a run without a budget over a large tree): a holder's honours are adjacent. */
const heldReads = 5_000;

function holderReads(deps: RecheckDeps, year: number): HolderReads {
  const years = [year - 2, year - 1, year];
  const memo = new Map<string, Promise<unknown>>();
  const once = <T>(key: string, read: () => Promise<T>): Promise<T> => {
    const held = memo.get(key) as Promise<T> | undefined;
    if (held) return held;
    if (memo.size >= heldReads) memo.clear();
    const reading = read();
    memo.set(key, reading);
    return reading;
  };
  return {
    org: (orgId) => once(`org#${orgId}`, async () => (await deps.directory.getOrgs([orgId])).get(orgId)),
    roleGrants: (memberId) => once(`grants#${memberId}`, () => deps.directory.roleGrantsOf(memberId)),
    chairGrades: (memberId, unionId) => once(`chair#${memberId}#${unionId}`, () => chairEvaluationFacts(deps.db, deps.table, memberId, unionId)),
    unionAppraisals: (orgId) => once(`appraisals#${orgId}`, () => unionAppraisalFacts(deps.db, deps.table, orgId)),
    membership: (orgId) => once(`membership#${orgId}`, () => membershipFacts(deps.db, deps.table, orgId, years)),
    smallHomeMembership: (unionId, smallHome) => once(`smallHome#${unionId}#${smallHome.orgId}`, () => smallHomeMembershipFacts(deps.db, deps.table, unionId, smallHome, years)),
    reviewersOf: (orgId) => once(`reviewers#${orgId}`, async () => (await dynamoRoleBook(deps.db, deps.table).holdersOf(orgId)).filter((h) => h.role === 'reviewer').map((h) => h.memberId)),
  };
}

/** The figures the records hold for the holder: its union's (or small home's) 入会率 and 会员评家, a chair's 测评. */
async function recordFactsOf(reads: HolderReads, item: Record<string, unknown>, holder: Org): Promise<{ facts: Facts; role?: UnionRole }> {
  const title = item.titleCode as TitleCode;
  if (item.holderKind === 'person') {
    const memberId = String(item.nomineeId);
    const grants = await reads.roleGrants(memberId);
    const offices = grants.filter((g) => g.orgId === holder.orgId).map((g) => g.role);
    const role: UnionRole | undefined = offices.includes('chair') ? 'chair' : offices.includes('viceChair') ? 'viceChair' : 'other';
    const [grades, appraisals] = await Promise.all([reads.chairGrades(memberId, holder.orgId), reads.unionAppraisals(holder.orgId)]);
    return { facts: { nominee: { kind: 'person', role }, ...grades, memberAppraisalDissatisfaction: appraisals.memberAppraisalDissatisfaction }, role };
  }
  const smallHome = title === 'modelSmallHome' && holder.parentId;
  const [membership, appraisals] = await Promise.all([smallHome ? reads.smallHomeMembership(holder.parentId as string, holder) : reads.membership(holder.orgId), reads.unionAppraisals(holder.orgId)]);
  return {
    facts: {
      nominee: { kind: smallHome ? 'subOrg' : 'org', orgKind: holder.kind, ...(holder.ownership ? { ownership: holder.ownership } : {}), isOrganOrInstitution: holder.kind === 'governmentOrgan' || holder.kind === 'institution' },
      ...membership,
      ...appraisals,
    },
  };
}

/** The article that asks for 复查 (第二十二条（四）, 第十九条（四）, 八、（一）4.), for the audit event. */
function recheckBasis(ruleset: Ruleset): { doc: string; article: string } {
  const basis = ruleset.supervision.find((s) => s.description.includes('复查'))?.citation;
  return basis ? { doc: basis.doc, article: `${basis.article}${basis.item ?? ''}` } : { doc: ruleset.citationDoc, article: '复查' };
}

const checksOf = (r: RecheckResult) => r.checks.map((c) => ({ conditionId: c.conditionId, status: c.status, severity: c.severity, explanation: c.explanation, citation: citationText(c.citation), ...(c.reading ? { reading: c.reading } : {}) }));
const flagsOf = (r: RecheckResult) => r.flags.map((f) => ({ groundId: f.groundId, explanation: f.explanation, citation: citationText(f.citation), years: f.years }));

/** 「2026 年入会率 85%，低于 90%（总工办发〔2020〕15号 第七条（二））」 — what failed or was flagged, with the article. */
function reasonsOf(r: RecheckResult): string {
  const flags = r.flags.map((f) => `${f.explanation}（${citationText(f.citation)}）`);
  const failures = r.checks.filter((c) => c.severity === 'hard' && c.status === 'fail').map((c) => `${c.explanation}（${citationText(c.citation)}）`);
  return [...flags, ...failures].join('；');
}

/** The reviewers of the federation right above the holding union (its supervising level), as a sealed appraisal does. */
async function reviewerNotices(reads: HolderReads, holder: Org, about: { certificateNo: string; year: number; title: TitleCode; holderName: string; outcome: RecheckOutcome; reasons: string }): Promise<NoticeDraft[]> {
  const supervising = holder.level === 'grassroots' ? holder.parentId : (await reads.org(holder.parentId ?? ''))?.parentId;
  if (!supervising) return [];
  const reviewers = await reads.reviewersOf(supervising);
  return reviewers.slice(0, 20).map((memberId) => ({
    eventId: `recheck#${about.certificateNo}#${about.year}`,
    recipientId: memberId,
    templateKey: 'honour.recheckFailed',
    params: { holder: about.holderName, title: titleLabels[about.title], year: String(about.year), outcome: recheckOutcomeLabels[about.outcome], reasons: about.reasons.slice(0, 200), certificateNo: about.certificateNo },
  }));
}
