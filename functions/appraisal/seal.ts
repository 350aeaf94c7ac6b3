import { QueryCommand } from '../storage/document-client';
import { candidateSubject, dimensionSubject, optionsOf, overallSubject } from '@shared/appraisal/ballot-kinds';
import { isBaseRule, judgeRates, passRulesOf, type RuleOutcome } from '@shared/appraisal/pass-rules';
import { gradeOfPerson, questionRates, turnoutOf, type OptionCounts } from '@shared/appraisal/tally';
import type { QuestionResult } from '@shared/api/appraisal';
import { evaluationGradeLabels } from '@shared/rules/facts';
import type { Ruleset } from '@shared/rules/ruleset-schema';
import { citationText } from '@shared/rules/citation';
import { formatRate } from '@shared/rules/compare';
import { ChangeRefused, commitWithNotices, type TransactItem } from '../notify/outbox';
import type { NoticeDraft } from '../notify/notice';
import { dynamoRoleBook } from '../orgs/dynamo-org-store';
import { appraisalKeys, dueSeals, getAppraisal, leavesRecord, type StoredResult } from './appraisal-store';
import { dueKeysOf } from '../storage/due-keys';
import type { AppraisalRecord } from './appraisal-record';
import type { AppraisalDeps } from './appraisals';
import { sealBox, type BoxTotals } from './ballot-box';
import { counterAttribute } from './ballot-box-keys';

/**
 * DESIGN.md invariants 3 and 5: at its closing time the clock seals a ballot — the box's shards are sealed and
 * summed, the result is stored with the ruleset's judgement, the yearly record is left on the org (会员评家,
 * 大会表决) or on each rated person (主席测评) by an official ballot only (leavesRecord: not annulled, voted by all
 * the members), and reviewers of the supervising federation are told when such a result breaks a threshold. Safe to
 * run twice at once: the shards stop changing when sealed, the result is written once.
 */
export async function sealAppraisal(deps: AppraisalDeps, appraisalId: string): Promise<'sealed' | 'alreadySealed' | 'notDue'> {
  for (let attempt = 1; ; attempt += 1) {
    const record = await getAppraisal(deps.db, deps.table, appraisalId, true);
    if (!record || record.stage === 'preparing') return 'notDue';
    if (record.stage === 'sealed') return 'alreadySealed';
    const now = deps.now();
    if (now.getTime() < Date.parse(record.closesAt)) return 'notDue';
    try {
      await commitSeal(deps, record, now);
      return 'sealed';
    } catch (error) {
      if (!(error instanceof ChangeRefused)) throw error;
      // Sealed by a concurrent run, or annulled since it was read (then it is sealed again, leaving no record).
      if (attempt >= 3) return 'alreadySealed';
    }
  }
}

async function commitSeal(deps: AppraisalDeps, record: AppraisalRecord, now: Date): Promise<void> {
  const { appraisalId } = record;
  const totals = await sealBox(deps.box, appraisalId);
  // The rulesets load with the first seal, not with the bundle (cold start budget, issue 18).
  const result = resultOf(record, totals, now, (await import('@config/rulesets')).getRuleset(record.rulesetId));
  const official = leavesRecord(record);
  const writes: TransactItem[] = [
    { Put: { TableName: deps.table, Item: { ...appraisalKeys.result(appraisalId), entity: 'appraisalResult', appraisalId, result }, ConditionExpression: 'attribute_not_exists(pk)' } },
    {
      Update: {
        TableName: deps.table,
        Key: appraisalKeys.appraisal(appraisalId),
        UpdateExpression: 'SET stage = :sealed REMOVE gsi2pk, gsi2sk',
        // A ballot read as official must still be when its records are written (an annulment may come between).
        ConditionExpression: official ? 'stage = :ready AND attribute_not_exists(annulment)' : 'stage = :ready',
        ExpressionAttributeValues: { ':sealed': 'sealed', ':ready': 'ready' },
      },
    },
    ...(official ? recordWrites(deps.table, record, result) : []),
  ];
  // Reviewers hear of thresholds every union must meet (90 %, 50 %, 85 %), not of a missed red-flag bar.
  const failed = result.outcomes.filter((o) => !o.passed && o.base);
  const notices = official && failed.length > 0 && record.kind !== 'chairEvaluation' ? await thresholdNotices(deps, record, failed.map((o) => o.explanation).join('；')) : [];
  await commitWithNotices(
    deps.db,
    deps.table,
    {
      writes,
      notices,
      audit: [
        {
          subjectType: 'appraisal',
          subjectId: appraisalId,
          scopePath: record.orgPath,
          action: 'ballot.sealed',
          actor: { memberId: 'system', role: 'system' },
          data: { ballots: result.ballots, eligible: result.eligible, overall: result.overall?.counts ?? null, outcomes: result.outcomes.map((o) => o.explanation), official },
        },
      ],
    },
    now,
  );
}

