import { BatchWriteCommand, QueryCommand } from '../../../functions/storage/document-client';
import { signSession } from '../../../functions/auth/session-token';
import { dynamoAuditLog } from '../../../functions/audit/dynamo-audit-log';
import { handler as orgs } from '../../../functions/handlers/orgs';
import { keys } from '../../../functions/storage/keys';
import type { TestTable } from '../../support/dynamo';
import { httpEvent, jsonOf } from '../../support/http-event';

export const sessionSecret = 'orgs-test-session-secret-0123456789';

/** The seeded people these tests act as, and one organiser per district added by `addDistrictOrganisers`. */
export const people = {
  cityOrganiser: 'staff-city-1',
  reviewerJiefang: 'staff-dist-jiefang',
  reviewerShanyang: 'staff-dist-shanyang',
  organiserJiefang: 'org-staff-jiefang',
  chairYuntai: 'gu-yuntai-m001',
  viceChairYuntai: 'gu-yuntai-m002',
  chairRenmin: 'gu-renmin-m001',
  memberYuntai: 'gu-yuntai-m007',
};

export function useEnvironment(table: TestTable): void {
  Object.assign(process.env, { STAGE: 'local', TABLE_NAME: table.tableName, DYNAMODB_ENDPOINT: table.endpoint, SESSION_SECRET: sessionSecret });
}

/** An organiser of the Jiefang district federation only (on its staff roster). */
export async function addDistrictOrganiser(table: TestTable): Promise<void> {
  const memberId = people.organiserJiefang;
  const items = [
    { ...keys.member(memberId), entity: 'member', memberId, name: '赵明', orgId: 'dist-jiefang', gsi1pk: keys.childOf('dist-jiefang'), gsi1sk: `MEMBER#赵明#${memberId}` },
    { ...keys.role(memberId, 'dist-jiefang', 'organiser'), entity: 'role', memberId, orgId: 'dist-jiefang', role: 'organiser', gsi1pk: keys.childOf('dist-jiefang'), gsi1sk: `ROLE#organiser#${memberId}` },
  ];
  await table.db.send(new BatchWriteCommand({ RequestItems: { [table.tableName]: items.map((Item) => ({ PutRequest: { Item } })) } }));
}

/**
 * Calls the orgs handler as API Gateway would: the route key is the template ("GET /v1/orgs/{orgId}"), the path
 * parameters are filled in, and the caller signs in as `memberId` (no token when undefined).
 */
export async function call(
  memberId: string | undefined,
  routeKey: string,
  params: Record<string, string> = {},
  options: { body?: unknown; query?: Record<string, string> } = {},
) {
  const [method = 'GET', template = '/'] = routeKey.split(' ');
  const path = template.replace(/\{(\w+)\}/g, (_m, name: string) => encodeURIComponent(params[name] ?? ''));
  const token = memberId ? (await signSession({ memberId, openid: `o-${memberId}` }, sessionSecret, 'local')).token : undefined;
  const event = httpEvent(method, path, { ...(options.body === undefined ? {} : { body: options.body }), headers: token ? { authorization: `Bearer ${token}` } : {} });
  const query = options.query ?? {};
  return jsonOf(
    await orgs({
      ...event,
      routeKey,
      requestContext: { ...event.requestContext, routeKey },
      pathParameters: params,
      queryStringParameters: query,
      rawQueryString: new URLSearchParams(query).toString(),
    }),
  );
}

/** The org audit chain of one org: actions in order, and whether it verifies. */
export async function orgTrail(table: TestTable, orgId: string) {
  const chain = await dynamoAuditLog(table.db, table.tableName).chainOf('org', orgId);
  return { actions: chain.events.map((e) => e.action), events: chain.events, verified: chain.verified };
}

/** The paths of the orgs in the tree of city-jz whose path starts with `prefix`, as bySubtree has them. */
export async function pathsUnder(table: TestTable, prefix: string): Promise<string[]> {
  const out = await table.db.send(
    new QueryCommand({
      TableName: table.tableName,
      IndexName: 'bySubtree',
      KeyConditionExpression: 'gsi3pk = :t AND begins_with(gsi3sk, :p)',
      ExpressionAttributeValues: { ':t': keys.tree('city-jz'), ':p': prefix },
    }),
  );
  return (out.Items ?? []).map((i) => String(i.gsi3sk)).sort();
}
