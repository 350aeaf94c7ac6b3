import type { RevocationActor, RevocationTrigger } from '@shared/rules/ruleset-schema';
import type { TitleCode } from '@shared/rules/titles';

/**
 * A revocation case (撤销案件, issue 17 point 3) as stored:
 *   pk REVOCATION#<caseId>  sk CASE
 *   gsi3pk REVOCATIONS#<root of the holder's tree>  gsi3sk <holder path>/#<openedAt>#<caseId>
 * The bySubtree index lists the cases of a federation's subtree as the register lists its honours. The honour carries
 * `openRevocationId` while a case is open on it: set with a condition that none is, so there is one open case at a time.
 */
export const revocationKeys = {
  case: (caseId: string) => ({ pk: `REVOCATION#${caseId}`, sk: 'CASE' }),
  partition: (rootId: string) => `REVOCATIONS#${rootId}`,
  sort: (holderPath: string, openedAt: string, caseId: string) => `${holderPath}/#${openedAt}#${caseId}`,
  below: (path: string) => `${path}/`,
};

/** The org that acts for each body of the route, found in the tree when the case opens. */
export type CaseBodies = Record<RevocationActor, { orgId: string; orgName: string }>;

export interface TakenStep {
  stepId: string;
  approved: boolean;
  grounds: string;
  /** Who took it, and for which org. */
  by: string;
  byName: string;
  orgId: string;
  at: string;
}

export interface RevocationCaseRecord {
  entity: 'revocationCase';
  caseId: string;
  certificateNo: string;
  rulesetId: string;
  routeId: 'applied' | 'direct';
  title: TitleCode;
  holderName: string;
  holderOrgId: string;
  holderOrgName: string;
  holderPath: string;
  awardingOrgName: string;
  trigger: RevocationTrigger;
  /** What the trigger rests on, as the case shows it, and the record it names. */
  triggerBasis: string;
  reportId?: string;
  recheckYear?: number;
  groundId?: string;
  grounds: string;
  bodies: CaseBodies;
  openedAt: string;
  openedBy: string;
  openedByName: string;
  steps: TakenStep[];
  status: 'open' | 'revoked' | 'refused';
  version: number;
  decidedAt?: string;
  gsi3pk: string;
  gsi3sk: string;
}
