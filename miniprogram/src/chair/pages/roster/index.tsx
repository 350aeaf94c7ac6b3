import { useCallback, useEffect, useRef, useState } from 'react'
import { Input, Picker, Text, View } from '@tarojs/components'
import Taro, { useDidShow, useLoad, useRouter } from '@tarojs/taro'
import type { AddMemberRequest, MembershipStatsResponse, RosterMemberView, RosterPage, SubOrgRefView } from '@shared/api/roster'
import { toApiError, type ApiError } from '../../../services/api-client'
import { addMember, exportRoster, listRoster, membershipStats, removeMember, rosterUnions, saveRosterFile } from '../../../services/roster'
import { refreshSession, useSession } from '../../../services/session'
import { Button, Skeleton } from '../../../components/nutui'
import ErrorState from '../../../components/error-state'
import ChoiceChips from '../../components/choice-chips'
import './index.scss'

type Filter = 'active' | 'left'
type Load = { status: 'loading' } | { status: 'failed'; error: ApiError } | { status: 'ready'; page: RosterPage }

const percent = (rate: number | null): string => (rate === null ? '—' : `${Math.round(rate * 1000) / 10}%`)

/**
 * 会员名册: a union's members, searched by name or 工号, with masked numbers and whether they joined online;
 * the chair adds one, removes one (退会, the entry stays), imports a file or exports the roster.
 */
export default function RosterPageView() {
  const { params } = useRouter()
  const session = useSession()
  const orgId = params.orgId ?? (session.status === 'signedIn' ? rosterUnions(session.me)[0]?.org.orgId : undefined)

  useLoad(() => {
    if (session.status !== 'signedIn') void refreshSession()
  })

  if (!orgId) {
    return (
      <View className='roster'>
        <View className='card'>
          {session.status === 'checking' ? (
            <Skeleton rows={4} animated />
          ) : (
            <>
              <Text className='card__title'>仅工会主席可用</Text>
              <Text className='card__hint'>会员名册由本单位工会主席、副主席和上级审核人查看。</Text>
            </>
          )}
        </View>
      </View>
    )
  }
  return <Roster orgId={orgId} />
}

