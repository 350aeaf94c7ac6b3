import { deflateSync } from 'node:zlib';
import fc from 'fast-check';
import { cleanEvidenceImage, ImageRefused, stripImageMetadata } from '../../../functions/publicity/image-metadata';

// ---- building pictures by hand ---------------------------------------------------------------------------------

const seg = (marker: number, body: Buffer | string): Buffer => {
  const b = typeof body === 'string' ? Buffer.from(body, 'latin1') : body;
  const head = Buffer.alloc(4);
  head.writeUInt8(0xff, 0);
  head.writeUInt8(marker, 1);
  head.writeUInt16BE(b.length + 2, 2);
  return Buffer.concat([head, b]);
};
const gps = 'GPSLatitude 39.9087N GPSLongitude 116.3975E Make HUAWEI Model P40 DateTimeOriginal 2026:11:23 09:15:02';
const exif = seg(0xe1, Buffer.concat([Buffer.from('Exif\u0000\u0000', 'latin1'), Buffer.from(gps, 'latin1')]));
const xmp = seg(0xe1, `http://ns.adobe.com/xap/1.0/\u0000<x:xmpmeta><exif:GPSLatitude>39,54.52N</exif:GPSLatitude></x:xmpmeta>`);
const jfif = seg(0xe0, Buffer.concat([Buffer.from('JFIF\u0000\u0001\u0001\u0000\u0000\u0001\u0000\u0001\u0001\u0001', 'latin1'), Buffer.alloc(3, 0x7f)])); // with a 1×1 thumbnail
const icc = seg(0xe2, 'ICC_PROFILE\u0000\u0001\u0001 device: HUAWEI P40 camera 2026-11-23');
const adobe = seg(0xee, Buffer.from([0x41, 0x64, 0x6f, 0x62, 0x65, 0x00, 0x64, 0x00, 0x00, 0x00, 0x00, 0x01]));
const comment = seg(0xfe, 'taken at Dongcheng, Beijing by Zhang San');
const dqt = seg(0xdb, Buffer.concat([Buffer.from([0x00]), Buffer.alloc(64, 1)]));
const sof0 = seg(0xc0, Buffer.from([8, 0, 16, 0, 16, 1, 1, 0x11, 0]));
const dht = seg(0xc4, Buffer.concat([Buffer.from([0x00]), Buffer.alloc(16, 0), Buffer.from([])]));
const sos = seg(0xda, Buffer.from([1, 1, 0x00, 0, 63, 0]));
// Entropy-coded data: a stuffed FF 00 and a restart marker must not end it.
const scan = Buffer.from([0x12, 0x34, 0xff, 0x00, 0x56, 0xff, 0xd0, 0x78, 0x9a]);
const soi = Buffer.from([0xff, 0xd8]);
const eoi = Buffer.from([0xff, 0xd9]);

const picture = Buffer.concat([dqt, sof0, dht, sos, scan]);
const cleanJpeg = Buffer.concat([soi, picture, eoi]);

const chunk = (type: string, data: Buffer | string): Buffer => {
  const body = Buffer.concat([Buffer.from(type, 'latin1'), typeof data === 'string' ? Buffer.from(data, 'latin1') : data]);
  const head = Buffer.alloc(4);
  head.writeUInt32BE(body.length - 4);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([head, body, crc]);
};
function crc32(data: Buffer): number {
  let c = 0xffffffff;
  for (const byte of data) {
    c ^= byte;
    for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  }
  return (c ^ 0xffffffff) >>> 0;
}
const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const ihdr = chunk('IHDR', Buffer.from([0, 0, 0, 2, 0, 0, 0, 2, 8, 2, 0, 0, 0]));
const idat = chunk('IDAT', deflateSync(Buffer.from([0, 255, 0, 0, 0, 255, 0, 0, 0, 0, 255, 255, 255])));
const phys = chunk('pHYs', Buffer.from([0, 0, 11, 19, 0, 0, 11, 19, 1]));
const iend = chunk('IEND', '');
const cleanPng = Buffer.concat([signature, ihdr, phys, idat, iend]);

const dataUrlOf = (kind: 'png' | 'jpeg', b: Buffer) => `data:image/${kind};base64,${b.toString('base64')}`;

// ---- the behaviour -----------------------------------------------------------------------------------------------

