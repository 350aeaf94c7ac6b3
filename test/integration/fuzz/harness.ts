/**
 * The fuzz harness: the real handlers (functions/handlers/*) called in-process, as API Gateway would, on a seeded
 * DynamoDB Local table; schemas found by watching what each route parses; cases generated and mutated from them;
 * every answer and the table checked.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash } from 'node:crypto';
import { ScanCommand, type DynamoDBDocumentClient } from '../../../functions/storage/document-client';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import fc from 'fast-check';
import { SignJWT } from 'jose';
import type * as z from 'zod';
import * as httpModule from '../../../functions/http/http-handler';
import * as loggerModule from '../../../functions/http/logger';
import { signSession } from '../../../functions/auth/session-token';
import { systemNow } from '../../../functions/time/clock';
import { documentClient } from '../../../functions/storage/dynamo';
import { jsonSchemaOf, mutate, oddString, oddTexts, validArbitrary, wrongValue } from './arbitraries';
import type { DeployedRoute } from './routes';

type Handler = (event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyStructuredResultV2>;
export type Part = 'path' | 'query' | 'body';

// ---- schema discovery: what each route parses ----------------------------------------------------------

/** The marker a discovery request carries in its query and body, so the spy can tell which part is parsed. */
const marker = { query: '__fuzz_query', body: '__fuzz_body' };
export type Schemas = Partial<Record<Part, z.ZodType[]>>;
const realParseInput = httpModule.parseInput;
let discovery: { schemas: Schemas; pathNames: string[] } | undefined;

function partOf(value: unknown, pathNames: string[]): Part | undefined {
  if (value === undefined) return 'body';
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    if (marker.body in value) return 'body';
    if (marker.query in value) return 'query';
    const keys = Object.keys(value);
    if (keys.length > 0 && keys.every((k) => pathNames.includes(k))) return 'path';
  }
  return undefined;
}

/** A value the schema accepts, generated from it (for discovery to get past one parse to the next). */
export function sampleValid(schema: z.ZodType, seed = 1): { ok: true; value: unknown } | { ok: false } {
  try {
    for (const value of fc.sample(validArbitrary(jsonSchemaOf(schema)), { numRuns: 40, seed })) {
      const parsed = schema.safeParse(value);
      if (parsed.success) return { ok: true, value };
    }
  } catch {
    // an unrepresentable schema: no sample
  }
  return { ok: false };
}

/** Spies on parseInput for the whole file: during discovery it records schemas and lets a parse succeed. */
export function watchParsing(): void {
  jest.spyOn(httpModule, 'parseInput').mockImplementation(((schema: z.ZodType, value: unknown) => {
    if (!discovery) return realParseInput(schema, value);
    const part = partOf(value, discovery.pathNames);
    if (part) {
      const list = (discovery.schemas[part] ??= []);
      if (!list.includes(schema)) list.push(schema);
    }
    try {
      return realParseInput(schema, value);
    } catch (error) {
      const sample = sampleValid(schema);
      if (sample.ok) return schema.parse(sample.value);
      throw error;
    }
  }) as typeof httpModule.parseInput);
}

/**
 * Runs `act` with every parse made to succeed (a failing part replaced by a valid sample, as discovery does), so a
 * request reaches the checks after parsing whatever its body: used to compare two requests that differ in one id.
 */
export async function parsingLeniently<T>(pathNames: string[], act: () => Promise<T>): Promise<T> {
  discovery = { schemas: {}, pathNames };
  try {
    return await act();
  } finally {
    discovery = undefined;
  }
}

// ---- the world the cases run in ------------------------------------------------------------------------

export interface World {
  sessionSecret: string;
  stage: string;
  /** Valid tokens of seeded callers, by name. */
  tokens: Record<string, string>;
  /** Tokens that must be refused: expired, forged, another stage's, alg none, garbage. */
  badTokens: Record<string, string>;
  /** Real ids (seeded or created) and valid-looking ones, by path parameter name. */
  ids: Record<string, string[]>;
}

