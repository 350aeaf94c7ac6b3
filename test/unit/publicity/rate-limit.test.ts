import { createHash, randomBytes } from 'node:crypto';
import { rateKeyName } from '../../../functions/publicity/rate-limit';

describe('rate-limit keys of personal limits', () => {
  const secret = randomBytes(32);
  const limit = { name: 'report#ip', subject: '10.0.0.1', windowSeconds: 3600 };

  it('are the same within a window, so the limit counts, and differ from one window to the next', () => {
    expect(rateKeyName(secret, limit, 491_000)).toBe(rateKeyName(secret, limit, 491_000));
    expect(rateKeyName(secret, limit, 491_001)).not.toBe(rateKeyName(secret, limit, 491_000));
  });

  it('cannot be matched against guessed addresses without the secret: no plain digest, another secret gives another key', () => {
    const key = rateKeyName(secret, limit, 491_000).slice('report#ip#'.length);
    for (const digest of ['sha256', 'sha1', 'md5']) {
      for (const encoding of ['hex', 'base64', 'base64url'] as const) {
        expect(createHash(digest).update(limit.subject).digest(encoding)).not.toContain(key.slice(0, 12));
      }
    }
    expect(rateKeyName(randomBytes(32), limit, 491_000)).not.toBe(rateKeyName(secret, limit, 491_000));
    expect(rateKeyName(secret, limit, 491_000)).not.toContain(limit.subject);
  });

  it('leave a limit on nothing personal (a publicity entry) readable as it is', () => {
    expect(rateKeyName(secret, { name: 'report#entry#pub-1#e001', windowSeconds: 86400 }, 20_000)).toBe('report#entry#pub-1#e001');
  });
});
