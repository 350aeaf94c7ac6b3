import { GetCommand } from '../storage/document-client';
import { getRuleset } from '@config/rulesets';
import { caseStatusLabels, type openRevocationRequest, type RevocationCaseView, type RevocationListResponse, type RevocationOptionsResponse, type revocationStepRequest } from '@shared/api/revocation';
import { reportStatusLabels } from '@shared/api/publicity';
import { formatShanghaiDate } from '@shared/calendar/shanghai-date';
import type { Role } from '@shared/domain/org';
import { rootIdOf } from '@shared/domain/org-tree';
import { DomainError, fieldError } from '@shared/errors';
import { citationText, type Citation } from '@shared/rules/citation';
import { caseStatus, nextStep, revocationTriggerLabels, routeOf, startCase, takeStep, type RevocationCase } from '@shared/rules/revocation-procedure';
import type { RevocationActor, RevocationRoute, Ruleset } from '@shared/rules/ruleset-schema';
import { titleLabels, type TitleCode } from '@shared/rules/titles';
import { randomUUID } from 'node:crypto';
import type * as z from 'zod';
import type { Session } from '../auth/session-token';
import { campaignKeys } from '../campaign/campaign-items';
import type { CampaignDeps } from '../campaign/campaigns';
import { ChangeRefused, commitWithNotices, type TransactItem } from '../notify/outbox';
import type { NoticeDraft } from '../notify/notice';
import { dynamoRoleBook } from '../orgs/dynamo-org-store';
import { publicityKeys } from '../publicity/publicity-items';
import { requireScope, requireScopeOn, scopesOf } from '../scope/scope';
import { queryAll } from '../storage/dynamo';
import { recheckKeys } from './recheck-run';
import { recoveryTaskOpening } from './recovery-tasks';
import { registeredHonour, stateOf } from './register-state';
import type { HonourEventRecord } from './register-items';
import { actingRoles, actsFor, caseBodies } from './revocation-bodies';
import { revocationKeys, type RevocationCaseRecord } from './revocation-items';

type Deps = Pick<CampaignDeps, 'db' | 'table' | 'directory' | 'now'>;

/**
 * 撤销荣誉称号 by due procedure (issue 17 point 3): 总工办发〔2020〕15号 第二十六条, 京工发〔2021〕19号 第二十三条–第二十四条,
 * 桂工发〔2021〕8号 八、（五）. A case is opened on a standing honour by a body of the route (or the awarding body's
 * organisers), resting on a request of the recommending unit, a report found true, a failed 复查 or an automatic flag —
 * each checked against the stored record. Then each step is taken by the body the route names, against the version
 * the caller read; the last approval revokes the title in the same transaction as its recovery task (第二十七条), and
 * every step is audited and notified to the holder's union, the recommending unit and the body whose turn it is.
 */

/** Who reads cases: the federations above the holder, and the holder's own union. */
const readers: readonly Role[] = ['organiser', 'reviewer', 'chair'];
const dayOf = (at: string): string => formatShanghaiDate(new Date(at));

const honourItem = (deps: Deps, certificateNo: string) => registeredHonour(deps, certificateNo, true);

const holderTarget = (item: { holderOrgId?: unknown; holderPath?: unknown }) => ({ orgId: String(item.holderOrgId), name: '', level: 'grassroots' as const, kind: 'enterprise' as const, path: String(item.holderPath) });

/** The honour, once the caller reads registers somewhere and reaches its holder (scope before existence). */
async function readableHonour(deps: Deps, session: Session, certificateNo: string, roles: readonly Role[] = readers): Promise<Record<string, unknown>> {
  if ((await scopesOf(deps.directory, session, roles)).length === 0) throw new DomainError('SCOPE.FORBIDDEN');
  const item = await honourItem(deps, certificateNo);
  await requireScope(deps.directory, session, roles, holderTarget(item));
  return item;
}

function rulesetOf(item: Record<string, unknown>): Ruleset {
  const ruleset = getRuleset(String(item.rulesetId ?? ''));
  if (!ruleset) throw fieldError('rulesetId', `该荣誉的评选办法（${String(item.rulesetId ?? '未载明')}）不在本系统中，不能按程序撤销`);
  return ruleset;
}

