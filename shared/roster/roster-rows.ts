import type { Gender } from '../rules/facts';
import { checkDay, checkEmployeeNo, checkGender, checkName, checkYesNo, isMaskedValue } from './cell-values';
import { checkIdNumber } from './id-number';
import { checkMobile } from './phone';
import { columnOfHeader, rosterColumnOf, rosterColumns, type RosterColumnKey } from './roster-columns';
import { normaliseText, refuse, withoutSpaces, type Checked } from './text';

/** What one roster entry says about a member, checked and normalised. Phone and ID number are in clear here only. */
export interface MemberFields {
  name: string;
  employeeNo?: string;
  gender?: Gender;
  phone?: string;
  idNumber?: string;
  subOrgId?: string;
  /** Undefined when the file has no such column (an update then keeps what is stored). */
  isMigrantWorker?: boolean;
  isDispatchedWorker?: boolean;
  joinedOn: string;
}

/** One failing cell: the sheet's row number (header = its own row), the column's Chinese header, the full message. */
export interface RowProblem {
  row: number;
  column: string;
  message: string;
}

/** One failing field of a single entry. `reason` reads after the column name: 「手机号」格式不正确：… */
export interface FieldProblem {
  column: RosterColumnKey;
  reason: string;
}

export interface SubOrgRef {
  orgId: string;
  name: string;
}

export interface FieldContext {
  subOrgs: readonly SubOrgRef[];
  /** YYYY-MM-DD, Asia/Shanghai. */
  today: string;
}

/** 「手机号」格式不正确：应为 11 位手机号码 */
export const fieldMessage = (p: FieldProblem): string => `「${rosterColumnOf[p.column].header}」${p.reason}`;
/** 第 12 行「手机号」格式不正确：应为 11 位手机号码 */
export const rowMessage = (row: number, p: FieldProblem): string => `第 ${row} 行${fieldMessage(p)}`;

/**
 * Checks one entry given as cell texts by column. A column that is absent stays undefined; a phone or ID number
 * shown masked (138****5678, as an export prints it) counts as absent, so a re-imported export keeps the stored
 * numbers. Every failing field is reported, not only the first.
 */
export function checkMemberFields(cells: Partial<Record<RosterColumnKey, string>>, ctx: FieldContext): { fields?: MemberFields; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const take = <T>(column: RosterColumnKey, checked: Checked<T>): T | undefined => {
    if (checked.ok) return checked.value;
    problems.push({ column, reason: checked.reason });
    return undefined;
  };
  const given = (key: RosterColumnKey): string | undefined => {
    const raw = cells[key];
    if (raw === undefined || normaliseText(raw) === '') return undefined;
    if ((key === 'phone' || key === 'idNumber') && isMaskedValue(raw)) return undefined;
    return raw;
  };

  const name = take('name', checkName(cells.name ?? ''));
  const employeeNo = take('employeeNo', checkEmployeeNo(cells.employeeNo ?? ''));
  const gender = take('gender', checkGender(cells.gender ?? ''));
  const phoneText = given('phone');
  const phone = phoneText === undefined ? undefined : take('phone', checkMobile(phoneText));
  const idText = given('idNumber');
  const idNumber = idText === undefined ? undefined : take('idNumber', checkIdNumber(idText, ctx.today));
  const subOrgText = given('subOrg');
  let subOrgId: string | undefined;
  if (subOrgText !== undefined) {
    const wanted = withoutSpaces(subOrgText);
    subOrgId = ctx.subOrgs.find((s) => s.orgId === wanted || withoutSpaces(s.name) === wanted)?.orgId;
    if (!subOrgId) problems.push({ column: 'subOrg', reason: `“${normaliseText(subOrgText)}”不是本工会已设立的分工会或工会小组` });
  }
  const isMigrantWorker = cells.isMigrantWorker === undefined ? undefined : take('isMigrantWorker', checkYesNo(cells.isMigrantWorker));
  const isDispatchedWorker = cells.isDispatchedWorker === undefined ? undefined : take('isDispatchedWorker', checkYesNo(cells.isDispatchedWorker));
  const joinedText = cells.joinedOn ?? '';
  const joinedOn = normaliseText(joinedText) === '' ? take('joinedOn', refuse<string>('不能为空')) : take('joinedOn', checkDay(joinedText, ctx.today));

  const hasIdentity = (employeeNo !== undefined || given('employeeNo') !== undefined) || (idNumber !== undefined || idText !== undefined);
  if (!hasIdentity) problems.push({ column: 'employeeNo', reason: '和「身份证号」至少填写一项（用于识别会员，避免重复）' });

  if (problems.length > 0 || name === undefined || joinedOn === undefined) return { problems };
  const fields: MemberFields = { name, joinedOn };
  if (employeeNo !== undefined) fields.employeeNo = employeeNo;
  if (gender !== undefined) fields.gender = gender;
  if (phone !== undefined) fields.phone = phone;
  if (idNumber !== undefined) fields.idNumber = idNumber;
  if (subOrgId !== undefined) fields.subOrgId = subOrgId;
  if (isMigrantWorker !== undefined) fields.isMigrantWorker = isMigrantWorker;
  if (isDispatchedWorker !== undefined) fields.isDispatchedWorker = isDispatchedWorker;
  return { fields, problems };
}

