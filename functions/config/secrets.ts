import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { optionalEnv, requiredEnv } from './env';

const cache = new Map<string, Promise<string>>();
let ssm: SSMClient | undefined;

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
    ssm ??= new SSMClient({});
    pending = ssm
      .send(new GetParameterCommand({ Name: requiredEnv(`${name}_PARAMETER`), WithDecryption: true }))
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
