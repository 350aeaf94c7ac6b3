import { demoIdentitiesResponse, loginResponse, type DemoIdentity, type LoginResponse } from '@shared/api/auth'
import { request } from './api-client'
import { adoptToken } from './joining'
import { startSession } from './session'

/**
 * The local stage's demo log-in (seeded identities, no WeChat). Only the home page's DemoLogin imports this, and only
 * when TARO_APP_STAGE is local: a prod build compiles it out (test/weapp checks the dist for its paths).
 */

/** GET /v1/auth/demo-identities — local stage only. */
export async function demoIdentities(): Promise<DemoIdentity[]> {
  const response = await request('GET', '/auth/demo-identities', { schema: demoIdentitiesResponse })
  return response.identities
}

/** POST /v1/auth/demo-login — local stage only. */
function demoLogin(identity: string): Promise<LoginResponse> {
  return request('POST', '/auth/demo-login', { body: { identity }, schema: loginResponse })
}

/** Logs in as a seeded identity. Rejects with an ApiError whose message can be shown. */
export async function logInAsDemo(identity: string): Promise<void> {
  const { token } = await demoLogin(identity)
  await startSession(token)
}

/** POST /v1/auth/demo-wechat — log in as a brand-new WeChat user (not on any roster), to try joining. */
export async function logInAsNewWeChatUser(): Promise<void> {
  const { token } = await request('POST', '/auth/demo-wechat', { body: { nickname: '演示新用户' }, schema: loginResponse })
  await adoptToken(token)
}
