import { ClockMisconfiguredError, clockOffsetMs, offsetToReach, systemNow, ttlEpochSeconds } from '../../../functions/time/clock';

/**
 * The product's clock (functions/time/clock.ts): the real time shifted by ZHIJIA_CLOCK_OFFSET_MS, never on prod.
 * These tests compare it with the machine's clock on purpose — that relation is what they check, on any date.
 */
const saved = { offset: process.env.ZHIJIA_CLOCK_OFFSET_MS, stage: process.env.STAGE };
afterEach(() => {
  for (const [name, value] of [['ZHIJIA_CLOCK_OFFSET_MS', saved.offset], ['STAGE', saved.stage]] as const) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

describe('the product clock', () => {
  it('reads the real time when no offset is set (unset or empty)', () => {
    delete process.env.ZHIJIA_CLOCK_OFFSET_MS;
    expect(Math.abs(systemNow().getTime() - Date.now())).toBeLessThan(1_000);
    process.env.ZHIJIA_CLOCK_OFFSET_MS = '';
    expect(clockOffsetMs()).toBe(0);
  });

  it('shifts the real time by the offset, and runs on from there', () => {
    process.env.STAGE = 'local';
    process.env.ZHIJIA_CLOCK_OFFSET_MS = String(-3 * 86_400_000);
    const real = Date.now();
    const shifted = systemNow().getTime();
    expect(shifted - real).toBeGreaterThanOrEqual(-3 * 86_400_000);
    expect(shifted - real).toBeLessThan(-3 * 86_400_000 + 1_000);
  });

  it('reaches the instant asked for: offsetToReach, then systemNow reads that instant', () => {
    const at = '2026-12-14T09:30:00+08:00';
    expect(offsetToReach(at, Date.parse('2026-12-07T09:30:00+08:00'))).toBe(7 * 86_400_000);
    process.env.STAGE = 'local';
    process.env.ZHIJIA_CLOCK_OFFSET_MS = String(offsetToReach(at));
    expect(Math.abs(systemNow().getTime() - Date.parse(at))).toBeLessThan(1_000);
  });

  it('is refused on the prod stage, where a shifted clock would open and close real windows at the wrong time', () => {
    process.env.STAGE = 'prod';
    process.env.ZHIJIA_CLOCK_OFFSET_MS = '3600000';
    expect(() => systemNow()).toThrow(ClockMisconfiguredError);
    expect(() => systemNow()).toThrow(/refused on the prod stage/);
    // No offset on prod is the normal case.
    process.env.ZHIJIA_CLOCK_OFFSET_MS = '';
    expect(Math.abs(systemNow().getTime() - Date.now())).toBeLessThan(1_000);
  });

  it('gives DynamoDB TTLs in the table\'s (real) clock, so a shifted stack\'s items expire when the product expects', () => {
    process.env.STAGE = 'local';
    const until = Date.parse('2026-12-15T09:30:00+08:00');
    process.env.ZHIJIA_CLOCK_OFFSET_MS = '';
    expect(ttlEpochSeconds(new Date(until))).toBe(until / 1000);
    // The product runs 30 days behind the real time: the item lives as long, so its TTL is 30 days later.
    process.env.ZHIJIA_CLOCK_OFFSET_MS = String(-30 * 86_400_000);
    expect(ttlEpochSeconds(until)).toBe(until / 1000 + 30 * 86_400);
  });

  it.each(['soon', '1e', '12h', 'NaN', 'Infinity'])('refuses an offset that is not a number of milliseconds (%s)', (value) => {
    process.env.STAGE = 'local';
    process.env.ZHIJIA_CLOCK_OFFSET_MS = value;
    expect(() => systemNow()).toThrow(ClockMisconfiguredError);
  });

  it.each(['next Monday', '2026-13-01T09:00:00+08:00', ''])('refuses a ZHIJIA_CLOCK_AT that is not an ISO instant (%j)', (value) => {
    expect(() => offsetToReach(value)).toThrow(ClockMisconfiguredError);
  });
});
