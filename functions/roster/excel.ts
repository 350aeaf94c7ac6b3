import { Readable } from 'node:stream';
import { inflateRawSync } from 'node:zlib';
import type { CellValue, DataValidation, Worksheet } from 'exceljs';
import type Workbook from 'exceljs/lib/doc/workbook';
import { rosterColumns } from '@shared/roster/roster-columns';
import type { SheetRow } from '@shared/roster/roster-rows';
import { DomainError } from '@shared/errors';
import { maxImportFileLabel, maxImportRows } from '@shared/api/roster';
import { readXlsxRows } from './xlsx-rows';

export const xlsxContentType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** The roster sheet's name in the template and in exports; an import prefers a sheet of this name. */
export const rosterSheetName = '会员名册';

// exceljs loads with the first workbook made or read, not with the bundle (cold start budget, issue 18).
const newWorkbook = async (): Promise<Workbook> => new (await import('exceljs/lib/doc/workbook')).default();

const isZip = (bytes: Buffer): boolean => bytes.length > 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;

/**
 * The cells of a roster file as text, row by row (.xlsx: the 会员名册 sheet or the first one; .csv: UTF-8 with or
 * without BOM, or GB18030 as Excel for Chinese Windows saves it). The file's content decides, not its name.
 */
export async function readSheetRows(bytes: Buffer): Promise<SheetRow[]> {
  const tooMany = () =>
    new DomainError('ROSTER.FILE_INVALID', { message: `文件超过 ${maxImportRows} 行：一次最多导入 ${maxImportRows} 名会员，请拆分后分批导入（文件不超过 ${maxImportFileLabel}）` });
  if (isZip(bytes)) {
    refuseZipBomb(bytes);
    // Read from the XML directly: ExcelJS's whole-workbook load takes ~15 s and ~1 GB for 100,000 rows.
    let read: ReturnType<typeof readXlsxRows>;
    try {
      read = readXlsxRows(bytes, { preferredName: rosterSheetName, maxRows: maxImportRows + 20 });
    } catch (cause) {
      throw new DomainError('ROSTER.FILE_UNREADABLE', { cause });
    }
    if (!read) throw new DomainError('ROSTER.FILE_UNREADABLE');
    if (read.tooMany) throw tooMany();
    return read.rows;
  }
  const workbook = await newWorkbook();
  let sheet: Worksheet | undefined;
  try {
    const text = decodeCsvText(bytes);
    // Every cell stays text: exceljs would otherwise turn ID numbers into (rounded) numbers.
    sheet = await workbook.csv.read(Readable.from([text]), { map: (value: unknown) => value, parserOptions: { ignoreEmpty: false, trim: false } });
  } catch (cause) {
    throw new DomainError('ROSTER.FILE_UNREADABLE', { cause });
  }
  if (!sheet) throw new DomainError('ROSTER.FILE_UNREADABLE');
  if (sheet.actualRowCount > maxImportRows + 20) throw tooMany();
  const rows: SheetRow[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, number) => {
    const values = Array.isArray(row.values) ? row.values : [];
    // row.values is 1-based: index 0 is empty.
    rows.push({ number, cells: values.slice(1).map((v) => cellText(v as CellValue)) });
  });
  return rows;
}

/**
 * Bounds for an .xlsx before anything is inflated (issue 15: a 4 MB file was inflated whole by ExcelJS first). A
 * 100,000-row roster from the template is ~45 MB of XML (sheet ~37 MB, shared strings ~9 MB); these leave room
 * for Excel's extras.
 */
export const zipLimits = { entries: 500, entryBytes: 128 * 1024 * 1024, totalBytes: 192 * 1024 * 1024, ratio: 200 };

const tooLarge = (why: string) =>
  new DomainError('ROSTER.FILE_TOO_LARGE', { message: `文件解压后过大或结构异常（${why}），不是正常的会员名册，请用模板重新保存后导入（文件不超过 ${maxImportFileLabel}）` });

/**
 * Reads the zip's central directory (end record → entries: sizes, method, where each entry's data starts) and refuses
 * the file when the entries, any entry's or the total declared size, or a compression ratio are too large; then
 * inflates each entry with zlib's output capped at its declared size, so a header that lies about the size is
 * refused too, never inflated past what was checked. Pure reading of bytes; nothing is kept.
 */
