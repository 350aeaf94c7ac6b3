// DynamoDB's attribute values ({ S: … }, { N: … }, { M: … }) to and from plain JavaScript values, as the AWS
// SDK's document client converts them with `removeUndefinedValues: true` (@aws-sdk/util-dynamodb marshall and
// unmarshall): undefined map entries and list elements dropped, numbers outside the safe integers refused rather
// than rounded, class instances (a Date) refused rather than guessed at, sets of strings, numbers and binaries.

export type AttributeValue =
  | { S: string }
  | { N: string }
  | { BOOL: boolean }
  | { NULL: true }
  | { B: string }
  | { L: AttributeValue[] }
  | { M: Record<string, AttributeValue> }
  | { SS: string[] }
  | { NS: string[] }
  | { BS: string[] };

const binary = (value: unknown): value is Uint8Array | ArrayBuffer => value instanceof Uint8Array || value instanceof ArrayBuffer;
const base64Of = (value: Uint8Array | ArrayBuffer): string => Buffer.from(value instanceof ArrayBuffer ? new Uint8Array(value) : value).toString('base64');

function numberText(value: number | bigint): string {
  if (typeof value === 'bigint') return value.toString();
  if (!Number.isFinite(value)) throw new Error(`Special numeric value ${value} is not allowed`);
  if (value > Number.MAX_SAFE_INTEGER || value < Number.MIN_SAFE_INTEGER) {
    throw new Error(`Number ${value} is outside Number.MAX_SAFE_INTEGER / MIN_SAFE_INTEGER: it would lose precision`);
  }
  return String(value);
}

function setValue(set: Set<unknown>): AttributeValue {
  const values = [...set];
  if (values.length === 0) throw new Error('An empty set cannot be stored in DynamoDB');
  if (values.every((v) => typeof v === 'string')) return { SS: values as string[] };
  if (values.every((v) => typeof v === 'number' || typeof v === 'bigint')) return { NS: values.map((v) => numberText(v as number | bigint)) };
  if (values.every(binary)) return { BS: values.map((v) => base64Of(v as Uint8Array)) };
  throw new Error('A set must hold only strings, only numbers or only binary values');
}

/** One value as DynamoDB's attribute value. */
export function toAttribute(value: unknown): AttributeValue {
  if (value === null) return { NULL: true };
  switch (typeof value) {
    case 'string':
      return { S: value };
    case 'number':
    case 'bigint':
      return { N: numberText(value) };
    case 'boolean':
      return { BOOL: value };
    case 'object':
      break;
    default:
      throw new Error(`Unsupported type passed: ${typeof value}`);
  }
  if (Array.isArray(value)) return { L: value.filter((v) => v !== undefined && typeof v !== 'function').map(toAttribute) };
  if (binary(value)) return { B: base64Of(value) };
  if (value instanceof Set) return setValue(value);
  const prototype = Object.getPrototypeOf(value) as unknown;
  if (prototype !== Object.prototype && prototype !== null && !(value instanceof Map)) {
    throw new Error(`Unsupported type passed: ${(value as object).constructor?.name ?? 'object'}; store plain objects, not class instances`);
  }
  return { M: toAttributeMap(value instanceof Map ? Object.fromEntries(value) : (value as Record<string, unknown>)) };
}

/** An item (or key, or expression values) as a map of attribute values; undefined entries left out. */
export function toAttributeMap(item: Record<string, unknown>): Record<string, AttributeValue> {
  const out: Record<string, AttributeValue> = {};
  for (const [name, value] of Object.entries(item)) {
    if (value === undefined || typeof value === 'function') continue;
    out[name] = toAttribute(value);
  }
  return out;
}

function numberOf(text: string): number | bigint {
  const value = Number(text);
  if (Number.isSafeInteger(value) || !Number.isInteger(value)) return value;
  return BigInt(text);
}

/** One attribute value as a plain value (N as a number, B as bytes, sets as Set). */
export function fromAttribute(attribute: AttributeValue): unknown {
  if ('S' in attribute) return attribute.S;
  if ('N' in attribute) return numberOf(attribute.N);
  if ('BOOL' in attribute) return attribute.BOOL;
  if ('NULL' in attribute) return null;
  if ('M' in attribute) return fromAttributeMap(attribute.M);
  if ('L' in attribute) return attribute.L.map(fromAttribute);
  if ('B' in attribute) return new Uint8Array(Buffer.from(attribute.B, 'base64'));
  if ('SS' in attribute) return new Set(attribute.SS);
  if ('NS' in attribute) return new Set(attribute.NS.map(numberOf));
  if ('BS' in attribute) return new Set(attribute.BS.map((b) => new Uint8Array(Buffer.from(b, 'base64'))));
  throw new Error(`Unknown DynamoDB attribute value: ${JSON.stringify(attribute)}`);
}

/** An item as a plain object. */
export function fromAttributeMap(item: Record<string, AttributeValue>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(item)) out[name] = fromAttribute(value);
  return out;
}
