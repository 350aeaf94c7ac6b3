import fc from 'fast-check';
import { auditEventHash, canonicalJson, genesisHash, hashedContent, sha256Hex } from '../../../functions/audit/audit-hash';

const event = {
  subjectType: 'application',
  subjectId: 'app-1',
  scopePath: '/city-jz/dist-jiefang/gu-yuntai',
  action: 'application.passed',
  actor: { memberId: 'staff-dist-jiefang', role: 'reviewer' },
  reason: '材料齐全，符合条件',
  citation: { doc: '焦作市模范职工之家评选办法', article: '第五条' },
  data: { level: 'district', votes: [3, 1], note: null },
  seq: 1,
  at: '2026-11-21T10:00:00.000Z',
  prevHash: genesisHash,
};

describe('canonical JSON', () => {
  it('sorts object keys at every depth and keeps array order, with no whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: 'x' } })).toBe('{"a":{"c":"x","d":[3,{"y":2,"z":1}]},"b":1}');
  });

  it('sorts keys by UTF-16 code unit, so Chinese and upper-case keys have one fixed order', () => {
    expect(canonicalJson({ 条款: 1, b: 2, B: 3, a: 4 })).toBe('{"B":3,"a":4,"b":2,"条款":1}');
  });

  it('leaves out undefined properties, as the table does', () => {
    expect(canonicalJson({ a: 1, reason: undefined })).toBe('{"a":1}');
  });

  it('refuses values the table would not give back unchanged', () => {
    expect(() => canonicalJson({ at: new Date(0) })).toThrow(/not a plain object/);
    expect(() => canonicalJson({ n: Number.NaN })).toThrow(/not a JSON number/);
    expect(() => canonicalJson([1, undefined])).toThrow(/undefined at array index 1/);
    expect(() => canonicalJson({ s: new Set([1]) })).toThrow(/not a plain object/);
    expect(() => canonicalJson({ big: BigInt(1) })).toThrow(/bigint/);
  });

  it('gives the same text for any key order, and parses back to the same value (property)', () => {
    const json = fc.jsonValue().map((value) => JSON.parse(JSON.stringify(value)) as unknown);
    fc.assert(
      fc.property(json, (value) => {
        const reversed = JSON.parse(JSON.stringify(value, (_key, v: unknown) => (v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).reverse()) : v))) as unknown;
        expect(canonicalJson(reversed)).toBe(canonicalJson(value));
        expect(JSON.parse(canonicalJson(value))).toEqual(value);
      }),
    );
  });
});

describe('the event hash', () => {
  it('is SHA-256 in lower-case hex (FIPS 180-2 test vector "abc")', () => {
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('is the SHA-256 of the canonical JSON of content, seq, at and prevHash', () => {
    const text = canonicalJson(event);
    expect(text.startsWith('{"action":"application.passed","actor":{"memberId":"staff-dist-jiefang","role":"reviewer"},"at":"2026-11-21T10:00:00.000Z","citation"')).toBe(true);
    expect(auditEventHash(event)).toBe(sha256Hex(text));
    expect(auditEventHash(event)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('ignores storage attributes and the hash itself, but not an attribute added inside the content', () => {
    const stored = { ...event, pk: 'AUDIT#application#app-1', sk: 'EVENT#0000000001', gsi3pk: 'AUDITSCOPE#city-jz', entity: 'auditEvent', hash: 'x' };
    expect(hashedContent(stored)).toEqual(event);
    expect(auditEventHash(stored)).toBe(auditEventHash(event));
    expect(auditEventHash({ ...event, actor: { ...event.actor, name: '孙建国' } })).not.toBe(auditEventHash(event));
  });

  it.each([
    ['the reason is edited', { reason: '材料齐全' }],
    ['the reason is removed', { reason: undefined }],
    ['another article is cited', { citation: { doc: '焦作市模范职工之家评选办法', article: '第六条' } }],
    ['the actor changes', { actor: { memberId: 'someone-else', role: 'reviewer' } }],
    ['the seq changes', { seq: 2 }],
    ['the time changes by a millisecond', { at: '2026-11-21T10:00:00.001Z' }],
    ['the previous hash changes', { prevHash: '1'.repeat(64) }],
    ['the order inside data changes', { data: { level: 'district', votes: [1, 3], note: null } }],
  ])('changes when %s', (_what, change) => {
    expect(auditEventHash({ ...event, ...change })).not.toBe(auditEventHash(event));
  });

  it('does not depend on the order the fields were written in', () => {
    const shuffled = Object.fromEntries(Object.entries(event).reverse());
    expect(auditEventHash(shuffled)).toBe(auditEventHash(event));
  });
});
