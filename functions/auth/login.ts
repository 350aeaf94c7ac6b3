import type { LoginResponse, MeResponse, Membership } from '@shared/api/auth';
import { DomainError } from '@shared/errors';
import type { Org, Role } from '@shared/domain/org';
import type { Directory } from '../directory/directory';
import { codeToSession, type WeChatConfig } from '../wechat/wechat-api';
import { signSession, type Session } from './session-token';

export interface AuthContext {
  directory: Directory;
  sessionSecret: string;
  stage: string;
}

/** wx.login code → openid (WeChat) → the bound member, if any → a signed session. */
export async function logInWithWeChat(ctx: AuthContext, wechat: WeChatConfig, code: string): Promise<LoginResponse> {
  const { openid } = await codeToSession(wechat, code);
  const member = await ctx.directory.findMemberByOpenid(openid);
  // A member who left (退会) logs in as anyone else would: no membership, no roles.
  return issue(ctx, { memberId: member && !member.left ? member.memberId : null, openid });
}

/** Local stage only: log in as a seeded identity. */
export async function logInAsDemo(ctx: AuthContext, identity: string): Promise<LoginResponse> {
  const demo = await ctx.directory.getDemoIdentity(identity);
  if (!demo) throw new DomainError('AUTH.DEMO_IDENTITY_UNKNOWN');
  const member = await ctx.directory.getMember(demo.memberId);
  if (!member) throw new DomainError('MEMBER.NOT_FOUND');
  return issue(ctx, { memberId: member.left ? null : member.memberId, openid: member.openid ?? `demo:${identity}` });
}

async function issue(ctx: AuthContext, session: Session): Promise<LoginResponse> {
  const { token, expiresAt } = await signSession(session, ctx.sessionSecret, ctx.stage);
  return { token, expiresAt, bound: session.memberId !== null };
}

/** Who the caller is: name, their union, and every org where they hold a role, with the trail from the root. */
export async function describeMe(directory: Directory, session: Session): Promise<MeResponse> {
  if (!session.memberId) return { memberId: null, name: null, memberships: [] };
  const member = await directory.getMember(session.memberId);
  if (!member || member.left) return { memberId: null, name: null, memberships: [] };

  const rolesByOrg = new Map<string, Set<Role>>([[member.orgId, new Set<Role>(['member'])]]);
  for (const grant of await directory.roleGrantsOf(member.memberId)) {
    const roles = rolesByOrg.get(grant.orgId) ?? new Set<Role>();
    roles.add(grant.role);
    rolesByOrg.set(grant.orgId, roles);
  }
  const orgs = await directory.getOrgs([...rolesByOrg.keys()]);
  const ancestors = await directory.getOrgs([...orgs.values()].flatMap((o) => o.path.split('/').filter(Boolean)));

  const memberships: Membership[] = [];
  for (const [orgId, roles] of rolesByOrg) {
    const org = orgs.get(orgId);
    if (org) memberships.push({ org, roles: [...roles], orgTrail: trail(org, ancestors) });
  }
  // The member's own union first, then the orgs where they hold other roles.
  memberships.sort((a, b) => Number(b.org.orgId === member.orgId) - Number(a.org.orgId === member.orgId));
  return { memberId: member.memberId, name: member.name, memberships };
}

function trail(org: Org, orgs: Map<string, Org>): string[] {
  return org.path
    .split('/')
    .filter(Boolean)
    .map((id) => orgs.get(id)?.name)
    .filter((name): name is string => name !== undefined);
}