const standing = (item: Record<string, unknown>) => !['revoked', 'recovered'].includes(stateOf(item));

interface FoundReport {
  reportId: string;
  outcomeLabel: string;
  reason: string;
  article: string;
  at: string;
  scopePath: string;
}

/** A report on this honour's application whose finding was 核查属实 or 部分属实, or undefined. */
async function foundReport(deps: Deps, honour: Record<string, unknown>, reportId: string): Promise<FoundReport | undefined> {
  const report = (await deps.db.send(new GetCommand({ TableName: deps.table, Key: publicityKeys.report(reportId) }))).Item as Record<string, unknown> | undefined;
  const finding = report?.finding as { outcome: string; reason: string; article: string; at: string } | null | undefined;
  if (!report || !finding || (finding.outcome !== 'substantiated' && finding.outcome !== 'partlySubstantiated')) return undefined;
  const entry = (await deps.db.send(new GetCommand({ TableName: deps.table, Key: publicityKeys.entry(String(report.publicityId), String(report.entryId)) }))).Item;
  if (!entry || typeof honour.applicationId !== 'string' || entry.applicationId !== honour.applicationId) return undefined;
  return { reportId, outcomeLabel: reportStatusLabels[finding.outcome], reason: finding.reason, article: finding.article, at: finding.at, scopePath: String(report.scopePath) };
}

/** Reports found true on the honour's application, anywhere in its tree. */
async function foundReports(deps: Deps, honour: Record<string, unknown>): Promise<FoundReport[]> {
  if (typeof honour.applicationId !== 'string') return [];
  const reports = await queryAll(deps.db, {
    TableName: deps.table,
    IndexName: 'bySubtree',
    KeyConditionExpression: 'gsi3pk = :p',
    FilterExpression: '#status IN (:s, :ps)',
    ExpressionAttributeNames: { '#status': 'status' },
    ExpressionAttributeValues: { ':p': publicityKeys.reportScope(rootIdOf(String(honour.holderPath))), ':s': 'substantiated', ':ps': 'partlySubstantiated' },
  });
  const found = await Promise.all(reports.filter((r) => r.nomineeName === honour.nomineeName).map((r) => foundReport(deps, honour, String(r.reportId))));
  return found.filter((r): r is FoundReport => r !== undefined);
}

/** Years whose 复查 failed or flagged the honour, with the grounds flagged. */
async function adverseRechecks(deps: Deps, certificateNo: string): Promise<RevocationOptionsResponse['rechecks']> {
  const items = await queryAll(deps.db, { TableName: deps.table, KeyConditionExpression: 'pk = :pk AND begins_with(sk, :r)', ExpressionAttributeValues: { ':pk': recheckKeys.result(certificateNo, 0).pk, ':r': 'RECHECK#' } });
  return items
    .filter((r) => r.outcome === 'failed' || r.outcome === 'flagged')
    .map((r) => ({ year: Number(r.year), outcome: r.outcome as 'failed' | 'flagged', label: r.outcome === 'failed' ? `${String(r.year)} 年度复查未通过` : `${String(r.year)} 年度复查触发撤销情形`, groundIds: ((r.flags ?? []) as { groundId: string }[]).map((f) => f.groundId) }))
    .sort((a, b) => b.year - a.year);
}

const groundsFor = (ruleset: Ruleset, title: TitleCode) => ruleset.revocation.grounds.filter((g) => g.titles.includes(title));

