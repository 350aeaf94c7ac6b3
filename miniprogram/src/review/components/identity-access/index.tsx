import { useCallback, useEffect, useState } from 'react'
import { Text, Textarea, View } from '@tarojs/components'
import { createIdentityRequest, type IdentityRequestView, type OpenedIdentityResponse } from '@shared/api/identity-access'
import { toApiError } from '../../../services/api-client'
import { askForIdentity, openIdentity, requestsOfReport } from '../../../services/identity-access'
import { useSession } from '../../../services/session'
import { chineseTime } from '../../../utils/time'
import { Button } from '../../../components/nutui'
import './index.scss'

/**
 * 举报人身份 on a report (investigators): four eyes (issue 15). The investigator asks with a reason; a custodian
 * (身份保管人) approves or refuses; once approved, the requester opens the identity — shown once, kept in this
 * component's state only, never stored on the phone.
 */
export default function IdentityAccess({ reportId, hasContact }: { reportId: string; hasContact: boolean }) {
  const [requests, setRequests] = useState<IdentityRequestView[] | null>(null)
  const [loadError, setLoadError] = useState<string | null>(null)
  const [revealed, setRevealed] = useState<OpenedIdentityResponse | null>(null)
  const session = useSession()
  // A pending request of the caller's blocks a second one (the server answers 409 too).
  const myId = session.status === 'signedIn' ? session.me.memberId : null

  const reload = useCallback(async () => {
    try {
      setRequests(await requestsOfReport(reportId))
      setLoadError(null)
    } catch (caught) {
      setLoadError(toApiError(caught).message)
    }
  }, [reportId])

  useEffect(() => {
    void reload()
  }, [reload])

  return (
    <View className='card identity-access'>
      <Text className='card__title'>举报人身份</Text>
      <Text className='card__hint'>
        {hasContact ? '举报人留有联系方式，加密保存。' : '举报人未留联系方式；如举报时已登录，获批后可查看其账号。'}
        查看须经身份保管人审批，获批后仅可查看一次，每一步都记入审计，举报人凭回执码可看到其身份已被披露。
      </Text>
      {loadError ? <Text className='identity-error'>{loadError}</Text> : null}
      {revealed ? <Revealed identity={revealed} /> : null}
      {(requests ?? []).map((r) => (
        <RequestRow
          key={r.requestId}
          request={r}
          onOpened={(identity) => {
            setRevealed(identity)
            void reload()
          }}
        />
      ))}
      {requests && !requests.some((r) => r.status === 'pending' && r.requesterId === myId) ? <AskForm reportId={reportId} onAsked={() => void reload()} /> : null}
    </View>
  )
}

function RequestRow({ request, onOpened }: { request: IdentityRequestView; onOpened: (identity: OpenedIdentityResponse) => void }) {
  const [pending, setPending] = useState(false)
  const [error, setError] = useState<string | null>(null)

  async function onOpen() {
    if (pending) return
    setPending(true)
    setError(null)
    try {
      onOpened(await openIdentity(request.requestId))
    } catch (caught) {
      setError(toApiError(caught).message)
    } finally {
      setPending(false)
    }
  }

  return (
    <View className='identity-request' data-request-id={request.requestId} data-status={request.status}>
      <View className='identity-request__head'>
        <Text className='identity-request__who'>{request.requesterName} 申请</Text>
        <Text className={`identity-request__status identity-request__status--${request.status}`}>{request.statusLabel}</Text>
      </View>
      <Text className='identity-request__reason'>理由：{request.reason}</Text>
      <Text className='identity-request__time'>{chineseTime(request.requestedAt, { clock: true })}</Text>
      {request.decisionReason ? <Text className='identity-request__decision'>审批意见：{request.decisionReason}</Text> : null}
      {request.openedAt ? <Text className='identity-request__opened'>已于 {chineseTime(request.openedAt, { clock: true })} 查看</Text> : null}
      {request.mayOpen ? (
        <Button className='identity-open' type='primary' block loading={pending} disabled={pending} onClick={() => void onOpen()}>
          查看举报人身份（仅显示一次）
        </Button>
      ) : null}
      {error ? <Text className='identity-error'>{error}</Text> : null}
    </View>
  )
}

function Revealed({ identity }: { identity: OpenedIdentityResponse }) {
  return (
    <View className='identity-revealed'>
      <View className='identity-revealed__row'>
        <Text className='identity-revealed__label'>联系方式</Text>
        <Text className='identity-revealed__contact' userSelect>
          {identity.contact ?? '未留联系方式'}
        </Text>
      </View>
      <View className='identity-revealed__row'>
        <Text className='identity-revealed__label'>登录账号</Text>
        <Text className='identity-revealed__account'>{identity.reporterAccount ?? '未登录（匿名）'}</Text>
      </View>
      <Text className='identity-revealed__message'>{identity.message}</Text>
    </View>
  )
}

function AskForm({ reportId, onAsked }: { reportId: string; onAsked: () => void }) {
  const [reason, setReason] = useState('')
  const [pending, setPending] = useState(false)
  const [error, setError] = useState<string | null>(null)

  async function onAsk() {
    if (pending) return
    const parsed = createIdentityRequest.safeParse({ reason })
    if (!parsed.success) {
      setError(parsed.error.issues[0]?.message ?? '请填写申请理由')
      return
    }
    setPending(true)
    setError(null)
    try {
      await askForIdentity(reportId, parsed.data.reason)
      setReason('')
      onAsked()
    } catch (caught) {
      const apiError = toApiError(caught)
      setError(apiError.details[0]?.message ?? apiError.message)
    } finally {
      setPending(false)
    }
  }

  return (
    <View className='identity-ask'>
      <Text className='identity-ask__title'>申请查看举报人身份</Text>
      <Text className='identity-ask__warning'>申请将连同理由送身份保管人审批，并记入审计，不可撤销。仅在核查确有需要时申请，不得向被举报方透露。</Text>
      <View className='identity-ask__box'>
        <Textarea className='identity-ask-reason' value={reason} maxlength={500} placeholder='申请理由（至少 10 字），如：需电话核实举报所述时间地点' onInput={(e) => setReason(e.detail.value)} />
      </View>
      <Text className='identity-ask__counter'>{reason.trim().length}/500（至少 10 字）</Text>
      {error ? <Text className='identity-error'>{error}</Text> : null}
      <Button className='identity-ask-submit' type='primary' fill='outline' block loading={pending} disabled={pending || reason.trim().length < 10} onClick={() => void onAsk()}>
        提交申请
      </Button>
    </View>
  )
}
