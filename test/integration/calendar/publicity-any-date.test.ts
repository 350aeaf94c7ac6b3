import { randomBytes, randomUUID } from 'node:crypto';
import { officialCalendar, publicityWindow, workingDaysLeft } from '../../../shared/calendar';
import { publicityView } from '../../../shared/api/publicity';
import { forgedMaterial } from '../../../shared/publicity/report-categories';
import { forgetCalendars } from '../../../functions/calendar/live-calendar';
import { closeDuePublicities, getPublicity } from '../../../functions/publicity/publicities';
import { handler as publicity, publicityDeps } from '../../../functions/handlers/publicity';
import { offsetToReach } from '../../../functions/time/clock';
import { createTestTable, type TestTable } from '../../support/dynamo';
import { call, callers, useTable } from '../roster/roster-support';

jest.setTimeout(120_000);

/**
 * Issue 13 acceptance 4: the whole publicity flow — open, count down, report, investigate, close by the clock —
 * with the product's clock at instants that broke or would break a test reading the real time: a working-day
 * morning, a Sunday evening, the last week of 2026 (windows reach the unannounced 2027), and two days in 2027
 * itself (before the Spring Festival; the eve of National Day). Expected figures come from the shared calendar.
 */
const instants = ['2026-12-14T09:30:00+08:00', '2026-12-13T20:00:00+08:00', '2026-12-28T10:00:00+08:00', '2027-01-29T10:00:00+08:00', '2027-09-30T10:00:00+08:00'];
const investigator = 'staff-city-2';
const calendar = officialCalendar();
let table: TestTable;

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

describe.each(instants)('the publicity flow with the clock at %s (Beijing)', (instant) => {
  const now = new Date(instant);
  let publicityId = '';

  it('opens a five-working-day window ending where the official (or provisional) calendar says, and counts down', async () => {
    process.env.ZHIJIA_CLOCK_OFFSET_MS = String(offsetToReach(instant));
    const opened = await call(publicity, 'POST /v1/orgs/{orgId}/publicities', {
      as: callers.cityOrganiser,
      params: { orgId: 'city-jz' },
      body: {
        requestId: randomUUID(),
        level: 'final',
        rulesetId: 'jiaozuo-2018',
        year: Number(instant.slice(0, 4)),
        heading: `拟表彰名单公示 ${instant}`,
        entries: [{ nomineeName: '云台新材料有限公司工会', unitName: '云台新材料有限公司', title: 'redFlagHome', summary: '职工之家建设扎实。', nomineeRef: 'gu-yuntai' }],
      },
    });
    expect(opened.status).toBe(201);
    const view = publicityView.parse(opened.body.publicity);
    publicityId = view.publicityId;
    const expected = publicityWindow(now, 5, calendar);
    // The clock runs on from the instant it was set to.
    expect(Date.parse(view.opensAt) - now.getTime()).toBeGreaterThanOrEqual(0);
    expect(Date.parse(view.opensAt) - now.getTime()).toBeLessThan(60_000);
    expect(view.endsAt).toBe(expected.endsAt.toISOString());
    expect(view.provisional).toBe(expected.provisional);
    expect(view.provisional).toBe(instant >= '2026-12-24'); // from then on a window reaches 2027, not yet announced
    expect(view.status).toBe('open');
    expect(view.workingDaysLeft).toBe(workingDaysLeft(now, expected.endsAt, calendar));
    // Today counts while it lasts when it is a working day; then the five full days.
    expect(view.workingDaysLeft).toBe(5 + (calendar.isWorkingDay(now) ? 1 : 0));
  });

  it('takes a report, which the investigator finds untrue', async () => {
    const filed = await call(publicity, 'POST /v1/publicities/{publicityId}/entries/{entryId}/reports', {
      params: { publicityId, entryId: 'e001' },
      body: { requestId: randomUUID(), category: forgedMaterial, description: '申报材料中的职代会记录系事后补写，与实际不符。' },
    });
    expect(filed).toMatchObject({ status: 201, body: { kind: 'objection' } });
    const reports = await call(publicity, 'GET /v1/reports', { as: investigator });
    const report = (reports.body.reports as { reportId: string; publicityId?: string; publicityHeading: string }[]).find((r) => r.publicityHeading === `拟表彰名单公示 ${instant}`);
    expect(report).toBeDefined();
    const reportId = String(report?.reportId);
    expect((await call(publicity, 'POST /v1/reports/{reportId}/assign', { as: investigator, params: { reportId } })).status).toBe(200);
    const finding = await call(publicity, 'POST /v1/reports/{reportId}/finding', {
      as: investigator,
      params: { reportId },
      body: { outcome: 'unsubstantiated', reason: '经调阅职代会原始记录，内容真实完整。', article: '四、（一）' },
    });
    expect(finding.status).toBe(200);
  });

  it('is closed by the clock at its end, not a minute before, and the nominee is cleared', async () => {
    const deps = await publicityDeps();
    const endsAt = Date.parse(publicityView.parse((await call(publicity, 'GET /v1/publicities/{publicityId}', { params: { publicityId } })).body.publicity).endsAt);
    await closeDuePublicities(deps, new Date(endsAt - 60_000));
    expect((await getPublicity(deps, publicityId))?.record.closed).toBe(false);
    await closeDuePublicities(deps, new Date(endsAt));
    const closed = await getPublicity(deps, publicityId);
    expect(closed?.record.closed).toBe(true);
    expect(closed?.entries[0]?.status).toBe('cleared');
  });
});
