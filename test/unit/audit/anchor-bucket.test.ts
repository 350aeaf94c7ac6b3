import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/**
 * The anchor bucket as serverless.yml declares it (issue 15, point 6), read with osls's own CloudFormation YAML schema
 * (no packaging): write-once in compliance mode, private, TLS-only, and writable by the clock alone.
 * test/integration/foundation/deploy-template.test.ts checks the packaged roles.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const parse = require('osls/lib/utils/fs/parse') as (path: string, contents: string) => unknown;

type Yaml = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const file = resolve(__dirname, '..', '..', '..', 'serverless.yml');
const sls = parse(file, readFileSync(file, 'utf8')) as Yaml;
const resources = sls.resources.Resources as Yaml;

describe('the audit anchor bucket', () => {
  it('locks every anchor in compliance mode for ten years by default, on a versioned, retained bucket', () => {
    const bucket = resources.AuditAnchorBucket;
    expect(bucket.DeletionPolicy).toBe('Retain');
    expect(bucket.Properties.ObjectLockEnabled).toBe(true);
    expect(bucket.Properties.ObjectLockConfiguration).toEqual({ ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Years: '${param:auditAnchorRetentionYears}' } } });
    expect(sls.params.default.auditAnchorRetentionYears).toBe(10);
    expect(bucket.Properties.VersioningConfiguration).toEqual({ Status: 'Enabled' });
  });

  it('is private and encrypted, answers only over TLS and refuses deletes (and so delete markers) from anyone', () => {
    const bucket = resources.AuditAnchorBucket.Properties;
    expect(bucket.PublicAccessBlockConfiguration).toEqual({ BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true });
    expect(bucket.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault.SSEAlgorithm).toBe('AES256');
    const statements = resources.AuditAnchorBucketPolicy.Properties.PolicyDocument.Statement as Yaml[];
    expect(statements.find((s) => s.Sid === 'TlsOnly')).toMatchObject({ Effect: 'Deny', Principal: '*', Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } });
    expect(statements.find((s) => s.Sid === 'NoDeletes')).toMatchObject({ Effect: 'Deny', Principal: '*', Action: ['s3:DeleteObject', 's3:DeleteObjectVersion'] });
  });

  it('is named by the clock function alone, which seals into it (a local folder on the local stage)', () => {
    const naming = Object.entries(sls.functions as Yaml).filter(([, fn]) => JSON.stringify(fn).includes('AuditAnchorBucket')).map(([name]) => name);
    expect(naming).toEqual(['clock']);
    expect(sls.functions.clock.environment).toMatchObject({ AUDIT_ANCHOR_STORE: '${param:auditAnchorStore}', AUDIT_ANCHOR_BUCKET: { Ref: 'AuditAnchorBucket' } });
    expect(sls.params.default.auditAnchorStore).toBe('s3');
    expect(sls.params.local.auditAnchorStore).toBe("${env:AUDIT_ANCHOR_STORE, 'local'}");
  });
});
