import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { GetCommand, PutCommand, ScanCommand, type ScanCommandOutput } from '../../../functions/storage/document-client';
import { holidayExtensions } from '../../../config/holidays';
import { officialCalendar } from '../../../shared/calendar';
import { openPublicityRequest, type FileReportResponse } from '../../../shared/api/publicity';
import { forgedMaterial } from '../../../shared/publicity/report-categories';
import { assignReport, listReports, messageReporter, recordFinding } from '../../../functions/publicity/investigation';
import { openPublicity, type PublicityDeps } from '../../../functions/publicity/publicities';
import { localKeyWrapper, open } from '../../../functions/publicity/reporter-envelope';
import { deliverReporterNotices, dueReporterNotices } from '../../../functions/publicity/reporter-notices';
import { personalDataCipher } from '../../../functions/privacy/personal-data';
import { dynamoDirectory } from '../../../functions/storage/dynamo-directory';
import { keys } from '../../../functions/storage/keys';
import { signSession } from '../../../functions/auth/session-token';
import { dispatchDueNotices, type DispatchDeps } from '../../../functions/notify/dispatcher';
import { deadNotices, outboxKey } from '../../../functions/notify/outbox';
import { recordSubscriptionResults } from '../../../functions/notify/subscriptions';
import { accessTokenProvider } from '../../../functions/wechat/access-token';
import { sendSubscribeMessage } from '../../../functions/wechat/subscribe-message';
import { handler as publicity } from '../../../functions/handlers/publicity';
import { handler as inboxApi } from '../../../functions/handlers/inbox';
import { registerLocalTemplates } from '../../../scripts/local/local-stack';
import { startWechatStandin, type WeChatStandin } from '../../../scripts/local/wechat-standin';
import { createTestTable, type TestTable } from '../../support/dynamo';
import { httpEvent, jsonOf } from '../../support/http-event';
import { setProductClock, systemNow } from '../../support/product-clock';

/*
 * Issue 15, acceptance 1: after reports with updates, rate-limit hits, a failed WeChat delivery and the investigation,
 * the whole table (and the ballot box beside it) and every log line of the run hold nothing that joins a reporter to
 * a report — unless sealed under the report's own envelope.
 */
jest.setTimeout(120_000);

const sessionSecret = 'anonymity-test-session-secret-0123456789';
const reporterKey = randomBytes(32).toString('base64url');
const watcherKey = randomBytes(32).toString('base64url');
const personalDataKey = randomBytes(32).toString('base64url');
const reportTemplateId = 'local-report-status';
const reporterMember = 'gu-yuntai-m007';
const reporterIp = '10.77.0.7';
const visitorIp = '10.88.0.8';
const organiser = { memberId: 'staff-city-1', openid: 'o-organiser' };
const investigator = { memberId: 'staff-city-2', openid: 'o-investigator' };

let table: TestTable;
let wechat: WeChatStandin;
let deps: PublicityDeps;
let dispatch: DispatchDeps;
let reporterOpenid: string;
const logLines: string[] = [];

beforeAll(async () => {
  table = await createTestTable({ seed: true });
  wechat = await startWechatStandin({ appid: 'wx-test', secret: 'wechat-test-secret' });
  registerLocalTemplates(wechat);
  Object.assign(process.env, {
    STAGE: 'local',
    TABLE_NAME: table.tableName,
    DYNAMODB_ENDPOINT: table.endpoint,
    SESSION_SECRET: sessionSecret,
    PERSONAL_DATA_KEY: personalDataKey,
    REPORTER_KEY: reporterKey, WATCHER_KEY: watcherKey,
    WECHAT_API_BASE: wechat.url,
    WECHAT_APPID: 'wx-test',
    WECHAT_APP_SECRET: 'wechat-test-secret',
    LOG_LEVEL: 'info',
  });
  // Every log line of the run, whatever the level.
  for (const level of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    jest.spyOn(console, level).mockImplementation((...args: unknown[]) => void logLines.push(args.map(String).join(' ')));
  }
  deps = { db: table.db, table: table.tableName, directory: dynamoDirectory(table.db, table.tableName), calendar: officialCalendar(holidayExtensions), keys: localKeyWrapper(reporterKey), watcherKeys: localKeyWrapper(watcherKey), cipher: personalDataCipher(personalDataKey), now: systemNow };
  const config = { baseUrl: wechat.url, appid: 'wx-test', secret: 'wechat-test-secret', miniprogramState: 'developer' as const };
  const tokens = accessTokenProvider(config, table.db, table.tableName);
  dispatch = { db: table.db, table: table.tableName, stage: 'local', send: (message) => sendSubscribeMessage(config, tokens, message), maxAttempts: 2 };
  const member = await table.db.send(new GetCommand({ TableName: table.tableName, Key: keys.member(reporterMember) }));
  reporterOpenid = String(member.Item?.openid);
});
afterAll(async () => {
  process.env.LOG_LEVEL = 'silent';
  jest.restoreAllMocks();
  await wechat.close();
  await table.drop();
});

