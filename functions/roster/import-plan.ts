import { createHash } from 'node:crypto';
import type { ImportJob, RowProblemView } from '@shared/api/roster';
import { rosterColumnOf, type RosterColumnKey } from '@shared/roster/roster-columns';
import type { RosterRow } from '@shared/roster/roster-rows';
import type { PersonalDataCipher } from '../privacy/personal-data';
import { itemsOfWrite, maxItemsPerBatch, type StagedWrite } from './import-items';
import { idNumberHashOf, phoneHashOf, protectIdNumber, protectPhone } from './protect';
import { rosterIndexKeys, rosterKeys, type StoredMember } from './roster-store';
import { seenOf, statsChange } from './roster-stats';

/** The job keeps this many problems and changed rows to show; the counts cover all of them. */
export const shownProblems = 200;
export const shownChanges = 20;

/**
 * The existing roster as a preview matches rows against it: the entries by 工号 and by the keyed hash of the ID
 * number, and the union's uniqueness guards with the guards each member holds. Built once from the roster read (in
 * pages, functions/roster/preview-driver.ts) and used for every rows chunk, so matching stays linear.
 */
export interface MatchIndex {
  byEmployeeNo: Map<string, StoredMember>;
  byIdHash: Map<string, StoredMember>;
  byId: Map<string, StoredMember>;
  /** Guard sort key → the member it is held for. */
  markers: Map<string, string>;
  /** The guards each member holds, so that giving up old ones costs per row, not per guard of the roster (was O(n²)). */
  heldBy: Map<string, string[]>;
}

/** The index of `existing` entries (in the roster's name order: a later entry with the same 工号 wins, as before). */
export function matchIndex(existing: Iterable<StoredMember>, markers: Map<string, string>): MatchIndex {
  const index: MatchIndex = { byEmployeeNo: new Map(), byIdHash: new Map(), byId: new Map(), markers, heldBy: new Map() };
  for (const [sk, holder] of markers) {
    const held = index.heldBy.get(holder);
    if (held) held.push(sk);
    else index.heldBy.set(holder, [sk]);
  }
  for (const m of existing) {
    if (m.employeeNo) index.byEmployeeNo.set(m.employeeNo.toUpperCase(), m);
    if (m.idNumberHash) index.byIdHash.set(m.idNumberHash, m);
    index.byId.set(m.memberId, m);
  }
  return index;
}

/**
 * A new member's id, the same however often the chunk holding its row is planned (a redone chunk stages the same
 * writes; the import id is random, so the id is not guessable from the row).
 */
export const importedMemberId = (orgId: string, importId: string, row: number): string => `${orgId}-${createHash('sha256').update(`${importId}\n${row}`).digest('hex').slice(0, 12)}`;

export interface Plan {
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
 * problem. Numbers are encrypted and hashed here; nothing in clear leaves this function. A row's plan depends on the
 * row and the index only (rows of one file never share a 工号 or an ID number), so rows are planned chunk by chunk.
 */
export function planRows(
  cipher: PersonalDataCipher,
  job: { importId: string; orgId: string; columns: readonly RosterColumnKey[]; now: string },
  rows: readonly RosterRow[],
  index: MatchIndex,
): Plan {
  const { byEmployeeNo, byIdHash, byId, markers, heldBy } = index;
  const { importId, orgId, now } = job;
  const plan: Plan = { writes: [], problems: [], added: 0, updated: 0, unchanged: 0, changes: [] };
  const has = (key: RosterColumnKey) => job.columns.includes(key);

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
    const memberId = match?.memberId ?? importedMemberId(orgId, importId, row.row);
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
        orgId,
        ...rosterIndexKeys(orgId, row.name, memberId),
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
    if (row.name !== match.name) change('name', { name: row.name, ...rosterIndexKeys(orgId, row.name, memberId) });
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

/** Groups writes into batches of at most 98 transaction items, in row order. */
export function batches(writes: readonly StagedWrite[]): StagedWrite[][] {
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
