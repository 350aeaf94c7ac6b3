import { GetCommand } from '../../../functions/storage/document-client';
import { createTestTable, type TestTable } from '../../support/dynamo';
import { systemNow } from '../../support/product-clock';
import { httpEvent, jsonOf } from '../../support/http-event';
import { registerLocalTemplates } from '../../../scripts/local/local-stack';
import { startWechatStandin, type WeChatStandin } from '../../../scripts/local/wechat-standin';
import { commitWithNotices, outboxKey } from '../../../functions/notify/outbox';
import { backoffMs, dispatchNotice, type DispatchDeps } from '../../../functions/notify/dispatcher';
import { readInbox } from '../../../functions/notify/inbox';
import { noticeIdOf } from '../../../functions/notify/notice';
import { recordSubscriptionResults } from '../../../functions/notify/subscriptions';
import { accessTokenProvider } from '../../../functions/wechat/access-token';
import { sendSubscribeMessage } from '../../../functions/wechat/subscribe-message';
import { signSession } from '../../../functions/auth/session-token';
import { handler as inboxApi } from '../../../functions/handlers/inbox';
import { handler as streamDispatcher } from '../../../functions/handlers/dispatcher';

let table: TestTable;
let wechat: WeChatStandin;
let deps: DispatchDeps;
const member = 'gu-yuntai-m007'; // demo identity member-1, openid demo:member-1
const openid = 'demo:member-1';
const templateId = 'local-application-status';

beforeAll(async () => {
  table = await createTestTable({ seed: true });
  wechat = await startWechatStandin({ appid: 'wx-test', secret: 'wechat-test-secret' });
  registerLocalTemplates(wechat);
  const config = { baseUrl: wechat.url, appid: 'wx-test', secret: 'wechat-test-secret', miniprogramState: 'developer' as const };
  const tokens = accessTokenProvider(config, table.db, table.tableName);
  deps = { db: table.db, table: table.tableName, stage: 'local', send: (message) => sendSubscribeMessage(config, tokens, message), maxAttempts: 3 };
  Object.assign(process.env, {
    STAGE: 'local',
    TABLE_NAME: table.tableName,
    DYNAMODB_ENDPOINT: table.endpoint,
    SESSION_SECRET: 'notify-test-session-secret-0123456789',
    WECHAT_API_BASE: wechat.url,
    WECHAT_APPID: 'wx-test',
    WECHAT_APP_SECRET: 'wechat-test-secret',
  });
});
afterAll(async () => {
  await wechat.close();
  await table.drop();
});

let seq = 0;
async function notify(title: string, now = systemNow()): Promise<string> {
  seq += 1;
  const eventId = `application#a${seq}#returned`;
  await commitWithNotices(
    table.db,
    table.tableName,
    { writes: [{ Put: { TableName: table.tableName, Item: { pk: `APPLICATION#a${seq}`, sk: 'APPLICATION', status: 'returned' } } }], notices: [{ eventId, recipientId: member, templateKey: 'application.statusChanged', params: { title, status: '被退回', comment: '请补充近三年满意率' } }] },
    now,
  );
  return noticeIdOf({ eventId, recipientId: member });
}
const outbox = async (noticeId: string) => (await table.db.send(new GetCommand({ TableName: table.tableName, Key: outboxKey(noticeId) }))).Item;

