import { useCallback, useEffect, useRef, useState } from 'react'
import { Input, Text, View } from '@tarojs/components'
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro'
import { getRuleset } from '@config/rulesets'
import { applicationStatusLabels } from '@shared/api/campaign'
import type { Org } from '@shared/domain/org'
import type { RosterMemberView, SubOrgRefView } from '@shared/api/roster'
import { factYearsLine } from '@shared/rules/fact-years'
import { nomineeKindLabels, type NomineeKind } from '@shared/rules/facts'
import { titleLabels, type TitleCode } from '@shared/rules/titles'
import { toApiError, type ApiError } from '../../../services/api-client'
import {
  campaigns as listCampaigns,
  createApplication,
  filedApplications,
  newRequestId,
  type ApplicationSummary,
  type CampaignView,
  type CreateApplicationRequest,
} from '../../../services/campaign'
import { listRoster, rosterUnions } from '../../../services/roster'
import { refreshSession, useSession } from '../../../services/session'
import { Button, Skeleton } from '../../../components/nutui'
import ErrorState from '../../../components/error-state'
import ChoiceChips from '../../components/choice-chips'
import './index.scss'

type Load = { status: 'loading' } | { status: 'failed'; error: ApiError } | { status: 'ready'; filed: ApplicationSummary[]; campaigns: CampaignView[] }

const editPage = '/chair/pages/application-edit/index'

/** Today in Beijing, "2026-11-23": a campaign is open for filing up to and including its deadline. */
const beijingToday = (): string => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10)
const isOpen = (c: CampaignView): boolean => c.status === 'published' && c.submissionDeadline >= beijingToday()

/**
 * 申报评选: the applications the chair's union has filed, wherever they wait now, and 新建申报 — choose an open
 * campaign and a title, then the nominee the title asks for (the union itself, a sub-union, or a person on the
 * roster). The draft opens in 填写申报.
 */
export default function ApplicationsPage() {
  const session = useSession()
  const union = session.status === 'signedIn' ? rosterUnions(session.me)[0] : undefined

  useDidShow(() => {
    if (session.status !== 'signedIn') void refreshSession()
  })

  if (!union) {
    return (
      <View className='applications'>
        <View className='card'>
          {session.status === 'checking' ? (
            <Skeleton rows={4} animated />
          ) : (
            <>
              <Text className='card__title'>仅工会主席可用</Text>
              <Text className='card__hint'>评选申报由基层工会主席或副主席填报。</Text>
            </>
          )}
        </View>
      </View>
    )
  }
  return <Applications union={union.org} />
}

function Applications({ union }: { union: Org }) {
  const [load, setLoad] = useState<Load>({ status: 'loading' })
  const [creating, setCreating] = useState(false)
  const loaded = useRef(false)

  const reload = useCallback(
    async (quiet = false) => {
      if (!quiet) setLoad({ status: 'loading' })
      try {
        const [filed, campaigns] = await Promise.all([filedApplications(union.orgId), listCampaigns()])
        setLoad({ status: 'ready', filed, campaigns })
        loaded.current = true
      } catch (caught) {
        setLoad({ status: 'failed', error: toApiError(caught) })
      }
    },
    [union.orgId],
  )

  useDidShow(() => {
    void reload(loaded.current)
  })

  usePullDownRefresh(() => {
    void reload(true).finally(() => void Taro.stopPullDownRefresh())
  })

  if (load.status === 'loading') {
    return (
      <View className='applications'>
        <View className='card'>
          <Skeleton rows={5} animated />
        </View>
      </View>
    )
  }
  if (load.status === 'failed') {
    return (
      <View className='applications'>
        <View className='card'>
          <ErrorState message={load.error.message} onRetry={() => void reload()} />
        </View>
      </View>
    )
  }

  const open = load.campaigns.filter(isOpen)
  const headingOf = (campaignId: string) => load.campaigns.find((c) => c.campaignId === campaignId)?.heading ?? ''
  const filed = [...load.filed].sort((a, b) => a.campaignId.localeCompare(b.campaignId) || a.applicationId.localeCompare(b.applicationId))

  return (
    <View className='applications'>
      <View className='card applications-union'>
        <Text className='card__label'>申报单位</Text>
        <Text className='applications-union__name'>{union.name}</Text>
        <Text className='card__hint'>可申报的评选活动 {open.length} 个，本单位已申报 {filed.length} 项。</Text>
        {creating ? null : (
          <Button className='applications-new' type='primary' size='large' block disabled={open.length === 0} onClick={() => setCreating(true)}>
            新建申报
          </Button>
        )}
        {open.length === 0 ? <Text className='applications-none'>目前没有开放申报的评选活动。</Text> : null}
      </View>

      {creating ? <NewApplication union={union} campaigns={open} onCancel={() => setCreating(false)} /> : null}

      <Text className='applications-section'>本单位的申报</Text>
      {filed.length === 0 ? (
        <View className='card applications-empty'>
          <Text className='card__hint'>还没有申报。点「新建申报」选择评选活动和称号。</Text>
        </View>
      ) : (
        filed.map((a) => (
          <View
            key={a.applicationId}
            className={`card applications-item applications-item--${a.status}`}
            data-application-id={a.applicationId}
            data-status={a.status}
            onClick={() => void Taro.navigateTo({ url: `${editPage}?applicationId=${encodeURIComponent(a.applicationId)}` })}
          >
            <View className='applications-item__head'>
              <Text className='applications-item__title'>{a.titleLabel}</Text>
              <Text className={`applications-item__status application-status--${a.status}`}>{applicationStatusLabels[a.status]}</Text>
            </View>
            <Text className='applications-item__nominee'>
              {a.nominee.name}（{nomineeKindLabels[a.nominee.kind]}）
            </Text>
            <Text className='applications-item__campaign'>{headingOf(a.campaignId)}</Text>
            <Text className='applications-item__more'>{a.status === 'draft' || a.status === 'returned' ? '继续填写 ›' : '查看 ›'}</Text>
          </View>
        ))
      )}
    </View>
  )
}

