import { GetCommand, QueryCommand } from '../storage/document-client';
import type { RecoveryTask, recordRecoveryRequest, recoveryTaskQuery } from '@shared/api/recovery';
import { formatShanghaiDate } from '@shared/calendar/shanghai-date';
import { isInSubtree } from '@shared/domain/org';
import { rootIdOf } from '@shared/domain/org-tree';
import { DomainError, fieldError } from '@shared/errors';
import type * as z from 'zod';
import type { Session } from '../auth/session-token';
import { campaignKeys } from '../campaign/campaign-items';
import type { NoticeDraft } from '../notify/notice';
import { ChangeRefused, commitWithNotices } from '../notify/outbox';
import { closeWorkItem } from '../notify/work-items';
import { requireScopeOn, scopesOf, type Actor } from '../scope/scope';
import type { HonourEventRecord } from './register-items';
import { auditCitationOf, recoverersOf, reasonLabel, recoveringRoles, recoveryKeys, recoveryTaskView, type RecoveryDeps, type RecoveryReason } from './recovery-tasks';

type RecordInput = z.output<typeof recordRecoveryRequest>;
type ListQuery = z.output<typeof recoveryTaskQuery>;

const dayOf = (at: string): string => (/^\d{4}-\d{2}-\d{2}$/.test(at) ? at : formatShanghaiDate(new Date(at)));

/** 上一级工会 recovers (第二十七条): only the officers of the task's body (organisers, reviewers) record it; those above it read and are told. */
const recordsFor = (actors: readonly Actor[], task: Record<string, unknown>) => actors.find((a) => a.org.orgId === task.bodyOrgId);

/**
 * The task a request names, once the caller is an organiser or reviewer of its body or above. A task that does not exist is
 * refused exactly like one out of reach (scope before existence: nobody learns which honours are being recovered).
 */
async function taskInScope(deps: RecoveryDeps, session: Session, taskId: string): Promise<{ task: Record<string, unknown>; actors: Actor[] }> {
  const actors = await scopesOf(deps.directory, session, recoveringRoles);
  if (actors.length === 0) throw new DomainError('SCOPE.FORBIDDEN');
  const task = (await deps.db.send(new GetCommand({ TableName: deps.table, Key: recoveryKeys.task(taskId), ConsistentRead: true }))).Item as Record<string, unknown> | undefined;
  if (task?.entity !== 'recoveryTask' || !actors.some((a) => isInSubtree(String(task.bodyPath), a.org.path))) throw new DomainError('SCOPE.FORBIDDEN');
  return { task, actors };
}

/** GET /v1/orgs/{orgId}/recovery-tasks: the tasks of the org's body and every body below it, newest first. */
export async function recoveryTasksOf(deps: RecoveryDeps, session: Session, orgId: string, query: ListQuery): Promise<RecoveryTask[]> {
  const { org } = await requireScopeOn(deps.directory, session, recoveringRoles, orgId);
  const actors = await scopesOf(deps.directory, session, recoveringRoles);
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const out = await deps.db.send(
      new QueryCommand({
        TableName: deps.table,
        IndexName: 'bySubtree',
        KeyConditionExpression: 'gsi3pk = :p AND begins_with(gsi3sk, :below)',
        ExpressionAttributeValues: { ':p': recoveryKeys.partition(rootIdOf(org.path)), ':below': recoveryKeys.below(org.path) },
        ExclusiveStartKey: start,
      }),
    );
    items.push(...((out.Items ?? []) as Record<string, unknown>[]).filter((i) => i.entity === 'recoveryTask' && (query.status === undefined || i.status === query.status)));
    start = out.LastEvaluatedKey as Record<string, unknown> | undefined;
  } while (start);
  return items.sort((a, b) => String(b.openedAt).localeCompare(String(a.openedAt))).map((t) => recoveryTaskView(t, recordsFor(actors, t) !== undefined));
}

/** GET /v1/recovery-tasks/{taskId} */
export async function recoveryTask(deps: RecoveryDeps, session: Session, taskId: string): Promise<RecoveryTask> {
  const { task, actors } = await taskInScope(deps, session, taskId);
  return recoveryTaskView(task, recordsFor(actors, task) !== undefined);
}

/**
 * POST /v1/recovery-tasks/{taskId}/recovery: the body records what it recovered (certificate, plaque or both), when
 * (not in the future, not before the award) and by whom. One transaction, conditional on the version the page read:
 * the task is done, the honour reads 证书已收回 with a history event, the work item closes, the audit event is
 * appended and the officers of the level above the body are told (「并逐级上报」). Of two recordings at once, one wins.
 */
