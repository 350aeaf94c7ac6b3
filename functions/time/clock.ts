/**
 * The product's clock (DESIGN.md invariant 12: time is injected). Every handler and the clock job read the time
 * here, never `new Date()` directly, so that the local and test stacks can run at a chosen instant:
 * `ZHIJIA_CLOCK_OFFSET_MS` shifts the real time by a fixed amount (set once by the stack's launcher for all its
 * processes, so they agree to the millisecond) and the clock then runs on from there as usual. The stack's
 * launcher takes `ZHIJIA_CLOCK_AT=<ISO instant>` and turns it into the offset.
 *
 * The offset is refused on the production stage, as demo log-in is: a shifted clock there would open and close
 * real windows at the wrong time.
 */
export const clockOffsetVariable = 'ZHIJIA_CLOCK_OFFSET_MS';

export class ClockMisconfiguredError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ClockMisconfiguredError';
  }
}

/** The offset in milliseconds from the environment (0 when unset); throws on prod or on a value that is not a number. */
export function clockOffsetMs(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env[clockOffsetVariable];
  if (raw === undefined || raw === '') return 0;
  if (env.STAGE === 'prod') throw new ClockMisconfiguredError(`${clockOffsetVariable} is refused on the prod stage`);
  const offset = Number(raw);
  if (!Number.isFinite(offset)) throw new ClockMisconfiguredError(`${clockOffsetVariable} must be a number of milliseconds; got "${raw}"`);
  return offset;
}

/** Now, as the product sees it. */
export function systemNow(): Date {
  return new Date(Date.now() + clockOffsetMs());
}

/**
 * DynamoDB's TTL attribute (epoch seconds) for an item the product keeps until `until` on its own clock. The table
 * deletes by the real time (DynamoDB Local within seconds of expiry), so on a shifted clock the attribute moves by the
 * offset: an item kept until `until` then vanishes neither sooner nor later than the product expects. Unshifted (as on
 * AWS), this is just `until` in seconds.
 */
export function ttlEpochSeconds(until: Date | number): number {
  return Math.ceil(((typeof until === 'number' ? until : until.getTime()) - clockOffsetMs()) / 1000);
}

/** The offset that makes `systemNow()` read `at` at the moment this is called (for the stack's launcher). */
export function offsetToReach(at: string, realNowMs = Date.now()): number {
  const target = Date.parse(at);
  if (Number.isNaN(target)) throw new ClockMisconfiguredError(`ZHIJIA_CLOCK_AT must be an ISO 8601 instant such as 2026-12-28T10:00:00+08:00; got "${at}"`);
  return target - realNowMs;
}
