import { QueryCommand } from '../storage/document-client';
import type { AddMemberRequest, CorrectRecordRequest, MyRecordResponse, RosterListQuery, RosterMemberView, RosterPage } from '@shared/api/roster';
import type { AuditEventDraft } from '@shared/audit/audit-event';
import { formatShanghaiDate, isCalendarDay } from '@shared/calendar/shanghai-date';
import type { Org } from '@shared/domain/org';
import { DomainError, errorMessages } from '@shared/errors';
import { checkName } from '@shared/roster/cell-values';
import { checkMobile } from '@shared/roster/phone';
import { checkMemberFields, fieldMessage, type FieldProblem } from '@shared/roster/roster-rows';
import { withoutSpaces } from '@shared/roster/text';
import { ChangeRefused, commitWithNotices, type TransactItem } from '../notify/outbox';
import type { Actor } from '../scope/scope';
import { keys } from '../storage/keys';
import type { RosterDeps } from './import-items';
import { newMemberId } from './import-preview';
import { idNumberHashOf, phoneHashOf, protectIdNumber, protectPhone } from './protect';
import { counterWrite, seenCondition, statsChange } from './roster-stats';
import { getStoredMember, markerHolder, rosterIndexKeys, rosterKeys, rosterPageOf, subOrgsOf, toMemberView, toStoredMember, type StoredMember } from './roster-store';

const pageSize = 20;

const auditDraft = (union: Org, actor: Pick<Actor, 'memberId' | 'role'>, action: AuditEventDraft['action'], data: Record<string, unknown>, reason?: string): AuditEventDraft => ({
  subjectType: 'roster',
  subjectId: union.orgId,
  scopePath: union.path,
  action,
  actor: { memberId: actor.memberId, role: actor.role },
  ...(reason ? { reason } : {}),
  data,
});

function invalid(problems: FieldProblem[], pathOf: (p: FieldProblem) => string = (p) => p.column): DomainError {
  const details = problems.map((p) => ({ path: pathOf(p), message: fieldMessage(p) }));
  return new DomainError('REQUEST.INVALID', { message: `${errorMessages['REQUEST.INVALID']}：${details.map((d) => d.message).join('；')}`, details });
}

/** A page of the roster: q is the start of a name, or a whole 工号 (letters and digits). */
export async function listRoster(deps: RosterDeps, union: Org, query: RosterListQuery): Promise<RosterPage> {
  const subOrgs = await subOrgsOf(deps.db, deps.table, union);
  const names = new Map(subOrgs.map((s) => [s.orgId, s.name]));
  const q = withoutSpaces(query.q ?? '');
  let members: StoredMember[];
  let nextCursor: string | null = null;
  let found: StoredMember | undefined;
  if (/^[A-Za-z0-9\-_/.]+$/.test(q) && !query.cursor) {
    const holder = await markerHolder(deps.db, deps.table, union.orgId, rosterKeys.markerSk('EMP', q.toUpperCase()));
    found = holder ? await getStoredMember(deps.db, deps.table, holder) : await findByEmployeeNo(deps, union.orgId, q.toUpperCase());
  }
  if (found && found.orgId === union.orgId) {
    members = query.status === 'all' || found.status === query.status ? [found] : [];
  } else {
    // Not a 工号 on this roster: the start of a name (names may be written in letters too).
    ({ members, nextCursor } = await rosterPageOf(deps.db, deps.table, union.orgId, { namePrefix: q, status: query.status, limit: pageSize, ...(query.cursor ? { cursor: query.cursor } : {}) }));
  }
  return { members: members.map((m) => toMemberView(deps.cipher, m, names)), nextCursor, subOrgs, union: { orgId: union.orgId, name: union.name } };
}

/** Entries with this 工号 or ID-number hash, guard or no guard (entries from before guards existed have none). */
async function findHolders(deps: RosterDeps, orgId: string, employeeNo: string | undefined, idHash: string | undefined): Promise<StoredMember[]> {
  const filters = [...(employeeNo ? ['employeeNo = :emp'] : []), ...(idHash ? ['idNumberHash = :idh'] : [])];
  if (filters.length === 0) return [];
  const found: StoredMember[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const out = await deps.db.send(
      new QueryCommand({
        TableName: deps.table,
        IndexName: 'byParent',
        KeyConditionExpression: 'gsi1pk = :pk AND begins_with(gsi1sk, :member)',
        FilterExpression: filters.join(' OR '),
        ExpressionAttributeValues: { ':pk': keys.childOf(orgId), ':member': 'MEMBER#', ...(employeeNo ? { ':emp': employeeNo } : {}), ...(idHash ? { ':idh': idHash } : {}) },
        ExclusiveStartKey: start,
      }),
    );
    for (const item of out.Items ?? []) if (item.entity === 'member') found.push(toStoredMember(item));
    start = out.LastEvaluatedKey;
  } while (start);
  return found;
}

