import { createHash } from 'node:crypto';
import { deflateSync } from 'node:zlib';

/**
 * The picture the WeChat stand-in answers getUnlimited (`POST /wxa/getwxacodeunlimit`) with: a real, valid PNG
 * of the requested width, drawn as a QR-like pattern (three finder squares and a grid of modules derived from
 * the scene), with the request written into tEXt chunks (`scene`, `page`, `env_version`) so tests can read back
 * what was encoded.
 *
 * A choice, on purpose: WeChat's own "sun code" (小程序码) can only be drawn and resolved by WeChat, so no local
 * picture could open the mini-program when scanned anyway. A deterministic pattern shows, on the printable
 * invitation page, a picture that differs per scene and looks the part, without a QR library (no new
 * dependency). It is not a scannable QR code.
 */
export class StandinImage {
  constructor(
    readonly contentType: 'image/png',
    readonly bytes: Buffer,
  ) {}
}

const modules = 29;
const quiet = 2;

export function unlimitedCodePng(request: { scene: string; page?: string; envVersion: string; width: number }): StandinImage {
  const grid = modulesFor(request.scene);
  const size = request.width;
  const cell = Math.max(1, Math.floor(size / (modules + 2 * quiet)));
  const offset = Math.floor((size - cell * modules) / 2);
  // 8-bit greyscale rows, each led by filter type 0.
  const raw = Buffer.alloc((size + 1) * size, 255);
  for (let y = 0; y < size; y += 1) {
    raw[y * (size + 1)] = 0;
    const my = Math.floor((y - offset) / cell);
    for (let x = 0; x < size; x += 1) {
      const mx = Math.floor((x - offset) / cell);
      const dark = y >= offset && x >= offset && mx < modules && my < modules && grid[my]?.[mx] === true;
      if (dark) raw[y * (size + 1) + 1 + x] = 0x1a;
    }
  }
  const text = (key: string, value: string) => chunk('tEXt', Buffer.concat([Buffer.from(key, 'latin1'), Buffer.from([0]), Buffer.from(value, 'latin1')]));
  return new StandinImage(
    'image/png',
    Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      chunk('IHDR', ihdr(size, size)),
      text('Software', 'wechat-standin getUnlimited'),
      text('scene', request.scene),
      ...(request.page ? [text('page', request.page)] : []),
      text('env_version', request.envVersion),
      chunk('IDAT', deflateSync(raw)),
      chunk('IEND', Buffer.alloc(0)),
    ]),
  );
}

/** Finder squares in three corners; every other module is a bit of SHA-256(scene), repeated. */
function modulesFor(scene: string): boolean[][] {
  const digest = createHash('sha256').update(scene).digest();
  const bit = (n: number) => ((digest[Math.floor(n / 8) % digest.length] ?? 0) >> (n % 8)) & 1;
  const finderAt = (x: number, y: number): boolean | undefined => {
    for (const [fx, fy] of [
      [0, 0],
      [modules - 7, 0],
      [0, modules - 7],
    ] as const) {
      const [dx, dy] = [x - fx, y - fy];
      if (dx >= -1 && dx <= 7 && dy >= -1 && dy <= 7) {
        if (dx < 0 || dy < 0 || dx > 6 || dy > 6) return false;
        const ring = Math.min(dx, dy, 6 - dx, 6 - dy);
        return ring !== 1;
      }
    }
    return undefined;
  };
  let n = 0;
  return Array.from({ length: modules }, (_, y) =>
    Array.from({ length: modules }, (_, x) => {
      const finder = finderAt(x, y);
      if (finder !== undefined) return finder;
      n += 1;
      return bit(n * 7 + x) === 1;
    }),
  );
}

function ihdr(width: number, height: number): Buffer {
  const out = Buffer.alloc(13);
  out.writeUInt32BE(width, 0);
  out.writeUInt32BE(height, 4);
  out[8] = 8; // bit depth
  out[9] = 0; // greyscale
  return out;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typed = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typed));
  return Buffer.concat([length, typed, crc]);
}

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Buffer): number {
  let c = 0xffffffff;
  for (const byte of bytes) c = (crcTable[(c ^ byte) & 0xff] ?? 0) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** The tEXt chunks of a PNG, for tests that read back what the stand-in encoded. */
export function pngTextChunks(png: Buffer): Record<string, string> {
  const out: Record<string, string> = {};
  for (let at = 8; at + 8 <= png.length; ) {
    const length = png.readUInt32BE(at);
    const type = png.toString('latin1', at + 4, at + 8);
    if (type === 'tEXt') {
      const data = png.subarray(at + 8, at + 8 + length);
      const zero = data.indexOf(0);
      out[data.toString('latin1', 0, zero)] = data.toString('latin1', zero + 1);
    }
    at += 12 + length;
  }
  return out;
}
