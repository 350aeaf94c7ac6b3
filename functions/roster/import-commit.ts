import { GetCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '../storage/document-client';
import { driveDueJobs, takeLease } from '../storage/lease';
import type { ImportJob, RowProblemView } from '@shared/api/roster';
import type { Org } from '@shared/domain/org';
import { DomainError } from '@shared/errors';
import { cancellationReasons, ChangeRefused, commitWithNotices, type TransactItem } from '../notify/outbox';
import type { Actor } from '../scope/scope';
import { keys } from '../storage/keys';
import {
  dueImports,
  epochSeconds,
  importKeys,
  jobLifetimeSeconds,
  jobView,
  stagedBatchKey,
  toJobRecord,
  type ImportJobRecord,
  type ImportResult,
  type RosterDeps,
  type StagedWrite,
} from './import-items';
import { rosterKeys } from './roster-store';
import { addDeltas, counterWrite, seenCondition } from './roster-stats';

/**
 * Committing a confirmed import. The staged batches are written one transaction per batch — the members, their
 * uniqueness guards and the batch's DONE marker together — so a batch is applied exactly once however often it
 * is retried, and never half. The work is driven in time slices by whoever comes first: the confirming request,
 * each poll of the import's status, and the clock job (for a chair who closed the page). A lease on the job keeps
 * two drivers from doing the same slice; the DONE markers keep it correct if they ever do.
 */

/** Committing needs no cipher: the staged writes carry ciphertexts and hashes already. */
export type CommitDeps = Pick<RosterDeps, 'db' | 'table' | 'now'>;

/** How long one request drives the commit before answering with the progress. */
export const commitSliceMs = { confirm: 8_000, poll: 3_000, clock: 30_000 };
/** Batches written at once (each is its own transaction; they touch different items). */
const parallelBatches = 8;
/** A driver that disappears gives its lease up after this long; the clock then picks the job up. */
const leaseSlackMs = 20_000;

async function readJob(deps: CommitDeps, importId: string): Promise<ImportJobRecord | undefined> {
  const out = await deps.db.send(new GetCommand({ TableName: deps.table, Key: importKeys.job(importId), ConsistentRead: true }));
  return out.Item ? toJobRecord(out.Item) : undefined;
}

/** The job of this union, or 404 (an id of another union's import is not found either). */
export async function importJobOf(deps: CommitDeps, union: Org, importId: string): Promise<ImportJobRecord> {
  const job = await readJob(deps, importId);
  if (!job || job.orgId !== union.orgId) throw new DomainError('ROSTER.IMPORT_NOT_FOUND');
  return job;
}

/** What the batches done so far wrote and left out. */
async function progressOf(deps: CommitDeps, importId: string): Promise<ImportResult & { done: Set<number> }> {
  const result: ImportResult & { done: Set<number> } = { written: 0, skipped: 0, commitProblems: [], done: new Set() };
  let start: Record<string, unknown> | undefined;
  do {
    const out = await deps.db.send(
      new QueryCommand({
        TableName: deps.table,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :done)',
        ExpressionAttributeValues: { ':pk': importKeys.job(importId).pk, ':done': 'DONE#' },
        ConsistentRead: true,
        ExclusiveStartKey: start,
      }),
    );
    for (const item of out.Items ?? []) {
      result.done.add(Number(String(item.sk).slice('DONE#'.length)));
      result.written += Number(item.written ?? 0);
      result.skipped += Number(item.skipped ?? 0);
      result.commitProblems.push(...((item.problems ?? []) as RowProblemView[]));
    }
    start = out.LastEvaluatedKey;
  } while (start);
  result.commitProblems.sort((a, b) => a.row - b.row).splice(200);
  return result;
}

/** The job as the API shows it; a job being committed is first driven for `sliceMs` (0: just look). */
export async function importStatusOf(deps: CommitDeps, job: ImportJobRecord, sliceMs: number): Promise<ImportJob> {
  if (job.status === 'committing' && sliceMs > 0) await driveImport(deps, job.importId, sliceMs);
  const current = job.status === 'committing' ? ((await readJob(deps, job.importId)) ?? job) : job;
  if (current.status !== 'committing') return jobView(current, current.result ?? { written: 0, skipped: 0, commitProblems: [] });
  return jobView(current, await progressOf(deps, current.importId));
}

/**
 * The chair confirms a previewed import (POST …/commit): the job moves to committing and the import is audited
 * in the same transaction, then this request drives the first slice. Confirming again is harmless: it answers
 * the job's progress. A file with problems cannot be committed; a preview older than 23 hours must be uploaded
 * again.
 */
