import { useCallback, useEffect, useMemo, useState } from 'react'
import { Text, View } from '@tarojs/components'
import Taro, { useDidShow, useRouter } from '@tarojs/taro'
import { profileFieldLabels, type ProfileField, type UnionProfileChange, type UnionProfileResponse, type UnionProfileYear } from '@shared/api/orgs'
import type { MeResponse } from '@shared/api/auth'
import { orgLevelLabels } from '@shared/domain/org'
import { orgKindLabels, ownershipLabels } from '@shared/domain/org-tree'
import { toApiError, type ApiError } from '../../../services/api-client'
import { fieldErrors, saveUnionProfile, unionProfile } from '../../../services/orgs'
import { refreshSession, useSession } from '../../../services/session'
import { chineseTime } from '../../../utils/time'
import { Button, Skeleton } from '../../../components/nutui'
import ErrorState from '../../../components/error-state'
import { Input, Radio } from '../../components/profile-nutui'
import './index.scss'

type Load = { status: 'loading' } | { status: 'failed'; error: ApiError } | { status: 'ready'; profile: UnionProfileResponse }

const countFields = ['employees', 'migrantWorkers', 'dispatchedWorkers'] as const
const factFields = ['legalPersonRegistered', 'separateDuesAccount', 'congressHeld', 'reElectedOnTime', 'collectiveContract', 'openAffairs'] as const
type CountField = (typeof countFields)[number]
type FactField = (typeof factFields)[number]

const countHints: Record<CountField, string> = {
  employees: '年末职工总数，含农民工和劳务派遣工',
  migrantWorkers: '其中农民工人数（选填）',
  dispatchedWorkers: '其中劳务派遣人数（选填）',
}

interface Draft {
  counts: Record<CountField, string>
  facts: Partial<Record<FactField, boolean>>
}

function draftOf(year: UnionProfileYear | undefined): Draft {
  const values = year?.values
  const count = (field: CountField) => (values?.[field] === undefined ? '' : String(values[field]))
  return {
    counts: { employees: count('employees'), migrantWorkers: count('migrantWorkers'), dispatchedWorkers: count('dispatchedWorkers') },
    facts: Object.fromEntries(factFields.flatMap((f) => (values?.[f] === undefined ? [] : [[f, values[f]]]))),
  }
}

/** The union the member chairs (their grassroots union), when no org is named in the page's address. */
function chairedUnion(me: MeResponse): string | undefined {
  return me.memberships.find((m) => m.org.level === 'grassroots' && m.roles.some((r) => r === 'chair' || r === 'viceChair'))?.org.orgId
}

/**
 * 工会档案: the union's unit, its sub-unions and groups, and per year the figures and facts the regulations ask
 * about (职工人数 for 入会率, 法人资格, 经费账户, 职代会, 换届, 集体合同, 厂务公开). The chair edits a year; each save is
 * kept as a version with who changed what, listed below. Reviewers and organisers above read it.
 */
