import { randomBytes, randomUUID } from 'node:crypto';
import { GetCommand, PutCommand, QueryCommand, ScanCommand } from '../../../functions/storage/document-client';
import { holidayExtensions } from '../../../config/holidays';
import { officialCalendar } from '../../../shared/calendar';
import { fileReportRequest, openPublicityRequest } from '../../../shared/api/publicity';
import { identityRequestsResponse, identityRequestView, openedIdentityResponse } from '../../../shared/api/identity-access';
import { forgedMaterial } from '../../../shared/publicity/report-categories';
import { assignReport, messageReporter } from '../../../functions/publicity/investigation';
import { openPublicity, type PublicityDeps } from '../../../functions/publicity/publicities';
import { fileReport, followUp } from '../../../functions/publicity/reports';
import { localKeyWrapper } from '../../../functions/publicity/reporter-envelope';
import { personalDataCipher } from '../../../functions/privacy/personal-data';
import { dynamoDirectory } from '../../../functions/storage/dynamo-directory';
import { keys } from '../../../functions/storage/keys';
import { dynamoRoleBook } from '../../../functions/orgs/dynamo-org-store';
import { orgAudit } from '../../../functions/orgs/deps';
import { handler as identityAccess } from '../../../functions/handlers/identity-access';
import { handler as orgs } from '../../../functions/handlers/orgs';
import { createTestTable, type TestTable } from '../../support/dynamo';
import { setProductClock, systemNow } from '../../support/product-clock';
import { call, callers, personalDataKey, sessionSecret } from '../roster/roster-support';

/**
 * Issue 15, acceptance point 2: four-eyes access to a reporter's identity. Every attack first: the organiser who
 * grants themselves a key role, the requester who approves their own request, a second approval, a second opening,
 * a custodian out of scope, a request without a reason, an opening without approval. And point 7: a watched report
 * reassigned and messaged any number of times, each with its audit event.
 */
jest.setTimeout(120_000);

let table: TestTable;
let deps: PublicityDeps;
let publicityId: string;
const reporterKey = randomBytes(32).toString('base64url');
const watcherKey = randomBytes(32).toString('base64url');
const organiser = callers.cityOrganiser; // staff-city-1
const investigator = 'staff-city-2';
const custodian = 'staff-city-3';
/** A second investigator of the city federation (granted in the fixture: the city roster has no other staff). */
const secondInvestigator = callers.jiefangReviewer;
/** A custodian of a district federation: out of scope for a report on a city-level list. */
const districtCustodian = callers.shanyangReviewer;
const session = (memberId: string) => ({ memberId, openid: `o-${memberId}` });
let ip = 0;

async function grantDirectly(memberId: string, orgId: string, role: string): Promise<void> {
  await table.db.send(new PutCommand({ TableName: table.tableName, Item: { ...keys.role(memberId, orgId, role), entity: 'role', memberId, orgId, role, gsi1pk: keys.childOf(orgId), gsi1sk: `ROLE#${role}#${memberId}` } }));
}

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
  setProductClock('2026-11-23T09:00:00+08:00');
  await grantDirectly(secondInvestigator, 'city-jz', 'investigator');
  await grantDirectly(districtCustodian, 'dist-shanyang', 'custodian');
  const view = await openPublicity(deps, session(organiser), 'city-jz', openPublicityRequest.parse({
    requestId: randomUUID(),
    level: 'final',
    rulesetId: 'beijing-2021',
    year: 2026,
    heading: '2026 年度模范职工之家拟表彰名单公示',
    entries: [{ nomineeName: '云台新材料有限公司工会', unitName: '云台新材料有限公司', title: 'modelHome', summary: '建立职代会制度，职工满意率高。', nomineeRef: 'gu-yuntai' }],
  }));
  publicityId = view.publicityId;
});
afterAll(async () => table.drop());

