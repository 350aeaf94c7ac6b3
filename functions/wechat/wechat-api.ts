import { DomainError, type ErrorCode } from '@shared/errors';
import { log } from '../http/logger';

export interface WeChatConfig {
  /** https://api.weixin.qq.com on AWS; the local stand-in's address on the local stage and in tests. */
  baseUrl: string;
  appid: string;
  secret: string;
  /**
   * Which version of the mini-program a subscribe message opens: 'formal' (the released one) on prod,
   * 'developer' elsewhere (see miniprogramStateFor in subscribe-message.ts). Unset: derived from STAGE.
   */
  miniprogramState?: MiniprogramState;
}

/** WeChat's `miniprogram_state`: the released, trial or developer version of the mini-program. */
export type MiniprogramState = 'formal' | 'trial' | 'developer';

interface WeChatError {
  errcode?: number;
  errmsg?: string;
}

/** WeChat's jscode2session error codes and what the user is told. */
const loginErrors: Record<number, ErrorCode> = {
  [-1]: 'AUTH.WECHAT_BUSY',
  40029: 'AUTH.WECHAT_CODE_INVALID',
  40163: 'AUTH.WECHAT_CODE_INVALID',
  45011: 'AUTH.WECHAT_RATE_LIMITED',
  40226: 'AUTH.WECHAT_USER_BLOCKED',
};

/**
 * Exchanges a wx.login code for the user's openid (WeChat's `jscode2session`). The session_key is not
 * returned: it never leaves this function. A busy answer (-1) is retried once.
 */
export async function codeToSession(config: WeChatConfig, code: string): Promise<{ openid: string; unionid?: string }> {
  const url = new URL('/sns/jscode2session', config.baseUrl);
  url.search = new URLSearchParams({ appid: config.appid, secret: config.secret, js_code: code, grant_type: 'authorization_code' }).toString();
  for (let attempt = 1; ; attempt += 1) {
    const body = await getJson<WeChatError & { openid?: string; unionid?: string }>(url);
    if (body.openid && !body.errcode) return { openid: body.openid, ...(body.unionid ? { unionid: body.unionid } : {}) };
    const code = loginErrors[body.errcode ?? 0] ?? 'AUTH.WECHAT_UNAVAILABLE';
    if (code === 'AUTH.WECHAT_BUSY' && attempt < 2) continue;
    log('warn', 'jscode2session refused', { errcode: body.errcode, errmsg: body.errmsg });
    throw new DomainError(code);
  }
}

async function getJson<T>(url: URL): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(5000) });
  } catch (cause) {
    throw new DomainError('AUTH.WECHAT_UNAVAILABLE', { cause });
  }
  if (!response.ok) throw new DomainError('AUTH.WECHAT_UNAVAILABLE', { cause: new Error(`HTTP ${response.status}`) });
  return (await response.json()) as T;
}