export async function confirmImport(deps: CommitDeps, actor: Actor, union: Org, importId: string): Promise<ImportJob> {
  const job = await importJobOf(deps, union, importId);
  if (job.status === 'invalid') throw new DomainError('ROSTER.IMPORT_HAS_ERRORS');
  if (job.status === 'previewing') throw new DomainError('ROSTER.IMPORT_PREVIEWING');
  if (job.status === 'previewed') {
    const now = deps.now();
    if (now.toISOString() > job.previewExpiresAt) throw new DomainError('ROSTER.IMPORT_EXPIRED');
    try {
      await commitWithNotices(
        deps.db,
        deps.table,
        {
          writes: [
            {
              Update: {
                TableName: deps.table,
                Key: importKeys.job(importId),
                UpdateExpression: 'SET #status = :committing, confirmedAt = :now, confirmedBy = :by, gsi2pk = :due, gsi2sk = :dueAt',
                ConditionExpression: '#status = :previewed',
                ExpressionAttributeNames: { '#status': 'status' },
                ExpressionAttributeValues: { ':committing': 'committing', ':previewed': 'previewed', ':now': now.toISOString(), ':by': actor.memberId, ':due': dueImports, ':dueAt': `${now.toISOString()}#${importId}` },
              },
            },
          ],
          audit: [
            {
              subjectType: 'roster',
              subjectId: union.orgId,
              scopePath: union.path,
              action: 'roster.imported',
              actor: { memberId: actor.memberId, role: actor.role },
              data: { importId, fileName: job.fileName, added: job.counts.added, updated: job.counts.updated, unchanged: job.counts.unchanged, total: job.counts.total },
            },
          ],
        },
        now,
      );
    } catch (error) {
      // Confirmed at the same moment by another request: that one is audited; this one shows the progress.
      if (!(error instanceof ChangeRefused)) throw error;
    }
  }
  return importStatusOf(deps, (await readJob(deps, importId)) ?? job, commitSliceMs.confirm);
}

/**
 * Drives a committing import for at most `sliceMs`: takes the lease, writes pending batches (a few at once),
 * and finishes the job when every batch is done. Returns false when someone else holds the lease.
 */
export async function driveImport(deps: CommitDeps, importId: string, sliceMs: number): Promise<boolean> {
  const started = Date.now();
  const lease = await takeLease(deps.db, deps.table, {
    key: importKeys.job(importId),
    id: importId,
    ms: sliceMs,
    slackMs: leaseSlackMs,
    now: deps.now(),
    condition: '#status = :committing',
    names: { '#status': 'status' },
    values: { ':committing': 'committing' },
  });
  if (!lease) return false;
  const { owner } = lease;
  const job: ImportJobRecord = toJobRecord(lease.item);

  const { done } = await progressOf(deps, importId);
  const pending = Array.from({ length: job.chunkCount }, (_, n) => n).filter((n) => !done.has(n));
  const worker = async (): Promise<void> => {
    for (let n = pending.shift(); n !== undefined; n = pending.shift()) {
      await writeBatch(deps, job, n);
      if (Date.now() - started >= sliceMs) return;
    }
  };
  await Promise.all(Array.from({ length: parallelBatches }, worker));

  if (pending.length === 0 && (await progressOf(deps, importId)).done.size >= job.chunkCount) {
    await finishImport(deps, job);
  } else {
    await deps.db
      .send(
        new UpdateCommand({
          TableName: deps.table,
          Key: importKeys.job(importId),
          UpdateExpression: 'SET leaseUntil = :past',
          ConditionExpression: 'leaseOwner = :owner',
          ExpressionAttributeValues: { ':past': new Date(0).toISOString(), ':owner': owner },
        }),
      )
      .catch((error: unknown) => {
        // The lease ran out and another driver took it: nothing to give back.
        if (!(error instanceof Error && error.name === 'ConditionalCheckFailedException')) throw error;
      });
  }
  return true;
}

async function finishImport(deps: CommitDeps, job: ImportJobRecord): Promise<void> {
  const { done: _done, ...result } = await progressOf(deps, job.importId);
  await deps.db
    .send(
      new UpdateCommand({
        TableName: deps.table,
        Key: importKeys.job(job.importId),
        UpdateExpression: 'SET #status = :committed, committedAt = :now, #result = :result, expiresAt = :expires REMOVE gsi2pk, gsi2sk, leaseUntil, leaseOwner',
        ConditionExpression: '#status = :committing',
        ExpressionAttributeNames: { '#status': 'status', '#result': 'result' },
        ExpressionAttributeValues: { ':committed': 'committed', ':committing': 'committing', ':now': deps.now().toISOString(), ':result': result, ':expires': epochSeconds(deps.now()) + jobLifetimeSeconds },
      }),
    )
    .catch((error: unknown) => {
      // Finished by a driver that overlapped this one.
      if (!(error instanceof Error && error.name === 'ConditionalCheckFailedException')) throw error;
    });
}

const names = (attributes: string[]) => Object.fromEntries(attributes.map((a, i) => [`#a${i}`, a]));