function Roster({ orgId }: { orgId: string }) {
  const [filter, setFilter] = useState<Filter>('active')
  const [typed, setTyped] = useState('')
  const [q, setQ] = useState('')
  const [load, setLoad] = useState<Load>({ status: 'loading' })
  const [more, setMore] = useState<{ pending: boolean; error: ApiError | null }>({ pending: false, error: null })
  const [adding, setAdding] = useState(false)
  const [exporting, setExporting] = useState(false)
  const [notice, setNotice] = useState<string | null>(null)
  const firstShow = useRef(true)
  // Bumped on every reload, so the membership figures follow the roster.
  const [version, setVersion] = useState(0)

  const reload = useCallback(async () => {
    setVersion((v) => v + 1)
    try {
      setLoad({ status: 'ready', page: await listRoster(orgId, { q, status: filter }) })
    } catch (caught) {
      setLoad({ status: 'failed', error: toApiError(caught) })
    }
  }, [orgId, q, filter])

  useEffect(() => {
    setLoad({ status: 'loading' })
    void reload()
  }, [reload])

  // Back from 导入名册: the roster may have grown.
  useDidShow(() => {
    if (firstShow.current) firstShow.current = false
    else void reload()
  })

  async function loadMore() {
    if (load.status !== 'ready' || !load.page.nextCursor || more.pending) return
    setMore({ pending: true, error: null })
    try {
      const next = await listRoster(orgId, { q, status: filter, cursor: load.page.nextCursor })
      setLoad({ status: 'ready', page: { ...next, members: [...load.page.members, ...next.members] } })
      setMore({ pending: false, error: null })
    } catch (caught) {
      setMore({ pending: false, error: toApiError(caught) })
    }
  }

  async function onRemove(member: RosterMemberView) {
    const { confirm } = await Taro.showModal({
      title: '移出会员名册',
      content: `确认${member.name}已退会？退会记录会保留，用于计算历年入会率；退会后不能参加投票。`,
      confirmText: '确认退会',
      confirmColor: '#c8161d',
    })
    if (!confirm) return
    try {
      await removeMember(orgId, member.memberId)
      setNotice(`${member.name}已移出名册`)
      await reload()
    } catch (caught) {
      setNotice(toApiError(caught).message)
    }
  }

  async function onExport() {
    setExporting(true)
    setNotice(null)
    try {
      await saveRosterFile(await exportRoster(orgId))
      setNotice('名册已导出（手机号、身份证号为部分显示），导出记录已存档')
    } catch (caught) {
      setNotice(toApiError(caught).message)
    } finally {
      setExporting(false)
    }
  }

  const page = load.status === 'ready' ? load.page : null
  return (
    <View className='roster'>
      <View className='card roster-head'>
        <Text className='roster-union'>{page?.union.name ?? '会员名册'}</Text>
        <View className='roster-actions'>
          <Button className='roster-add-toggle' type='primary' size='small' onClick={() => setAdding((a) => !a)}>
            {adding ? '收起' : '添加会员'}
          </Button>
          <Button className='roster-import-link' type='primary' fill='outline' size='small' onClick={() => void Taro.navigateTo({ url: `/chair/pages/roster-import/index?orgId=${encodeURIComponent(orgId)}` })}>
            导入名册
          </Button>
          <Button className='roster-export' type='default' fill='outline' size='small' loading={exporting} disabled={exporting} onClick={() => void onExport()}>
            导出
          </Button>
        </View>
        {notice ? <Text className='roster-notice'>{notice}</Text> : null}
      </View>

      {adding && page ? (
        <AddMemberForm
          orgId={orgId}
          subOrgs={page.subOrgs}
          onAdded={(member) => {
            setAdding(false)
            setNotice(`已添加${member.name}`)
            void reload()
          }}
        />
      ) : null}

      <MembershipCard orgId={orgId} version={version} />

      <View className='card roster-list-card'>
        <View className='roster-search'>
          <Input
            className='roster-search__input'
            value={typed}
            placeholder='输入姓名开头或工号搜索'
            confirmType='search'
            onInput={(e) => setTyped(e.detail.value)}
            onConfirm={() => setQ(typed.trim())}
          />
          <Button className='roster-search__button' size='small' type='primary' fill='outline' onClick={() => setQ(typed.trim())}>
            搜索
          </Button>
        </View>
        <ChoiceChips
          options={[
            { value: 'active' as const, label: '在册会员' },
            { value: 'left' as const, label: '已退会' },
          ]}
          value={filter}
          itemClassName='roster-filter'
          onChange={setFilter}
        />

        {load.status === 'loading' ? (
          <View className='roster-loading'>
            <Skeleton rows={6} animated />
          </View>
        ) : load.status === 'failed' ? (
          <ErrorState message={load.error.message} onRetry={() => void reload()} />
        ) : load.page.members.length === 0 ? (
          <Text className='card__hint roster-empty'>{q ? `没有姓名以“${q}”开头或工号为“${q}”的会员。` : filter === 'left' ? '没有已退会的会员。' : '名册中还没有会员。可以逐个添加，或用模板批量导入。'}</Text>
        ) : (
          <View className='roster-members'>
            {load.page.members.map((member) => (
              <MemberRow key={member.memberId} member={member} onRemove={() => void onRemove(member)} />
            ))}
          </View>
        )}

        {page?.nextCursor ? (
          <Button className='roster-more' type='default' fill='none' block loading={more.pending} onClick={() => void loadMore()}>
            加载更多
          </Button>
        ) : null}
        {more.error ? <Text className='error-message'>{more.error.message}</Text> : null}
      </View>
    </View>
  )
}

