import * as z from 'zod';
import { org, role } from '../domain/org';

/** POST /v1/auth/login — the code from wx.login, exchanged on the server with WeChat's jscode2session. */
export const loginRequest = z.object({
  code: z.string({ error: '缺少微信登录凭证（code）' }).trim().min(1, '微信登录凭证（code）不能为空').max(128, '微信登录凭证（code）过长'),
});
export type LoginRequest = z.infer<typeof loginRequest>;

/** POST /v1/auth/demo-login — local stage only: log in as a seeded identity. */
export const demoLoginRequest = z.object({
  identity: z.string({ error: '请选择演示身份（identity）' }).trim().min(1, '请选择演示身份（identity）').max(64, '演示身份（identity）过长'),
});
export type DemoLoginRequest = z.infer<typeof demoLoginRequest>;

export const loginResponse = z.object({
  token: z.string(),
  expiresAt: z.string(),
  /** false when the WeChat account is not yet bound to a roster entry (joining comes later). */
  bound: z.boolean(),
});
export type LoginResponse = z.infer<typeof loginResponse>;

/** GET /v1/auth/demo-identities — local stage only. */
export const demoIdentity = z.object({
  identity: z.string(),
  name: z.string(),
  description: z.string(),
});
export const demoIdentitiesResponse = z.object({ identities: z.array(demoIdentity) });
export type DemoIdentity = z.infer<typeof demoIdentity>;

/** GET /v1/me */
export const membership = z.object({
  org,
  roles: z.array(role),
  /** Names from the root down to this org, for display ("焦作市总工会 › 解放区总工会 › …"). */
  orgTrail: z.array(z.string()),
});
export const meResponse = z.object({
  memberId: z.string().nullable(),
  name: z.string().nullable(),
  memberships: z.array(membership),
});
export type Membership = z.infer<typeof membership>;
export type MeResponse = z.infer<typeof meResponse>;
