import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import { Text, Textarea, View } from '@tarojs/components'
import Taro, { useDidHide, useLoad, useRouter, useUnload } from '@tarojs/taro'
import { getRuleset } from '@config/rulesets'
import { applicationStatusLabels } from '@shared/api/campaign'
import { evaluateEligibility, type ConditionResult, type ConditionStatus, type Verdict } from '@shared/rules/eligibility'
import { attributeValueLabel, nomineeAttributeLabels, scalarFactLabels, yearlyRateLabels } from '@shared/rules/facts'
import { factYearsLine, lastFactYear } from '@shared/rules/fact-years'
import { formatRate } from '@shared/rules/compare'
import { toApiError, type ApiError } from '../../../services/api-client'
import {
  application,
  campaign as readCampaign,
  isEditable,
  saveApplication,
  submitApplication,
  type ApplicationView,
  type CampaignView,
} from '../../../services/campaign'
import { askToSubscribe, declineSubscribe, prepareSubscribe, shouldOfferSubscribe } from '../../../services/subscribe'
import { chineseTime } from '../../../utils/time'
import { Button, Skeleton } from '../../../components/nutui'
import ErrorState from '../../../components/error-state'
// The chips' styles first, as on 资格自查: both pages share the subpackage's stylesheet, in one order.
import '../../components/choice-chips/index.scss'
import ConditionResultItem, { ConditionReading, statusLabels } from '../../components/condition-result'
import { FigureFields, NomineeFields } from '../../components/eligibility-form'
import EvidenceFiles from '../../components/evidence-files'
import type { Draft } from '../../components/eligibility-form/model'
import {
  charCount,
  consultationLimit,
  declaredOf,
  draftFromFacts,
  editablePlan,
  liveFacts,
  narrativeLimit,
  readFacts,
  summaryLimit,
  systemAttributes,
  type Texts,
} from './model'
import './index.scss'

type Load =
  | { status: 'loading' }
  | { status: 'failed'; error: ApiError }
  | { status: 'ready'; app: ApplicationView; campaign: CampaignView; generation: number; notice: string | null }

type SaveState = { kind: 'saved' } | { kind: 'dirty' } | { kind: 'saving' } | { kind: 'failed'; message: string }

const autosaveDelayMs = 1_000
const changedMeanwhile = '该申报已在别处修改或已被处理，已重新载入最新内容；刚才未保存的修改请核对后重新填写。'

/** Failing conditions first, then what the chair can still supply, then what a reviewer decides. */
const statusOrder: ConditionStatus[] = ['fail', 'missing', 'manual', 'pass']

const verdictLabels: Record<Verdict, string> = {
  ineligible: '不符合申报条件',
  incomplete: '资料待补充',
  needsReview: '可申报，待审核确认',
  eligible: '符合申报条件',
}

const saveLabels: Record<SaveState['kind'], string> = {
  saved: '已自动保存',
  dirty: '有修改，稍后自动保存',
  saving: '正在保存…',
  failed: '保存失败',
}

/**
 * 填写申报: the chair's filing form. Declared figures, negative-list answers and narratives are saved as they are
 * typed (about a second after the last keystroke, from the version last read); every condition of the title is
 * re-evaluated on the phone as they type, with its article; the server's gates (congress ballot, unit publicity)
 * say which steps are still due. Submission is checked again on the server.
 */
export default function ApplicationEditPage() {
  const { params } = useRouter()
  const applicationId = params.applicationId ?? ''
  const [load, setLoad] = useState<Load>({ status: 'loading' })
  const generation = useRef(0)

  const reload = useCallback(
    async (notice: string | null = null) => {
      try {
        const app = await application(applicationId)
        const campaign = await readCampaign(app.campaignId)
        generation.current += 1
        setLoad({ status: 'ready', app, campaign, generation: generation.current, notice })
      } catch (caught) {
        setLoad({ status: 'failed', error: toApiError(caught) })
      }
    },
    [applicationId],
  )

  useLoad(() => {
    void reload()
  })

  if (load.status === 'loading') {
    return (
      <View className='application-edit'>
        <View className='card'>
          <Skeleton rows={6} animated />
        </View>
      </View>
    )
  }
  if (load.status === 'failed') {
    return (
      <View className='application-edit'>
        <View className='card'>
          <ErrorState message={load.error.message} onRetry={() => void reload()} />
        </View>
      </View>
    )
  }
  // A reload (someone else changed it) starts the form afresh from what the server holds.
  return <Editor key={load.generation} initial={load.app} campaign={load.campaign} notice={load.notice} onReload={(notice) => void reload(notice)} />
}

