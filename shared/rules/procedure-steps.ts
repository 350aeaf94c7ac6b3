import type { Citation } from './citation';
import { nomineeAttributeLabels, type Facts } from './facts';
import type { Condition, Ruleset } from './ruleset-schema';
import type { TitleCode } from './titles';

/**
 * 申报前的程序: the steps a union must have taken before it submits a nomination, read from the ruleset's procedure
 * conditions, each citing the paragraph that asks for it.
 * - `consultation`: the members consulted through their (representative) congress (`step: 'memberConsultation'`),
 *   for collectives and individuals alike (总工办发〔2020〕15号 第十六条第一款: 申报推荐集体和个人的…) — a record
 *   the chair writes; for a collective, a sealed 会员评家 of the nominee also stands for its members' opinion.
 * - a department consultation (`step: 'departmentConsultation'`, e.g. 纪检监察 and 组织人事 for a 党员领导干部 or
 *   公职人员, 第十六条第二款): where the condition applies to the nominee, the chair confirms it was sought; while
 *   the fact deciding whether it applies is unanswered, the step waits for that answer.
 * - `congressBallot`: the congress's secret ballot where the ruleset counts its yes-votes (焦作 三、（三））.
 */

export interface ProcedureStep {
  /** `consultation`, `congressBallot`, or the department condition's id. */
  id: string;
  passed: boolean;
  /** Chinese: what is done, or what is still due. */
  explanation: string;
  citation: Citation;
  /** The chair completes the step by confirming it (a department consultation that applies). */
  attestable: boolean;
}

/** A record shorter than this is no account of a consultation. */
export const minConsultationChars = 5;

export function stepsBeforeSubmission(ruleset: Ruleset, title: TitleCode, facts: Facts, consultation: string): ProcedureStep[] {
  const steps: ProcedureStep[] = [];
  for (const c of ruleset.conditions) {
    if (!c.titles.includes(title)) continue;
    if (c.kind === 'threshold' && c.fact === 'congressYesShare') steps.push(ballotStep(c, facts));
    else if (c.step === 'memberConsultation') steps.push(memberStep(c, facts, consultation));
    else if (c.step === 'departmentConsultation') {
      const step = departmentStep(c, facts);
      if (step) steps.push(step);
    }
  }
  return steps;
}

function ballotStep(c: Condition, facts: Facts): ProcedureStep {
  const sealed = facts.congressYesShare !== undefined;
  return {
    id: 'congressBallot',
    passed: sealed,
    explanation: sealed ? '会员（代表）大会无记名投票结果已封存' : '尚无已封存的会员（代表）大会无记名投票结果：请先发起「大会表决」',
    citation: c.citation,
    attestable: false,
  };
}

function memberStep(c: Condition, facts: Facts, consultation: string): ProcedureStep {
  const recorded = Array.from(consultation.trim()).length >= minConsultationChars;
  // Members rating the union (会员评家) give their opinion of a collective; they say nothing of one person.
  const rated = facts.nominee.kind !== 'person' && facts.memberAppraisalSatisfaction !== undefined;
  const passed = recorded || rated;
  const due = facts.nominee.kind === 'person' ? '请填写征求会员意见的情况' : '请填写征求会员意见的情况（或先完成会员评家）';
  return { id: 'consultation', passed, explanation: passed ? '已征求会员意见' : due, citation: c.citation, attestable: false };
}

function departmentStep(c: Condition, facts: Facts): ProcedureStep | undefined {
  if (c.appliesWhen) {
    const { fact, anyOf, description } = c.appliesWhen;
    const value = facts.nominee[fact];
    if (value === undefined) {
      return {
        id: c.id,
        passed: false,
        explanation: `请先填写「${nomineeAttributeLabels[fact]}」：${description}须${c.description.replace(/^.*?的，/, '')}`,
        citation: c.citation,
        attestable: false,
      };
    }
    if (!anyOf.includes(value)) return undefined;
  }
  const confirmed = facts.attestations?.[c.id] === true;
  return {
    id: c.id,
    passed: confirmed,
    explanation: confirmed ? `已确认：${c.description}` : `${c.description}：征求后请在此确认`,
    citation: c.citation,
    attestable: true,
  };
}