const findByEmployeeNo = async (deps: RosterDeps, orgId: string, employeeNo: string): Promise<StoredMember | undefined> =>
  (await findHolders(deps, orgId, employeeNo, undefined)).sort((a, b) => Number(a.status === 'left') - Number(b.status === 'left'))[0];

/**
 * Adds one member (the chair, 逐个添加), checked like an imported row. A 工号 or ID number already on the roster
 * is refused, unless its entry left the union: then the member rejoins with a new entry and the old one keeps
 * the history. Audited as member.added.
 */
export async function addMember(deps: RosterDeps, actor: Actor, union: Org, request: AddMemberRequest): Promise<RosterMemberView> {
  const now = deps.now();
  const today = formatShanghaiDate(now);
  const subOrgs = await subOrgsOf(deps.db, deps.table, union);
  const cells = {
    name: request.name,
    employeeNo: request.employeeNo ?? '',
    gender: request.gender === 'female' ? '女' : request.gender === 'male' ? '男' : '',
    phone: request.phone ?? '',
    idNumber: request.idNumber ?? '',
    subOrg: request.subOrgId ?? '',
    isMigrantWorker: request.isMigrantWorker ? '是' : '否',
    isDispatchedWorker: request.isDispatchedWorker ? '是' : '否',
    joinedOn: request.joinedOn ?? today,
  };
  const { fields, problems } = checkMemberFields(cells, { subOrgs, today });
  if (!fields) throw invalid(problems, (p) => (p.column === 'subOrg' ? 'subOrgId' : p.column));

  const idHash = fields.idNumber ? idNumberHashOf(deps.cipher, fields.idNumber) : undefined;
  const holders = await findHolders(deps, union.orgId, fields.employeeNo, idHash);
  const active = holders.find((h) => h.status === 'active');
  if (active) {
    const what = fields.employeeNo && active.employeeNo === fields.employeeNo ? `工号 ${fields.employeeNo}` : '该身份证号';
    throw new DomainError('ROSTER.MEMBER_EXISTS', { message: `名册中已有${what}的会员（${active.name}）` });
  }
  const memberId = newMemberId(union.orgId);
  const timestamp = now.toISOString();
  const item = {
    ...keys.member(memberId),
    entity: 'member',
    memberId,
    name: fields.name,
    orgId: union.orgId,
    ...rosterIndexKeys(union.orgId, fields.name, memberId),
    ...(fields.subOrgId ? { subOrgId: fields.subOrgId } : {}),
    ...(fields.employeeNo ? { employeeNo: fields.employeeNo } : {}),
    ...(fields.gender ? { gender: fields.gender } : {}),
    isMigrantWorker: fields.isMigrantWorker ?? false,
    isDispatchedWorker: fields.isDispatchedWorker ?? false,
    joinedOn: fields.joinedOn,
    status: 'active',
    ...(fields.phone ? protectPhone(deps.cipher, memberId, fields.phone) : {}),
    ...(fields.idNumber && idHash ? protectIdNumber(deps.cipher, fields.idNumber) : {}),
    source: 'manual',
    createdAt: timestamp,
    updatedAt: timestamp,
    statsCounted: true,
  };
  const leftIds = holders.map((h) => h.memberId);
  const guards = [...(fields.employeeNo ? [rosterKeys.markerSk('EMP', fields.employeeNo)] : []), ...(idHash ? [rosterKeys.markerSk('ID', idHash)] : [])];
  const writes: TransactItem[] = [
    { Put: { TableName: deps.table, Item: item, ConditionExpression: 'attribute_not_exists(pk)' } },
    ...guards.map(
      (sk): TransactItem => ({
        Put: {
          TableName: deps.table,
          Item: { ...rosterKeys.marker(union.orgId, sk), entity: 'rosterKey', orgId: union.orgId, memberId },
          // Free, or held by an entry that left (a member rejoining).
          ConditionExpression: leftIds.length ? `attribute_not_exists(pk) OR memberId IN (${leftIds.map((_, i) => `:left${i}`).join(', ')})` : 'attribute_not_exists(pk)',
          ...(leftIds.length ? { ExpressionAttributeValues: Object.fromEntries(leftIds.map((id, i) => [`:left${i}`, id])) } : {}),
        },
      }),
    ),
  ];
  // The member's share of the membership counters, in the same transaction (functions/roster/roster-stats.ts).
  const counted = { joinedOn: fields.joinedOn, ...(fields.subOrgId ? { subOrgId: fields.subOrgId } : {}) };
  for (let attempt = 1; ; attempt += 1) {
    try {
      await commitWithNotices(
        deps.db,
        deps.table,
        { writes: [...writes, ...counterWrite(deps.table, union.orgId, statsChange(undefined, counted))], audit: [auditDraft(union, actor, 'member.added', { memberId, name: fields.name, ...(leftIds.length ? { rejoinedFrom: leftIds } : {}) })] },
        now,
      );
      break;
    } catch (error) {
      // A counter shard written by another transaction at the same instant: only a conflict, try again.
      if (error instanceof ChangeRefused && !error.reasons.includes('ConditionalCheckFailed') && attempt < 5) continue;
      if (error instanceof ChangeRefused) throw new DomainError('ROSTER.MEMBER_EXISTS', { message: '名册中已有该工号或身份证号的会员（刚刚由他人添加）', cause: error });
      throw error;
    }
  }
  const names = new Map(subOrgs.map((s) => [s.orgId, s.name]));
  return toMemberView(deps.cipher, toStoredMember(item), names);
}

