import { demoLoginRequest, loginRequest, type DemoIdentity } from '@shared/api/auth';
import { DomainError } from '@shared/errors';
import { isDemoLoginEnabled } from '../config/env';
import { logInAsDemo, logInWithWeChat } from '../auth/login';
import { httpHandler, parseInput } from '../http/http-handler';
import { authContext, theDirectory, wechatConfig } from './context';

function requireDemoStage(): void {
  if (!isDemoLoginEnabled()) throw new DomainError('AUTH.DEMO_DISABLED');
}

export const handler = httpHandler({
  'POST /v1/auth/login': async (request) => {
    const { code } = parseInput(loginRequest, request.body);
    return { body: await logInWithWeChat(await authContext(), await wechatConfig(), code) };
  },

  'POST /v1/auth/demo-login': async (request) => {
    requireDemoStage();
    const { identity } = parseInput(demoLoginRequest, request.body);
    return { body: await logInAsDemo(await authContext(), identity) };
  },

  'GET /v1/auth/demo-identities': async () => {
    requireDemoStage();
    const identities: DemoIdentity[] = (await theDirectory().demoIdentities()).map(({ identity, name, description }) => ({ identity, name, description }));
    return { body: { identities } };
  },
});

