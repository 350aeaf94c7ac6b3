import { randomBytes, randomUUID } from 'node:crypto';
import { QueryCommand, ScanCommand } from '../../../functions/storage/document-client';
import { holidayExtensions } from '../../../config/holidays';
import { officialCalendar } from '../../../shared/calendar';
import { fileReportRequest, openPublicityRequest, type FileReportResponse, type OpenPublicityRequest } from '../../../shared/api/publicity';
import { forgedMaterial } from '../../../shared/publicity/report-categories';
import { assignReport, listReports, messageReporter, recordFinding } from '../../../functions/publicity/investigation';
import { decideIdentityRequest, openIdentity, requestIdentity } from '../../../functions/publicity/identity-access';
import { addEntry, closeDuePublicities, getPublicity, openPublicity, readPublicity, type PublicityDeps } from '../../../functions/publicity/publicities';
import { fileReport, followUp, followUpMessage, reportForm } from '../../../functions/publicity/reports';
import { localKeyWrapper } from '../../../functions/publicity/reporter-envelope';
import { personalDataCipher } from '../../../functions/privacy/personal-data';
import { dynamoDirectory } from '../../../functions/storage/dynamo-directory';
import { handler as publicity } from '../../../functions/handlers/publicity';
import { createTestTable, type TestTable } from '../../support/dynamo';
import { setProductClock, systemNow } from '../../support/product-clock';
import { call, callers, personalDataKey, sessionSecret } from '../roster/roster-support';

jest.setTimeout(120_000);

let table: TestTable;
const reporterKey = randomBytes(32).toString('base64url');
const watcherKey = randomBytes(32).toString('base64url');
const organiser = { memberId: callers.cityOrganiser, openid: 'o-organiser' };
const investigator = { memberId: 'staff-city-2', openid: 'o-investigator' };
const visitor = (n: number) => ({ memberId: null, openid: `o-visitor-${n}` });
let deps: PublicityDeps;

beforeAll(async () => {
  table = await createTestTable({ seed: true });
  Object.assign(process.env, { STAGE: 'local', TABLE_NAME: table.tableName, DYNAMODB_ENDPOINT: table.endpoint, SESSION_SECRET: sessionSecret, PERSONAL_DATA_KEY: personalDataKey, REPORTER_KEY: reporterKey, WATCHER_KEY: watcherKey });
  deps = {
    db: table.db,
    table: table.tableName,
    directory: dynamoDirectory(table.db, table.tableName),
    calendar: officialCalendar(holidayExtensions),
    keys: localKeyWrapper(reporterKey), watcherKeys: localKeyWrapper(watcherKey),
    cipher: personalDataCipher(personalDataKey),
    now: systemNow,
  };
});
afterAll(async () => table.drop());

function finalList(overrides: Partial<OpenPublicityRequest> = {}) {
  return openPublicityRequest.parse({
    requestId: randomUUID(),
    level: 'final',
    rulesetId: 'beijing-2021',
    year: 2026,
    heading: '2026 年度模范职工之家拟表彰名单公示',
    entries: [
      { nomineeName: '云台新材料有限公司工会', unitName: '云台新材料有限公司', title: 'modelHome', summary: '建立职代会制度，职工满意率高。', nomineeRef: 'gu-yuntai' },
      { nomineeName: '解放区人民医院工会', unitName: '解放区人民医院', title: 'modelHome', summary: '开展职工关爱行动。', nomineeRef: 'gu-renmin' },
    ],
    ...overrides,
  });
}
/** The receipt of a report filed now (a replay has none). */
function receiptOf(filed: { body: FileReportResponse }): string {
  if (filed.body.status !== '已受理') throw new Error('no receipt: the report was filed before');
  return filed.body.receipt.replace(/-/g, '');
}
const report = (category = forgedMaterial, extra: Record<string, unknown> = {}) =>
  fileReportRequest.parse({ requestId: randomUUID(), category, description: '该单位申报材料中的职代会记录系事后补写，与实际不符。', ...extra });

