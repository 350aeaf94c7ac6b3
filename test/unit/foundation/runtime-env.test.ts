import { BuildEnvError, prodApiBaseProblems, runtimeEnv } from '../../../miniprogram/config/runtime-env';

/** The mini-program build's settings (miniprogram/config/runtime-env.ts): what a phone accepts, checked before compiling. */
const prod = { TARO_APP_STAGE: 'prod', TARO_APP_API_BASE: 'https://api.zhijia.example.cn', TARO_APP_ID: 'wx0123456789abcdef' };

function refusal(env: Record<string, string | undefined>): BuildEnvError {
  try {
    runtimeEnv(env);
  } catch (error) {
    if (error instanceof BuildEnvError) return error;
    throw error;
  }
  throw new Error('expected the settings to be refused');
}

describe('the build settings of the local stage', () => {
  it('default to the local stack on 127.0.0.1:3000', () => {
    expect(runtimeEnv({})).toEqual({ TARO_APP_STAGE: '"local"', TARO_APP_API_BASE: '"http://127.0.0.1:3000"' });
  });

  it('take another http base without its trailing slash, and WeChat DevTools\' tourist AppID', () => {
    const env = runtimeEnv({ TARO_APP_STAGE: 'local', TARO_APP_API_BASE: 'http://192.168.1.20:3000/', TARO_APP_ID: 'touristappid' });
    expect(env.TARO_APP_API_BASE).toBe('"http://192.168.1.20:3000"');
  });

  it('refuse an unknown stage and a base that is no http(s) URL, naming the variable', () => {
    expect(refusal({ TARO_APP_STAGE: 'staging' }).problems.map((p) => p.variable)).toEqual(['TARO_APP_STAGE']);
    expect(refusal({ TARO_APP_API_BASE: 'ftp://files.example.cn' }).problems.map((p) => p.variable)).toEqual(['TARO_APP_API_BASE']);
    expect(refusal({ TARO_APP_ID: 'wx123' }).problems.map((p) => p.variable)).toEqual(['TARO_APP_ID']);
  });
});

describe('the build settings of prod', () => {
  it('accept an https name with its AppID, and a path prefix', () => {
    expect(runtimeEnv(prod)).toEqual({ TARO_APP_STAGE: '"prod"', TARO_APP_API_BASE: '"https://api.zhijia.example.cn"' });
    expect(runtimeEnv({ ...prod, TARO_APP_API_BASE: 'https://zhijia.example.cn/api/' }).TARO_APP_API_BASE).toBe('"https://zhijia.example.cn/api"');
    // :443 is https's own port, dropped: WeChat refuses "…:443" when the legal domain is registered without a port.
    expect(runtimeEnv({ ...prod, TARO_APP_API_BASE: 'https://API.zhijia.example.cn:443/v/' }).TARO_APP_API_BASE).toBe('"https://api.zhijia.example.cn/v"');
  });

  it('never fall back to the local stack: the API base is required', () => {
    const error = refusal({ TARO_APP_STAGE: 'prod', TARO_APP_ID: prod.TARO_APP_ID });
    expect(error.problems).toEqual([{ variable: 'TARO_APP_API_BASE', rule: expect.stringContaining('required for TARO_APP_STAGE=prod') }]);
    expect(error.message).toContain('TARO_APP_API_BASE: 生产构建（TARO_APP_STAGE=prod）必须设置 API 地址');
  });

  it.each([
    ['http://api.zhijia.example.cn', 'must be https:'],
    ['https://127.0.0.1', 'not an IP address'],
    ['https://203.0.113.7', 'not an IP address'],
    ['https://[2001:db8::1]', 'not an IP address'],
    ['https://localhost', 'must be a public DNS name'],
    ['https://api.localhost', 'must be a public DNS name'],
    ['https://zhijia.local', 'must be a public DNS name'],
    ['https://api', 'must be a public DNS name'],
    ['https://abc123.execute-api.cn-north-1.amazonaws.com.cn', 'not a cloud default endpoint'],
    ['https://d111111abcdef8.cloudfront.net', 'not a cloud default endpoint'],
    ['https://api.zhijia.example.cn:8443', 'no port but 443'],
    ['https://user:secret@api.zhijia.example.cn', 'no credentials'],
    ['https://api.zhijia.example.cn/?stage=prod', 'no query string'],
    ['https://api.zhijia.example.cn/#v1', 'no query string or fragment'],
    ['api.zhijia.example.cn', 'not a URL'],
  ])('refuse %s (%s)', (base, rule) => {
    const problems = prodApiBaseProblems(base);
    expect(problems).toEqual(expect.arrayContaining([expect.stringContaining(rule)]));
    expect(refusal({ ...prod, TARO_APP_API_BASE: base }).problems.every((p) => p.variable === 'TARO_APP_API_BASE')).toBe(true);
  });

  it('find nothing wrong with a legal domain', () => {
    expect(prodApiBaseProblems('https://api.zhijia.example.cn')).toEqual([]);
    expect(prodApiBaseProblems('https://xn--fiqs8s.example.cn/v')).toEqual([]);
  });

  it('require the real AppID: none, the tourist one or a malformed one are refused', () => {
    for (const appId of [undefined, '', 'touristappid', 'wx0123', 'WX0123456789ABCDEF', 'wx0123456789abcdeg']) {
      const error = refusal({ ...prod, TARO_APP_ID: appId });
      expect(error.problems.map((p) => p.variable)).toEqual(['TARO_APP_ID']);
      expect(error.message).toMatch(/TARO_APP_ID: .*(wx \+ 16 hex digits|wx followed by 16 hex digits)/);
    }
  });

  it('name every broken rule at once', () => {
    const error = refusal({ TARO_APP_STAGE: 'prod', TARO_APP_API_BASE: 'http://127.0.0.1:3000' });
    expect(error.problems.map((p) => p.variable)).toEqual(['TARO_APP_API_BASE', 'TARO_APP_API_BASE', 'TARO_APP_API_BASE', 'TARO_APP_ID']);
    expect(error.message.split('\n')[0]).toContain('build refused');
  });
});
