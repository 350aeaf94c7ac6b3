import { orgKinds } from '@shared/domain/org'
import {
  attributeValueLabel,
  cadreLevels,
  evaluationGradeLabels,
  evaluationGrades,
  genders,
  honourLevelLabels,
  honourLevels,
  narrativeLabels,
  nomineeAttributeLabels,
  nomineeKinds,
  scalarFactLabels,
  scalarFactUnits,
  unionRoles,
  yearlyRateLabels,
  type EvaluationGrade,
  type Facts,
  type HeldTitle,
  type HonourLevel,
  type NarrativeKey,
  type NomineeAttributeKey,
  type NomineeFacts,
  type ScalarFactKey,
  type YearlyRateKey,
} from '@shared/rules/facts'
import type { Condition, NegativeList, Ruleset } from '@shared/rules/ruleset-schema'
import { titleLabels, type TitleCode } from '@shared/rules/titles'

/**
 * The self-check form as data: which inputs a title's conditions read (`planForm`), what the chair has typed
 * (`Draft`, kept as text so a half-typed "95." survives), and the facts the engine evaluates (`factsFromDraft`).
 * A figure that is empty or unreadable is left out of the facts, so its condition shows as 待补充.
 */

export type AttributeValue = string | boolean

export interface Draft {
  /** Typed yearly figures, keyed by `yearlyKey(fact, year)`. */
  yearly: Record<string, string>
  /** 主席测评等次 by year. */
  grades: Record<string, EvaluationGrade>
  scalars: Partial<Record<ScalarFactKey, string>>
  nominee: Partial<Record<NomineeAttributeKey, AttributeValue>>
  /** False: titles held not declared (title conditions are 待补充); true: `heldYears` lists every title held. */
  titlesDeclared: boolean
  /** Year a title was awarded, keyed by `heldKey(title, level)`; empty = not held. */
  heldYears: Record<string, string>
  /** Negative-list answers by item id: true = the circumstance exists. */
  barring: Record<string, boolean>
  texts: Partial<Record<NarrativeKey, string>>
}

export function emptyDraft(nominee: Draft['nominee'] = {}): Draft {
  return { yearly: {}, grades: {}, scalars: {}, nominee, titlesDeclared: false, heldYears: {}, barring: {}, texts: {} }
}

export const yearlyKey = (fact: YearlyRateKey, year: number): string => `${fact}.${year}`
export const heldKey = (title: TitleCode, level: HonourLevel): string => `${title}.${level}`

export interface Option<T> {
  value: T
  label: string
}

export interface AttributeField {
  fact: NomineeAttributeKey
  label: string
  options: Option<AttributeValue>[]
}

export interface YearlyRateField {
  fact: YearlyRateKey
  year: number
  /** "2025 年入会率（%）" */
  label: string
}

export interface GradeField {
  year: number
  label: string
}

export interface ScalarField {
  fact: ScalarFactKey
  unit: 'rate' | 'years'
  label: string
}

export interface HeldTitleField {
  key: string
  title: TitleCode
  level: HonourLevel
  label: string
}

export interface TextField {
  fact: NarrativeKey
  label: string
  maxChars: number
}

export interface FormPlan {
  attributes: AttributeField[]
  rates: YearlyRateField[]
  grades: GradeField[]
  scalars: ScalarField[]
  heldTitles: HeldTitleField[]
  texts: TextField[]
  negativeLists: NegativeList[]
}

const booleanOptions: Option<AttributeValue>[] = [
  { value: true, label: '是' },
  { value: false, label: '否' },
]

const enumValues: Partial<Record<NomineeAttributeKey, readonly string[]>> = {
  kind: nomineeKinds,
  orgKind: orgKinds,
  ownership: ['public', 'nonPublic'],
  cadreLevel: cadreLevels,
  gender: genders,
  role: unionRoles,
}

function attributeField(fact: NomineeAttributeKey): AttributeField {
  const values = enumValues[fact]
  return {
    fact,
    label: nomineeAttributeLabels[fact],
    options: values ? values.map((value) => ({ value, label: attributeValueLabel(value) })) : booleanOptions,
  }
}

/** A condition binds this nominee unless a known attribute says it does not (unknown: ask for both). */
function mayApply(c: Condition, nominee: Draft['nominee']): boolean {
  if (!c.appliesWhen) return true
  const value = nominee[c.appliesWhen.fact]
  return value === undefined || c.appliesWhen.anyOf.includes(value)
}

