import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as z from 'zod';
import { signSession, verifySession } from '../../functions/auth/session-token';
import { localSecret } from '../../scripts/local/keys';
import { appraisalView, type OpenAppraisalRequest } from '../../shared/api/appraisal';
import { meResponse } from '../../shared/api/auth';
import { api, beijingDay, beijingIso, env, stackNow, tokenOf, uniqueMark } from '../support/e2e-app';
import { buildWeapp } from '../support/weapp-build';
import { describeThrown, FloorSandbox, type FloorLogin, type FloorRequest, type FloorResponse } from '../support/weapp-sandbox';

jest.setTimeout(240_000);

/**
 * The WeChat side of issue 21 point 4, in the real weapp build: a notice's deep link (`pages/vote/index?appraisalId=…`)
 * meets a session that ran out. On WeChat no tap is needed — the API's 401 makes the client call wx.login, exchange
 * the code at POST /v1/auth/login and send the refused request once more — and the member lands on the ballot.
 *
 * The local-stage build, made for this stack's API, runs on the floor engine (test/support/weapp-sandbox.ts) with wx
 * stubs that are real here: wx.request is an HTTP request to the stack, wx.login asks the stack's WeChat stand-in
 * for the code WeChat would give member-1, and storage starts with member-1's run-out session.
 */

const storageKey = 'session.token';
const route = 'pages/vote/index';

let dist: string;
let appraisalId: string;
let title: string;
/** member-1 as the API knows them (from a fresh demo log-in). */
let member: { memberId: string; openid: string };

beforeAll(async () => {
  dist = mkdtempSync(join(tmpdir(), 'zhijia-weapp-session-'));
  // The build and the ballot's opening do not depend on each other.
  const [, opened] = await Promise.all([buildWeapp(dist, { TARO_APP_STAGE: 'local', TARO_APP_API_BASE: env('E2E_API_URL') }), openBallot()]);
  ({ appraisalId, title } = opened);
  const secret = localSecret(env('E2E_DATA_DIR'), 'session-secret');
  const session = await verifySession(await tokenOf('member-1'), secret, 'local', stackNow());
  if (!session.memberId) throw new Error('member-1 has no member record');
  member = { memberId: session.memberId, openid: session.openid };
});

afterAll(() => {
  if (dist) rmSync(dist, { recursive: true, force: true });
});

/**
 * chair-1 opens a 大会表决 for 生产二车间分工会 (gu-yuntai-sub2), where member-1 votes (40 members, more than the
 * floor of 5). One official ballot per org, kind and year: the union's own 大会表决 is session-return.test.ts's, the
 * sub-union's 会员评家 is appraisal.test.ts's.
 */
async function openBallot(): Promise<{ appraisalId: string; title: string }> {
  const ballotTitle = `E2E 微信续登 ${uniqueMark()}`;
  const now = stackNow().getTime();
  const request: OpenAppraisalRequest = {
    requestId: randomUUID(),
    kind: 'congressBallot',
    year: Number(beijingDay().slice(0, 4)),
    rulesetId: 'jiaozuo-2018',
    title: ballotTitle,
    electorate: 'members',
    opensAt: beijingIso(now),
    closesAt: beijingIso(now + 3 * 86_400_000),
    minGroupSize: 5,
  };
  const opened = await api('POST', '/orgs/gu-yuntai-sub2/appraisals', await tokenOf('chair-1'), request);
  if (opened.status !== 201) throw new Error(`opening the ballot answered ${opened.status}: ${JSON.stringify(opened.body)}`);
  return { appraisalId: z.object({ appraisal: appraisalView }).parse(opened.body).appraisal.appraisalId, title: ballotTitle };
}

/** member-1's session as it was 13 hours ago (a session lasts 12), signed with the stack's own key. */
async function expiredSession(): Promise<string> {
  const secret = localSecret(env('E2E_DATA_DIR'), 'session-secret');
  const { token } = await signSession(member, secret, 'local', new Date(stackNow().getTime() - 13 * 3600_000));
  await expect(verifySession(token, secret, 'local', stackNow())).rejects.toThrow();
  return token;
}

/** One wx.request as it went over the wire. */
interface Exchange {
  method: string;
  path: string;
  token: string | null;
  status: number;
}

/**
 * wx.request as WeChat performs it, against the stack: the body sent as JSON, the response's headers as the server
 * spelled them, `data` parsed when dataType is json (the text when it is not JSON), the caller's timeout kept.
 */
function realNetwork(exchanges: Exchange[]): (request: FloorRequest) => Promise<FloorResponse> {
  return (request) =>
    new Promise((resolve) => {
      const url = new URL(request.url);
      const body = request.data === null || request.data === undefined ? undefined : typeof request.data === 'string' ? request.data : JSON.stringify(request.data);
      const authorization = Object.entries(request.header).find(([name]) => name.toLowerCase() === 'authorization')?.[1];
      const sent = httpRequest(url, { method: request.method, headers: request.header, timeout: request.timeout ?? 60_000 }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let data: unknown = text;
          if (request.dataType === 'json') {
            try {
              data = JSON.parse(text) as unknown;
            } catch {
              // WeChat hands back the text when a json response is not JSON.
            }
          }
          const header: Record<string, string> = {};
          for (let i = 0; i + 1 < response.rawHeaders.length; i += 2) header[response.rawHeaders[i] as string] = response.rawHeaders[i + 1] as string;
          const status = response.statusCode ?? 0;
          exchanges.push({ method: request.method, path: url.pathname, token: authorization?.replace(/^Bearer /, '') ?? null, status });
          resolve({ ok: true, statusCode: status, data, header });
        });
      });
      sent.on('timeout', () => sent.destroy(new Error('timeout')));
      sent.on('error', (error) => resolve({ ok: false, errMsg: error.message }));
      sent.end(body);
    });
}

