import { SignJWT, jwtVerify } from 'jose';
import { DomainError } from '@shared/errors';

const issuer = 'zhigong-zhijia';
const lifetimeSeconds = 12 * 60 * 60;

export interface Session {
  /** The member bound to the WeChat account; null until the account joins a roster. */
  memberId: string | null;
  openid: string;
}

/** Signs a session token (HS256) for the stage; the secret comes from functions/config/secrets.ts. */
export async function signSession(session: Session, secret: string, stage: string, now = new Date()): Promise<{ token: string; expiresAt: string }> {
  const issuedAt = Math.floor(now.getTime() / 1000);
  const token = await new SignJWT({ oid: session.openid })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(session.memberId ?? '')
    .setIssuer(issuer)
    .setAudience(stage)
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + lifetimeSeconds)
    .sign(new TextEncoder().encode(secret));
  return { token, expiresAt: new Date((issuedAt + lifetimeSeconds) * 1000).toISOString() };
}

export async function verifySession(token: string, secret: string, stage: string): Promise<Session> {
  try {
    const { payload } = await jwtVerify(token, new TextEncoder().encode(secret), { issuer, audience: stage, algorithms: ['HS256'] });
    if (typeof payload.oid !== 'string') throw new Error('token without openid');
    return { memberId: payload.sub ? payload.sub : null, openid: payload.oid };
  } catch (cause) {
    throw new DomainError('AUTH.TOKEN_INVALID', { cause });
  }
}

/** Reads `Authorization: Bearer …`; no header means AUTH.REQUIRED. */
export function bearerToken(headers: Record<string, string>): string {
  const header = headers.authorization ?? '';
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match?.[1]) throw new DomainError('AUTH.REQUIRED');
  return match[1];
}