interface EditorProps {
  initial: ApplicationView
  campaign: CampaignView
  notice: string | null
  onReload: (notice: string) => void
}

function Editor({ initial, campaign, notice, onReload }: EditorProps) {
  const [server, setServer] = useState(initial)
  const serverFacts = useMemo(() => readFacts(server.facts), [server.facts])
  const [draft, setDraft] = useState<Draft>(() => draftFromFacts(readFacts(initial.facts)))
  const [texts, setTexts] = useState<Texts>({ narrative: initial.narrative, summary: initial.summary, consultation: initial.consultation })
  // Steps the chair completes by confirming them (a department consultation, e.g. 纪检监察): sent with the next save.
  const confirmed = useRef<Record<string, boolean>>({})
  const [saveState, setSaveState] = useState<SaveState>({ kind: 'saved' })
  const [submitting, setSubmitting] = useState(false)
  const [refusal, setRefusal] = useState<ApiError | null>(null)
  const [justSubmitted, setJustSubmitted] = useState(false)

  // Autosave bookkeeping lives in refs: timers and in-flight requests must see the latest values, not a render's.
  const version = useRef(initial.version)
  const latest = useRef({ draft, texts })
  const edits = useRef(0)
  const savedEdits = useRef(0)
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null)
  const inFlight = useRef<Promise<boolean> | null>(null)
  const gone = useRef(false)
  const saveError = useRef<ApiError | null>(null)

  const ruleset = getRuleset(campaign.rulesetId)
  const editable = isEditable(server.status)
  const nominee = useMemo(() => ({ ...serverFacts.nominee, ...draft.nominee }), [serverFacts.nominee, draft.nominee])
  // The campaign's 评选依据年度: the years the server reads and the form asks for.
  const factYears = campaign.factYears
  const plan = useMemo(() => (ruleset ? editablePlan(ruleset, server.title, factYears, nominee) : null), [ruleset, server.title, factYears, nominee])
  // While it can be edited, the check runs on the phone over what is typed; afterwards the server's word stands.
  const live = useMemo(
    () => (ruleset && editable ? evaluateEligibility(ruleset, server.title, liveFacts(serverFacts, draft, texts), { year: lastFactYear(factYears) }) : null),
    [ruleset, editable, server.title, serverFacts, draft, texts, factYears],
  )

  const save = useCallback(async (): Promise<boolean> => {
    // One save at a time: two callers waiting for the same save must not both send from the same version.
    while (inFlight.current) await inFlight.current
    if (edits.current === savedEdits.current) return true
    const sending = edits.current
    const { draft: d, texts: t } = latest.current
    const body = {
      version: version.current,
      declared: declaredOf(d, readFacts(server.facts), confirmed.current),
      // A text over its limit is not sent (the server would refuse the whole save); the counter shows why.
      ...(charCount(t.narrative) <= narrativeLimit ? { narrative: t.narrative } : {}),
      ...(charCount(t.summary) <= summaryLimit ? { summary: t.summary } : {}),
      ...(charCount(t.consultation.trim()) <= consultationLimit ? { consultation: t.consultation } : {}),
    }
    const request = (async () => {
      if (!gone.current) setSaveState({ kind: 'saving' })
      try {
        const next = await saveApplication(server.applicationId, body)
        version.current = next.version
        savedEdits.current = sending
        saveError.current = null
        if (!gone.current) {
          setServer(next)
          setSaveState({ kind: edits.current === sending ? 'saved' : 'dirty' })
        }
        return true
      } catch (caught) {
        const error = toApiError(caught)
        saveError.current = error
        if (gone.current) return false
        if (error.code === 'APPLICATION.CHANGED_MEANWHILE' || error.code === 'APPLICATION.NOT_EDITABLE') {
          onReload(changedMeanwhile)
        } else {
          setSaveState({ kind: 'failed', message: error.message })
        }
        return false
      }
    })()
    inFlight.current = request
    try {
      return await request
    } finally {
      inFlight.current = null
    }
  }, [server.applicationId, server.facts, onReload])

  const schedule = useCallback(() => {
    if (timer.current) clearTimeout(timer.current)
    timer.current = setTimeout(() => {
      timer.current = null
      void save().then((ok) => {
        // Typed while the save was on its way: save again.
        if (ok && edits.current !== savedEdits.current && !gone.current) schedule()
      })
    }, autosaveDelayMs)
  }, [save])

  function edit(next: { draft?: Draft; texts?: Texts }) {
    const nextDraft = next.draft ?? latest.current.draft
    const nextTexts = next.texts ?? latest.current.texts
    latest.current = { draft: nextDraft, texts: nextTexts }
    if (next.draft) setDraft(nextDraft)
    if (next.texts) setTexts(nextTexts)
    edits.current += 1
    setSaveState({ kind: 'dirty' })
    setRefusal(null)
    schedule()
  }

  /** The chair confirms (or withdraws) a step the server asks to be confirmed; saved like any edit. */
  function confirmStep(id: string, done: boolean) {
    confirmed.current = { ...confirmed.current, [id]: done }
    edits.current += 1
    setSaveState({ kind: 'dirty' })
    setRefusal(null)
    schedule()
  }

  const flush = useCallback(() => {
    if (timer.current) {
      clearTimeout(timer.current)
      timer.current = null
    }
    if (edits.current !== savedEdits.current) void save()
  }, [save])

  // Leaving the page (back, home, another app) saves what is pending at once.
  useDidHide(flush)
  useUnload(flush)
  useEffect(
    () => () => {
      gone.current = true
      if (timer.current) clearTimeout(timer.current)
    },
    [],
  )

  function showRefusal(error: ApiError) {
    setRefusal(error)
    // Once it is on the page.
    setTimeout(() => void Taro.pageScrollTo({ selector: '#application-edit-refusal', duration: 300 }), 50)
  }

  async function submit() {
    if (submitting) return
    setSubmitting(true)
    setRefusal(null)
    if (timer.current) {
      clearTimeout(timer.current)
      timer.current = null
    }
    try {
      if (!(await save())) {
        // A reload (changed meanwhile) speaks for itself; any other failure is shown where a refusal would be.
        const failed = saveError.current
        if (failed && failed.code !== 'APPLICATION.CHANGED_MEANWHILE' && failed.code !== 'APPLICATION.NOT_EDITABLE') showRefusal(failed)
        return
      }
      const submitted = await submitApplication(server.applicationId, version.current)
      version.current = submitted.version
      setServer(submitted)
      setJustSubmitted(true)
      void Taro.pageScrollTo({ scrollTop: 0, duration: 300 })
    } catch (caught) {
      const error = toApiError(caught)
      if (error.code === 'APPLICATION.CHANGED_MEANWHILE') {
        onReload(changedMeanwhile)
        return
      }
      showRefusal(error)
    } finally {
      if (!gone.current) setSubmitting(false)
    }
  }

  const results = live?.results
  const sorted = results ? statusOrder.flatMap((status) => results.filter((r) => r.status === status)) : []
  const counts = countByStatus(results ?? [])
  const verdict: Verdict = live?.verdict ?? server.verdict
  const lastReturn = [...server.history].reverse().find((h) => h.action === '退回修改')

  return (
    <View className={`application-edit${editable ? '' : ' application-edit--locked'}`} data-application-id={server.applicationId}>
      <View className='card application-edit-head'>
        <Text className='card__label'>{campaign.heading}</Text>
        <Text className='application-edit-head__title'>
          {server.titleLabel} · {server.nominee.name}
        </Text>
        <View className='application-edit-head__row'>
          <Text className={`application-edit-status application-status--${server.status}`} data-status={server.status}>
            {applicationStatusLabels[server.status]}
          </Text>
          {editable ? (
            <Text className={`application-edit-save application-edit-save--${saveState.kind}`} data-state={saveState.kind}>
              {saveState.kind === 'failed' ? `${saveLabels.failed}：${saveState.message}` : saveLabels[saveState.kind]}
            </Text>
          ) : null}
        </View>
        <Text className='application-edit-head__hint'>
          {campaign.rulesetName} · {campaign.year} 年度 · 申报截止 {campaign.submissionDeadline}
        </Text>
        <Text className='application-edit-head__hint application-edit-fact-years'>{factYearsLine(factYears)}</Text>
      </View>

      {notice ? (
        <View className='card application-edit-notice'>
          <Text className='application-edit-notice__text'>{notice}</Text>
        </View>
      ) : null}

      {justSubmitted ? <SubmittedCard /> : null}

      {server.status === 'returned' && lastReturn ? (
        <View className='card application-edit-returned'>
          <Text className='card__title'>退回修改意见</Text>
          <Text className='application-edit-returned__comment'>{lastReturn.comment || '（未填写意见）'}</Text>
          <Text className='card__hint'>{chineseTime(lastReturn.at, { clock: true })}。修改后请重新提交。</Text>
        </View>
      ) : null}

      <SystemFacts app={server} />

      {editable && plan ? (
        <>
          {plan.attributes.length > 0 ? (
            <View className='card application-edit-nominee'>
              <Text className='card__title'>被推荐对象情况</Text>
              <NomineeFields plan={plan} draft={draft} onChange={(d) => edit({ draft: d })} />
            </View>
          ) : null}
          <View className='card application-edit-figures'>
            <Text className='card__title'>申报数据与声明</Text>
            <Text className='card__hint'>百分比直接填数字，如 95 表示 95%。会员名册统计的入会率、已封存的评议结果由系统带入，与填报数不一致时以系统数据为准。</Text>
            <FigureFields plan={plan} draft={draft} onChange={(d) => edit({ draft: d })} />
          </View>
        </>
      ) : null}

      <View className='card application-edit-texts'>
        <Text className='card__title'>事迹与征求意见情况</Text>
        <Narrative
          field='narrative'
          label='事迹材料'
          limit={narrativeLimit}
          text={texts.narrative}
          editable={editable}
          onInput={(value) => edit({ texts: { ...latest.current.texts, narrative: value } })}
        />
        <Narrative
          field='summary'
          label='简要事迹'
          limit={summaryLimit}
          text={texts.summary}
          editable={editable}
          onInput={(value) => edit({ texts: { ...latest.current.texts, summary: value } })}
        />
        <Narrative
          field='consultation'
          label='征求会员意见情况'
          limit={consultationLimit}
          text={texts.consultation}
          editable={editable}
          onInput={(value) => edit({ texts: { ...latest.current.texts, consultation: value } })}
        />
      </View>

      <EvidenceFiles applicationId={server.applicationId} editable={editable} />

      <View className='card application-edit-gates'>
        <Text className='card__title'>申报程序</Text>
        {server.gates.length === 0 ? (
          <Text className='card__hint'>本办法对该称号没有提交前须完成的程序（如大会表决、本单位公示）。</Text>
        ) : (
          server.gates.map((gate) => (
            <View key={gate.id} className={`application-edit-gate application-edit-gate--${gate.passed ? 'done' : 'due'}`} data-gate={gate.id} data-passed={String(gate.passed)}>
              <Text className={`status-tag status-tag--${gate.passed ? 'pass' : 'fail'}`}>{gate.passed ? '已完成' : '未完成'}</Text>
              <Text className='application-edit-gate__text'>{gate.explanation}</Text>
              <Text className='self-check-citation'>依据：{gate.citation}</Text>
              {gate.attestable && editable ? (
                <Text
                  className={`application-edit-gate__confirm${gate.passed ? ' application-edit-gate__confirm--undo' : ''}`}
                  data-confirm={gate.id}
                  onClick={() => confirmStep(gate.id, !gate.passed)}
                >
                  {gate.passed ? '撤销确认' : '已征求意见，确认'}
                </Text>
              ) : null}
            </View>
          ))
        )}
      </View>

      <View className='card application-edit-conditions' id='application-edit-conditions'>
        <Text className='card__title'>逐条资格检查</Text>
        {live ? (
          <>
            <Text className='card__hint'>随填随算，不符合的排在最前；「需审核」的条件由审核人确认。提交时服务器会再核验一次。</Text>
            {sorted.map((result: ConditionResult) => (
              <ConditionResultItem key={result.conditionId} result={result} />
            ))}
          </>
        ) : (
          sortedServer(server).map((c) => (
            <View key={c.conditionId} className={`self-check-result self-check-result--${c.status}`} data-status={c.status} data-condition={c.conditionId}>
              <Text className={`status-tag status-tag--${c.status}`}>{statusLabels[c.status as ConditionStatus] ?? c.status}</Text>
              <Text className='self-check-result__description'>{c.description}</Text>
              <Text className='self-check-result__explanation'>{c.explanation}</Text>
              <Text className='self-check-citation'>依据：{c.citation}</Text>
              {c.reading ? <ConditionReading reading={c.reading} /> : null}
            </View>
          ))
        )}
      </View>

      {refusal ? (
        <View className='card application-edit-refusal' id='application-edit-refusal' data-code={refusal.code}>
          <Text className='application-edit-refusal__title'>未能提交</Text>
          <Text className='application-edit-refusal__message'>{refusal.message}</Text>
          {refusal.details.map((d) => (
            <Text key={`${d.path}:${d.message}`} className='application-edit-refusal__detail' data-path={d.path}>
              · {d.message}
            </Text>
          ))}
        </View>
      ) : null}

      {editable ? (
        <View className='application-edit-actions'>
          <Button className='application-edit-submit' type='primary' size='large' block loading={submitting} disabled={submitting} onClick={() => void submit()}>
            {server.status === 'returned' ? '重新提交申报' : '提交申报'}
          </Button>
          <Text className='application-edit-actions__hint'>提交后由推荐单位审核，审核期间不能修改；退回修改后可再编辑。</Text>
        </View>
      ) : null}

      <History app={server} />

      {editable ? (
        <View
          className={`application-edit-bar application-edit-bar--${verdict}`}
          data-verdict={verdict}
          onClick={() => void Taro.pageScrollTo({ selector: '#application-edit-conditions', duration: 300 })}
        >
          <View className='application-edit-bar__main'>
            <Text className='application-edit-bar__verdict'>{verdictLabels[verdict]}</Text>
            <Text className='application-edit-bar__summary'>
              符合 {counts.pass} 项 · 不符合 {counts.fail} 项 · 待补充 {counts.missing} 项 · 需审核 {counts.manual} 项
            </Text>
          </View>
          <Text className='application-edit-bar__more'>查看 ›</Text>
        </View>
      ) : null}
    </View>
  )
}

