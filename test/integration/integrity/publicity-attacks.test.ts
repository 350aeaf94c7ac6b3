import { randomBytes, randomUUID } from 'node:crypto';
import { QueryCommand, ScanCommand } from '../../../functions/storage/document-client';
import { applicationResponse, campaignResponse } from '../../../shared/api/campaign';
import { publicityView, type PublicityView } from '../../../shared/api/publicity';
import { officialCalendar, publicityWindow } from '../../../shared/calendar';
import { forgedMaterial } from '../../../shared/publicity/report-categories';
import { forgetCalendars } from '../../../functions/calendar/live-calendar';
import { handler as campaign } from '../../../functions/handlers/campaign';
import { handler as publicity, publicityDeps } from '../../../functions/handlers/publicity';
import { closeDuePublicities } from '../../../functions/publicity/publicities';
import { createTestTable, type TestTable } from '../../support/dynamo';
import { setProductClock, systemNow } from '../../support/product-clock';
import { useAppraisalTables } from '../appraisal/appraisal-support';
import { call, callers } from '../roster/roster-support';

/**
 * Issue 14 (DESIGN.md invariant 11): attacks on 公示 by a chair, reviewer or investigator who reads the code and calls
 * the API directly, each driven through the publicity handler against DynamoDB Local at fixed instants of the
 * product's clock. Each test is named after the attack it stops.
 */
jest.setTimeout(180_000);

let table: TestTable;
const chair = callers.yuntaiChair;
const member = callers.yuntaiMember;
const investigator = 'staff-city-2';
const calendar = officialCalendar();
const monday = '2026-11-23T09:00:00+08:00';

beforeAll(async () => {
  setProductClock(monday);
  table = await createTestTable({ seed: true });
  useAppraisalTables(table);
  process.env.REPORTER_KEY = randomBytes(32).toString('base64url');
  process.env.WATCHER_KEY = randomBytes(32).toString('base64url');
  forgetCalendars();
});
afterAll(async () => {
  jest.restoreAllMocks();
  await table.drop();
});

type Entry = { nomineeName: string; unitName: string; title: string; summary: string; nomineeRef: string };
const entry = (nomineeRef: string, nomineeName = '云台新材料有限公司工会'): Entry => ({ nomineeName, unitName: '云台新材料有限公司', title: 'modelHome', summary: '职工之家建设成效显著。', nomineeRef });

/** 本单位公示 of 云台's chair (beijing-2021: five working days). */
const openUnit = (body: Record<string, unknown>, as = chair, orgId = 'gu-yuntai') =>
  call(publicity, 'POST /v1/orgs/{orgId}/publicities', {
    as,
    params: { orgId },
    body: { requestId: randomUUID(), level: 'unit', rulesetId: 'beijing-2021', year: 2026, heading: `本单位推荐公示 ${randomUUID().slice(0, 8)}`, entries: [entry('gu-yuntai')], ...body },
  });

async function openUnitOk(body: Record<string, unknown>): Promise<PublicityView> {
  const res = await openUnit(body);
  expect(res.status).toBe(201);
  return publicityView.parse(res.body.publicity);
}

const readWindow = async (publicityId: string) => publicityView.parse((await call(publicity, 'GET /v1/publicities/{publicityId}', { as: chair, params: { publicityId } })).body.publicity);
const addEntry = (publicityId: string, body: Entry, as = chair) => call(publicity, 'POST /v1/publicities/{publicityId}/entries', { as, params: { publicityId }, body });

async function objection(publicityId: string, entryId: string, category = forgedMaterial): Promise<string> {
  const filed = await call(publicity, 'POST /v1/publicities/{publicityId}/entries/{entryId}/reports', {
    as: member,
    params: { publicityId, entryId },
    body: { requestId: randomUUID(), category, description: '申报材料中的职代会记录系事后补写，与单位考勤记录明显不符。' },
  });
  expect(filed).toMatchObject({ status: 201, body: { kind: 'objection' } });
  const listed = await call(publicity, 'GET /v1/reports', { as: investigator });
  return (listed.body.reports as { reportId: string; publicityId: string }[]).find((r) => r.publicityId === publicityId)?.reportId ?? '';
}

const finding = (reportId: string, outcome: string) =>
  call(publicity, 'POST /v1/reports/{reportId}/finding', { as: investigator, params: { reportId }, body: { outcome, reason: '调阅考勤记录，会议当日单位放假。', article: '第十五条' } });

async function closeAt(instant: number): Promise<void> {
  setProductClock(instant);
  await closeDuePublicities(await publicityDeps(), systemNow());
}

