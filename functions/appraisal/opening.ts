import { randomUUID } from 'node:crypto';
import { BatchGetCommand, BatchWriteCommand, GetCommand, PutCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '../storage/document-client';
import { driveDueJobs, releaseLease as giveLeaseBack, takeLease } from '../storage/lease';
import { appraisalKindLabels } from '@shared/appraisal/ballot-kinds';
import type { OpeningProgress } from '@shared/api/appraisal';
import type { Role } from '@shared/domain/org';
import { wechatDateTime } from '@shared/notify/template-values';
import { inboxItemOf } from '../notify/dispatcher';
import { grantKey } from '../notify/subscriptions';
import { cancellationReasons, ChangeRefused, commitWithNotices, outboxPut, type TransactItem } from '../notify/outbox';
import { noticeIdOf, type NoticeDraft } from '../notify/notice';
import { ttlEpochSeconds } from '../time/clock';
import { getAppraisal, markReady, putElectorate, type Voter } from './appraisal-store';
import type { AppraisalRecord } from './appraisal-record';
import { placeMarkers } from './ballot-box';
import { receiptOf } from './ballot-box-keys';
import type { AppraisalDeps } from './appraisals';
import { isConditionFailure } from '../storage/dynamo';
import { dueKey, dueKeysOf } from '../storage/due-keys';

/**
 * Opening a ballot of any size (issue 18). The request that opens a ballot only stages the roster snapshot and
 * creates the ballot `preparing`; the electorate is then written in chunks of 100 voters, and once every marker is
 * in, the ballot turns ready and the voters are told, again chunk by chunk. The work is driven in time slices by
 * whoever comes first — the opening request, the chair's page polling the ballot, a re-sent opening, and the clock
 * for a chair who closed the page — under a lease on the opening job, as the roster import does
 * (functions/roster/import-commit.ts). Every chunk is idempotent: markers are conditional puts that never touch one
 * already placed (a cast may have flipped it), names are plain re-puts of the same item, inbox items are conditional
 * on their notice id, outbox items on theirs. Nobody votes before the switch to ready (castBallot refuses
 * `preparing`).
 *
 * Items, all in the ballot's partition APPRAISAL#<id>:
 *   OPENING                  the job: snapshot id, chunk count, phase, lease; byDueTime DUE#appraisalOpening while not done
 *   SNAPSHOT#<snap>#0007     the roster snapshot, 100 voters a chunk (member ids and names; no choice, no marker id)
 *   MARKED#0007              chunk 7's markers and names are in
 *   NOTICED#0007             chunk 7's notices: planned (who holds a WeChat grant) → done
 *   NOTICE_TALLY             subscribe messages WeChat accepted (added by the dispatcher)
 *
 * DESIGN.md invariant 2 holds: the snapshot and the progress items name members but carry no choice and no marker
 * id, and nothing here is written by a cast.
 */

export const votersPerChunk = 100;
/** byDueTime: an opening job until done, under one of 16 keys by the ballot's id (storage/due-keys.ts). */
export const dueOpenings = 'DUE#appraisalOpening';
/** How long one caller drives before answering with the progress (the clock has a Lambda's minutes). */
export const openingSliceMs = { open: 2_000, poll: 3_000, clock: 30_000 };
/** Chunks written at once (their items never overlap). */
const parallelChunks = 8;
/** A driver that disappears gives its lease up after this long; the clock then picks the job up. */
const leaseSlackMs = 20_000;
/** Snapshot and progress items outlive any voting period (at most 31 days) by far. */
const stagedLifetimeSeconds = 90 * 86400;

export type OpeningPhase = OpeningProgress['phase'];

const pad = (n: number): string => String(n).padStart(4, '0');
export const openingKeys = {
  job: (appraisalId: string) => ({ pk: `APPRAISAL#${appraisalId}`, sk: 'OPENING' }),
  snapshot: (appraisalId: string, snapshotId: string, n: number) => ({ pk: `APPRAISAL#${appraisalId}`, sk: `SNAPSHOT#${snapshotId}#${pad(n)}` }),
  marked: (appraisalId: string, n: number) => ({ pk: `APPRAISAL#${appraisalId}`, sk: `MARKED#${pad(n)}` }),
  noticed: (appraisalId: string, n: number) => ({ pk: `APPRAISAL#${appraisalId}`, sk: `NOTICED#${pad(n)}` }),
  tally: (appraisalId: string) => ({ pk: `APPRAISAL#${appraisalId}`, sk: 'NOTICE_TALLY' }),
};

export interface OpeningJob {
  appraisalId: string;
  snapshotId: string;
  chunkCount: number;
  eligible: number;
  orgName: string;
  phase: OpeningPhase;
  openedBy: string;
  openedByRole: Role;
  /** When the ballot turned ready: the notices' creation time (one instant, so a redone chunk finds its items). */
  noticesAt?: string;
  /** Filled when the notices are all done, so a finished job's view needs no query. */
  noticeCounts?: { inbox: number; wechatQueued: number };
}

function toJob(item: Record<string, unknown>): OpeningJob {
  return {
    appraisalId: String(item.appraisalId),
    snapshotId: String(item.snapshotId),
    chunkCount: Number(item.chunkCount),
    eligible: Number(item.eligible),
    orgName: String(item.orgName),
    phase: item.phase as OpeningPhase,
    openedBy: String(item.openedBy),
    openedByRole: item.openedByRole as Role,
    ...(typeof item.noticesAt === 'string' ? { noticesAt: item.noticesAt } : {}),
    ...(item.noticeCounts ? { noticeCounts: item.noticeCounts as OpeningJob['noticeCounts'] } : {}),
  };
}

export async function readOpeningJob(deps: Pick<AppraisalDeps, 'db' | 'table'>, appraisalId: string): Promise<OpeningJob | undefined> {
  const out = await deps.db.send(new GetCommand({ TableName: deps.table, Key: openingKeys.job(appraisalId), ConsistentRead: true }));
  return out.Item?.entity === 'appraisalOpening' ? toJob(out.Item) : undefined;
}

/**
 * Stages the roster snapshot under a fresh snapshot id (so two copies of a request that raced never mix their
 * snapshots: the ballot's job names the one that won) and returns the job item to create with the ballot.
 */
export async function stageSnapshot(
  deps: Pick<AppraisalDeps, 'db' | 'table' | 'now'>,
  appraisalId: string,
  voters: readonly Voter[],
  opener: { memberId: string; role: Role; orgName: string },
): Promise<TransactItem> {
  const snapshotId = randomUUID().slice(0, 8);
  const chunkCount = Math.ceil(voters.length / votersPerChunk);
  const expiresAt = ttlEpochSeconds(deps.now()) + stagedLifetimeSeconds;
  const items = Array.from({ length: chunkCount }, (_, n) => ({
    ...openingKeys.snapshot(appraisalId, snapshotId, n),
    entity: 'appraisalSnapshot',
    voters: voters.slice(n * votersPerChunk, (n + 1) * votersPerChunk).map((v) => ({ m: v.memberId, n: v.name })),
    expiresAt,
  }));
  await batchPut(deps, items);
  const job = {
    ...openingKeys.job(appraisalId),
    entity: 'appraisalOpening',
    appraisalId,
    snapshotId,
    chunkCount,
    eligible: voters.length,
    orgName: opener.orgName,
    phase: 'markers' satisfies OpeningPhase,
    openedBy: opener.memberId,
    openedByRole: opener.role,
    // Due at once: if the opening request dies before its first slice, the clock starts the work.
    gsi2pk: dueKey(dueOpenings, appraisalId),
    gsi2sk: `${deps.now().toISOString()}#${appraisalId}`,
  };
  return { Put: { TableName: deps.table, Item: job, ConditionExpression: 'attribute_not_exists(pk)' } };
}

async function batchPut(deps: Pick<AppraisalDeps, 'db' | 'table'>, items: Record<string, unknown>[]): Promise<void> {
  const batches: Record<string, unknown>[][] = [];
  for (let i = 0; i < items.length; i += 25) batches.push(items.slice(i, i + 25));
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(8, batches.length) }, async () => {
      while (next < batches.length) {
        let pending = (batches[next++] as Record<string, unknown>[]).map((Item) => ({ PutRequest: { Item } }));
        for (let attempt = 0; pending.length > 0; attempt += 1) {
          if (attempt > 0) await sleep(Math.min(1000, 50 * 2 ** attempt));
          const out = await deps.db.send(new BatchWriteCommand({ RequestItems: { [deps.table]: pending } }));
          pending = (out.UnprocessedItems?.[deps.table] ?? []) as typeof pending;
        }
      }
    }),
  );
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Where a driver stops: after `ms` of its own work, or once `maxChunks` chunks were begun (tests stop it anywhere). */
export interface DriveBudget {
  ms: number;
  maxChunks?: number;
}

