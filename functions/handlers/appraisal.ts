import * as z from 'zod';
import { annulAppraisalRequest, openAppraisalRequest, receiptCheckRequest } from '@shared/api/appraisal';
import { appraisalPathParameters } from '@shared/api/ballot';
import { secret } from '../config/secrets';
import { httpHandler, parseInput } from '../http/http-handler';
import {
  annulAppraisal,
  appraisalRecords,
  appraisalResult,
  checkReceipt,
  electorate,
  myAppraisal,
  myAppraisals,
  openAppraisal,
  orgAppraisals,
  suggestions,
  turnout,
  type AppraisalDeps,
} from '../appraisal/appraisals';
import { receiptKeyOf } from '../appraisal/ballot-box-keys';
import { ballotBoxTableName, documentClient, tableName } from '../storage/dynamo';
import { systemNow } from '../time/clock';
import { sessionOf, theDirectory } from './context';

// Built once per cold start, on first use (so a test can set the environment before the first request).
let built: AppraisalDeps | undefined;
export async function appraisalDeps(): Promise<AppraisalDeps> {
  if (built) return built;
  const db = documentClient();
  built = {
    db,
    table: tableName(),
    box: { db, table: ballotBoxTableName() },
    directory: theDirectory(),
    receiptKey: receiptKeyOf(await secret('PERSONAL_DATA_KEY')),
    now: systemNow,
  };
  return built;
}

const orgPath = z.object({ orgId: z.string({ error: '缺少工会组织编号（orgId）' }).min(1, '缺少工会组织编号（orgId）').max(100, '工会组织编号（orgId）过长') });
const appraisalPath = appraisalPathParameters;
const recordsQuery = z.object({ rulesetId: z.string({ error: '请选择评选办法（rulesetId）' }).min(1, '请选择评选办法（rulesetId）') });

export const handler = httpHandler({
  'POST /v1/orgs/{orgId}/appraisals': async (request) => {
    const { orgId } = parseInput(orgPath, request.pathParameters);
    const body = parseInput(openAppraisalRequest, request.body);
    return { status: 201, body: { appraisal: await openAppraisal(await appraisalDeps(), await sessionOf(request.headers), orgId, body) } };
  },

  'GET /v1/orgs/{orgId}/appraisals': async (request) => {
    const { orgId } = parseInput(orgPath, request.pathParameters);
    return { body: await orgAppraisals(await appraisalDeps(), await sessionOf(request.headers), orgId) };
  },

  'GET /v1/orgs/{orgId}/appraisal-records': async (request) => {
    const { orgId } = parseInput(orgPath, request.pathParameters);
    const { rulesetId } = parseInput(recordsQuery, request.query);
    return { body: await appraisalRecords(await appraisalDeps(), await sessionOf(request.headers), orgId, rulesetId) };
  },

  'GET /v1/appraisals/mine': async (request) => ({ body: await myAppraisals(await appraisalDeps(), await sessionOf(request.headers)) }),

  'GET /v1/appraisals/{appraisalId}': async (request) => {
    const { appraisalId } = parseInput(appraisalPath, request.pathParameters);
    return { body: await myAppraisal(await appraisalDeps(), await sessionOf(request.headers), appraisalId) };
  },

  // Casting a ballot is the vote function's (handlers/vote.ts).

  'GET /v1/appraisals/{appraisalId}/turnout': async (request) => {
    const { appraisalId } = parseInput(appraisalPath, request.pathParameters);
    return { body: await turnout(await appraisalDeps(), await sessionOf(request.headers), appraisalId) };
  },

  'GET /v1/appraisals/{appraisalId}/electorate': async (request) => {
    const { appraisalId } = parseInput(appraisalPath, request.pathParameters);
    return { body: await electorate(await appraisalDeps(), await sessionOf(request.headers), appraisalId) };
  },

  'GET /v1/appraisals/{appraisalId}/result': async (request) => {
    const { appraisalId } = parseInput(appraisalPath, request.pathParameters);
    return { body: await appraisalResult(await appraisalDeps(), await sessionOf(request.headers), appraisalId) };
  },

  'GET /v1/appraisals/{appraisalId}/suggestions': async (request) => {
    const { appraisalId } = parseInput(appraisalPath, request.pathParameters);
    return { body: await suggestions(await appraisalDeps(), await sessionOf(request.headers), appraisalId) };
  },

  // The supervising federation's organiser: the one way to replace an official ballot (audited, with its reason).
  'POST /v1/appraisals/{appraisalId}/annul': async (request) => {
    const session = await sessionOf(request.headers);
    const { appraisalId } = parseInput(appraisalPath, request.pathParameters);
    const { reason } = parseInput(annulAppraisalRequest, request.body);
    return { body: { appraisal: await annulAppraisal(await appraisalDeps(), session, appraisalId, reason) } };
  },

  // No log-in: whoever holds a receipt may check it (it names nobody and reveals no choice).
  'POST /v1/appraisals/{appraisalId}/receipt-check': async (request) => {
    const { appraisalId } = parseInput(appraisalPath, request.pathParameters);
    const { receipt } = parseInput(receiptCheckRequest, request.body);
    return { body: await checkReceipt(await appraisalDeps(), appraisalId, receipt) };
  },
});
