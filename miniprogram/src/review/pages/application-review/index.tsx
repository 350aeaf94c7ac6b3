import { useCallback, useState } from 'react'
import { Input, Text, Textarea, View } from '@tarojs/components'
import Taro, { useLoad, useRouter } from '@tarojs/taro'
import { applicationStatusLabels } from '@shared/api/campaign'
import { formatRate } from '@shared/rules/compare'
import {
  attributeValueLabel,
  evaluationGradeLabels,
  honourLevelLabels,
  nomineeAttributeKeys,
  nomineeAttributeLabels,
  nomineeKindLabels,
  scalarFactLabels,
  yearlyRateKeys,
  yearlyRateLabels,
  type EvaluationGrade,
  type HonourLevel,
} from '@shared/rules/facts'
import { titleLabels, type TitleCode } from '@shared/rules/titles'
import { toApiError, type ApiError } from '../../../services/api-client'
import { application, articleOf, decideApplication, type ApplicationView, type DecisionRequest } from '../../../services/campaign'
import { chineseTime } from '../../../utils/time'
import { Button, Skeleton } from '../../../components/nutui'
import ErrorState from '../../../components/error-state'
import EvidenceList from '../../components/evidence-list'
import './index.scss'

type Load = { status: 'loading' } | { status: 'failed'; error: ApiError } | { status: 'ready'; app: ApplicationView }
type Action = DecisionRequest['action']

const actionLabels: Record<Action, string> = { return: '退回修改', reject: '不予通过', pass: '通过' }
const conditionStatusLabels: Record<string, string> = { pass: '符合', fail: '不符合', missing: '待补充', manual: '需审核' }
const statusOrder = ['fail', 'missing', 'manual', 'pass']
const rank = (status: string): number => (statusOrder.includes(status) ? statusOrder.indexOf(status) : statusOrder.length)

/**
 * 审核申报: a reviewer of the org where the application waits reads it whole — the facts (system-filled and
 * declared), every condition with its result and article, the required steps, the narratives and the history —
 * and decides: 退回修改 (with a comment), 不予通过 (comment and the article it rests on) or 通过. The decision is
 * sent with the version read; if someone else decided first, the page says so and shows the application as it is.
 */
export default function ApplicationReviewPage() {
  const { params } = useRouter()
  const applicationId = params.applicationId ?? ''
  const [load, setLoad] = useState<Load>({ status: 'loading' })
  const [notice, setNotice] = useState<string | null>(null)

  const reload = useCallback(async () => {
    try {
      setLoad({ status: 'ready', app: await application(applicationId) })
    } catch (caught) {
      setLoad({ status: 'failed', error: toApiError(caught) })
    }
  }, [applicationId])

  useLoad(() => {
    void reload()
  })

  if (load.status === 'loading') {
    return (
      <View className='review'>
        <View className='card'>
          <Skeleton rows={6} animated />
        </View>
      </View>
    )
  }
  if (load.status === 'failed') {
    return (
      <View className='review'>
        <View className='card'>
          <ErrorState message={load.error.message} onRetry={() => void reload()} />
        </View>
      </View>
    )
  }

  const { app } = load
  const decidable = app.status === 'submitted' || app.status === 'passed'
  return (
    <View className='review' data-application-id={app.applicationId}>
      <View className='card review-head'>
        <Text className='card__label'>{app.titleLabel}</Text>
        <Text className='review-head__nominee'>{app.nominee.name}</Text>
        <View className='review-head__row'>
          <Text className={`review-status review-status--${app.status}`} data-status={app.status}>
            {applicationStatusLabels[app.status]}
          </Text>
          <Text className='review-head__kind'>{nomineeKindLabels[app.nominee.kind]}</Text>
        </View>
      </View>

      {notice ? (
        <View className='card review-notice'>
          <Text className='review-notice__text'>{notice}</Text>
        </View>
      ) : null}

      <Conditions app={app} />
      <Gates app={app} />
      <Facts app={app} />
      <Narratives app={app} />
      <EvidenceList applicationId={app.applicationId} />
      <History app={app} />

      {decidable ? (
        <Decision
          app={app}
          onDecided={(next, label) => {
            setNotice(`已${label}。`)
            setLoad({ status: 'ready', app: next })
            void Taro.showToast({ title: `已${label}`, icon: 'success' })
            void Taro.pageScrollTo({ scrollTop: 0, duration: 300 })
          }}
          onChangedMeanwhile={() => {
            setNotice('已被他人处理：下面是该申报的最新状态。')
            void Taro.showToast({ title: '已被他人处理', icon: 'none' })
            void reload()
            void Taro.pageScrollTo({ scrollTop: 0, duration: 300 })
          }}
        />
      ) : null}
    </View>
  )
}

