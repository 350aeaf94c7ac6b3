import { useCallback, useEffect, useRef, useState } from 'react'
import { Text, View } from '@tarojs/components'
import Taro, { useDidShow, usePullDownRefresh, useReachBottom } from '@tarojs/taro'
import type { MeResponse } from '@shared/api/auth'
import type { InboxNotice } from '@shared/api/inbox'
import { inbox, toApiError, type ApiError } from '../../services/api-client'
import { markRead, setUnreadCount } from '../../services/inbox'
import { holdsRole, refreshSession, useSession } from '../../services/session'
import { askToSubscribe, declineSubscribe, prepareSubscribe, shouldOfferSubscribe } from '../../services/subscribe'
import { chineseTime } from '../../utils/time'
import { Button, Skeleton } from '../../components/nutui'
import ErrorState from '../../components/error-state'
import LogInPrompt from '../../components/log-in-prompt'
import './index.scss'

const inboxPage = 'pages/inbox/index'

/** 消息通知: the member's notices, newest first; a tap marks one read and opens the page it is about. */
export default function Inbox() {
  const session = useSession()

  useDidShow(() => {
    void refreshSession()
  })

  switch (session.status) {
    case 'checking':
      return (
        <View className='inbox'>
          <View className='card'>
            <Skeleton rows={4} animated />
          </View>
        </View>
      )
    case 'failed':
      return (
        <View className='inbox'>
          <View className='card'>
            <ErrorState message={session.error.message} onRetry={() => void refreshSession()} />
          </View>
        </View>
      )
    case 'signedOut':
      return (
        <View className='inbox'>
          <View className='inbox-signed-out'>
            <LogInPrompt hint='登录后可查看发给你的通知。' expired={session.expired} />
          </View>
        </View>
      )
    case 'signedIn':
      return <Notices me={session.me} />
  }
}

type List =
  | { status: 'loading' }
  | { status: 'failed'; error: ApiError }
  | { status: 'ready'; notices: InboxNotice[]; nextCursor: string | null }

function Notices({ me }: { me: MeResponse }) {
  const [list, setList] = useState<List>({ status: 'loading' })
  const [loadingMore, setLoadingMore] = useState(false)
  const [moreError, setMoreError] = useState<ApiError | null>(null)
  // A refresh started after a load-more wins: older answers are dropped.
  const generation = useRef(0)

  const load = useCallback(async (quiet: boolean) => {
    const mine = ++generation.current
    if (!quiet) setList({ status: 'loading' })
    setMoreError(null)
    try {
      const page = await inbox()
      if (mine !== generation.current) return
      setUnreadCount(page.unread)
      setList({ status: 'ready', notices: page.notices, nextCursor: page.nextCursor })
    } catch (error) {
      if (mine !== generation.current) return
      // A failed pull-down keeps what is shown; only a first load shows the error instead of the list.
      setList((current) => (quiet && current.status === 'ready' ? current : { status: 'failed', error: toApiError(error) }))
      if (quiet) void Taro.showToast({ title: toApiError(error).message, icon: 'none' })
    }
  }, [])

  useEffect(() => {
    void load(false)
  }, [load])

  usePullDownRefresh(() => {
    void load(true).finally(() => void Taro.stopPullDownRefresh())
  })

  const cursor = list.status === 'ready' ? list.nextCursor : null
  const loadMore = useCallback(async () => {
    if (!cursor || loadingMore) return
    const mine = generation.current
    setLoadingMore(true)
    setMoreError(null)
    try {
      const page = await inbox(cursor)
      if (mine !== generation.current) return
      setUnreadCount(page.unread)
      setList((current) => {
        if (current.status !== 'ready') return current
        const known = new Set(current.notices.map((n) => n.noticeId))
        return { status: 'ready', notices: [...current.notices, ...page.notices.filter((n) => !known.has(n.noticeId))], nextCursor: page.nextCursor }
      })
    } catch (error) {
      if (mine === generation.current) setMoreError(toApiError(error))
    } finally {
      setLoadingMore(false)
    }
  }, [cursor, loadingMore])

  useReachBottom(() => {
    if (!moreError) void loadMore()
  })

  function setReadAt(noticeId: string, readAt: string | null) {
    setList((current) =>
      current.status === 'ready' ? { ...current, notices: current.notices.map((n) => (n.noticeId === noticeId ? { ...n, readAt } : n)) } : current,
    )
  }

  function open(notice: InboxNotice) {
    if (!notice.readAt) {
      setReadAt(notice.noticeId, new Date().toISOString())
      // Not awaited: the page opens at once; the home badge waits for this mark before re-reading the count.
      markRead([notice.noticeId]).catch(() => setReadAt(notice.noticeId, null))
    }
    const path = notice.page.split('?')[0]
    if (path === inboxPage) return
    Taro.navigateTo({ url: `/${notice.page}` }).catch(() => {
      void Taro.showToast({ title: '暂时无法打开该页面', icon: 'none' })
    })
  }

  let content: JSX.Element
  if (list.status === 'loading') {
    content = (
      <View className='card'>
        <Skeleton rows={5} animated />
      </View>
    )
  } else if (list.status === 'failed') {
    content = (
      <View className='card'>
        <ErrorState message={list.error.message} onRetry={() => void load(false)} />
      </View>
    )
  } else if (list.notices.length === 0) {
    content = (
      <View className='inbox-empty'>
        <View className='inbox-empty__icon'>
          <View className='inbox-empty__envelope' />
        </View>
        <Text className='inbox-empty__title'>暂无通知</Text>
        <Text className='inbox-empty__hint'>申报进展、待办工作和角色变动会在这里通知你。</Text>
      </View>
    )
  } else {
    content = (
      <View className='inbox-list'>
        {list.notices.map((notice) => (
          <NoticeRow key={notice.noticeId} notice={notice} onOpen={() => open(notice)} />
        ))}
        <View className='inbox-more'>
          {moreError ? (
            <View className='inbox-more__error' onClick={() => void loadMore()}>
              <Text>{moreError.message}，点击重试</Text>
            </View>
          ) : list.nextCursor ? (
            <View className='inbox-more__button' onClick={() => void loadMore()}>
              <Text>{loadingMore ? '加载中…' : '加载更多'}</Text>
            </View>
          ) : (
            <Text className='inbox-more__end'>没有更多通知了</Text>
          )}
        </View>
      </View>
    )
  }

  return (
    <View className='inbox'>
      {holdsRole(me, ['reviewer', 'organiser']) ? <WorkReminderOffer /> : null}
      {content}
    </View>
  )
}

