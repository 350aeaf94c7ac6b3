import { getRuleset } from '@config/rulesets';
import type { RecheckRequest, RecheckResponse } from '@shared/api/register';
import { formatShanghaiDate } from '@shared/calendar/shanghai-date';
import { rootIdOf } from '@shared/domain/org-tree';
import { fieldError } from '@shared/errors';
import type { Session } from '../auth/session-token';
import { requireScopeOn } from '../scope/scope';
import { recheckTree, type RecheckDeps } from './recheck-run';
import { decodeSubtreeCursor } from './register';

/** How long one request spends re-checking before it answers with a cursor (API Gateway gives 29 s). */
const requestBudgetMs = 8_000;

/**
 * 复查 on an organiser's demand (总工办发〔2020〕15号 第二十二条（四） 「上级工会加强复查」): the honours held in the organiser's
 * subtree, for a year that is over (by default the last one). The same run as the clock's — one result per honour and
 * year, whoever asks first — in slices: the answer carries a cursor while honours remain, and the page sends it back.
 */
export async function recheckOnDemand(deps: RecheckDeps, session: Session, orgId: string, request: RecheckRequest): Promise<RecheckResponse> {
  const { org, actor } = await requireScopeOn(deps.directory, session, ['organiser'], orgId);
  const lastFullYear = Number(formatShanghaiDate(deps.now()).slice(0, 4)) - 1;
  const year = request.year ?? lastFullYear;
  if (year > lastFullYear) throw fieldError('year', `复查年度（year）${year} 年尚未结束，只能复查 ${lastFullYear} 年及以前`);
  if (request.rulesetId !== undefined && !getRuleset(request.rulesetId)) throw fieldError('rulesetId', `评选办法（rulesetId）「${request.rulesetId}」不存在`);
  const from = request.cursor === undefined ? undefined : decodeSubtreeCursor(request.cursor, org, 'cursor', '续查标记（cursor）无效，请重新发起复查');
  const { next, ...counts } = await recheckTree(deps, rootIdOf(org.path), year, {
    by: actor.memberId,
    below: org.path,
    budgetMs: requestBudgetMs,
    ...(request.rulesetId ? { rulesetId: request.rulesetId } : {}),
    ...(from ? { from } : {}),
  });
  return { year, counts, ...(next ? { nextCursor: Buffer.from(JSON.stringify(next)).toString('base64url') } : {}) };
}