/** GET /v1/honours/{certificateNo}/revocation-options: what the caller may start on this honour. */
export async function revocationOptions(deps: Deps, session: Session, certificateNo: string): Promise<RevocationOptionsResponse> {
  const honour = await readableHonour(deps, session, certificateNo, ['organiser', 'reviewer']);
  const ruleset = getRuleset(String(honour.rulesetId ?? ''));
  const title = honour.titleCode as TitleCode;
  const [rechecks, reports] = await Promise.all([adverseRechecks(deps, certificateNo), foundReports(deps, honour)]);
  const base = {
    ...(typeof honour.openRevocationId === 'string' ? { openCaseId: honour.openRevocationId } : {}),
    rechecks,
    reports: reports.map((r) => ({ reportId: r.reportId, outcomeLabel: r.outcomeLabel, reason: r.reason, article: r.article, on: dayOf(r.at) })),
  };
  if (!ruleset || ruleset.revocation.routes.length === 0) {
    return { ...base, routes: [], grounds: [], refusal: `${ruleset?.citationDoc ?? '该荣誉的评选办法'}未规定撤销程序，本系统不能按程序撤销；请按授予单位的规定办理` };
  }
  const bodies = await caseBodies(deps, honour);
  const mayOpen = await Promise.all(ruleset.revocation.routes.map((route) => mayOpenOn(deps, session, bodies, route)));
  const routes = ruleset.revocation.routes.filter((_, i) => mayOpen[i]);
  const refusal = !standing(honour) ? '该荣誉称号已撤销或证书已收回' : routes.length === 0 ? `撤销由${ruleset.revocation.routes.map((r) => r.steps[0]?.body).join('或')}发起，您所在的单位不能发起` : undefined;
  return {
    ...base,
    routes: routes.map((r) => ({ routeId: r.id, label: r.label, description: r.description, citation: citationText(r.citation), needsGround: r.needsGround, triggers: r.startsOn.map((t) => ({ trigger: t, label: revocationTriggerLabels[t] })), decision: r.decision })),
    grounds: groundsFor(ruleset, title).map((g) => ({ id: g.id, description: g.description, citation: citationText(g.citation) })),
    ...(refusal ? { refusal } : {}),
  };
}

/** A case on a route is opened by the body of its first step, or by the awarding body's organisers (who supervise). */
async function mayOpenOn(deps: Deps, session: Session, bodies: RevocationCaseRecord['bodies'], route: RevocationRoute): Promise<boolean> {
  const first = route.steps[0];
  if (first && (await actsFor(deps.directory, session.memberId, bodies, first.actor))) return true;
  return actsFor(deps.directory, session.memberId, bodies, 'awardingLeadership');
}

/** What the trigger rests on, checked against the records: a found report, a failed or flagging 复查. */
async function triggerBasis(deps: Deps, honour: Record<string, unknown>, route: RevocationRoute, request: z.output<typeof openRevocationRequest>): Promise<string> {
  const certificateNo = String(honour.certificateNo);
  switch (request.trigger) {
    case 'request':
      return '原推荐单位申请撤销';
    case 'reportFound': {
      if (!request.reportId) throw fieldError('reportId', '「举报核查属实」须写明举报编号（reportId）');
      const report = await foundReport(deps, honour, request.reportId);
      if (!report) throw fieldError('reportId', '该举报（reportId）不是对本荣誉获得者的举报，或核查结论不是「核查属实」「部分属实」');
      if (route.reportMadeTo === 'awardingBody' && report.scopePath !== String(honour.awardingPath)) {
        throw fieldError('reportId', `该举报（reportId）不能发起「${route.label}」：只适用于举报人直接向${String(honour.awardingOrgName)}举报的情形（${citationText(route.citation)}）；其他举报请按逐级申请程序办理`);
      }
      return `${report.outcomeLabel === '核查属实' ? '' : `${report.outcomeLabel}：`}${report.reason.slice(0, 120)}（${report.article}）`;
    }
    case 'recheckFailed':
    case 'automaticFlag': {
      if (request.recheckYear === undefined) throw fieldError('recheckYear', '请写明复查年度（recheckYear）');
      const recheck = (await deps.db.send(new GetCommand({ TableName: deps.table, Key: recheckKeys.result(certificateNo, request.recheckYear) }))).Item;
      const wanted = request.trigger === 'recheckFailed' ? 'failed' : 'flagged';
      if (recheck?.outcome !== wanted) throw fieldError('recheckYear', `复查年度（recheckYear）${request.recheckYear} 年度复查的结论不是「${wanted === 'failed' ? '复查未通过' : '触发撤销情形'}」`);
      if (wanted === 'flagged' && request.groundId) {
        const flagged = ((recheck.flags ?? []) as { groundId: string }[]).map((f) => f.groundId);
        if (!flagged.includes(request.groundId)) throw fieldError('groundId', `${request.recheckYear} 年度复查触发的撤销情形不包括所选情形（groundId）`);
      }
      return wanted === 'failed' ? `${request.recheckYear} 年度复查未通过` : `${request.recheckYear} 年度复查触发撤销情形`;
    }
  }
}

