import { execFile } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';

/**
 * The ICP-filed names in front of API Gateway and the evidence bucket (serverless.yml): created only when configured,
 * as WeChat needs them. Read with `osls print` (variables resolved, offline, no bundling: ~10 s each).
 */
const root = resolve(__dirname, '..', '..', '..');
const run = promisify(execFile);

type Condition = { 'Fn::Not': [{ 'Fn::Equals': [unknown, unknown] }] };
interface Printed {
  provider: { environment: Record<string, unknown> };
  resources: { Resources: Record<string, { Type: string; Condition?: string; DependsOn?: string[]; Properties: Record<string, unknown> }>; Outputs: Record<string, { Condition?: string }>; Conditions: Record<string, Condition> };
}

interface Distribution {
  Aliases: string[];
  ViewerCertificate: Record<string, unknown>;
  Origins: unknown[];
  DefaultCacheBehavior: { AllowedMethods: string[]; ForwardedValues: { QueryString: boolean; Headers?: string[] }; MinTTL: number; DefaultTTL: number; MaxTTL: number };
}

const domainEnv = {
  API_DOMAIN: 'api.zhijia.example.cn',
  API_CERTIFICATE_ARN: 'arn:aws-cn:acm:cn-north-1:123456789012:certificate/00000000-0000-0000-0000-000000000000',
  EVIDENCE_DOMAIN: 'files.zhijia.example.cn',
  EVIDENCE_CERTIFICATE_ID: 'ASCAEXAMPLEIAMCERTID',
};

async function printed(stage: string, env: Record<string, string>): Promise<Printed> {
  const osls = join(dirname(require.resolve('osls/package.json')), 'bin', 'serverless.js');
  const base = Object.fromEntries(Object.entries(process.env).filter(([name]) => !(name in domainEnv)));
  const { stdout } = await run(process.execPath, [osls, 'print', '--stage', stage, '--format', 'json'], {
    cwd: root,
    env: { ...base, ...env, SLS_TELEMETRY_DISABLED: '1', SLS_NOTIFICATIONS_MODE: 'off' },
    maxBuffer: 32 * 1024 * 1024,
  });
  return JSON.parse(stdout) as Printed;
}

/** What CloudFormation makes of `Fn::Not: [Fn::Equals: [a, b]]` with literal operands. */
const holds = (condition: Condition | undefined): boolean => {
  const [a, b] = condition?.['Fn::Not'][0]['Fn::Equals'] ?? [];
  return a !== b;
};

let plain: Printed;
let withDomains: Printed;
beforeAll(async () => {
  [plain, withDomains] = await Promise.all([printed('prod', {}), printed('prod', domainEnv)]);
}, 120_000);

describe('custom domains in serverless.yml', () => {
  it('creates no domain, distribution or output for them when none is configured (osls package works offline)', () => {
    const { Conditions, Resources, Outputs } = plain.resources;
    expect(holds(Conditions.HasApiDomain)).toBe(false);
    expect(holds(Conditions.HasEvidenceDomain)).toBe(false);
    for (const name of ['ApiDomain', 'ApiDomainMapping']) expect(Resources[name]?.Condition).toBe('HasApiDomain');
    expect(Resources.EvidenceDistribution?.Condition).toBe('HasEvidenceDomain');
    expect(Outputs.ApiDomainTarget?.Condition).toBe('HasApiDomain');
    expect(Outputs.EvidenceDistributionDomain?.Condition).toBe('HasEvidenceDomain');
    expect(plain.provider.environment.EVIDENCE_PUBLIC_HOST).toBe('');
  });

  it('fronts the HTTP API with a regional custom domain on its ACM certificate, mapped to the $default stage', () => {
    const { Conditions, Resources } = withDomains.resources;
    expect(holds(Conditions.HasApiDomain)).toBe(true);
    expect(Resources.ApiDomain?.Properties).toEqual({
      DomainName: domainEnv.API_DOMAIN,
      DomainNameConfigurations: [{ CertificateArn: domainEnv.API_CERTIFICATE_ARN, EndpointType: 'REGIONAL', SecurityPolicy: 'TLS_1_2' }],
    });
    expect(Resources.ApiDomainMapping?.Properties).toEqual({ ApiId: { Ref: 'HttpApi' }, DomainName: domainEnv.API_DOMAIN, Stage: '$default' });
    expect(Resources.ApiDomainMapping?.DependsOn).toEqual(['ApiDomain', 'HttpApiStage']);
  });

  it('fronts the evidence bucket with CloudFront under the ICP-filed name, passing presigned requests through untouched', () => {
    const { Conditions, Resources } = withDomains.resources;
    expect(holds(Conditions.HasEvidenceDomain)).toBe(true);
    const config = Resources.EvidenceDistribution?.Properties.DistributionConfig as Distribution;
    expect(config.Aliases).toEqual([domainEnv.EVIDENCE_DOMAIN]);
    expect(config.ViewerCertificate).toMatchObject({ IamCertificateId: domainEnv.EVIDENCE_CERTIFICATE_ID, SslSupportMethod: 'sni-only' });
    // A custom origin (no access identity signing over the presigned signature), HTTPS to the bucket's regional host.
    expect(config.Origins).toEqual([{ Id: 'evidence-bucket', DomainName: { 'Fn::GetAtt': ['EvidenceBucket', 'RegionalDomainName'] }, CustomOriginConfig: { OriginProtocolPolicy: 'https-only', OriginSSLProtocols: ['TLSv1.2'] } }]);
    const behaviour = config.DefaultCacheBehavior;
    expect(behaviour.AllowedMethods).toEqual(expect.arrayContaining(['GET', 'HEAD', 'POST']));
    expect(behaviour.ForwardedValues.QueryString).toBe(true);
    // The Host header is not forwarded: the origin sees the bucket's own host, the one the addresses are signed for.
    expect(behaviour.ForwardedValues.Headers).not.toContain('Host');
    expect([behaviour.MinTTL, behaviour.DefaultTTL, behaviour.MaxTTL]).toEqual([0, 0, 0]);
    expect(withDomains.provider.environment.EVIDENCE_PUBLIC_HOST).toBe(domainEnv.EVIDENCE_DOMAIN);
  });
});