function MemberRow({ member, onRemove }: { member: RosterMemberView; onRemove: () => void }) {
  const details = [member.employeeNo ? `工号 ${member.employeeNo}` : null, member.subOrgName ?? null].filter(Boolean).join(' · ')
  return (
    <View className='roster-member' data-member-id={member.memberId}>
      <View className='roster-member__main'>
        <View className='roster-member__line'>
          <Text className='roster-member__name'>{member.name}</Text>
          {member.status === 'left' ? (
            <Text className='roster-badge roster-badge--left'>{member.leftOn ? `${member.leftOn} 退会` : '已退会'}</Text>
          ) : member.boundAt ? (
            <Text className='roster-badge roster-badge--bound'>已网上入会</Text>
          ) : (
            <Text className='roster-badge roster-badge--unbound'>未绑定微信</Text>
          )}
          {member.isMigrantWorker ? <Text className='roster-badge roster-badge--flag'>农民工</Text> : null}
          {member.isDispatchedWorker ? <Text className='roster-badge roster-badge--flag'>劳务派遣</Text> : null}
        </View>
        {details ? <Text className='roster-member__detail'>{details}</Text> : null}
        <Text className='roster-member__detail roster-member__numbers'>
          {member.phoneMasked ? `手机 ${member.phoneMasked}` : '未登记手机号'}
          {member.idNumberMasked ? ` · 身份证 ${member.idNumberMasked}` : ''}
        </Text>
        <Text className='roster-member__detail'>{member.joinedOn ? `${member.joinedOn} 入会` : '入会日期未登记'}</Text>
      </View>
      {member.status === 'active' ? (
        <Text className='roster-member__remove' onClick={onRemove}>
          退会
        </Text>
      ) : null}
    </View>
  )
}

/** 入会率 and 网上工会会员入驻率 of the last three years, as the eligibility check reads them. */
function MembershipCard({ orgId, version }: { orgId: string; version: number }) {
  const [stats, setStats] = useState<MembershipStatsResponse | null>(null)

  useEffect(() => {
    let live = true
    membershipStats(orgId)
      .then((s) => live && setStats(s))
      // The figures are a convenience here: without them the roster still works.
      .catch(() => live && setStats(null))
    return () => {
      live = false
    }
  }, [orgId, version])

  if (!stats) return null
  return (
    <View className='card roster-stats'>
      <Text className='card__title'>入会率（按各年 12 月 31 日在册会员）</Text>
      {stats.years.map((y) => (
        <View key={y.year} className='roster-stats__year' data-year={y.year}>
          <Text className='roster-stats__label'>{y.year} 年</Text>
          <Text className='roster-stats__value'>
            入会率 {percent(y.membershipRate)}（{y.members}/{y.employees ?? '—'}）· 网上入驻率 {percent(y.onlineUnionEnrolmentRate)}
          </Text>
          {y.notes.map((note) => (
            <Text key={note} className='roster-stats__note'>
              {note}
            </Text>
          ))}
        </View>
      ))}
    </View>
  )
}

interface Draft {
  name: string
  employeeNo: string
  phone: string
  idNumber: string
  gender?: 'female' | 'male'
  subOrgId?: string
  isMigrantWorker: boolean
  isDispatchedWorker: boolean
  joinedOn: string
}

/** Fields whose errors show under their input; any other error shows as one message. */
const shownFields = ['name', 'employeeNo', 'phone', 'idNumber', 'subOrgId', 'joinedOn']
/** Today in Beijing, YYYY-MM-DD (the date picker's last day). */
const beijingToday = (): string => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10)

const emptyDraft = (): Draft => ({ name: '', employeeNo: '', phone: '', idNumber: '', isMigrantWorker: false, isDispatchedWorker: false, joinedOn: '' })

