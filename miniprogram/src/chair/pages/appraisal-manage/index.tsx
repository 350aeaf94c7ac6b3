import { useCallback, useEffect, useRef, useState } from 'react'
import { Picker, Text, View } from '@tarojs/components'
import Taro, { useDidShow, useLoad, usePullDownRefresh, useRouter } from '@tarojs/taro'
import { appraisalStatusLabels, type AppraisalStatus, type AppraisalView, type ElectorateResponse, type TurnoutResponse } from '@shared/api/appraisal'
import type { Membership } from '@shared/api/auth'
import { appraisalKindLabels, electorateLabels } from '@shared/appraisal/ballot-kinds'
import type { Org } from '@shared/domain/org'
import { toApiError, type ApiError } from '../../../services/api-client'
import { appraisalElectorate, appraisalSuggestions, appraisalTurnout, beijingDateTime, orgAppraisals } from '../../../services/appraisal'
import { orgDetail } from '../../../services/orgs'
import { rosterUnions } from '../../../services/roster'
import { refreshSession, useSession } from '../../../services/session'
import { Button, Skeleton } from '../../../components/nutui'
import ErrorState from '../../../components/error-state'
import './index.scss'

type Load = { status: 'loading' } | { status: 'failed'; error: ApiError } | { status: 'ready'; appraisals: AppraisalView[] }
type Lazy<T> = { status: 'idle' } | { status: 'loading' } | { status: 'failed'; error: ApiError } | { status: 'ready'; value: T }

/**
 * 评议管理: the ballots of the chair's union (or one sub-union) — status, live turnout as a count only, the names
 * on the roster snapshot (who may vote, never who did), and once sealed the result and the members' suggestions.
 */
export default function AppraisalManagePage() {
  const { params } = useRouter()
  const session = useSession()
  const union = session.status === 'signedIn' ? rosterUnions(session.me)[0] : undefined

  useLoad(() => {
    if (session.status !== 'signedIn') void refreshSession()
  })

  if (!union) {
    return (
      <View className='appraisal-manage'>
        <View className='card'>
          {session.status === 'checking' ? (
            <Skeleton rows={4} animated />
          ) : (
            <>
              <Text className='card__title'>仅工会主席可用</Text>
              <Text className='card__hint'>评议管理由基层工会主席或副主席使用。</Text>
            </>
          )}
        </View>
      </View>
    )
  }
  return <Manage union={union} initialOrgId={params.orgId ?? union.org.orgId} highlight={params.appraisalId} />
}