function Conditions({ app }: { app: ApplicationView }) {
  const sorted = [...app.conditions].sort((a, b) => rank(a.status) - rank(b.status))
  const failing = app.conditions.filter((c) => c.status === 'fail').length
  return (
    <View className='card review-conditions'>
      <Text className='card__title'>逐条资格检查</Text>
      <Text className='card__hint'>
        不符合 {failing} 项。「需审核」的条件请对照申报材料确认；「待补充」为申报单位未填报的事实。
      </Text>
      {sorted.map((c) => (
        <View key={c.conditionId} className={`review-condition review-condition--${c.status}`} data-status={c.status} data-condition={c.conditionId}>
          <View className='review-condition__head'>
            <Text className={`review-tag review-tag--${c.status}`}>{conditionStatusLabels[c.status] ?? c.status}</Text>
            {c.severity === 'advisory' ? <Text className='review-tag review-tag--advisory'>一般性要求</Text> : null}
          </View>
          <Text className='review-condition__description'>{c.description}</Text>
          <Text className='review-condition__explanation'>{c.explanation}</Text>
          <Text className='review-citation'>依据：{c.citation}</Text>
          {c.reading ? <Text className='reading-note review-reading'>{c.reading}</Text> : null}
        </View>
      ))}
    </View>
  )
}

function Gates({ app }: { app: ApplicationView }) {
  if (app.gates.length === 0) return null
  return (
    <View className='card review-gates'>
      <Text className='card__title'>申报程序</Text>
      {app.gates.map((g) => (
        <View key={g.id} className={`review-condition review-condition--${g.passed ? 'pass' : 'fail'}`} data-gate={g.id} data-passed={String(g.passed)}>
          <Text className={`review-tag review-tag--${g.passed ? 'pass' : 'fail'}`}>{g.passed ? '已完成' : '未完成'}</Text>
          <Text className='review-condition__explanation'>{g.explanation}</Text>
          {g.attestable && g.passed ? <Text className='review-condition__explanation'>（申报单位声明已完成，请对照申报材料核实）</Text> : null}
          <Text className='review-citation'>依据：{g.citation}</Text>
        </View>
      ))}
    </View>
  )
}

const asRecord = (value: unknown): Record<string, unknown> => (value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {})

