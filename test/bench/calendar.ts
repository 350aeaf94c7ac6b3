// Bench: how fast publicity windows are computed (the clock job and every publicity page compute them).
import { holidayExtensions } from '@config/holidays';
import { officialCalendar, publicityWindow, workingDaysLeft } from '@shared/calendar';
import { compareWithOfficial } from '../support/caution-cost';

export interface BenchResult {
  label: string;
  value: number;
  unit: string;
}

const FROM = Date.parse('2024-01-01T00:00:00+08:00');
const SPAN = Date.parse('2026-12-01T00:00:00+08:00') - FROM; // leaves room before the last loaded year ends

/** Deterministic opening instants spread over 2024–2026 (a fixed LCG, so runs compare). */
function openingInstants(count: number): Date[] {
  let seed = 20260929;
  return Array.from({ length: count }, () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return new Date(FROM + Math.floor((seed / 2147483648) * SPAN));
  });
}

/** Runs `step` over the inputs in rounds until `minMs` has passed; returns calls per second. */
function perSecond<T>(inputs: T[], step: (input: T) => unknown, minMs = 1000): number {
  for (const input of inputs.slice(0, 200)) step(input); // warm-up
  let calls = 0;
  const started = performance.now();
  let elapsed = 0;
  do {
    for (const input of inputs) step(input);
    calls += inputs.length;
    elapsed = performance.now() - started;
  } while (elapsed < minMs);
  return Math.round((calls / elapsed) * 1000);
}

export async function benchCalendar(): Promise<BenchResult[]> {
  const coldStart = performance.now();
  const calendar = officialCalendar(holidayExtensions);
  publicityWindow(new Date('2026-09-29T10:00:00+08:00'), 5, calendar);
  const coldMs = performance.now() - coldStart;

  const instants = openingInstants(2000);
  const five = perSecond(instants, (at) => publicityWindow(at, 5, calendar));
  const ten = perSecond(instants, (at) => publicityWindow(at, 10, calendar));
  const windows = instants.map((at) => publicityWindow(at, 5, calendar));
  const countdown = perSecond(windows, (w) => workingDaysLeft(w.opensAt, w.endsAt, calendar));

  return [
    { label: 'calendar: build officialCalendar + first publicityWindow', value: Number(coldMs.toFixed(2)), unit: 'ms' },
    { label: 'calendar: publicityWindow, 5 working days', value: five, unit: 'windows/s' },
    { label: 'calendar: publicityWindow, 10 working days', value: ten, unit: 'windows/s' },
    { label: 'calendar: workingDaysLeft from opening, 5-day window', value: countdown, unit: 'counts/s' },
  ];
}

/**
 * The cost of caution (issue 13): each year 2016–2026 pretended unannounced, a window opened at every hour of it on
 * the provisional calendar, compared with the official end. How much later on average, and at worst.
 */
export async function benchProvisionalCalendar(): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  for (const days of [5, 10]) {
    let windows = 0;
    let later = 0;
    let daysLater = 0;
    let worst = 0;
    let earlier = 0;
    for (let year = 2016; year <= 2026; year += 1) {
      const c = compareWithOfficial(year, days);
      windows += c.windows;
      later += c.later;
      daysLater += c.daysLaterTotal;
      worst = Math.max(worst, c.maxDaysLater);
      earlier += c.earlier.length;
    }
    results.push(
      { label: `provisional calendar, ${days}-working-day windows 2016–2026 (${windows} opened): ended earlier than official`, value: earlier, unit: 'windows' },
      { label: `provisional calendar, ${days}-working-day windows: ended later than official`, value: Number(((later / windows) * 100).toFixed(1)), unit: '% of windows' },
      { label: `provisional calendar, ${days}-working-day windows: average lateness over all windows`, value: Number((daysLater / windows).toFixed(3)), unit: 'calendar days' },
      { label: `provisional calendar, ${days}-working-day windows: average lateness of a window that ends later`, value: Number((later ? daysLater / later : 0).toFixed(2)), unit: 'calendar days' },
      { label: `provisional calendar, ${days}-working-day windows: worst lateness`, value: worst, unit: 'calendar days' },
    );
  }
  return results;
}
