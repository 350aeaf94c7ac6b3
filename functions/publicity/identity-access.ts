import { randomBytes } from 'node:crypto';
import { GetCommand, QueryCommand } from '../storage/document-client';
import {
  identityRequestStatusLabels,
  type CreateIdentityRequest,
  type IdentityDecisionRequest,
  type IdentityRequestStatus,
  type IdentityRequestView,
  type OpenedIdentityResponse,
} from '@shared/api/identity-access';
import { isInSubtree, type Role } from '@shared/domain/org';
import { idsOnPath, rootIdOf } from '@shared/domain/org-tree';
import { DomainError, type ErrorCode } from '@shared/errors';
import type { Session } from '../auth/session-token';
import { requireOrg } from '../directory/directory';
import type { NoticeDraft } from '../notify/notice';
import { ChangeRefused, commitWithNotices } from '../notify/outbox';
import { dynamoRoleBook } from '../orgs/dynamo-org-store';
import { requireScope, scopesOf, type Actor } from '../scope/scope';
import type { PublicityDeps } from './publicities';
import { publicityKeys, type ReportRecord } from './publicity-items';
import { openReporterIdentity } from './reporter-envelope';
import { getReport } from './reports';

/**
 * Four-eyes access to a reporter's identity (DESIGN.md invariant 7, issue 15; GlobaLeaks' identity-access requests):
 * an investigator in scope of the report asks with a reason; a custodian (身份保管人) in scope who is not the
 * requester approves or refuses with a reason; only then may the requester open the envelope, and only once — the
 * approval is spent by the conditional update that opens it, so the identity is never shown twice or to anyone else.
 * Each step is one transaction with its audit event (request id and reason).
 */
export type IdentityAccessDeps = Pick<PublicityDeps, 'db' | 'table' | 'directory' | 'keys' | 'now'>;

interface IdentityRequestRecord {
  requestId: string;
  reportId: string;
  scopePath: string;
  publicityHeading: string;
  nomineeName: string;
  categoryLabel: string;
  requesterId: string;
  requesterName: string;
  reason: string;
  status: IdentityRequestStatus;
  requestedAt: string;
  decidedBy: string | null;
  decisionReason: string | null;
  decidedAt: string | null;
  openedAt: string | null;
}

export const identityKeys = {
  request: (requestId: string) => ({ pk: `IDREQ#${requestId}`, sk: 'REQUEST' }),
  /** One pending request per investigator and report: a second one waits for the first to be decided. */
  pending: (reportId: string, requesterId: string) => ({ pk: `REPORT#${reportId}`, sk: `IDREQPENDING#${requesterId}` }),
  /** bySubtree: requests under a federation tree, by the report's scope path (custodians' and investigators' scope). */
  scope: (rootId: string) => `IDREQSCOPE#${rootId}`,
};

const investigatorRoles: readonly Role[] = ['investigator'];
const custodianRoles: readonly Role[] = ['custodian'];

async function scopeOrgOf(deps: IdentityAccessDeps, scopePath: string) {
  return requireOrg(deps.directory, idsOnPath(scopePath).pop() ?? '');
}

async function actorIn(deps: IdentityAccessDeps, session: Session, scopePath: string, roles: readonly Role[], refusal: ErrorCode): Promise<Actor> {
  const org = await scopeOrgOf(deps, scopePath);
  return requireScope(deps.directory, session, roles, org).catch((error: unknown) => {
    throw new DomainError(refusal, { cause: error });
  });
}

async function existingReport(deps: IdentityAccessDeps, reportId: string): Promise<ReportRecord> {
  const report = await getReport(deps, reportId);
  if (!report) throw new DomainError('REPORT.NOT_FOUND', { message: '未找到该举报' });
  return report;
}

async function getRequest(deps: IdentityAccessDeps, requestId: string): Promise<IdentityRequestRecord> {
  const out = await deps.db.send(new GetCommand({ TableName: deps.table, Key: identityKeys.request(requestId), ConsistentRead: true }));
  if (out.Item?.entity !== 'identityRequest') throw new DomainError('IDENTITY.NOT_FOUND');
  return out.Item as unknown as IdentityRequestRecord;
}

