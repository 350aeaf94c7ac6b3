import { BatchWriteCommand, GetCommand, QueryCommand, type DynamoDBDocumentClient } from '../../../functions/storage/document-client';
import type { EvidenceStore } from '../../../functions/evidence/evidence-store';
import { theDirectory } from '../../../functions/handlers/context';
import { dynamoUnionProfiles, readUnionProfiles } from '../../../functions/orgs/union-profile-store';
import { personalDataCipher } from '../../../functions/privacy/personal-data';
import { commitSliceMs, confirmImport, driveDueImports, driveImport, importStatusOf, importJobOf } from '../../../functions/roster/import-commit';
import { stagedBatchKey, toJobRecord, type RosterDeps, type StagedWrite } from '../../../functions/roster/import-items';
import { batches, matchIndex, planRows } from '../../../functions/roster/import-plan';
import { previewImport } from '../../../functions/roster/import-preview';
import { driveDuePreviews, drivePreview, importJobStatus, previewSliceMs } from '../../../functions/roster/preview-driver';
import { readSheetRows } from '../../../functions/roster/excel';
import { queryAll } from '../../../functions/storage/dynamo';
import { formatShanghaiDate } from '../../../shared/calendar/shanghai-date';
import { readRosterTable } from '../../../shared/roster/roster-rows';
import type { ImportJob } from '../../../shared/api/roster';
import type { Org } from '../../../shared/domain/org';
import { membershipStats, statsBackfillSliceMs } from '../../../functions/roster/membership';
import { readCounters } from '../../../functions/roster/roster-stats';
import { driveDueStatsBackfills } from '../../../functions/roster/roster-stats-backfill';
import { rosterKeys, rosterMembers, subOrgsOf } from '../../../functions/roster/roster-store';
import { keys } from '../../../functions/storage/keys';
import { membershipByYear } from '../../../shared/roster/membership-stats';
import { createTestTable, type TestTable } from '../../support/dynamo';
import { systemNow } from '../../support/product-clock';
import { bigXlsx, numberedRow, personalDataKey, useTable, type Cells } from './roster-support';

// Issue 18 point 3: a large import, chunked and resumable — the preview's driver killed once, the commit's twice,
// each resumed by the clock and the page's polls, the preview equal to one pass over the file; the membership statistics from counters, equal to the full computation, without reading the roster.
// ROSTER_SCALE_ROWS=100000 runs the acceptance size: ~20 min on DynamoDB Local on a busy 2-core machine (preview 88 s,
// commit 11 min — 300,000 items in transactions —, statistics 24 ms from counters against 305 s for the full read).
// The default keeps the file near 3 minutes in CI.
jest.setTimeout(1_800_000);

const size = Number(process.env.ROSTER_SCALE_ROWS ?? 10_000);
const legacy = 1_200;
const unionId = 'gu-scale';
const chair = 'gu-scale-chair';
const path = `/city-jz/dist-jiefang/${unionId}`;
const years = [2012, 2016, 2020, 2023, 2024, 2025];
const timings: Record<string, number> = {};

let table: TestTable;
const clock = { now: systemNow() };
const later = (minutes: number) => new Date(clock.now.getTime() + minutes * 60_000);
const files = new Map<string, Uint8Array>();
const fileStore = {
  get: async (key: string) => (files.has(key) ? { body: files.get(key) as Uint8Array, contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' } : undefined),
  remove: async (key: string) => void files.delete(key),
} as unknown as EvidenceStore;
const deps = (): RosterDeps => ({ db: table.db, table: table.tableName, cipher: personalDataCipher(personalDataKey), now: () => clock.now, files: fileStore });

/** The same deps on a client that "dies" after `sends` more requests: every later request fails, as in a crash. */
function dyingDeps(sends: number): RosterDeps {
  const base = deps();
  let left = sends;
  const db = new Proxy(base.db, {
    get(target, prop, receiver) {
      if (prop !== 'send') return Reflect.get(target, prop, receiver);
      return (command: Parameters<DynamoDBDocumentClient['send']>[0]) => {
        left -= 1;
        if (left < 0) return Promise.reject(new Error('the process was killed'));
        return target.send(command as never);
      };
    },
  });
  return { ...base, db };
}

const scaleRow = (n: number): Cells => numberedRow(n, '规模会员', 'S');

async function batchPut(items: Record<string, unknown>[]): Promise<void> {
  for (let i = 0; i < items.length; i += 25) {
    let pending = items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } }));
    while (pending.length > 0) {
      const out = await table.db.send(new BatchWriteCommand({ RequestItems: { [table.tableName]: pending } }));
      pending = (out.UnprocessedItems?.[table.tableName] ?? []) as typeof pending;
    }
  }
}