/**
 * Drives an opening for one budget: takes the lease, writes pending marker chunks, turns the ballot ready (with
 * its audit event) when all are in, then writes pending notice chunks, and finishes the job. Each phase gets at
 * least one round of chunks per drive, so a small ballot is open and its voters told by the request that opened it.
 * Returns false when someone else holds the lease (or nothing is left to do).
 */
export async function driveOpening(deps: AppraisalDeps, appraisalId: string, budget: DriveBudget): Promise<boolean> {
  const started = performance.now();
  const lease = await takeLease(deps.db, deps.table, {
    key: openingKeys.job(appraisalId),
    id: appraisalId,
    ms: budget.ms,
    slackMs: leaseSlackMs,
    now: deps.now(),
    condition: 'phase IN (:markers, :notices)',
    values: { ':markers': 'markers', ':notices': 'notices' },
  });
  if (!lease) return false;
  const { owner } = lease;
  let job = toJob(lease.item);

  let begun = 0;
  const firstRound = Math.min(parallelChunks, budget.maxChunks ?? parallelChunks);
  const spent = () => performance.now() - started >= budget.ms || (budget.maxChunks !== undefined && begun >= budget.maxChunks);
  const record = await getAppraisal(deps.db, deps.table, appraisalId, true);
  if (!record || record.annulment) {
    // Annulled while preparing (or telling): nothing more to write, and no voter to call to a void ballot.
    await endJob(deps, job, 'cancelled');
    return true;
  }

  if (job.phase === 'markers') {
    const marked = await chunksDone(deps, appraisalId, 'MARKED#');
    const pending = range(job.chunkCount).filter((n) => !marked.has(n));
    await runChunks(pending, firstRound, spent, async (n) => {
      begun += 1;
      await writeMarkerChunk(deps, job, record, n);
    });
    if (pending.length > 0 || (await chunksDone(deps, appraisalId, 'MARKED#')).size < job.chunkCount) return releaseLease(deps, appraisalId, owner);
    job = await finishMarkers(deps, job, record);
    // Finished by an overlapping driver, or annulled meanwhile (the next drive cancels the job).
    if (job.phase !== 'notices') return releaseLease(deps, appraisalId, owner);
  }

  if (job.phase === 'notices') {
    const noticed = await chunksDone(deps, appraisalId, 'NOTICED#', 'done');
    const pending = range(job.chunkCount).filter((n) => !noticed.has(n));
    await runChunks(pending, firstRound, spent, async (n) => {
      begun += 1;
      await writeNoticeChunk(deps, job, record, n);
    });
    if (pending.length > 0) return releaseLease(deps, appraisalId, owner);
    const counts = await noticeCounts(deps, appraisalId);
    if (counts.chunks < job.chunkCount) return releaseLease(deps, appraisalId, owner);
    await endJob(deps, job, 'done', { inbox: counts.inbox, wechatQueued: counts.wechatQueued });
  }
  return true;
}

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