/**
 * Removes a member from the roster (退会): the entry stays with status left and leftOn, so past years' rates
 * stay as they were, and the member can no longer vote. Every role the member holds (chair, reviewer, investigator…)
 * is deleted in the same transaction, and the sessions they hold end on their next request
 * (functions/auth/session-token.ts). A role granted meanwhile bumps the entry's rolesVersion
 * (functions/orgs/dynamo-org-store.ts), so the leave is retried with it rather than leave it behind.
 * Audited as member.removed, with the roles removed.
 */
export async function removeMember(deps: RosterDeps, actor: Actor, union: Org, memberId: string, leftOnGiven: string | undefined): Promise<RosterMemberView> {
  const now = deps.now();
  const today = formatShanghaiDate(now);
  const leftOn = leftOnGiven ?? today;
  for (let attempt = 1; ; attempt += 1) {
    const { member, roles, rolesVersion } = await entryWithRoles(deps, memberId);
    if (!member || member.orgId !== union.orgId) throw new DomainError('ROSTER.MEMBER_NOT_FOUND');
    if (member.status === 'left') throw new DomainError('ROSTER.MEMBER_LEFT', { message: `这名会员已于 ${member.leftOn ?? ''} 退会` });
    const reject = (message: string) => new DomainError('REQUEST.INVALID', { message: `${errorMessages['REQUEST.INVALID']}：${message}`, details: [{ path: 'leftOn', message }] });
    if (!isCalendarDay(leftOn)) throw reject('退会日期（leftOn）不是有效的日期');
    if (leftOn > today) throw reject('退会日期（leftOn）不能晚于今天');
    if (member.joinedOn && leftOn < member.joinedOn) throw reject(`退会日期（leftOn）不能早于入会日期 ${member.joinedOn}`);
    const rolesRemoved = roles.map((r) => ({ orgId: r.orgId, role: r.role }));
    // The leave moves the member's share of the membership counters, under a condition that what they read is as seen.
    const seen = seenCondition(member);
    const counters = counterWrite(deps.table, union.orgId, statsChange(member, { ...member, leftOn }));
    try {
      await commitWithNotices(
        deps.db,
        deps.table,
        {
          writes: [
            {
              Update: {
                TableName: deps.table,
                Key: keys.member(memberId),
                UpdateExpression: 'SET #st = :left, leftOn = :leftOn, updatedAt = :now, statsCounted = :counted',
                ConditionExpression: `orgId = :org AND attribute_not_exists(leftOn) AND (attribute_not_exists(#st) OR #st <> :left) AND ${rolesVersion === undefined ? 'attribute_not_exists(rolesVersion)' : 'rolesVersion = :rv'} AND ${seen.condition}`,
                ExpressionAttributeNames: { '#st': 'status', ...seen.names },
                ExpressionAttributeValues: { ':left': 'left', ':leftOn': leftOn, ':now': now.toISOString(), ':org': union.orgId, ':counted': true, ...seen.values, ...(rolesVersion === undefined ? {} : { ':rv': rolesVersion }) },
              },
            },
            ...roles.map((r): TransactItem => ({ Delete: { TableName: deps.table, Key: keys.role(memberId, r.orgId, r.role) } })),
            ...counters,
          ],
          audit: [auditDraft(union, actor, 'member.removed', { memberId, name: member.name, leftOn, ...(rolesRemoved.length ? { rolesRemoved } : {}) })],
        },
        now,
      );
      const names = new Map((await subOrgsOf(deps.db, deps.table, union)).map((s) => [s.orgId, s.name]));
      return toMemberView(deps.cipher, { ...member, status: 'left', leftOn, updatedAt: now.toISOString() }, names);
    } catch (error) {
      if (!(error instanceof ChangeRefused)) throw error;
      // Someone else removed the member first, or a role was granted meanwhile: read again and retry with it.
      const fresh = await getStoredMember(deps.db, deps.table, memberId);
      if (!fresh || fresh.status === 'left') throw new DomainError('ROSTER.MEMBER_LEFT', { cause: error });
      if (attempt >= 3) throw new DomainError('ROSTER.CHANGED_MEANWHILE', { cause: error });
    }
  }
}