describe('publicity windows on the official calendar', () => {
  it('lasts five full working days across the 2026 Spring Festival, counting the Saturday make-up day', async () => {
    // A window opens now or later, never in the past (issue 14): the clock stands at the opening.
    setProductClock('2026-02-12T09:58:00+08:00');
    const view = await openPublicity(deps, organiser, 'city-jz', finalList({ opensAt: '2026-02-12T10:00:00+08:00' }));
    expect(view.endsAt).toBe('2026-02-26T16:00:00.000Z'); // 24:00 of 2026-02-26 in Shanghai
    expect(view.workingDays).toBe(5);
  });

  it('lasts five full working days across National Day 2026 with the 10 October make-up day', async () => {
    setProductClock('2026-09-28T08:30:00+08:00');
    const view = await openPublicity(deps, organiser, 'city-jz', finalList({ opensAt: '2026-09-28T09:00:00+08:00' }));
    expect(view.endsAt).toBe('2026-10-10T16:00:00.000Z');
  });

  it('refuses fewer working days than the ruleset, naming the field and the article', async () => {
    await expect(openPublicity(deps, organiser, 'city-jz', finalList({ workingDays: 3 }))).rejects.toMatchObject({ code: 'REQUEST.INVALID', details: [expect.objectContaining({ path: 'workingDays' })] });
  });

  it('counts down in working days and is readable by anyone for a public level', async () => {
    setProductClock('2026-11-23T09:00:00+08:00'); // a Monday
    const view = await openPublicity(deps, organiser, 'city-jz', finalList());
    const read = await readPublicity(deps, undefined, view.publicityId);
    expect(read.status).toBe('open');
    expect(read.workingDaysLeft).toBe(6); // today (partial) + five full days
    expect(read.endsAt).toBe('2026-11-30T16:00:00.000Z'); // Tue–Fri and the next Monday
  });

  it('keeps a unit-level list to the union\'s members', async () => {
    // A union lists its own nominees only (issue 14): itself, its sub-unions and its members.
    const entries = [
      { nomineeName: '云台新材料有限公司工会', unitName: '云台新材料有限公司', title: 'modelHome' as const, summary: '建立职代会制度，职工满意率高。', nomineeRef: 'gu-yuntai' },
      { nomineeName: '生产一车间分工会', unitName: '云台新材料有限公司', title: 'modelHome' as const, summary: '班组民主管理扎实。', nomineeRef: 'gu-yuntai-sub1' },
    ];
    const view = await openPublicity(deps, { memberId: callers.yuntaiChair, openid: 'o-c' }, 'gu-yuntai', finalList({ level: 'unit', rulesetId: 'acftu-2020', entries }));
    await expect(readPublicity(deps, undefined, view.publicityId)).rejects.toMatchObject({ code: 'PUBLICITY.MEMBERS_ONLY' });
    await expect(readPublicity(deps, { memberId: 'gu-renmin-m007', openid: 'x' }, view.publicityId)).rejects.toMatchObject({ code: 'PUBLICITY.MEMBERS_ONLY' });
    expect((await readPublicity(deps, { memberId: callers.yuntaiMember, openid: 'y' }, view.publicityId)).audience).toBe('members');
  });
});

describe('reports', () => {
  it('files an anonymous objection with a receipt, and a re-sent request answers 已提交 without the receipt', async () => {
    setProductClock('2026-11-23T10:00:00+08:00');
    const view = await openPublicity(deps, organiser, 'city-jz', finalList());
    const form = await reportForm(deps, undefined, view.publicityId, 'e001');
    expect(form.kind).toBe('objection');
    expect(form.categories.map((c) => c.id)).toEqual(expect.arrayContaining([forgedMaterial, 'other']));
    const request = report();
    const first = await fileReport(deps, undefined, '10.0.0.1', view.publicityId, 'e001', request);
    expect(first.status).toBe(201);
    expect(receiptOf(first)).toMatch(/^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{20}$/);
    const again = await fileReport(deps, undefined, '10.0.0.1', view.publicityId, 'e001', request);
    expect(again).toEqual({ status: 200, body: { status: '已提交', kind: 'objection', message: expect.stringContaining('回执码只在首次提交成功时显示一次') } });
    const followed = await followUp(deps, '10.0.0.9', receiptOf(first));
    expect(followed).toMatchObject({ status: 'received', kind: 'objection', nomineeName: '云台新材料有限公司工会' });
  });

  it('records a report one second after the close as a supervision report routed to the organiser', async () => {
    setProductClock('2026-11-23T10:00:00+08:00');
    const view = await openPublicity(deps, organiser, 'city-jz', finalList({ year: 2031 }));
    setProductClock(Date.parse(view.endsAt) + 1000);
    const filed = await fileReport(deps, undefined, '10.0.0.2', view.publicityId, 'e002', report('other'));
    expect(filed.body.kind).toBe('supervision');
    const notices = await table.db.send(new ScanCommand({ TableName: table.tableName, FilterExpression: 'entity = :o AND templateKey = :t', ExpressionAttributeValues: { ':o': 'outbox', ':t': 'report.filed' } }));
    expect(notices.Items?.map((n) => n.recipientId)).toEqual(expect.arrayContaining([callers.cityOrganiser, 'staff-city-2']));
  });

  it('refuses bursts with 429 per network address and answers in Chinese', async () => {
    setProductClock('2026-11-23T11:00:00+08:00');
    const view = await openPublicity(deps, organiser, 'city-jz', finalList({ year: 2032 }));
    const results = await Promise.allSettled(Array.from({ length: 12 }, () => fileReport(deps, undefined, '10.9.9.9', view.publicityId, 'e001', report('other'))));
    const refused = results.filter((r) => r.status === 'rejected');
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(10);
    expect(refused).toHaveLength(2);
    expect((refused[0] as PromiseRejectedResult).reason).toMatchObject({ code: 'REPORT.RATE_LIMITED', message: expect.stringContaining('每小时') });
  });

  it('answers bad input with 400 naming the field and files nothing', async () => {
    const view = await openPublicity(deps, organiser, 'city-jz', finalList({ year: 2033, opensAt: systemNow().toISOString() }));
    const short = await call(publicity, 'POST /v1/publicities/{publicityId}/entries/{entryId}/reports', { params: { publicityId: view.publicityId, entryId: 'e001' }, body: { requestId: randomUUID(), category: 'other', description: '太短' } });
    expect(short.status).toBe(400);
    expect(short.body.details).toEqual([expect.objectContaining({ path: 'description' })]);
    const unknown = await call(publicity, 'POST /v1/publicities/{publicityId}/entries/{entryId}/reports', { params: { publicityId: view.publicityId, entryId: 'e001' }, body: { requestId: randomUUID(), category: 'nonsense', description: '这是一段足够长的举报内容，用来检查类别。' } });
    expect(unknown.status).toBe(400);
    const reports = await table.db.send(new QueryCommand({ TableName: table.tableName, IndexName: 'bySubtree', KeyConditionExpression: 'gsi3pk = :p', ExpressionAttributeValues: { ':p': 'REPORTSCOPE#city-jz' } }));
    expect((reports.Items ?? []).filter((r) => r.publicityId === view.publicityId)).toHaveLength(0);
  });
});

