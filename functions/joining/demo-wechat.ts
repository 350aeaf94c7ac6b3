import { randomBytes } from 'node:crypto';
import type { LoginResponse } from '@shared/api/auth';
import { DomainError } from '@shared/errors';
import { logInWithWeChat, type AuthContext } from '../auth/login';
import type { WeChatConfig } from '../wechat/wechat-api';

/**
 * Local stage only: logs in as a brand-new WeChat user, as a phone that never used the mini-program would.
 * The WeChat stand-in issues a wx.login code for a fresh openid (`POST /__standin/codes`, its control
 * endpoint), and the code goes through the real log-in path (jscode2session), so the user comes out unbound.
 * The caller checks the stage first: on AWS, WECHAT_API_BASE is WeChat itself, which has no such endpoint.
 */
export async function logInAsNewWeChatUser(ctx: AuthContext, wechat: WeChatConfig): Promise<LoginResponse> {
  // WeChat openids are 28 characters of base64url; "o" + 27 random ones looks the part.
  const openid = `o${randomBytes(21).toString('base64url').slice(0, 27)}`;
  let code: unknown;
  try {
    const response = await fetch(new URL('/__standin/codes', wechat.baseUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ openid }),
      signal: AbortSignal.timeout(5000),
    });
    code = ((await response.json()) as { code?: unknown }).code;
  } catch (cause) {
    throw new DomainError('AUTH.WECHAT_UNAVAILABLE', { cause });
  }
  if (typeof code !== 'string' || code === '') throw new DomainError('AUTH.WECHAT_UNAVAILABLE');
  return logInWithWeChat(ctx, wechat, code);
}