/** The decision's article: the ground found where there is one, else the route's. */
function decisionCitation(ruleset: Ruleset, record: Pick<RevocationCaseRecord, 'groundId' | 'routeId'>): Citation {
  const ground = record.groundId ? ruleset.revocation.grounds.find((g) => g.id === record.groundId) : undefined;
  return ground?.citation ?? routeOf(ruleset, { routeId: record.routeId } as RevocationCase).citation;
}

/** POST /v1/honours/{certificateNo}/revocations: opens a case on a standing honour. */
export async function openRevocation(deps: Deps, session: Session, certificateNo: string, request: z.output<typeof openRevocationRequest>): Promise<RevocationCaseView> {
  const honour = await readableHonour(deps, session, certificateNo, ['organiser', 'reviewer']);
  const ruleset = rulesetOf(honour);
  const title = honour.titleCode as TitleCode;
  const started = startCase(ruleset, { routeId: request.routeId, title, trigger: request.trigger, ...(request.groundId ? { groundId: request.groundId } : {}) });
  if (!started.ok) throw fieldError(started.refusal.field, started.refusal.message);
  const route = routeOf(ruleset, started.value);
  const bodies = await caseBodies(deps, honour);
  if (!(await mayOpenOn(deps, session, bodies, route))) {
    throw new DomainError('REVOCATION.NOT_YOUR_STEP', { message: `「${route.label}」由${route.steps[0]?.body ?? ''}（${bodies[route.steps[0]?.actor ?? 'awardingLeadership'].orgName}）或授予单位发起，您所在的单位不能发起` });
  }
  if (!standing(honour)) throw new DomainError('REVOCATION.NOT_STANDING');
  if (typeof honour.openRevocationId === 'string') throw new DomainError('REVOCATION.ALREADY_OPEN');
  const basis = await triggerBasis(deps, honour, route, request);

  const now = deps.now();
  const at = now.toISOString();
  const caseId = randomUUID();
  const member = session.memberId ? await deps.directory.getMember(session.memberId) : undefined;
  const record: RevocationCaseRecord = {
    entity: 'revocationCase',
    caseId,
    certificateNo,
    rulesetId: ruleset.id,
    routeId: route.id,
    title,
    holderName: String(honour.nomineeName),
    holderOrgId: String(honour.holderOrgId),
    holderOrgName: String(honour.holderOrgName ?? ''),
    holderPath: String(honour.holderPath),
    awardingOrgName: String(honour.awardingOrgName ?? bodies.awardingLeadership.orgName),
    trigger: request.trigger,
    triggerBasis: basis,
    ...(request.reportId && request.trigger === 'reportFound' ? { reportId: request.reportId } : {}),
    ...(request.recheckYear !== undefined && (request.trigger === 'recheckFailed' || request.trigger === 'automaticFlag') ? { recheckYear: request.recheckYear } : {}),
    ...(request.groundId ? { groundId: request.groundId } : {}),
    grounds: request.grounds,
    bodies,
    openedAt: at,
    openedBy: session.memberId ?? '',
    openedByName: member?.name ?? '',
    steps: [],
    status: 'open',
    version: 1,
    gsi3pk: revocationKeys.partition(rootIdOf(String(honour.holderPath))),
    gsi3sk: revocationKeys.sort(String(honour.holderPath), at, caseId),
  };
  const event: HonourEventRecord = { kind: 'revocationOpened', state: stateOf(honour), at, by: session.memberId ?? '', note: `${route.label}（${revocationTriggerLabels[request.trigger]}：${basis}）` };
  const writes: TransactItem[] = [
    { Put: { TableName: deps.table, Item: { ...revocationKeys.case(caseId), ...record }, ConditionExpression: 'attribute_not_exists(pk)' } },
    {
      Update: {
        TableName: deps.table,
        Key: campaignKeys.honour(certificateNo),
        UpdateExpression: 'SET openRevocationId = :case, history = list_append(if_not_exists(history, :none), :event)',
        ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(openRevocationId) AND (attribute_not_exists(#status) OR NOT #status IN (:revoked, :recalled)) AND (attribute_not_exists(#state) OR NOT #state IN (:revoked, :recovered))',
        ExpressionAttributeNames: { '#status': 'status', '#state': 'state' },
        ExpressionAttributeValues: { ':case': caseId, ':none': [], ':event': [event], ':revoked': 'revoked', ':recalled': 'recalled', ':recovered': 'recovered' },
      },
    },
  ];
  const waiting = route.steps[0];
  const notices = await caseNotices(deps, record, `opened`, `${record.openedByName || '授予单位'}启动了「${route.label}」程序（${revocationTriggerLabels[request.trigger]}）`, waiting ? { actor: waiting.actor, step: waiting.description } : undefined, session.memberId);
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
            scopePath: String(honour.awardingPath ?? honour.holderPath),
            action: 'honour.revocationOpened',
            actor: { memberId: session.memberId ?? '', role: 'organiser' },
            reason: request.grounds,
            citation: auditCitation(route.citation),
            data: { caseId, routeId: route.id, trigger: request.trigger, basis, ...(request.groundId ? { groundId: request.groundId } : {}) },
          },
        ],
      },
      now,
    );
  } catch (error) {
    if (error instanceof ChangeRefused) {
      const again = await honourItem(deps, certificateNo);
      throw new DomainError(standing(again) ? 'REVOCATION.ALREADY_OPEN' : 'REVOCATION.NOT_STANDING', { cause: error });
    }
    throw error;
  }
  return viewOf(deps, session, record);
}

