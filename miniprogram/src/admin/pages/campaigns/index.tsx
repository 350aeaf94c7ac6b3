import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react'
import { Input, Picker, Text, Textarea, View } from '@tarojs/components'
import Taro, { useDidShow } from '@tarojs/taro'
import { rulesetIds, rulesets, type RulesetId } from '@config/rulesets'
import type { Org } from '@shared/domain/org'
import { defaultFactYears, factYearsLine, factYearsText, lastFactYear } from '@shared/rules/fact-years'
import { citationText } from '@shared/rules/citation'
import { titleLabels, type TitleCode } from '@shared/rules/titles'
import { toApiError, type ApiError } from '../../../services/api-client'
import {
  applicationQueue,
  campaigns as listCampaigns,
  createCampaign,
  decideCampaign,
  newRequestId,
  type ApplicationSummary,
  type CampaignView,
  type CreateCampaignRequest,
  type FinalPublicityResponse,
  type Honour,
} from '../../../services/campaign'
import { orgDetail } from '../../../services/orgs'
import { refreshSession, useSession } from '../../../services/session'
import { Button, Skeleton } from '../../../components/nutui'
import AccessError from '../../components/access-error'
import FinalPublicity from '../../components/final-publicity'
import { organiserRoots } from '../../services/org-scope'
import './index.scss'

type Load =
  | { status: 'loading' }
  | { status: 'failed'; error: ApiError }
  | { status: 'ready'; campaigns: CampaignView[]; units: Org[]; recommended: ApplicationSummary[] }

const dayMs = 86_400_000
const beijingDate = (ms: number): string => new Date(ms + 8 * 3600_000).toISOString().slice(0, 10)
/** "解放区总工会" → "解放区": the name as a quota table writes it (editable when a table spells it otherwise). */
const quotaNameOf = (org: Org): string => org.name.replace(/(总工会|工会联合会|工会)$/, '') || org.name
const campaignStatusLabels: Record<CampaignView['status'], string> = { published: '申报中', decided: '已决定' }

/**
 * 评选活动: the organiser publishes a campaign — ruleset, year, heading, titles, the recommending units (the
 * federation's child federations, each named as the quota table names it), the deadline and optionally a quota table
 * pasted as CSV — and, once the units have sent their lists up, decides: the recommended applications become honours
 * with certificate numbers (打印 on the final list). Where the ruleset publicises the proposed list first, the card
 * publishes that window and offers the decision only once it has closed, for the nominees it cleared.
 */
