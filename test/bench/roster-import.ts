// Bench: a 100,000-row roster import (issue 18 points 3 and 7) against its own DynamoDB Local, as the function runs it
// (functions/roster/import-preview.ts, preview-driver.ts, import-commit.ts): the upload request reading the .xlsx, then
// the preview in chunks and the commit in slices as the page's polls (and the confirming request) drive them; and the membership statistics read from
// the union's counters (functions/roster/roster-stats.ts) against the old way, the whole roster read.
// Runs alone: `npx tsx test/bench/roster-import.ts`.
import { randomBytes, randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '../../functions/storage/document-client';
import type { Org } from '@shared/domain/org';
import { membershipByYear } from '@shared/roster/membership-stats';
import type { EvidenceStore } from '../../functions/evidence/evidence-store';
import { personalDataCipher } from '../../functions/privacy/personal-data';
import { commitSliceMs, confirmImport, importJobOf, importStatusOf } from '../../functions/roster/import-commit';
import type { RosterDeps } from '../../functions/roster/import-items';
import { previewImport } from '../../functions/roster/import-preview';
import { importJobStatus, previewSliceMs } from '../../functions/roster/preview-driver';
import { membershipStats } from '../../functions/roster/membership';
import { rosterMembers } from '../../functions/roster/roster-store';
import { createDocumentClient } from '../../functions/storage/dynamo';
import { startDynamoDbLocal } from '../../scripts/local/dynamodb-local';
import { ensureTable } from '../../scripts/local/table';
import { bigXlsx, headers, numberedRow, type Cells } from '../integration/roster/roster-support';
import { integrationClockAt } from '../support/product-clock';
import { runningClock } from '../support/running-clock';
import type { Figure } from './run';

const ROWS = Number(process.env.BENCH_ROSTER_ROWS ?? 100_000);
const port = Number(process.env.BENCH_ROSTER_DYNAMODB_PORT ?? 8720);
const years = [2020, 2022, 2024, 2025];

const row = (n: number): Cells => numberedRow(n, '基准会员', 'B');

/** Read requests and the read capacity they consumed, counted on every command the client sends. */
function meterReads(db: DynamoDBDocumentClient): { requests: number; units: number } {
  const meter = { requests: 0, units: 0 };
  db.intercept(async (request, next) => {
    const read = ['GetItem', 'Query', 'BatchGetItem', 'Scan'].includes(request.operation);
    if (read) request.input.ReturnConsumedCapacity = 'TOTAL';
    const out = await next();
    if (read) {
      meter.requests += 1;
      const consumed = (out as { ConsumedCapacity?: { CapacityUnits?: number } | { CapacityUnits?: number }[] }).ConsumedCapacity;
      for (const c of Array.isArray(consumed) ? consumed : consumed ? [consumed] : []) meter.units += c.CapacityUnits ?? 0;
    }
    return out;
  });
  return meter;
}

export async function benchRosterImport(): Promise<Figure[]> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  const dynamodb = await startDynamoDbLocal({ port, quiet: true, heapMb: 2048 });
  try {
    const table = `bench-roster-${randomUUID()}`;
    const raw = new DynamoDBClient({ endpoint: dynamodb.endpoint, region: 'cn-north-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    await ensureTable(raw, table);
    const db = createDocumentClient(dynamodb.endpoint);
    const union: Org = { orgId: 'bench-union', name: '基准集团工会', level: 'grassroots', kind: 'enterprise', parentId: 'bench-district', path: '/bench-city/bench-district/bench-union' };
    const actor = { memberId: 'bench-chair', role: 'chair' as const, org: union };
    const key = `imports/${union.orgId}/0123456789abcdef/roster.xlsx`;
    const files = new Map<string, Uint8Array>();
    const fileStore = {
      get: async (k: string) => (files.has(k) ? { body: files.get(k) as Uint8Array, contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' } : undefined),
      remove: async (k: string) => void files.delete(k),
    } as unknown as EvidenceStore;
    const deps: RosterDeps = { db, table, cipher: personalDataCipher(randomBytes(32).toString('base64url')), now: runningClock(integrationClockAt), files: fileStore };

    const bytes = bigXlsx(Array.from({ length: ROWS }, (_, i) => row(i + 1)), headers.filter((h) => h !== '所属分工会/小组'));
    files.set(key, bytes);

    // The preview as the page drives it: the upload request, then a poll each second until previewed; no request
    // may come near API Gateway's 29 s.
    const started = performance.now();
    let preview = await previewImport(deps, actor, union, { fileName: 'bench.xlsx', key });
    const uploadMs = performance.now() - started;
    let longestPreviewMs = uploadMs;
    let previewRequests = 1;
    while (preview.status === 'previewing') {
      const at = performance.now();
      preview = await importJobStatus(deps, await importJobOf(deps, union, preview.importId), previewSliceMs.poll);
      longestPreviewMs = Math.max(longestPreviewMs, performance.now() - at);
      previewRequests += 1;
    }
    const previewMs = performance.now() - started;
    if (preview.status !== 'previewed') throw new Error(`bench import not previewable: ${JSON.stringify(preview.problems.slice(0, 3))}`);

    // The commit as the page drives it: the confirming request, then a poll each second until committed.
    const commitStarted = performance.now();
    let job = await confirmImport(deps, actor, union, preview.importId);
    let requests = 1;
    while (job.status !== 'committed') {
      job = await importStatusOf(deps, await importJobOf(deps, union, preview.importId), commitSliceMs.poll);
      requests += 1;
    }
    const commitMs = performance.now() - commitStarted;
    const totalMs = performance.now() - started;

    const meter = meterReads(db);
    let at = performance.now();
    const fromCounters = await membershipStats(db, table, union.orgId, years);
    const countersMs = performance.now() - at;
    const counters = { ...meter };
    at = performance.now();
    const full = membershipByYear(await rosterMembers(db, table, union.orgId), new Map(), years);
    const fullMs = performance.now() - at;
    const fullReads = { requests: meter.requests - counters.requests, units: meter.units - counters.units };
    const same = JSON.stringify(fromCounters.years.map((y) => [y.year, y.members, y.boundMembers])) === JSON.stringify(full.map((y) => [y.year, y.members, y.boundMembers]));
    raw.destroy();
    db.destroy();

    const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;
    return [
      { label: `import ${ROWS.toLocaleString('en')} rows: .xlsx size`, value: round(bytes.length / 1048576, 2), unit: 'MB' },
      { label: `import ${ROWS.toLocaleString('en')} rows: total (preview + commit)`, value: Math.round(totalMs), unit: 'ms' },
      { label: `import ${ROWS.toLocaleString('en')} rows: rows per second`, value: Math.round(ROWS / (totalMs / 1000)), unit: 'rows/s' },
      { label: 'import: preview total (upload + polls, 3 s slices)', value: Math.round(previewMs), unit: 'ms' },
      { label: 'import: preview upload request (read, check, seal rows)', value: Math.round(uploadMs), unit: 'ms' },
      { label: 'import: preview longest single request (API limit 29 s)', value: Math.round(longestPreviewMs), unit: 'ms' },
      { label: 'import: preview requests (upload + polls)', value: previewRequests, unit: 'requests' },
      { label: 'import: commit (confirm + polls, 3 s slices)', value: Math.round(commitMs), unit: 'ms' },
      { label: 'import: commit requests (confirm + polls)', value: requests, unit: 'requests' },
      { label: 'import: members written', value: job.progress.processed, unit: 'members' },
      { label: 'stats from counters: time', value: round(countersMs), unit: 'ms' },
      { label: 'stats from counters: read requests', value: counters.requests, unit: 'requests' },
      { label: 'stats from counters: read units', value: round(counters.units), unit: 'RCU' },
      { label: 'stats by full roster read (before): time', value: round(fullMs), unit: 'ms' },
      { label: 'stats by full roster read (before): read requests', value: fullReads.requests, unit: 'requests' },
      { label: 'stats by full roster read (before): read units', value: round(fullReads.units), unit: 'RCU' },
      { label: 'stats: counters equal the full computation (1 = yes)', value: same ? 1 : 0, unit: '' },
    ];
  } finally {
    await dynamodb.stop();
  }
}

if (require.main === module) {
  benchRosterImport()
    .then((figures) => {
      process.stdout.write('\nRoster import at scale\n');
      for (const figure of figures) process.stdout.write(`  ${figure.label.padEnd(60)} ${String(figure.value).padStart(12)} ${figure.unit}\n`);
    })
    .catch((error: unknown) => {
      process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
      process.exit(1);
    });
}
