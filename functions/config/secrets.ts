import type { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { optionalEnv, requiredEnv } from './env';

const cache = new Map<string, Promise<string>>();
// The SSM client loads with the first secret read from SSM, not with the bundle: the local stack and the tests
// never need it, and a cold start that answers a public route does not either (cold start budget, issue 18).
let ssm: Promise<{ client: SSMClient; GetParameterCommand: typeof GetParameterCommand }> | undefined;

/**
 * A secret by name: the environment variable itself where the local stack provides it (generated under
 * .data/keys/), otherwise the SSM SecureString parameter named by `<NAME>_PARAMETER`, fetched once per
 * cold start. Secrets never appear in the repo or the CloudFormation template.
 */
export function secret(name: 'SESSION_SECRET' | 'WECHAT_APP_SECRET' | 'PERSONAL_DATA_KEY' | 'REPORT_RATE_SECRET'): Promise<string> {
  const direct = optionalEnv(name);
  if (direct) return Promise.resolve(direct);
  let pending = cache.get(name);
  if (!pending) {
    const parameter = requiredEnv(`${name}_PARAMETER`);
    ssm ??= import('@aws-sdk/client-ssm').then((sdk) => ({ client: new sdk.SSMClient({}), GetParameterCommand: sdk.GetParameterCommand }));
    pending = ssm
      .then(({ client, GetParameterCommand }) => client.send(new GetParameterCommand({ Name: parameter, WithDecryption: true })))
      .then((out) => {
        const value = out.Parameter?.Value;
        if (!value) throw new Error(`SSM parameter for ${name} is empty`);
        return value;
      });
    pending.catch(() => cache.delete(name));
    cache.set(name, pending);
  }
  return pending;
}
