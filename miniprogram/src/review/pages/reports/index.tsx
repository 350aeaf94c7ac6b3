import { useCallback, useEffect, useRef, useState } from 'react'
import { Text, View } from '@tarojs/components'
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro'
import { reportStatusLabels, type ReportSummaryView } from '@shared/api/publicity'
import { toApiError, type ApiError } from '../../../services/api-client'
import { reports } from '../../../services/publicity'
import { refreshSession, useSession } from '../../../services/session'
import { chineseTime } from '../../../utils/time'
import { Skeleton } from '../../../components/nutui'
import ReviewError from '../../components/review-error'
import './index.scss'

type Load = { status: 'loading' } | { status: 'failed'; error: ApiError } | { status: 'ready'; reports: ReportSummaryView[] }

const kindLabels = { objection: '异议', supervision: '监督举报' } as const
const open = (r: ReportSummaryView): boolean => r.status === 'received' || r.status === 'investigating'

/**
 * 举报核查: the reports in the investigator's scope — open ones first, oldest first, so nothing waits longest —
 * then the decided ones. Re-read whenever the page shows (after coming back from a report).
 */
export default function ReportsPage() {
  const [load, setLoad] = useState<Load>({ status: 'loading' })
  const loaded = useRef(false)
  const session = useSession()
  const myId = session.status === 'signedIn' ? session.me.memberId : null
  // Read on arrival only (a page opened directly); later changes of the session render by themselves.
  const unknownOnArrival = useRef(session.status === 'checking')

  useEffect(() => {
    if (unknownOnArrival.current) void refreshSession()
  }, [])

  const reload = useCallback(async (quiet = false) => {
    if (!quiet) setLoad({ status: 'loading' })
    try {
      setLoad({ status: 'ready', reports: await reports() })
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
      <View className='reports'>
        <View className='card'>
          <Skeleton rows={5} animated />
        </View>
      </View>
    )
  }
  if (load.status === 'failed') {
    return (
      <View className='reports'>
        <ReviewError error={load.error} onRetry={() => void reload()} />
      </View>
    )
  }

  const pending = load.reports.filter(open).sort((a, b) => a.filedAt.localeCompare(b.filedAt))
  const decided = load.reports.filter((r) => !open(r)).sort((a, b) => b.filedAt.localeCompare(a.filedAt))
  return (
    <View className='reports'>
      <View className='reports-intro'>
        <Text className='reports-intro__text'>
          待核查 {pending.length} 件，已办结 {decided.length} 件。举报人身份和联系方式加密保存；查看须说明理由、经身份保管人批准，仅可查看一次，全程记入审计。
        </Text>
      </View>
      {load.reports.length === 0 ? (
        <View className='card reports-empty'>
          <Text className='reports-empty__title'>暂无举报</Text>
          <Text className='card__hint'>您负责范围内的公示收到异议或监督举报时，会列在这里。</Text>
        </View>
      ) : null}
      {pending.length > 0 ? <Section title='待核查' reports={pending} myId={myId} /> : null}
      {decided.length > 0 ? <Section title='已办结' reports={decided} myId={myId} /> : null}
    </View>
  )
}

function Section({ title, reports: list, myId }: { title: string; reports: ReportSummaryView[]; myId: string | null }) {
  // assignedTo is a member id: the investigator's own shows as 我.
  const assignee = (r: ReportSummaryView): string => (r.assignedTo === null ? '未分派' : r.assignedTo === myId ? '核查人：我' : `核查人：${r.assignedTo}`)
  return (
    <View className='reports-section'>
      <Text className='reports-section__title'>{title}</Text>
      {list.map((r) => (
        <View
          key={r.reportId}
          className={`card reports-item reports-item--${r.status}`}
          data-report-id={r.reportId}
          data-status={r.status}
          onClick={() => void Taro.navigateTo({ url: `/review/pages/report-detail/index?reportId=${encodeURIComponent(r.reportId)}` })}
        >
          <View className='reports-item__tags'>
            <Text className={`reports-item__kind reports-item__kind--${r.kind}`}>{kindLabels[r.kind]}</Text>
            <Text className={`reports-item__status report-status--${r.status}`}>{reportStatusLabels[r.status]}</Text>
            {r.hasContact ? <Text className='reports-item__contact'>留有联系方式</Text> : null}
          </View>
          <Text className='reports-item__nominee'>{r.nomineeName}</Text>
          <Text className='reports-item__heading'>{r.publicityHeading}</Text>
          <Text className='reports-item__category'>类别：{r.categoryLabel}</Text>
          <View className='reports-item__foot'>
            <Text className='reports-item__filed'>{chineseTime(r.filedAt, { clock: true })}</Text>
            <Text className={`reports-item__assigned${r.assignedTo ? '' : ' reports-item__assigned--none'}`}>{assignee(r)}</Text>
          </View>
        </View>
      ))}
    </View>
  )
}
