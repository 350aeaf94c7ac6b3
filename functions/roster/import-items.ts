import type { DynamoDBDocumentClient } from '../storage/document-client';
import type { ImportCounts, ImportJob, ImportStatus, RowProblemView } from '@shared/api/roster';
import type { EvidenceStore } from '../evidence/evidence-store';
import type { PersonalDataCipher } from '../privacy/personal-data';
import { ttlEpochSeconds } from '../time/clock';
import type { SeenEntry } from './roster-stats';

/** What the roster functions need: the table, the personal-data cipher, and a clock (tests move it). */
export interface RosterDeps {
  db: DynamoDBDocumentClient;
  table: string;
  cipher: PersonalDataCipher;
  now: () => Date;
  /** The file store a roster file is posted to before its preview (functions/roster/import-upload.ts). */
  files?: EvidenceStore;
}

/**
 * An import's items, all in one partition (IMPORT#<importId>):
 *   JOB               the job: status, counts, the first problems, progress; byDueTime DUE#rosterPreview while
 *                     previewing, DUE#rosterImport while committing
 *   ROWS#0007         the file's checked rows 7000–7999, sealed (AES-GCM over deflated JSON: numbers in clear never
 *                     lie in the table); TTL 24 h (functions/roster/preview-driver.ts)
 *   ROSTER#0007       the existing roster as the preview matches against it, 500 entries a page (hashes, no numbers)
 *   KEYS#0007         the union's uniqueness guards, 2,000 a page
 *   PLANNED#0007      rows chunk 7 is planned: its counts, first problems and changes, how many batches it staged
 *   CHUNK#0007-012    staged writes of one batch (ciphertexts and hashes only, never a number in clear); TTL 24 h
 *   DONE#0007         written in the same transaction as the batch's members: the batch is done, exactly once
 */
const pad = (n: number): string => String(n).padStart(4, '0');
export const importKeys = {
  job: (importId: string) => ({ pk: `IMPORT#${importId}`, sk: 'JOB' }),
  rows: (importId: string, n: number) => ({ pk: `IMPORT#${importId}`, sk: `ROWS#${pad(n)}` }),
  rosterPage: (importId: string, n: number) => ({ pk: `IMPORT#${importId}`, sk: `ROSTER#${pad(n)}` }),
  keysPage: (importId: string, n: number) => ({ pk: `IMPORT#${importId}`, sk: `KEYS#${pad(n)}` }),
  planned: (importId: string, n: number) => ({ pk: `IMPORT#${importId}`, sk: `PLANNED#${pad(n)}` }),
  /** Batch `i` staged by rows chunk `n`. */
  chunk: (importId: string, n: number, i: number) => ({ pk: `IMPORT#${importId}`, sk: `CHUNK#${pad(n)}-${String(i).padStart(3, '0')}` }),
  done: (importId: string, n: number) => ({ pk: `IMPORT#${importId}`, sk: `DONE#${pad(n)}` }),
};
export const dueImports = 'DUE#rosterImport';
export const duePreviews = 'DUE#rosterPreview';

/**
 * The staged batch the commit numbers `n` (0 … chunkCount − 1, in row order): batches are staged per rows chunk,
 * `batchCounts[c]` of them by chunk c, so batch n is the (n − batches before c)-th of the chunk holding it.
 */
export function stagedBatchKey(job: Pick<ImportJobRecord, 'importId' | 'batchCounts'>, n: number): { pk: string; sk: string } {
  let before = 0;
  for (const [chunk, count] of job.batchCounts.entries()) {
    if (n < before + count) return importKeys.chunk(job.importId, chunk, n - before);
    before += count;
  }
  throw new Error(`import ${job.importId}: no staged batch ${n}`);
}

/** Staged rows live a day; a preview may be committed for 23 hours of it. Jobs and their results stay 30 days. */
export const stagedLifetimeSeconds = 24 * 60 * 60;
export const previewLifetimeMs = 23 * 60 * 60 * 1000;
export const jobLifetimeSeconds = 30 * 24 * 60 * 60;
/** `date` in epoch seconds for the table's TTL attribute (in the table's clock: functions/time/clock.ts). */
export const epochSeconds = (date: Date): number => ttlEpochSeconds(date);