interface NarrativeProps {
  field: keyof Texts
  label: string
  limit: number
  text: string
  editable: boolean
  onInput: (text: string) => void
}

/** A narrative with its live counter; over the limit the counter turns red and the text is not saved. */
function Narrative({ field, label, limit, text, editable, onInput }: NarrativeProps) {
  const count = charCount(field === 'consultation' ? text.trim() : text)
  const over = count > limit
  return (
    <View className='application-edit-text' data-field={field}>
      <Text className='form-group__title'>{label}</Text>
      {editable ? (
        <View className={`application-edit-text__box${over ? ' application-edit-text__box--over' : ''}`}>
          <Textarea
            className='application-edit-text__area'
            value={text}
            maxlength={-1}
            autoHeight
            placeholder={`不超过 ${limit} 字`}
            placeholderClass='application-edit-text__placeholder'
            onInput={(e) => onInput(e.detail.value)}
          />
        </View>
      ) : (
        <Text className='application-edit-text__read'>{text || '（未填写）'}</Text>
      )}
      <Text className={`application-edit-text__count${over ? ' application-edit-text__count--over' : ''}`}>
        {count} / {limit} 字{over ? `，超出 ${count - limit} 字，超出部分未保存` : ''}
      </Text>
    </View>
  )
}

/** What the system knows and the chair cannot declare: the nominee's org, the sealed ballot, online enrolment. */
function SystemFacts({ app }: { app: ApplicationView }) {
  const f = readFacts(app.facts)
  const lines: { key: string; label: string; value: string }[] = []
  for (const key of systemAttributes) {
    const value = f.nominee[key]
    if (value !== undefined) lines.push({ key, label: nomineeAttributeLabels[key], value: attributeValueLabel(value) })
  }
  if (app.nominee.kind !== 'person') {
    lines.push({
      key: 'congressYesShare',
      label: scalarFactLabels.congressYesShare,
      value: f.congressYesShare === undefined ? '尚无已封存的大会表决' : formatRate(f.congressYesShare),
    })
  }
  for (const [year, rate] of Object.entries(f.membershipRate ?? {})) lines.push({ key: `membershipRate.${year}`, label: `${year} 年${yearlyRateLabels.membershipRate}`, value: formatRate(rate) })
  for (const [year, rate] of Object.entries(f.onlineUnionEnrolmentRate ?? {}))
    lines.push({ key: `onlineUnionEnrolmentRate.${year}`, label: `${year} 年${yearlyRateLabels.onlineUnionEnrolmentRate}`, value: formatRate(rate) })
  return (
    <View className='card application-edit-system'>
      <Text className='card__title'>系统数据</Text>
      <Text className='card__hint'>来自组织架构、会员名册和已封存的评议、表决结果，不能手工修改。</Text>
      {lines.map((line) => (
        <View key={line.key} className='application-edit-system__row' data-fact={line.key}>
          <Text className='application-edit-system__label'>{line.label}</Text>
          <Text className='application-edit-system__value'>{line.value}</Text>
        </View>
      ))}
    </View>
  )
}

