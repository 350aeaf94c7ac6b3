import { performance } from 'node:perf_hooks';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { BatchWriteCommand, GetCommand, PutCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '../storage/document-client';
import { driveDueJobs, releaseLease as giveLeaseBack, takeLease } from '../storage/lease';
import type { ImportJob, RowProblemView } from '@shared/api/roster';
import type { RosterColumnKey } from '@shared/roster/roster-columns';
import type { RosterRow } from '@shared/roster/roster-rows';
import type { PersonalDataCipher } from '../privacy/personal-data';
import { isConditionFailure, queryAll } from '../storage/dynamo';
import { importStatusOf } from './import-commit';
import { duePreviews, importKeys, jobView, toJobRecord, type ImportJobRecord, type RosterDeps, type StagedWrite } from './import-items';
import { batches, matchIndex, planRows, shownChanges, shownProblems, type MatchIndex } from './import-plan';
import { rosterKeys, rosterPage, toStoredMember, type StoredMember } from './roster-store';
import { markCountedWhenComplete } from './roster-stats';

/**
 * The preview of an import of any size (issue 18 point 3): the upload request reads and checks the file once and
 * stages its rows, sealed, 1,000 to an item (functions/roster/import-preview.ts), and creates the job `previewing`.
 * The rest is driven in time slices, under a lease on the job as the commit is (import-commit.ts), by whoever comes
 * first — the upload request itself, each poll of the page (GET …/imports/{id}), a re-sent upload of the same key,
 * and the clock (`rosterPreviews`, byDueTime DUE#rosterPreview) for a page that was closed — in three phases:
 *   roster   the union's roster entries, 500 a step, kept as the preview matches against them (ROSTER#nnnn)
 *   keys     the union's uniqueness guards, 2,000 a step (KEYS#nnnn)
 *   rows     each rows chunk matched against that snapshot (read once per process, linear) and its writes staged
 *            in batches for the commit (CHUNK#nnnn-iii), then PLANNED#nnnn with its counts, problems and changes.
 * A roster or guards step is one transaction with the job's page count and cursor, on condition of the lease, so a
 * driver that lost its lease adds nothing; a rows chunk is idempotent (the same rows against the same snapshot give
 * the same writes: new member ids come from the import and the row, times from the job), so a chunk redone after a
 * crash or by an overlapping driver stages the same batches again. When every chunk is planned, the job turns
 * `previewed` (or `invalid`) with the same counts, problems and changes a one-pass preview gives.
 */

export const rowsPerChunk = 1_000;
const rosterPageSize = 500;
const keysPageSize = 2_000;
/** How long one caller drives before answering with the progress (the clock has a Lambda's minutes). */
export const previewSliceMs = { upload: 3_000, poll: 3_000, clock: 30_000 };
/** A file of up to this many rows is previewed whole by its upload request (within this budget), as before. */
export const smallPreview = { rows: 2_000, ms: 20_000 };
/** Rows chunks planned at once (their staged items never overlap). */
const parallelChunks = 4;
/** A driver that disappears gives its lease up after this long; the clock then picks the job up. */
const leaseSlackMs = 20_000;

type Phase = 'roster' | 'keys' | 'rows';

/** What a previewing job carries besides ImportJobRecord (on the JOB item; removed when the preview ends). */
export interface PreviewState {
  job: ImportJobRecord;
  phase: Phase;
  columns: RosterColumnKey[];
  /** Rows checked without a problem, to be matched: in rowChunks chunks of rowsPerChunk. */
  checkedRows: number;
  rowChunks: number;
  /** Problems found reading the file: the first ones (shownProblems), how many, on how many rows. */
  readProblems: RowProblemView[];
  readProblemCount: number;
  readErrorRows: number;
  rosterPages: number;
  rosterCursor?: Record<string, unknown>;
  keysPages: number;
  keysCursor?: Record<string, unknown>;
  /** TTL of everything the preview stages (one instant, so that a preview may be committed for 23 of its 24 hours). */
  stagedUntil: number;
}

export function toPreviewState(item: Record<string, unknown>): PreviewState {
  return {
    job: toJobRecord(item),
    phase: (item.phase ?? 'roster') as Phase,
    columns: (item.columns ?? []) as RosterColumnKey[],
    checkedRows: Number(item.checkedRows ?? 0),
    rowChunks: Number(item.rowChunks ?? 0),
    readProblems: (item.readProblems ?? []) as RowProblemView[],
    readProblemCount: Number(item.readProblemCount ?? 0),
    readErrorRows: Number(item.readErrorRows ?? 0),
    rosterPages: Number(item.rosterPages ?? 0),
    ...(item.rosterCursor ? { rosterCursor: item.rosterCursor as Record<string, unknown> } : {}),
    keysPages: Number(item.keysPages ?? 0),
    ...(item.keysCursor ? { keysCursor: item.keysCursor as Record<string, unknown> } : {}),
    stagedUntil: Number(item.stagedUntil ?? 0),
  };
}

/** Rows sealed for the table: AES-GCM over the deflated JSON (a chunk of 1,000 rows is ~35 KB). */
export const sealRows = (cipher: PersonalDataCipher, rows: readonly RosterRow[]): string => cipher.encrypt(deflateRawSync(Buffer.from(JSON.stringify(rows))).toString('base64'));
const openRows = (cipher: PersonalDataCipher, sealed: string): RosterRow[] => JSON.parse(inflateRawSync(Buffer.from(cipher.decrypt(sealed), 'base64')).toString('utf8')) as RosterRow[];
const packed = (value: unknown): Uint8Array => deflateRawSync(Buffer.from(JSON.stringify(value)));
const unpacked = <T>(data: unknown): T => JSON.parse(inflateRawSync(data as Uint8Array).toString('utf8')) as T;

/** Puts or deletes items 25 to a request, a few requests at once, retrying what DynamoDB leaves unprocessed. */
export async function batchWrite(deps: Pick<RosterDeps, 'db' | 'table'>, requests: Record<string, unknown>[], writers = 8): Promise<void> {
  const groups = Array.from({ length: Math.ceil(requests.length / 25) }, (_, g) => requests.slice(g * 25, g * 25 + 25));
  const writer = async (): Promise<void> => {
    for (let group = groups.shift(); group; group = groups.shift()) {
      let pending = group;
      for (let attempt = 1; pending.length > 0; attempt += 1) {
        if (attempt > 1) await new Promise((resolve) => setTimeout(resolve, Math.min(1_000, 25 * 2 ** attempt)));
        const out = await deps.db.send(new BatchWriteCommand({ RequestItems: { [deps.table]: pending } }));
        pending = (out.UnprocessedItems?.[deps.table] ?? []) as Record<string, unknown>[];
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(writers, groups.length) }, writer));
}

async function readState(deps: Pick<RosterDeps, 'db' | 'table'>, importId: string): Promise<PreviewState | undefined> {
  const out = await deps.db.send(new GetCommand({ TableName: deps.table, Key: importKeys.job(importId), ConsistentRead: true }));
  return out.Item ? toPreviewState(out.Item) : undefined;
}

/** Where a driver stops: after `ms` of its own work, or once `maxSteps` steps were begun (tests stop it anywhere). */
export interface PreviewBudget {
  ms: number;
  maxSteps?: number;
}

class LeaseLost extends Error {}

/**
 * Drives a previewing import for one budget: takes the lease, reads the roster and its guards a page a step, then
 * plans and stages pending rows chunks (a few at once), and ends the preview when every chunk is planned. Each drive
 * does at least one step. Returns false when someone else holds the lease (or the job is not previewing).
 */
export async function drivePreview(deps: RosterDeps, importId: string, budget: PreviewBudget): Promise<boolean> {
  const started = performance.now();
  const lease = await takeLease(deps.db, deps.table, {
    key: importKeys.job(importId),
    id: importId,
    ms: budget.ms,
    slackMs: leaseSlackMs,
    now: deps.now(),
    condition: '#status = :previewing',
    names: { '#status': 'status' },
    values: { ':previewing': 'previewing' },
  });
  if (!lease) return false;
  const { owner } = lease;
  let state = toPreviewState(lease.item);

  let steps = 0;
  const spent = () => performance.now() - started >= budget.ms || (budget.maxSteps !== undefined && steps >= budget.maxSteps);
  try {
    while (state.phase === 'roster' || state.phase === 'keys') {
      steps += 1;
      state = state.phase === 'roster' ? await rosterStep(deps, state, owner) : await keysStep(deps, state, owner);
      if (spent()) return await releaseLease(deps, importId, owner);
    }
    const index = await snapshotIndex(deps, state);
    const before = await plannedItems(deps, importId, 'sk, #rows, problemCount');
    const done = new Set(before.map((item) => Number(String(item.sk).slice('PLANNED#'.length))));
    const todo = Array.from({ length: state.rowChunks }, (_, n) => n).filter((n) => !done.has(n));
    // Once a problem is known the file cannot be committed: later chunks only count.
    const stage = state.readProblemCount === 0 && !before.some((item) => Number(item.problemCount ?? 0) > 0);
    let begun = 0;
    await Promise.all(
      Array.from({ length: parallelChunks }, async () => {
        while (todo.length > 0 && (begun < Math.min(parallelChunks, budget.maxSteps ?? parallelChunks) || !spent())) {
          begun += 1;
          steps += 1;
          await planChunk(deps, state, index, todo.shift() as number, stage);
        }
      }),
    );
    const planned = await plannedChunks(deps, importId);
    if (todo.length > 0 || planned.size < state.rowChunks) {
      await recordProgress(deps, state, planned);
      return await releaseLease(deps, importId, owner);
    }
    await finishPreview(deps, state);
    return true;
  } catch (error) {
    if (error instanceof LeaseLost) return true;
    throw error;
  }
}

const releaseLease = (deps: Pick<RosterDeps, 'db' | 'table'>, importId: string, owner: string): Promise<true> => giveLeaseBack(deps.db, deps.table, importKeys.job(importId), owner);

/** One page of the snapshot and the job's page count and cursor, together, as long as this driver holds the lease. */
async function writePage(deps: RosterDeps, state: PreviewState, owner: string, page: Record<string, unknown>, jobUpdate: { set: string; remove?: string; values: Record<string, unknown>; counter: 'rosterPages' | 'keysPages' }): Promise<void> {
  try {
    await deps.db.send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName: deps.table, Item: page } },
          {
            Update: {
              TableName: deps.table,
              Key: importKeys.job(state.job.importId),
              UpdateExpression: `SET ${jobUpdate.set}${jobUpdate.remove ? ` REMOVE ${jobUpdate.remove}` : ''}`,
              ConditionExpression: `leaseOwner = :owner AND ${jobUpdate.counter} = :pages`,
              ExpressionAttributeValues: { ...jobUpdate.values, ':owner': owner, ':pages': state[jobUpdate.counter] },
            },
          },
        ],
      }),
    );
  } catch (error) {
    if (error instanceof Error && error.name === 'TransactionCanceledException') throw new LeaseLost();
    throw error;
  }
}

