/**
 * A clock that reads `at` when made and runs on by the time that has passed since (performance.now): for benches and
 * tests that drive the functions with an injected `now` (DESIGN.md invariant 12: the same figures on any real date
 * and hour), where leases and timeouts still need time to move.
 */
export function runningClock(at: string | Date): () => Date {
  const start = new Date(at).getTime();
  const madeAt = performance.now();
  return () => new Date(start + (performance.now() - madeAt));
}
