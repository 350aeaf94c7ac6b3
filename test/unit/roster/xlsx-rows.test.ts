import { Workbook, type CellValue } from 'exceljs';
import { cellText, readSheetRows } from '../../../functions/roster/excel';
import type { SheetRow } from '../../../shared/roster/roster-rows';

/**
 * Issue 18: a roster .xlsx is read straight from its XML (functions/roster/xlsx-rows.ts), no longer loaded whole by
 * ExcelJS. What a chair's file says must read the same as before: each case is compared with ExcelJS's own reading.
 */
async function viaExcelJs(bytes: Buffer, sheetName: string): Promise<SheetRow[]> {
  const workbook = new Workbook();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  const sheet = workbook.getWorksheet(sheetName) ?? workbook.worksheets.find((s) => s.state !== 'hidden' && s.actualRowCount > 0) ?? workbook.worksheets[0];
  const rows: SheetRow[] = [];
  sheet?.eachRow({ includeEmpty: false }, (row, number) => {
    const values = Array.isArray(row.values) ? row.values : [];
    // Array.from: ExcelJS leaves holes where a row has gaps; the reader fills them with ''.
    rows.push({ number, cells: Array.from(values.slice(1), (v) => cellText(v as CellValue)) });
  });
  return rows;
}

const bytesOf = async (workbook: Workbook): Promise<Buffer> => Buffer.from(await workbook.xlsx.writeBuffer());

describe('reading a roster .xlsx from its XML', () => {
  it('reads text, numbers, long digit runs, dates, booleans, rich text, formulas and gaps as ExcelJS does', async () => {
    const workbook = new Workbook();
    const sheet = workbook.addWorksheet('会员名册');
    sheet.addRow(['姓名', '工号', '身份证号', '入会日期', '是否农民工', '备注']);
    sheet.addRow(['张三 & 李四 <测试>', 1024, Number('410802198501011234'), new Date(Date.UTC(2021, 2, 1)), true, { richText: [{ text: '富' }, { text: '文本', font: { bold: true } }] }]);
    sheet.addRow(['王五', 'A-007', '41080219850101123X', new Date(Date.UTC(1999, 11, 31)), false, { formula: '1+1', result: 2 }]);
    sheet.addRow([]);
    sheet.getCell('A5').value = '赵六';
    sheet.getCell('D5').value = 3.5;
    sheet.getCell('F5').value = { formula: 'A5', result: '赵六' };
    sheet.getCell('A6').value = '  前后空格  ';
    sheet.getColumn(4).numFmt = 'yyyy"年"m"月"d"日"';
    const bytes = await bytesOf(workbook);

    expect(await readSheetRows(bytes)).toEqual(await viaExcelJs(bytes, '会员名册'));
    expect((await readSheetRows(bytes))[1]?.cells).toEqual(['张三 & 李四 <测试>', '1024', '4.1080219850101126E+17', '2021-03-01', '是', '富文本']);
  });

  it('prefers the 会员名册 sheet, else the first visible sheet with rows', async () => {
    const named = new Workbook();
    named.addWorksheet('说明').addRow(['这是说明']);
    named.addWorksheet('会员名册').addRow(['姓名', '工号']);
    expect((await readSheetRows(await bytesOf(named)))[0]?.cells).toEqual(['姓名', '工号']);

    const unnamed = new Workbook();
    const hidden = unnamed.addWorksheet('隐藏');
    hidden.state = 'hidden';
    hidden.addRow(['隐藏的表']);
    unnamed.addWorksheet('空表');
    unnamed.addWorksheet('名单').addRow(['姓名', '入会日期']);
    const bytes = await bytesOf(unnamed);
    expect(await readSheetRows(bytes)).toEqual(await viaExcelJs(bytes, '会员名册'));
    expect((await readSheetRows(bytes))[0]?.cells).toEqual(['姓名', '入会日期']);
  });
});
