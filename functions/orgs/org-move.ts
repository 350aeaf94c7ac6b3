import type { MoveOrgRequest, MoveOrgResponse } from '@shared/api/orgs';
import { idsOnPath, moveRefusal } from '@shared/domain/org-tree';
import { DomainError } from '@shared/errors';
import type { Session } from '../auth/session-token';
import { requireScopeOn } from '../scope/scope';
import { existingOrg, orgAudit, type OrgDeps } from './deps';
import type { OrgMove, OrgTree } from './org-store';

/**
 * Moving a subtree (POST /v1/orgs/{orgId}/move), safe to interrupt and run again:
 *
 * 1. One transaction records the decision (audit event org.moved) and a marker item (pk ORG#<id>, sk MOVE)
 *    holding the old and new path, on condition that neither end has moved meanwhile and that nothing above
 *    either end is moving. While the marker exists, no org can be created under, or moved into or out of, the
 *    moving subtree (those transactions check the markers of every org above their parent).
 * 2. The descendants are rewritten in batches: each gets its new path and tree keys with a conditional update
 *    (old path → new path, or already the new path), so a batch can be repeated. Each round re-reads what still
 *    sits under the old path.
 * 3. One transaction re-parents the moved org itself and deletes the marker: the move is done.
 *
 * A request that runs out of time answers `done: false`; sending the same move again resumes from the marker
 * (so does runMove, e.g. from a sweep over byDueTime DUE#orgMove). Members, roles and profiles are keyed by org
 * id, not path, and need no rewrite; audit events keep the path they were recorded under.
 */
export interface MoveOptions {
  /** Stop starting new batches after this long (the HTTP API's Lambda has 10 s). */
  budgetMs?: number;
  batchSize?: number;
}

export async function moveOrg(deps: OrgDeps, session: Session, orgId: string, input: MoveOrgRequest, options: MoveOptions = {}): Promise<MoveOrgResponse> {
  // Scope before existence, for both ends: an unknown org or parent is refused as one outside the caller's subtree.
  const [{ org, actor }, { org: target }] = await Promise.all([
    requireScopeOn(deps.directory, session, ['organiser'], orgId),
    requireScopeOn(deps.directory, session, ['organiser'], input.parentId),
  ]);

  const pending = await deps.tree.pendingMove(orgId);
  if (pending) {
    if (pending.toParentId !== target.orgId) throw new DomainError('ORG.MOVE_IN_PROGRESS');
    return finishRun(deps.tree, pending, await runMove(deps.tree, pending, options));
  }

  const refusal = moveRefusal(org, target);
  if (refusal) throw new DomainError(refusal, { details: [{ path: 'parentId', message: refusalText[refusal] }] });
  if (org.parentId === target.orgId) return { org, done: true, moved: 0 };
  if ((await deps.tree.movesBelow(org.path)).length > 0) throw new DomainError('ORG.MOVE_IN_PROGRESS');

  const move: OrgMove = {
    orgId,
    fromParentId: org.parentId,
    toParentId: target.orgId,
    fromPath: org.path,
    toPath: `${target.path}/${orgId}`,
    startedAt: deps.now().toISOString(),
    startedBy: actor.memberId,
  };
  const guardIds = [...new Set([...idsOnPath(org.path).slice(0, -1), ...idsOnPath(target.path)])];
  const audit = orgAudit(actor, orgId, move.toPath, 'org.moved', input.reason, {
    fromParentId: move.fromParentId ?? null,
    toParentId: move.toParentId,
    fromPath: move.fromPath,
    toPath: move.toPath,
  });
  await deps.tree.startMove(move, target, guardIds, audit);
  return finishRun(deps.tree, move, await runMove(deps.tree, move, options));
}

const refusalText = {
  'ORG.MOVE_INTO_OWN_SUBTREE': '新的上级组织（parentId）不能是该组织自己或它的下级组织',
  'ORG.LEVEL_MISMATCH': '新的上级组织（parentId）的层级应高于该组织的层级',
} as const;

/** Rewrites what remains under the old path, then re-parents the org; stops early when out of time. */
export async function runMove(tree: OrgTree, move: OrgMove, { budgetMs = 6000, batchSize = 100 }: MoveOptions = {}): Promise<{ done: boolean; moved: number }> {
  const deadline = Date.now() + budgetMs;
  const rewritten = new Set<string>();
  for (;;) {
    const batch = await tree.descendantsAt(move.fromPath, batchSize);
    if (batch.length === 0) break;
    const fresh = batch.filter((org) => !rewritten.has(org.orgId));
    // Only entries the index has not caught up with yet: give it a moment.
    if (fresh.length === 0) await new Promise((resolve) => setTimeout(resolve, 200));
    else {
      await tree.rewritePaths(move, fresh);
      fresh.forEach((org) => rewritten.add(org.orgId));
    }
    if (Date.now() >= deadline) return { done: false, moved: rewritten.size };
  }
  const org = await tree.getOrg(move.orgId);
  if (!org) throw new DomainError('ORG.NOT_FOUND');
  await tree.finishMove(move, org.name);
  return { done: true, moved: rewritten.size };
}

async function finishRun(tree: OrgTree, move: OrgMove, run: { done: boolean; moved: number }): Promise<MoveOrgResponse> {
  return { org: await existingOrg(tree, move.orgId), ...run };
}
