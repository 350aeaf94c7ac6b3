import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Facts, GradeSeries, RateSeries } from '@shared/rules/facts';
import { evaluationGrade } from '@shared/rules/facts';
import { queryAll } from '../storage/dynamo';

/**
 * What sealed ballots left behind, as rules-engine facts: 会员评家满意率 / 不满意率 by year and the latest
 * 大会表决同意票率 of a union, and a person's 主席测评等次 by year. Eligibility (evaluateEligibility) and the
 * automatic revocation flags (automaticRevocationFlags) read these instead of declared figures.
 */
export async function unionAppraisalFacts(db: DynamoDBDocumentClient, table: string, orgId: string): Promise<Pick<Facts, 'memberAppraisalSatisfaction' | 'memberAppraisalDissatisfaction' | 'congressYesShare'>> {
  const items = await queryAll(db, {
    TableName: table,
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :r)',
    ExpressionAttributeValues: { ':pk': `ORG#${orgId}`, ':r': 'RECORD#' },
  });
  const satisfaction: RateSeries = {};
  const dissatisfaction: RateSeries = {};
  let congress: { year: number; yesShare: number } | undefined;
  for (const item of items) {
    const year = Number(item.year);
    if (item.kind === 'memberAppraisal' && typeof item.satisfaction === 'number' && typeof item.dissatisfaction === 'number') {
      satisfaction[String(year)] = item.satisfaction;
      dissatisfaction[String(year)] = item.dissatisfaction;
    }
    if (item.kind === 'congressBallot' && typeof item.yesShare === 'number' && (!congress || year > congress.year)) congress = { year, yesShare: item.yesShare };
  }
  return {
    ...(Object.keys(satisfaction).length ? { memberAppraisalSatisfaction: satisfaction, memberAppraisalDissatisfaction: dissatisfaction } : {}),
    ...(congress ? { congressYesShare: congress.yesShare } : {}),
  };
}

export async function chairEvaluationFacts(db: DynamoDBDocumentClient, table: string, memberId: string): Promise<Pick<Facts, 'chairEvaluationGrade'>> {
  const items = await queryAll(db, {
    TableName: table,
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :r)',
    ExpressionAttributeValues: { ':pk': `MEMBER#${memberId}`, ':r': 'RECORD#chairEvaluation#' },
  });
  const grades: GradeSeries = {};
  for (const item of items) {
    const grade = evaluationGrade.safeParse(item.grade);
    if (grade.success) grades[String(item.year)] = grade.data;
  }
  return Object.keys(grades).length ? { chairEvaluationGrade: grades } : {};
}