function Manage({ union, initialOrgId, highlight }: { union: Membership; initialOrgId: string; highlight: string | undefined }) {
  const unionId = union.org.orgId
  const [orgId, setOrgId] = useState(initialOrgId)
  const [subOrgs, setSubOrgs] = useState<Org[]>([])
  const [load, setLoad] = useState<Load>({ status: 'loading' })
  // Bumped on every reload, so each ballot's turnout is read again.
  const [version, setVersion] = useState(0)
  const firstShow = useRef(true)

  useEffect(() => {
    let current = true
    orgDetail(unionId)
      .then((detail) => current && setSubOrgs(detail.children.filter((child) => child.level === 'subUnion' || child.level === 'group')))
      // Without the sub-unions the union's own ballots still show; the switcher simply stays hidden.
      .catch(() => undefined)
    return () => {
      current = false
    }
  }, [unionId])

  const reload = useCallback(
    async (quiet: boolean) => {
      if (!quiet) setLoad({ status: 'loading' })
      setVersion((v) => v + 1)
      try {
        const appraisals = await orgAppraisals(orgId)
        setLoad({ status: 'ready', appraisals: [...appraisals].sort((a, b) => b.opensAt.localeCompare(a.opensAt)) })
      } catch (caught) {
        const error = toApiError(caught)
        setLoad((current) => (quiet && current.status === 'ready' ? current : { status: 'failed', error }))
        if (quiet) void Taro.showToast({ title: error.message, icon: 'none' })
      }
    },
    [orgId],
  )

  useEffect(() => {
    void reload(false)
  }, [reload])

  // Back from 发起评议: the new ballot is on the list.
  useDidShow(() => {
    if (firstShow.current) firstShow.current = false
    else void reload(true)
  })

  usePullDownRefresh(() => {
    void reload(true).finally(() => void Taro.stopPullDownRefresh())
  })

  const targets = [union.org, ...subOrgs.filter((o) => o.orgId !== unionId)]
  const targetIndex = targets.findIndex((o) => o.orgId === orgId)

  let content: JSX.Element
  if (load.status === 'loading') {
    content = (
      <View className='card'>
        <Skeleton rows={6} animated />
      </View>
    )
  } else if (load.status === 'failed') {
    content = (
      <View className='card'>
        <ErrorState message={load.error.message} onRetry={() => void reload(false)} />
      </View>
    )
  } else if (load.appraisals.length === 0) {
    content = (
      <View className='card appraisal-manage-empty'>
        <Text className='card__title'>还没有发起过评议</Text>
        <Text className='card__hint'>发起会员评家、主席测评或大会表决后，可在这里查看投票进度和封存后的结果。</Text>
      </View>
    )
  } else {
    content = (
      <View className='appraisal-manage-list'>
        {load.appraisals.map((appraisal) => (
          <BallotCard key={appraisal.appraisalId} appraisal={appraisal} highlighted={appraisal.appraisalId === highlight} version={version} />
        ))}
      </View>
    )
  }

  return (
    <View className='appraisal-manage'>
      <View className='card appraisal-manage-head'>
        <Text className='card__label'>评议单位</Text>
        {targets.length > 1 ? (
          <Picker mode='selector' range={targets.map((o) => o.name)} value={Math.max(0, targetIndex)} onChange={(e) => setOrgId(targets[Number(e.detail.value)]?.orgId ?? unionId)}>
            <Text className='appraisal-manage-org'>{targets[targetIndex]?.name ?? union.org.name} ›</Text>
          </Picker>
        ) : (
          <Text className='appraisal-manage-org'>{targets[targetIndex]?.name ?? union.org.name}</Text>
        )}
        <Button
          className='appraisal-manage-open'
          type='primary'
          block
          onClick={() => void Taro.navigateTo({ url: `/chair/pages/appraisal-open/index?orgId=${encodeURIComponent(orgId)}` })}
        >
          发起评议
        </Button>
      </View>
      {content}
    </View>
  )
}