/**
 * Takes chunks off `pending` with a few workers side by side: the first round (one chunk per worker, or `maxChunks`
 * if fewer) always, then until none is left or the budget is spent — so a ballot of up to 800 voters is open, and
 * told, after one drive.
 */
async function runChunks(pending: number[], firstRound: number, spent: () => boolean, write: (n: number) => Promise<void>): Promise<void> {
  let started = 0;
  await Promise.all(
    Array.from({ length: parallelChunks }, async () => {
      while (pending.length > 0 && (started < firstRound || !spent())) {
        started += 1;
        await write(pending.shift() as number);
      }
    }),
  );
}

const releaseLease = (deps: AppraisalDeps, appraisalId: string, owner: string): Promise<true> => giveLeaseBack(deps.db, deps.table, openingKeys.job(appraisalId), owner);

async function endJob(deps: AppraisalDeps, job: OpeningJob, phase: 'done' | 'cancelled', counts?: OpeningJob['noticeCounts']): Promise<void> {
  await deps.db
    .send(
      new UpdateCommand({
        TableName: deps.table,
        Key: openingKeys.job(job.appraisalId),
        UpdateExpression: `SET phase = :phase${counts ? ', noticeCounts = :counts' : ''} REMOVE gsi2pk, gsi2sk, leaseUntil, leaseOwner`,
        ConditionExpression: 'phase = :was',
        ExpressionAttributeValues: { ':phase': phase, ':was': job.phase, ...(counts ? { ':counts': counts } : {}) },
      }),
    )
    .catch((error: unknown) => {
      // Ended by a driver that overlapped this one.
      if (!isConditionFailure(error)) throw error;
    });
}

