import { useCallback, useEffect, useState } from 'react'
import { Text, View } from '@tarojs/components'
import Taro, { usePullDownRefresh } from '@tarojs/taro'
import type { DeadNotice } from '@shared/api/inbox'
import { noticeTemplate } from '@config/notice-templates'
import { toApiError, type ApiError } from '../../../services/api-client'
import { chineseTime } from '../../../utils/time'
import { Skeleton } from '../../../components/nutui'
import AccessError from '../../components/access-error'
import { deadNotices } from '../../services/admin-api'
import './index.scss'

type Load = { status: 'loading' } | { status: 'failed'; error: ApiError } | { status: 'ready'; notices: DeadNotice[] }

/**
 * 未送达通知: notices that failed every retry, for the organisers whose scope holds the recipient, so that they can
 * reach those members some other way.
 */
export default function DeadNotices() {
  const [state, setState] = useState<Load>({ status: 'loading' })

  const load = useCallback(async (quiet = false) => {
    if (!quiet) setState({ status: 'loading' })
    try {
      setState({ status: 'ready', notices: await deadNotices() })
    } catch (error) {
      setState({ status: 'failed', error: toApiError(error) })
    }
  }, [])

  useEffect(() => {
    void load()
  }, [load])

  usePullDownRefresh(() => {
    void load(true).finally(() => void Taro.stopPullDownRefresh())
  })

  if (state.status === 'loading') {
    return (
      <View className='dead-notices'>
        <View className='card'>
          <Skeleton rows={5} animated />
        </View>
      </View>
    )
  }
  if (state.status === 'failed') {
    return (
      <View className='dead-notices'>
        <AccessError error={state.error} forbidden='只有组织者可以查看未送达通知' onRetry={() => void load()} />
      </View>
    )
  }
  if (state.notices.length === 0) {
    return (
      <View className='dead-notices'>
        <View className='dead-notices-empty'>
          <Text className='dead-notices-empty__mark'>✓</Text>
          <Text className='dead-notices-empty__title'>所有通知均已送达</Text>
          <Text className='dead-notices-empty__hint'>多次重试仍未送达的通知会列在这里，以便您另行告知本人。</Text>
        </View>
      </View>
    )
  }
  return (
    <View className='dead-notices'>
      <View className='dead-notices-intro'>
        <Text className='dead-notices-intro__text'>以下 {state.notices.length} 条通知多次重试仍未送达，请通过电话或当面等方式告知本人。</Text>
      </View>
      {state.notices.map((notice) => (
        <View key={notice.noticeId} className='card dead-notice'>
          <View className='dead-notice__head'>
            <Text className='dead-notice__recipient'>{notice.recipientName}</Text>
            <Text className='dead-notice__time'>{chineseTime(notice.createdAt, { clock: true })}</Text>
          </View>
          <Text className='dead-notice__org'>{notice.recipientOrg}</Text>
          <Text className='dead-notice__line'>通知：{noticeTemplate(notice.templateKey)?.title ?? notice.templateKey}</Text>
          <Text className='dead-notice__line'>已尝试 {notice.attempts} 次</Text>
          {notice.lastError ? <Text className='dead-notice__line dead-notice__error'>最后一次失败：{notice.lastError}</Text> : null}
        </View>
      ))}
    </View>
  )
}
