import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { appendAuditEvents } from '../../../functions/audit/audit-trail';
import { latestAnchor, localAnchorStore } from '../../../functions/audit/anchor-store';
import { handler as clock } from '../../../functions/handlers/clock';
import { useAppraisalTables } from '../appraisal/appraisal-support';
import { createTestTable, type TestTable } from '../../support/dynamo';
import { advanceProductClock, systemNow } from '../../support/product-clock';

// The scheduled clock function seals the audit chains' heads (issue 15, point 6), as AWS's scheduler would run it.
jest.setTimeout(60_000);

let table: TestTable;
let dir: string;
beforeAll(async () => {
  table = await createTestTable();
  useAppraisalTables(table);
  dir = await mkdtemp(join(tmpdir(), 'clock-anchors-'));
  // No notice is due, so WeChat is never called; the clock's other tasks only need their settings.
  Object.assign(process.env, { REPORTER_KEY: randomBytes(32).toString('base64url'), WATCHER_KEY: randomBytes(32).toString('base64url'), WECHAT_API_BASE: 'http://127.0.0.1:9', WECHAT_APPID: 'wx-test', WECHAT_APP_SECRET: 'wechat-test-secret', AUDIT_ANCHOR_STORE: 'local', AUDIT_ANCHOR_DIR: dir });
});
afterAll(async () => {
  delete process.env.AUDIT_ANCHOR_STORE;
  delete process.env.AUDIT_ANCHOR_DIR;
  await table.drop();
  await rm(dir, { recursive: true, force: true });
});

describe('the clock function', () => {
  it('seals the chains once, and again only when heads moved and an hour has passed, each seal following the last', async () => {
    await appendAuditEvents(table.db, table.tableName, [
      { subjectType: 'honour', subjectId: 'h-1', scopePath: '/city-jz', action: 'honour.awarded', actor: { memberId: 'staff-city-1', role: 'organiser' }, reason: '授予' },
    ]);

    const first = await clock();
    const again = await clock();
    await appendAuditEvents(table.db, table.tableName, [
      { subjectType: 'honour', subjectId: 'h-1', scopePath: '/city-jz', action: 'honour.revoked', actor: { memberId: 'staff-city-1', role: 'organiser' }, reason: '撤销' },
    ]);
    advanceProductClock(61 * 60_000);
    const moved = await clock();

    expect([first.moved['auditSeal.sealed'], again.moved['auditSeal.sealed'], moved.moved['auditSeal.sealed']]).toEqual([1, 0, 1]);
    const anchor = await latestAnchor(localAnchorStore(dir), table.tableName, systemNow());
    expect(anchor?.anchor.chains).toEqual({ 'honour#h-1': { seq: 2, hash: expect.stringMatching(/^[0-9a-f]{64}$/) } });
    expect(anchor?.anchor.previous?.key).toBe(`${table.tableName}/${first.ranAt.slice(0, 10)}/${first.ranAt}.json`);
  });
});
