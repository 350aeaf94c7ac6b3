import { useMemo, useState } from 'react'
import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { rulesetIds, rulesets, type RulesetId } from '@config/rulesets'
import { citationText } from '@shared/rules/citation'
import { evaluateEligibility, type ConditionResult, type ConditionStatus, type Verdict } from '@shared/rules/eligibility'
import { defaultFactYears, factYearsLine, lastFactYear } from '@shared/rules/fact-years'
import type { Ruleset } from '@shared/rules/ruleset-schema'
import { titleLabels, type TitleCode } from '@shared/rules/titles'
import ChoiceChips from '../../components/choice-chips'
import ConditionResultItem from '../../components/condition-result'
import { FigureFields, NomineeFields } from '../../components/eligibility-form'
import { asksForFigures, emptyDraft, factsFromDraft, planForm, type Draft } from '../../components/eligibility-form/model'
import './index.scss'

const defaultYear = 2026
const minYear = 2000
const maxYear = 2100

/** Failing conditions first, then what the chair can still supply, then what a reviewer decides. */
const statusOrder: ConditionStatus[] = ['fail', 'missing', 'manual', 'pass']

const verdictLabels: Record<Verdict, string> = {
  ineligible: '不符合申报条件',
  incomplete: '资料待补充',
  needsReview: '可申报，待审核确认',
  eligible: '符合申报条件',
}

const rulesetOptions = rulesetIds.map((id) => ({ value: id, label: rulesets[id].name }))

/** Schemas guarantee at least one ruleset and one title per ruleset. */
function firstOf<T>(items: readonly T[]): T {
  const [first] = items
  if (first === undefined) throw new Error('expected a non-empty list')
  return first
}

function offerOf(ruleset: Ruleset, title: TitleCode) {
  return ruleset.titles.find((t) => t.title === title) ?? firstOf(ruleset.titles)
}

/**
 * 资格自查: a chair picks a regulation and a title, types the figures, and sees every condition with its
 * result and the article it rests on. Everything is computed on the phone, on every change; nothing is sent.
 */
