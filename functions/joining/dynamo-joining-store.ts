import { GetCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient, type QueryCommandInput } from '../storage/document-client';
import { normaliseMemberName } from '@shared/api/joining';
import type { AuditEventDraft } from '@shared/audit/audit-event';
import type { Org } from '@shared/domain/org';
import { ChangeRefused, commitWithNotices, type TransactItem } from '../notify/outbox';
import { counterWrite, seenCondition, seenOf, statsChange } from '../roster/roster-stats';
import { keys } from '../storage/keys';
import { ttlEpochSeconds } from '../time/clock';
import type { AttemptReservation, Invitation, JoiningStore, RosterEntry } from './joining-store';
import { isConditionFailure } from '../storage/dynamo';

type Item = Record<string, unknown>;

/**
 * Joining's items in the one table:
 *   INVITE#<code> / INVITE           the invitation: orgId, status active|revoked (a scanned old code says "停用")
 *   INVITATIONS#<orgId> / CURRENT    which code is the union's current one (rotation swaps it conditionally)
 *   OPENID#<openid> / BINDING        the member a WeChat account joined as: one account, one roster entry
 *   JOINLIMIT#<limiter> / WINDOW     attempts counted in a window (count, windowStart; expiresAt is the TTL)
 * Roster entries are the roster's member items (MEMBER#<id> / MEMBER, in byParent under ORG#<union>); binding
 * sets their `openid` (the byOpenid index) and `boundAt`.
 */
export const joiningKeys = {
  invitation: (code: string) => ({ pk: `INVITE#${code}`, sk: 'INVITE' }),
  current: (orgId: string) => ({ pk: `INVITATIONS#${orgId}`, sk: 'CURRENT' }),
  binding: (openid: string) => ({ pk: `OPENID#${openid}`, sk: 'BINDING' }),
  limiter: (limiter: string) => ({ pk: `JOINLIMIT#${limiter}`, sk: 'WINDOW' }),
};

const pause = (attempt: number) => new Promise((resolve) => setTimeout(resolve, 10 + Math.floor(Math.random() * 20 * attempt)));
const maxBindAttempts = 12;

const rosterProjection = {
  ProjectionExpression: 'entity, memberId, #name, orgId, employeeNo, phoneTailHash, openid, boundAt, #status, leftOn',
  ExpressionAttributeNames: { '#name': 'name', '#status': 'status' },
};

