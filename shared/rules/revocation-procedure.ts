import { citationText, type Citation } from './citation';
import type { RevocationActor, RevocationRoute, RevocationStep, RevocationTrigger, Ruleset } from './ruleset-schema';
import type { TitleCode } from './titles';

/**
 * 撤销程序 (issue 17 point 3): a revocation case follows one route of its ruleset step by step — the applied route
 * (原推荐单位逐级申请 → 同意并书面报告 → 核查 → 批准: 总工办发〔2020〕15号 第二十六条第一、二款, 京工发〔2021〕19号 第二十三条,
 * 桂工发〔2021〕8号 八、（五）第一、二款) or the direct one (the top body decides on a ground found: 第二十六条第三款,
 * 第二十四条, 八、（五）第三款). Each step is taken by the body the route names, in order; a step refused ends the case
 * with the title standing; the last step approved revokes it with the decision's words.
 *
 * Pure: the store checks versions and scope and records each step; this decides what may happen next.
 */

export const revocationTriggerLabels: Record<RevocationTrigger, string> = {
  request: '原推荐单位申请',
  reportFound: '举报核查属实',
  recheckFailed: '复查未通过',
  automaticFlag: '触发自动撤销情形',
};

export const revocationActorLabels: Record<RevocationActor, string> = {
  recommendingUnit: '原推荐单位',
  agreeingFederation: '所在地区或产业工会',
  awardingDepartment: '授予单位的主管部门',
  awardingLeadership: '授予单位的领导机构',
};

export interface RevocationCase {
  rulesetId: string;
  routeId: RevocationRoute['id'];
  title: TitleCode;
  trigger: RevocationTrigger;
  /** The revocation ground found (its id in the ruleset); required on the direct route. */
  groundId?: string;
  /** Steps taken so far, in order. */
  steps: { stepId: string; approved: boolean }[];
}

export type CaseStatus = 'open' | 'revoked' | 'refused';

/** A refusal, in Chinese, with the article it rests on where there is one. */
export interface ProcedureRefusal {
  field: string;
  message: string;
  citation?: Citation;
}

type Checked<T> = { ok: true; value: T } | { ok: false; refusal: ProcedureRefusal };
const refuse = <T>(field: string, message: string, citation?: Citation): Checked<T> => ({ ok: false, refusal: { field, message, ...(citation ? { citation } : {}) } });

/** The routes a case may take when started by `trigger`. A ruleset without routes has no revocation procedure. */
export function routesOn(ruleset: Ruleset, trigger: RevocationTrigger): RevocationRoute[] {
  return ruleset.revocation.routes.filter((r) => r.startsOn.includes(trigger));
}

/** Checks a new case against its ruleset: the route exists and may start on this trigger, with a ground where needed. */
export function startCase(ruleset: Ruleset, request: Omit<RevocationCase, 'rulesetId' | 'steps'>): Checked<RevocationCase> {
  if (ruleset.revocation.routes.length === 0) return refuse('rulesetId', `${ruleset.citationDoc}未规定撤销程序，不能在本系统中发起撤销`);
  const route = ruleset.revocation.routes.find((r) => r.id === request.routeId);
  if (!route) return refuse('routeId', `撤销程序（routeId）应为${ruleset.revocation.routes.map((r) => `「${r.label}」（${r.id}）`).join('或')}`);
  if (!route.startsOn.includes(request.trigger)) {
    return refuse('trigger', `「${route.label}」程序不能由「${revocationTriggerLabels[request.trigger]}」发起，只能由${route.startsOn.map((t) => `「${revocationTriggerLabels[t]}」`).join('、')}发起（${citationText(route.citation)}）`, route.citation);
  }
  if (route.needsGround) {
    if (!request.groundId) return refuse('groundId', `「${route.label}」须写明查实的撤销情形（groundId）（${citationText(route.citation)}）`, route.citation);
    const ground = ruleset.revocation.grounds.find((g) => g.id === request.groundId);
    if (!ground) return refuse('groundId', `撤销情形（groundId）「${request.groundId}」不是本办法规定的情形`);
    if (!ground.titles.includes(request.title)) return refuse('groundId', `撤销情形「${ground.description}」不适用于该称号（${citationText(ground.citation)}）`, ground.citation);
  } else if (request.groundId && !ruleset.revocation.grounds.some((g) => g.id === request.groundId)) {
    return refuse('groundId', `撤销情形（groundId）「${request.groundId}」不是本办法规定的情形`);
  }
  return { ok: true, value: { rulesetId: ruleset.id, ...request, steps: [] } };
}

export function routeOf(ruleset: Ruleset, c: RevocationCase): RevocationRoute {
  const route = ruleset.revocation.routes.find((r) => r.id === c.routeId);
  if (!route) throw new RangeError(`ruleset ${ruleset.id} has no revocation route ${c.routeId}`);
  return route;
}

export function caseStatus(route: RevocationRoute, c: RevocationCase): CaseStatus {
  if (c.steps.some((s) => !s.approved)) return 'refused';
  return c.steps.length >= route.steps.length ? 'revoked' : 'open';
}

/** The step waiting to be taken, or undefined when the case is over. */
export function nextStep(route: RevocationRoute, c: RevocationCase): RevocationStep | undefined {
  return caseStatus(route, c) === 'open' ? route.steps[c.steps.length] : undefined;
}

/**
 * Takes the next step: only the body it names may act (`actor`, as the store found the caller's place in the tree),
 * and only on the step waiting; a refusal ends the case, the last approval revokes.
 */
export function takeStep(route: RevocationRoute, c: RevocationCase, step: { stepId: string; actor: RevocationActor; approved: boolean }): Checked<RevocationCase> {
  const waiting = nextStep(route, c);
  if (!waiting) return refuse('stepId', caseStatus(route, c) === 'revoked' ? '该撤销案件已作出撤销决定' : '该撤销案件已终止（有一步未同意），称号保留');
  if (waiting.id !== step.stepId) return refuse('stepId', `当前应进行「${waiting.description}」（${waiting.body}），不能跳过或重复步骤`, waiting.citation);
  if (waiting.actor !== step.actor) return refuse('actor', `这一步只能由${waiting.body}办理（${citationText(waiting.citation)}）`, waiting.citation);
  return { ok: true, value: { ...c, steps: [...c.steps, { stepId: step.stepId, approved: step.approved }] } };
}
