import { reminderThresholdsInWorkingDays } from '@config/reminders';
import { currentCalendar } from '../calendar/live-calendar';
import { recomputeOpenWindows } from '../calendar/recompute-windows';
import { log } from '../http/logger';
import { runClock } from '../clock/clock-job';
import { dispatchDueNotices } from '../notify/dispatcher';
import { remindWaitingWork } from '../notify/work-items';
import { driveDueImports } from '../roster/import-commit';
import { driveDuePreviews } from '../roster/preview-driver';
import { thePersonalDataCipher } from '../privacy/personal-data';
import { driveDueStatsBackfills } from '../roster/roster-stats-backfill';
import { sealDueAppraisals } from '../appraisal/seal';
import { driveDueOpenings } from '../appraisal/opening';
import { appraisalDeps } from './appraisal';
import { closeDuePublicities } from '../publicity/publicities';
import { deliverReporterNotices } from '../publicity/reporter-notices';
import { publicityDeps } from './publicity';
import { envelopeKeys } from '../publicity/envelope-keys';
import { documentClient, tableName } from '../storage/dynamo';
import { systemNow } from '../time/clock';
import { dispatchDeps } from './notify-context';
import { anchorRetentionDays, anchorStoreFromEnv } from '../audit/anchor-store-from-env';
import { sealAuditAnchors } from '../audit/seal-anchors';
import { runDueRechecks } from '../honours/recheck-schedule';
import { dynamoDirectory } from '../storage/dynamo-directory';

/** Scheduled by serverless.yml on AWS; called on an interval by the local stack. */
export async function handler(): Promise<{ ranAt: string; moved: Record<string, number> }> {
  const db = documentClient();
  const table = tableName();
  const deps = await dispatchDeps();
  // The operator's arrangements as they stand (read again every 30 s).
  const calendar = await currentCalendar(db, table);
  const run = await runClock(db, table, systemNow(), {
    reminders: (now) => remindWaitingWork(db, table, calendar, reminderThresholdsInWorkingDays, now),
    notices: (now) => dispatchDueNotices(deps, now),
    // Reporters who asked for updates, at the random time each notice drew: the watcher key opens only who they are
    // to notify (never the reporter's contact or account, which need the identity key the clock does not hold).
    reporterNotices: (now) => deliverReporterNotices({ ...deps, watcherKeys: envelopeKeys('watcher') }, now),
    // Roster imports whose page was closed while the file's rows were checked (a preview in chunks, then the commit).
    rosterPreviews: async (now) => driveDuePreviews({ db, table, cipher: await thePersonalDataCipher(), now: systemNow }, now),
    // Roster imports whose page was closed mid-commit (their polls drove them until then).
    rosterImports: (now) => driveDueImports({ db, table, now: systemNow }, now),
    // Membership counters of rosters written before they existed, counted in slices (functions/roster/roster-stats.ts).
    rosterStatsBackfills: (now) => driveDueStatsBackfills(db, table, now),
    // Ballots whose opening was left half done (page closed, request cut off): electorate, then the voters' notices.
    appraisalOpenings: async (now) => driveDueOpenings(await appraisalDeps(), now),
    // Ballots whose closing time has passed: sealed, recorded, reviewers told of broken thresholds.
    appraisalSeals: async (now) => sealDueAppraisals(await appraisalDeps(), now),
    // Windows whose end a newly entered or corrected arrangement moves later (normally done when it is saved;
    // this catches a save whose recomputation was cut off). Before closing, so none closes on an outdated end.
    publicityRecompute: (now) => recomputeOpenWindows({ db, table, calendar }, { memberId: 'system', role: 'system' }, now),
    // Publicity windows at their end: nominees move on or wait for the investigation; reviewers are told.
    publicityCloses: async (now) => closeDuePublicities(await publicityDeps(), now),
    // The yearly 复查 of each tree's honours (functions/honours/recheck-schedule.ts), in slices resumed tick by tick.
    honourRechecks: (now) => runDueRechecks({ db, table, directory: dynamoDirectory(db, table), now: systemNow }, now),
    // Audit chain heads sealed outside the table (functions/audit/seal-anchors.ts): daily, and when heads moved.
    auditSeal: async (now) => {
      const store = anchorStoreFromEnv();
      return store ? sealAuditAnchors({ db, table, store, retentionDays: anchorRetentionDays() }, now) : 0;
    },
  });
  log('info', 'clock ran', { ...run });
  return run;
}