export default function UnionProfilePage() {
  const session = useSession()
  const { params } = useRouter()
  const orgId = params.orgId ?? (session.status === 'signedIn' ? chairedUnion(session.me) : undefined)
  const [state, setState] = useState<Load>({ status: 'loading' })
  const [year, setYear] = useState(() => new Date().getFullYear())

  useDidShow(() => {
    if (session.status !== 'signedIn') void refreshSession()
  })

  const load = useCallback(async (id: string) => {
    try {
      const profile = await unionProfile(id)
      setState({ status: 'ready', profile })
      return profile
    } catch (error) {
      setState({ status: 'failed', error: toApiError(error) })
      return null
    }
  }, [])

  useEffect(() => {
    if (!orgId) return
    setState({ status: 'loading' })
    void load(orgId).then((profile) => {
      const latest = profile?.years[0]?.values.year
      if (latest !== undefined) setYear(latest)
    })
  }, [orgId, load])

  if (session.status === 'signedOut') return <Notice title='请先登录' hint='登录后，工会主席可在这里维护本工会的档案。' />
  if (session.status === 'signedIn' && !orgId) return <Notice title='您不是基层工会主席' hint='工会档案由基层工会主席维护，上级工会的审核人和组织者可以查看。' />
  if (!orgId || state.status === 'loading') {
    return (
      <View className='union-profile'>
        <View className='card'>
          <Skeleton rows={6} animated />
        </View>
      </View>
    )
  }
  if (state.status === 'failed') {
    return (
      <View className='union-profile'>
        <View className='card'>
          <ErrorState message={state.error.message} onRetry={() => void load(orgId)} />
        </View>
      </View>
    )
  }

  const { profile } = state
  const current = profile.years.find((y) => y.values.year === year)
  return (
    <View className='union-profile'>
      <View className='card union-profile-unit'>
        <Text className='card__label'>{orgLevelLabels[profile.org.level]}</Text>
        <Text className='union-profile-unit__name'>{profile.org.name}</Text>
        <View className='union-profile-unit__tags'>
          <Text className='org-chip'>{orgKindLabels[profile.org.kind]}</Text>
          {profile.org.ownership ? (
            <Text className='org-chip'>{ownershipLabels[profile.org.ownership]}</Text>
          ) : null}
          {profile.org.industry ? (
            <Text className='org-chip'>{profile.org.industry}</Text>
          ) : null}
        </View>
        <Text className='union-profile-note'>单位名称、性质和所有制由上级工会在「组织架构」中维护。</Text>
        <Text className='union-profile-subtitle'>分工会与工会小组（{profile.children.length}）</Text>
        {profile.children.length === 0 ? <Text className='union-profile-note'>暂无。</Text> : null}
        {profile.children.map((child) => (
          <View
            key={child.orgId}
            className='union-profile-child'
            data-org-id={child.orgId}
            onClick={() => void Taro.navigateTo({ url: `/chair/pages/union-profile/index?orgId=${encodeURIComponent(child.orgId)}` })}
          >
            <Text>
              {child.name} · {orgLevelLabels[child.level]}
            </Text>
            <Text className='union-profile-child__more'>档案 ›</Text>
          </View>
        ))}
        {profile.children.length > 0 ? <Text className='union-profile-note'>分工会、工会小组申报模范职工小家时，按其自己档案中的职工总数和名册中所属本分工会（小组）的会员计算入会率。</Text> : null}
      </View>

      <View className='card union-profile-year'>
        <View className='union-profile-year__head'>
          <Text className='card__title'>年度数据</Text>
          <View className='union-profile-year__stepper'>
            <View className='union-profile-year__step union-profile-year__minus' onClick={() => setYear((y) => Math.max(2000, y - 1))}>
              <Text>−</Text>
            </View>
            <Text className='union-profile-year__value'>{year} 年</Text>
            <View className='union-profile-year__step union-profile-year__plus' onClick={() => setYear((y) => Math.min(2100, y + 1))}>
              <Text>+</Text>
            </View>
          </View>
        </View>
        <Text className='union-profile-note'>
          {current ? `第 ${current.version} 版 · ${current.updatedBy.name} ${chineseTime(current.updatedAt)} 更新` : '该年度尚未填写。'}
        </Text>
        {profile.canEdit ? (
          <YearForm key={`${year}-${current?.version ?? 0}`} orgId={profile.org.orgId} year={year} current={current} onSaved={() => void load(profile.org.orgId)} />
        ) : (
          <YearView current={current} />
        )}
      </View>

      <History history={profile.history} />
    </View>
  )
}

