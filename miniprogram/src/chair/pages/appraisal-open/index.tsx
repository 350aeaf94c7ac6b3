import { useEffect, useState } from 'react'
import { Input, Picker, Text, View } from '@tarojs/components'
import Taro, { useLoad, useRouter } from '@tarojs/taro'
import { minGroupSizeFloor } from '@config/appraisal'
import { rulesetIds, rulesets, type RulesetId } from '@config/rulesets'
import { defaultDimensions, type OpenAppraisalRequest } from '@shared/api/appraisal'
import type { Membership } from '@shared/api/auth'
import { appraisalKindLabels, appraisalKinds, electorateLabels, electorates, type AppraisalKind, type Electorate } from '@shared/appraisal/ballot-kinds'
import type { Org } from '@shared/domain/org'
import { toApiError, type ApiError } from '../../../services/api-client'
import { beijingDateAndTime, openAppraisal } from '../../../services/appraisal'
import { orgDetail } from '../../../services/orgs'
import { rosterUnions } from '../../../services/roster'
import { refreshSession, useSession } from '../../../services/session'
import { Button, Skeleton } from '../../../components/nutui'
import ChoiceChips from '../../components/choice-chips'
import './index.scss'

const defaultRuleset: RulesetId = 'jiaozuo-2018'
const managePage = 'chair/pages/appraisal-manage/index'
const dayMs = 86400_000
const maxDimensions = 10
const kindHints: Record<AppraisalKind, string> = {
  memberAppraisal: '会员对本工会工作打分：整体评价和各评议维度，满意 / 基本满意 / 不满意。',
  chairEvaluation: '会员对本工会主席、副主席逐一测评：满意 / 基本满意 / 不满意。测评对象为本工会全部主席、副主席。',
  congressBallot: '会员（代表）大会就是否申报进行无记名投票：同意 / 不同意 / 弃权。',
}

/** Fields whose server errors show under their input; any other refusal shows as one message. */
const shownFields = ['kind', 'title', 'year', 'rulesetId', 'electorate', 'dimensions', 'opensAt', 'closesAt', 'minGroupSize']

