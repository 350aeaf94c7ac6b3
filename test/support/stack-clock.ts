/**
 * The e2e stack's clock (DESIGN.md invariant 12). test/e2e/global-setup.ts starts the stack at a fixed instant — a
 * working-day morning unless E2E_CLOCK_AT says otherwise — and exports how far that clock is from the real one;
 * every date, deadline and year a browser test computes comes from here, never from the machine's own date.
 */
export function stackClockOffsetMs(): number {
  const raw = process.env.E2E_CLOCK_OFFSET_MS;
  if (raw === undefined || raw === '' || !Number.isFinite(Number(raw))) throw new Error('E2E_CLOCK_OFFSET_MS is not set: run e2e tests through jest (global setup)');
  return Number(raw);
}

/** Now, as the stack (and the browser pages, test/support/browser.ts) sees it. */
export const stackNow = (): Date => new Date(Date.now() + stackClockOffsetMs());
