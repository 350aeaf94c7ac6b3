import { randomUUID } from 'node:crypto';
import { BatchWriteCommand, PutCommand, QueryCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '../../../functions/storage/document-client';
import { handler as appraisal } from '../../../functions/handlers/appraisal';
import { handler as voteHandler } from '../../../functions/handlers/vote';
import { openAppraisal, type AppraisalDeps } from '../../../functions/appraisal/appraisals';
import { sealAppraisal } from '../../../functions/appraisal/seal';
import { chairEvaluationFacts, unionAppraisalFacts } from '../../../functions/appraisal/appraisal-facts';
import { keys } from '../../../functions/storage/keys';
import { minGroupSizeFloor } from '../../../config/appraisal';
import {
  appraisalRecordsResponse,
  appraisalResultResponse,
  appraisalView,
  electorateResponse,
  orgAppraisalsResponse,
  turnoutResponse,
  type AppraisalView,
  type CastRequest,
  type OpenAppraisalInput,
} from '../../../shared/api/appraisal';
import { formatShanghaiDate } from '../../../shared/calendar/shanghai-date';
import { createTestTable, type TestTable } from '../../support/dynamo';
import { systemNow } from '../../support/product-clock';
import { appraisalDeps, appraisalRequest, useAppraisalTables } from '../appraisal/appraisal-support';
import { call, callers } from '../roster/roster-support';

/**
 * Issue 14 (DESIGN.md invariants 1, 2, 10, 11): a sealed ballot is an official record, so a chair who reads the
 * code and calls the API directly must not be able to re-run, backfill, hand-pick or hijack one. Each attack is
 * made through the HTTP handler against DynamoDB Local, at the product's fixed instant.
 */

jest.setTimeout(120_000);

let table: TestTable;
const clock = { now: systemNow() };
const deps = (): AppraisalDeps => appraisalDeps(table, clock);
const organiser = callers.cityOrganiser;
const allSatisfied: CastRequest = { overall: 'satisfied', dimensions: ['satisfied', 'satisfied', 'satisfied', 'satisfied', 'satisfied'] };
const dissatisfied: CastRequest = { overall: 'dissatisfied', dimensions: ['satisfied', 'satisfied', 'satisfied', 'satisfied', 'satisfied'] };
/** The year a ballot opened now belongs to (Beijing time), whatever instant the product's clock runs at. */
const thisYear = (): number => Number(formatShanghaiDate(systemNow()).slice(0, 4));
const members = (unionId: string, from: number, to: number): string[] => Array.from({ length: to - from + 1 }, (_, i) => `${unionId}-m${String(from + i).padStart(3, '0')}`);

beforeAll(async () => {
  table = await createTestTable({ seed: true });
  useAppraisalTables(table);
});
afterAll(async () => table.drop());
beforeEach(() => {
  clock.now = systemNow();
});

/** Opens through the API, as the mini-program's form does: a ballot of this year open now and closing in ten minutes, unless overridden. */
function open(as: string, orgId: string, overrides: Partial<OpenAppraisalInput> = {}) {
  const request = appraisalRequest({ rulesetId: 'acftu-2020', year: thisYear(), closesAt: new Date(systemNow().getTime() + 600_000).toISOString(), ...overrides });
  return call(appraisal, 'POST /v1/orgs/{orgId}/appraisals', { as, params: { orgId }, body: request });
}

async function opened(as: string, orgId: string, overrides: Partial<OpenAppraisalInput> = {}): Promise<AppraisalView> {
  const answer = await open(as, orgId, overrides);
  expect(answer).toMatchObject({ status: 201 });
  return appraisalView.parse(answer.body.appraisal);
}

const vote = (as: string, appraisalId: string, ballot: CastRequest) => call(voteHandler, 'POST /v1/appraisals/{appraisalId}/ballot', { as, params: { appraisalId }, body: ballot });

/** The clock job seals the ballot once its closing time has passed. */
async function seal(view: AppraisalView): Promise<void> {
  clock.now = new Date(Date.parse(view.closesAt) + 1_000);
  expect(await sealAppraisal(deps(), view.appraisalId)).toBe('sealed');
}

async function records(orgId: string) {
  const answer = await call(appraisal, 'GET /v1/orgs/{orgId}/appraisal-records', { as: callers.jiefangReviewer, params: { orgId }, query: { rulesetId: 'acftu-2020' } });
  expect(answer.status).toBe(200);
  return appraisalRecordsResponse.parse(answer.body);
}

/** A role written as the roles endpoint (or the seed) writes it. */
async function grant(memberId: string, orgId: string, role: 'chair' | 'representative'): Promise<void> {
  await table.db.send(
    new PutCommand({ TableName: table.tableName, Item: { ...keys.role(memberId, orgId, role), entity: 'role', memberId, orgId, role, gsi1pk: keys.childOf(orgId), gsi1sk: `ROLE#${role}#${memberId}` } }),
  );
}

describe('official records', () => {
  it('a chair cannot re-run 会员评家 in the same year to replace a failing rate', async () => {
    const first = await opened(callers.yuntaiChair, 'gu-yuntai');
    expect(first.year).toBe(thisYear());
    const voters = members('gu-yuntai', 10, 19);
    for (const [i, m] of voters.entries()) expect((await vote(m, first.appraisalId, i < 6 ? allSatisfied : dissatisfied)).status).toBe(201);
    await seal(first);
    expect((await records('gu-yuntai')).memberAppraisalSatisfaction).toEqual({ [thisYear()]: 0.6 });

    // The rate failed 90 %: the chair opens a second 会员评家 of the same year, to be voted by friends.
    const again = await open(callers.yuntaiChair, 'gu-yuntai');

    expect(again).toMatchObject({ status: 409, body: { code: 'APPRAISAL.ALREADY_HELD' } });
    const after = await records('gu-yuntai');
    expect(after.memberAppraisalSatisfaction).toEqual({ [thisYear()]: 0.6 });
    // Turnout stands beside the rate: 10 of the 120 members voted.
    expect(after.memberAppraisalTurnout).toEqual({ [thisYear()]: 10 / 120 });
    const listed = orgAppraisalsResponse.parse((await call(appraisal, 'GET /v1/orgs/{orgId}/appraisals', { as: callers.yuntaiChair, params: { orgId: 'gu-yuntai' } })).body);
    expect(listed.appraisals.map((a) => a.appraisalId)).toEqual([first.appraisalId]);
  });

  it('a chair cannot backfill an earlier year, by naming it or by dating the ballot in the past', async () => {
    const lastYear = thisYear() - 1;

    const named = await open(callers.renminChair, 'gu-renmin', { year: lastYear });
    const yearAgo = systemNow().getTime() - 365 * 86400_000;
    const dated = await open(callers.renminChair, 'gu-renmin', { opensAt: new Date(yearAgo).toISOString(), closesAt: new Date(yearAgo + 7 * 86400_000).toISOString() });

    expect(named).toMatchObject({ status: 400, body: { code: 'REQUEST.INVALID', details: [expect.objectContaining({ path: 'year' })] } });
    expect(String((named.body.details as { message: string }[])[0]?.message)).toContain(String(thisYear()));
    expect(dated).toMatchObject({ status: 400, body: { code: 'REQUEST.INVALID', details: [expect.objectContaining({ path: 'opensAt' })] } });
    const listed = orgAppraisalsResponse.parse((await call(appraisal, 'GET /v1/orgs/{orgId}/appraisals', { as: callers.renminChair, params: { orgId: 'gu-renmin' } })).body);
    expect(listed.appraisals).toEqual([]);
    expect((await records('gu-renmin')).memberAppraisalSatisfaction).toEqual({});
  });

  it('a chair cannot have hand-picked representatives vote the union\'s 会员评家', async () => {
    for (const m of members('gu-renmin', 20, 25)) await grant(m, 'gu-renmin', 'representative');

    const refused = await open(callers.renminChair, 'gu-renmin', { electorate: 'representatives' });

    expect(refused).toMatchObject({ status: 400, body: { code: 'REQUEST.INVALID', details: [expect.objectContaining({ path: 'electorate' })] } });
    expect((await records('gu-renmin')).memberAppraisalSatisfaction).toEqual({});
    // The representatives still vote the congress ballot, which is theirs.
    expect((await opened(callers.renminChair, 'gu-renmin', { kind: 'congressBallot', electorate: 'representatives' })).eligible).toBe(6);
  });

  it('a sub-union\'s 会员评家 is recorded on the sub-union, never as the union\'s', async () => {
    const sub = await opened(callers.renminChair, 'gu-renmin-sub1');
    for (const m of members('gu-renmin', 30, 36).filter((_, i) => i % 2 === 0)) await vote(m, sub.appraisalId, allSatisfied);
    await seal(sub);

    expect(await unionAppraisalFacts(table.db, table.tableName, 'gu-renmin')).toEqual({});
    expect((await unionAppraisalFacts(table.db, table.tableName, 'gu-renmin-sub1')).memberAppraisalSatisfaction).toEqual({ [thisYear()]: 1 });
  });

  it('a sub-union chair cannot open a 主席测评 of the grassroots union\'s chairs to overwrite their record', async () => {
    const own = await opened(callers.qinhuaiChair, 'gu-qinhuai', { kind: 'chairEvaluation' });
    for (const m of members('gu-qinhuai', 10, 17)) await vote(m, own.appraisalId, { candidates: { 'gu-qinhuai-m001': 'satisfied', 'gu-qinhuai-m002': 'satisfied' } });
    await seal(own);
    const grades = { chairEvaluationGrade: { [thisYear()]: 'satisfied' } };
    expect(await chairEvaluationFacts(table.db, table.tableName, 'gu-qinhuai-m001', 'gu-qinhuai')).toEqual(grades);
    // gu-qinhuai-m004 chairs 运输队分工会 (gu-qinhuai-sub1) only.
    await grant('gu-qinhuai-m004', 'gu-qinhuai-sub1', 'chair');

    const fromSub = await open('gu-qinhuai-m004', 'gu-qinhuai-sub1', { kind: 'chairEvaluation' });
    const onUnion = await open('gu-qinhuai-m004', 'gu-qinhuai', { kind: 'chairEvaluation' });

    expect(fromSub).toMatchObject({ status: 400, body: { code: 'APPRAISAL.UNION_BALLOT_ONLY' } });
    expect(onUnion).toMatchObject({ status: 403 });
    expect(await chairEvaluationFacts(table.db, table.tableName, 'gu-qinhuai-m001', 'gu-qinhuai')).toEqual(grades);
  });
});

describe('small groups', () => {
  it(`a chair cannot set the minimum group size under the configured floor (${minGroupSizeFloor})`, async () => {
    const refused = await open('gu-fengshou-m001', 'gu-fengshou', { minGroupSize: 1 });

    expect(refused).toMatchObject({ status: 400, body: { code: 'REQUEST.INVALID', details: [expect.objectContaining({ path: 'minGroupSize' })] } });
    expect(String((refused.body.details as { message: string }[])[0]?.message)).toContain(String(minGroupSizeFloor));
    const listed = orgAppraisalsResponse.parse((await call(appraisal, 'GET /v1/orgs/{orgId}/appraisals', { as: 'gu-fengshou-m001', params: { orgId: 'gu-fengshou' } })).body);
    expect(listed.appraisals).toEqual([]);
  });

  it('a chair cannot open a ballot whose electorate is under the floor', async () => {
    for (const m of members('gu-shiyan', 3, 5)) await grant(m, 'gu-shiyan', 'representative');

    const refused = await open(callers.shiyanChair, 'gu-shiyan', { kind: 'congressBallot', electorate: 'representatives', minGroupSize: minGroupSizeFloor });

    expect(refused).toMatchObject({ status: 409, body: { code: 'APPRAISAL.ELECTORATE_TOO_SMALL', details: [expect.objectContaining({ path: 'electorate' })] } });
    expect(String((refused.body.details as { message: string }[])[0]?.message)).toMatch(new RegExp(`3 人.*${minGroupSizeFloor} 人`));
  });
});

describe('re-sent openings', () => {
  it('a re-sent opening cannot resume another union\'s ballot or the same ballot under another org', async () => {
    const requestId = randomUUID();
    const taihang = await opened(callers.taihangChair, 'gu-taihang', { requestId });

    // The renmin chair re-sends the taihang chair's requestId to their own union; the taihang chair to a sub-union.
    const foreign = await open(callers.renminChair, 'gu-renmin', { requestId, kind: 'chairEvaluation' });
    const elsewhere = await open(callers.taihangChair, 'gu-taihang-sub1', { requestId });

    for (const answer of [foreign, elsewhere]) {
      if (answer.status === 201) expect(appraisalView.parse(answer.body.appraisal).appraisalId).not.toBe(taihang.appraisalId);
      else expect(answer.status).toBe(409);
    }
    const electorate = electorateResponse.parse((await call(appraisal, 'GET /v1/appraisals/{appraisalId}/electorate', { as: callers.taihangChair, params: { appraisalId: taihang.appraisalId } })).body);
    expect(electorate.names).toHaveLength(80);
    expect(electorate.names.every((n) => n.orgName === taihang.orgName)).toBe(true);
    expect((await call(appraisal, 'GET /v1/appraisals/{appraisalId}/electorate', { as: callers.renminChair, params: { appraisalId: taihang.appraisalId } })).status).toBe(403);
  });

  it('a second opening request still placing markers after members voted never resets a marker: every member is counted once', async () => {
    // Two requests for one opening (the phone re-sent it). The second one is held just before it places markers,
    // the first completes, members vote, then the second goes on.
    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let reached!: () => void;
    const atMarkers = new Promise<void>((resolve) => {
      reached = resolve;
    });
    const box = table.ballotBoxTableName;
    const writesTheBox = (command: unknown): boolean =>
      (command instanceof BatchWriteCommand && Object.keys(command.input.RequestItems ?? {}).includes(box)) ||
      ((command instanceof PutCommand || command instanceof TransactWriteCommand) && JSON.stringify(command.input).includes(box));
    const slowDb = {
      send: async (command: Parameters<DynamoDBDocumentClient['send']>[0]) => {
        if (writesTheBox(command)) {
          reached();
          await held;
        }
        return table.db.send(command);
      },
    } as unknown as DynamoDBDocumentClient;
    const request = appraisalRequest({ rulesetId: 'acftu-2020', year: thisYear(), closesAt: new Date(systemNow().getTime() + 600_000).toISOString() });
    const session = { memberId: callers.qinhuaiChair, openid: `o-${callers.qinhuaiChair}` };

    const second = openAppraisal({ ...deps(), box: { db: slowDb, table: box } }, session, 'gu-qinhuai', request);
    await atMarkers;
    // The held copy drives the opening under a lease (functions/appraisal/opening.ts); once that has run out, the
    // other copy takes the opening over and completes it.
    clock.now = new Date(clock.now.getTime() + 60_000);
    const first = await openAppraisal(deps(), session, 'gu-qinhuai', request);
    const voters = members('gu-qinhuai', 20, 29);
    for (const m of voters) expect((await vote(m, first.appraisalId, allSatisfied)).status).toBe(201);
    release();
    expect((await second).appraisalId).toBe(first.appraisalId);

    const repeats = await Promise.all(voters.map((m) => vote(m, first.appraisalId, dissatisfied)));
    expect(repeats.map((r) => r.body.status)).toEqual(voters.map(() => 'alreadyVoted'));
    const turnout = turnoutResponse.parse((await call(appraisal, 'GET /v1/appraisals/{appraisalId}/turnout', { as: callers.qinhuaiChair, params: { appraisalId: first.appraisalId } })).body);
    expect(turnout).toMatchObject({ eligible: 150, voted: 10 });
  });
});

describe('annulment', () => {
  it('only the supervising organiser annuls a ballot, with a reason; it is audited, shown with the result, and frees the year', async () => {
    const first = await opened('gu-fengshou-m001', 'gu-fengshou');
    for (const m of members('gu-fengshou', 10, 15)) await vote(m, first.appraisalId, dissatisfied);
    await seal(first);
    expect((await records('gu-fengshou')).memberAppraisalSatisfaction).toEqual({ [thisYear()]: 0 });
    const annul = (as: string, reason: unknown) => call(appraisal, 'POST /v1/appraisals/{appraisalId}/annul', { as, params: { appraisalId: first.appraisalId }, body: { reason } });
    const reason = '投票期间发现名册未更新，三十余名新会员未能参加投票，须重新评议';

    const byChair = await annul('gu-fengshou-m001', reason);
    const byReviewer = await annul(callers.jiefangReviewer, reason);
    const tooShort = await annul(organiser, '重新评议');
    const done = await annul(organiser, reason);
    const twice = await annul(organiser, reason);

    expect([byChair.status, byReviewer.status]).toEqual([403, 403]);
    expect(tooShort).toMatchObject({ status: 400, body: { details: [expect.objectContaining({ path: 'reason' })] } });
    expect(done.status).toBe(200);
    expect(appraisalView.parse(done.body.appraisal).annulment).toMatchObject({ reason, byOrgName: '焦作市总工会' });
    expect(twice).toMatchObject({ status: 409, body: { code: 'APPRAISAL.ALREADY_ANNULLED' } });
    // The result page shows that it was annulled and why; the record is gone.
    const result = appraisalResultResponse.parse((await call(appraisal, 'GET /v1/appraisals/{appraisalId}/result', { as: 'gu-fengshou-m010', params: { appraisalId: first.appraisalId } })).body);
    expect(result.appraisal.annulment?.reason).toBe(reason);
    expect((await records('gu-fengshou')).memberAppraisalSatisfaction).toEqual({});
    const trail = await table.db.send(new QueryCommand({ TableName: table.tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': `AUDIT#appraisal#${first.appraisalId}` } }));
    expect(trail.Items?.find((e) => e.action === 'ballot.annulled')).toMatchObject({ reason, actor: { memberId: organiser, role: 'organiser' }, scopePath: '/city-jz/dist-jiefang/gu-fengshou' });

    // The year is free again: a second ballot opens and its sealed result is the record.
    clock.now = systemNow();
    const second = await opened('gu-fengshou-m001', 'gu-fengshou');
    for (const m of members('gu-fengshou', 10, 15)) await vote(m, second.appraisalId, allSatisfied);
    await seal(second);
    expect((await records('gu-fengshou')).memberAppraisalSatisfaction).toEqual({ [thisYear()]: 1 });
  });
});
