import { GetCommand, PutCommand, QueryCommand, ScanCommand, type DynamoDBDocumentClient } from '../../../functions/storage/document-client';
import { recheckKeys, recheckTree, type RecheckCursor, type RecheckDeps } from '../../../functions/honours/recheck-run';
import { runDueRechecks, scheduleRechecks } from '../../../functions/honours/recheck-schedule';
import { registerAttributes } from '../../../functions/honours/register-items';
import { appraisalKeys } from '../../../functions/appraisal/appraisal-store';
import { dynamoDirectory } from '../../../functions/storage/dynamo-directory';
import { rootIdOf } from '../../../shared/domain/org-tree';
import { systemNow } from '../../support/product-clock';
import { call, callers } from '../roster/roster-support';
import { handler as campaign } from '../../../functions/handlers/campaign';
import { honourDetailResponse, recheckResponse } from '../../../shared/api/register';
import { useSeededTable } from '../campaign/seeded-table';

/**
 * 复查 over the register (issue 17 point 2) against DynamoDB Local: three beijing-2021 模范职工之家 awarded in 2023 —
 * 太行智造's union, whose 会员评家 dissatisfaction passed 50% in 2025 and 2026 (京工发〔2021〕19号 第二十条（九）);
 * 覃怀物流's, whose figures are sound; 丰收's, revoked meanwhile — re-checked for 2026. The flagged one turns 已预警 in
 * the register with the article in its history, 山阳区's reviewer is told once, and two runs at once leave one result
 * per honour.
 */
jest.setTimeout(120_000);

const seeded = useSeededTable('2027-01-15T10:00:00+08:00');
const shanyangReviewer = callers.shanyangReviewer;
const honours = { taihang: 'BEIJING-2021-2023-0001', qinhuai: 'BEIJING-2021-2023-0002', fengshou: 'BEIJING-2021-2023-0003' };
let deps: RecheckDeps;

async function putHonour(certificateNo: string, unionId: string, extra: Record<string, unknown> = {}) {
  const { db, tableName } = seeded();
  const union = (await deps.directory.getOrgs([unionId])).get(unionId)!;
  const city = (await deps.directory.getOrgs(['city-jz'])).get('city-jz')!;
  const at = '2023-12-20T02:00:00.000Z';
  const fields = registerAttributes(
    { holderOrgId: union.orgId, holderOrgName: union.name, holderPath: union.path, holderKind: 'org', awardingOrgId: city.orgId, awardingOrgName: city.name, awardingPath: city.path, campaignName: '2023 年度模范职工之家评选', rulesetId: 'beijing-2021', state: 'current', history: [{ kind: 'granted', state: 'current', at }], source: 'decision' },
    2023,
    certificateNo,
  );
  await db.send(new PutCommand({ TableName: tableName, Item: { pk: `HONOUR#${certificateNo}`, sk: 'HONOUR', entity: 'honour', certificateNo, applicationId: `app-${certificateNo}`, title: '模范职工之家', titleCode: 'modelHome', nomineeName: union.name, nomineeId: union.orgId, year: 2023, awardedAt: at, campaignId: 'c-2023', ...fields, ...extra } }));
}

/** A sealed 会员评家 of `year` as the seal leaves it (functions/appraisal/seal.ts). */
async function sealed(unionId: string, year: number, satisfaction: number, dissatisfaction: number) {
  const { db, tableName } = seeded();
  await db.send(new PutCommand({ TableName: tableName, Item: { ...appraisalKeys.orgRecord(unionId, 'memberAppraisal', year), entity: 'appraisalRecord', kind: 'memberAppraisal', year, satisfaction, dissatisfaction, turnout: 0.9 } }));
}

beforeAll(async () => {
  const { db, tableName } = seeded();
  deps = { db, table: tableName, directory: dynamoDirectory(db, tableName), now: systemNow };
  await putHonour(honours.taihang, 'gu-taihang');
  await putHonour(honours.qinhuai, 'gu-qinhuai');
  await putHonour(honours.fengshou, 'gu-fengshou', { status: 'revoked', state: 'revoked', revokedAt: '2026-03-01T02:00:00.000Z' });
  for (const [year, d] of [[2024, 0.1], [2025, 0.55], [2026, 0.6]] as const) await sealed('gu-taihang', year, 1 - d - 0.05, d);
  for (const year of [2024, 2025, 2026]) await sealed('gu-qinhuai', year, 0.95, 0.02);
});

const rootOf = async () => rootIdOf((await deps.directory.getOrgs(['city-jz'])).get('city-jz')!.path);

