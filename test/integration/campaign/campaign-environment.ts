import { randomBytes } from 'node:crypto';
import { registerLocalTemplates } from '../../../scripts/local/local-stack';
import { startWechatStandin, type WeChatStandin } from '../../../scripts/local/wechat-standin';
import type { TestTable } from '../../support/dynamo';
import { useAppraisalTables } from '../appraisal/appraisal-support';

/**
 * What a whole campaign through the handlers needs besides the table: the clock function delivers its notices
 * (campaign published, publicity closed) through WeChat's stand-in, and reads the report keys. Close the stand-in after.
 */
export async function useCampaignEnvironment(table: TestTable): Promise<WeChatStandin> {
  useAppraisalTables(table);
  const wechat = await startWechatStandin({ appid: 'wx-test', secret: 'wechat-test-secret' });
  registerLocalTemplates(wechat);
  const keys = { REPORTER_KEY: randomBytes(32).toString('base64url'), WATCHER_KEY: randomBytes(32).toString('base64url') };
  Object.assign(process.env, { ...keys, WECHAT_API_BASE: wechat.url, WECHAT_APPID: 'wx-test', WECHAT_APP_SECRET: 'wechat-test-secret' });
  return wechat;
}
