import { randomBytes } from 'node:crypto';
import { crc32, deflateRawSync } from 'node:zlib';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { Workbook } from 'exceljs';
import { signSession } from '../../../functions/auth/session-token';
import { idNumberCheckCharacter } from '../../../shared/roster/id-number';
import type { TestTable } from '../../support/dynamo';
import { httpEvent } from '../../support/http-event';

export const sessionSecret = 'roster-test-session-secret-0123456789';
export const personalDataKey = randomBytes(32).toString('base64url');

/** The environment the roster function reads (one key per test file: jest loads modules afresh per file). */
export function useTable(table: TestTable): void {
  Object.assign(process.env, { STAGE: 'local', TABLE_NAME: table.tableName, DYNAMODB_ENDPOINT: table.endpoint, SESSION_SECRET: sessionSecret, PERSONAL_DATA_KEY: personalDataKey });
}

/** Seeded callers (scripts/local/seed.ts). */
export const callers = {
  yuntaiChair: 'gu-yuntai-m001',
  yuntaiViceChair: 'gu-yuntai-m002',
  yuntaiMember: 'gu-yuntai-m007',
  renminChair: 'gu-renmin-m001',
  shiyanChair: 'gu-shiyan-m001',
  qinhuaiChair: 'gu-qinhuai-m001',
  taihangChair: 'gu-taihang-m001',
  jiefangReviewer: 'staff-dist-jiefang',
  shanyangReviewer: 'staff-dist-shanyang',
  cityOrganiser: 'staff-city-1',
};

type Handler = (event: APIGatewayProxyEventV2) => Promise<{ statusCode?: number; body?: string }>;

/**
 * An HTTP API event for a route with path parameters, as API Gateway delivers it: the route key is the
 * template, rawPath the filled-in path. `as` signs a session for that member.
 */
export async function call(
  handler: Handler,
  routeKey: string,
  options: { as?: string; params?: Record<string, string>; query?: Record<string, string>; body?: unknown } = {},
): Promise<{ status: number; body: Record<string, unknown> }> {
  const [method = 'GET', template = '/'] = routeKey.split(' ');
  const params = options.params ?? {};
  const path = template.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(params[name] ?? ''));
  const token = options.as ? (await signSession({ memberId: options.as, openid: `o-${options.as}` }, sessionSecret, 'local')).token : undefined;
  const event = httpEvent(method, path, { ...(options.body === undefined ? {} : { body: options.body }), ...(token ? { headers: { authorization: `Bearer ${token}` } } : {}) });
  const query = options.query ?? {};
  const result = await handler({
    ...event,
    routeKey,
    requestContext: { ...event.requestContext, routeKey },
    pathParameters: params,
    queryStringParameters: query,
    rawQueryString: new URLSearchParams(query).toString(),
  });
  return { status: result.statusCode ?? 0, body: JSON.parse(String(result.body)) as Record<string, unknown> };
}

/** A valid (fictional) 18-character ID number: 焦作 region code, a birth date, a sequence, its check character. */
export function idNumber(n: number, birth = '19850101'): string {
  const first17 = `410802${birth}${String(n % 1000).padStart(3, '0')}`;
  return `${first17}${idNumberCheckCharacter(first17)}`;
}

/** A distinct mobile number per n. */
export const phone = (n: number): string => `139${String(n).padStart(8, '0')}`;

export type Cells = Record<string, string>;

/**
 * Row n (from 1) of a large synthetic roster: a distinct 工号 (`employeePrefix` + six digits), phone and valid ID
 * number; joined across 2010–2024 (the scale test and the roster-import bench).
 */
