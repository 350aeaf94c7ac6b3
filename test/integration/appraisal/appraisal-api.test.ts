import { GetCommand, QueryCommand, ScanCommand, UpdateCommand, type ScanCommandInput, type ScanCommandOutput } from '../../../functions/storage/document-client';
import { appraisalKeys } from '../../../functions/appraisal/appraisal-store';
import { dueKey } from '../../../functions/storage/due-keys';
import { handler as appraisal } from '../../../functions/handlers/appraisal';
import { handler as vote } from '../../../functions/handlers/vote';
import { castBallot, openAppraisal } from '../../../functions/appraisal/appraisals';
import { sealAppraisal, sealDueAppraisals } from '../../../functions/appraisal/seal';
import { unionAppraisalFacts, chairEvaluationFacts } from '../../../functions/appraisal/appraisal-facts';
import { systemNow } from '../../../functions/time/clock';
import { getRuleset } from '../../../config/rulesets';
import { evaluateEligibility } from '../../../shared/rules/eligibility';
import { automaticRevocationFlags } from '../../../shared/rules/revocation';
import { appraisalResultResponse, appraisalView, castResponse, myAppraisalsResponse, receiptCheckResponse, receiptPattern, suggestionsResponse, turnoutResponse, type CastRequest } from '../../../shared/api/appraisal';
import { fitTemplateValue } from '../../../shared/notify/template-values';
import { formatShanghaiDate } from '../../../shared/calendar/shanghai-date';
import { createTestTable, type TestTable } from '../../support/dynamo';
import { recordSubscriptionResults } from '../../../functions/notify/subscriptions';
import { call, callers } from '../roster/roster-support';
import { annulEarlierBallots, appraisalDeps, appraisalRequest, useAppraisalTables, yuntaiMembers } from './appraisal-support';

jest.setTimeout(120_000);

let table: TestTable;
const clock = { now: systemNow() };
const deps = () => appraisalDeps(table, clock);
const session = (memberId: string) => ({ memberId, openid: `o-${memberId}` });
const allSatisfied: CastRequest = { overall: 'satisfied', dimensions: ['satisfied', 'satisfied', 'satisfied', 'satisfied', 'satisfied'] };

beforeAll(async () => {
  table = await createTestTable({ seed: true });
  useAppraisalTables(table);
});
afterAll(async () => table.drop());
// One official ballot per org, kind and year: each test's own ballot replaces the earlier tests' ones by annulment.
beforeEach(async () => {
  clock.now = systemNow();
  await annulEarlierBallots(deps(), 'gu-yuntai');
});
/** Every item a scan finds, page after page (a page stops at 1 MB before the filter: one page may miss items). */
async function scanAll(input: ScanCommandInput): Promise<NonNullable<ScanCommandOutput['Items']>> {
  const items: NonNullable<ScanCommandOutput['Items']> = [];
  let start: Record<string, unknown> | undefined;
  do {
    const out = await table.db.send(new ScanCommand({ ...input, ExclusiveStartKey: start }));
    items.push(...(out.Items ?? []));
    start = out.LastEvaluatedKey;
  } while (start);
  return items;
}
/** The year of a ballot opened now: the year (Beijing time) it opens in. */
const thisYear = (): number => Number(formatShanghaiDate(systemNow()).slice(0, 4));

