import { useCallback, useState } from 'react'
import { Text, Textarea, View } from '@tarojs/components'
import Taro, { useDidShow, usePullDownRefresh, useRouter } from '@tarojs/taro'
import { applicationStatusLabels, minAdvisoryReason } from '@shared/api/campaign'
import { toApiError, type ApiError } from '../../../services/api-client'
import { exportSummary, listBoard, saveSummaryFile, submitList, type ListBoardResponse } from '../../../services/campaign'
import { Button, Skeleton } from '../../../components/nutui'
import ErrorState from '../../../components/error-state'
import { chineseTime } from '../../../utils/time'
import './index.scss'

type Load = { status: 'loading' } | { status: 'failed'; error: ApiError } | { status: 'ready'; board: ListBoardResponse }

/**
 * 推荐名单: the applications a recommending unit has passed (and, once sent, recommended), checked against the quota
 * table and the ratios that bind its kind of unit — quota use per title, breaches with their articles (an advisory one
 * in a warning style), what could not be checked, and the campaign's running totals against the ruleset's fixed
 * numbers. 上报名单 sends it up to the organiser (refused while a hard rule is broken; with an advisory one unmet, only
 * with the 说明理由 written here) and, where the ruleset wants it, opens the recommending-level publicity of the list.
 * The level that receives it reads the sender's 上报说明 beside the rules it answers. 导出汇总表 gives the 基本情况汇总表
 * and 信息汇总表.
 */