const auditCitation = (c: Citation) => ({ doc: c.doc, article: c.article, ...(c.item ? { item: c.item } : {}) });

async function caseRecord(deps: Deps, session: Session, caseId: string): Promise<RevocationCaseRecord> {
  if ((await scopesOf(deps.directory, session, readers)).length === 0) throw new DomainError('SCOPE.FORBIDDEN');
  const record = (await deps.db.send(new GetCommand({ TableName: deps.table, Key: revocationKeys.case(caseId), ConsistentRead: true }))).Item as RevocationCaseRecord | undefined;
  if (record?.entity !== 'revocationCase') throw new DomainError('REVOCATION.NOT_FOUND');
  await requireScope(deps.directory, session, readers, holderTarget(record));
  return record;
}

const asCase = (r: RevocationCaseRecord): RevocationCase => ({ rulesetId: r.rulesetId, routeId: r.routeId, title: r.title, trigger: r.trigger, ...(r.groundId ? { groundId: r.groundId } : {}), steps: r.steps.map((s) => ({ stepId: s.stepId, approved: s.approved })) });

/** GET /v1/revocations/{caseId} */
export async function revocationCase(deps: Deps, session: Session, caseId: string): Promise<RevocationCaseView> {
  return viewOf(deps, session, await caseRecord(deps, session, caseId));
}

async function viewOf(deps: Deps, session: Session, r: RevocationCaseRecord): Promise<RevocationCaseView> {
  const ruleset = getRuleset(r.rulesetId) as Ruleset;
  const route = routeOf(ruleset, asCase(r));
  const status = caseStatus(route, asCase(r));
  const waiting = nextStep(route, asCase(r));
  const ground = r.groundId ? ruleset.revocation.grounds.find((g) => g.id === r.groundId) : undefined;
  return {
    caseId: r.caseId,
    certificateNo: r.certificateNo,
    title: titleLabels[r.title],
    holderName: r.holderName,
    holderOrgName: r.holderOrgName,
    awardingBody: r.awardingOrgName,
    rulesetName: ruleset.citationDoc,
    routeId: r.routeId,
    routeLabel: route.label,
    routeCitation: citationText(route.citation),
    trigger: r.trigger,
    triggerLabel: revocationTriggerLabels[r.trigger],
    triggerBasis: r.triggerBasis,
    ...(ground ? { ground: { id: ground.id, description: ground.description, citation: citationText(ground.citation) } } : {}),
    openedBy: r.openedByName,
    openedOn: dayOf(r.openedAt),
    grounds: r.grounds,
    status,
    statusLabel: caseStatusLabels[status],
    version: r.version,
    steps: route.steps.map((step, i) => {
      const taken = r.steps[i];
      const body = r.bodies[step.actor];
      return {
        stepId: step.id,
        action: step.action,
        actor: step.actor,
        body: step.body,
        orgId: body.orgId,
        orgName: body.orgName,
        description: step.description,
        citation: citationText(step.citation),
        ...(taken ? { taken: { approved: taken.approved, byName: taken.byName, at: taken.at, on: dayOf(taken.at), grounds: taken.grounds } } : {}),
      };
    }),
    ...(waiting ? { waiting: { stepId: waiting.id, mayAct: await mayTake(deps, session.memberId, r, waiting.actor) } } : {}),
    ...(status === 'revoked' && r.decidedAt ? { decision: { text: route.decision, citation: citationText(decisionCitation(ruleset, r)), on: dayOf(r.decidedAt) } } : {}),
  };
}

