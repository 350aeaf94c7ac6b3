import { createHash, randomUUID } from 'node:crypto';
import { GetCommand, PutCommand } from '../storage/document-client';
import { maxImportRows, maxInlineImportBytes, type ImportJob, type ImportUploadRequest } from '@shared/api/roster';
import { formatShanghaiDate } from '@shared/calendar/shanghai-date';
import type { Org } from '@shared/domain/org';
import { DomainError, errorMessages } from '@shared/errors';
import { readRosterTable } from '@shared/roster/roster-rows';
import type { Actor } from '../scope/scope';
import { isConditionFailure } from '../storage/dynamo';
import { readSheetRows } from './excel';
import { epochSeconds, importKeys, jobLifetimeSeconds, previewLifetimeMs, stagedLifetimeSeconds, toJobRecord, type ImportJobRecord, type RosterDeps } from './import-items';
import { shownProblems } from './import-plan';
import { importedFileBytes, refuseForeignKey, removeImportedFile } from './import-upload';
import { batchWrite, duePreviewJob, importJobStatus, previewSliceMs, rowsPerChunk, sealRows, smallPreview } from './preview-driver';
import { subOrgsOf } from './roster-store';

export const newMemberId = (orgId: string): string => `${orgId}-${randomUUID().replace(/-/g, '').slice(0, 12)}`;

/** The file bytes, refused before decoding when the base64 text alone says the file is too large. */
export function decodeUpload(contentBase64: string): Buffer {
  const base64 = contentBase64.replace(/^data:[^,]*,/, '').replace(/\s+/g, '');
  if (Math.floor((base64.length * 3) / 4) - (base64.endsWith('==') ? 2 : base64.endsWith('=') ? 1 : 0) > maxInlineImportBytes) {
    throw new DomainError('ROSTER.FILE_TOO_LARGE');
  }
  if (!/^[A-Za-z0-9+/_-]*={0,2}$/.test(base64)) {
    throw new DomainError('REQUEST.INVALID', { message: '请求内容有误：文件内容（contentBase64）不是有效的 base64', details: [{ path: 'contentBase64', message: '文件内容（contentBase64）不是有效的 base64' }] });
  }
  return Buffer.from(base64, 'base64');
}

/**
 * The import of a file posted to the file store: one per key (a ticket's key is new for each file chosen), so an
 * upload request sent again — cut off, or retried by the phone — finds the preview its first copy began.
 */
