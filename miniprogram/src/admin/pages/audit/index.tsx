import { useCallback, useEffect, useState } from 'react'
import { Text, View } from '@tarojs/components'
import Taro, { usePullDownRefresh, useRouter } from '@tarojs/taro'
import type { AuditTrailResponse, RecentAuditResponse } from '@shared/api/audit'
import type { AuditEvent } from '@shared/audit/audit-event'
import { citationText } from '@shared/rules/citation'
import { toApiError, type ApiError } from '../../../services/api-client'
import { chineseTime } from '../../../utils/time'
import { Skeleton } from '../../../components/nutui'
import AccessError from '../../components/access-error'
import { auditTrail, recentAudit } from '../../services/admin-api'
import { actorText, auditActionLabels, subjectText } from '../../labels'
import { decodedParam } from '../../../utils/query'
import './index.scss'

const forbidden = '只有组织者可以查看审计记录'

type Load<T> = { status: 'loading' } | { status: 'failed'; error: ApiError } | { status: 'ready'; data: T }

/** Loads on mount and on pull-down; a pull-down keeps what is shown until the answer arrives. */
function useLoad<T>(fetch: () => Promise<T>): [Load<T>, (quiet?: boolean) => Promise<void>] {
  const [state, setState] = useState<Load<T>>({ status: 'loading' })
  const load = useCallback(
    async (quiet = false) => {
      if (!quiet) setState({ status: 'loading' })
      try {
        setState({ status: 'ready', data: await fetch() })
      } catch (error) {
        setState({ status: 'failed', error: toApiError(error) })
      }
    },
    [fetch],
  )
  useEffect(() => {
    void load()
  }, [load])
  usePullDownRefresh(() => {
    void load(true).finally(() => void Taro.stopPullDownRefresh())
  })
  return [state, load]
}

/**
 * 审计记录: without a query, the newest decisions in the organiser's scope; with `subjectType` and `subjectId`
 * (a tap on one of them opens this page again), that subject's whole chain and whether it verifies.
 */
export default function Audit() {
  const { params } = useRouter()
  const subjectType = decodedParam(params.subjectType)
  const subjectId = decodedParam(params.subjectId)
  return subjectType && subjectId ? <SubjectChain subjectType={subjectType} subjectId={subjectId} /> : <RecentEvents />
}

function Loading() {
  return (
    <View className='card'>
      <Skeleton rows={5} animated />
    </View>
  )
}

function RecentEvents() {
  const fetchRecent = useCallback(() => recentAudit(50), [])
  const [state, load] = useLoad<RecentAuditResponse>(fetchRecent)

  if (state.status === 'loading') {
    return (
      <View className='audit'>
        <Loading />
      </View>
    )
  }
  if (state.status === 'failed') {
    return (
      <View className='audit'>
        <AccessError error={state.error} forbidden={forbidden} onRetry={() => void load()} />
      </View>
    )
  }
  const { scopes, events } = state.data
  return (
    <View className='audit'>
      <View className='audit-intro'>
        <Text className='audit-intro__text'>
          {scopes.map((s) => s.name).join('、')}及下级组织的评选决定，每条都记入不可改动的记录链，最新的在前。点击一条可查看该事项的全部记录。
        </Text>
      </View>
      {events.length === 0 ? (
        <View className='card audit-empty'>
          <Text className='card__hint'>管辖范围内还没有审计记录。</Text>
        </View>
      ) : (
        events.map((event) => (
          <View
            key={`${event.subjectType}#${event.subjectId}#${event.seq}`}
            className='card audit-event'
            data-action={event.action}
            onClick={() =>
              void Taro.navigateTo({
                url: `/admin/pages/audit/index?subjectType=${encodeURIComponent(event.subjectType)}&subjectId=${encodeURIComponent(event.subjectId)}`,
              })
            }
          >
            <EventDetails event={event} />
            <Text className='audit-event__more'>查看该事项的记录链 ›</Text>
          </View>
        ))
      )}
    </View>
  )
}

function EventDetails({ event }: { event: AuditEvent }) {
  return (
    <View className='audit-event__details'>
      <View className='audit-event__head'>
        <Text className='audit-action'>{auditActionLabels[event.action]}</Text>
        <Text className='audit-event__time'>{chineseTime(event.at, { clock: true })}</Text>
      </View>
      <Text className='audit-event__line audit-subject'>事项：{subjectText(event)}</Text>
      <Text className='audit-event__line audit-actor'>操作人：{actorText(event.actor)}</Text>
      {event.reason ? <Text className='audit-event__line audit-reason'>理由：{event.reason}</Text> : null}
      {event.citation ? <Text className='audit-event__line audit-citation'>依据：{citationText(event.citation)}</Text> : null}
    </View>
  )
}

function SubjectChain({ subjectType, subjectId }: { subjectType: string; subjectId: string }) {
  const fetchChain = useCallback(() => auditTrail(subjectType, subjectId), [subjectType, subjectId])
  const [state, load] = useLoad<AuditTrailResponse>(fetchChain)

  useEffect(() => {
    void Taro.setNavigationBarTitle({ title: '记录链' })
  }, [])

  if (state.status === 'loading') {
    return (
      <View className='audit'>
        <Loading />
      </View>
    )
  }
  if (state.status === 'failed') {
    return (
      <View className='audit'>
        <AccessError error={state.error} forbidden={forbidden} onRetry={() => void load()} />
      </View>
    )
  }
  const { events, verified, problem } = state.data
  return (
    <View className='audit'>
      <View className='card audit-chain-head'>
        <Text className='card__label'>审计事项</Text>
        <Text className='audit-chain-head__subject'>{subjectText({ subjectType, subjectId })}</Text>
        <Text className='card__label'>共 {events.length} 条记录，按时间先后排列</Text>
      </View>
      {/* A chain whose events were all deleted still fails: its head remains. */}
      {events.length > 0 || !verified ? (
        <View className={`audit-verified audit-verified--${verified ? 'ok' : 'broken'}`} data-verified={verified ? 'true' : 'false'}>
          <Text className='audit-verified__mark'>{verified ? '✓' : '!'}</Text>
          <View className='audit-verified__text'>
            <Text className='audit-verified__title'>{verified ? '记录链完整，未被改动' : '记录链校验失败'}</Text>
            <Text className='audit-verified__hint'>
              {verified ? '每条记录的校验值都与前一条相连，重新计算全部吻合。' : `${problem ?? '记录链中有记录与校验值不符'}。请立即报告上级工会。`}
            </Text>
          </View>
        </View>
      ) : (
        <View className='card audit-empty'>
          <Text className='card__hint'>该事项还没有审计记录。</Text>
        </View>
      )}
      <View className='audit-chain'>
        {events.map((event) => (
          <View key={event.seq} className='audit-chain__item'>
            <View className='audit-chain__rail'>
              <Text className='audit-chain__seq'>{event.seq}</Text>
            </View>
            <View className='card audit-chain__card'>
              <EventDetails event={event} />
              <Text className='audit-chain__hash'>校验值 {event.hash.slice(0, 12)}</Text>
            </View>
          </View>
        ))}
      </View>
    </View>
  )
}
