import { log } from '../http/logger';
import { runClock } from '../clock/clock-job';
import { documentClient, tableName } from '../storage/dynamo';

/** Scheduled by serverless.yml on AWS; called on an interval by the local stack. */
export async function handler(): Promise<{ ranAt: string; moved: Record<string, number> }> {
  const run = await runClock(documentClient(), tableName());
  log('info', 'clock ran', { ...run });
  return run;
}
