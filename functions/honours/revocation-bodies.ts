import { GetCommand, type DynamoDBDocumentClient } from '../storage/document-client';
import type { Role } from '@shared/domain/org';
import type { RevocationActor } from '@shared/rules/ruleset-schema';
import type { Directory } from '../directory/directory';
import { campaignKeys } from '../campaign/campaign-items';
import type { CaseBodies } from './revocation-items';

/**
 * Who acts for each body a revocation route names, found in the federation tree from the honour:
 * - 授予单位 (its leadership approves or decides; its department verifies): the awarding org;
 * - 所在地区或产业工会 (agrees and reports in writing): the org right below the awarding body on the holder's path —
 *   the province under the national federation, the district or industry union under a city;
 * - 原推荐单位: the unit that recommended the honour (the application's recommending unit); an imported honour has no
 *   application, so the agreeing federation stands for it.
 */
export async function caseBodies(deps: { db: DynamoDBDocumentClient; table: string; directory: Directory }, honour: Record<string, unknown>): Promise<CaseBodies> {
  const awardingOrgId = String(honour.awardingOrgId ?? '');
  const holderPath = String(honour.holderPath ?? '');
  const ids = holderPath.split('/').filter(Boolean);
  const at = ids.indexOf(awardingOrgId);
  if (at < 0) throw new RangeError(`honour ${String(honour.certificateNo)}: awarding org ${awardingOrgId} is not above ${holderPath}`);
  const below = ids[at + 1];
  const agreeingId = below !== undefined && below !== String(honour.holderOrgId) ? below : awardingOrgId;
  let recommendingId = agreeingId;
  if (typeof honour.applicationId === 'string') {
    const app = (await deps.db.send(new GetCommand({ TableName: deps.table, Key: campaignKeys.application(honour.applicationId), ProjectionExpression: 'recommendingUnitId' }))).Item;
    const unit = typeof app?.recommendingUnitId === 'string' ? app.recommendingUnitId : undefined;
    if (unit && ids.indexOf(unit) > at) recommendingId = unit;
  }
  const orgs = await deps.directory.getOrgs([...new Set([awardingOrgId, agreeingId, recommendingId])]);
  const body = (orgId: string) => ({ orgId, orgName: orgs.get(orgId)?.name ?? orgId });
  return {
    recommendingUnit: body(recommendingId),
    agreeingFederation: body(agreeingId),
    awardingDepartment: body(awardingOrgId),
    awardingLeadership: body(awardingOrgId),
  };
}

/**
 * The roles that act for a body: a federation's reviewers send and agree as they send lists in a campaign; the
 * awarding body's department is its reviewing staff; only its organisers (the leadership's office) approve or decide.
 */
export const actingRoles: Record<RevocationActor, readonly Role[]> = {
  recommendingUnit: ['organiser', 'reviewer'],
  agreeingFederation: ['organiser', 'reviewer'],
  awardingDepartment: ['reviewer', 'organiser'],
  awardingLeadership: ['organiser'],
};

/** Whether the member holds a role on the org itself (not above it) that acts for `actor`. */
export async function actsFor(directory: Directory, memberId: string | null | undefined, bodies: CaseBodies, actor: RevocationActor): Promise<boolean> {
  if (!memberId) return false;
  const grants = await directory.roleGrantsOf(memberId);
  return grants.some((g) => g.orgId === bodies[actor].orgId && actingRoles[actor].includes(g.role));
}
