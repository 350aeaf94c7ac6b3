import { inflateRawSync } from 'node:zlib';
import type { SheetRow } from '@shared/roster/roster-rows';

/**
 * The cell texts of one sheet of an .xlsx, read straight from the zip's XML (issue 18: a 100,000-row roster took
 * ~15 s and ~1 GB to load whole with ExcelJS; this reads it in ~2 s). Only what a roster needs: shared and inline
 * strings, numbers, booleans, formula results, and dates (number cells in a date format, 1900 or 1904 system).
 * The caller has checked the zip with refuseZipBomb first (functions/roster/excel.ts), so every entry inflates to
 * its declared size. Returns undefined when the file is no workbook this reader understands.
 */

interface Entry {
  method: number;
  compressed: number;
  dataAt: number;
}

function zipEntries(bytes: Buffer): Map<string, Entry> {
  const entries = new Map<string, Entry>();
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 0xffff); i -= 1) {
    if (bytes.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return entries;
  const count = bytes.readUInt16LE(eocd + 10);
  let at = bytes.readUInt32LE(eocd + 16);
  for (let n = 0; n < count; n += 1) {
    const nameLength = bytes.readUInt16LE(at + 28);
    const localAt = bytes.readUInt32LE(at + 42);
    const name = bytes.toString('utf8', at + 46, at + 46 + nameLength);
    entries.set(name.replace(/^\//, ''), {
      method: bytes.readUInt16LE(at + 10),
      compressed: bytes.readUInt32LE(at + 20),
      dataAt: localAt + 30 + bytes.readUInt16LE(localAt + 26) + bytes.readUInt16LE(localAt + 28),
    });
    at += 46 + nameLength + bytes.readUInt16LE(at + 30) + bytes.readUInt16LE(at + 32);
  }
  return entries;
}

function entryText(bytes: Buffer, entries: Map<string, Entry>, name: string): string | undefined {
  const entry = entries.get(name);
  if (!entry) return undefined;
  const data = bytes.subarray(entry.dataAt, entry.dataAt + entry.compressed);
  return (entry.method === 8 ? inflateRawSync(data) : data).toString('utf8');
}

const entities: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
const unescapeXml = (text: string): string =>
  text.indexOf('&') < 0
    ? text
    : text.replace(/&(#x[0-9a-fA-F]+|#\d+|\w+);/g, (whole, name: string) => {
        if (name.startsWith('#x')) return String.fromCodePoint(parseInt(name.slice(2), 16));
        if (name.startsWith('#')) return String.fromCodePoint(parseInt(name.slice(1), 10));
        return entities[name] ?? whole;
      });

const attributePatterns = new Map<string, RegExp>();
const attribute = (tag: string, name: string): string | undefined => {
  let pattern = attributePatterns.get(name);
  if (!pattern) attributePatterns.set(name, (pattern = new RegExp(`\\s${name}="([^"]*)"`)));
  const match = pattern.exec(tag);
  return match ? unescapeXml(match[1] ?? '') : undefined;
};

/** The text runs of a string item (<si> or <is>), phonetic hints (<rPh>) left out. */
function runsText(xml: string): string {
  const plain = xml.indexOf('<rPh') >= 0 ? xml.replace(/<rPh\b[\s\S]*?<\/rPh>/g, '') : xml;
  let text = '';
  for (const match of plain.matchAll(/<t(?:\s[^>]*)?>([\s\S]*?)<\/t>/g)) text += match[1] ?? '';
  return unescapeXml(text);
}

function sharedStrings(xml: string | undefined): string[] {
  if (!xml) return [];
  const out: string[] = [];
  for (const match of xml.matchAll(/<si>([\s\S]*?)<\/si>|<si\/>/g)) out.push(match[1] === undefined ? '' : runsText(match[1]));
  return out;
}

/** Built-in number formats that show dates (incl. the CJK ones Excel for Chinese uses: 27–36, 50–58). */
const builtInDateFormats = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56, 57, 58]);
const isDateFormat = (code: string): boolean => /[ymdhMsb]/.test(code.replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, ''));

/** For each cell style index (the `s` attribute): whether it shows a date. */
function dateStyles(xml: string | undefined): boolean[] {
  if (!xml) return [];
  const custom = new Map<number, string>();
  for (const match of xml.matchAll(/<numFmt\s[^>]*>/g)) {
    const id = Number(attribute(match[0], 'numFmtId'));
    custom.set(id, attribute(match[0], 'formatCode') ?? '');
  }
  const xfs = /<cellXfs\b[^>]*>([\s\S]*?)<\/cellXfs>/.exec(xml)?.[1] ?? '';
  return [...xfs.matchAll(/<xf\s[^>]*?\/?>/g)].map((match) => {
    const id = Number(attribute(match[0], 'numFmtId') ?? 0);
    const code = custom.get(id);
    return code !== undefined ? isDateFormat(code) : builtInDateFormats.has(id);
  });
}

const pad2 = (n: number): string => String(n).padStart(2, '0');

/** An Excel serial day as YYYY-MM-DD (dates carry no zone; read as UTC, as ExcelJS does). */
function serialDay(serial: number, date1904: boolean): string {
  const date = new Date(Math.round((serial - (date1904 ? -1462 : 0) - 25569) * 86_400_000));
  return Number.isNaN(date.getTime()) ? '' : `${date.getUTCFullYear()}-${pad2(date.getUTCMonth() + 1)}-${pad2(date.getUTCDate())}`;
}

const numberText = (value: number): string => (Math.abs(value) >= 1e15 ? value.toExponential().toUpperCase() : String(value));

