import { ScanCommand } from '../../../functions/storage/document-client';
import { castBallot, openAppraisal } from '../../../functions/appraisal/appraisals';
import { sealAppraisal } from '../../../functions/appraisal/seal';
import { counterShards } from '../../../functions/appraisal/ballot-box-keys';
import { systemNow } from '../../../functions/time/clock';
import type { CastRequest } from '../../../shared/api/appraisal';
import { createTestTable, type TestTable } from '../../support/dynamo';
import { callers } from '../roster/roster-support';
import { annulEarlierBallots, appraisalDeps, appraisalRequest, useAppraisalTables, yuntaiMembers } from './appraisal-support';

/**
 * Issue #15 / DESIGN.md invariant 2: the ballot box keeps no history. Beside the table having no stream and no
 * point-in-time recovery (deploy-template.test.ts), no item in it carries a time: every attribute of every marker,
 * counter shard and suggestion is one of a fixed, timeless set, so nothing can be ordered or joined by when.
 */
jest.setTimeout(120_000);

let table: TestTable;
const clock = { now: systemNow() };
const deps = () => appraisalDeps(table, clock);
const session = (memberId: string) => ({ memberId, openid: `o-${memberId}` });
const ballot = (overall: 'satisfied' | 'dissatisfied'): CastRequest => ({ overall, dimensions: ['satisfied', 'satisfied', 'satisfied', 'satisfied', 'satisfied'], suggestion: '希望多组织文体活动' });

beforeAll(async () => {
  table = await createTestTable({ seed: true });
  useAppraisalTables(table);
});
afterAll(async () => table.drop());

async function boxItems(): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const out = await table.db.send(new ScanCommand({ TableName: table.ballotBoxTableName, ExclusiveStartKey: start }));
    items.push(...(out.Items ?? []));
    start = out.LastEvaluatedKey;
  } while (start);
  return items;
}

/** The attributes an item of each kind may have; a counter's answers are `<subject>/<option>` sums. */
function shapeOf(item: Record<string, unknown>): { kind: string; unexpected: string[] } {
  const pk = String(item.pk);
  const names = Object.keys(item);
  if (pk.startsWith('V#')) return { kind: 'marker', unexpected: names.filter((n) => !['pk', 'sk', 'voted'].includes(n)) };
  if (pk.startsWith('C#')) return { kind: 'counter', unexpected: names.filter((n) => !['pk', 'sk', 'n', 'suggestions', 'sealed'].includes(n) && !/^[\w-]+\/[a-zA-Z]+$/.test(n)) };
  if (pk.startsWith('S#')) return { kind: 'suggestion', unexpected: names.filter((n) => !['pk', 'sk', 'text'].includes(n)) };
  return { kind: `unknown ${pk}`, unexpected: names };
}

describe('the ballot box without history', () => {
  it('stores markers, counters and suggestions with no time in any attribute, before and after sealing', async () => {
    // Prepare: a ballot, six votes with suggestions, then the seal.
    await annulEarlierBallots(deps(), 'gu-yuntai');
    clock.now = systemNow();
    const view = await openAppraisal(deps(), session(callers.yuntaiChair), 'gu-yuntai', appraisalRequest({ closesAt: new Date(clock.now.getTime() + 60_000).toISOString() }));
    await Promise.all(yuntaiMembers(70, 75).map((m, i) => castBallot(deps(), session(m), view.appraisalId, ballot(i % 3 ? 'satisfied' : 'dissatisfied'))));

    for (const phase of ['open', 'sealed']) {
      if (phase === 'sealed') {
        clock.now = new Date(Date.parse(view.closesAt) + 1_000);
        expect(await sealAppraisal(deps(), view.appraisalId)).toBe('sealed');
      }
      // Act: read back every item the box holds.
      const items = (await boxItems()).filter((item) => String(item.pk).includes(`#${view.appraisalId}#`));
      // Assess: each kind present, no attribute outside its timeless set, no value that reads as a time.
      const shapes = items.map(shapeOf);
      expect(new Set(shapes.map((s) => s.kind))).toEqual(new Set(['marker', 'counter', 'suggestion']));
      expect({ phase, unexpected: shapes.flatMap((s) => s.unexpected.map((n) => `${s.kind}.${n}`)) }).toEqual({ phase, unexpected: [] });
      for (const item of items) {
        for (const [name, value] of Object.entries(item)) {
          if (typeof value === 'string') expect({ name, value }).not.toEqual({ name, value: expect.stringMatching(/\d{4}-\d\d-\d\d|T\d\d:\d\d/) });
          // Counts are small; an epoch in seconds or milliseconds is not.
          if (typeof value === 'number') expect({ name, value: value < 1_000_000 }).toEqual({ name, value: true });
        }
      }
      const counters = items.filter((item) => String(item.pk).startsWith('C#'));
      expect(counters.reduce((sum, c) => sum + (typeof c.n === 'number' ? c.n : 0), 0)).toBe(6);
      if (phase === 'sealed') expect(counters).toHaveLength(counterShards);
    }
  });
});
