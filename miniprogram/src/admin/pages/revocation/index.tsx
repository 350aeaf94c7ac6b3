import { useCallback, useEffect, useMemo, useState } from 'react'
import { Text, Textarea, View } from '@tarojs/components'
import Taro, { useDidShow, usePullDownRefresh, useRouter } from '@tarojs/taro'
import type { RevocationCaseView, RevocationSummary } from '@shared/api/revocation'
import { toApiError, type ApiError } from '../../../services/api-client'
import { refreshSession, useSession } from '../../../services/session'
import { Button, Skeleton } from '../../../components/nutui'
import AccessError from '../../components/access-error'
import { rootsWhere } from '../../services/org-scope'
import { revocationCase, revocationsOf, takeRevocationStep } from '../../services/revocation-api'
import { decodedParam } from '../../../utils/query'
import { chineseDay } from '../../../utils/time'
import './index.scss'

const forbidden = '只有撤销程序涉及的工会组织者、审核人员和获得荣誉的工会主席可以查看撤销案件'
const hint = '撤销案件向获得荣誉的工会、原推荐单位和上级工会开放；每一步只能由程序规定的单位办理。'

/**
 * 撤销案件: one case (`?caseId=`) step by step — the route of the honour's ruleset, what it rests on, each step with the
 * body that takes it, who took it, when and why — and, for the body whose turn it is, the form to agree or not; without
 * a case, the cases on honours held in the member's federations (办理中 first).
 */
export default function RevocationPage() {
  const { params } = useRouter()
  const caseId = decodedParam(params.caseId)
  return caseId ? <CaseView caseId={caseId} /> : <CaseList />
}

type CaseLoad = { status: 'loading' } | { status: 'failed'; error: ApiError } | { status: 'ready'; view: RevocationCaseView }

function CaseView({ caseId }: { caseId: string }) {
  const [load, setLoad] = useState<CaseLoad>({ status: 'loading' })
  const reload = useCallback(
    async (quiet = false) => {
      if (!quiet) setLoad({ status: 'loading' })
      try {
        setLoad({ status: 'ready', view: await revocationCase(caseId) })
      } catch (caught) {
        setLoad({ status: 'failed', error: toApiError(caught) })
      }
    },
    [caseId],
  )
  useEffect(() => {
    void reload()
  }, [reload])
  usePullDownRefresh(() => {
    void reload(true).finally(() => void Taro.stopPullDownRefresh())
  })

  if (load.status === 'loading') {
    return (
      <View className='revocation'>
        <View className='card'>
          <Skeleton rows={6} animated />
        </View>
      </View>
    )
  }
  if (load.status === 'failed') {
    return (
      <View className='revocation'>
        <AccessError error={load.error} forbidden={forbidden} hint={hint} onRetry={() => void reload()} />
      </View>
    )
  }
  const c = load.view
  const facts: [string, string][] = [
    ['获得者', c.holderName],
    ['证书编号', c.certificateNo],
    ['授予单位', c.awardingBody],
    ['依据办法', c.rulesetName],
    ['撤销程序', `${c.routeLabel}（${c.routeCitation}）`],
    ['发起依据', `${c.triggerLabel}：${c.triggerBasis}`],
    ...(c.ground ? ([['撤销情形', `${c.ground.description}（${c.ground.citation}）`]] as [string, string][]) : []),
    ['启动', `${c.openedBy || '—'} · ${chineseDay(c.openedOn)}`],
  ]
  return (
    <View className='revocation' data-case={c.caseId} data-status={c.status}>
      <View className='card'>
        <View className='revocation-head'>
          <Text className='revocation-head__title'>{c.title}</Text>
          <Text className={`revocation-status revocation-status--${c.status}`}>{c.statusLabel}</Text>
        </View>
        {facts.map(([label, value]) => (
          <View key={label} className='revocation-fact'>
            <Text className='revocation-fact__label'>{label}</Text>
            <Text className='revocation-fact__value'>{value}</Text>
          </View>
        ))}
        <Text className='revocation-grounds'>{c.grounds}</Text>
      </View>
      {c.decision ? (
        <View className='card revocation-decision'>
          <Text className='card__title'>撤销决定</Text>
          <Text className='revocation-decision__text'>{`${c.awardingBody}决定：${c.decision.text}。`}</Text>
          <Text className='revocation-decision__citation'>{`依据：${c.decision.citation} · ${chineseDay(c.decision.on)}`}</Text>
        </View>
      ) : null}
      <Text className='revocation-count'>办理步骤</Text>
      <View className='revocation-steps'>
        {c.steps.map((s, i) => {
          const waiting = c.waiting?.stepId === s.stepId
          const state = s.taken ? (s.taken.approved ? 'approved' : 'refused') : waiting ? 'waiting' : 'later'
          return (
            <View key={s.stepId} className={`revocation-step revocation-step--${state}`} data-step={s.stepId} data-state={state}>
              <Text className='revocation-step__index'>{i + 1}</Text>
              <View className='revocation-step__body'>
                <Text className='revocation-step__what'>{s.description}</Text>
                <Text className='revocation-step__who'>{`${s.body}（${s.orgName}）· ${s.citation}`}</Text>
                {s.taken ? (
                  <>
                    <Text className='revocation-step__taken'>{`${s.taken.approved ? '同意' : '不同意'} · ${s.taken.byName || '—'} · ${chineseDay(s.taken.on)}`}</Text>
                    <Text className='revocation-step__grounds'>{s.taken.grounds}</Text>
                  </>
                ) : waiting ? (
                  <Text className='revocation-step__taken'>待办理</Text>
                ) : null}
              </View>
            </View>
          )
        })}
      </View>
      {c.waiting?.mayAct ? <StepForm view={c} onTaken={(view) => setLoad({ status: 'ready', view })} onStale={() => void reload(true)} /> : null}
      {c.waiting && !c.waiting.mayAct ? <Text className='revocation-note'>这一步由程序规定的单位办理，办理后您会收到通知。</Text> : null}
      <Button className='revocation-honour' fill='outline' block onClick={() => void Taro.navigateTo({ url: `/admin/pages/honours/index?no=${encodeURIComponent(c.certificateNo)}` })}>
        查看荣誉档案
      </Button>
    </View>
  )
}

