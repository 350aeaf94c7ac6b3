import { fitTemplateValue, type TemplateDefinition, type TemplateValueInput } from '@shared/notify/template-values';
import { stage } from '../config/env';
import { log } from '../http/logger';
import { AccessTokenError, type AccessTokens } from './access-token';
import type { MiniprogramState, WeChatConfig } from './wechat-api';

/**
 * What a send came to, WeChat's errcodes sorted by what to do about them:
 * - `sent`;
 * - `refused` (43101): the user refused, or their one-time grant is used up. Never retried: only a new grant
 *   (wx.requestSubscribeMessage 'accept') allows another message;
 * - `rejected`: permanent, the message itself is wrong (40003 openid, 40037 template, 47003 value, 41030 page);
 * - `retry`: try again later (-1 busy, quota, network, HTTP 5xx, a token refused twice).
 */
export type SubscribeSendOutcome =
  | { status: 'sent' }
  | { status: 'refused' }
  | { status: 'rejected'; errcode: number; errmsg: string }
  | { status: 'retry'; errcode?: number; errmsg: string };

export interface SubscribeMessageRequest {
  /** The recipient's openid in this mini-program. */
  touser: string;
  /** The template and the type of each of its keywords: values are fitted to their type's limits. */
  template: TemplateDefinition;
  /** The mini-program page the message opens, with its query (`pages/inbox/index?id=1`); none: it opens nothing. */
  page?: string;
  data: Record<string, TemplateValueInput>;
}

/** The mini-program version a message opens on a stage: the released one on prod, the developer one elsewhere. */
export const miniprogramStateFor = (stageName: string): MiniprogramState => (stageName === 'prod' ? 'formal' : 'developer');

const refusedByUser = 43101;
const tokenRefused = new Set([40001, 42001]);
const permanent = new Set([40003, 40037, 41030, 47003]);
// -1 busy; 45009 the daily quota reached; plus a token refused again right after a refresh.
const transient = new Set([-1, 45009, ...tokenRefused]);

/**
 * Sends one subscribe message (`POST /cgi-bin/message/subscribe/send`), each value fitted to its keyword's type
 * first. When WeChat refuses the access_token (40001/42001) it is invalidated and the send tried once more.
 * Expected outcomes are values; a message that does not match its template throws (the caller's mistake).
 */
export async function sendSubscribeMessage(config: WeChatConfig, tokens: AccessTokens, message: SubscribeMessageRequest): Promise<SubscribeSendOutcome> {
  const page = message.page?.replace(/^\/+/, '');
  const body = JSON.stringify({
    touser: message.touser,
    template_id: message.template.templateId,
    ...(page ? { page } : {}),
    data: fittedData(message),
    miniprogram_state: config.miniprogramState ?? miniprogramStateFor(stage()),
    lang: 'zh_CN',
  });
  const url = new URL('/cgi-bin/message/subscribe/send', config.baseUrl);

  for (let attempt = 1; ; attempt += 1) {
    let token: string;
    try {
      token = await tokens.get();
    } catch (error) {
      return tokenUnavailable(error);
    }
    url.searchParams.set('access_token', token);
    const answer = await post(url, body);
    if ('unreachable' in answer) return { status: 'retry', errmsg: answer.unreachable };
    const errcode = answer.errcode ?? 0;
    const errmsg = answer.errmsg ?? '';
    if (errcode === 0) return { status: 'sent' };
    if (tokenRefused.has(errcode) && attempt === 1) {
      try {
        await tokens.invalidate(token);
      } catch (error) {
        return tokenUnavailable(error);
      }
      continue;
    }
    if (errcode === refusedByUser) return { status: 'refused' };
    if (transient.has(errcode)) return { status: 'retry', errcode, errmsg };
    // Unknown errcodes are treated as permanent too: retrying what we do not understand only burns quota.
    log('warn', 'subscribe message rejected', { templateId: message.template.templateId, errcode, errmsg, known: permanent.has(errcode) });
    return { status: 'rejected', errcode, errmsg };
  }
}

function fittedData(message: SubscribeMessageRequest): Record<string, { value: string }> {
  const { templateId, fields } = message.template;
  const data: Record<string, { value: string }> = {};
  for (const key of Object.keys(message.data)) {
    if (!(key in fields)) throw new Error(`Template ${templateId} has no keyword ${key}`);
  }
  for (const [key, type] of Object.entries(fields)) {
    const value = message.data[key];
    if (value === undefined) throw new Error(`Template ${templateId} needs a value for ${key}`);
    data[key] = { value: fitTemplateValue(type, value) };
  }
  return data;
}

/** No token now: worth retrying unless WeChat refuses our credentials (a misconfiguration, which throws). */
function tokenUnavailable(error: unknown): SubscribeSendOutcome {
  if (error instanceof AccessTokenError) {
    if (!error.transient) throw error;
    return { status: 'retry', ...(error.errcode === undefined ? {} : { errcode: error.errcode }), errmsg: error.message };
  }
  // The token item is in DynamoDB: a throttled or failed call there is worth retrying as well.
  if (error instanceof Error && '$metadata' in error) return { status: 'retry', errmsg: `${error.name}: ${error.message}` };
  throw error;
}

async function post(url: URL, body: string): Promise<{ errcode?: number; errmsg?: string } | { unreachable: string }> {
  try {
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body, signal: AbortSignal.timeout(5000) });
    if (!response.ok) return { unreachable: `HTTP ${response.status}` };
    return (await response.json()) as { errcode?: number; errmsg?: string };
  } catch (error) {
    return { unreachable: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
  }
}
