import * as z from 'zod';
import { createIdentityRequest, identityDecisionRequest, identityRequestId } from '@shared/api/identity-access';
import { httpHandler, parseInput } from '../http/http-handler';
import { decideIdentityRequest, listIdentityRequests, openIdentity, requestIdentity, requestsOfReport, type IdentityAccessDeps } from '../publicity/identity-access';
import { envelopeKeys } from '../publicity/envelope-keys';
import { documentClient, tableName } from '../storage/dynamo';
import { systemNow } from '../time/clock';
import { sessionOf, theDirectory } from './context';

/**
 * Four-eyes access to reporters' identities (issue 15). The only function that may unwrap a report's data key: on AWS
 * it alone holds kms:Decrypt on the reporter key (serverless.yml, function `identityAccess`).
 */
let built: IdentityAccessDeps | undefined;
function identityDeps(): IdentityAccessDeps {
  if (built) return built;
  built = { db: documentClient(), table: tableName(), directory: theDirectory(), keys: envelopeKeys('identity'), now: systemNow };
  return built;
}

const reportPath = z.object({ reportId: z.string().regex(/^rep-[0-9a-f]{20}$/, '举报编号（reportId）格式不正确') });
const requestPath = z.object({ requestId: identityRequestId });

export const handler = httpHandler({
  'POST /v1/reports/{reportId}/identity-requests': async (request) => {
    const { reportId } = parseInput(reportPath, request.pathParameters);
    const body = parseInput(createIdentityRequest, request.body);
    return { status: 201, body: { request: await requestIdentity(identityDeps(), await sessionOf(request.headers), reportId, body) } };
  },
  'GET /v1/reports/{reportId}/identity-requests': async (request) => {
    const { reportId } = parseInput(reportPath, request.pathParameters);
    return { body: await requestsOfReport(identityDeps(), await sessionOf(request.headers), reportId) };
  },
  'GET /v1/identity-requests': async (request) => ({ body: await listIdentityRequests(identityDeps(), await sessionOf(request.headers)) }),
  'POST /v1/identity-requests/{requestId}/decision': async (request) => {
    const { requestId } = parseInput(requestPath, request.pathParameters);
    const body = parseInput(identityDecisionRequest, request.body);
    return { body: { request: await decideIdentityRequest(identityDeps(), await sessionOf(request.headers), requestId, body) } };
  },
  'POST /v1/identity-requests/{requestId}/open': async (request) => {
    const { requestId } = parseInput(requestPath, request.pathParameters);
    return { body: await openIdentity(identityDeps(), await sessionOf(request.headers), requestId) };
  },
});
