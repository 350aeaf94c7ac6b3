import type { DynamoDBDocumentClient } from '../storage/document-client';
import type { Facts, GradeSeries, RateSeries } from '@shared/rules/facts';
import { evaluationGrade } from '@shared/rules/facts';
import { queryAll } from '../storage/dynamo';

/** The ballot facts of a union, each rate with the turnout it was measured at. */
export type UnionAppraisalFacts = Pick<Facts, 'memberAppraisalSatisfaction' | 'memberAppraisalDissatisfaction' | 'memberAppraisalTurnout' | 'congressYesShare' | 'congressTurnout'>;

/**
 * What sealed ballots left behind, as rules-engine facts: 会员评家满意率 / 不满意率 by year and the latest
 * 大会表决同意票率 of a union, each beside its turnout, and a person's 主席测评等次 by year. Eligibility
 * (evaluateEligibility) and the automatic revocation flags (automaticRevocationFlags) read these instead of
 * declared figures.
 */
export async function unionAppraisalFacts(db: DynamoDBDocumentClient, table: string, orgId: string): Promise<UnionAppraisalFacts> {
  const items = await queryAll(db, {
    TableName: table,
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :r)',
    ExpressionAttributeValues: { ':pk': `ORG#${orgId}`, ':r': 'RECORD#' },
  });
  const satisfaction: RateSeries = {};
  const dissatisfaction: RateSeries = {};
  const turnout: RateSeries = {};
  let congress: { year: number; yesShare: number; turnout?: number } | undefined;
  for (const item of items) {
    const year = Number(item.year);
    const itemTurnout = turnoutOf(item);
    if (item.kind === 'memberAppraisal' && typeof item.satisfaction === 'number' && typeof item.dissatisfaction === 'number') {
      satisfaction[String(year)] = item.satisfaction;
      dissatisfaction[String(year)] = item.dissatisfaction;
      if (itemTurnout !== undefined) turnout[String(year)] = itemTurnout;
    }
    if (item.kind === 'congressBallot' && typeof item.yesShare === 'number' && (!congress || year > congress.year)) {
      congress = { year, yesShare: item.yesShare, ...(itemTurnout !== undefined ? { turnout: itemTurnout } : {}) };
    }
  }
  return {
    ...(Object.keys(satisfaction).length ? { memberAppraisalSatisfaction: satisfaction, memberAppraisalDissatisfaction: dissatisfaction } : {}),
    ...(Object.keys(turnout).length ? { memberAppraisalTurnout: turnout } : {}),
    ...(congress ? { congressYesShare: congress.yesShare } : {}),
    ...(congress?.turnout !== undefined ? { congressTurnout: congress.turnout } : {}),
  };
}

/** Ballots / eligible of a record (stored since issue 14; computed for older records). */
function turnoutOf(item: Record<string, unknown>): number | undefined {
  if (typeof item.turnout === 'number') return item.turnout;
  return typeof item.ballots === 'number' && typeof item.eligible === 'number' && item.eligible > 0 ? item.ballots / item.eligible : undefined;
}

/**
 * A person's 主席测评等次 by year. Records are keyed by the union whose members rated them (only that union's own
 * ballot writes them): pass `unionId` to read the grades given as that union's chair or vice-chair.
 */
export async function chairEvaluationFacts(db: DynamoDBDocumentClient, table: string, memberId: string, unionId?: string): Promise<Pick<Facts, 'chairEvaluationGrade'>> {
  const items = await queryAll(db, {
    TableName: table,
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :r)',
    ExpressionAttributeValues: { ':pk': `MEMBER#${memberId}`, ':r': unionId ? `RECORD#chairEvaluation#${unionId}#` : 'RECORD#chairEvaluation#' },
  });
  const grades: GradeSeries = {};
  for (const item of items) {
    const grade = evaluationGrade.safeParse(item.grade);
    if (grade.success) grades[String(item.year)] = grade.data;
  }
  return Object.keys(grades).length ? { chairEvaluationGrade: grades } : {};
}
