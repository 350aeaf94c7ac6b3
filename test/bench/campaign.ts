// Bench: a recommending unit's list board at scale — 1,000 passed applications read from DynamoDB Local, turned
// into list items, checked by the Rules engine against the quota table and ratios, and exported as the summary
// Excel table; then (issue 14) a list of 100 and of 1,000 going up, and a decision of 100 and of 1,000 nominees with
// their certificate numbers. The same domain functions the API calls (functions/campaign/lists.ts, honours.ts,
// summary-export.ts).
import { holidayExtensions } from '@config/holidays';
import { officialCalendar } from '@shared/calendar';
import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Figure } from './run';
import { createCampaignRequest } from '../../shared/api/campaign';
import { createCampaign, type CampaignDeps } from '../../functions/campaign/campaigns';
import { openFinalPublicity } from '../../functions/campaign/campaign-publicity';
import { decideCampaign, honoursOf } from '../../functions/campaign/honours';
import { closePublicity, type PublicityDeps } from '../../functions/publicity/publicities';
import { listBoard, submitList } from '../../functions/campaign/lists';
import { summaryWorkbook } from '../../functions/campaign/summary-export';
import { createDocumentClient } from '../../functions/storage/dynamo';
import { dynamoDirectory } from '../../functions/storage/dynamo-directory';
import { startDynamoDbLocal } from '../../scripts/local/dynamodb-local';
import { seedWhenEmpty } from '../../scripts/local/seed';
import { ensureTable } from '../../scripts/local/table';
import { putApplications, scaleApplications } from '../support/campaign-scale';

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
    const people = ['outstandingWorker', 'activist', 'friend'] as const;
    await putApplications(db, table, scaleApplications({ campaignId: campaign.campaignId, count: APPLICATIONS, status: 'passed', unitOrgId: 'dist-jiefang', unions, atOrgId: 'dist-jiefang', titles: people }));
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

    // Issue 14: the list going up (claim + chunks of 100 + the recommending window of guangxi-2021, GX 七、（四）),
    // and the decision (chunks of 47, each with the certificate counter) under beijing-2021, whose numbers each campaign
    // notice sets: qinhuangdao-2023 (no final window) awards at most 10 workers a year (第十一条). The final window is
    // opened and closed before the decision is timed.
    // congressYear = year: 积极分子、之友 are confirmed only in the regional congress's change year (GX 七、（一）).
    const publish = (rulesetId: string, titles: readonly string[], year: number) =>
      createCampaign(deps, organiser, 'city-jz', createCampaignRequest.parse({ requestId: randomUUID(), rulesetId, year, congressYear: year, heading: '基准测试评选', titles, recommendingUnits: [{ orgId: 'dist-jiefang', quotaName: '解放区' }], submissionDeadline: '2026-12-31' }));
    const sizes = [100, APPLICATIONS];
    const submits: { n: number; ms: number; sent: number }[] = [];
    for (const n of sizes) {
      const cmp = await publish('guangxi-2021', people, 2026);
      await putApplications(db, table, scaleApplications({ campaignId: cmp.campaignId, count: n, status: 'passed', unitOrgId: 'dist-jiefang', unions, atOrgId: 'dist-jiefang', titles: people }));
      const t = await timed(() => submitList(deps, reviewer, cmp.campaignId, 'dist-jiefang'));
      submits.push({ n, ms: t.ms, sent: t.value.progress.length });
    }
    const decisions: { n: number; ms: number; gapFree: boolean }[] = [];
    for (const [i, n] of sizes.entries()) {
      const cmp = await publish('beijing-2021', ['outstandingWorker'], 2030 + i);
      const apps = scaleApplications({ campaignId: cmp.campaignId, count: n, status: 'recommended', unitOrgId: 'dist-jiefang', unions, atOrgId: 'city-jz', titles: ['outstandingWorker'] });
      await putApplications(db, table, apps);
      const window = (await openFinalPublicity(deps, organiser, cmp.campaignId)).publicity;
      // Closing a window reads and writes the table only: no reporter keys are needed.
      await closePublicity(deps as unknown as PublicityDeps, window?.publicityId ?? '', new Date(Date.parse(window?.endsAt ?? '') + 60_000));
      const t = await timed(() => decideCampaign(deps, organiser, cmp.campaignId, apps.map((a) => a.applicationId), '经市总工会研究决定'));
      const numbers = (await honoursOf(deps, cmp.campaignId)).map((h) => Number(h.certificateNo.split('-').at(-1))).sort((a, b) => a - b);
      decisions.push({ n, ms: t.ms, gapFree: t.value.length === n && numbers.every((no, k) => no === k + 1) });
    }
    raw.destroy();
    db.destroy();
    const median = [...runs].sort((a, b) => a - b)[1] ?? 0;
    return [
      { label: `list board of ${APPLICATIONS} applications: read + build + check (median of 3)`, value: Math.round(median), unit: 'ms' },
      { label: 'list board: breaches found (quota of 解放区 exceeded per title)', value: board.breaches.length, unit: 'breaches' },
      { label: `summary export (基本情况 + 信息汇总表) of ${exportRun.value.rows} rows each`, value: Math.round(exportRun.ms), unit: 'ms' },
      { label: 'summary export size', value: Math.round((Buffer.from(exportRun.value.base64, 'base64').length / 1024) * 10) / 10, unit: 'KB' },
      ...submits.map((s) => ({ label: `list submit of ${s.n} passed (guangxi-2021, window opened)`, value: Math.round(s.ms), unit: 'ms' })),
      ...submits.map((s) => ({ label: `list submit of ${s.n}: applications that went up`, value: s.sent, unit: 'applications' })),
      ...decisions.map((d) => ({ label: `decision of ${d.n} nominees (beijing-2021, after its final window)`, value: Math.round(d.ms), unit: 'ms' })),
      ...decisions.map((d) => ({ label: `decision of ${d.n}: certificate numbers 1..${d.n}, gap-free (1 = yes)`, value: d.gapFree ? 1 : 0, unit: 'flag' })),
    ];
  } finally {
    await dynamodb.stop();
  }
}