/** What the matching reads of an entry: no ciphertext, no openid. */
function matchedFields(m: StoredMember): StoredMember {
  const { phoneCipher: _phone, idNumberCipher: _id, openid: _openid, ...fields } = m;
  return fields;
}

async function rosterStep(deps: RosterDeps, state: PreviewState, owner: string): Promise<PreviewState> {
  const { importId, orgId } = state.job;
  const page = await rosterPage(deps.db, deps.table, orgId, state.rosterCursor, rosterPageSize);
  const members = page.items.map((item) => matchedFields(toStoredMember(item)));
  const n = state.rosterPages;
  await writePage(
    deps,
    state,
    owner,
    { ...importKeys.rosterPage(importId, n), entity: 'importRosterPage', data: packed(members), entries: members.length, uncounted: members.filter((m) => m.statsCounted !== true).length, expiresAt: state.stagedUntil },
    page.next
      ? { counter: 'rosterPages', set: 'rosterPages = :next, rosterCursor = :cursor', values: { ':next': n + 1, ':cursor': page.next } }
      : { counter: 'rosterPages', set: 'rosterPages = :next, phase = :keys', remove: 'rosterCursor', values: { ':next': n + 1, ':keys': 'keys' } },
  );
  const { rosterCursor: _cursor, ...rest } = state;
  return page.next ? { ...state, rosterPages: n + 1, rosterCursor: page.next } : { ...rest, rosterPages: n + 1, phase: 'keys' };
}