function AddMemberForm({ orgId, subOrgs, onAdded }: { orgId: string; subOrgs: SubOrgRefView[]; onAdded: (member: RosterMemberView) => void }) {
  const [draft, setDraft] = useState<Draft>(emptyDraft)
  const [pending, setPending] = useState(false)
  const [error, setError] = useState<ApiError | null>(null)
  const set = (patch: Partial<Draft>) => setDraft((d) => ({ ...d, ...patch }))
  const fieldError = (path: string) => error?.details.find((d) => d.path === path)?.message
  const subOrgNames = ['不属于分工会或小组', ...subOrgs.map((s) => s.name)]
  const subOrgIndex = draft.subOrgId ? subOrgs.findIndex((s) => s.orgId === draft.subOrgId) + 1 : 0

  async function onSubmit() {
    setPending(true)
    setError(null)
    const body: AddMemberRequest = {
      name: draft.name,
      ...(draft.employeeNo.trim() ? { employeeNo: draft.employeeNo } : {}),
      ...(draft.phone.trim() ? { phone: draft.phone } : {}),
      ...(draft.idNumber.trim() ? { idNumber: draft.idNumber } : {}),
      ...(draft.gender ? { gender: draft.gender } : {}),
      ...(draft.subOrgId ? { subOrgId: draft.subOrgId } : {}),
      isMigrantWorker: draft.isMigrantWorker,
      isDispatchedWorker: draft.isDispatchedWorker,
      ...(draft.joinedOn ? { joinedOn: draft.joinedOn } : {}),
    }
    try {
      const member = await addMember(orgId, body)
      setDraft(emptyDraft())
      onAdded(member)
    } catch (caught) {
      setError(toApiError(caught))
    } finally {
      setPending(false)
    }
  }

  const field = (label: string, path: keyof Draft & string, placeholder: string, type: 'text' | 'number' | 'idcard' = 'text') => (
    <View className='roster-field' data-field={path}>
      <Text className='roster-field__label'>{label}</Text>
      <Input className='roster-field__input' type={type} value={String(draft[path] ?? '')} placeholder={placeholder} onInput={(e) => set({ [path]: e.detail.value })} />
      {fieldError(path) ? <Text className='roster-field__error'>{fieldError(path)}</Text> : null}
    </View>
  )

  return (
    <View className='card roster-add'>
      <Text className='card__title'>添加会员</Text>
      {field('姓名', 'name', '必填')}
      {field('工号', 'employeeNo', '与身份证号至少填一项')}
      {field('手机号', 'phone', '11 位手机号码，网上入会时核验后四位', 'number')}
      {field('身份证号', 'idNumber', '18 位居民身份证号', 'idcard')}
      <View className='roster-field'>
        <Text className='roster-field__label'>性别</Text>
        <ChoiceChips
          options={[
            { value: 'male' as const, label: '男' },
            { value: 'female' as const, label: '女' },
          ]}
          value={draft.gender}
          onChange={(gender) => set({ gender })}
          onClear={() => set({ gender: undefined })}
        />
      </View>
      {subOrgs.length > 0 ? (
        <View className='roster-field'>
          <Text className='roster-field__label'>所属分工会/小组</Text>
          <Picker mode='selector' range={subOrgNames} value={subOrgIndex} onChange={(e) => set({ subOrgId: subOrgs[Number(e.detail.value) - 1]?.orgId })}>
            <Text className='roster-field__picker'>{subOrgNames[subOrgIndex]} ›</Text>
          </Picker>
          {fieldError('subOrgId') ? <Text className='roster-field__error'>{fieldError('subOrgId')}</Text> : null}
        </View>
      ) : null}
      <View className='roster-field'>
        <Text className='roster-field__label'>入会日期</Text>
        <Picker mode='date' value={draft.joinedOn} end={beijingToday()} onChange={(e) => set({ joinedOn: e.detail.value })}>
          <Text className='roster-field__picker'>{draft.joinedOn || '今天'} ›</Text>
        </Picker>
        {fieldError('joinedOn') ? <Text className='roster-field__error'>{fieldError('joinedOn')}</Text> : null}
      </View>
      <View className='roster-field'>
        <Text className='roster-field__label'>农民工 / 劳务派遣（计入入会率）</Text>
        <View className='roster-flags'>
          <ChoiceChips options={[{ value: true, label: '农民工' }]} value={draft.isMigrantWorker ? true : undefined} onChange={() => set({ isMigrantWorker: true })} onClear={() => set({ isMigrantWorker: false })} />
          <ChoiceChips options={[{ value: true, label: '劳务派遣' }]} value={draft.isDispatchedWorker ? true : undefined} onChange={() => set({ isDispatchedWorker: true })} onClear={() => set({ isDispatchedWorker: false })} />
        </View>
      </View>
      {error && error.details.every((d) => !shownFields.includes(d.path)) ? <Text className='error-message roster-add-error'>{error.message}</Text> : null}
      <Button className='roster-add-submit' type='primary' block loading={pending} disabled={pending} onClick={() => void onSubmit()}>
        添加到名册
      </Button>
      <Text className='roster-privacy'>手机号和身份证号加密保存，名册中只显示部分号码。</Text>
    </View>
  )
}
