import * as z from 'zod';
import { citation } from './citation';
import {
  evaluationGrade,
  honourLevel,
  narrativeKey,
  nomineeAttributeKey,
  nomineeKind,
  scalarFactKey,
  yearlyRateKey,
} from './facts';
import type { QuotaTable } from './quota-table';
import { titleCode, type TitleCode } from './titles';
import { publicityLevel } from './publicity-level';

/**
 * A ruleset (办法) as data: one per regulation in `config/rulesets/`. The engine evaluates every rule
 * generically from this data; nothing in the engine is specific to one regulation. Every rule carries the
 * article it comes from and a short Chinese description for users.
 */

export { citation, type Citation } from './citation';

/**
 * Boundaries follow the text: 以上 / 不低于 / 达到 include the figure (gte); 超过 excludes it (gt);
 * 不超过 / 以下 include it (lte). "达不到85%的不能申报" means 85% passes: gte 0.85.
 */
export const comparison = z.enum(['gte', 'gt', 'lte', 'lt']);
export type Comparison = z.infer<typeof comparison>;

/** `hard` rules decide; `advisory` ones (一般…, 原则上…, 适当比例) warn and send the case to a reviewer. */
export const severity = z.enum(['hard', 'advisory']);
export type Severity = z.infer<typeof severity>;

const id = z.string().regex(/^[a-zA-Z][\w.-]*$/, 'id: letters, digits, . _ -');
const description = z.string().min(1);
const attributeValue = z.union([z.string(), z.boolean()]);

// ---------------------------------------------------------------------------------------------
// Titles offered

export const titleOffer = z.object({
  title: titleCode,
  nominee: nomineeKind,
  /** 评选表彰 (award), 命名 (naming, for activists and friends) or 确认 (Guangxi's confirmation). */
  awardKind: z.enum(['award', 'naming', 'confirmation']),
  citation,
  description,
  /**
   * When the title is offered only in some campaigns: `congressChangeYear` — only in a campaign held in the year the
   * congress it names changes (总工办发〔2020〕15号 第十四条第一款, 桂工发〔2021〕8号 七、（一））; checked when a campaign is
   * created (shared/rules/campaign-cycle.ts).
   */
  availability: z
    .object({
      kind: z.literal('congressChangeYear'),
      /** The congress whose change year it is, in Chinese: "工会全国代表大会". */
      congress: z.string().min(1),
      description,
      citation,
    })
    .optional(),
});
export type TitleOffer = z.infer<typeof titleOffer>;

// ---------------------------------------------------------------------------------------------
// Conditions on one nominee

/** Which part of the text a condition comes from; shown to group the results. */
export const conditionGroup = z.enum(['scope', 'basic', 'prerequisite', 'exclusion', 'procedure']);
export type ConditionGroup = z.infer<typeof conditionGroup>;

/** A condition that applies only to some nominees, e.g. chairs and vice-chairs. */
export const applicability = z.object({
  fact: nomineeAttributeKey,
  anyOf: z.array(attributeValue).min(1),
  /** Who it applies to, in Chinese: "基层工会主席、副主席". */
  description,
});
export type Applicability = z.infer<typeof applicability>;

/**
 * A step of the procedure the union must have taken before it submits (申报前征求意见), checked as a gate of the
 * application (shared/rules/procedure-steps.ts): `memberConsultation` — the members consulted through their
 * (representative) congress, recorded by the chair; `departmentConsultation` — the departments the text names
 * (纪检监察、组织人事…) consulted, confirmed by the chair where the condition applies.
 */
export const procedureStep = z.enum(['memberConsultation', 'departmentConsultation']);
export type ProcedureStepKind = z.infer<typeof procedureStep>;

const conditionBase = {
  id,
  titles: z.array(titleCode).min(1),
  group: conditionGroup,
  severity: severity.default('hard'),
  citation,
  description,
  appliesWhen: applicability.optional(),
  step: procedureStep.optional(),
  /**
   * Where the system reads the text in a way its words alone do not settle, the reading in Chinese, shown beside the
   * condition wherever its result is: 「本系统理解：…」.
   */
  reading: z.string().regex(/^本系统理解：/, 'reading: 「本系统理解：…」').optional(),
};

