import { createHmac, randomInt, timingSafeEqual } from 'node:crypto';
import {
  invitationCodeAlphabet,
  invitationCodeLength,
  joinPage,
  joinPathOf,
  normaliseMemberName,
  type BindRequest,
  type BindResponse,
  type InvitationView,
  type JoinStatusResponse,
} from '@shared/api/joining';
import type { Org, Role } from '@shared/domain/org';
import { DomainError, errorMessages } from '@shared/errors';
import { signSession, type Session } from '../auth/session-token';
import type { Directory } from '../directory/directory';
import type { PersonalDataCipher } from '../privacy/personal-data';
import { requireScopeOn } from '../scope/scope';
import type { UnlimitedCodeOutcome } from '../wechat/wxacode';
import type { AttemptReservation, Invitation, JoiningStore, RosterEntry } from './joining-store';
import { systemNow } from '../time/clock';

export interface JoiningDeps {
  store: JoiningStore;
  directory: Directory;
  sessionSecret: string;
  stage: string;
  /** WeChat's getUnlimited: a code `width` px wide whose scene opens `page`. */
  unlimitedCode(scene: string, page: string, width: number): Promise<UnlimitedCodeOutcome>;
  /** The personal-data cipher, asked for only when a member verifies by phone. */
  cipher(): Promise<PersonalDataCipher>;
  now?: () => Date;
}

/** Who may manage a union's invitation, and who may see who has joined (reviewers: their subtree). */
const invitationRoles: readonly Role[] = ['chair', 'viceChair'];
const joinStatusRoles: readonly Role[] = ['chair', 'viceChair', 'reviewer'];

/**
 * Wrong attempts at binding: 5 per WeChat account and 50 per network address within an hour (the second stops one
 * person trying with many accounts). An account's attempt is counted before the roster is read, so its parallel
 * attempts cannot slip past the limit, and given back when it turns out not to be a wrong one. An address's count
 * only grows with wrong attempts: a whole meeting behind one office network scanning the poster at once is never
 * held up by it. Issue 15: there is no count per invitation — 20 wrong attempts by one person locked everyone out.
 */
export const attemptLimits = { perAccount: 5, perAddress: 50, windowMs: 60 * 60 * 1000 };

/** The width of the printed code: large enough for an A4 poster, small enough for a JSON response. */
const qrWidth = 640;

const clock = (deps: JoiningDeps): Date => (deps.now ? deps.now() : systemNow());

/** 16 characters from the look-alike-free alphabet: 80 random bits. */
export function newInvitationCode(): string {
  return Array.from({ length: invitationCodeLength }, () => invitationCodeAlphabet[randomInt(invitationCodeAlphabet.length)]).join('');
}

/** POST /v1/orgs/{orgId}/invitation — a new code for the union; the old one stops working at once. */
export async function issueInvitation(deps: JoiningDeps, session: Session, orgId: string): Promise<InvitationView> {
  const { org, actor } = await requireScopeOn(deps.directory, session, invitationRoles, orgId);
  for (let attempt = 1; attempt <= 3; attempt += 1) {
    const invitation = await deps.store.replaceInvitation(org, newInvitationCode(), actor, clock(deps));
    if (invitation) return viewOf(deps, org, invitation);
  }
  throw new DomainError('AUDIT.BUSY');
}

/** GET /v1/orgs/{orgId}/invitation — the current code with its QR code, or null before the first. */
export async function currentInvitation(deps: JoiningDeps, session: Session, orgId: string): Promise<InvitationView | null> {
  const { org } = await requireScopeOn(deps.directory, session, invitationRoles, orgId);
  const invitation = await deps.store.currentInvitation(org.orgId);
  return invitation ? viewOf(deps, org, invitation) : null;
}

/** DELETE /v1/orgs/{orgId}/invitation — scanned afterwards, the code says it is no longer valid. */
export async function revokeInvitation(deps: JoiningDeps, session: Session, orgId: string): Promise<boolean> {
  const { org, actor } = await requireScopeOn(deps.directory, session, invitationRoles, orgId);
  return deps.store.revokeInvitation(org, actor, clock(deps));
}

