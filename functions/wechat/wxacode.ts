import { stage } from '../config/env';
import { log } from '../http/logger';
import { AccessTokenError, type AccessTokens } from './access-token';
import type { MiniprogramState, WeChatConfig } from './wechat-api';

/** Which version of the mini-program a code opens (`env_version`). */
export type EnvVersion = 'release' | 'trial' | 'develop';

export interface UnlimitedCodeRequest {
  /** What the opened page receives as `scene`: ≤ 32 visible characters of [0-9A-Za-z!#$&'()*+,/:;=?@-._~]. */
  scene: string;
  /** A page of the released mini-program, without a leading slash and without a query; unset: the home page. */
  page?: string;
  /** Have WeChat check that `page` exists in the chosen version. Unset: only for the released version. */
  checkPath?: boolean;
  envVersion?: EnvVersion;
  /** Width in px, 280–1280 (WeChat's default 430). */
  width?: number;
}

/**
 * What a request came to:
 * - `image`: the code, as WeChat drew it (PNG, or JPEG when asked for a background);
 * - `rejected`: permanent, the request itself is wrong (41030 page not in the version, 40097 bad scene/args…);
 * - `retry`: try again later (-1 busy, 45009 quota, network, HTTP 5xx, a token refused twice).
 */
export type UnlimitedCodeOutcome =
  | { status: 'image'; contentType: 'image/png' | 'image/jpeg'; image: Buffer }
  | { status: 'rejected'; errcode: number; errmsg: string }
  | { status: 'retry'; errcode?: number; errmsg: string };

const sceneCharacters = /^[0-9A-Za-z!#$&'()*+,/:;=?@\-._~]{1,32}$/;
const tokenRefused = new Set([40001, 42001]);
// -1 busy; 45009 the quota (getUnlimited: 5,000 calls a minute); 45011 the minute limit; a token refused twice.
const transient = new Set([-1, 45009, 45011, ...tokenRefused]);

export const envVersionFor = (state: MiniprogramState): EnvVersion => ({ formal: 'release', trial: 'trial', developer: 'develop' } as const)[state];

/** Why `scene` is not one WeChat accepts, or undefined when it is. */
export function sceneProblem(scene: string): string | undefined {
  return sceneCharacters.test(scene) ? undefined : 'scene must be 1–32 characters of [0-9A-Za-z!#$&\'()*+,/:;=?@-._~]';
}

/** PNG and JPEG by their signatures: WeChat's error bodies are JSON, whatever their content-type says. */
function imageType(bytes: Buffer): 'image/png' | 'image/jpeg' | undefined {
  if (bytes.length > 8 && bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (bytes.length > 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  return undefined;
}

/**
 * A mini-program code for `scene` (`POST /wxa/getwxacodeunlimit`, WeChat's "getUnlimited": no limit on the
 * number of codes, the page reads the scene). When WeChat refuses the access_token (40001/42001) it is
 * invalidated and the request tried once more. Expected outcomes are values; a malformed scene throws.
 */
export async function getUnlimitedCode(config: WeChatConfig, tokens: AccessTokens, request: UnlimitedCodeRequest): Promise<UnlimitedCodeOutcome> {
  const problem = sceneProblem(request.scene);
  if (problem) throw new Error(`getUnlimited: ${problem}`);
  const envVersion = request.envVersion ?? envVersionFor(config.miniprogramState ?? (stage() === 'prod' ? 'formal' : 'developer'));
  const page = request.page?.replace(/^\/+/, '');
  const body = JSON.stringify({
    scene: request.scene,
    ...(page ? { page } : {}),
    // An unreleased page can only be opened in the develop/trial versions, where WeChat cannot check it.
    check_path: request.checkPath ?? envVersion === 'release',
    env_version: envVersion,
    width: Math.min(1280, Math.max(280, Math.round(request.width ?? 430))),
  });
  const url = new URL('/wxa/getwxacodeunlimit', config.baseUrl);

  for (let attempt = 1; ; attempt += 1) {
    let token: string;
    try {
      token = await tokens.get();
    } catch (error) {
      return tokenUnavailable(error);
    }
    url.searchParams.set('access_token', token);
    const answer = await post(url, body);
    if ('unreachable' in answer) return { status: 'retry', errmsg: answer.unreachable };
    if ('image' in answer) return { status: 'image', contentType: answer.contentType, image: answer.image };
    const errcode = answer.errcode ?? -1;
    const errmsg = answer.errmsg ?? '';
    if (tokenRefused.has(errcode) && attempt === 1) {
      try {
        await tokens.invalidate(token);
      } catch (error) {
        return tokenUnavailable(error);
      }
      continue;
    }
    if (transient.has(errcode)) return { status: 'retry', errcode, errmsg };
    log('warn', 'getUnlimited rejected', { errcode, errmsg, page });
    return { status: 'rejected', errcode, errmsg };
  }
}

/** No token now: worth retrying unless WeChat refuses our credentials (a misconfiguration, which throws). */
function tokenUnavailable(error: unknown): UnlimitedCodeOutcome {
  if (error instanceof AccessTokenError) {
    if (!error.transient) throw error;
    return { status: 'retry', ...(error.errcode === undefined ? {} : { errcode: error.errcode }), errmsg: error.message };
  }
  if (error instanceof Error && '$metadata' in error) return { status: 'retry', errmsg: `${error.name}: ${error.message}` };
  throw error;
}

type Answer = { image: Buffer; contentType: 'image/png' | 'image/jpeg' } | { errcode?: number; errmsg?: string } | { unreachable: string };

async function post(url: URL, body: string): Promise<Answer> {
  let bytes: Buffer;
  try {
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body, signal: AbortSignal.timeout(8000) });
    if (!response.ok) return { unreachable: `HTTP ${response.status}` };
    bytes = Buffer.from(await response.arrayBuffer());
  } catch (error) {
    return { unreachable: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
  }
  const contentType = imageType(bytes);
  if (contentType) return { image: bytes, contentType };
  try {
    return JSON.parse(bytes.toString('utf8')) as { errcode?: number; errmsg?: string };
  } catch {
    return { unreachable: `neither an image nor JSON (${bytes.length} bytes)` };
  }
}