/** Ballots sealed at once by one clock run: each seal touches only its own ballot's items and audit chain. */
const sealers = 8;

/**
 * The clock task: every ready ballot whose closing time has passed, oldest first within each of its due keys, eight
 * at a time (one after another, a country's ballots closing in the same minute took ~50 ms each).
 */
export async function sealDueAppraisals(deps: AppraisalDeps, now: Date): Promise<number> {
  let sealed = 0;
  for (const due of dueKeysOf(dueSeals)) {
    let start: Record<string, unknown> | undefined;
    do {
      const out = await deps.db.send(
        new QueryCommand({
          TableName: deps.table,
          IndexName: 'byDueTime',
          KeyConditionExpression: 'gsi2pk = :due AND gsi2sk <= :now',
          ExpressionAttributeValues: { ':due': due, ':now': `${now.toISOString()}#~` },
          ExclusiveStartKey: start,
        }),
      );
      const ids = (out.Items ?? []).map((item) => String(item.appraisalId));
      let next = 0;
      const sealer = async (): Promise<void> => {
        for (let i = next++; i < ids.length; i = next++) {
          if ((await sealAppraisal(deps, ids[i] as string)) === 'sealed') sealed += 1;
        }
      };
      await Promise.all(Array.from({ length: Math.min(sealers, ids.length) }, sealer));
      start = out.LastEvaluatedKey;
    } while (start);
  }
  return sealed;
}

function countsOf(totals: BoxTotals, kind: AppraisalRecord['kind'], subject: string): OptionCounts {
  const counts: Record<string, number> = {};
  for (const option of optionsOf(kind)) counts[option] = totals[counterAttribute(subject, option)] ?? 0;
  return counts;
}

function question(kind: AppraisalRecord['kind'], totals: BoxTotals, subject: string, label: string): QuestionResult {
  const rates = questionRates(kind, countsOf(totals, kind, subject));
  return { subject, label, ...rates };
}

