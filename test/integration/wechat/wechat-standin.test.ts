import { startWechatStandin, type WeChatStandin } from '../../../scripts/local/wechat-standin';

const SEND = '/cgi-bin/message/subscribe/send';
let wechat: WeChatStandin;

beforeEach(async () => {
  wechat = await startWechatStandin({ appid: 'wx-standin', secret: 'standin-secret' });
});

afterEach(async () => {
  await wechat.close();
});

async function call(method: 'GET' | 'POST', path: string, body?: unknown): Promise<{ http: number; body: Record<string, unknown> }> {
  const response = await fetch(new URL(path, wechat.url), {
    method,
    headers: { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { http: response.status, body: (await response.json()) as Record<string, unknown> };
}

const stableToken = async (forceRefresh = false) =>
  String((await call('POST', '/cgi-bin/stable_token', { grant_type: 'client_credential', appid: 'wx-standin', secret: 'standin-secret', force_refresh: forceRefresh })).body.access_token);

const send = (token: string, message: Record<string, unknown>) => call('POST', `${SEND}?access_token=${encodeURIComponent(token)}`, message);

describe('the WeChat stand-in: control endpoints over HTTP', () => {
  it('registers a template, records grants and lists delivered messages', async () => {
    expect((await call('POST', '/__standin/templates', { templateId: 't-1', fields: { thing1: 'thing' } })).body).toEqual({ ok: true });
    expect((await call('POST', '/__standin/grants', { openid: 'o-1', templateId: 't-1', count: 2 })).body).toEqual({ ok: true, remaining: 2 });
    const token = await stableToken();

    const sent = await send(token, { touser: 'o-1', template_id: 't-1', data: { thing1: { value: '你好' } }, miniprogram_state: 'developer', lang: 'zh_CN' });

    expect(sent).toEqual({ http: 200, body: { errcode: 0, errmsg: 'ok' } });
    const listed = await call('GET', '/__standin/messages?touser=o-1');
    expect(listed.body.messages).toEqual([expect.objectContaining({ touser: 'o-1', templateId: 't-1', data: { thing1: '你好' }, miniprogramState: 'developer', lang: 'zh_CN' })]);
    expect((await call('GET', '/__standin/messages?touser=o-2')).body.messages).toEqual([]);
  });

  it('refuses to register a template with a keyword type WeChat does not have', async () => {
    const answer = await call('POST', '/__standin/templates', { templateId: 't-1', fields: { x1: 'emoji' } });
    expect(answer.body.errcode).toBe(40097);
  });
});

describe('the WeChat stand-in: stable_token', () => {
  it('hands back the same token in normal mode while it has more than 5 minutes left, and counts the calls', async () => {
    const first = await stableToken();
    expect(await stableToken()).toBe(first);
    expect(wechat.tokenCalls()).toBe(2);
  });

  it('issues a new token once the old one expired', async () => {
    const first = await stableToken();
    wechat.expireTokens();
    expect(await stableToken()).not.toBe(first);
  });

  it('revokes the old token on force_refresh (40001 from then on)', async () => {
    wechat.registerTemplate('t-1', { thing1: 'thing' });
    wechat.grant('o-1', 't-1');
    const old = await stableToken();
    const fresh = await stableToken(true);

    expect(fresh).not.toBe(old);
    expect((await send(old, { touser: 'o-1', template_id: 't-1', data: { thing1: { value: 'x' } } })).body.errcode).toBe(40001);
  });

  it('keeps cgi-bin/token working (a new token per call)', async () => {
    const answer = await call('GET', '/cgi-bin/token?grant_type=client_credential&appid=wx-standin&secret=standin-secret');
    expect(answer.body).toEqual({ access_token: expect.any(String), expires_in: 7200 });
  });
});

describe('the WeChat stand-in: message/subscribe/send checks, in WeChat’s order, always HTTP 200', () => {
  let token: string;
  const message = (change: Record<string, unknown> = {}) => ({ touser: 'o-1', template_id: 't-1', page: 'pages/inbox/index', data: { thing1: { value: '待办' }, time2: { value: '2026年10月8日 09:05' } }, ...change });

  beforeEach(async () => {
    wechat.registerTemplate('t-1', { thing1: 'thing', time2: 'time' });
    wechat.grant('o-1', 't-1');
    token = await stableToken();
  });

  it.each([
    ['an unknown access_token', () => send('not-a-token', message()), 40001],
    ['an expired access_token', () => (wechat.expireTokens(), send(token, message())), 42001],
    ['an openid never seen', () => send(token, message({ touser: 'o-unknown' })), 40003],
    ['an unregistered template', () => send(token, message({ template_id: 't-unknown' })), 40037],
    ['a page starting with /', () => send(token, message({ page: '/pages/inbox/index' })), 41030],
    ['a page over 128 characters', () => send(token, message({ page: `pages/inbox/index?q=${'x'.repeat(110)}` })), 41030],
  ])('answers %s with its errcode', async (_case, act, errcode) => {
    const answer = await act();
    expect(answer.http).toBe(200);
    expect(answer.body.errcode).toBe(errcode);
    expect(wechat.messages()).toEqual([]);
  });

  it('answers 47003 naming the field when a value breaks its limit (21 characters in a thing)', async () => {
    const answer = await send(token, message({ data: { thing1: { value: '职'.repeat(21) }, time2: { value: '09:05' } } }));
    expect(answer.body).toEqual({ errcode: 47003, errmsg: 'argument invalid! data.thing1.value exceeds limit' });
  });

  it('counts characters by code points: 20 emoji (40 UTF-16 units) fit a thing', async () => {
    const answer = await send(token, message({ data: { thing1: { value: '🎉'.repeat(20) }, time2: { value: '09:05' } } }));
    expect(answer.body.errcode).toBe(0);
  });

  it('answers 47003 for a time not in WeChat’s format, and for a missing keyword', async () => {
    expect((await send(token, message({ data: { thing1: { value: '待办' }, time2: { value: '2026-10-08 09:05' } } }))).body).toEqual({ errcode: 47003, errmsg: 'argument invalid! data.time2.value invalid' });
    expect((await send(token, message({ data: { thing1: { value: '待办' } } }))).body).toEqual({ errcode: 47003, errmsg: 'argument invalid! data.time2.value is empty' });
  });

  it('consumes one grant per message, then answers 43101', async () => {
    expect((await send(token, message())).body.errcode).toBe(0);
    expect((await send(token, message())).body).toEqual({ errcode: 43101, errmsg: 'user refuse to accept the msg' });
    expect(wechat.messages('o-1')).toHaveLength(1);
    expect(wechat.calls(SEND)).toBe(2);
  });
});
