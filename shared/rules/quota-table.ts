import type { TitleCode } from './titles';

/**
 * 名额分配表: how many nominees of each title one recommending unit may put forward.
 * A missing entry means the unit has no quota for that title (an empty cell in the notice's table).
 */
export interface QuotaTable {
  titles: TitleCode[];
  units: { unit: string; quotas: Partial<Record<TitleCode, number>> }[];
  /** The announced totals (合计 row), when the source gives one. */
  totals?: Partial<Record<TitleCode, number>>;
}