export default function CampaignsPage() {
  const session = useSession()
  const roots = useMemo(() => (session.status === 'signedIn' ? organiserRoots(session.me) : []), [session])
  const [chosenId, setChosenId] = useState<string | undefined>(undefined)
  const org = roots.find((o) => o.orgId === chosenId) ?? roots[0]
  const orgId = org?.orgId
  const [load, setLoad] = useState<Load>({ status: 'loading' })
  const [creating, setCreating] = useState(false)
  const [message, setMessage] = useState<string | null>(null)

  useDidShow(() => {
    if (session.status !== 'signedIn') void refreshSession()
  })

  const reload = useCallback(async (id: string, quiet = false) => {
    if (!quiet) setLoad({ status: 'loading' })
    try {
      const [all, detail, recommended] = await Promise.all([listCampaigns(), orgDetail(id), applicationQueue(id, 'recommended')])
      setLoad({ status: 'ready', campaigns: all.filter((c) => c.orgId === id), units: detail.children.filter((c) => c.level !== 'grassroots'), recommended })
    } catch (caught) {
      setLoad({ status: 'failed', error: toApiError(caught) })
    }
  }, [])

  useEffect(() => {
    if (orgId) void reload(orgId)
  }, [orgId, reload])

  if (session.status === 'checking') {
    return (
      <View className='campaigns'>
        <View className='card'>
          <Skeleton rows={5} animated />
        </View>
      </View>
    )
  }
  if (!org || !orgId) {
    return (
      <View className='campaigns'>
        <View className='card'>
          <Text className='card__title'>{session.status === 'signedOut' ? '请先登录' : '只有组织者可以发布评选活动'}</Text>
          <Text className='card__hint'>评选表彰活动由组织评选的上级工会（组织者）发布和决定。</Text>
          <Button type='primary' size='large' block onClick={() => void Taro.reLaunch({ url: '/pages/index/index' })}>
            返回首页
          </Button>
        </View>
      </View>
    )
  }

  let body: JSX.Element
  if (load.status === 'loading') {
    body = (
      <View className='card'>
        <Skeleton rows={5} animated />
      </View>
    )
  } else if (load.status === 'failed') {
    body = <AccessError error={load.error} forbidden='只有组织者可以管理评选活动' onRetry={() => void reload(orgId)} />
  } else {
    body = (
      <>
        {creating ? (
          <CampaignForm
            org={org}
            units={load.units}
            onCancel={() => setCreating(false)}
            onCreated={(created) => {
              setCreating(false)
              setMessage(`已发布「${created.heading}」。`)
              void reload(orgId, true)
            }}
          />
        ) : null}
        <Text className='campaigns-section'>本组织的评选活动（{load.campaigns.length}）</Text>
        {load.campaigns.length === 0 ? (
          <View className='card'>
            <Text className='card__hint'>还没有发布评选活动。</Text>
          </View>
        ) : null}
        {load.campaigns.map((c) => (
          <CampaignCard key={c.campaignId} campaign={c} recommended={load.recommended.filter((a) => a.campaignId === c.campaignId)} onDecided={() => void reload(orgId, true)} />
        ))}
      </>
    )
  }

  return (
    <View className='campaigns'>
      <View className='card campaigns-org'>
        <Text className='card__label'>组织者</Text>
        <Text className='campaigns-org__name'>{org.name}</Text>
        {roots.length > 1 ? (
          <View className='campaigns-chips'>
            {roots.map((r) => (
              <View key={r.orgId} className={`campaigns-chip${r.orgId === orgId ? ' campaigns-chip--active' : ''}`} onClick={() => setChosenId(r.orgId)}>
                <Text>{r.name}</Text>
              </View>
            ))}
          </View>
        ) : null}
        {creating ? null : (
          <Button className='campaigns-new' type='primary' size='large' block onClick={() => setCreating(true)}>
            发布评选活动
          </Button>
        )}
        {message ? <Text className='campaigns-message'>{message}</Text> : null}
        <Button className='campaigns-register' fill='outline' size='large' block onClick={() => void Taro.navigateTo({ url: '/admin/pages/honours/index' })}>
          荣誉档案
        </Button>
      </View>
      {body}
    </View>
  )
}

interface UnitChoice {
  chosen: boolean
  quotaName: string
}