interface Choice {
  campaignId?: string
  title?: TitleCode
  subOrg?: SubOrgRefView
  person?: RosterMemberView
}

/** The title says who is recommended; an unknown ruleset falls back to the chair's choice. */
function nomineeKindOf(campaign: CampaignView | undefined, title: TitleCode | undefined): NomineeKind | undefined {
  if (!campaign || !title) return undefined
  return getRuleset(campaign.rulesetId)?.titles.find((t) => t.title === title)?.nominee
}

function NewApplication({ union, campaigns, onCancel }: { union: Org; campaigns: CampaignView[]; onCancel: () => void }) {
  const [choice, setChoice] = useState<Choice>(() => (campaigns.length === 1 ? { campaignId: campaigns[0]?.campaignId } : {}))
  const [requestId, setRequestId] = useState(newRequestId)
  const [pending, setPending] = useState(false)
  const [error, setError] = useState<ApiError | null>(null)
  const campaign = campaigns.find((c) => c.campaignId === choice.campaignId)
  const titles = campaign?.titles ?? []
  const title = choice.title ?? (titles.length === 1 ? titles[0] : undefined)
  const kind = nomineeKindOf(campaign, title)

  // Another choice is another request: a retry of the same one keeps its key.
  function choose(next: Choice) {
    setChoice(next)
    setRequestId(newRequestId())
    setError(null)
  }

  const nominee: CreateApplicationRequest['nominee'] | undefined =
    kind === 'org' ? { kind: 'org', orgId: union.orgId } : kind === 'subOrg' ? (choice.subOrg ? { kind: 'subOrg', orgId: choice.subOrg.orgId } : undefined) : kind === 'person' && choice.person ? { kind: 'person', memberId: choice.person.memberId } : undefined

  async function create() {
    if (pending || !campaign || !title || !nominee) return
    setPending(true)
    setError(null)
    try {
      const created = await createApplication(campaign.campaignId, { requestId, title, nominee })
      onCancel()
      void Taro.navigateTo({ url: `${editPage}?applicationId=${encodeURIComponent(created.applicationId)}` })
    } catch (caught) {
      setError(toApiError(caught))
    } finally {
      setPending(false)
    }
  }

  return (
    <View className='card applications-form'>
      <Text className='card__title'>新建申报</Text>

      <Text className='applications-form__label'>评选活动</Text>
      <ChoiceChips
        options={campaigns.map((c) => ({ value: c.campaignId, label: c.heading }))}
        value={choice.campaignId}
        itemClassName='applications-campaign'
        onChange={(campaignId) => choose({ campaignId })}
      />
      {campaign ? (
        <Text className='applications-form__note'>
          {campaign.rulesetName} · {campaign.year} 年度 · 申报截止 {campaign.submissionDeadline} · {factYearsLine(campaign.factYears)}
        </Text>
      ) : null}

      {campaign ? (
        <>
          <Text className='applications-form__label'>申报称号</Text>
          <ChoiceChips
            options={titles.map((t) => ({ value: t, label: titleLabels[t] }))}
            value={title}
            itemClassName='applications-title'
            onChange={(next) => choose({ campaignId: campaign.campaignId, title: next })}
          />
        </>
      ) : null}

      {campaign && title ? (
        <>
          <Text className='applications-form__label'>被推荐对象{kind ? `（${nomineeKindLabels[kind]}）` : ''}</Text>
          {kind === 'org' ? <Text className='applications-nominee applications-nominee--union'>{union.name}</Text> : null}
          {kind === 'subOrg' ? <SubOrgPicker unionId={union.orgId} value={choice.subOrg} onChange={(subOrg) => choose({ ...choice, title, subOrg })} /> : null}
          {kind === 'person' ? <PersonPicker unionId={union.orgId} value={choice.person} onChange={(person) => choose({ ...choice, title, person })} /> : null}
          {kind === undefined ? <Text className='error-message'>无法识别该评选办法的申报对象，请联系组织者。</Text> : null}
        </>
      ) : null}

      {error ? (
        <View className='applications-form__error'>
          <Text className='error-message'>{error.message}</Text>
          {error.details.map((d) => (
            <Text key={d.path} className='applications-form__detail'>
              · {d.message}
            </Text>
          ))}
        </View>
      ) : null}

      <View className='applications-form__actions'>
        <Button type='default' fill='outline' disabled={pending} onClick={onCancel}>
          取消
        </Button>
        <Button className='applications-create' type='primary' loading={pending} disabled={pending || !nominee} onClick={() => void create()}>
          创建申报
        </Button>
      </View>
    </View>
  )
}