/** A report filed by a logged-in member who left a contact and asked for updates; its id and receipt. */
async function filedReport(contact = `手机 139${String(randomBytes(4).readUInt32BE() % 100_000_000).padStart(8, '0')}`): Promise<{ reportId: string; receipt: string; contact: string; reporter: string }> {
  ip += 1;
  // A different member each time: an account that asks for updates may file 5 reports an hour.
  const reporter = `gu-yuntai-m${String(ip + 2).padStart(3, '0')}`;
  const filed = await fileReport(deps, session(reporter), `10.15.0.${ip}`, publicityId, 'e001', fileReportRequest.parse({ requestId: randomUUID(), category: forgedMaterial, description: '该单位申报材料中的职代会记录系事后补写，与实际不符。', contact, notifyMe: true }));
  if (!('receipt' in filed.body)) throw new Error('no receipt on the first answer');
  const receipt = filed.body.receipt.replace(/-/g, '');
  const stored = await scanAll({ FilterExpression: 'entity = :r AND publicityId = :p', ExpressionAttributeValues: { ':r': 'report', ':p': publicityId } });
  const reportIds = new Set(stored.map((i) => String(i.reportId)));
  for (const known of seenReports) reportIds.delete(known);
  const [reportId] = [...reportIds];
  if (!reportId) throw new Error('report not stored');
  seenReports.add(reportId);
  return { reportId, receipt, contact, reporter };
}
const seenReports = new Set<string>();

/** Every item that matches, across Scan pages (a page stops at 1 MB; the seeded table is bigger). */
async function scanAll(filter?: { FilterExpression: string; ExpressionAttributeValues: Record<string, unknown> }): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await table.db.send(new ScanCommand({ TableName: table.tableName, ...filter, ExclusiveStartKey: start }));
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}

const ask = (as: string, reportId: string, body: unknown) => call(identityAccess, 'POST /v1/reports/{reportId}/identity-requests', { as, params: { reportId }, body });
const decide = (as: string, requestId: string, decision: 'approve' | 'refuse', reason = '理由充分，同意查看') => call(identityAccess, 'POST /v1/identity-requests/{requestId}/decision', { as, params: { requestId }, body: { decision, reason } });
const openIt = (as: string, requestId: string) => call(identityAccess, 'POST /v1/identity-requests/{requestId}/open', { as, params: { requestId } });
async function asked(reportId: string, as = investigator): Promise<string> {
  const res = await ask(as, reportId, { reason: '需电话核实举报所述会议时间与地点' });
  expect(res.status).toBe(201);
  return identityRequestView.parse(res.body.request).requestId;
}
async function trail(reportId: string): Promise<Record<string, unknown>[]> {
  return scanAll({ FilterExpression: 'entity = :e AND subjectId = :s', ExpressionAttributeValues: { ':e': 'auditEvent', ':s': reportId } });
}
const identityActions = async (reportId: string) => (await trail(reportId)).map((e) => String(e.action)).filter((a) => a.startsWith('identity.')).sort();
const requestItem = async (requestId: string) => (await table.db.send(new GetCommand({ TableName: table.tableName, Key: { pk: `IDREQ#${requestId}`, sk: 'REQUEST' }, ConsistentRead: true }))).Item;

