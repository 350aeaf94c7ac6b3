import { QueryCommand, UpdateCommand } from '../storage/document-client';
import { assertCalendarDay, startOfShanghaiDay } from '@shared/calendar/shanghai-date';
import { recheckTree, type RecheckDeps } from './recheck-run';

/**
 * When the yearly 复查 runs: one schedule per federation tree that holds honours, due on 1 March (Beijing) of the year
 * after the year it re-checks — 「本系统默认」: the texts ask the federations to re-check (总工办发〔2020〕15号 第二十二条（四）,
 * 京工发〔2021〕19号 第十九条（四）, 桂工发〔2021〕8号 八、（一）4.) without a date; by March the year's 会员评家 are sealed and
 * the profiles' employee counts entered. The clock drives it in slices, each resuming where the last stopped.
 *   pk RECHECK#<root>  sk SCHEDULE   year (the next to re-check), cursor, byDueTime gsi2pk DUE#honourRecheck
 */
export const dueRechecks = 'DUE#honourRecheck';
const scheduleKey = (rootId: string) => ({ pk: `RECHECK#${rootId}`, sk: 'SCHEDULE' });
/** 1 March of the following year, 09:00 Beijing. */
export const recheckDueAt = (year: number): Date => new Date(startOfShanghaiDay(assertCalendarDay(`${year + 1}-03-01`)).getTime() + 9 * 3600_000);
/** How long one clock tick spends on re-checks. */
const sliceMs = 15_000;

/**
 * After an award (or an import of historic honours) in a tree: its next re-check is of the first full year after the
 * award. A schedule already at that year or earlier is kept; a later one not yet running is moved back to it.
 */
export async function scheduleRechecks(deps: Pick<RecheckDeps, 'db' | 'table' | 'now'>, rootId: string, awardedYear: number): Promise<void> {
  const year = awardedYear + 1;
  await deps.db
    .send(
      new UpdateCommand({
        TableName: deps.table,
        Key: scheduleKey(rootId),
        UpdateExpression: 'SET entity = :entity, rootId = :root, #year = :year, gsi2pk = :due, gsi2sk = :dueAt, createdAt = if_not_exists(createdAt, :now)',
        ConditionExpression: 'attribute_not_exists(pk) OR (#year > :year AND attribute_not_exists(#cursor))',
        ExpressionAttributeNames: { '#year': 'year', '#cursor': 'cursor' },
        ExpressionAttributeValues: { ':entity': 'recheckSchedule', ':root': rootId, ':year': year, ':due': dueRechecks, ':dueAt': `${recheckDueAt(year).toISOString()}#${rootId}`, ':now': deps.now().toISOString() },
      }),
    )
    .catch((error: unknown) => {
      if (!(error instanceof Error && error.name === 'ConditionalCheckFailedException')) throw error;
    });
}

/**
 * The clock's task: each tree whose re-check is due gets a slice; a tree finished moves on to the next year (due the
 * March after it), with the tally of its run kept on the schedule. The cursor and year only move from the values read,
 * so two ticks at once cannot skip a slice or a year (and a slice done twice writes nothing twice: recheck-run.ts).
 */
export async function runDueRechecks(deps: RecheckDeps, now: Date): Promise<Record<string, number>> {
  const out = await deps.db.send(
    new QueryCommand({ TableName: deps.table, IndexName: 'byDueTime', KeyConditionExpression: 'gsi2pk = :due AND gsi2sk <= :now', ExpressionAttributeValues: { ':due': dueRechecks, ':now': `${now.toISOString()}#\uffff` }, Limit: 5 }),
  );
  const moved: Record<string, number> = { trees: 0, finished: 0 };
  for (const schedule of out.Items ?? []) {
    const rootId = String(schedule.rootId);
    const year = Number(schedule.year);
    // A year not yet over is never re-checked (a schedule made late, or a clock running ahead).
    if (recheckDueAt(year).getTime() > now.getTime()) continue;
    const from = schedule.cursor as Record<string, unknown> | undefined;
    const tally = await recheckTree(deps, rootId, year, { by: 'clock', budgetMs: sliceMs, ...(from ? { from } : {}) });
    const { next, ...counts } = tally;
    for (const [k, v] of Object.entries(counts)) moved[k] = (moved[k] ?? 0) + v;
    moved.trees = (moved.trees ?? 0) + 1;
    const sameRun = { ':year': year, ...(from ? { ':cursor': from } : {}) };
    const unchanged = from ? '#year = :year AND #cursor = :cursor' : '#year = :year AND attribute_not_exists(#cursor)';
    const update = next
      ? { UpdateExpression: 'SET #cursor = :next', ExpressionAttributeValues: { ...sameRun, ':next': next } }
      : {
          UpdateExpression: 'SET #year = :nextYear, gsi2sk = :due, lastRun = :last REMOVE #cursor',
          ExpressionAttributeValues: { ...sameRun, ':nextYear': year + 1, ':due': `${recheckDueAt(year + 1).toISOString()}#${rootId}`, ':last': { year, finishedAt: deps.now().toISOString() } },
        };
    if (!next) moved.finished = (moved.finished ?? 0) + 1;
    await deps.db
      .send(new UpdateCommand({ TableName: deps.table, Key: scheduleKey(rootId), ConditionExpression: unchanged, ExpressionAttributeNames: { '#year': 'year', '#cursor': 'cursor' }, ...update }))
      .catch((error: unknown) => {
        // Another tick moved it meanwhile: its state stands.
        if (!(error instanceof Error && error.name === 'ConditionalCheckFailedException')) throw error;
      });
  }
  return moved;
}
