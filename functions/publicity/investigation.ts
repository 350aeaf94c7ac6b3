import { randomInt } from 'node:crypto';
import { QueryCommand, UpdateCommand } from '../storage/document-client';
import { getRuleset } from '@config/rulesets';
import { reportStatusLabels, type FindingRequest, type ReportDetailResponse, type ReportSummaryView } from '@shared/api/publicity';
import { isInSubtree, type Role } from '@shared/domain/org';
import { rootIdOf } from '@shared/domain/org-tree';
import { DomainError } from '@shared/errors';
import { citationText } from '@shared/rules/citation';
import type { Session } from '../auth/session-token';
import { ChangeRefused, commitWithNotices, type TransactItem } from '../notify/outbox';
import type { NoticeDraft } from '../notify/notice';
import { dynamoRoleBook } from '../orgs/dynamo-org-store';
import { requireScope, scopesOf, type Actor } from '../scope/scope';
import { getPublicity, orgOf, type PublicityDeps } from './publicities';
import { publicityKeys, type ReportRecord } from './publicity-items';
import { reporterNotice } from './reporter-notices';
import { getReport, threadOf } from './reports';

/** Who works on reports: the investigators (核查人) of the publishing federation or above; organisers may read. */
const investigators: readonly Role[] = ['investigator'];
const readers: readonly Role[] = ['investigator', 'organiser'];

async function inScope(deps: PublicityDeps, session: Session, report: ReportRecord, roles: readonly Role[]): Promise<Actor> {
  const org = await orgOf(deps, report.scopePath.split('/').filter(Boolean).pop() ?? '');
  return requireScope(deps.directory, session, roles, org).catch(() => {
    throw new DomainError('REPORT.FORBIDDEN');
  });
}

async function reportFor(deps: PublicityDeps, session: Session, reportId: string, roles: readonly Role[]): Promise<{ report: ReportRecord; actor: Actor }> {
  const report = await getReport(deps, reportId);
  if (!report) throw new DomainError('REPORT.NOT_FOUND');
  return { report, actor: await inScope(deps, session, report, roles) };
}

function summaryOf(r: ReportRecord): ReportSummaryView {
  return {
    reportId: r.reportId,
    publicityId: r.publicityId,
    publicityHeading: r.publicityHeading,
    entryId: r.entryId,
    nomineeName: r.nomineeName,
    kind: r.kind,
    status: r.status,
    categoryLabel: r.categoryLabel,
    filedAt: r.filedAt,
    assignedTo: r.assignedTo,
    hasContact: r.contactSealed !== undefined,
  };
}

export async function listReports(deps: PublicityDeps, session: Session): Promise<{ reports: ReportSummaryView[] }> {
  const scopes = await scopesOf(deps.directory, session, readers);
  if (scopes.length === 0) throw new DomainError('REPORT.FORBIDDEN');
  const found = new Map<string, ReportRecord>();
  for (const scope of scopes) {
    const out = await deps.db.send(
      new QueryCommand({
        TableName: deps.table,
        IndexName: 'bySubtree',
        KeyConditionExpression: 'gsi3pk = :p AND begins_with(gsi3sk, :path)',
        ExpressionAttributeValues: { ':p': publicityKeys.reportScope(rootIdOf(scope.org.path)), ':path': scope.org.path },
        ScanIndexForward: false,
        Limit: 200,
      }),
    );
    for (const item of out.Items ?? []) {
      const r = item as unknown as ReportRecord;
      if (isInSubtree(r.scopePath, scope.org.path)) found.set(r.reportId, r);
    }
  }
  return { reports: [...found.values()].sort((a, b) => b.filedAt.localeCompare(a.filedAt)).map(summaryOf) };
}

export async function reportDetail(deps: PublicityDeps, session: Session, reportId: string): Promise<ReportDetailResponse> {
  const { report } = await reportFor(deps, session, reportId, readers);
  return detailOf(deps, report);
}

async function detailOf(deps: PublicityDeps, report: ReportRecord): Promise<ReportDetailResponse> {
  const evidence = await deps.db.send(
    new QueryCommand({
      TableName: deps.table,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :e)',
      ExpressionAttributeValues: { ':pk': publicityKeys.report(report.reportId).pk, ':e': 'EVIDENCE#report#' },
    }),
  );
  return {
    ...summaryOf(report),
    description: report.description,
    evidence: (evidence.Items ?? []).map((i) => String(i.image)),
    messages: await threadOf(deps, report.reportId),
    finding: report.finding ? { outcome: report.finding.outcome, reason: report.finding.reason, article: report.finding.article, disqualified: report.finding.disqualified, at: report.finding.at } : null,
  };
}

/**
 * An investigator takes the report on. Conditional on the report as read (no finding, same status and assignee):
 * a finding recorded meanwhile is never reverted to 核查中, and of two investigators taking it at once one wins and
 * the other is told (issue 14).
 */
