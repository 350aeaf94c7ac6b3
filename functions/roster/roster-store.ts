import { GetCommand, QueryCommand, type DynamoDBDocumentClient } from '../storage/document-client';
import * as z from 'zod';
import type { RosterMemberView, SubOrgRefView } from '@shared/api/roster';
import type { MemberStatus } from '@shared/domain/member';
import type { Org } from '@shared/domain/org';
import { DomainError } from '@shared/errors';
import type { Gender } from '@shared/rules/facts';
import type { PersonalDataCipher } from '../privacy/personal-data';
import { keys } from '../storage/keys';
import { maskedNumbers } from './protect';

/**
 * The roster's items (only this module and the import writer know them):
 *   MEMBER#<memberId> / MEMBER          the member (byParent: ORG#<orgId> → MEMBER#<name>#<memberId>)
 *   ROSTERKEY#<orgId> / EMP#<工号>       uniqueness guard: one entry per 工号 in a union → memberId
 *   ROSTERKEY#<orgId> / ID#<id hash>     uniqueness guard: one entry per ID number in a union → memberId
 * A guard is written in the same transaction as the entry it points to, so two imports or an import and a single
 * add can never put the same person on the roster twice. Guards stay when a member leaves (the entry stays too).
 */
export type MarkerKind = 'EMP' | 'ID';
export const rosterKeys = {
  markers: (orgId: string) => `ROSTERKEY#${orgId}`,
  marker: (orgId: string, sk: string) => ({ pk: rosterKeys.markers(orgId), sk }),
  markerSk: (kind: MarkerKind, value: string) => `${kind}#${value}`,
};

/** A member item as stored, without its keys. */
export interface StoredMember {
  memberId: string;
  name: string;
  orgId: string;
  subOrgId?: string;
  employeeNo?: string;
  gender?: Gender;
  isMigrantWorker?: boolean;
  isDispatchedWorker?: boolean;
  /** '' on entries from before joining dates were recorded. */
  joinedOn: string;
  leftOn?: string;
  status: MemberStatus;
  boundAt?: string;
  openid?: string;
  phoneCipher?: string;
  phoneHash?: string;
  idNumberCipher?: string;
  idNumberHash?: string;
  updatedAt?: string;
  /** The entry is in the union's membership counters (functions/roster/roster-stats.ts). */
  statsCounted?: boolean;
}

type Item = Record<string, unknown>;
const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);
const flag = (value: unknown): boolean | undefined => (typeof value === 'boolean' ? value : undefined);

export function toStoredMember(item: Item): StoredMember {
  const optional: Partial<StoredMember> = {
    subOrgId: text(item.subOrgId),
    employeeNo: text(item.employeeNo),
    gender: item.gender === 'female' || item.gender === 'male' ? item.gender : undefined,
    isMigrantWorker: flag(item.isMigrantWorker),
    isDispatchedWorker: flag(item.isDispatchedWorker),
    leftOn: text(item.leftOn),
    boundAt: text(item.boundAt),
    openid: text(item.openid),
    phoneCipher: text(item.phoneCipher),
    phoneHash: text(item.phoneHash),
    idNumberCipher: text(item.idNumberCipher),
    idNumberHash: text(item.idNumberHash),
    updatedAt: text(item.updatedAt),
    statsCounted: item.statsCounted === true ? true : undefined,
  };
  const left = item.status === 'left' || optional.leftOn !== undefined;
  return {
    memberId: String(item.memberId),
    name: String(item.name),
    orgId: String(item.orgId),
    joinedOn: text(item.joinedOn) ?? '',
    status: left ? 'left' : 'active',
    ...(Object.fromEntries(Object.entries(optional).filter(([, v]) => v !== undefined)) as Partial<StoredMember>),
  };
}

/** The API's view: masked numbers, the sub-union's name; ciphertexts, hashes and the openid stay here. */
export function toMemberView(cipher: PersonalDataCipher, m: StoredMember, subOrgNames: ReadonlyMap<string, string>): RosterMemberView {
  const subOrgName = m.subOrgId ? subOrgNames.get(m.subOrgId) : undefined;
  return {
    memberId: m.memberId,
    name: m.name,
    orgId: m.orgId,
    ...(m.subOrgId ? { subOrgId: m.subOrgId } : {}),
    ...(subOrgName ? { subOrgName } : {}),
    ...(m.employeeNo ? { employeeNo: m.employeeNo } : {}),
    ...(m.gender ? { gender: m.gender } : {}),
    ...maskedNumbers(cipher, m),
    ...(m.isMigrantWorker !== undefined ? { isMigrantWorker: m.isMigrantWorker } : {}),
    ...(m.isDispatchedWorker !== undefined ? { isDispatchedWorker: m.isDispatchedWorker } : {}),
    joinedOn: m.joinedOn,
    ...(m.leftOn ? { leftOn: m.leftOn } : {}),
    status: m.status,
    ...(m.boundAt ? { boundAt: m.boundAt } : {}),
  };
}

/** byParent keys of a member: the roster lists by name. */
export const rosterIndexKeys = (orgId: string, name: string, memberId: string) => ({ gsi1pk: keys.childOf(orgId), gsi1sk: `MEMBER#${name}#${memberId}` });

export async function getStoredMember(db: DynamoDBDocumentClient, table: string, memberId: string): Promise<StoredMember | undefined> {
  const out = await db.send(new GetCommand({ TableName: table, Key: keys.member(memberId), ConsistentRead: true }));
  return out.Item?.entity === 'member' ? toStoredMember(out.Item) : undefined;
}

