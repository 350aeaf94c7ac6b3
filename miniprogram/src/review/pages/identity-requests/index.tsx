import { useCallback, useEffect, useRef, useState } from 'react'
import { Text, Textarea, View } from '@tarojs/components'
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro'
import { identityDecisionRequest, type IdentityRequestView } from '@shared/api/identity-access'
import { toApiError, type ApiError } from '../../../services/api-client'
import { decideIdentityRequest, identityRequests } from '../../../services/identity-access'
import { refreshSession, useSession } from '../../../services/session'
import { chineseTime } from '../../../utils/time'
import { Button, Skeleton } from '../../../components/nutui'
import ReviewError from '../../components/review-error'
import './index.scss'

type Load = { status: 'loading' } | { status: 'failed'; error: ApiError } | { status: 'ready'; requests: IdentityRequestView[] }

/**
 * 身份查看审批 (custodians, 身份保管人): investigators' requests to see a reporter's identity, those waiting for a
 * decision first, each with its reason; approve or refuse with a reason of one's own (four eyes, issue 15). A
 * custodian never sees the identity itself, and cannot decide a request they made.
 */
export default function IdentityRequestsPage() {
  const [load, setLoad] = useState<Load>({ status: 'loading' })
  const loaded = useRef(false)
  const session = useSession()
  const unknownOnArrival = useRef(session.status === 'checking')

  useEffect(() => {
    if (unknownOnArrival.current) void refreshSession()
  }, [])

  const reload = useCallback(async (quiet = false) => {
    if (!quiet) setLoad({ status: 'loading' })
    try {
      setLoad({ status: 'ready', requests: await identityRequests() })
      loaded.current = true
    } catch (caught) {
      setLoad({ status: 'failed', error: toApiError(caught) })
    }
  }, [])

  useDidShow(() => {
    void reload(loaded.current)
  })

  usePullDownRefresh(() => {
    void reload(true).finally(() => void Taro.stopPullDownRefresh())
  })

  if (load.status === 'loading') {
    return (
      <View className='identity-requests'>
        <View className='card'>
          <Skeleton rows={5} animated />
        </View>
      </View>
    )
  }
  if (load.status === 'failed') {
    return (
      <View className='identity-requests'>
        <ReviewError error={load.error} onRetry={() => void reload()} />
      </View>
    )
  }

  const waiting = load.requests.filter((r) => r.mayDecide)
  const replace = (next: IdentityRequestView) => setLoad({ status: 'ready', requests: load.requests.map((r) => (r.requestId === next.requestId ? next : r)) })
  return (
    <View className='identity-requests'>
      <View className='idreq-intro'>
        <Text className='idreq-intro__text'>待审批 {waiting.length} 件。批准后，仅申请人可查看一次举报人身份；您的审批意见与申请理由一并记入审计。</Text>
      </View>
      {load.requests.length === 0 ? (
        <View className='card idreq-empty'>
          <Text className='idreq-empty__title'>暂无身份查看申请</Text>
        </View>
      ) : null}
      {load.requests.map((r) => (
        <RequestCard key={r.requestId} request={r} onDecided={replace} />
      ))}
    </View>
  )
}

function RequestCard({ request, onDecided }: { request: IdentityRequestView; onDecided: (r: IdentityRequestView) => void }) {
  const [reason, setReason] = useState('')
  const [pending, setPending] = useState(false)
  const [error, setError] = useState<string | null>(null)

  async function onDecide(decision: 'approve' | 'refuse') {
    if (pending) return
    const parsed = identityDecisionRequest.safeParse({ decision, reason })
    if (!parsed.success) {
      setError(parsed.error.issues[0]?.message ?? '请填写审批意见')
      return
    }
    setPending(true)
    setError(null)
    try {
      onDecided(await decideIdentityRequest(request.requestId, parsed.data))
    } catch (caught) {
      const apiError = toApiError(caught)
      setError(apiError.details[0]?.message ?? apiError.message)
    } finally {
      setPending(false)
    }
  }

  return (
    <View className='card idreq-item' data-request-id={request.requestId} data-status={request.status}>
      <View className='idreq-item__head'>
        <Text className='idreq-item__nominee'>{request.nomineeName}</Text>
        <Text className={`idreq-item__status idreq-item__status--${request.status}`}>{request.statusLabel}</Text>
      </View>
      <Text className='idreq-item__line'>{request.publicityHeading}</Text>
      <Text className='idreq-item__line'>举报类别：{request.categoryLabel}</Text>
      <Text className='idreq-item__line'>
        申请人：{request.requesterName}（{chineseTime(request.requestedAt, { clock: true })}）
      </Text>
      <Text className='idreq-item__reason'>申请理由：{request.reason}</Text>
      {request.decisionReason ? <Text className='idreq-item__line idreq-item__decision'>审批意见：{request.decisionReason}</Text> : null}
      {request.mayDecide ? (
        <View className='idreq-item__form'>
          <View className='idreq-item__box'>
            <Textarea className='idreq-reason' value={reason} maxlength={500} placeholder='审批意见（至少 4 字），将记入审计' onInput={(e) => setReason(e.detail.value)} />
          </View>
          {error ? <Text className='idreq-error'>{error}</Text> : null}
          <View className='idreq-item__actions'>
            <Button className='idreq-refuse' type='default' fill='outline' loading={pending} disabled={pending || reason.trim().length < 4} onClick={() => void onDecide('refuse')}>
              不批准
            </Button>
            <Button className='idreq-approve' type='primary' loading={pending} disabled={pending || reason.trim().length < 4} onClick={() => void onDecide('approve')}>
              批准查看
            </Button>
          </View>
        </View>
      ) : request.status === 'pending' ? (
        <Text className='idreq-item__line idreq-item__own'>这是您本人提出的申请，须由其他身份保管人审批。</Text>
      ) : null}
    </View>
  )
}
