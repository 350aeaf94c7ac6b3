import { auditTrailQuery, recentAuditQuery } from '@shared/api/audit';
import type { AuditLog } from '../audit/audit-log';
import { organiserScopes, readRecentAudit, readSubjectTrail } from '../audit/audit-read';
import { dynamoAuditLog } from '../audit/dynamo-audit-log';
import { httpHandler, parseInput, type HttpRequest } from '../http/http-handler';
import { documentClient, tableName } from '../storage/dynamo';
import { sessionOf, theDirectory } from './context';

// Built once per cold start, on first use (so a test can set the environment before the first request).
let log: AuditLog | undefined;
const auditLog = (): AuditLog => (log ??= dynamoAuditLog(documentClient(), tableName()));

/** Organisers only (401 without a session, 403 for anyone else), checked on the server before anything is read. */
const scopesOf = async (request: HttpRequest) => organiserScopes(theDirectory(), await sessionOf(request.headers));

export const handler = httpHandler({
  'GET /v1/audit': async (request) => {
    const scopes = await scopesOf(request);
    const query = parseInput(auditTrailQuery, request.query);
    return { body: await readSubjectTrail(auditLog(), scopes, query) };
  },

  'GET /v1/audit/recent': async (request) => {
    const scopes = await scopesOf(request);
    const { limit } = parseInput(recentAuditQuery, request.query);
    return { body: await readRecentAudit(auditLog(), scopes, limit) };
  },
});
