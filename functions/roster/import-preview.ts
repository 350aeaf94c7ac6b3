import { randomUUID } from 'node:crypto';
import { BatchWriteCommand, PutCommand, QueryCommand } from '../storage/document-client';
import { maxImportRows, maxInlineImportBytes, type ImportJob, type ImportUploadRequest, type RowProblemView } from '@shared/api/roster';
import { formatShanghaiDate } from '@shared/calendar/shanghai-date';
import type { Org } from '@shared/domain/org';
import { DomainError, errorMessages } from '@shared/errors';
import { rosterColumnOf, type RosterColumnKey } from '@shared/roster/roster-columns';
import { readRosterTable, type RosterRow } from '@shared/roster/roster-rows';
import type { Actor } from '../scope/scope';
import { readSheetRows } from './excel';
import {
  epochSeconds,
  importKeys,
  itemsOfWrite,
  jobLifetimeSeconds,
  jobView,
  maxItemsPerBatch,
  previewLifetimeMs,
  stagedLifetimeSeconds,
  type ImportJobRecord,
  type RosterDeps,
  type StagedWrite,
} from './import-items';
import { importedFileBytes } from './import-upload';
import { idNumberHashOf, phoneHashOf, protectIdNumber, protectPhone } from './protect';
import { rosterIndexKeys, rosterKeys, rosterMembers, subOrgsOf, type StoredMember } from './roster-store';
import { markCountedWhenComplete, seenOf, statsChange } from './roster-stats';

/** The job keeps this many problems and changed rows to show; the counts cover all of them. */
const shownProblems = 200;
const shownChanges = 20;
/** BatchWrite requests in flight while staging. */
const stagingWriters = 8;

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

/** The file of the request: posted to the file store (`key`, read once) or inline (`contentBase64`). */
async function uploadedBytes(deps: RosterDeps, union: Org, upload: ImportUploadRequest): Promise<Buffer> {
  if (upload.key !== undefined) {
    if (!deps.files) throw new Error('roster imports by key need the file store (RosterDeps.files)');
    return importedFileBytes(deps.files, union, upload.key);
  }
  return decodeUpload(upload.contentBase64 ?? '');
}

interface Plan {
  writes: StagedWrite[];
  problems: RowProblemView[];
  added: number;
  updated: number;
  unchanged: number;
  changes: ImportJob['changes'];
}

const problemAt = (row: number, column: RosterColumnKey, reason: string): RowProblemView => {
  const header = rosterColumnOf[column].header;
  return { row, column: header, message: `第 ${row} 行「${header}」${reason}` };
};

/**
 * Matches each checked row against the roster (by 工号, or by the keyed hash of the ID number) and the union's
 * uniqueness guards, and prepares the writes: a new member, the changed fields of an existing one, or nothing.
 * A row that would touch a member who left, or whose 工号 and ID number point at two different members, is a
 * problem. Numbers are encrypted and hashed here; nothing in clear leaves this function.
 */