export default function SelfCheck() {
  const [rulesetId, setRulesetId] = useState<RulesetId>(() => firstOf(rulesetIds))
  const ruleset = rulesets[rulesetId]
  const [title, setTitle] = useState<TitleCode>(() => firstOf(ruleset.titles).title)
  const [year, setYear] = useState(defaultYear)
  const [draft, setDraft] = useState<Draft>(() => emptyDraft({ kind: firstOf(ruleset.titles).nominee }))
  const offer = offerOf(ruleset, title)

  function chooseTitle(next: Ruleset, nextTitle: TitleCode) {
    setTitle(nextTitle)
    // The title says who is recommended; the chair may still change it below.
    setDraft((d) => ({ ...d, nominee: { ...d.nominee, kind: offerOf(next, nextTitle).nominee } }))
  }

  function chooseRuleset(id: RulesetId) {
    const next = rulesets[id]
    setRulesetId(id)
    // Figures typed so far stay, so a chair can compare regulations; a title the regulation lacks falls back.
    chooseTitle(next, next.titles.some((t) => t.title === title) ? title : firstOf(next.titles).title)
  }

  // 评选依据年度: the three completed years before the 评选年度, as a campaign states them by default.
  const factYears = useMemo(() => defaultFactYears(year), [year])
  const lastYear = lastFactYear(factYears)
  const plan = useMemo(() => planForm(ruleset, title, lastYear, draft.nominee), [ruleset, title, lastYear, draft.nominee])
  const { verdict, results } = useMemo(() => evaluateEligibility(ruleset, title, factsFromDraft(draft), { year: lastYear }), [ruleset, title, draft, lastYear])
  const sorted = useMemo(
    () => statusOrder.flatMap((status) => results.filter((r) => r.status === status)),
    [results],
  )
  const counts = countByStatus(results)
  const earliestYear = Math.min(lastYear, ...plan.rates.map((r) => r.year), ...plan.grades.map((g) => g.year))

  return (
    <View className='self-check'>
      <View className='self-check-intro'>
        <Text className='self-check-intro__text'>对照评选办法逐条自查：选择办法和称号，填写数据，结果随填随算。所填内容只在本机计算，不会上传。</Text>
      </View>

      <View className='card'>
        <Text className='card__title'>选择评选办法</Text>
        <ChoiceChips options={rulesetOptions} value={rulesetId} itemClassName='self-check-ruleset' onChange={chooseRuleset} />
        <Text className='self-check-note'>
          《{ruleset.document}》（{ruleset.citationDoc}）
        </Text>
        <View
          className='self-check-compare'
          onClick={() => void Taro.navigateTo({ url: `/chair/pages/rules-compare/index${ruleset.follows ? `?rulesetId=${ruleset.id}` : ''}` })}
        >
          <Text className='self-check-compare__text'>本地办法与全国办法对照 ›</Text>
        </View>
      </View>

      <View className='card'>
        <Text className='card__title'>选择称号</Text>
        <ChoiceChips
          options={ruleset.titles.map((t) => ({ value: t.title, label: titleLabels[t.title] }))}
          value={title}
          itemClassName='self-check-title'
          onChange={(next) => chooseTitle(ruleset, next)}
        />
        <Text className='self-check-note'>
          {offer.description}（{citationText(offer.citation)}）
        </Text>
        {offer.availability ? (
          <Text className='self-check-note self-check-note--warn'>
            {offer.availability.description}（{citationText(offer.availability.citation)}）
          </Text>
        ) : null}
      </View>

      <View className='card'>
        <Text className='card__title'>评选年度与被推荐对象</Text>
        <View className='self-check-year'>
          <Text className='self-check-year__label'>评选年度</Text>
          <View className='self-check-year__stepper'>
            <View className='self-check-year__step self-check-year__minus' onClick={() => setYear((y) => Math.max(minYear, y - 1))}>
              <Text>−</Text>
            </View>
            <Text className='self-check-year__value'>{year}</Text>
            <View className='self-check-year__step self-check-year__plus' onClick={() => setYear((y) => Math.min(maxYear, y + 1))}>
              <Text>+</Text>
            </View>
          </View>
        </View>
        <Text className='self-check-note self-check-fact-years'>{factYearsLine(factYears)}</Text>
        <Text className='self-check-note'>
          默认为评选年度之前的三个完整年度（评选年度当年尚未结束），以评选活动公布的年度为准。
          {plan.rates.length + plan.grades.length === 0 ? '' : `本称号需填 ${earliestYear < lastYear ? `${earliestYear}—${lastYear}` : lastYear} 年的数据。`}
        </Text>
        <NomineeFields plan={plan} draft={draft} onChange={setDraft} />
      </View>

      <View className='card'>
        <Text className='card__title'>填写自查数据</Text>
        {asksForFigures(plan) ? (
          <FigureFields plan={plan} draft={draft} onChange={setDraft} />
        ) : (
          <Text className='card__hint'>本称号的条件均由审核人根据申报材料确认，无需填写数据。</Text>
        )}
      </View>

      <View className='card self-check-results' id='self-check-results'>
        <Text className='card__title'>逐条结果</Text>
        <Text className='card__hint'>不符合的排在最前；「需审核」的条件由审核人根据申报材料确认。</Text>
        {sorted.map((result) => (
          <ConditionResultItem key={result.conditionId} result={result} />
        ))}
      </View>

      <View
        className={`self-check-bar self-check-bar--${verdict}`}
        onClick={() => void Taro.pageScrollTo({ selector: '#self-check-results', duration: 300 })}
      >
        <View className='self-check-bar__main'>
          <Text className='self-check-verdict'>{verdictLabels[verdict]}</Text>
          <Text className='self-check-summary'>
            符合 {counts.pass} 项 · 不符合 {counts.fail} 项 · 待补充 {counts.missing} 项 · 需审核 {counts.manual} 项
          </Text>
        </View>
        <Text className='self-check-bar__more'>查看 ›</Text>
      </View>
    </View>
  )
}

function countByStatus(results: ConditionResult[]): Record<ConditionStatus, number> {
  const counts: Record<ConditionStatus, number> = { pass: 0, fail: 0, missing: 0, manual: 0 }
  for (const r of results) counts[r.status] += 1
  return counts
}
