import { GetCommand, PutCommand, QueryCommand, ScanCommand } from '../../../functions/storage/document-client';
import { reminderThresholdsInWorkingDays } from '../../../config/reminders';
import { bundledCalendar } from '../../../functions/calendar/bundled-calendar';
import { stateOf as publicStateOf } from '../../../functions/campaign/certificate-records';
import { handler as campaign } from '../../../functions/handlers/campaign';
import { handler as recovery } from '../../../functions/handlers/recovery';
import { registerAttributes } from '../../../functions/honours/register-items';
import { recoveryKeys, recoveryTaskOpening, recoveryWorkId, type RecoveryDeps } from '../../../functions/honours/recovery-tasks';
import { commitWithNotices } from '../../../functions/notify/outbox';
import { remindWaitingWork, workKey } from '../../../functions/notify/work-items';
import { roleItem } from '../../../functions/orgs/org-items';
import { dynamoDirectory } from '../../../functions/storage/dynamo-directory';
import { honourDetailResponse } from '../../../shared/api/register';
import { markClosureResponse, recoveryTaskListResponse, recoveryTaskResponse } from '../../../shared/api/recovery';
import { systemNow } from '../../support/product-clock';
import { useSeededTable } from '../campaign/seeded-table';
import { call, callers } from '../roster/roster-support';

/**
 * 收回证书和奖牌 (issue 17 point 4) against DynamoDB Local. 丰收路街道联合工会 (解放区) holds a national 模范职工之家
 * (总工办发〔2020〕15号), its group a 模范职工小家, one of its members a Beijing 优秀工会工作者 (京工发〔2021〕19号), and a
 * 秦皇岛 title whose text says nothing of a closed unit. 解放区’s organiser marks the unit 撤销 on Tuesday 2026-09-29:
 * each covered honour gets a task at 解放区 (上一级工会, 第二十七条 / 第二十五条), the 秦皇岛 one none. The tasks remind in
 * official working days across the National Day holiday; recording a recovery closes the task, makes the honour
 * 证书已收回 and reports to 焦作市总工会 (「并逐级上报」). A revoked title's task (opened by the revocation through
 * recoveryTaskOpening) leaves the public check reading 已撤销 with its article.
 */
jest.setTimeout(120_000);

const seeded = useSeededTable('2026-09-29T10:00:00+08:00');
const jiefangOrganiser = callers.jiefangReviewer;
const shanyangOrganiser = callers.shanyangReviewer;
const fengshouChair = 'gu-fengshou-m001';
const no = { home: 'ACFTU-2020-2023-0101', smallHome: 'ACFTU-2020-2023-0102', worker: 'BEIJING-2021-2023-0103', qhd: 'QHD-2023-2023-0104', revokedBefore: 'ACFTU-2020-2023-0105', yuntai: 'ACFTU-2020-2023-0106' };
const awardedAt = '2023-12-20T02:00:00.000Z';
let deps: RecoveryDeps;

async function putHonour(certificateNo: string, holderOrgId: string, rulesetId: string, extra: Record<string, unknown> = {}) {
  const { db, tableName } = seeded();
  const holder = (await deps.directory.getOrgs([holderOrgId])).get(holderOrgId)!;
  const city = (await deps.directory.getOrgs(['city-jz'])).get('city-jz')!;
  const person = extra.holderKind === 'person';
  const fields = registerAttributes(
    { holderOrgId: holder.orgId, holderOrgName: holder.name, holderPath: holder.path, holderKind: person ? 'person' : 'org', awardingOrgId: city.orgId, awardingOrgName: city.name, awardingPath: city.path, campaignName: '2023 年度评选', rulesetId, state: 'current', history: [{ kind: 'granted', state: 'current', at: awardedAt }], source: 'decision' },
    2023,
    certificateNo,
  );
  const { holderKind: _k, ...rest } = extra;
  await db.send(
    new PutCommand({
      TableName: tableName,
      Item: { pk: `HONOUR#${certificateNo}`, sk: 'HONOUR', entity: 'honour', certificateNo, applicationId: `app-${certificateNo}`, title: '模范职工之家', titleCode: 'modelHome', nomineeName: holder.name, nomineeId: holder.orgId, year: 2023, awardedAt, campaignId: 'c-2023', ...fields, ...rest },
    }),
  );
}

