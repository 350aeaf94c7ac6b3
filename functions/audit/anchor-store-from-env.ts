import { optionalEnv, requiredEnv } from '../config/env';
import { localAnchorStore, type AnchorStore } from './anchor-store';
import { s3AnchorStore } from './s3-anchor-store';

/** How long each anchor stays locked by default: ten years (serverless.yml's `auditAnchorRetentionYears` says why). */
export const defaultAnchorRetentionYears = 10;

/**
 * The anchor store of this stage: AUDIT_ANCHOR_STORE=s3 (AUDIT_ANCHOR_BUCKET) on AWS, =local (AUDIT_ANCHOR_DIR) on the
 * local stack. Unset outside prod (a function run in-process by a test): no store, and the clock seals nothing. On
 * prod it must be set: a prod without anchors would fail its audit silently.
 */
export function anchorStoreFromEnv(): AnchorStore | undefined {
  const kind = optionalEnv('AUDIT_ANCHOR_STORE');
  if (kind === undefined) {
    if (optionalEnv('STAGE') === 'prod') throw new Error('AUDIT_ANCHOR_STORE must be set on the prod stage');
    return undefined;
  }
  if (kind === 'local') return localAnchorStore(requiredEnv('AUDIT_ANCHOR_DIR'));
  if (kind === 's3') return s3AnchorStore({ bucket: requiredEnv('AUDIT_ANCHOR_BUCKET') });
  throw new Error(`AUDIT_ANCHOR_STORE must be local or s3, not ${kind}`);
}

/**
 * Days each anchor is locked for: AUDIT_ANCHOR_RETENTION_YEARS (the bucket's default retention) in days, rounded up,
 * so an anchor's own retain-until date is never earlier than the bucket's default would make it.
 */
export function anchorRetentionDays(): number {
  const raw = optionalEnv('AUDIT_ANCHOR_RETENTION_YEARS');
  const years = raw === undefined ? defaultAnchorRetentionYears : Number(raw);
  if (!Number.isInteger(years) || years < 1) throw new Error(`AUDIT_ANCHOR_RETENTION_YEARS must be a whole number of years, not ${raw}`);
  return Math.ceil(years * 365.25);
}