describe('nobody grants themselves a key to reporters\u2019 identities', () => {
  it('refuses an organiser who grants themselves investigator or custodian with 403, and writes no role', async () => {
    for (const role of ['investigator', 'custodian']) {
      const res = await call(orgs, 'POST /v1/orgs/{orgId}/roles', { as: organiser, params: { orgId: 'city-jz' }, body: { memberId: organiser, role, reason: '自己兼任' } });
      expect(res.status).toBe(403);
      expect(res.body).toMatchObject({ code: 'ROLE.SELF_GRANT', message: expect.stringContaining('不能给自己授予') });
      expect((await table.db.send(new GetCommand({ TableName: table.tableName, Key: keys.role(organiser, 'city-jz', role) }))).Item).toBeUndefined();
    }
  });

  it('refuses to make the investigator a custodian of the same org, and the custodian an investigator (409)', async () => {
    const a = await call(orgs, 'POST /v1/orgs/{orgId}/roles', { as: organiser, params: { orgId: 'city-jz' }, body: { memberId: investigator, role: 'custodian' } });
    expect(a.status).toBe(409);
    expect(a.body).toMatchObject({ code: 'ROLE.IDENTITY_CONFLICT', details: [expect.objectContaining({ path: 'role' })] });
    const b = await call(orgs, 'POST /v1/orgs/{orgId}/roles', { as: organiser, params: { orgId: 'city-jz' }, body: { memberId: custodian, role: 'investigator' } });
    expect(b.status).toBe(409);
    expect((await table.db.send(new GetCommand({ TableName: table.tableName, Key: keys.role(investigator, 'city-jz', 'custodian') }))).Item).toBeUndefined();
  });

  it('lets at most one of two grants win when investigator and custodian are given to one person at the same moment', async () => {
    // Prepare: a new member of the city's staff roster, holding no role.
    const memberId = 'staff-city-race';
    await table.db.send(new PutCommand({ TableName: table.tableName, Item: { ...keys.member(memberId), entity: 'member', memberId, name: '同时授予', orgId: 'city-jz', status: 'active' } }));
    // Act: both grants sent together (each passes the check made before its transaction).
    const grants = await Promise.all(
      (['investigator', 'custodian'] as const).map((role) => call(orgs, 'POST /v1/orgs/{orgId}/roles', { as: organiser, params: { orgId: 'city-jz' }, body: { memberId, role, reason: '同时授予' } })),
    );
    // Assess: never both; the loser is told why (the conflict, or a concurrent change to retry), never a 500.
    const held = await Promise.all((['investigator', 'custodian'] as const).map(async (role) => (await table.db.send(new GetCommand({ TableName: table.tableName, Key: keys.role(memberId, 'city-jz', role), ConsistentRead: true }))).Item !== undefined));
    expect(held.filter(Boolean).length).toBeLessThanOrEqual(1);
    expect(grants.filter((g) => g.status === 201).length).toBeLessThanOrEqual(1);
    for (const g of grants.filter((r) => r.status !== 201)) {
      expect(g.status).toBe(409);
      expect(['ROLE.IDENTITY_CONFLICT', 'ORG.CHANGED_MEANWHILE']).toContain(g.body.code);
    }
  });

  it('refuses the conflicting role in the grant\'s own transaction, even when the check before it was passed', async () => {
    // The store is called directly, as a grant whose earlier read raced the other role's grant would call it.
    const book = dynamoRoleBook(table.db, table.tableName);
    const audit = orgAudit({ memberId: organiser, role: 'organiser', org: { orgId: 'city-jz', path: '/city-jz' } as never }, 'city-jz', '/city-jz', 'role.granted', '绕过检查', { memberId: investigator, role: 'custodian' });
    const notice = { eventId: `role#city-jz#custodian#race`, recipientId: investigator, templateKey: 'role.granted', params: { org: '焦作市总工会', role: '身份保管人' } };
    await expect(book.grant({ memberId: investigator, orgId: 'city-jz', role: 'custodian' }, organiser, notice, audit)).rejects.toMatchObject({ code: 'ROLE.IDENTITY_CONFLICT' });
    expect((await table.db.send(new GetCommand({ TableName: table.tableName, Key: keys.role(investigator, 'city-jz', 'custodian'), ConsistentRead: true }))).Item).toBeUndefined();
  });

  it('lets an organiser grant custodian to someone else on a federation, never on a union', async () => {
    const onUnion = await call(orgs, 'POST /v1/orgs/{orgId}/roles', { as: organiser, params: { orgId: 'gu-yuntai' }, body: { memberId: callers.yuntaiMember, role: 'custodian' } });
    expect(onUnion.status).toBe(400);
    expect(onUnion.body).toMatchObject({ code: 'ROLE.NOT_FOR_LEVEL' });
    const onDistrict = await call(orgs, 'POST /v1/orgs/{orgId}/roles', { as: organiser, params: { orgId: 'dist-jiefang' }, body: { memberId: callers.jiefangReviewer, role: 'custodian', reason: '区总工会身份保管人' } });
    expect(onDistrict.status).toBe(201);
  });
});

