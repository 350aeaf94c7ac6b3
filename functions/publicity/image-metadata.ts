import { fieldError } from '@shared/errors';

/**
 * Report evidence is stripped of everything but the picture before it is stored, so no organiser or investigator
 * who opens it learns where or on what device it was taken (EXIF/GPS, XMP, maker notes, embedded thumbnails,
 * comments, timestamps). Pure TypeScript, lossless: the compressed picture data is copied byte for byte.
 *
 * JPEG: keeps SOI, frame/table/scan segments and their entropy-coded data, EOI. Drops APP0 (JFIF/JFXX may carry a
 * thumbnail of the uncropped original), APP1–APP15 (EXIF, XMP, ICC, IPTC/Photoshop, maker data) and COM, and
 * anything after EOI. One exception: the 12-byte APP14 "Adobe" segment, which holds only a version, two flag words
 * and the colour transform that decoders need to read Adobe RGB/CMYK files correctly. ICC profiles (APP2) go: a
 * wide-gamut photo may look a little flatter, which evidence can afford, and a profile can carry a device
 * description and a creation date.
 * PNG: keeps only the chunks that shape the picture (IHDR, PLTE, IDAT, IEND, tRNS, gAMA, cHRM, sRGB, sBIT, bKGD,
 * pHYs) and so drops tEXt/zTXt/iTXt/eXIf/tIME, iCCP and every private chunk; an unknown critical chunk is refused.
 * Anything else, or a malformed file, is refused.
 */
export class ImageRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ImageRefused';
  }
}

export type ImageKind = 'jpeg' | 'png';

export function stripImageMetadata(bytes: Uint8Array): { kind: ImageKind; bytes: Buffer } {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return { kind: 'jpeg', bytes: stripJpeg(b) };
  if (b.length >= 8 && b.subarray(0, 8).equals(pngSignature)) return { kind: 'png', bytes: stripPng(b) };
  throw new ImageRefused('不是 PNG 或 JPEG 图片');
}

const malformed = (what: string): ImageRefused => new ImageRefused(`图片文件已损坏或格式不正确（${what}）`);

const isStandalone = (m: number): boolean => (m >= 0xd0 && m <= 0xd7) || m === 0x01;
const isFrame = (m: number): boolean => m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc;

function isKeptAdobe(segment: Buffer): boolean {
  // FF EE, length 14 (2 + "Adobe" 5 + version 2 + flags0 2 + flags1 2 + transform 1).
  return segment.length === 16 && segment.subarray(4, 9).toString('latin1') === 'Adobe';
}

function stripJpeg(b: Buffer): Buffer {
  const out: Buffer[] = [b.subarray(0, 2)];
  let pos = 2;
  let sawFrame = false;
  let sawScan = false;
  for (;;) {
    if (pos >= b.length) throw malformed('缺少结束标记');
    if (b[pos] !== 0xff) throw malformed('段标记错误');
    while (pos < b.length && b[pos] === 0xff) pos += 1; // fill bytes
    if (pos >= b.length) throw malformed('缺少结束标记');
    const marker = b[pos] as number;
    pos += 1;
    if (marker === 0xd9) {
      if (!sawFrame || !sawScan) throw malformed('没有图像数据');
      out.push(Buffer.from([0xff, 0xd9])); // anything after EOI is dropped
      return Buffer.concat(out);
    }
    if (marker === 0xd8 || marker === 0x00) throw malformed('段标记错误');
    if (isStandalone(marker)) {
      out.push(Buffer.from([0xff, marker]));
      continue;
    }
    if (pos + 2 > b.length) throw malformed('段长度错误');
    const length = b.readUInt16BE(pos);
    if (length < 2 || pos + length > b.length) throw malformed('段长度错误');
    const segment = b.subarray(pos - 2, pos + length);
    pos += length;
    if (isFrame(marker)) sawFrame = true;
    const metadata = (marker >= 0xe0 && marker <= 0xef) || marker === 0xfe;
    if (!metadata || (marker === 0xee && isKeptAdobe(segment))) out.push(segment);
    if (marker === 0xda) {
      if (!sawFrame) throw malformed('扫描段前没有帧头');
      sawScan = true;
      // Entropy-coded data runs to the next marker that is neither a stuffed 00 nor a restart marker.
      const start = pos;
      while (pos < b.length) {
        if (b[pos] === 0xff && pos + 1 < b.length) {
          const next = b[pos + 1] as number;
          if (next !== 0x00 && !(next >= 0xd0 && next <= 0xd7) && next !== 0xff) break;
        }
        pos += 1;
      }
      if (pos >= b.length) throw malformed('图像数据被截断');
      out.push(b.subarray(start, pos));
    }
  }
}

const pngSignature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const keptPngChunks = new Set(['IHDR', 'PLTE', 'IDAT', 'IEND', 'tRNS', 'gAMA', 'cHRM', 'sRGB', 'sBIT', 'bKGD', 'pHYs']);

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(data: Buffer): number {
  let c = 0xffffffff;
  for (const byte of data) c = (crcTable[(c ^ byte) & 0xff] as number) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function stripPng(b: Buffer): Buffer {
  const out: Buffer[] = [pngSignature];
  let pos = 8;
  let first = true;
  let sawData = false;
  for (;;) {
    if (pos + 12 > b.length) throw malformed('缺少结束块');
    const length = b.readUInt32BE(pos);
    if (length > b.length - pos - 12) throw malformed('块长度错误');
    const type = b.subarray(pos + 4, pos + 8).toString('latin1');
    if (!/^[A-Za-z]{4}$/.test(type)) throw malformed('块类型错误');
    const chunk = b.subarray(pos, pos + 12 + length);
    if (crc32(chunk.subarray(4, 8 + length)) !== chunk.readUInt32BE(8 + length)) throw malformed('校验错误');
    pos += 12 + length;
    if (first !== (type === 'IHDR')) throw malformed('文件头块错误');
    first = false;
    const critical = type.charCodeAt(0) < 0x61;
    if (critical && !keptPngChunks.has(type)) throw malformed(`未知的关键块 ${type}`);
    if (type === 'IDAT') sawData = true;
    if (keptPngChunks.has(type)) out.push(chunk);
    if (type === 'IEND') {
      if (!sawData) throw malformed('没有图像数据');
      return Buffer.concat(out); // anything after IEND is dropped
    }
  }
}

const dataUrl = /^data:image\/(png|jpeg);base64,([A-Za-z0-9+/=]+)$/;

/**
 * One evidence image as the API receives it (a data URL, already shape-checked by the shared schema), returned
 * without its metadata; a file that is not what it says, or is malformed, is refused naming the field.
 */
export function cleanEvidenceImage(image: string, path: string): string {
  const match = dataUrl.exec(image);
  if (!match) throw fieldError(path, '证据图片应为 PNG 或 JPEG 图片');
  try {
    const { kind, bytes } = stripImageMetadata(Buffer.from(match[2] as string, 'base64'));
    if (kind !== match[1]) throw new ImageRefused(`文件内容不是 ${match[1] === 'png' ? 'PNG' : 'JPEG'} 图片`);
    return `data:image/${kind};base64,${bytes.toString('base64')}`;
  } catch (error) {
    if (error instanceof ImageRefused) throw fieldError(path, `证据图片（${path}）无法使用：${error.message}`);
    throw error;
  }
}

export const cleanEvidenceImages = (images: readonly string[], field = 'evidence'): string[] => images.map((image, i) => cleanEvidenceImage(image, `${field}.${i}`));