export function dynamoJoiningStore(db: DynamoDBDocumentClient, table: string): JoiningStore {
  async function get(key: Item): Promise<Item | undefined> {
    return (await db.send(new GetCommand({ TableName: table, Key: key, ConsistentRead: true }))).Item;
  }

  async function queryAll(input: Omit<QueryCommandInput, 'TableName' | 'ExclusiveStartKey'>): Promise<Item[]> {
    const items: Item[] = [];
    let start: Item | undefined;
    do {
      const out = await db.send(new QueryCommand({ TableName: table, ...input, ...(start ? { ExclusiveStartKey: start } : {}) }));
      items.push(...(out.Items ?? []));
      start = out.LastEvaluatedKey;
    } while (start);
    return items;
  }

  /** Roster members of a union (byParent) whose sort key starts with `prefix`. */
  async function members(orgId: string, prefix: string): Promise<RosterEntry[]> {
    const items = await queryAll({
      IndexName: 'byParent',
      KeyConditionExpression: 'gsi1pk = :parent AND begins_with(gsi1sk, :prefix)',
      FilterExpression: 'entity = :member',
      ...rosterProjection,
      ExpressionAttributeValues: { ':parent': keys.childOf(orgId), ':prefix': prefix, ':member': 'member' },
    });
    return items.map(toEntry);
  }

  async function commit(writes: TransactItem[], audit: AuditEventDraft[], now: Date): Promise<(string | undefined)[] | undefined> {
    try {
      await commitWithNotices(db, table, { writes, audit }, now);
      return undefined;
    } catch (error) {
      if (error instanceof ChangeRefused) return error.reasons;
      throw error;
    }
  }

  const store: JoiningStore = {
    async currentInvitation(orgId) {
      const current = await get(joiningKeys.current(orgId));
      if (typeof current?.code !== 'string') return undefined;
      const invitation = await store.invitation(current.code);
      return invitation?.status === 'active' ? invitation : undefined;
    },

    async invitation(code) {
      const item = await get(joiningKeys.invitation(code));
      return item ? toInvitation(item) : undefined;
    },

    async replaceInvitation(org, code, actor, now) {
      const current = await get(joiningKeys.current(org.orgId));
      const previous = typeof current?.code === 'string' ? current.code : undefined;
      const createdAt = now.toISOString();
      const invitation: Invitation = { code, orgId: org.orgId, createdAt, createdBy: actor.memberId, status: 'active' };
      const writes: TransactItem[] = [
        { Put: { TableName: table, Item: { ...joiningKeys.invitation(code), entity: 'invitation', ...invitation }, ConditionExpression: 'attribute_not_exists(pk)' } },
        {
          Put: {
            TableName: table,
            Item: { ...joiningKeys.current(org.orgId), entity: 'currentInvitation', orgId: org.orgId, code, createdAt },
            // Rotation swaps what it read: of two chairs rotating at once, one wins.
            ConditionExpression: previous ? 'code = :previous' : 'attribute_not_exists(pk)',
            ...(previous ? { ExpressionAttributeValues: { ':previous': previous } } : {}),
          },
        },
        ...(previous ? [revokeWrite(table, previous, now)] : []),
      ];
      const refused = await commit(writes, [invitationEvent(org, actor, 'invitation.issued', { rotated: previous !== undefined })], now);
      return refused ? undefined : invitation;
    },

    async revokeInvitation(org, actor, now) {
      const current = await get(joiningKeys.current(org.orgId));
      if (typeof current?.code !== 'string') return false;
      const writes: TransactItem[] = [
        { Delete: { TableName: table, Key: joiningKeys.current(org.orgId), ConditionExpression: 'code = :code', ExpressionAttributeValues: { ':code': current.code } } },
        revokeWrite(table, current.code, now),
      ];
      const refused = await commit(writes, [invitationEvent(org, actor, 'invitation.revoked', {})], now);
      return !refused;
    },

    async rosterNamed(orgId, name) {
      // The roster's sort key in byParent is MEMBER#<name>#<memberId>; should a name be stored with spaces or
      // another middle dot, the whole roster is read (only on a miss, which the attempt limits keep rare).
      const named = (entries: RosterEntry[]) => entries.filter((entry) => normaliseMemberName(entry.name) === name);
      const direct = named(await members(orgId, `MEMBER#${name}#`));
      return direct.length > 0 ? direct : named(await members(orgId, 'MEMBER#'));
    },

    roster: (orgId) => members(orgId, 'MEMBER#'),

    async getEntry(memberId) {
      const item = await get(keys.member(memberId));
      return item?.entity === 'member' ? toEntry(item) : undefined;
    },

    async memberBoundTo(openid) {
      const binding = await get(joiningKeys.binding(openid));
      if (typeof binding?.memberId !== 'string') return undefined;
      // The roster may have unbound the entry since: then the binding no longer holds.
      const member = await get(keys.member(binding.memberId));
      return member?.openid === openid ? binding.memberId : undefined;
    },

    async bind(entry, openid, org, method, now) {
      const boundAt = now.toISOString();
      for (let attempt = 1; ; attempt += 1) {
        const binding = await get(joiningKeys.binding(openid));
        const stale = typeof binding?.memberId === 'string' ? binding.memberId : undefined;
        if (stale && (await get(keys.member(stale)))?.openid === openid) return { status: 'openidTaken' };
        // The binding counts in the union's 入驻率 counters from its year on (functions/roster/roster-stats.ts), under a
        // condition that what they read of the entry is as read here.
        const current = await get(keys.member(entry.memberId));
        const seen = current?.entity === 'member' ? seenOf(current) : undefined;
        const counted = seen ? seenCondition(seen) : undefined;
        const writes: TransactItem[] = [
          {
            Update: {
              TableName: table,
              Key: keys.member(entry.memberId),
              UpdateExpression: `SET openid = :openid, boundAt = :boundAt${seen ? ', statsCounted = :counted' : ''}`,
              ConditionExpression: `entity = :member AND orgId = :orgId AND attribute_not_exists(openid) AND attribute_not_exists(leftOn) AND (attribute_not_exists(#status) OR #status <> :left)${counted ? ` AND ${counted.condition}` : ''}`,
              ExpressionAttributeNames: { '#status': 'status', ...counted?.names },
              ExpressionAttributeValues: { ':openid': openid, ':boundAt': boundAt, ':member': 'member', ':orgId': org.orgId, ':left': 'left', ...(seen ? { ':counted': true } : {}), ...counted?.values },
            },
          },
          {
            Put: {
              TableName: table,
              Item: { ...joiningKeys.binding(openid), entity: 'wechatBinding', memberId: entry.memberId, orgId: org.orgId, boundAt },
              // One WeChat account, one roster entry; a binding the roster has since undone may be replaced.
              ConditionExpression: stale ? 'memberId = :stale' : 'attribute_not_exists(pk)',
              ...(stale ? { ExpressionAttributeValues: { ':stale': stale } } : {}),
            },
          },
        ];
        if (seen) writes.push(...counterWrite(table, org.orgId, statsChange(seen, { ...seen, boundAt })));
        const audit: AuditEventDraft = {
          subjectType: 'member',
          subjectId: entry.memberId,
          scopePath: org.path,
          action: 'member.bound',
          actor: { memberId: entry.memberId, role: 'member' },
          reason: '会员通过入会邀请码核对身份，绑定微信账号',
          data: { orgId: org.orgId, method },
        };
        const refused = await commit(writes, [audit], now);
        if (!refused) return { status: 'bound' };
        if (refused[0] === 'ConditionalCheckFailed') {
          const fresh = await store.getEntry(entry.memberId);
          if (!fresh || fresh.orgId !== org.orgId) return { status: 'changed' };
          if (fresh.openid) return { status: 'entryTaken', byCaller: fresh.openid === openid };
          if (fresh.left) return { status: 'left' };
        }
        // Racing transactions on one item cancel each other (TransactionConflict), and the account's binding may
        // have changed since we read it: look again and retry.
        if (attempt >= maxBindAttempts) throw new Error(`binding ${entry.memberId} kept conflicting: ${refused.join(', ')}`);
        await pause(attempt);
      }
    },

    async reserveAttempt(limiter, limit, windowMs, now) {
      const key = joiningKeys.limiter(limiter);
      const at = now.getTime();
      const names = { '#count': 'count' };
      const reserved = (item: Item | undefined): AttemptReservation => {
        const windowStart = Number(item?.windowStart);
        return {
          ok: true,
          used: Number(item?.count),
          windowEndsAt: new Date(windowStart + windowMs),
          release: async () => {
            await db
              .send(
                new UpdateCommand({
                  TableName: table,
                  Key: key,
                  UpdateExpression: 'ADD #count :minus',
                  ConditionExpression: 'windowStart = :start AND #count > :zero',
                  ExpressionAttributeNames: names,
                  ExpressionAttributeValues: { ':minus': -1, ':start': windowStart, ':zero': 0 },
                }),
              )
              .catch((error: unknown) => {
                // A new window has started since: nothing of ours to give back.
                if (!isConditionFailure(error)) throw error;
              });
          },
        };
      };
      for (let round = 1; round <= 5; round += 1) {
        try {
          const out = await db.send(
            new UpdateCommand({
              TableName: table,
              Key: key,
              UpdateExpression: 'ADD #count :one',
              ConditionExpression: 'windowStart > :floor AND #count < :limit',
              ExpressionAttributeNames: names,
              ExpressionAttributeValues: { ':one': 1, ':floor': at - windowMs, ':limit': limit },
              ReturnValues: 'ALL_NEW',
            }),
          );
          return reserved(out.Attributes);
        } catch (error) {
          if (!isConditionFailure(error)) throw error;
        }
        try {
          const out = await db.send(
            new UpdateCommand({
              TableName: table,
              Key: key,
              UpdateExpression: 'SET entity = :entity, #count = :one, windowStart = :now, expiresAt = :expires',
              ConditionExpression: 'attribute_not_exists(pk) OR windowStart <= :floor',
              ExpressionAttributeNames: names,
              ExpressionAttributeValues: { ':entity': 'joinAttempts', ':one': 1, ':now': at, ':floor': at - windowMs, ':expires': ttlEpochSeconds(at + windowMs) + 60 },
              ReturnValues: 'ALL_NEW',
            }),
          );
          return reserved(out.Attributes);
        } catch (error) {
          if (!isConditionFailure(error)) throw error;
        }
        // Neither: a live window is full, unless another caller just started a window between our two tries.
        const item = await get(key);
        const windowStart = Number(item?.windowStart);
        if (windowStart > at - windowMs && Number(item?.count) >= limit) return { ok: false, retryAt: new Date(windowStart + windowMs) };
      }
      throw new Error(`attempt limiter ${limiter} kept changing`);
    },

    async attemptsLeft(limiter, limit, windowMs, now) {
      const item = await get(joiningKeys.limiter(limiter));
      const windowStart = Number(item?.windowStart);
      const full = windowStart > now.getTime() - windowMs && Number(item?.count) >= limit;
      return full ? { ok: false, retryAt: new Date(windowStart + windowMs) } : { ok: true };
    },

    async countAttempt(limiter, windowMs, now) {
      const reservation = await store.reserveAttempt(limiter, Number.MAX_SAFE_INTEGER, windowMs, now);
      if (!reservation.ok) throw new Error(`attempt limiter ${limiter} is full`);
    },
  };
  return store;
}