function BallotCard({ appraisal, highlighted, version }: { appraisal: AppraisalView; highlighted: boolean; version: number }) {
  // The status read with the turnout: a ballot preparing when the list was read opens while the page polls.
  const [liveStatus, setLiveStatus] = useState<AppraisalStatus>(appraisal.status)
  useEffect(() => setLiveStatus(appraisal.status), [appraisal.status])
  const status = liveStatus
  const sealed = status === 'sealed'
  const query = `appraisalId=${encodeURIComponent(appraisal.appraisalId)}`
  return (
    <View
      className={`card appraisal-manage-ballot${highlighted ? ' appraisal-manage-ballot--new' : ''}`}
      data-appraisal-id={appraisal.appraisalId}
      data-status={status}
    >
      <View className='appraisal-manage-ballot__tags'>
        <Text className='appraisal-manage-ballot__kind'>{appraisalKindLabels[appraisal.kind]}</Text>
        <Text className={`appraisal-manage-ballot__status appraisal-manage-status--${status}`}>{appraisalStatusLabels[status]}</Text>
      </View>
      <Text className='appraisal-manage-ballot__title'>{appraisal.title}</Text>
      <Text className='appraisal-manage-ballot__line'>
        {appraisal.year} 年度 · {electorateLabels[appraisal.electorate]}
        {appraisal.kind === 'chairEvaluation' && appraisal.candidates.length > 0 ? ` · 测评 ${appraisal.candidates.map((c) => c.name).join('、')}` : ''}
      </Text>
      <Text className='appraisal-manage-ballot__line'>
        {beijingDateTime(appraisal.opensAt)} 至 {beijingDateTime(appraisal.closesAt)}
      </Text>

      <Turnout appraisal={appraisal} version={version} onStatus={setLiveStatus} />

      {sealed ? (
        <Button
          className='appraisal-manage-result'
          type='primary'
          fill='outline'
          block
          onClick={() => void Taro.navigateTo({ url: `/pages/appraisal-result/index?${query}` })}
        >
          查看结果
        </Button>
      ) : null}

      <Collapsible
        className='appraisal-manage-electorate'
        title={`应投票人名单（${appraisal.eligible} 人）`}
        load={() => appraisalElectorate(appraisal.appraisalId)}
        render={(names: ElectorateResponse['names']) => (
          <View>
            <Text className='appraisal-manage-note'>名单只表明谁有投票资格，系统不显示谁已投票。</Text>
            {names.length === 0 ? <Text className='appraisal-manage-note'>名单为空。</Text> : null}
            <View className='appraisal-manage-names'>
              {names.map((n, index) => (
                <Text key={`${index}:${n.name}`} className='appraisal-manage-name'>
                  {n.name}
                  {n.orgName && n.orgName !== appraisal.orgName ? `（${n.orgName}）` : ''}
                </Text>
              ))}
            </View>
          </View>
        )}
      />

      {sealed && appraisal.kind === 'memberAppraisal' ? (
        <Collapsible
          className='appraisal-manage-suggestions'
          title='会员意见建议'
          load={() => appraisalSuggestions(appraisal.appraisalId)}
          render={(suggestions: string[]) =>
            suggestions.length === 0 ? (
              <Text className='appraisal-manage-note'>本次评议没有收到意见建议。</Text>
            ) : (
              <View>
                <Text className='appraisal-manage-note'>共 {suggestions.length} 条，随机排列，不具名。</Text>
                {suggestions.map((text, index) => (
                  <Text key={index} className='appraisal-manage-suggestion'>
                    {text}
                  </Text>
                ))}
              </View>
            )
          }
        />
      ) : null}
    </View>
  )
}

/** How often the page polls a ballot whose opening is under way (each poll also drives it on the server). */
const openingPollMs = 2000

/**
 * 已投 X / 应投 Y: how many voted, read live, never who. While the ballot prepares, 正在准备选民名单 with the voters
 * written so far, polled until it opens (the card then shows it open); then how many voters were told.
 */