/** The chunk numbers with a progress item under `prefix` (in `state`, when given). */
async function chunksDone(deps: AppraisalDeps, appraisalId: string, prefix: 'MARKED#' | 'NOTICED#', state?: string): Promise<Set<number>> {
  const done = new Set<number>();
  for (const item of await progressItems(deps, appraisalId, prefix)) if (!state || item.state === state) done.add(Number(String(item.sk).slice(prefix.length)));
  return done;
}

async function progressItems(deps: Pick<AppraisalDeps, 'db' | 'table'>, appraisalId: string, prefix: string): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const out = await deps.db.send(
      new QueryCommand({
        TableName: deps.table,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': openingKeys.job(appraisalId).pk, ':prefix': prefix },
        ProjectionExpression: 'sk, members, #state, inbox, wechat',
        ExpressionAttributeNames: { '#state': 'state' },
        ConsistentRead: true,
        ExclusiveStartKey: start,
      }),
    );
    items.push(...(out.Items ?? []));
    start = out.LastEvaluatedKey;
  } while (start);
  return items;
}

async function snapshotChunk(deps: AppraisalDeps, job: OpeningJob, n: number): Promise<Voter[]> {
  const out = await deps.db.send(new GetCommand({ TableName: deps.table, Key: openingKeys.snapshot(job.appraisalId, job.snapshotId, n), ConsistentRead: true }));
  if (!out.Item) throw new Error(`appraisal ${job.appraisalId}: snapshot chunk ${n} is missing`);
  return (out.Item.voters as { m: string; n: string }[]).map((v) => ({ memberId: v.m, name: v.n, orgName: job.orgName }));
}

/** One chunk's markers (only where none is yet), its names, then its MARKED item: redone whole after a crash. */
async function writeMarkerChunk(deps: AppraisalDeps, job: OpeningJob, record: AppraisalRecord, n: number): Promise<void> {
  const voters = await snapshotChunk(deps, job, n);
  await placeMarkers(deps.box, job.appraisalId, voters.map((v) => receiptOf(deps.receiptKey, job.appraisalId, v.memberId)));
  await putElectorate(deps.db, deps.table, record, voters);
  await deps.db.send(new PutCommand({ TableName: deps.table, Item: { ...openingKeys.marked(job.appraisalId, n), entity: 'appraisalOpeningChunk', members: voters.length } }));
}

/** Every marker is in: the ballot turns ready and the job moves to the notices, with the audit event, at once. */
async function finishMarkers(deps: AppraisalDeps, job: OpeningJob, record: AppraisalRecord): Promise<OpeningJob> {
  const now = deps.now();
  try {
    await commitWithNotices(
      deps.db,
      deps.table,
      {
        writes: [
          markReady(deps.table, record),
          {
            Update: {
              TableName: deps.table,
              Key: openingKeys.job(job.appraisalId),
              UpdateExpression: 'SET phase = :notices, noticesAt = :now',
              ConditionExpression: 'phase = :markers',
              ExpressionAttributeValues: { ':notices': 'notices', ':markers': 'markers', ':now': now.toISOString() },
            },
          },
        ],
        audit: [
          {
            subjectType: 'appraisal',
            subjectId: job.appraisalId,
            scopePath: record.orgPath,
            action: 'ballot.opened',
            actor: { memberId: job.openedBy, role: job.openedByRole },
            data: { kind: record.kind, year: record.year, eligible: record.eligible, opensAt: record.opensAt, closesAt: record.closesAt, rulesetId: record.rulesetId },
          },
        ],
      },
      now,
    );
  } catch (error) {
    // Finished by an overlapping driver, or annulled meanwhile: go on with what is stored.
    if (!(error instanceof ChangeRefused)) throw error;
  }
  return (await readOpeningJob(deps, job.appraisalId)) ?? job;
}

