import { createHash } from 'node:crypto';
import { GetCommand, PutCommand, QueryCommand } from '../storage/document-client';
import { getRuleset } from '@config/rulesets';
import type { ApplicationView, createApplicationRequest, decisionRequest, SaveApplicationRequest } from '@shared/api/campaign';
import { isInSubtree, orgLevelLabels, type Org } from '@shared/domain/org';
import { DomainError, errorMessages, type ErrorDetail } from '@shared/errors';
import { citationText } from '@shared/rules/citation';
import { evaluateEligibility } from '@shared/rules/eligibility';
import { stepsBeforeSubmission } from '@shared/rules/procedure-steps';
import { attributeValueLabel, nomineeAttributeLabels, nomineeKindLabels, type Facts, type NomineeFacts } from '@shared/rules/facts';
import { factYearsOf, lastFactYear } from '@shared/rules/fact-years';
import type { Ruleset, TitleOffer } from '@shared/rules/ruleset-schema';
import { titleLabels } from '@shared/rules/titles';
import type * as z from 'zod';
import { chairEvaluationFacts, unionAppraisalFacts } from '../appraisal/appraisal-facts';
import type { Session } from '../auth/session-token';
import { ChangeRefused, commitWithNotices, type TransactItem } from '../notify/outbox';
import { dynamoRoleBook } from '../orgs/dynamo-org-store';
import { publicityKeys } from '../publicity/publicity-items';
import { membershipFacts, smallHomeMembershipFacts } from '../roster/membership';
import { queryAll } from '../storage/dynamo';
import { requireScope, requireScopeOn, scopesOf, type Actor } from '../scope/scope';
import { campaignKeys, type ApplicationRecord, type CampaignRecord } from './campaign-items';
import { getCampaign, invalid, orgOf, type CampaignDeps } from './campaigns';

export const filers = ['chair', 'viceChair'] as const;
export const reviewers = ['reviewer', 'organiser'] as const;

type Item = Record<string, unknown>;

function applicationItem(r: ApplicationRecord): Item {
  return {
    ...campaignKeys.application(r.applicationId),
    entity: 'application',
    ...r,
    gsi1pk: campaignKeys.queue(r.atOrgId),
    gsi1sk: `${r.status}#${r.campaignId}#${r.applicationId}`,
    gsi3pk: campaignKeys.filedBy(r.applyingUnitId),
    gsi3sk: `${r.campaignId}#${r.applicationId}`,
  };
}

/** Everything a union has filed, wherever it waits now (the chair's "my applications"). */
export async function filedBy(deps: CampaignDeps, session: Session, unionId: string): Promise<ApplicationRecord[]> {
  await requireScopeOn(deps.directory, session, [...filers, ...reviewers], unionId);
  const items = await queryAll(deps.db, { TableName: deps.table, IndexName: 'bySubtree', KeyConditionExpression: 'gsi3pk = :p', ExpressionAttributeValues: { ':p': campaignKeys.filedBy(unionId) } });
  return items.map((i) => i as unknown as ApplicationRecord);
}

export async function getApplication(deps: Pick<CampaignDeps, 'db' | 'table'>, applicationId: string): Promise<ApplicationRecord> {
  const out = await deps.db.send(new GetCommand({ TableName: deps.table, Key: campaignKeys.application(applicationId), ConsistentRead: true }));
  if (out.Item?.entity !== 'application') throw new DomainError('APPLICATION.NOT_FOUND');
  return out.Item as unknown as ApplicationRecord;
}

/** The grassroots union at or above an org. */
async function unionOf(deps: CampaignDeps, org: Org): Promise<Org> {
  if (org.level === 'grassroots') return org;
  const ids = org.path.split('/').filter(Boolean);
  const orgs = await deps.directory.getOrgs(ids);
  const union = ids.map((id) => orgs.get(id)).find((o) => o?.level === 'grassroots');
  if (!union) throw invalid('nominee', '被推荐对象（nominee）应为基层工会、其下属工会或会员');
  return union;
}

/**
 * A chair files for their union, a sub-union, or a person on its roster. The application starts as a draft whose
 * facts the system fills in (membership, sealed appraisals); the chair declares the rest as they type.
 */