export const callers = {
  organiser: 'staff-city-1',
  investigator: 'staff-city-2',
  reviewer: 'staff-dist-jiefang',
  chair: 'gu-yuntai-m001',
  viceChair: 'gu-yuntai-m002',
  member: 'gu-yuntai-m007',
  otherChair: 'gu-renmin-m001',
};

export async function makeTokens(secret: string, stage: string): Promise<Pick<World, 'tokens' | 'badTokens'>> {
  const tokens: Record<string, string> = {};
  for (const [name, memberId] of Object.entries(callers)) tokens[name] = (await signSession({ memberId, openid: `o-${memberId}` }, secret, stage)).token;
  tokens.unbound = (await signSession({ memberId: null, openid: 'o-fuzz-visitor' }, secret, stage)).token;
  const organiser = tokens.organiser as string;
  const badTokens: Record<string, string> = {
    expired: (await signSession({ memberId: callers.organiser, openid: 'o-x' }, secret, stage, new Date(systemNow().getTime() - 30 * 86_400_000))).token,
    forged: (await signSession({ memberId: callers.organiser, openid: 'o-x' }, `${secret}-not`, stage)).token,
    otherStage: (await signSession({ memberId: callers.organiser, openid: 'o-x' }, secret, 'prod')).token,
    ghostMember: (await signSession({ memberId: 'ghost-member-404', openid: 'o-ghost' }, secret, stage)).token,
    algNone: `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(JSON.stringify({ sub: callers.organiser, oid: 'o', iss: 'zhigong-zhijia', aud: stage })).toString('base64url')}.`,
    noOpenid: await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject(callers.organiser).setIssuer('zhigong-zhijia').setAudience(stage).setIssuedAt().setExpirationTime('1h').sign(new TextEncoder().encode(secret)),
    tampered: `${organiser.slice(0, -3)}${organiser.slice(-3) === 'AAA' ? 'BBB' : 'AAA'}`,
    payloadSwapped: (() => {
      const [h, , s] = organiser.split('.');
      return `${h}.${Buffer.from(JSON.stringify({ sub: callers.organiser, oid: 'o', iss: 'zhigong-zhijia', aud: stage, exp: 9_999_999_999 })).toString('base64url')}.${s}`;
    })(),
    garbage: 'not-a-token',
    huge: 'a'.repeat(100_000),
    odd: '\uD800.\u202E.\u0000',
  };
  return { tokens, badTokens };
}

// ---- one case ------------------------------------------------------------------------------------------

export interface Case {
  auth: { kind: 'none' } | { kind: 'token'; name: string } | { kind: 'bad'; name: string } | { kind: 'header'; value: string };
  path: Record<string, string>;
  query: Record<string, string> | undefined;
  body: { kind: 'json'; value: unknown; note: string } | { kind: 'raw'; text: string; base64?: boolean; note: string } | { kind: 'none' };
  contentType: string | undefined;
  sourceIp: string;
}

