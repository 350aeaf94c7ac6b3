import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import { Text, View } from '@tarojs/components'
import Taro, { useDidShow, usePullDownRefresh, useRouter } from '@tarojs/taro'
import type { RecoveryTask } from '@shared/api/recovery'
import { toApiError, type ApiError } from '../../../services/api-client'
import { refreshSession, useSession } from '../../../services/session'
import { Button, Skeleton } from '../../../components/nutui'
import AccessError from '../../components/access-error'
import { rootsWhere } from '../../services/org-scope'
import { recoveryTasks } from '../../services/recovery-api'
import '../recovery-task/index.scss'

const forbidden = '只有组织者可以查看收回证书任务'
const hint = '受表彰单位破产、终止或撤销，或荣誉称号被撤销的，由上一级工会收回证书和奖牌并逐级上报；任务向本级及上级工会的组织者开放。'

type Load = { status: 'loading' } | { status: 'failed'; error: ApiError } | { status: 'ready'; tasks: RecoveryTask[] }

/**
 * 收回证书任务 (总工办发〔2020〕15号 第二十七条, 京工发〔2021〕19号 第二十五条): the tasks of the organiser's federation and
 * the bodies below it, 待收回 or 已收回; a tap opens one (`recovery-task?taskId=`). `?orgId=` picks the federation.
 */
export default function RecoveryTasksPage() {
  const session = useSession()
  const { params } = useRouter()
  const roots = useMemo(() => (session.status === 'signedIn' ? rootsWhere(session.me, ['organiser', 'reviewer']) : []), [session])
  const orgId = params.orgId ? decodeURIComponent(params.orgId) : roots[0]?.orgId
  const [status, setStatus] = useState<'open' | 'done'>('open')
  const [load, setLoad] = useState<Load>({ status: 'loading' })

  useDidShow(() => {
    if (session.status !== 'signedIn') void refreshSession()
  })

  const reload = useCallback(async () => {
    if (!orgId) return
    setLoad({ status: 'loading' })
    try {
      setLoad({ status: 'ready', tasks: await recoveryTasks(orgId, status) })
    } catch (caught) {
      setLoad({ status: 'failed', error: toApiError(caught) })
    }
  }, [orgId, status])
  useEffect(() => {
    void reload()
  }, [reload])
  // Back from a task just recorded: the list again.
  const shown = useRef(false)
  useDidShow(() => {
    if (shown.current) void reload()
    shown.current = true
  })
  usePullDownRefresh(() => {
    void reload().finally(() => void Taro.stopPullDownRefresh())
  })

  if (session.status === 'checking' || (orgId && load.status === 'loading')) {
    return (
      <View className='recovery'>
        <View className='card'>
          <Skeleton rows={5} animated />
        </View>
      </View>
    )
  }
  if (!orgId) {
    return (
      <View className='recovery'>
        <View className='card'>
          <Text className='card__title'>{session.status === 'signedOut' ? '请先登录' : forbidden}</Text>
          <Text className='card__hint'>{hint}</Text>
          <Button type='primary' size='large' block onClick={() => void Taro.reLaunch({ url: '/pages/index/index' })}>
            返回首页
          </Button>
        </View>
      </View>
    )
  }
  return (
    <View className='recovery recovery-list'>
      <View className='card'>
        <Text className='card__label'>收回证书任务</Text>
        <Text className='card__hint'>{hint}</Text>
        <View className='recovery-chips'>
          {(['open', 'done'] as const).map((s) => (
            <View key={s} className={`recovery-chip${status === s ? ' recovery-chip--active' : ''}`} data-status={s} onClick={() => setStatus(s)}>
              <Text>{s === 'open' ? '待收回' : '已收回'}</Text>
            </View>
          ))}
        </View>
      </View>
      {load.status === 'failed' ? (
        <AccessError error={load.error} forbidden={forbidden} hint={hint} onRetry={() => void reload()} />
      ) : load.status === 'ready' && load.tasks.length === 0 ? (
        <View className='card'>
          <Text className='card__hint recovery-empty'>{status === 'open' ? '没有待收回的证书。' : '还没有已收回的证书。'}</Text>
        </View>
      ) : load.status === 'ready' ? (
        load.tasks.map((t) => (
          <View key={t.taskId} className='card recovery-row' data-task={t.taskId} data-status={t.status} onClick={() => void Taro.navigateTo({ url: `/admin/pages/recovery-task/index?taskId=${encodeURIComponent(t.taskId)}` })}>
            <View className='recovery-row__head'>
              <Text className='recovery-row__title'>{t.title}</Text>
              <Text className={`recovery-state recovery-state--${t.status}`}>{t.statusLabel}</Text>
            </View>
            <Text className='recovery-row__holder'>{t.holderKind === 'person' ? `${t.holderName}（${t.holderOrgName}）` : t.holderName}</Text>
            <Text className='recovery-row__meta'>{`${t.reason.label} · ${t.bodyOrgName}收回 · ${t.openedOn} 开启`}</Text>
          </View>
        ))
      ) : null}
    </View>
  )
}
