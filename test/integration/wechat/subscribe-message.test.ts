import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TemplateDefinition } from '../../../shared/notify/template-values';
import { startWechatStandin, type WeChatStandin } from '../../../scripts/local/wechat-standin';
import { createTestTable, type TestTable } from '../../support/dynamo';
import { accessTokenProvider, type AccessTokens } from '../../../functions/wechat/access-token';
import { miniprogramStateFor, sendSubscribeMessage, type SubscribeMessageRequest } from '../../../functions/wechat/subscribe-message';
import type { WeChatConfig } from '../../../functions/wechat/wechat-api';

const SEND = '/cgi-bin/message/subscribe/send';
const workWaiting: TemplateDefinition = { templateId: 'tmpl-work-waiting', fields: { thing1: 'thing', time2: 'time' } };
const reminder: TemplateDefinition = { templateId: 'tmpl-reminder', fields: { thing1: 'thing', number2: 'number' } };

let table: TestTable;
const standins: WeChatStandin[] = [];
let apps = 0;

beforeAll(async () => {
  table = await createTestTable();
  process.env.STAGE = 'local';
});

afterAll(async () => {
  await Promise.all(standins.map((s) => s.close()));
  await table.drop();
});

/** A fresh app: the stand-in with both templates registered, and a token provider on the test table. */
async function freshApp(): Promise<{ wechat: WeChatStandin; config: WeChatConfig; tokens: AccessTokens }> {
  apps += 1;
  const wechat = await startWechatStandin({ appid: `wx-send-${apps}`, secret: 'wechat-test-secret' });
  standins.push(wechat);
  wechat.registerTemplate(workWaiting.templateId, workWaiting.fields);
  wechat.registerTemplate(reminder.templateId, reminder.fields);
  const config: WeChatConfig = { baseUrl: wechat.url, appid: wechat.appid, secret: wechat.secret, miniprogramState: 'developer' };
  return { wechat, config, tokens: accessTokenProvider(config, table.db, table.tableName) };
}

const waitingFor = (touser: string, what = '模范职工之家申报'): SubscribeMessageRequest => ({
  touser,
  template: workWaiting,
  page: 'pages/inbox/index',
  data: { thing1: what, time2: new Date('2026-10-08T01:05:00Z') },
});

