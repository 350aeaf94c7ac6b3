import { GetCommand, QueryCommand } from '../../../functions/storage/document-client';
import { Workbook } from 'exceljs';
import { myRecordResponse, rosterFile, rosterPage, type RosterMemberView } from '../../../shared/api/roster';
import { handler as roster } from '../../../functions/handlers/roster';
import { personalDataCipher } from '../../../functions/privacy/personal-data';
import { keys } from '../../../functions/storage/keys';
import { createTestTable, type TestTable } from '../../support/dynamo';
import { call, callers, idNumber, personalDataKey, useTable } from './roster-support';

jest.setTimeout(60_000);

let table: TestTable;
beforeAll(async () => {
  table = await createTestTable({ seed: true });
  useTable(table);
});
afterAll(() => table.drop());

const cipher = personalDataCipher(personalDataKey);
const list = (as: string, orgId: string, query: Record<string, string> = {}) => call(roster, 'GET /v1/orgs/{orgId}/roster', { as, params: { orgId }, query });
const add = (as: string, orgId: string, body: unknown) => call(roster, 'POST /v1/orgs/{orgId}/roster', { as, params: { orgId }, body });
const remove = (as: string, orgId: string, memberId: string, query: Record<string, string> = {}) =>
  call(roster, 'DELETE /v1/orgs/{orgId}/roster/{memberId}', { as, params: { orgId, memberId }, query });
const memberItem = async (memberId: string) => (await table.db.send(new GetCommand({ TableName: table.tableName, Key: keys.member(memberId) }))).Item;
const auditActions = async (orgId: string) =>
  ((await table.db.send(new QueryCommand({ TableName: table.tableName, KeyConditionExpression: 'pk = :pk AND begins_with(sk, :e)', ExpressionAttributeValues: { ':pk': `AUDIT#roster#${orgId}`, ':e': 'EVENT#' } }))).Items ?? []).map(
    (e) => ({ action: String(e.action), actor: e.actor as { memberId: string; role: string }, data: e.data as Record<string, unknown>, scopePath: String(e.scopePath) }),
  );