/** A yearly figure compared with a threshold in each of the last `years` years (1 = the reference year only). */
export const yearlyThresholdCondition = z.object({
  ...conditionBase,
  kind: z.literal('yearlyThreshold'),
  fact: yearlyRateKey,
  comparison,
  threshold: z.number().min(0).max(1),
  years: z.number().int().min(1),
});

/** A yearly grade that must equal `grade` in each of the last `years` years (主席测评等次均为满意). */
export const yearlyGradeCondition = z.object({
  ...conditionBase,
  kind: z.literal('yearlyGrade'),
  fact: z.literal('chairEvaluationGrade'),
  grade: evaluationGrade,
  years: z.number().int().min(1),
});

/** A single figure compared with a threshold (同意票率, 工会工作年限…). */
export const thresholdCondition = z.object({
  ...conditionBase,
  kind: z.literal('threshold'),
  fact: scalarFactKey,
  comparison,
  threshold: z.number().min(0),
});

/** The nominee must already hold one of `heldTitles` at `minLevel` or above (lower-level title first). */
export const titleHeldCondition = z.object({
  ...conditionBase,
  kind: z.literal('titleHeld'),
  heldTitles: z.array(titleCode).min(1),
  minLevel: honourLevel,
});

/** The nominee must not hold any of `heldTitles` at any of `levels` (no repeat award, higher title held). */
export const titleNotHeldCondition = z.object({
  ...conditionBase,
  kind: z.literal('titleNotHeld'),
  heldTitles: z.array(titleCode).min(1),
  levels: z.array(honourLevel).min(1),
});

/** A nominee attribute must (anyOf) or must not (noneOf) take one of the listed values. */
export const attributeCondition = z
  .object({
    ...conditionBase,
    kind: z.literal('attribute'),
    fact: nomineeAttributeKey,
    anyOf: z.array(attributeValue).min(1).optional(),
    noneOf: z.array(attributeValue).min(1).optional(),
  })
  .refine((c) => (c.anyOf === undefined) !== (c.noneOf === undefined), 'attribute condition: give exactly one of anyOf, noneOf');

/** A narrative must not exceed `maxChars` characters (事迹材料 2000 字内). */
export const textLengthCondition = z.object({
  ...conditionBase,
  kind: z.literal('textLength'),
  fact: narrativeKey,
  maxChars: z.number().int().positive(),
});

/** A condition a machine cannot check (political stance, organisation, work done): declared, then reviewed. */
export const manualCondition = z.object({ ...conditionBase, kind: z.literal('manual') });

export const condition = z.discriminatedUnion('kind', [
  yearlyThresholdCondition,
  yearlyGradeCondition,
  thresholdCondition,
  titleHeldCondition,
  titleNotHeldCondition,
  attributeCondition,
  textLengthCondition,
  manualCondition,
]);
export type Condition = z.infer<typeof condition>;
export type ConditionKind = Condition['kind'];

// ---------------------------------------------------------------------------------------------
// Negative lists: circumstances that bar an application; the applicant answers "no" to each item

export const negativeListItem = z.object({ id, citation, description });
export const negativeList = z.object({
  id,
  /** `unit`: the employer of a collective (单位有下列情形之一); `union`: the nominee's grassroots union. */
  scope: z.enum(['unit', 'union']),
  titles: z.array(titleCode).min(1),
  citation,
  description,
  items: z.array(negativeListItem).min(1),
});
export type NegativeList = z.infer<typeof negativeList>;

// ---------------------------------------------------------------------------------------------
// Structure of a recommending unit's list

/** Attributes a list item may carry, for ratio rules. */
export const listItemAttributeKey = z.enum([
  'orgKind',
  'ownership',
  'isOrganOrInstitution',
  'isLeadingBodyCadre',
  'cadreLevel',
  'isFrontLine',
  'gender',
]);
export type ListItemAttributeKey = z.infer<typeof listItemAttributeKey>;

/**
 * Kinds of recommending unit; some ratio rules bind only some of them (各区总工会, 各市总工会…). A campaign's unit gets
 * its kind from the directory's level and kind of its org (list-check.ts recommenderKindOf), never from a request.
 */
