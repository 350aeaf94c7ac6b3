import { GetCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '../storage/document-client';
import type { AuditEventDraft } from '@shared/audit/audit-event';
import { role as roleSchema } from '@shared/domain/org';
import { assignableRoles, conflictingRole, idsOnPath, movedPath, rootIdOf, type AssignableRole } from '@shared/domain/org-tree';
import { DomainError, type ErrorCode } from '@shared/errors';
import type { NoticeDraft } from '../notify/notice';
import { ChangeRefused, commitWithNotices, type TransactItem } from '../notify/outbox';
import { batchGetItems, queryAll } from '../storage/dynamo';
import { keys } from '../storage/keys';
import { moveItem, moveKey, moveTree, orgIndexes, orgItem, roleHoldersOf, roleItem, toMove, toOrg } from './org-items';
import type { OrgTree, RoleBook, RoleHolding, Roster, RosterEntry } from './org-store';
import { systemNow } from '../time/clock';

type Item = Record<string, unknown>;

/** Concurrent single-item updates of one move batch (DynamoDB's default request concurrency is ample). */
const rewriteConcurrency = 25;

export function dynamoOrgTree(db: DynamoDBDocumentClient, table: string, now: () => Date = systemNow): OrgTree {
  const pathIs = (orgId: string, path: string): TransactItem => ({
    ConditionCheck: { TableName: table, Key: keys.org(orgId), ConditionExpression: '#path = :path', ExpressionAttributeNames: { '#path': 'path' }, ExpressionAttributeValues: { ':path': path } },
  });
  const notMoving = (orgId: string): TransactItem => ({ ConditionCheck: { TableName: table, Key: moveKey(orgId), ConditionExpression: 'attribute_not_exists(pk)' } });

  const tree: OrgTree = {
    async getOrg(orgId) {
      const out = await db.send(new GetCommand({ TableName: table, Key: keys.org(orgId) }));
      return out.Item ? toOrg(out.Item) : undefined;
    },

    async getOrgs(orgIds) {
      const items = await batchGetItems(db, table, orgIds.map((id) => keys.org(id)));
      return new Map(items.map((item) => [String(item.orgId), toOrg(item)]));
    },

    async childrenOf(orgId) {
      const items = await queryAll(db, {
        TableName: table,
        IndexName: 'byParent',
        KeyConditionExpression: 'gsi1pk = :p AND begins_with(gsi1sk, :org)',
        ExpressionAttributeValues: { ':p': keys.childOf(orgId), ':org': 'ORG#' },
      });
      return items.filter((i) => i.entity === 'org').map(toOrg);
    },

    async descendantsAt(path, limit) {
      const out = await db.send(
        new QueryCommand({
          TableName: table,
          IndexName: 'bySubtree',
          KeyConditionExpression: 'gsi3pk = :t AND begins_with(gsi3sk, :below)',
          ExpressionAttributeValues: { ':t': keys.tree(rootIdOf(path)), ':below': `${path}/` },
          Limit: limit,
        }),
      );
      return (out.Items ?? []).filter((i) => i.entity === 'org').map(toOrg);
    },

    async pendingMove(orgId) {
      const out = await db.send(new GetCommand({ TableName: table, Key: moveKey(orgId), ConsistentRead: true }));
      return out.Item ? toMove(out.Item) : undefined;
    },

    async movesBelow(path) {
      const items = await queryAll(db, {
        TableName: table,
        IndexName: 'bySubtree',
        KeyConditionExpression: 'gsi3pk = :t AND begins_with(gsi3sk, :below)',
        ExpressionAttributeValues: { ':t': moveTree(rootIdOf(path)), ':below': `${path}/` },
      });
      return items.map(toMove);
    },

    async addOrg(org, parent, audit) {
      const at = now();
      const guards = idsOnPath(parent.path).map(notMoving);
      await commit(
        db,
        table,
        { writes: [{ Put: { TableName: table, Item: orgItem(org, at), ConditionExpression: 'attribute_not_exists(pk)' } }, pathIs(parent.orgId, parent.path), ...guards], audit: [audit] },
        at,
        (index) => (index === 0 ? 'ORG.ALREADY_EXISTS' : index === 1 ? 'ORG.CHANGED_MEANWHILE' : 'ORG.MOVE_IN_PROGRESS'),
      );
    },

    async changeOrg(before, after, audit) {
      const at = now();
      const names: Record<string, string> = { '#path': 'path' };
      const values: Record<string, unknown> = { ':path': before.path, ':at': at.toISOString() };
      const sets = ['updatedAt = :at'];
      const removes: string[] = [];
      const indexes = orgIndexes(after);
      for (const field of ['name', 'level', 'kind', 'ownership', 'industry'] as const) {
        if (after[field] === before[field]) continue;
        names[`#${field}`] = field;
        if (after[field] === undefined) removes.push(`#${field}`);
        else {
          sets.push(`#${field} = :${field}`);
          values[`:${field}`] = after[field];
        }
      }
      if (after.name !== before.name && indexes.gsi1sk !== undefined) {
        sets.push('gsi1sk = :gsi1sk');
        values[':gsi1sk'] = indexes.gsi1sk;
      }
      const update: TransactItem = {
        Update: {
          TableName: table,
          Key: keys.org(before.orgId),
          UpdateExpression: `SET ${sets.join(', ')}${removes.length ? ` REMOVE ${removes.join(', ')}` : ''}`,
          ConditionExpression: '#path = :path',
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        },
      };
      await commit(db, table, { writes: [update], audit: [audit] }, at, () => 'ORG.CHANGED_MEANWHILE');
    },

    async startMove(move, target, guardIds, audit) {
      const at = now();
      const marker: TransactItem = { Put: { TableName: table, Item: moveItem(move), ConditionExpression: 'attribute_not_exists(pk)' } };
      await commit(
        db,
        table,
        { writes: [marker, pathIs(move.orgId, move.fromPath), pathIs(target.orgId, target.path), ...guardIds.map(notMoving)], audit: [audit] },
        at,
        (index) => (index === 0 || index > 2 ? 'ORG.MOVE_IN_PROGRESS' : 'ORG.CHANGED_MEANWHILE'),
      );
    },

    async rewritePaths(move, orgs) {
      for (let start = 0; start < orgs.length; start += rewriteConcurrency) {
        await Promise.all(
          orgs.slice(start, start + rewriteConcurrency).map(async (org) => {
            const path = movedPath(org.path, move.fromPath, move.toPath);
            try {
              await db.send(
                new UpdateCommand({
                  TableName: table,
                  Key: keys.org(org.orgId),
                  UpdateExpression: 'SET #path = :new, gsi3pk = :tree, gsi3sk = :new',
                  // Already rewritten by an earlier, interrupted run: the same write again changes nothing.
                  ConditionExpression: '#path = :old OR #path = :new',
                  ExpressionAttributeNames: { '#path': 'path' },
                  ExpressionAttributeValues: { ':old': org.path, ':new': path, ':tree': keys.tree(rootIdOf(path)) },
                }),
              );
            } catch (error) {
              if (error instanceof Error && error.name === 'ConditionalCheckFailedException') throw new DomainError('ORG.CHANGED_MEANWHILE', { cause: error });
              throw error;
            }
          }),
        );
      }
    },

    async finishMove(move, name) {
      const at = now();
      const reparent: TransactItem = {
        Update: {
          TableName: table,
          Key: keys.org(move.orgId),
          UpdateExpression: 'SET parentId = :parent, #path = :to, gsi1pk = :g1pk, gsi1sk = if_not_exists(gsi1sk, :g1sk), gsi3pk = :g3pk, gsi3sk = :to, updatedAt = :at',
          ConditionExpression: '#path = :from',
          ExpressionAttributeNames: { '#path': 'path' },
          ExpressionAttributeValues: { ':parent': move.toParentId, ':to': move.toPath, ':from': move.fromPath, ':g1pk': keys.childOf(move.toParentId), ':g1sk': `ORG#${name}`, ':g3pk': keys.tree(rootIdOf(move.toPath)), ':at': at.toISOString() },
        },
      };
      const unmark: TransactItem = { Delete: { TableName: table, Key: moveKey(move.orgId), ConditionExpression: 'attribute_exists(pk)' } };
      try {
        await commitWithNotices(db, table, { writes: [reparent, unmark] }, at);
      } catch (error) {
        // A concurrent run finished it first: the org sits at its new place and the marker is gone.
        if (!(error instanceof ChangeRefused)) throw error;
        const [org, marker] = await Promise.all([tree.getOrg(move.orgId), tree.pendingMove(move.orgId)]);
        if (org?.path !== move.toPath || marker) throw new DomainError('ORG.CHANGED_MEANWHILE', { cause: error });
      }
    },
  };
  return tree;
}

export function dynamoRoleBook(db: DynamoDBDocumentClient, table: string, now: () => Date = systemNow): RoleBook {
  return {
    async holdersOf(orgId) {
      const items = await queryAll(db, {
        TableName: table,
        IndexName: 'byParent',
        KeyConditionExpression: 'gsi1pk = :p AND begins_with(gsi1sk, :role)',
        ExpressionAttributeValues: { ':p': roleHoldersOf(orgId), ':role': 'ROLE#' },
      });
      return items.flatMap((item): RoleHolding[] => {
        const role = roleSchema.parse(item.role);
        if (!(assignableRoles as readonly string[]).includes(role)) return [];
        return [{ memberId: String(item.memberId), role: role as AssignableRole, ...(typeof item.grantedAt === 'string' ? { grantedAt: item.grantedAt } : {}) }];
      });
    },

    async grant(grant, grantedBy, notice: NoticeDraft, audit: AuditEventDraft) {
      const at = now();
      const put: TransactItem = { Put: { TableName: table, Item: roleItem(grant, grantedBy, at), ConditionExpression: 'attribute_not_exists(pk)' } };
      // Only to a member still on the roster, and bumping the entry's rolesVersion: a leave that read the roles
      // before this grant then fails its condition and retries with it (functions/roster/members.ts removeMember).
      const onRoster: TransactItem = {
        Update: {
          TableName: table,
          Key: keys.member(grant.memberId),
          UpdateExpression: 'ADD rolesVersion :one',
          ConditionExpression: 'entity = :member AND attribute_not_exists(leftOn) AND (attribute_not_exists(#st) OR #st <> :left)',
          ExpressionAttributeNames: { '#st': 'status' },
          ExpressionAttributeValues: { ':one': 1, ':member': 'member', ':left': 'left' },
        },
      };
      // Four eyes (issue 15): investigator and custodian never on one person for one org — checked in the same
      // transaction, so two organisers granting the two roles at the same moment cannot both succeed.
      const conflict = conflictingRole(grant.role);
      const apart: TransactItem[] = conflict
        ? [{ ConditionCheck: { TableName: table, Key: keys.role(grant.memberId, grant.orgId, conflict), ConditionExpression: 'attribute_not_exists(pk)' } }]
        : [];
      try {
        await commit(db, table, { writes: [put, onRoster, ...apart], notices: [notice], audit: [audit] }, at, (index) =>
          index === 0 ? 'ROLE.ALREADY_GRANTED' : index === 1 ? 'ROLE.MEMBER_LEFT' : 'ROLE.IDENTITY_CONFLICT',
        );
      } catch (error) {
        // A leave committing at the same instant cancels the grant as a transaction conflict: say what happened.
        if (!(error instanceof DomainError && error.code === 'ORG.CHANGED_MEANWHILE')) throw error;
        const entry = await db.send(new GetCommand({ TableName: table, Key: keys.member(grant.memberId), ConsistentRead: true }));
        if (entry.Item?.status === 'left' || typeof entry.Item?.leftOn === 'string') throw new DomainError('ROLE.MEMBER_LEFT', { cause: error });
        throw error;
      }
    },

    async revoke(grant, audit) {
      const at = now();
      const remove: TransactItem = { Delete: { TableName: table, Key: keys.role(grant.memberId, grant.orgId, grant.role), ConditionExpression: 'attribute_exists(pk)' } };
      await commit(db, table, { writes: [remove], audit: [audit] }, at, () => 'ROLE.NOT_FOUND');
    },
  };
}

export function dynamoRoster(db: DynamoDBDocumentClient, table: string): Roster {
  return {
    async getMember(memberId) {
      const out = await db.send(new GetCommand({ TableName: table, Key: keys.member(memberId) }));
      return out.Item?.entity === 'member' ? toRosterEntry(out.Item) : undefined;
    },

    async getMembers(memberIds) {
      const items = await batchGetItems(db, table, memberIds.map((id) => keys.member(id)));
      return new Map(items.filter((i) => i.entity === 'member').map((i) => [String(i.memberId), toRosterEntry(i)]));
    },

    async findByName(rosterOrgId, namePrefix, limit) {
      const found: RosterEntry[] = [];
      let start: Item | undefined;
      do {
        const out = await db.send(
          new QueryCommand({
            TableName: table,
            IndexName: 'byParent',
            KeyConditionExpression: 'gsi1pk = :p AND begins_with(gsi1sk, :name)',
            ExpressionAttributeValues: { ':p': keys.childOf(rosterOrgId), ':name': `MEMBER#${namePrefix}` },
            Limit: 100,
            ExclusiveStartKey: start,
          }),
        );
        for (const item of out.Items ?? []) {
          const entry = item.entity === 'member' ? toRosterEntry(item) : undefined;
          if (entry && !entry.left && found.length < limit) found.push(entry);
        }
        start = out.LastEvaluatedKey;
      } while (start && found.length < limit);
      return found;
    },
  };
}

function toRosterEntry(item: Item): RosterEntry {
  return {
    memberId: String(item.memberId),
    name: String(item.name),
    orgId: String(item.orgId),
    ...(typeof item.subOrgId === 'string' ? { subOrgId: item.subOrgId } : {}),
    left: item.status === 'left' || typeof item.leftOn === 'string',
  };
}

/** Commits a change; a refused condition becomes the DomainError that `codeOf(index of the refused write)` names. */
async function commit(
  db: DynamoDBDocumentClient,
  table: string,
  change: Parameters<typeof commitWithNotices>[2],
  at: Date,
  codeOf: (index: number) => ErrorCode,
): Promise<void> {
  try {
    await commitWithNotices(db, table, change, at);
  } catch (error) {
    if (!(error instanceof ChangeRefused)) throw error;
    const refused = error.reasons.findIndex((code) => code === 'ConditionalCheckFailed');
    throw new DomainError(refused >= 0 && refused < change.writes.length ? codeOf(refused) : 'ORG.CHANGED_MEANWHILE', { cause: error });
  }
}