async function windowsHeaded(heading: string): Promise<unknown[]> {
  const out = await table.db.send(new ScanCommand({ TableName: table.tableName, FilterExpression: 'entity = :p AND heading = :h', ExpressionAttributeValues: { ':p': 'publicity', ':h': heading } }));
  return out.Items ?? [];
}

type Send = (command: { constructor: { name: string }; input: Record<string, unknown> }) => Promise<unknown>;
/** The DynamoDB writes of the publicity function, so a test can decide what lands between a read and a write. */
async function interceptWrites(onWrite: (command: Parameters<Send>[0], send: Send) => Promise<unknown>): Promise<jest.SpyInstance> {
  const db = (await publicityDeps()).db as unknown as { send: Send };
  const original = db.send.bind(db);
  return jest.spyOn(db, 'send').mockImplementation((command) => (/Put|Update|Transact/.test(command.constructor.name) ? onWrite(command, original) : original(command)));
}

describe('opening times (issue 14: opensAt)', () => {
  it('a chair cannot open a unit publicity that started 30 days ago', async () => {
    setProductClock(monday);
    const heading = '三十天前就已开始的本单位公示';
    const past = await openUnit({ heading, opensAt: new Date(systemNow().getTime() - 30 * 86_400_000).toISOString() });
    expect(past).toMatchObject({ status: 400, body: { code: 'REQUEST.INVALID', details: [expect.objectContaining({ path: 'opensAt', message: expect.stringContaining('开始时间（opensAt）') })] } });
    expect(await windowsHeaded(heading)).toHaveLength(0);

    const far = await openUnit({ heading, opensAt: new Date(systemNow().getTime() + 120 * 86_400_000).toISOString() });
    expect(far).toMatchObject({ status: 400, body: { details: [expect.objectContaining({ path: 'opensAt' })] } });
    expect(await windowsHeaded(heading)).toHaveLength(0);

    // A phone's clock a little behind is no attack: the window opens now, not in the past.
    const skewed = await openUnitOk({ year: 2030, opensAt: new Date(systemNow().getTime() - 2 * 60_000).toISOString() });
    expect(Date.parse(skewed.opensAt)).toBeGreaterThanOrEqual(Date.parse(monday));
    expect(skewed.status).toBe('open');
  });
});

describe('late entries (issue 14: addEntry)', () => {
  it('a nominee added on the last day of a window gets a full window of its own', async () => {
    setProductClock(monday);
    const opened = await openUnitOk({ year: 2029, entries: [entry('gu-yuntai-sub1', '生产一车间分工会')] });
    const firstEnd = Date.parse(opened.endsAt);
    expect(opened.endsAt).toBe('2026-11-30T16:00:00.000Z');

    const lastDay = setProductClock('2026-11-30T15:00:00+08:00');
    const added = await addEntry(opened.publicityId, entry('gu-yuntai-sub2', '生产二车间分工会'));
    expect(added.status).toBe(201);
    const view = publicityView.parse(added.body.publicity);
    const own = publicityWindow(lastDay, 5, calendar);
    const late = view.entries.find((e) => e.nomineeName === '生产二车间分工会');
    expect(late).toMatchObject({ endsAt: own.endsAt.toISOString() });
    expect(Date.parse(late?.opensAt ?? '')).toBeGreaterThanOrEqual(lastDay.getTime());
    expect(view.entries.find((e) => e.nomineeName === '生产一车间分工会')).toMatchObject({ endsAt: opened.endsAt });
    // The window stays open until its last entry's end.
    expect(view.endsAt).toBe(own.endsAt.toISOString());

    // The first end passes: the clock clears nobody, and a report on the late nominee is still an objection.
    await closeAt(firstEnd + 60_000);
    const mid = await readWindow(opened.publicityId);
    expect(mid.status).toBe('open');
    expect(mid.entries.map((e) => e.status)).toEqual(['listed', 'listed']);
    await objection(opened.publicityId, late?.entryId ?? '');

    // At the late entry's own end the clock moves everyone: the reported nominee waits for the investigation.
    await closeAt(own.endsAt.getTime() - 60_000);
    expect((await readWindow(opened.publicityId)).entries.map((e) => e.status)).toEqual(['listed', 'listed']);
    await closeAt(own.endsAt.getTime() + 60_000);
    const closed = await readWindow(opened.publicityId);
    expect(closed.status).toBe('closed');
    expect(closed.entries.map((e) => [e.nomineeName, e.status])).toEqual([
      ['生产一车间分工会', 'cleared'],
      ['生产二车间分工会', 'held'],
    ]);
  });
});