/** Column index (0 = A) of a reference such as "AB12". */
function columnIndex(ref: string): number {
  let index = 0;
  for (let i = 0; i < ref.length; i += 1) {
    const code = ref.charCodeAt(i);
    if (code < 65 || code > 90) break;
    index = index * 26 + (code - 64);
  }
  return index - 1;
}

export interface XlsxSheetChoice {
  /** The sheet of this name if present, else the first visible sheet with rows, else the first. */
  preferredName: string;
  /** Stop reading past this many rows with content (the caller refuses the file then). */
  maxRows: number;
}

/** The rows with content of the chosen sheet, or undefined when the file is not a workbook. `tooMany`: over maxRows. */
export function readXlsxRows(bytes: Buffer, choice: XlsxSheetChoice): { rows: SheetRow[]; tooMany: boolean } | undefined {
  const entries = zipEntries(bytes);
  const workbook = entryText(bytes, entries, 'xl/workbook.xml');
  if (!workbook) return undefined;
  const relsXml = entryText(bytes, entries, 'xl/_rels/workbook.xml.rels') ?? '';
  const targets = new Map<string, string>();
  for (const match of relsXml.matchAll(/<Relationship\s[^>]*>/g)) {
    const id = attribute(match[0], 'Id');
    const target = attribute(match[0], 'Target');
    if (id && target) targets.set(id, target.startsWith('/') ? target.slice(1) : `xl/${target.replace(/^\.\//, '')}`);
  }
  const sheets = [...workbook.matchAll(/<sheet\s[^>]*>/g)].map((match) => ({
    name: attribute(match[0], 'name') ?? '',
    hidden: (attribute(match[0], 'state') ?? 'visible') !== 'visible',
    path: targets.get(attribute(match[0], 'r:id') ?? '') ?? '',
  }));
  const date1904 = /<workbookPr\s[^>]*date1904="(1|true)"/.test(workbook);
  const strings = sharedStrings(entryText(bytes, entries, targetOf(targets, relsXml, 'sharedStrings') ?? 'xl/sharedStrings.xml'));
  const dates = dateStyles(entryText(bytes, entries, targetOf(targets, relsXml, 'styles') ?? 'xl/styles.xml'));

  const read = (path: string) => {
    const xml = entryText(bytes, entries, path);
    return xml === undefined ? undefined : sheetRows(xml, strings, dates, date1904, choice.maxRows);
  };
  const named = sheets.find((s) => s.name === choice.preferredName);
  if (named) return read(named.path);
  let first: { rows: SheetRow[]; tooMany: boolean } | undefined;
  for (const sheet of sheets) {
    const rows = read(sheet.path);
    first ??= rows;
    if (!sheet.hidden && rows && rows.rows.length > 0) return rows;
  }
  return first;
}

function targetOf(targets: Map<string, string>, relsXml: string, kind: string): string | undefined {
  for (const match of relsXml.matchAll(/<Relationship\s[^>]*>/g)) {
    if ((attribute(match[0], 'Type') ?? '').endsWith(`/${kind}`)) return targets.get(attribute(match[0], 'Id') ?? '');
  }
  return undefined;
}

function sheetRows(xml: string, strings: readonly string[], dates: readonly boolean[], date1904: boolean, maxRows: number): { rows: SheetRow[]; tooMany: boolean } {
  const rows: SheetRow[] = [];
  const data = /<sheetData\b[^>]*>([\s\S]*)<\/sheetData>/.exec(xml)?.[1] ?? '';
  let rowNumber = 0;
  const rowPattern = /<row\b([^>]*?)(?:\/>|>([\s\S]*?)<\/row>)/g;
  const cellPattern = /<c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g;
  for (let row = rowPattern.exec(data); row; row = rowPattern.exec(data)) {
    const r = attribute(row[1] ?? '', 'r');
    rowNumber = r ? Number(r) : rowNumber + 1;
    const cells: string[] = [];
    let column = -1;
    let any = false;
    cellPattern.lastIndex = 0;
    const body = row[2] ?? '';
    for (let cell = cellPattern.exec(body); cell; cell = cellPattern.exec(body)) {
      const attributes = cell[1] ?? '';
      const ref = attribute(attributes, 'r');
      column = ref ? columnIndex(ref) : column + 1;
      const text = cellValue(attributes, cell[2] ?? '', strings, dates, date1904);
      if (text === '') continue;
      while (cells.length < column) cells.push('');
      cells[column] = text;
      any = true;
    }
    if (!any) continue;
    rows.push({ number: rowNumber, cells });
    if (rows.length > maxRows) return { rows, tooMany: true };
  }
  return { rows, tooMany: false };
}

function cellValue(attributes: string, body: string, strings: readonly string[], dates: readonly boolean[], date1904: boolean): string {
  const type = attribute(attributes, 't') ?? 'n';
  if (type === 'inlineStr') return runsText(/<is>([\s\S]*?)<\/is>/.exec(body)?.[1] ?? '');
  const raw = /<v(?:\s[^>]*)?>([\s\S]*?)<\/v>/.exec(body)?.[1];
  if (raw === undefined) return '';
  switch (type) {
    case 's':
      return strings[Number(raw)] ?? '';
    case 'str':
      return unescapeXml(raw);
    case 'b':
      return raw === '1' || raw === 'true' ? '是' : '否';
    case 'e':
      return '';
    default: {
      const value = Number(raw);
      if (Number.isNaN(value)) return unescapeXml(raw);
      return dates[Number(attribute(attributes, 's') ?? 0)] ? serialDay(value, date1904) : numberText(value);
    }
  }
}
