import { useEffect, useRef, useState } from 'react'
import { Input, Text, View } from '@tarojs/components'
import { useRouter } from '@tarojs/taro'
import { receiptCheckRequest, type MyAppraisal, type ReceiptCheckResponse } from '@shared/api/appraisal'
import { appraisalKindLabels } from '@shared/appraisal/ballot-kinds'
import { toApiError, type ApiError } from '../../services/api-client'
import { checkReceipt, myAppraisals } from '../../services/appraisal'
import { refreshSession, useSession } from '../../services/session'
import { Button, Skeleton } from '../../components/nutui'
import './index.scss'

type Ballots = { status: 'loading' } | { status: 'failed'; error: ApiError } | { status: 'ready'; appraisals: MyAppraisal[] }

/**
 * 回执核验: after sealing, anyone holding a receipt code checks that the ballot it stands for was counted. The
 * ballot comes from the address (the vote or result page) or, for a logged-in member, from their voted ballots.
 * No log-in is needed, and the answer says nothing of the choice.
 */
export default function ReceiptCheckPage() {
  const { params } = useRouter()
  const [appraisalId, setAppraisalId] = useState<string | undefined>(params.appraisalId)
  const [receipt, setReceipt] = useState(params.receipt ?? '')
  const [inputError, setInputError] = useState<string | null>(null)
  const [pending, setPending] = useState(false)
  const [answer, setAnswer] = useState<ReceiptCheckResponse | null>(null)
  const [error, setError] = useState<ApiError | null>(null)

  async function onCheck() {
    if (!appraisalId || pending) return
    setAnswer(null)
    setError(null)
    const parsed = receiptCheckRequest.safeParse({ receipt })
    if (!parsed.success) {
      setInputError(parsed.error.issues[0]?.message ?? '回执码格式不正确')
      return
    }
    setInputError(null)
    setPending(true)
    try {
      setAnswer(await checkReceipt(appraisalId, parsed.data.receipt))
    } catch (caught) {
      const apiError = toApiError(caught)
      const receiptDetail = apiError.details.find((d) => d.path === 'receipt')
      if (receiptDetail) setInputError(receiptDetail.message)
      else setError(apiError)
    } finally {
      setPending(false)
    }
  }

  return (
    <View className='receipt-check'>
      <View className='card'>
        <Text className='card__title'>核验我的选票</Text>
        <Text className='card__hint'>投票后得到的回执码可在结果封存后核验选票是否已计入。核验不需要登录，也不会显示您的选择。</Text>
        {params.appraisalId ? null : (
          <BallotPicker
            chosen={appraisalId}
            onChoose={(mine) => {
              setAppraisalId(mine.appraisal.appraisalId)
              setReceipt(mine.receipt ?? '')
              setAnswer(null)
              setError(null)
            }}
          />
        )}
        {appraisalId ? (
          <View className='receipt-check-form'>
            <Text className='receipt-check-label'>回执码</Text>
            <Input
              className='receipt-check-input'
              value={receipt}
              placeholder='如 ABCD-EFGH-JKMN-PQRS'
              maxlength={23}
              confirmType='done'
              onInput={(e) => setReceipt(e.detail.value)}
              onConfirm={() => void onCheck()}
            />
            {inputError ? <Text className='receipt-check-error receipt-check-input-error'>{inputError}</Text> : null}
            <Button className='receipt-check-submit' type='primary' size='large' block loading={pending} disabled={pending || receipt.trim() === ''} onClick={() => void onCheck()}>
              核验
            </Button>
          </View>
        ) : null}
        {error ? <Text className='receipt-check-error'>{error.message}</Text> : null}
      </View>

      {answer ? (
        <View className={`card receipt-check-result receipt-check-result--${answer.counted ? 'counted' : 'missing'}`} data-counted={answer.counted ? 'true' : 'false'} data-sealed={answer.sealed ? 'true' : 'false'}>
          <Text className='receipt-check-result__mark'>{answer.counted ? '✓' : '?'}</Text>
          <Text className='receipt-check-result__title'>{answer.counted ? '已计入' : answer.sealed ? '未找到该回执码' : '暂不能核验'}</Text>
          <Text className='receipt-check-result__message'>{answer.message}</Text>
        </View>
      ) : null}
    </View>
  )
}

/** A logged-in member picks one of the ballots they voted in; its receipt fills in by itself. */
function BallotPicker({ chosen, onChoose }: { chosen: string | undefined; onChoose: (mine: MyAppraisal) => void }) {
  const session = useSession()
  const signedIn = session.status === 'signedIn'
  const [ballots, setBallots] = useState<Ballots>({ status: 'loading' })

  // Read on arrival only; the session's later changes re-render by themselves.
  const unknownOnArrival = useRef(session.status === 'checking')

  useEffect(() => {
    if (unknownOnArrival.current) void refreshSession()
  }, [])

  useEffect(() => {
    if (!signedIn) return
    let current = true
    myAppraisals()
      .then((appraisals) => current && setBallots({ status: 'ready', appraisals: appraisals.filter((a) => a.voted) }))
      .catch((caught: unknown) => current && setBallots({ status: 'failed', error: toApiError(caught) }))
    return () => {
      current = false
    }
  }, [signedIn])

  if (session.status === 'checking') return <Skeleton rows={2} animated />
  if (!signedIn) return <Text className='receipt-check-note'>请从评议结果页或投票页打开核验，或登录后从您参加过的评议中选择。</Text>
  if (ballots.status === 'loading') return <Skeleton rows={2} animated />
  if (ballots.status === 'failed') return <Text className='receipt-check-error'>{ballots.error.message}</Text>
  if (ballots.appraisals.length === 0) return <Text className='receipt-check-note'>您还没有参加过评议投票。</Text>
  return (
    <View className='receipt-check-ballots'>
      <Text className='receipt-check-label'>选择评议</Text>
      {ballots.appraisals.map((mine) => {
        const active = mine.appraisal.appraisalId === chosen
        return (
          <View
            key={mine.appraisal.appraisalId}
            className={`receipt-check-ballot${active ? ' receipt-check-ballot--active' : ''}`}
            data-appraisal-id={mine.appraisal.appraisalId}
            onClick={() => onChoose(mine)}
          >
            <Text className='receipt-check-ballot__kind'>{appraisalKindLabels[mine.appraisal.kind]}</Text>
            <Text className='receipt-check-ballot__title'>{mine.appraisal.title}</Text>
          </View>
        )
      })}
    </View>
  )
}
