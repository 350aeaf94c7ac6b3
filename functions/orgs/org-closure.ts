import { QueryCommand } from '../storage/document-client';
import { getRuleset } from '@config/rulesets';
import { unitClosureLabels, type MarkClosureResponse, type markClosureRequest } from '@shared/api/recovery';
import { formatShanghaiDate } from '@shared/calendar/shanghai-date';
import { isInSubtree, type OrgClosure } from '@shared/domain/org';
import { rootIdOf } from '@shared/domain/org-tree';
import { DomainError, errorMessages, fieldError } from '@shared/errors';
import { titleLabels, type TitleCode } from '@shared/rules/titles';
import type * as z from 'zod';
import type { Session } from '../auth/session-token';
import { backfillRegister } from '../honours/register-state';
import { registerKeys } from '../honours/register-items';
import { auditCitationOf, closureArticle, recoveryTaskOpening, type RecoveryDeps } from '../honours/recovery-tasks';
import { ChangeRefused, commitWithNotices } from '../notify/outbox';
import { scopesOf } from '../scope/scope';
import { keys } from '../storage/keys';

type Input = z.output<typeof markClosureRequest>;

/** Honours that still stand: a revoked title's certificate is recovered through its revocation. */
const standing = (item: Record<string, unknown>) => item.entity === 'honour' && item.status !== 'revoked' && item.status !== 'recalled' && item.state !== 'revoked' && item.state !== 'recovered';

/**
 * POST /v1/orgs/{orgId}/closure: an organiser of a federation above a grassroots union marks the union's unit 破产,
 * 终止 or 撤销 (never the union's own officers: the 上一级工会 acts on it). The directory records it once — conditional on
 * the org being unmarked and unmoved, so of two markings at once one wins and the other is refused — with its audit
 * event; then each standing honour held by the union, its sub-unions and groups, or a person it filed, gets a recovery
 * task under its ruleset's article (第二十七条, 第二十五条, 八、（六）). A ruleset with no such article (秦皇岛, 焦作) opens none:
 * the answer lists those honours and why. Sending the same marking again opens any task a cut-off request left out.
 */
export async function markUnitClosed(deps: RecoveryDeps, session: Session, orgId: string, input: Input): Promise<MarkClosureResponse> {
  const [actors, orgs] = await Promise.all([scopesOf(deps.directory, session, ['organiser']), deps.directory.getOrgs([orgId])]);
  const org = orgs.get(orgId);
  const actor = org ? actors.find((a) => isInSubtree(org.path, a.org.path) && a.org.path !== org.path) : undefined;
  if (!org || !actor) throw new DomainError('SCOPE.FORBIDDEN');
  if (org.level !== 'grassroots') throw new DomainError('ORG.CLOSURE_NOT_GRASSROOTS', { details: [{ path: 'orgId', message: errorMessages['ORG.CLOSURE_NOT_GRASSROOTS'] }] });
  const now = deps.now();
  if (input.on > formatShanghaiDate(now)) throw fieldError('on', '破产、终止或撤销日期（on）不能晚于今天');

  let closure: OrgClosure = { closure: input.closure, on: input.on, ...(input.note ? { note: input.note } : {}), markedAt: now.toISOString(), markedBy: actor.memberId, markedByOrgId: actor.org.orgId };
  if (org.closure) {
    if (org.closure.closure !== input.closure || org.closure.on !== input.on) throw new DomainError('ORG.ALREADY_CLOSED');
    closure = org.closure;
  } else {
    try {
      await commitWithNotices(
        deps.db,
        deps.table,
        {
          writes: [
            {
              Update: {
                TableName: deps.table,
                Key: keys.org(org.orgId),
                UpdateExpression: 'SET closure = :c, updatedAt = :at',
                ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(closure) AND #path = :path',
                ExpressionAttributeNames: { '#path': 'path' },
                ExpressionAttributeValues: { ':c': closure, ':at': closure.markedAt, ':path': org.path },
              },
            },
          ],
          audit: [
            {
              subjectType: 'org',
              subjectId: org.orgId,
              scopePath: org.path,
              action: 'org.closed',
              actor: { memberId: actor.memberId, role: actor.role },
              ...(input.note ? { reason: input.note } : {}),
              data: { closure: input.closure, label: unitClosureLabels[input.closure], on: input.on },
            },
          ],
        },
        now,
      );
    } catch (error) {
      if (!(error instanceof ChangeRefused)) throw error;
      const again = (await deps.directory.getOrgs([org.orgId])).get(org.orgId);
      throw new DomainError(again?.closure ? 'ORG.ALREADY_CLOSED' : 'ORG.CHANGED_MEANWHILE', { cause: error });
    }
  }

  const held = await heldHonours(deps, org.path);
  const opened: MarkClosureResponse['opened'] = [];
  const notCovered: MarkClosureResponse['notCovered'] = [];
  for (const honour of held) {
    const certificateNo = String(honour.certificateNo);
    const title = titleLabels[honour.titleCode as TitleCode] ?? String(honour.title ?? '');
    const holderName = String(honour.nomineeName ?? '');
    const ruleset = getRuleset(String(honour.rulesetId ?? ''));
    const article = closureArticle(ruleset);
    if (!article) {
      const doc = ruleset ? `《${ruleset.citationDoc}》` : '该荣誉的依据办法（档案未载明）';
      notCovered.push({ certificateNo, holderName, title, explanation: `${doc}未规定受表彰单位破产、终止或撤销时收回证书和奖牌，未开启收回任务` });
      continue;
    }
    const reason = { kind: 'unitClosed' as const, closure: input.closure, citation: article };
    const { writes, notices } = await recoveryTaskOpening(deps, honour, reason);
    if (writes.length === 0) continue;
    try {
      await commitWithNotices(
        deps.db,
        deps.table,
        {
          writes,
          notices,
          audit: [
            {
              subjectType: 'honour',
              subjectId: certificateNo,
              scopePath: String(honour.holderPath ?? org.path),
              action: 'honour.recoveryOpened',
              actor: { memberId: actor.memberId, role: actor.role },
              citation: auditCitationOf(article),
              data: { reason: 'unitClosed', closure: input.closure, orgId: org.orgId },
            },
          ],
        },
        deps.now(),
      );
      opened.push({ taskId: certificateNo, certificateNo, holderName, title, citation: article });
    } catch (error) {
      // Another opening (a revocation's, or the same marking sent twice) got there first.
      if (!(error instanceof ChangeRefused)) throw error;
    }
  }
  return { closure, opened, notCovered };
}

/** The honours held by the org at `path` and below it, from the register's bySubtree index. */
async function heldHonours(deps: RecoveryDeps, path: string): Promise<Record<string, unknown>[]> {
  // Honours written before the register get their keys first (as a register read would).
  await backfillRegister(deps, rootIdOf(path));
  const found: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const out = await deps.db.send(
      new QueryCommand({
        TableName: deps.table,
        IndexName: 'bySubtree',
        KeyConditionExpression: 'gsi3pk = :p AND begins_with(gsi3sk, :below)',
        ExpressionAttributeValues: { ':p': registerKeys.partition(rootIdOf(path)), ':below': registerKeys.below(path) },
        ExclusiveStartKey: start,
      }),
    );
    found.push(...((out.Items ?? []) as Record<string, unknown>[]).filter(standing));
    start = out.LastEvaluatedKey as Record<string, unknown> | undefined;
  } while (start);
  return found;
}