function YearForm({ orgId, year, current, onSaved }: { orgId: string; year: number; current: UnionProfileYear | undefined; onSaved: () => void }) {
  const [draft, setDraft] = useState<Draft>(() => draftOf(current))
  const [reason, setReason] = useState('')
  const [errors, setErrors] = useState<Record<string, string>>({})
  const [message, setMessage] = useState<string | null>(null)
  const [pending, setPending] = useState(false)

  async function save() {
    setPending(true)
    setErrors({})
    setMessage(null)
    const number = (text: string) => (text.trim() === '' ? undefined : Number(text.trim()))
    const counts = Object.fromEntries(countFields.flatMap((f) => (number(draft.counts[f]) === undefined ? [] : [[f, number(draft.counts[f])]])))
    try {
      await saveUnionProfile(orgId, year, { ...counts, ...draft.facts, baseVersion: current?.version ?? 0, ...(reason.trim() ? { reason } : {}) } as Parameters<typeof saveUnionProfile>[2])
      void Taro.showToast({ title: '已保存', icon: 'success' })
      onSaved()
    } catch (error) {
      const apiError = toApiError(error)
      setErrors(fieldErrors(apiError.details))
      setMessage(apiError.message)
    } finally {
      setPending(false)
    }
  }

  return (
    <View className='union-profile-form'>
      {countFields.map((field) => (
        <View key={field} className='union-profile-field' data-field={field}>
          <Text className='union-profile-field__label'>{profileFieldLabels[field]}</Text>
          <Text className='union-profile-field__hint'>{countHints[field]}</Text>
          <Input
            className={`union-profile-input union-profile-input--${field}`}
            type='number'
            value={draft.counts[field]}
            placeholder='人数'
            maxLength={9}
            onChange={(value) => setDraft((d) => ({ ...d, counts: { ...d.counts, [field]: value } }))}
          />
          {errors[field] ? <Text className='union-profile-error'>{errors[field]}</Text> : null}
        </View>
      ))}
      {factFields.map((field) => (
        <View key={field} className='union-profile-field' data-field={field}>
          <Text className='union-profile-field__label'>{profileFieldLabels[field]}</Text>
          <Radio.Group
            className='union-profile-choices'
            shape='button'
            direction='horizontal'
            value={draft.facts[field] === undefined ? 'unset' : draft.facts[field] ? 'yes' : 'no'}
            onChange={(value) =>
              setDraft((d) => {
                const { [field]: _old, ...facts } = d.facts
                return { ...d, facts: value === 'unset' ? facts : { ...facts, [field]: value === 'yes' } }
              })
            }
            options={[
              { value: 'yes', label: '是' },
              { value: 'no', label: '否' },
              { value: 'unset', label: '未填' },
            ]}
          />
          {errors[field] ? <Text className='union-profile-error'>{errors[field]}</Text> : null}
        </View>
      ))}
      <View className='union-profile-field'>
        <Text className='union-profile-field__label'>修改说明（选填）</Text>
        <Input className='union-profile-input union-profile-reason' value={reason} placeholder='如：补录年底新入职人员' maxLength={500} onChange={setReason} />
      </View>
      {message ? <Text className='union-profile-error union-profile-message'>{message}</Text> : null}
      <Button className='union-profile-save' type='primary' size='large' block loading={pending} disabled={pending} onClick={() => void save()}>
        保存 {year} 年度数据
      </Button>
    </View>
  )
}

function YearView({ current }: { current: UnionProfileYear | undefined }) {
  if (!current) return <Text className='card__hint'>工会主席尚未填写该年度的数据。</Text>
  return (
    <View className='union-profile-view'>
      {[...countFields, ...factFields].map((field) => (
        <View key={field} className='union-profile-view__row'>
          <Text className='union-profile-view__label'>{profileFieldLabels[field]}</Text>
          <Text className='union-profile-view__value'>{valueText(field, current.values[field])}</Text>
        </View>
      ))}
    </View>
  )
}

function History({ history }: { history: readonly UnionProfileChange[] }) {
  const shown = useMemo(() => history.slice(0, 50), [history])
  return (
    <View className='card union-profile-history'>
      <Text className='card__title'>修改记录</Text>
      {shown.length === 0 ? <Text className='card__hint'>还没有修改记录。</Text> : null}
      {shown.map((change) => (
        <View key={`${change.year}-${change.version}`} className='union-profile-change'>
          <Text className='union-profile-change__head'>
            {change.year} 年度 · 第 {change.version} 版
          </Text>
          <Text className='union-profile-change__who'>
            {change.changedBy.name} · {chineseTime(change.changedAt, { clock: true })}
          </Text>
          {change.changes.map((c) => (
            <Text key={c.field} className='union-profile-change__line'>
              {profileFieldLabels[c.field]}：{valueText(c.field, c.from)} → {valueText(c.field, c.to)}
            </Text>
          ))}
          {change.reason ? <Text className='union-profile-change__reason'>说明：{change.reason}</Text> : null}
        </View>
      ))}
    </View>
  )
}

function valueText(field: ProfileField, value: number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '未填'
  if (typeof value === 'boolean') return value ? '是' : '否'
  return (countFields as readonly string[]).includes(field) ? `${value} 人` : String(value)
}

function Notice({ title, hint }: { title: string; hint: string }) {
  return (
    <View className='union-profile'>
      <View className='card'>
        <Text className='card__title'>{title}</Text>
        <Text className='card__hint'>{hint}</Text>
        <Button type='primary' size='large' block onClick={() => void Taro.reLaunch({ url: '/pages/index/index' })}>
          返回首页
        </Button>
      </View>
    </View>
  )
}
