import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { functionGrants, type FunctionGrants } from '../../support/function-permissions';

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

type Statement = { Effect: string; Action: string[]; Resource: unknown[] };
const statementsOf = (role: Resource | undefined): Statement[] =>
  ((role?.Properties.Policies ?? []) as { PolicyDocument: { Statement: Statement[] } }[]).flatMap((p) => p.PolicyDocument.Statement);

/** The role a function runs under (its own, from serverless-iam-roles-per-function). */
function roleOf(fn: string): { name: string; role: Resource } {
  const lambda = Object.entries(resources).find(([, r]) => r.Type === 'AWS::Lambda::Function' && r.Properties.FunctionName === `zhigong-zhijia-prod-${fn}`)?.[1];
  const name = (lambda?.Properties.Role as { 'Fn::GetAtt': [string, string] } | undefined)?.['Fn::GetAtt'][0] as string;
  return { name, role: resources[name] as Resource };
}

/**
 * A role's statements in the shape of test/support/function-permissions.ts, each resource recognised by what it
 * names; anything unrecognised lands in `other` (so a new grant fails this test until the table names it).
 */
type ActualGrants = { [K in keyof FunctionGrants]: FunctionGrants[K] extends string[] ? string[] : FunctionGrants[K] } & { logs: string[]; stream: string[]; other: string[] };
function grantsOf(statements: Statement[]): ActualGrants {
  const g = { table: [] as string[], indexes: [] as string[], ballotBox: [] as string[], s3: null as FunctionGrants['s3'], auditAnchors: [] as string[], reporterKey: [] as string[], watcherKey: [] as string[], secrets: [] as string[], logs: [] as string[], stream: [] as string[], other: [] as string[] };
  const add = (list: string[], actions: string[]) => list.push(...actions.filter((a) => !list.includes(a)));
  for (const st of statements) {
    expect(st.Effect).toBe('Allow');
    for (const resource of st.Resource) {
      const text = JSON.stringify(resource);
      const index = /"Fn::GetAtt":\["Table","Arn"\]\},"\/index\/(\w+)"/.exec(text);
      const prefix = /"Fn::GetAtt":\["EvidenceBucket","Arn"\]\},"\/([\w-]+\/)\*"/.exec(text);
      const parameter = /:parameter\/zhigong-zhijia\/prod\/([\w-]+)"/.exec(text);
      if (text === '{"Fn::GetAtt":["Table","Arn"]}') add(g.table, st.Action);
      else if (text === '{"Fn::GetAtt":["Table","StreamArn"]}') add(g.stream, st.Action);
      else if (text === '{"Fn::GetAtt":["BallotBox","Arn"]}') add(g.ballotBox, st.Action);
      else if (text === '{"Fn::GetAtt":["ReporterKey","Arn"]}') add(g.reporterKey, st.Action);
      else if (text === '{"Fn::GetAtt":["WatcherKey","Arn"]}') add(g.watcherKey, st.Action);
      // The anchor bucket: ListBucket on the bucket, object actions on its objects (each kept to its own resource).
      else if (text === '{"Fn::GetAtt":["AuditAnchorBucket","Arn"]}' && st.Action.join() === 's3:ListBucket') add(g.auditAnchors, st.Action);
      else if (text === '{"Fn::Join":["",[{"Fn::GetAtt":["AuditAnchorBucket","Arn"]},"/*"]]}' && !st.Action.includes('s3:ListBucket')) add(g.auditAnchors, st.Action);
      else if (index && st.Action.join() === 'dynamodb:Query') add(g.indexes, [index[1] as string]);
      else if (prefix) {
        g.s3 ??= { actions: [], prefixes: [] };
        add(g.s3.actions, st.Action);
        add(g.s3.prefixes, [prefix[1] as string]);
      } else if (parameter && st.Action.join() === 'ssm:GetParameter') add(g.secrets, [(parameter[1] as string).toUpperCase().replace(/-/g, '_')]);
      else if (text.includes(':log-group:/aws/lambda/')) add(g.logs, st.Action);
      else g.other.push(`${st.Action.join(',')} on ${text}`);
    }
  }
  return g;
}
const sorted = (list: readonly string[]) => [...list].sort();

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

  it('keeps the ballot box in a table of its own without history: no stream, no index, no point-in-time recovery, no backup', () => {
    const box = ofType('AWS::DynamoDB::Table').find((t) => t.Properties.TableName === 'zhigong-zhijia-prod-ballot-box');
    const p = box?.Properties as Record<string, unknown>;
    expect(p.BillingMode).toBe('PAY_PER_REQUEST');
    // A change feed, or restores a second apart, would show which marker flipped with which counter (issue #15).
    expect(p.StreamSpecification).toBeUndefined();
    expect(p.KinesisStreamSpecification).toBeUndefined();
    expect(p.GlobalSecondaryIndexes).toBeUndefined();
    expect(p.LocalSecondaryIndexes).toBeUndefined();
    expect(p.PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: false });
    expect(p.KeySchema).toEqual([
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ]);
    // No on-demand backup either (config/table.js says why): no AWS Backup plan or selection in the template at all.
    expect(Object.values(resources).filter((r) => r.Type.startsWith('AWS::Backup::'))).toEqual([]);
  });

  it('wraps reporters\' data keys with two rotating KMS keys; only the four-eyes identity-access function may unwrap the reporter key, only the clock the watcher key', () => {
    const keys = resources as Record<string, { Type: string; Properties: Record<string, unknown> }>;
    expect(keys.ReporterKey?.Type).toBe('AWS::KMS::Key');
    expect(keys.WatcherKey?.Type).toBe('AWS::KMS::Key');
    expect(keys.ReporterKey?.Properties.EnableKeyRotation).toBe(true);
    expect(keys.WatcherKey?.Properties.EnableKeyRotation).toBe(true);
    const decryptingWith = (key: string) =>
      Object.keys(functionGrants).filter((fn) =>
        statementsOf(roleOf(fn).role).some((st) => st.Action.includes('kms:Decrypt') && st.Resource.some((r) => JSON.stringify(r) === `{"Fn::GetAtt":["${key}","Arn"]}`)),
      );
    expect(decryptingWith('ReporterKey')).toEqual(['identityAccess']);
    expect(decryptingWith('WatcherKey')).toEqual(['clock']);
    // No wildcard key resource anywhere (a Decrypt on "*" would open both).
    for (const fn of Object.keys(functionGrants)) for (const st of statementsOf(roleOf(fn).role)) if (st.Action.some((a) => a.startsWith('kms:'))) expect(st.Resource.map((r) => JSON.stringify(r))).not.toContain('"*"');
  });

  it('runs each function under a role of its own that grants exactly what test/support/function-permissions.ts lists for it', () => {
    const functions = ofType('AWS::Lambda::Function').map((f) => String(f.Properties.FunctionName).replace('zhigong-zhijia-prod-', ''));
    expect(functions.sort()).toEqual(Object.keys(functionGrants).sort());
    const roles = new Set<string>();
    for (const fn of functions) {
      const { name, role } = roleOf(fn);
      expect(role?.Type).toBe('AWS::IAM::Role');
      roles.add(name);
      const expected = functionGrants[fn] as FunctionGrants;
      const actual = grantsOf(statementsOf(role));
      expect({ fn, ...actual, table: sorted(actual.table), indexes: sorted(actual.indexes), ballotBox: sorted(actual.ballotBox), auditAnchors: sorted(actual.auditAnchors), reporterKey: sorted(actual.reporterKey), watcherKey: sorted(actual.watcherKey), secrets: sorted(actual.secrets), s3: actual.s3 && { actions: sorted(actual.s3.actions), prefixes: sorted(actual.s3.prefixes) } }).toEqual({
        fn,
        table: sorted(expected.table),
        indexes: sorted(expected.indexes),
        ballotBox: sorted(expected.ballotBox),
        s3: expected.s3 && { actions: sorted(expected.s3.actions), prefixes: sorted(expected.s3.prefixes) },
        auditAnchors: sorted(expected.auditAnchors),
        reporterKey: sorted(expected.reporterKey),
        watcherKey: sorted(expected.watcherKey),
        secrets: sorted(expected.secrets),
        // Its own log group only; the stream only for the dispatcher; nothing the table does not name.
        logs: ['logs:CreateLogStream', 'logs:CreateLogGroup', 'logs:PutLogEvents'],
        stream: fn === 'dispatcher' ? ['dynamodb:GetRecords', 'dynamodb:GetShardIterator', 'dynamodb:DescribeStream', 'dynamodb:ListStreams'] : [],
        other: [],
      });
      expect(JSON.stringify(statementsOf(role).filter((st) => JSON.stringify(st).includes(':log-group:')))).toContain(`/aws/lambda/zhigong-zhijia-prod-${fn}:`);
    }
    expect(roles.size).toBe(functions.length);
    // The shared default role that osls still creates is used by no function and holds no data permission.
    const shared = statementsOf(resources.IamRoleLambdaExecution);
    expect(shared.flatMap((st) => st.Action).filter((a) => /^(s3|kms|ssm):/.test(a) || (a.startsWith('dynamodb:') && !JSON.stringify(shared).includes('StreamArn')))).toEqual([]);
    expect(JSON.stringify(shared)).not.toContain('"BallotBox"');
    expect(JSON.stringify(shared)).not.toContain('"ReporterKey"');
  });

  it('grants no delete where nothing deletes, the ballot box only to the functions that vote and seal, and never a Scan', () => {
    const deleting = Object.keys(functionGrants).filter((fn) => JSON.stringify(statementsOf(roleOf(fn).role)).includes('dynamodb:DeleteItem'));
    expect(deleting.sort()).toEqual(['appraisal', 'clock', 'evidence', 'identityAccess', 'joining', 'orgs', 'roster']);
    // Nothing may delete or shorten an audit anchor.
    const anchorActions = Object.keys(functionGrants).flatMap((fn) => statementsOf(roleOf(fn).role).filter((st) => JSON.stringify(st.Resource).includes('AuditAnchorBucket')).flatMap((st) => st.Action));
    expect(anchorActions.filter((a) => /Delete|BypassGovernance|PutBucket|PutObjectLegalHold|PutLifecycle/.test(a))).toEqual([]);
    const boxed = Object.keys(functionGrants).filter((fn) => JSON.stringify(statementsOf(roleOf(fn).role)).includes('"BallotBox"'));
    expect(boxed.sort()).toEqual(['appraisal', 'clock', 'vote']);
    expect(grantsOf(statementsOf(roleOf('clock').role)).ballotBox).toEqual(['dynamodb:UpdateItem']);
    // The vote casts (a transaction of Put/Update on the box, a Get to tell a repeat) and reads one item of the table.
    expect([...grantsOf(statementsOf(roleOf('vote').role)).ballotBox].sort()).toEqual(['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem']);
    for (const fn of Object.keys(functionGrants)) {
      const actions = statementsOf(roleOf(fn).role).flatMap((st) => st.Action);
      expect(actions.filter((a) => a === 'dynamodb:Scan' || a === 'dynamodb:DeleteTable' || a.endsWith(':*'))).toEqual([]);
    }
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
    const statements = ofType('AWS::IAM::Role').flatMap((role) => statementsOf(role));
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

    // Only the evidence function (applications/) and the roster function (imports/) touch the bucket.
    const s3 = Object.keys(functionGrants).flatMap((fn) =>
      statementsOf(roleOf(fn).role)
        .filter((s) => s.Action.some((a) => a.startsWith('s3:')) && JSON.stringify(s.Resource).includes('"EvidenceBucket"'))
        .map((s) => ({ fn, actions: sorted(s.Action), resource: JSON.stringify(s.Resource) })),
    );
    expect(s3.map((s) => s.fn).sort()).toEqual(['evidence', 'roster']);
    for (const s of s3) expect(s.actions).toEqual(['s3:DeleteObject', 's3:GetObject', 's3:PutObject']);
    expect(s3.find((s) => s.fn === 'evidence')?.resource).toMatch(/EvidenceBucket.*\/applications\/\*"\]\]\}\]$/);
    expect(s3.find((s) => s.fn === 'roster')?.resource).toMatch(/EvidenceBucket.*\/imports\/\*"\]\]\}\]$/);
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
    // certificates carries the font its PDFs embed a subset of (Noto Sans SC Regular, 10.6 MB, ~6.5 MB zipped).
    for (const zip of zips) expect({ zip, small: statSync(join(out, zip)).size < (zip === 'certificates.zip' ? 8 * 1024 * 1024 : 400 * 1024) }).toEqual({ zip, small: true });
  });
});