function planImport(deps: RosterDeps, importId: string, union: Org, rows: RosterRow[], columns: readonly RosterColumnKey[], existing: StoredMember[], markers: Map<string, string>, now: string): Plan {
  const { cipher } = deps;
  const byEmployeeNo = new Map<string, StoredMember>();
  const byIdHash = new Map<string, StoredMember>();
  const byId = new Map<string, StoredMember>();
  // The guards each member holds, so that giving up old ones costs per row, not per guard of the roster (was O(n²)).
  const heldBy = new Map<string, string[]>();
  for (const [sk, holder] of markers) heldBy.set(holder, [...(heldBy.get(holder) ?? []), sk]);
  for (const m of existing) {
    if (m.employeeNo) byEmployeeNo.set(m.employeeNo.toUpperCase(), m);
    if (m.idNumberHash) byIdHash.set(m.idNumberHash, m);
    byId.set(m.memberId, m);
  }
  const plan: Plan = { writes: [], problems: [], added: 0, updated: 0, unchanged: 0, changes: [] };
  const has = (key: RosterColumnKey) => columns.includes(key);

  for (const row of rows) {
    const idHash = row.idNumber ? idNumberHashOf(cipher, row.idNumber) : undefined;
    const byEmp = row.employeeNo ? byEmployeeNo.get(row.employeeNo) : undefined;
    const byIdn = idHash ? byIdHash.get(idHash) : undefined;
    if (byEmp && byIdn && byEmp.memberId !== byIdn.memberId) {
      plan.problems.push(problemAt(row.row, 'idNumber', `属于名册中的另一名会员（${byIdn.name}），与「工号」${row.employeeNo ?? ''} 对应的会员（${byEmp.name}）不是同一人`));
      continue;
    }
    const match = byEmp ?? byIdn;
    if (match?.status === 'left') {
      plan.problems.push(problemAt(row.row, byEmp ? 'employeeNo' : 'idNumber', `对应的会员（${match.name}）已于 ${match.leftOn ?? ''} 退会；重新入会请在会员名册中逐个添加`));
      continue;
    }
    const memberId = match?.memberId ?? newMemberId(union.orgId);
    const wantedKeys = [
      ...(row.employeeNo ?? match?.employeeNo ? [rosterKeys.markerSk('EMP', (row.employeeNo ?? match?.employeeNo ?? '').toUpperCase())] : []),
      ...(idHash ?? match?.idNumberHash ? [rosterKeys.markerSk('ID', idHash ?? match?.idNumberHash ?? '')] : []),
    ];
    const heldByOther = wantedKeys.find((sk) => {
      const holder = markers.get(sk);
      return holder !== undefined && holder !== memberId && byId.get(holder)?.status !== 'left';
    });
    if (heldByOther) {
      const column = heldByOther.startsWith('EMP#') ? 'employeeNo' : 'idNumber';
      plan.problems.push(problemAt(row.row, column, '已被名册中的另一条记录使用，请核对'));
      continue;
    }
    const putMarkers = wantedKeys.filter((sk) => markers.get(sk) !== memberId);

    if (!match) {
      const set: Record<string, unknown> = {
        entity: 'member',
        memberId,
        name: row.name,
        orgId: union.orgId,
        ...rosterIndexKeys(union.orgId, row.name, memberId),
        ...(row.subOrgId ? { subOrgId: row.subOrgId } : {}),
        ...(row.employeeNo ? { employeeNo: row.employeeNo } : {}),
        ...(row.gender ? { gender: row.gender } : {}),
        isMigrantWorker: row.isMigrantWorker ?? false,
        isDispatchedWorker: row.isDispatchedWorker ?? false,
        joinedOn: row.joinedOn,
        status: 'active',
        ...(row.phone ? protectPhone(cipher, memberId, row.phone) : {}),
        ...(row.idNumber ? protectIdNumber(cipher, row.idNumber) : {}),
        source: 'import',
        importId,
        createdAt: now,
        updatedAt: now,
        statsCounted: true,
      };
      const stats = statsChange(undefined, { joinedOn: row.joinedOn, ...(row.subOrgId ? { subOrgId: row.subOrgId } : {}) });
      plan.writes.push({ row: row.row, memberId, kind: 'added', set, putMarkers, deleteMarkers: [], stats });
      plan.added += 1;
      if (plan.changes.length < shownChanges) plan.changes.push({ row: row.row, name: row.name, kind: 'added', columns: [] });
      continue;
    }

    const set: Record<string, unknown> = {};
    const changed: RosterColumnKey[] = [];
    const change = (column: RosterColumnKey, values: Record<string, unknown>) => {
      changed.push(column);
      Object.assign(set, values);
    };
    if (row.name !== match.name) change('name', { name: row.name, ...rosterIndexKeys(union.orgId, row.name, memberId) });
    if (row.employeeNo && row.employeeNo !== match.employeeNo) change('employeeNo', { employeeNo: row.employeeNo });
    if (row.gender && row.gender !== match.gender) change('gender', { gender: row.gender });
    if (row.phone && phoneHashOf(cipher, row.phone) !== match.phoneHash) change('phone', protectPhone(cipher, memberId, row.phone));
    if (row.idNumber && idHash !== match.idNumberHash) change('idNumber', protectIdNumber(cipher, row.idNumber));
    if (row.subOrgId && row.subOrgId !== match.subOrgId) change('subOrg', { subOrgId: row.subOrgId });
    if (has('isMigrantWorker') && (row.isMigrantWorker ?? false) !== (match.isMigrantWorker ?? false)) change('isMigrantWorker', { isMigrantWorker: row.isMigrantWorker ?? false });
    if (has('isDispatchedWorker') && (row.isDispatchedWorker ?? false) !== (match.isDispatchedWorker ?? false)) change('isDispatchedWorker', { isDispatchedWorker: row.isDispatchedWorker ?? false });
    if (row.joinedOn !== match.joinedOn) change('joinedOn', { joinedOn: row.joinedOn });
    if (changed.length === 0 && putMarkers.length === 0) {
      plan.unchanged += 1;
      continue;
    }
    // Guards the member held under an old 工号 or ID number are given up.
    const deleteMarkers = (heldBy.get(memberId) ?? []).filter((sk) => !wantedKeys.includes(sk));
    if (changed.length === 0) {
      // Only a missing guard is added (an entry from before guards existed): not a change the chair sees.
      plan.writes.push({ row: row.row, memberId, kind: 'updated', set: { importId }, seenUpdatedAt: match.updatedAt ?? null, putMarkers, deleteMarkers });
      plan.unchanged += 1;
      continue;
    }
    // The entry's share of the membership counters moves with it (a new 入会日期 or 分工会); an entry from before the
    // counters existed is counted whole.
    const seen = seenOf(match);
    const stats = statsChange(seen, { ...seen, joinedOn: row.joinedOn, ...(row.subOrgId ? { subOrgId: row.subOrgId } : {}) });
    plan.writes.push({ row: row.row, memberId, kind: 'updated', set: { ...set, updatedAt: now, importId, statsCounted: true }, seenUpdatedAt: match.updatedAt ?? null, putMarkers, deleteMarkers, stats, seen });
    plan.updated += 1;
    if (plan.changes.length < shownChanges) plan.changes.push({ row: row.row, name: row.name, kind: 'updated', columns: changed.map((c) => rosterColumnOf[c].header) });
  }
  return plan;
}