describe('opening a ballot', () => {
  it('lets the chair open a 会员评家 for the union: the active roster becomes the electorate and every voter is notified', async () => {
    const request = appraisalRequest();
    // One voter granted the opening notice's subscribe message (wx.requestSubscribeMessage → accept).
    const subscriber = 'gu-yuntai-m005';
    await recordSubscriptionResults(table.db, table.tableName, subscriber, 'local', { 'local-appraisal-opened': 'accept' });
    const opened = await call(appraisal, 'POST /v1/orgs/{orgId}/appraisals', { as: callers.yuntaiChair, params: { orgId: 'gu-yuntai' }, body: request });
    expect(opened.status).toBe(201);
    const view = appraisalView.parse(opened.body.appraisal);
    expect(view).toMatchObject({ eligible: 120, status: 'open', dimensions: ['民主管理', '维权服务', '职工关爱', '素质提升', '阵地建设'] });
    // A ballot this small is prepared and its voters told within the request that opens it.
    expect(view.opening).toEqual({ phase: 'done', prepared: 120, total: 120, notices: { inbox: 120, wechatQueued: 1, wechatSent: 0 } });

    // Every voter finds the notice in the in-app inbox; only the subscriber's is queued for WeChat.
    const eventId = `appraisal#${view.appraisalId}#opened`;
    const inbox = { Items: await scanAll({ TableName: table.tableName, FilterExpression: 'entity = :i AND begins_with(noticeId, :e)', ExpressionAttributeValues: { ':i': 'inboxNotice', ':e': `${eventId}:` } }) };
    expect(inbox.Items).toHaveLength(120);
    const notices = { Items: await scanAll({ TableName: table.tableName, FilterExpression: 'entity = :o AND eventId = :e', ExpressionAttributeValues: { ':o': 'outbox', ':e': eventId } }) };
    expect(notices.Items?.map((n) => n.recipientId)).toEqual([subscriber]);
    // The notice's closing time is one WeChat's `time` keyword accepts as it is.
    const closes = String(notices.Items?.[0]?.params?.closes);
    expect(fitTemplateValue('time', closes)).toBe(closes);
    expect(closes).toMatch(/^\d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}$/);

    // Re-sending the same request resumes, it does not open a second ballot.
    const again = await call(appraisal, 'POST /v1/orgs/{orgId}/appraisals', { as: callers.yuntaiChair, params: { orgId: 'gu-yuntai' }, body: request });
    expect(appraisalView.parse(again.body.appraisal).appraisalId).toBe(view.appraisalId);
    const listed = await call(appraisal, 'GET /v1/orgs/{orgId}/appraisals', { as: callers.yuntaiChair, params: { orgId: 'gu-yuntai' } });
    expect((listed.body.appraisals as unknown[]).filter((a) => (a as { appraisalId: string }).appraisalId === view.appraisalId)).toHaveLength(1);
  });

  it('opens a ballot for one sub-union with only its members as voters', async () => {
    const view = await openAppraisal(deps(), session(callers.yuntaiChair), 'gu-yuntai-sub1', appraisalRequest());
    expect(view.orgId).toBe('gu-yuntai-sub1');
    expect(view.eligible).toBe(40);
  });

  it('refuses a member, a chair of another union and a reviewer with 403, and bad input with 400 naming the field', async () => {
    for (const as of [callers.yuntaiMember, callers.renminChair, callers.jiefangReviewer]) {
      const refused = await call(appraisal, 'POST /v1/orgs/{orgId}/appraisals', { as, params: { orgId: 'gu-yuntai' }, body: appraisalRequest() });
      expect(refused.status).toBe(403);
    }
    const bad = await call(appraisal, 'POST /v1/orgs/{orgId}/appraisals', {
      as: callers.yuntaiChair,
      params: { orgId: 'gu-yuntai' },
      body: { ...appraisalRequest(), closesAt: new Date(systemNow().getTime() - 3600_000).toISOString() },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.details).toEqual(expect.arrayContaining([expect.objectContaining({ path: 'closesAt' })]));
    // Opening at once (no opensAt): the closing time is checked against the server's clock, not the client's.
    for (const closesIn of [-3600_000, 32 * 86400_000]) {
      const { opensAt: _opensAt, ...request } = appraisalRequest();
      const atOnce = await call(appraisal, 'POST /v1/orgs/{orgId}/appraisals', { as: callers.yuntaiChair, params: { orgId: 'gu-yuntai' }, body: { ...request, closesAt: new Date(systemNow().getTime() + closesIn).toISOString() } });
      expect(atOnce).toMatchObject({ status: 400, body: { code: 'REQUEST.INVALID', details: [expect.objectContaining({ path: 'closesAt' })] } });
    }
    const federation = await call(appraisal, 'POST /v1/orgs/{orgId}/appraisals', { as: callers.jiefangReviewer, params: { orgId: 'dist-jiefang' }, body: appraisalRequest() });
    expect(federation.status).toBe(403);
  });

  it('opens a 主席测评 with the chair and vice-chair as candidates', async () => {
    const view = await openAppraisal(deps(), session(callers.yuntaiChair), 'gu-yuntai', appraisalRequest({ kind: 'chairEvaluation' }));
    expect(view.candidates.map((c) => [c.memberId, c.role])).toEqual([
      [callers.yuntaiChair, 'chair'],
      [callers.yuntaiViceChair, 'viceChair'],
    ]);
  });
});