export const recommenderKind = z.enum([
  'provincialFederation',
  'cityFederation',
  'districtFederation',
  'industryUnion',
  'directGrassroots',
  'other',
]);
export type RecommenderKind = z.infer<typeof recommenderKind>;

/** The share of listed nominees matching any of `matches`, compared with `threshold`. */
export const listShareRule = z.object({
  id,
  titles: z.array(titleCode).min(1),
  /** Only these recommending units are bound; absent = all. */
  recommenders: z.array(recommenderKind).min(1).optional(),
  /** What is counted, in Chinese: "非公有制单位". */
  subject: z.string().min(1),
  /** OR of attribute tests. */
  matches: z.array(z.object({ fact: listItemAttributeKey, anyOf: z.array(attributeValue).min(1) })).min(1),
  comparison,
  threshold: z.number().min(0).max(1),
  /** `listed`: share of the nominees listed; `allocatedQuota`: share of the unit's allocated quota (分配名额). */
  denominator: z.enum(['listed', 'allocatedQuota']).default('listed'),
  /** Check each title separately rather than the titles pooled. */
  perTitle: z.boolean().default(false),
  severity: severity.default('hard'),
  citation,
  description,
});
export type ListShareRule = z.infer<typeof listShareRule>;

// ---------------------------------------------------------------------------------------------
// Quotas

const counts = z.partialRecord(titleCode, z.number().int().min(0));

export const quotaTableSchema = z.object({
  titles: z.array(titleCode),
  units: z.array(z.object({ unit: z.string().min(1), quotas: counts })),
  totals: counts.optional(),
}) satisfies z.ZodType<QuotaTable>;

export const quotaRule = z.discriminatedUnion('kind', [
  /** Fixed numbers of titles per year or per campaign (秦皇岛 15/15/10 a year). */
  z.object({ kind: z.literal('fixedCounts'), period: z.enum(['year', 'campaign']), counts, citation, description }),
  /** A quota per recommending unit (名额分配表). */
  z.object({ kind: z.literal('table'), table: quotaTableSchema, citation, description }),
  /** Numbers and allocation are set by each campaign's notice. */
  z.object({ kind: z.literal('perCampaignNotice'), citation, description }),
  /** How the numbers are allocated (by last year's counts of unions, members, cadres…): guidance, not a check. */
  z.object({ kind: z.literal('allocationBasis'), citation, description }),
]);
export type QuotaRule = z.infer<typeof quotaRule>;

/** At most `max` nominees of `titles` per applying unit (申报单位) or per recommending unit. */
export const recommenderCap = z.object({
  id,
  titles: z.array(titleCode).min(1),
  max: z.number().int().min(0),
  per: z.enum(['applyingUnit', 'recommendingUnit']),
  severity: severity.default('hard'),
  citation,
  description,
  /** Where the text's words do not settle how it binds, the reading in Chinese, shown with a breach: 「本系统理解：…」. */
  reading: z.string().regex(/^本系统理解：/, 'reading: 「本系统理解：…」').optional(),
});
export type RecommenderCap = z.infer<typeof recommenderCap>;

// ---------------------------------------------------------------------------------------------
// Procedure

export { publicityLevel, type PublicityLevel } from './publicity-level';

export const publicityRule = z.object({
  level: publicityLevel,
  /** Working days the list stays public; absent when the text sets none (the organiser decides). */
  minWorkingDays: z.number().int().positive().optional(),
  /** 为期 5 个工作日 (exactly) rather than 不少于 5 个工作日 (at least). */
  exact: z.boolean().default(false),
  /** Where the list is published, in Chinese. */
  where: z.string().min(1),
  citation,
  description,
});
export type PublicityRule = z.infer<typeof publicityRule>;

export const reviewStage = z.enum(['apply', 'consult', 'review', 'approve', 'publicise', 'decide', 'award']);
export const reviewStep = z.object({
  stage: reviewStage,
  /** The body acting at this step, in Chinese. */
  body: z.string().min(1),
  citation,
  description,
});
export type ReviewStep = z.infer<typeof reviewStep>;

export const disqualification = z.object({
  noSubstitute: z.boolean(),
  noReapplication: z.boolean(),
  citation,
  description,
});