export const openedEventId = (appraisalId: string): string => `appraisal#${appraisalId}#opened`;

/**
 * Notices at scale: every voter of the chunk gets the inbox item (exactly once: a conditional put with the unread
 * counter, 50 voters a transaction), and only voters holding a one-time grant for the template get an outbox item,
 * which the dispatcher turns into one WeChat subscribe message (and nothing in the inbox: it is there already).
 * Who holds a grant is fixed the first time the chunk is planned, so a redone chunk counts the same voters.
 *
 * WeChat's limits, as its documentation states them for subscribeMessage.send ("接口限制 — 次数限制：开通支付能力的是
 * 3kw/日，没开通的是1kw/日"): 10 million sends a day for an account without WeChat Pay, which we assume (30 million
 * with it); each one-time grant allows one message (43101 when none is held). WeChat documents no per-second limit
 * that we could find; 45009 means the daily quota is spent. The dispatcher sends one message per notice; at the
 * quota assumed a day's sends cover 200 ballots of 50,000 subscribers.
 */
async function writeNoticeChunk(deps: AppraisalDeps, job: OpeningJob, record: AppraisalRecord, n: number): Promise<void> {
  const key = openingKeys.noticed(job.appraisalId, n);
  const existing = (await deps.db.send(new GetCommand({ TableName: deps.table, Key: key, ConsistentRead: true }))).Item;
  if (existing?.state === 'done') return;
  const voters = await snapshotChunk(deps, job, n);
  let subscribers: string[];
  if (existing) subscribers = (existing.wechat ?? []) as string[];
  else {
    subscribers = await grantHolders(deps, voters.map((v) => v.memberId));
    try {
      await deps.db.send(
        new PutCommand({
          TableName: deps.table,
          Item: { ...key, entity: 'appraisalOpeningChunk', state: 'planned', inbox: voters.length, wechat: subscribers },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      const planned = (await deps.db.send(new GetCommand({ TableName: deps.table, Key: key, ConsistentRead: true }))).Item;
      subscribers = (planned?.wechat ?? []) as string[];
    }
  }
  const at = new Date(job.noticesAt ?? deps.now().toISOString());
  const draftOf = (memberId: string): NoticeDraft => ({
    eventId: openedEventId(job.appraisalId),
    recipientId: memberId,
    templateKey: 'appraisal.opened',
    params: {
      kind: appraisalKindLabels[record.kind],
      title: record.title,
      opens: wechatDateTime(new Date(record.opensAt)),
      closes: wechatDateTime(new Date(record.closesAt)),
      appraisalId: record.appraisalId,
    },
  });
  for (let i = 0; i < voters.length; i += 50) await putInboxItems(deps, voters.slice(i, i + 50).map((v) => draftOf(v.memberId)), at);
  await Promise.all(subscribers.map((memberId) => queueSubscribeMessage(deps, job.appraisalId, draftOf(memberId), at)));
  await deps.db.send(new UpdateCommand({ TableName: deps.table, Key: key, UpdateExpression: 'SET #state = :done', ExpressionAttributeNames: { '#state': 'state' }, ExpressionAttributeValues: { ':done': 'done' } }));
}

/** The members among `memberIds` who hold a one-time grant for the opening notice. */
async function grantHolders(deps: AppraisalDeps, memberIds: readonly string[]): Promise<string[]> {
  const holders: string[] = [];
  let keys = memberIds.map((m) => grantKey(m, 'appraisal.opened'));
  for (let attempt = 0; keys.length > 0; attempt += 1) {
    if (attempt > 0) await sleep(Math.min(1000, 50 * 2 ** attempt));
    const out = await deps.db.send(new BatchGetCommand({ RequestItems: { [deps.table]: { Keys: keys, ProjectionExpression: 'pk, remaining' } } }));
    for (const item of out.Responses?.[deps.table] ?? []) if (Number(item.remaining ?? 0) > 0) holders.push(String(item.pk).slice('MEMBER#'.length));
    keys = (out.UnprocessedKeys?.[deps.table]?.Keys ?? []) as typeof keys;
  }
  return holders;
}

/** Inbox items and unread counts for up to 50 voters in one transaction; those already told are left out. */
async function putInboxItems(deps: AppraisalDeps, drafts: NoticeDraft[], at: Date): Promise<void> {
  let pending = drafts;
  for (let attempt = 1; pending.length > 0; attempt += 1) {
    try {
      await deps.db.send(new TransactWriteCommand({ TransactItems: pending.flatMap((d) => inboxItemOf(deps.table, { noticeId: noticeIdOf(d), recipientId: d.recipientId, templateKey: d.templateKey, params: d.params, createdAt: at.toISOString() })) }));
      return;
    } catch (error) {
      const reasons = cancellationReasons(error);
      if (!reasons || attempt >= 10) throw error;
      // Two items per voter: the inbox item (conditional) and the unread counter.
      pending = pending.filter((_, i) => reasons[2 * i] !== 'ConditionalCheckFailed');
      if (reasons.some((r) => r === 'TransactionConflict' || r === 'ThrottlingError')) await sleep(10 * attempt);
    }
  }
}

/** The subscribe message of one voter, queued once (by notice id) for the dispatcher, which counts it once sent. */
async function queueSubscribeMessage(deps: AppraisalDeps, appraisalId: string, draft: NoticeDraft, at: Date): Promise<void> {
  const put = outboxPut(deps.table, draft, at).Put;
  if (!put) return;
  try {
    await deps.db.send(new PutCommand({ ...put, Item: { ...put.Item, inbox: 'delivered', tally: openingKeys.tally(appraisalId) } }));
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
  }
}

async function noticeCounts(deps: Pick<AppraisalDeps, 'db' | 'table'>, appraisalId: string): Promise<{ chunks: number; inbox: number; wechatQueued: number }> {
  const counts = { chunks: 0, inbox: 0, wechatQueued: 0 };
  for (const item of await progressItems(deps, appraisalId, 'NOTICED#')) {
    if (item.state !== 'done') continue;
    counts.chunks += 1;
    counts.inbox += Number(item.inbox ?? 0);
    counts.wechatQueued += Array.isArray(item.wechat) ? item.wechat.length : 0;
  }
  return counts;
}

/** What the chair sees of an opening: voters written of all, and how many were told, queued and sent on WeChat. */
export async function openingProgress(deps: Pick<AppraisalDeps, 'db' | 'table'>, appraisalId: string): Promise<OpeningProgress | null> {
  const job = await readOpeningJob(deps, appraisalId);
  if (!job) return null;
  const prepared =
    job.phase === 'markers' ? (await progressItems(deps, appraisalId, 'MARKED#')).reduce((sum, i) => sum + Number(i.members ?? 0), 0) : job.eligible;
  const told = job.noticeCounts ?? (job.phase === 'notices' ? await noticeCounts(deps, appraisalId) : { inbox: 0, wechatQueued: 0 });
  const tally = await deps.db.send(new GetCommand({ TableName: deps.table, Key: openingKeys.tally(appraisalId) }));
  return {
    phase: job.phase,
    prepared,
    total: job.eligible,
    notices: { inbox: told.inbox, wechatQueued: told.wechatQueued, wechatSent: Number(tally.Item?.sent ?? 0) },
  };
}

/** The clock's task: openings whose driver went away (or never came) are driven on; returns how many. */
export async function driveDueOpenings(deps: AppraisalDeps, now: Date): Promise<number> {
  return driveDueJobs(deps.db, deps.table, dueKeysOf(dueOpenings), now, openingSliceMs.clock, (item, ms) =>
    driveOpening(deps, String(item.appraisalId), { ms, maxChunks: deps.openingMaxChunks }),
  );
}