const clip = (s: string, n = 160) => (s.length > n ? `${s.slice(0, n)}…(${s.length} chars)` : s);
const shown = (v: unknown): string => {
  try {
    return JSON.stringify(v) ?? 'undefined';
  } catch {
    return '(unprintable)';
  }
};
/** A path segment as a client would send it; a lone surrogate (no UTF-8 form) goes as U+FFFD. */
const encodeSegment = (v: string): string => encodeURIComponent(v.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD'));
export function describeCase(c: Case): string {
  const auth = c.auth.kind === 'token' || c.auth.kind === 'bad' ? `${c.auth.kind}:${c.auth.name}` : c.auth.kind === 'header' ? `header:${clip(c.auth.value, 40)}` : 'none';
  const body = c.body.kind === 'json' ? `${c.body.note} ${clip(shown(c.body.value), 1200)}` : c.body.kind === 'raw' ? `${c.body.note} ${clip(c.body.text)}` : 'none';
  return `auth=${auth} path=${clip(JSON.stringify(c.path))} query=${clip(JSON.stringify(c.query) ?? '-')} body=${body} ct=${c.contentType ?? '-'}`;
}

export function eventOf(route: DeployedRoute, c: Case, world: World): APIGatewayProxyEventV2 {
  const headers: Record<string, string> = {};
  if (c.contentType !== undefined) headers['content-type'] = c.contentType;
  if (c.auth.kind === 'token') headers.authorization = `Bearer ${world.tokens[c.auth.name] ?? ''}`;
  if (c.auth.kind === 'bad') headers.authorization = `Bearer ${world.badTokens[c.auth.name] ?? ''}`;
  if (c.auth.kind === 'header') headers.authorization = c.auth.value;
  const rawPath = route.template.replace(/\{(\w+)\}/g, (_m, name: string) => encodeSegment(c.path[name] ?? ''));
  const body = c.body.kind === 'json' ? (c.body.value === undefined ? undefined : JSON.stringify(c.body.value)) : c.body.kind === 'raw' ? c.body.text : undefined;
  const query = c.query ?? {};
  return {
    version: '2.0',
    routeKey: route.routeKey,
    rawPath,
    rawQueryString: new URLSearchParams(query).toString(),
    headers,
    ...(c.query ? { queryStringParameters: query } : {}),
    ...(route.pathParams.length ? { pathParameters: c.path } : {}),
    requestContext: {
      accountId: 'local',
      apiId: 'local',
      domainName: 'localhost',
      domainPrefix: 'localhost',
      http: { method: route.method, path: rawPath, protocol: 'HTTP/1.1', sourceIp: c.sourceIp, userAgent: 'fuzz' },
      requestId: 'fuzz',
      routeKey: route.routeKey,
      stage: '$default',
      time: '',
      timeEpoch: 0,
    },
    isBase64Encoded: c.body.kind === 'raw' && c.body.base64 === true,
    ...(body === undefined ? {} : { body }),
  };
}

// ---- generation ------------------------------------------------------------------------------------------

const badIdText = fc.oneof(
  fc.constantFrom('', ' ', '..', '../..', '%2e%2e', 'null', 'undefined', '0', '-1', '{orgId}', 'a/b', 'a#b', 'PK#x', '*', 'a'.repeat(100_000), '职'.repeat(5000)),
  fc.constantFrom(...oddTexts),
  oddString,
  fc.base64String({ maxLength: 80 }),
  fc.string({ maxLength: 300 }),
);

/** A tampered or random cursor-like string (base64 of junk, a real-looking key, truncated). */
const cursorText = fc.oneof(
  fc.base64String({ maxLength: 400 }),
  fc.jsonValue({ maxDepth: 2 }).map((v) => Buffer.from(JSON.stringify(v)).toString('base64url')),
  fc.constantFrom(Buffer.from('{"pk":"MEMBER#x","sk":"x"}').toString('base64url'), Buffer.from('{"pk":{"S":"x"}}').toString('base64'), 'eyJ', '%%%', 'a'.repeat(10_000)),
);

function queryArbitrary(schemas: z.ZodType[] | undefined): fc.Arbitrary<Record<string, string> | undefined> {
  const stringify = (v: unknown): Record<string, string> | undefined => {
    if (!v || typeof v !== 'object' || Array.isArray(v)) return undefined;
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, typeof x === 'string' ? x : JSON.stringify(x) ?? '']));
  };
  const randomQuery = fc.dictionary(fc.oneof(fc.constantFrom('cursor', 'limit', 'q', 'status', 'year', 'years', 'moment', 'subject', 'rulesetId', 'leftOn', 'reason', 'page'), fc.string({ maxLength: 10 })), fc.oneof(badIdText, cursorText), { maxKeys: 4 });
  const schema = schemas?.[0];
  if (!schema) return fc.oneof({ weight: 3, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: randomQuery });
  const valid = validArbitrary(jsonSchemaOf(schema));
  const keys = Object.keys(jsonSchemaOf(schema).properties ?? {});
  return fc.oneof(
    { weight: 4, arbitrary: valid.map(stringify) },
    { weight: 3, arbitrary: valid.chain((v) => mutate(v)).map((m) => stringify(m.value)) },
    { weight: 2, arbitrary: keys.length ? (fc.record(Object.fromEntries(keys.map((k) => [k, fc.oneof(badIdText, cursorText)])), { requiredKeys: [] }) as fc.Arbitrary<Record<string, string>>) : randomQuery },
    { weight: 1, arbitrary: randomQuery },
  );
}