export async function recordRecovery(deps: RecoveryDeps, session: Session, taskId: string, input: RecordInput): Promise<RecoveryTask> {
  const { task, actors } = await taskInScope(deps, session, taskId);
  const actor = recordsFor(actors, task);
  if (!actor) throw new DomainError('SCOPE.FORBIDDEN');
  const certificateNo = String(task.certificateNo);
  const honour = (await deps.db.send(new GetCommand({ TableName: deps.table, Key: campaignKeys.honour(certificateNo) }))).Item as Record<string, unknown> | undefined;
  if (!honour) throw new DomainError('SCOPE.FORBIDDEN');
  const now = deps.now();
  if (input.recoveredOn > formatShanghaiDate(now)) throw fieldError('recoveredOn', '收回日期（recoveredOn）不能晚于今天');
  const awardedOn = dayOf(String(honour.awardedAt));
  if (input.recoveredOn < awardedOn) throw fieldError('recoveredOn', `收回日期（recoveredOn）不能早于授予日期 ${awardedOn}`);
  if (task.status !== 'open' || Number(task.version) !== input.version) throw new DomainError('RECOVERY.CHANGED_MEANWHILE');

  const reason = task.reason as RecoveryReason;
  const at = now.toISOString();
  const items = [input.certificate ? '证书' : '', input.plaque ? '奖牌' : ''].filter(Boolean).join('和');
  const recovery = {
    certificate: input.certificate,
    plaque: input.plaque,
    recoveredOn: input.recoveredOn,
    recoveredBy: input.recoveredBy,
    ...(input.note ? { note: input.note } : {}),
    recordedAt: at,
    recordedByMemberId: actor.memberId,
  };
  const event: HonourEventRecord = {
    kind: 'recovered',
    state: 'recovered',
    at,
    by: actor.memberId,
    note: `${String(task.bodyOrgName)}收回${items}（${reasonLabel(reason)}，${reason.citation}），收回日期 ${input.recoveredOn}，经办人 ${input.recoveredBy}${input.note ? `；${input.note}` : ''}`,
  };
  const above = (await deps.directory.getOrgs([String(task.bodyOrgId)])).get(String(task.bodyOrgId))?.parentId;
  const notices: NoticeDraft[] = above
    ? (await recoverersOf(deps, above)).slice(0, 20).map((recipientId) => ({
        eventId: `recovery#${certificateNo}#reported`,
        recipientId,
        templateKey: 'honour.recoveryReported',
        params: { body: String(task.bodyOrgName), holder: String(task.holderName).slice(0, 40), title: String(task.title), items, on: input.recoveredOn, reason: reasonLabel(reason), citation: reason.citation, taskId: certificateNo },
      }))
    : [];
  try {
    await commitWithNotices(
      deps.db,
      deps.table,
      {
        writes: [
          {
            Update: {
              TableName: deps.table,
              Key: recoveryKeys.task(certificateNo),
              UpdateExpression: 'SET #status = :done, version = version + :one, recovery = :r, doneAt = :at',
              ConditionExpression: '#status = :open AND version = :v',
              ExpressionAttributeNames: { '#status': 'status' },
              ExpressionAttributeValues: { ':done': 'done', ':open': 'open', ':one': 1, ':v': input.version, ':r': recovery, ':at': at },
            },
          },
          {
            // status 'recalled' (the register's 证书已收回); a revoked title keeps revokedAt and its article, so the public
            // check still reads 已撤销 with them (functions/campaign/certificate-records.ts).
            Update: {
              TableName: deps.table,
              Key: campaignKeys.honour(certificateNo),
              UpdateExpression: 'SET #status = :recalled, #state = :recovered, recoveredAt = :at, recovery = :rec, history = list_append(if_not_exists(history, :none), :event)',
              ConditionExpression: 'attribute_exists(pk)',
              ExpressionAttributeNames: { '#status': 'status', '#state': 'state' },
              ExpressionAttributeValues: {
                ':recalled': 'recalled',
                ':recovered': 'recovered',
                ':at': at,
                ':rec': { ...recovery, reason: reason.kind, citation: reason.citation, ...(reason.kind === 'unitClosed' ? { closure: reason.closure } : { caseId: reason.caseId }) },
                ':none': [],
                ':event': [event],
              },
            },
          },
          closeWorkItem(deps.table, String(task.workId), now),
        ],
        notices,
        audit: [
          {
            subjectType: 'honour',
            subjectId: certificateNo,
            scopePath: String(task.bodyPath),
            action: 'honour.recovered',
            actor: { memberId: actor.memberId, role: actor.role },
            citation: auditCitationOf(reason.citation),
            ...(input.note ? { reason: input.note } : {}),
            data: { certificate: input.certificate, plaque: input.plaque, recoveredOn: input.recoveredOn, recoveredBy: input.recoveredBy, bodyOrgId: String(task.bodyOrgId) },
          },
        ],
      },
      now,
    );
  } catch (error) {
    if (error instanceof ChangeRefused) throw new DomainError('RECOVERY.CHANGED_MEANWHILE', { cause: error });
    throw error;
  }
  return recoveryTask(deps, session, taskId);
}