export async function assignReport(deps: PublicityDeps, session: Session, reportId: string): Promise<ReportDetailResponse> {
  const { report, actor } = await reportFor(deps, session, reportId, investigators);
  if (report.finding) throw new DomainError('REPORT.ALREADY_DECIDED', { message: assignedAfterFinding });
  const status = report.status === 'received' ? 'investigating' : report.status;
  const at = deps.now().toISOString();
  try {
    await commitWithNotices(
      deps.db,
      deps.table,
      {
        writes: [
          {
            Update: {
              TableName: deps.table,
              Key: publicityKeys.report(reportId),
              UpdateExpression: 'SET assignedTo = :me, #s = :st',
              ConditionExpression: '(attribute_not_exists(finding) OR finding = :null) AND #s = :was AND (attribute_not_exists(assignedTo) OR assignedTo = :assignee)',
              ExpressionAttributeNames: { '#s': 'status' },
              ExpressionAttributeValues: { ':me': actor.memberId, ':st': status, ':null': null, ':was': report.status, ':assignee': report.assignedTo },
            },
          },
        ],
        // Each assignment is its own event: a reassignment notifies (and audits) again instead of colliding (issue 15).
        notices: watcherNotices(deps, report, reportStatusLabels[status], `assigned#${actor.memberId}#${at}`),
        audit: [{ subjectType: 'report', subjectId: reportId, scopePath: report.scopePath, action: 'report.assigned', actor: { memberId: actor.memberId, role: actor.role } }],
      },
      deps.now(),
    );
  } catch (error) {
    if (!(error instanceof ChangeRefused)) throw error;
    if ((await getReport(deps, reportId))?.finding) throw new DomainError('REPORT.ALREADY_DECIDED', { message: assignedAfterFinding, cause: error });
    throw new DomainError('REPORT.CHANGED_MEANWHILE', { cause: error });
  }
  return detailOf(deps, { ...report, assignedTo: actor.memberId, status });
}

const assignedAfterFinding = '该举报已有核查结论，不能再分派核查';

/**
 * The message, its notice and its audit event in ONE transaction: each message is its own event (issue 15: a second
 * message on a watched report used to collide on the notice's id, answer 500 and leave the stored message unaudited).
 */
export async function messageReporter(deps: PublicityDeps, session: Session, reportId: string, text: string): Promise<ReportDetailResponse> {
  const { report, actor } = await reportFor(deps, session, reportId, investigators);
  const at = deps.now().toISOString();
  const msgKey = publicityKeys.message(reportId, at, String(randomInt(1_000_000)).padStart(6, '0'));
  await commitWithNotices(
    deps.db,
    deps.table,
    {
      writes: [{ Put: { TableName: deps.table, Item: { ...msgKey, entity: 'reportMessage', from: 'investigator', text, evidenceCount: 0, at }, ConditionExpression: 'attribute_not_exists(pk)' } }],
      notices: watcherNotices(deps, report, '核查人员给您留言', `message#${msgKey.sk}`),
      audit: [{ subjectType: 'report', subjectId: reportId, scopePath: report.scopePath, action: 'report.messaged', actor: { memberId: actor.memberId, role: actor.role } }],
    },
    deps.now(),
  );
  return detailOf(deps, report);
}

/**
 * A finding: substantiated / partly / unsubstantiated, with the reason and the article. A substantiated report of
 * forged material or improper procedure disqualifies the nominee: the entry is cancelled, its quota place is not
 * refilled, and the nominee is barred from re-applying (N 第十九条, BJ 第十五条, GX 七（六）). The nominee's chair
 * hears the outcome — never who reported.
 */
