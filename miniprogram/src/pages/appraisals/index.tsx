import { useCallback, useEffect, useRef, useState } from 'react'
import { Text, View } from '@tarojs/components'
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro'
import { appraisalStatusLabels, type MyAppraisal } from '@shared/api/appraisal'
import { appraisalKindLabels } from '@shared/appraisal/ballot-kinds'
import { toApiError, type ApiError } from '../../services/api-client'
import { beijingDateTime, myAppraisals } from '../../services/appraisal'
import { askToSubscribe, declineSubscribe, prepareSubscribe, shouldOfferSubscribe } from '../../services/subscribe'
import { Button, Skeleton, Tag } from '../../components/nutui'
import ErrorState from '../../components/error-state'
import SignedInOnly from './signed-in'
import './index.scss'

type Load = { status: 'loading' } | { status: 'failed'; error: ApiError } | { status: 'ready'; appraisals: MyAppraisal[] }

/** Where a tap on a ballot leads: the ballot while it can be cast, the result once sealed, else its details. */
function destinationOf({ appraisal, voted }: MyAppraisal): { url: string; action: string } {
  const query = `appraisalId=${encodeURIComponent(appraisal.appraisalId)}`
  if (appraisal.status === 'sealed') return { url: `/pages/appraisal-result/index?${query}`, action: '查看结果' }
  if (appraisal.status === 'open' && !voted) return { url: `/pages/vote/index?${query}`, action: '去投票' }
  return { url: `/pages/vote/index?${query}`, action: '查看' }
}

function timeLine({ appraisal }: MyAppraisal): string {
  if (appraisal.status === 'preparing' || appraisal.status === 'scheduled') return `开始时间：${beijingDateTime(appraisal.opensAt)}`
  return `截止时间：${beijingDateTime(appraisal.closesAt)}`
}

/** 我的评议: the secret ballots the member may vote in — 会员评家, 主席测评, 大会表决 — open ones first. */
export default function AppraisalsPage() {
  return (
    <SignedInOnly className='appraisals' hint='登录后可参加本工会的会员评家、主席测评和大会表决。'>
      {() => <Appraisals />}
    </SignedInOnly>
  )
}

const statusOrder = { open: 0, scheduled: 1, preparing: 2, closed: 3, sealed: 4 } as const

function Appraisals() {
  const [load, setLoad] = useState<Load>({ status: 'loading' })
  const firstShow = useRef(true)

  const reload = useCallback(async (quiet: boolean) => {
    if (!quiet) setLoad({ status: 'loading' })
    try {
      const appraisals = await myAppraisals()
      const sorted = [...appraisals].sort((a, b) => statusOrder[a.appraisal.status] - statusOrder[b.appraisal.status] || b.appraisal.closesAt.localeCompare(a.appraisal.closesAt))
      setLoad({ status: 'ready', appraisals: sorted })
    } catch (caught) {
      const error = toApiError(caught)
      setLoad((current) => (quiet && current.status === 'ready' ? current : { status: 'failed', error }))
      if (quiet) void Taro.showToast({ title: error.message, icon: 'none' })
    }
  }, [])

  useEffect(() => {
    void reload(false)
  }, [reload])

  // Back from voting: the ballot now shows 已投票.
  useDidShow(() => {
    if (firstShow.current) firstShow.current = false
    else void reload(true)
  })

  usePullDownRefresh(() => {
    void reload(true).finally(() => void Taro.stopPullDownRefresh())
  })

  let content: JSX.Element
  if (load.status === 'loading') {
    content = (
      <View className='card'>
        <Skeleton rows={5} animated />
      </View>
    )
  } else if (load.status === 'failed') {
    content = (
      <View className='card'>
        <ErrorState message={load.error.message} onRetry={() => void reload(false)} />
      </View>
    )
  } else if (load.appraisals.length === 0) {
    content = (
      <View className='card appraisals-empty'>
        <Text className='card__title'>暂无评议</Text>
        <Text className='card__hint'>本工会发起会员评家、主席测评或大会表决后，会在这里列出，届时请按时投票。</Text>
      </View>
    )
  } else {
    content = (
      <View className='appraisals-list'>
        {load.appraisals.map((item) => (
          <AppraisalItem key={item.appraisal.appraisalId} item={item} />
        ))}
      </View>
    )
  }

  return (
    <View className='appraisals'>
      <Text className='appraisals-intro'>无记名投票：您的选择不会与您的身份关联。结果在投票截止并封存后公布。</Text>
      <BallotReminderOffer />
      {content}
      <View className='appraisals-receipt-link' onClick={() => void Taro.navigateTo({ url: '/pages/receipt-check/index' })}>
        <Text>凭回执码核验我的选票 ›</Text>
      </View>
    </View>
  )
}