/** A row of a sheet: its number as the spreadsheet shows it, cell texts left to right. */
export interface SheetRow {
  number: number;
  cells: readonly string[];
}

export interface RosterRow extends MemberFields {
  row: number;
}

export type RosterTable =
  | { ok: false; problems: RowProblem[] }
  | {
      ok: true;
      headerRow: number;
      /** The columns the file has: an update leaves absent ones alone. */
      columns: RosterColumnKey[];
      /** Data rows read (empty rows and the template's example row left out). */
      total: number;
      rows: RosterRow[];
      problems: RowProblem[];
    };

/** How far down a title row or two may push the header. */
const headerSearchRows = 10;

/**
 * Reads a roster sheet: finds the header row, checks every data row, and reports each problem by row and column
 * (第 12 行「手机号」格式不正确…), including 工号 or ID numbers that repeat within the file. Rows with a problem
 * are left out of `rows`.
 */
export function readRosterTable(sheet: readonly SheetRow[], ctx: FieldContext & { maxRows: number }): RosterTable {
  const headerIndex = sheet.slice(0, headerSearchRows).findIndex((r) => r.cells.some((c) => columnOfHeader(c) === 'name'));
  const header = sheet[headerIndex];
  if (!header) {
    return { ok: false, problems: [{ row: 1, column: '表头', message: '找不到表头：请使用导入模板，第一行应为「姓名」「工号」「入会日期」等列名' }] };
  }
  const columnAt = new Map<number, RosterColumnKey>();
  header.cells.forEach((cell, index) => {
    const key = columnOfHeader(cell);
    if (key && ![...columnAt.values()].includes(key)) columnAt.set(index, key);
  });
  const columns = [...columnAt.values()];
  const fileProblems: RowProblem[] = rosterColumns
    .filter((c) => c.required && !columns.includes(c.key))
    .map((c) => ({ row: header.number, column: c.header, message: `缺少「${c.header}」列` }));
  if (!columns.includes('employeeNo') && !columns.includes('idNumber')) {
    fileProblems.push({ row: header.number, column: '工号', message: '缺少「工号」或「身份证号」列：至少需要一列，用于识别会员' });
  }
  if (fileProblems.length > 0) return { ok: false, problems: fileProblems };

  const rows: RosterRow[] = [];
  const problems: RowProblem[] = [];
  const firstRowOf = { employeeNo: new Map<string, number>(), idNumber: new Map<string, number>() };
  let total = 0;
  for (const sheetRow of sheet.slice(headerIndex + 1)) {
    const cells: Partial<Record<RosterColumnKey, string>> = {};
    for (const [index, key] of columnAt) cells[key] = sheetRow.cells[index] ?? '';
    if (Object.values(cells).every((c) => normaliseText(c ?? '') === '') || isTemplateExample(cells)) continue;
    total += 1;
    if (total > ctx.maxRows) {
      return { ok: false, problems: [{ row: sheetRow.number, column: '行数', message: `一次最多导入 ${ctx.maxRows} 名会员，请拆分后分批导入` }] };
    }
    const { fields, problems: found } = checkMemberFields(cells, ctx);
    for (const p of found) problems.push({ row: sheetRow.number, column: rosterColumnOf[p.column].header, message: rowMessage(sheetRow.number, p) });
    if (!fields) continue;
    let repeated = false;
    for (const key of ['employeeNo', 'idNumber'] as const) {
      const value = fields[key];
      if (value === undefined) continue;
      const first = firstRowOf[key].get(value);
      if (first === undefined) {
        firstRowOf[key].set(value, sheetRow.number);
      } else {
        repeated = true;
        const p: FieldProblem = { column: key, reason: `与第 ${first} 行重复` };
        problems.push({ row: sheetRow.number, column: rosterColumnOf[key].header, message: rowMessage(sheetRow.number, p) });
      }
    }
    if (!repeated) rows.push({ row: sheetRow.number, ...fields });
  }
  return { ok: true, headerRow: header.number, columns, total, rows, problems };
}

/** The template's example row, left in by a chair who typed below it: not a member. */
function isTemplateExample(cells: Partial<Record<RosterColumnKey, string>>): boolean {
  return normaliseText(cells.name ?? '') === rosterColumnOf.name.example && withoutSpaces(cells.idNumber ?? '').toUpperCase() === rosterColumnOf.idNumber.example;
}