describe('casting', () => {
  it('counts a ballot once: a repeat answers 您已投票 with the same receipt and counts nothing', async () => {
    const view = await openAppraisal(deps(), session(callers.yuntaiChair), 'gu-yuntai', appraisalRequest());
    const first = await call(vote, 'POST /v1/appraisals/{appraisalId}/ballot', { as: callers.yuntaiMember, params: { appraisalId: view.appraisalId }, body: allSatisfied });
    expect(first.status).toBe(201);
    const receipt = castResponse.parse(first.body).receipt;
    expect(receipt).toMatch(receiptPattern);
    const repeat = await call(vote, 'POST /v1/appraisals/{appraisalId}/ballot', { as: callers.yuntaiMember, params: { appraisalId: view.appraisalId }, body: { ...allSatisfied, overall: 'dissatisfied' } });
    expect(repeat.status).toBe(200);
    expect(castResponse.parse(repeat.body)).toEqual({ status: 'alreadyVoted', message: '您已投票', receipt });
    const turnout = turnoutResponse.parse((await call(appraisal, 'GET /v1/appraisals/{appraisalId}/turnout', { as: callers.yuntaiChair, params: { appraisalId: view.appraisalId } })).body);
    expect(turnout).toMatchObject({ eligible: 120, voted: 1 });

    const mine = myAppraisalsResponse.parse((await call(appraisal, 'GET /v1/appraisals/mine', { as: callers.yuntaiMember })).body);
    expect(mine.appraisals.find((a) => a.appraisal.appraisalId === view.appraisalId)).toMatchObject({ voted: true, receipt });
  });

  it('refuses a member outside the snapshot with 403 and a ballot that does not fit with 400, counting nothing', async () => {
    const view = await openAppraisal(deps(), session(callers.yuntaiChair), 'gu-yuntai', appraisalRequest());
    const outsider = await call(vote, 'POST /v1/appraisals/{appraisalId}/ballot', { as: 'gu-renmin-m007', params: { appraisalId: view.appraisalId }, body: allSatisfied });
    expect(outsider.status).toBe(403);
    expect(outsider.body).toMatchObject({ code: 'APPRAISAL.NOT_ELIGIBLE' });
    const partial = await call(vote, 'POST /v1/appraisals/{appraisalId}/ballot', { as: callers.yuntaiMember, params: { appraisalId: view.appraisalId }, body: { overall: 'satisfied', dimensions: ['satisfied'] } });
    expect(partial.status).toBe(400);
    expect(partial.body.details).toEqual([expect.objectContaining({ path: 'dimensions' })]);
    const wrongOption = await call(vote, 'POST /v1/appraisals/{appraisalId}/ballot', { as: callers.yuntaiMember, params: { appraisalId: view.appraisalId }, body: { ...allSatisfied, overall: 'great' } });
    expect(wrongOption.status).toBe(400);
    const turnout = turnoutResponse.parse((await call(appraisal, 'GET /v1/appraisals/{appraisalId}/turnout', { as: callers.yuntaiChair, params: { appraisalId: view.appraisalId } })).body);
    expect(turnout.voted).toBe(0);
    // The chair's own member may still vote afterwards: nothing was marked.
    expect((await castBallot(deps(), session(callers.yuntaiMember), view.appraisalId, allSatisfied)).status).toBe(201);
  });

  it('answers 409 before the opening time and after the closing time', async () => {
    const later = await openAppraisal(deps(), session(callers.yuntaiChair), 'gu-yuntai', appraisalRequest({ opensAt: new Date(systemNow().getTime() + 3600_000).toISOString() }));
    await expect(castBallot(deps(), session(callers.yuntaiMember), later.appraisalId, allSatisfied)).rejects.toMatchObject({ code: 'APPRAISAL.NOT_OPEN' });
    await annulEarlierBallots(deps(), 'gu-yuntai');
    const view = await openAppraisal(deps(), session(callers.yuntaiChair), 'gu-yuntai', appraisalRequest({ closesAt: new Date(systemNow().getTime() + 60_000).toISOString() }));
    clock.now = new Date(systemNow().getTime() + 61_000);
    await expect(castBallot(deps(), session(callers.yuntaiMember), view.appraisalId, allSatisfied)).rejects.toMatchObject({ code: 'APPRAISAL.CLOSED' });
  });
});

