import { useCallback, useEffect, useState } from 'react'
import { Input, Text, Textarea, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { entryStatusLabels, fileReportRequest, type FileReportResponse, type ReportFormResponse } from '@shared/api/publicity'
import { toApiError, type ApiError } from '../../services/api-client'
import { copyText } from '../../services/clipboard'
import { fileReport, groupedReceipt, newRequestId, reportForm, type FileReportBody } from '../../services/publicity'
import { getSession, refreshSession, useSession } from '../../services/session'
import { askToSubscribe, declineSubscribe, prepareSubscribe, shouldOfferSubscribe } from '../../services/subscribe'
import { Button, Skeleton } from '../../components/nutui'
import ErrorState from '../../components/error-state'
import EvidencePicker from './evidence-picker'
import type { EvidenceImage } from './evidence'
import PrivacyPopup from '../../components/privacy-popup'
import './index.scss'

type Load = { status: 'loading' } | { status: 'failed'; error: ApiError } | { status: 'ready'; form: ReportFormResponse }
type Field = 'category' | 'description' | 'evidence' | 'contact'
type FieldErrors = Partial<Record<Field, string>>
/** A filed report, and whether the reporter asked to hear of its progress. */
type Filing = FileReportResponse & { notifyMe: boolean }

const descriptionMin = 20
const descriptionMax = 2000
const contactMax = 100
const fields: readonly Field[] = ['category', 'description', 'evidence', 'contact']
/** Refusals that filing again cannot change: the window or the entry no longer takes reports. */
const finalStatuses = [403, 404, 409]
const kindTitles = { objection: '公示期内：提出异议', supervision: '公示期已结束：监督举报' } as const
const anonymityNote = '匿名举报：默认不留姓名。联系方式加密保存，仅在核查人员申请、身份保管人批准后可查看一次'
const receiptWarning = '请立即保存回执码：这是查询进展、补充材料的唯一凭证，系统不会再次显示'

const fieldOf = (path: string): Field | undefined => fields.find((f) => path === f || path.startsWith(`${f}.`) || path.startsWith(`${f}[`))


/**
 * 举报: one entry of a publicity list — who, which unit, which title, the ≤500-character summary — and the form to
 * report it: an objection (异议) while the window is open, a supervision report (监督举报) after it closed. No log-in
 * is needed. On filing the page shows the receipt code once; nothing keeps it afterwards.
 */
export default function ReportPage() {
  const { params } = useRouter()
  const { publicityId, entryId } = params
  if (!publicityId || !entryId) {
    return (
      <View className='report'>
        <View className='card'>
          <Text className='card__title'>未指定公示对象</Text>
          <Text className='card__hint'>请从公示名单中选择要查看或举报的对象。</Text>
          <Button type='primary' block onClick={() => void Taro.redirectTo({ url: '/pages/publicities/index' })}>
            去公示列表
          </Button>
        </View>
      </View>
    )
  }
  return <ReportEntry publicityId={publicityId} entryId={entryId} />
}

function ReportEntry({ publicityId, entryId }: { publicityId: string; entryId: string }) {
  const [load, setLoad] = useState<Load>({ status: 'loading' })
  const [filed, setFiled] = useState<Filing | null>(null)

  const reload = useCallback(async () => {
    setLoad({ status: 'loading' })
    try {
      setLoad({ status: 'ready', form: await reportForm(publicityId, entryId) })
    } catch (caught) {
      setLoad({ status: 'failed', error: toApiError(caught) })
    }
  }, [publicityId, entryId])

  useEffect(() => {
    void reload()
  }, [reload])

  if (load.status === 'loading') {
    return (
      <View className='report'>
        <View className='card'>
          <Skeleton rows={6} animated />
        </View>
      </View>
    )
  }
  if (load.status === 'failed') {
    return (
      <View className='report'>
        <View className='card'>
          <ErrorState message={load.error.message} onRetry={() => void reload()} />
        </View>
      </View>
    )
  }

  const { form } = load
  return (
    <View className='report'>
      <PrivacyPopup />
      {filed ? <Filed filed={filed} /> : null}
      <EntryCard form={form} />
      {filed ? null : <ReportForm form={form} publicityId={publicityId} entryId={entryId} onFiled={setFiled} />}
    </View>
  )
}

function EntryCard({ form }: { form: ReportFormResponse }) {
  const { entry } = form
  return (
    <View className='card report-entry' data-entry-id={entry.entryId} data-status={entry.status}>
      <Text className='report-entry__heading'>{form.publicityHeading}</Text>
      <View className='report-entry__head'>
        <Text className='report-entry__name'>{entry.nomineeName}</Text>
        <Text className={`entry-status entry-status--${entry.status}`}>{entryStatusLabels[entry.status]}</Text>
      </View>
      <View className='report-entry__row'>
        <Text className='report-entry__label'>所在单位</Text>
        <Text className='report-entry__value report-entry__unit'>{entry.unitName}</Text>
      </View>
      <View className='report-entry__row'>
        <Text className='report-entry__label'>推荐称号</Text>
        <Text className='report-entry__value report-entry__title'>{entry.titleLabel}</Text>
      </View>
      <Text className='report-entry__label report-entry__summary-label'>简要事迹</Text>
      <Text className='report-entry__summary' userSelect>
        {entry.summary}
      </Text>
    </View>
  )
}

function ReportForm({
  form,
  publicityId,
  entryId,
  onFiled,
}: {
  form: ReportFormResponse
  publicityId: string
  entryId: string
  onFiled: (filed: Filing) => void
}) {
  const session = useSession()
  // One key for this filled-in form (from a cryptographic source): a re-send after a lost answer files nothing twice.
  const [requestId] = useState(() => {
    const pending = newRequestId()
    // A failure is shown when the form is sent (awaited there), not reported as unhandled meanwhile.
    pending.catch(() => undefined)
    return pending
  })
  const [category, setCategory] = useState<string | null>(null)
  const [choosing, setChoosing] = useState(true)
  const [description, setDescription] = useState('')
  const [images, setImages] = useState<EvidenceImage[]>([])
  const [contact, setContact] = useState('')
  const [notifyMe, setNotifyMe] = useState(false)
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({})
  const [error, setError] = useState<ApiError | null>(null)
  const [pending, setPending] = useState(false)

  // Whether a stored log-in goes with the report (read once; nobody needs to log in here).
  useEffect(() => {
    if (getSession().status === 'checking') void refreshSession()
  }, [])

  // Progress notices go to a member's inbox (and WeChat): only a logged-in member can ask for them.
  const canNotify = session.status === 'signedIn' && session.me.memberId !== null
  const chosen = form.categories.find((c) => c.id === category)
  const length = description.trim().length
  const final = error !== null && finalStatuses.includes(error.status)

  function choose(id: string) {
    setCategory(id)
    setChoosing(false)
    setFieldErrors((e) => ({ ...e, category: undefined }))
  }

  async function onSubmit() {
    if (pending || final) return
    const wantsNotices = notifyMe && canNotify
    let id: string
    try {
      id = await requestId
    } catch (caught) {
      setError(toApiError(caught))
      return
    }
    const body: FileReportBody = {
      requestId: id,
      category: category ?? '',
      description: description.trim(),
      evidence: images.map((i) => i.dataUrl),
      ...(contact.trim() ? { contact: contact.trim() } : {}),
      ...(wantsNotices ? { notifyMe: true } : {}),
    }
    const checked = fileReportRequest.safeParse(body)
    if (!checked.success) {
      const found: FieldErrors = {}
      for (const issue of checked.error.issues) {
        const field = fieldOf(issue.path.map(String).join('.'))
        if (field && !found[field]) found[field] = issue.message
      }
      setFieldErrors(found)
      setError(null)
      const first = fields.find((f) => found[f])
      if (first) void Taro.pageScrollTo({ selector: `#report-field-${first}`, duration: 200 }).catch(() => undefined)
      return
    }
    setFieldErrors({})
    setError(null)
    setPending(true)
    try {
      onFiled({ ...(await fileReport(publicityId, entryId, body)), notifyMe: wantsNotices })
      void Taro.pageScrollTo({ scrollTop: 0, duration: 0 }).catch(() => undefined)
    } catch (caught) {
      const apiError = toApiError(caught)
      const found: FieldErrors = {}
      for (const detail of apiError.details) {
        const field = fieldOf(detail.path)
        if (field && !found[field]) found[field] = detail.message
      }
      setFieldErrors(found)
      setError(apiError)
    } finally {
      setPending(false)
    }
  }

  return (
    <View className='report-form'>
      <View className={`card report-kind report-kind--${form.kind}`} data-kind={form.kind}>
        <Text className='report-kind__title'>{kindTitles[form.kind]}</Text>
        <Text className='report-kind__text'>{form.kindExplanation}</Text>
      </View>

      <View id='report-field-category' className={`card report-field${fieldErrors.category ? ' report-field--invalid' : ''}`}>
        <Text className='report-field__label'>举报类别</Text>
        {chosen && !choosing ? (
          // Keyed apart from the list: on H5 the tap that chooses would otherwise reach this View too and reopen the list.
          <View key='chosen' className='report-category report-category--chosen' data-category={chosen.id} onClick={() => setChoosing(true)}>
            <View className='report-category__body'>
              <Text className='report-category__label'>{chosen.label}</Text>
              {chosen.citation ? <Text className='report-category__citation'>依据：{chosen.citation}</Text> : null}
            </View>
            <Text className='report-category__change'>更改</Text>
          </View>
        ) : (
          <View key='list' className='report-categories'>
            <Text className='report-field__hint'>请选择最符合的一项，依据条款列在下方。</Text>
            {form.categories.map((c) => {
              const active = c.id === category
              return (
                <View key={c.id} className={`report-category${active ? ' report-category--active' : ''}`} data-category={c.id} onClick={() => choose(c.id)}>
                  <View className='report-category__radio'>{active ? <View className='report-category__dot' /> : null}</View>
                  <View className='report-category__body'>
                    <Text className='report-category__label'>{c.label}</Text>
                    {c.citation ? <Text className='report-category__citation'>依据：{c.citation}</Text> : null}
                  </View>
                </View>
              )
            })}
          </View>
        )}
        {fieldErrors.category ? <Text className='field-error'>{fieldErrors.category}</Text> : null}
      </View>

      <View id='report-field-description' className={`card report-field${fieldErrors.description ? ' report-field--invalid' : ''}`}>
        <Text className='report-field__label'>举报内容</Text>
        <Text className='report-field__hint'>至少 {descriptionMin} 字：请写明时间、地点、经过等具体事实，便于核查。</Text>
        <View className='report-textarea-box'>
          <Textarea
            className='report-description'
            value={description}
            maxlength={descriptionMax}
            placeholder='请如实描述您了解的情况'
           
            onInput={(e) => {
              setDescription(e.detail.value)
              if (fieldErrors.description) setFieldErrors((f) => ({ ...f, description: undefined }))
            }}
          />
        </View>
        <View className='report-counter-row'>
          <Text className={`report-counter-need${length >= descriptionMin ? ' report-counter-need--met' : ''}`}>
            {length >= descriptionMin ? '字数已满足要求' : `还需 ${descriptionMin - length} 字`}
          </Text>
          <Text className='report-counter'>
            {length}/{descriptionMax}
          </Text>
        </View>
        {fieldErrors.description ? <Text className='field-error'>{fieldErrors.description}</Text> : null}
      </View>

      <View id='report-field-evidence' className='card report-field'>
        <Text className='report-field__label'>证据图片（选填）</Text>
        <EvidencePicker images={images} onChange={setImages} disabled={pending} error={fieldErrors.evidence ?? null} />
      </View>

      <View id='report-field-contact' className={`card report-field${fieldErrors.contact ? ' report-field--invalid' : ''}`}>
        <Text className='report-field__label'>联系方式（选填）</Text>
        <Input
          className='report-contact'
          value={contact}
          maxlength={contactMax}
          placeholder='手机、邮箱等，便于核查人员联系您'
          onInput={(e) => setContact(e.detail.value)}
        />
        {fieldErrors.contact ? <Text className='field-error'>{fieldErrors.contact}</Text> : null}
        <Text className='report-anonymity'>{anonymityNote}</Text>
        {session.status === 'signedIn' ? (
          <Text className='report-anonymity report-anonymity--account'>您当前已登录：本次举报会与您的账号关联，同样加密保存，仅在核查人员申请、身份保管人批准后可查看一次；被举报方看不到举报人。</Text>
        ) : null}
        {canNotify ? (
          <View className={`report-notify${notifyMe ? ' report-notify--on' : ''}`} data-on={notifyMe ? 'true' : 'false'} onClick={() => setNotifyMe((on) => !on)}>
            <View className='report-notify__box'>{notifyMe ? <Text>✓</Text> : null}</View>
            <Text className='report-notify__label'>核查人员留言或作出结论时，在「消息通知」中告诉我</Text>
          </View>
        ) : null}
      </View>

      {error ? (
        <View className='card report-error' data-code={error.code}>
          <Text className='report-error__message'>{error.message}</Text>
          {error.details
            .filter((d) => !fieldOf(d.path))
            .map((d) => (
              <Text key={`${d.path}:${d.message}`} className='report-error__detail'>
                {d.message}
              </Text>
            ))}
          {error.code === 'NETWORK.UNREACHABLE' ? <Text className='report-error__detail'>重新提交不会重复举报。</Text> : null}
        </View>
      ) : null}

      <View className='report-submit-bar'>
        {final ? (
          <Button className='report-back' type='default' fill='outline' size='large' block onClick={() => void Taro.navigateBack()}>
            返回
          </Button>
        ) : (
          <Button className='report-submit' type='primary' size='large' block loading={pending} disabled={pending} onClick={() => void onSubmit()}>
            {pending ? '正在提交…' : error ? '重新提交' : form.kind === 'objection' ? '提交异议' : '提交举报'}
          </Button>
        )}
      </View>
    </View>
  )
}

function Filed({ filed }: { filed: Filing }) {
  return (
    <View className='report-filed'>
      <View className='card report-receipt-card'>
        <View className='report-done__icon'>
          <Text>✓</Text>
        </View>
        <Text className='report-done__title'>{filed.kind === 'objection' ? '异议已提交' : '举报已提交'}</Text>
        <Text className='report-done__message'>{filed.message}</Text>
        {/* A re-sent form answers 已提交 without the receipt: it is shown once, to the first answer (issue 15). */}
        {filed.status === '已受理' ? (
          <>
            <View className='report-receipt-box'>
              <Text className='report-receipt__label'>回执码</Text>
              <Text className='report-receipt' data-receipt={filed.receipt} userSelect>
                {groupedReceipt(filed.receipt)}
              </Text>
              <Button className='report-copy' type='primary' block onClick={() => void copyText(filed.receipt, '回执码')}>
                复制回执码
              </Button>
            </View>
            <Text className='report-receipt__warning'>{receiptWarning}</Text>
          </>
        ) : null}
        <Button className='report-followup-link' type='primary' fill='outline' block onClick={() => void Taro.navigateTo({ url: '/pages/report-followup/index' })}>
          去举报查询
        </Button>
      </View>
      {filed.notifyMe ? <ProgressOffer /> : null}
    </View>
  )
}

/** In WeChat, for a reporter who asked for progress notices: WeChat's consent too (asked now, never on launch). */
function ProgressOffer() {
  const [shown, setShown] = useState(() => shouldOfferSubscribe('afterReportFiled'))
  const [asking, setAsking] = useState(false)

  useEffect(() => {
    if (shown) void prepareSubscribe('afterReportFiled')
  }, [shown])

  if (!shown) return null

  async function enable() {
    if (asking) return
    setAsking(true)
    // Straight from the tap: WeChat opens its consent sheet only then.
    const outcome = await askToSubscribe('afterReportFiled')
    setAsking(false)
    if (outcome === 'failed') {
      void Taro.showToast({ title: '暂时无法开启通知，请稍后再试', icon: 'none' })
      return
    }
    setShown(false)
    if (outcome === 'accepted') void Taro.showToast({ title: '已开启进展通知', icon: 'success' })
  }

  return (
    <View className='card report-offer'>
      <Text className='report-offer__text'>开启进展通知：核查人员留言或作出结论时，通过微信通知您。</Text>
      <View className='report-offer__actions'>
        <Button
          type='default'
          fill='none'
          size='small'
          disabled={asking}
          onClick={() => {
            declineSubscribe('afterReportFiled')
            setShown(false)
          }}
        >
          不用了
        </Button>
        <Button type='primary' size='small' loading={asking} onClick={() => void enable()}>
          开启进展通知
        </Button>
      </View>
    </View>
  )
}