/** The member a 工号 or ID-number hash is reserved for in a union, if any. */
export async function markerHolder(db: DynamoDBDocumentClient, table: string, orgId: string, sk: string): Promise<string | undefined> {
  const out = await db.send(new GetCommand({ TableName: table, Key: rosterKeys.marker(orgId, sk), ConsistentRead: true }));
  return text(out.Item?.memberId);
}

/** One page of a union's roster entries as stored (byParent), from `start`; `next` where the following page begins. */
export async function rosterPage(db: DynamoDBDocumentClient, table: string, orgId: string, start?: Item, limit?: number): Promise<{ items: Item[]; next?: Item }> {
  const out = await db.send(
    new QueryCommand({
      TableName: table,
      IndexName: 'byParent',
      KeyConditionExpression: 'gsi1pk = :pk AND begins_with(gsi1sk, :member)',
      ExpressionAttributeValues: { ':pk': keys.childOf(orgId), ':member': 'MEMBER#' },
      ExclusiveStartKey: start,
      ...(limit !== undefined ? { Limit: limit } : {}),
    }),
  );
  return { items: (out.Items ?? []).filter((item) => item.entity === 'member'), ...(out.LastEvaluatedKey ? { next: out.LastEvaluatedKey } : {}) };
}

/** Every entry of a union's roster, members who left included (statistics, import matching, export). */
export async function rosterMembers(db: DynamoDBDocumentClient, table: string, orgId: string): Promise<StoredMember[]> {
  const members: StoredMember[] = [];
  let start: Item | undefined;
  do {
    const page = await rosterPage(db, table, orgId, start);
    members.push(...page.items.map(toStoredMember));
    start = page.next;
  } while (start);
  return members;
}

const cursorSchema = z.object({ pk: z.string(), sk: z.string(), gsi1pk: z.string(), gsi1sk: z.string() });
const encodeCursor = (key: z.infer<typeof cursorSchema>): string => Buffer.from(JSON.stringify(key)).toString('base64url');
function decodeCursor(cursor: string, orgId: string): z.infer<typeof cursorSchema> {
  try {
    const key = cursorSchema.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
    if (key.gsi1pk !== keys.childOf(orgId)) throw new Error('cursor of another roster');
    return key;
  } catch (cause) {
    throw new DomainError('REQUEST.INVALID', { message: '请求内容有误：翻页参数（cursor）无效', details: [{ path: 'cursor', message: '翻页参数（cursor）无效' }], cause });
  }
}

/**
 * One page of a roster in name order: `namePrefix` narrows to names that start with it (the index sorts by name),
 * `status` to members on the roster or who left. The cursor is the last entry shown, so a filtered page never
 * skips anything.
 */
export async function rosterPageOf(
  db: DynamoDBDocumentClient,
  table: string,
  orgId: string,
  options: { namePrefix: string; status: 'active' | 'left' | 'all'; cursor?: string; limit: number },
): Promise<{ members: StoredMember[]; nextCursor: string | null }> {
  const members: StoredMember[] = [];
  let start: Item | undefined = options.cursor ? decodeCursor(options.cursor, orgId) : undefined;
  let lastKey: z.infer<typeof cursorSchema> | undefined;
  let more = true;
  while (members.length < options.limit && more) {
    const out = await db.send(
      new QueryCommand({
        TableName: table,
        IndexName: 'byParent',
        KeyConditionExpression: 'gsi1pk = :pk AND begins_with(gsi1sk, :prefix)',
        ExpressionAttributeValues: { ':pk': keys.childOf(orgId), ':prefix': `MEMBER#${options.namePrefix}` },
        ExclusiveStartKey: start,
        Limit: 100,
      }),
    );
    for (const item of out.Items ?? []) {
      if (item.entity !== 'member') continue;
      const member = toStoredMember(item);
      if (options.status !== 'all' && member.status !== options.status) continue;
      members.push(member);
      lastKey = { pk: String(item.pk), sk: String(item.sk), gsi1pk: String(item.gsi1pk), gsi1sk: String(item.gsi1sk) };
      if (members.length === options.limit) break;
    }
    start = out.LastEvaluatedKey;
    more = start !== undefined;
  }
  // A full page may have more behind it; the next request finds out (an empty last page is possible).
  const full = members.length === options.limit;
  return { members, nextCursor: full && lastKey ? encodeCursor(lastKey) : null };
}

/** The sub-unions and groups anywhere below a union (bySubtree), for the 所属分工会/小组 column. */
export async function subOrgsOf(db: DynamoDBDocumentClient, table: string, union: Org): Promise<SubOrgRefView[]> {
  const root = union.path.split('/').find((s) => s !== '') ?? union.orgId;
  const found: SubOrgRefView[] = [];
  let start: Item | undefined;
  do {
    const out = await db.send(
      new QueryCommand({
        TableName: table,
        IndexName: 'bySubtree',
        KeyConditionExpression: 'gsi3pk = :tree AND begins_with(gsi3sk, :below)',
        ExpressionAttributeValues: { ':tree': keys.tree(root), ':below': `${union.path}/` },
        ExclusiveStartKey: start,
      }),
    );
    for (const item of out.Items ?? []) {
      if (item.entity === 'org' && (item.level === 'subUnion' || item.level === 'group')) found.push({ orgId: String(item.orgId), name: String(item.name) });
    }
    start = out.LastEvaluatedKey;
  } while (start);
  return found;
}
