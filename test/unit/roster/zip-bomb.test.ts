import { deflateRawSync } from 'node:zlib';
import { Workbook } from 'exceljs';
import { DomainError } from '../../../shared/errors';
import { readSheetRows, refuseZipBomb, zipLimits } from '../../../functions/roster/excel';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const XLSX = require('exceljs/lib/xlsx/xlsx') as { prototype: { load: (...args: unknown[]) => Promise<unknown> } };

/**
 * Issue 15: a 4 MB .xlsx was inflated whole by ExcelJS before any check. The zip's central directory is read first
 * and the file refused, before ExcelJS sees it, when it declares too much or inflates to more than it declares.
 */
interface Entry {
  name: string;
  data: Buffer;
  /** Stored as deflated `data`; `declared` is what the headers claim (default: the truth). */
  declared?: number;
}

/** A zip built by hand, headers as given: what an attacker would send. */
function zip(entries: Entry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const compressed = deflateRawSync(e.data);
    const name = Buffer.from(e.name);
    const size = e.declared ?? e.data.length;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(compressed.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(compressed.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, compressed);
    centrals.push(central, name);
    offset += 30 + name.length + compressed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

const codeOf = (fn: () => unknown): string | undefined => {
  try {
    fn();
    return undefined;
  } catch (error) {
    return error instanceof DomainError ? error.code : String(error);
  }
};

describe('a roster .xlsx is measured before it is inflated', () => {
  let load: jest.SpyInstance;
  beforeEach(() => {
    load = jest.spyOn(XLSX.prototype, 'load');
  });
  afterEach(() => load.mockRestore());

  it('reads a real workbook as before, from its XML without ExcelJS (test/unit/roster/xlsx-rows.test.ts)', async () => {
    const workbook = new Workbook();
    workbook.addWorksheet('会员名册').addRow(['姓名', '工号']);
    const bytes = Buffer.from(await workbook.xlsx.writeBuffer());
    expect(codeOf(() => refuseZipBomb(bytes))).toBeUndefined();
    expect((await readSheetRows(bytes))[0]?.cells).toEqual(['姓名', '工号']);
    expect(load).not.toHaveBeenCalled();
  });

  it('refuses a bomb (10 MB of zeros in 10 KB) by its ratio, before ExcelJS is called', async () => {
    const bomb = zip([{ name: 'xl/worksheets/sheet1.xml', data: Buffer.alloc(10 * 1024 * 1024) }]);
    expect(bomb.length).toBeLessThan(64 * 1024);
    await expect(readSheetRows(bomb)).rejects.toMatchObject({ code: 'ROSTER.FILE_TOO_LARGE', message: expect.stringContaining('压缩比') });
    expect(load).not.toHaveBeenCalled();
  });

  it('refuses a header that lies about the size, without inflating past the declared bytes', async () => {
    // Declares 1,000 bytes (under every limit), holds 8 MB of zeros.
    const liar = zip([{ name: 'xl/sharedStrings.xml', data: Buffer.alloc(8 * 1024 * 1024), declared: 1000 }]);
    await expect(readSheetRows(liar)).rejects.toMatchObject({ code: 'ROSTER.FILE_TOO_LARGE', message: expect.stringContaining('声明的大小') });
    expect(load).not.toHaveBeenCalled();
  });

  it('refuses by declared sizes alone: one entry too large, a total too large, too many entries', () => {
    const small = Buffer.from('<x/>');
    expect(codeOf(() => refuseZipBomb(zip([{ name: 'a.xml', data: small, declared: zipLimits.entryBytes + 1 }])))).toBe('ROSTER.FILE_TOO_LARGE');
    const parts = Array.from({ length: 3 }, (_, i) => ({ name: `p${i}.xml`, data: small, declared: zipLimits.entryBytes - 1 }));
    expect(codeOf(() => refuseZipBomb(zip(parts)))).toBe('ROSTER.FILE_TOO_LARGE');
    const many = Array.from({ length: zipLimits.entries + 1 }, (_, i) => ({ name: `m${i}.xml`, data: small }));
    expect(codeOf(() => refuseZipBomb(zip(many)))).toBe('ROSTER.FILE_TOO_LARGE');
  });

  it('calls a truncated or garbled zip unreadable, not a 500', () => {
    const good = zip([{ name: 'a.xml', data: Buffer.from('<x/>') }]);
    expect(codeOf(() => refuseZipBomb(good.subarray(0, good.length - 30)))).toBe('ROSTER.FILE_UNREADABLE');
    const garbled = Buffer.from(good);
    garbled.writeUInt32LE(0xdeadbeef, garbled.length - 22 - 46 - 5);
    expect(codeOf(() => refuseZipBomb(garbled))).toBe('ROSTER.FILE_UNREADABLE');
  });
});