/** The facts as lines a reviewer reads: who the nominee is, the yearly figures, single figures, titles held. */
function factLines(facts: Record<string, unknown>): { key: string; label: string; value: string }[] {
  const lines: { key: string; label: string; value: string }[] = []
  const nominee = asRecord(facts.nominee)
  for (const key of nomineeAttributeKeys) {
    const value = nominee[key]
    if (typeof value === 'string' || typeof value === 'boolean') lines.push({ key: `nominee.${key}`, label: nomineeAttributeLabels[key], value: attributeValueLabel(value) })
  }
  if (typeof nominee.yearsOfUnionWork === 'number') lines.push({ key: 'nominee.yearsOfUnionWork', label: scalarFactLabels.yearsOfUnionWork, value: `${nominee.yearsOfUnionWork} 年` })
  for (const fact of yearlyRateKeys) {
    for (const [year, rate] of Object.entries(asRecord(facts[fact])).sort(([a], [b]) => a.localeCompare(b))) {
      if (typeof rate === 'number') lines.push({ key: `${fact}.${year}`, label: `${year} 年${yearlyRateLabels[fact]}`, value: formatRate(rate) })
    }
  }
  for (const [year, grade] of Object.entries(asRecord(facts.chairEvaluationGrade))) {
    lines.push({ key: `chairEvaluationGrade.${year}`, label: `${year} 年主席测评`, value: evaluationGradeLabels[grade as EvaluationGrade] ?? String(grade) })
  }
  for (const fact of ['congressYesShare', 'titledSecondLevelUnitShare'] as const) {
    const value = facts[fact]
    if (typeof value === 'number') lines.push({ key: fact, label: scalarFactLabels[fact], value: formatRate(value) })
  }
  if (Array.isArray(facts.titlesHeld)) {
    const held = facts.titlesHeld.map(asRecord).map((t) => `${t.year} 年${honourLevelLabels[t.level as HonourLevel] ?? ''}${titleLabels[t.title as TitleCode] ?? ''}`)
    lines.push({ key: 'titlesHeld', label: '已获荣誉称号', value: held.length ? held.join('、') : '声明未获得' })
  }
  return lines
}

function Facts({ app }: { app: ApplicationView }) {
  const lines = factLines(app.facts)
  return (
    <View className='card review-facts'>
      <Text className='card__title'>申报事实</Text>
      <Text className='card__hint'>会员名册、评议和表决结果由系统带入；其余为申报单位填报。负面清单的声明见上方逐条检查。</Text>
      {lines.map((line) => (
        <View key={line.key} className='review-fact' data-fact={line.key}>
          <Text className='review-fact__label'>{line.label}</Text>
          <Text className='review-fact__value'>{line.value}</Text>
        </View>
      ))}
    </View>
  )
}

function Narratives({ app }: { app: ApplicationView }) {
  const parts = [
    { key: 'narrative', label: '事迹材料', text: app.narrative },
    { key: 'summary', label: '简要事迹', text: app.summary },
    { key: 'consultation', label: '征求会员意见情况', text: app.consultation },
  ]
  return (
    <View className='card review-narratives'>
      <Text className='card__title'>事迹与征求意见情况</Text>
      {parts.map((p) => (
        <View key={p.key} className='review-narrative' data-field={p.key}>
          <Text className='review-narrative__label'>
            {p.label}（{p.text.length} 字）
          </Text>
          <Text className='review-narrative__text'>{p.text || '（未填写）'}</Text>
        </View>
      ))}
    </View>
  )
}

function History({ app }: { app: ApplicationView }) {
  return (
    <View className='card review-history'>
      <Text className='card__title'>办理记录</Text>
      {[...app.history].reverse().map((h, index) => (
        <View key={`${h.at}:${index}`} className='review-history__item'>
          <View className='review-history__head'>
            <Text className='review-history__action'>{h.action}</Text>
            <Text className='review-history__at'>{chineseTime(h.at, { clock: true })}</Text>
          </View>
          {h.comment ? <Text className='review-history__comment'>{h.comment}</Text> : null}
        </View>
      ))}
    </View>
  )
}

interface DecisionProps {
  app: ApplicationView
  onDecided: (next: ApplicationView, label: string) => void
  onChangedMeanwhile: () => void
}

