import type { Org, Role } from '@shared/domain/org';
import { DomainError } from '@shared/errors';

export interface MemberRecord {
  memberId: string;
  name: string;
  /** The grassroots union whose roster holds this member. */
  orgId: string;
  openid?: string;
  /** The member left the roster (退会): the entry stays for history; it holds no role and no session. */
  left: boolean;
}

export interface RoleGrant {
  orgId: string;
  role: Role;
}

export interface DemoIdentityRecord {
  identity: string;
  name: string;
  description: string;
  memberId: string;
}

/** The port through which handlers read who is who. Only the adapter knows the table's items. */
export interface Directory {
  findMemberByOpenid(openid: string): Promise<MemberRecord | undefined>;
  /** The entry as it stands now (a strongly consistent read: a leave is seen by the very next request). */
  getMember(memberId: string): Promise<MemberRecord | undefined>;
  /** The member's roles; none at all once the member has left the roster, or when there is no such member. */
  roleGrantsOf(memberId: string): Promise<RoleGrant[]>;
  /** Orgs by id; unknown ids are left out. */
  getOrgs(orgIds: readonly string[]): Promise<Map<string, Org>>;
  demoIdentities(): Promise<DemoIdentityRecord[]>;
  getDemoIdentity(identity: string): Promise<DemoIdentityRecord | undefined>;
}

/** One org by id; ORG.NOT_FOUND (404) when there is none. */
export async function requireOrg(directory: Directory, orgId: string): Promise<Org> {
  const org = (await directory.getOrgs([orgId])).get(orgId);
  if (!org) throw new DomainError('ORG.NOT_FOUND');
  return org;
}
