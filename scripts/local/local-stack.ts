import { execFile } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createDocumentClient } from '../../functions/storage/dynamo';
import { clockOffsetVariable, offsetToReach } from '../../functions/time/clock';
import { startDynamoDbLocal } from './dynamodb-local';
import { startEvidenceServer } from './evidence-server';
import { localSecret } from './keys';
import { ensureSystemPackages } from './prerequisites';
import { startChild, stopAll, waitFor } from './processes';
import { seedWhenEmpty, type DemoIdentitySeed } from './seed';
import { serveStatic } from './static-server';
import { ensureBallotBox, ensureTable } from './table';
import { startWechatStandin, type WeChatStandin } from './wechat-standin';
import { noticeTemplates, type NoticeTemplate } from '../../config/notice-templates';

/** The local stage's subscribe-message templates, as the mini-program's WeChat console would hold them. */
export function registerLocalTemplates(wechat: WeChatStandin): void {
  for (const template of Object.values(noticeTemplates as Record<string, NoticeTemplate>)) {
    if (!template.wechat) continue;
    wechat.registerTemplate(template.wechat.templateIds.local, Object.fromEntries(Object.entries(template.wechat.fields).map(([key, field]) => [key, field.type])));
  }
}

export const repoRoot = resolve(__dirname, '..', '..');
export const serviceName = 'zhigong-zhijia';

export interface LocalStackOptions {
  /** Where data and generated keys live (.data/ for `npm start`; a temp folder for tests). */
  dataDir: string;
  /** Keep DynamoDB's data in memory (tests) rather than under dataDir/dynamodb. */
  inMemory: boolean;
  ports: { dynamodb: number; api: number; lambda: number; wechat: number; h5: number };
  /** Build and serve the H5 app. */
  h5: boolean;
  clockIntervalMs: number;
  /**
   * Run the product at this instant (ISO 8601 with an offset, e.g. 2026-12-28T10:00:00+08:00) rather than the real
   * time: the clock then runs on from there. Absent: the real time. `npm start` takes it from ZHIJIA_CLOCK_AT.
   */
  clockAt?: string;
  quiet: boolean;
  log: (line: string) => void;
}

export interface LocalStack {
  apiUrl: string;
  h5Url: string | undefined;
  dynamodbEndpoint: string;
  wechatUrl: string;
  /** The local stand-in of the evidence bucket (presigned uploads and downloads). */
  evidenceUrl: string;
  tableName: string;
  env: Record<string, string>;
  /** How far the product's clock is ahead of the real one (negative: behind); 0 without `clockAt`. */
  clockOffsetMs: number;
  /** Now, as every process of this stack sees it. */
  now(): Date;
  identities: DemoIdentitySeed[];
  seeded: boolean;
  stop(): Promise<void>;
}

const stage = 'local';

/** The environment the functions see on the local stage (serverless.yml reads these as ${env:…}). */
function functionEnv(o: LocalStackOptions, endpoint: string, wechatUrl: string, wechatSecret: string, clockOffsetMs: number | undefined): Record<string, string> {
  return {
    STAGE: stage,
    TABLE_NAME: `${serviceName}-${stage}`,
    BALLOT_BOX_TABLE_NAME: `${serviceName}-${stage}-ballot-box`,
    DYNAMODB_ENDPOINT: endpoint,
    AWS_REGION: 'cn-north-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    SESSION_SECRET: localSecret(o.dataDir, 'session-secret'),
    WECHAT_APP_SECRET: wechatSecret,
    PERSONAL_DATA_KEY: localSecret(o.dataDir, 'personal-data-key'),
    REPORTER_KEY: localSecret(o.dataDir, 'reporter-key'),
    WATCHER_KEY: localSecret(o.dataDir, 'watcher-key'),
    REPORT_RATE_SECRET: localSecret(o.dataDir, 'report-rate-secret'),
    WECHAT_APPID: 'wx-local-appid',
    WECHAT_API_BASE: wechatUrl,
    DEMO_LOGIN: 'on',
    API_PORT: String(o.ports.api),
    LAMBDA_PORT: String(o.ports.lambda),
    // The same offset for every function (functions/time/clock.ts); empty also clears one inherited from the shell.
    [clockOffsetVariable]: clockOffsetMs === undefined ? '' : String(clockOffsetMs),
    // Known and planned for (README): SDK releases after January 2027 need Node 22; the version is pinned.
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  };
}

/** A certificate's QR code opens the stack's own H5 荣誉证书查询 page (functions/campaign/certificate-pdf.ts), when it serves one. */
const certificateCheckEnv = (o: LocalStackOptions): Record<string, string> => (o.h5 ? { CERTIFICATE_CHECK_BASE: `http://127.0.0.1:${o.ports.h5}/` } : {});

/** The clock seals the audit chains' heads into a write-once folder beside the data (functions/audit/anchor-store.ts). */
const anchorEnv = (dataDir: string): Record<string, string> => ({ AUDIT_ANCHOR_STORE: 'local', AUDIT_ANCHOR_DIR: join(dataDir, 'anchors') });

