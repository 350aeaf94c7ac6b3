import { offsetToReach, systemNow } from '../../functions/time/clock';

/**
 * The product's clock in tests that run the functions in-process (DESIGN.md invariant 12: tests run at fixed
 * instants and pass on any real date and hour). The clock is functions/time/clock.ts's: the real time shifted by
 * ZHIJIA_CLOCK_OFFSET_MS, which jest keeps per test file. Every integration test file starts at
 * `integrationClockAt` (test/integration/setup-clock.ts); a test reads the product's now with systemNow() and moves
 * it with setProductClock — never with the machine's own date, which would not be the product's.
 */

/** Monday 14 December 2026, 09:30 in Beijing: an ordinary working-day morning. INTEGRATION_CLOCK_AT runs at another. */
export const integrationClockAt = process.env.INTEGRATION_CLOCK_AT || '2026-12-14T09:30:00+08:00';

/** Sets the product's clock of this test file to `at`; it runs on from there in real time. */
export function setProductClock(at: string | Date | number): Date {
  process.env.ZHIJIA_CLOCK_OFFSET_MS = String(offsetToReach(new Date(at).toISOString()));
  return systemNow();
}

/** Moves the product's clock of this test file `ms` forward (backward when negative). */
export function advanceProductClock(ms: number): Date {
  return setProductClock(systemNow().getTime() + ms);
}

export { systemNow };
