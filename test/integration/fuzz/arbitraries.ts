/**
 * Requests from the zod schemas the handlers parse with (shared/api/* and the handlers' own path/query schemas):
 * valid values generated from each schema's JSON Schema (zod 4's z.toJSONSchema), then mutated the ways an attacker
 * or a broken client would — dropped, added and retyped fields, huge strings and arrays, deep nesting, odd Unicode.
 */
import fc from 'fast-check';
import * as z from 'zod';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema | JsonSchema[];
  prefixItems?: JsonSchema[];
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  multipleOf?: number;
  enum?: Json[];
  const?: Json;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  $ref?: string;
  $defs?: Record<string, JsonSchema>;
  default?: Json;
}

const jsonSchemaCache = new WeakMap<z.ZodType, JsonSchema>();
/** The schema as JSON Schema (input side: what a client sends); what JSON cannot say becomes "anything". */
export function jsonSchemaOf(schema: z.ZodType): JsonSchema {
  let out = jsonSchemaCache.get(schema);
  if (!out) {
    out = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any', target: 'draft-2020-12' }) as JsonSchema;
    jsonSchemaCache.set(schema, out);
  }
  return out;
}

/** Odd Unicode: a lone surrogate, right-to-left override, zero-width joiner and BOM, NUL, CJK, emoji, combining marks. */
export const oddTexts = ['\uD800', '\uDFFF', 'a\u202Eb', '\u200B\u200D\uFEFF', '\u0000', 'NUL\u0000end', '职工之家', '👨‍👩‍👧', 'e\u0301\u0301\u0301', '\u2028\u2029', '%00', '../../etc', '<script>', "' OR 1=1 --", '#', '\\u0000'];
const oddChar = fc.constantFrom(...oddTexts);
export const oddString = fc.array(fc.oneof(fc.string({ maxLength: 8 }), oddChar), { maxLength: 6 }).map((parts) => parts.join(''));

/** A string matching `pattern` where fast-check can build one; otherwise a plain string (the handler refuses it). */
function stringFor(s: JsonSchema): fc.Arbitrary<string> {
  const min = s.minLength ?? 0;
  const max = Math.max(min, Math.min(s.maxLength ?? 40, min + 40));
  if (s.pattern) {
    try {
      const re = new RegExp(s.pattern);
      return fc.stringMatching(re).filter((v) => v.length >= min && v.length <= (s.maxLength ?? Infinity));
    } catch {
      return fc.string({ minLength: min, maxLength: max });
    }
  }
  switch (s.format) {
    case 'date':
      return fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2030-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
    case 'date-time':
      return fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2030-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString());
    case 'uuid':
      return fc.uuid();
    case 'email':
      return fc.emailAddress();
    default:
      return fc.oneof({ weight: 4, arbitrary: fc.string({ minLength: min, maxLength: max, unit: 'grapheme' }) }, { weight: 1, arbitrary: fc.string({ minLength: min, maxLength: max }) }).filter((v) => v.trim().length >= Math.min(min, 1));
  }
}

function numberFor(s: JsonSchema, integer: boolean): fc.Arbitrary<number> {
  const lo = s.minimum ?? (s.exclusiveMinimum !== undefined ? s.exclusiveMinimum + (integer ? 1 : 1e-6) : -1e6);
  const hi = s.maximum ?? (s.exclusiveMaximum !== undefined ? s.exclusiveMaximum - (integer ? 1 : 1e-6) : 1e6);
  const [min, max] = [Math.max(lo, -1e9), Math.min(hi, 1e9)];
  if (integer || s.type === 'integer') return fc.integer({ min: Math.ceil(min), max: Math.floor(Math.max(min, max)) });
  // Valid values stay storable (DynamoDB: no magnitude below 1e-130); the mutations send the extreme ones.
  return fc.double({ min, max: Math.max(min, max), noNaN: true, noDefaultInfinity: true }).map((v) => (Math.abs(v) < 1e-6 ? 0 : Math.round(v * 1e6) / 1e6));
}