describe('republishing a reported nominee (issue 14: window 2)', () => {
  it('a chair cannot republish a nominee whose objection is under investigation to get around it', async () => {
    setProductClock(monday);
    const first = await openUnitOk({ year: 2027 });
    await objection(first.publicityId, 'e001');
    // Still open, the objection pending: a second window is refused, naming the nominee and why.
    const meanwhile = await openUnit({ year: 2027 });
    expect(meanwhile).toMatchObject({ status: 409, body: { code: 'PUBLICITY.NOMINEE_UNDER_REPORT', message: expect.stringContaining('云台新材料有限公司工会') } });
    expect(String(meanwhile.body.message)).toContain('核查');

    await closeAt(Date.parse(first.endsAt) + 60_000);
    expect((await readWindow(first.publicityId)).entries[0]?.status).toBe('held');
    const heading = '云台工会重新公示（绕开举报）';
    const second = await openUnit({ year: 2027, heading });
    expect(second).toMatchObject({ status: 409, body: { code: 'PUBLICITY.NOMINEE_UNDER_REPORT', details: [expect.objectContaining({ path: 'entries.0.nomineeRef' })] } });
    expect(await windowsHeaded(heading)).toHaveLength(0);
    // Nor slipped into another window as a late entry.
    const other = await openUnitOk({ year: 2027, entries: [entry('gu-yuntai-sub3', '研发中心分工会')] });
    expect(await addEntry(other.publicityId, entry('gu-yuntai'))).toMatchObject({ status: 409, body: { code: 'PUBLICITY.NOMINEE_UNDER_REPORT' } });
    expect((await readWindow(other.publicityId)).entries).toHaveLength(1);
  });

  it('a chair cannot republish a nominee whose report was upheld', async () => {
    setProductClock(monday);
    const first = await openUnitOk({ year: 2028 });
    const reportId = await objection(first.publicityId, 'e001', 'other');
    expect((await finding(reportId, 'substantiated')).status).toBe(200);
    await closeAt(Date.parse(first.endsAt) + 60_000);
    const again = await openUnit({ year: 2028 });
    expect(again).toMatchObject({ status: 409, body: { code: 'PUBLICITY.NOMINEE_UNDER_REPORT', message: expect.stringContaining('属实') } });
  });

  it('the unit publicity gate takes a held window over a quiet one', async () => {
    setProductClock(monday);
    const published = await call(campaign, 'POST /v1/orgs/{orgId}/campaigns', {
      as: callers.cityOrganiser,
      params: { orgId: 'city-jz' },
      body: { requestId: randomUUID(), rulesetId: 'beijing-2021', year: 2026, heading: '2026 年度模范职工之家评选', titles: ['modelHome'], recommendingUnits: [{ orgId: 'dist-jiefang', quotaName: '解放区' }], submissionDeadline: '2026-12-31' },
    });
    expect(published.status).toBe(201);
    const { campaignId } = campaignResponse.parse(published.body).campaign;
    const filed = await call(campaign, 'POST /v1/campaigns/{campaignId}/applications', { as: chair, params: { campaignId }, body: { requestId: randomUUID(), title: 'modelHome', nominee: { kind: 'org', orgId: 'gu-yuntai' } } });
    const { applicationId } = applicationResponse.parse(filed.body).application;
    // Two windows listing the union side by side; an objection arrives in the first only.
    const first = await openUnitOk({});
    const second = await openUnitOk({});
    await objection(first.publicityId, 'e001');
    await closeAt(Math.max(Date.parse(first.endsAt), Date.parse(second.endsAt)) + 60_000);
    expect((await readWindow(first.publicityId)).entries[0]?.status).toBe('held');
    expect((await readWindow(second.publicityId)).entries[0]?.status).toBe('cleared');
    const app = applicationResponse.parse((await call(campaign, 'GET /v1/applications/{applicationId}', { as: chair, params: { applicationId } })).body).application;
    expect(app.gates.find((g) => g.id === 'unitPublicity')).toMatchObject({ passed: false, explanation: expect.stringContaining('核查') });
  });
});

