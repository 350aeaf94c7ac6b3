import type { DynamoDBDocumentClient } from '../storage/document-client';
import type { AppraisalRecordsResponse } from '@shared/api/appraisal';
import { rootIdOf } from '@shared/domain/org-tree';
import type { Org } from '@shared/domain/org';
import { citationText } from '@shared/rules/citation';
import { holderRevocationFlags, type HeldHonour, type RevocationFlag } from '@shared/rules/revocation';
import type { Ruleset } from '@shared/rules/ruleset-schema';
import { titleLabels } from '@shared/rules/titles';
import type { TitleHeld } from '../campaign/honours';
import type { Directory } from '../directory/directory';
import { dynamoRoleBook } from '../orgs/dynamo-org-store';
import { chairEvaluationFacts, type UnionAppraisalFacts } from './appraisal-facts';

type FlagView = AppraisalRecordsResponse['revocationFlags'][number];

/**
 * 动态管理 for one union under one ruleset: the grounds its sealed figures prove against the titles held — the union's
 * own (模范职工之家、小家: 总工办发〔2020〕15号 第二十三条（九）, 京工发〔2021〕19号 第二十条（九）, 桂工发〔2021〕8号 八、（二）9.)
 * and its chair's and vice-chairs' (优秀工会工作者, with their 测评等次: 第二十五条（一）（五）, 第二十二条（一）（五）,
 * 八、（四）1.、5.). Only a holder is flagged, and only by the years after the award.
 */
export async function unionRevocationFlags(
  deps: { db: DynamoDBDocumentClient; table: string; directory: Directory },
  union: Org,
  ruleset: Ruleset,
  facts: UnionAppraisalFacts,
): Promise<FlagView[]> {
  const officers = new Map<string, 'chair' | 'viceChair'>();
  for (const h of await dynamoRoleBook(deps.db, deps.table).holdersOf(union.orgId)) {
    if (h.role === 'chair' || (h.role === 'viceChair' && !officers.has(h.memberId))) officers.set(h.memberId, h.role);
  }
  // Loaded here: campaign/honours brings the rulesets, which the vote path never reads (cold start budget, issue 18).
  const { titlesHeldBy } = await import('../campaign/honours');
  const held = await titlesHeldBy(deps, rootIdOf(union.path), ruleset.id, [union.orgId, ...officers.keys()]);
  const heldBy = (id: string) => held.filter((h) => h.nomineeId === id);
  const flags = viewsOf(holderRevocationFlags(ruleset, { honours: heldBy(union.orgId), memberAppraisalDissatisfaction: facts.memberAppraisalDissatisfaction }), heldBy(union.orgId), union.name);
  for (const [memberId, role] of officers) {
    const honours = heldBy(memberId);
    if (honours.length === 0) continue;
    // The grades this union's own 主席测评 gave them (records are keyed by union).
    const [grades, member] = await Promise.all([chairEvaluationFacts(deps.db, deps.table, memberId, union.orgId), deps.directory.getMember(memberId)]);
    const raised = holderRevocationFlags(ruleset, { honours, role, ...grades, memberAppraisalDissatisfaction: facts.memberAppraisalDissatisfaction });
    flags.push(...viewsOf(raised, honours, member?.name ?? memberId));
  }
  return flags;
}

function viewsOf(flags: (RevocationFlag & HeldHonour)[], honours: TitleHeld[], holder: string): FlagView[] {
  return flags.map((f) => ({
    title: titleLabels[f.title],
    holder,
    certificateNo: honours.find((h) => h.title === f.title && h.awardedYear === f.awardedYear)?.certificateNo ?? '',
    awardedYear: f.awardedYear,
    years: f.years,
    groundId: f.groundId,
    explanation: f.explanation,
    citation: citationText(f.citation),
  }));
}