export default function ListBoardPage() {
  const { params } = useRouter()
  const campaignId = params.campaignId ?? ''
  const orgId = params.orgId ?? ''
  const [load, setLoad] = useState<Load>({ status: 'loading' })
  const [sending, setSending] = useState(false)
  const [exporting, setExporting] = useState(false)
  const [refusal, setRefusal] = useState<ApiError | null>(null)
  const [message, setMessage] = useState<string | null>(null)
  const [reason, setReason] = useState('')

  const reload = useCallback(
    async (quiet = false) => {
      if (!quiet) setLoad({ status: 'loading' })
      try {
        setLoad({ status: 'ready', board: await listBoard(campaignId, orgId) })
      } catch (caught) {
        setLoad({ status: 'failed', error: toApiError(caught) })
      }
    },
    [campaignId, orgId],
  )

  useDidShow(() => {
    void reload(load.status === 'ready')
  })

  usePullDownRefresh(() => {
    void reload(true).finally(() => void Taro.stopPullDownRefresh())
  })

  async function send(needsReason: boolean) {
    if (sending) return
    const content = needsReason ? '名单未达到部分一般性要求，将连同说明理由一并上报，由上级审核人查看。确认上报？' : '上报后名单中的申报转由评选组织者审核，本级不能再改动。确认上报？'
    const { confirm } = await Taro.showModal({ title: '上报推荐名单', content, confirmText: '上报' })
    if (!confirm) return
    setSending(true)
    setRefusal(null)
    setMessage(null)
    try {
      const board = await submitList(campaignId, orgId, needsReason ? reason.trim() : undefined)
      setLoad({ status: 'ready', board })
      setMessage('推荐名单已上报。')
    } catch (caught) {
      setRefusal(toApiError(caught))
    } finally {
      setSending(false)
    }
  }

  async function download() {
    if (exporting) return
    setExporting(true)
    setMessage(null)
    try {
      await saveSummaryFile(await exportSummary(campaignId, orgId))
      setMessage('已导出汇总表（基本情况汇总表、信息汇总表）。')
    } catch (caught) {
      setMessage(`导出失败：${toApiError(caught).message}`)
    } finally {
      setExporting(false)
    }
  }

  if (load.status === 'loading') {
    return (
      <View className='board'>
        <View className='card'>
          <Skeleton rows={6} animated />
        </View>
      </View>
    )
  }
  if (load.status === 'failed') {
    return (
      <View className='board'>
        <View className='card'>
          <ErrorState message={load.error.message} onRetry={() => void reload()} />
        </View>
      </View>
    )
  }

  const { board } = load
  const hard = [...board.breaches, ...board.gaps].filter((f) => f.severity === 'hard')
  const advisory = [...board.breaches, ...board.gaps].filter((f) => f.severity === 'advisory')
  const askReason = !board.submitted && board.ok && board.needsReason
  const reasonShort = askReason && Array.from(reason.trim()).length < minAdvisoryReason
  // After the list went up: where each application it sent stands at the levels above.
  const progressOf = (applicationId: string): string | undefined => board.progress.find((p) => p.applicationId === applicationId)?.label
  return (
    <View className='board' data-ok={String(board.ok)} data-submitted={String(board.submitted)}>
      <View className='card board-head'>
        <Text className='card__label'>推荐单位</Text>
        <Text className='board-head__unit'>{board.unitName}</Text>
        <Text className='board-head__kind' data-kind={board.unitKind}>
          推荐单位类别：{board.unitKindLabel}
        </Text>
        <Text className={`board-head__state board-head__state--${board.submitted ? 'sent' : !board.ok ? 'breach' : board.needsReason ? 'advisory' : 'ok'}`}>
          {board.submitted
            ? board.submittedAt
              ? `名单已于${chineseTime(board.submittedAt, { clock: true })}上报`
              : '名单已上报'
            : !board.ok
              ? `有 ${hard.length} 项问题，暂不能上报`
              : board.needsReason
                ? `有 ${advisory.length} 项一般性要求未达到，说明理由后可以上报`
                : '符合名额和比例要求，可以上报'}
        </Text>
        {board.publicityId ? (
          <Text
            className='board-head__publicity'
            onClick={() => void Taro.navigateTo({ url: `/pages/publicity/index?publicityId=${encodeURIComponent(board.publicityId ?? '')}` })}
          >
            推荐名单已在本级公示，查看公示 ›
          </Text>
        ) : null}
      </View>

      <View className='card board-quotas'>
        <Text className='card__title'>名额使用</Text>
        {board.quotaUse.map((q) => {
          const over = q.quota !== null && q.used > q.quota
          return (
            <View key={q.title} className={`board-quota${over ? ' board-quota--over' : ''}`} data-title={q.title}>
              <Text className='board-quota__title'>{q.title}</Text>
              <Text className='board-quota__count'>
                {q.used} / {q.quota === null ? '未分配' : q.quota}
              </Text>
            </View>
          )
        })}
      </View>

      {board.campaignTotals.length > 0 ? (
        <View className='card board-totals'>
          <Text className='card__title'>评选总数</Text>
          {board.campaignTotals.map((t) => (
            <View key={t.title} className={`board-total${t.awarded >= t.limit ? ' board-total--full' : ''}`} data-title={t.title}>
              <Text className='board-total__text'>{t.text}</Text>
              <Text className='board-citation'>
                依据：{t.citation}（{t.period === 'year' ? '每年' : '本次评选'}不超过 {t.limit}，超出的不能授予）
              </Text>
            </View>
          ))}
        </View>
      ) : null}

      {board.submissionNote ? (
        <View className='card board-note'>
          <Text className='card__title'>上报说明</Text>
          <Text className='board-note__reason'>{board.submissionNote.reason}</Text>
          <Text className='board-note__label'>上报时未达到的一般性要求：</Text>
          {board.submissionNote.findings.map((f, index) => (
            <View key={`${f.ruleId}:${index}`} className='board-breach board-breach--advisory' data-rule={f.ruleId}>
              <Text className='board-breach__message'>{f.message}</Text>
              <Text className='board-citation'>依据：{f.citation}</Text>
            </View>
          ))}
        </View>
      ) : null}

      {board.breaches.length > 0 ? (
        <View className='card board-breaches'>
          <Text className='card__title'>不符合的要求</Text>
          {board.breaches.map((b, index) => (
            <View key={`${b.ruleId}:${index}`} className={`board-breach board-breach--${b.severity}`} data-rule={b.ruleId}>
              <Text className='board-breach__message'>{b.message}</Text>
              <Text className='board-citation'>依据：{b.citation}</Text>
              {b.reading ? <Text className='board-breach__reading'>{b.reading}</Text> : null}
              {b.severity === 'advisory' ? <Text className='board-breach__note'>{board.submitted ? '一般性要求（一般、原则上、适当），不阻止上报' : '一般性要求（一般、原则上、适当），不阻止上报；上报时须说明理由'}</Text> : null}
            </View>
          ))}
        </View>
      ) : null}

      {board.gaps.length > 0 ? (
        <View className='card board-gaps'>
          <Text className='card__title'>无法核对的要求</Text>
          {board.gaps.map((g) => (
            <View key={g.ruleId} className={`board-gap board-gap--${g.severity}`} data-rule={g.ruleId}>
              <Text>· {g.message}</Text>
              <Text className='board-citation'>依据：{g.citation}</Text>
            </View>
          ))}
        </View>
      ) : null}

      {askReason ? (
        <View className='card board-reason'>
          <Text className='card__title'>说明理由</Text>
          <Text className='card__hint'>名单未达到上述一般性要求，请写明理由（至少 {minAdvisoryReason} 个字），随名单上报，由上级审核人查看。</Text>
          <View className='board-reason__box'>
            <Textarea className='board-reason__input' value={reason} maxlength={1000} placeholder='如：本区符合条件的非公有制企业工会已全部推荐' onInput={(e) => setReason(e.detail.value)} />
          </View>
        </View>
      ) : null}

      <View className='card board-applications'>
        <Text className='card__title'>名单（{board.applications.length}）</Text>
        {board.applications.length === 0 ? <Text className='card__hint'>还没有审核通过的申报。</Text> : null}
        {board.applications.map((a) => (
          <View
            key={a.applicationId}
            className='board-application'
            data-application-id={a.applicationId}
            onClick={() => void Taro.navigateTo({ url: `/review/pages/application-review/index?applicationId=${encodeURIComponent(a.applicationId)}` })}
          >
            <View className='board-application__main'>
              <Text className='board-application__name'>{a.nominee.name}</Text>
              <Text className='board-application__title'>{a.titleLabel}</Text>
            </View>
            <Text className='board-application__status' data-progress={progressOf(a.applicationId) ?? ''}>
              {progressOf(a.applicationId) ?? applicationStatusLabels[a.status]} ›
            </Text>
          </View>
        ))}
      </View>

      {refusal ? (
        <View className='card board-refusal' data-code={refusal.code}>
          <Text className='board-refusal__title'>未能上报</Text>
          <Text className='board-refusal__message'>{refusal.message}</Text>
          {refusal.details.map((d) => (
            <Text key={`${d.path}:${d.message}`} className='board-refusal__detail'>
              · {d.message}
            </Text>
          ))}
        </View>
      ) : null}
      {message ? <Text className='board-message'>{message}</Text> : null}

      <View className='board-actions'>
        {board.submitted ? null : (
          <Button className='board-submit' type='primary' size='large' block loading={sending} disabled={sending || board.applications.length === 0 || reasonShort} onClick={() => void send(askReason)}>
            上报名单
          </Button>
        )}
        <Button className='board-export' type='primary' fill='outline' size='large' block loading={exporting} disabled={exporting} onClick={() => void download()}>
          导出汇总表
        </Button>
      </View>
    </View>
  )
}
