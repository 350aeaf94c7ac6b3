import type { BindMethod } from '@shared/api/joining';
import type { Org } from '@shared/domain/org';
import type { Actor } from '../scope/scope';

/** A union's invitation (入会邀请码): the code a QR code carries, valid until the chair rotates or revokes it. */
export interface Invitation {
  code: string;
  orgId: string;
  createdAt: string;
  createdBy: string;
  status: 'active' | 'revoked';
}

/** What joining needs to know of a roster entry; only the repository sees the stored item. */
export interface RosterEntry {
  memberId: string;
  name: string;
  orgId: string;
  employeeNo?: string;
  /** cipher.hash('phoneTail:' + memberId, last four digits), written by the roster. */
  phoneTailHash?: string;
  openid?: string;
  boundAt?: string;
  /** status 'left' or a leftOn date: the member left the union. */
  left: boolean;
}

export type BindOutcome =
  | { status: 'bound' }
  /** Another WeChat account holds the entry (it was bound meanwhile). */
  | { status: 'entryTaken'; byCaller: boolean }
  | { status: 'left' }
  /** The entry changed under us (moved to another union, removed). */
  | { status: 'changed' }
  /** The caller's WeChat account was bound to another entry meanwhile. */
  | { status: 'openidTaken' };

/** A counted attempt within a limiter's window; released when the attempt turns out not to be a failure. */
export type AttemptReservation = { ok: true; used: number; windowEndsAt: Date; release(): Promise<void> } | { ok: false; retryAt: Date };

/** The port through which joining reads and writes invitations, roster bindings and attempt counters. */
export interface JoiningStore {
  currentInvitation(orgId: string): Promise<Invitation | undefined>;
  invitation(code: string): Promise<Invitation | undefined>;
  /** Makes `code` the union's invitation, revoking the current one; audited. Undefined when another change raced it. */
  replaceInvitation(org: Org, code: string, actor: Actor, now: Date): Promise<Invitation | undefined>;
  /** Revokes the union's invitation; audited. False when there was none. */
  revokeInvitation(org: Org, actor: Actor, now: Date): Promise<boolean>;
  /** The roster entries of a union whose name, normalised (normaliseMemberName), is `name`; same names are common. */
  rosterNamed(orgId: string, name: string): Promise<RosterEntry[]>;
  roster(orgId: string): Promise<RosterEntry[]>;
  getEntry(memberId: string): Promise<RosterEntry | undefined>;
  /** The member a WeChat account is bound to through joining, if the binding still holds. */
  memberBoundTo(openid: string): Promise<string | undefined>;
  /** Binds the entry to the account in one transaction with its audit event: exactly one of racing binds wins. */
  bind(entry: RosterEntry, openid: string, org: Org, method: BindMethod, now: Date): Promise<BindOutcome>;
  /** Counts one attempt against `limiter` unless `limit` attempts were counted within the last `windowMs`. */
  reserveAttempt(limiter: string, limit: number, windowMs: number, now: Date): Promise<AttemptReservation>;
  /** Whether fewer than `limit` attempts were counted against `limiter` within the last `windowMs`. */
  attemptsLeft(limiter: string, limit: number, windowMs: number, now: Date): Promise<{ ok: true } | { ok: false; retryAt: Date }>;
  /** Counts one attempt against `limiter`, whatever the count. */
  countAttempt(limiter: string, windowMs: number, now: Date): Promise<void>;
}