export async function createApplication(deps: CampaignDeps, session: Session, campaignId: string, request: z.infer<typeof createApplicationRequest>): Promise<ApplicationView> {
  const campaign = await getCampaign(deps, campaignId);
  const offer = (getRuleset(campaign.rulesetId) as Ruleset | undefined)?.titles.find((t) => t.title === request.title);
  if (!campaign.titles.includes(request.title) || !offer) throw new DomainError('APPLICATION.NOT_IN_CAMPAIGN', { details: [{ path: 'title', message: '本次评选未设该称号（title）' }] });
  const nomineeOrg = request.nominee.kind === 'person' ? await memberOrg(deps, request.nominee.memberId) : await orgOf(deps, request.nominee.orgId);
  requireNomineeFits(offer, request.nominee.kind, nomineeOrg);
  const union = await unionOf(deps, nomineeOrg);
  const actor = await requireScope(deps.directory, session, filers, union);
  const recommending = campaign.recommendingUnits.find((u) => union.path.includes(`/${u.orgId}/`));
  if (!recommending) throw new DomainError('APPLICATION.NOT_IN_CAMPAIGN', { details: [{ path: 'nominee', message: '申报单位不在本次评选的推荐单位范围内' }] });
  const nomineeId = request.nominee.kind === 'person' ? request.nominee.memberId : request.nominee.orgId;
  const disqualified = await deps.db.send(new GetCommand({ TableName: deps.table, Key: publicityKeys.disqualified(nomineeId, campaign.year, request.title) }));
  if (disqualified.Item) throw new DomainError('APPLICATION.NOMINEE_DISQUALIFIED');
  const name = request.nominee.kind === 'person' ? ((await deps.directory.getMember(request.nominee.memberId))?.name ?? nomineeId) : nomineeOrg.name;
  const applicationId = `app-${createHash('sha256').update(request.requestId).digest('hex').slice(0, 16)}`;
  const record: ApplicationRecord = {
    applicationId,
    campaignId,
    title: request.title,
    nominee: { kind: request.nominee.kind, id: nomineeId, name },
    applyingUnitId: union.orgId,
    applyingUnitPath: union.path,
    recommendingUnitId: recommending.orgId,
    status: 'draft',
    version: 1,
    atOrgId: union.orgId,
    declared: {},
    narrative: '',
    summary: '',
    consultation: '',
    history: [{ at: deps.now().toISOString(), by: actor.memberId, action: '创建草稿', comment: '' }],
    filedBy: actor.memberId,
  };
  try {
    await deps.db.send(new PutCommand({ TableName: deps.table, Item: applicationItem(record), ConditionExpression: 'attribute_not_exists(pk)' }));
  } catch (error) {
    if (!(error instanceof Error && error.name === 'ConditionalCheckFailedException')) throw error;
    return viewOf(deps, await getApplication(deps, applicationId), campaign);
  }
  return viewOf(deps, record, campaign);
}

async function memberOrg(deps: CampaignDeps, memberId: string): Promise<Org> {
  const member = await deps.directory.getMember(memberId);
  if (!member) throw invalid('nominee.memberId', '名册中没有这名会员（nominee.memberId）');
  if (member.left) throw invalid('nominee.memberId', '这名会员已退会，不能被推荐（nominee.memberId）');
  return orgOf(deps, member.orgId);
}

/**
 * A title is given to one kind of nominee (the ruleset's title offer, with its article): 模范职工之家 to a grassroots
 * union, 模范职工小家 to a union below one (分工会、车间、班组工会或工会小组), a person's title to a person. The kind
 * asked for must be the title's, and an org nominee must sit at that kind's level in the directory.
 */
function requireNomineeFits(offer: TitleOffer, kind: 'org' | 'subOrg' | 'person', org: Org): void {
  const scope = `${titleLabels[offer.title]}只从${nomineeKindLabels[offer.nominee]}中评选（${citationText(offer.citation)}）`;
  const refuse = (path: string, message: string) => new DomainError('APPLICATION.NOMINEE_MISMATCH', { message, details: [{ path, message }] });
  if (kind !== offer.nominee) throw refuse('nominee.kind', `${scope}，不能推荐${nomineeKindLabels[kind]}（nominee.kind）`);
  const levels = kind === 'org' ? ['grassroots'] : kind === 'subOrg' ? ['subUnion', 'group'] : undefined;
  if (levels && !levels.includes(org.level)) throw refuse('nominee.orgId', `${scope}，「${org.name}」是${orgLevelLabels[org.level]}（nominee.orgId）`);
}

