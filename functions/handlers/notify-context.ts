import { stage } from '../config/env';
import type { DispatchDeps } from '../notify/dispatcher';
import { documentClient, tableName } from '../storage/dynamo';
import { accessTokenProvider, type AccessTokens } from '../wechat/access-token';
import { sendSubscribeMessage } from '../wechat/subscribe-message';
import { wechatConfig } from './context';

let tokens: AccessTokens | undefined;

/** The dispatcher's dependencies, built once per cold start: the table, and WeChat through a shared token. */
export async function dispatchDeps(): Promise<DispatchDeps> {
  const config = await wechatConfig();
  tokens ??= accessTokenProvider(config, documentClient(), tableName());
  const theTokens = tokens;
  return { db: documentClient(), table: tableName(), stage: stage(), send: (message) => sendSubscribeMessage(config, theTokens, message) };
}