function CampaignForm({ org, units, onCancel, onCreated }: { org: Org; units: Org[]; onCancel: () => void; onCreated: (c: CampaignView) => void }) {
  const today = beijingDate(Date.now())
  const [rulesetId, setRulesetId] = useState<RulesetId>('jiaozuo-2018')
  const ruleset = rulesets[rulesetId]
  const [year, setYear] = useState(Number(today.slice(0, 4)))
  // 评选依据年度: the three completed years before the campaign's, moved together when the notice names others.
  const [factShift, setFactShift] = useState(0)
  const factYears = defaultFactYears(year).map((y) => y + factShift)
  const [heading, setHeading] = useState('')
  const [titles, setTitles] = useState<TitleCode[]>([])
  // 本届工会代表大会召开年份, asked where the ruleset ties titles to the congress's change year (N 第十四条, GX 七、（一））.
  const [congressYear, setCongressYear] = useState<number | undefined>(undefined)
  const congressBound = ruleset.titles.filter((t) => t.availability?.kind === 'congressChangeYear')
  const congress = congressBound[0]?.availability?.congress
  const [unitChoices, setUnitChoices] = useState<Record<string, UnitChoice>>(() => Object.fromEntries(units.map((u) => [u.orgId, { chosen: true, quotaName: quotaNameOf(u) }])))
  const [deadline, setDeadline] = useState(beijingDate(Date.now() + 30 * dayMs))
  const [quotaCsv, setQuotaCsv] = useState('')
  const [requestId] = useState(newRequestId)
  const [pending, setPending] = useState(false)
  const [error, setError] = useState<ApiError | null>(null)
  const fieldError = (path: string) => error?.details.filter((d) => d.path === path || d.path.startsWith(`${path}.`)).map((d) => d.message).join('；')

  function chooseRuleset(id: RulesetId) {
    setError(null)
    setRulesetId(id)
    const offered = new Set(rulesets[id].titles.map((t) => t.title))
    setTitles((ts) => ts.filter((t) => offered.has(t)))
  }

  function toggleTitle(title: TitleCode) {
    setError(null)
    setTitles((ts) => (ts.includes(title) ? ts.filter((t) => t !== title) : [...ts, title]))
  }

  async function publish() {
    if (pending) return
    setPending(true)
    setError(null)
    const body: CreateCampaignRequest = {
      requestId,
      rulesetId,
      year,
      heading: heading.trim(),
      titles,
      recommendingUnits: units.filter((u) => unitChoices[u.orgId]?.chosen).map((u) => ({ orgId: u.orgId, quotaName: (unitChoices[u.orgId]?.quotaName ?? '').trim() })),
      ...(quotaCsv.trim() ? { quotaCsv: quotaCsv.trim() } : {}),
      submissionDeadline: deadline,
      factYears,
      ...(congress && congressYear !== undefined ? { congressYear } : {}),
    }
    try {
      onCreated(await createCampaign(org.orgId, body))
    } catch (caught) {
      setError(toApiError(caught))
    } finally {
      setPending(false)
    }
  }

  const shownPaths = ['rulesetId', 'year', 'factYears', 'congressYear', 'heading', 'titles', 'recommendingUnits', 'quotaCsv', 'submissionDeadline']
  // This term's congress met in the campaign's year or up to four years before (a five-year term).
  const congressYears = [year, year - 1, year - 2, year - 3, year - 4]
  const unplaced = error ? error.details.filter((d) => !shownPaths.some((p) => d.path === p || d.path.startsWith(`${p}.`))) : []

  return (
    <View className='card campaigns-form'>
      <Text className='card__title'>发布评选活动</Text>

      <Field label='评选办法' error={fieldError('rulesetId')}>
        <View className='campaigns-chips'>
          {rulesetIds.map((id) => (
            <View key={id} className={`campaigns-chip campaigns-ruleset${id === rulesetId ? ' campaigns-chip--active' : ''}`} data-value={id} onClick={() => chooseRuleset(id)}>
              <Text>{rulesets[id].name}</Text>
            </View>
          ))}
        </View>
        <Text className='campaigns-note'>《{ruleset.document}》</Text>
      </Field>

      <Field label='评选年度' error={fieldError('year')}>
        <View className='campaigns-year'>
          <View className='campaigns-year__step' onClick={() => setYear((y) => y - 1)}>
            <Text>−</Text>
          </View>
          <Text className='campaigns-year__value'>{year}</Text>
          <View className='campaigns-year__step' onClick={() => setYear((y) => y + 1)}>
            <Text>+</Text>
          </View>
        </View>
      </Field>

      <Field label='评选依据年度' error={fieldError('factYears')}>
        <View className='campaigns-year campaigns-fact-years'>
          <View className='campaigns-year__step campaigns-fact-years__earlier' onClick={() => setFactShift((s) => s - 1)}>
            <Text>−</Text>
          </View>
          <Text className='campaigns-year__value campaigns-fact-years__value'>{factYearsText(factYears)}</Text>
          <View className='campaigns-year__step campaigns-fact-years__later' onClick={() => setFactShift((s) => s + 1)}>
            <Text>+</Text>
          </View>
        </View>
        <Text className='campaigns-note'>
          申报数据按这些年度读取：「近三年」指 {factYearsText(factYears)}，只看一年的条件看 {lastFactYear(factYears)} 年。默认为评选年度之前的三个完整年度（评选年度当年尚未结束）；评选通知另有规定的，可前后调整。
        </Text>
      </Field>

      <Field label='活动名称' error={fieldError('heading')}>
        <Input className='campaigns-input campaigns-heading' value={heading} maxlength={80} placeholder={`如：${year} 年度模范职工之家评选表彰`} onInput={(e) => setHeading(e.detail.value)} />
      </Field>

      <Field label='评选称号（可多选）' error={fieldError('titles')}>
        <View className='campaigns-chips'>
          {ruleset.titles.map((t) => (
            <View
              key={t.title}
              className={`campaigns-chip campaigns-title${titles.includes(t.title) ? ' campaigns-chip--active' : ''}`}
              data-value={t.title}
              onClick={() => toggleTitle(t.title)}
            >
              <Text>{titleLabels[t.title]}</Text>
            </View>
          ))}
        </View>
        {congressBound.map((t) => (
          <Text key={t.title} className='campaigns-note campaigns-availability' data-title={t.title}>
            {titleLabels[t.title]}：{t.availability?.description}（{t.availability ? citationText(t.availability.citation) : ''}）
          </Text>
        ))}
      </Field>

      {congress ? (
        <Field label={`本届${congress}召开年份`} error={fieldError('congressYear')}>
          <Picker
            mode='selector'
            range={congressYears.map((y) => `${y} 年`)}
            value={Math.max(0, congressYear === undefined ? 0 : congressYears.indexOf(congressYear))}
            onChange={(e) => {
              setError(null)
              setCongressYear(congressYears[Number(e.detail.value)])
            }}
          >
            <Text className='campaigns-picker campaigns-congress-year'>{congressYear === undefined ? '请选择 ›' : `${congressYear} 年 ›`}</Text>
          </Picker>
          <Text className='campaigns-note'>
            {congressYear === undefined
              ? `评选表彰每五年开展两次：${congress}届中一次、换届之年一次。评选${congressBound.map((t) => titleLabels[t.title]).join('、')}时须填写。`
              : congressYear === year
                ? `${year} 年为${congress}换届之年，可同时评选${congressBound.map((t) => titleLabels[t.title]).join('、')}。`
                : `${year} 年不是换届之年（本届于 ${congressYear} 年召开），不能评选${congressBound.map((t) => titleLabels[t.title]).join('、')}。`}
          </Text>
        </Field>
      ) : null}

      <Field label='推荐单位与名额分配表中的名称' error={fieldError('recommendingUnits')}>
        {units.length === 0 ? <Text className='campaigns-note'>本组织下没有县区、产业工会。</Text> : null}
        {units.map((u) => {
          const choice = unitChoices[u.orgId] ?? { chosen: false, quotaName: quotaNameOf(u) }
          return (
            <View key={u.orgId} className={`campaigns-unit${choice.chosen ? ' campaigns-unit--chosen' : ''}`} data-org-id={u.orgId}>
              <View className='campaigns-unit__toggle' onClick={() => setUnitChoices((all) => ({ ...all, [u.orgId]: { ...choice, chosen: !choice.chosen } }))}>
                <Text className='campaigns-unit__box'>{choice.chosen ? '✓' : ''}</Text>
                <Text className='campaigns-unit__name'>{u.name}</Text>
              </View>
              {choice.chosen ? (
                <Input
                  className='campaigns-input campaigns-unit__quota-name'
                  value={choice.quotaName}
                  maxlength={40}
                  placeholder='名额分配表中的名称'
                  onInput={(e) => setUnitChoices((all) => ({ ...all, [u.orgId]: { ...choice, quotaName: e.detail.value } }))}
                />
              ) : null}
            </View>
          )
        })}
      </Field>

      <Field label='申报截止日期' error={fieldError('submissionDeadline')}>
        <Picker mode='date' value={deadline} start={today} onChange={(e) => setDeadline(e.detail.value)}>
          <Text className='campaigns-picker campaigns-deadline'>{deadline} ›</Text>
        </Picker>
      </Field>

      <Field label='名额分配表（可选，粘贴 CSV）' error={fieldError('quotaCsv')}>
        <Text className='campaigns-note'>不填则使用评选办法附带的名额分配表（如有）。首行为表头：单位,称号…，单位名称与上面的名称一致。</Text>
        <View className='campaigns-textarea-box'>
          <Textarea className='campaigns-textarea campaigns-quota-csv' value={quotaCsv} maxlength={-1} placeholder='单位,模范职工之家,…' onInput={(e) => setQuotaCsv(e.detail.value)} />
        </View>
      </Field>

      {error && (unplaced.length > 0 || error.details.length === 0) ? (
        <View className='campaigns-failure'>
          <Text className='error-message'>{error.message}</Text>
          {unplaced.map((d) => (
            <Text key={d.path} className='campaigns-error'>
              · {d.message}
            </Text>
          ))}
        </View>
      ) : null}

      <View className='campaigns-form__actions'>
        <Button type='default' fill='outline' disabled={pending} onClick={onCancel}>
          取消
        </Button>
        <Button className='campaigns-publish' type='primary' loading={pending} disabled={pending} onClick={() => void publish()}>
          发布
        </Button>
      </View>
    </View>
  )
}

