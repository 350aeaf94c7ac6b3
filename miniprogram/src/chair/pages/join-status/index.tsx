import { useCallback, useEffect, useState } from 'react'
import { Text, View } from '@tarojs/components'
import Taro, { useLoad, usePullDownRefresh, useRouter } from '@tarojs/taro'
import type { JoinStatusResponse } from '@shared/api/joining'
import { toApiError, type ApiError } from '../../../services/api-client'
import { chairedUnions, joinStatus } from '../../../services/joining'
import { refreshSession, useSession } from '../../../services/session'
import { chineseTime } from '../../../utils/time'
import { Button, Skeleton } from '../../../components/nutui'
import ErrorState from '../../../components/error-state'
import './index.scss'

type Load = { status: 'loading' } | { status: 'failed'; error: ApiError } | { status: 'ready'; data: JoinStatusResponse }

/**
 * 入会情况: how much of the roster has joined online (bound their WeChat account), and who, latest first.
 * For the union's chairs; reviewers above open it with the union's orgId.
 */
export default function JoinStatusPage() {
  const { params } = useRouter()
  const session = useSession()
  const orgId = params.orgId ?? (session.status === 'signedIn' ? chairedUnions(session.me)[0]?.org.orgId : undefined)

  useLoad(() => {
    if (session.status !== 'signedIn') void refreshSession()
  })

  if (!orgId) {
    return (
      <View className='join-status'>
        <View className='card'>
          {session.status === 'checking' ? (
            <Skeleton rows={4} animated />
          ) : (
            <>
              <Text className='card__title'>仅工会主席可用</Text>
              <Text className='card__hint'>入会情况由本单位工会主席、副主席和上级审核人查看。</Text>
            </>
          )}
        </View>
      </View>
    )
  }
  return <StatusOf orgId={orgId} />
}

function StatusOf({ orgId }: { orgId: string }) {
  const [load, setLoad] = useState<Load>({ status: 'loading' })

  const reload = useCallback(async () => {
    try {
      setLoad({ status: 'ready', data: await joinStatus(orgId) })
    } catch (caught) {
      setLoad({ status: 'failed', error: toApiError(caught) })
    }
  }, [orgId])

  useEffect(() => {
    void reload()
  }, [reload])

  usePullDownRefresh(() => {
    void reload().finally(() => void Taro.stopPullDownRefresh())
  })

  if (load.status === 'loading') {
    return (
      <View className='join-status'>
        <View className='card'>
          <Skeleton rows={6} animated />
        </View>
      </View>
    )
  }
  if (load.status === 'failed') {
    return (
      <View className='join-status'>
        <View className='card'>
          <ErrorState
            message={load.error.message}
            onRetry={() => {
              setLoad({ status: 'loading' })
              void reload()
            }}
          />
        </View>
      </View>
    )
  }

  const { data } = load
  const { onRoster, bound, notBound } = data.counts
  const percent = onRoster === 0 ? 0 : Math.round((bound / onRoster) * 1000) / 10
  return (
    <View className='join-status'>
      <View className='card join-status-summary'>
        <Text className='join-status-union'>{data.orgName}</Text>
        <View className='join-status-counts'>
          <Count label='名册人数' value={onRoster} kind='roster' />
          <Count label='已加入' value={bound} kind='bound' />
          <Count label='未加入' value={notBound} kind='not-bound' />
        </View>
        <View className='join-status-bar'>
          <View className='join-status-bar__fill' style={{ width: `${percent}%` }} />
        </View>
        <Text className='join-status-percent'>网上入会率 {percent}%（已绑定微信的会员 ÷ 名册在册会员）</Text>
        <Button className='join-status-invite' type='primary' fill='outline' size='large' block onClick={() => void Taro.navigateTo({ url: `/chair/pages/invitation/index?orgId=${encodeURIComponent(orgId)}` })}>
          入会邀请码
        </Button>
      </View>

      <Text className='join-status-section'>已加入的会员（{bound}），按加入时间</Text>
      <View className='card join-status-list'>
        {data.joined.length === 0 ? (
          <Text className='card__hint join-status-empty'>还没有会员加入。把入会邀请码发给会员，扫码核对身份即可加入。</Text>
        ) : (
          data.joined.map((member, index) => (
            <View key={`${member.name}-${index}`} className='join-status-member'>
              <Text className='join-status-member__name'>{member.name}</Text>
              <Text className='join-status-member__time'>{member.boundAt ? chineseTime(member.boundAt, { clock: true }) : '早前已绑定'}</Text>
            </View>
          ))
        )}
      </View>
    </View>
  )
}

function Count({ label, value, kind }: { label: string; value: number; kind: string }) {
  return (
    <View className={`join-status-count join-status-count--${kind}`}>
      <Text className='join-status-count__value'>{value}</Text>
      <Text className='join-status-count__label'>{label}</Text>
    </View>
  )
}