function StepForm({ view, onTaken, onStale }: { view: RevocationCaseView; onTaken: (view: RevocationCaseView) => void; onStale: () => void }) {
  const step = view.steps.find((s) => s.stepId === view.waiting?.stepId)
  const [grounds, setGrounds] = useState('')
  const [pending, setPending] = useState(false)
  const [error, setError] = useState<string | null>(null)
  if (!step) return null
  const last = view.steps[view.steps.length - 1]?.stepId === step.stepId

  const take = async (approved: boolean) => {
    const { confirm } = await Taro.showModal({
      title: approved ? '同意' : '不同意',
      content: approved ? (last ? `同意后即作出撤销决定，荣誉称号状态改为「已撤销」，并开启收回证书和奖牌的任务。` : `同意后转下一步办理。`) : '不同意即终止本撤销程序，荣誉称号保留。',
      confirmText: '确定',
    })
    if (!confirm) return
    setPending(true)
    setError(null)
    try {
      onTaken(await takeRevocationStep(view.caseId, { stepId: step.stepId, approved, grounds, version: view.version }))
      setGrounds('')
      void Taro.showToast({ title: '已办理', icon: 'success' })
    } catch (caught) {
      const e = toApiError(caught)
      setError(e.message)
      if (e.status === 409) onStale()
    } finally {
      setPending(false)
    }
  }

  return (
    <View className='card revocation-form'>
      <Text className='card__title'>{`办理：${step.description}`}</Text>
      <Text className='card__hint'>{`由${step.body}（${step.orgName}）办理，依据${step.citation}。请写明理由；办理结果通知获得荣誉的工会和原推荐单位。`}</Text>
      <View className='revocation-textarea-box'>
        <Textarea className='revocation-form__grounds' value={grounds} maxlength={2000} placeholder='理由：查实的事实、核查或研究的情况（至少 10 字）' onInput={(e) => setGrounds(e.detail.value)} />
      </View>
      {error ? <Text className='revocation-error'>{error}</Text> : null}
      <View className='revocation-form__actions'>
        <Button className='revocation-form__refuse' fill='outline' loading={pending} disabled={pending} onClick={() => void take(false)}>
          不同意
        </Button>
        <Button className='revocation-form__approve' type='primary' loading={pending} disabled={pending} onClick={() => void take(true)}>
          {last ? '同意并作出撤销决定' : '同意'}
        </Button>
      </View>
    </View>
  )
}