// ---- driving the real HTTP handler ---------------------------------------------------------------------------------

async function fileOverHttp(publicityId: string, entryId: string, sourceIp: string, body: Record<string, unknown>, as?: { memberId: string; openid: string }) {
  const path = `/v1/publicities/${publicityId}/entries/${entryId}/reports`;
  const token = as ? (await signSession(as, sessionSecret, 'local')).token : undefined;
  const event = httpEvent('POST', path, { body, ...(token ? { headers: { authorization: `Bearer ${token}` } } : {}) });
  const routeKey = 'POST /v1/publicities/{publicityId}/entries/{entryId}/reports';
  const result = await publicity({ ...event, routeKey, requestContext: { ...event.requestContext, routeKey, http: { ...event.requestContext.http, sourceIp } }, pathParameters: { publicityId, entryId } });
  return jsonOf(result) as { status: number; body: FileReportResponse & Record<string, unknown> };
}

async function followUpOverHttp(receipt: string, sourceIp: string) {
  const event = httpEvent('POST', '/v1/report-followups', { body: { receipt } });
  return jsonOf(await publicity({ ...event, routeKey: 'POST /v1/report-followups', requestContext: { ...event.requestContext, routeKey: 'POST /v1/report-followups', http: { ...event.requestContext.http, sourceIp } } }));
}

/** A JPEG as a phone takes it: EXIF with GPS before the picture. */
function phonePhoto(): string {
  const seg = (marker: number, body: Buffer) => Buffer.concat([Buffer.from([0xff, marker, (body.length + 2) >> 8, (body.length + 2) & 0xff]), body]);
  const jpeg = Buffer.concat([
    Buffer.from([0xff, 0xd8]),
    seg(0xe1, Buffer.from('Exif\u0000\u0000GPSLatitude 39.9087N GPSLongitude 116.3975E Model HUAWEI-P40', 'latin1')),
    seg(0xdb, Buffer.concat([Buffer.from([0]), Buffer.alloc(64, 1)])),
    seg(0xc0, Buffer.from([8, 0, 8, 0, 8, 1, 1, 0x11, 0])),
    seg(0xda, Buffer.from([1, 1, 0, 0, 63, 0])),
    Buffer.from([0x12, 0x34, 0xff, 0x00, 0x56]),
    Buffer.from([0xff, 0xd9]),
  ]);
  return `data:image/jpeg;base64,${jpeg.toString('base64')}`;
}

const description = '该单位申报材料中的职代会记录系事后补写，与实际不符，请核查。';

// ---- what counts as naming the reporter ----------------------------------------------------------------------------

/** An identifier and the deterministic forms a careless store would keep it in: hex, base64, and common digests. */
function formsOf(value: string): string[] {
  const raw = Buffer.from(value, 'utf8');
  const forms = new Set<string>([value.toLowerCase(), raw.toString('hex'), raw.toString('base64').replace(/=+$/, ''), raw.toString('base64url')]);
  for (const algorithm of ['sha256', 'sha1', 'md5', 'sha512']) {
    const digest = createHash(algorithm).update(raw).digest();
    // A 16-character prefix catches truncated keys (`hashOf(...).slice(0, 32)`) too.
    for (const text of [digest.toString('hex'), digest.toString('base64'), digest.toString('base64url')]) forms.add(text.slice(0, 16).toLowerCase());
  }
  return [...forms];
}

async function scanAll(tableName: string): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let start: ScanCommandOutput['LastEvaluatedKey'];
  do {
    const page = await table.db.send(new ScanCommand({ TableName: tableName, ExclusiveStartKey: start, ConsistentRead: true }));
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}