function AppraisalItem({ item }: { item: MyAppraisal }) {
  const { appraisal, voted } = item
  const destination = destinationOf(item)
  return (
    <View
      className={`card appraisals-item appraisals-item--${appraisal.status}`}
      data-appraisal-id={appraisal.appraisalId}
      data-status={appraisal.status}
      data-voted={voted ? 'true' : 'false'}
      onClick={() => void Taro.navigateTo({ url: destination.url })}
    >
      <View className='appraisals-item__head'>
        <Text className='appraisals-item__kind'>{appraisalKindLabels[appraisal.kind]}</Text>
        <Text className={`appraisals-item__status appraisals-status--${appraisal.status}`}>{appraisalStatusLabels[appraisal.status]}</Text>
        {voted ? (
          <Tag className='appraisals-item__voted' type='success'>
            已投票
          </Tag>
        ) : null}
      </View>
      <Text className='appraisals-item__title'>{appraisal.title}</Text>
      <Text className='appraisals-item__org'>{appraisal.orgName}</Text>
      <View className='appraisals-item__foot'>
        <Text className='appraisals-item__time'>{timeLine(item)}</Text>
        <Text className={`appraisals-item__action${destination.action === '去投票' ? ' appraisals-item__action--vote' : ''}`}>{destination.action} ›</Text>
      </View>
    </View>
  )
}

/**
 * Members: a ballot is open only for days, so offer a WeChat reminder here, where they look for ballots.
 * Shown only in WeChat, until answered; a 不用了 is remembered and the card does not come back.
 */
function BallotReminderOffer() {
  const [shown, setShown] = useState(() => shouldOfferSubscribe('afterBallotOpened'))
  const [asking, setAsking] = useState(false)

  useEffect(() => {
    if (shown) void prepareSubscribe('afterBallotOpened')
  }, [shown])

  if (!shown) return null

  async function enable() {
    if (asking) return
    setAsking(true)
    // Straight from the tap: WeChat opens its consent sheet only then.
    const outcome = await askToSubscribe('afterBallotOpened')
    setAsking(false)
    if (outcome === 'failed') {
      void Taro.showToast({ title: '暂时无法开启提醒，请稍后再试', icon: 'none' })
      return
    }
    setShown(false)
    if (outcome === 'accepted') void Taro.showToast({ title: '已开启微信提醒', icon: 'success' })
  }

  function decline() {
    declineSubscribe('afterBallotOpened')
    setShown(false)
  }

  return (
    <View className='card appraisals-reminder'>
      <Text className='appraisals-reminder__text'>开启微信提醒：本工会发起新的评议或表决时，通过微信通知您按时投票</Text>
      <View className='appraisals-reminder__actions'>
        <Button className='appraisals-reminder__decline' type='default' fill='none' size='small' disabled={asking} onClick={decline}>
          不用了
        </Button>
        <Button className='appraisals-reminder__enable' type='primary' size='small' loading={asking} onClick={() => void enable()}>
          开启
        </Button>
      </View>
    </View>
  )
}