function revokeWrite(table: string, code: string, now: Date): TransactItem {
  return {
    Update: {
      TableName: table,
      Key: joiningKeys.invitation(code),
      UpdateExpression: 'SET #status = :revoked, revokedAt = :now',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':revoked': 'revoked', ':now': now.toISOString() },
    },
  };
}

function invitationEvent(org: Org, actor: { memberId: string; role: AuditEventDraft['actor']['role'] }, action: 'invitation.issued' | 'invitation.revoked', data: Record<string, unknown>): AuditEventDraft {
  return {
    subjectType: 'invitation',
    subjectId: org.orgId,
    scopePath: org.path,
    action,
    actor: { memberId: actor.memberId, role: actor.role },
    reason: action === 'invitation.issued' ? '工会主席生成（更换）入会邀请码' : '工会主席停用入会邀请码',
    data,
  };
}

function toInvitation(item: Item): Invitation {
  return {
    code: String(item.code),
    orgId: String(item.orgId),
    createdAt: String(item.createdAt),
    createdBy: String(item.createdBy),
    status: item.status === 'active' ? 'active' : 'revoked',
  };
}

function toEntry(item: Item): RosterEntry {
  const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);
  const employeeNo = text(item.employeeNo);
  const phoneTailHash = text(item.phoneTailHash);
  const openid = text(item.openid);
  const boundAt = text(item.boundAt);
  return {
    memberId: String(item.memberId),
    name: String(item.name),
    orgId: String(item.orgId),
    ...(employeeNo ? { employeeNo } : {}),
    ...(phoneTailHash ? { phoneTailHash } : {}),
    ...(openid ? { openid } : {}),
    ...(boundAt ? { boundAt } : {}),
    left: item.status === 'left' || text(item.leftOn) !== undefined,
  };
}