/** The member's entry and roles, in one strongly consistent read of its partition (sk MEMBER … ROLE#…). */
async function entryWithRoles(deps: RosterDeps, memberId: string): Promise<{ member?: StoredMember; roles: { orgId: string; role: string }[]; rolesVersion?: number }> {
  const { pk, sk } = keys.member(memberId);
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const out = await deps.db.send(
      new QueryCommand({ TableName: deps.table, KeyConditionExpression: 'pk = :pk AND sk BETWEEN :member AND :roles', ExpressionAttributeValues: { ':pk': pk, ':member': sk, ':roles': 'ROLE$' }, ConsistentRead: true, ExclusiveStartKey: start }),
    );
    items.push(...(out.Items ?? []));
    start = out.LastEvaluatedKey;
  } while (start);
  const entry = items.find((i) => i.sk === sk && i.entity === 'member');
  const roles = items.filter((i) => String(i.sk).startsWith('ROLE#')).map((i) => ({ orgId: String(i.orgId), role: String(i.role) }));
  return { ...(entry ? { member: toStoredMember(entry) } : {}), roles, ...(typeof entry?.rolesVersion === 'number' ? { rolesVersion: entry.rolesVersion } : {}) };
}

/** The caller's own entry (GET /v1/me/record). */
export async function myRecord(deps: RosterDeps, memberId: string, orgOf: (orgId: string) => Promise<Org | undefined>): Promise<MyRecordResponse> {
  const member = await getStoredMember(deps.db, deps.table, memberId);
  if (!member) throw new DomainError('MEMBER.NOT_FOUND');
  const [union, subOrg] = await Promise.all([orgOf(member.orgId), member.subOrgId ? orgOf(member.subOrgId) : undefined]);
  if (!union) throw new DomainError('ORG.NOT_FOUND');
  const names = new Map(subOrg ? [[subOrg.orgId, subOrg.name]] : []);
  return { member: toMemberView(deps.cipher, member, names), union: { orgId: union.orgId, name: union.name } };
}

/**
 * A member corrects their own entry (PUT /v1/me/record): a typo in the name, a new phone number, gender.
 * Audited as member.corrected, with which fields changed (never the number itself).
 */
export async function correctMyRecord(deps: RosterDeps, memberId: string, orgOf: (orgId: string) => Promise<Org | undefined>, request: CorrectRecordRequest): Promise<MyRecordResponse> {
  const now = deps.now();
  const member = await getStoredMember(deps.db, deps.table, memberId);
  if (!member) throw new DomainError('MEMBER.NOT_FOUND');
  const union = await orgOf(member.orgId);
  if (!union) throw new DomainError('ORG.NOT_FOUND');

  const problems: FieldProblem[] = [];
  const set: Record<string, unknown> = {};
  const changed: string[] = [];
  if (request.name !== undefined) {
    const name = checkName(request.name);
    if (!name.ok) problems.push({ column: 'name', reason: name.reason });
    else if (name.value !== member.name) {
      Object.assign(set, { name: name.value, ...rosterIndexKeys(member.orgId, name.value, memberId) });
      changed.push('name');
    }
  }
  if (request.phone !== undefined) {
    const phone = checkMobile(request.phone);
    if (!phone.ok) problems.push({ column: 'phone', reason: phone.reason });
    else if (phoneHashOf(deps.cipher, phone.value) !== member.phoneHash) {
      Object.assign(set, protectPhone(deps.cipher, memberId, phone.value));
      changed.push('phone');
    }
  }
  if (request.gender !== undefined && request.gender !== member.gender) {
    set.gender = request.gender;
    changed.push('gender');
  }
  if (problems.length > 0) throw invalid(problems);
  if (changed.length > 0) {
    set.updatedAt = now.toISOString();
    const attributes = Object.keys(set);
    await commitWithNotices(
      deps.db,
      deps.table,
      {
        writes: [
          {
            Update: {
              TableName: deps.table,
              Key: keys.member(memberId),
              UpdateExpression: `SET ${attributes.map((_, i) => `#a${i} = :a${i}`).join(', ')}`,
              ConditionExpression: 'attribute_exists(pk)',
              ExpressionAttributeNames: Object.fromEntries(attributes.map((a, i) => [`#a${i}`, a])),
              ExpressionAttributeValues: Object.fromEntries(attributes.map((a, i) => [`:a${i}`, set[a]])),
            },
          },
        ],
        audit: [auditDraft(union, { memberId, role: 'member' }, 'member.corrected', { memberId, fields: changed })],
      },
      now,
    );
  }
  return myRecord(deps, memberId, orgOf);
}
