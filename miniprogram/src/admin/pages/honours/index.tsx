import { useCallback, useEffect, useMemo, useState } from 'react'
import { Text, View } from '@tarojs/components'
import Taro, { useDidShow, usePullDownRefresh, useRouter } from '@tarojs/taro'
import { honourStateLabels, honourStates, type HonourDetailResponse, type HonourState, type RecheckResponse, type RegisterEntry } from '@shared/api/register'
import { titleCodes, titleLabels, type TitleCode } from '@shared/rules/titles'
import { toApiError, type ApiError } from '../../../services/api-client'
import { refreshSession, useSession } from '../../../services/session'
import { Button, Skeleton } from '../../../components/nutui'
import AccessError from '../../components/access-error'
import { rootsWhere } from '../../services/org-scope'
import CertificateDownload from '../../components/certificate-download'
import RevocationStart from '../../components/revocation-start'
import { exportRegister, honourDetail, recheckSlice, registerPage, type RegisterFilters } from '../../services/register-api'
import { decodedParam } from '../../../utils/query'
import { chineseDay } from '../../../utils/time'
import './index.scss'

const forbidden = '只有组织者和获得荣誉的工会主席可以查看荣誉档案'
const hint = '荣誉档案向本级及下级工会的组织者开放；基层工会主席可查看本会获得的荣誉。'

type Load = { status: 'loading' } | { status: 'failed'; error: ApiError } | { status: 'ready'; honours: RegisterEntry[]; nextCursor?: string }

/**
 * 荣誉档案 (总工办发〔2020〕15号 第二十二条（二）「建立健全管理档案」): every honour held in the organiser's subtree —
 * or, for a union's chair, its own — filtered by 称号, 年度 and 状态, 50 at a time, exported to Excel; a tap opens one
 * honour's history (`?no=<certificateNo>`).
 */
export default function HonoursPage() {
  const { params } = useRouter()
  const no = decodedParam(params.no)
  return no ? <HonourHistory certificateNo={no} /> : <Register />
}

function StateTag({ state, label }: { state: HonourState; label: string }) {
  return (
    <Text className={`honours-state honours-state--${state}`} data-state={state}>
      {label}
    </Text>
  )
}

/** What to offer only; the server checks the organiser's scope again. */
function isOrganiser(session: ReturnType<typeof useSession>, orgId: string): boolean {
  return session.status === 'signedIn' && session.me.memberships.some((m) => m.org.orgId === orgId && m.roles.includes('organiser'))
}

function Chips<T extends string | number>({ name, options, value, onChange }: { name: string; options: { value: T; label: string }[]; value: T | undefined; onChange: (v: T | undefined) => void }) {
  return (
    <View className='honours-filter' data-filter={name}>
      <View className={`honours-chip${value === undefined ? ' honours-chip--active' : ''}`} data-value='' onClick={() => onChange(undefined)}>
        <Text>全部</Text>
      </View>
      {options.map((o) => (
        <View key={String(o.value)} className={`honours-chip${value === o.value ? ' honours-chip--active' : ''}`} data-value={String(o.value)} onClick={() => onChange(o.value)}>
          <Text>{o.label}</Text>
        </View>
      ))}
    </View>
  )
}

/**
 * 年度复查 on demand (总工办发〔2020〕15号 第二十二条（四）): the subtree's standing honours re-judged on the records of the last
 * full year, slice by slice (each call about 8 s) with the count so far shown; the clock does the same every March.
 */