function bodyArbitrary(schemas: z.ZodType[] | undefined): fc.Arbitrary<Case['body']> {
  const raw: fc.Arbitrary<Case['body']> = fc.oneof(
    fc.constantFrom('{', '{"a":', 'nul', '[1,2', "{'a':1}", '\u0000', '{"a":1}garbage', '', ' ', 'undefined', 'NaN', '1e999', '"\\ud800"', '{"__proto__":{"admin":true}}').map((text) => ({ kind: 'raw' as const, text, note: 'raw' })),
    fc.constantFrom(1, 6).map((mb) => ({ kind: 'raw' as const, text: `{"x":"${'a'.repeat(mb * 1_000_000)}"}`, note: `huge body ${mb} MB` })),
    fc.constantFrom(1000, 5000).map((depth) => ({ kind: 'raw' as const, text: `${'['.repeat(depth)}${']'.repeat(depth)}`, note: `nesting ${depth}` })),
    fc.base64String({ maxLength: 200 }).map((text) => ({ kind: 'raw' as const, text, base64: true, note: 'base64 junk' })),
    fc.constant({ kind: 'raw' as const, text: Buffer.from('{"a":1}').toString('base64'), base64: true, note: 'base64 json' }),
    fc.constant({ kind: 'none' as const }),
  );
  const junk = wrongValue.map((value) => ({ kind: 'json' as const, value, note: 'junk' }));
  const schema = schemas?.[0];
  if (!schema) return fc.oneof({ weight: 3, arbitrary: fc.constant({ kind: 'none' as const }) }, { weight: 1, arbitrary: junk }, { weight: 1, arbitrary: raw });
  const valid = validArbitrary(jsonSchemaOf(schema));
  return fc.oneof(
    { weight: 3, arbitrary: valid.map((value) => ({ kind: 'json' as const, value, note: 'valid' })) },
    { weight: 6, arbitrary: valid.chain((v) => mutate(v)).map((m) => ({ kind: 'json' as const, value: m.value, note: m.kind })) },
    { weight: 1, arbitrary: junk },
    { weight: 1, arbitrary: raw },
  );
}

export function caseArbitrary(route: DeployedRoute, schemas: Schemas, world: World): fc.Arbitrary<Case> {
  const auth: fc.Arbitrary<Case['auth']> = fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...Object.keys(world.tokens)).map((name) => ({ kind: 'token' as const, name })) },
    { weight: 3, arbitrary: fc.constantFrom(...Object.keys(world.badTokens)).map((name) => ({ kind: 'bad' as const, name })) },
    { weight: 1, arbitrary: fc.constant({ kind: 'none' as const }) },
    { weight: 1, arbitrary: fc.oneof(fc.constantFrom('Bearer', 'Bearer ', 'Basic YTpi', 'bearer  x y', `Bearer ${'x'.repeat(10_000)}`), oddString).map((value) => ({ kind: 'header' as const, value })) },
  );
  const pathSchema = schemas.path?.[0];
  const pathFromSchema = pathSchema ? validArbitrary(jsonSchemaOf(pathSchema)) : undefined;
  const param = (name: string): fc.Arbitrary<string> => {
    const known = world.ids[name] ?? [];
    const fromSchema = pathFromSchema
      ? pathFromSchema.map((v) => (v && typeof v === 'object' && !Array.isArray(v) ? String((v as Record<string, unknown>)[name] ?? '') : ''))
      : fc.string({ maxLength: 30 });
    return fc.oneof({ weight: 6, arbitrary: known.length ? fc.constantFrom(...known) : fromSchema }, { weight: 2, arbitrary: fromSchema }, { weight: 2, arbitrary: badIdText }, { weight: 1, arbitrary: cursorText });
  };
  const path = fc.record(Object.fromEntries(route.pathParams.map((name) => [name, param(name)]))) as fc.Arbitrary<Record<string, string>>;
  return fc.record({
    auth,
    path,
    query: queryArbitrary(schemas.query),
    body: bodyArbitrary(schemas.body),
    contentType: fc.oneof({ weight: 8, arbitrary: fc.constant('application/json') }, { weight: 1, arbitrary: fc.constantFrom(undefined, 'text/plain', 'multipart/form-data; boundary=x', 'application/json; charset=gbk', 'application/x-www-form-urlencoded', '\u0000') }),
    sourceIp: fc.oneof(fc.ipV4(), fc.ipV6(), fc.constantFrom('', 'unknown', '127.0.0.1')),
  });
}