async function viewOf(deps: JoiningDeps, org: Org, invitation: Invitation): Promise<InvitationView> {
  const outcome = await deps.unlimitedCode(invitation.code, joinPage, qrWidth);
  const qr =
    outcome.status === 'image'
      ? { qrImage: `data:${outcome.contentType};base64,${outcome.image.toString('base64')}`, qrError: null }
      : { qrImage: null, qrError: errorMessages[outcome.status === 'retry' ? 'JOIN.QR_BUSY' : 'JOIN.QR_UNAVAILABLE'] };
  return { code: invitation.code, orgId: org.orgId, orgName: org.name, createdAt: invitation.createdAt, joinPath: joinPathOf(invitation.code), ...qr };
}

/** An active invitation and its union; anything else is JOIN.INVITATION_INVALID. */
async function activeInvitation(deps: JoiningDeps, code: string): Promise<{ invitation: Invitation; org: Org }> {
  const invitation = await deps.store.invitation(code);
  const org = invitation?.status === 'active' ? (await deps.directory.getOrgs([invitation.orgId])).get(invitation.orgId) : undefined;
  if (!invitation || !org) throw new DomainError('JOIN.INVITATION_INVALID');
  return { invitation, org };
}

/** GET /v1/invitations/{code} — public: the union's name, nothing else. */
export async function publicInvitation(deps: JoiningDeps, code: string): Promise<{ orgName: string }> {
  const { org } = await activeInvitation(deps, code);
  return { orgName: org.name };
}

/**
 * POST /v1/invitations/{code}/bind — a logged-in WeChat user proves they are a member on the union's roster
 * (name + employee number, or name + last four digits of the phone) and their account is bound to the entry.
 * A failure says only that the details do not match; wrong attempts are limited (attemptLimits).
 */
export async function bindByInvitation(deps: JoiningDeps, session: Session, code: string, request: BindRequest, sourceIp: string): Promise<BindResponse> {
  const { org } = await activeInvitation(deps, code);
  const already = await boundEntryOf(deps, session);
  if (already) {
    // A repeated request whose answer was lost: the caller's own entry again, a fresh token for it.
    if (already.orgId === org.orgId && (await matching(deps, [already], request)).length === 1) return welcome(deps, already.memberId, session.openid, org);
    throw new DomainError('JOIN.ALREADY_BOUND');
  }

  const now = clock(deps);
  const address = addressLimiter(deps.sessionSecret, sourceIp);
  const account = await reserveAttempts(deps, session.openid, address, now);
  let wrongAttempt = false;
  const wrong = async (): Promise<DomainError> => {
    wrongAttempt = true;
    await deps.store.countAttempt(address, attemptLimits.windowMs, now);
    return noMatch(account, now);
  };
  try {
    const matches = await matching(deps, await deps.store.rosterNamed(org.orgId, request.name), request);
    if (matches.length === 0) throw await wrong();
    if (matches.length > 1) throw new DomainError('JOIN.AMBIGUOUS');
    // The index may lag behind the table: judge the entry by a consistent read.
    const entry = await deps.store.getEntry((matches[0] as RosterEntry).memberId);
    if (!entry || entry.orgId !== org.orgId) throw await wrong();
    if (entry.openid && entry.openid !== session.openid) throw new DomainError('JOIN.ENTRY_TAKEN');
    if (entry.left) throw new DomainError('JOIN.MEMBER_LEFT');
    if (!entry.openid) {
      const outcome = await deps.store.bind(entry, session.openid, org, request.method, now);
      if (outcome.status === 'entryTaken' && !outcome.byCaller) throw new DomainError('JOIN.ENTRY_TAKEN');
      if (outcome.status === 'left') throw new DomainError('JOIN.MEMBER_LEFT');
      if (outcome.status === 'openidTaken') throw new DomainError('JOIN.ALREADY_BOUND');
      if (outcome.status === 'changed') throw await wrong();
    }
    return await welcome(deps, entry.memberId, session.openid, org);
  } finally {
    if (!wrongAttempt) await account.release();
  }
}

/** The entry the caller's account is bound to, from the token or the table (a token may predate binding). */
async function boundEntryOf(deps: JoiningDeps, session: Session): Promise<RosterEntry | undefined> {
  const memberId = session.memberId ?? (await deps.store.memberBoundTo(session.openid)) ?? (await deps.directory.findMemberByOpenid(session.openid))?.memberId;
  return memberId ? deps.store.getEntry(memberId) : undefined;
}

export const accountLimiter = (openid: string): string => `account#${openid}`;
/** The network address as a keyed hash (never stored in clear, nor as a plain hash anyone could recompute). */
export const addressLimiter = (secret: string, sourceIp: string): string => `address#${createHmac('sha256', secret).update(`join-address\u0000${sourceIp}`).digest('base64url').slice(0, 32)}`;

