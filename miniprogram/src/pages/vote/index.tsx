import { useCallback, useEffect, useState } from 'react'
import { Text, Textarea, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { appraisalStatusLabels, type AppraisalView, type CastRequest, type MyAppraisal } from '@shared/api/appraisal'
import {
  appraisalKindLabels,
  candidateSubject,
  dimensionSubject,
  optionLabels,
  optionsOf,
  overallSubject,
  type BallotOption,
  type GradeOption,
  type VoteOption,
} from '@shared/appraisal/ballot-kinds'
import { toApiError, type ApiError } from '../../services/api-client'
import { copyText } from '../../services/clipboard'
import { appraisalOfMine, beijingDateTime, castBallot } from '../../services/appraisal'
import { Button, Skeleton } from '../../components/nutui'
import ErrorState from '../../components/error-state'
import SignedInOnly from '../appraisals/signed-in'
import PrivacyPopup from '../../components/privacy-popup'
import './index.scss'

type Load = { status: 'loading' } | { status: 'failed'; error: ApiError } | { status: 'ready'; mine: MyAppraisal }

/** What the page shows once a ballot is cast (or found already cast): never the options again. */
interface Cast {
  receipt: string | null
  /** Cast just now on this page, rather than found cast when the page opened. */
  justNow: boolean
  message: string
}

const suggestionMax = 500
const secrecyNote = '无记名：您的选择不会与您的身份关联。'
/** Refusals a second try cannot change. */
const finalRefusals = ['APPRAISAL.CLOSED', 'APPRAISAL.NOT_OPEN', 'APPRAISAL.NOT_ELIGIBLE']

interface Question {
  subject: string
  label: string
  hint?: string
  options: readonly BallotOption[]
}

function questionsOf(appraisal: AppraisalView): Question[] {
  const options = optionsOf(appraisal.kind)
  switch (appraisal.kind) {
    case 'memberAppraisal':
      return [
        { subject: overallSubject, label: '整体评价', hint: `您对${appraisal.orgName}工作的总体评价`, options },
        ...appraisal.dimensions.map((dimension, index) => ({ subject: dimensionSubject(index), label: dimension, options })),
      ]
    case 'chairEvaluation':
      return appraisal.candidates.map((candidate) => ({
        subject: candidateSubject(candidate.memberId),
        label: `${candidate.role === 'chair' ? '主席' : '副主席'} ${candidate.name}`,
        options,
      }))
    case 'congressBallot':
      return [{ subject: overallSubject, label: appraisal.title, hint: '请选择同意、不同意或弃权', options }]
  }
}

/** The body of the ballot, built once the member confirms; a re-send uses the very same body. */
function castRequestOf(appraisal: AppraisalView, answers: Record<string, BallotOption>, suggestion: string): CastRequest {
  switch (appraisal.kind) {
    case 'memberAppraisal': {
      const text = suggestion.trim()
      return {
        overall: answers[overallSubject] as GradeOption,
        dimensions: appraisal.dimensions.map((_, index) => answers[dimensionSubject(index)] as GradeOption),
        ...(text ? { suggestion: text } : {}),
      }
    }
    case 'chairEvaluation':
      return { candidates: Object.fromEntries(appraisal.candidates.map((c) => [c.memberId, answers[candidateSubject(c.memberId)] as GradeOption])) }
    case 'congressBallot':
      return { vote: answers[overallSubject] as VoteOption }
  }
}

/**
 * 投票: one secret ballot — 会员评家 (整体评价 and each dimension, plus an optional suggestion), 主席测评 (one
 * rating per chair and vice-chair) or 大会表决 (同意 / 不同意 / 弃权). The member reviews a summary, confirms, and
 * keeps the receipt code; once cast, nothing can be changed.
 */
export default function VotePage() {
  const { params } = useRouter()
  const appraisalId = params.appraisalId
  if (!appraisalId) {
    return (
      <View className='vote'>
        <View className='card'>
          <Text className='card__title'>未指定评议</Text>
          <Text className='card__hint'>请从「我的评议」中选择要参加的投票。</Text>
          <Button type='primary' block onClick={() => void Taro.redirectTo({ url: '/pages/appraisals/index' })}>
            去我的评议
          </Button>
        </View>
      </View>
    )
  }
  return (
    <SignedInOnly className='vote' hint='登录后即可参加本工会的无记名投票。'>
      {() => <Ballot appraisalId={appraisalId} />}
    </SignedInOnly>
  )
}

function Ballot({ appraisalId }: { appraisalId: string }) {
  const [load, setLoad] = useState<Load>({ status: 'loading' })
  const [cast, setCast] = useState<Cast | null>(null)

  const reload = useCallback(async () => {
    setLoad({ status: 'loading' })
    try {
      const mine = await appraisalOfMine(appraisalId)
      setLoad({ status: 'ready', mine })
      if (mine.voted) setCast({ receipt: mine.receipt, justNow: false, message: '您已参加本次投票，不能再次投票或更改。' })
    } catch (caught) {
      setLoad({ status: 'failed', error: toApiError(caught) })
    }
  }, [appraisalId])

  useEffect(() => {
    void reload()
  }, [reload])

  if (load.status === 'loading') {
    return (
      <View className='vote'>
        <View className='card'>
          <Skeleton rows={6} animated />
        </View>
      </View>
    )
  }
  if (load.status === 'failed') {
    return (
      <View className='vote'>
        <View className='card'>
          <ErrorState message={load.error.message} onRetry={() => void reload()} />
        </View>
      </View>
    )
  }

  const { appraisal } = load.mine
  let body: JSX.Element
  if (cast) body = <Receipt appraisal={appraisal} cast={cast} />
  else if (appraisal.status !== 'open') body = <NotOpen appraisal={appraisal} />
  else body = <BallotForm appraisal={appraisal} onCast={setCast} />

  return (
    <View className='vote'>
      <PrivacyPopup />
      <View className='card vote-head'>
        <View className='vote-head__tags'>
          <Text className='vote-head__kind'>{appraisalKindLabels[appraisal.kind]}</Text>
          <Text className={`vote-head__status vote-status--${appraisal.status}`}>{appraisalStatusLabels[appraisal.status]}</Text>
        </View>
        <Text className='vote-title'>{appraisal.title}</Text>
        <Text className='vote-head__org'>{appraisal.orgName}</Text>
        <Text className='vote-head__time'>开始时间：{beijingDateTime(appraisal.opensAt)}</Text>
        <Text className='vote-head__time vote-closes'>截止时间：{beijingDateTime(appraisal.closesAt)}</Text>
        <Text className='vote-secrecy'>{secrecyNote}</Text>
      </View>
      {body}
    </View>
  )
}

function NotOpen({ appraisal }: { appraisal: AppraisalView }) {
  const query = `appraisalId=${encodeURIComponent(appraisal.appraisalId)}`
  const text: Record<AppraisalView['status'], string> = {
    preparing: '投票正在准备中，开始后即可投票。',
    scheduled: `投票尚未开始，将于 ${beijingDateTime(appraisal.opensAt)} 开始。`,
    open: '',
    closed: '投票已截止，结果封存后公布。',
    sealed: '投票已截止，结果已封存。',
  }
  return (
    <View className='card vote-not-open'>
      <Text className='vote-not-open__text'>{text[appraisal.status]}</Text>
      {appraisal.status === 'sealed' ? (
        <Button className='vote-result-link' type='primary' block onClick={() => void Taro.redirectTo({ url: `/pages/appraisal-result/index?${query}` })}>
          查看结果
        </Button>
      ) : null}
    </View>
  )
}

function BallotForm({ appraisal, onCast }: { appraisal: AppraisalView; onCast: (cast: Cast) => void }) {
  const questions = questionsOf(appraisal)
  const [answers, setAnswers] = useState<Record<string, BallotOption>>({})
  const [suggestion, setSuggestion] = useState('')
  const [showMissing, setShowMissing] = useState(false)
  // Set when the member asks to submit: the summary to confirm, and the exact body to send (and re-send).
  const [confirming, setConfirming] = useState<CastRequest | null>(null)
  const [pending, setPending] = useState(false)
  const [error, setError] = useState<ApiError | null>(null)
  const answered = questions.filter((q) => answers[q.subject] !== undefined).length
  const asksSuggestion = appraisal.kind === 'memberAppraisal'

  function onReview() {
    const missing = questions.findIndex((q) => answers[q.subject] === undefined)
    if (missing >= 0) {
      setShowMissing(true)
      void Taro.pageScrollTo({ selector: `#vote-question-${missing}`, duration: 200 }).catch(() => undefined)
      return
    }
    setError(null)
    setConfirming(castRequestOf(appraisal, answers, suggestion))
    void Taro.pageScrollTo({ scrollTop: 0, duration: 0 }).catch(() => undefined)
  }

  async function onConfirm(body: CastRequest) {
    if (pending) return
    setPending(true)
    setError(null)
    try {
      const answer = await castBallot(appraisal.appraisalId, body)
      // A re-sent ballot answered "already voted" was this member's own first send, counted.
      const counted = answer.status === 'counted' || answer.resent
      onCast({ receipt: answer.receipt, justNow: counted, message: counted && answer.status !== 'counted' ? '您的选票已计入' : answer.message })
    } catch (caught) {
      setError(toApiError(caught))
    } finally {
      setPending(false)
    }
  }

  if (confirming) {
    const final = error !== null && finalRefusals.includes(error.code)
    return (
      <View className='card vote-summary'>
        <Text className='card__title'>请确认您的选择</Text>
        <View className='vote-summary__list'>
          {questions.map((q) => (
            <View key={q.subject} className='vote-summary__row' data-subject={q.subject}>
              <Text className='vote-summary__label'>{q.label}</Text>
              <Text className={`vote-summary__choice vote-choice--${answers[q.subject] ?? ''}`}>{optionLabels[answers[q.subject] as BallotOption]}</Text>
            </View>
          ))}
        </View>
        {confirming.suggestion ? (
          <View className='vote-summary__suggestion'>
            <Text className='vote-summary__label'>意见建议</Text>
            <Text className='vote-summary__suggestion-text'>{confirming.suggestion}</Text>
          </View>
        ) : null}
        <Text className='vote-summary__warning'>确认提交后不可更改。</Text>
        {error ? (
          <View className='vote-error'>
            <Text className='vote-error__message'>{error.message}</Text>
            {error.details.map((d) => (
              <Text key={`${d.path}:${d.message}`} className='vote-error__detail'>
                {d.message}
              </Text>
            ))}
          </View>
        ) : null}
        {final ? null : (
          <Button className='vote-confirm' type='primary' size='large' block loading={pending} disabled={pending} onClick={() => void onConfirm(confirming)}>
            {error ? '重新提交' : '确认提交'}
          </Button>
        )}
        <Button className='vote-back' type='default' fill='outline' size='large' block disabled={pending} onClick={() => (final ? void Taro.navigateBack() : setConfirming(null))}>
          {final ? '返回' : '返回修改'}
        </Button>
      </View>
    )
  }

  return (
    <View className='vote-form'>
      {questions.map((question, index) => {
        const chosen = answers[question.subject]
        const missing = showMissing && chosen === undefined
        return (
          <View key={question.subject} id={`vote-question-${index}`} className={`card vote-question${missing ? ' vote-question--missing' : ''}`} data-subject={question.subject}>
            <View className='vote-question__head'>
              <Text className='vote-question__number'>{index + 1}</Text>
              <Text className='vote-question__label'>{question.label}</Text>
            </View>
            {question.hint ? <Text className='vote-question__hint'>{question.hint}</Text> : null}
            <View className='vote-options'>
              {question.options.map((option) => {
                const active = chosen === option
                return (
                  <View
                    key={option}
                    className={`vote-option vote-option--${option}${active ? ' vote-option--active' : ''}`}
                    data-value={option}
                    data-active={active ? 'true' : 'false'}
                    onClick={() => setAnswers((a) => ({ ...a, [question.subject]: option }))}
                  >
                    <View className='vote-option__radio'>{active ? <View className='vote-option__dot' /> : null}</View>
                    <Text className='vote-option__label'>{optionLabels[option]}</Text>
                  </View>
                )
              })}
            </View>
            {missing ? <Text className='vote-question__missing'>请选择一项</Text> : null}
          </View>
        )
      })}

      {asksSuggestion ? (
        <View className='card vote-suggestion-card'>
          <Text className='card__title'>意见建议（选填）</Text>
          <View className='vote-suggestion-box'>
            <Textarea
              className='vote-suggestion'
              value={suggestion}
              maxlength={suggestionMax}
              placeholder='对本工会工作的意见和建议'
              onInput={(e) => setSuggestion(e.detail.value)}
            />
          </View>
          <Text className='vote-suggestion__counter'>
            {suggestion.length}/{suggestionMax}
          </Text>
          <Text className='vote-suggestion__note'>意见建议与选票分开保存，不与您的身份和选择关联；投票封存后，以随机顺序、不具名的方式交给工会主席。请勿在其中写明姓名等可识别身份的信息。</Text>
        </View>
      ) : null}

      <View className='vote-submit-bar'>
        <Text className='vote-progress'>
          已选 {answered} / {questions.length} 项
        </Text>
        <Button className='vote-submit' type='primary' size='large' block onClick={onReview}>
          提交
        </Button>
        <Text className='vote-secrecy vote-secrecy--foot'>{secrecyNote}</Text>
      </View>
    </View>
  )
}

function Receipt({ appraisal, cast }: { appraisal: AppraisalView; cast: Cast }) {
  const query = `appraisalId=${encodeURIComponent(appraisal.appraisalId)}`
  const title = cast.justNow ? '投票成功' : '您已投票'
  return (
    <View className='card vote-receipt-card' data-just-now={cast.justNow ? 'true' : 'false'}>
      <View className='vote-done__icon'>
        <Text>✓</Text>
      </View>
      <Text className='vote-done__title'>{title}</Text>
      {cast.message !== title ? <Text className='vote-done__message'>{cast.message}</Text> : null}
      {cast.receipt ? (
        <View className='vote-receipt-box'>
          <Text className='vote-receipt__label'>回执码</Text>
          <Text className='vote-receipt' data-receipt={cast.receipt} userSelect>
            {cast.receipt}
          </Text>
          <Button className='vote-copy' type='primary' fill='outline' block onClick={() => void copyText(cast.receipt ?? '', '回执码')}>
            复制回执码
          </Button>
        </View>
      ) : null}
      <Text className='vote-receipt__note'>请保存回执码，封存后可凭它核验您的选票已计入。回执码不包含您的选择。</Text>
      <View className='vote-done__links'>
        {appraisal.status === 'sealed' ? (
          <Button className='vote-result-link' type='primary' block onClick={() => void Taro.navigateTo({ url: `/pages/appraisal-result/index?${query}` })}>
            查看结果
          </Button>
        ) : null}
        {(appraisal.status === 'closed' || appraisal.status === 'sealed') && cast.receipt ? (
          <Button
            className='vote-check-link'
            type='default'
            fill='outline'
            block
            onClick={() => void Taro.navigateTo({ url: `/pages/receipt-check/index?${query}&receipt=${encodeURIComponent(cast.receipt ?? '')}` })}
          >
            核验回执
          </Button>
        ) : null}
      </View>
    </View>
  )
}