async function keysStep(deps: RosterDeps, state: PreviewState, owner: string): Promise<PreviewState> {
  const { importId, orgId } = state.job;
  const out = await deps.db.send(
    new QueryCommand({
      TableName: deps.table,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': rosterKeys.markers(orgId) },
      ExclusiveStartKey: state.keysCursor,
      Limit: keysPageSize,
    }),
  );
  const markers = (out.Items ?? []).map((item) => [String(item.sk), String(item.memberId)]);
  const n = state.keysPages;
  const next = out.LastEvaluatedKey;
  if (!next) {
    // The roster is read whole: a roster all of whose entries are counted needs no backfill for its statistics.
    const pages = await queryAll(deps.db, { TableName: deps.table, KeyConditionExpression: 'pk = :pk AND begins_with(sk, :roster)', ExpressionAttributeValues: { ':pk': importKeys.job(importId).pk, ':roster': 'ROSTER#' }, ProjectionExpression: 'uncounted', ConsistentRead: true });
    await markCountedWhenComplete(deps.db, deps.table, orgId, pages.reduce((sum, p) => sum + Number(p.uncounted ?? 0), 0), deps.now());
  }
  await writePage(
    deps,
    state,
    owner,
    { ...importKeys.keysPage(importId, n), entity: 'importKeysPage', data: packed(markers), expiresAt: state.stagedUntil },
    next
      ? { counter: 'keysPages', set: 'keysPages = :next, keysCursor = :cursor', values: { ':next': n + 1, ':cursor': next } }
      : { counter: 'keysPages', set: 'keysPages = :next, phase = :rows', remove: 'keysCursor', values: { ':next': n + 1, ':rows': 'rows' } },
  );
  const { keysCursor: _cursor, ...rest } = state;
  return next ? { ...state, keysPages: n + 1, keysCursor: next } : { ...rest, keysPages: n + 1, phase: 'rows' };
}

