import type { DynamoDBStreamEvent } from 'aws-lambda';
import { log } from '../http/logger';
import { dispatchNotice } from '../notify/dispatcher';
import { dispatchDeps } from './notify-context';

/**
 * Driven by the table's stream on AWS (filtered to new outbox items): delivers each new notice at once.
 * Anything that fails here stays due and the clock's pass retries it with backoff.
 */
export async function handler(event: DynamoDBStreamEvent): Promise<{ delivered: number }> {
  const deps = await dispatchDeps();
  let delivered = 0;
  for (const record of event.Records) {
    const noticeId = record.dynamodb?.NewImage?.noticeId?.S;
    if (record.eventName !== 'INSERT' || !noticeId) continue;
    if ((await dispatchNotice(deps, noticeId)) === 'delivered') delivered += 1;
  }
  log('info', 'dispatcher ran', { records: event.Records.length, delivered });
  return { delivered };
}