describe('asking for an identity', () => {
  it('refuses a request without a reason (or a short one) with 400 naming reason, and stores nothing', async () => {
    const { reportId } = await filedReport();
    for (const body of [{}, { reason: '' }, { reason: '想看看' }]) {
      const res = await ask(investigator, reportId, body);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ code: 'REQUEST.INVALID', details: [expect.objectContaining({ path: 'reason', message: expect.stringContaining('申请理由（reason）') })] });
    }
    expect(await identityActions(reportId)).toEqual([]);
    const pending = await table.db.send(new QueryCommand({ TableName: table.tableName, KeyConditionExpression: 'pk = :pk AND begins_with(sk, :s)', ExpressionAttributeValues: { ':pk': `REPORT#${reportId}`, ':s': 'IDREQ' } }));
    expect(pending.Items).toEqual([]);
  });

  it('refuses anyone but an investigator in scope: the organiser, the custodian, the nominee\u2019s chair, a district reviewer', async () => {
    const { reportId } = await filedReport();
    for (const who of [organiser, custodian, callers.yuntaiChair, callers.shanyangReviewer]) {
      const res = await ask(who, reportId, { reason: '需电话核实举报所述会议时间与地点' });
      expect(res.status).toBe(403);
      expect(res.body).toMatchObject({ code: 'IDENTITY.FORBIDDEN' });
    }
    expect(await identityActions(reportId)).toEqual([]);
  });

  it('keeps one pending request per investigator and report (409 for the second), audited with its id and reason', async () => {
    const { reportId } = await filedReport();
    const requestId = await asked(reportId);
    const again = await ask(investigator, reportId, { reason: '再次申请查看举报人的联系方式' });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'IDENTITY.ALREADY_PENDING' });
    const events = await trail(reportId);
    expect(events.filter((e) => e.action === 'identity.requested')).toEqual([expect.objectContaining({ reason: '需电话核实举报所述会议时间与地点', data: expect.objectContaining({ requestId }), actor: { memberId: investigator, role: 'investigator' } })]);
  });
});

describe('deciding a request', () => {
  it('refuses the requester who approves their own request, even when they also hold custodian in scope', async () => {
    const { reportId } = await filedReport();
    const requestId = await asked(reportId, secondInvestigator);
    // A role held before the rule existed (or won in a race): the decision still refuses the requester.
    await grantDirectly(secondInvestigator, 'dist-jiefang', 'custodian');
    await grantDirectly(secondInvestigator, 'city-jz', 'custodian');
    const res = await decide(secondInvestigator, requestId, 'approve');
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ code: 'IDENTITY.SELF_APPROVAL', message: '不能审批自己提出的身份查看申请' });
    expect(await requestItem(requestId)).toMatchObject({ status: 'pending', decidedBy: null });
    expect(await identityActions(reportId)).toEqual(['identity.requested']);
  });

  it('refuses a custodian out of scope (a district custodian for a city-level report) and an investigator', async () => {
    const { reportId } = await filedReport();
    const requestId = await asked(reportId);
    for (const who of [districtCustodian, organiser, investigator]) {
      const res = await decide(who, requestId, 'approve');
      expect(res.status).toBe(403);
      expect(res.body).toMatchObject({ code: 'IDENTITY.CUSTODIAN_ONLY' });
    }
    expect(await requestItem(requestId)).toMatchObject({ status: 'pending' });
  });

  it('decides once: a second approval, also two at the same time, gets 409 and writes one audit event', async () => {
    const { reportId } = await filedReport();
    const requestId = await asked(reportId);
    const [a, b] = await Promise.all([decide(custodian, requestId, 'approve'), decide(custodian, requestId, 'refuse', '理由不足，不予批准')]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const third = await decide(custodian, requestId, 'approve');
    expect(third.status).toBe(409);
    expect(third.body).toMatchObject({ code: 'IDENTITY.ALREADY_DECIDED' });
    const decisions = (await identityActions(reportId)).filter((x) => x !== 'identity.requested');
    expect(decisions).toHaveLength(1);
  });

  it('names the field when the decision or its reason is missing', async () => {
    const { reportId } = await filedReport();
    const requestId = await asked(reportId);
    const res = await call(identityAccess, 'POST /v1/identity-requests/{requestId}/decision', { as: custodian, params: { requestId }, body: { decision: 'yes' } });
    expect(res.status).toBe(400);
    expect((res.body.details as { path: string }[]).map((d) => d.path).sort()).toEqual(['decision', 'reason']);
    expect(await requestItem(requestId)).toMatchObject({ status: 'pending' });
  });
});

