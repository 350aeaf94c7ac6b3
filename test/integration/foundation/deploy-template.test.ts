import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

/** `osls package --stage prod` offline, then the properties the deployment relies on, read off the template. */
const root = resolve(__dirname, '..', '..', '..');
const out = mkdtempSync(join(tmpdir(), 'zhijia-package-'));

type Resource = { Type: string; Properties: Record<string, unknown>; DeletionPolicy?: string };
let resources: Record<string, Resource>;
let outputs: Record<string, { Value: unknown }>;

beforeAll(() => {
  const osls = join(dirname(require.resolve('osls/package.json')), 'bin', 'serverless.js');
  execFileSync(process.execPath, [osls, 'package', '--stage', 'prod', '--package', out], {
    cwd: root,
    env: { ...process.env, ESBUILD_WORK_FOLDER: '.esbuild-package-test', SLS_TELEMETRY_DISABLED: '1', SLS_NOTIFICATIONS_MODE: 'off', SESSION_SECRET: 'must-not-leak', WECHAT_APP_SECRET: 'must-not-leak', PERSONAL_DATA_KEY: 'must-not-leak', ZHIJIA_CLOCK_OFFSET_MS: '86400000' },
    stdio: 'pipe',
  });
  const template = JSON.parse(readFileSync(join(out, 'cloudformation-template-update-stack.json'), 'utf8')) as { Resources: Record<string, Resource>; Outputs: Record<string, { Value: unknown }> };
  resources = template.Resources;
  outputs = template.Outputs;
}, 120_000);

const ofType = (type: string) => Object.values(resources).filter((r) => r.Type === type);

