/**
 * DESIGN.md invariant 9 under fuzzing (issue 15, acceptance point 7): every route of serverless.yml gets generated and
 * mutated requests (from the zod schemas it parses; wrong types, missing and extra fields, huge strings and arrays,
 * deep nesting, odd Unicode, bad ids and cursors, no/expired/forged/other-stage tokens, bad JSON, huge bodies) and
 * must never answer 5xx; every 4xx carries a Chinese message (REQUEST.INVALID: a path per field), and a refused
 * request changes no item — checked per request on the functions' client, and by a Scan of both tables every few
 * requests. FUZZ_RUNS cases per route (200 in `npm test`, 2,000 with `npm run fuzz`); FUZZ_SEED replays a run.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes, randomUUID } from 'node:crypto';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import fc from 'fast-check';
import { startWechatStandin, type WeChatStandin } from '../../../scripts/local/wechat-standin';
import { createTestTable, type TestTable } from '../../support/dynamo';
import {
  answerProblems,
  caseArbitrary,
  caseTrace,
  describeCase,
  diff,
  discoverSchemas,
  eventOf,
  isLimiterKey,
  makeTokens,
  snapshot,
  watchErrors,
  watchParsing,
  watchWrites,
  type Case,
  type Schemas,
  type World,
} from './harness';
import { deployedRoutes, repoRoot, type DeployedRoute } from './routes';

type Handler = ((event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyStructuredResultV2>) & { routes?: string[] };

const runs = Number(process.env.FUZZ_RUNS ?? 200);
const seed = Number(process.env.FUZZ_SEED ?? 20261215);
/**
 * Every request's writes are seen on the functions' own client; the Scan of both tables (~0.5 s on the seeded table)
 * backs that up: once around the whole run (default), around each route (FUZZ_SCAN=route, `npm run fuzz`), or every
 * FUZZ_CHECK_EVERY requests (FUZZ_SCAN=window) to narrow a finding down.
 */
const scanMode = process.env.FUZZ_SCAN ?? 'run';
/** Cases of one route in flight at once (each one's writes and logs traced through its async context); 1 in window mode. */
const concurrency = scanMode === 'window' ? 1 : Math.max(1, Number(process.env.FUZZ_CONCURRENCY ?? 4));
/** Only the routes whose key matches (e.g. FUZZ_ROUTES='applications' to replay a finding). */
const only = process.env.FUZZ_ROUTES ? new RegExp(process.env.FUZZ_ROUTES) : undefined;
const checkEvery = scanMode === 'window' ? Number(process.env.FUZZ_CHECK_EVERY ?? 25) : scanMode === 'route' ? Infinity : Infinity;
jest.setTimeout(Math.max(120_000, runs * 1_500));

/** Routes that take no request body by design (a POST that acts on its path alone); any other POST/PUT must parse one. */
const noBody = new Set([
  'POST /v1/reports/{reportId}/assign',
  'POST /v1/campaigns/{campaignId}/final-publicity',
  'POST /v1/campaigns/{campaignId}/lists/{orgId}/submit',
  'POST /v1/orgs/{orgId}/imports/{importId}/commit',
  'POST /v1/orgs/{orgId}/honours/imports/{importId}/commit',
  'POST /v1/orgs/{orgId}/invitation',
  'POST /v1/identity-requests/{requestId}/open',
]);

const routes = deployedRoutes();
const handlers = new Map<string, Handler>();
let table: TestTable;
let wechat: WeChatStandin;
let world: World;
let writes: ReturnType<typeof watchWrites>;
let errors: ReturnType<typeof watchErrors>;
const sessionSecret = `fuzz-session-secret-${randomBytes(8).toString('hex')}`;
const totals = { cases: 0, routes: 0, ms: 0, byStatus: new Map<number, number>() };
/** The table before the first route, and every key a successful request wrote since (what may differ at the end). */
let runStart: Awaited<ReturnType<typeof snapshot>>;
const writtenBySuccess = new Set<string>();

