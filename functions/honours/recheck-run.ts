import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { getRuleset } from '@config/rulesets';
import { formatShanghaiDate } from '@shared/calendar/shanghai-date';
import type { Org } from '@shared/domain/org';
import { citationText } from '@shared/rules/citation';
import type { Facts, UnionRole } from '@shared/rules/facts';
import type { Ruleset } from '@shared/rules/ruleset-schema';
import { recheckHonour, recheckOutcomeLabels, type RecheckOutcome, type RecheckResult } from '@shared/rules/recheck';
import { titleLabels, type TitleCode } from '@shared/rules/titles';
import { unionAppraisalFacts, chairEvaluationFacts } from '../appraisal/appraisal-facts';
import type { Directory } from '../directory/directory';
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
      const outcome = await recheckOne(deps, item, year, options.by);
      tally[outcome] += 1;
    }
    start = out.LastEvaluatedKey;
    if (start && options.budgetMs !== undefined && Date.now() - started >= options.budgetMs) return { ...tally, next: start };
  } while (start);
  return tally;
}

async function recheckOne(deps: RecheckDeps, item: Record<string, unknown>, year: number, by: string): Promise<RecheckOutcome | 'alreadyChecked' | 'notHeld'> {
  const ruleset = getRuleset(String(item.rulesetId ?? ''));
  if (!ruleset) return 'notHeld';
  const certificateNo = String(item.certificateNo);
  const title = item.titleCode as TitleCode;
  const awardedYear = Number(formatShanghaiDate(new Date(String(item.awardedAt))).slice(0, 4));
  const holder = (await deps.directory.getOrgs([String(item.holderOrgId)])).get(String(item.holderOrgId));
  if (!holder) return 'notHeld';
  const { facts, role } = await recordFactsOf(deps, item, holder, year);
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
  const notices = failedOrFlagged ? await reviewerNotices(deps, holder, { certificateNo, year, title, holderName: String(item.nomineeName), outcome: result.outcome, reasons: reasonsOf(result) }) : [];
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

/** The figures the records hold for the holder: its union's (or small home's) 入会率 and 会员评家, a chair's 测评. */
async function recordFactsOf(deps: RecheckDeps, item: Record<string, unknown>, holder: Org, year: number): Promise<{ facts: Facts; role?: UnionRole }> {
  const years = [year - 2, year - 1, year];
  const title = item.titleCode as TitleCode;
  if (item.holderKind === 'person') {
    const memberId = String(item.nomineeId);
    const grants = await deps.directory.roleGrantsOf(memberId);
    const offices = grants.filter((g) => g.orgId === holder.orgId).map((g) => g.role);
    const role: UnionRole | undefined = offices.includes('chair') ? 'chair' : offices.includes('viceChair') ? 'viceChair' : 'other';
    const [grades, appraisals] = await Promise.all([chairEvaluationFacts(deps.db, deps.table, memberId, holder.orgId), unionAppraisalFacts(deps.db, deps.table, holder.orgId)]);
    return { facts: { nominee: { kind: 'person', role }, ...grades, memberAppraisalDissatisfaction: appraisals.memberAppraisalDissatisfaction }, role };
  }
  const smallHome = title === 'modelSmallHome' && holder.parentId;
  const [membership, appraisals] = await Promise.all([
    smallHome ? smallHomeMembershipFacts(deps.db, deps.table, holder.parentId as string, holder, years) : membershipFacts(deps.db, deps.table, holder.orgId, years),
    unionAppraisalFacts(deps.db, deps.table, holder.orgId),
  ]);
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
async function reviewerNotices(deps: RecheckDeps, holder: Org, about: { certificateNo: string; year: number; title: TitleCode; holderName: string; outcome: RecheckOutcome; reasons: string }): Promise<NoticeDraft[]> {
  const supervising = holder.level === 'grassroots' ? holder.parentId : (await deps.directory.getOrgs([holder.parentId ?? ''])).get(holder.parentId ?? '')?.parentId;
  if (!supervising) return [];
  const reviewers = (await dynamoRoleBook(deps.db, deps.table).holdersOf(supervising)).filter((h) => h.role === 'reviewer');
  return reviewers.slice(0, 20).map((r) => ({
    eventId: `recheck#${about.certificateNo}#${about.year}`,
    recipientId: r.memberId,
    templateKey: 'honour.recheckFailed',
    params: { holder: about.holderName, title: titleLabels[about.title], year: String(about.year), outcome: recheckOutcomeLabels[about.outcome], reasons: about.reasons.slice(0, 200), certificateNo: about.certificateNo },
  }));
}