describe('a database dump and the logs after reports, updates, rate limits and a failed delivery', () => {
  it('hold nothing that joins a reporter to a report outside that report\'s envelope', async () => {
    // Prepare: a public final list; the reporter grants WeChat two report-progress messages.
    setProductClock('2026-11-23T10:00:00+08:00');
    const view = await openPublicity(deps, organiser, 'city-jz', openPublicityRequest.parse({
      requestId: randomUUID(), level: 'final', rulesetId: 'beijing-2021', year: 2026, heading: '2026 年度模范职工之家拟表彰名单公示',
      entries: [{ nomineeName: '云台新材料有限公司工会', unitName: '云台新材料有限公司', title: 'modelHome', summary: '建立职代会制度，职工满意率高。', nomineeRef: 'gu-yuntai' }],
    }));
    const reporter = { memberId: reporterMember, openid: reporterOpenid };
    await recordSubscriptionResults(table.db, table.tableName, reporterMember, 'local', { [reportTemplateId]: 'accept' });
    await recordSubscriptionResults(table.db, table.tableName, reporterMember, 'local', { [reportTemplateId]: 'accept' });
    wechat.grant(reporterOpenid, reportTemplateId, 2);

    // Act 1: the logged-in reporter files with updates, a contact and a phone photo; then a replay.
    setProductClock('2026-11-23T10:05:00+08:00');
    const request = { requestId: randomUUID(), category: forgedMaterial, description, evidence: [phonePhoto()], contact: '手机 13912345678', notifyMe: true };
    const first = await fileOverHttp(view.publicityId, 'e001', reporterIp, request, reporter);
    expect(first.status).toBe(201);
    if (first.body.status !== '已受理') throw new Error('not filed');
    const receipt = first.body.receipt.replace(/-/g, '');
    const replay = await fileOverHttp(view.publicityId, 'e001', reporterIp, request, reporter);
    expect(replay).toEqual({ status: 200, body: { status: '已提交', kind: 'objection', message: expect.any(String) } });
    expect(JSON.stringify(replay.body)).not.toContain(receipt.slice(0, 8));

    // Act 2: rate limits hit: the same account asking for updates (5 an hour), an anonymous network (10 an hour).
    const receipts = [receipt];
    for (let i = 0; i < 4; i += 1) {
      const more = await fileOverHttp(view.publicityId, 'e001', reporterIp, { requestId: randomUUID(), category: 'other', description, notifyMe: true }, reporter);
      expect(more.status).toBe(201);
      if (more.body.status === '已受理') receipts.push(more.body.receipt.replace(/-/g, ''));
    }
    const accountLimited = await fileOverHttp(view.publicityId, 'e001', reporterIp, { requestId: randomUUID(), category: 'other', description, notifyMe: true }, reporter);
    expect(accountLimited).toMatchObject({ status: 429, body: { code: 'REPORT.RATE_LIMITED' } });
    for (let i = 0; i < 10; i += 1) {
      const anonymous = await fileOverHttp(view.publicityId, 'e001', visitorIp, { requestId: randomUUID(), category: 'other', description });
      expect(anonymous.status).toBe(201);
      if (anonymous.body.status === '已受理') receipts.push(anonymous.body.receipt.replace(/-/g, ''));
    }
    expect(await fileOverHttp(view.publicityId, 'e001', visitorIp, { requestId: randomUUID(), category: 'other', description })).toMatchObject({ status: 429, body: { code: 'REPORT.RATE_LIMITED', message: expect.stringContaining('同一网络') } });
    expect((await followUpOverHttp(receipt, reporterIp)).status).toBe(200);

    // Act 3: the investigation moves the watched report three times; the reporter's notice waits beside it.
    setProductClock('2026-11-23T11:00:00+08:00');
    const { reports } = await listReports(deps, investigator);
    const ours = reports.filter((r) => r.publicityId === view.publicityId);
    expect(ours).toHaveLength(15);
    const reportIds = ours.map((r) => r.reportId);
    const watched = (await Promise.all(reportIds.map(async (id) => ((await table.db.send(new GetCommand({ TableName: table.tableName, Key: { pk: `REPORT#${id}`, sk: 'REPORT' } }))).Item ?? {}))))
      .filter((item) => typeof item.watcherSealed === 'string')
      .map((item) => String(item.reportId));
    expect(watched).toHaveLength(5);
    const target = watched[0] as string;
    const assignedAt = systemNow();
    await assignReport(deps, investigator, target);
    await messageReporter(deps, investigator, target, '请补充职代会记录的照片或相关人员姓名。');
    await recordFinding(deps, investigator, target, { outcome: 'unsubstantiated', reason: '经调阅考勤与会议记录，举报内容与事实不符。', article: '第十五条' });
    const due = (await scanAll(table.tableName)).filter((i) => i.gsi2pk === dueReporterNotices);
    expect(due).toHaveLength(1);
    const dueAt = Date.parse(String(due[0]?.gsi2sk).split('#')[0] ?? '');
    // Decoupled from the change's audit event: at least 20 minutes later, at a random time.
    expect(dueAt - assignedAt.getTime()).toBeGreaterThanOrEqual(20 * 60_000);
    expect(await deliverReporterNotices({ ...dispatch, watcherKeys: deps.watcherKeys }, assignedAt)).toEqual({});

    // Act 4: WeChat fails the first send (busy); a later run sends it. Other notices are dispatched as usual.
    const sendsBefore = wechat.calls('/cgi-bin/message/subscribe/send');
    wechat.failNext('/cgi-bin/message/subscribe/send', -1, 'system error');
    let later = new Date(assignedAt.getTime() + 7 * 3600_000);
    expect(await deliverReporterNotices({ ...dispatch, watcherKeys: deps.watcherKeys }, later)).toEqual({ retry: 1 });
    later = new Date(later.getTime() + 7 * 3600_000);
    expect(await deliverReporterNotices({ ...dispatch, watcherKeys: deps.watcherKeys }, later)).toEqual({ sent: 1 });
    expect(wechat.calls('/cgi-bin/message/subscribe/send') - sendsBefore).toBe(2);
    // A second watched report whose message WeChat rejects for good (40003): given up, logged naming nobody.
    await assignReport(deps, investigator, watched[1] as string);
    wechat.failNext('/cgi-bin/message/subscribe/send', 40003, 'invalid openid');
    later = new Date(later.getTime() + 7 * 3600_000);
    expect(await deliverReporterNotices({ ...dispatch, watcherKeys: deps.watcherKeys }, later)).toEqual({ dropped: 1 });
    await dispatchDueNotices(dispatch, later);

    // Assess: every item of every table, and every log line.
    const items = [...(await scanAll(table.tableName)), ...(await scanAll(table.ballotBoxTableName))];
    const texts = items.map((item) => JSON.stringify(item).toLowerCase());
    const reporterForms = [...formsOf(reporterMember), ...formsOf(reporterOpenid), ...formsOf(reporterIp), ...formsOf(visitorIp)];
    const reportMarks = [...reportIds, ...receipts, ...receipts.map((r) => createHash('sha256').update(`report-receipt\u0000${r}`).digest('hex'))].map((m) => m.toLowerCase());
    const joining = texts.filter((t) => reporterForms.some((f) => t.includes(f)) && reportMarks.some((m) => t.includes(m)));
    expect(joining).toEqual([]);
    // The network addresses are nowhere at all, in no form; nor the contact or the photo's GPS.
    const addressForms = [...formsOf(reporterIp), ...formsOf(visitorIp)];
    expect(texts.filter((t) => addressForms.some((f) => t.includes(f)))).toEqual([]);
    expect(texts.filter((t) => t.includes('13912345678') || t.includes('gpslatitude') || t.includes('huawei'))).toEqual([]);
    // What does name the reporter carries no time near their filing (which a report's filedAt would match).
    const filedAt = Date.parse('2026-11-23T10:05:00+08:00');
    const timed = texts.filter((t) => reporterForms.some((f) => t.includes(f)) && (t.match(/\d{4}-\d\d-\d\dt\d\d:\d\d:\d\d(\.\d+)?z/g) ?? []).some((s) => Math.abs(Date.parse(s.toUpperCase()) - filedAt) < 3 * 3600_000));
    expect(timed).toEqual([]);
    // The rate limits did count (keyed), and no report notice stands in the outbox.
    expect(items.filter((i) => String(i.pk).startsWith('RATE#report#ip#')).length).toBeGreaterThanOrEqual(2);
    expect(items.filter((i) => String(i.pk).startsWith('RATE#report#account#'))).toHaveLength(1);
    expect(items.filter((i) => i.entity === 'outbox' && i.templateKey === 'report.statusChanged')).toEqual([]);
    expect(items.filter((i) => String(i.pk).startsWith('INBOX#') && JSON.stringify(i).includes('举报处理进展'))).toEqual([]);

    const lines = logLines.map((l) => l.toLowerCase());
    expect(lines.filter((l) => l.includes('reporter notice given up'))).toHaveLength(1);
    expect(lines.filter((l) => l.includes('subscribe message rejected'))).toHaveLength(1);
    expect(lines.filter((l) => reporterForms.some((f) => l.includes(f)))).toEqual([]);
    expect(lines.filter((l) => reporterForms.some((f) => l.includes(f)) && reportMarks.some((m) => l.includes(m)))).toEqual([]);
  });

  it('leaves a report notice out of the organisers\' dead-letter view, even one dead-lettered before this change', async () => {
    // Prepare: a dead outbox row as the old code wrote it (a reporter's member id beside report.statusChanged).
    const at = systemNow().toISOString();
    for (const [noticeId, templateKey] of [['reportwatch#old:gu-yuntai-m007', 'report.statusChanged'], ['application#a1#returned:gu-yuntai-m007', 'application.statusChanged']] as const) {
      await table.db.send(new PutCommand({ TableName: table.tableName, Item: { ...outboxKey(noticeId), entity: 'outbox', noticeId, recipientId: reporterMember, templateKey, params: {}, createdAt: at, status: 'dead', attempts: 6, lastError: 'simulated', gsi2pk: deadNotices, gsi2sk: `${at}#${noticeId}` } }));
    }
    // Act
    const { token } = await signSession(organiser, sessionSecret, 'local');
    const dead = jsonOf(await inboxApi(httpEvent('GET', '/v1/notices/dead', { headers: { authorization: `Bearer ${token}` } })));
    // Assess
    expect(dead.status).toBe(200);
    const shown = dead.body.notices as { templateKey: string }[];
    expect(shown.map((n) => n.templateKey)).toContain('application.statusChanged');
    expect(shown.map((n) => n.templateKey)).not.toContain('report.statusChanged');
  });

  it('gives the clock\'s key (the watcher key) the reporter to notify and nothing else of the report', async () => {
    // Prepare: a logged-in reporter files with a contact and asks for updates.
    setProductClock('2026-11-24T09:00:00+08:00');
    const view = await openPublicity(deps, organiser, 'city-jz', openPublicityRequest.parse({
      requestId: randomUUID(), level: 'final', rulesetId: 'beijing-2021', year: 2026, heading: '2026 年度模范职工之家拟表彰名单公示（第二批）',
      entries: [{ nomineeName: '丰收路街道联合工会', unitName: '丰收路街道', title: 'modelHome', summary: '组织职工技能竞赛。', nomineeRef: 'gu-fengshou' }],
    }));
    const filed = await fileOverHttp(view.publicityId, 'e001', '10.99.0.9', { requestId: randomUUID(), category: 'other', description, contact: '微信 lm-2026', notifyMe: true }, { memberId: reporterMember, openid: reporterOpenid });
    expect(filed.status).toBe(201);
    const { reports } = await listReports(deps, investigator);
    const mine = reports.filter((r) => r.publicityId === view.publicityId);
    expect(mine).toHaveLength(1);
    const item = (await table.db.send(new GetCommand({ TableName: table.tableName, Key: { pk: `REPORT#${mine[0]?.reportId}`, sk: 'REPORT' } }))).Item as Record<string, string>;

    // Act + assess: the watcher key opens the watcher's own data key, and that key opens who to notify ...
    const watcherDataKey = await deps.watcherKeys.unwrap(item.watcherKey as string);
    expect(open(watcherDataKey, item.watcherSealed as string).toString('utf8')).toBe(reporterMember);
    // ... but not the contact, the account or the receipt, nor the report's own data key;
    for (const field of ['contactSealed', 'accountSealed', 'receiptSealed']) expect(() => open(watcherDataKey, item[field] as string)).toThrow();
    await expect(deps.watcherKeys.unwrap(item.wrappedKey as string)).rejects.toThrow();
    // and the identity key cannot stand in for the watcher key either (two keys, not one under two names).
    await expect(deps.keys.unwrap(item.watcherKey as string)).rejects.toThrow();
    expect(item.watcherKey).not.toBe(item.wrappedKey);
  });
});