function Field({ label, error, children }: { label: string; error: string | undefined; children: ReactNode }) {
  return (
    <View className={`campaigns-field${error ? ' campaigns-field--error' : ''}`}>
      <Text className='campaigns-field__label'>{label}</Text>
      {children}
      {error ? <Text className='campaigns-error'>{error}</Text> : null}
    </View>
  )
}

/** Whether the organiser may decide yet: with a final window, only once it has closed, and only for cleared nominees. */
function awardableOf(recommended: ApplicationSummary[], view: FinalPublicityResponse | null): { ready: boolean; awardable: ApplicationSummary[]; waiting: string } {
  if (!view) return { ready: false, awardable: [], waiting: '正在读取公示情况…' }
  if (!view.required) return { ready: true, awardable: recommended, waiting: '' }
  if (view.publicity?.status !== 'closed') return { ready: false, awardable: [], waiting: '拟表彰名单公示期满后，才能决定授予。' }
  const cleared = new Set(view.candidates.filter((c) => c.final === 'cleared').map((c) => c.applicationId))
  return { ready: true, awardable: recommended.filter((a) => cleared.has(a.applicationId)), waiting: '' }
}

function CampaignCard({ campaign, recommended, onDecided }: { campaign: CampaignView; recommended: ApplicationSummary[]; onDecided: () => void }) {
  const [deciding, setDeciding] = useState(false)
  const [finalView, setFinalView] = useState<FinalPublicityResponse | null>(null)
  const { ready, awardable, waiting } = awardableOf(recommended, finalView)
  return (
    <View className='card campaigns-item' data-campaign-id={campaign.campaignId} data-status={campaign.status}>
      <View className='campaigns-item__head'>
        <Text className='campaigns-item__heading'>{campaign.heading}</Text>
        <Text className={`campaigns-item__status campaigns-item__status--${campaign.status}`}>{campaignStatusLabels[campaign.status]}</Text>
      </View>
      <Text className='campaigns-item__meta'>
        {campaign.rulesetName} · {campaign.year} 年度 · 申报截止 {campaign.submissionDeadline}
      </Text>
      <Text className='campaigns-item__meta campaigns-item__fact-years'>{factYearsLine(campaign.factYears)}</Text>
      <Text className='campaigns-item__meta'>称号：{campaign.titles.map((t) => titleLabels[t]).join('、')}</Text>
      <View className='campaigns-links'>
        {campaign.recommendingUnits.map((u) => (
          <View
            key={u.orgId}
            className='campaigns-link campaigns-link--board'
            data-org-id={u.orgId}
            onClick={() =>
              void Taro.navigateTo({ url: `/review/pages/list-board/index?campaignId=${encodeURIComponent(campaign.campaignId)}&orgId=${encodeURIComponent(u.orgId)}` })
            }
          >
            <Text>{u.quotaName}推荐名单 ›</Text>
          </View>
        ))}
        <View
          className='campaigns-link campaigns-link--final'
          onClick={() => void Taro.navigateTo({ url: `/admin/pages/final-list/index?campaignId=${encodeURIComponent(campaign.campaignId)}` })}
        >
          <Text>最终名单 ›</Text>
        </View>
      </View>
      {campaign.status === 'published' ? <FinalPublicity campaignId={campaign.campaignId} onState={setFinalView} /> : null}
      {deciding ? (
        <DecisionPanel campaign={campaign} recommended={awardable} onClose={() => setDeciding(false)} onDecided={onDecided} />
      ) : recommended.length === 0 ? (
        <Text className='campaigns-note'>{campaign.status === 'decided' ? '已作出表彰决定。' : '各推荐单位上报名单后，可在此决定授予。'}</Text>
      ) : ready && awardable.length > 0 ? (
        <Button className='campaigns-decide' type='primary' fill='outline' block onClick={() => setDeciding(true)}>
          决定授予（可授予 {awardable.length} 项）
        </Button>
      ) : (
        <Text className='campaigns-note campaigns-note--waiting'>{ready ? '公示期满无异议的对象才能授予；目前没有。' : waiting}</Text>
      )}
    </View>
  )
}