/** wx.login for member-1: the code WeChat would give them (the stand-in's, accepted once by jscode2session). */
async function wechatCodeOfMember(): Promise<FloorLogin> {
  const response = await fetch(`${env('E2E_WECHAT_URL')}/__standin/codes`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ openid: member.openid }),
  });
  const { code } = z.object({ code: z.string().min(1) }).parse(await response.json());
  return { code };
}

/** The text the page rendered so far: every setData on its instance. */
const rendered = (sandbox: FloorSandbox): string =>
  sandbox.setDataCalls.filter((call) => call.route === route).map((call) => JSON.stringify(call.data)).join('\n');

/** Runs the mini-program (virtual time, real I/O) until the page rendered `text`, for at most a minute of virtual time. */
async function runUntilRendered(sandbox: FloorSandbox, text: string): Promise<boolean> {
  for (let ms = 0; ms < 60_000; ms += 250) {
    if (rendered(sandbox).includes(text)) return true;
    await sandbox.run(250);
  }
  return rendered(sandbox).includes(text);
}

function troubles(sandbox: FloorSandbox) {
  return {
    uncaught: sandbox.uncaught.map((error) => describeThrown(error, sandbox.dist)),
    unhandledRejections: sandbox.unhandledRejections.map((reason) => describeThrown(reason, sandbox.dist)),
    consoleErrors: sandbox.console.filter((entry) => entry.level === 'error').map((entry) => entry.text),
    missingWxApis: [...sandbox.missingWxApis],
  };
}

const noTrouble = { uncaught: [], unhandledRejections: [], consoleErrors: [], missingWxApis: [] };

describe('the weapp build opening a deep link with a session that has run out', () => {
  it('renews the session silently (wx.login, POST /v1/auth/login, one retry) and shows the ballot', async () => {
    const expired = await expiredSession();
    const exchanges: Exchange[] = [];
    let logins = 0;
    const sandbox = new FloorSandbox(dist, {
      startAt: stackNow().getTime(),
      network: realNetwork(exchanges),
      login: () => {
        logins += 1;
        return wechatCodeOfMember();
      },
      storage: { [storageKey]: expired },
    });

    await sandbox.launch();
    await sandbox.visit(route, { appraisalId }, 0);
    const arrived = await runUntilRendered(sandbox, title);

    expect(arrived).toBe(true);
    expect(sandbox.wxCalls.filter((call) => call.api === 'login')).toHaveLength(1);
    expect(logins).toBe(1);
    expect(exchanges.filter((e) => e.method === 'POST' && e.path === '/v1/auth/login').map((e) => e.status)).toEqual([200]);
    // The run-out session was sent once, refused, and never again after the log-in.
    const [first, ...rest] = exchanges;
    expect(first).toEqual({ method: 'GET', path: '/v1/me', token: expired, status: 401 });
    const loginAt = exchanges.findIndex((e) => e.path === '/v1/auth/login');
    const renewed = sandbox.storage()[storageKey];
    expect(typeof renewed).toBe('string');
    expect(renewed).not.toBe(expired);
    expect(exchanges.slice(loginAt + 1).map((e) => e.token)).toEqual(exchanges.slice(loginAt + 1).map(() => renewed));
    // The refused request sent once more, with the new session, and the ballot read with it.
    expect(exchanges[loginAt + 1]).toEqual({ method: 'GET', path: '/v1/me', token: renewed, status: 200 });
    expect(rest.filter((e) => e.path === `/v1/appraisals/${appraisalId}`).map((e) => [e.token, e.status])).toEqual([[renewed, 200]]);
    // The API accepts the stored session as member-1's.
    const me = await api('GET', '/me', renewed as string);
    expect(me.status).toBe(200);
    expect(meResponse.parse(me.body).memberId).toBe(member.memberId);
    // The member never saw a log-in prompt.
    expect(rendered(sandbox)).not.toContain('log-in-prompt');
    expect(rendered(sandbox)).not.toContain('登录已过期');
    expect(troubles(sandbox)).toEqual(noTrouble);
  });

  it('shows 登录已过期 and forgets the session when wx.login fails', async () => {
    const expired = await expiredSession();
    const exchanges: Exchange[] = [];
    const sandbox = new FloorSandbox(dist, {
      startAt: stackNow().getTime(),
      network: realNetwork(exchanges),
      login: () => Promise.resolve({ errMsg: 'login:fail timeout' }),
      storage: { [storageKey]: expired },
    });

    await sandbox.launch();
    await sandbox.visit(route, { appraisalId }, 0);
    const prompted = await runUntilRendered(sandbox, '登录已过期');

    expect(prompted).toBe(true);
    expect(rendered(sandbox)).toContain('log-in-prompt');
    expect(rendered(sandbox)).not.toContain(title);
    expect(sandbox.wxCalls.filter((call) => call.api === 'login')).toHaveLength(1);
    // Only the refused request went out: no log-in without a code, no ballot read.
    expect(exchanges).toEqual([{ method: 'GET', path: '/v1/me', token: expired, status: 401 }]);
    expect(sandbox.storage()).not.toHaveProperty(storageKey);
    expect(troubles(sandbox)).toEqual(noTrouble);
  });
});
