import * as z from 'zod';
import { attachEvidenceRequest, requestUploadRequest } from '@shared/api/evidence';
import { attachEvidence, listEvidence, removeEvidence, requestUpload, type EvidenceDeps } from '../evidence/evidence';
import { evidenceStoreFromEnv } from '../evidence/store-from-env';
import { httpHandler, parseInput } from '../http/http-handler';
import { documentClient, tableName } from '../storage/dynamo';
import { systemNow } from '../time/clock';
import { sessionOf, theDirectory } from './context';

let built: EvidenceDeps | undefined;
const deps = (): EvidenceDeps => (built ??= { db: documentClient(), table: tableName(), directory: theDirectory(), now: systemNow, store: evidenceStoreFromEnv() });

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