/** The inputs the conditions of `title` read, in the order the regulation lists them, each asked once. */
export function planForm(ruleset: Ruleset, title: TitleCode, year: number, nominee: Draft['nominee']): FormPlan {
  const plan: FormPlan = { attributes: [], rates: [], grades: [], scalars: [], heldTitles: [], texts: [], negativeLists: [] }
  const attributes = new Set<NomineeAttributeKey>(['kind'])
  // Series in the order the regulation first reads them; a series read by two conditions is asked once.
  const rateYears = new Map<YearlyRateKey, Set<number>>()
  const gradeYears = new Set<number>()
  const scalars = new Set<ScalarFactKey>()
  const held = new Set<string>()
  const texts = new Set<NarrativeKey>()

  const addHeld = (titles: TitleCode[], levels: readonly HonourLevel[]) => {
    for (const t of titles) {
      for (const level of levels) {
        const key = heldKey(t, level)
        if (held.has(key)) continue
        held.add(key)
        plan.heldTitles.push({ key, title: t, level, label: `${honourLevelLabels[level]}${titleLabels[t]}` })
      }
    }
  }

  const conditions = ruleset.conditions.filter((c) => c.titles.includes(title))
  for (const c of conditions) {
    if (c.appliesWhen) attributes.add(c.appliesWhen.fact)
    if (!mayApply(c, nominee)) continue
    switch (c.kind) {
      case 'attribute':
        attributes.add(c.fact)
        break
      case 'yearlyThreshold': {
        const years = rateYears.get(c.fact) ?? new Set<number>()
        yearsEndingIn(year, c.years).forEach((y) => years.add(y))
        rateYears.set(c.fact, years)
        break
      }
      case 'yearlyGrade':
        for (const y of yearsEndingIn(year, c.years)) {
          if (gradeYears.has(y)) continue
          gradeYears.add(y)
          plan.grades.push({ year: y, label: `${y} 年会员代表大会对主席测评等次` })
        }
        break
      case 'threshold':
        if (scalars.has(c.fact)) break
        scalars.add(c.fact)
        plan.scalars.push({
          fact: c.fact,
          unit: scalarFactUnits[c.fact],
          label: `${scalarFactLabels[c.fact]}（${scalarFactUnits[c.fact] === 'rate' ? '%' : '年'}）`,
        })
        break
      case 'titleHeld':
        // Holding the title at minLevel or any higher level passes.
        addHeld(c.heldTitles, honourLevels.slice(honourLevels.indexOf(c.minLevel)))
        break
      case 'titleNotHeld':
        addHeld(c.heldTitles, c.levels)
        break
      case 'textLength':
        if (texts.has(c.fact)) break
        texts.add(c.fact)
        plan.texts.push({ fact: c.fact, label: narrativeLabels[c.fact], maxChars: c.maxChars })
        break
      case 'manual':
        break
    }
  }

  plan.attributes = [...attributes].map(attributeField)
  plan.rates = [...rateYears].flatMap(([fact, years]) =>
    [...years].sort((a, b) => a - b).map((y) => ({ fact, year: y, label: `${y} 年${yearlyRateLabels[fact]}（%）` })),
  )
  plan.grades.sort((a, b) => a.year - b.year)
  plan.heldTitles.sort((a, b) => a.title.localeCompare(b.title) || honourLevels.indexOf(a.level) - honourLevels.indexOf(b.level))
  plan.negativeLists = ruleset.negativeLists.filter((l) => l.titles.includes(title))
  return plan
}

/** The years a "近 n 年" condition reads when `year` is the appraisal year (the engine's window), ascending. */
function yearsEndingIn(year: number, years: number): number[] {
  return Array.from({ length: years }, (_, i) => year - years + 1 + i)
}

export const gradeOptions: Option<EvaluationGrade>[] = evaluationGrades.map((value) => ({ value, label: evaluationGradeLabels[value] }))

export type Reading = { value: number; error?: undefined } | { value?: undefined; error?: string }

/** "95" → 0.95, "95.5%" → 0.955; empty → nothing; anything else → an error to show under the input. */
export function readPercent(text: string | undefined): Reading {
  const trimmed = (text ?? '').trim().replace(/[%％]$/, '')
  if (trimmed === '') return {}
  const n = Number(trimmed)
  if (!Number.isFinite(n) || n < 0 || n > 100) return { error: '请输入 0 到 100 之间的数字' }
  return { value: n / 100 }
}

export function readYears(text: string | undefined): Reading {
  const trimmed = (text ?? '').trim()
  if (trimmed === '') return {}
  const n = Number(trimmed)
  if (!Number.isFinite(n) || n < 0 || n > 80) return { error: '请输入 0 到 80 之间的年数' }
  return { value: n }
}

export function readYear(text: string | undefined): Reading {
  const trimmed = (text ?? '').trim()
  if (trimmed === '') return {}
  if (!/^\d{4}$/.test(trimmed)) return { error: '请输入四位年份' }
  return { value: Number(trimmed) }
}

export function readScalar(unit: ScalarField['unit'], text: string | undefined): Reading {
  return unit === 'rate' ? readPercent(text) : readYears(text)
}

/** Everything the chair has typed, as the engine's facts; unreadable figures are left out (待补充). */
export function factsFromDraft(draft: Draft): Facts {
  // Attribute values only ever come from `planForm`'s options, which list each attribute's own values.
  const facts: Facts = { nominee: { ...draft.nominee } as NomineeFacts }

  for (const [key, text] of Object.entries(draft.yearly)) {
    const [fact, year] = key.split('.') as [YearlyRateKey, string]
    const { value } = readPercent(text)
    if (value === undefined) continue
    facts[fact] = { ...facts[fact], [year]: value }
  }

  if (Object.keys(draft.grades).length > 0) facts.chairEvaluationGrade = { ...draft.grades }

  for (const [fact, text] of Object.entries(draft.scalars) as [ScalarFactKey, string][]) {
    const { value } = readScalar(scalarFactUnits[fact], text)
    if (value === undefined) continue
    if (fact === 'yearsOfUnionWork') facts.nominee.yearsOfUnionWork = value
    else facts[fact] = value
  }

  if (draft.titlesDeclared) {
    const held: HeldTitle[] = []
    for (const [key, text] of Object.entries(draft.heldYears)) {
      const [title, level] = key.split('.') as [TitleCode, HonourLevel]
      const { value } = readYear(text)
      if (value !== undefined) held.push({ title, level, year: value })
    }
    facts.titlesHeld = held
  }

  if (Object.keys(draft.barring).length > 0) facts.barringCircumstances = { ...draft.barring }

  for (const [fact, text] of Object.entries(draft.texts) as [NarrativeKey, string][]) {
    if (text !== '') facts[fact] = text
  }
  return facts
}

/** False when every condition of the title is judged from the application alone (nothing to type). */
export function asksForFigures(plan: FormPlan): boolean {
  return (
    plan.rates.length + plan.grades.length + plan.scalars.length + plan.heldTitles.length + plan.texts.length + plan.negativeLists.length > 0
  )
}