/** Autosave while the chair types: only drafts and returned applications, and only from the version they read. */
export async function saveApplication(deps: CampaignDeps, session: Session, applicationId: string, request: SaveApplicationRequest): Promise<ApplicationView> {
  const record = await getApplication(deps, applicationId);
  await requireScope(deps.directory, session, filers, await orgOf(deps, record.applyingUnitId));
  if (record.status !== 'draft' && record.status !== 'returned') throw new DomainError('APPLICATION.NOT_EDITABLE');
  const refused = directoryFactsDeclared(request.declared.nominee ?? {}, await directoryNominee(deps, record));
  if (refused.length > 0) throw new DomainError('APPLICATION.DIRECTORY_FACT', { message: `${errorMessages['APPLICATION.DIRECTORY_FACT']}：${refused.map((d) => d.message).join('；')}`, details: refused });
  // Figures only a sealed ballot can give are never taken from a declaration (DESIGN.md invariants 1–3).
  const { congressYesShare: _c, memberAppraisalSatisfaction: _s, memberAppraisalDissatisfaction: _d, chairEvaluationGrade: _g, ...declared } = request.declared;
  const next: ApplicationRecord = {
    ...record,
    declared: declared as Partial<Facts>,
    narrative: request.narrative ?? record.narrative,
    summary: request.summary ?? record.summary,
    consultation: request.consultation ?? record.consultation,
    version: record.version + 1,
  };
  await putIfVersion(deps, next, request.version);
  return viewOf(deps, next, await getCampaign(deps, record.campaignId));
}

async function putIfVersion(deps: CampaignDeps, next: ApplicationRecord, expected: number, extra: { writes?: TransactItem[]; audit?: Parameters<typeof commitWithNotices>[2]['audit']; notices?: Parameters<typeof commitWithNotices>[2]['notices'] } = {}): Promise<void> {
  try {
    await commitWithNotices(
      deps.db,
      deps.table,
      {
        writes: [
          { Put: { TableName: deps.table, Item: applicationItem(next), ConditionExpression: 'version = :v', ExpressionAttributeValues: { ':v': expected } } },
          ...(extra.writes ?? []),
        ],
        ...(extra.audit ? { audit: extra.audit } : {}),
        ...(extra.notices ? { notices: extra.notices } : {}),
      },
      deps.now(),
    );
  } catch (error) {
    if (error instanceof ChangeRefused) throw new DomainError('APPLICATION.CHANGED_MEANWHILE');
    throw error;
  }
}

export async function readApplication(deps: CampaignDeps, session: Session, applicationId: string): Promise<ApplicationView> {
  const record = await getApplication(deps, applicationId);
  await requireReader(deps, session, record);
  return viewOf(deps, record, await getCampaign(deps, record.campaignId));
}

/** Who may read an application: the applying union's chairs and reviewers above it. */
export async function requireReader(deps: Pick<CampaignDeps, 'directory'>, session: Session, record: ApplicationRecord): Promise<Actor> {
  const unit = await orgOf(deps, record.applyingUnitId);
  return requireScope(deps.directory, session, [...filers, ...reviewers], unit);
}

/**
 * The facts the system knows (membership, sealed appraisals and chair evaluations), then what the chair declared.
 * Yearly figures are read for the campaign's 评选依据年度 (factYears), each from the body judged: a 小家's 入会率 is its
 * own (总工办发〔2020〕15号 第七条（二）, 京工发〔2021〕19号 第七条（二）, 桂工发〔2021〕8号 六、（二）2.), not its union's.
 */
