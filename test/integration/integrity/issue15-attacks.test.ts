import { randomBytes, randomUUID } from 'node:crypto';
import { PutCommand } from '../../../functions/storage/document-client';
import { handler as campaign } from '../../../functions/handlers/campaign';
import { handler as publicity } from '../../../functions/handlers/publicity';
import { orgItem } from '../../../functions/orgs/org-items';
import { publicListCache } from '../../../functions/publicity/publicities';
import { publicityKeys } from '../../../functions/publicity/publicity-items';
import { documentClient } from '../../../functions/storage/dynamo';
import { keys } from '../../../functions/storage/keys';
import { createTestTable, type TestTable } from '../../support/dynamo';
import { advanceProductClock, systemNow } from '../../support/product-clock';
import { call, callers, useTable } from '../roster/roster-support';

/**
 * Issue 15 (findings on main 0352d0b): GET /v1/campaigns/{campaignId} answered any session; the public publicity list
 * read up to 51 items consistently on every anonymous call. Through the HTTP handlers against DynamoDB Local.
 */
jest.setTimeout(120_000);

let table: TestTable;
beforeAll(async () => {
  table = await createTestTable({ seed: true });
  useTable(table);
  process.env.REPORTER_KEY = randomBytes(32).toString('base64url');
  process.env.WATCHER_KEY = randomBytes(32).toString('base64url');
  // A second federation tree beside 焦作: its member may read its own campaigns, not 焦作's.
  const now = systemNow();
  await table.db.send(new PutCommand({ TableName: table.tableName, Item: orgItem({ orgId: 'city-other', name: '另一市总工会', level: 'city', kind: 'federation', path: '/city-other' } as never, now) }));
  await table.db.send(new PutCommand({ TableName: table.tableName, Item: { ...keys.member('city-other-m001'), entity: 'member', memberId: 'city-other-m001', name: '外市会员', orgId: 'city-other' } }));
});
afterAll(async () => table.drop());

describe('GET /v1/campaigns/{campaignId}: only to the federation tree it runs in', () => {
  let campaignId: string;
  beforeAll(async () => {
    const res = await call(campaign, 'POST /v1/orgs/{orgId}/campaigns', {
      as: callers.cityOrganiser,
      params: { orgId: 'city-jz' },
      body: { requestId: randomUUID(), rulesetId: 'jiaozuo-2018', year: 2026, heading: '2026 年度评选', titles: ['modelHome'], recommendingUnits: [{ orgId: 'dist-jiefang', quotaName: '解放区' }], submissionDeadline: '2026-12-31' },
    });
    expect(res.status).toBe(201);
    campaignId = (res.body.campaign as { campaignId: string }).campaignId;
  });

  it('shows the campaign to a member of the tree', async () => {
    const res = await call(campaign, 'GET /v1/campaigns/{campaignId}', { as: callers.yuntaiMember, params: { campaignId } });
    expect(res.status).toBe(200);
    expect((res.body.campaign as { campaignId: string }).campaignId).toBe(campaignId);
  });

  it('answers an account bound to no roster, and a member of another tree, exactly as for an unknown id', async () => {
    const unknown = await call(campaign, 'GET /v1/campaigns/{campaignId}', { as: callers.yuntaiMember, params: { campaignId: 'cmp-0000000000000000' } });
    expect(unknown.status).toBe(404);
    expect(await call(campaign, 'GET /v1/campaigns/{campaignId}', { as: 'city-other-m001', params: { campaignId } })).toEqual(unknown);
    const { signSession } = await import('../../../functions/auth/session-token');
    const visitor = (await signSession({ memberId: null, openid: 'o-visitor' }, String(process.env.SESSION_SECRET), 'local')).token;
    const { httpEvent, jsonOf } = await import('../../support/http-event');
    const event = httpEvent('GET', `/v1/campaigns/${campaignId}`, { headers: { authorization: `Bearer ${visitor}` } });
    const res = jsonOf(await campaign({ ...event, routeKey: 'GET /v1/campaigns/{campaignId}', pathParameters: { campaignId } }));
    expect(res).toEqual(unknown);
    expect((await call(campaign, 'GET /v1/campaigns/{campaignId}', { params: { campaignId } })).status).toBe(401);
  });
});