describe('opening the envelope', () => {
  it('refuses to open a pending or a refused request (409) and never decrypts', async () => {
    const { reportId } = await filedReport();
    const requestId = await asked(reportId);
    expect(await openIt(investigator, requestId)).toMatchObject({ status: 409, body: { code: 'IDENTITY.NOT_APPROVED' } });
    await decide(custodian, requestId, 'refuse', '尚未穷尽其他核查手段');
    expect(await openIt(investigator, requestId)).toMatchObject({ status: 409, body: { code: 'IDENTITY.NOT_APPROVED' } });
    expect(await identityActions(reportId)).toEqual(['identity.refused', 'identity.requested']);
    expect((await followUp(deps, '10.15.9.1', (await filedReport()).receipt)).identityDisclosures).toEqual([]);
  });

  it('opens an approved request once, for the requester only; a second or concurrent opening gets nothing', async () => {
    const { reportId, receipt, contact, reporter } = await filedReport();
    const requestId = await asked(reportId);
    expect((await decide(custodian, requestId, 'approve', '理由充分，同意查看')).status).toBe(200);
    for (const who of [secondInvestigator, custodian, organiser]) {
      expect(await openIt(who, requestId)).toMatchObject({ status: 403, body: { code: 'IDENTITY.REQUESTER_ONLY' } });
    }
    const openedFrom = setProductClock('2026-11-24T15:30:00+08:00').getTime();
    const [a, b] = await Promise.all([openIt(investigator, requestId), openIt(investigator, requestId)]);
    const opened = [a, b].filter((r) => r.status === 200);
    expect(opened).toHaveLength(1);
    expect([a, b].find((r) => r.status !== 200)).toMatchObject({ status: 409, body: { code: 'IDENTITY.ALREADY_OPENED' } });
    expect(openedIdentityResponse.parse(opened[0]?.body)).toMatchObject({ requestId, contact, reporterAccount: reporter });
    expect(await openIt(investigator, requestId)).toMatchObject({ status: 409, body: { code: 'IDENTITY.ALREADY_OPENED' } });

    // Every step in the trail with the request id and its reason; the decision names the requester's reason too.
    const events = await trail(reportId);
    const step = (action: string) => events.filter((e) => e.action === action);
    expect(step('identity.requested')).toEqual([expect.objectContaining({ reason: '需电话核实举报所述会议时间与地点', data: expect.objectContaining({ requestId }) })]);
    expect(step('identity.approved')).toEqual([expect.objectContaining({ reason: '理由充分，同意查看', actor: { memberId: custodian, role: 'custodian' }, data: expect.objectContaining({ requestId, requesterId: investigator }) })]);
    expect(step('identity.opened')).toEqual([expect.objectContaining({ reason: '需电话核实举报所述会议时间与地点', actor: { memberId: investigator, role: 'investigator' }, data: expect.objectContaining({ requestId, approvedBy: custodian }) })]);

    // The custodian was asked in the inbox, and the requester told of the decision.
    const told = await scanAll({ FilterExpression: 'entity = :o AND begins_with(eventId, :e)', ExpressionAttributeValues: { ':o': 'outbox', ':e': `idreq#${requestId}#` } });
    expect(told.filter((n) => n.templateKey === 'identity.decided').map((n) => n.recipientId)).toEqual([investigator]);
    const custodiansAsked = told.filter((n) => n.templateKey === 'identity.requested').map((n) => n.recipientId);
    expect(custodiansAsked).toContain(custodian);
    expect(custodiansAsked).not.toContain(investigator);

    // The reporter, following by receipt, is told when their identity was disclosed.
    const followed = await followUp(deps, '10.15.9.2', receipt);
    expect(followed.identityDisclosures).toHaveLength(1);
    expect(Date.parse(followed.identityDisclosures[0] ?? '') - openedFrom).toBeGreaterThanOrEqual(0);
    expect(Date.parse(followed.identityDisclosures[0] ?? '') - openedFrom).toBeLessThan(60_000);
    // The contact still appears nowhere in plain.
    const dump = JSON.stringify(await scanAll());
    expect(dump).not.toContain(contact);
  });

  it('lists pending requests for the custodian with the reason, and the report\u2019s requests with their state', async () => {
    const { reportId } = await filedReport();
    const requestId = await asked(reportId);
    const list = identityRequestsResponse.parse((await call(identityAccess, 'GET /v1/identity-requests', { as: custodian })).body).requests;
    expect(list[0]).toMatchObject({ requestId, status: 'pending', reason: '需电话核实举报所述会议时间与地点', requesterName: '钱文静', mayDecide: true, mayOpen: false });
    const mine = identityRequestsResponse.parse((await call(identityAccess, 'GET /v1/reports/{reportId}/identity-requests', { as: investigator, params: { reportId } })).body).requests;
    expect(mine).toEqual([expect.objectContaining({ requestId, status: 'pending', statusLabel: '待审批', mayDecide: false })]);
    expect((await call(identityAccess, 'GET /v1/identity-requests', { as: districtCustodian })).body).toMatchObject({ requests: [] });
    expect((await call(identityAccess, 'GET /v1/identity-requests', { as: callers.yuntaiMember })).status).toBe(403);
    expect((await call(identityAccess, 'GET /v1/reports/{reportId}/identity-requests', { as: callers.yuntaiChair, params: { reportId } })).status).toBe(403);
  });
});

describe('a watched report (issue 15, point 7)', () => {
  it('is reassigned and messaged any number of times, each with its message, notice and audit event', async () => {
    const { reportId, receipt } = await filedReport();
    await assignReport(deps, session(investigator), reportId);
    await assignReport(deps, session(secondInvestigator), reportId);
    await assignReport(deps, session(investigator), reportId);
    for (const text of ['请补充会议记录的照片', '请说明您何时看到该记录', '感谢您的补充，我们正在核实']) await messageReporter(deps, session(investigator), reportId, text);

    const actions = (await trail(reportId)).map((e) => String(e.action));
    expect(actions.filter((a) => a === 'report.assigned')).toHaveLength(3);
    expect(actions.filter((a) => a === 'report.messaged')).toHaveLength(3);
    const thread = (await followUp(deps, '10.15.9.3', receipt)).messages;
    expect(thread.map((m) => m.text)).toEqual(['请补充会议记录的照片', '请说明您何时看到该记录', '感谢您的补充，我们正在核实']);
    // (How the watching reporter hears of it — one update, replaced by later ones — is reporter-notices.ts's test.)
  });
});