/** The discovery request: markers in query and body, a real id for each path parameter. */
export function probeCase(route: DeployedRoute, world: World, caller: string, variant: number): Case {
  const path = Object.fromEntries(route.pathParams.map((name) => {
    const ids = world.ids[name] ?? [];
    return [name, ids[variant % Math.max(ids.length, 1)] ?? 'x'];
  }));
  return {
    auth: { kind: 'token', name: caller },
    path,
    query: { [marker.query]: '1' },
    body: { kind: 'json', value: { [marker.body]: '1' }, note: 'probe' },
    contentType: 'application/json',
    sourceIp: `10.0.${variant}.1`,
  };
}

/**
 * Calls the route as each caller with each of the first few real ids until it has parsed a body (or all were tried),
 * recording what it parses; `after` sees each probe's answer (the probes are checked like any case).
 */
export async function discoverSchemas(
  route: DeployedRoute,
  handler: Handler,
  world: World,
  callerNames: string[],
  after: (c: Case, result: APIGatewayProxyStructuredResultV2) => void,
): Promise<Schemas> {
  discovery = { schemas: {}, pathNames: route.pathParams };
  const variants = route.pathParams.length === 0 ? 1 : 3;
  try {
    for (let variant = 0; variant < variants; variant += 1) {
      for (const caller of callerNames) {
        const probe = probeCase(route, world, caller, variant);
        after(probe, await handler(eventOf(route, probe, world)));
        if (discovery.schemas.body?.length) return discovery.schemas;
      }
    }
    return discovery.schemas;
  } finally {
    discovery = undefined;
  }
}

// ---- watching writes and the table -----------------------------------------------------------------------

export interface WriteRecord {
  command: string;
  keys: string[];
}
const writeCommands = /^(Put|Update|Delete|TransactWrite|BatchWrite|BatchWriteItem|PutItem|UpdateItem|DeleteItem|TransactWriteItems)(Command)?$/;

function keysOf(input: Record<string, unknown>): string[] {
  const key = (k: unknown) => {
    const o = (k ?? {}) as Record<string, unknown>;
    return `${String(o.pk)}|${String(o.sk)}`;
  };
  if (input.Key) return [key(input.Key)];
  if (input.Item) return [key(input.Item)];
  if (Array.isArray(input.TransactItems)) {
    return (input.TransactItems as Record<string, Record<string, unknown>>[]).flatMap((t) => Object.values(t).map((op) => key(op.Key ?? op.Item)));
  }
  if (input.RequestItems && typeof input.RequestItems === 'object') {
    return Object.values(input.RequestItems as Record<string, Record<string, Record<string, unknown>>[]>).flatMap((reqs) => reqs.map((r) => key(r.PutRequest?.Item ?? r.DeleteRequest?.Key)));
  }
  return ['?'];
}

/** What one case wrote and logged, found through the async context its handler call runs in (cases run side by side). */
export interface CaseTrace {
  writes: WriteRecord[];
  errors: string[];
}
export const caseTrace = new AsyncLocalStorage<CaseTrace>();

/**
 * Records every write the functions' DynamoDB client completes (one client per cold start: functions/storage/dynamo.ts),
 * into the running case's trace, or (outside a case) a list `take` empties.
 */
export function watchWrites(): { take(): WriteRecord[] } {
  const db: DynamoDBDocumentClient = documentClient();
  const original = db.send.bind(db) as (command: unknown) => Promise<unknown>;
  let writes: WriteRecord[] = [];
  jest.spyOn(db, 'send').mockImplementation((async (command: { constructor: { name: string }; input: Record<string, unknown> }) => {
    const out = await original(command);
    const name = command.constructor.name;
    if (writeCommands.test(name)) (caseTrace.getStore()?.writes ?? writes).push({ command: name, keys: keysOf(command.input) });
    return out;
  }) as never);
  return {
    take() {
      const out = writes;
      writes = [];
      return out;
    },
  };
}