/**
 * Whether the member acts for the body at this step. Verifying (核查) and approving (批准) are the awarding body's two
 * separate acts: one person does not take both in a case (本系统的规则，so that a finding is checked by a second person).
 */
async function mayTake(deps: Deps, memberId: string | null | undefined, r: RevocationCaseRecord, actor: RevocationActor): Promise<boolean> {
  if (!(await actsFor(deps.directory, memberId, r.bodies, actor))) return false;
  const awarding: RevocationActor[] = ['awardingDepartment', 'awardingLeadership'];
  if (awarding.includes(actor)) {
    const ruleset = getRuleset(r.rulesetId) as Ruleset;
    const route = routeOf(ruleset, asCase(r));
    const tookAwardingStep = r.steps.some((s, i) => s.by === memberId && awarding.includes(route.steps[i]?.actor as RevocationActor));
    if (tookAwardingStep) return false;
  }
  return true;
}

/** POST /v1/revocations/{caseId}/steps: the step waiting, by its body, against the version read. */
export async function takeRevocationStep(deps: Deps, session: Session, caseId: string, request: z.output<typeof revocationStepRequest>): Promise<RevocationCaseView> {
  const record = await caseRecord(deps, session, caseId);
  const ruleset = getRuleset(record.rulesetId) as Ruleset;
  const route = routeOf(ruleset, asCase(record));
  const waiting = nextStep(route, asCase(record));
  if (record.version !== request.version) throw new DomainError('REVOCATION.CHANGED_MEANWHILE');
  if (waiting && waiting.id === request.stepId && !(await mayTake(deps, session.memberId, record, waiting.actor))) {
    const body = record.bodies[waiting.actor];
    const again = record.steps.some((s) => s.by === session.memberId);
    throw new DomainError('REVOCATION.NOT_YOUR_STEP', {
      message: again && (await actsFor(deps.directory, session.memberId, record.bodies, waiting.actor)) ? `核查和批准应由不同人员办理：您已办理本案的上一步，这一步请由${body.orgName}的其他人员办理` : `这一步「${waiting.description}」只能由${waiting.body}（${body.orgName}）办理（${citationText(waiting.citation)}）`,
    });
  }
  const taken = takeStep(route, asCase(record), { stepId: request.stepId, actor: waiting?.actor ?? 'awardingLeadership', approved: request.approved });
  if (!taken.ok) throw fieldError(taken.refusal.field, taken.refusal.message);
  const status = caseStatus(route, taken.value);

  const now = deps.now();
  const at = now.toISOString();
  const member = session.memberId ? await deps.directory.getMember(session.memberId) : undefined;
  const step = { stepId: request.stepId, approved: request.approved, grounds: request.grounds, by: session.memberId ?? '', byName: member?.name ?? '', orgId: record.bodies[waiting!.actor].orgId, at };
  const next: RevocationCaseRecord = { ...record, steps: [...record.steps, step], status, version: record.version + 1, ...(status === 'revoked' ? { decidedAt: at } : {}) };
  const writes: TransactItem[] = [
    {
      Update: {
        TableName: deps.table,
        Key: revocationKeys.case(caseId),
        UpdateExpression: 'SET steps = :steps, #status = :status, version = :next' + (status === 'revoked' ? ', decidedAt = :at' : ''),
        ConditionExpression: 'version = :version',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':steps': next.steps, ':status': status, ':next': next.version, ':version': record.version, ...(status === 'revoked' ? { ':at': at } : {}) },
      },
    },
  ];
  const citation = decisionCitation(ruleset, record);
  let notices: NoticeDraft[];
  let recovery: { writes: TransactItem[]; notices: NoticeDraft[] } = { writes: [], notices: [] };
  if (status === 'revoked') {
    const honour = await honourItem(deps, record.certificateNo);
    const event: HonourEventRecord = { kind: 'revoked', state: 'revoked', at, by: session.memberId ?? '', note: `${route.decision}（${citationText(citation)}）` };
    writes.push({
      Update: {
        TableName: deps.table,
        Key: campaignKeys.honour(record.certificateNo),
        UpdateExpression: 'SET #status = :revoked, #state = :revoked, revokedAt = :at, revocationCitation = :citation, revocationCaseId = :case, history = list_append(if_not_exists(history, :none), :event) REMOVE openRevocationId',
        ConditionExpression: 'openRevocationId = :case',
        ExpressionAttributeNames: { '#status': 'status', '#state': 'state' },
        ExpressionAttributeValues: { ':revoked': 'revoked', ':at': at, ':citation': auditCitation(citation), ':case': caseId, ':none': [], ':event': [event] },
      },
    });
    recovery = await recoveryTaskOpening(deps, { ...honour, status: 'revoked', state: 'revoked', revokedAt: at }, { kind: 'revoked', caseId, citation: citationText(citation) });
    notices = await caseNotices(deps, next, `revoked`, `${record.awardingOrgName}作出决定：${route.decision}（${citationText(citation)}）`, undefined, session.memberId);
  } else if (status === 'refused') {
    const event: HonourEventRecord = { kind: 'revocationRefused', state: 'current', at, by: session.memberId ?? '', note: `${waiting!.body}不同意：${request.grounds.slice(0, 120)}` };
    writes.push({
      Update: {
        TableName: deps.table,
        Key: campaignKeys.honour(record.certificateNo),
        UpdateExpression: 'SET history = list_append(if_not_exists(history, :none), :event) REMOVE openRevocationId',
        ConditionExpression: 'openRevocationId = :case',
        ExpressionAttributeValues: { ':case': caseId, ':none': [], ':event': [event] },
      },
    });
    notices = await caseNotices(deps, next, `refused`, `${waiting!.body}（${record.bodies[waiting!.actor].orgName}）不同意撤销，程序终止，称号保留`, undefined, session.memberId);
  } else {
    const after = nextStep(route, taken.value);
    notices = await caseNotices(deps, next, `step${next.steps.length}`, `${waiting!.body}（${record.bodies[waiting!.actor].orgName}）已${request.approved ? '同意' : '不同意'}：${waiting!.description}`, after ? { actor: after.actor, step: after.description } : undefined, session.memberId);
  }
  const action = status === 'revoked' ? 'honour.revoked' : status === 'refused' ? 'honour.revocationRefused' : 'honour.revocationStep';
  try {
    await commitWithNotices(
      deps.db,
      deps.table,
      {
        writes: [...writes, ...recovery.writes],
        notices: [...notices, ...recovery.notices].slice(0, 60),
        audit: [
          {
            subjectType: 'honour',
            subjectId: record.certificateNo,
            scopePath: scopePathOf(record),
            action,
            actor: { memberId: session.memberId ?? '', role: waiting!.actor === 'awardingLeadership' ? 'organiser' : 'reviewer' },
            reason: request.grounds,
            citation: auditCitation(status === 'revoked' ? citation : waiting!.citation),
            data: { caseId, stepId: request.stepId, approved: request.approved, body: waiting!.body, orgId: step.orgId, version: next.version },
          },
        ],
      },
      now,
    );
  } catch (error) {
    if (error instanceof ChangeRefused) throw new DomainError('REVOCATION.CHANGED_MEANWHILE', { cause: error });
    throw error;
  }
  return viewOf(deps, session, next);
}