describe('sendSubscribeMessage', () => {
  it('delivers a granted message with fitted values, to the developer version, in Chinese', async () => {
    const { wechat, config, tokens } = await freshApp();
    wechat.grant('o-chair', workWaiting.templateId);

    const outcome = await sendSubscribeMessage(config, tokens, waitingFor('o-chair'));

    expect(outcome).toEqual({ status: 'sent' });
    expect(wechat.messages('o-chair')).toEqual([
      expect.objectContaining({
        templateId: workWaiting.templateId,
        page: 'pages/inbox/index',
        data: { thing1: '模范职工之家申报', time2: '2026年10月8日 09:05' },
        miniprogramState: 'developer',
        lang: 'zh_CN',
      }),
    ]);
  });

  it('fits a 40-character thing to 20 before sending, so WeChat never answers 47003', async () => {
    const { wechat, config, tokens } = await freshApp();
    wechat.grant('o-chair', workWaiting.templateId);
    const long = '关于2026年度焦作市模范职工之家评选结果公示期间收到的实名反映事项的处理意见书';
    expect(Array.from(long)).toHaveLength(40);

    const outcome = await sendSubscribeMessage(config, tokens, waitingFor('o-chair', long));

    expect(outcome).toEqual({ status: 'sent' });
    const [message] = wechat.messages('o-chair');
    expect(message?.data.thing1).toBe(`${Array.from(long).slice(0, 19).join('')}…`);
    expect(Array.from(message?.data.thing1 ?? '')).toHaveLength(20);
    expect(wechat.calls(SEND)).toBe(1);
  });

  it('answers refused when the user holds no grant (43101), and does not retry', async () => {
    const { wechat, config, tokens } = await freshApp();
    wechat.issueCode('o-no-grant'); // a user WeChat knows, who never accepted this template

    const outcome = await sendSubscribeMessage(config, tokens, waitingFor('o-no-grant'));

    expect(outcome).toEqual({ status: 'refused' });
    expect(wechat.calls(SEND)).toBe(1);
    expect(wechat.messages('o-no-grant')).toEqual([]);
  });

  it('refuses a second message after a single grant: a grant allows one message', async () => {
    const { wechat, config, tokens } = await freshApp();
    wechat.grant('o-member', workWaiting.templateId, 1);

    const first = await sendSubscribeMessage(config, tokens, waitingFor('o-member'));
    const second = await sendSubscribeMessage(config, tokens, waitingFor('o-member'));

    expect(first).toEqual({ status: 'sent' });
    expect(second).toEqual({ status: 'refused' });
    expect(wechat.messages('o-member')).toHaveLength(1);
  });

  it('survives the token expiring mid-run: 42001, one refresh, sent', async () => {
    const { wechat, config, tokens } = await freshApp();
    wechat.grant('o-member', workWaiting.templateId, 2);
    expect(await sendSubscribeMessage(config, tokens, waitingFor('o-member'))).toEqual({ status: 'sent' });
    expect(wechat.tokenCalls()).toBe(1);

    wechat.expireTokens();
    const outcome = await sendSubscribeMessage(config, tokens, waitingFor('o-member'));

    expect(outcome).toEqual({ status: 'sent' });
    expect(wechat.tokenCalls()).toBe(2);
    expect(wechat.calls(SEND)).toBe(3); // sent, 42001, sent
    expect(wechat.messages('o-member')).toHaveLength(2);
  });

  it('refreshes the token once for 10 concurrent sends that all meet 42001', async () => {
    const { wechat, config, tokens } = await freshApp();
    const users = Array.from({ length: 10 }, (_, i) => `o-user-${i}`);
    users.forEach((u) => wechat.grant(u, workWaiting.templateId, 2));
    await sendSubscribeMessage(config, tokens, waitingFor(users[0] as string));
    wechat.expireTokens();

    const outcomes = await Promise.all(users.map((u) => sendSubscribeMessage(config, tokens, waitingFor(u))));

    expect(outcomes.every((o) => o.status === 'sent')).toBe(true);
    expect(wechat.tokenCalls()).toBe(2);
  });

  it('takes the same token again after an unexplained 40001 (stable_token keeps a valid token) and sends', async () => {
    const { wechat, config, tokens } = await freshApp();
    wechat.grant('o-member', workWaiting.templateId);
    wechat.failNext(SEND, 40001, 'invalid credential, access_token is invalid or not latest');

    const outcome = await sendSubscribeMessage(config, tokens, waitingFor('o-member'));

    expect(outcome).toEqual({ status: 'sent' });
    expect(wechat.calls(SEND)).toBe(2);
    expect(wechat.tokenCalls()).toBe(2);
  });

  it('retries a refused token once only: a second 42001 is left to a later retry', async () => {
    const { wechat, config, tokens } = await freshApp();
    wechat.grant('o-member', workWaiting.templateId);
    wechat.failNext(SEND, 42001, 'access_token expired');
    wechat.failNext(SEND, 42001, 'access_token expired');

    const outcome = await sendSubscribeMessage(config, tokens, waitingFor('o-member'));

    expect(outcome).toEqual({ status: 'retry', errcode: 42001, errmsg: 'access_token expired' });
    expect(wechat.calls(SEND)).toBe(2);
    expect(wechat.messages('o-member')).toEqual([]);
  });

  it.each([
    ['an openid WeChat does not know', 40003, (m: SubscribeMessageRequest) => ({ ...m, touser: 'o-never-seen' })],
    ['a template id not in the console', 40037, (m: SubscribeMessageRequest) => ({ ...m, template: { ...workWaiting, templateId: 'tmpl-unknown' } })],
    ['a page path over 128 characters', 41030, (m: SubscribeMessageRequest) => ({ ...m, page: `pages/inbox/index?q=${'x'.repeat(120)}` })],
    ['a number keyword that is not a number', 47003, (m: SubscribeMessageRequest) => ({ ...m, template: reminder, data: { thing1: '待办', number2: '三天' } })],
  ])('answers rejected, without retrying, for %s (%i)', async (_case, errcode, change) => {
    const { wechat, config, tokens } = await freshApp();
    wechat.grant('o-member', workWaiting.templateId);
    wechat.grant('o-member', reminder.templateId);

    const outcome = await sendSubscribeMessage(config, tokens, change(waitingFor('o-member')));

    expect(outcome).toEqual({ status: 'rejected', errcode, errmsg: expect.any(String) });
    expect(wechat.calls(SEND)).toBe(1);
  });

  it('names the failing keyword when WeChat answers 47003', async () => {
    const { wechat, config, tokens } = await freshApp();
    wechat.grant('o-member', reminder.templateId);

    const outcome = await sendSubscribeMessage(config, tokens, { touser: 'o-member', template: reminder, data: { thing1: '待办', number2: '三天' } });

    expect(outcome).toMatchObject({ status: 'rejected', errcode: 47003, errmsg: 'argument invalid! data.number2.value invalid' });
  });

  it('drops a leading slash from the page (WeChat answers 41030 to it)', async () => {
    const { wechat, config, tokens } = await freshApp();
    wechat.grant('o-member', workWaiting.templateId);

    const outcome = await sendSubscribeMessage(config, tokens, { ...waitingFor('o-member'), page: '/pages/inbox/index?id=7' });

    expect(outcome).toEqual({ status: 'sent' });
    expect(wechat.messages('o-member')[0]?.page).toBe('pages/inbox/index?id=7');
  });

  it('answers retry when WeChat is busy (-1), and gives the grant back untouched', async () => {
    const { wechat, config, tokens } = await freshApp();
    wechat.grant('o-member', workWaiting.templateId);
    wechat.failNext(SEND, -1, 'system error');

    const busy = await sendSubscribeMessage(config, tokens, waitingFor('o-member'));
    const later = await sendSubscribeMessage(config, tokens, waitingFor('o-member'));

    expect(busy).toEqual({ status: 'retry', errcode: -1, errmsg: 'system error' });
    expect(later).toEqual({ status: 'sent' });
  });

  it('defaults miniprogram_state from the stage: formal on prod, developer elsewhere', async () => {
    const { wechat, config, tokens } = await freshApp();
    wechat.grant('o-member', workWaiting.templateId);
    const { miniprogramState: _set, ...unset } = config;

    await sendSubscribeMessage(unset, tokens, waitingFor('o-member'));

    expect(wechat.messages('o-member')[0]?.miniprogramState).toBe('developer');
    expect(miniprogramStateFor('prod')).toBe('formal');
    expect(miniprogramStateFor('staging')).toBe('developer');
  });

  it('throws when the data does not match its template (the caller’s mistake, not WeChat’s answer)', async () => {
    const { config, tokens } = await freshApp();

    await expect(sendSubscribeMessage(config, tokens, { ...waitingFor('o-member'), data: { thing1: '待办' } })).rejects.toThrow('needs a value for time2');
    await expect(sendSubscribeMessage(config, tokens, { ...waitingFor('o-member'), data: { thing1: '待办', time2: '09:00', thing9: 'x' } })).rejects.toThrow('has no keyword thing9');
  });
});