/** Counters that a refused request is meant to write: rate limits and wrong-attempt limits (TTL items). */
export const isLimiterKey = (key: string): boolean => /^(RATE#|JOINLIMIT#)/.test(key);

/** A hash of every item in the tables (limiter counters left out), and the items for a diff. */
export async function snapshot(db: DynamoDBDocumentClient, tables: string[]): Promise<{ hash: string; items: Map<string, string> }> {
  const items = new Map<string, string>();
  for (const table of tables) {
    let start: Record<string, unknown> | undefined;
    do {
      const out = await db.send(new ScanCommand({ TableName: table, ExclusiveStartKey: start, ConsistentRead: true }));
      for (const item of out.Items ?? []) {
        const key = `${table.endsWith('-ballot-box') ? 'box:' : ''}${String(item.pk)}|${String(item.sk)}`;
        if (isLimiterKey(String(item.pk))) continue;
        items.set(key, stableJson(item));
      }
      start = out.LastEvaluatedKey as Record<string, unknown> | undefined;
    } while (start);
  }
  const hash = createHash('sha256');
  for (const key of [...items.keys()].sort()) hash.update(key).update('\u0000').update(items.get(key) ?? '').update('\u0001');
  return { hash: hash.digest('hex'), items };
}

export function diff(before: Map<string, string>, after: Map<string, string>): string[] {
  const out: string[] = [];
  for (const [k, v] of after) if (before.get(k) !== v) out.push(`${before.has(k) ? 'changed' : 'added'} ${k}`);
  for (const k of before.keys()) if (!after.has(k)) out.push(`removed ${k}`);
  return out;
}

function stableJson(value: unknown): string {
  if (value instanceof Set) return stableJson([...value].sort());
  if (value instanceof Uint8Array) return JSON.stringify(Buffer.from(value).toString('base64'));
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${stableJson((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'undefined';
}

// ---- what an answer must be ---------------------------------------------------------------------------------

const chinese = /[\u4e00-\u9fff]/;

/** Problems with one answer: a 5xx, a 4xx without a Chinese message, REQUEST.INVALID without field paths. */
export function answerProblems(result: APIGatewayProxyStructuredResultV2): string[] {
  const status = result.statusCode ?? 0;
  if (status >= 500 || status < 100) return [`status ${status}: ${clip(String(result.body ?? ''), 300)}`];
  if (status < 400) return [];
  let body: { code?: unknown; message?: unknown; details?: unknown };
  try {
    body = JSON.parse(String(result.body)) as typeof body;
  } catch {
    return [`${status} with a body that is not JSON`];
  }
  const problems: string[] = [];
  if (typeof body.code !== 'string') problems.push(`${status} without a code`);
  if (typeof body.message !== 'string' || !chinese.test(body.message)) problems.push(`${status} ${String(body.code)} without a Chinese message: ${clip(String(body.message))}`);
  if (body.code === 'REQUEST.INVALID') {
    const details = Array.isArray(body.details) ? (body.details as { path?: unknown; message?: unknown }[]) : [];
    if (details.length === 0) problems.push('REQUEST.INVALID without details naming a field');
    for (const d of details) if (typeof d.path !== 'string' || d.path === '' || typeof d.message !== 'string' || !chinese.test(d.message)) problems.push(`REQUEST.INVALID detail without a field path or Chinese message: ${clip(JSON.stringify(d))}`);
  }
  return problems;
}

/** The error log line of a 500 (the handler logs the stack; tests keep logs silent). */
export function watchErrors(): { take(): string[] } {
  let lines: string[] = [];
  const realLog = loggerModule.log;
  jest.spyOn(loggerModule, 'log').mockImplementation((level, message, fields) => {
    if (level === 'error') (caseTrace.getStore()?.errors ?? lines).push(`${message} ${clip(String(fields?.error ?? ''), 1500)}`);
    realLog(level, message, fields);
  });
  return {
    take() {
      const out = lines;
      lines = [];
      return out;
    },
  };
}