describe('GET /v1/publicities: cached per container, never N × 51 reads', () => {
  it('reads the table at most once per period for 40 anonymous calls, and shows a window opened meanwhile at once', async () => {
    // Windows stored before entries were counted (no entryCount): the list counted each one's entries on every call.
    for (let i = 0; i < 12; i += 1) {
      const id = `pub-${randomBytes(10).toString('hex')}`;
      const opensAt = new Date(systemNow().getTime() - 86_400_000).toISOString();
      await table.db.send(new PutCommand({
        TableName: table.tableName,
        Item: {
          ...publicityKeys.publicity(id),
          entity: 'publicity',
          publicityId: id,
          orgId: 'city-jz',
          orgName: '焦作市总工会',
          orgPath: '/city-jz',
          level: 'final',
          audience: 'public',
          rulesetId: 'jiaozuo-2018',
          year: 2026,
          heading: `旧公示 ${i}`,
          opensAt,
          endsAt: new Date(systemNow().getTime() + 5 * 86_400_000).toISOString(),
          workingDays: 5,
          provisional: false,
          citation: '焦作 四、（一）',
          closed: false,
          publishedBy: callers.cityOrganiser,
          gsi1pk: publicityKeys.publicWindows,
          gsi1sk: `${opensAt}#${id}`,
        },
      }));
    }
    const first = await call(publicity, 'GET /v1/publicities');
    expect(first.status).toBe(200);
    const db = documentClient();
    const sent: string[] = [];
    const original = db.send.bind(db) as (command: unknown) => Promise<unknown>;
    const spy = jest.spyOn(db, 'send').mockImplementation(((command: { constructor: { name: string } }) => {
      sent.push(command.constructor.name);
      return original(command);
    }) as never);
    try {
      for (let i = 0; i < 40; i += 1) expect((await call(publicity, 'GET /v1/publicities')).body).toEqual(first.body);
      // The calendar is read again every 30 s (live-calendar.ts); the list itself not at all within the period.
      expect(sent.filter((name) => name !== 'GetCommand').length).toBe(0);
      expect(sent.length).toBeLessThanOrEqual(2);

      // After the windows' period, one Query; the uncounted windows' entries only after theirs.
      advanceProductClock(publicListCache.windowsMs + 1);
      sent.length = 0;
      for (let i = 0; i < 40; i += 1) await call(publicity, 'GET /v1/publicities');
      expect(sent.filter((name) => name === 'QueryCommand').length).toBe(1);
      advanceProductClock(publicListCache.countsMs + 1);
      sent.length = 0;
      for (let i = 0; i < 40; i += 1) await call(publicity, 'GET /v1/publicities');
      expect(sent.filter((name) => name === 'QueryCommand').length).toBeLessThanOrEqual(1 + 12 + 2);
    } finally {
      spy.mockRestore();
    }

    const opened = await call(publicity, 'POST /v1/orgs/{orgId}/publicities', {
      as: callers.cityOrganiser,
      params: { orgId: 'city-jz' },
      body: { requestId: randomUUID(), level: 'final', rulesetId: 'jiaozuo-2018', year: 2026, heading: '新开公示', entries: [{ nomineeName: '云台新材料有限公司工会', unitName: '云台新材料有限公司', title: 'modelHome', summary: '建立职代会制度。', nomineeRef: 'gu-yuntai' }] },
    });
    expect(opened.status).toBe(201);
    const list = (await call(publicity, 'GET /v1/publicities')).body.publicities as { heading: string }[];
    expect(list.map((p) => p.heading)).toContain('新开公示');
  });
});