/** Entries on the roster (members who left included), counted by the index without reading them into the test. */
async function rosterCount(): Promise<number> {
  let count = 0;
  let start: Record<string, unknown> | undefined;
  do {
    const out = await table.db.send(
      new QueryCommand({ TableName: table.tableName, IndexName: 'byParent', KeyConditionExpression: 'gsi1pk = :pk AND begins_with(gsi1sk, :m)', ExpressionAttributeValues: { ':pk': keys.childOf(unionId), ':m': 'MEMBER#' }, Select: 'COUNT', ExclusiveStartKey: start }),
    );
    count += out.Count ?? 0;
    start = out.LastEvaluatedKey;
  } while (start);
  return count;
}

/** The figures the long way: every entry of the roster read, as before the counters. */
async function fullFigures(): Promise<ReturnType<typeof membershipByYear>> {
  const profiles = await readUnionProfiles(table.db, table.tableName, unionId);
  return membershipByYear(await rosterMembers(table.db, table.tableName, unionId), new Map([...profiles].map(([year, p]) => [year, p.employees])), years);
}


/** A staged write without its ciphertexts (AES-GCM with a fresh IV each time): everything else must be equal. */
const comparable = (w: StagedWrite) => ({ ...w, set: Object.fromEntries(Object.entries(w.set).filter(([k]) => k !== 'phoneCipher' && k !== 'idNumberCipher')) });

/**
 * What the one-pass preview (before issue 18's chunks) makes of `bytes` against the roster as it stands: the whole
 * file read, every row planned at once against the whole roster and its guards, the problems sorted by row.
 */