/** The awarding body's path: the audit chain of the honour is scoped there, as its award was. */
const scopePathOf = (r: RevocationCaseRecord): string => {
  const ids = r.holderPath.split('/').filter(Boolean);
  const at = ids.indexOf(r.bodies.awardingLeadership.orgId);
  return at >= 0 ? `/${ids.slice(0, at + 1).join('/')}` : r.holderPath;
};

/**
 * Notices of a case event: the holder's union (its chairs), the recommending unit, and the body whose turn it is —
 * each person once, the one who acted left out.
 */
async function caseNotices(deps: Deps, r: RevocationCaseRecord, eventName: string, progress: string, waiting: { actor: RevocationActor; step: string } | undefined, actorId: string | null | undefined): Promise<NoticeDraft[]> {
  const book = dynamoRoleBook(deps.db, deps.table);
  const holdersOf = async (orgId: string, roles: readonly Role[]) => (await book.holdersOf(orgId)).filter((h) => roles.includes(h.role)).map((h) => h.memberId);
  const params = { holder: r.holderName, title: titleLabels[r.title], caseId: r.caseId };
  const sent = new Set<string>(actorId ? [actorId] : []);
  const notices: NoticeDraft[] = [];
  const add = (ids: string[], draft: (id: string) => NoticeDraft) => {
    for (const id of ids.slice(0, 20)) {
      if (sent.has(id)) continue;
      sent.add(id);
      notices.push(draft(id));
    }
  };
  const ruleset = getRuleset(r.rulesetId) as Ruleset;
  const route = routeOf(ruleset, asCase(r));
  if (waiting) {
    const body = r.bodies[waiting.actor];
    const step = route.steps.find((s) => s.actor === waiting.actor && s.description === waiting.step);
    add(await holdersOf(body.orgId, actingRoles[waiting.actor]), (id) => ({ eventId: `revocation#${r.caseId}#${eventName}#waiting`, recipientId: id, templateKey: 'honour.revocationWaiting', params: { ...params, route: route.label, body: `${step?.body ?? ''}（${body.orgName}）`, step: waiting.step } }));
  }
  const progressDraft = (id: string): NoticeDraft => ({ eventId: `revocation#${r.caseId}#${eventName}`, recipientId: id, templateKey: 'honour.revocationProgress', params: { ...params, progress } });
  add(await holdersOf(r.holderOrgId, ['chair', 'viceChair']), progressDraft);
  // The recommending unit hears of every step (and of the decision, 书面通报推荐单位 where the route says so).
  add(await holdersOf(r.bodies.recommendingUnit.orgId, ['organiser', 'reviewer']), progressDraft);
  return notices;
}