export async function startLocalStack(o: LocalStackOptions): Promise<LocalStack> {
  ensureSystemPackages(['java']);
  const started = Date.now();
  const step = (what: string) => o.log(`  ${what}（${((Date.now() - started) / 1000).toFixed(1)} 秒）`);
  // Computed once, so that every process of the stack agrees on the time to the millisecond.
  const clockOffsetMs = o.clockAt === undefined ? undefined : offsetToReach(o.clockAt);
  const now = (): Date => new Date(Date.now() + (clockOffsetMs ?? 0));

  const dynamodb = await startDynamoDbLocal({ port: o.ports.dynamodb, ...(o.inMemory ? {} : { dbPath: join(o.dataDir, 'dynamodb') }), quiet: o.quiet });
  step(`DynamoDB Local 已启动：${dynamodb.endpoint}`);

  const wechatSecret = localSecret(o.dataDir, 'wechat-app-secret');
  const wechat = await startWechatStandin({ port: o.ports.wechat, appid: 'wx-local-appid', secret: wechatSecret });
  registerLocalTemplates(wechat);
  // Evidence files: the local stand-in of the bucket, on a port of its own, before osls reads the environment.
  const evidenceKey = localSecret(o.dataDir, 'evidence-key');
  const evidence = await startEvidenceServer({ port: 0, dir: join(o.dataDir, 'evidence'), secret: evidenceKey, now });
  const env: Record<string, string> = { ...functionEnv(o, dynamodb.endpoint, wechat.url, wechatSecret, clockOffsetMs), EVIDENCE_STORE: 'local', EVIDENCE_DIR: join(o.dataDir, 'evidence'), EVIDENCE_LOCAL_URL: evidence.url, EVIDENCE_KEY: evidenceKey, ...anchorEnv(o.dataDir), ...certificateCheckEnv(o) };
  const tableName = env.TABLE_NAME as string;

  const raw = new DynamoDBClient({ endpoint: dynamodb.endpoint, region: 'cn-north-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  const created = await ensureTable(raw, tableName);
  await ensureBallotBox(raw, env.BALLOT_BOX_TABLE_NAME as string);
  raw.destroy();
  const db = createDocumentClient(dynamodb.endpoint);
  const { seeded, identities } = await seedWhenEmpty(db, tableName);
  db.destroy();
  step(created ? `已创建数据表 ${tableName}` : `沿用已有数据表 ${tableName}`);
  step(seeded ? '已写入演示数据' : '演示数据已存在，保留原有数据');

  // The H5 build goes beside the stack's data, so two stacks (npm start and the browser tests) never share one.
  const h5Dir = join(o.dataDir, 'h5');
  const h5Build = o.h5 ? buildH5(`http://127.0.0.1:${o.ports.api}`, o.quiet, h5Dir) : Promise.resolve();
  const apiUrl = `http://127.0.0.1:${o.ports.api}`;
  const osls = join(dirname(require.resolve('osls/package.json')), 'bin', 'serverless.js');
  // Quiet (tests, bench) and no level asked for: osls offline's own log stops at warnings. Its notice lines for each
  // request were ~13% of its main thread's busy time under load: synchronous writes to a pipe that is read only to be
  // dropped (issue 18 point 5).
  const oslsLog = o.quiet && !process.env.LOG_LEVEL ? { LOG_LEVEL: 'warning' } : {};
  startChild(process.execPath, [osls, 'offline', 'start', '--stage', stage], { label: 'api', cwd: repoRoot, env: { ...process.env, ...env, ...oslsLog, ESBUILD_WORK_FOLDER: `.esbuild-${o.ports.api}`, SLS_TELEMETRY_DISABLED: '1', SLS_NOTIFICATIONS_MODE: 'off' }, quiet: o.quiet });
  await waitFor(`the HTTP API on ${apiUrl}`, async () => (await fetch(`${apiUrl}/v1/health`)).ok, 120_000, 500);
  step(`HTTP API 已启动：${apiUrl}`);

  // The clock job runs in the functions' process (osls offline), on the offset passed to it above.
  const clock = setInterval(() => {
    invokeClock(o.ports.lambda).catch((error: unknown) => o.log(`  定时任务运行失败：${String(error)}`));
  }, o.clockIntervalMs);
  await invokeClock(o.ports.lambda);
  step(`定时任务已运行，每 ${Math.round(o.clockIntervalMs / 1000)} 秒一次`);

  let h5Url: string | undefined;
  let h5Server: { close(): Promise<void> } | undefined;
  if (o.h5) {
    await h5Build;
    const served = await serveStatic(h5Dir, o.ports.h5);
    h5Server = served;
    h5Url = served.url;
    step(`H5 页面已构建并启动：${h5Url}`);
  }

  return {
    apiUrl,
    h5Url,
    dynamodbEndpoint: dynamodb.endpoint,
    wechatUrl: wechat.url,
    evidenceUrl: evidence.url,
    tableName,
    env,
    clockOffsetMs: clockOffsetMs ?? 0,
    now,
    identities,
    seeded,
    async stop() {
      clearInterval(clock);
      await h5Server?.close();
      await wechat.close();
      await evidence.close();
      await stopAll();
    },
  };
}

/** The scheduled function, invoked through serverless-offline's Lambda endpoint as AWS's scheduler would. */
export async function invokeClock(lambdaPort: number): Promise<unknown> {
  const response = await fetch(`http://127.0.0.1:${lambdaPort}/2015-03-31/functions/${serviceName}-${stage}-clock/invocations`, { method: 'POST', body: '{}' });
  if (!response.ok) throw new Error(`clock invocation answered HTTP ${response.status}`);
  return response.json();
}

const run = promisify(execFile);

export async function buildH5(apiBase: string, quiet: boolean, outDir: string): Promise<void> {
  const taro = join(repoRoot, 'node_modules', '.bin', 'taro');
  const { stderr } = await run(taro, ['build', '--type', 'h5'], {
    cwd: join(repoRoot, 'miniprogram'),
    env: { ...process.env, NODE_ENV: 'production', TARO_APP_API_BASE: apiBase, TARO_APP_STAGE: 'local', ZHIJIA_TARO_OUTPUT: outDir },
    maxBuffer: 64 * 1024 * 1024,
  });
  if (!quiet && stderr.trim()) process.stderr.write(stderr);
}