beforeAll(async () => {
  table = await createTestTable({ seed: true });
  wechat = await startWechatStandin({ appid: 'wx-fuzz', secret: 'wechat-fuzz-secret' });
  Object.assign(process.env, {
    STAGE: 'local',
    TABLE_NAME: table.tableName,
    BALLOT_BOX_TABLE_NAME: table.ballotBoxTableName,
    DYNAMODB_ENDPOINT: table.endpoint,
    SESSION_SECRET: sessionSecret,
    PERSONAL_DATA_KEY: randomBytes(32).toString('base64url'),
    REPORTER_KEY: randomBytes(32).toString('base64url'), WATCHER_KEY: randomBytes(32).toString('base64url'),
    WECHAT_API_BASE: wechat.url,
    WECHAT_APPID: 'wx-fuzz',
    WECHAT_APP_SECRET: 'wechat-fuzz-secret',
    DEMO_LOGIN: 'on',
    EVIDENCE_STORE: 'local',
    EVIDENCE_DIR: mkdtempSync(join(tmpdir(), 'fuzz-evidence-')),
    EVIDENCE_LOCAL_URL: 'http://127.0.0.1:9/evidence',
    EVIDENCE_KEY: randomBytes(32).toString('base64url'),
  });
  for (const module of new Set(routes.map((r) => r.module))) {
    handlers.set(module, ((await import(join(repoRoot, module))) as { handler: Handler }).handler);
  }
  watchParsing();
  writes = watchWrites();
  errors = watchErrors();
  world = { sessionSecret, stage: 'local', ...(await makeTokens(sessionSecret, 'local')), ids: await realIds() };
  runStart = await snapshot(table.db, [table.tableName, table.ballotBoxTableName]);
}, 120_000);

afterAll(async () => {
  await wechat?.close();
  await table?.drop();
  const statuses = [...totals.byStatus].sort((a, b) => a[0] - b[0]).map(([s, n]) => `${s}×${n}`).join(' ');
  process.stdout.write(`fuzz: ${totals.cases} cases over ${totals.routes} routes in ${(totals.ms / 1000).toFixed(1)} s (${runs} per route, seed ${seed}); statuses ${statuses}\n`);
});

const call = async (routeKey: string, options: { as?: string; path?: Record<string, string>; body?: unknown }) => {
  const route = routes.find((r) => r.routeKey === routeKey) as DeployedRoute;
  const handler = handlers.get(route.module) as Handler;
  const result = await handler(
    eventOf(route, { auth: options.as ? { kind: 'token', name: options.as } : { kind: 'none' }, path: options.path ?? {}, query: undefined, body: options.body === undefined ? { kind: 'none' } : { kind: 'json', value: options.body, note: 'setup' }, contentType: 'application/json', sourceIp: '10.9.9.9' }, world),
  );
  return JSON.parse(String(result.body)) as Record<string, Record<string, unknown> | undefined>;
};

/** Seeded ids, plus a campaign, an appraisal, a publicity and an invitation made through the API, so cases reach past "not found". */
async function realIds(): Promise<Record<string, string[]>> {
  world = { sessionSecret, stage: 'local', ...(await makeTokens(sessionSecret, 'local')), ids: {} };
  const ids: Record<string, string[]> = {
    orgId: ['gu-yuntai', 'city-jz', 'dist-jiefang', 'gu-renmin', 'gu-missing'],
    memberId: ['gu-yuntai-m010', 'gu-yuntai-m011', 'staff-dist-jiefang', 'gu-renmin-m005', 'ghost-member'],
    role: ['chair', 'viceChair', 'reviewer', 'organiser', 'investigator', 'operator', 'representative'],
    year: ['2026', '2027', '2025', '1999', '3000'],
  };
  const campaign = (await call('POST /v1/orgs/{orgId}/campaigns', {
    as: 'organiser',
    path: { orgId: 'city-jz' },
    body: { requestId: randomUUID(), rulesetId: 'jiaozuo-2018', year: 2026, heading: '模糊测试评选', titles: ['modelHome', 'outstandingWorker'], recommendingUnits: [{ orgId: 'dist-jiefang', quotaName: '解放区' }], submissionDeadline: '2026-12-31' },
  })).campaign;
  if (typeof campaign?.campaignId === 'string') ids.campaignId = [campaign.campaignId];
  const application = (await call('POST /v1/campaigns/{campaignId}/applications', {
    as: 'chair',
    path: { campaignId: ids.campaignId?.[0] ?? '' },
    body: { requestId: randomUUID(), title: 'modelHome', nominee: { kind: 'org', orgId: 'gu-yuntai' } },
  })).application;
  if (typeof application?.applicationId === 'string') ids.applicationId = [application.applicationId];
  const appraisal = (await call('POST /v1/orgs/{orgId}/appraisals', {
    as: 'chair',
    path: { orgId: 'gu-yuntai' },
    body: { requestId: randomUUID(), kind: 'memberAppraisal', rulesetId: 'jiaozuo-2018', closesAt: '2026-12-30T12:00:00+08:00' },
  })).appraisal;
  if (typeof appraisal?.appraisalId === 'string') ids.appraisalId = [appraisal.appraisalId];
  const publicity = (await call('POST /v1/orgs/{orgId}/publicities', {
    as: 'organiser',
    path: { orgId: 'city-jz' },
    body: {
      requestId: randomUUID(),
      level: 'final',
      rulesetId: 'jiaozuo-2018',
      year: 2026,
      heading: '模糊测试公示',
      entries: [{ nomineeName: '云台新材料有限公司工会', unitName: '云台新材料有限公司', title: 'modelHome', summary: '建立职代会制度。', nomineeRef: 'gu-yuntai' }],
    },
  })).publicity;
  if (typeof publicity?.publicityId === 'string') {
    ids.publicityId = [publicity.publicityId];
    const entries = publicity.entries as { entryId: string }[] | undefined;
    if (entries?.[0]) ids.entryId = [entries[0].entryId];
  }
  const invitation = (await call('POST /v1/orgs/{orgId}/invitation', { as: 'chair', path: { orgId: 'gu-yuntai' } })).invitation;
  if (typeof invitation?.code === 'string') ids.code = [invitation.code];
  return ids;
}