export function numberedRow(n: number, name: string, employeePrefix: string): Cells {
  const birth = new Date(Date.UTC(1960, 0, 1) + (n % 15_000) * 86_400_000).toISOString().slice(0, 10).replace(/-/g, '');
  const first17 = `410802${birth}${String(Math.floor(n / 15_000)).padStart(3, '0')}`;
  return {
    姓名: `${name}${n}`,
    工号: `${employeePrefix}${String(n).padStart(6, '0')}`,
    性别: n % 2 ? '男' : '女',
    手机号: phone(n),
    身份证号: `${first17}${idNumberCheckCharacter(first17)}`,
    是否农民工: n % 7 === 0 ? '是' : '否',
    是否劳务派遣: n % 11 === 0 ? '是' : '否',
    入会日期: `${2010 + (n % 15)}-${String(1 + (n % 12)).padStart(2, '0')}-15`,
  };
}
export const headers = ['姓名', '工号', '性别', '手机号', '身份证号', '所属分工会/小组', '是否农民工', '是否劳务派遣', '入会日期'];

/** Row n of a generated roster (n from 1), all fields valid. */
export function memberRow(n: number, prefix = 'IMP'): Cells {
  const birth = `19${String(60 + (n % 40)).padStart(2, '0')}0${1 + (n % 9)}1${n % 10}`;
  return {
    姓名: `测试会员${n}`,
    工号: `${prefix}${String(n).padStart(5, '0')}`,
    性别: n % 2 ? '男' : '女',
    手机号: phone(n),
    身份证号: idNumber(n, birth),
    '所属分工会/小组': '',
    是否农民工: n % 7 === 0 ? '是' : '否',
    是否劳务派遣: n % 11 === 0 ? '是' : '否',
    入会日期: `20${String(10 + (n % 15)).padStart(2, '0')}-0${1 + (n % 9)}-15`,
  };
}

/** An .xlsx roster as the template lays it out (number columns as text), base64. */
export async function xlsxBase64(rows: Cells[], header = headers): Promise<string> {
  const workbook = new Workbook();
  const sheet = workbook.addWorksheet('会员名册');
  sheet.addRow(header);
  for (const row of rows) sheet.addRow(header.map((h) => row[h] ?? ''));
  return Buffer.from(await workbook.xlsx.writeBuffer()).toString('base64');
}

export function csvText(rows: Cells[], header = headers): string {
  const quote = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  return [header.join(','), ...rows.map((r) => header.map((h) => quote(r[h] ?? '')).join(','))].join('\r\n');
}

const xmlText = (v: string) => v.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const columnLetters = (n: number) => String.fromCharCode(65 + n);

/**
 * A large .xlsx written straight as XML in a zip (inline strings, as some exporters write them), in a second or two
 * where ExcelJS takes ~30 s for 100,000 rows. Excel opens it; the roster reader reads it like any other.
 */
export function bigXlsx(rows: readonly Cells[], header = headers): Buffer {
  const cell = (ref: string, v: string) => (v === '' ? '' : `<c r="${ref}" t="inlineStr"><is><t>${xmlText(v)}</t></is></c>`);
  const rowXml = (n: number, values: readonly string[]) => `<row r="${n}">${values.map((v, i) => cell(`${columnLetters(i)}${n}`, v)).join('')}</row>`;
  const sheet = [
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>',
    rowXml(1, header),
    ...rows.map((r, i) => rowXml(i + 2, header.map((h) => r[h] ?? ''))),
    '</sheetData></worksheet>',
  ].join('');
  const files: [string, string][] = [
    ['[Content_Types].xml', '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'],
    ['_rels/.rels', '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'],
    ['xl/workbook.xml', '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="会员名册" sheetId="1" r:id="rId1"/></sheets></workbook>'],
    ['xl/_rels/workbook.xml.rels', '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'],
    ['xl/worksheets/sheet1.xml', sheet],
  ];
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [fileName, text] of files) {
    const data = Buffer.from(text, 'utf8');
    const compressed = deflateRawSync(data);
    const name = Buffer.from(fileName, 'utf8');
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(compressed.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(compressed.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, compressed);
    centrals.push(central, name);
    offset += 30 + name.length + compressed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}
