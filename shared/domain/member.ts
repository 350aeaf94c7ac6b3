import * as z from 'zod';

/**
 * 会员 on a grassroots union's roster, as the API shows it. Personal numbers never travel in full: phone and ID
 * number are stored encrypted (and as keyed hashes for matching) and shown masked.
 */
export const memberStatus = z.enum(['active', 'left']);
export type MemberStatus = z.infer<typeof memberStatus>;

export const rosterMember = z.object({
  memberId: z.string(),
  name: z.string(),
  /** The grassroots union whose roster holds the member. */
  orgId: z.string(),
  /** The sub-union or union group within it, if any. */
  subOrgId: z.string().optional(),
  employeeNo: z.string().optional(),
  gender: z.enum(['female', 'male']).optional(),
  /** e.g. 138****5678 */
  phoneMasked: z.string().optional(),
  /** e.g. 4101**********123X */
  idNumberMasked: z.string().optional(),
  /** 农民工 / 劳务派遣: counted in the membership rate (入会率) of every ruleset. */
  isMigrantWorker: z.boolean().optional(),
  isDispatchedWorker: z.boolean().optional(),
  /** YYYY-MM-DD: when the member joined the union; the roster's history rests on it. */
  joinedOn: z.string(),
  /** YYYY-MM-DD: set when the member left; the entry stays for history and can no longer vote. */
  leftOn: z.string().optional(),
  status: memberStatus,
  /** When the member bound their WeChat account to this entry (joined online, 网上入会/入驻). */
  boundAt: z.string().optional(),
});
export type RosterMember = z.infer<typeof rosterMember>;

/** True when the member was on the roster at the end of `day` (YYYY-MM-DD). */
export function wasOnRoster(member: Pick<RosterMember, 'joinedOn' | 'leftOn'>, day: string): boolean {
  return member.joinedOn <= day && (member.leftOn === undefined || member.leftOn > day);
}
