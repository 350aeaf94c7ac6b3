import { startWechatStandin, type WeChatStandin } from '../../../scripts/local/wechat-standin';
import { pngTextChunks } from '../../../scripts/local/standin-wxacode';
import { createTestTable, type TestTable } from '../../support/dynamo';
import { accessTokenProvider } from '../../../functions/wechat/access-token';
import { getUnlimitedCode, type UnlimitedCodeOutcome } from '../../../functions/wechat/wxacode';
import type { WeChatConfig } from '../../../functions/wechat/wechat-api';

const pngSignature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const path = '/wxa/getwxacodeunlimit';

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

/** A fresh WeChat app (its own appid, so its own token item) with the stand-in playing WeChat. */
async function freshApp(options: { releasedPages?: string[] } = {}) {
  apps += 1;
  const wechat = await startWechatStandin({ appid: `wx-code-${apps}`, secret: 'wechat-test-secret', ...options });
  standins.push(wechat);
  const config: WeChatConfig = { baseUrl: wechat.url, appid: wechat.appid, secret: wechat.secret };
  return { wechat, config, tokens: accessTokenProvider(config, table.db, table.tableName) };
}

function imageOf(outcome: UnlimitedCodeOutcome): Buffer {
  if (outcome.status !== 'image') throw new Error(`expected an image, got ${JSON.stringify(outcome)}`);
  return outcome.image;
}

describe('getUnlimited (wxa/getwxacodeunlimit) through the WeChat stand-in', () => {
  it('answers a PNG of the asked width that carries the scene, the page and the develop version off prod', async () => {
    const { config, tokens } = await freshApp();

    const outcome = await getUnlimitedCode(config, tokens, { scene: 'ABCDEFGH23456789', page: 'pages/join/index', width: 300 });

    expect(outcome).toMatchObject({ status: 'image', contentType: 'image/png' });
    const png = imageOf(outcome);
    expect(png.subarray(0, 8).equals(pngSignature)).toBe(true);
    expect(png.toString('latin1', 12, 16)).toBe('IHDR');
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([300, 300]);
    expect(pngTextChunks(png)).toMatchObject({ scene: 'ABCDEFGH23456789', page: 'pages/join/index', env_version: 'develop' });
  });

  it('draws different scenes differently', async () => {
    const { config, tokens } = await freshApp();
    const [a, b] = await Promise.all(['AAAAAAAAAAAAAAAA', 'BBBBBBBBBBBBBBBB'].map((scene) => getUnlimitedCode(config, tokens, { scene })));
    expect(imageOf(a as UnlimitedCodeOutcome).equals(imageOf(b as UnlimitedCodeOutcome))).toBe(false);
  });

  it('refreshes an access_token that expired mid-run once, and the code still comes', async () => {
    const { wechat, config, tokens } = await freshApp();
    imageOf(await getUnlimitedCode(config, tokens, { scene: 'FIRST' }));
    expect(wechat.tokenCalls()).toBe(1);

    wechat.expireTokens();
    const outcome = await getUnlimitedCode(config, tokens, { scene: 'SECOND' });

    expect(pngTextChunks(imageOf(outcome)).scene).toBe('SECOND');
    expect(wechat.tokenCalls()).toBe(2);
    // One refused with 42001, one answered with the fresh token.
    expect(wechat.calls(path)).toBe(3);
  });

  it('gives up after a token refused twice (40001), to be retried later', async () => {
    const { wechat, config, tokens } = await freshApp();
    wechat.failNext(path, 40001, 'invalid credential');
    wechat.failNext(path, 40001, 'invalid credential');
    const outcome = await getUnlimitedCode(config, tokens, { scene: 'X' });
    expect(outcome).toMatchObject({ status: 'retry', errcode: 40001 });
    expect(wechat.calls(path)).toBe(2);
  });

  it('reports the quota (45009) and busy (-1) as worth retrying later', async () => {
    const { wechat, config, tokens } = await freshApp();
    wechat.failNext(path, 45009, 'reach max api daily quota limit');
    expect(await getUnlimitedCode(config, tokens, { scene: 'X' })).toMatchObject({ status: 'retry', errcode: 45009 });
    wechat.failNext(path, -1, 'system error');
    expect(await getUnlimitedCode(config, tokens, { scene: 'X' })).toMatchObject({ status: 'retry', errcode: -1 });
  });

  it('is refused for a page the released version lacks (41030) when WeChat checks the path', async () => {
    const { config, tokens } = await freshApp({ releasedPages: ['pages/index/index'] });
    const refused = await getUnlimitedCode(config, tokens, { scene: 'X', page: 'pages/join/index', envVersion: 'release' });
    expect(refused).toMatchObject({ status: 'rejected', errcode: 41030 });
    // The develop version is not checked: an unreleased page may be opened there.
    expect((await getUnlimitedCode(config, tokens, { scene: 'X', page: 'pages/join/index', envVersion: 'develop' })).status).toBe('image');
  });

  it('refuses a malformed scene before asking WeChat, and WeChat refuses one with 40097', async () => {
    const { wechat, config, tokens } = await freshApp();
    await expect(getUnlimitedCode(config, tokens, { scene: 'x'.repeat(33) })).rejects.toThrow(/scene/);
    await expect(getUnlimitedCode(config, tokens, { scene: '加入' })).rejects.toThrow(/scene/);
    expect(wechat.calls(path)).toBe(0);

    const token = await tokens.get();
    const answer = await fetch(`${wechat.url}${path}?access_token=${token}`, { method: 'POST', body: JSON.stringify({ scene: 'has space' }) });
    expect(answer.headers.get('content-type')).toContain('application/json');
    expect(await answer.json()).toMatchObject({ errcode: 40097 });
  });
});
