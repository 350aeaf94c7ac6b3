// Verifies every audit chain in the table (DESIGN.md invariant 6) and against the newest anchor sealed outside the
// table (issue 15, point 6), and prints the first broken link of each broken chain. Exits 0 when every chain is
// intact, 1 when one is broken, 2 when the table or the anchors cannot be read.
// Run: npm run audit:verify — against the `npm start` stack by default; DYNAMODB_ENDPOINT and TABLE_NAME choose
// another (DYNAMODB_ENDPOINT=aws uses the AWS endpoint of AWS_REGION, with the usual AWS credentials). Anchors: the
// folder AUDIT_ANCHOR_DIR (default .data/anchors) locally; AUDIT_ANCHOR_BUCKET (S3) with DYNAMODB_ENDPOINT=aws.
import { resolve } from 'node:path';
import { localAnchorStore, latestAnchor, type AnchorStore } from '../functions/audit/anchor-store';
import { s3AnchorStore } from '../functions/audit/s3-anchor-store';
import { createDocumentClient } from '../functions/storage/dynamo';
import { verifyAuditChains } from '../functions/audit/verify-chain';

const endpointSetting = process.env.DYNAMODB_ENDPOINT || 'http://127.0.0.1:8000';
const endpoint = endpointSetting === 'aws' ? undefined : endpointSetting;
const table = process.env.TABLE_NAME || 'zhigong-zhijia-local';
const out = (line: string) => process.stdout.write(`${line}\n`);
const dayMs = 24 * 60 * 60 * 1000;

function anchorStore(): AnchorStore {
  const bucket = process.env.AUDIT_ANCHOR_BUCKET;
  if (bucket) return s3AnchorStore({ bucket });
  if (!endpoint) throw new Error('审计链封存在 S3：请设置 AUDIT_ANCHOR_BUCKET（部署输出 AuditAnchorBucketName）');
  return localAnchorStore(process.env.AUDIT_ANCHOR_DIR || resolve(__dirname, '..', '.data', 'anchors'));
}
// Known and planned for (README): the pinned SDK's Node 22 notice would bury the result.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

async function main(): Promise<number> {
  // Without an endpoint the client falls back to DYNAMODB_ENDPOINT, so 'aws' must not stay there.
  if (!endpoint) delete process.env.DYNAMODB_ENDPOINT;
  const db = createDocumentClient(endpoint);
  out(`审计链校验：表 ${table}（${endpoint ?? 'AWS'}）`);
  try {
    const store = anchorStore();
    // The newest seal covers every chain ever sealed (a seal carries forward what it could not move on).
    const anchor = await latestAnchor(store, table, new Date());
    const result = await verifyAuditChains(db, table, { anchor, store });
    out(`共 ${result.subjects} 个审计对象，${result.events} 条审计记录。`);
    if (anchor) {
      out(`封存锚点：${store.location} ${anchor.key}（${anchor.anchor.sealedAt}，${Object.keys(anchor.anchor.chains).length} 条审计链）`);
      const age = Date.now() - Date.parse(anchor.anchor.sealedAt);
      if (result.unanchored) out(`其中 ${result.unanchored} 个审计对象在此次封存之后才开始记录，尚未封存，只受表内哈希链保护。`);
      if (age > 2 * dayMs) out(`⚠ 最新的封存已是 ${Math.floor(age / dayMs)} 天前：定时任务是否仍在运行？此后的记录只受表内哈希链保护。`);
    } else {
      out(`⚠ ${store.location} 中没有表 ${table} 的封存锚点：只校验了表内哈希链，整条链被一致地改写时无法发现。`);
    }
    if (result.broken.length === 0) {
      out(anchor ? '✓ 全部审计链完整：序号连续，哈希逐条相接，内容与哈希一致，已封存的记录与封存锚点一致。' : '✓ 全部审计链完整：序号连续，哈希逐条相接，内容与哈希一致。');
      return 0;
    }
    out(`✗ ${result.broken.length} 个审计对象的审计链断裂（每个对象列出第一个断点）：`);
    for (const link of result.broken) out(`  ${link.subject}  第 ${link.seq} 条：${link.problem}`);
    const first = result.broken[0];
    if (first) out(`首个断点：${first.subject} 第 ${first.seq} 条 —— ${first.problem}`);
    return 1;
  } catch (error) {
    const name = error instanceof Error ? error.name : '';
    const hint = name === 'ResourceNotFoundException' ? `找不到表 ${table}` : `无法读取表 ${table} 或其封存锚点（DynamoDB 是否已启动？可先运行 npm start）`;
    process.stderr.write(`✗ ${hint}：${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  } finally {
    db.destroy();
  }
}

void main().then((code) => process.exit(code));