describe('nominees outside the publisher (issue 14: nomineeRef)', () => {
  it('a chair cannot list a nominee of another union, nor anyone the directory does not know', async () => {
    setProductClock(monday);
    const heading = '跨单位公示';
    const otherUnion = await openUnit({ heading, year: 2031, entries: [entry('gu-yuntai-m010', '云台会员'), entry('gu-renmin', '解放区人民医院工会')] });
    expect(otherUnion).toMatchObject({ status: 400, body: { code: 'REQUEST.INVALID', details: [expect.objectContaining({ path: 'entries.1.nomineeRef', message: expect.stringContaining('nomineeRef') })] } });
    const otherMember = await openUnit({ heading, year: 2031, entries: [entry('gu-renmin-m007', '人民医院会员')] });
    expect(otherMember).toMatchObject({ status: 400, body: { details: [expect.objectContaining({ path: 'entries.0.nomineeRef' })] } });
    const unknown = await openUnit({ heading, year: 2031, entries: [entry('nobody-anywhere', '查无此人')] });
    expect(unknown).toMatchObject({ status: 400, body: { details: [expect.objectContaining({ path: 'entries.0.nomineeRef' })] } });
    expect(await windowsHeaded(heading)).toHaveLength(0);

    // The union itself, its sub-unions and its members are in scope; a late entry is checked the same way.
    const own = await openUnitOk({ year: 2031, entries: [entry('gu-yuntai'), entry('gu-yuntai-sub1', '生产一车间分工会'), entry('gu-yuntai-m010', '云台会员')] });
    const late = await addEntry(own.publicityId, entry('gu-taihang', '太行智造科技有限公司工会'));
    expect(late).toMatchObject({ status: 400, body: { details: [expect.objectContaining({ path: 'nomineeRef' })] } });
    expect((await readWindow(own.publicityId)).entries).toHaveLength(3);
  });

  it('a district reviewer cannot list a nominee outside its subtree', async () => {
    setProductClock(monday);
    const res = await call(publicity, 'POST /v1/orgs/{orgId}/publicities', {
      as: callers.jiefangReviewer,
      params: { orgId: 'dist-jiefang' },
      body: { requestId: randomUUID(), level: 'recommending', rulesetId: 'guangxi-2021', year: 2031, heading: '解放区推荐名单公示', entries: [entry('gu-yuntai'), entry('gu-taihang', '太行智造科技有限公司工会')] },
    });
    expect(res).toMatchObject({ status: 400, body: { details: [expect.objectContaining({ path: 'entries.1.nomineeRef' })] } });
  });
});

describe('concurrency (issue 14: conditional writes)', () => {
  it('two chairs adding entries at once: one wins, the other gets 409 in Chinese, never 500', async () => {
    setProductClock(monday);
    const opened = await openUnitOk({ year: 2032 });
    // Both requests read the list before either writes.
    let writes = 0;
    let releaseFirst = (): void => undefined;
    const spy = await interceptWrites(async (command, send) => {
      writes += 1;
      if (writes === 1) await new Promise<void>((resolve) => (releaseFirst = resolve));
      if (writes === 2) releaseFirst();
      return send(command);
    });
    const results = await Promise.all([addEntry(opened.publicityId, entry('gu-yuntai-sub1', '生产一车间分工会')), addEntry(opened.publicityId, entry('gu-yuntai-sub2', '生产二车间分工会'), callers.yuntaiViceChair)]);
    spy.mockRestore();
    expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
    expect(results.find((r) => r.status === 409)?.body).toMatchObject({ code: 'PUBLICITY.CHANGED_MEANWHILE', message: expect.stringMatching(/刷新/) });
    const entries = (await readWindow(opened.publicityId)).entries;
    expect(entries).toHaveLength(2);
    expect(new Set(entries.map((e) => e.entryId)).size).toBe(2);
  });

  it('an investigator assigning a report cannot revert a finding made meanwhile', async () => {
    setProductClock(monday);
    const opened = await openUnitOk({ year: 2033 });
    const reportId = await objection(opened.publicityId, 'e001');
    // The finding lands between the assignment's read and its write.
    let decided = false;
    const spy = await interceptWrites(async (command, send) => {
      const writesAssignment = JSON.stringify(command.input).includes('assignedTo = :me');
      if (writesAssignment && !decided) {
        decided = true;
        spy.mockRestore();
        expect((await finding(reportId, 'substantiated')).status).toBe(200);
      }
      return send(command);
    });
    const assigned = await call(publicity, 'POST /v1/reports/{reportId}/assign', { as: investigator, params: { reportId } });
    spy.mockRestore();
    expect(decided).toBe(true);
    expect(assigned).toMatchObject({ status: 409, body: { code: 'REPORT.ALREADY_DECIDED' } });
    const detail = await call(publicity, 'GET /v1/reports/{reportId}', { as: investigator, params: { reportId } });
    expect(detail.body).toMatchObject({ status: 'substantiated', finding: expect.objectContaining({ outcome: 'substantiated' }) });
    const stored = await table.db.send(new QueryCommand({ TableName: table.tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': `REPORT#${reportId}` } }));
    expect(stored.Items?.find((i) => i.sk === 'REPORT')).toMatchObject({ status: 'substantiated' });
  });
});