describe('delivery as a WeChat subscribe message, through the stand-in of WeChat’s API', () => {
  it('sends one message per one-time grant, with values fitted to WeChat’s limits, and the inbox always', async () => {
    await recordSubscriptionResults(table.db, table.tableName, member, 'local', { [templateId]: 'accept' });
    wechat.grant(openid, templateId, 1);
    const longTitle = '云台新材料有限公司工会申报模范职工之家（2026年度第一批）';
    const first = await notify(longTitle);
    expect(await dispatchNotice(deps, first)).toBe('delivered');
    expect((await outbox(first))?.wechat).toBe('sent');
    const sent = wechat.messages(openid);
    expect(sent).toHaveLength(1);
    const thing = sent[0]?.data.thing1 ?? '';
    expect([...thing]).toHaveLength(20);

    // The grant is used up: the next notice goes to the inbox only, and WeChat is not called.
    const second = await notify('第二条');
    expect(await dispatchNotice(deps, second)).toBe('delivered');
    expect((await outbox(second))?.wechat).toBe('skipped');
    expect(wechat.messages(openid)).toHaveLength(1);
    expect((await readInbox(table.db, table.tableName, member)).notices.map((n) => n.noticeId.endsWith(second))).toContain(true);
  });

  it('treats 43101 (refused or no grant left on WeChat’s side) as final: inbox only, no retry', async () => {
    await recordSubscriptionResults(table.db, table.tableName, member, 'local', { [templateId]: 'accept' }); // we think so, WeChat disagrees
    const before = wechat.calls('/cgi-bin/message/subscribe/send');
    const id = await notify('被拒收的通知');
    expect(await dispatchNotice(deps, id)).toBe('delivered');
    expect((await outbox(id))?.wechat).toBe('refused');
    expect(wechat.calls('/cgi-bin/message/subscribe/send') - before).toBe(1);
    // Our record now holds no grant, so later notices don't knock on WeChat's door again.
    const next = await notify('之后的通知');
    await dispatchNotice(deps, next);
    expect(wechat.calls('/cgi-bin/message/subscribe/send') - before).toBe(1);
  });

  it('refreshes an access_token that expired mid-run and sends', async () => {
    await recordSubscriptionResults(table.db, table.tableName, member, 'local', { [templateId]: 'accept' });
    wechat.grant(openid, templateId, 1);
    wechat.expireTokens();
    const tokenCallsBefore = wechat.tokenCalls();
    const id = await notify('令牌过期后的通知');
    expect(await dispatchNotice(deps, id)).toBe('delivered');
    expect((await outbox(id))?.wechat).toBe('sent');
    expect(wechat.tokenCalls() - tokenCallsBefore).toBe(1);
  });

  it('retries a busy WeChat with backoff, then dead-letters the notice where organisers see it', async () => {
    await recordSubscriptionResults(table.db, table.tableName, member, 'local', { [templateId]: 'accept' });
    wechat.grant(openid, templateId, 5);
    let now = new Date('2026-11-23T09:00:00+08:00');
    const id = await notify('一直繁忙', now);
    const outcomes: string[] = [];
    for (let attempt = 1; attempt <= 3; attempt += 1) {
      wechat.failNext('/cgi-bin/message/subscribe/send', -1, 'system error');
      outcomes.push(await dispatchNotice(deps, id, now));
      // Not due again before its backoff has passed.
      expect(await dispatchNotice(deps, id, new Date(now.getTime() + 1000))).toBe('skipped');
      now = new Date(now.getTime() + backoffMs(attempt) + 1000);
    }
    expect(outcomes).toEqual(['retry', 'retry', 'dead']);
    const inbox = await readInbox(table.db, table.tableName, member);
    expect(inbox.notices.filter((n) => n.noticeId.endsWith(id))).toHaveLength(1);

    const { token } = await signSession({ memberId: 'staff-city-1', openid: 'demo:organiser' }, 'notify-test-session-secret-0123456789', 'local');
    const dead = jsonOf(await inboxApi(httpEvent('GET', '/v1/notices/dead', { headers: { authorization: `Bearer ${token}` } })));
    expect(dead.status).toBe(200);
    expect(dead.body.notices).toEqual([expect.objectContaining({ noticeId: id, recipientOrg: '云台新材料有限公司工会', attempts: 3 })]);

    const reviewer = await signSession({ memberId: 'staff-dist-shanyang', openid: 'demo:reviewer-shanyang' }, 'notify-test-session-secret-0123456789', 'local');
    expect(jsonOf(await inboxApi(httpEvent('GET', '/v1/notices/dead', { headers: { authorization: `Bearer ${reviewer.token}` } }))).status).toBe(403);
  });

  it('delivers a new outbox item handed over by the table stream (AWS), once even if redelivered', async () => {
    const id = await notify('经由数据流送达');
    const record = { eventName: 'INSERT', dynamodb: { NewImage: { entity: { S: 'outbox' }, noticeId: { S: id } } } };
    const event = { Records: [record, record] } as unknown as Parameters<typeof streamDispatcher>[0];
    expect(await streamDispatcher(event)).toEqual({ delivered: 1 });
    expect((await outbox(id))?.status).toBe('delivered');
  });
});
