import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildWeapp } from '../support/weapp-build';

/** The API base the prod build of these tests is made for: a name WeChat would accept as a legal domain. */
export const prodApiBase = 'https://api.zhijia.example.cn';
/** …and its AppID (a prod build refuses to build without a real-looking one: miniprogram/config/runtime-env.ts). */
export const prodAppId = 'wx0123456789abcdef';

/**
 * The weapp tests read two builds made once per run, one after the other (2 cores): the local stage's, as
 * `npm run build:weapp` makes it, and prod's, as a release would be made. WEAPP_LOCAL_DIST and WEAPP_PROD_DIST name
 * their folders.
 */
export default async function globalSetup(): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'zhijia-weapp-'));
  const local = join(root, 'local');
  const prod = join(root, 'prod');
  await buildWeapp(local, { TARO_APP_STAGE: 'local' });
  await buildWeapp(prod, { TARO_APP_STAGE: 'prod', TARO_APP_API_BASE: prodApiBase, TARO_APP_ID: prodAppId });
  process.env.WEAPP_LOCAL_DIST = local;
  process.env.WEAPP_PROD_DIST = prod;
}