describe('stripping report evidence of its metadata', () => {
  it('drops EXIF/GPS, XMP, JFIF (with its thumbnail), ICC and comments from a JPEG and keeps the picture byte for byte', () => {
    const phone = Buffer.concat([soi, jfif, exif, xmp, icc, comment, picture, eoi, Buffer.from('trailing maker data GPS')]);
    const { kind, bytes } = stripImageMetadata(phone);
    expect(kind).toBe('jpeg');
    expect(bytes.equals(cleanJpeg)).toBe(true);
    expect(bytes.toString('latin1')).not.toMatch(/GPS|Exif|xmpmeta|JFIF|ICC_PROFILE|HUAWEI|taken at/);
  });

  it('keeps the 12-byte Adobe colour-transform segment (needed to decode Adobe files) and nothing longer under its name', () => {
    expect(stripImageMetadata(Buffer.concat([soi, adobe, picture, eoi])).bytes.equals(Buffer.concat([soi, adobe, picture, eoi]))).toBe(true);
    const smuggled = seg(0xee, 'Adobe\u0000d\u0000\u0000\u0000\u0000\u0001 GPS 39.9N');
    expect(stripImageMetadata(Buffer.concat([soi, smuggled, picture, eoi])).bytes.equals(cleanJpeg)).toBe(true);
  });

  it('drops tEXt, zTXt, iTXt, eXIf, tIME, iCCP and private chunks from a PNG, keeping the picture', () => {
    const screenshot = Buffer.concat([
      signature,
      ihdr,
      chunk('tEXt', 'Author\u0000Zhang San'),
      chunk('zTXt', Buffer.concat([Buffer.from('Comment\u0000\u0000', 'latin1'), deflateSync(Buffer.from('GPS 39.9N'))])),
      chunk('iTXt', 'XML:com.adobe.xmp\u0000\u0000\u0000\u0000\u0000<x:xmpmeta>GPS</x:xmpmeta>'),
      chunk('eXIf', 'MM\u0000*GPS'),
      chunk('tIME', Buffer.from([0x07, 0xea, 11, 23, 9, 15, 2])),
      chunk('iCCP', Buffer.concat([Buffer.from('HUAWEI P40\u0000\u0000', 'latin1'), deflateSync(Buffer.from('profile'))])),
      phys,
      chunk('prVt', 'device serial 1234'),
      idat,
      iend,
      Buffer.from('after the end'),
    ]);
    const { kind, bytes } = stripImageMetadata(screenshot);
    expect(kind).toBe('png');
    expect(bytes.equals(cleanPng)).toBe(true);
  });

  it('refuses what is not a PNG or JPEG, and malformed ones: truncated, a bad length, a bad checksum, no picture data', () => {
    const refusals = [
      Buffer.from('GIF89a...'),
      Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'),
      cleanJpeg.subarray(0, cleanJpeg.length - 2),
      Buffer.concat([soi, Buffer.from([0xff, 0xe1, 0xff, 0xff]), eoi]),
      Buffer.concat([soi, dqt, eoi]),
      Buffer.concat([soi, sos, scan, eoi]),
      cleanPng.subarray(0, cleanPng.length - 12),
      Buffer.concat([signature, ihdr, chunk('IDAT', 'x').subarray(0, 8), Buffer.from('xxxxx'), iend]),
      Buffer.concat([signature, ihdr, iend]),
      Buffer.concat([signature, idat, ihdr, iend]),
      Buffer.concat([signature, ihdr, chunk('ABCD', 'unknown critical'), idat, iend]),
    ];
    for (const b of refusals) expect(() => stripImageMetadata(b)).toThrow(ImageRefused);
    const badCrc = Buffer.from(cleanPng);
    badCrc.writeUInt8((badCrc[badCrc.length - 20] as number) ^ 1, badCrc.length - 20);
    expect(() => stripImageMetadata(badCrc)).toThrow(ImageRefused);
  });

  it('answers any mangled file with a clean picture or a refusal, never a crash; what passes is left unchanged by a second pass', () => {
    const marked = Buffer.concat([soi, exif, picture, eoi]);
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), fc.nat(), fc.boolean(), (noise, at, png) => {
        const base = png ? Buffer.concat([signature, ihdr, chunk('tEXt', 'GPS'), idat, iend]) : marked;
        const i = at % base.length;
        const mutated = Buffer.concat([base.subarray(0, i), Buffer.from(noise), base.subarray(i + noise.length)]);
        try {
          const { bytes } = stripImageMetadata(mutated);
          // Whatever passes is again a valid file that stripping leaves unchanged.
          expect(stripImageMetadata(bytes).bytes.equals(bytes)).toBe(true);
        } catch (error) {
          expect(error).toBeInstanceOf(ImageRefused);
        }
      }),
      { seed: 15, numRuns: 500 },
    );
  });

  it('checks a data URL against its content and names the field when it refuses', () => {
    expect(cleanEvidenceImage(dataUrlOf('jpeg', Buffer.concat([soi, exif, picture, eoi])), 'evidence.0')).toBe(dataUrlOf('jpeg', cleanJpeg));
    expect(() => cleanEvidenceImage(dataUrlOf('png', cleanJpeg), 'evidence.1')).toThrow(expect.objectContaining({ code: 'REQUEST.INVALID', details: [expect.objectContaining({ path: 'evidence.1', message: expect.stringContaining('evidence.1') })] }));
    expect(() => cleanEvidenceImage(dataUrlOf('jpeg', Buffer.from('not a picture')), 'evidence.0')).toThrow(expect.objectContaining({ details: [expect.objectContaining({ message: expect.stringContaining('不是 PNG 或 JPEG 图片') })] }));
  });
});