function RecheckCard({ orgId, year, onDone }: { orgId: string; year: number; onDone: () => void }) {
  const [state, setState] = useState<{ running: boolean; done: number; counts?: RecheckResponse['counts']; error?: string }>({ running: false, done: 0 })
  const run = async () => {
    setState({ running: true, done: 0 })
    const total: RecheckResponse['counts'] = { flagged: 0, failed: 0, incomplete: 0, passed: 0, notDue: 0, alreadyChecked: 0, notHeld: 0 }
    let cursor: string | undefined
    try {
      do {
        const slice = await recheckSlice(orgId, year, cursor)
        for (const k of Object.keys(total) as (keyof typeof total)[]) total[k] += slice.counts[k]
        cursor = slice.nextCursor
        setState({ running: Boolean(cursor), done: total.flagged + total.failed + total.incomplete + total.passed + total.notDue + total.alreadyChecked, counts: { ...total } })
      } while (cursor)
      onDone()
    } catch (caught) {
      setState((s) => ({ ...s, running: false, error: toApiError(caught).message }))
    }
  }
  const c = state.counts
  return (
    <View className='card honours-recheck-run'>
      <Text className='card__title'>年度复查</Text>
      <Text className='card__hint'>按 {year} 年度的入会率、会员评家和主席测评记录复查本级及下级的有效荣誉；未通过或触发撤销情形的，在档案中标记「已预警」并通知上级工会审核人员。每年 3 月 1 日起系统也会自动复查上一年度。</Text>
      {state.running ? <Text className='honours-message'>正在复查…已复查 {state.done} 项</Text> : null}
      {c && !state.running ? (
        <Text className='honours-message' data-result='recheck'>
          {`${year} 年度复查完成：触发撤销情形 ${c.flagged} 项，复查未通过 ${c.failed} 项，记录不全 ${c.incomplete} 项，通过 ${c.passed} 项${c.notDue ? `，授予后尚无完整年度 ${c.notDue} 项` : ''}${c.alreadyChecked ? `，此前已复查 ${c.alreadyChecked} 项` : ''}。`}
        </Text>
      ) : null}
      {state.error ? <Text className='honours-message honours-message--error'>{state.error}</Text> : null}
      <Button className='honours-recheck-button' type='primary' fill='outline' block loading={state.running} disabled={state.running} onClick={() => void run()}>
        复查 {year} 年度
      </Button>
    </View>
  )
}