/** The account's attempt, counted; refused when the account or its network address has had its wrong attempts. */
async function reserveAttempts(deps: JoiningDeps, openid: string, address: string, now: Date): Promise<Extract<AttemptReservation, { ok: true }>> {
  const { perAccount, perAddress, windowMs } = attemptLimits;
  const fromAddress = await deps.store.attemptsLeft(address, perAddress, windowMs, now);
  if (!fromAddress.ok) throw tooManyAttempts(fromAddress.retryAt, now);
  const account = await deps.store.reserveAttempt(accountLimiter(openid), perAccount, windowMs, now);
  if (!account.ok) throw tooManyAttempts(account.retryAt, now);
  return account;
}

function tooManyAttempts(retryAt: Date, now: Date): DomainError {
  const minutes = Math.max(1, Math.ceil((retryAt.getTime() - now.getTime()) / 60_000));
  const beijing = new Date(retryAt.getTime() + 8 * 60 * 60 * 1000);
  const time = `${String(beijing.getUTCHours()).padStart(2, '0')}:${String(beijing.getUTCMinutes()).padStart(2, '0')}`;
  return new DomainError('JOIN.TOO_MANY_ATTEMPTS', { message: `核对失败次数过多，请约 ${minutes} 分钟后（北京时间 ${time} 以后）再试` });
}

function noMatch(account: { used: number; windowEndsAt: Date }, now: Date): DomainError {
  const left = attemptLimits.perAccount - account.used;
  const minutes = Math.max(1, Math.ceil((account.windowEndsAt.getTime() - now.getTime()) / 60_000));
  const hint = left > 0 ? `（一小时内还可尝试 ${left} 次）` : `（尝试次数已用完，请约 ${minutes} 分钟后再试）`;
  return new DomainError('JOIN.NO_MATCH', { message: `${errorMessages['JOIN.NO_MATCH']}${hint}` });
}

const normaliseEmployeeNo = (value: string): string => value.replace(/\s+/g, '').toUpperCase();

function sameHash(a: string, b: string): boolean {
  const [x, y] = [Buffer.from(a), Buffer.from(b)];
  return x.length === y.length && timingSafeEqual(x, y);
}

/** The entries that carry the request's name and its employee number or phone tail. */
async function matching(deps: JoiningDeps, entries: RosterEntry[], request: BindRequest): Promise<RosterEntry[]> {
  const named = entries.filter((entry) => normaliseMemberName(entry.name) === request.name);
  if (request.method === 'employeeNo') {
    const wanted = normaliseEmployeeNo(request.employeeNo);
    return named.filter((entry) => entry.employeeNo !== undefined && normaliseEmployeeNo(entry.employeeNo) === wanted);
  }
  if (named.length === 0) return [];
  const cipher = await deps.cipher();
  const tail = request.phoneTail;
  return named.filter((entry) => entry.phoneTailHash !== undefined && sameHash(entry.phoneTailHash, cipher.hash(`phoneTail:${entry.memberId}`, tail)));
}

async function welcome(deps: JoiningDeps, memberId: string, openid: string, org: Org): Promise<BindResponse> {
  const { token, expiresAt } = await signSession({ memberId, openid }, deps.sessionSecret, deps.stage);
  return { token, expiresAt, memberId, orgId: org.orgId, orgName: org.name };
}

/** GET /v1/orgs/{orgId}/join-status — how much of the roster has joined online, and who. */
export async function joinStatus(deps: JoiningDeps, session: Session, orgId: string): Promise<JoinStatusResponse> {
  const { org } = await requireScopeOn(deps.directory, session, joinStatusRoles, orgId);
  const onRoster = (await deps.store.roster(org.orgId)).filter((entry) => !entry.left);
  const bound = onRoster.filter((entry) => entry.openid !== undefined || entry.boundAt !== undefined);
  const joined = bound
    .map((entry) => ({ name: entry.name, boundAt: entry.boundAt ?? null }))
    .sort((a, b) => (b.boundAt ?? '').localeCompare(a.boundAt ?? '') || a.name.localeCompare(b.name, 'zh-Hans-CN'));
  return { orgId: org.orgId, orgName: org.name, counts: { onRoster: onRoster.length, bound: bound.length, notBound: onRoster.length - bound.length }, joined };
}