export function resultOf(record: AppraisalRecord, totals: BoxTotals, sealedAt: Date, ruleset: Ruleset | undefined): StoredResult {
  const ballots = totals.n ?? 0;
  let overall: QuestionResult | null = null;
  let breakdown: QuestionResult[] = [];
  let outcomes: RuleOutcome[] = [];
  const chairRule = ruleset?.conditions.find((c) => c.kind === 'yearlyGrade' && c.fact === 'chairEvaluationGrade');
  if (record.kind === 'chairEvaluation') {
    breakdown = record.candidates.map((c) => {
      const q = question(record.kind, totals, candidateSubject(c.memberId), `${c.role === 'chair' ? '主席' : '副主席'} ${c.name}`);
      const grade = gradeOfPerson(q.counts);
      return grade ? { ...q, grade } : q;
    });
    outcomes = breakdown.flatMap((q) =>
      q.grade
        ? [
            {
              rule: { rate: 'satisfaction', comparison: 'gte', threshold: 0, citation: chairRule?.citation ?? { doc: ruleset?.citationDoc ?? '', article: '' }, description: chairRule?.description ?? '主席测评等次', titles: ['outstandingWorker'] },
              passed: q.grade !== 'dissatisfied',
              explanation: `${q.label}测评等次为${evaluationGradeLabels[q.grade as keyof typeof evaluationGradeLabels]}（得票最多的等次）`,
            } satisfies RuleOutcome,
          ]
        : [],
    );
  } else {
    overall = question(record.kind, totals, overallSubject, record.kind === 'congressBallot' ? '是否同意申报' : '对本工会的整体评价');
    breakdown = record.dimensions.map((label, i) => question(record.kind, totals, dimensionSubject(i), label));
    outcomes = ruleset ? judgeRates(passRulesOf(ruleset, record.kind), overall) : [];
  }
  const turnout = turnoutOf(ballots, record.eligible);
  // Where the regulation sets a least turnout, a ballot below it is judged on that first (its rates do not count).
  const minTurnout = record.kind !== 'chairEvaluation' && ruleset?.minTurnout && turnout !== undefined ? ruleset.minTurnout : undefined;
  const turnoutOutcome = minTurnout
    ? [
        {
          passed: (turnout ?? 0) >= minTurnout.threshold,
          explanation: `投票率 ${formatRate(turnout ?? 0)} ${(turnout ?? 0) >= minTurnout.threshold ? '不低于' : '低于'} ${formatRate(minTurnout.threshold)}（${citationText(minTurnout.citation)}）`,
          description: minTurnout.description,
          base: true,
        },
      ]
    : [];
  return {
    sealedAt: sealedAt.toISOString(),
    ballots,
    eligible: record.eligible,
    turnout: turnout ?? null,
    overall,
    breakdown,
    outcomes: [...turnoutOutcome, ...outcomes.map((o) => ({ passed: o.passed, explanation: o.explanation, description: o.rule.description, base: isBaseRule(o.rule) }))],
    suggestionCount: totals.suggestions ?? 0,
  };
}

/**
 * The yearly records that eligibility and revocation read (appraisal-facts.ts), each with the turnout beside its
 * rate. Only the ballot holding its org's official slot for the year gets here (leavesRecord); a second ballot of
 * the same year can exist only after an annulment removed the first one's records.
 */
function recordWrites(table: string, record: AppraisalRecord, result: StoredResult): TransactItem[] {
  const base = { appraisalId: record.appraisalId, year: record.year, ballots: result.ballots, eligible: result.eligible, turnout: result.turnout, sealedAt: result.sealedAt };
  if (record.kind === 'chairEvaluation') {
    return result.breakdown.flatMap((q) => {
      const memberId = q.subject.slice('c:'.length);
      return q.grade ? [{ Put: { TableName: table, Item: { ...appraisalKeys.chairRecord(memberId, record.unionId, record.year), entity: 'appraisalRecord', kind: 'chairEvaluation', memberId, orgId: record.unionId, grade: q.grade, ...base } } }] : [];
    });
  }
  // A sub-union's appraisal (by all its members) is recorded on the sub-union, for its 模范职工小家 application.
  const rates = result.overall;
  if (!rates || rates.valid === 0) return [];
  return [
    {
      Put: {
        TableName: table,
        Item: {
          ...appraisalKeys.orgRecord(record.orgId, record.kind, record.year),
          entity: 'appraisalRecord',
          kind: record.kind,
          orgId: record.orgId,
          ...(rates.satisfaction !== undefined ? { satisfaction: rates.satisfaction, dissatisfaction: rates.dissatisfaction } : {}),
          ...(rates.yesShare !== undefined ? { yesShare: rates.yesShare } : {}),
          ...base,
        },
      },
    },
  ];
}

/** The reviewers of the federation right above the union (its supervising level). */
async function thresholdNotices(deps: AppraisalDeps, record: AppraisalRecord, explanation: string): Promise<NoticeDraft[]> {
  const union = (await deps.directory.getOrgs([record.unionId])).get(record.unionId);
  if (!union?.parentId) return [];
  const reviewers = (await dynamoRoleBook(deps.db, deps.table).holdersOf(union.parentId)).filter((h) => h.role === 'reviewer');
  return reviewers.slice(0, 20).map((r) => ({
    eventId: `appraisal#${record.appraisalId}#thresholdBroken`,
    recipientId: r.memberId,
    templateKey: 'appraisal.thresholdBroken',
    params: { org: record.orgName, title: record.title, explanation, appraisalId: record.appraisalId },
  }));
}