function Turnout({ appraisal, version, onStatus }: { appraisal: AppraisalView; version: number; onStatus: (status: AppraisalStatus) => void }) {
  const [state, setState] = useState<Lazy<TurnoutResponse>>({ status: 'idle' })
  const appraisalId = appraisal.appraisalId

  const read = useCallback(async () => {
    setState((current) => (current.status === 'ready' ? current : { status: 'loading' }))
    try {
      const value = await appraisalTurnout(appraisalId)
      setState({ status: 'ready', value })
      onStatus(value.status)
    } catch (caught) {
      setState({ status: 'failed', error: toApiError(caught) })
    }
  }, [appraisalId, onStatus])

  useEffect(() => {
    void read()
  }, [read, version])

  // The opening goes on while the page polls: electorate first, then the notices.
  const opening = state.status === 'ready' ? state.value.opening : appraisal.opening
  const underway = opening !== null && (opening.phase === 'markers' || opening.phase === 'notices')
  useEffect(() => {
    if (!underway || state.status !== 'ready') return undefined
    const timer = setTimeout(() => void read(), openingPollMs)
    return () => clearTimeout(timer)
  }, [underway, state, read])

  const figures = state.status === 'ready' ? state.value : null
  if ((figures?.status ?? appraisal.status) === 'preparing') {
    const prepared = opening?.prepared ?? 0
    const total = opening?.total ?? appraisal.eligible
    return (
      <View className='appraisal-manage-turnout appraisal-manage-preparing' data-prepared={String(prepared)} data-total={String(total)}>
        <Text className='appraisal-manage-turnout__text'>
          正在准备选民名单：{prepared} / {total}
        </Text>
        <View className='appraisal-manage-turnout__track'>
          <View className='appraisal-manage-turnout__fill' style={{ width: total > 0 ? `${Math.min(100, (prepared / total) * 100)}%` : '0%' }} />
        </View>
        <Text className='appraisal-manage-note'>名单写完后投票自动开始，在此之前任何人都不能投票。可以离开本页，准备不会中断。</Text>
      </View>
    )
  }
  return (
    <View className='appraisal-manage-turnout' data-voted={figures ? String(figures.voted) : ''} data-eligible={figures ? String(figures.eligible) : ''}>
      <View className='appraisal-manage-turnout__figures'>
        {figures ? (
          <Text className='appraisal-manage-turnout__text'>
            已投 {figures.voted} / 应投 {figures.eligible}
            {figures.eligible > 0 ? `（${Math.round((figures.voted / figures.eligible) * 1000) / 10}%）` : ''}
          </Text>
        ) : state.status === 'failed' ? (
          <Text className='appraisal-manage-turnout__error'>{state.error.message}</Text>
        ) : (
          <Text className='appraisal-manage-turnout__text appraisal-manage-turnout__text--loading'>读取投票进度…</Text>
        )}
        <View className='appraisal-manage-turnout-refresh' onClick={() => void read()}>
          <Text>{state.status === 'loading' ? '刷新中' : '刷新'}</Text>
        </View>
      </View>
      <View className='appraisal-manage-turnout__track'>
        <View className='appraisal-manage-turnout__fill' style={{ width: figures && figures.eligible > 0 ? `${Math.min(100, (figures.voted / figures.eligible) * 100)}%` : '0%' }} />
      </View>
      {opening && opening.phase !== 'cancelled' ? (
        <Text
          className='appraisal-manage-note appraisal-manage-notices'
          data-inbox={String(opening.notices.inbox)}
          data-wechat-queued={String(opening.notices.wechatQueued)}
          data-wechat-sent={String(opening.notices.wechatSent)}
        >
          {opening.phase === 'notices' ? '正在通知投票人：' : '已通知投票人：'}站内消息 {opening.notices.inbox} / {opening.total} 人；微信订阅消息已排队{' '}
          {opening.notices.wechatQueued} 条，已送达 {opening.notices.wechatSent} 条（仅发给订阅了提醒的会员）
        </Text>
      ) : null}
    </View>
  )
}

interface CollapsibleProps<T> {
  className: string
  title: string
  load: () => Promise<T>
  render: (value: T) => JSX.Element
}

/** A folded section read from the server the first time it is opened. */
function Collapsible<T>({ className, title, load, render }: CollapsibleProps<T>) {
  const [open, setOpen] = useState(false)
  const [state, setState] = useState<Lazy<T>>({ status: 'idle' })

  async function read() {
    setState({ status: 'loading' })
    try {
      setState({ status: 'ready', value: await load() })
    } catch (caught) {
      setState({ status: 'failed', error: toApiError(caught) })
    }
  }

  function toggle() {
    setOpen((o) => !o)
    if (!open && (state.status === 'idle' || state.status === 'failed')) void read()
  }

  return (
    <View className={`appraisal-manage-section ${className}`} data-open={open ? 'true' : 'false'}>
      <View className='appraisal-manage-section__head' onClick={toggle}>
        <Text className='appraisal-manage-section__title'>{title}</Text>
        <Text className='appraisal-manage-section__arrow'>{open ? '收起 ▴' : '展开 ▾'}</Text>
      </View>
      {open ? (
        <View className='appraisal-manage-section__body'>
          {state.status === 'ready' ? (
            render(state.value)
          ) : state.status === 'failed' ? (
            <ErrorState message={state.error.message} onRetry={() => void read()} />
          ) : (
            <Skeleton rows={3} animated />
          )}
        </View>
      ) : null}
    </View>
  )
}
