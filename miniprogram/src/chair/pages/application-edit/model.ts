import {
  attributeValueLabel,
  cadreLevels,
  facts as factsSchema,
  genders,
  nomineeAttributeKeys,
  nomineeAttributeLabels,
  yearlyRateKeys,
  yearlyRateLabels,
  type Facts,
  type NomineeAttributeKey,
  type NomineeFacts,
  type YearlyRateKey,
} from '@shared/rules/facts'
import type { Ruleset } from '@shared/rules/ruleset-schema'
import type { TitleCode } from '@shared/rules/titles'
import type { SaveApplicationRequest } from '@shared/api/campaign'
import { lastFactYear } from '@shared/rules/fact-years'
import { emptyDraft, factsFromDraft, heldKey, planForm, yearlyKey, type AttributeField, type Draft, type FormPlan } from '../../components/eligibility-form/model'

/**
 * The filing form as data. The server's `facts` are what it knows (membership from the roster, sealed appraisals
 * and ballots, the nominee's org) merged with what the chair declared; the form edits the declared part, and the
 * live check evaluates the server's facts with the typed values laid over them.
 */

/** Nominee attributes the server takes from the org tree; shown, never declared. */
export const systemAttributes: readonly NomineeAttributeKey[] = ['kind', 'orgKind', 'ownership', 'isOrganOrInstitution']

/**
 * Figures only the system supplies: the congress's sealed secret ballot (a gate: declaring it would stand in for the
 * ballot) and the online-union enrolment the roster computes (the server's figure replaces any declaration).
 */
export const systemFigures = ['congressYesShare', 'onlineUnionEnrolmentRate'] as const satisfies readonly (keyof Facts)[]

const isSystemAttribute = (key: string): boolean => (systemAttributes as readonly string[]).includes(key)
const isSystemFigure = (key: string): boolean => (systemFigures as readonly string[]).includes(key)

/** Declared for the campaign's 评选依据年度 whatever the title's conditions read: they go on the 申报表 (org nominees). */
export const declaredSeries: readonly YearlyRateKey[] = ['memberInfoCollectionRate', 'hotline12351OnTimeRate', 'hotline12351SatisfactionRate']

export const narrativeLimit = 2000
export const summaryLimit = 500
export const consultationLimit = 500

export interface Texts {
  narrative: string
  summary: string
  consultation: string
}

/** Characters as the server counts them (zod's max: UTF-16 units; every Chinese character is one). */
export const charCount = (text: string): number => text.length

/** The server's facts as the engine's type; anything unreadable is left out (its conditions show 待补充). */
export function readFacts(raw: Record<string, unknown>): Facts {
  const parsed = factsSchema.partial().safeParse(raw)
  const f = parsed.success ? parsed.data : {}
  return { ...f, nominee: f.nominee ?? {} }
}

const percentText = (rate: number): string => String(Math.round(rate * 10000) / 100)

/** What the form starts from: the declared-looking part of the server's facts, as text. */
export function draftFromFacts(f: Facts): Draft {
  const nominee: Draft['nominee'] = {}
  for (const [key, value] of Object.entries(f.nominee) as [keyof NomineeFacts, unknown][]) {
    if (key === 'yearsOfUnionWork' || isSystemAttribute(key)) continue
    if (typeof value === 'string' || typeof value === 'boolean') nominee[key] = value
  }
  const draft = emptyDraft(nominee)
  for (const fact of yearlyRateKeys) {
    if (isSystemFigure(fact)) continue
    for (const [year, rate] of Object.entries(f[fact] ?? {})) draft.yearly[yearlyKey(fact, Number(year))] = percentText(rate)
  }
  if (f.chairEvaluationGrade) draft.grades = { ...f.chairEvaluationGrade }
  if (f.titledSecondLevelUnitShare !== undefined) draft.scalars.titledSecondLevelUnitShare = percentText(f.titledSecondLevelUnitShare)
  if (f.nominee.yearsOfUnionWork !== undefined) draft.scalars.yearsOfUnionWork = String(f.nominee.yearsOfUnionWork)
  if (f.titlesHeld) {
    draft.titlesDeclared = true
    for (const held of f.titlesHeld) draft.heldYears[heldKey(held.title, held.level)] = String(held.year)
  }
  if (f.barringCircumstances) draft.barring = { ...f.barringCircumstances }
  return draft
}