export async function factsOf(deps: CampaignDeps, record: ApplicationRecord, campaign: CampaignRecord): Promise<Facts> {
  const years = factYearsOf(campaign);
  const union = await orgOf(deps, record.applyingUnitId);
  const nomineeOrg = record.nominee.kind === 'person' ? union : await orgOf(deps, record.nominee.id);
  const [membership, appraisals, chair, nominee] = await Promise.all([
    record.nominee.kind === 'subOrg' ? smallHomeMembershipFacts(deps.db, deps.table, union.orgId, nomineeOrg, years) : membershipFacts(deps.db, deps.table, union.orgId, years),
    unionAppraisalFacts(deps.db, deps.table, nomineeOrg.orgId),
    // The chair's grades from this union's own 主席测评 only (records are keyed by union).
    record.nominee.kind === 'person' ? chairEvaluationFacts(deps.db, deps.table, record.nominee.id, union.orgId) : Promise.resolve({}),
    directoryNominee(deps, record),
  ]);
  const known: Facts = { nominee, ...membership, ...appraisals, ...chair };
  const declared = record.declared;
  return {
    ...declared,
    ...known,
    // The directory's attributes win over anything stored as declared (DESIGN.md invariant 10), older records included.
    nominee: { ...(declared.nominee ?? {}), ...known.nominee },
    // System figures win over declarations where both exist; declarations fill the years the system lacks.
    ...(declared.membershipRate || known.membershipRate ? { membershipRate: { ...declared.membershipRate, ...known.membershipRate } } : {}),
    narrative: record.narrative,
    summary: record.summary,
  };
}

/**
 * What the directory knows of the nominee (DESIGN.md invariant 10): its kind (fixed at filing), and of its org — the
 * union itself for a person — the kind (单位类型), ownership (所有制) and whether it is an organ or institution; for a
 * person, the office (工会职务) when the directory records them as the union's chair or vice-chair. Level and place in
 * the tree are the directory's too: they decide the nominee kind at filing (requireNomineeFits) and the review path.
 */
async function directoryNominee(deps: Pick<CampaignDeps, 'directory'>, record: ApplicationRecord): Promise<NomineeFacts> {
  const person = record.nominee.kind === 'person';
  const [org] = (await deps.directory.getOrgs([person ? record.applyingUnitId : record.nominee.id])).values();
  if (!org) throw new DomainError('ORG.NOT_FOUND');
  const offices = person ? (await deps.directory.roleGrantsOf(record.nominee.id)).filter((g) => g.orgId === record.applyingUnitId).map((g) => g.role) : [];
  const role = offices.includes('chair') ? 'chair' : offices.includes('viceChair') ? 'viceChair' : undefined;
  return {
    kind: record.nominee.kind,
    orgKind: org.kind,
    ...(org.ownership ? { ownership: org.ownership } : {}),
    isOrganOrInstitution: org.kind === 'governmentOrgan' || org.kind === 'institution',
    ...(role ? { role } : {}),
  };
}

/** Attributes only the directory gives: declaring them is refused whatever the value (the mini-program never sends them). */
const directoryOnly = ['kind', 'orgKind', 'ownership', 'isOrganOrInstitution'] as const;

/**
 * Declared nominee attributes that would stand in for the directory's, each named (400, nothing saved): refused rather
 * than silently dropped, so a caller who tries learns that the directory decides — and where to correct it. A declared
 * office (工会职务) is accepted where the directory records none or the same one.
 */
function directoryFactsDeclared(declared: Partial<NomineeFacts>, known: NomineeFacts): ErrorDetail[] {
  const details: ErrorDetail[] = [];
  for (const key of directoryOnly) {
    if (declared[key] === undefined) continue;
    const value = known[key];
    const recorded = value === undefined ? '目录中尚未登记，请上级工会在组织信息中补充' : `目录中为「${attributeValueLabel(value)}」`;
    details.push({ path: `declared.nominee.${key}`, message: `${nomineeAttributeLabels[key]}（declared.nominee.${key}）以工会组织目录为准（${recorded}），不能在申报中填写` });
  }
  if (declared.role !== undefined && known.role !== undefined && declared.role !== known.role) {
    details.push({ path: 'declared.nominee.role', message: `${nomineeAttributeLabels.role}（declared.nominee.role）以组织目录中的任职为准：该会员是本会${attributeValueLabel(known.role)}` });
  }
  return details;
}

interface Gate {
  id: string;
  passed: boolean;
  explanation: string;
  citation: string;
  attestable?: boolean;
}

/**
 * Steps the ruleset requires before submission: those its procedure conditions name (shared/rules/procedure-steps.ts
 * — the members consulted, for collectives and individuals alike; the 纪检监察 and other departments where the text
 * asks for them; the congress's secret ballot where the ruleset counts its yes-votes), each citing its own paragraph,
 * and the unit publicity for its full window with no report found true.
 */