/** An idempotency key for one filled-in form (no crypto.randomUUID in WeChat; it need not be secret, only unique). */
function newRequestId(): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(Math.random() * 16).toString(16))
  hex[12] = '4'
  hex[16] = ((parseInt(hex[16] ?? '0', 16) & 0x3) | 0x8).toString(16)
  const s = hex.join('')
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`
}

interface Draft {
  kind: AppraisalKind
  title: string
  rulesetId: RulesetId
  electorate: Electorate
  orgId: string
  dimensions: string[]
  opensNow: boolean
  opensDate: string
  opensTime: string
  closesDate: string
  closesTime: string
  minGroupSize: string
}

function draftOf(unionId: string): Draft {
  const now = Date.now()
  const opens = beijingDateAndTime(now)
  const closes = beijingDateAndTime(now + 7 * dayMs)
  return {
    kind: 'memberAppraisal',
    title: '',
    rulesetId: defaultRuleset,
    electorate: 'members',
    orgId: unionId,
    dimensions: [...defaultDimensions],
    opensNow: true,
    opensDate: opens.date,
    opensTime: opens.time,
    closesDate: closes.date,
    closesTime: closes.time,
    minGroupSize: '10',
  }
}

const instant = (date: string, time: string): string => `${date}T${time}:00+08:00`

/**
 * 发起评议: the chair opens a secret ballot — 会员评家, 主席测评 or 大会表决 — for the union or one of its
 * sub-unions, under a regulation, with its voting window. The roster is snapshotted when it opens.
 */
export default function AppraisalOpenPage() {
  const { params } = useRouter()
  const session = useSession()
  const union = session.status === 'signedIn' ? rosterUnions(session.me)[0] : undefined

  useLoad(() => {
    if (session.status !== 'signedIn') void refreshSession()
  })

  if (!union) {
    return (
      <View className='appraisal-open'>
        <View className='card'>
          {session.status === 'checking' ? (
            <Skeleton rows={4} animated />
          ) : (
            <>
              <Text className='card__title'>仅工会主席可用</Text>
              <Text className='card__hint'>会员评家、主席测评和大会表决由基层工会主席或副主席发起。</Text>
            </>
          )}
        </View>
      </View>
    )
  }
  return <OpenForm union={union} initialOrgId={params.orgId} />
}

function OpenForm({ union, initialOrgId }: { union: Membership; initialOrgId: string | undefined }) {
  const unionId = union.org.orgId
  const [draft, setDraft] = useState<Draft>(() => ({ ...draftOf(unionId), orgId: initialOrgId ?? unionId }))
  const [requestId] = useState(newRequestId)
  const [subOrgs, setSubOrgs] = useState<Org[]>([])
  const [subOrgsError, setSubOrgsError] = useState<string | null>(null)
  const [pending, setPending] = useState(false)
  const [error, setError] = useState<ApiError | null>(null)
  const set = (patch: Partial<Draft>) => setDraft((d) => ({ ...d, ...patch }))
  const fieldError = (path: string) => error?.details.find((d) => d.path === path || d.path.startsWith(`${path}.`))?.message
  const ruleset = rulesets[draft.rulesetId]

  useEffect(() => {
    let current = true
    orgDetail(unionId)
      .then((detail) => current && setSubOrgs(detail.children.filter((child) => child.level === 'subUnion' || child.level === 'group')))
      .catch((caught: unknown) => current && setSubOrgsError(toApiError(caught).message))
    return () => {
      current = false
    }
  }, [unionId])

  const targets = [union.org, ...subOrgs.filter((o) => o.orgId !== unionId)]
  const targetIndex = Math.max(0, targets.findIndex((o) => o.orgId === draft.orgId))
  const today = beijingDateAndTime(Date.now()).date
  const lastDay = beijingDateAndTime(Date.now() + 31 * dayMs).date
  // The record's year is the year the voting opens in (the server derives it the same way); it is not chosen.
  const year = Number((draft.opensNow ? today : draft.opensDate).slice(0, 4))
  // 会员评家 and 主席测评 are voted by all the members; the representatives vote only the congress ballot.
  const electorateChoices = draft.kind === 'congressBallot' ? electorates : electorates.filter((e) => e === 'members')

  async function onSubmit() {
    if (pending) return
    setPending(true)
    setError(null)
    const size = draft.minGroupSize.trim()
    const body: OpenAppraisalRequest = {
      requestId,
      kind: draft.kind,
      rulesetId: draft.rulesetId,
      ...(draft.title.trim() ? { title: draft.title.trim() } : {}),
      electorate: draft.electorate,
      ...(draft.kind === 'memberAppraisal' ? { dimensions: draft.dimensions.map((d) => d.trim()) } : {}),
      // 立即开始: no opensAt, so the server opens it on its own clock (a phone's clock may be wrong).
      ...(draft.opensNow ? {} : { opensAt: instant(draft.opensDate, draft.opensTime) }),
      closesAt: instant(draft.closesDate, draft.closesTime),
      // An unreadable number goes as typed, so the server names the field.
      ...(size === '' ? {} : { minGroupSize: /^\d+$/.test(size) ? Number(size) : (size as unknown as number) }),
    }
    try {
      const appraisal = await openAppraisal(targets[targetIndex]?.orgId ?? unionId, body)
      // A large roster is written after the answer: 评议管理 shows 正在准备选民名单 with its progress until it opens.
      void Taro.showToast(appraisal.status === 'preparing' ? { title: '已发起，正在准备选民名单', icon: 'none' } : { title: '已发起', icon: 'success' })
      // Opened from 评议管理: go back to it (it re-reads its list when shown) instead of stacking a second one.
      const pages = Taro.getCurrentPages()
      const previous = pages[pages.length - 2]?.route?.replace(/^\//, '')
      if (previous === managePage && appraisal.orgId === initialOrgId) await Taro.navigateBack()
      else await Taro.redirectTo({ url: `/${managePage}?orgId=${encodeURIComponent(appraisal.orgId)}&appraisalId=${encodeURIComponent(appraisal.appraisalId)}` })
    } catch (caught) {
      setError(toApiError(caught))
    } finally {
      setPending(false)
    }
  }

  const unshownDetails = error?.details.filter((d) => !shownFields.some((f) => d.path === f || d.path.startsWith(`${f}.`))) ?? []

  return (
    <View className='appraisal-open'>
      <View className='card'>
        <Text className='card__title'>评议类型</Text>
        <ChoiceChips
          options={appraisalKinds.map((kind) => ({ value: kind, label: appraisalKindLabels[kind] }))}
          value={draft.kind}
          itemClassName='appraisal-open-kind'
          onChange={(kind) => set(kind === 'congressBallot' ? { kind } : { kind, electorate: 'members' })}
        />
        <Text className='appraisal-open-note'>{kindHints[draft.kind]}</Text>
        <FieldError message={fieldError('kind')} />
      </View>

      <View className='card'>
        <View className='appraisal-open-field' data-field='title'>
          <Text className='appraisal-open-field__label'>标题（选填）</Text>
          <Input
            className='appraisal-open-input appraisal-open-title'
            value={draft.title}
            placeholder={`${year} 年度${appraisalKindLabels[draft.kind]}`}
            maxlength={60}
            onInput={(e) => set({ title: e.detail.value })}
          />
          <FieldError message={fieldError('title')} />
        </View>

        <View className='appraisal-open-field' data-field='year'>
          <Text className='appraisal-open-field__label'>评议年度</Text>
          <View className='appraisal-open-year'>
            <Text className='appraisal-open-year__value'>{year} 年</Text>
          </View>
          <Text className='appraisal-open-note'>以投票开始时间所在年度为准；每个组织每年每类评议只有一次正式评议，如需重新评议须由上级工会撤销前一次。</Text>
          <FieldError message={fieldError('year')} />
        </View>

        <View className='appraisal-open-field' data-field='rulesetId'>
          <Text className='appraisal-open-field__label'>适用的评选办法</Text>
          <ChoiceChips
            options={rulesetIds.map((id) => ({ value: id, label: rulesets[id].name }))}
            value={draft.rulesetId}
            itemClassName='appraisal-open-ruleset'
            onChange={(rulesetId) => set({ rulesetId })}
          />
          <Text className='appraisal-open-note'>
            《{ruleset.document}》：结果封存后按其中的满意率、同意票率等条件判定。
          </Text>
          <FieldError message={fieldError('rulesetId')} />
        </View>
      </View>

      <View className='card'>
        <View className='appraisal-open-field' data-field='orgId'>
          <Text className='appraisal-open-field__label'>评议单位</Text>
          {targets.length > 1 ? (
            <Picker mode='selector' range={targets.map((o) => o.name)} value={targetIndex} onChange={(e) => set({ orgId: targets[Number(e.detail.value)]?.orgId ?? unionId })}>
              <Text className='appraisal-open-picker appraisal-open-target'>{targets[targetIndex]?.name} ›</Text>
            </Picker>
          ) : (
            <Text className='appraisal-open-picker appraisal-open-target appraisal-open-picker--fixed'>{union.org.name}</Text>
          )}
          {subOrgsError ? <Text className='appraisal-open-note'>分工会、工会小组列表暂时无法读取（{subOrgsError}），可先为本工会发起。</Text> : null}
        </View>

        <View className='appraisal-open-field' data-field='electorate'>
          <Text className='appraisal-open-field__label'>投票人范围</Text>
          <ChoiceChips
            options={electorateChoices.map((e) => ({ value: e, label: electorateLabels[e] }))}
            value={draft.electorate}
            itemClassName='appraisal-open-electorate'
            onChange={(electorate) => set({ electorate })}
          />
          <Text className='appraisal-open-note'>发起时按当时的会员名册确定应投票人名单，之后名册变动不影响本次投票。</Text>
          <FieldError message={fieldError('electorate')} />
        </View>
      </View>

      {draft.kind === 'memberAppraisal' ? (
        <View className='card appraisal-open-dimensions' data-field='dimensions'>
          <Text className='card__title'>评议维度</Text>
          <Text className='card__hint'>除整体评价外，会员还将对以下各项分别评价（每项不超过 12 个字，最多 {maxDimensions} 项）。</Text>
          {draft.dimensions.map((dimension, index) => (
            <View key={index} className='appraisal-open-dimension' data-index={index}>
              <Input
                className='appraisal-open-input appraisal-open-dimension__input'
                value={dimension}
                maxlength={12}
                placeholder='维度名称'
                onInput={(e) => set({ dimensions: draft.dimensions.map((d, i) => (i === index ? e.detail.value : d)) })}
              />
              <View className='appraisal-open-dimension__remove' onClick={() => set({ dimensions: draft.dimensions.filter((_, i) => i !== index) })}>
                <Text>删除</Text>
              </View>
              <FieldError message={error?.details.find((d) => d.path === `dimensions.${index}`)?.message} />
            </View>
          ))}
          <View className='appraisal-open-dimension-actions'>
            {draft.dimensions.length < maxDimensions ? (
              <Button className='appraisal-open-dimension-add' size='small' type='primary' fill='outline' onClick={() => set({ dimensions: [...draft.dimensions, ''] })}>
                添加维度
              </Button>
            ) : null}
            <Button className='appraisal-open-dimension-reset' size='small' type='default' fill='outline' onClick={() => set({ dimensions: [...defaultDimensions] })}>
              恢复默认
            </Button>
          </View>
          <FieldError message={error?.details.find((d) => d.path === 'dimensions')?.message} />
        </View>
      ) : null}

      <View className='card'>
        <View className='appraisal-open-field' data-field='opensAt'>
          <Text className='appraisal-open-field__label'>开始时间（北京时间）</Text>
          <ChoiceChips
            options={[
              { value: 'now' as const, label: '立即开始' },
              { value: 'later' as const, label: '指定时间' },
            ]}
            value={draft.opensNow ? 'now' : 'later'}
            itemClassName='appraisal-open-opens'
            onChange={(choice) => set({ opensNow: choice === 'now' })}
          />
          {draft.opensNow ? null : (
            <View className='appraisal-open-when'>
              <Picker mode='date' value={draft.opensDate} start={today} end={lastDay} onChange={(e) => set({ opensDate: e.detail.value })}>
                <Text className='appraisal-open-picker appraisal-open-opens-date'>{draft.opensDate} ›</Text>
              </Picker>
              <Picker mode='time' value={draft.opensTime} onChange={(e) => set({ opensTime: e.detail.value })}>
                <Text className='appraisal-open-picker appraisal-open-opens-time'>{draft.opensTime} ›</Text>
              </Picker>
            </View>
          )}
          <FieldError message={fieldError('opensAt')} />
        </View>

        <View className='appraisal-open-field' data-field='closesAt'>
          <Text className='appraisal-open-field__label'>截止时间（北京时间）</Text>
          <View className='appraisal-open-when'>
            <Picker mode='date' value={draft.closesDate} start={today} end={lastDay} onChange={(e) => set({ closesDate: e.detail.value })}>
              <Text className='appraisal-open-picker appraisal-open-closes-date'>{draft.closesDate} ›</Text>
            </Picker>
            <Picker mode='time' value={draft.closesTime} onChange={(e) => set({ closesTime: e.detail.value })}>
              <Text className='appraisal-open-picker appraisal-open-closes-time'>{draft.closesTime} ›</Text>
            </Picker>
          </View>
          <Text className='appraisal-open-note'>投票期不超过 31 天。截止后自动封存并公布结果。</Text>
          <FieldError message={fieldError('closesAt')} />
        </View>

        <View className='appraisal-open-field' data-field='minGroupSize'>
          <Text className='appraisal-open-field__label'>最少公布人数</Text>
          <Input
            className='appraisal-open-input appraisal-open-min-group'
            type='number'
            value={draft.minGroupSize}
            maxlength={4}
            onInput={(e) => set({ minGroupSize: e.detail.value })}
          />
          <Text className='appraisal-open-note'>投票人数少于此数时只公布总数，不公布分项和每人的测评结果，以免推断出个人的选择。不少于 {minGroupSizeFloor} 人；应投票人少于 {minGroupSizeFloor} 人的不能发起。</Text>
          <FieldError message={fieldError('minGroupSize')} />
        </View>
      </View>

      {error ? (
        <View className='appraisal-open-error'>
          <Text className='appraisal-open-error__message'>{error.details.length > 0 && unshownDetails.length === 0 ? '请按提示修改标红的项目' : error.message}</Text>
          {unshownDetails.map((d) => (
            <Text key={`${d.path}:${d.message}`} className='appraisal-open-error__detail'>
              {d.message}
            </Text>
          ))}
        </View>
      ) : null}
      <Button className='appraisal-open-submit' type='primary' size='large' block loading={pending} disabled={pending} onClick={() => void onSubmit()}>
        发起{appraisalKindLabels[draft.kind]}
      </Button>
      <Text className='appraisal-open-foot'>无记名投票：系统只记录谁已投票，不记录谁投了什么。</Text>
    </View>
  )
}

function FieldError({ message }: { message: string | undefined }) {
  return message ? <Text className='appraisal-open-field__error'>{message}</Text> : null
}