const booleanOptions: AttributeField['options'] = [
  { value: true, label: '是' },
  { value: false, label: '否' },
]
const enumOptions: Partial<Record<NomineeAttributeKey, AttributeField['options']>> = {
  cadreLevel: cadreLevels.map((value) => ({ value, label: attributeValueLabel(value) })),
  gender: genders.map((value) => ({ value, label: attributeValueLabel(value) })),
}

/**
 * Nominee attributes the title's list rules count (工会领导机关干部 share, 一线职工 share, women…): not conditions of
 * the application, but the recommending unit's list cannot be checked without them.
 */
function listAttributes(ruleset: Ruleset, title: TitleCode): AttributeField[] {
  const facts: string[] = ruleset.listRules.filter((r) => r.titles.includes(title)).flatMap((r) => r.matches.map((m) => m.fact))
  return [...new Set(facts)]
    .filter((fact): fact is NomineeAttributeKey => (nomineeAttributeKeys as readonly string[]).includes(fact) && !isSystemAttribute(fact))
    .map((fact) => ({ fact, label: nomineeAttributeLabels[fact], options: enumOptions[fact] ?? booleanOptions }))
}

/**
 * The form's inputs: what the title's conditions read (without what the system supplies), the attributes its list
 * rules count, and the 申报表's yearly figures — all for the campaign's 评选依据年度 (`factYears`, which the server reads).
 */
export function editablePlan(ruleset: Ruleset, title: TitleCode, factYears: readonly number[], nominee: Draft['nominee']): FormPlan {
  const plan = planForm(ruleset, title, lastFactYear(factYears), nominee)
  const rates = plan.rates.filter((r) => !isSystemFigure(r.fact))
  if (nominee.kind !== 'person') {
    for (const fact of declaredSeries) {
      for (const y of factYears) {
        if (!rates.some((r) => r.fact === fact && r.year === y)) rates.push({ fact, year: y, label: `${y} 年${yearlyRateLabels[fact]}（%）` })
      }
    }
  }
  return {
    ...plan,
    attributes: [...plan.attributes, ...listAttributes(ruleset, title).filter((l) => !plan.attributes.some((a) => a.fact === l.fact))].filter(
      (a) => !isSystemAttribute(a.fact),
    ),
    rates,
    scalars: plan.scalars.filter((s) => !isSystemFigure(s.fact)),
    // The narratives have their own fields with counters, for every title.
    texts: [],
  }
}

/**
 * The `declared` block of PUT /applications/{id}: everything typed, nothing the system supplies, attestations kept —
 * with the chair's confirmations of steps (征求意见, `confirmed`) laid over those the server holds.
 */
export function declaredOf(draft: Draft, server: Facts, confirmed: Record<string, boolean> = {}): SaveApplicationRequest['declared'] {
  const typed = factsFromDraft({ ...draft, texts: {} })
  const { nominee, narrative: _narrative, summary: _summary, ...rest } = typed
  const declared: SaveApplicationRequest['declared'] = { ...rest }
  for (const fact of systemFigures) delete declared[fact]
  const declaredNominee: Partial<NomineeFacts> = { ...nominee }
  for (const key of systemAttributes) delete declaredNominee[key]
  if (Object.keys(declaredNominee).length > 0) declared.nominee = declaredNominee
  if (server.attestations || Object.keys(confirmed).length > 0) declared.attestations = { ...server.attestations, ...confirmed }
  return declared
}

/** The server's facts with what is being typed laid over them: yearly figures year by year, the rest whole. */
export function liveFacts(server: Facts, draft: Draft, texts: Texts): Facts {
  const typed = factsFromDraft({ ...draft, texts: {} })
  const live: Facts = { ...server, nominee: { ...server.nominee } }
  const { nominee, ...rest } = typed
  for (const [key, value] of Object.entries(rest) as [keyof Facts, unknown][]) {
    if (isSystemFigure(key)) continue
    if ((yearlyRateKeys as readonly string[]).includes(key)) {
      const fact = key as YearlyRateKey
      live[fact] = { ...server[fact], ...(value as Record<string, number>) }
    } else {
      Object.assign(live, { [key]: value })
    }
  }
  for (const [key, value] of Object.entries(nominee) as [keyof NomineeFacts, unknown][]) {
    if (!isSystemAttribute(key)) Object.assign(live.nominee, { [key]: value })
  }
  live.narrative = texts.narrative
  live.summary = texts.summary
  return live
}
