import { useCallback, useEffect, useRef, useState } from 'react'
import { Image, Input, Text, Textarea, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import {
  findingOutcomes,
  findingRequest,
  investigatorMessageRequest,
  reportStatusLabels,
  type FindingRequest,
  type ReportDetailResponse,
} from '@shared/api/publicity'
import { toApiError, type ApiError } from '../../../services/api-client'
import {
  assignReport,
  messageReporter,
  recordFinding,
  reportDetail,
} from '../../../services/publicity'
import { refreshSession, useSession } from '../../../services/session'
import { chineseTime } from '../../../utils/time'
import { Button, Skeleton } from '../../../components/nutui'
import IdentityAccess from '../../components/identity-access'
import ReviewError from '../../components/review-error'
import './index.scss'

type Load = { status: 'loading' } | { status: 'failed'; error: ApiError } | { status: 'ready'; report: ReportDetailResponse }
type Outcome = (typeof findingOutcomes)[number]

const kindLabels = { objection: '异议（公示期内）', supervision: '监督举报（公示期后）' } as const
const outcomeHints: Record<Outcome, string> = {
  substantiated: '举报反映的问题属实',
  partlySubstantiated: '举报反映的问题部分属实',
  unsubstantiated: '举报反映的问题不属实',
}

/**
 * 举报详情 (investigators): the report, its evidence and the thread with the reporter; taking it on; messaging the
 * reporter; asking to see the reporter's identity, which a custodian approves (four eyes, IdentityAccess); recording
 * the finding with its reason and article. An opened identity is kept in the component's state only.
 */
export default function ReportDetailPage() {
  const { params } = useRouter()
  const reportId = params.reportId
  if (!reportId) {
    return (
      <View className='report-detail'>
        <View className='card'>
          <Text className='card__title'>未指定举报</Text>
          <Button type='primary' block onClick={() => void Taro.redirectTo({ url: '/review/pages/reports/index' })}>
            去举报列表
          </Button>
        </View>
      </View>
    )
  }
  return <Detail reportId={reportId} />
}

function Detail({ reportId }: { reportId: string }) {
  const [load, setLoad] = useState<Load>({ status: 'loading' })

  const reload = useCallback(async () => {
    setLoad({ status: 'loading' })
    try {
      setLoad({ status: 'ready', report: await reportDetail(reportId) })
    } catch (caught) {
      setLoad({ status: 'failed', error: toApiError(caught) })
    }
  }, [reportId])

  useEffect(() => {
    void reload()
  }, [reload])

  if (load.status === 'loading') {
    return (
      <View className='report-detail'>
        <View className='card'>
          <Skeleton rows={8} animated />
        </View>
      </View>
    )
  }
  if (load.status === 'failed') {
    return (
      <View className='report-detail'>
        <ReviewError error={load.error} onRetry={() => void reload()} />
      </View>
    )
  }

  const report = load.report
  const update = (next: ReportDetailResponse) => setLoad({ status: 'ready', report: next })
  return (
    <View className='report-detail' data-report-id={report.reportId} data-status={report.status}>
      <Summary report={report} onUpdate={update} />
      <Description report={report} />
      <Thread report={report} onUpdate={update} />
      <IdentityAccess reportId={report.reportId} hasContact={report.hasContact} />
      {report.finding ? <Finding finding={report.finding} /> : <FindingForm report={report} onUpdate={update} />}
    </View>
  )
}

function Summary({ report, onUpdate }: { report: ReportDetailResponse; onUpdate: (r: ReportDetailResponse) => void }) {
  const session = useSession()
  const [pending, setPending] = useState(false)
  const [error, setError] = useState<ApiError | null>(null)
  // assignedTo is a member id: the investigator's own shows as 我.
  const mine = session.status === 'signedIn' && session.me.memberId !== null && report.assignedTo === session.me.memberId

  // Read on arrival only (a page opened directly); later changes of the session render by themselves.
  const unknownOnArrival = useRef(session.status === 'checking')

  useEffect(() => {
    if (unknownOnArrival.current) void refreshSession()
  }, [])

  async function onAssign() {
    if (pending) return
    setPending(true)
    setError(null)
    try {
      onUpdate(await assignReport(report.reportId))
    } catch (caught) {
      setError(toApiError(caught))
    } finally {
      setPending(false)
    }
  }

  return (
    <View className='card detail-summary'>
      <View className='detail-tags'>
        <Text className={`detail-kind detail-kind--${report.kind}`}>{kindLabels[report.kind]}</Text>
        <Text className={`detail-status report-status--${report.status}`}>{reportStatusLabels[report.status]}</Text>
      </View>
      <Text className='detail-nominee'>{report.nomineeName}</Text>
      <Text className='detail-heading'>{report.publicityHeading}</Text>
      <View className='detail-row'>
        <Text className='detail-row__label'>举报类别</Text>
        <Text className='detail-row__value detail-category'>{report.categoryLabel}</Text>
      </View>
      <View className='detail-row'>
        <Text className='detail-row__label'>提交时间</Text>
        <Text className='detail-row__value'>{chineseTime(report.filedAt, { clock: true })}</Text>
      </View>
      <View className='detail-row'>
        <Text className='detail-row__label'>核查人</Text>
        <Text className={`detail-row__value detail-assigned${report.assignedTo ? '' : ' detail-assigned--none'}`} data-mine={mine ? 'true' : 'false'}>
          {mine ? '我' : (report.assignedTo ?? '未分派')}
        </Text>
      </View>
      {report.finding || mine ? null : (
        <Button className='detail-assign' type='primary' fill={report.assignedTo ? 'outline' : 'solid'} block loading={pending} disabled={pending} onClick={() => void onAssign()}>
          {report.assignedTo ? '改由我核查' : '由我核查'}
        </Button>
      )}
      {error ? <Text className='detail-error'>{error.message}</Text> : null}
    </View>
  )
}

function Description({ report }: { report: ReportDetailResponse }) {
  return (
    <View className='card detail-description'>
      <Text className='card__title'>举报内容</Text>
      <Text className='detail-description__text' userSelect>
        {report.description}
      </Text>
      {report.evidence.length > 0 ? (
        <View className='detail-evidence'>
          <Text className='detail-evidence__title'>证据图片（{report.evidence.length}）</Text>
          <View className='detail-evidence__grid'>
            {report.evidence.map((src, index) => (
              <Image
                key={`${index}-${src.length}`}
                className='detail-evidence__image'
                src={src}
                mode='aspectFill'
                onClick={() => void Taro.previewImage({ current: src, urls: report.evidence }).catch(() => undefined)}
              />
            ))}
          </View>
        </View>
      ) : (
        <Text className='detail-evidence__none'>未附证据图片</Text>
      )}
    </View>
  )
}

function Thread({ report, onUpdate }: { report: ReportDetailResponse; onUpdate: (r: ReportDetailResponse) => void }) {
  const [text, setText] = useState('')
  const [pending, setPending] = useState(false)
  const [error, setError] = useState<string | null>(null)

  async function onSend() {
    if (pending) return
    const parsed = investigatorMessageRequest.safeParse({ text })
    if (!parsed.success) {
      setError(parsed.error.issues[0]?.message ?? '请填写留言')
      return
    }
    setPending(true)
    setError(null)
    try {
      onUpdate(await messageReporter(report.reportId, parsed.data.text))
      setText('')
    } catch (caught) {
      const apiError = toApiError(caught)
      setError(apiError.details[0]?.message ?? apiError.message)
    } finally {
      setPending(false)
    }
  }

  return (
    <View className='card detail-thread'>
      <Text className='card__title'>与举报人沟通</Text>
      {report.messages.length === 0 ? <Text className='card__hint'>暂无留言。</Text> : null}
      {report.messages.map((message, index) => (
        <View key={`${message.at}-${index}`} className={`detail-message detail-message--${message.from}`} data-from={message.from}>
          <View className='detail-message__meta'>
            <Text className='detail-message__from'>{message.from === 'reporter' ? '举报人' : message.from === 'system' ? '系统通知' : '核查人员'}</Text>
            <Text className='detail-message__time'>{chineseTime(message.at, { clock: true })}</Text>
          </View>
          <Text className='detail-message__text' userSelect>
            {message.text}
          </Text>
          {message.evidenceCount > 0 ? <Text className='detail-message__evidence'>附图片 {message.evidenceCount} 张</Text> : null}
        </View>
      ))}
      <View className='detail-textarea-box'>
        <Textarea className='detail-message-input' value={text} maxlength={2000} placeholder='给举报人留言（举报人凭回执码在「举报查询」中查看）' onInput={(e) => setText(e.detail.value)} />
      </View>
      {error ? <Text className='detail-error'>{error}</Text> : null}
      <Button className='detail-send' type='primary' block loading={pending} disabled={pending || text.trim() === ''} onClick={() => void onSend()}>
        发送留言
      </Button>
    </View>
  )
}

function Finding({ finding }: { finding: NonNullable<ReportDetailResponse['finding']> }) {
  return (
    <View className='card detail-finding' data-outcome={finding.outcome}>
      <Text className='card__title'>核查结论</Text>
      <Text className={`detail-finding__outcome report-status--${finding.outcome}`}>{reportStatusLabels[finding.outcome]}</Text>
      {finding.disqualified ? <Text className='detail-finding__disqualified'>已取消该对象资格：名额不递补，不得再次申报。</Text> : null}
      <View className='detail-row'>
        <Text className='detail-row__label'>依据条款</Text>
        <Text className='detail-row__value'>{finding.article}</Text>
      </View>
      <View className='detail-row'>
        <Text className='detail-row__label'>认定时间</Text>
        <Text className='detail-row__value'>{chineseTime(finding.at, { clock: true })}</Text>
      </View>
      <Text className='detail-finding__reason'>{finding.reason}</Text>
    </View>
  )
}

type FindingField = 'outcome' | 'reason' | 'article' | 'evidenceNote'

function FindingForm({ report, onUpdate }: { report: ReportDetailResponse; onUpdate: (r: ReportDetailResponse) => void }) {
  const [outcome, setOutcome] = useState<Outcome | null>(null)
  const [reason, setReason] = useState('')
  const [article, setArticle] = useState('')
  const [evidenceNote, setEvidenceNote] = useState('')
  const [errors, setErrors] = useState<Partial<Record<FindingField, string>>>({})
  const [confirming, setConfirming] = useState<FindingRequest | null>(null)
  const [pending, setPending] = useState(false)
  const [error, setError] = useState<ApiError | null>(null)

  function onReview() {
    const parsed = findingRequest.safeParse({
      outcome: outcome ?? undefined,
      reason,
      article,
      ...(evidenceNote.trim() ? { evidenceNote } : {}),
    })
    if (!parsed.success) {
      const found: Partial<Record<FindingField, string>> = {}
      for (const issue of parsed.error.issues) {
        const field = String(issue.path[0]) as FindingField
        if (!found[field]) found[field] = issue.message
      }
      setErrors(found)
      return
    }
    setErrors({})
    setError(null)
    setConfirming(parsed.data)
  }

  async function onConfirm(body: FindingRequest) {
    if (pending) return
    setPending(true)
    setError(null)
    try {
      onUpdate(await recordFinding(report.reportId, body))
    } catch (caught) {
      setError(toApiError(caught))
    } finally {
      setPending(false)
    }
  }

  if (confirming) {
    return (
      <View className='card detail-finding-confirm'>
        <Text className='card__title'>请确认核查结论</Text>
        <Text className={`detail-finding__outcome report-status--${confirming.outcome}`}>{reportStatusLabels[confirming.outcome]}</Text>
        <View className='detail-row'>
          <Text className='detail-row__label'>依据条款</Text>
          <Text className='detail-row__value'>{confirming.article}</Text>
        </View>
        <Text className='detail-finding__reason'>{confirming.reason}</Text>
        {confirming.evidenceNote ? <Text className='detail-finding__note'>证据说明：{confirming.evidenceNote}</Text> : null}
        <Text className='detail-audit-warning'>结论提交后不可更改，并记入审计；举报人可在「举报查询」看到结论。属实的弄虚作假、程序不规范将取消该对象资格。</Text>
        {error ? (
          <View>
            <Text className='detail-error'>{error.message}</Text>
            {error.details.map((d) => (
              <Text key={`${d.path}:${d.message}`} className='detail-error'>
                {d.message}
              </Text>
            ))}
          </View>
        ) : null}
        <Button className='detail-finding-submit' type='primary' block loading={pending} disabled={pending} onClick={() => void onConfirm(confirming)}>
          确认提交
        </Button>
        <Button className='detail-finding-back' type='default' fill='outline' block disabled={pending} onClick={() => setConfirming(null)}>
          返回修改
        </Button>
      </View>
    )
  }

  return (
    <View className='card detail-finding-form'>
      <Text className='card__title'>核查结论</Text>
      <Text className='detail-field__label'>结论</Text>
      <View className='detail-outcomes'>
        {findingOutcomes.map((o) => (
          <View key={o} className={`detail-outcome${outcome === o ? ' detail-outcome--active' : ''}`} data-value={o} onClick={() => setOutcome(o)}>
            <Text className='detail-outcome__label'>{reportStatusLabels[o]}</Text>
            <Text className='detail-outcome__hint'>{outcomeHints[o]}</Text>
          </View>
        ))}
      </View>
      {errors.outcome ? <Text className='detail-error'>{errors.outcome}</Text> : null}

      <Text className='detail-field__label'>核查情况</Text>
      <View className='detail-textarea-box'>
        <Textarea className='detail-finding-reason' value={reason} maxlength={2000} placeholder='核查经过、查明的事实（至少 10 字）' onInput={(e) => setReason(e.detail.value)} />
      </View>
      {errors.reason ? <Text className='detail-error'>{errors.reason}</Text> : null}

      <Text className='detail-field__label'>依据条款</Text>
      <Input className='detail-input detail-finding-article' value={article} maxlength={40} placeholder='如：第十九条' onInput={(e) => setArticle(e.detail.value)} />
      {errors.article ? <Text className='detail-error'>{errors.article}</Text> : null}

      <Text className='detail-field__label'>证据说明（选填）</Text>
      <View className='detail-textarea-box'>
        <Textarea className='detail-finding-note' value={evidenceNote} maxlength={1000} placeholder='调取的材料、谈话记录等' onInput={(e) => setEvidenceNote(e.detail.value)} />
      </View>
      {errors.evidenceNote ? <Text className='detail-error'>{errors.evidenceNote}</Text> : null}

      <Button className='detail-finding-review' type='primary' block onClick={onReview}>
        提交结论
      </Button>
    </View>
  )
}
