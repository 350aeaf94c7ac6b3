import { Text, View } from '@tarojs/components'
import { citationText, type ConditionResult, type ConditionStatus } from '@shared/rules/eligibility'
import './index.scss'

export const statusLabels: Record<ConditionStatus, string> = {
  pass: '符合',
  fail: '不符合',
  missing: '待补充',
  manual: '需审核',
}

/**
 * One condition of the regulation: its status, what it asks, why (with the figures), the article, and — where the
 * system reads the text beyond its words — that reading (「本系统理解：…」), so no one takes it for the text.
 */
export default function ConditionResultItem({ result }: { result: ConditionResult }) {
  const { status } = result
  return (
    <View className={`self-check-result self-check-result--${status}`} data-status={status} data-condition={result.conditionId}>
      <View className='self-check-result__head'>
        <Text className={`status-tag status-tag--${status}`}>{statusLabels[status]}</Text>
        {result.severity === 'advisory' ? <Text className='status-tag status-tag--advisory'>一般性要求</Text> : null}
      </View>
      <Text className='self-check-result__description'>{result.description}</Text>
      <Text className='self-check-result__explanation'>{result.explanation}</Text>
      <Text className='self-check-citation'>依据：{citationText(result.citation)}</Text>
      {result.reading ? <ConditionReading reading={result.reading} /> : null}
    </View>
  )
}

/** 「本系统理解：…」 beside a condition: how the system reads a text that does not settle it alone. */
export function ConditionReading({ reading }: { reading: string }) {
  return <Text className='reading-note self-check-reading'>{reading}</Text>
}