describe('reporter protection', () => {
  it('keeps no plaintext contact in the table, refuses a decrypt without the role, audits one with it', async () => {
    setProductClock('2026-11-24T09:00:00+08:00');
    const view = await openPublicity(deps, organiser, 'city-jz', finalList({ year: 2034 }));
    const contact = `手机 13912345678 邮箱 whistle${randomUUID().slice(0, 8)}@example.cn`;
    const filed = await fileReport(deps, { memberId: callers.yuntaiMember, openid: 'o-member' }, '10.0.0.3', view.publicityId, 'e001', report(forgedMaterial, { contact }));
    const dump = JSON.stringify((await table.db.send(new ScanCommand({ TableName: table.tableName }))).Items);
    expect(dump).not.toContain('13912345678');
    expect(dump).not.toContain('whistle');
    expect(dump).not.toContain(receiptOf(filed));

    const { reports } = await listReports(deps, investigator);
    const mine = reports.find((r) => r.publicityId === view.publicityId);
    if (!mine) throw new Error('report not listed');
    expect(mine.hasContact).toBe(true);
    for (const who of [organiser, { memberId: callers.yuntaiChair, openid: 'o-chair' }, { memberId: callers.jiefangReviewer, openid: 'o-rev' }]) {
      await expect(requestIdentity(deps, who, mine.reportId, { reason: '核实举报内容需要与举报人联系' })).rejects.toMatchObject({ code: 'IDENTITY.FORBIDDEN' });
    }
    // Four eyes (issue 15; identity-access.test.ts has the attacks): asked, approved by the custodian, opened once.
    const asked = await requestIdentity(deps, investigator, mine.reportId, { reason: '核实举报内容需要与举报人联系' });
    await decideIdentityRequest(deps, { memberId: 'staff-city-3', openid: 'o-custodian' }, asked.requestId, { decision: 'approve', reason: '理由充分，同意查看' });
    const read = await openIdentity(deps, investigator, asked.requestId);
    expect(read).toMatchObject({ contact, reporterAccount: callers.yuntaiMember });
    const audit = (await table.db.send(new ScanCommand({ TableName: table.tableName, FilterExpression: '#a = :a AND subjectId = :s', ExpressionAttributeNames: { '#a': 'action' }, ExpressionAttributeValues: { ':a': 'identity.opened', ':s': mine.reportId } }))).Items ?? [];
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ reason: '核实举报内容需要与举报人联系', actor: { memberId: 'staff-city-2', role: 'investigator' }, data: { requestId: asked.requestId } });
  });
});

