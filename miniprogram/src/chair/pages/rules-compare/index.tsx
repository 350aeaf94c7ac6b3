import { useMemo, useState } from 'react'
import { Text, View } from '@tarojs/components'
import { useRouter } from '@tarojs/taro'
import { rulesetIds, rulesets, type RulesetId } from '@config/rulesets'
import { compareWithFollowed, comparisonMarkLabels, comparisonPartLabels, markCounts, type ComparedRule, type ComparisonMark, type ComparisonRow } from '@shared/rules/ruleset-comparison'
import type { Ruleset } from '@shared/rules/ruleset-schema'
import { titleLabels } from '@shared/rules/titles'
import ChoiceChips from '../../components/choice-chips'
import './index.scss'

/** The regional rulesets: those that declare the ruleset they follow. */
const regionalIds = rulesetIds.filter((id) => rulesets[id].follows !== undefined)
const regionalOptions = regionalIds.map((id) => ({ value: id, label: rulesets[id].name }))
const markOrder: ComparisonMark[] = ['stricter', 'looser', 'changed', 'added', 'notProvided', 'same']
type Shown = 'all' | 'different'
const shownOptions = [
  { value: 'different' as const, label: '只看不同之处' },
  { value: 'all' as const, label: '全部条款' },
]

function followedOf(ruleset: Ruleset): Ruleset | undefined {
  const id = ruleset.follows?.rulesetId
  return id !== undefined && id in rulesets ? rulesets[id as RulesetId] : undefined
}

/**
 * 本地办法与全国办法对照 (issue 16 point 9): pick a regional regulation and read every condition and revocation
 * ground beside the national one, each side with its article, marked 更严 / 更宽 / 改写 / 新增 / 未规定 / 相同. The
 * marks are the ones the regional ruleset declares (config/rulesets/follows.ts), from the same data the eligibility
 * check evaluates; computed on the phone, nothing is sent.
 */
export default function RulesCompare() {
  const asked = useRouter().params.rulesetId
  const [rulesetId, setRulesetId] = useState<RulesetId | undefined>(() => regionalIds.find((id) => id === asked) ?? regionalIds[0])
  const [shown, setShown] = useState<Shown>('different')
  const ruleset = rulesetId ? rulesets[rulesetId] : undefined
  const followed = ruleset ? followedOf(ruleset) : undefined
  const rows = useMemo(() => (ruleset && followed ? compareWithFollowed(ruleset, followed) : []), [ruleset, followed])
  const counts = markCounts(rows)
  const visible = shown === 'all' ? rows : rows.filter((r) => r.mark !== 'same')

  if (!ruleset || !followed) {
    return (
      <View className='rules-compare'>
        <View className='card'>
          <Text className='card__hint'>暂无可对照的本地评选办法。</Text>
        </View>
      </View>
    )
  }

  return (
    <View className='rules-compare'>
      <View className='rules-compare-intro'>
        <Text className='rules-compare-intro__text'>
          逐条对照本地办法与《{followed.document}》：每条列出两边的条文出处，并标明本地规定更严、更宽、改写、新增、未规定或与全国相同。
        </Text>
      </View>

      <View className='card'>
        <Text className='card__title'>选择本地办法</Text>
        <ChoiceChips options={regionalOptions} value={rulesetId} itemClassName='rules-compare-ruleset' onChange={setRulesetId} />
        <Text className='rules-compare-note'>
          《{ruleset.document}》（{ruleset.citationDoc}）对照《{followed.document}》（{followed.citationDoc}）
        </Text>
        <View className='rules-compare-counts'>
          {markOrder.map((mark) => (
            <View key={mark} className={`rules-compare-count rules-compare-mark--${mark}`} data-mark={mark}>
              <Text className='rules-compare-count__label'>{comparisonMarkLabels[mark]}</Text>
              <Text className='rules-compare-count__value'>{counts[mark]}</Text>
            </View>
          ))}
        </View>
        <ChoiceChips options={shownOptions} value={shown} itemClassName='rules-compare-shown' onChange={setShown} />
        <Text className='rules-compare-note rules-compare-shown-count'>
          共 {rows.length} 条，{shown === 'all' ? '全部列出' : `列出不同之处 ${visible.length} 条`}
        </Text>
      </View>

      {(['condition', 'revocationGround'] as const).map((part) => {
        const partRows = visible.filter((r) => r.part === part)
        return (
          <View key={part} className='card rules-compare-part' data-part={part}>
            <Text className='card__title'>{comparisonPartLabels[part]}</Text>
            {partRows.length === 0 ? (
              <Text className='card__hint rules-compare-empty'>{rows.some((r) => r.part === part) ? '与全国办法相同，无不同之处。' : '两边均未规定。'}</Text>
            ) : (
              partRows.map((row) => <RowItem key={`${row.part}.${row.id}`} row={row} />)
            )}
          </View>
        )
      })}
    </View>
  )
}

function RowItem({ row }: { row: ComparisonRow }) {
  return (
    <View className='rules-compare-row' data-part={row.part} data-id={row.id} data-mark={row.mark}>
      <View className='rules-compare-row__head'>
        <Text className='rules-compare-row__titles'>{row.titles.map((t) => titleLabels[t]).join('、')}</Text>
        <Text className={`rules-compare-tag rules-compare-mark--${row.mark}`}>{comparisonMarkLabels[row.mark]}</Text>
      </View>
      <Side label='全国' side='national' rules={row.national} />
      <Side label='本地' side='regional' rules={row.regional ? [row.regional] : []} />
      {row.note ? <Text className='rules-compare-row__note'>说明：{row.note}</Text> : null}
    </View>
  )
}

function Side({ label, side, rules }: { label: string; side: 'national' | 'regional'; rules: ComparedRule[] }) {
  return (
    <View className={`rules-compare-side rules-compare-side--${side}`}>
      <Text className='rules-compare-side__label'>{label}</Text>
      {rules.length > 0 ? (
        <View className='rules-compare-side__body'>
          {rules.map((rule) => (
            <View key={rule.id} className='rules-compare-rule' data-id={rule.id}>
              <Text className='rules-compare-side__text'>{rule.description}</Text>
              <Text className='rules-compare-side__cite'>{rule.citation}</Text>
              {rule.reading ? <Text className='reading-note rules-compare-side__reading'>{rule.reading}</Text> : null}
            </View>
          ))}
        </View>
      ) : (
        <Text className='rules-compare-side__none'>未规定</Text>
      )}
    </View>
  )
}