describe('the yearly re-check of a tree', () => {
  it('runs twice at once and leaves one result per standing honour, the revoked one untouched', async () => {
    const root = await rootOf();
    const [a, b] = await Promise.all([recheckTree(deps, root, 2026, { rulesetId: 'beijing-2021', by: 'clock' }), recheckTree(deps, root, 2026, { rulesetId: 'beijing-2021', by: 'clock' })]);
    // Each standing honour was judged by exactly one of the two runs; the other found its result there.
    const judged = (t: typeof a) => t.flagged + t.failed + t.incomplete + t.passed + t.notDue;
    expect(judged(a) + judged(b)).toBe(2);
    expect(a.flagged + b.flagged).toBe(1);
    expect(a.alreadyChecked + b.alreadyChecked).toBe(2);
    expect(a.notHeld).toBe(1);
    const { db, tableName } = seeded();
    const results = (await db.send(new ScanCommand({ TableName: tableName, FilterExpression: 'entity = :r', ExpressionAttributeValues: { ':r': 'recheck' } }))).Items ?? [];
    expect(results.map((r) => r.certificateNo).sort()).toEqual([honours.taihang, honours.qinhuai]);
  });

  it('stores the flagged result with its figures and article, and marks the honour 已预警 with the reason in its history', async () => {
    const { db, tableName } = seeded();
    const result = (await db.send(new GetCommand({ TableName: tableName, Key: recheckKeys.result(honours.taihang, 2026) }))).Item!;
    expect(result).toMatchObject({ outcome: 'flagged', year: 2026, rulesetId: 'beijing-2021' });
    expect(result.flags).toEqual([expect.objectContaining({ groundId: 'revoke.home.dissatisfaction', years: [2025, 2026], citation: expect.stringContaining('京工发〔2021〕19号 第二十条（九）') })]);
    const honour = (await db.send(new GetCommand({ TableName: tableName, Key: { pk: `HONOUR#${honours.taihang}`, sk: 'HONOUR' } }))).Item!;
    expect(honour.state).toBe('flagged');
    expect(honour.history.map((e: { kind: string }) => e.kind)).toEqual(['granted', 'flagged']);
    expect(honour.history[1].note).toContain('第二十条（九）');
  });

  it('leaves a sound holder 有效 and a revoked one without a result', async () => {
    const { db, tableName } = seeded();
    const sound = (await db.send(new GetCommand({ TableName: tableName, Key: { pk: `HONOUR#${honours.qinhuai}`, sk: 'HONOUR' } }))).Item!;
    expect(sound.state).toBe('current');
    expect(sound.history).toHaveLength(1);
    const soundResult = (await db.send(new GetCommand({ TableName: tableName, Key: recheckKeys.result(honours.qinhuai, 2026) }))).Item!;
    expect(soundResult.flags).toEqual([]);
    expect(soundResult.checks.map((c: { conditionId: string }) => c.conditionId)).toEqual(['home.membershipRate', 'home.satisfaction']);
    expect((await db.send(new GetCommand({ TableName: tableName, Key: recheckKeys.result(honours.fengshou, 2026) }))).Item).toBeUndefined();
  });

  it('tells 山阳区’s reviewers once, with the holder, the outcome and the article', async () => {
    const { db, tableName } = seeded();
    const notices = ((await db.send(new ScanCommand({ TableName: tableName, FilterExpression: 'entity = :o AND templateKey = :t', ExpressionAttributeValues: { ':o': 'outbox', ':t': 'honour.recheckFailed' } }))).Items ?? []);
    expect(notices.map((n) => n.recipientId)).toEqual([shanyangReviewer]);
    expect(notices[0]!.params).toMatchObject({ title: '模范职工之家', year: '2026', outcome: '触发撤销情形', reasons: expect.stringContaining('第二十条（九）') });
  });

  it('audits each re-check on the honour', async () => {
    const { db, tableName } = seeded();
    const events = await db.send(new QueryCommand({ TableName: tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': `AUDIT#honour#${honours.taihang}` } }));
    const rechecked = (events.Items ?? []).filter((e) => e.action === 'honour.rechecked');
    expect(rechecked.map((e) => e.data)).toEqual([expect.objectContaining({ year: 2026, outcome: 'flagged' })]);
  });
});

describe('the yearly schedule and its slices', () => {
  it('is made by an award: the first re-check is of the first full year after it, due the March after that, moved back by an earlier award', async () => {
    const { db, tableName } = seeded();
    const root = await rootOf();
    await scheduleRechecks(deps, root, 2025);
    await scheduleRechecks(deps, root, 2025); // the same again changes nothing
    const schedule = async () => (await db.send(new GetCommand({ TableName: tableName, Key: { pk: `RECHECK#${root}`, sk: 'SCHEDULE' } }))).Item!;
    expect(await schedule()).toMatchObject({ year: 2026, gsi2pk: 'DUE#honourRecheck', gsi2sk: `2027-03-01T01:00:00.000Z#${root}` });
    await scheduleRechecks(deps, root, 2023); // an earlier one (historic honours imported) moves it back
    expect(await schedule()).toMatchObject({ year: 2024, gsi2pk: 'DUE#honourRecheck', gsi2sk: `2025-03-01T01:00:00.000Z#${root}` });
  });

  it('is driven by the clock year by year up to the last year that is over, and no further', async () => {
    const { db, tableName } = seeded();
    const root = await rootOf();
    const now = systemNow(); // 2027-01-15: 2024 and 2025 are due, 2026 only on 2027-03-01
    const first = await runDueRechecks(deps, now);
    expect(first).toMatchObject({ trees: 1, finished: 1 });
    const second = await runDueRechecks(deps, now);
    expect(second).toMatchObject({ trees: 1, finished: 1 });
    expect(await runDueRechecks(deps, now)).toEqual({ trees: 0, finished: 0 });
    const schedule = (await db.send(new GetCommand({ TableName: tableName, Key: { pk: `RECHECK#${root}`, sk: 'SCHEDULE' } }))).Item!;
    expect(schedule).toMatchObject({ year: 2026, lastRun: { year: 2025 } });
    for (const year of [2024, 2025]) {
      const result = (await db.send(new GetCommand({ TableName: tableName, Key: recheckKeys.result(honours.taihang, year) }))).Item!;
      // One year above 50% is no run of two: nothing flagged for 2024 or 2025.
      expect(result.flags).toEqual([]);
    }
  });

  it('resumes a tree of many honours slice by slice, each honour re-checked once', async () => {
    const extra = Array.from({ length: 60 }, (_, i) => `BEIJING-2021-2023-${String(100 + i).padStart(4, '0')}`);
    for (const no of extra) await putHonour(no, 'gu-qinhuai');
    const root = await rootOf();
    let from: RecheckCursor | undefined;
    let slices = 0;
    let judged = 0;
    do {
      const { next, ...tally } = await recheckTree(deps, root, 2027 - 1, { by: 'clock', budgetMs: 0, ...(from ? { from } : {}) });
      judged += tally.passed + tally.failed + tally.flagged + tally.incomplete + tally.notDue;
      from = next;
      slices += 1;
    } while (from);
    expect(slices).toBeGreaterThanOrEqual(3);
    // The 60 new honours; the three of the first run already had their 2026 result.
    expect(judged).toBe(60);
    const { db, tableName } = seeded();
    const results = (await db.send(new ScanCommand({ TableName: tableName, FilterExpression: 'entity = :r AND #y = :y', ExpressionAttributeNames: { '#y': 'year' }, ExpressionAttributeValues: { ':r': 'recheck', ':y': 2026 } }))).Items ?? [];
    expect(results).toHaveLength(62);
  });
});

describe('复查 on an organiser\'s demand, and the results on the honour', () => {
  const recheck = (as: string, orgId: string, body: Record<string, unknown>) => call(campaign, 'POST /v1/orgs/{orgId}/honours/recheck', { as, params: { orgId }, body });

  it('refuses a year not over, an unknown ruleset and a foreign cursor, naming the field, and changes nothing', async () => {
    const year = await recheck(callers.cityOrganiser, 'city-jz', { year: 2027 });
    expect(year.status).toBe(400);
    expect(JSON.stringify(year.body)).toContain('复查年度（year）2027 年尚未结束');
    expect(JSON.stringify((await recheck(callers.cityOrganiser, 'city-jz', { rulesetId: 'nowhere-2099' })).body)).toContain('rulesetId');
    const foreign = Buffer.from(JSON.stringify({ pk: 'x', sk: 'y', gsi3pk: 'REGISTER#elsewhere', gsi3sk: 'elsewhere/' })).toString('base64url');
    const cursor = await recheck(callers.cityOrganiser, 'city-jz', { cursor: foreign });
    expect(cursor.status).toBe(400);
    expect(JSON.stringify(cursor.body)).toContain('cursor');
  });

  it('is for organisers of the subtree: a reviewer, a chair and an unknown org get the same 403', async () => {
    for (const [as, orgId] of [[shanyangReviewer, 'dist-shanyang'], [callers.taihangChair, 'gu-taihang'], [callers.cityOrganiser, 'no-such-org']] as const) {
      const res = await recheck(as, orgId, {});
      expect({ as, status: res.status, code: res.body.code }).toEqual({ as, status: 403, code: 'SCOPE.FORBIDDEN' });
    }
  });

  it('re-checks the subtree for 2025 (the honours the clock did not judge yet), then shows every year on the honour', async () => {
    let cursor: string | undefined;
    const counts = { flagged: 0, failed: 0, incomplete: 0, passed: 0, notDue: 0, alreadyChecked: 0, notHeld: 0 };
    do {
      const res = await recheck(callers.cityOrganiser, 'city-jz', { year: 2025, ...(cursor ? { cursor } : {}) });
      expect(res.status).toBe(200);
      const body = recheckResponse.parse(res.body);
      expect(body.year).toBe(2025);
      for (const k of Object.keys(counts) as (keyof typeof counts)[]) counts[k] += body.counts[k];
      cursor = body.nextCursor;
    } while (cursor);
    // The clock had judged 2025 for the first three; the sixty added since are judged now; the revoked one is skipped.
    expect(counts.alreadyChecked).toBe(2);
    expect(counts.flagged + counts.failed + counts.incomplete + counts.passed).toBe(60);
    expect(counts.notHeld).toBe(1);
    const detail = await call(campaign, 'GET /v1/honours/{certificateNo}', { as: callers.cityOrganiser, params: { certificateNo: honours.taihang } });
    expect(detail.status).toBe(200);
    const { honour } = honourDetailResponse.parse(detail.body);
    expect(honour.state).toBe('flagged');
    expect(honour.rechecks.map((r) => [r.year, r.outcomeLabel])).toEqual([
      [2026, '触发撤销情形'],
      [2025, expect.any(String)],
      [2024, expect.any(String)],
    ]);
    // The ground first, then the conditions its figures no longer meet (满意率 40% and 35% against 90%), each with its article.
    expect(honour.rechecks[0]!.findings).toEqual([
      { text: '2025 年、2026 年会员评家不满意率分别为 55%、60%，连续 2 年超过 50%', citation: '京工发〔2021〕19号 第二十条（九）' },
      { text: expect.stringContaining('2026 年会员评家满意率 35%，低于 90%'), citation: '京工发〔2021〕19号 第六条（四）' },
    ]);
  });
});

describe('one holder, several honours', () => {
  it('reads the holder’s org, roster, profiles and sealed records once for its two 模范职工之家 and its chair’s title', async () => {
    const { db, tableName } = seeded();
    const chair = 'gu-shiyan-m001';
    await putHonour('BEIJING-2021-2021-0901', 'gu-shiyan', { year: 2021, awardedAt: '2021-12-20T02:00:00.000Z' });
    await putHonour('BEIJING-2021-2023-0902', 'gu-shiyan');
    await putHonour('BEIJING-2021-2023-0903', 'gu-shiyan', { holderKind: 'person', titleCode: 'outstandingWorker', title: '优秀工会工作者', nomineeId: chair, nomineeName: '实验学校主席' });
    const sent: Record<string, unknown>[] = [];
    const counting = Object.create(db) as DynamoDBDocumentClient;
    counting.send = ((command: { input: Record<string, unknown> }) => {
      sent.push(command.input);
      return db.send(command as never);
    }) as typeof db.send;
    const shiyan = (await deps.directory.getOrgs(['gu-shiyan'])).get('gu-shiyan')!;

    const tally = await recheckTree({ ...deps, db: counting, directory: dynamoDirectory(counting, tableName) }, await rootOf(), 2026, { by: 'clock', below: shiyan.path });

    expect(tally.passed + tally.failed + tally.incomplete + tally.flagged).toBe(3);
    const values = (input: Record<string, unknown>) => Object.values((input.ExpressionAttributeValues ?? {}) as Record<string, unknown>);
    const reads = (...wanted: string[]) => sent.filter((input) => wanted.every((v) => values(input).includes(v))).length;
    const orgReads = sent.filter((input) => JSON.stringify(input.RequestItems ?? {}).includes('"ORG#gu-shiyan"')).length;
    expect({ org: orgReads, sealed: reads('ORG#gu-shiyan', 'RECORD#'), roster: reads('ORG#gu-shiyan', 'MEMBER#'), profiles: reads('ORG#gu-shiyan', 'PROFILE#'), chairGrades: reads(`MEMBER#${chair}`, 'RECORD#chairEvaluation#gu-shiyan#') }).toEqual({
      org: 1,
      sealed: 1,
      roster: 1,
      profiles: 1,
      chairGrades: 1,
    });
  });
});
