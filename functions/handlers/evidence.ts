import * as z from 'zod';
import { attachEvidenceRequest, requestUploadRequest } from '@shared/api/evidence';
import { optionalEnv, requiredEnv, stage } from '../config/env';
import { attachEvidence, listEvidence, removeEvidence, requestUpload, type EvidenceDeps } from '../evidence/evidence';
import type { EvidenceStore } from '../evidence/evidence-store';
import { localEvidenceStore } from '../evidence/local-evidence-store';
import { s3EvidenceStore } from '../evidence/s3-evidence-store';
import { httpHandler, parseInput } from '../http/http-handler';
import { documentClient, tableName } from '../storage/dynamo';
import { systemNow } from '../time/clock';
import { sessionOf, theDirectory } from './context';

/** S3 on AWS; the local file adapter (scripts/local/evidence-server.ts) where EVIDENCE_STORE=local, the default locally. */
function evidenceStore(): EvidenceStore {
  const kind = optionalEnv('EVIDENCE_STORE') ?? (stage() === 'local' ? 'local' : 's3');
  if (kind === 'local') return localEvidenceStore({ dir: requiredEnv('EVIDENCE_DIR'), baseUrl: requiredEnv('EVIDENCE_LOCAL_URL'), secret: requiredEnv('EVIDENCE_KEY') });
  if (kind === 's3') return s3EvidenceStore({ bucket: requiredEnv('EVIDENCE_BUCKET') });
  throw new Error(`EVIDENCE_STORE must be local or s3, not ${kind}`);
}

let built: EvidenceDeps | undefined;
const deps = (): EvidenceDeps => (built ??= { db: documentClient(), table: tableName(), directory: theDirectory(), now: systemNow, store: evidenceStore() });

const applicationPath = z.object({ applicationId: z.string().regex(/^app-[0-9a-f]{16}$/, '申报编号（applicationId）格式不正确') });
const evidencePath = applicationPath.extend({ evidenceId: z.string().regex(/^ev-[0-9a-f]{16}$/, '证明材料编号（evidenceId）格式不正确') });

export const handler = httpHandler({
  'POST /v1/applications/{applicationId}/evidence/uploads': async (request) => {
    const { applicationId } = parseInput(applicationPath, request.pathParameters);
    return { status: 201, body: { upload: await requestUpload(deps(), await sessionOf(request.headers), applicationId, parseInput(requestUploadRequest, request.body)) } };
  },
  'POST /v1/applications/{applicationId}/evidence': async (request) => {
    const { applicationId } = parseInput(applicationPath, request.pathParameters);
    return { status: 201, body: { evidence: await attachEvidence(deps(), await sessionOf(request.headers), applicationId, parseInput(attachEvidenceRequest, request.body)) } };
  },
  'GET /v1/applications/{applicationId}/evidence': async (request) => {
    const { applicationId } = parseInput(applicationPath, request.pathParameters);
    return { body: { evidence: await listEvidence(deps(), await sessionOf(request.headers), applicationId) } };
  },
  'DELETE /v1/applications/{applicationId}/evidence/{evidenceId}': async (request) => {
    const { applicationId, evidenceId } = parseInput(evidencePath, request.pathParameters);
    return { body: { evidence: await removeEvidence(deps(), await sessionOf(request.headers), applicationId, evidenceId) } };
  },
});