describe('members added and removed one by one', () => {
  it('lets the chair add a member, stored encrypted with keyed hashes and shown masked, and audits it', async () => {
    const res = await add(callers.yuntaiChair, 'gu-yuntai', { name: ' 欧阳 明 ', employeeNo: 'yt-9001', phone: '+86 139-1234-5678', idNumber: idNumber(7), gender: 'male', subOrgId: 'gu-yuntai-sub2', isMigrantWorker: true, joinedOn: '2024-05-06' });

    expect(res.status).toBe(201);
    const member = (res.body as { member: RosterMemberView }).member;
    expect(member).toMatchObject({ name: '欧阳 明', employeeNo: 'YT-9001', phoneMasked: '139****5678', idNumberMasked: `4108**********${idNumber(7).slice(-4)}`, subOrgName: '生产二车间分工会', isMigrantWorker: true, isDispatchedWorker: false, joinedOn: '2024-05-06', status: 'active' });
    const item = await memberItem(member.memberId);
    expect(JSON.stringify(item)).not.toContain('13912345678');
    expect(JSON.stringify(item)).not.toContain(idNumber(7));
    expect(cipher.decrypt(String(item?.phoneCipher))).toBe('13912345678');
    expect(item).toMatchObject({ phoneHash: cipher.hash('phone', '13912345678'), phoneTailHash: cipher.hash(`phoneTail:${member.memberId}`, '5678'), idNumberHash: cipher.hash('idNumber', idNumber(7)), gsi1pk: 'ORG#gu-yuntai', gsi1sk: `MEMBER#欧阳 明#${member.memberId}` });
    expect(await auditActions('gu-yuntai')).toContainEqual(expect.objectContaining({ action: 'member.added', actor: { memberId: callers.yuntaiChair, role: 'chair' }, scopePath: '/city-jz/dist-jiefang/gu-yuntai' }));
  });

  it('answers 400 naming each bad field in Chinese, and adds nothing', async () => {
    const res = await add(callers.yuntaiChair, 'gu-yuntai', { name: '', phone: '1391234', idNumber: '410802198501010010', subOrgId: 'gu-renmin-sub1', joinedOn: '2099-01-01' });

    expect(res.status).toBe(400);
    expect(res.body.code).toBe('REQUEST.INVALID');
    expect(res.body.details).toEqual([
      { path: 'name', message: '「姓名」不能为空' },
      { path: 'phone', message: '「手机号」格式不正确：应为 11 位手机号码' },
      { path: 'idNumber', message: '「身份证号」格式不正确：校验位不符，请核对号码' },
      { path: 'subOrgId', message: '「所属分工会/小组」“gu-renmin-sub1”不是本工会已设立的分工会或工会小组' },
      { path: 'joinedOn', message: '「入会日期」不能晚于今天' },
    ]);
  });

  it('refuses a second entry with the same 工号 or ID number (seeded entries without guards included)', async () => {
    const again = await add(callers.yuntaiChair, 'gu-yuntai', { name: '欧阳明', idNumber: idNumber(7), joinedOn: '2024-05-06' });
    expect(again).toMatchObject({ status: 409, body: { code: 'ROSTER.MEMBER_EXISTS', message: '名册中已有该身份证号的会员（欧阳 明）' } });
    const seeded = await add(callers.yuntaiChair, 'gu-yuntai', { name: '重复', employeeNo: 'YUN0005', joinedOn: '2024-05-06' });
    expect(seeded).toMatchObject({ status: 409, body: { code: 'ROSTER.MEMBER_EXISTS' } });
  });

  it('removes a member by marking the entry left; the entry stays, a second removal is refused, and both are audited', async () => {
    const memberId = 'gu-yuntai-m010';
    const res = await remove(callers.yuntaiChair, 'gu-yuntai', memberId, { leftOn: '2025-06-30' });

    expect(res.status).toBe(200);
    expect((res.body as { member: RosterMemberView }).member).toMatchObject({ memberId, status: 'left', leftOn: '2025-06-30' });
    expect(await memberItem(memberId)).toMatchObject({ status: 'left', leftOn: '2025-06-30', entity: 'member' });
    expect(await remove(callers.yuntaiChair, 'gu-yuntai', memberId)).toMatchObject({ status: 409, body: { code: 'ROSTER.MEMBER_LEFT' } });
    expect(await remove(callers.yuntaiChair, 'gu-yuntai', 'gu-renmin-m010')).toMatchObject({ status: 404, body: { code: 'ROSTER.MEMBER_NOT_FOUND' } });
    expect(await auditActions('gu-yuntai')).toContainEqual(expect.objectContaining({ action: 'member.removed', data: expect.objectContaining({ memberId, leftOn: '2025-06-30' }) }));

    const active = rosterPage.parse((await list(callers.yuntaiChair, 'gu-yuntai', { q: (await memberItem(memberId))?.name as string })).body);
    expect(active.members.map((m) => m.memberId)).not.toContain(memberId);
    const left = rosterPage.parse((await list(callers.yuntaiChair, 'gu-yuntai', { status: 'left' })).body);
    expect(left.members.map((m) => m.memberId)).toEqual([memberId]);
  });

  it('lets a member who left rejoin as a new entry, keeping the old one for history', async () => {
    const first = (await add(callers.yuntaiChair, 'gu-yuntai', { name: '司马光', employeeNo: 'YT-7000', joinedOn: '2020-01-01' })).body as { member: RosterMemberView };
    await remove(callers.yuntaiChair, 'gu-yuntai', first.member.memberId, { leftOn: '2023-01-01' });

    const again = await add(callers.yuntaiChair, 'gu-yuntai', { name: '司马光', employeeNo: 'YT-7000', joinedOn: '2025-01-01' });

    expect(again.status).toBe(201);
    const second = (again.body as { member: RosterMemberView }).member;
    expect(second.memberId).not.toBe(first.member.memberId);
    expect(await memberItem(first.member.memberId)).toMatchObject({ status: 'left', leftOn: '2023-01-01' });
    const byNumber = rosterPage.parse((await list(callers.yuntaiChair, 'gu-yuntai', { q: 'yt-7000' })).body);
    expect(byNumber.members.map((m) => m.memberId)).toEqual([second.memberId]);
  });
});