function NoticeRow({ notice, onOpen }: { notice: InboxNotice; onOpen: () => void }) {
  const unread = notice.readAt === null
  return (
    <View className={`inbox-notice${unread ? ' inbox-notice--unread' : ''}`} data-unread={unread ? 'true' : 'false'} onClick={onOpen}>
      <View className='inbox-notice__mark'>{unread ? <View className='inbox-notice__dot' /> : null}</View>
      <View className='inbox-notice__main'>
        <View className='inbox-notice__head'>
          <Text className='inbox-notice__title'>{notice.title}</Text>
          <Text className='inbox-notice__time'>{chineseTime(notice.createdAt)}</Text>
        </View>
        <Text className='inbox-notice__body'>{notice.body}</Text>
      </View>
      <Text className='inbox-notice__arrow'>›</Text>
    </View>
  )
}

/**
 * Reviewers and organisers: their work waits on them, so offer WeChat reminders here, where they look for work.
 * Shown only in WeChat, until answered; a 不用了 is remembered and the card does not come back.
 */
function WorkReminderOffer() {
  const [shown, setShown] = useState(() => shouldOfferSubscribe('reviewerWork'))
  const [asking, setAsking] = useState(false)

  useEffect(() => {
    if (shown) void prepareSubscribe('reviewerWork')
  }, [shown])

  if (!shown) return null

  async function enable() {
    if (asking) return
    setAsking(true)
    // Straight from the tap: WeChat opens its consent sheet only then.
    const outcome = await askToSubscribe('reviewerWork')
    setAsking(false)
    if (outcome === 'failed') {
      void Taro.showToast({ title: '暂时无法开启提醒，请稍后再试', icon: 'none' })
      return
    }
    setShown(false)
    if (outcome === 'accepted') void Taro.showToast({ title: '已开启微信提醒', icon: 'success' })
  }

  function decline() {
    declineSubscribe('reviewerWork')
    setShown(false)
  }

  return (
    <View className='card subscribe-offer'>
      <Text className='subscribe-offer__text'>开启微信提醒：有工作等待您处理时，通过微信通知您</Text>
      <View className='subscribe-offer__actions'>
        <Button className='subscribe-offer__decline' type='default' fill='none' size='small' disabled={asking} onClick={decline}>
          不用了
        </Button>
        <Button className='subscribe-offer__enable' type='primary' size='small' loading={asking} onClick={() => void enable()}>
          开启
        </Button>
      </View>
    </View>
  )
}