/** The index of the last snapshot read in this process: a warm function serving the page's polls reads it once. */
let cached: { key: string; index: MatchIndex } | undefined;

async function snapshotIndex(deps: RosterDeps, state: PreviewState): Promise<MatchIndex> {
  const key = `${state.job.importId}/${state.rosterPages}/${state.keysPages}`;
  if (cached?.key === key) return cached.index;
  const query = (prefix: string) =>
    queryAll(deps.db, { TableName: deps.table, KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)', ExpressionAttributeValues: { ':pk': importKeys.job(state.job.importId).pk, ':prefix': prefix }, ConsistentRead: true });
  const [rosterPages, keysPages] = await Promise.all([query('ROSTER#'), query('KEYS#')]);
  const bySk = (a: Record<string, unknown>, b: Record<string, unknown>) => String(a.sk).localeCompare(String(b.sk));
  const members = rosterPages.sort(bySk).flatMap((page) => unpacked<StoredMember[]>(page.data));
  const markers = new Map(keysPages.sort(bySk).flatMap((page) => unpacked<[string, string][]>(page.data)));
  const index = matchIndex(members, markers);
  cached = { key, index };
  return index;
}

interface PlannedChunk {
  n: number;
  rows: number;
  added: number;
  updated: number;
  unchanged: number;
  problems: RowProblemView[];
  problemCount: number;
  changes: ImportJob['changes'];
  batches: number;
  toWrite: number;
}

async function plannedItems(deps: Pick<RosterDeps, 'db' | 'table'>, importId: string, projection?: string): Promise<Record<string, unknown>[]> {
  return queryAll(deps.db, {
    TableName: deps.table,
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :planned)',
    ExpressionAttributeValues: { ':pk': importKeys.job(importId).pk, ':planned': 'PLANNED#' },
    ...(projection ? { ProjectionExpression: projection, ExpressionAttributeNames: { '#rows': 'rows' } } : {}),
    ConsistentRead: true,
  });
}

