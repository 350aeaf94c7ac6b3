import { createHash } from 'node:crypto';

/** The prevHash of the first event of every chain. */
export const genesisHash = '0'.repeat(64);

/** The fields an event's hash covers: everything it says, its place in the chain, and the previous hash. */
const hashedFields = ['subjectType', 'subjectId', 'scopePath', 'action', 'actor', 'reason', 'citation', 'data', 'seq', 'at', 'prevHash'] as const;

/**
 * JSON with object keys sorted (by UTF-16 code unit, as RFC 8785) and no whitespace, so the same content always
 * gives the same text whatever order its keys were written or stored in. Only JSON values are accepted: anything
 * else (undefined in an array, NaN, a Date, a Map, a class instance) would not survive a round trip through the
 * table unchanged, and the stored event could then never verify.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError(`canonicalJson: ${String(value)} is not a JSON number`);
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) {
    return `[${value
      .map((element: unknown, index) => {
        if (element === undefined) throw new TypeError(`canonicalJson: undefined at array index ${index}`);
        return canonicalJson(element);
      })
      .join(',')}]`;
  }
  if (typeof value === 'object') {
    const prototype = Object.getPrototypeOf(value) as unknown;
    if (prototype !== Object.prototype && prototype !== null) throw new TypeError(`canonicalJson: ${Object.prototype.toString.call(value)} is not a plain object`);
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  throw new TypeError(`canonicalJson: a ${typeof value} is not a JSON value`);
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** The hashed content of an event (or of a stored item: keys, index attributes and `hash` itself are left out). */
export function hashedContent(event: Record<string, unknown>): Record<string, unknown> {
  const content: Record<string, unknown> = {};
  for (const field of hashedFields) if (event[field] !== undefined) content[field] = event[field];
  return content;
}

/** SHA-256 over the canonical JSON of the event's content, seq, at and prevHash. */
export function auditEventHash(event: Record<string, unknown>): string {
  return sha256Hex(canonicalJson(hashedContent(event)));
}
