import { GetCommand, QueryCommand, type DynamoDBDocumentClient } from './document-client';
import { org as orgSchema, role as roleSchema, type Org } from '@shared/domain/org';
import type { DemoIdentityRecord, Directory, MemberRecord, RoleGrant } from '../directory/directory';
import { batchGetItems } from './dynamo';
import { keys } from './keys';

type Item = Record<string, unknown>;

export function dynamoDirectory(db: DynamoDBDocumentClient, table: string): Directory {
  return {
    async findMemberByOpenid(openid) {
      const out = await db.send(
        new QueryCommand({ TableName: table, IndexName: 'byOpenid', KeyConditionExpression: 'openid = :o', ExpressionAttributeValues: { ':o': openid }, Limit: 2 }),
      );
      const item = (out.Items ?? []).find((i) => i.entity === 'member');
      return item ? toMember(item) : undefined;
    },

    async getMember(memberId) {
      const out = await db.send(new GetCommand({ TableName: table, Key: keys.member(memberId), ConsistentRead: true }));
      return out.Item?.entity === 'member' ? toMember(out.Item) : undefined;
    },

    async roleGrantsOf(memberId) {
      // One consistent read of the member's partition from its entry (sk MEMBER) to its roles (sk ROLE#…): roles
      // count only while the entry says the member is on the roster. Leaving deletes the roles too
      // (functions/roster/members.ts); this also covers roles left on entries that left before it did.
      const items: Item[] = [];
      let start: Item | undefined;
      do {
        const out = await db.send(
          new QueryCommand({
            TableName: table,
            KeyConditionExpression: 'pk = :pk AND sk BETWEEN :member AND :roles',
            ExpressionAttributeValues: { ':pk': keys.member(memberId).pk, ':member': keys.member(memberId).sk, ':roles': 'ROLE$' },
            ConsistentRead: true,
            ExclusiveStartKey: start,
          }),
        );
        items.push(...(out.Items ?? []));
        start = out.LastEvaluatedKey;
      } while (start);
      const entry = items.find((i) => i.sk === keys.member(memberId).sk && i.entity === 'member');
      if (!entry || hasLeft(entry)) return [];
      return items.filter((i) => String(i.sk).startsWith('ROLE#')).map((i): RoleGrant => ({ orgId: String(i.orgId), role: roleSchema.parse(i.role) }));
    },

    async getOrgs(orgIds) {
      const items = await batchGetItems(db, table, orgIds.map((id) => keys.org(id)));
      return new Map(items.map((item) => {
        const parsed = toOrg(item);
        return [parsed.orgId, parsed];
      }));
    },

    async demoIdentities() {
      const out = await db.send(
        new QueryCommand({ TableName: table, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': 'DEMO' } }),
      );
      return (out.Items ?? []).map(toDemoIdentity).sort((a, b) => a.identity.localeCompare(b.identity));
    },

    async getDemoIdentity(identity) {
      const out = await db.send(new GetCommand({ TableName: table, Key: keys.demoIdentity(identity) }));
      return out.Item ? toDemoIdentity(out.Item) : undefined;
    },
  };
}

/** status left or a leftOn date, as every reader of the roster judges it (functions/roster/roster-store.ts). */
const hasLeft = (item: Item): boolean => item.status === 'left' || typeof item.leftOn === 'string';

function toMember(item: Item): MemberRecord {
  return {
    memberId: String(item.memberId),
    name: String(item.name),
    orgId: String(item.orgId),
    ...(typeof item.openid === 'string' ? { openid: item.openid } : {}),
    left: hasLeft(item),
  };
}

function toOrg(item: Item): Org {
  return orgSchema.parse({
    orgId: item.orgId,
    name: item.name,
    level: item.level,
    kind: item.kind,
    ownership: item.ownership,
    industry: item.industry,
    parentId: item.parentId,
    path: item.path,
    closure: item.closure,
  });
}

function toDemoIdentity(item: Item): DemoIdentityRecord {
  return {
    identity: String(item.identity),
    name: String(item.name),
    description: String(item.description),
    memberId: String(item.memberId),
  };
}