describe('reading the roster', () => {
  it('lists 20 at a time in name order with a cursor, and searches by the start of a name or a whole 工号', async () => {
    const first = rosterPage.parse((await list(callers.yuntaiChair, 'gu-yuntai')).body);
    expect(first.members).toHaveLength(20);
    expect(first.union).toEqual({ orgId: 'gu-yuntai', name: '云台新材料有限公司工会' });
    expect(first.subOrgs.map((s) => s.name)).toEqual(expect.arrayContaining(['生产一车间分工会', '研发中心分工会']));
    const second = rosterPage.parse((await list(callers.yuntaiChair, 'gu-yuntai', { cursor: first.nextCursor ?? '' })).body);
    expect(second.members).toHaveLength(20);
    expect(new Set([...first.members, ...second.members].map((m) => m.memberId)).size).toBe(40);

    const someone = second.members[3] as RosterMemberView;
    const byName = rosterPage.parse((await list(callers.yuntaiChair, 'gu-yuntai', { q: someone.name.slice(0, 2) })).body);
    expect(byName.members.every((m) => m.name.startsWith(someone.name.slice(0, 2)))).toBe(true);
    expect(byName.members.map((m) => m.memberId)).toContain(someone.memberId);
    const byNumber = rosterPage.parse((await list(callers.yuntaiChair, 'gu-yuntai', { q: 'yun0003' })).body);
    expect(byNumber.members.map((m) => m.memberId)).toEqual(['gu-yuntai-m003']);
  });

  it('searches a name written in letters when no 工号 matches', async () => {
    const added = (await add(callers.yuntaiChair, 'gu-yuntai', { name: 'Alice Wang', employeeNo: 'AW-1', joinedOn: '2024-01-01' })).body as { member: RosterMemberView };
    const byName = rosterPage.parse((await list(callers.yuntaiChair, 'gu-yuntai', { q: 'Alice' })).body);
    expect(byName.members.map((m) => m.memberId)).toEqual([added.member.memberId]);
  });

  it.each([
    ['the vice-chair of the union', callers.yuntaiViceChair, 'gu-yuntai'],
    ['the reviewer of its district', callers.jiefangReviewer, 'gu-yuntai'],
    ['the organiser of the city', callers.cityOrganiser, 'gu-taihang'],
  ])('is open to %s', async (_who, as, orgId) => {
    expect((await list(as, orgId)).status).toBe(200);
  });

  it.each([
    ['the chair of union A, union B’s roster', callers.yuntaiChair, 'gu-renmin'],
    ['the reviewer of district jiefang, a shanyang union’s roster', callers.jiefangReviewer, 'gu-taihang'],
    ['a member, the own union’s roster', callers.yuntaiMember, 'gu-yuntai'],
  ])('refuses %s with 403', async (_who, as, orgId) => {
    expect(await list(as, orgId)).toEqual({ status: 403, body: { code: 'SCOPE.FORBIDDEN', message: '您无权访问该组织的数据', details: [] } });
  });

  it('lets reviewers read but not change a roster, and asks for a log-in without a token', async () => {
    expect((await add(callers.jiefangReviewer, 'gu-yuntai', { name: '审核人', employeeNo: 'X1', joinedOn: '2024-01-01' })).status).toBe(403);
    expect((await remove(callers.jiefangReviewer, 'gu-yuntai', 'gu-yuntai-m011')).status).toBe(403);
    expect((await call(roster, 'GET /v1/orgs/{orgId}/roster', { params: { orgId: 'gu-yuntai' } })).body.code).toBe('AUTH.REQUIRED');
  });

  it('has no roster for a federation, and refuses an org that does not exist as one out of reach', async () => {
    expect(await list(callers.cityOrganiser, 'dist-jiefang')).toMatchObject({ status: 400, body: { code: 'ROSTER.NOT_GRASSROOTS' } });
    expect(await list(callers.cityOrganiser, 'gu-nowhere')).toMatchObject({ status: 403, body: { code: 'SCOPE.FORBIDDEN' } });
  });
});