function SubOrgPicker({ unionId, value, onChange }: { unionId: string; value: SubOrgRefView | undefined; onChange: (subOrg: SubOrgRefView) => void }) {
  const [subOrgs, setSubOrgs] = useState<SubOrgRefView[] | null>(null)
  const [error, setError] = useState<string | null>(null)

  useEffect(() => {
    let current = true
    listRoster(unionId)
      .then((page) => current && setSubOrgs(page.subOrgs))
      .catch((caught: unknown) => current && setError(toApiError(caught).message))
    return () => {
      current = false
    }
  }, [unionId])

  if (error) return <Text className='error-message'>{error}</Text>
  if (!subOrgs) return <Skeleton rows={2} animated />
  if (subOrgs.length === 0) return <Text className='card__hint'>本单位还没有下属分工会或工会小组（在会员名册中维护）。</Text>
  return (
    <ChoiceChips
      options={subOrgs.map((o) => ({ value: o.orgId, label: o.name }))}
      value={value?.orgId}
      itemClassName='applications-sub-org'
      onChange={(orgId) => {
        const picked = subOrgs.find((o) => o.orgId === orgId)
        if (picked) onChange(picked)
      }}
    />
  )
}

/** A person on the union's roster, found by the start of the name or a whole 工号. */
function PersonPicker({ unionId, value, onChange }: { unionId: string; value: RosterMemberView | undefined; onChange: (person: RosterMemberView) => void }) {
  const [q, setQ] = useState('')
  const [found, setFound] = useState<RosterMemberView[] | null>(null)
  const [searching, setSearching] = useState(false)
  const [error, setError] = useState<string | null>(null)

  async function search() {
    const query = q.trim()
    if (!query || searching) return
    setSearching(true)
    setError(null)
    try {
      setFound((await listRoster(unionId, { q: query })).members)
    } catch (caught) {
      setError(toApiError(caught).message)
    } finally {
      setSearching(false)
    }
  }

  return (
    <View className='applications-person-picker'>
      {value ? (
        <View className='applications-nominee applications-nominee--person' data-member-id={value.memberId}>
          <Text>
            已选：{value.name}
            {value.employeeNo ? `（工号 ${value.employeeNo}）` : ''}
          </Text>
        </View>
      ) : null}
      <View className='applications-person-search'>
        <Input
          className='applications-person-search__input'
          value={q}
          placeholder='输入姓名开头或完整工号'
          confirmType='search'
          onInput={(e) => setQ(e.detail.value)}
          onConfirm={() => void search()}
        />
        <Button className='applications-person-search__go' type='primary' fill='outline' size='small' loading={searching} onClick={() => void search()}>
          搜索
        </Button>
      </View>
      {error ? <Text className='error-message'>{error}</Text> : null}
      {found && found.length === 0 ? <Text className='card__hint'>名册中没有找到，请换个写法。</Text> : null}
      {(found ?? []).map((m) => (
        <View
          key={m.memberId}
          className={`applications-person${value?.memberId === m.memberId ? ' applications-person--chosen' : ''}`}
          data-member-id={m.memberId}
          onClick={() => onChange(m)}
        >
          <Text className='applications-person__name'>{m.name}</Text>
          <Text className='applications-person__meta'>
            {[m.employeeNo ? `工号 ${m.employeeNo}` : '', m.subOrgName ?? ''].filter(Boolean).join(' · ')}
          </Text>
        </View>
      ))}
    </View>
  )
}