async function gatesOf(deps: CampaignDeps, record: ApplicationRecord, ruleset: Ruleset, campaign: CampaignRecord, facts: Facts): Promise<Gate[]> {
  const gates: Gate[] = stepsBeforeSubmission(ruleset, record.title, facts, record.consultation).map((s) => ({
    id: s.id,
    passed: s.passed,
    explanation: s.explanation,
    citation: citationText(s.citation),
    ...(s.attestable ? { attestable: true } : {}),
  }));
  const unitRule = ruleset.publicity.find((p) => p.level === 'unit');
  if (unitRule) {
    const status = await unitPublicityStatus(deps, record, campaign.year);
    gates.push({
      id: 'unitPublicity',
      passed: status === 'cleared',
      explanation:
        status === 'cleared' ? '本单位公示期满，无异议' : status === 'open' ? '本单位公示尚未期满' : status === 'held' ? '本单位公示中收到的举报尚在核查' : status === 'disqualified' ? '公示中举报核查属实，已取消资格' : '尚未在本单位公示（请先发布本单位公示）',
      citation: citationText(unitRule.citation),
    });
  }
  return gates;
}

async function unitPublicityStatus(deps: CampaignDeps, record: ApplicationRecord, year: number): Promise<'none' | 'open' | 'cleared' | 'held' | 'disqualified'> {
  const out = await deps.db.send(
    new QueryCommand({ TableName: deps.table, IndexName: 'byParent', KeyConditionExpression: 'gsi1pk = :p', ExpressionAttributeValues: { ':p': publicityKeys.unitWindows(record.applyingUnitId) } }),
  );
  // The worst state wins (issue 14): a nominee held by a report in one window is not cleared by a quiet second one.
  const rank = { none: 0, cleared: 1, open: 2, held: 3, disqualified: 4 } as const;
  let best: 'none' | 'open' | 'cleared' | 'held' | 'disqualified' = 'none';
  for (const p of out.Items ?? []) {
    if (Number(p.year) !== year) continue;
    const entries = await deps.db.send(
      new QueryCommand({ TableName: deps.table, KeyConditionExpression: 'pk = :pk AND begins_with(sk, :e)', ExpressionAttributeValues: { ':pk': `PUBLICITY#${String(p.publicityId)}`, ':e': 'ENTRY#' }, ConsistentRead: true }),
    );
    for (const e of entries.Items ?? []) {
      if (e.nomineeRef !== record.nominee.id || e.title !== record.title) continue;
      const status = e.status === 'listed' ? 'open' : (e.status as 'cleared' | 'held' | 'disqualified');
      if (status === 'disqualified') return 'disqualified';
      if (rank[status] > rank[best]) best = status;
    }
  }
  return best;
}

export async function viewOf(deps: CampaignDeps, record: ApplicationRecord, campaign: CampaignRecord): Promise<ApplicationView> {
  const ruleset = getRuleset(campaign.rulesetId) as Ruleset;
  const facts = await factsOf(deps, record, campaign);
  const eligibility = evaluateEligibility(ruleset, record.title, facts, { year: lastFactYear(factYearsOf(campaign)) });
  const gates = await gatesOf(deps, record, ruleset, campaign, facts);
  return {
    applicationId: record.applicationId,
    campaignId: record.campaignId,
    title: record.title,
    titleLabel: titleLabels[record.title],
    nominee: record.nominee,
    applyingUnitId: record.applyingUnitId,
    recommendingUnitId: record.recommendingUnitId,
    status: record.status,
    version: record.version,
    atOrgId: record.atOrgId,
    facts: facts as unknown as Record<string, unknown>,
    narrative: record.narrative,
    summary: record.summary,
    consultation: record.consultation,
    verdict: eligibility.verdict,
    conditions: eligibility.results.map((r) => ({
      conditionId: r.conditionId,
      status: r.status,
      severity: r.severity,
      citation: citationText(r.citation),
      description: r.description,
      explanation: r.explanation,
      ...(r.reading === undefined ? {} : { reading: r.reading }),
    })),
    gates,
    history: record.history,
  };
}