describe('files', () => {
  it('exports the roster as .xlsx with masked numbers and audits the export', async () => {
    const res = await call(roster, 'GET /v1/orgs/{orgId}/roster/export', { as: callers.jiefangReviewer, params: { orgId: 'gu-yuntai' } });

    expect(res.status).toBe(200);
    const file = rosterFile.parse(res.body);
    expect(file.fileName).toMatch(/^云台新材料有限公司工会会员名册-\d{4}-\d{2}-\d{2}\.xlsx$/);
    const workbook = new Workbook();
    await workbook.xlsx.load(Buffer.from(file.contentBase64, 'base64') as never);
    const sheet = workbook.getWorksheet('会员名册');
    const rows = sheet?.getSheetValues().filter(Boolean) as unknown[][];
    expect(rows[0]?.slice(1)).toEqual(['姓名', '工号', '性别', '手机号', '身份证号', '所属分工会/小组', '是否农民工', '是否劳务派遣', '入会日期', '状态', '退会日期', '网上入会（绑定微信）时间']);
    const added = rows.find((r) => r[2] === 'YT-9001');
    expect(added?.slice(1, 6)).toEqual(['欧阳 明', 'YT-9001', '男', '139****5678', `4108**********${idNumber(7).slice(-4)}`]);
    expect(rows.find((r) => r[1] === '司马光' && r[10] === '已退会')?.[11]).toBe('2023-01-01');
    expect(JSON.stringify(rows)).not.toContain('13912345678');
    const events = await auditActions('gu-yuntai');
    expect(events).toContainEqual(expect.objectContaining({ action: 'roster.exported', actor: { memberId: callers.jiefangReviewer, role: 'reviewer' }, data: expect.objectContaining({ members: rows.length - 1 }) }));
  });

  it('refuses the export outside the caller’s scope, and audits nothing then', async () => {
    const before = (await auditActions('gu-taihang')).length;
    expect((await call(roster, 'GET /v1/orgs/{orgId}/roster/export', { as: callers.jiefangReviewer, params: { orgId: 'gu-taihang' } })).status).toBe(403);
    expect(await auditActions('gu-taihang')).toHaveLength(before);
  });

  it('serves the template: Chinese headers, an example row, text number columns, a notes sheet', async () => {
    const res = await call(roster, 'GET /v1/roster/template', { as: callers.yuntaiChair });

    const file = rosterFile.parse(res.body);
    expect(file).toMatchObject({ fileName: '会员名册导入模板.xlsx', contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });
    const workbook = new Workbook();
    await workbook.xlsx.load(Buffer.from(file.contentBase64, 'base64') as never);
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['会员名册', '填写说明']);
    const sheet = workbook.getWorksheet('会员名册');
    expect(sheet?.getRow(1).values).toEqual([undefined, '姓名', '工号', '性别', '手机号', '身份证号', '所属分工会/小组', '是否农民工', '是否劳务派遣', '入会日期']);
    expect(sheet?.getRow(2).getCell(5).value).toBe('11010519491231002X');
    expect(sheet?.getColumn(5).numFmt).toBe('@');
    expect(String(workbook.getWorksheet('填写说明')?.getRow(2).getCell(1).value)).toBe('姓名');
  });
});

describe('a member’s own record', () => {
  const member = callers.yuntaiMember;

  it('shows the member their entry with masked numbers', async () => {
    const res = await call(roster, 'GET /v1/me/record', { as: member });
    const record = myRecordResponse.parse(res.body);
    expect(record.union).toEqual({ orgId: 'gu-yuntai', name: '云台新材料有限公司工会' });
    expect(record.member).toMatchObject({ memberId: member, orgId: 'gu-yuntai', status: 'active', subOrgName: '生产二车间分工会', employeeNo: 'YUN0007' });
  });

  it('lets the member correct name, phone and gender, updates the joining hash, and audits which fields changed', async () => {
    const res = await call(roster, 'PUT /v1/me/record', { as: member, body: { name: '王 芳', phone: '13700001111', gender: 'female' } });

    expect(res.status).toBe(200);
    expect(myRecordResponse.parse(res.body).member).toMatchObject({ name: '王 芳', phoneMasked: '137****1111', gender: 'female' });
    expect(await memberItem(member)).toMatchObject({ name: '王 芳', gsi1sk: `MEMBER#王 芳#${member}`, phoneTailHash: cipher.hash(`phoneTail:${member}`, '1111') });
    const events = await auditActions('gu-yuntai');
    expect(events).toContainEqual(expect.objectContaining({ action: 'member.corrected', actor: { memberId: member, role: 'member' }, data: { memberId: member, fields: ['name', 'phone', 'gender'] } }));
    expect(JSON.stringify(events)).not.toContain('13700001111');
  });

  it('refuses a bad phone number naming the field, and an empty correction', async () => {
    expect((await call(roster, 'PUT /v1/me/record', { as: member, body: { phone: '021-1234567' } })).body).toMatchObject({ code: 'REQUEST.INVALID', details: [{ path: 'phone', message: '「手机号」格式不正确：应为 11 位手机号码' }] });
    expect((await call(roster, 'PUT /v1/me/record', { as: member, body: {} })).body).toMatchObject({ code: 'REQUEST.INVALID', details: [{ path: 'name', message: '请至少修改一项：姓名（name）、手机号（phone）或性别（gender）' }] });
  });
});