async function onePassPreview(bytes: Buffer, org: Org, job: ImportJob) {
  const read = readRosterTable(await readSheetRows(bytes), { subOrgs: await subOrgsOf(table.db, table.tableName, org), today: formatShanghaiDate(new Date(job.createdAt)), maxRows: 100_000 });
  if (!read.ok) throw new Error('unreadable');
  const markers = await queryAll(table.db, { TableName: table.tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': rosterKeys.markers(unionId) } });
  const index = matchIndex(await rosterMembers(table.db, table.tableName, unionId), new Map(markers.map((m) => [String(m.sk), String(m.memberId)])));
  const plan = planRows(deps().cipher, { importId: job.importId, orgId: unionId, columns: read.columns, now: job.createdAt }, read.rows, index);
  const problems = [...read.problems, ...plan.problems].sort((a, b) => a.row - b.row);
  return {
    view: {
      status: problems.length > 0 ? 'invalid' : 'previewed',
      counts: { total: read.total, added: plan.added, updated: plan.updated, unchanged: plan.unchanged, errors: new Set(problems.map((p) => p.row)).size },
      problemCount: problems.length,
      problems: problems.slice(0, 200),
      changes: plan.changes,
    },
    writes: problems.length > 0 ? [] : batches(plan.writes).flat().map(comparable),
  };
}

/** The writes a preview staged, in the order the commit takes its batches. */
async function stagedWrites(importId: string): Promise<ReturnType<typeof comparable>[]> {
  const record = toJobRecord((await table.db.send(new GetCommand({ TableName: table.tableName, Key: { pk: `IMPORT#${importId}`, sk: 'JOB' } }))).Item ?? {});
  const writes: StagedWrite[] = [];
  for (let n = 0; n < record.chunkCount; n += 1) {
    const item = (await table.db.send(new GetCommand({ TableName: table.tableName, Key: stagedBatchKey(record, n) }))).Item;
    writes.push(...((item?.writes ?? []) as StagedWrite[]));
  }
  return writes.map(comparable);
}

/** Rows chunks of a preview planned so far. */
const plannedCount = async (importId: string) =>
  (await queryAll(table.db, { TableName: table.tableName, KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)', ExpressionAttributeValues: { ':pk': `IMPORT#${importId}`, ':p': 'PLANNED#' }, ProjectionExpression: 'sk' })).length;

/**
 * The upload answers after its first step; a driver then dies mid-way through the rows chunks, holding its lease;
 * the clock resumes once the lease ran out, and the page's polls finish it. Returns the finished view and the
 * longest single request (upload or poll).
 */
async function chunkedPreview(org: Org, actor: { memberId: string; role: 'chair'; org: Org }, fileName: string, key: string, killedIn: 'roster' | 'rows'): Promise<{ job: ImportJob; longestMs: number; polls: number }> {
  const upload = previewSliceMs.upload;
  previewSliceMs.upload = 0;
  let started = performance.now();
  const begun = await previewImport(deps(), actor, org, { fileName, key }).finally(() => {
    previewSliceMs.upload = upload;
  });
  let longestMs = performance.now() - started;
  expect(begun).toMatchObject({ status: 'previewing', progress: { total: expect.any(Number) } });
  expect(files.has(key)).toBe(false);

  // Killed: a poll's driver dies 40 requests into its slice — while reading a large roster's pages, or part of the
  // way through the rows chunks (some planned, some staged half).
  await expect(drivePreview(dyingDeps(40), begun.importId, { ms: 600_000 })).rejects.toThrow('the process was killed');
  const planned = await plannedCount(begun.importId);
  expect(planned).toBeLessThan(Math.ceil(begun.progress.total / 1_000));
  if (killedIn === 'rows') expect(planned).toBeGreaterThan(0);
  else expect(planned).toBe(0);
  // While the dead driver's lease holds, another driver does nothing.
  expect(await drivePreview(deps(), begun.importId, { ms: 60_000, maxSteps: 1 })).toBe(false);

  // The clock resumes it once the lease ran out, for a short slice; the page's polls do the rest.
  clock.now = later(15);
  const slice = previewSliceMs.clock;
  previewSliceMs.clock = 1_500;
  expect(await driveDuePreviews(deps(), clock.now).finally(() => (previewSliceMs.clock = slice))).toBe(1);
  let job = await importJobStatus(deps(), await importJobOf(deps(), org, begun.importId), 0);
  const seen = [job.progress.processed];
  let polls = 0;
  for (; job.status === 'previewing' && polls < 500; polls += 1) {
    started = performance.now();
    job = await importJobStatus(deps(), await importJobOf(deps(), org, begun.importId), previewSliceMs.poll);
    longestMs = Math.max(longestMs, performance.now() - started);
    if (job.status === 'previewing') seen.push(job.progress.processed);
  }
  expect(seen).toEqual([...seen].sort((a, b) => a - b));
  return { job, longestMs, polls };
}

beforeAll(async () => {
  table = await createTestTable({ seed: true });
  useTable(table);
  // A union whose roster was written before the counters existed: 1,200 entries with joins, leaves and bindings
  // across the years, none counted yet.
  const legacyEntries = Array.from({ length: legacy }, (_, i) => {
    const memberId = `${unionId}-old${String(i).padStart(4, '0')}`;
    const name = `老会员${i}`;
    return {
      ...keys.member(memberId),
      entity: 'member',
      memberId,
      name,
      orgId: unionId,
      gsi1pk: keys.childOf(unionId),
      gsi1sk: `MEMBER#${name}#${memberId}`,
      employeeNo: `OLD${i}`,
      joinedOn: i % 50 === 0 ? '' : `${2008 + (i % 17)}-0${1 + (i % 9)}-01`,
      status: i % 5 === 0 ? 'left' : 'active',
      ...(i % 5 === 0 ? { leftOn: `${2015 + (i % 11)}-06-30` } : {}),
      ...(i % 3 === 0 ? { boundAt: `${2019 + (i % 7)}-12-31T${i % 2 ? '15' : '17'}:00:00.000Z`, openid: `o-old-${i}` } : {}),
    };
  });
  await batchPut([
    { ...keys.org(unionId), entity: 'org', orgId: unionId, name: '规模测试集团工会', level: 'grassroots', kind: 'enterprise', parentId: 'dist-jiefang', path, gsi1pk: keys.childOf('dist-jiefang'), gsi1sk: 'ORG#规模测试集团工会', gsi3pk: keys.tree('city-jz'), gsi3sk: path },
    { ...keys.role(chair, unionId, 'chair'), entity: 'role', memberId: chair, orgId: unionId, role: 'chair' },
    { ...keys.member(chair), entity: 'member', memberId: chair, name: '规模主席', orgId: 'gu-yuntai' },
    ...legacyEntries,
  ]);
  const profiles = dynamoUnionProfiles(table.db, table.tableName);
  for (const [year, employees] of [[2016, 5_000], [2023, 90_000], [2024, 120_000], [2025, 110_000]] as const) {
    await profiles.save(unionId, { year, employees }, { year, version: 1, changedAt: '2026-01-05T00:00:00.000Z', changedBy: { memberId: chair, name: '规模主席' }, changes: [] });
  }
});
afterAll(async () => {
  process.stdout.write(`roster import at scale (${size} rows), ms: ${JSON.stringify(timings)}\n`);
  await table.drop();
});

it('counts a roster written before the counters in slices, answering the long way until done, then from counters', async () => {
  // A statistics request that may count one page only: not done, so it answers from the whole roster.
  const slice = statsBackfillSliceMs.value;
  statsBackfillSliceMs.value = 0;
  const first = await membershipStats(table.db, table.tableName, unionId, years).finally(() => {
    statsBackfillSliceMs.value = slice;
  });
  expect(first.years).toEqual(await fullFigures());
  expect((await readCounters(table.db, table.tableName, unionId)).ready).toBe(false);

  // The clock counts the rest.
  expect(await driveDueStatsBackfills(table.db, table.tableName, later(1))).toBe(1);
  expect((await readCounters(table.db, table.tableName, unionId)).ready).toBe(true);
  expect((await membershipStats(table.db, table.tableName, unionId, years)).years).toEqual(await fullFigures());
});

it(`imports ${size.toLocaleString('en')} rows in chunks, its driver killed twice and resumed, each member written once, the statistics equal to the full computation`, async () => {
  const org = (await theDirectory().getOrgs([unionId])).get(unionId);
  if (!org) throw new Error('test union missing');
  const actor = { memberId: chair, role: 'chair' as const, org };

  // prepare: the file, posted to the file store
  let started = performance.now();
  const bytes = bigXlsx(Array.from({ length: size }, (_, i) => scaleRow(i + 1)));
  timings.writeFile = performance.now() - started;
  const key = `imports/${unionId}/0123456789abcdef/roster.xlsx`;
  files.set(key, bytes);

  // act: the preview in chunks, its driver killed mid-way, resumed by the clock and the polls
  started = performance.now();
  const { job: preview, longestMs, polls } = await chunkedPreview(org, actor, '集团会员名册.xlsx', key, 'rows');
  timings.preview = performance.now() - started;
  timings.previewLongestRequest = longestMs;
  timings.previewPolls = polls;
  expect(preview).toMatchObject({ status: 'previewed', counts: { total: size, added: size, updated: 0, unchanged: 0, errors: 0 }, problemCount: 0, progress: { processed: 0, total: size } });
  // The same result as one pass over the file: counts, problems, changes, and every staged write.
  const once = await onePassPreview(bytes, org, preview);
  expect(preview).toMatchObject(once.view);
  expect(await stagedWrites(preview.importId)).toEqual(once.writes);
  expect(longestMs).toBeLessThan(25_000);

  // confirmed by a request cut off before its slice could write anything
  started = performance.now();
  const confirmSlice = commitSliceMs.confirm;
  commitSliceMs.confirm = 0;
  const confirmed = await confirmImport(deps(), actor, org, preview.importId).finally(() => {
    commitSliceMs.confirm = confirmSlice;
  });
  expect(confirmed).toMatchObject({ status: 'committing', progress: { processed: 0, total: size } });

  // Killed the first time: a poll's driver dies 300 requests into its slice, holding its lease.
  await expect(driveImport(dyingDeps(300), preview.importId, 600_000)).rejects.toThrow('the process was killed');
  const afterFirst = await importStatusOf(deps(), await importJobOf(deps(), org, preview.importId), 0);
  expect(afterFirst.status).toBe('committing');
  expect(afterFirst.progress.processed).toBeGreaterThan(0);
  // While the dead driver's lease holds, another driver does nothing.
  expect(await driveImport(deps(), preview.importId, 60_000)).toBe(false);

  // Killed the second time: the clock's run, after the lease ran out, dies 100 requests in.
  clock.now = later(15);
  await expect(driveDueImports(dyingDeps(100), clock.now)).rejects.toThrow('the process was killed');
  const afterSecond = await importStatusOf(deps(), await importJobOf(deps(), org, preview.importId), 0);
  expect(afterSecond.progress.processed).toBeGreaterThan(afterFirst.progress.processed);

  // Resumed by the clock once the lease ran out, then by the page's polls until committed.
  clock.now = later(15);
  expect(await driveDueImports(deps(), clock.now)).toBe(1);
  let job = await importStatusOf(deps(), await importJobOf(deps(), org, preview.importId), 0);
  const seen = [job.progress.processed];
  for (let polls = 0; job.status !== 'committed' && polls < 2_000; polls += 1) {
    job = await importStatusOf(deps(), await importJobOf(deps(), org, preview.importId), commitSliceMs.poll);
    seen.push(job.progress.processed);
  }
  timings.commit = performance.now() - started;
  timings.commitPolls = seen.length;

  // assess: committed, progress only ever forward, exactly `size` new members, each with its two guards
  expect(job).toMatchObject({ status: 'committed', progress: { processed: size, total: size, skipped: 0 }, commitProblems: [] });
  expect(seen).toEqual([...seen].sort((a, b) => a - b));
  expect(await rosterCount()).toBe(legacy + size);
  const guards = await table.db.send(new QueryCommand({ TableName: table.tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': `ROSTERKEY#${unionId}` }, Select: 'COUNT' }));
  let guardCount = guards.Count ?? 0;
  for (let start = guards.LastEvaluatedKey; start; ) {
    const out = await table.db.send(new QueryCommand({ TableName: table.tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': `ROSTERKEY#${unionId}` }, Select: 'COUNT', ExclusiveStartKey: start }));
    guardCount += out.Count ?? 0;
    start = out.LastEvaluatedKey;
  }
  expect(guardCount).toBe(2 * size);

  // The statistics: one query of the counters, equal to reading all 101,200 entries.
  started = performance.now();
  const fromCounters = await membershipStats(table.db, table.tableName, unionId, years);
  timings.statsFromCounters = performance.now() - started;
  started = performance.now();
  const full = await fullFigures();
  timings.statsFullRead = performance.now() - started;
  expect(fromCounters.years).toEqual(full);
  expect(fromCounters.years.find((y) => y.year === 2024)?.members).toBeGreaterThan(size / 2);
});

it(`previews a re-import of ${size.toLocaleString('en')} rows with problems against the ${(legacy + size).toLocaleString('en')}-entry roster in chunks, as one pass would`, async () => {
  const org = (await theDirectory().getOrgs([unionId])).get(unionId);
  if (!org) throw new Error('test union missing');
  const actor = { memberId: chair, role: 'chair' as const, org };
  // prepare: the same members, some with a new phone or a bad one, one 工号 of another member, members of the old
  // roster (two of whom left) by their 工号, and a repeated 工号
  const rows: Cells[] = Array.from({ length: size }, (_, i) => {
    const n = i + 1;
    const row = scaleRow(n);
    if (n % 500 === 1) return { ...row, 手机号: `138${String(n).padStart(8, '0')}` };
    if (n % 777 === 0) return { ...row, 手机号: '12345' };
    if (n === 3) return { ...row, 工号: 'OLD6' };
    return row;
  });
  for (const j of [1, 2, 5, 10]) rows.push({ 姓名: `老会员${j}`, 工号: `OLD${j}`, 入会日期: '2015-03-01' });
  rows.push({ ...scaleRow(size + 1), 工号: scaleRow(10)['工号'] as string });
  const bytes = bigXlsx(rows);
  const key = `imports/${unionId}/fedcba9876543210/roster.xlsx`;
  files.set(key, bytes);

  // act
  const started = performance.now();
  const { job, longestMs } = await chunkedPreview(org, actor, '集团会员名册（更新）.xlsx', key, 'roster');
  timings.reimportPreview = performance.now() - started;
  timings.reimportLongestRequest = longestMs;

  // assess: the same counts, problems and changes as one pass over the file against the whole roster
  expect(job.status).toBe('invalid');
  const once = await onePassPreview(bytes, org, job);
  expect(job).toMatchObject(once.view);
  expect(job.counts.updated).toBeGreaterThan(0);
  expect(job.problems.map((p) => p.column)).toEqual(expect.arrayContaining(['手机号', '工号', '身份证号']));
  expect(longestMs).toBeLessThan(25_000);
});
