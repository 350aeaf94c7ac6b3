import { GetCommand, type DynamoDBDocumentClient } from '../storage/document-client';
import { recoveryTaskStatusLabels, unitClosureLabels, type RecoveryTask, type UnitClosure } from '@shared/api/recovery';
import { formatShanghaiDate } from '@shared/calendar/shanghai-date';
import type { Org, Role } from '@shared/domain/org';
import { idsOnPath, rootIdOf } from '@shared/domain/org-tree';
import { citationText } from '@shared/rules/citation';
import type { Ruleset } from '@shared/rules/ruleset-schema';
import { titleLabels, type TitleCode } from '@shared/rules/titles';
import type { Directory } from '../directory/directory';
import type { NoticeDraft } from '../notify/notice';
import type { TransactItem } from '../notify/outbox';
import { openWorkItem } from '../notify/work-items';
import { dynamoRoleBook } from '../orgs/dynamo-org-store';

export interface RecoveryDeps {
  db: DynamoDBDocumentClient;
  table: string;
  directory: Directory;
  now: () => Date;
}

export type RecoveryReason = { kind: 'revoked'; caseId: string; citation: string } | { kind: 'unitClosed'; closure: UnitClosure; citation: string };

/**
 * One recovery task per honour (a certificate and plaque are recovered once, whatever asked for it first):
 *   pk RECOVERY#<certificateNo>  sk TASK
 *   bySubtree gsi3pk RECOVERY#<root of the recovering body's tree>, gsi3sk <body path>/#<opened at>#<certificateNo>
 * so a federation's tasks — its own and those of every body below it — are one begins_with query, like the register.
 */
export const recoveryKeys = {
  task: (certificateNo: string) => ({ pk: `RECOVERY#${certificateNo}`, sk: 'TASK' }),
  partition: (rootId: string) => `RECOVERY#${rootId}`,
  sort: (bodyPath: string, openedAt: string, certificateNo: string) => `${bodyPath}/#${openedAt}#${certificateNo}`,
  below: (path: string) => `${path}/`,
};

/** The work item that reminds the body's officers while the task stays open (functions/notify/work-items.ts). */
export const recoveryWorkId = (certificateNo: string) => `recovery-${certificateNo}`;

/**
 * The article that has the 上一级工会 recover a closed unit's certificates: 第二十七条, 第二十五条, 八、（六）. Found in the
 * ruleset's revocation procedure by its words; undefined for a text that says nothing of it (秦皇岛, 焦作).
 */
export function closureArticle(ruleset: Ruleset | undefined): string | undefined {
  const step = ruleset?.revocation.procedure.find((p) => p.description.includes('破产') && p.description.includes('收回'));
  return step ? citationText(step.citation) : undefined;
}

/** Where the task goes: the grassroots union whose unit it concerns (the holder or the union above a 小家) and the level above it. */
export async function recoveryBodyOf(directory: Directory, holderPath: string): Promise<{ unit: Org; body: Org } | undefined> {
  const onPath = await directory.getOrgs(idsOnPath(holderPath));
  const chain = idsOnPath(holderPath).flatMap((id) => (onPath.has(id) ? [onPath.get(id) as Org] : []));
  const holder = chain[chain.length - 1];
  if (!holder) return undefined;
  const unit = [...chain].reverse().find((o) => o.level === 'grassroots') ?? holder;
  const body = chain.find((o) => o.orgId === unit.parentId) ?? unit;
  return { unit, body };
}

/**
 * Who acts for a federation in recovery: its organisers, and its reviewers — the staff who act for a district or an
 * industry union in a campaign too (they send its lists up); a district often has no organiser of its own.
 */
export const recoveringRoles: readonly Role[] = ['organiser', 'reviewer'];

/** The officers of an org who recover: who is asked to recover, reminded, and told of a report from below. */
export async function recoverersOf(deps: Pick<RecoveryDeps, 'db' | 'table'>, orgId: string): Promise<string[]> {
  return [...new Set((await dynamoRoleBook(deps.db, deps.table).holdersOf(orgId)).filter((h) => recoveringRoles.includes(h.role)).map((h) => h.memberId))];
}

const dayOf = (at: string): string => (/^\d{4}-\d{2}-\d{2}$/.test(at) ? at : formatShanghaiDate(new Date(at)));

/** 「总工办发〔2020〕15号 第二十七条」 as the audit trail's citation: the document, then the article. */
export function auditCitationOf(citation: string): { doc: string; article: string } {
  const at = citation.indexOf(' ');
  return at > 0 ? { doc: citation.slice(0, at), article: citation.slice(at + 1) } : { doc: citation, article: citation };
}

export function reasonLabel(reason: RecoveryReason): string {
  return reason.kind === 'revoked' ? '称号已撤销' : `所在单位${unitClosureLabels[reason.closure]}`;
}