function Register() {
  const session = useSession()
  const roots = useMemo(() => (session.status === 'signedIn' ? rootsWhere(session.me, ['organiser', 'chair']) : []), [session])
  const [chosenId, setChosenId] = useState<string | undefined>(undefined)
  const org = roots.find((o) => o.orgId === chosenId) ?? roots[0]
  const orgId = org?.orgId
  const [filters, setFilters] = useState<RegisterFilters>({})
  const [load, setLoad] = useState<Load>({ status: 'loading' })
  const [more, setMore] = useState(false)
  const [message, setMessage] = useState<string | null>(null)
  const [exporting, setExporting] = useState(false)
  const thisYear = new Date(Date.now() + 8 * 3600_000).getUTCFullYear()
  const years = Array.from({ length: 8 }, (_, i) => thisYear - i)

  useDidShow(() => {
    if (session.status !== 'signedIn') void refreshSession()
    // Back from 补录历史档案 (or a detail): the list again, quietly.
    if (orgId && load.status === 'ready') void reload(orgId, filters, true)
  })

  const reload = useCallback(async (id: string, f: RegisterFilters, quiet = false) => {
    if (!quiet) setLoad({ status: 'loading' })
    try {
      const page = await registerPage(id, f)
      setLoad({ status: 'ready', honours: page.honours, ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) })
    } catch (caught) {
      setLoad({ status: 'failed', error: toApiError(caught) })
    }
  }, [])

  useEffect(() => {
    if (orgId) void reload(orgId, filters)
  }, [orgId, filters, reload])

  usePullDownRefresh(() => {
    const done = () => void Taro.stopPullDownRefresh()
    if (orgId) void reload(orgId, filters, true).finally(done)
    else done()
  })

  const loadMore = async () => {
    if (!orgId || load.status !== 'ready' || !load.nextCursor) return
    setMore(true)
    try {
      const page = await registerPage(orgId, filters, load.nextCursor)
      setLoad({ status: 'ready', honours: [...load.honours, ...page.honours], ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) })
    } catch (caught) {
      setMessage(toApiError(caught).message)
    } finally {
      setMore(false)
    }
  }

  const download = async () => {
    if (!orgId) return
    setExporting(true)
    setMessage(null)
    try {
      const rows = await exportRegister(orgId, filters)
      setMessage(`已导出 ${rows} 条荣誉档案。`)
    } catch (caught) {
      setMessage(toApiError(caught).message)
    } finally {
      setExporting(false)
    }
  }

  if (session.status === 'checking') {
    return (
      <View className='honours'>
        <View className='card'>
          <Skeleton rows={5} animated />
        </View>
      </View>
    )
  }
  if (!org || !orgId) {
    return (
      <View className='honours'>
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

  const set = (patch: RegisterFilters) => setFilters((f) => Object.fromEntries(Object.entries({ ...f, ...patch }).filter(([, v]) => v !== undefined)) as RegisterFilters)

  return (
    <View className='honours'>
      <View className='card honours-org'>
        <Text className='card__label'>荣誉档案</Text>
        <Text className='honours-org__name'>{org.name}</Text>
        {roots.length > 1 ? (
          <View className='honours-filter'>
            {roots.map((r) => (
              <View key={r.orgId} className={`honours-chip${r.orgId === orgId ? ' honours-chip--active' : ''}`} onClick={() => setChosenId(r.orgId)}>
                <Text>{r.name}</Text>
              </View>
            ))}
          </View>
        ) : null}
        <Text className='card__hint'>本级及下级工会获得的荣誉称号，含授予、预警、复查、撤销和收回证书的全过程（依据总工办发〔2020〕15号 第二十二条（二）建立健全管理档案）。</Text>
      </View>
      <View className='card honours-filters'>
        <Text className='honours-filters__label'>称号</Text>
        <Chips<TitleCode> name='title' options={titleCodes.map((t) => ({ value: t, label: titleLabels[t] }))} value={filters.title} onChange={(title) => set({ title })} />
        <Text className='honours-filters__label'>年度</Text>
        <Chips<number> name='year' options={years.map((y) => ({ value: y, label: `${y}` }))} value={filters.year} onChange={(year) => set({ year })} />
        <Text className='honours-filters__label'>状态</Text>
        <Chips<HonourState> name='state' options={honourStates.map((s) => ({ value: s, label: honourStateLabels[s] }))} value={filters.state} onChange={(state) => set({ state })} />
        <Button className='honours-export' type='primary' fill='outline' block loading={exporting} disabled={exporting} onClick={() => void download()}>
          导出Excel
        </Button>
        {message ? <Text className='honours-message'>{message}</Text> : null}
        {isOrganiser(session, orgId) ? (
          <Button className='honours-import' fill='outline' block onClick={() => void Taro.navigateTo({ url: `/admin/pages/honour-import/index?orgId=${encodeURIComponent(orgId)}` })}>
            补录历史档案
          </Button>
        ) : null}
        {isOrganiser(session, orgId) ? (
          <Button className='honours-recovery' fill='outline' block onClick={() => void Taro.navigateTo({ url: `/admin/pages/recovery-tasks/index?orgId=${encodeURIComponent(orgId)}` })}>
            收回证书任务
          </Button>
        ) : null}
      </View>
      <Button className='honours-revocations' fill='outline' block onClick={() => void Taro.navigateTo({ url: '/admin/pages/revocation/index' })}>
        撤销案件
      </Button>
      {isOrganiser(session, orgId) ? <RecheckCard orgId={orgId} year={thisYear - 1} onDone={() => void reload(orgId, filters, true)} /> : null}
      {load.status === 'loading' ? (
        <View className='card'>
          <Skeleton rows={5} animated />
        </View>
      ) : load.status === 'failed' ? (
        <AccessError error={load.error} forbidden={forbidden} hint={hint} onRetry={() => void reload(orgId, filters)} />
      ) : (
        <>
          <Text className='honours-count'>
            {load.honours.length === 0 ? '没有符合条件的荣誉' : `已显示 ${load.honours.length} 条${load.nextCursor ? '，还有更多' : ''}`}
          </Text>
          {load.honours.map((h) => (
            <View key={h.certificateNo} className='card honours-row' data-certificate={h.certificateNo} onClick={() => void Taro.navigateTo({ url: `/admin/pages/honours/index?no=${encodeURIComponent(h.certificateNo)}` })}>
              <View className='honours-row__head'>
                <Text className='honours-row__title'>{h.title}</Text>
                <StateTag state={h.state} label={h.stateLabel} />
              </View>
              <Text className='honours-row__holder'>{h.holderKind === 'person' ? `${h.holderName}（${h.holderOrgName}）` : h.holderName}</Text>
              <View className='honours-row__foot'>
                <Text className='honours-row__no'>{h.certificateNo}</Text>
                <Text className='honours-row__date'>{chineseDay(h.awardedOn)}</Text>
              </View>
            </View>
          ))}
          {load.nextCursor ? (
            <Button className='honours-more' fill='outline' block loading={more} disabled={more} onClick={() => void loadMore()}>
              加载更多
            </Button>
          ) : null}
        </>
      )}
    </View>
  )
}

type DetailLoad = { status: 'loading' } | { status: 'failed'; error: ApiError } | { status: 'ready'; honour: HonourDetailResponse['honour'] }

function HonourHistory({ certificateNo }: { certificateNo: string }) {
  const [load, setLoad] = useState<DetailLoad>({ status: 'loading' })
  const reload = useCallback(async () => {
    setLoad({ status: 'loading' })
    try {
      setLoad({ status: 'ready', honour: await honourDetail(certificateNo) })
    } catch (caught) {
      setLoad({ status: 'failed', error: toApiError(caught) })
    }
  }, [certificateNo])
  useEffect(() => {
    void Taro.setNavigationBarTitle({ title: '荣誉详情' })
    void reload()
  }, [reload])
  usePullDownRefresh(() => {
    void reload().finally(() => void Taro.stopPullDownRefresh())
  })

  if (load.status === 'loading') {
    return (
      <View className='honours'>
        <View className='card'>
          <Skeleton rows={6} animated />
        </View>
      </View>
    )
  }
  if (load.status === 'failed') {
    return (
      <View className='honours'>
        <AccessError error={load.error} forbidden={forbidden} hint={hint} onRetry={() => void reload()} />
      </View>
    )
  }
  const h = load.honour
  const facts: [string, string][] = [
    ['证书编号', h.certificateNo],
    ['获得者', h.holderKind === 'person' ? `${h.holderName}（${h.holderOrgName}）` : h.holderName],
    ['授予单位', h.awardingBody],
    ['评选活动', h.campaignName],
    ['授予日期', chineseDay(h.awardedOn)],
    ['依据办法', h.rulesetName],
  ]
  return (
    <View className='honours honours-detail' data-certificate={h.certificateNo}>
      <View className='card'>
        <View className='honours-row__head'>
          <Text className='honours-detail__title'>{h.title}</Text>
          <StateTag state={h.state} label={h.stateLabel} />
        </View>
        {facts.map(([label, value]) => (
          <View key={label} className='honours-fact'>
            <Text className='honours-fact__label'>{label}</Text>
            <Text className='honours-fact__value'>{value || '—'}</Text>
          </View>
        ))}
      </View>
      {h.recovery ? (
        <View className='card honours-recovery-link' data-status={h.recovery.status} onClick={() => void Taro.navigateTo({ url: `/admin/pages/recovery-task/index?taskId=${encodeURIComponent(h.recovery?.taskId ?? '')}` })}>
          <Text className='card__hint'>{`收回证书任务：${h.recovery.statusLabel} ›`}</Text>
        </View>
      ) : null}
      <CertificateDownload certificateNo={h.certificateNo} />
      <RevocationStart certificateNo={h.certificateNo} onOpened={() => void reload()} />
      <Text className='honours-count'>复查记录（{h.rechecks.length}）</Text>
      {h.rechecks.length === 0 ? (
        <View className='card'>
          <Text className='card__hint'>尚未复查。每年 3 月 1 日起系统按上一年度的记录自动复查，组织者也可在荣誉档案中发起复查。</Text>
        </View>
      ) : (
        h.rechecks.map((r) => (
          <View key={r.year} className='card honours-recheck' data-year={r.year} data-outcome={r.outcome}>
            <View className='honours-row__head'>
              <Text className='honours-recheck__year'>{r.year} 年度复查</Text>
              <Text className={`honours-recheck__outcome honours-recheck__outcome--${r.outcome}`}>{r.outcomeLabel}</Text>
            </View>
            <Text className='honours-event__date'>{chineseDay(r.on)}</Text>
            {r.findings.map((f, i) => (
              <View key={i} className='honours-recheck__finding'>
                <Text className='honours-recheck__text'>{f.text}</Text>
                <Text className='honours-recheck__citation'>依据：{f.citation}</Text>
              </View>
            ))}
          </View>
        ))
      )}
      <Text className='honours-count'>档案记录（{h.history.length}）</Text>
      <View className='honours-timeline'>
        {h.history.map((e, i) => (
          <View key={`${e.kind}#${i}`} className='honours-event' data-kind={e.kind}>
            <View className={`honours-event__dot honours-event__dot--${e.state}`} />
            <View className='honours-event__body'>
              <Text className='honours-event__label'>{e.label}</Text>
              <Text className='honours-event__date'>{chineseDay(e.on)}</Text>
              {e.note ? <Text className='honours-event__note'>{e.note}</Text> : null}
            </View>
          </View>
        ))}
      </View>
    </View>
  )
}
