import { randomBytes, randomUUID } from 'node:crypto';
import { QueryCommand, ScanCommand } from '../../../functions/storage/document-client';
import { calendarYearView, saveArrangementResponse, type SaveArrangementRequest } from '../../../shared/api/calendar';
import { publicityView } from '../../../shared/api/publicity';
import { forgedMaterial } from '../../../shared/publicity/report-categories';
import { auditKeys } from '../../../functions/audit/audit-items';
import { forgetCalendars } from '../../../functions/calendar/live-calendar';
import { closeDuePublicities } from '../../../functions/publicity/publicities';
import { handler as calendar } from '../../../functions/handlers/calendar';
import { handler as publicity, publicityDeps } from '../../../functions/handlers/publicity';
import { offsetToReach } from '../../../functions/time/clock';
import { createTestTable, type TestTable } from '../../support/dynamo';
import { httpEvent } from '../../support/http-event';
import { call, callers, useTable } from '../roster/roster-support';

jest.setTimeout(120_000);

let table: TestTable;
const operator = callers.cityOrganiser; // the seed gives the city organiser the operator role on the local stage
const at = (iso: string): void => {
  process.env.ZHIJIA_CLOCK_OFFSET_MS = String(offsetToReach(iso));
};

beforeAll(async () => {
  table = await createTestTable({ seed: true });
  useTable(table);
  process.env.REPORTER_KEY = randomBytes(32).toString('base64url');
  process.env.WATCHER_KEY = randomBytes(32).toString('base64url');
  forgetCalendars();
});
afterAll(async () => {
  delete process.env.ZHIJIA_CLOCK_OFFSET_MS;
  await table.drop();
});

// FICTIONAL TEST DATA: not the State Council's 2027 notice (unpublished when this was written). 2027-01-05 and
// 01-06 are made-up days off so that a window opened on 2026-12-28 ends later than its provisional end.
const fictional2027 = (overrides: Partial<SaveArrangementRequest> = {}): SaveArrangementRequest => ({
  year: 2027,
  title: '测试用虚构安排（非国务院通知）',
  documentNumber: '测试〔2026〕1号',
  publishedOn: '2026-12-01',
  holidays: ['2027-01-01', '2027-01-02', '2027-01-03', '2027-01-05', '2027-01-06', '2027-02-05', '2027-02-06', '2027-02-07', '2027-02-08', '2027-02-09', '2027-04-05', '2027-05-01', '2027-05-02', '2027-06-09', '2027-09-15', '2027-10-01', '2027-10-02', '2027-10-03'],
  workdays: [],
  expectedVersion: 0,
  ...overrides,
});

async function openFinalList(heading: string): Promise<{ publicityId: string; endsAt: string; provisional: boolean; workingDaysLeft: number }> {
  const opened = await call(publicity, 'POST /v1/orgs/{orgId}/publicities', {
    as: operator,
    params: { orgId: 'city-jz' },
    body: {
      requestId: randomUUID(),
      level: 'final',
      rulesetId: 'jiaozuo-2018',
      year: 2026,
      heading,
      entries: [{ nomineeName: '云台新材料有限公司工会', unitName: '云台新材料有限公司', title: 'redFlagHome', summary: '职工之家建设扎实。', nomineeRef: 'gu-yuntai' }],
    },
  });
  expect(opened.status).toBe(201);
  return publicityView.parse(opened.body.publicity);
}