/**
 * The writes and notices that open a recovery task for one honour, to be committed in the caller's own transaction
 * (the revocation's final one, or a unit's closure). It never writes the honour item itself (the caller's
 * transaction may be updating it). The task goes to the 上一级工会 of the union whose unit it concerns
 * (总工办发〔2020〕15号 第二十七条): its organisers and reviewers are notified and get a work item the clock reminds in working days.
 * An honour that already has a task (a closed unit's honour revoked later, or the other way round) gets nothing more;
 * should two openings race, the task's condition fails the second transaction and its retry then finds the task.
 */
export async function recoveryTaskOpening(
  deps: { db: DynamoDBDocumentClient; table: string; directory: Directory; now: () => Date },
  honour: Record<string, unknown>,
  reason: { kind: 'revoked'; caseId: string; citation: string } | { kind: 'unitClosed'; closure: 'bankrupt' | 'terminated' | 'dissolved'; citation: string },
): Promise<{ writes: TransactItem[]; notices: NoticeDraft[] }> {
  const certificateNo = String(honour.certificateNo);
  const existing = await deps.db.send(new GetCommand({ TableName: deps.table, Key: recoveryKeys.task(certificateNo), ConsistentRead: true }));
  if (existing.Item) return { writes: [], notices: [] };
  const holderPath = typeof honour.holderPath === 'string' ? honour.holderPath : (await deps.directory.getOrgs([String(honour.holderOrgId ?? honour.nomineeId ?? '')])).get(String(honour.holderOrgId ?? honour.nomineeId ?? ''))?.path;
  const placed = holderPath ? await recoveryBodyOf(deps.directory, holderPath) : undefined;
  if (!placed) throw new Error(`recovery of ${certificateNo}: its holder is not in the directory`);
  const { unit, body } = placed;
  const openedAt = deps.now().toISOString();
  const titleCode = honour.titleCode as TitleCode;
  const title = titleLabels[titleCode] ?? String(honour.title ?? '');
  const holderName = String(honour.nomineeName ?? honour.holderOrgName ?? '');
  const officers = await recoverersOf(deps, body.orgId);
  const workId = recoveryWorkId(certificateNo);
  const task = {
    ...recoveryKeys.task(certificateNo),
    entity: 'recoveryTask',
    taskId: certificateNo,
    certificateNo,
    titleCode,
    title,
    holderName,
    holderKind: honour.holderKind === 'person' ? 'person' : 'org',
    holderOrgId: String(honour.holderOrgId ?? unit.orgId),
    holderOrgName: String(honour.holderOrgName ?? unit.name),
    holderPath,
    unitOrgId: unit.orgId,
    unitOrgName: unit.name,
    bodyOrgId: body.orgId,
    bodyOrgName: body.name,
    bodyPath: body.path,
    rulesetId: String(honour.rulesetId ?? ''),
    awardedAt: String(honour.awardedAt ?? ''),
    reason,
    status: 'open',
    openedAt,
    version: 1,
    workId,
    gsi3pk: recoveryKeys.partition(rootIdOf(body.path)),
    gsi3sk: recoveryKeys.sort(body.path, openedAt, certificateNo),
  };
  const what = `${holderName}的「${title}」证书和奖牌收回（${reasonLabel(reason)}）`;
  const writes: TransactItem[] = [
    { Put: { TableName: deps.table, Item: task, ConditionExpression: 'attribute_not_exists(pk)' } },
    openWorkItem(deps.table, { workId, what, assigneeIds: officers, since: openedAt }),
  ];
  const notices: NoticeDraft[] = officers.slice(0, 20).map((recipientId) => ({
    eventId: `recovery#${certificateNo}#opened`,
    recipientId,
    templateKey: 'honour.recoveryOpened',
    params: { holder: holderName.slice(0, 40), title, reason: reasonLabel(reason), citation: reason.citation, taskId: certificateNo },
  }));
  return { writes, notices };
}

/** A stored task as the API shows it. */
export function recoveryTaskView(item: Record<string, unknown>, canRecord: boolean): RecoveryTask {
  const reason = item.reason as RecoveryReason;
  const status = item.status === 'done' ? 'done' : 'open';
  const recovery = item.recovery as RecoveryTask['recovery'] | undefined;
  return {
    taskId: String(item.taskId),
    certificateNo: String(item.certificateNo),
    title: String(item.title),
    titleCode: item.titleCode as TitleCode,
    holderName: String(item.holderName),
    holderKind: item.holderKind === 'person' ? 'person' : 'org',
    holderOrgName: String(item.holderOrgName ?? ''),
    unitOrgId: String(item.unitOrgId),
    unitOrgName: String(item.unitOrgName),
    bodyOrgId: String(item.bodyOrgId),
    bodyOrgName: String(item.bodyOrgName),
    awardedOn: item.awardedAt ? dayOf(String(item.awardedAt)) : '',
    reason: { ...reason, label: reasonLabel(reason) },
    status,
    statusLabel: recoveryTaskStatusLabels[status],
    openedOn: dayOf(String(item.openedAt)),
    version: Number(item.version),
    ...(recovery ? { recovery } : {}),
    canRecord: canRecord && status === 'open',
  };
}