describe('the route list', () => {
  it('comes from serverless.yml and matches every handler\'s route table', () => {
    expect(routes.length).toBeGreaterThan(50);
    for (const [module, handler] of handlers) {
      const deployed = routes.filter((r) => r.module === module).map((r) => r.routeKey).sort();
      expect({ module, routes: [...(handler.routes ?? [])].sort() }).toEqual({ module, routes: deployed });
    }
  });
});

describe('the harness itself', () => {
  it('flags a 5xx, an English or missing message and an invalid request without a field', () => {
    expect(answerProblems({ statusCode: 500, body: '{}' })).toHaveLength(1);
    expect(answerProblems({ statusCode: 502, body: '{}' })).toHaveLength(1);
    expect(answerProblems({ statusCode: 400, body: JSON.stringify({ code: 'X', message: 'bad request' }) })).toHaveLength(1);
    expect(answerProblems({ statusCode: 400, body: JSON.stringify({ code: 'REQUEST.INVALID', message: '请求内容有误', details: [] }) })).toHaveLength(1);
    expect(answerProblems({ statusCode: 404, body: 'not json' })).toHaveLength(1);
    expect(answerProblems({ statusCode: 400, body: JSON.stringify({ code: 'REQUEST.INVALID', message: '请求内容有误', details: [{ path: 'year', message: '年度（year）应为数字' }] }) })).toEqual([]);
  });

  it('sees a write in the Scan snapshot and leaves limiter counters out', async () => {
    const before = await snapshot(table.db, [table.tableName, table.ballotBoxTableName]);
    await table.db.send(new (await import('../../../functions/storage/document-client')).PutCommand({ TableName: table.tableName, Item: { pk: 'RATE#fuzz-self-test', sk: 'W#1', n: 1 } }));
    expect((await snapshot(table.db, [table.tableName, table.ballotBoxTableName])).hash).toBe(before.hash);
    await table.db.send(new (await import('../../../functions/storage/document-client')).PutCommand({ TableName: table.tableName, Item: { pk: 'FUZZ#self-test', sk: 'x' } }));
    const after = await snapshot(table.db, [table.tableName, table.ballotBoxTableName]);
    expect(after.hash).not.toBe(before.hash);
    expect(diff(before.items, after.items)).toEqual(['added FUZZ#self-test|x']);
    writtenBySuccess.add('FUZZ#self-test|x');
    expect(isLimiterKey('JOINLIMIT#acct#x|WINDOW')).toBe(true);
  });
});

const seedOf = (routeKey: string) => [...routeKey].reduce((h, ch) => (Math.imul(h, 31) + ch.charCodeAt(0)) | 0, seed);

/**
 * A route's cases, drawn 100 at a time (each hundred from its own seed) and dropped once answered: 2,000 cases of
 * 100,000-character strings, 10,000-item arrays and huge bodies held at once ran the heap out (4 GB) under `npm run fuzz`.
 */
function* casesOf(arbitrary: fc.Arbitrary<Case>, routeSeed: number): Generator<Case> {
  const chunk = 100;
  for (let drawn = 0; drawn < runs; drawn += chunk) yield* fc.sample(arbitrary, { numRuns: Math.min(chunk, runs - drawn), seed: routeSeed + drawn });
}

/** The next `count` items (fewer at the end). */
function take<T>(from: Iterator<T>, count: number): T[] {
  const out: T[] = [];
  while (out.length < count) {
    const next = from.next();
    if (next.done) break;
    out.push(next.value);
  }
  return out;
}