/** Submission: refused while a hard condition fails or a required step is missing, with the reasons and articles. */
export async function submitApplication(deps: CampaignDeps, session: Session, applicationId: string, version: number): Promise<ApplicationView> {
  const record = await getApplication(deps, applicationId);
  const actor = await requireScope(deps.directory, session, filers, await orgOf(deps, record.applyingUnitId));
  if (record.status !== 'draft' && record.status !== 'returned') throw new DomainError('APPLICATION.WRONG_STATE');
  const campaign = await getCampaign(deps, record.campaignId);
  // The deadline is a Beijing date: open until 24:00 Asia/Shanghai of that day.
  if (new Date(deps.now().getTime() + 8 * 3600_000).toISOString().slice(0, 10) > campaign.submissionDeadline) throw new DomainError('CAMPAIGN.CLOSED');
  const view = await viewOf(deps, record, campaign);
  const failing = view.conditions.filter((c) => c.status === 'fail' && c.severity === 'hard');
  if (failing.length > 0) {
    throw new DomainError('APPLICATION.INELIGIBLE', {
      message: `申报条件不符合，暂不能提交：${failing.map((c) => `${c.explanation}（${c.citation}）`).join('；')}`,
      details: failing.map((c) => ({ path: `conditions.${c.conditionId}`, message: `${c.explanation}（${c.citation}）` })),
    });
  }
  const missing = view.gates.filter((g) => !g.passed);
  if (missing.length > 0) {
    throw new DomainError('APPLICATION.STEP_MISSING', {
      message: `评选办法要求的程序尚未完成：${missing.map((g) => `${g.explanation}（${g.citation}）`).join('；')}`,
      details: missing.map((g) => ({ path: `gates.${g.id}`, message: `${g.explanation}（${g.citation}）` })),
    });
  }
  const at = deps.now().toISOString();
  const next: ApplicationRecord = {
    ...record,
    status: 'submitted',
    version: record.version + 1,
    atOrgId: record.recommendingUnitId,
    history: [...record.history, { at, by: actor.memberId, action: '提交申报', comment: '' }],
  };
  await putIfVersion(deps, next, version, {
    audit: [{ subjectType: 'application', subjectId: applicationId, scopePath: record.applyingUnitPath, action: 'application.submitted', actor: { memberId: actor.memberId, role: actor.role }, data: { title: record.title, nominee: record.nominee.name } }],
  });
  return viewOf(deps, next, campaign);
}

/**
 * A reviewer of the org the application waits at (its atOrgId) returns it for changes, rejects it (with the
 * article), or passes it onto the level's list board. Two reviewers at once: the version condition lets one through;
 * the other gets APPLICATION.CHANGED_MEANWHILE.
 *
 * Review goes level by level (京工发〔2021〕19号 第十三条 严格自下而上、逐级推荐 and 第十四条 审查通过后，逐级上报;
 * 总工办发〔2020〕15号 第十六条第三款; 焦作 2018 通知 三、（三） 自下而上、逐级审核): only the level the application waits
 * at decides it. A federation above sees it (queueOf, readApplication) and may send an application that level has
 * passed back to that level's review ('return' on a passed application: submitted again, still at atOrgId), but
 * never passes, rejects or returns it to the applicant in that level's place: APPLICATION.NOT_YOUR_LEVEL (403).
 *
 * Where the regulations let a higher level act without the level below (not through this function):
 * - revoking a title awarded: the top federation may decide it directly, telling the recommending unit in writing
 *   (京工发〔2021〕19号 第二十四条; 总工办发〔2020〕15号 第二十六条第三款; 桂工发〔2021〕8号 八、（五） where the report
 *   came straight to the regional federation) — honours and revocation;
 * - disqualifying a nominee found to have forged material or skipped the procedure, at whatever stage it is found
 *   (京工发〔2021〕19号 第十五条第二款; 总工办发〔2020〕15号 第十九条第二款; 焦作 2018 通知 三、（五）) — the publicity
 *   and investigation flow;
 * - grassroots unions directly under the campaign's federation (秦皇岛 2023 第十六条 直属基层工会; 焦作 2018 通知 四、（一）
 *   市属各基层工会): that federation is their recommending unit, so their queue is its own level and it decides it here.
 */