/** Rows chunks planned so far, with the rows each covered. */
async function plannedChunks(deps: Pick<RosterDeps, 'db' | 'table'>, importId: string): Promise<Map<number, number>> {
  const items = await plannedItems(deps, importId, 'sk, #rows, problemCount');
  return new Map(items.map((item) => [Number(String(item.sk).slice('PLANNED#'.length)), Number(item.rows ?? 0)]));
}

/**
 * Plans one rows chunk against the snapshot and stages its writes (when the preview can still be committed: no
 * problem found so far), then records the chunk PLANNED. Redone whole after a crash: the same items again.
 */
async function planChunk(deps: RosterDeps, state: PreviewState, index: MatchIndex, n: number, stage: boolean): Promise<void> {
  const { importId, orgId, createdAt } = state.job;
  const out = await deps.db.send(new GetCommand({ TableName: deps.table, Key: importKeys.rows(importId, n), ConsistentRead: true }));
  if (!out.Item) throw new Error(`import ${importId}: rows chunk ${n} is missing (expired?)`);
  const rows = openRows(deps.cipher, String(out.Item.data));
  const plan = planRows(deps.cipher, { importId, orgId, columns: state.columns, now: createdAt }, rows, index);
  const staged: StagedWrite[][] = stage && plan.problems.length === 0 ? batches(plan.writes) : [];
  await batchWrite(
    deps,
    staged.map((writes, i) => ({ PutRequest: { Item: { ...importKeys.chunk(importId, n, i), entity: 'importChunk', importId, writes, expiresAt: state.stagedUntil } } })),
    4,
  );
  const planned: Omit<PlannedChunk, 'n'> = {
    rows: rows.length,
    added: plan.added,
    updated: plan.updated,
    unchanged: plan.unchanged,
    problems: plan.problems.slice(0, shownProblems),
    problemCount: plan.problems.length,
    changes: plan.changes,
    batches: staged.length,
    toWrite: staged.reduce((sum, writes) => sum + writes.length, 0),
  };
  await deps.db.send(new PutCommand({ TableName: deps.table, Item: { ...importKeys.planned(importId, n), entity: 'importPlanned', ...planned, expiresAt: state.stagedUntil } }));
}

/** Rows of the file checked so far: those refused when reading it, and those of the chunks planned. */
const rowsChecked = (state: PreviewState, planned: Map<number, number>): number => state.job.counts.total - state.checkedRows + [...planned.values()].reduce((sum, rows) => sum + rows, 0);

async function recordProgress(deps: Pick<RosterDeps, 'db' | 'table'>, state: PreviewState, planned: Map<number, number>): Promise<void> {
  await deps.db
    .send(
      new UpdateCommand({
        TableName: deps.table,
        Key: importKeys.job(state.job.importId),
        UpdateExpression: 'SET rowsChecked = :checked',
        ConditionExpression: '#status = :previewing AND (attribute_not_exists(rowsChecked) OR rowsChecked < :checked)',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':checked': rowsChecked(state, planned), ':previewing': 'previewing' },
      }),
    )
    .catch((error: unknown) => {
      // Further already, or finished by an overlapping driver.
      if (!isConditionFailure(error)) throw error;
    });
}

/**
 * Every chunk is planned: the job turns previewed (or invalid) with the counts, the first problems in row order and
 * the first changes — what one pass over the file gives — and the batches the commit will write. The sealed rows
 * are no longer needed and are deleted (their TTL would do it within a day).
 */