function History({ app }: { app: ApplicationView }) {
  return (
    <View className='card application-edit-history'>
      <Text className='card__title'>办理记录</Text>
      {[...app.history].reverse().map((h, index) => (
        <View key={`${h.at}:${index}`} className='application-edit-history__item'>
          <View className='application-edit-history__head'>
            <Text className='application-edit-history__action'>{h.action}</Text>
            <Text className='application-edit-history__at'>{chineseTime(h.at, { clock: true })}</Text>
          </View>
          {h.comment ? <Text className='application-edit-history__comment'>{h.comment}</Text> : null}
        </View>
      ))}
    </View>
  )
}

/** Submitted: the next step, and in WeChat the offer of progress notices (asked now, never on launch). */
function SubmittedCard() {
  const [offer, setOffer] = useState(() => shouldOfferSubscribe('afterApplicationSubmitted'))
  const [asking, setAsking] = useState(false)

  useEffect(() => {
    if (offer) void prepareSubscribe('afterApplicationSubmitted')
  }, [offer])

  async function enable() {
    if (asking) return
    setAsking(true)
    // Straight from the tap: WeChat opens its consent sheet only then.
    const outcome = await askToSubscribe('afterApplicationSubmitted')
    setAsking(false)
    if (outcome === 'failed') {
      void Taro.showToast({ title: '暂时无法开启通知，请稍后再试', icon: 'none' })
      return
    }
    setOffer(false)
    if (outcome === 'accepted') void Taro.showToast({ title: '已开启进展通知', icon: 'success' })
  }

  return (
    <View className='card application-edit-submitted'>
      <Text className='application-edit-submitted__title'>已提交申报</Text>
      <Text className='card__hint'>推荐单位审核后，结果会通知您；退回修改时可在此页修改后重新提交。</Text>
      {offer ? (
        <View className='application-edit-offer'>
          <Button
            type='default'
            fill='none'
            size='small'
            disabled={asking}
            onClick={() => {
              declineSubscribe('afterApplicationSubmitted')
              setOffer(false)
            }}
          >
            不用了
          </Button>
          <Button type='primary' size='small' loading={asking} onClick={() => void enable()}>
            开启进展通知
          </Button>
        </View>
      ) : null}
    </View>
  )
}

/** The server's results in the same order as the live list. */
function sortedServer(app: ApplicationView): ApplicationView['conditions'] {
  const rank = (status: string) => {
    const at = statusOrder.indexOf(status as ConditionStatus)
    return at < 0 ? statusOrder.length : at
  }
  return [...app.conditions].sort((a, b) => rank(a.status) - rank(b.status))
}

function countByStatus(results: ConditionResult[]): Record<ConditionStatus, number> {
  const counts: Record<ConditionStatus, number> = { pass: 0, fail: 0, missing: 0, manual: 0 }
  for (const r of results) counts[r.status] += 1
  return counts
}