function DecisionPanel({ campaign, recommended, onClose, onDecided }: { campaign: CampaignView; recommended: ApplicationSummary[]; onClose: () => void; onDecided: () => void }) {
  const [chosen, setChosen] = useState<string[]>(() => recommended.map((a) => a.applicationId))
  const [reason, setReason] = useState('')
  const [pending, setPending] = useState(false)
  const [error, setError] = useState<ApiError | null>(null)
  const [awarded, setAwarded] = useState<Honour[] | null>(null)

  async function decide() {
    if (pending) return
    const { confirm } = await Taro.showModal({ title: '决定授予', content: `授予选中的 ${chosen.length} 项荣誉称号并编发证书编号？决定记入审计，不能撤回。`, confirmText: '决定' })
    if (!confirm) return
    setPending(true)
    setError(null)
    try {
      setAwarded(await decideCampaign(campaign.campaignId, chosen, reason.trim()))
      onDecided()
    } catch (caught) {
      setError(toApiError(caught))
    } finally {
      setPending(false)
    }
  }

  if (awarded) {
    return (
      <View className='campaigns-decision campaigns-decision--done'>
        <Text className='campaigns-decision__title'>已授予 {awarded.length} 项</Text>
        {awarded.map((h) => (
          <Text key={h.certificateNo} className='campaigns-honour'>
            {h.certificateNo} · {h.title} · {h.nomineeName}
          </Text>
        ))}
        <Button className='campaigns-final' type='primary' fill='outline' block onClick={() => void Taro.navigateTo({ url: `/admin/pages/final-list/index?campaignId=${encodeURIComponent(campaign.campaignId)}` })}>
          查看并打印最终名单
        </Button>
      </View>
    )
  }

  return (
    <View className='campaigns-decision'>
      <Text className='campaigns-decision__title'>推荐单位已上报的申报</Text>
      {recommended.map((a) => {
        const on = chosen.includes(a.applicationId)
        return (
          <View
            key={a.applicationId}
            className={`campaigns-candidate${on ? ' campaigns-candidate--chosen' : ''}`}
            data-application-id={a.applicationId}
            onClick={() => setChosen((ids) => (on ? ids.filter((x) => x !== a.applicationId) : [...ids, a.applicationId]))}
          >
            <Text className='campaigns-unit__box'>{on ? '✓' : ''}</Text>
            <View className='campaigns-candidate__main'>
              <Text className='campaigns-candidate__name'>{a.nominee.name}</Text>
              <Text className='campaigns-candidate__title'>{a.titleLabel}</Text>
            </View>
            <Text
              className='campaigns-candidate__open'
              onClick={(e) => {
                e.stopPropagation()
                void Taro.navigateTo({ url: `/review/pages/application-review/index?applicationId=${encodeURIComponent(a.applicationId)}` })
              }}
            >
              查看 ›
            </Text>
          </View>
        )
      })}
      <Text className='campaigns-field__label'>决定依据（至少 5 个字）</Text>
      <View className='campaigns-textarea-box'>
        <Textarea className='campaigns-textarea campaigns-reason' value={reason} maxlength={1000} placeholder='如：经市总工会评审工作组审核、党组研究决定' onInput={(e) => setReason(e.detail.value)} />
      </View>
      {error ? (
        <View className='campaigns-failure'>
          <Text className='error-message'>{error.message}</Text>
          {error.details.map((d) => (
            <Text key={`${d.path}:${d.message}`} className='campaigns-error'>
              · {d.message}
            </Text>
          ))}
        </View>
      ) : null}
      <View className='campaigns-form__actions'>
        <Button type='default' fill='outline' disabled={pending} onClick={onClose}>
          取消
        </Button>
        <Button className='campaigns-award' type='primary' loading={pending} disabled={pending || chosen.length === 0} onClick={() => void decide()}>
          决定授予
        </Button>
      </View>
    </View>
  )
}