describe('the year 2027 before and after its arrangement is entered', () => {
  let windowId = '';
  let receipt = '';

  it('opens a window reaching into 2027 with a provisional end (no 503), counted conservatively', async () => {
    at('2026-12-28T10:00:00+08:00'); // a Monday
    const view = await openFinalList('2026 年度红旗职工之家拟表彰名单公示（跨年）');
    windowId = view.publicityId;
    // 12-29, 12-30, (12-31 perhaps 元旦, 01-01 元旦, 01-02/03 weekend) 01-04, 01-05, 01-06.
    expect(view.endsAt).toBe('2027-01-06T16:00:00.000Z');
    expect(view.provisional).toBe(true);
    expect(view.workingDaysLeft).toBe(6);
    const filed = await call(publicity, 'POST /v1/publicities/{publicityId}/entries/{entryId}/reports', {
      params: { publicityId: windowId, entryId: 'e001' },
      body: { requestId: randomUUID(), category: forgedMaterial, description: '申报材料中的职代会记录系事后补写，与实际不符。' },
    });
    expect(filed.status).toBe(201);
    receipt = String(filed.body.receipt);
  });

  it('is counted provisionally on the public calendar read, with an ETag the client revalidates (304)', async () => {
    const event = { ...httpEvent('GET', '/v1/calendar/years/2027'), routeKey: 'GET /v1/calendar/years/{year}', pathParameters: { year: '2027' } };
    const read = await calendar(event);
    expect(read.statusCode).toBe(200);
    const view = calendarYearView.parse(JSON.parse(String(read.body)));
    expect(view).toMatchObject({ year: 2027, basis: 'provisional', basisLabel: '暂按法定节假日推算', origin: null });
    expect(view.makeUpWorkdays).toEqual([]);
    const etag = String(read.headers?.etag);
    const again = await calendar({ ...event, headers: { ...event.headers, 'if-none-match': etag } });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBeUndefined();
  });

  it('refuses anyone but an operator (a chair, a district reviewer), changing nothing', async () => {
    for (const who of [callers.yuntaiChair, callers.jiefangReviewer]) {
      const refused = await call(calendar, 'PUT /v1/calendar/arrangements/{year}', { as: who, params: { year: '2027' }, body: fictional2027() });
      expect(refused).toMatchObject({ status: 403, body: { code: 'CALENDAR.OPERATOR_ONLY' } });
      expect((await call(calendar, 'GET /v1/calendar/arrangements', { as: who })).status).toBe(403);
    }
  });

  it('refuses a make-up workday on a weekday and a day outside the year, naming the field, saving nothing', async () => {
    const bad = await call(calendar, 'PUT /v1/calendar/arrangements/{year}', { as: operator, params: { year: '2027' }, body: fictional2027({ workdays: ['2027-01-04'], holidays: ['2026-06-01', '2027-01-01'] }) });
    expect(bad.status).toBe(400);
    expect(bad.body.details).toEqual(expect.arrayContaining([
      { path: 'workdays[0]', message: '调休上班日 2027-01-04 应为周六或周日' },
      expect.objectContaining({ path: 'holidays[0]', message: expect.stringContaining('不在 2027 年内') }),
    ]));
    const listed = await call(calendar, 'GET /v1/calendar/arrangements', { as: operator });
    expect(listed.body.years).toEqual(expect.arrayContaining([expect.objectContaining({ year: 2027, basis: 'provisional', version: 0 })]));
  });

  it('previews with a warning naming the statutory festival left out (国庆节), saving nothing', async () => {
    const { expectedVersion: _v, ...input } = fictional2027({ holidays: fictional2027().holidays.filter((d) => !d.startsWith('2027-10')) });
    const preview = await call(calendar, 'POST /v1/calendar/arrangements/preview', { as: operator, body: input });
    expect(preview.status).toBe(200);
    expect(preview.body.warnings).toEqual([expect.objectContaining({ festival: '国庆节', days: ['2027-10-01', '2027-10-02', '2027-10-03'], message: expect.stringContaining('国务院令第795号') })]);
    expect(preview.body.calendar).toMatchObject({ basis: 'official', origin: 'operator' });
  });

  it('saves the year: the open window is extended, its people told, the reporter hears by receipt, all audited', async () => {
    at('2026-12-30T15:00:00+08:00');
    const saved = await call(calendar, 'PUT /v1/calendar/arrangements/{year}', { as: operator, params: { year: '2027' }, body: fictional2027() });
    expect(saved.status).toBe(200);
    const body = saveArrangementResponse.parse(saved.body);
    expect(body.warnings).toEqual([]);
    expect(body.recomputed.extended).toBeGreaterThanOrEqual(1);
    expect(body.calendar).toMatchObject({ basis: 'official', origin: 'operator', version: 1, notice: { documentNumber: '测试〔2026〕1号' } });

    const read = publicityView.parse((await call(publicity, 'GET /v1/publicities/{publicityId}', { params: { publicityId: windowId } })).body.publicity);
    // 12-29, 12-30, 12-31 (a working day in the entered notice), 01-04, 01-07.
    expect(read.endsAt).toBe('2027-01-07T16:00:00.000Z');
    expect(read.provisional).toBe(false);

    const audit = await table.db.send(new QueryCommand({ TableName: table.tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': auditKeys.chain('publicity', windowId) } }));
    expect(audit.Items?.map((e) => e.action)).toEqual(expect.arrayContaining(['publicity.opened', 'publicity.extended']));
    expect(audit.Items?.find((e) => e.action === 'publicity.extended')?.data).toMatchObject({ oldEndsAt: '2027-01-06T16:00:00.000Z', endsAt: '2027-01-07T16:00:00.000Z' });
    const calendarAudit = await table.db.send(new QueryCommand({ TableName: table.tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': auditKeys.chain('calendar', 'year-2027') } }));
    expect(calendarAudit.Items?.some((e) => e.action === 'calendar.arrangementSaved')).toBe(true);

    const outbox = (await table.db.send(new ScanCommand({ TableName: table.tableName, FilterExpression: 'entity = :o AND templateKey = :t', ExpressionAttributeValues: { ':o': 'outbox', ':t': 'publicity.extended' } }))).Items ?? [];
    const told = outbox.map((n) => n.recipientId);
    expect(told).toEqual(expect.arrayContaining([callers.cityOrganiser, callers.yuntaiChair])); // the publisher's side and the nominee's union
    expect(outbox[0]?.params).toMatchObject({ oldEnd: '2027-01-06 24:00（暂按法定节假日推算）', newEnd: '2027-01-07 24:00' });

    const followUp = await call(publicity, 'POST /v1/report-followups', { body: { receipt } });
    expect(followUp.status).toBe(200);
    expect(followUp.body.messages).toEqual([expect.objectContaining({ from: 'system', text: expect.stringContaining('2027-01-07 24:00') })]);
  });

  it('never shortens an announced window when a correction makes the count shorter; a correction needs a reason', async () => {
    const corrected = fictional2027({ holidays: fictional2027().holidays.filter((d) => d !== '2027-01-05' && d !== '2027-01-06'), expectedVersion: 1 });
    const noReason = await call(calendar, 'PUT /v1/calendar/arrangements/{year}', { as: operator, params: { year: '2027' }, body: corrected });
    expect(noReason).toMatchObject({ status: 400, body: { details: [expect.objectContaining({ path: 'reason' })] } });
    const saved = await call(calendar, 'PUT /v1/calendar/arrangements/{year}', { as: operator, params: { year: '2027' }, body: { ...corrected, reason: '录入有误，1月5日、6日不放假' } });
    expect(saved.status).toBe(200);
    expect(saved.body.recomputed).toMatchObject({ extended: 0 });
    const read = publicityView.parse((await call(publicity, 'GET /v1/publicities/{publicityId}', { params: { publicityId: windowId } })).body.publicity);
    expect(read.endsAt).toBe('2027-01-07T16:00:00.000Z');
  });

  it('lets only one of two operators saving at once win; the other gets 409 and nothing is lost', async () => {
    const body = fictional2027({ expectedVersion: 2, reason: '同时更正' });
    const results = await Promise.all([1, 2].map(() => call(calendar, 'PUT /v1/calendar/arrangements/{year}', { as: operator, params: { year: '2027' }, body })));
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(results.find((r) => r.status === 409)?.body).toMatchObject({ code: 'CALENDAR.VERSION_CONFLICT', message: '该年度节假日安排已被他人修改，请刷新后重试' });
    const versions = await call(calendar, 'GET /v1/calendar/arrangements/{year}/versions', { as: operator, params: { year: '2027' } });
    expect((versions.body.versions as { version: number }[]).map((v) => v.version)).toEqual([3, 2, 1]);
  });

  it('is closed by the clock only at its current end', async () => {
    const deps = await publicityDeps();
    expect(await closeDuePublicities(deps, new Date('2027-01-07T00:30:00+08:00'))).toBe(0); // past the old end
    const closed = await closeDuePublicities(deps, new Date('2027-01-08T00:00:01+08:00'));
    expect(closed).toBeGreaterThanOrEqual(1);
    at('2027-01-08T00:00:01+08:00');
    const read = publicityView.parse((await call(publicity, 'GET /v1/publicities/{publicityId}', { params: { publicityId: windowId } })).body.publicity);
    expect(read.status).toBe('closed');
  });
});