describe('sealing', () => {
  it('keeps each ready ballot under one of 16 due keys, and seals those due under any of them, several at a time, and under the key from before the split', async () => {
    const closesAt = new Date(systemNow().getTime() + 60_000).toISOString();
    const sharded = await openAppraisal(deps(), session(callers.yuntaiChair), 'gu-yuntai', appraisalRequest({ rulesetId: 'acftu-2020', closesAt }));
    const stored = await table.db.send(new GetCommand({ TableName: table.tableName, Key: appraisalKeys.appraisal(sharded.appraisalId) }));
    expect(stored.Item?.gsi2pk).toBe(dueKey('DUE#appraisalSeal', sharded.appraisalId));
    expect(String(stored.Item?.gsi2pk)).toMatch(/^DUE#appraisalSeal#(0\d|1[0-5])$/);
    // A ballot made ready before the split sits under the single key.
    await annulEarlierBallots(deps(), 'gu-renmin');
    const legacy = await openAppraisal(deps(), session(callers.renminChair), 'gu-renmin', appraisalRequest({ rulesetId: 'acftu-2020', closesAt }));
    await table.db.send(new UpdateCommand({ TableName: table.tableName, Key: appraisalKeys.appraisal(legacy.appraisalId), UpdateExpression: 'SET gsi2pk = :single', ExpressionAttributeValues: { ':single': 'DUE#appraisalSeal' } }));

    // Three more ballots under the same key as the first: one page of the query, sealed several at a time.
    const others = [];
    for (const [chair, union] of [[callers.shiyanChair, 'gu-shiyan'], [callers.qinhuaiChair, 'gu-qinhuai'], [callers.taihangChair, 'gu-taihang']] as const) {
      await annulEarlierBallots(deps(), union);
      const other = await openAppraisal(deps(), session(chair), union, appraisalRequest({ rulesetId: 'acftu-2020', closesAt }));
      const key = appraisalKeys.appraisal(other.appraisalId);
      await table.db.send(new UpdateCommand({ TableName: table.tableName, Key: key, UpdateExpression: 'SET gsi2pk = :shard', ExpressionAttributeValues: { ':shard': stored.Item?.gsi2pk } }));
      others.push(other.appraisalId);
    }

    clock.now = new Date(systemNow().getTime() + 61_000);
    expect(await sealDueAppraisals(deps(), clock.now)).toBeGreaterThanOrEqual(5);
    for (const appraisalId of [sharded.appraisalId, legacy.appraisalId, ...others]) expect(await sealAppraisal(deps(), appraisalId)).toBe('alreadySealed');
    expect(await sealDueAppraisals(deps(), clock.now)).toBe(0);
    for (const union of ['gu-renmin', 'gu-shiyan', 'gu-qinhuai', 'gu-taihang']) await annulEarlierBallots(deps(), union);
  });

  it('seals at the closing time once, even run twice at once, and shows exactly what was cast', async () => {
    const view = await openAppraisal(deps(), session(callers.yuntaiChair), 'gu-yuntai', appraisalRequest({ rulesetId: 'acftu-2020', closesAt: new Date(systemNow().getTime() + 60_000).toISOString() }));
    const voters = yuntaiMembers(3, 22); // 20 voters
    await Promise.all(
      voters.map((memberId, i) =>
        castBallot(deps(), session(memberId), view.appraisalId, {
          overall: i < 12 ? 'satisfied' : i < 16 ? 'basicallySatisfied' : 'dissatisfied',
          dimensions: ['satisfied', 'basicallySatisfied', 'dissatisfied', 'satisfied', i % 2 === 0 ? 'satisfied' : 'dissatisfied'],
          ...(i < 3 ? { suggestion: `建议${i}：多组织职工活动` } : {}),
        }),
      ),
    );
    const early = await call(appraisal, 'GET /v1/appraisals/{appraisalId}/result', { as: voters[0], params: { appraisalId: view.appraisalId } });
    expect(early.status).toBe(409);
    expect(early.body).toMatchObject({ code: 'APPRAISAL.NOT_SEALED' });
    expect(await sealAppraisal(deps(), view.appraisalId)).toBe('notDue');

    clock.now = new Date(systemNow().getTime() + 61_000);
    const [a, b] = await Promise.all([sealAppraisal(deps(), view.appraisalId), sealAppraisal(deps(), view.appraisalId)]);
    expect([a, b].sort()).toEqual(['alreadySealed', 'sealed']);
    // The clock afterwards: other tests' closed ballots may be sealed now, this one never again.
    await sealDueAppraisals(deps(), clock.now);
    expect(await sealDueAppraisals(deps(), clock.now)).toBe(0);
    expect(await sealAppraisal(deps(), view.appraisalId)).toBe('alreadySealed');
    await expect(castBallot(deps(), session('gu-yuntai-m050'), view.appraisalId, allSatisfied)).rejects.toMatchObject({ code: 'APPRAISAL.CLOSED' });

    const result = appraisalResultResponse.parse((await call(appraisal, 'GET /v1/appraisals/{appraisalId}/result', { as: voters[0], params: { appraisalId: view.appraisalId } })).body);
    expect(result.ballots).toBe(20);
    expect(result.overall?.counts).toEqual({ satisfied: 12, basicallySatisfied: 4, dissatisfied: 4 });
    expect(result.overall?.satisfaction).toBeCloseTo(0.8);
    expect(result.overall?.dissatisfaction).toBeCloseTo(0.2);
    expect(result.turnout).toBeCloseTo(20 / 120);
    expect(result.breakdown.map((q) => q.counts)).toEqual([
      { satisfied: 20, basicallySatisfied: 0, dissatisfied: 0 },
      { satisfied: 0, basicallySatisfied: 20, dissatisfied: 0 },
      { satisfied: 0, basicallySatisfied: 0, dissatisfied: 20 },
      { satisfied: 20, basicallySatisfied: 0, dissatisfied: 0 },
      { satisfied: 10, basicallySatisfied: 0, dissatisfied: 10 },
    ]);
    // 80% is below the national 90% (第六条（六）): the district's reviewer is told.
    expect(result.outcomes.some((o) => !o.passed && o.explanation.includes('80%') && o.explanation.includes('90%'))).toBe(true);
    const told = { Items: await scanAll({ TableName: table.tableName, FilterExpression: 'entity = :o AND eventId = :e', ExpressionAttributeValues: { ':o': 'outbox', ':e': `appraisal#${view.appraisalId}#thresholdBroken` } }) };
    expect(told.Items?.map((n) => n.recipientId)).toEqual(['staff-dist-jiefang']);

    const tips = suggestionsResponse.parse((await call(appraisal, 'GET /v1/appraisals/{appraisalId}/suggestions', { as: callers.yuntaiChair, params: { appraisalId: view.appraisalId } })).body);
    expect(tips.suggestions.sort()).toEqual(['建议0：多组织职工活动', '建议1：多组织职工活动', '建议2：多组织职工活动']);
    expect(result.suggestionCount).toBe(3);
  });

  it('shows only totals when fewer ballots than the minimum group size were cast', async () => {
    const view = await openAppraisal(deps(), session(callers.yuntaiChair), 'gu-yuntai', appraisalRequest({ minGroupSize: 5, closesAt: new Date(systemNow().getTime() + 60_000).toISOString() }));
    await castBallot(deps(), session(callers.yuntaiMember), view.appraisalId, allSatisfied);
    clock.now = new Date(systemNow().getTime() + 61_000);
    await sealAppraisal(deps(), view.appraisalId);
    const result = appraisalResultResponse.parse((await call(appraisal, 'GET /v1/appraisals/{appraisalId}/result', { as: callers.yuntaiChair, params: { appraisalId: view.appraisalId } })).body);
    expect(result).toMatchObject({ ballots: 1, totalsOnly: true, breakdown: [] });
  });

  it('lets a receipt confirm after closing that the ballot was counted, and refuses before', async () => {
    const view = await openAppraisal(deps(), session(callers.yuntaiChair), 'gu-yuntai', appraisalRequest({ closesAt: new Date(systemNow().getTime() + 60_000).toISOString() }));
    const { body } = await castBallot(deps(), session(callers.yuntaiMember), view.appraisalId, allSatisfied);
    const before = await call(appraisal, 'POST /v1/appraisals/{appraisalId}/receipt-check', { params: { appraisalId: view.appraisalId }, body: { receipt: body.receipt } });
    expect(before).toMatchObject({ status: 409, body: { code: 'APPRAISAL.NOT_CLOSED' } });
    clock.now = new Date(systemNow().getTime() + 61_000);
    await sealAppraisal(deps(), view.appraisalId);
    // The handler reads the product's clock: move the ballot's closing into the past through the domain function instead.
    const { checkReceipt } = await import('../../../functions/appraisal/appraisals');
    expect(await checkReceipt(deps(), view.appraisalId, body.receipt)).toMatchObject({ counted: true, sealed: true });
    expect(receiptCheckResponse.parse(await checkReceipt(deps(), view.appraisalId, 'ABCD-EFGH-JKMN-PQRS'))).toMatchObject({ counted: false });
  });

  it('leaves yearly records that eligibility and the revocation flags read', async () => {
    // A ballot's year is the year it is held in: each year's 会员评家 is opened, voted and sealed in its December.
    const votesFor = async (year: number, dissatisfied: number, total: number) => {
      clock.now = new Date(`${year}-12-14T09:30:00+08:00`);
      const request = () => appraisalRequest({ year, rulesetId: 'acftu-2020', closesAt: new Date(clock.now.getTime() + 60_000).toISOString() }, clock.now);
      const view = await openAppraisal(deps(), session(callers.yuntaiChair), 'gu-renmin', request()).catch(() => undefined);
      expect(view).toBeUndefined(); // the yuntai chair has no say over gu-renmin
      const renmin = await openAppraisal(deps(), session(callers.renminChair), 'gu-renmin', request());
      const members = Array.from({ length: total }, (_, i) => `gu-renmin-m${String(10 + i).padStart(3, '0')}`);
      await Promise.all(members.map((m, i) => castBallot(deps(), session(m), renmin.appraisalId, { overall: i < dissatisfied ? 'dissatisfied' : 'satisfied', dimensions: Array(5).fill('satisfied') })));
      clock.now = new Date(clock.now.getTime() + 61_000);
      expect(await sealAppraisal(deps(), renmin.appraisalId)).toBe('sealed');
    };
    await votesFor(2024, 12, 20); // 60% dissatisfied
    await votesFor(2025, 11, 20); // 55%
    await votesFor(2026, 1, 20); // 95% satisfied
    const facts = await unionAppraisalFacts(table.db, table.tableName, 'gu-renmin');
    expect(facts.memberAppraisalSatisfaction).toEqual({ 2024: 0.4, 2025: 0.45, 2026: 0.95 });
    const ruleset = getRuleset('acftu-2020');
    if (!ruleset) throw new Error('ruleset missing');
    // As for a union awarded the title in 2023: its 2024 and 2025 figures prove the ground.
    const flags = automaticRevocationFlags(ruleset, { title: 'modelHome', awardedYear: 2023, memberAppraisalDissatisfaction: facts.memberAppraisalDissatisfaction });
    expect(flags.map((f) => f.years)).toEqual([[2024, 2025]]);
    const evaluation = evaluateEligibility(ruleset, 'modelHome', { nominee: { kind: 'org' }, ...facts }, { year: 2026 });
    const satisfaction = evaluation.results.find((r) => r.conditionId.includes('atisfaction'));
    expect(satisfaction?.status).toBe('fail');
    expect(satisfaction?.explanation).toContain('40%');

    const records = await call(appraisal, 'GET /v1/orgs/{orgId}/appraisal-records', { as: callers.jiefangReviewer, params: { orgId: 'gu-renmin' }, query: { rulesetId: 'acftu-2020' } });
    expect(records.status).toBe(200);
    // gu-renmin holds no title: nothing to revoke, whatever its figures (issue 16; test/integration/campaign/revocation-flags.test.ts).
    expect(records.body.revocationFlags).toEqual([]);
  });

  it('records each chair\'s 测评等次 from a sealed 主席测评', async () => {
    const view = await openAppraisal(deps(), session(callers.yuntaiChair), 'gu-yuntai', appraisalRequest({ kind: 'chairEvaluation', year: thisYear(), closesAt: new Date(systemNow().getTime() + 60_000).toISOString() }));
    await Promise.all(
      yuntaiMembers(30, 41).map((m, i) =>
        castBallot(deps(), session(m), view.appraisalId, { candidates: { [callers.yuntaiChair]: 'satisfied', [callers.yuntaiViceChair]: i < 7 ? 'dissatisfied' : 'satisfied' } }),
      ),
    );
    clock.now = new Date(systemNow().getTime() + 61_000);
    await sealAppraisal(deps(), view.appraisalId);
    expect(await chairEvaluationFacts(table.db, table.tableName, callers.yuntaiChair, 'gu-yuntai')).toEqual({ chairEvaluationGrade: { [thisYear()]: 'satisfied' } });
    expect(await chairEvaluationFacts(table.db, table.tableName, callers.yuntaiViceChair, 'gu-yuntai')).toEqual({ chairEvaluationGrade: { [thisYear()]: 'dissatisfied' } });
  });
});

describe('secrecy', () => {
  it('keeps no item in either table that links a member to a choice, and no ballot timestamps in the box', async () => {
    const view = await openAppraisal(deps(), session(callers.yuntaiChair), 'gu-yuntai', appraisalRequest());
    await Promise.all(yuntaiMembers(60, 69).map((m, i) => castBallot(deps(), session(m), view.appraisalId, { ...allSatisfied, overall: i % 2 ? 'satisfied' : 'dissatisfied', suggestion: '食堂可以改进' })));
    const box = { Items: await scanAll({ TableName: table.ballotBoxTableName }) };
    const boxText = JSON.stringify(box.Items);
    // Only the rated chairs of a 主席测评 appear (as the subject of a counter), never a voter.
    expect(boxText.match(/gu-yuntai-m\d{3}/g)?.filter((id) => id !== callers.yuntaiChair && id !== callers.yuntaiViceChair) ?? []).toEqual([]);
    expect(boxText).not.toMatch(/20\d\d-\d\d-\d\dT/);
    const main = await table.db.send(new QueryCommand({ TableName: table.tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': `APPRAISAL#${view.appraisalId}` } }));
    for (const item of main.Items ?? []) {
      expect(JSON.stringify(item)).not.toMatch(/satisfied|dissatisfied|食堂/);
    }
  });
});