describe('the packaged CloudFormation template (stage prod)', () => {
  it('runs every function on nodejs20.x with stage-scoped environment and no secret in it', () => {
    const functions = ofType('AWS::Lambda::Function');
    const names = functions.map((f) => String(f.Properties.FunctionName));
    expect(names).toEqual(expect.arrayContaining(['auth', 'clock', 'dispatcher', 'health', 'inbox', 'me', 'audit', 'evidence'].map((f) => `zhigong-zhijia-prod-${f}`)));
    expect(names.every((n) => n.startsWith('zhigong-zhijia-prod-'))).toBe(true);
    for (const fn of functions) {
      expect(fn.Properties.Runtime).toBe('nodejs20.x');
      const env = (fn.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
      expect(env.STAGE).toBe('prod');
      expect(env.DEMO_LOGIN).toBe('off');
      expect(env.WECHAT_API_BASE).toBe('https://api.weixin.qq.com');
      // A shifted clock is for the local stack only (functions/time/clock.ts): none from the packaging machine.
      expect(env.ZHIJIA_CLOCK_OFFSET_MS ?? '').toBe('');
      expect(JSON.stringify(env)).not.toContain('must-not-leak');
    }
  });

  it('has one on-demand table with pk/sk, named GSIs, point-in-time recovery, TTL and a stream', () => {
    const tables = ofType('AWS::DynamoDB::Table');
    expect(tables).toHaveLength(2);
    const table = tables.find((t) => t.Properties.TableName === 'zhigong-zhijia-prod');
    const p = table?.Properties as Record<string, unknown>;
    expect(p.TableName).toBe('zhigong-zhijia-prod');
    expect(p.BillingMode).toBe('PAY_PER_REQUEST');
    expect(p.KeySchema).toEqual([
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ]);
    expect((p.GlobalSecondaryIndexes as { IndexName: string }[]).map((i) => i.IndexName).sort()).toEqual(['byDueTime', 'byOpenid', 'byParent', 'bySubtree']);
    expect(p.PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
    expect(p.TimeToLiveSpecification).toEqual({ AttributeName: 'expiresAt', Enabled: true });
    expect(p.StreamSpecification).toEqual({ StreamViewType: 'NEW_AND_OLD_IMAGES' });
  });

  it('keeps the ballot box in a table of its own with no stream and no index, so no change feed joins a voter to a choice', () => {
    const box = ofType('AWS::DynamoDB::Table').find((t) => t.Properties.TableName === 'zhigong-zhijia-prod-ballot-box');
    const p = box?.Properties as Record<string, unknown>;
    expect(p.BillingMode).toBe('PAY_PER_REQUEST');
    expect(p.StreamSpecification).toBeUndefined();
    expect(p.GlobalSecondaryIndexes).toBeUndefined();
    expect(p.PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
  });

  it('wraps reporters\' data keys with a rotating KMS key that only the functions\' role may use', () => {
    const [key] = ofType('AWS::KMS::Key');
    expect(key?.Properties.EnableKeyRotation).toBe(true);
    const role = ofType('AWS::IAM::Role')[0];
    const statements = (role?.Properties.Policies as { PolicyDocument: { Statement: { Action: string[]; Resource: unknown }[] } }[]).flatMap((p) => p.PolicyDocument.Statement);
    const kms = statements.find((s) => s.Action.includes('kms:Decrypt'));
    expect(JSON.stringify(kms?.Resource)).toContain('ReporterKey');
  });

  it('serves the routes through an HTTP API, each one handled by the route table of its function', () => {
    expect(ofType('AWS::ApiGatewayV2::Api')).toHaveLength(1);
    const routes = ofType('AWS::ApiGatewayV2::Route').map((r) => String(r.Properties.RouteKey));
    expect(routes).toEqual(expect.arrayContaining(['GET /v1/health', 'POST /v1/auth/login', 'POST /v1/auth/demo-login', 'GET /v1/auth/demo-identities', 'GET /v1/me', 'GET /v1/inbox']));

    const state = JSON.parse(readFileSync(join(out, 'serverless-state.json'), 'utf8')) as {
      service: { functions: Record<string, { handler: string; events: { httpApi?: { method: string; path: string } }[] }> };
    };
    const declared: string[] = [];
    for (const fn of Object.values(state.service.functions)) {
      const events = fn.events.flatMap((e) => (e.httpApi ? [`${e.httpApi.method.toUpperCase()} ${e.httpApi.path}`] : []));
      if (events.length === 0) continue;
      const [file, exported] = fn.handler.split('.') as [string, string];
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const handler = (require(join(root, file)) as Record<string, { routes?: string[] }>)[exported];
      expect({ handler: fn.handler, routes: [...(handler?.routes ?? [])].sort() }).toEqual({ handler: fn.handler, routes: [...events].sort() });
      declared.push(...events);
    }
    expect(declared.sort()).toEqual([...routes].sort());
  });

  it('schedules the clock function', () => {
    const rules = ofType('AWS::Events::Rule');
    expect(rules.map((r) => r.Properties.ScheduleExpression)).toEqual(['rate(5 minutes)']);
    expect(JSON.stringify(rules[0]?.Properties.Targets)).toContain('ClockLambdaFunction');
  });

  it('feeds new outbox items from the table stream to the dispatcher', () => {
    const [mapping, ...others] = ofType('AWS::Lambda::EventSourceMapping');
    expect(others).toHaveLength(0);
    expect(JSON.stringify(mapping?.Properties.EventSourceArn)).toContain('StreamArn');
    expect(JSON.stringify(mapping?.Properties.FunctionName)).toContain('DispatcherLambdaFunction');
    expect(JSON.stringify(mapping?.Properties.FilterCriteria)).toContain('outbox');
  });

  it('limits data actions to the table and its indexes (no Resource "*"), with partition-neutral ARNs', () => {
    const role = ofType('AWS::IAM::Role')[0];
    const statements = (role?.Properties.Policies as { PolicyDocument: { Statement: { Action: string[]; Resource: unknown }[] } }[]).flatMap((p) => p.PolicyDocument.Statement);
    const data = statements.filter((s) => s.Action.some((a) => a.startsWith('dynamodb:') || a.startsWith('ssm:') || a.startsWith('kms:') || a.startsWith('s3:')));
    expect(data.length).toBeGreaterThan(0);
    for (const statement of data) {
      expect(JSON.stringify(statement.Resource)).not.toBe('"*"');
      expect(JSON.stringify(statement.Resource)).not.toContain('"*"');
    }
    const dynamo = data.find((s) => s.Action.includes('dynamodb:PutItem'));
    expect(JSON.stringify(dynamo?.Resource)).toContain('"Table","Arn"');
    expect(JSON.stringify(statements)).not.toContain('arn:aws:');
  });

  it('keeps evidence files in a private, encrypted, retained bucket; the functions may only post, read and delete objects under applications/', () => {
    const bucket = resources.EvidenceBucket as Resource;
    expect(bucket.Type).toBe('AWS::S3::Bucket');
    expect(bucket.DeletionPolicy).toBe('Retain');
    const p = bucket.Properties as Record<string, { [key: string]: unknown }>;
    expect(p.PublicAccessBlockConfiguration).toEqual({ BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true });
    expect(JSON.stringify(p.BucketEncryption)).toContain('"SSEAlgorithm":"AES256"');
    expect(p.CorsConfiguration?.CorsRules).toEqual([expect.objectContaining({ AllowedMethods: expect.arrayContaining(['POST', 'GET']) })]);
    expect(p.LifecycleConfiguration?.Rules).toContainEqual(expect.objectContaining({ Status: 'Enabled', AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 } }));
    const policy = resources.EvidenceBucketPolicy as Resource;
    expect(JSON.stringify(policy.Properties)).toContain('"aws:SecureTransport":"false"');

    const evidence = ofType('AWS::Lambda::Function').find((f) => f.Properties.FunctionName === 'zhigong-zhijia-prod-evidence');
    const env = (evidence?.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
    expect(env).toMatchObject({ EVIDENCE_STORE: 's3', EVIDENCE_BUCKET: { Ref: 'EvidenceBucket' }, EVIDENCE_KEY: '' });

    const role = ofType('AWS::IAM::Role')[0];
    const statements = (role?.Properties.Policies as { PolicyDocument: { Statement: { Action: string[]; Resource: unknown }[] } }[]).flatMap((p) => p.PolicyDocument.Statement);
    const s3 = statements.filter((s) => s.Action.some((a) => a.startsWith('s3:')));
    expect(s3).toHaveLength(1);
    expect([...(s3[0]?.Action ?? [])].sort()).toEqual(['s3:DeleteObject', 's3:GetObject', 's3:PutObject']);
    expect(JSON.stringify(s3[0]?.Resource)).toContain('EvidenceBucket');
    expect(JSON.stringify(s3[0]?.Resource)).toContain('/applications/*');
    // The host to add to the mini-program's uploadFile / downloadFile legal domains.
    expect(JSON.stringify(outputs.EvidenceBucketDomain?.Value)).toContain('RegionalDomainName');
  });

  it('keeps logs for at least 180 days', () => {
    const groups = ofType('AWS::Logs::LogGroup');
    expect(groups.length).toBe(ofType('AWS::Lambda::Function').length);
    for (const group of groups) expect(group.Properties.RetentionInDays).toBeGreaterThanOrEqual(180);
  });

  it('bundles each function on its own, without the AWS SDK v3 that the runtime provides', () => {
    const zips = readdirSync(out).filter((f) => f.endsWith('.zip'));
    expect(zips.length).toBe(ofType('AWS::Lambda::Function').length);
    for (const zip of zips) expect(statSync(join(out, zip)).size).toBeLessThan(400 * 1024);
  });
});
