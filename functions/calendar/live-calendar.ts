import type { DynamoDBDocumentClient } from '../storage/document-client';
import { holidayExtensions } from '@config/holidays';
import { officialCalendar, type LoadedArrangement, type WorkingDayCalendar } from '@shared/calendar';
import { loadArrangements } from './arrangement-store';

/**
 * The calendar the functions count on: the bundled years (chinese-days, config/holidays) with the arrangements an
 * operator entered on top, read from the table. Each function instance keeps it for `maxAgeMs` (30 s) and reads it
 * again after that, so a year entered by the operator reaches every instance within that time, without a deploy.
 * The instance that saved an arrangement uses it at once.
 */
const maxAgeMs = 30_000;

interface Cached {
  calendar: WorkingDayCalendar;
  loadedAtMs: number;
}
const cache = new Map<string, Cached>();

/** The current calendar for a table, read again when older than 30 s (measured in real time: a cache, not a date). */
export async function currentCalendar(db: DynamoDBDocumentClient, table: string): Promise<WorkingDayCalendar> {
  const hit = cache.get(table);
  if (hit && Date.now() - hit.loadedAtMs < maxAgeMs) return hit.calendar;
  return useArrangements(table, await loadArrangements(db, table));
}

/** Builds the calendar from these arrangements and keeps it for the table. */
export function useArrangements(table: string, loaded: readonly LoadedArrangement[]): WorkingDayCalendar {
  const calendar = officialCalendar(holidayExtensions, loaded);
  cache.set(table, { calendar, loadedAtMs: Date.now() });
  return calendar;
}

/** Forget what was read (tests that change the table behind the functions' back). */
export function forgetCalendars(): void {
  cache.clear();
}