/** The transaction items of one staged write, first the member, then its guards. */
function itemsOf(deps: CommitDeps, job: ImportJobRecord, w: StagedWrite): TransactItem[] {
  const table = deps.table;
  const items: TransactItem[] = [];
  if (w.kind === 'added') {
    items.push({ Put: { TableName: table, Item: { ...keys.member(w.memberId), ...w.set }, ConditionExpression: 'attribute_not_exists(pk)' } });
  } else {
    const attributes = Object.keys(w.set);
    const attributeNames = names(attributes);
    const unchangedSince = w.seenUpdatedAt ? 'updatedAt = :seen' : 'attribute_not_exists(updatedAt)';
    // What the membership counters read is as previewed (a WeChat binding does not touch updatedAt).
    const counted = w.seen ? seenCondition(w.seen, 'sc') : undefined;
    items.push({
      Update: {
        TableName: table,
        Key: keys.member(w.memberId),
        UpdateExpression: `SET ${attributes.map((_, i) => `#a${i} = :a${i}`).join(', ')}`,
        ConditionExpression: `orgId = :org AND attribute_not_exists(leftOn) AND (attribute_not_exists(#st) OR #st <> :left) AND ${unchangedSince}${counted ? ` AND ${counted.condition}` : ''}`,
        ExpressionAttributeNames: { ...attributeNames, '#st': 'status', ...counted?.names },
        ExpressionAttributeValues: {
          ...Object.fromEntries(attributes.map((a, i) => [`:a${i}`, w.set[a]])),
          ':org': job.orgId,
          ':left': 'left',
          ...(w.seenUpdatedAt ? { ':seen': w.seenUpdatedAt } : {}),
          ...counted?.values,
        },
      },
    });
  }
  for (const sk of w.putMarkers) {
    items.push({
      Put: {
        TableName: table,
        Item: { ...rosterKeys.marker(job.orgId, sk), entity: 'rosterKey', orgId: job.orgId, memberId: w.memberId },
        ConditionExpression: 'attribute_not_exists(pk) OR memberId = :me',
        ExpressionAttributeValues: { ':me': w.memberId },
      },
    });
  }
  for (const sk of w.deleteMarkers) {
    items.push({ Delete: { TableName: table, Key: rosterKeys.marker(job.orgId, sk), ConditionExpression: 'memberId = :me', ExpressionAttributeValues: { ':me': w.memberId } } });
  }
  return items;
}

const skippedReason = (w: StagedWrite): string =>
  w.kind === 'added' ? '该会员的工号或身份证号已被名册中的其他记录使用（预览后名册有变化），该行未导入' : '该会员在预览后被修改或已退会，该行未导入，请重新上传核对';

/**
 * Writes one batch in one transaction with its DONE marker. A write refused because the roster changed since the
 * preview (a guard taken, a member changed or left) is left out and reported; the rest is retried without it.
 */
async function writeBatch(deps: CommitDeps, job: ImportJobRecord, n: number): Promise<void> {
  const out = await deps.db.send(new GetCommand({ TableName: deps.table, Key: stagedBatchKey(job, n) }));
  if (!out.Item) throw new Error(`import ${job.importId}: staged batch ${n} is missing (expired?)`);
  let writes = out.Item.writes as StagedWrite[];
  const skipped: RowProblemView[] = [];
  for (let attempt = 1; ; attempt += 1) {
    const perWrite = writes.map((w) => itemsOf(deps, job, w));
    // The batch's change to the membership counters, on a shard of its own number (parallel batches, other keys).
    const counters = counterWrite(deps.table, job.orgId, writes.reduce((sum, w) => (w.stats ? addDeltas(sum, w.stats) : sum), {} as Record<string, number>), n);
    const doneItem: TransactItem = {
      Put: {
        TableName: deps.table,
        Item: { ...importKeys.done(job.importId, n), entity: 'importBatchDone', written: writes.length, skipped: skipped.length, problems: skipped, expiresAt: epochSeconds(deps.now()) + jobLifetimeSeconds },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    };
    try {
      await deps.db.send(new TransactWriteCommand({ TransactItems: [...perWrite.flat(), ...counters, doneItem] }));
      return;
    } catch (error) {
      const reasons = cancellationReasons(error);
      if (!reasons) throw error;
      if (reasons[reasons.length - 1] === 'ConditionalCheckFailed') return; // done already, by another driver
      const refused = new Set<number>();
      let index = 0;
      perWrite.forEach((items, w) => {
        for (let i = 0; i < items.length; i += 1, index += 1) if (reasons[index] === 'ConditionalCheckFailed') refused.add(w);
      });
      if (refused.size === 0) {
        if (attempt >= 8) throw new DomainError('ROSTER.BUSY', { cause: error });
        await new Promise((resolve) => setTimeout(resolve, 50 * attempt + Math.random() * 100));
        continue;
      }
      for (const w of refused) {
        const write = writes[w];
        if (write) skipped.push({ row: write.row, column: '整行', message: `第 ${write.row} 行：${skippedReason(write)}` });
      }
      writes = writes.filter((_, w) => !refused.has(w));
    }
  }
}

/** The clock's task: imports whose driver went away (lease run out) are driven on; returns how many. */
export async function driveDueImports(deps: CommitDeps, now: Date): Promise<number> {
  return driveDueJobs(deps.db, deps.table, dueImports, now, commitSliceMs.clock, (item, ms) => driveImport(deps, String(item.importId), ms));
}