export function refuseZipBomb(bytes: Buffer): void {
  // End of central directory: 22 bytes + a comment of up to 65,535, at the file's end.
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 0xffff); i -= 1) {
    if (bytes.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new DomainError('ROSTER.FILE_UNREADABLE');
  const count = bytes.readUInt16LE(eocd + 10);
  const dirSize = bytes.readUInt32LE(eocd + 12);
  const dirStart = bytes.readUInt32LE(eocd + 16);
  // ZIP64 (0xFFFF / 0xFFFFFFFF markers) is for archives far beyond a roster's size.
  if (count === 0xffff || dirStart === 0xffffffff || dirSize === 0xffffffff) throw tooLarge('ZIP64');
  if (count > zipLimits.entries) throw tooLarge(`${count} 个压缩项`);
  if (dirStart + dirSize > eocd) throw new DomainError('ROSTER.FILE_UNREADABLE');
  let total = 0;
  let at = dirStart;
  for (let n = 0; n < count; n += 1) {
    if (at + 46 > eocd || bytes.readUInt32LE(at) !== 0x02014b50) throw new DomainError('ROSTER.FILE_UNREADABLE');
    const method = bytes.readUInt16LE(at + 10);
    const compressed = bytes.readUInt32LE(at + 20);
    const size = bytes.readUInt32LE(at + 24);
    const nameLength = bytes.readUInt16LE(at + 28);
    const extraLength = bytes.readUInt16LE(at + 30);
    const commentLength = bytes.readUInt16LE(at + 32);
    const localAt = bytes.readUInt32LE(at + 42);
    if (compressed === 0xffffffff || size === 0xffffffff || localAt === 0xffffffff) throw tooLarge('ZIP64');
    if (size > zipLimits.entryBytes) throw tooLarge(`单项 ${Math.round(size / 1048576)} MB`);
    total += size;
    if (total > zipLimits.totalBytes) throw tooLarge(`合计超过 ${zipLimits.totalBytes / 1048576} MB`);
    if (size > 1024 * 1024 && size > zipLimits.ratio * Math.max(compressed, 1)) throw tooLarge(`压缩比 ${Math.round(size / Math.max(compressed, 1))} 倍`);
    // Lying headers: inflate the entry's data with the output capped at the declared size (+1 to see an overflow).
    if (localAt + 30 > bytes.length || bytes.readUInt32LE(localAt) !== 0x04034b50) throw new DomainError('ROSTER.FILE_UNREADABLE');
    const dataAt = localAt + 30 + bytes.readUInt16LE(localAt + 26) + bytes.readUInt16LE(localAt + 28);
    if (dataAt + compressed > bytes.length) throw new DomainError('ROSTER.FILE_UNREADABLE');
    if (method === 8) {
      let inflated: Buffer;
      try {
        inflated = inflateRawSync(bytes.subarray(dataAt, dataAt + compressed), { maxOutputLength: size + 1 });
      } catch (cause) {
        if ((cause as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE') throw tooLarge('解压后大于其声明的大小');
        throw new DomainError('ROSTER.FILE_UNREADABLE', { cause });
      }
      if (inflated.length !== size) throw tooLarge('解压后与其声明的大小不符');
    } else if (method === 0) {
      if (compressed !== size) throw new DomainError('ROSTER.FILE_UNREADABLE');
    } else {
      throw new DomainError('ROSTER.FILE_UNREADABLE');
    }
    at += 46 + nameLength + extraLength + commentLength;
  }
}

/** UTF-8 when it decodes as such (BOM dropped), else GB18030 (a superset of GBK and GB2312). */
function decodeCsvText(bytes: Buffer): string {
  if (bytes.includes(0)) throw new Error('binary content is not a CSV file');
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return new TextDecoder('gb18030').decode(bytes);
  }
}

const pad2 = (n: number): string => String(n).padStart(2, '0');

/** A cell as the text a person sees in it; dates as YYYY-MM-DD (Excel dates carry no zone: read as UTC). */
export function cellText(value: CellValue | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  // Digits past the 15th are lost in a number cell: an ID number typed as a number shows as 4.1E+17, which the
  // ID check recognises and explains.
  if (typeof value === 'number') return Math.abs(value) >= 1e15 ? value.toExponential().toUpperCase() : String(value);
  if (typeof value === 'boolean') return value ? '是' : '否';
  if (value instanceof Date) {
    return Number.isNaN(value.getTime()) ? '' : `${value.getUTCFullYear()}-${pad2(value.getUTCMonth() + 1)}-${pad2(value.getUTCDate())}`;
  }
  if ('richText' in value && Array.isArray(value.richText)) return value.richText.map((r) => r.text).join('');
  if ('result' in value) return cellText(value.result as CellValue);
  if ('text' in value && typeof value.text === 'string') return value.text;
  return '';
}

export interface SheetColumn {
  header: string;
  width: number;
  /** Keep the column as text so Excel does not turn long digit strings into rounded numbers. */
  text?: boolean;
}

const headerFill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFDECEC' } } as const;

function addTable(workbook: Workbook, name: string, columns: SheetColumn[], rows: string[][]): Worksheet {
  const sheet = workbook.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = columns.map((c) => ({ header: c.header, width: c.width, ...(c.text ? { style: { numFmt: '@' } } : {}) }));
  const header = sheet.getRow(1);
  header.font = { bold: true };
  header.eachCell((cell) => {
    cell.fill = headerFill;
  });
  for (const row of rows) sheet.addRow(row);
  return sheet;
}

/**
 * 会员名册导入模板: the headers, an example row (ignored on import), drop-downs for 性别 and 是/否, text format
 * for the number columns, and a 填写说明 sheet describing every column.
 */
export async function rosterTemplate(): Promise<Buffer> {
  const workbook = await newWorkbook();
  workbook.creator = '职工之家';
  const sheet = addTable(
    workbook,
    rosterSheetName,
    rosterColumns.map((c) => ({ header: c.header, width: Math.max(12, c.header.length * 2 + 6, c.example.length + 4), text: c.text })),
    [rosterColumns.map((c) => c.example)],
  );
  const lastRow = maxImportRows + 1;
  // exceljs writes a validation for a whole range (one XML element), though its types only name cell addresses.
  const validations = (sheet as Worksheet & { dataValidations: { add(range: string, validation: DataValidation): void } }).dataValidations;
  rosterColumns.forEach((column, index) => {
    const letter = sheet.getColumn(index + 1).letter;
    const choices = column.key === 'gender' ? '"男,女"' : column.key === 'isMigrantWorker' || column.key === 'isDispatchedWorker' ? '"是,否"' : undefined;
    if (choices) {
      validations.add(`${letter}2:${letter}${lastRow}`, { type: 'list', allowBlank: true, formulae: [choices], showErrorMessage: true, errorTitle: '请选择', error: `请填写${choices.replace(/"/g, '').replace(',', '或')}` });
    }
  });
  sheet.getRow(2).font = { color: { argb: 'FF9A9A9A' }, italic: true };

  const notes = addTable(
    workbook,
    '填写说明',
    [
      { header: '列名', width: 18 },
      { header: '是否必填', width: 10 },
      { header: '填写说明', width: 80 },
    ],
    [
      ...rosterColumns.map((c) => [c.header, c.required ? '必填' : c.key === 'employeeNo' || c.key === 'idNumber' ? '二选一' : '选填', c.note]),
      ['', '', ''],
      ['说明', '', '第 2 行为示例（张伟），导入时自动忽略，可直接覆盖或删除。'],
      ['说明', '', `每次最多导入 ${maxImportRows} 名会员，文件不超过 ${maxImportFileLabel}；也可另存为 CSV（UTF-8 或 GBK 编码）后上传。`],
      ['说明', '', '上传后先显示预览：新增、更新、未变和有误的行数，以及每个错误所在的行和列；主席确认后才写入名册。'],
      ['说明', '', '手机号和身份证号加密保存，名册中只显示部分号码（如 138****8000）。'],
    ],
  );
  notes.getColumn(3).alignment = { wrapText: true, vertical: 'top' };
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** A one-sheet workbook of text cells (the roster export). */
export async function tableWorkbook(sheetName: string, columns: SheetColumn[], rows: string[][]): Promise<Buffer> {
  return tablesWorkbook([{ name: sheetName, columns, rows }]);
}

/** A workbook of several sheets of text cells (the campaign's summary tables). */
export async function tablesWorkbook(sheets: readonly { name: string; columns: SheetColumn[]; rows: string[][] }[]): Promise<Buffer> {
  const workbook = await newWorkbook();
  workbook.creator = '职工之家';
  for (const sheet of sheets) addTable(workbook, sheet.name, sheet.columns, sheet.rows);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