export const cycle = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('periodic'),
    timesPerPeriod: z.number().int().positive(),
    periodYears: z.number().int().positive(),
    citation,
    description,
  }),
  z.object({
    kind: z.literal('singleCampaign'),
    year: z.number().int(),
    /** ISO date, Asia/Shanghai. */
    submissionDeadline: z.iso.date().optional(),
    citation,
    description,
  }),
]);
export type Cycle = z.infer<typeof cycle>;

// ---------------------------------------------------------------------------------------------
// After the award

/** Detectable from yearly figures without a person's judgement. */
export const automaticGround = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('dissatisfactionRate'),
    comparison,
    threshold: z.number().min(0).max(1),
    consecutiveYears: z.number().int().min(1),
  }),
  z.object({ kind: z.literal('chairGrade'), grade: evaluationGrade, consecutiveYears: z.number().int().min(1) }),
]);
export type AutomaticGround = z.infer<typeof automaticGround>;

export const revocationGround = z.object({
  id,
  /** Collectives, individuals, or chairs and vice-chairs (who face extra grounds). */
  subject: z.enum(['collective', 'individual', 'chair']),
  titles: z.array(titleCode).min(1),
  citation,
  description,
  automatic: automaticGround.optional(),
});
export type RevocationGround = z.infer<typeof revocationGround>;

const citedText = z.object({ citation, description });

/**
 * 撤销程序 as data (issue 17 point 3), like the review chain: who acts at each step of a revocation and how. The bodies
 * are found in the federation tree when a case starts: the recommending unit (原推荐单位), the federation that agrees
 * for its area (所在省级工会 / 区总工会 / 市总工会 or an industry union), the awarding body's department that verifies,
 * and its leadership that approves or decides.
 */
export const revocationActors = ['recommendingUnit', 'agreeingFederation', 'awardingDepartment', 'awardingLeadership'] as const;
export const revocationActor = z.enum(revocationActors);
export type RevocationActor = z.infer<typeof revocationActor>;

/** apply: the recommending unit asks, level by level; agree: the federation of its area agrees and reports in writing;
 * verify: the awarding body's department checks the facts (核查); approve / decide: its leadership approves the
 * request, or decides directly on a ground found (直接决定). */
export const revocationActions = ['apply', 'agree', 'verify', 'approve', 'decide'] as const;
export const revocationAction = z.enum(revocationActions);
export type RevocationAction = z.infer<typeof revocationAction>;

export const revocationStep = z.object({
  id,
  actor: revocationActor,
  action: revocationAction,
  /** The body at this step as the text names it: 「所在省（区、市）总工会、全国产业工会」. */
  body: z.string().min(1),
  citation,
  description,
});
export type RevocationStep = z.infer<typeof revocationStep>;

/**
 * What may start a route: a request of the recommending unit (the usual way, 一般), or a ground found — a report found
 * true in an investigation, a failed re-check, an automatic flag — on which the top body may decide directly; guangxi
 * 八、（五） allows that only for a report made directly to the autonomous region's federation.
 */
export const revocationTriggers = ['request', 'reportFound', 'recheckFailed', 'automaticFlag'] as const;
export const revocationTrigger = z.enum(revocationTriggers);
export type RevocationTrigger = z.infer<typeof revocationTrigger>;

export const revocationRoute = z.object({
  id: z.enum(['applied', 'direct']),
  /** 「逐级申请」 / 「直接决定」 */
  label: z.string().min(1),
  startsOn: z.array(revocationTrigger).min(1),
  /** The direct route needs a ground of the ruleset found true (对查实具有…情形的); the applied one does not. */
  needsGround: z.boolean(),
  /** A found report starts this route only when it was made directly to the awarding body (桂工发〔2021〕8号 八、（五）第三款). */
  reportMadeTo: z.literal('awardingBody').optional(),
  steps: z.array(revocationStep).min(1),
  /** The decision as the text words it: 「撤销荣誉称号、取消命名，收回证书和奖牌」. */
  decision: z.string().min(1),
  /** Whom the decision is sent to in writing besides the holder's union (书面通报推荐单位). */
  informs: z.array(z.literal('recommendingUnit')),
  citation,
  description,
});
export type RevocationRoute = z.infer<typeof revocationRoute>;