for (const route of routes.filter((r) => !only || only.test(r.routeKey))) describe(route.routeKey, () => {
  it(`answers ${runs} generated and mutated requests without a 5xx, in Chinese, and changes nothing when it refuses`, async () => {
    const handler = handlers.get(route.module) as Handler;
    const problems: string[] = [];
    writes.take();
    const schemas: Schemas = await discoverSchemas(route, handler, world, ['organiser', 'chair', 'reviewer', 'member', 'investigator', 'unbound'], (probe, result) => {
      // A probe is a request like any other (its parts made valid where discovery could): the same checks.
      const found = answerProblems(result);
      const written = writes.take().flatMap((w) => w.keys);
      if ((result.statusCode ?? 0) >= 400) {
        const changed = written.filter((k) => !isLimiterKey(k));
        if (changed.length > 0) found.push(`refused with ${result.statusCode} but wrote ${changed.join(', ')}`);
      } else for (const k of written) writtenBySuccess.add(k);
      if (found.length > 0) problems.push(`probe: ${describeCase(probe)}\n    → ${[...found, ...errors.take()].join('\n    → ')}`);
    });
    for (const name of route.pathParams) {
      expect({ param: name, generator: Boolean(world.ids[name]?.length || schemas.path?.length) }).toEqual({ param: name, generator: true });
    }
    if ((route.method === 'POST' || route.method === 'PUT') && !noBody.has(route.routeKey)) {
      expect({ route: route.routeKey, bodySchema: Boolean(schemas.body?.length) }).toEqual({ route: route.routeKey, bodySchema: true });
    }

    const tables = [table.tableName, table.ballotBoxTableName];
    let base = scanMode === 'run' ? undefined : await snapshot(table.db, tables);
    let window: { index: number; refused: boolean; described: string }[] = [];
    let explained = new Set<string>();
    writes.take();
    errors.take();
    const started = performance.now();
    const drawn = casesOf(caseArbitrary(route, schemas, world), seedOf(route.routeKey));
    let index = 0;
    for (let batch = take(drawn, concurrency); batch.length > 0; batch = take(drawn, concurrency)) {
      const outcomes = await Promise.all(
        batch.map(async (one) => {
          const trace: { writes: { command: string; keys: string[] }[]; errors: string[] } = { writes: [], errors: [] };
          let result: APIGatewayProxyStructuredResultV2;
          try {
            result = await caseTrace.run(trace, () => handler(eventOf(route, one, world)));
          } catch (error) {
            result = { statusCode: 599, body: `handler threw: ${error instanceof Error ? error.stack : String(error)}` };
          }
          return { result, trace };
        }),
      );
      for (const [k, c] of batch.entries()) {
        const { result, trace } = outcomes[k] as (typeof outcomes)[number];
        const status = result.statusCode ?? 0;
        totals.byStatus.set(status, (totals.byStatus.get(status) ?? 0) + 1);
        const written = trace.writes.flatMap((w) => w.keys.map((key) => ({ command: w.command, key })));
        const found = answerProblems(result);
        if (status >= 500) found.push(...trace.errors);
        const refused = status >= 400;
        const changed = written.filter((w) => !isLimiterKey(w.key));
        if (refused && changed.length > 0) found.push(`refused with ${status} but wrote ${changed.map((w) => `${w.command} ${w.key}`).join(', ')}`);
        if (!refused) {
          for (const w of written) {
            explained.add(w.key);
            writtenBySuccess.add(w.key);
          }
        }
        if (found.length > 0) problems.push(`case ${index}: ${describeCase(c)}\n    → ${found.join('\n    → ')}`);
        window.push({ index, refused, described: refused ? describeCase(c) : '' });
        index += 1;
      }
      if (base && (window.length >= checkEvery || batch.length < concurrency || index === runs)) {
        const now = await snapshot(table.db, tables);
        if (now.hash !== base.hash) {
          const unexplained = diff(base.items, now.items).filter((line) => !explained.has(line.replace(/^(changed|added|removed) /, '').replace(/^box:/, '')));
          if (unexplained.length > 0) {
            problems.push(`items changed by no successful request between cases ${window[0]?.index} and ${index - 1}: ${unexplained.slice(0, 10).join('; ')}\n    refused cases in that stretch:\n      ${window.filter((w) => w.refused).map((w) => `${w.index}: ${w.described}`).join('\n      ')}`);
          }
        }
        base = now;
        window = [];
        explained = new Set();
      }
    }
    totals.cases += index;
    totals.routes += 1;
    totals.ms += performance.now() - started;
    expect(problems.slice(0, 15)).toEqual([]);
  });
});

describe('the tables after every route', () => {
  it('differ from before only in items that accepted requests wrote', async () => {
    const end = await snapshot(table.db, [table.tableName, table.ballotBoxTableName]);
    const unexplained = diff(runStart.items, end.items).filter((line) => !writtenBySuccess.has(line.replace(/^(changed|added|removed) /, '').replace(/^box:/, '')));
    expect(unexplained.slice(0, 20)).toEqual([]);
  });
});

