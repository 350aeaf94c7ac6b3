import { rootIdOf } from '@shared/domain/org-tree';
import type { HonourEventKind, HonourState } from '@shared/api/register';
import type { Org } from '@shared/domain/org';
import type { Directory } from '../directory/directory';
import type { ApplicationRecord, CampaignRecord } from '../campaign/campaign-items';

/**
 * Where an honour sits in the register (荣誉管理档案): the bySubtree index, keyed by the tree of the union that holds it
 * and ordered by that union's path, so an organiser's subtree or a union's own honours are one begins_with query.
 *   gsi3pk REGISTER#<root of the holder's tree>
 *   gsi3sk <holder org path>/#<year>#<certificateNo>
 * The `/#` after the path makes `begins_with(<path>/)` take the org itself and everything under it, and nothing of a
 * sibling whose id merely starts the same. A holder always lies in the subtree of the body that awarded it (a campaign
 * takes applications from its own subtree; an import refuses a holder outside the importer's), so "awarded by a body
 * in my subtree" is within "held in my subtree".
 */
export const registerKeys = {
  partition: (rootId: string) => `REGISTER#${rootId}`,
  sort: (holderPath: string, year: number, certificateNo: string) => `${holderPath}/#${year}#${certificateNo}`,
  /** All honours held by the org at `path` or below it. */
  below: (path: string) => `${path}/`,
  /** The marker saying a tree's honours written before the register (issue 17) carry their keys. */
  backfilled: (rootId: string) => ({ pk: `REGISTER#${rootId}`, sk: 'BACKFILLED' }),
};

export interface HonourEventRecord {
  kind: HonourEventKind;
  state: HonourState;
  at: string;
  by?: string;
  note?: string;
}

export interface RegisterFields {
  holderOrgId: string;
  holderOrgName: string;
  holderPath: string;
  holderKind: 'org' | 'person';
  awardingOrgId: string;
  awardingOrgName: string;
  awardingPath: string;
  campaignName: string;
  rulesetId: string;
  state: HonourState;
  history: HonourEventRecord[];
  source: 'decision' | 'import';
}

/** The attributes that put an honour in the register, written with the honour (or by the backfill). */
export function registerAttributes(fields: RegisterFields, year: number, certificateNo: string): RegisterFields & { gsi3pk: string; gsi3sk: string } {
  return { ...fields, gsi3pk: registerKeys.partition(rootIdOf(fields.holderPath)), gsi3sk: registerKeys.sort(fields.holderPath, year, certificateNo) };
}

/**
 * The register fields of honours decided in one campaign: the holder (the nominated org, or the union a person was
 * filed by), the awarding body and the campaign, and the first event of the history.
 */
export async function registerFieldsFor(deps: { directory: Directory }, campaign: CampaignRecord, awardingOrg: Org, apps: readonly ApplicationRecord[], grant: { at: string; by: string; note: string }): Promise<Map<string, RegisterFields>> {
  const orgIds = [...new Set(apps.flatMap((a) => (a.nominee.kind === 'person' ? [a.applyingUnitId] : [a.nominee.id, a.applyingUnitId])))];
  const orgs = await deps.directory.getOrgs(orgIds);
  return new Map(
    apps.map((a) => {
      const holder = (a.nominee.kind !== 'person' ? orgs.get(a.nominee.id) : undefined) ?? orgs.get(a.applyingUnitId);
      const fields: RegisterFields = {
        holderOrgId: holder?.orgId ?? a.applyingUnitId,
        holderOrgName: holder?.name ?? '',
        holderPath: holder?.path ?? a.applyingUnitPath,
        holderKind: a.nominee.kind === 'person' ? 'person' : 'org',
        awardingOrgId: awardingOrg.orgId,
        awardingOrgName: awardingOrg.name,
        awardingPath: awardingOrg.path,
        campaignName: campaign.heading,
        rulesetId: campaign.rulesetId,
        state: 'current',
        history: [{ kind: 'granted', state: 'current', at: grant.at, by: grant.by, note: grant.note }],
        source: 'decision',
      };
      return [a.applicationId, fields];
    }),
  );
}