function viewOf(r: IdentityRequestRecord, callerId: string | null, custodianInScope: boolean): IdentityRequestView {
  return {
    requestId: r.requestId,
    reportId: r.reportId,
    publicityHeading: r.publicityHeading,
    nomineeName: r.nomineeName,
    categoryLabel: r.categoryLabel,
    requesterId: r.requesterId,
    requesterName: r.requesterName,
    reason: r.reason,
    status: r.status,
    statusLabel: identityRequestStatusLabels[r.status],
    requestedAt: r.requestedAt,
    decidedBy: r.decidedBy,
    decisionReason: r.decisionReason,
    decidedAt: r.decidedAt,
    openedAt: r.openedAt,
    mayOpen: r.status === 'approved' && r.requesterId === callerId,
    mayDecide: r.status === 'pending' && custodianInScope && r.requesterId !== callerId,
  };
}

const auditActor = (actor: Actor) => ({ memberId: actor.memberId, role: actor.role });

/** POST /v1/reports/{reportId}/identity-requests: an investigator in scope asks, with a reason (≥ 10 characters). */
export async function requestIdentity(deps: IdentityAccessDeps, session: Session, reportId: string, input: CreateIdentityRequest): Promise<IdentityRequestView> {
  const report = await existingReport(deps, reportId);
  const actor = await actorIn(deps, session, report.scopePath, investigatorRoles, 'IDENTITY.FORBIDDEN');
  const requestedAt = deps.now().toISOString();
  const requestId = `idr-${randomBytes(10).toString('hex')}`;
  const requesterName = (await deps.directory.getMember(actor.memberId))?.name ?? actor.memberId;
  const record: IdentityRequestRecord = {
    requestId,
    reportId,
    scopePath: report.scopePath,
    publicityHeading: report.publicityHeading,
    nomineeName: report.nomineeName,
    categoryLabel: report.categoryLabel,
    requesterId: actor.memberId,
    requesterName,
    reason: input.reason,
    status: 'pending',
    requestedAt,
    decidedBy: null,
    decisionReason: null,
    decidedAt: null,
    openedAt: null,
  };
  try {
    await commitWithNotices(
      deps.db,
      deps.table,
      {
        writes: [
          { Put: { TableName: deps.table, Item: { ...identityKeys.pending(reportId, actor.memberId), entity: 'identityRequestPending', requestId }, ConditionExpression: 'attribute_not_exists(pk)' } },
          {
            Put: {
              TableName: deps.table,
              Item: { ...identityKeys.request(requestId), entity: 'identityRequest', ...record, gsi3pk: identityKeys.scope(rootIdOf(report.scopePath)), gsi3sk: `${report.scopePath}#${requestedAt}#${requestId}` },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
        ],
        notices: await custodianNotices(deps, record),
        audit: [{ subjectType: 'report', subjectId: reportId, scopePath: report.scopePath, action: 'identity.requested', actor: auditActor(actor), reason: input.reason, data: { requestId } }],
      },
      deps.now(),
    );
  } catch (error) {
    if (error instanceof ChangeRefused) throw new DomainError('IDENTITY.ALREADY_PENDING', { cause: error });
    throw error;
  }
  return viewOf(record, actor.memberId, false);
}

/** The custodians on the report's org and the federations above it, told that a request waits (never the requester). */
async function custodianNotices(deps: IdentityAccessDeps, r: IdentityRequestRecord): Promise<NoticeDraft[]> {
  const book = dynamoRoleBook(deps.db, deps.table);
  const holders = (await Promise.all(idsOnPath(r.scopePath).map((orgId) => book.holdersOf(orgId)))).flat();
  const custodians = new Set(holders.filter((h) => h.role === 'custodian' && h.memberId !== r.requesterId).map((h) => h.memberId));
  return [...custodians].map((memberId) => ({ eventId: `idreq#${r.requestId}#requested`, recipientId: memberId, templateKey: 'identity.requested', params: { requester: r.requesterName, nominee: r.nomineeName } }));
}

/** POST /v1/identity-requests/{requestId}/decision: a custodian in scope, never the requester, decides once. */
export async function decideIdentityRequest(deps: IdentityAccessDeps, session: Session, requestId: string, input: IdentityDecisionRequest): Promise<IdentityRequestView> {
  const request = await getRequest(deps, requestId);
  const actor = await actorIn(deps, session, request.scopePath, custodianRoles, 'IDENTITY.CUSTODIAN_ONLY');
  if (actor.memberId === request.requesterId) throw new DomainError('IDENTITY.SELF_APPROVAL');
  if (request.status !== 'pending') throw new DomainError('IDENTITY.ALREADY_DECIDED');
  const status: IdentityRequestStatus = input.decision === 'approve' ? 'approved' : 'refused';
  const decidedAt = deps.now().toISOString();
  try {
    await commitWithNotices(
      deps.db,
      deps.table,
      {
        writes: [
          {
            Update: {
              TableName: deps.table,
              Key: identityKeys.request(requestId),
              UpdateExpression: 'SET #s = :st, decidedBy = :me, decisionReason = :r, decidedAt = :at',
              ConditionExpression: '#s = :pending AND requesterId <> :me',
              ExpressionAttributeNames: { '#s': 'status' },
              ExpressionAttributeValues: { ':st': status, ':me': actor.memberId, ':r': input.reason, ':at': decidedAt, ':pending': 'pending' },
            },
          },
          { Delete: { TableName: deps.table, Key: identityKeys.pending(request.reportId, request.requesterId) } },
        ],
        notices: [
          {
            eventId: `idreq#${requestId}#decided`,
            recipientId: request.requesterId,
            templateKey: 'identity.decided',
            params: { nominee: request.nomineeName, decision: status === 'approved' ? '已获批准，可查看一次' : '未获批准', reportId: request.reportId },
          },
        ],
        audit: [
          {
            subjectType: 'report',
            subjectId: request.reportId,
            scopePath: request.scopePath,
            action: status === 'approved' ? 'identity.approved' : 'identity.refused',
            actor: auditActor(actor),
            reason: input.reason,
            data: { requestId, requesterId: request.requesterId, requestReason: request.reason },
          },
        ],
      },
      deps.now(),
    );
  } catch (error) {
    if (error instanceof ChangeRefused) throw new DomainError('IDENTITY.ALREADY_DECIDED', { cause: error });
    throw error;
  }
  return viewOf({ ...request, status, decidedBy: actor.memberId, decisionReason: input.reason, decidedAt }, actor.memberId, true);
}

/**
 * POST /v1/identity-requests/{requestId}/open: the requester, still an investigator in scope, opens the envelope of
 * an approved request — once. The approval is spent (approved → opened), the audit event written and the report
 * marked as disclosed (the reporter sees it by receipt) in one transaction BEFORE anything is decrypted; a second
 * call, or a concurrent one, finds the request opened and gets nothing.
 */
export async function openIdentity(deps: IdentityAccessDeps, session: Session, requestId: string): Promise<OpenedIdentityResponse> {
  const request = await getRequest(deps, requestId);
  if (session.memberId !== request.requesterId) throw new DomainError('IDENTITY.REQUESTER_ONLY');
  const actor = await actorIn(deps, session, request.scopePath, investigatorRoles, 'IDENTITY.FORBIDDEN');
  if (request.status === 'opened') throw new DomainError('IDENTITY.ALREADY_OPENED');
  if (request.status !== 'approved') throw new DomainError('IDENTITY.NOT_APPROVED');
  const report = await existingReport(deps, request.reportId);
  const openedAt = deps.now().toISOString();
  try {
    await commitWithNotices(
      deps.db,
      deps.table,
      {
        writes: [
          {
            Update: {
              TableName: deps.table,
              Key: identityKeys.request(requestId),
              UpdateExpression: 'SET #s = :opened, openedAt = :at',
              ConditionExpression: '#s = :approved AND requesterId = :me',
              ExpressionAttributeNames: { '#s': 'status' },
              ExpressionAttributeValues: { ':opened': 'opened', ':approved': 'approved', ':at': openedAt, ':me': actor.memberId },
            },
          },
          {
            Update: {
              TableName: deps.table,
              Key: publicityKeys.report(report.reportId),
              UpdateExpression: 'SET identityDisclosures = list_append(if_not_exists(identityDisclosures, :none), :at)',
              ConditionExpression: 'attribute_exists(pk)',
              ExpressionAttributeValues: { ':none': [], ':at': [openedAt] },
            },
          },
        ],
        audit: [{ subjectType: 'report', subjectId: report.reportId, scopePath: report.scopePath, action: 'identity.opened', actor: auditActor(actor), reason: request.reason, data: { requestId, approvedBy: request.decidedBy } }],
      },
      deps.now(),
    );
  } catch (error) {
    if (error instanceof ChangeRefused) throw new DomainError('IDENTITY.ALREADY_OPENED', { cause: error });
    throw error;
  }
  const identity = await openReporterIdentity(deps.keys, report);
  if (!identity) return { requestId, contact: null, reporterAccount: null, message: '举报人未留联系方式，且未登录提交（完全匿名）；本次查看已记入审计记录' };
  return { requestId, ...identity, message: '身份信息仅显示这一次，请妥善记录；本次查看已记入审计记录，举报人可凭回执码看到其身份已被披露' };
}

/** GET /v1/reports/{reportId}/identity-requests: the requests on one report, for its investigators and custodians. */
export async function requestsOfReport(deps: IdentityAccessDeps, session: Session, reportId: string): Promise<{ requests: IdentityRequestView[] }> {
  const report = await existingReport(deps, reportId);
  const org = await scopeOrgOf(deps, report.scopePath);
  const scopes = (await scopesOf(deps.directory, session, [...investigatorRoles, ...custodianRoles])).filter((s) => isInSubtree(org.path, s.org.path));
  if (scopes.length === 0) throw new DomainError('IDENTITY.FORBIDDEN');
  const custodian = scopes.some((s) => s.role === 'custodian');
  const found = await requestsUnder(deps, report.scopePath);
  return { requests: found.filter((r) => r.reportId === reportId).map((r) => viewOf(r, session.memberId, custodian)) };
}

/** GET /v1/identity-requests: a custodian's requests in scope (pending first); an investigator's own requests. */
export async function listIdentityRequests(deps: IdentityAccessDeps, session: Session): Promise<{ requests: IdentityRequestView[] }> {
  const scopes = await scopesOf(deps.directory, session, [...investigatorRoles, ...custodianRoles]);
  if (scopes.length === 0) throw new DomainError('IDENTITY.CUSTODIAN_ONLY');
  const found = new Map<string, IdentityRequestView>();
  for (const scope of scopes) {
    const custodian = scope.role === 'custodian';
    for (const r of await requestsUnder(deps, scope.org.path)) {
      if (!custodian && r.requesterId !== session.memberId) continue;
      if (custodian || !found.has(r.requestId)) found.set(r.requestId, viewOf(r, session.memberId, custodian));
    }
  }
  const order = (v: IdentityRequestView) => (v.mayDecide ? 0 : v.status === 'pending' ? 1 : 2);
  return { requests: [...found.values()].sort((a, b) => order(a) - order(b) || b.requestedAt.localeCompare(a.requestedAt)) };
}

async function requestsUnder(deps: IdentityAccessDeps, path: string): Promise<IdentityRequestRecord[]> {
  const out = await deps.db.send(
    new QueryCommand({
      TableName: deps.table,
      IndexName: 'bySubtree',
      KeyConditionExpression: 'gsi3pk = :p AND begins_with(gsi3sk, :path)',
      ExpressionAttributeValues: { ':p': identityKeys.scope(rootIdOf(path)), ':path': path },
      ScanIndexForward: false,
      Limit: 200,
    }),
  );
  return (out.Items ?? []).map((i) => i as unknown as IdentityRequestRecord).filter((r) => isInSubtree(r.scopePath, path));
}
