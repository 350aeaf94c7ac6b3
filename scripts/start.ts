/**
 * `npm start`: the whole product on this machine — DynamoDB Local (data under .data/), the table and demo data,
 * the WeChat stand-in, the HTTP API (osls offline), the clock job, and the H5 app. Ctrl-C stops everything.
 * `ZHIJIA_CLOCK_AT=2026-12-28T10:00:00+08:00 npm start` runs the product at that instant (its clock runs on from there).
 */
import { join } from 'node:path';
import { formatShanghaiDateTime } from '../shared/calendar/shanghai-date';
import { repoRoot, startLocalStack } from './local/local-stack';
import { stopAll } from './local/processes';

const port = (name: string, fallback: number): number => Number(process.env[name] ?? fallback);

async function main(): Promise<void> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  process.stdout.write('正在启动职工之家本地环境…\n');
  const clockAt = process.env.ZHIJIA_CLOCK_AT || undefined;
  const stack = await startLocalStack({
    dataDir: process.env.DATA_DIR ?? join(repoRoot, '.data'),
    inMemory: false,
    ports: {
      dynamodb: port('DYNAMODB_PORT', 8000),
      api: port('API_PORT', 3000),
      lambda: port('LAMBDA_PORT', 3002),
      wechat: port('WECHAT_STANDIN_PORT', 3999),
      h5: port('H5_PORT', 10086),
    },
    h5: process.env.SKIP_H5 !== '1',
    clockIntervalMs: port('CLOCK_INTERVAL_SECONDS', 15) * 1000,
    ...(clockAt ? { clockAt } : {}),
    quiet: process.env.VERBOSE !== '1',
    log: (line) => process.stdout.write(line + '\n'),
  });

  const width = Math.max(...stack.identities.map((i) => i.identity.length));
  process.stdout.write(
    [
      '',
      '职工之家本地环境已就绪',
      `  H5 页面（手机尺寸浏览）：${stack.h5Url ?? '（已跳过，SKIP_H5=1）'}`,
      `  HTTP API：            ${stack.apiUrl}/v1/health`,
      `  DynamoDB Local：      ${stack.dynamodbEndpoint}（数据保存在 .data/dynamodb，表 ${stack.tableName}）`,
      `  微信接口本地替身：    ${stack.wechatUrl}`,
      `  证明材料存储替身：    ${stack.evidenceUrl}（文件保存在 .data/evidence）`,
      ...(clockAt ? [`  产品时钟（ZHIJIA_CLOCK_AT）：北京时间 ${formatShanghaiDateTime(stack.now())}，由此继续走时（实际时间 ${formatShanghaiDateTime(new Date())}）`] : []),
      '',
      '演示身份（在 H5 首页点选即可登录）：',
      ...stack.identities.map((i) => `  ${i.identity.padEnd(width)}  ${i.name}  ${i.description}`),
      '',
      '按 Ctrl-C 停止全部服务；再次运行 npm start 会保留数据。',
      '',
    ].join('\n'),
  );

  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    process.stdout.write('\n正在停止…\n');
    stack
      .stop()
      .then(() => process.exit(0))
      .catch(() => process.exit(1));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch(async (error: unknown) => {
  process.stderr.write(`启动失败：${error instanceof Error ? error.message : String(error)}\n`);
  await stopAll();
  process.exit(1);
});
