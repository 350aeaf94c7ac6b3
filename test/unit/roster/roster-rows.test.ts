import { checkMemberFields, readRosterTable, type SheetRow } from '../../../shared/roster/roster-rows';
import { columnOfHeader } from '../../../shared/roster/roster-columns';

const ctx = { subOrgs: [{ orgId: 'u-sub1', name: '装配车间分工会' }], today: '2026-11-22', maxRows: 100 };
const sheet = (...rows: string[][]): SheetRow[] => rows.map((cells, i) => ({ number: i + 1, cells }));

describe('headers', () => {
  it('matches headers, their aliases and the marks people add', () => {
    expect(['*姓名', '工号（选填）', '手机号码', '公民身份号码', ' 所属分工会 ', '入会时间', '备注'].map(columnOfHeader)).toEqual(['name', 'employeeNo', 'phone', 'idNumber', 'subOrg', 'joinedOn', undefined]);
  });

  it('finds the header below a title row', () => {
    const read = readRosterTable(sheet(['某公司工会会员名册'], ['姓名', '工号', '入会日期'], ['张三', 'A1', '2020-01-01']), ctx);
    expect(read).toMatchObject({ ok: true, headerRow: 2, total: 1, rows: [{ row: 3, name: '张三', employeeNo: 'A1', joinedOn: '2020-01-01' }] });
  });

  it('names a missing required column, and a file without 工号 and 身份证号', () => {
    expect(readRosterTable(sheet(['姓名', '工号'], ['张三', 'A1']), ctx)).toEqual({ ok: false, problems: [{ row: 1, column: '入会日期', message: '缺少「入会日期」列' }] });
    expect(readRosterTable(sheet(['姓名', '入会日期'], ['张三', '2020-01-01']), ctx)).toEqual({
      ok: false,
      problems: [{ row: 1, column: '工号', message: '缺少「工号」或「身份证号」列：至少需要一列，用于识别会员' }],
    });
    expect(readRosterTable(sheet(['编号', '单位']), ctx)).toMatchObject({ ok: false, problems: [{ row: 1, column: '表头' }] });
  });
});

describe('rows', () => {
  it('reports every problem of a row by row and column, and leaves the row out', () => {
    const read = readRosterTable(sheet(['姓名', '工号', '手机号', '身份证号', '所属分工会/小组', '入会日期'], ['', 'A1', '1380013800', '110105194912310021', '质检部', '2020-02-30']), ctx);
    expect(read).toMatchObject({ ok: true, rows: [], total: 1 });
    expect(read.ok && read.problems.map((p) => p.message)).toEqual([
      '第 2 行「姓名」不能为空',
      '第 2 行「手机号」格式不正确：应为 11 位手机号码',
      '第 2 行「身份证号」格式不正确：校验位不符，请核对号码',
      '第 2 行「所属分工会/小组」“质检部”不是本工会已设立的分工会或工会小组',
      '第 2 行「入会日期」格式不正确：应为 2020-03-01 这样的日期',
    ]);
  });

  it('names the first row of a repeated 工号 or ID number', () => {
    const read = readRosterTable(
      sheet(['姓名', '工号', '身份证号', '入会日期'], ['甲', 'A1', '11010519491231002X', '2020-01-01'], ['乙', 'a1', '', '2020-01-01'], ['丙', 'A3', '11010519491231002x', '2020-01-01']),
      ctx,
    );
    expect(read.ok && read.problems.map((p) => p.message)).toEqual(['第 3 行「工号」与第 2 行重复', '第 4 行「身份证号」与第 2 行重复']);
    expect(read.ok && read.rows.map((r) => r.name)).toEqual(['甲']);
  });

  it('skips empty rows and the template’s example row, and stops at the row limit', () => {
    const example = ['张伟', 'YT0001', '男', '13800138000', '11010519491231002X', '', '否', '否', '2020-03-01'];
    const header = ['姓名', '工号', '性别', '手机号', '身份证号', '所属分工会/小组', '是否农民工', '是否劳务派遣', '入会日期'];
    expect(readRosterTable(sheet(header, example, ['', '', ''], ['李四', 'B2', '', '', '', '装配车间分工会', '是', '', '2021-01-01']), ctx)).toMatchObject({
      ok: true,
      total: 1,
      rows: [{ row: 4, name: '李四', employeeNo: 'B2', subOrgId: 'u-sub1', isMigrantWorker: true, isDispatchedWorker: false }],
    });
    const many = sheet(['姓名', '工号', '入会日期'], ...Array.from({ length: 3 }, (_, i) => [`会员${i}`, `N${i}`, '2020-01-01']));
    expect(readRosterTable(many, { ...ctx, maxRows: 2 })).toEqual({ ok: false, problems: [{ row: 4, column: '行数', message: '一次最多导入 2 名会员，请拆分后分批导入' }] });
  });

  it('treats a masked number (from an export) as not given, so a re-import keeps the stored one', () => {
    const { fields } = checkMemberFields({ name: '王五', employeeNo: 'C3', phone: '138****5678', idNumber: '4101**********1234', joinedOn: '2020-01-01' }, ctx);
    expect(fields).toEqual({ name: '王五', employeeNo: 'C3', joinedOn: '2020-01-01' });
  });

  it('leaves flags undefined when their column is absent, so an update keeps them', () => {
    expect(checkMemberFields({ name: '王五', employeeNo: 'C3', joinedOn: '2020-01-01' }, ctx).fields).toEqual({ name: '王五', employeeNo: 'C3', joinedOn: '2020-01-01' });
  });
});