const importIdOfKey = (orgId: string, key: string): string => {
  const hex = createHash('sha256').update(`roster-import\n${orgId}\n${key}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
};

/**
 * Reads an uploaded roster file and begins its preview. This request reads the file once (an .xlsx is a zip whose
 * sheet is read whole) and checks every row — a file that cannot be read, lacks a column or holds no member is
 * refused here, naming what is wrong — then stages the checked rows, sealed, 1,000 to an item, and creates the job
 * `previewing`; the file is deleted from the store as soon as its rows are staged. Matching the rows against the
 * roster and staging the prepared writes then runs in chunks (functions/roster/preview-driver.ts), driven first by
 * this request: a file of up to 2,000 rows answers previewed (or invalid) as before, a larger one `previewing` with
 * its progress, moved on by the page's polls and the clock. Nothing on the roster changes here.
 */
export async function previewImport(deps: RosterDeps, actor: Actor, union: Org, upload: ImportUploadRequest): Promise<ImportJob> {
  const now = deps.now();
  let importId: string = randomUUID();
  if (upload.key !== undefined) {
    refuseForeignKey(union, upload.key);
    importId = importIdOfKey(union.orgId, upload.key);
    const begun = (await deps.db.send(new GetCommand({ TableName: deps.table, Key: importKeys.job(importId), ConsistentRead: true }))).Item;
    if (begun && begun.orgId === union.orgId) return importJobStatus(deps, toJobRecord(begun), previewSliceMs.upload);
  }
  const files = deps.files;
  if (upload.key !== undefined && !files) throw new Error('roster imports by key need the file store (RosterDeps.files)');
  const bytes = upload.key !== undefined && files ? await importedFileBytes(files, union, upload.key) : decodeUpload(upload.contentBase64 ?? '');
  let job: ImportJobRecord;
  let smallFile: boolean;
  try {
    ({ job, smallFile } = await stageRows(deps, actor, union, upload.fileName, importId, bytes, now));
  } catch (error) {
    // A refused file is deleted at once; after a failure of our own it stays for the request to be sent again.
    if (error instanceof DomainError && upload.key !== undefined && files) await removeImportedFile(files, union, upload.key);
    throw error;
  }
  if (upload.key !== undefined && files) await removeImportedFile(files, union, upload.key);
  return importJobStatus(deps, job, smallFile ? smallPreview.ms : previewSliceMs.upload);
}

/** Reads and checks the file, stages its checked rows sealed in chunks, then creates the job (last: a job that exists has all its rows). */
async function stageRows(deps: RosterDeps, actor: Actor, union: Org, fileName: string, importId: string, bytes: Buffer, now: Date): Promise<{ job: ImportJobRecord; smallFile: boolean }> {
  const [sheetRows, subOrgs] = await Promise.all([readSheetRows(bytes), subOrgsOf(deps.db, deps.table, union)]);
  const read = readRosterTable(sheetRows, { subOrgs, today: formatShanghaiDate(now), maxRows: maxImportRows });
  if (!read.ok) {
    throw new DomainError('ROSTER.FILE_INVALID', {
      message: `${errorMessages['ROSTER.FILE_INVALID']}：${read.problems.map((p) => p.message).join('；')}`,
      details: read.problems.map((p) => ({ path: p.column, message: p.message })),
    });
  }
  if (read.total === 0) throw new DomainError('ROSTER.FILE_EMPTY');

  const stagedUntil = epochSeconds(now) + stagedLifetimeSeconds;
  const rowChunks = Math.ceil(read.rows.length / rowsPerChunk);
  await batchWrite(
    deps,
    Array.from({ length: rowChunks }, (_, n) => {
      const rows = read.rows.slice(n * rowsPerChunk, (n + 1) * rowsPerChunk);
      return { PutRequest: { Item: { ...importKeys.rows(importId, n), entity: 'importRows', rows: rows.length, data: sealRows(deps.cipher, rows), expiresAt: stagedUntil } } };
    }),
  );
  const job: ImportJobRecord = {
    importId,
    orgId: union.orgId,
    orgPath: union.path,
    fileName,
    status: 'previewing',
    createdAt: now.toISOString(),
    createdBy: actor.memberId,
    counts: { total: read.total, added: 0, updated: 0, unchanged: 0, errors: 0 },
    problems: [],
    problemCount: 0,
    changes: [],
    chunkCount: 0,
    batchCounts: [],
    toWrite: 0,
    previewExpiresAt: new Date(now.getTime() + previewLifetimeMs).toISOString(),
    rowsChecked: read.total - read.rows.length,
  };
  const preview = {
    phase: 'roster',
    columns: read.columns,
    checkedRows: read.rows.length,
    rowChunks,
    readProblems: read.problems.slice(0, shownProblems),
    readProblemCount: read.problems.length,
    readErrorRows: new Set(read.problems.map((p) => p.row)).size,
    rosterPages: 0,
    keysPages: 0,
    stagedUntil,
  };
  try {
    await deps.db.send(
      new PutCommand({
        TableName: deps.table,
        Item: { ...importKeys.job(importId), entity: 'importJob', ...job, ...preview, ...duePreviewJob(importId, now), expiresAt: epochSeconds(now) + jobLifetimeSeconds },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  } catch (error) {
    // The same upload sent twice at once: the other copy's job stands (its rows are the same).
    if (!isConditionFailure(error)) throw error;
  }
  return { job, smallFile: read.total <= smallPreview.rows };
}
