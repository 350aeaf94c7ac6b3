import * as z from 'zod';
import { bindRequest, demoWechatRequest, invitationCode } from '@shared/api/joining';
import { DomainError } from '@shared/errors';
import { isDemoLoginEnabled, stage } from '../config/env';
import { secret } from '../config/secrets';
import { httpHandler, parseInput } from '../http/http-handler';
import { dynamoJoiningStore } from '../joining/dynamo-joining-store';
import { logInAsNewWeChatUser } from '../joining/demo-wechat';
import { bindByInvitation, currentInvitation, issueInvitation, joinStatus, publicInvitation, revokeInvitation, type JoiningDeps } from '../joining/joining';
import type { JoiningStore } from '../joining/joining-store';
import { thePersonalDataCipher } from '../privacy/personal-data';
import { documentClient, tableName } from '../storage/dynamo';
import { accessTokenProvider, type AccessTokens } from '../wechat/access-token';
import { getUnlimitedCode } from '../wechat/wxacode';
import { authContext, sessionOf, theDirectory, wechatConfig } from './context';

// Built once per cold start, on first use (so a test can set the environment before the first request).
let store: JoiningStore | undefined;
let tokens: AccessTokens | undefined;

async function deps(): Promise<JoiningDeps> {
  const wechat = await wechatConfig();
  tokens ??= accessTokenProvider(wechat, documentClient(), tableName());
  const theTokens = tokens;
  return {
    store: (store ??= dynamoJoiningStore(documentClient(), tableName())),
    directory: theDirectory(),
    sessionSecret: await secret('SESSION_SECRET'),
    stage: stage(),
    unlimitedCode: (scene, page, width) => getUnlimitedCode(wechat, theTokens, { scene, page, width }),
    cipher: thePersonalDataCipher,
  };
}

const orgPath = z.object({ orgId: z.string({ error: '缺少工会组织编号（orgId）' }).min(1, '缺少工会组织编号（orgId）').max(100, '工会组织编号（orgId）过长') });
const codePath = z.object({ code: invitationCode });

export const handler = httpHandler({
  'POST /v1/orgs/{orgId}/invitation': async (request) => {
    const { orgId } = parseInput(orgPath, request.pathParameters);
    return { status: 201, body: { invitation: await issueInvitation(await deps(), await sessionOf(request.headers), orgId) } };
  },

  'GET /v1/orgs/{orgId}/invitation': async (request) => {
    const { orgId } = parseInput(orgPath, request.pathParameters);
    return { body: { invitation: await currentInvitation(await deps(), await sessionOf(request.headers), orgId) } };
  },

  'DELETE /v1/orgs/{orgId}/invitation': async (request) => {
    const { orgId } = parseInput(orgPath, request.pathParameters);
    return { body: { revoked: await revokeInvitation(await deps(), await sessionOf(request.headers), orgId) } };
  },

  'GET /v1/invitations/{code}': async (request) => {
    const { code } = parseInput(codePath, request.pathParameters);
    return { body: await publicInvitation(await deps(), code) };
  },

  'POST /v1/invitations/{code}/bind': async (request) => {
    const session = await sessionOf(request.headers);
    const { code } = parseInput(codePath, request.pathParameters);
    return { body: await bindByInvitation(await deps(), session, code, parseInput(bindRequest, request.body), request.sourceIp) };
  },

  'GET /v1/orgs/{orgId}/join-status': async (request) => {
    const { orgId } = parseInput(orgPath, request.pathParameters);
    return { body: await joinStatus(await deps(), await sessionOf(request.headers), orgId) };
  },

  'POST /v1/auth/demo-wechat': async (request) => {
    if (!isDemoLoginEnabled()) throw new DomainError('AUTH.DEMO_DISABLED');
    // The nickname only labels the demo user in logs; the openid is what WeChat would give a new phone.
    parseInput(demoWechatRequest, request.body);
    return { body: await logInAsNewWeChatUser(await authContext(), await wechatConfig()) };
  },
});
