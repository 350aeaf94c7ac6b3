import type { WindowLengthSource } from '@shared/publicity/window-length';
import type { PublicityLevel } from '@shared/rules/ruleset-schema';
import type { TitleCode } from '@shared/rules/titles';
import type { EntryStatus, ReportStatus } from '@shared/api/publicity';

/**
 * Items of 公示 and 举报 in the main table. Reports keep the reporter's contact and account only as ciphertext under
 * a per-report data key that is itself stored wrapped (reporter-envelope.ts).
 */
export const publicityKeys = {
  publicity: (id: string) => ({ pk: `PUBLICITY#${id}`, sk: 'PUBLICITY' }),
  entry: (id: string, entryId: string) => ({ pk: `PUBLICITY#${id}`, sk: `ENTRY#${entryId}` }),
  report: (id: string) => ({ pk: `REPORT#${id}`, sk: 'REPORT' }),
  message: (id: string, at: string, n: string) => ({ pk: `REPORT#${id}`, sk: `MSG#${at}#${n}` }),
  evidence: (id: string, owner: string, index: number) => ({ pk: `REPORT#${id}`, sk: `EVIDENCE#${owner}#${index}` }),
  /** The receipt's hash → the report (the receipt itself is never stored in plain). */
  receipt: (receiptHash: string) => ({ pk: `REPORTRECEIPT#${receiptHash}`, sk: 'RECEIPT' }),
  /** A nominee disqualified for forged material or improper procedure: no substitute, no re-application. */
  disqualified: (nomineeRef: string, year: number, title: string) => ({ pk: `NOMINEE#${nomineeRef}`, sk: `DISQUALIFIED#${year}#${title}` }),
  /**
   * Where a nominee is listed, written once with the entry: finds every window of a year and title that lists them,
   * so a nominee held by a report in one window cannot be listed again in another (issue 14).
   */
  nomineeEntry: (nomineeRef: string, year: number, title: string, publicityId: string, entryId: string) => ({ pk: `NOMINEE#${nomineeRef}`, sk: `LISTED#${year}#${title}#${publicityId}#${entryId}` }),
  nomineeListings: (nomineeRef: string, year: number, title: string) => ({ pk: `NOMINEE#${nomineeRef}`, skPrefix: `LISTED#${year}#${title}#` }),
  /** Fixed-window counters of the rate limits (TTL). */
  rate: (name: string, window: number) => ({ pk: `RATE#${name}`, sk: `W#${window}` }),
  /** byParent: public windows by opening time; a union's own unit-level windows. */
  publicWindows: 'PUBLICITIES#public',
  unitWindows: (orgId: string) => `PUBLICITIES#org#${orgId}`,
  /** bySubtree: reports under a federation tree, ordered by the publishing org's path (investigators' scope). */
  reportScope: (rootId: string) => `REPORTSCOPE#${rootId}`,
};
export const duePublicityClose = 'DUE#publicityClose';

/**
 * The condition that a window is still as it was read — not closed (closing removes its due marker), the same end,
 * no entry added — for every write that moves a window: a late entry (addEntry), the clock's close, a recomputation.
 * Windows stored before entries were counted have no entryCount; their entries' own conditions keep them apart.
 */
export function windowAsRead(record: Pick<PublicityRecord, 'endsAt' | 'entryCount'>): { condition: string; values: Record<string, unknown> } {
  return {
    condition: 'attribute_exists(gsi2pk) AND endsAt = :readEnd AND (attribute_not_exists(entryCount) OR entryCount = :readCount)',
    values: { ':readEnd': record.endsAt, ':readCount': record.entryCount ?? 0 },
  };
}

export interface PublicityRecord {
  publicityId: string;
  level: PublicityLevel;
  heading: string;
  orgId: string;
  orgName: string;
  orgPath: string;
  rulesetId: string;
  year: number;
  audience: 'members' | 'public';
  opensAt: string;
  endsAt: string;
  workingDays: number;
  /** Who set the length: the ruleset, the system's default where it sets none (本系统默认), or the publisher. */
  lengthSource?: WindowLengthSource;
  /** The end was counted on a provisional calendar (a year without its official arrangement): it may move later. */
  provisional?: boolean;
  /** WorkingDayCalendar.stamp() of the calendar the end was counted on. */
  calendarStamp?: string;
  citation: string;
  closed: boolean;
  publishedBy: string;
  /** A campaign's recommending or final window. */
  campaignId?: string;
  /** Entries listed so far: the next entry's number, and the version a late addition and the clock's close compare. */
  entryCount?: number;
  /** The opening of the latest entry's own window; the window's end is counted from it (issue 14). */
  lastEntryOpensAt?: string;
}

export interface EntryRecord {
  entryId: string;
  nomineeName: string;
  unitName: string;
  title: TitleCode;
  summary: string;
  nomineeRef: string;
  status: EntryStatus;
  /** Reports not yet found unsubstantiated. */
  openReports: number;
  /** Of those, the objections found true (wholly or in part) that did not disqualify: they hold the nominee for good. */
  upheldReports?: number;
  /** The application a campaign's window lists. */
  applicationId?: string;
  /**
   * The entry's own window: the list's for the entries it opened with; a full window of its own for a late
   * addition. The list stays open until its last entry's end (absent on entries stored before issue 14).
   */
  opensAt?: string;
  endsAt?: string;
}

export interface ReportRecord {
  reportId: string;
  publicityId: string;
  entryId: string;
  nomineeName: string;
  publicityHeading: string;
  scopePath: string;
  kind: 'objection' | 'supervision';
  category: string;
  categoryLabel: string;
  disqualifying: boolean;
  description: string;
  evidenceCount: number;
  status: ReportStatus;
  filedAt: string;
  assignedTo: string | null;
  /** Envelope: the wrapped data key and what it seals. */
  wrappedKey: string;
  contactSealed?: string;
  accountSealed?: string;
  receiptSealed: string;
  /** A logged-in reporter who asked for notices: their member id, sealed in this envelope (reporter-notices.ts). */
  /** The member id of a reporter who asked for updates, under its own data key, wrapped by the watcher key. */
  watcherSealed?: string;
  watcherKey?: string;
  /** When the identity was opened on an approved four-eyes request (identity-access.ts); shown to the reporter. */
  identityDisclosures?: string[];
  finding: { outcome: 'substantiated' | 'partlySubstantiated' | 'unsubstantiated'; reason: string; article: string; disqualified: boolean; at: string; by: string } | null;
}
