import type { QuotaTable } from './quota-table';
import type { Ruleset } from './ruleset-schema';
import { titleCode, titleLabels, type TitleCode } from './titles';

/**
 * Reads a 名额分配表 as CSV: a header `recommending_unit,<TitleCode>,…`, one row per recommending unit and
 * optionally a 合计 row. An empty cell means no quota. Every problem is reported, each with the row number a
 * spreadsheet shows (header = row 1) and the column's header, so an organiser can fix the file in one go.
 */

export const unitColumn = 'recommending_unit';
export const totalRowLabel = '合计';

export interface QuotaCsvProblem {
  row: number;
  column: string;
  message: string;
}

export type QuotaCsvResult = { ok: true; table: QuotaTable } | { ok: false; problems: QuotaCsvProblem[] };

/** "第 3 行「模范职工之家」列：「三」不是数字" — a problem as the organiser reads it, naming its row and column. */
export function quotaProblemText(p: QuotaCsvProblem): string {
  if (/^第 \d+ 列$/.test(p.column)) return `第 ${p.row} 行${p.column}：${p.message}`;
  const title = titleCode.safeParse(p.column);
  const column = title.success ? titleLabels[title.data] : p.column === unitColumn ? '推荐单位' : p.column;
  return `第 ${p.row} 行「${column}」列：${p.message}`;
}

export function parseQuotaCsv(text: string, options: { ruleset?: Ruleset } = {}): QuotaCsvResult {
  const problems: QuotaCsvProblem[] = [];
  const rows = parseCsvRows(text.replace(/^\uFEFF/, ''));
  const header = rows[0];
  if (!header || header.cells.every((c) => c.trim() === '')) {
    return { ok: false, problems: [{ row: 1, column: unitColumn, message: '文件为空，缺少表头' }] };
  }

  const columns = header.cells.map((c) => c.trim());
  if (columns[0] !== unitColumn) {
    problems.push({ row: 1, column: columns[0] ?? '', message: `第一列应为「${unitColumn}」（推荐单位）` });
  }
  const offered = options.ruleset ? new Set(options.ruleset.titles.map((t) => t.title)) : undefined;
  /** Column index → title, for the columns that name a valid title. */
  const titleColumns = new Map<number, TitleCode>();
  const seenTitles = new Set<string>();
  columns.forEach((name, index) => {
    if (index === 0) return;
    const parsed = titleCode.safeParse(name);
    if (name === '') {
      problems.push({ row: 1, column: `第 ${index + 1} 列`, message: '表头为空' });
    } else if (!parsed.success) {
      problems.push({ row: 1, column: name, message: `「${name}」不是已知的荣誉称号` });
    } else if (seenTitles.has(name)) {
      problems.push({ row: 1, column: name, message: `称号列「${titleLabels[parsed.data]}」重复` });
    } else if (offered && !offered.has(parsed.data)) {
      problems.push({ row: 1, column: name, message: `${options.ruleset?.name ?? ''}不设「${titleLabels[parsed.data]}」` });
    } else {
      titleColumns.set(index, parsed.data);
    }
    seenTitles.add(name);
  });

  const units: QuotaTable['units'] = [];
  // Every non-total row's figures count towards the column sums, even a row whose name is missing or repeated:
  // its numbers are on the sheet, so a naming problem must not also surface as a sum mismatch.
  const summed: Partial<Record<TitleCode, number>>[] = [];
  const unitRows = new Map<string, number>();
  let totals: { row: number; quotas: Partial<Record<TitleCode, number>> } | undefined;

  for (const { row, cells } of rows.slice(1)) {
    if (cells.every((c) => c.trim() === '')) continue; // blank lines, e.g. at the end of the file
    const name = (cells[0] ?? '').trim();
    for (let index = columns.length; index < cells.length; index++) {
      if ((cells[index] ?? '').trim() !== '') {
        problems.push({ row, column: `第 ${index + 1} 列`, message: '该列没有表头' });
      }
    }

    const quotas: Partial<Record<TitleCode, number>> = {};
    for (const [index, title] of titleColumns) {
      const raw = (cells[index] ?? '').trim();
      if (raw === '') continue;
      const problem = quotaCellProblem(raw);
      if (problem) problems.push({ row, column: columns[index] ?? title, message: problem });
      else quotas[title] = Number(raw);
    }

    if (name !== totalRowLabel) summed.push(quotas);
    if (name === '') {
      problems.push({ row, column: unitColumn, message: '缺少推荐单位名称' });
    } else if (name === totalRowLabel) {
      if (totals) problems.push({ row, column: unitColumn, message: `合计行重复（第 ${totals.row} 行已有合计）` });
      else totals = { row, quotas };
    } else if (unitRows.has(name)) {
      problems.push({ row, column: unitColumn, message: `推荐单位「${name}」重复（第 ${unitRows.get(name)} 行已有）` });
    } else {
      unitRows.set(name, row);
      units.push({ unit: name, quotas });
    }
  }

  if (totals) {
    for (const [index, title] of titleColumns) {
      const column = columns[index] ?? title;
      // A column with a bad cell cannot be summed meaningfully; that cell is already reported.
      if (problems.some((p) => p.column === column && p.row > 1)) continue;
      const sum = summed.reduce((s, quotas) => s + (quotas[title] ?? 0), 0);
      const total = totals.quotas[title] ?? 0;
      if (sum !== total) {
        problems.push({
          row: totals.row,
          column,
          message: `${titleLabels[title]}各推荐单位名额之和为 ${sum}，与合计行的 ${total} 不一致`,
        });
      }
    }
  }

  if (problems.length > 0) {
    return { ok: false, problems: problems.sort((a, b) => a.row - b.row || columns.indexOf(a.column) - columns.indexOf(b.column)) };
  }
  const table: QuotaTable = { titles: [...titleColumns.values()], units };
  if (totals) table.totals = totals.quotas;
  return { ok: true, table };
}

function quotaCellProblem(raw: string): string | undefined {
  const value = Number(raw);
  if (!/^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(raw) || !Number.isFinite(value)) return `「${raw}」不是数字`;
  if (value < 0) return `名额不能为负数（${raw}）`;
  if (!Number.isInteger(value)) return `名额必须为整数（${raw}）`;
  return undefined;
}

/**
 * Minimal RFC 4180 reader: quoted fields may hold commas, quotes ("") and line breaks; CRLF or LF.
 * Rows are numbered by record, as a spreadsheet numbers them (a quoted line break stays in one row).
 */
function parseCsvRows(text: string): { row: number; cells: string[] }[] {
  const rows: { row: number; cells: string[] }[] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') {
        quoted = false;
      } else {
        cell += ch;
      }
      continue;
    }
    if (ch === '"' && cell === '') quoted = true;
    else if (ch === ',') {
      cells.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      cells.push(cell);
      rows.push({ row: rows.length + 1, cells });
      cells = [];
      cell = '';
    } else cell += ch;
  }
  if (cell !== '' || cells.length > 0) {
    cells.push(cell);
    rows.push({ row: rows.length + 1, cells });
  }
  return rows;
}