function Decision({ app, onDecided, onChangedMeanwhile }: DecisionProps) {
  const [action, setAction] = useState<Action | null>(null)
  const [comment, setComment] = useState('')
  const [article, setArticle] = useState('')
  const [pending, setPending] = useState(false)
  const [error, setError] = useState<ApiError | null>(null)
  // Articles to cite: the failing conditions' first, then every other condition's.
  const articles = [...new Set([...app.conditions].sort((a, b) => rank(a.status) - rank(b.status)).map((c) => articleOf(c.citation)))].slice(0, 8)
  const actions: Action[] = app.status === 'passed' ? ['return', 'reject'] : ['return', 'reject', 'pass']

  function choose(next: Action) {
    setAction(next)
    setError(null)
  }

  async function send() {
    if (!action || pending) return
    setPending(true)
    setError(null)
    try {
      const body: DecisionRequest = {
        action,
        version: app.version,
        comment: comment.trim(),
        ...(action === 'reject' && article.trim() ? { article: article.trim() } : {}),
      }
      onDecided(await decideApplication(app.applicationId, body), actionLabels[action])
    } catch (caught) {
      const failure = toApiError(caught)
      if (failure.code === 'APPLICATION.CHANGED_MEANWHILE' || failure.code === 'APPLICATION.WRONG_STATE') onChangedMeanwhile()
      else setError(failure)
    } finally {
      setPending(false)
    }
  }

  const fieldError = (path: string) => error?.details.find((d) => d.path === path)?.message
  const otherErrors = error ? error.details.filter((d) => d.path !== 'comment' && d.path !== 'article') : []

  return (
    <View className='card review-decision' id='review-decision'>
      <Text className='card__title'>审核意见</Text>
      {app.status === 'passed' ? <Text className='card__hint'>已审核通过，名单上报前仍可改为退回修改或不予通过（如为符合名额）。</Text> : null}
      <View className='review-actions'>
        {actions.map((a) => (
          <View key={a} className={`review-action review-action--${a}${action === a ? ' review-action--active' : ''}`} data-action={a} onClick={() => choose(a)}>
            <Text>{actionLabels[a]}</Text>
          </View>
        ))}
      </View>
      {action ? (
        <View className='review-form'>
          <Text className='review-form__label'>{action === 'pass' ? '意见（可不填）' : '理由（至少 5 个字，申报单位可见）'}</Text>
          <View className={`review-form__box${fieldError('comment') ? ' review-form__box--error' : ''}`}>
            <Textarea
              className='review-comment'
              value={comment}
              maxlength={1000}
              autoHeight
              placeholder={action === 'return' ? '写明需要补充或修改的内容' : action === 'reject' ? '写明不予通过的理由' : '如：材料齐全，同意推荐'}
              placeholderClass='review-form__placeholder'
              onInput={(e) => setComment(e.detail.value)}
            />
          </View>
          {fieldError('comment') ? <Text className='review-form__error'>{fieldError('comment')}</Text> : null}
          {action === 'reject' ? (
            <>
              <Text className='review-form__label'>依据条款</Text>
              <View className={`review-form__box${fieldError('article') ? ' review-form__box--error' : ''}`}>
                <Input className='review-article' value={article} maxlength={40} placeholder='如：二、（一）' onInput={(e) => setArticle(e.detail.value)} />
              </View>
              <View className='review-articles'>
                {articles.map((a) => (
                  <View key={a} className={`review-article-chip${article === a ? ' review-article-chip--active' : ''}`} onClick={() => setArticle(a)}>
                    <Text>{a}</Text>
                  </View>
                ))}
              </View>
              {fieldError('article') ? <Text className='review-form__error'>{fieldError('article')}</Text> : null}
            </>
          ) : null}
          {error && (otherErrors.length > 0 || error.details.length === 0) ? (
            <View className='review-form__failure'>
              <Text className='review-form__error'>{error.message}</Text>
              {otherErrors.map((d) => (
                <Text key={d.path} className='review-form__error'>
                  · {d.message}
                </Text>
              ))}
            </View>
          ) : null}
          <Button className='review-confirm' type='primary' size='large' block loading={pending} disabled={pending} onClick={() => void send()}>
            确认{actionLabels[action]}
          </Button>
        </View>
      ) : null}
    </View>
  )
}
