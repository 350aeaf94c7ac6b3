// Bench: a recommending unit's list board at scale — 1,000 passed applications read from DynamoDB Local, turned
// into list items, checked by the Rules engine against the quota table and ratios, and exported as the summary
// Excel table. The same domain functions the API calls (functions/campaign/lists.ts, summary-export.ts).
import { holidayExtensions } from '@config/holidays';
import { officialCalendar } from '@shared/calendar';
import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { Figure } from './run';
import { createCampaignRequest } from '../../shared/api/campaign';
import { campaignKeys, type ApplicationRecord } from '../../functions/campaign/campaign-items';
import { createCampaign, type CampaignDeps } from '../../functions/campaign/campaigns';
import { listBoard } from '../../functions/campaign/lists';
import { summaryWorkbook } from '../../functions/campaign/summary-export';
import { createDocumentClient } from '../../functions/storage/dynamo';
import { dynamoDirectory } from '../../functions/storage/dynamo-directory';
import { startDynamoDbLocal } from '../../scripts/local/dynamodb-local';
import { seedWhenEmpty } from '../../scripts/local/seed';
import { ensureTable } from '../../scripts/local/table';

const APPLICATIONS = 1000;
const port = Number(process.env.BENCH_CAMPAIGN_DYNAMODB_PORT ?? 8450);

export async function benchCampaign(): Promise<Figure[]> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  const dynamodb = await startDynamoDbLocal({ port, quiet: true });
  try {
    const table = `bench-campaign-${randomUUID()}`;
    const raw = new DynamoDBClient({ endpoint: dynamodb.endpoint, region: 'cn-north-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    await ensureTable(raw, table);
    const db = createDocumentClient(dynamodb.endpoint);
    await seedWhenEmpty(db, table);
    const deps: CampaignDeps = { db, table, directory: dynamoDirectory(db, table), calendar: officialCalendar(holidayExtensions), now: () => new Date('2026-11-23T09:00:00+08:00') };
    const organiser = { memberId: 'staff-city-1', openid: 'o-organiser' };
    const reviewer = { memberId: 'staff-dist-jiefang', openid: 'o-reviewer' };
    const campaign = await createCampaign(deps, organiser, 'city-jz', createCampaignRequest.parse({
      requestId: randomUUID(),
      rulesetId: 'jiaozuo-2018',
      year: 2026,
      heading: '基准测试评选',
      titles: ['modelHome', 'modelSmallHome', 'outstandingWorker', 'activist', 'friend'],
      recommendingUnits: [{ orgId: 'dist-jiefang', quotaName: '解放区' }],
      submissionDeadline: '2026-12-31',
    }));
    const unions = ['gu-yuntai', 'gu-renmin', 'gu-fengshou'];
    const titles = ['outstandingWorker', 'activist', 'friend'] as const;
    const apps: ApplicationRecord[] = Array.from({ length: APPLICATIONS }, (_, i) => {
      const union = unions[i % unions.length] as string;
      return {
        applicationId: `app-${String(i).padStart(16, '0')}`,
        campaignId: campaign.campaignId,
        title: titles[i % titles.length] as ApplicationRecord['title'],
        nominee: { kind: 'person', id: `${union}-m${String((i % 40) + 1).padStart(3, '0')}`, name: `会员${i}` },
        applyingUnitId: union,
        applyingUnitPath: `/city-jz/dist-jiefang/${union}`,
        recommendingUnitId: 'dist-jiefang',
        status: 'passed',
        version: 3,
        atOrgId: 'dist-jiefang',
        declared: { nominee: { gender: i % 2 ? 'female' : 'male', isFrontLine: i % 3 !== 0 } },
        narrative: '长期从事工会工作，'.repeat(40),
        summary: '热心为职工服务。'.repeat(10),
        consultation: '',
        history: [{ at: '2026-11-20T00:00:00.000Z', by: 'staff-dist-jiefang', action: '审核通过', comment: '' }],
        filedBy: `${union}-m001`,
      };
    });
    for (let i = 0; i < apps.length; i += 25) {
      const batch = apps.slice(i, i + 25).map((a) => ({
        PutRequest: { Item: { ...campaignKeys.application(a.applicationId), entity: 'application', ...a, gsi1pk: campaignKeys.queue('dist-jiefang'), gsi1sk: `passed#${a.campaignId}#${a.applicationId}` } },
      }));
      let pending = batch;
      while (pending.length > 0) {
        const out = await db.send(new BatchWriteCommand({ RequestItems: { [table]: pending } }));
        pending = (out.UnprocessedItems?.[table] ?? []) as typeof pending;
      }
    }
    const timed = async <T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> => {
      const started = process.hrtime.bigint();
      const value = await work();
      return { ms: Number(process.hrtime.bigint() - started) / 1e6, value };
    };
    await listBoard(deps, reviewer, campaign.campaignId, 'dist-jiefang'); // warm-up
    const runs = [] as number[];
    let board = await listBoard(deps, reviewer, campaign.campaignId, 'dist-jiefang');
    for (let r = 0; r < 3; r += 1) {
      const t = await timed(() => listBoard(deps, reviewer, campaign.campaignId, 'dist-jiefang'));
      runs.push(t.ms);
      board = t.value;
    }
    const exportRun = await timed(() => summaryWorkbook(deps, organiser, campaign.campaignId, 'dist-jiefang'));
    raw.destroy();
    db.destroy();
    const median = [...runs].sort((a, b) => a - b)[1] ?? 0;
    return [
      { label: `list board of ${APPLICATIONS} applications: read + build + check (median of 3)`, value: Math.round(median), unit: 'ms' },
      { label: 'list board: breaches found (quota of 解放区 exceeded per title)', value: board.breaches.length, unit: 'breaches' },
      { label: `summary export (基本情况 + 信息汇总表) of ${exportRun.value.rows} rows each`, value: Math.round(exportRun.ms), unit: 'ms' },
      { label: 'summary export size', value: Math.round((Buffer.from(exportRun.value.base64, 'base64').length / 1024) * 10) / 10, unit: 'KB' },
    ];
  } finally {
    await dynamodb.stop();
  }
}