const honour = async (certificateNo: string) => (await seeded().db.send(new GetCommand({ TableName: seeded().tableName, Key: { pk: `HONOUR#${certificateNo}`, sk: 'HONOUR' } }))).Item!;
const task = async (certificateNo: string) => (await seeded().db.send(new GetCommand({ TableName: seeded().tableName, Key: recoveryKeys.task(certificateNo) }))).Item;
const outbox = async (templateKey: string) =>
  (await seeded().db.send(new ScanCommand({ TableName: seeded().tableName, FilterExpression: 'entity = :o AND templateKey = :t', ExpressionAttributeValues: { ':o': 'outbox', ':t': templateKey } }))).Items ?? [];
const auditOf = async (subject: string) => (await seeded().db.send(new QueryCommand({ TableName: seeded().tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': `AUDIT#${subject}` } }))).Items ?? [];
const mark = (as: string, orgId: string, body: Record<string, unknown>) => call(recovery, 'POST /v1/orgs/{orgId}/closure', { as, params: { orgId }, body });
const record = (as: string, taskId: string, body: Record<string, unknown>) => call(recovery, 'POST /v1/recovery-tasks/{taskId}/recovery', { as, params: { taskId }, body });
const recoveryBody = (version: number, extra: Record<string, unknown> = {}) => ({ version, certificate: true, plaque: true, recoveredOn: '2026-09-29', recoveredBy: '李建国', note: '单位注销时一并收回', ...extra });

beforeAll(async () => {
  const { db, tableName } = seeded();
  deps = { db, table: tableName, directory: dynamoDirectory(db, tableName), now: systemNow };
  // 解放区's and 山阳区's staff are organisers on their own districts in this file only.
  for (const [memberId, orgId] of [[jiefangOrganiser, 'dist-jiefang'], [shanyangOrganiser, 'dist-shanyang']] as const) {
    await db.send(new PutCommand({ TableName: tableName, Item: roleItem({ memberId, orgId, role: 'organiser' }, 'staff-city-1', systemNow()) }));
  }
  await putHonour(no.home, 'gu-fengshou', 'acftu-2020');
  await putHonour(no.smallHome, 'gu-fengshou-sub1', 'acftu-2020', { titleCode: 'modelSmallHome', title: '模范职工小家' });
  await putHonour(no.worker, 'gu-fengshou', 'beijing-2021', { holderKind: 'person', titleCode: 'outstandingWorker', title: '优秀工会工作者', nomineeName: '赵春梅', nomineeId: 'gu-fengshou-m003' });
  await putHonour(no.qhd, 'gu-fengshou', 'qinhuangdao-2023');
  await putHonour(no.revokedBefore, 'gu-fengshou', 'acftu-2020', { status: 'revoked', state: 'revoked', revokedAt: '2026-03-01T02:00:00.000Z' });
  await putHonour(no.yuntai, 'gu-yuntai', 'acftu-2020');
});

describe('marking a unit closed', () => {
  it('is refused to the union’s own chair, to an organiser of another district and for an unknown org alike (403), and for a future date (400 naming on) — changing nothing', async () => {
    const body = { closure: 'dissolved', on: '2026-09-28', note: '经区市场监管局核准注销' };
    const chair = await mark(fengshouChair, 'gu-fengshou', body);
    const other = await mark(shanyangOrganiser, 'gu-fengshou', body);
    const unknown = await mark(shanyangOrganiser, 'gu-nobody', body);
    expect([chair.status, other.status, unknown.status]).toEqual([403, 403, 403]);
    expect(other.body).toEqual(unknown.body);
    const future = await mark(jiefangOrganiser, 'gu-fengshou', { ...body, on: '2026-09-30' });
    expect(future.status).toBe(400);
    expect(future.body.details).toEqual([{ path: 'on', message: '破产、终止或撤销日期（on）不能晚于今天' }]);
    const badKind = await mark(jiefangOrganiser, 'gu-fengshou', { ...body, closure: 'merged' });
    expect(badKind.status).toBe(400);
    expect(JSON.stringify(badKind.body.details)).toContain('closure');
    const district = await mark(callers.cityOrganiser, 'dist-jiefang', body);
    expect(district.status).toBe(400);
    expect(district.body.code).toBe('ORG.CLOSURE_NOT_GRASSROOTS');
    expect((await deps.directory.getOrgs(['gu-fengshou'])).get('gu-fengshou')?.closure).toBeUndefined();
    expect(await task(no.home)).toBeUndefined();
  });

  it('records the closure on the org and opens a task at 解放区 for each honour whose ruleset has the article, naming the 秦皇岛 one it does not cover', async () => {
    const res = await mark(jiefangOrganiser, 'gu-fengshou', { closure: 'dissolved', on: '2026-09-28', note: '经区市场监管局核准注销' });
    expect(res.status).toBe(200);
    const answer = markClosureResponse.parse(res.body);
    expect(answer.closure).toMatchObject({ closure: 'dissolved', on: '2026-09-28', markedBy: jiefangOrganiser, markedByOrgId: 'dist-jiefang' });
    expect(answer.opened.map((o) => [o.certificateNo, o.citation]).sort()).toEqual([
      [no.home, '总工办发〔2020〕15号 第二十七条'],
      [no.smallHome, '总工办发〔2020〕15号 第二十七条'],
      [no.worker, '京工发〔2021〕19号 第二十五条'],
    ]);
    expect(answer.notCovered).toEqual([expect.objectContaining({ certificateNo: no.qhd, explanation: expect.stringContaining('未规定受表彰单位破产、终止或撤销时收回证书和奖牌') })]);
    expect(await task(no.revokedBefore)).toBeUndefined();
    expect(await task(no.yuntai)).toBeUndefined();
    expect((await deps.directory.getOrgs(['gu-fengshou'])).get('gu-fengshou')?.closure).toMatchObject({ closure: 'dissolved', on: '2026-09-28' });
    expect((await auditOf('org#gu-fengshou')).filter((e) => e.action === 'org.closed').map((e) => e.data)).toEqual([expect.objectContaining({ closure: 'dissolved', on: '2026-09-28' })]);
    expect((await auditOf(`honour#${no.home}`)).map((e) => e.action)).toContain('honour.recoveryOpened');
    const opened = await outbox('honour.recoveryOpened');
    expect(opened.map((n) => n.recipientId)).toEqual([jiefangOrganiser, jiefangOrganiser, jiefangOrganiser]);
    expect(opened.find((n) => n.params.taskId === no.home)?.params).toMatchObject({ reason: '所在单位撤销', citation: '总工办发〔2020〕15号 第二十七条' });
  });

  it('lists the tasks for 解放区 and the city, not for 山阳区, and the same marking again opens nothing twice; another closure is refused', async () => {
    const jiefang = recoveryTaskListResponse.parse((await call(recovery, 'GET /v1/orgs/{orgId}/recovery-tasks', { as: jiefangOrganiser, params: { orgId: 'dist-jiefang' }, query: { status: 'open' } })).body);
    expect(jiefang.tasks.map((t) => t.taskId).sort()).toEqual([no.home, no.smallHome, no.worker].sort());
    expect(jiefang.tasks.every((t) => t.canRecord && t.bodyOrgName === '解放区总工会' && t.unitOrgId === 'gu-fengshou')).toBe(true);
    const city = recoveryTaskListResponse.parse((await call(recovery, 'GET /v1/orgs/{orgId}/recovery-tasks', { as: callers.cityOrganiser, params: { orgId: 'city-jz' } })).body);
    expect(city.tasks).toHaveLength(3);
    expect(city.tasks.some((t) => t.canRecord)).toBe(false);
    expect((await call(recovery, 'GET /v1/orgs/{orgId}/recovery-tasks', { as: shanyangOrganiser, params: { orgId: 'dist-jiefang' } })).status).toBe(403);
    const shanyang = recoveryTaskListResponse.parse((await call(recovery, 'GET /v1/orgs/{orgId}/recovery-tasks', { as: shanyangOrganiser, params: { orgId: 'dist-shanyang' } })).body);
    expect(shanyang.tasks).toEqual([]);
    const again = markClosureResponse.parse((await mark(jiefangOrganiser, 'gu-fengshou', { closure: 'dissolved', on: '2026-09-28' })).body);
    expect(again.opened).toEqual([]);
    expect(await outbox('honour.recoveryOpened')).toHaveLength(3);
    const other = await mark(jiefangOrganiser, 'gu-fengshou', { closure: 'bankrupt', on: '2026-09-28' });
    expect([other.status, other.body.code]).toEqual([409, 'ORG.ALREADY_CLOSED']);
  });
});

describe('reminders in working days', () => {
  it('reminds 解放区’s organiser after 3 official working days — across the National Day holiday, not after 3 calendar days', async () => {
    const remind = (at: string) => remindWaitingWork(seeded().db, seeded().tableName, bundledCalendar(), reminderThresholdsInWorkingDays, new Date(at));
    const reminders = async () => (await outbox('work.reminder')).filter((n) => String(n.eventId).startsWith(`reminder#${recoveryWorkId(no.worker)}#`));
    // Opened Tuesday 09-29: 09-30 is a working day, 10-01..10-07 are not.
    await remind('2026-10-03T10:00:00+08:00');
    await remind('2026-10-08T10:00:00+08:00');
    expect(await reminders()).toEqual([]);
    // 09-30, 10-08 and 10-09 make three.
    await remind('2026-10-10T10:00:00+08:00');
    await remind('2026-10-10T11:00:00+08:00');
    const sent = await reminders();
    expect(sent.map((n) => [n.recipientId, n.params.days])).toEqual([[jiefangOrganiser, '3']]);
    expect(String(sent[0]?.params.what)).toContain('赵春梅的「优秀工会工作者」证书和奖牌收回');
  });
});

describe('recording the recovery', () => {
  it('is refused to the city above (it reads, 解放区 recovers), to the chair and for an unknown task alike, and for dates in the future or before the award — changing nothing', async () => {
    const v = (await task(no.home))!.version as number;
    const city = await record(callers.cityOrganiser, no.home, recoveryBody(v));
    const chair = await record(fengshouChair, no.home, recoveryBody(v));
    const unknown = await record(shanyangOrganiser, 'ACFTU-2020-2023-9999', recoveryBody(v));
    const outside = await record(shanyangOrganiser, no.home, recoveryBody(v));
    expect([city.status, chair.status, unknown.status, outside.status]).toEqual([403, 403, 403, 403]);
    expect(outside.body).toEqual(unknown.body);
    const future = await record(jiefangOrganiser, no.home, recoveryBody(v, { recoveredOn: '2026-09-30' }));
    expect([future.status, future.body.details]).toEqual([400, [{ path: 'recoveredOn', message: '收回日期（recoveredOn）不能晚于今天' }]]);
    const early = await record(jiefangOrganiser, no.home, recoveryBody(v, { recoveredOn: '2023-12-19' }));
    expect([early.status, early.body.details]).toEqual([400, [{ path: 'recoveredOn', message: '收回日期（recoveredOn）不能早于授予日期 2023-12-20' }]]);
    const nothing = await record(jiefangOrganiser, no.home, recoveryBody(v, { certificate: false, plaque: false }));
    expect([nothing.status, JSON.stringify(nothing.body.details)]).toEqual([400, expect.stringContaining('certificate')]);
    const noName = await record(jiefangOrganiser, no.home, recoveryBody(v, { recoveredBy: ' ' }));
    expect([noName.status, JSON.stringify(noName.body.details)]).toEqual([400, expect.stringContaining('recoveredBy')]);
    expect((await task(no.home))!.status).toBe('open');
    expect((await honour(no.home)).state).toBe('current');
  });

  it('lets one of two recordings at once win: the task is done, the honour 证书已收回 with its history, the work item closed, the city told, the audit appended', async () => {
    const v = (await task(no.home))!.version as number;
    const [a, b] = await Promise.all([record(jiefangOrganiser, no.home, recoveryBody(v)), record(jiefangOrganiser, no.home, recoveryBody(v, { recoveredBy: '王磊' }))]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    expect([a, b].find((r) => r.status === 409)?.body.code).toBe('RECOVERY.CHANGED_MEANWHILE');
    const done = recoveryTaskResponse.parse((await call(recovery, 'GET /v1/recovery-tasks/{taskId}', { as: callers.cityOrganiser, params: { taskId: no.home } })).body).task;
    expect(done).toMatchObject({ status: 'done', statusLabel: '已收回', version: v + 1, canRecord: false, recovery: { certificate: true, plaque: true, recoveredOn: '2026-09-29' } });
    const stored = await honour(no.home);
    expect(stored).toMatchObject({ status: 'recalled', state: 'recovered' });
    const detail = honourDetailResponse.parse((await call(campaign, 'GET /v1/honours/{certificateNo}', { as: callers.cityOrganiser, params: { certificateNo: no.home } })).body).honour;
    expect(detail.stateLabel).toBe('证书已收回');
    expect(detail.recovery).toEqual({ taskId: no.home, status: 'done', statusLabel: '已收回' });
    expect(detail.history.at(-1)).toMatchObject({ kind: 'recovered', label: '收回证书（奖牌）', note: expect.stringContaining('解放区总工会收回证书和奖牌（所在单位撤销，总工办发〔2020〕15号 第二十七条）') });
    const work = (await seeded().db.send(new GetCommand({ TableName: seeded().tableName, Key: workKey(recoveryWorkId(no.home)) }))).Item!;
    expect(work.closedAt).toBeDefined();
    expect(work.gsi2pk).toBeUndefined();
    const reported = await outbox('honour.recoveryReported');
    expect(reported.map((n) => [n.recipientId, n.params.taskId])).toEqual([[callers.cityOrganiser, no.home]]);
    expect((await auditOf(`honour#${no.home}`)).filter((e) => e.action === 'honour.recovered').map((e) => e.citation)).toEqual([{ doc: '总工办发〔2020〕15号', article: '第二十七条' }]);
    // Not revoked: the public check says the certificate was recovered, with the article, not 已撤销.
    expect(publicStateOf(stored)).toEqual({ state: 'recovered', label: '证书已收回', recoveredOn: '2026-09-29', citation: '总工办发〔2020〕15号 第二十七条', explanation: '受表彰单位撤销，证书和奖牌已由上一级工会收回' });
    // A stale version afterwards changes nothing.
    expect((await record(jiefangOrganiser, no.home, recoveryBody(v))).status).toBe(409);
  });
});

describe('a revoked title (the revocation calls recoveryTaskOpening in its final transaction)', () => {
  it('opens a task at 解放区 for 云台’s revoked 模范职工之家; once recovered, the register reads 证书已收回 and the public check still 已撤销 with its article', async () => {
    const { db, tableName } = seeded();
    const revokedAt = systemNow().toISOString();
    const revocation = { status: 'revoked', state: 'revoked', revokedAt, revocationCitation: { doc: '总工办发〔2020〕15号', article: '第二十六条', item: '第二款' } };
    const item = { ...(await honour(no.yuntai)), ...revocation };
    const opening = await recoveryTaskOpening(deps, item, { kind: 'revoked', caseId: 'rvc-0001', citation: '总工办发〔2020〕15号 第二十六条第二款' });
    expect(opening.notices.map((n) => [n.recipientId, n.templateKey, n.params.reason])).toEqual([[jiefangOrganiser, 'honour.recoveryOpened', '称号已撤销']]);
    // As the revocation would: the honour's revocation, the task and its notices in one transaction.
    await commitWithNotices(db, tableName, { writes: [{ Put: { TableName: tableName, Item: item } }, ...opening.writes], notices: opening.notices }, systemNow());
    expect(await recoveryTaskOpening(deps, item, { kind: 'revoked', caseId: 'rvc-0001', citation: '总工办发〔2020〕15号 第二十六条第二款' })).toEqual({ writes: [], notices: [] });
    const opened = (await task(no.yuntai))!;
    expect(opened).toMatchObject({ bodyOrgId: 'dist-jiefang', unitOrgId: 'gu-yuntai', status: 'open', reason: { kind: 'revoked', caseId: 'rvc-0001' } });
    expect((await record(jiefangOrganiser, no.yuntai, recoveryBody(1, { plaque: false }))).status).toBe(200);
    const stored = await honour(no.yuntai);
    const detail = honourDetailResponse.parse((await call(campaign, 'GET /v1/honours/{certificateNo}', { as: callers.cityOrganiser, params: { certificateNo: no.yuntai } })).body).honour;
    expect([detail.state, detail.stateLabel]).toEqual(['recovered', '证书已收回']);
    expect(detail.history.map((e) => e.kind)).toEqual(['granted', 'revoked', 'recovered']);
    expect(detail.history.at(-1)?.note).toContain('收回证书（称号已撤销，总工办发〔2020〕15号 第二十六条第二款）');
    expect(publicStateOf(stored)).toEqual({ state: 'revoked', label: '已撤销', revokedOn: '2026-09-29', citation: '总工办发〔2020〕15号 第二十六条第二款' });
  });
});
