import { createTestTable, type TestTable } from '../../support/dynamo';
import { systemNow } from '../../support/product-clock';
import { httpEvent, jsonOf } from '../../support/http-event';
import { runClock } from '../../../functions/clock/clock-job';
import { handler as health } from '../../../functions/handlers/health';
import { healthResponse } from '../../../shared/api/health';

let table: TestTable;

beforeAll(async () => {
  table = await createTestTable();
  Object.assign(process.env, { STAGE: 'local', TABLE_NAME: table.tableName, DYNAMODB_ENDPOINT: table.endpoint });
});
afterAll(() => table.drop());

describe('GET /v1/health and the clock job', () => {
  it('reports no clock run on a fresh table, then the last run once the clock ticked', async () => {
    const before = healthResponse.parse(jsonOf(await health(httpEvent('GET', '/v1/health'))).body);
    expect(before).toMatchObject({ status: 'ok', stage: 'local', clockLastRunAt: null });
    // The time it reports is the product's (the fixed instant this test runs at), not the machine's.
    expect(Math.abs(Date.parse(before.time) - systemNow().getTime())).toBeLessThan(5_000);

    const run = await runClock(table.db, table.tableName, new Date('2026-11-21T10:00:00Z'));
    const after = healthResponse.parse(jsonOf(await health(httpEvent('GET', '/v1/health'))).body);
    expect(after.clockLastRunAt).toBe(run.ranAt);
  });

  it('keeps the later heartbeat when two clock runs overlap or arrive out of order', async () => {
    const later = new Date('2026-11-21T12:00:00Z');
    const earlier = new Date('2026-11-21T11:00:00Z');
    await Promise.all([runClock(table.db, table.tableName, later), runClock(table.db, table.tableName, earlier)]);
    await runClock(table.db, table.tableName, earlier);
    const body = healthResponse.parse(jsonOf(await health(httpEvent('GET', '/v1/health'))).body);
    expect(body.clockLastRunAt).toBe(later.toISOString());
  });

  it('answers 500 in Chinese without internals when storage fails', async () => {
    process.env.TABLE_NAME = 'no-such-table';
    jest.resetModules();
    const { handler: broken } = await import('../../../functions/handlers/health');
    const res = jsonOf(await broken(httpEvent('GET', '/v1/health')));
    process.env.TABLE_NAME = table.tableName;
    expect(res).toEqual({ status: 500, body: { code: 'INTERNAL', message: '系统繁忙，请稍后再试', details: [] } });
  });
});
