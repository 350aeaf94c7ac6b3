import { requiredEnv, stage } from '../config/env';
import { secret } from '../config/secrets';
import type { Directory } from '../directory/directory';
import { documentClient, tableName } from '../storage/dynamo';
import { dynamoDirectory } from '../storage/dynamo-directory';
import { bearerToken, requireCurrentMember, verifySession, type Session } from '../auth/session-token';
import type { AuthContext } from '../auth/login';
import type { WeChatConfig } from '../wechat/wechat-api';

// Built once per cold start, on first use (so a test can set the environment before the first request).
let directory: Directory | undefined;
export const theDirectory = (): Directory => (directory ??= dynamoDirectory(documentClient(), tableName()));

export async function authContext(): Promise<AuthContext> {
  return { directory: theDirectory(), sessionSecret: await secret('SESSION_SECRET'), stage: stage() };
}

export async function wechatConfig(): Promise<WeChatConfig> {
  return { baseUrl: requiredEnv('WECHAT_API_BASE'), appid: requiredEnv('WECHAT_APPID'), secret: await secret('WECHAT_APP_SECRET') };
}

/** The caller's session from the bearer token; 401 when absent or invalid, or when its member has left the roster. */
export async function sessionOf(headers: Record<string, string>): Promise<Session> {
  return requireCurrentMember(theDirectory(), await verifySession(bearerToken(headers), await secret('SESSION_SECRET'), stage()));
}

/** For public routes: a session when a token is sent (held to sessionOf's checks), none otherwise. */
export async function optionalSessionOf(headers: Record<string, string>): Promise<Session | undefined> {
  return headers.authorization ? sessionOf(headers) : undefined;
}