export async function recordFinding(deps: PublicityDeps, session: Session, reportId: string, finding: FindingRequest): Promise<ReportDetailResponse> {
  const { report, actor } = await reportFor(deps, session, reportId, investigators);
  if (report.finding) throw new DomainError('REPORT.ALREADY_DECIDED');
  const found = await getPublicity(deps, report.publicityId);
  const entry = found?.entries.find((e) => e.entryId === report.entryId);
  if (!found || !entry) throw new DomainError('PUBLICITY.ENTRY_NOT_FOUND');
  const ruleset = getRuleset(found.record.rulesetId);
  const disqualify = finding.outcome === 'substantiated' && report.disqualifying;
  const at = deps.now().toISOString();
  const stored = { ...finding, disqualified: disqualify, at, by: actor.memberId };
  const writes: TransactItem[] = [
    {
      Update: {
        TableName: deps.table,
        Key: publicityKeys.report(reportId),
        UpdateExpression: 'SET finding = :f, #s = :st',
        ConditionExpression: 'attribute_not_exists(finding) OR finding = :null',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':f': stored, ':st': finding.outcome, ':null': null },
      },
    },
  ];
  // The entry: a disqualification cancels it; an objection found untrue no longer holds it.
  const objection = report.kind === 'objection';
  if (disqualify) {
    writes.push({ Update: { TableName: deps.table, Key: publicityKeys.entry(report.publicityId, report.entryId), UpdateExpression: 'SET #s = :d', ExpressionAttributeNames: { '#s': 'status' }, ExpressionAttributeValues: { ':d': 'disqualified' } } });
    writes.push({
      Put: {
        TableName: deps.table,
        Item: {
          ...publicityKeys.disqualified(entry.nomineeRef, found.record.year, entry.title),
          entity: 'disqualification',
          nomineeRef: entry.nomineeRef,
          year: found.record.year,
          title: entry.title,
          reason: report.categoryLabel,
          citation: ruleset?.disqualification ? citationText(ruleset.disqualification.citation) : finding.article,
          reportId,
          at,
        },
      },
    });
  } else if (objection && finding.outcome === 'unsubstantiated') {
    writes.push({
      Update: {
        TableName: deps.table,
        Key: publicityKeys.entry(report.publicityId, report.entryId),
        UpdateExpression: 'ADD openReports :minus',
        ExpressionAttributeValues: { ':minus': -1 },
      },
    });
  } else if (objection) {
    // Found true without disqualifying: the objection keeps holding the nominee, and is marked as upheld so that
    // the nominee cannot be listed again elsewhere to get around it (issue 14).
    writes.push({
      Update: {
        TableName: deps.table,
        Key: publicityKeys.entry(report.publicityId, report.entryId),
        UpdateExpression: 'ADD upheldReports :one',
        ExpressionAttributeValues: { ':one': 1 },
      },
    });
  }
  const outcomeText = reportStatusLabels[finding.outcome];
  const notices: NoticeDraft[] = [...(await chairNotices(deps, report, entry.nomineeRef, outcomeText, disqualify)), ...watcherNotices(deps, report, outcomeText)];
  try {
    await commitWithNotices(
      deps.db,
      deps.table,
      {
        writes,
        notices,
        audit: [
          {
            subjectType: 'report',
            subjectId: reportId,
            scopePath: report.scopePath,
            action: 'report.finding',
            actor: { memberId: actor.memberId, role: actor.role },
            reason: finding.reason,
            citation: { doc: ruleset?.citationDoc ?? '', article: finding.article },
            data: { outcome: finding.outcome, disqualified: disqualify, entryId: report.entryId, evidenceNote: finding.evidenceNote ?? null },
          },
          ...(disqualify
            ? [
                {
                  subjectType: 'publicity',
                  subjectId: report.publicityId,
                  scopePath: found.record.orgPath,
                  action: 'application.disqualified' as const,
                  actor: { memberId: actor.memberId, role: actor.role },
                  reason: `${entry.nomineeName}：${report.categoryLabel}，经核查属实`,
                  ...(ruleset?.disqualification ? { citation: ruleset.disqualification.citation } : {}),
                  data: { nomineeRef: entry.nomineeRef, title: entry.title, noSubstitute: ruleset?.disqualification?.noSubstitute ?? false, noReapplication: ruleset?.disqualification?.noReapplication ?? false },
                },
              ]
            : []),
        ],
      },
      deps.now(),
    );
  } catch (error) {
    if (error instanceof ChangeRefused) throw new DomainError('REPORT.ALREADY_DECIDED');
    throw error;
  }
  // A held entry whose last objection was found untrue moves on once the window has closed.
  if (!disqualify && objection && finding.outcome === 'unsubstantiated' && found.record.closed) {
    await deps.db
      .send(
        new UpdateCommand({
          TableName: deps.table,
          Key: publicityKeys.entry(report.publicityId, report.entryId),
          UpdateExpression: 'SET #s = :cleared',
          ConditionExpression: '#s = :held AND openReports = :zero',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: { ':cleared': 'cleared', ':held': 'held', ':zero': 0 },
        }),
      )
      .catch((error: unknown) => {
        if (!(error instanceof Error && error.name === 'ConditionalCheckFailedException')) throw error;
      });
  }
  return detailOf(deps, { ...report, finding: stored, status: finding.outcome });
}

/** The chair (and vice-chair) of the nominee's union: told the outcome, never the reporter. */
async function chairNotices(deps: PublicityDeps, report: ReportRecord, nomineeRef: string, outcome: string, disqualified: boolean): Promise<NoticeDraft[]> {
  const member = await deps.directory.getMember(nomineeRef);
  const unionId = member?.orgId ?? nomineeRef;
  const holders = (await dynamoRoleBook(deps.db, deps.table).holdersOf(unionId)).filter((h) => h.role === 'chair' || h.role === 'viceChair');
  return holders.map((h) => ({
    eventId: `report#${report.reportId}#outcome`,
    recipientId: h.memberId,
    templateKey: 'report.outcome',
    params: { heading: report.publicityHeading, nominee: report.nomineeName, outcome, consequence: disqualified ? '已取消其评选资格，不得递补或再次申报。' : '' },
  }));
}

/**
 * A reporter who filed logged in and asked for notices: a generic notice, no nominee named, addressed to the report's
 * envelope and never to a member (functions/publicity/reporter-notices.ts opens it later, at a random time).
 */
function watcherNotices(_deps: PublicityDeps, report: ReportRecord, status: string, _occurrence = ''): NoticeDraft[] {
  return report.watcherSealed ? [reporterNotice(report.reportId, status)] : [];
}