/** Groups writes into batches of at most 99 transaction items, in row order. */
function batches(writes: StagedWrite[]): StagedWrite[][] {
  const out: StagedWrite[][] = [];
  let current: StagedWrite[] = [];
  let size = 0;
  for (const write of writes) {
    const items = itemsOfWrite(write);
    if (size + items > maxItemsPerBatch && current.length > 0) {
      out.push(current);
      current = [];
      size = 0;
    }
    current.push(write);
    size += items;
  }
  if (current.length > 0) out.push(current);
  return out;
}

async function unionMarkers(deps: RosterDeps, orgId: string): Promise<Map<string, string>> {
  const markers = new Map<string, string>();
  let start: Record<string, unknown> | undefined;
  do {
    const out = await deps.db.send(
      new QueryCommand({ TableName: deps.table, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': rosterKeys.markers(orgId) }, ExclusiveStartKey: start }),
    );
    for (const item of out.Items ?? []) markers.set(String(item.sk), String(item.memberId));
    start = out.LastEvaluatedKey;
  } while (start);
  return markers;
}

/**
 * Reads an uploaded roster file and stages it for the chair to confirm: every problem by row and column, the
 * counts of new / updated / unchanged / erroneous rows, and — when there is no problem — the prepared writes in
 * batches with a TTL, so the commit needs no second upload. Nothing on the roster changes here.
 */
export async function previewImport(deps: RosterDeps, actor: Actor, union: Org, upload: ImportUploadRequest): Promise<ImportJob> {
  const now = deps.now();
  const bytes = await uploadedBytes(deps, union, upload);
  const [sheetRows, subOrgs] = await Promise.all([readSheetRows(bytes), subOrgsOf(deps.db, deps.table, union)]);
  const read = readRosterTable(sheetRows, { subOrgs, today: formatShanghaiDate(now), maxRows: maxImportRows });
  if (!read.ok) {
    throw new DomainError('ROSTER.FILE_INVALID', {
      message: `${errorMessages['ROSTER.FILE_INVALID']}：${read.problems.map((p) => p.message).join('；')}`,
      details: read.problems.map((p) => ({ path: p.column, message: p.message })),
    });
  }
  if (read.total === 0) throw new DomainError('ROSTER.FILE_EMPTY');

  const importId = randomUUID();
  const [existing, markers] = await Promise.all([rosterMembers(deps.db, deps.table, union.orgId), unionMarkers(deps, union.orgId)]);
  // The whole roster is read here anyway: a roster all of whose entries are counted needs no backfill for its statistics.
  await markCountedWhenComplete(deps.db, deps.table, union.orgId, existing, now);
  const plan = planImport(deps, importId, union, read.rows, read.columns, existing, markers, now.toISOString());
  const problems = [...read.problems, ...plan.problems].sort((a, b) => a.row - b.row);
  const errorRows = new Set(problems.map((p) => p.row)).size;
  const status = problems.length > 0 ? 'invalid' : 'previewed';
  const staged = status === 'previewed' ? batches(plan.writes) : [];

  const stagedUntil = epochSeconds(now) + stagedLifetimeSeconds;
  const chunkItems = staged.map((writes, n) => ({ ...importKeys.chunk(importId, n), entity: 'importChunk', importId, writes, expiresAt: stagedUntil }));
  // A 100,000-row import stages ~3,000 batches (~70 MB): written 25 at a time by a few writers at once.
  const groups = Array.from({ length: Math.ceil(chunkItems.length / 25) }, (_, g) => chunkItems.slice(g * 25, g * 25 + 25));
  const writer = async (): Promise<void> => {
    for (let group = groups.shift(); group; group = groups.shift()) {
      let pending: Record<string, unknown>[] = group.map((Item) => ({ PutRequest: { Item } }));
      for (let attempt = 1; pending.length > 0; attempt += 1) {
        if (attempt > 1) await new Promise((resolve) => setTimeout(resolve, Math.min(1_000, 25 * 2 ** attempt)));
        const out = await deps.db.send(new BatchWriteCommand({ RequestItems: { [deps.table]: pending } }));
        pending = (out.UnprocessedItems?.[deps.table] ?? []) as Record<string, unknown>[];
      }
    }
  };
  await Promise.all(Array.from({ length: stagingWriters }, writer));
  const job: ImportJobRecord = {
    importId,
    orgId: union.orgId,
    orgPath: union.path,
    fileName: upload.fileName,
    status,
    createdAt: now.toISOString(),
    createdBy: actor.memberId,
    counts: { total: read.total, added: plan.added, updated: plan.updated, unchanged: plan.unchanged, errors: errorRows },
    problems: problems.slice(0, shownProblems),
    problemCount: problems.length,
    changes: plan.changes,
    chunkCount: staged.length,
    toWrite: staged.reduce((sum, writes) => sum + writes.length, 0),
    previewExpiresAt: new Date(now.getTime() + previewLifetimeMs).toISOString(),
  };
  // The job last: a job that exists has all its batches.
  await deps.db.send(new PutCommand({ TableName: deps.table, Item: { ...importKeys.job(importId), entity: 'importJob', ...job, expiresAt: epochSeconds(now) + jobLifetimeSeconds } }));
  return jobView(job, { written: 0, skipped: 0, commitProblems: [] });
}