/** Valid values for a JSON Schema, as far as fast-check can build them (refinements may still refuse some). */
export function validArbitrary(root: JsonSchema): fc.Arbitrary<Json> {
  const defs = root.$defs ?? {};
  const build = (s: JsonSchema, depth: number): fc.Arbitrary<Json> => {
    if (s.$ref) {
      const name = s.$ref.replace(/^#\/\$defs\//, '');
      const target = s.$ref === '#' ? root : defs[name];
      return depth > 6 || !target ? fc.constant(null) : build(target, depth + 1);
    }
    if (s.const !== undefined) return fc.constant(s.const);
    if (s.enum) return fc.constantFrom(...s.enum);
    const choices = s.anyOf ?? s.oneOf;
    if (choices && choices.length > 0) return fc.oneof(...choices.map((c) => build(c, depth + 1)));
    if (s.allOf && s.allOf.length > 0) return build(Object.assign({}, ...s.allOf) as JsonSchema, depth + 1);
    const type = Array.isArray(s.type) ? s.type[0] : s.type;
    switch (type) {
      case 'object': {
        const props = s.properties ?? {};
        const required = new Set(s.required ?? []);
        const record: Record<string, fc.Arbitrary<Json>> = {};
        for (const [key, child] of Object.entries(props)) record[key] = build(child, depth + 1);
        const requiredKeys = Object.keys(props).filter((k) => required.has(k));
        return fc.record(record, { requiredKeys }) as fc.Arbitrary<Json>;
      }
      case 'array': {
        if (s.prefixItems) return fc.tuple(...s.prefixItems.map((c) => build(c, depth + 1)));
        const min = s.minItems ?? 0;
        const max = Math.max(min, Math.min(s.maxItems ?? 4, min + 4));
        const items = Array.isArray(s.items) ? s.items[0] : s.items;
        return depth > 6 ? fc.constant([]) : fc.array(items ? build(items, depth + 1) : fc.constant(null), { minLength: min, maxLength: max });
      }
      case 'string':
        return stringFor(s);
      case 'integer':
        return numberFor(s, true);
      case 'number':
        return numberFor(s, false);
      case 'boolean':
        return fc.boolean();
      case 'null':
        return fc.constant(null);
      default:
        return fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json>;
    }
  };
  return build(root, 0);
}

// ---- mutations --------------------------------------------------------------------------------------------

const hugeString = (n: number, unit: string) => unit.repeat(Math.ceil(n / unit.length)).slice(0, n);
/** Nesting `depth` arrays/objects deep: stack-hungry parsers and validators fall over on this. */
export const deepNesting = (depth: number, kind: 'array' | 'object'): Json => {
  let v: Json = 'x';
  for (let i = 0; i < depth; i += 1) v = kind === 'array' ? [v] : { a: v };
  return v;
};

/** A value of the wrong shape, or an extreme one, for wherever a field sits. */
export const wrongValue: fc.Arbitrary<Json> = fc.oneof(
  fc.constantFrom<Json>(null, true, false, 0, -1, 1e308, -0, 2 ** 53 + 1, '', ' ', [], {}, '0', 'true', 'null', '{}', '[]', 'NaN', '1e999'),
  fc.constantFrom(...oddTexts),
  oddString,
  fc.constant(100_000).chain((n) => fc.constantFrom<Json>(hugeString(n, 'a'), hugeString(n, '职'), hugeString(n, '\u200B'), hugeString(n, '😀'))),
  fc.constant(10_000).map((n) => Array.from({ length: n }, (_, i) => (i % 2 === 0 ? 'x' : i)) as Json),
  fc.constantFrom(deepNesting(1000, 'array'), deepNesting(1000, 'object')),
  fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<Json>,
  fc.integer(),
  fc.double(),
);

type Path = (string | number)[];
function pathsOf(value: Json, prefix: Path = [], out: Path[] = [], depth = 0): Path[] {
  out.push(prefix);
  if (depth > 5 || value === null || typeof value !== 'object') return out;
  if (Array.isArray(value)) value.slice(0, 5).forEach((v, i) => pathsOf(v, [...prefix, i], out, depth + 1));
  else for (const [k, v] of Object.entries(value)) pathsOf(v, [...prefix, k], out, depth + 1);
  return out;
}
function clone(value: Json): Json {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as Json);
}
function setAt(root: Json, path: Path, op: (parent: Json[] | Record<string, Json>, key: string | number) => void): Json {
  if (path.length === 0) return root;
  const copy = clone(root);
  let node: Json = copy;
  for (const key of path.slice(0, -1)) node = (node as Record<string, Json>)[key as string] as Json;
  if (node && typeof node === 'object') op(node as Record<string, Json>, path[path.length - 1] as string | number);
  return copy;
}

export type Mutation = { kind: string; value: Json | undefined };

/** One mutation of a (valid) value: drop, add, retype, blow up or scramble something at a random place in it. */
export function mutate(valid: Json): fc.Arbitrary<Mutation> {
  const paths = pathsOf(valid);
  const inner = paths.filter((p) => p.length > 0);
  const pick = fc.constantFrom(...paths);
  const options: fc.Arbitrary<Mutation>[] = [
    wrongValue.map((v) => ({ kind: 'replace whole', value: v })),
    fc.constant({ kind: 'missing', value: undefined }),
    fc.tuple(pick, fc.oneof(fc.constantFrom('__proto__', 'constructor', 'extra', 'pk', 'sk', '', 'a'.repeat(10_000)), oddString), wrongValue).map(([p, key, v]) => ({
      kind: `extra field at ${p.join('.') || '(root)'}`,
      value: p.length === 0 ? (valid && typeof valid === 'object' && !Array.isArray(valid) ? { ...valid, [key]: v } : valid) : setAt(valid, p, (parent, k) => {
        const target = (parent as Record<string, Json>)[k as string];
        if (target && typeof target === 'object' && !Array.isArray(target)) (target as Record<string, Json>)[key] = v;
      }),
    })),
  ];
  if (inner.length > 0) {
    const innerPick = fc.constantFrom(...inner);
    options.push(
      fc.tuple(innerPick, wrongValue).map(([p, v]) => ({ kind: `retype ${p.join('.')}`, value: setAt(valid, p, (parent, k) => void ((parent as Record<string, Json>)[k as string] = v)) })),
      innerPick.map((p) => ({
        kind: `drop ${p.join('.')}`,
        value: setAt(valid, p, (parent, k) => (Array.isArray(parent) ? void parent.splice(k as number, 1) : void delete (parent as Record<string, Json>)[k as string])),
      })),
      fc.tuple(innerPick, oddString).map(([p, s]) => ({
        kind: `odd text at ${p.join('.')}`,
        value: setAt(valid, p, (parent, k) => {
          const old = (parent as Record<string, Json>)[k as string];
          (parent as Record<string, Json>)[k as string] = typeof old === 'string' ? `${old}${s}` : s;
        }),
      })),
      fc.tuple(innerPick, fc.constant(100_000)).map(([p, n]) => ({
        kind: `blow up ${p.join('.')}`,
        value: setAt(valid, p, (parent, k) => {
          const old = (parent as Record<string, Json>)[k as string];
          (parent as Record<string, Json>)[k as string] =
            typeof old === 'string' ? hugeString(n, old || 'x') : Array.isArray(old) ? (Array.from({ length: Math.min(n, 10_000) }, () => old[0] ?? 'x') as Json) : hugeString(n, '9');
        }),
      })),
    );
  }
  return fc.oneof(...options);
}
