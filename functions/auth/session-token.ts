import { webcrypto } from 'node:crypto';
import { SignJWT, jwtVerify } from 'jose';
import { DomainError } from '@shared/errors';
import type { Directory } from '../directory/directory';
import { systemNow } from '../time/clock';

const issuer = 'zhigong-zhijia';
const lifetimeSeconds = 12 * 60 * 60;

export interface Session {
  /** The member bound to the WeChat account; null until the account joins a roster. */
  memberId: string | null;
  openid: string;
}

// The HMAC key, imported once per secret and cold start: given the secret's bytes, jose imports a fresh key on every
// call (per-request work, about 1% of a vote's CPU in the handler's process; issue 18 point 5).
const hmacKeys = new Map<string, Promise<webcrypto.CryptoKey>>();
function hmacKeyOf(secret: string): Promise<webcrypto.CryptoKey> {
  let key = hmacKeys.get(secret);
  if (!key) {
    key = webcrypto.subtle.importKey('raw', new TextEncoder().encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
    hmacKeys.set(secret, key);
  }
  return key;
}

/** Signs a session token (HS256) for the stage; the secret comes from functions/config/secrets.ts. */
export async function signSession(session: Session, secret: string, stage: string, now = systemNow()): Promise<{ token: string; expiresAt: string }> {
  const issuedAt = Math.floor(now.getTime() / 1000);
  const token = await new SignJWT({ oid: session.openid })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(session.memberId ?? '')
    .setIssuer(issuer)
    .setAudience(stage)
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + lifetimeSeconds)
    .sign(await hmacKeyOf(secret));
  return { token, expiresAt: new Date((issuedAt + lifetimeSeconds) * 1000).toISOString() };
}

/** Checks the token's signature, issuer, audience and expiry, the expiry against the product's clock (`now`). */
export async function verifySession(token: string, secret: string, stage: string, now = systemNow()): Promise<Session> {
  try {
    const { payload } = await jwtVerify(token, await hmacKeyOf(secret), { issuer, audience: stage, algorithms: ['HS256'], currentDate: now });
    if (typeof payload.oid !== 'string') throw new Error('token without openid');
    return { memberId: payload.sub ? payload.sub : null, openid: payload.oid };
  } catch (cause) {
    throw new DomainError('AUTH.TOKEN_INVALID', { cause });
  }
}

/**
 * A signed token outlives a leave (退会) by up to its 12 hours, so a session stands only while its member is on the
 * roster: every request reads the member's entry (strongly consistent) and a member who has left, or whose entry is
 * gone, gets AUTH.SESSION_ENDED (401). Latency: none — the first request after the leave commits is refused; the
 * cost is one GetItem per authenticated request. An account bound to no roster has no membership to lose.
 */
export async function requireCurrentMember(directory: Pick<Directory, 'getMember'>, session: Session): Promise<Session> {
  if (session.memberId === null) return session;
  const member = await directory.getMember(session.memberId);
  if (!member || member.left) throw new DomainError('AUTH.SESSION_ENDED');
  return session;
}

/** Reads `Authorization: Bearer …`; no header means AUTH.REQUIRED. */
export function bearerToken(headers: Record<string, string>): string {
  const header = headers.authorization ?? '';
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match?.[1]) throw new DomainError('AUTH.REQUIRED');
  return match[1];
}