describe('sendSubscribeMessage when WeChat cannot be reached', () => {
  const fixedToken: AccessTokens = { get: async () => 'a-token', invalidate: async () => undefined };
  let failing: Server;
  let failingUrl: string;

  beforeAll(async () => {
    failing = createServer((_request, response) => {
      response.writeHead(502, { 'content-type': 'text/html' });
      response.end('<html>Bad Gateway</html>');
    });
    await new Promise<void>((resolve) => failing.listen(0, '127.0.0.1', resolve));
    failingUrl = `http://127.0.0.1:${(failing.address() as AddressInfo).port}`;
  });

  afterAll(() => new Promise<void>((resolve) => failing.close(() => resolve())));

  it('answers retry on HTTP 5xx', async () => {
    const config: WeChatConfig = { baseUrl: failingUrl, appid: 'wx-x', secret: 's', miniprogramState: 'developer' };

    await expect(sendSubscribeMessage(config, fixedToken, waitingFor('o-member'))).resolves.toEqual({ status: 'retry', errmsg: 'HTTP 502' });
  });

  it('answers retry on a network error', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const config: WeChatConfig = { baseUrl: url, appid: 'wx-x', secret: 's', miniprogramState: 'developer' };

    await expect(sendSubscribeMessage(config, fixedToken, waitingFor('o-member'))).resolves.toMatchObject({ status: 'retry', errmsg: expect.stringContaining('fetch failed') });
  });

  it('answers retry when no token can be had for now (stable_token busy)', async () => {
    const { wechat, config, tokens } = await freshApp();
    wechat.grant('o-member', workWaiting.templateId);
    wechat.failNext('/cgi-bin/stable_token', -1, 'system error');

    const outcome = await sendSubscribeMessage(config, tokens, waitingFor('o-member'));

    expect(outcome).toMatchObject({ status: 'retry', errcode: -1 });
    expect(wechat.calls(SEND)).toBe(0);
  });
});