type ListLoad = { status: 'loading' } | { status: 'failed'; error: ApiError } | { status: 'ready'; cases: RevocationSummary[] }

function CaseList() {
  const session = useSession()
  const roots = useMemo(() => (session.status === 'signedIn' ? rootsWhere(session.me, ['organiser', 'reviewer', 'chair']) : []), [session])
  const [chosenId, setChosenId] = useState<string | undefined>(undefined)
  const org = roots.find((o) => o.orgId === chosenId) ?? roots[0]
  const orgId = org?.orgId
  const [status, setStatus] = useState<'open' | 'closed'>('open')
  const [load, setLoad] = useState<ListLoad>({ status: 'loading' })

  const reload = useCallback(async (id: string, s: 'open' | 'closed', quiet = false) => {
    if (!quiet) setLoad({ status: 'loading' })
    try {
      setLoad({ status: 'ready', cases: (await revocationsOf(id, s)).cases })
    } catch (caught) {
      setLoad({ status: 'failed', error: toApiError(caught) })
    }
  }, [])
  useEffect(() => {
    if (orgId) void reload(orgId, status)
  }, [orgId, status, reload])
  useDidShow(() => {
    if (session.status !== 'signedIn') void refreshSession()
    if (orgId && load.status === 'ready') void reload(orgId, status, true)
  })
  usePullDownRefresh(() => {
    const done = () => void Taro.stopPullDownRefresh()
    if (orgId) void reload(orgId, status, true).finally(done)
    else done()
  })

  if (session.status === 'checking') {
    return (
      <View className='revocation'>
        <View className='card'>
          <Skeleton rows={5} animated />
        </View>
      </View>
    )
  }
  if (!org || !orgId) {
    return (
      <View className='revocation'>
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
    <View className='revocation'>
      <View className='card'>
        <Text className='card__label'>撤销案件</Text>
        <Text className='revocation-org'>{org.name}</Text>
        {roots.length > 1 ? (
          <View className='revocation-chips'>
            {roots.map((r) => (
              <View key={r.orgId} className={`revocation-chip${r.orgId === orgId ? ' revocation-chip--active' : ''}`} onClick={() => setChosenId(r.orgId)}>
                <Text>{r.name}</Text>
              </View>
            ))}
          </View>
        ) : null}
        <View className='revocation-chips' data-filter='status'>
          {(['open', 'closed'] as const).map((s) => (
            <View key={s} className={`revocation-chip${s === status ? ' revocation-chip--active' : ''}`} data-value={s} onClick={() => setStatus(s)}>
              <Text>{s === 'open' ? '办理中' : '已办结'}</Text>
            </View>
          ))}
        </View>
        <Text className='card__hint'>本级及下级工会所获荣誉的撤销案件。启动撤销请在荣誉档案中打开该荣誉。</Text>
      </View>
      {load.status === 'loading' ? (
        <View className='card'>
          <Skeleton rows={4} animated />
        </View>
      ) : load.status === 'failed' ? (
        <AccessError error={load.error} forbidden={forbidden} hint={hint} onRetry={() => void reload(orgId, status)} />
      ) : load.cases.length === 0 ? (
        <Text className='revocation-count'>{status === 'open' ? '没有办理中的撤销案件' : '没有已办结的撤销案件'}</Text>
      ) : (
        load.cases.map((c) => (
          <View key={c.caseId} className='card revocation-row' data-case={c.caseId} onClick={() => void Taro.navigateTo({ url: `/admin/pages/revocation/index?caseId=${encodeURIComponent(c.caseId)}` })}>
            <View className='revocation-head'>
              <Text className='revocation-row__title'>{`${c.holderName} · ${c.title}`}</Text>
              <Text className={`revocation-status revocation-status--${c.status}`}>{c.statusLabel}</Text>
            </View>
            <Text className='revocation-row__meta'>{`${c.routeLabel} · ${chineseDay(c.openedOn)} 启动 · ${c.certificateNo}`}</Text>
            {c.waitingFor ? <Text className={`revocation-row__waiting${c.mayAct ? ' revocation-row__waiting--mine' : ''}`}>{`${c.mayAct ? '待您办理' : '待办理'}：${c.waitingFor}`}</Text> : null}
          </View>
        ))
      )}
    </View>
  )
}
