import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalStack, type LocalStack } from '../../scripts/local/local-stack';
import { ensureSystemPackages } from '../../scripts/local/prerequisites';
import { waitFor } from '../../scripts/local/processes';
import { testPorts } from '../support/ports';

/**
 * The instant the stack runs at, so that no browser test depends on the day or the hour it runs (DESIGN.md
 * invariant 12): Monday 14 December 2026, 09:30 in Beijing — an ordinary working day (no holiday, no 调休 nearby),
 * with its working hours ahead. E2E_CLOCK_AT=<ISO instant> runs the suite at another one.
 */
export const defaultE2eClockAt = '2026-12-14T09:30:00+08:00';

/**
 * The whole local stack as `npm start` runs it — DynamoDB Local (in memory), osls offline, the WeChat stand-in,
 * the H5 build served on 127.0.0.1 — on ports of its own, for the browser tests, at a fixed instant.
 */
export default async function globalSetup(): Promise<void> {
  ensureSystemPackages(['java', 'chromium', 'cjkFonts']);
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  const dataDir = mkdtempSync(join(tmpdir(), 'zhijia-e2e-'));
  const stack = await startLocalStack({
    dataDir,
    inMemory: true,
    ports: testPorts.e2e,
    h5: true,
    clockIntervalMs: 5_000,
    clockAt: process.env.E2E_CLOCK_AT || defaultE2eClockAt,
    quiet: true,
    log: () => undefined,
  });
  // Warm the functions the first pages call, so no test pays a cold start (retried: a pooled keep-alive
  // connection closed by the server during the H5 build makes the first fetch fail).
  for (const path of ['/v1/health', '/v1/auth/demo-identities']) {
    await waitFor(`GET ${path}`, async () => (await fetch(`${stack.apiUrl}${path}`)).ok, 60_000, 500);
  }
  process.env.E2E_H5_URL = stack.h5Url;
  process.env.E2E_API_URL = stack.apiUrl;
  process.env.E2E_WECHAT_URL = stack.wechatUrl;
  process.env.E2E_DYNAMODB_ENDPOINT = stack.dynamodbEndpoint;
  process.env.E2E_TABLE_NAME = stack.tableName;
  process.env.E2E_LAMBDA_PORT = String(testPorts.e2e.lambda);
  // Its generated keys live there (a test signs a session that has run out with the stack's own key).
  process.env.E2E_DATA_DIR = dataDir;
  // The stack's clock for the tests and their browser pages (test/support/stack-clock.ts).
  process.env.E2E_CLOCK_OFFSET_MS = String(stack.clockOffsetMs);
  (globalThis as { __stack?: LocalStack }).__stack = stack;
}