/** GET /v1/orgs/{orgId}/revocations: the cases on honours held in the org's subtree, newest first. */
export async function revocationsOf(deps: Deps, session: Session, orgId: string, status?: 'open' | 'closed'): Promise<RevocationListResponse> {
  const { org } = await requireScopeOn(deps.directory, session, readers, orgId);
  const items = (await queryAll(deps.db, {
    TableName: deps.table,
    IndexName: 'bySubtree',
    KeyConditionExpression: 'gsi3pk = :p AND begins_with(gsi3sk, :below)',
    ExpressionAttributeValues: { ':p': revocationKeys.partition(rootIdOf(org.path)), ':below': revocationKeys.below(org.path) },
  })) as unknown as RevocationCaseRecord[];
  const kept = items.filter((r) => r.entity === 'revocationCase' && (status === undefined || (status === 'open') === (r.status === 'open'))).sort((a, b) => b.openedAt.localeCompare(a.openedAt));
  const cases = await Promise.all(
    kept.slice(0, 200).map(async (r) => {
      const ruleset = getRuleset(r.rulesetId) as Ruleset;
      const route = routeOf(ruleset, asCase(r));
      const waiting = nextStep(route, asCase(r));
      return {
        caseId: r.caseId,
        certificateNo: r.certificateNo,
        title: titleLabels[r.title],
        holderName: r.holderName,
        routeLabel: route.label,
        status: r.status,
        statusLabel: caseStatusLabels[r.status],
        openedOn: dayOf(r.openedAt),
        ...(waiting ? { waitingFor: `${waiting.body}（${r.bodies[waiting.actor].orgName}）：${waiting.description}` } : {}),
        mayAct: waiting ? await mayTake(deps, session.memberId, r, waiting.actor) : false,
      };
    }),
  );
  return { cases };
}

