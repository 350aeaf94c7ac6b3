import { useCallback, useEffect, useState } from 'react'
import { Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import type { AppraisalResultResponse, QuestionResult } from '@shared/api/appraisal'
import { appraisalKindLabels, optionLabels, optionsOf, type AppraisalKind, type BallotOption } from '@shared/appraisal/ballot-kinds'
import { formatRate } from '@shared/rules/compare'
import { toApiError, type ApiError } from '../../services/api-client'
import { appraisalResult, beijingDateTime } from '../../services/appraisal'
import { Button, Skeleton } from '../../components/nutui'
import ErrorState from '../../components/error-state'
import SignedInOnly from '../appraisals/signed-in'
import './index.scss'

type Load = { status: 'loading' } | { status: 'failed'; error: ApiError } | { status: 'ready'; result: AppraisalResultResponse }

const rateLabels = { satisfaction: '满意率', dissatisfaction: '不满意率', yesShare: '同意票率' } as const
const rateNotes = { satisfaction: '满意与基本满意占有效票的比例', dissatisfaction: '不满意占有效票的比例', yesShare: '同意票占有效票（含弃权）的比例' } as const

const isOption = (key: string): key is BallotOption => Object.prototype.hasOwnProperty.call(optionLabels, key)

/** The options in the ballot's order, then anything else the server counted. */
function barsOf(kind: AppraisalKind, question: QuestionResult): { option: string; label: string; count: number; share: number }[] {
  const known = optionsOf(kind) as readonly string[]
  const keys = [...known, ...Object.keys(question.counts).filter((k) => !known.includes(k))]
  return keys.map((option) => {
    const count = question.counts[option] ?? 0
    return { option, label: isOption(option) ? optionLabels[option] : option, count, share: question.valid > 0 ? count / question.valid : 0 }
  })
}

/**
 * 评议结果: a sealed ballot's totals — turnout, the overall question as bars with its rates (the turnout beside
 * them), how the ruleset judges them (the server's explanation with the article), and the breakdown per dimension
 * or person unless too few voted. An annulled ballot says so first, by whom and why. Nothing shows before sealing.
 */
export default function AppraisalResultPage() {
  const { params } = useRouter()
  const appraisalId = params.appraisalId
  if (!appraisalId) {
    return (
      <View className='result'>
        <View className='card'>
          <Text className='card__title'>未指定评议</Text>
          <Text className='card__hint'>请从「我的评议」中选择要查看的评议。</Text>
        </View>
      </View>
    )
  }
  return (
    <SignedInOnly className='result' hint='登录后可查看本工会已封存的评议结果。'>
      {() => <Result appraisalId={appraisalId} />}
    </SignedInOnly>
  )
}

function Result({ appraisalId }: { appraisalId: string }) {
  const [load, setLoad] = useState<Load>({ status: 'loading' })

  const reload = useCallback(async () => {
    setLoad({ status: 'loading' })
    try {
      setLoad({ status: 'ready', result: await appraisalResult(appraisalId) })
    } catch (caught) {
      setLoad({ status: 'failed', error: toApiError(caught) })
    }
  }, [appraisalId])

  useEffect(() => {
    void reload()
  }, [reload])

  if (load.status === 'loading') {
    return (
      <View className='result'>
        <View className='card'>
          <Skeleton rows={8} animated />
        </View>
      </View>
    )
  }
  if (load.status === 'failed') {
    if (load.error.code === 'APPRAISAL.NOT_SEALED') {
      return (
        <View className='result'>
          <View className='card result-not-sealed'>
            <Text className='card__title'>结果尚未公布</Text>
            <Text className='result-not-sealed__message'>{load.error.message}</Text>
            <Button type='primary' fill='outline' block onClick={() => void reload()}>
              刷新
            </Button>
          </View>
        </View>
      )
    }
    return (
      <View className='result'>
        <View className='card'>
          <ErrorState message={load.error.message} onRetry={() => void reload()} />
        </View>
      </View>
    )
  }

  const { result } = load
  const { appraisal } = result
  const kind = appraisal.kind
  return (
    <View className='result'>
      <View className='card result-head'>
        <Text className='result-head__kind'>{appraisalKindLabels[kind]}</Text>
        <Text className='result-title'>{appraisal.title}</Text>
        <Text className='result-head__org'>{appraisal.orgName}</Text>
        <Text className='result-head__time'>封存时间：{beijingDateTime(result.sealedAt)}</Text>
      </View>

      {appraisal.annulment ? (
        <View className='card result-annulled' data-annulled='true'>
          <Text className='result-annulled__title'>本次评议已被撤销</Text>
          <Text className='result-annulled__by'>
            {appraisal.annulment.byOrgName}于 {beijingDateTime(appraisal.annulment.annulledAt)} 撤销。以下结果仅供查阅，不作为本年度的正式评议记录。
          </Text>
          <Text className='result-annulled__reason'>撤销理由：{appraisal.annulment.reason}</Text>
        </View>
      ) : null}

      <View className='card result-turnout-card'>
        <View className='result-figure'>
          <Text className='result-figure__value result-ballots'>{result.ballots}</Text>
          <Text className='result-figure__label'>投票人数</Text>
        </View>
        <View className='result-figure'>
          <Text className='result-figure__value result-eligible'>{result.eligible}</Text>
          <Text className='result-figure__label'>应投人数</Text>
        </View>
        <View className='result-figure'>
          <Text className='result-figure__value result-turnout'>{result.turnout === null ? '—' : formatRate(result.turnout)}</Text>
          <Text className='result-figure__label'>投票率</Text>
        </View>
      </View>

      {result.overall ? <QuestionCard kind={kind} question={result.overall} turnout={result.turnout} className='result-overall' /> : null}

      {result.outcomes.length > 0 ? (
        <View className='card result-outcomes'>
          <Text className='card__title'>按评选办法判定</Text>
          {result.outcomes.map((outcome) => (
            <View key={outcome.explanation} className={`result-outcome result-outcome--${outcome.passed ? 'pass' : 'fail'}`} data-passed={outcome.passed ? 'true' : 'false'}>
              <Text className='result-outcome__mark'>{outcome.passed ? '✓' : '✗'}</Text>
              <View className='result-outcome__text'>
                <Text className='result-outcome__explanation'>{outcome.explanation}</Text>
                <Text className='result-outcome__description'>{outcome.description}</Text>
              </View>
            </View>
          ))}
        </View>
      ) : null}

      {/* A congress ballot has one question: nothing is held back from it. */}
      {result.totalsOnly && kind !== 'congressBallot' ? (
        <View className='card result-totals-only'>
          <Text className='result-totals-only__text'>投票人数少于 {appraisal.minGroupSize} 人，仅公布总数。</Text>
        </View>
      ) : result.breakdown.length > 0 ? (
        <View className='result-breakdown'>
          <Text className='result-section-title'>{kind === 'chairEvaluation' ? '主席、副主席测评' : '分项评价'}</Text>
          {result.breakdown.map((question) => (
            <QuestionCard key={question.subject} kind={kind} question={question} />
          ))}
        </View>
      ) : null}

      {kind === 'memberAppraisal' ? (
        <Text className='result-suggestions'>收到意见建议 {result.suggestionCount} 条，已以随机顺序、不具名地交工会主席阅处。</Text>
      ) : null}

      <View
        className='result-receipt-link'
        onClick={() => void Taro.navigateTo({ url: `/pages/receipt-check/index?appraisalId=${encodeURIComponent(appraisal.appraisalId)}` })}
      >
        <Text>凭回执码核验我的选票已计入 ›</Text>
      </View>
    </View>
  )
}

/** `turnout` (the overall question's): shown beside its rates, since a rate means little without it. */
function QuestionCard({ kind, question, turnout, className = '' }: { kind: AppraisalKind; question: QuestionResult; turnout?: number | null; className?: string }) {
  const rates = (['satisfaction', 'dissatisfaction', 'yesShare'] as const).filter((rate) => question[rate] !== undefined)
  return (
    <View className={`card result-question ${className}`} data-subject={question.subject}>
      <View className='result-question__head'>
        <Text className='result-question__label'>{question.label}</Text>
        <Text className='result-question__valid'>有效票 {question.valid}</Text>
      </View>
      <View className='result-bars'>
        {barsOf(kind, question).map((bar) => (
          <View key={bar.option} className={`result-bar result-bar--${bar.option}`} data-option={bar.option}>
            <View className='result-bar__head'>
              <Text className='result-bar__label'>{bar.label}</Text>
              <View className='result-bar__figures'>
                <Text className='result-bar__count'>{bar.count}</Text>
                <Text className='result-bar__unit'>票</Text>
                {question.valid > 0 ? <Text className='result-bar__share'>{formatRate(bar.share)}</Text> : null}
              </View>
            </View>
            <View className='result-bar__track'>
              <View className='result-bar__fill' style={{ width: `${Math.min(100, bar.share * 100)}%` }} />
            </View>
          </View>
        ))}
      </View>
      {rates.length > 0 || question.grade ? (
        <View className='result-rates'>
          {rates.map((rate) => (
            <View key={rate} className={`result-rate result-rate--${rate}`} data-rate={rate}>
              <Text className='result-rate__label'>{rateLabels[rate]}</Text>
              <Text className='result-rate__value'>{formatRate(question[rate] ?? 0)}</Text>
              <Text className='result-rate__note'>{rateNotes[rate]}</Text>
            </View>
          ))}
          {rates.length > 0 && turnout !== undefined && turnout !== null ? (
            <View className='result-rate result-rate--turnout' data-rate='turnout'>
              <Text className='result-rate__label'>投票率</Text>
              <Text className='result-rate__value'>{formatRate(turnout)}</Text>
              <Text className='result-rate__note'>以上比率据此投票率得出</Text>
            </View>
          ) : null}
          {question.grade ? (
            <View className='result-rate result-rate--grade' data-rate='grade'>
              <Text className='result-rate__label'>测评等次</Text>
              <Text className='result-rate__value'>{isOption(question.grade) ? optionLabels[question.grade] : question.grade}</Text>
            </View>
          ) : null}
        </View>
      ) : null}
    </View>
  )
}
