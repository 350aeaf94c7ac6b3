import { createHash } from 'node:crypto';
import { BatchWriteCommand, type DynamoDBDocumentClient } from '../../functions/storage/document-client';
import { campaignKeys, type ApplicationRecord } from '../../functions/campaign/campaign-items';
import type { TitleCode } from '../../shared/rules/titles';

/**
 * Applications at scale for tests and the bench: written straight into the table as the reviewers would have left
 * them (passed at a district, or recommended up to the organiser), so a list of 1,000 or a decision of 500 can be
 * set up in seconds rather than by 1,000 chairs filing through the API. The items have the shape
 * functions/campaign/applications.ts writes (queue and filed-by indexes included).
 */
export interface ScaleSpec {
  campaignId: string;
  count: number;
  status: 'passed' | 'recommended';
  /** The recommending unit (a district of the seed) and its unions. */
  unitOrgId: string;
  unions: readonly string[];
  /** Where the applications wait: the district while passed, the organiser's federation once recommended. */
  atOrgId: string;
  titles: readonly TitleCode[];
  /** Applications of one campaign are told apart by this (a second batch of the same campaign). */
  batch?: string;
}

/** app-<16 hex>, as the API's path pattern wants, distinct per campaign, batch and index. */
export const scaleApplicationId = (campaignId: string, batch: string, i: number): string => `app-${createHash('sha256').update(`${campaignId}#${batch}#${i}`).digest('hex').slice(0, 16)}`;

export function scaleApplications(spec: ScaleSpec): ApplicationRecord[] {
  return Array.from({ length: spec.count }, (_, i) => {
    const union = spec.unions[i % spec.unions.length] as string;
    return {
      applicationId: scaleApplicationId(spec.campaignId, spec.batch ?? '', i),
      campaignId: spec.campaignId,
      title: spec.titles[i % spec.titles.length] as TitleCode,
      nominee: { kind: 'person', id: `${union}-m${String((i % 40) + 1).padStart(3, '0')}`, name: `会员${spec.batch ?? ''}${i}` },
      applyingUnitId: union,
      applyingUnitPath: `/city-jz/${spec.unitOrgId}/${union}`,
      recommendingUnitId: spec.unitOrgId,
      status: spec.status,
      version: 3,
      atOrgId: spec.atOrgId,
      declared: { nominee: { gender: i % 2 ? 'female' : 'male', isFrontLine: i % 3 !== 0 } },
      narrative: '长期从事工会工作，'.repeat(40),
      summary: '热心为职工服务。'.repeat(10),
      consultation: '',
      history: [{ at: '2026-11-20T00:00:00.000Z', by: `staff-${spec.unitOrgId}`, action: '审核通过', comment: '' }],
      filedBy: `${union}-m001`,
    };
  });
}

export async function putApplications(db: DynamoDBDocumentClient, table: string, apps: readonly ApplicationRecord[]): Promise<void> {
  const items = apps.map((a) => ({
    ...campaignKeys.application(a.applicationId),
    entity: 'application',
    ...a,
    gsi1pk: campaignKeys.queue(a.atOrgId),
    gsi1sk: `${a.status}#${a.campaignId}#${a.applicationId}`,
    gsi3pk: campaignKeys.filedBy(a.applyingUnitId),
    gsi3sk: `${a.campaignId}#${a.applicationId}`,
  }));
  const batches: Promise<void>[] = [];
  for (let i = 0; i < items.length; i += 25) {
    batches.push(
      (async () => {
        let pending = items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } }));
        while (pending.length > 0) {
          const out = await db.send(new BatchWriteCommand({ RequestItems: { [table]: pending } }));
          pending = (out.UnprocessedItems?.[table] ?? []) as typeof pending;
        }
      })(),
    );
    if (batches.length >= 8) await Promise.all(batches.splice(0));
  }
  await Promise.all(batches);
}