export const reward = z.object({
  titles: z.array(titleCode).min(1),
  recipient: z.enum(['collective', 'individual', 'all']),
  citation,
  description,
});

// ---------------------------------------------------------------------------------------------
// A regional ruleset as differences from the one it follows (issue 16 point 9)

/**
 * How one rule of a regional ruleset stands to the followed (national) rule of the same id: `same` (the regional
 * article says what the national one says), `stricter` / `looser`, `changed` (different, neither simply stricter
 * nor looser), `added` (no national rule of that id). A national rule the regional ruleset does not mention is
 * 未规定 there; that is derived, not declared.
 */
export const differenceMark = z.enum(['same', 'stricter', 'looser', 'changed', 'added']);
export type DifferenceMark = z.infer<typeof differenceMark>;

export const followedRuleset = z.object({
  rulesetId: z.string().regex(/^[a-z0-9-]+$/),
  marks: z.array(
    z.object({
      part: z.enum(['condition', 'revocationGround']),
      id,
      mark: differenceMark,
      /**
       * The followed rules this one stands beside, when they are not just the one of its own id: another level in the
       * name (guangxi's home.fromCity beside home.fromProvincial), or one regional item covering several national ones.
       */
      pairsWith: z.array(id).min(1).optional(),
      /** Why it differs, in Chinese, for the comparison page. */
      note: z.string().min(1).optional(),
    }),
  ),
});
export type FollowedRuleset = z.infer<typeof followedRuleset>;

// ---------------------------------------------------------------------------------------------
// The ruleset

const rulesetObject = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/),
  /** Short Chinese name for lists: "北京市（2021）". */
  name: z.string().min(1),
  /** Full title of the regulation. */
  document: z.string().min(1),
  /** What every citation's `doc` says: the document number, or a short title when there is none. */
  citationDoc: z.string().min(1),
  issuer: z.string().min(1),
  issuedOn: z.iso.date(),
  /** Level of the titles this ruleset awards; a repeat award is one at this level. */
  level: honourLevel,
  cycle,
  titles: z.array(titleOffer).min(1),
  conditions: z.array(condition),
  negativeLists: z.array(negativeList),
  listRules: z.array(listShareRule),
  quotas: z.array(quotaRule).min(1),
  recommenderCaps: z.array(recommenderCap),
  publicity: z.array(publicityRule),
  reviewChain: z.array(reviewStep).min(1),
  disqualification: disqualification.optional(),
  revocation: z.object({ grounds: z.array(revocationGround), procedure: z.array(citedText), routes: z.array(revocationRoute).default([]) }),
  /**
   * The least turnout (ballots / eligible) at which a ballot's rates count, where the regulation sets one: below
   * it a sealed 会员评家 or congress ballot fails, and so does every condition that reads its rate.
   */
  minTurnout: z.object({ threshold: z.number().gt(0).max(1), citation, description }).optional(),
  supervision: z.array(citedText),
  rewards: z.array(reward),
  /** A regional ruleset: the ruleset it follows and how each of its rules stands to that one's. */
  follows: followedRuleset.optional(),
});