/** One member write, prepared at preview time and replayed unchanged at commit time. */
export interface StagedWrite {
  row: number;
  memberId: string;
  kind: 'added' | 'updated';
  /** Attributes to set on the member item (for an added member: the whole item but its keys). */
  set: Record<string, unknown>;
  /** updated: the entry's updatedAt when previewed (null: never set); the write is refused if it changed since. */
  seenUpdatedAt?: string | null;
  /** Uniqueness guards (ROSTERKEY#<orgId> sort keys) to take for this member, and ones to give up. */
  putMarkers: string[];
  deleteMarkers: string[];
  /** The write's change to the union's membership counters (functions/roster/roster-stats.ts), if any. */
  stats?: Record<string, number>;
  /** updated: what the counters read of the entry when previewed; the write is refused if it changed since. */
  seen?: SeenEntry;
}

/** Items a staged write takes in a transaction. */
export const itemsOfWrite = (w: StagedWrite): number => 1 + w.putMarkers.length + w.deleteMarkers.length;
/** DynamoDB's limit is 100 items per transaction; one is the batch's DONE marker, one its counter write. */
export const maxItemsPerBatch = 98;

export interface ImportResult {
  written: number;
  skipped: number;
  commitProblems: RowProblemView[];
}

export interface ImportJobRecord {
  importId: string;
  orgId: string;
  orgPath: string;
  fileName: string;
  status: ImportStatus;
  createdAt: string;
  createdBy: string;
  counts: ImportCounts;
  problems: RowProblemView[];
  problemCount: number;
  changes: ImportJob['changes'];
  /** Batches staged for the commit, in row order (the sum of batchCounts). */
  chunkCount: number;
  /** Batches staged by each rows chunk of the preview. */
  batchCounts: number[];
  /** Rows to write: added + updated. */
  toWrite: number;
  previewExpiresAt: string;
  /** previewing: rows of the file checked so far (of counts.total). */
  rowsChecked?: number;
  confirmedAt?: string;
  confirmedBy?: string;
  committedAt?: string;
  result?: ImportResult;
}

export function toJobRecord(item: Record<string, unknown>): ImportJobRecord {
  return {
    importId: String(item.importId),
    orgId: String(item.orgId),
    orgPath: String(item.orgPath),
    fileName: String(item.fileName),
    status: item.status as ImportStatus,
    createdAt: String(item.createdAt),
    createdBy: String(item.createdBy),
    counts: item.counts as ImportCounts,
    problems: (item.problems ?? []) as RowProblemView[],
    problemCount: Number(item.problemCount ?? 0),
    changes: (item.changes ?? []) as ImportJob['changes'],
    chunkCount: Number(item.chunkCount ?? 0),
    batchCounts: Array.isArray(item.batchCounts) ? item.batchCounts.map(Number) : [],
    toWrite: Number(item.toWrite ?? 0),
    previewExpiresAt: String(item.previewExpiresAt),
    ...(item.rowsChecked !== undefined ? { rowsChecked: Number(item.rowsChecked) } : {}),
    ...(typeof item.confirmedAt === 'string' ? { confirmedAt: item.confirmedAt } : {}),
    ...(typeof item.confirmedBy === 'string' ? { confirmedBy: item.confirmedBy } : {}),
    ...(typeof item.committedAt === 'string' ? { committedAt: item.committedAt } : {}),
    ...(item.result ? { result: item.result as ImportResult } : {}),
  };
}

/**
 * The API's view of a job; `progress` of a job still committing comes from its DONE markers, that of a job still
 * previewing counts the file's rows checked so far.
 */
export function jobView(job: ImportJobRecord, progress: ImportResult): ImportJob {
  const result = job.result ?? progress;
  const checking = job.status === 'previewing';
  return {
    importId: job.importId,
    orgId: job.orgId,
    fileName: job.fileName,
    status: job.status,
    createdAt: job.createdAt,
    counts: job.counts,
    problems: job.problems,
    problemCount: job.problemCount,
    changes: job.changes,
    progress: checking ? { processed: job.rowsChecked ?? 0, total: job.counts.total, skipped: 0 } : { processed: result.written + result.skipped, total: job.toWrite, skipped: result.skipped },
    commitProblems: result.commitProblems,
    previewExpiresAt: job.previewExpiresAt,
    ...(job.committedAt ? { committedAt: job.committedAt } : {}),
  };
}
