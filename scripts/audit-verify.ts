// Verifies every audit chain in the table (DESIGN.md invariant 6) and prints the first broken link of each
// broken chain. Exits 0 when every chain is intact, 1 when one is broken, 2 when the table cannot be read.
// Run: npm run audit:verify — against the `npm start` stack by default; DYNAMODB_ENDPOINT and TABLE_NAME choose
// another (DYNAMODB_ENDPOINT=aws uses the AWS endpoint of AWS_REGION, with the usual AWS credentials).
import { createDocumentClient } from '../functions/storage/dynamo';
import { verifyAuditChains } from '../functions/audit/verify-chain';

const endpointSetting = process.env.DYNAMODB_ENDPOINT || 'http://127.0.0.1:8000';
const endpoint = endpointSetting === 'aws' ? undefined : endpointSetting;
const table = process.env.TABLE_NAME || 'zhigong-zhijia-local';
const out = (line: string) => process.stdout.write(`${line}\n`);
// Known and planned for (README): the pinned SDK's Node 22 notice would bury the result.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

async function main(): Promise<number> {
  // Without an endpoint the client falls back to DYNAMODB_ENDPOINT, so 'aws' must not stay there.
  if (!endpoint) delete process.env.DYNAMODB_ENDPOINT;
  const db = createDocumentClient(endpoint);
  out(`审计链校验：表 ${table}（${endpoint ?? 'AWS'}）`);
  try {
    const result = await verifyAuditChains(db, table);
    out(`共 ${result.subjects} 个审计对象，${result.events} 条审计记录。`);
    if (result.broken.length === 0) {
      out('✓ 全部审计链完整：序号连续，哈希逐条相接，内容与哈希一致。');
      return 0;
    }
    out(`✗ ${result.broken.length} 个审计对象的审计链断裂（每个对象列出第一个断点）：`);
    for (const link of result.broken) out(`  ${link.subject}  第 ${link.seq} 条：${link.problem}`);
    const first = result.broken[0];
    if (first) out(`首个断点：${first.subject} 第 ${first.seq} 条 —— ${first.problem}`);
    return 1;
  } catch (error) {
    const name = error instanceof Error ? error.name : '';
    const hint = name === 'ResourceNotFoundException' ? `找不到表 ${table}` : `无法读取表 ${table}（DynamoDB 是否已启动？可先运行 npm start）`;
    process.stderr.write(`✗ ${hint}：${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  } finally {
    db.destroy();
  }
}

void main().then((code) => process.exit(code));
