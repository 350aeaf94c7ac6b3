// Grants the platform operator role (平台运维: keeps each year's holiday arrangement) to a member on an org, with an
// audit event. The role is never assignable through the API (an organiser must not be able to grant it to
// themselves); on AWS this script, run with the deploying account's credentials, is the way to give it.
// Run: npm run operator:grant -- <memberId> <orgId> "<reason>"
// Against the `npm start` stack by default; DYNAMODB_ENDPOINT and TABLE_NAME choose another (DYNAMODB_ENDPOINT=aws
// uses the AWS endpoint of AWS_REGION, with the usual AWS credentials).
import { GetCommand } from '../functions/storage/document-client';
import { createDocumentClient } from '../functions/storage/dynamo';
import { keys } from '../functions/storage/keys';
import { appendAuditEvents } from '../functions/audit/audit-trail';

const endpointSetting = process.env.DYNAMODB_ENDPOINT || 'http://127.0.0.1:8000';
const endpoint = endpointSetting === 'aws' ? undefined : endpointSetting;
const table = process.env.TABLE_NAME || 'zhigong-zhijia-local';
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

async function main(): Promise<number> {
  const [memberId, orgId, reason] = process.argv.slice(2);
  if (!memberId || !orgId || !reason) {
    process.stderr.write('用法：npm run operator:grant -- <会员编号 memberId> <组织编号 orgId> "<授予原因>"\n');
    return 2;
  }
  if (!endpoint) delete process.env.DYNAMODB_ENDPOINT;
  const db = createDocumentClient(endpoint);
  const org = (await db.send(new GetCommand({ TableName: table, Key: keys.org(orgId) }))).Item;
  const member = (await db.send(new GetCommand({ TableName: table, Key: keys.member(memberId) }))).Item;
  if (!org || !member) {
    process.stderr.write(`${!org ? `没有组织 ${orgId}` : `没有会员 ${memberId}`}（表 ${table}）\n`);
    return 1;
  }
  await appendAuditEvents(db, table, [{ subjectType: 'org', subjectId: orgId, scopePath: String(org.path), action: 'role.granted', actor: { memberId: 'system', role: 'system' }, reason, data: { memberId, role: 'operator' } }], {
    extraWrites: [{ Put: { TableName: table, Item: { ...keys.role(memberId, orgId, 'operator'), entity: 'role', memberId, orgId, role: 'operator', gsi1pk: keys.childOf(orgId), gsi1sk: `ROLE#operator#${memberId}` } } }],
  });
  process.stdout.write(`已授予 ${String(member.name ?? memberId)}（${memberId}）在 ${String(org.name ?? orgId)} 的平台运维角色，并记入审计。\n`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`授予失败：${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  },
);