async function finishPreview(deps: RosterDeps, state: PreviewState): Promise<void> {
  const { importId } = state.job;
  const chunks: PlannedChunk[] = (await plannedItems(deps, importId))
    .map((item) => ({ ...(item as unknown as PlannedChunk), n: Number(String(item.sk).slice('PLANNED#'.length)) }))
    .sort((a, b) => a.n - b.n);
  const sum = (field: 'added' | 'updated' | 'unchanged' | 'problemCount' | 'batches' | 'toWrite') => chunks.reduce((total, c) => total + Number(c[field] ?? 0), 0);
  const problemCount = state.readProblemCount + sum('problemCount');
  const status = problemCount > 0 ? 'invalid' : 'previewed';
  // Problems of reading and of matching never share a row (a row refused when read is not matched).
  const problems = [...state.readProblems, ...chunks.flatMap((c) => c.problems).slice(0, shownProblems)].sort((a, b) => a.row - b.row).slice(0, shownProblems);
  const batchCounts = status === 'previewed' ? chunks.map((c) => Number(c.batches)) : [];
  try {
    await deps.db.send(
      new UpdateCommand({
        TableName: deps.table,
        Key: importKeys.job(importId),
        UpdateExpression:
          'SET #status = :status, counts = :counts, problems = :problems, problemCount = :problemCount, changes = :changes, chunkCount = :chunkCount, batchCounts = :batchCounts, toWrite = :toWrite, rowsChecked = :total, previewedAt = :now REMOVE phase, readProblems, gsi2pk, gsi2sk, leaseUntil, leaseOwner',
        ConditionExpression: '#status = :previewing',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':status': status,
          ':previewing': 'previewing',
          ':counts': { total: state.job.counts.total, added: sum('added'), updated: sum('updated'), unchanged: sum('unchanged'), errors: state.readErrorRows + sum('problemCount') },
          ':problems': problems,
          ':problemCount': problemCount,
          ':changes': chunks.flatMap((c) => c.changes).slice(0, shownChanges),
          ':chunkCount': batchCounts.reduce((total, count) => total + count, 0),
          ':batchCounts': batchCounts,
          ':toWrite': status === 'previewed' ? sum('toWrite') : 0,
          ':total': state.job.counts.total,
          ':now': deps.now().toISOString(),
        },
      }),
    );
  } catch (error) {
    // Finished by a driver that overlapped this one.
    if (isConditionFailure(error)) return;
    throw error;
  }
  await batchWrite(deps, Array.from({ length: state.rowChunks }, (_, n) => ({ DeleteRequest: { Key: importKeys.rows(importId, n) } })));
}

/**
 * The job as the API shows it, a previewing or committing one first driven for `sliceMs` (0: just look): the page's
 * polls move both on.
 */
export async function importJobStatus(deps: RosterDeps, job: ImportJobRecord, sliceMs: number): Promise<ImportJob> {
  if (job.status !== 'previewing') return importStatusOf(deps, job, sliceMs);
  if (sliceMs > 0) await drivePreview(deps, job.importId, { ms: sliceMs });
  const current = (await readState(deps, job.importId))?.job ?? job;
  return current.status === 'previewing' ? jobView(current, { written: 0, skipped: 0, commitProblems: [] }) : importStatusOf(deps, current, 0);
}

/** The clock's task: previews whose driver went away (page closed, lease run out) are driven on; returns how many. */
export async function driveDuePreviews(deps: RosterDeps, now: Date): Promise<number> {
  return driveDueJobs(deps.db, deps.table, duePreviews, now, previewSliceMs.clock, (item, ms) => drivePreview(deps, String(item.importId), { ms }));
}

/** A new preview is due at once: if its upload request dies before driving it, the clock begins the work. */
export const duePreviewJob = (importId: string, now: Date) => ({ gsi2pk: duePreviews, gsi2sk: `${now.toISOString()}#${importId}` });
