import { bearerToken, signSession, verifySession } from '../../../functions/auth/session-token';
import { DomainError } from '../../../shared/errors';

const secret = 'a-test-secret-that-is-long-enough-for-hs256';

describe('session tokens', () => {
  it('round-trips the member and the openid', async () => {
    const signedAt = new Date('2026-12-14T09:30:00+08:00');
    const { token, expiresAt } = await signSession({ memberId: 'm-1', openid: 'o-1' }, secret, 'local', signedAt);
    await expect(verifySession(token, secret, 'local', new Date('2026-12-14T10:00:00+08:00'))).resolves.toEqual({ memberId: 'm-1', openid: 'o-1' });
    expect(Date.parse(expiresAt)).toBeGreaterThan(signedAt.getTime());
  });

  it('keeps an unbound WeChat account unbound (memberId null)', async () => {
    const { token } = await signSession({ memberId: null, openid: 'o-2' }, secret, 'local');
    await expect(verifySession(token, secret, 'local')).resolves.toEqual({ memberId: null, openid: 'o-2' });
  });

  it.each([
    ['another secret', 'another-secret-that-is-also-long-enough', 'local'],
    ['another stage', secret, 'prod'],
  ])('refuses a token checked with %s as AUTH.TOKEN_INVALID', async (_what, checkSecret, checkStage) => {
    const { token } = await signSession({ memberId: 'm-1', openid: 'o-1' }, secret, 'local');
    await expect(verifySession(token, checkSecret, checkStage)).rejects.toMatchObject({ code: 'AUTH.TOKEN_INVALID' });
  });

  it('refuses an expired token', async () => {
    const { token } = await signSession({ memberId: 'm-1', openid: 'o-1' }, secret, 'local', new Date('2026-12-14T09:30:00+08:00'));
    await expect(verifySession(token, secret, 'local', new Date('2026-12-14T22:30:00+08:00'))).rejects.toMatchObject({ code: 'AUTH.TOKEN_INVALID' });
  });

  it('judges a token\'s 12 hours on the product\'s clock, not the machine\'s', async () => {
    const signedAt = new Date('2026-12-14T09:30:00+08:00');
    const { token, expiresAt } = await signSession({ memberId: 'm-1', openid: 'o-1' }, secret, 'local', signedAt);
    expect(expiresAt).toBe('2026-12-14T13:30:00.000Z');
    await expect(verifySession(token, secret, 'local', new Date('2026-12-14T21:29:00+08:00'))).resolves.toEqual({ memberId: 'm-1', openid: 'o-1' });
    await expect(verifySession(token, secret, 'local', new Date('2026-12-14T21:31:00+08:00'))).rejects.toMatchObject({ code: 'AUTH.TOKEN_INVALID' });
  });

  it('asks for a log-in when the Authorization header is missing or not a bearer token', () => {
    expect(() => bearerToken({})).toThrow(DomainError);
    expect(() => bearerToken({ authorization: 'Basic abc' })).toThrow(expect.objectContaining({ code: 'AUTH.REQUIRED' }));
    expect(bearerToken({ authorization: 'Bearer abc.def' })).toBe('abc.def');
  });
});