export async function decideApplication(deps: CampaignDeps, session: Session, applicationId: string, decision: z.infer<typeof decisionRequest>): Promise<ApplicationView> {
  const record = await getApplication(deps, applicationId);
  const level = await orgOf(deps, record.atOrgId);
  const actor = await requireScope(deps.directory, session, reviewers, level);
  const own = (await scopesOf(deps.directory, session, reviewers)).find((s) => s.org.orgId === level.orgId);
  // A passed application may still be reconsidered until its list goes up (e.g. to bring the list within quota).
  if (record.status !== 'submitted' && record.status !== 'passed') throw new DomainError('APPLICATION.WRONG_STATE');
  if (own && record.status === 'passed' && decision.action === 'pass') throw new DomainError('APPLICATION.WRONG_STATE');
  const sendBack = !own && decision.action === 'return' && record.status === 'passed';
  if (!own && !sendBack) {
    throw new DomainError('APPLICATION.NOT_YOUR_LEVEL', {
      message: `该申报正由${level.name}审核：上级工会可以查看，或在该级审核通过后退回该级重新审核，但不能代为通过、不予通过或退回申报单位（自下而上、逐级审核）`,
    });
  }
  const decider = own ?? actor;
  if (record.version !== decision.version) throw new DomainError('APPLICATION.CHANGED_MEANWHILE');
  const at = deps.now().toISOString();
  const status = sendBack ? 'submitted' : decision.action === 'return' ? 'returned' : decision.action === 'reject' ? 'rejected' : 'passed';
  const label = sendBack ? '上级退回重审' : { return: '退回修改', reject: '不予通过', pass: '审核通过' }[decision.action];
  const next: ApplicationRecord = {
    ...record,
    status,
    version: record.version + 1,
    atOrgId: status === 'returned' ? record.applyingUnitId : record.atOrgId,
    history: [...record.history, { at, by: decider.memberId, action: label, comment: decision.article ? `${decision.comment}（依据：${decision.article}）` : decision.comment }],
  };
  const action = decision.action === 'return' ? 'application.returned' : decision.action === 'reject' ? 'application.rejected' : 'application.passed';
  const title = `${titleLabels[record.title]} · ${record.nominee.name}`;
  // Sent back: the level's own reviewers are told it waits for them again, and the applicant what happened.
  const levelReviewers = sendBack ? (await dynamoRoleBook(deps.db, deps.table).holdersOf(level.orgId)).filter((h) => (reviewers as readonly string[]).includes(h.role)).map((h) => h.memberId) : [];
  const recipients = [...new Set([record.filedBy, ...levelReviewers])];
  await putIfVersion(deps, next, decision.version, {
    audit: [
      {
        subjectType: 'application',
        subjectId: applicationId,
        scopePath: record.applyingUnitPath,
        action,
        actor: { memberId: decider.memberId, role: decider.role },
        reason: decision.comment || label,
        ...(decision.article ? { citation: { doc: getRuleset((await getCampaign(deps, record.campaignId)).rulesetId)?.citationDoc ?? '', article: decision.article } } : {}),
        ...(sendBack ? { data: { sentBackTo: level.orgId } } : {}),
      },
    ],
    notices: recipients.map((recipientId) => ({ eventId: `application#${applicationId}#${next.version}`, recipientId, templateKey: 'application.statusChanged', params: { title, status: sendBack ? '退回重审' : label, comment: decision.comment } })),
  });
  return viewOf(deps, next, await getCampaign(deps, record.campaignId));
}

/** The applications waiting at the caller's orgs (reviewers) or filed by their union (chairs). */
export async function queueOf(deps: CampaignDeps, session: Session, orgId: string, status?: string): Promise<ApplicationRecord[]> {
  const { org } = await requireScopeOn(deps.directory, session, [...reviewers, ...filers], orgId);
  const items = await queryAll(deps.db, {
    TableName: deps.table,
    IndexName: 'byParent',
    KeyConditionExpression: status ? 'gsi1pk = :p AND begins_with(gsi1sk, :s)' : 'gsi1pk = :p',
    ExpressionAttributeValues: { ':p': campaignKeys.queue(orgId), ...(status ? { ':s': `${status}#` } : {}) },
  });
  return items.map((i) => i as unknown as ApplicationRecord).filter((a) => isInSubtree(a.applyingUnitPath, org.path) || a.atOrgId === org.orgId);
}