describe('closing and investigating', () => {
  it('closes once when the clock runs twice at once, moving unreported nominees on and holding reported ones', async () => {
    setProductClock('2026-11-25T09:00:00+08:00');
    const view = await openPublicity(deps, organiser, 'city-jz', finalList({ year: 2035 }));
    await fileReport(deps, visitor(1), '10.0.1.1', view.publicityId, 'e001', report());
    setProductClock(Date.parse(view.endsAt) + 60_000);
    const [a, b] = await Promise.all([closeDuePublicities(deps, systemNow()), closeDuePublicities(deps, systemNow())]);
    expect(a + b).toBeGreaterThanOrEqual(1);
    const found = await getPublicity(deps, view.publicityId);
    expect(found?.entries.map((e) => [e.entryId, e.status])).toEqual([
      ['e001', 'held'],
      ['e002', 'cleared'],
    ]);
    const closedEvents = (await table.db.send(new ScanCommand({ TableName: table.tableName, FilterExpression: '#a = :a AND subjectId = :s', ExpressionAttributeNames: { '#a': 'action' }, ExpressionAttributeValues: { ':a': 'publicity.closed', ':s': view.publicityId } }))).Items ?? [];
    expect(closedEvents).toHaveLength(1);
    const told = (await table.db.send(new ScanCommand({ TableName: table.tableName, FilterExpression: 'entity = :o AND eventId = :e', ExpressionAttributeValues: { ':o': 'outbox', ':e': `publicity#${view.publicityId}#closed` } }))).Items ?? [];
    expect(told.length).toBeGreaterThan(0);
  });

  it('disqualifies a nominee on a substantiated report of forged material: no substitute, no re-application; the chair hears the outcome', async () => {
    setProductClock('2026-11-26T09:00:00+08:00');
    const view = await openPublicity(deps, organiser, 'city-jz', finalList({ year: 2027 }));
    const filed = await fileReport(deps, visitor(2), '10.0.2.2', view.publicityId, 'e001', report());
    const { reports } = await listReports(deps, investigator);
    const target = reports.find((r) => r.publicityId === view.publicityId);
    if (!target) throw new Error('not listed');
    await assignReport(deps, investigator, target.reportId);
    await messageReporter(deps, investigator, target.reportId, '请补充职代会记录的照片或相关人员姓名。');
    const seen = await followUp(deps, '10.0.2.2', receiptOf(filed));
    expect(seen.status).toBe('investigating');
    expect(seen.messages.map((m) => [m.from, m.text])).toEqual([['investigator', '请补充职代会记录的照片或相关人员姓名。']]);
    await followUpMessage(deps, '10.0.2.2', receiptOf(filed), { text: '记录中 3 月 5 日的会议当天单位放假。', evidence: [] });

    const decided = await recordFinding(deps, investigator, target.reportId, { outcome: 'substantiated', reason: '经调阅考勤与会议记录，职代会记录确系补写。', article: '第十五条' });
    expect(decided.finding).toMatchObject({ disqualified: true });
    expect((await getPublicity(deps, view.publicityId))?.entries[0]?.status).toBe('disqualified');
    await expect(recordFinding(deps, investigator, target.reportId, { outcome: 'unsubstantiated', reason: '再次认定应被拒绝的测试理由', article: '第十五条' })).rejects.toMatchObject({ code: 'REPORT.ALREADY_DECIDED' });

    const substitute = { nomineeName: '丰收路街道联合工会', unitName: '丰收路街道', title: 'modelHome' as const, summary: '递补对象。', nomineeRef: 'gu-fengshou' };
    await expect(addEntry(deps, organiser, view.publicityId, substitute)).rejects.toMatchObject({ code: 'PUBLICITY.NO_SUBSTITUTE' });
    await expect(openPublicity(deps, organiser, 'city-jz', finalList({ year: 2027 }))).rejects.toMatchObject({ code: 'PUBLICITY.NOMINEE_DISQUALIFIED' });

    const outcome = (await table.db.send(new ScanCommand({ TableName: table.tableName, FilterExpression: 'entity = :o AND eventId = :e', ExpressionAttributeValues: { ':o': 'outbox', ':e': `report#${target.reportId}#outcome` } }))).Items ?? [];
    expect(outcome.map((n) => n.recipientId).sort()).toEqual([callers.yuntaiChair, callers.yuntaiViceChair].sort());
    expect(JSON.stringify(outcome)).not.toContain('10.0.2.2');
  });

  it('lets a held nominee move on when its only objection is found untrue after the close', async () => {
    setProductClock('2026-11-27T09:00:00+08:00');
    const view = await openPublicity(deps, organiser, 'city-jz', finalList({ year: 2028 }));
    await fileReport(deps, visitor(3), '10.0.3.3', view.publicityId, 'e002', report('other'));
    setProductClock(Date.parse(view.endsAt) + 1000);
    await closeDuePublicities(deps, systemNow());
    expect((await getPublicity(deps, view.publicityId))?.entries[1]?.status).toBe('held');
    const target = (await listReports(deps, investigator)).reports.find((r) => r.publicityId === view.publicityId);
    await recordFinding(deps, investigator, target?.reportId ?? '', { outcome: 'unsubstantiated', reason: '经核查，举报内容与事实不符。', article: '第十五条' });
    expect((await getPublicity(deps, view.publicityId))?.entries[1]?.status).toBe('cleared');
  });
});
