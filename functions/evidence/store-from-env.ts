import { optionalEnv, requiredEnv, stage } from '../config/env';
import type { EvidenceStore } from './evidence-store';
import { localEvidenceStore } from './local-evidence-store';
import { s3EvidenceStore } from './s3-evidence-store';

/**
 * The file store of this stage: S3 on AWS; the local file adapter (scripts/local/evidence-server.ts) where
 * EVIDENCE_STORE=local, the default locally. Evidence files and roster files for an import both go there.
 */
export function evidenceStoreFromEnv(): EvidenceStore {
  const kind = optionalEnv('EVIDENCE_STORE') ?? (stage() === 'local' ? 'local' : 's3');
  if (kind === 'local') return localEvidenceStore({ dir: requiredEnv('EVIDENCE_DIR'), baseUrl: requiredEnv('EVIDENCE_LOCAL_URL'), secret: requiredEnv('EVIDENCE_KEY') });
  if (kind === 's3') return s3EvidenceStore({ bucket: requiredEnv('EVIDENCE_BUCKET'), publicHost: optionalEnv('EVIDENCE_PUBLIC_HOST') });
  throw new Error(`EVIDENCE_STORE must be local or s3, not ${kind}`);
}
