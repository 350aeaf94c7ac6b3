import * as z from 'zod';
import {
  fileReportRequest,
  findingRequest,
  followUpMessageRequest,
  investigatorMessageRequest,
  openPublicityRequest,
  publicityEntryInput,
  receiptCode,
} from '@shared/api/publicity';
import { certificatePath } from '@shared/api/certificate';
import { currentCalendar } from '../calendar/live-calendar';
import { checkCertificate } from '../campaign/certificate-check';
import { secret } from '../config/secrets';
import type { Session } from '../auth/session-token';
import { httpHandler, parseInput } from '../http/http-handler';
import { personalDataCipher } from '../privacy/personal-data';
import { assignReport, listReports, messageReporter, recordFinding, reportDetail } from '../publicity/investigation';
import { addEntry, openPublicity, publicWindows, readPublicity, type PublicityDeps } from '../publicity/publicities';
import { fileReport, followUp, followUpMessage, reportForm } from '../publicity/reports';
import { envelopeKeys } from '../publicity/envelope-keys';
import { documentClient, tableName } from '../storage/dynamo';
import { systemNow } from '../time/clock';
import { optionalSessionOf, sessionOf, theDirectory } from './context';

// Built once per cold start, on first use (so a test can set the environment before the first request).
let built: PublicityDeps | undefined;
export async function publicityDeps(): Promise<PublicityDeps> {
  if (built) {
    // The operator's arrangements, read again every 30 s (functions/calendar/live-calendar.ts).
    built.calendar = await currentCalendar(built.db, built.table);
    return built;
  }
  const db = documentClient();
  const table = tableName();
  built = {
    db,
    table,
    directory: theDirectory(),
    calendar: await currentCalendar(db, table),
    keys: envelopeKeys('identity'),
    watcherKeys: envelopeKeys('watcher'),
    cipher: personalDataCipher(await secret('PERSONAL_DATA_KEY')),
    now: systemNow,
  };
  return built;
}

/** Public routes: a session when one is sent (a bad token, or one whose member has left, is still refused), none otherwise. */
const optionalSession = (headers: Record<string, string>): Promise<Session | undefined> => optionalSessionOf(headers);

const orgPath = z.object({ orgId: z.string().min(1, '缺少组织编号（orgId）').max(100) });
const publicityPath = z.object({ publicityId: z.string().regex(/^pub-[0-9a-f]{20}$/, '公示编号（publicityId）格式不正确') });
const entryPath = publicityPath.extend({ entryId: z.string().regex(/^e\d{3,}$/, '公示条目编号（entryId）格式不正确') });
const reportPath = z.object({ reportId: z.string().regex(/^rep-[0-9a-f]{20}$/, '举报编号（reportId）格式不正确') });
const receiptBody = z.object({ receipt: receiptCode });

export const handler = httpHandler({
  'POST /v1/orgs/{orgId}/publicities': async (request) => {
    const { orgId } = parseInput(orgPath, request.pathParameters);
    const body = parseInput(openPublicityRequest, request.body);
    return { status: 201, body: { publicity: await openPublicity(await publicityDeps(), await sessionOf(request.headers), orgId, body) } };
  },
  'GET /v1/publicities': async () => ({ body: await publicWindows(await publicityDeps()) }),
  'GET /v1/publicities/{publicityId}': async (request) => {
    const { publicityId } = parseInput(publicityPath, request.pathParameters);
    return { body: { publicity: await readPublicity(await publicityDeps(), await optionalSession(request.headers), publicityId) } };
  },
  'POST /v1/publicities/{publicityId}/entries': async (request) => {
    const { publicityId } = parseInput(publicityPath, request.pathParameters);
    const body = parseInput(publicityEntryInput, request.body);
    return { status: 201, body: { publicity: await addEntry(await publicityDeps(), await sessionOf(request.headers), publicityId, body) } };
  },
  'GET /v1/publicities/{publicityId}/entries/{entryId}/report-form': async (request) => {
    const { publicityId, entryId } = parseInput(entryPath, request.pathParameters);
    return { body: await reportForm(await publicityDeps(), await optionalSession(request.headers), publicityId, entryId) };
  },
  'POST /v1/publicities/{publicityId}/entries/{entryId}/reports': async (request) => {
    const { publicityId, entryId } = parseInput(entryPath, request.pathParameters);
    const body = parseInput(fileReportRequest, request.body);
    return fileReport(await publicityDeps(), await optionalSession(request.headers), request.sourceIp, publicityId, entryId, body);
  },
  // The receipt travels in the body, never in a URL that logs and histories would keep.
  'POST /v1/report-followups': async (request) => {
    const { receipt } = parseInput(receiptBody, request.body);
    return { body: await followUp(await publicityDeps(), request.sourceIp, receipt) };
  },
  'POST /v1/report-followups/messages': async (request) => {
    const { receipt, ...message } = parseInput(receiptBody.extend(followUpMessageRequest.shape), request.body);
    return { body: await followUpMessage(await publicityDeps(), request.sourceIp, receipt, message) };
  },
  // 荣誉证书查询: no log-in, rate-limited per network like the follow-ups.
  'GET /v1/public/certificates/{certificateNo}': async (request) => {
    const { certificateNo } = parseInput(certificatePath, request.pathParameters);
    return { body: await checkCertificate(await publicityDeps(), request.sourceIp, certificateNo) };
  },
  'GET /v1/reports': async (request) => ({ body: await listReports(await publicityDeps(), await sessionOf(request.headers)) }),
  'GET /v1/reports/{reportId}': async (request) => {
    const { reportId } = parseInput(reportPath, request.pathParameters);
    return { body: await reportDetail(await publicityDeps(), await sessionOf(request.headers), reportId) };
  },
  'POST /v1/reports/{reportId}/assign': async (request) => {
    const { reportId } = parseInput(reportPath, request.pathParameters);
    return { body: await assignReport(await publicityDeps(), await sessionOf(request.headers), reportId) };
  },
  'POST /v1/reports/{reportId}/messages': async (request) => {
    const { reportId } = parseInput(reportPath, request.pathParameters);
    const { text } = parseInput(investigatorMessageRequest, request.body);
    return { body: await messageReporter(await publicityDeps(), await sessionOf(request.headers), reportId, text) };
  },
  'POST /v1/reports/{reportId}/finding': async (request) => {
    const { reportId } = parseInput(reportPath, request.pathParameters);
    return { body: await recordFinding(await publicityDeps(), await sessionOf(request.headers), reportId, parseInput(findingRequest, request.body)) };
  },
});