/** Cross-checks zod's shape cannot express: unique ids, offered titles only, one document cited. */
export const rulesetSchema = rulesetObject.superRefine((r, ctx) => {
  const offered = new Set<TitleCode>(r.titles.map((t) => t.title));
  const issue = (message: string, path: (string | number)[]) => ctx.addIssue({ code: 'custom', message, path });

  const seenTitles = new Set<TitleCode>();
  r.titles.forEach((t, i) => {
    if (seenTitles.has(t.title)) issue(`title ${t.title} offered twice`, ['titles', i]);
    seenTitles.add(t.title);
  });

  const checkTitles = (titles: TitleCode[], path: (string | number)[]) =>
    titles.forEach((t, i) => {
      if (!offered.has(t)) issue(`title ${t} is not offered by ruleset ${r.id}`, [...path, i]);
    });

  const ids = new Set<string>();
  const checkId = (value: string, path: (string | number)[]) => {
    if (ids.has(value)) issue(`duplicate id ${value}`, path);
    ids.add(value);
  };
  r.conditions.forEach((c, i) => {
    checkId(c.id, ['conditions', i, 'id']);
    checkTitles(c.titles, ['conditions', i, 'titles']);
  });
  r.negativeLists.forEach((l, i) => {
    checkId(l.id, ['negativeLists', i, 'id']);
    checkTitles(l.titles, ['negativeLists', i, 'titles']);
    // Items are answered in facts by item id alone, so they must be unique across all lists.
    l.items.forEach((item, j) => checkId(item.id, ['negativeLists', i, 'items', j, 'id']));
  });
  r.listRules.forEach((rule, i) => {
    checkId(rule.id, ['listRules', i, 'id']);
    checkTitles(rule.titles, ['listRules', i, 'titles']);
  });
  r.recommenderCaps.forEach((cap, i) => {
    checkId(cap.id, ['recommenderCaps', i, 'id']);
    checkTitles(cap.titles, ['recommenderCaps', i, 'titles']);
  });
  r.revocation.grounds.forEach((g, i) => {
    checkId(g.id, ['revocation', 'grounds', i, 'id']);
    checkTitles(g.titles, ['revocation', 'grounds', i, 'titles']);
  });
  r.rewards.forEach((w, i) => checkTitles(w.titles, ['rewards', i, 'titles']));
  r.quotas.forEach((q, i) => {
    if (q.kind === 'fixedCounts') checkTitles(Object.keys(q.counts) as TitleCode[], ['quotas', i, 'counts']);
    if (q.kind === 'table') checkTitles(q.table.titles, ['quotas', i, 'table', 'titles']);
  });

  // A regional ruleset marks each of its conditions and revocation grounds once, and nothing else; an added rule
  // stands beside no followed rule.
  if (r.follows) {
    const rules = { condition: new Set(r.conditions.map((c) => c.id)), revocationGround: new Set(r.revocation.grounds.map((g) => g.id)) };
    const marked = { condition: new Set<string>(), revocationGround: new Set<string>() };
    r.follows.marks.forEach((m, i) => {
      if (!rules[m.part].has(m.id)) issue(`mark of ${m.part} ${m.id}, which the ruleset does not have`, ['follows', 'marks', i]);
      if (marked[m.part].has(m.id)) issue(`${m.part} ${m.id} marked twice`, ['follows', 'marks', i]);
      if (m.mark === 'added' && m.pairsWith) issue(`${m.part} ${m.id}: an added rule stands beside no followed rule`, ['follows', 'marks', i, 'pairsWith']);
      marked[m.part].add(m.id);
    });
    for (const part of ['condition', 'revocationGround'] as const) {
      for (const ruleId of rules[part]) if (!marked[part].has(ruleId)) issue(`${part} ${ruleId} has no mark against ${r.follows.rulesetId}`, ['follows', 'marks']);
    }
  }

  // A ruleset encodes one document: a citation of another document is a slip.
  // One path stack, copied only for an issue: a copy per node made this walk a good part of a cold start (issue 18).
  const path: (string | number)[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) {
      v.forEach((x, i) => {
        path.push(i);
        walk(x);
        path.pop();
      });
      return;
    }
    if (v === null || typeof v !== 'object') return;
    const o = v as Record<string, unknown>;
    if (typeof o.doc === 'string' && typeof o.article === 'string' && o.doc !== r.citationDoc) {
      issue(`citation of ${o.doc}, expected ${r.citationDoc}`, [...path]);
    }
    for (const [k, x] of Object.entries(o)) {
      path.push(k);
      walk(x);
      path.pop();
    }
  };
  walk(r);
});

export type Ruleset = z.output<typeof rulesetSchema>;
export type RulesetInput = z.input<typeof rulesetSchema>;

/** Validates a ruleset file on load; a broken ruleset is a programming error and throws with every issue. */
export function parseRuleset(input: RulesetInput): Ruleset {
  // Parsed once per process, at import: zod's compiled fast path would cost more to build than it saves here
  // (a cold start compiled one per object schema of the ruleset, issue 18's cold start budget).
  const result = rulesetSchema.safeParse(input, { jitless: true });
  if (!result.success) {
    const where = typeof input === 'object' && input !== null && 'id' in input ? String(input.id) : '?';
    throw new Error(`invalid ruleset ${where}:\n${z.prettifyError(result.error)}`);
  }
  return result.data;
}
