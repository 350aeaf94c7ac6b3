import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react'
import { Input, Text, Textarea, View } from '@tarojs/components'
import Taro, { usePullDownRefresh } from '@tarojs/taro'
import {
  provisionalEndNote,
  type ArrangementListResponse,
  type CalendarBasis,
  type ArrangementPreviewResponse,
  type ArrangementVersionsResponse,
  type ArrangementWarning,
  type CalendarYearView,
  type SaveArrangementRequest,
  type SaveArrangementResponse,
} from '@shared/api/calendar'
import { describeCalendarYear, officialCalendar } from '@shared/calendar'
import { toApiError, type ApiError } from '../../../services/api-client'
import { arrangements, arrangementVersions, calendarYear, previewArrangement, saveArrangement, type CalendarYearOrigin } from '../../../services/calendar'
import { chineseTime } from '../../../utils/time'
import { Button, Skeleton } from '../../../components/nutui'
import ErrorState from '../../../components/error-state'
import AccessError from '../../components/access-error'
import YearGrid from '../../components/year-grid'
import { dateListText, monthDayWeekday, parseDateList, type DateListParse } from './model'
import './index.scss'

type YearSummary = ArrangementListResponse['years'][number]
type Version = ArrangementVersionsResponse['versions'][number]

type ListLoad = { status: 'loading' } | { status: 'failed'; error: ApiError } | { status: 'ready'; years: YearSummary[] }

/** Where the grid's data came from: the server, the copy kept on the phone, or the data built into the mini-program. */
type Shown = { calendar: CalendarYearView; from: CalendarYearOrigin | 'bundled'; error?: ApiError }
type YearLoad = { status: 'loading' } | { status: 'failed'; error: ApiError } | { status: 'ready'; shown: Shown }

const originLabels = { bundled: '随系统发布的内置数据', operator: '平台运维人员据通知录入' } as const

/** The year needing attention first: the earliest still counted provisionally, else the latest. */
function defaultYear(years: YearSummary[]): number | null {
  return years.find((y) => y.basis === 'provisional')?.year ?? years[years.length - 1]?.year ?? null
}

/**
 * 节假日安排 (platform operators): each year's official arrangement (国务院办公厅关于部分节假日安排的通知) as the
 * publicity windows count it. For the chosen year: what it is counted on (the notice, or 暂按法定节假日推算), the
 * whole year in twelve small months, and a form to enter or correct the notice — previewed with its warnings (a
 * statutory festival missing), saved after a confirmation, with the number of open windows whose end moved later.
 */
export default function HolidaysPage() {
  const [list, setList] = useState<ListLoad>({ status: 'loading' })
  const [year, setYear] = useState<number | null>(null)

  const loadList = useCallback(async (quiet = false) => {
    if (!quiet) setList({ status: 'loading' })
    try {
      const years = [...(await arrangements()).years].sort((a, b) => a.year - b.year)
      setList({ status: 'ready', years })
      setYear((chosen) => (chosen !== null && years.some((y) => y.year === chosen) ? chosen : defaultYear(years)))
    } catch (caught) {
      setList({ status: 'failed', error: toApiError(caught) })
    }
  }, [])

  useEffect(() => {
    void loadList()
  }, [loadList])

  usePullDownRefresh(() => {
    void loadList(true).finally(() => void Taro.stopPullDownRefresh())
  })

  let body: ReactNode
  if (list.status === 'loading') {
    body = (
      <View className='card'>
        <Skeleton rows={6} animated />
      </View>
    )
  } else if (list.status === 'failed') {
    body = (
      <AccessError
        error={list.error}
        forbidden='只有平台运维人员可以维护节假日安排'
        hint='节假日安排由平台运维人员根据国务院办公厅的通知录入。如发现安排有误，请联系平台运维人员。'
        onRetry={() => void loadList()}
      />
    )
  } else if (list.years.length === 0 || year === null) {
    body = (
      <View className='card holidays-empty'>
        <Text className='card__title'>暂无可维护的年份</Text>
        <Text className='card__hint'>服务器没有列出年份。请稍后下拉刷新。</Text>
      </View>
    )
  } else {
    const summary = list.years.find((y) => y.year === year)
    body = (
      <>
        <View className='card holidays-years'>
          <Text className='card__label'>选择年份</Text>
          <View className='holidays-chips'>
            {list.years.map((y) => (
              <View
                key={y.year}
                className={`holidays-year${y.year === year ? ' holidays-year--active' : ''} holidays-year--${y.basis}`}
                data-year={y.year}
                data-basis={y.basis}
                onClick={() => setYear(y.year)}
              >
                <Text className='holidays-year__value'>{y.year}</Text>
                <Text className='holidays-year__basis'>{y.basis === 'official' ? '已载入' : '暂按推算'}</Text>
              </View>
            ))}
          </View>
        </View>
        {summary ? (
          <YearPanel key={year} summary={summary} nextYearBasis={list.years.find((y) => y.year === year + 1)?.basis} onSaved={() => void loadList(true)} />
        ) : null}
      </>
    )
  }

  return (
    <View className='holidays'>
      <View className='holidays-intro'>
        <Text className='holidays-intro__text'>
          公示期按法定工作日计算。每年的放假和调休以国务院办公厅关于部分节假日安排的通知为准，通知发布后请据原文录入。尚未录入的年份暂按法定节假日推算：只会让公示截止时间推后，不会提前；录入后进行中的公示按新安排重新计算，需要时顺延。
        </Text>
      </View>
      {body}
    </View>
  )
}

/** The bundled calendar's view of a year, for when neither the server nor the phone's copy answers. */
function bundledYear(year: number): CalendarYearView | null {
  try {
    return describeCalendarYear(officialCalendar(), year)
  } catch {
    // A year outside what the built-in data can count: nothing to show offline.
    return null
  }
}

function YearPanel({ summary, nextYearBasis, onSaved }: { summary: YearSummary; nextYearBasis: CalendarBasis | undefined; onSaved: () => void }) {
  const { year, version } = summary
  const [load, setLoad] = useState<YearLoad>({ status: 'loading' })
  const [versions, setVersions] = useState<Version[] | null>(null)
  const [versionsError, setVersionsError] = useState<ApiError | null>(null)
  const [editing, setEditing] = useState(false)
  const [saved, setSaved] = useState<SaveArrangementResponse | null>(null)

  const loadYear = useCallback(async () => {
    setLoad({ status: 'loading' })
    try {
      setLoad({ status: 'ready', shown: await calendarYear(year) })
    } catch (caught) {
      const error = toApiError(caught)
      const bundled = error.status === 0 || error.status >= 500 ? bundledYear(year) : null
      setLoad(bundled ? { status: 'ready', shown: { calendar: bundled, from: 'bundled', error } } : { status: 'failed', error })
    }
  }, [year])

  const loadVersions = useCallback(async () => {
    setVersionsError(null)
    if (version === 0) {
      setVersions([])
      return
    }
    setVersions(null)
    try {
      setVersions((await arrangementVersions(year)).versions)
    } catch (caught) {
      setVersionsError(toApiError(caught))
    }
  }, [year, version])

  useEffect(() => {
    void loadYear()
  }, [loadYear, version])

  useEffect(() => {
    void loadVersions()
  }, [loadVersions])

  const latest = versions?.[0] ?? null
  const correcting = version > 0

  return (
    <View className='holidays-year-panel' data-year={year}>
      <YearSummaryCard summary={summary} nextYearBasis={nextYearBasis} load={load} onRetry={() => void loadYear()} />

      {saved ? <SavedCard saved={saved} /> : null}

      {editing ? (
        correcting && versions === null ? (
          <View className='card'>
            {versionsError ? <ErrorState message={versionsError.message} onRetry={() => void loadVersions()} /> : <Skeleton rows={4} animated />}
          </View>
        ) : (
          <ArrangementForm
            year={year}
            version={version}
            latest={latest}
            nextYearBasis={nextYearBasis}
            onCancel={() => setEditing(false)}
            onSaved={(result) => {
              setSaved(result)
              setEditing(false)
              onSaved()
            }}
            onStale={onSaved}
          />
        )
      ) : (
        <View className='card holidays-actions'>
          <Text className='card__hint'>
            {correcting
              ? `${year} 年的安排已录入（第 ${version} 版）。如与通知原文不符，可以更正，须写明原因；每一版都会保留。`
              : `国务院办公厅的 ${year} 年节假日安排通知发布后，请据原文录入放假日期和调休上班日期。`}
          </Text>
          <Button
            className='holidays-edit'
            type='primary'
            size='large'
            block
            onClick={() => {
              setSaved(null)
              setEditing(true)
            }}
          >
            {correcting ? `更正 ${year} 年安排` : `录入 ${year} 年安排`}
          </Button>
        </View>
      )}

      {correcting ? <VersionHistory versions={versions} error={versionsError} onRetry={() => void loadVersions()} /> : null}
    </View>
  )
}

function YearSummaryCard({ summary, nextYearBasis, load, onRetry }: { summary: YearSummary; nextYearBasis: CalendarBasis | undefined; load: YearLoad; onRetry: () => void }) {
  const shown = load.status === 'ready' ? load.shown : null
  // The grid's own answer is newer than the list's when the two differ (it was read after).
  const view = shown?.calendar ?? summary
  const provisional = view.basis === 'provisional'
  return (
    <>
      <View className={`card holidays-summary holidays-summary--${view.basis}`} data-basis={view.basis}>
        <View className='holidays-summary__head'>
          <Text className='holidays-summary__year'>{summary.year} 年</Text>
          <Text className={`holidays-basis holidays-basis--${view.basis}`}>{view.basisLabel}</Text>
        </View>
        {view.notice ? (
          <View className='holidays-notice'>
            <Text className='holidays-notice__title'>{view.notice.title}</Text>
            <Text className='holidays-line'>文号：{view.notice.documentNumber}</Text>
            <Text className='holidays-line'>发布日期：{view.notice.publishedOn}</Text>
          </View>
        ) : null}
        <Text className='holidays-line holidays-source'>来源：{view.source}</Text>
        <Text className='holidays-line holidays-version'>
          {view.origin === 'operator' ? `版本：第 ${view.version} 版（${originLabels.operator}）` : view.origin === 'bundled' ? `版本：${originLabels.bundled}` : '版本：尚未录入'}
        </Text>
        {shown ? <Text className='holidays-line'>全年工作日：{shown.calendar.workingDayCount} 天</Text> : null}
        {provisional ? <Text className='holidays-provisional-note'>{provisionalEndNote}。</Text> : null}
      </View>

      <View className='card holidays-grid-card'>
        <Text className='card__title'>{summary.year} 年日历</Text>
        {load.status === 'loading' ? <Skeleton rows={8} animated /> : null}
        {load.status === 'failed' ? <ErrorState message={load.error.message} onRetry={onRetry} /> : null}
        {shown ? (
          <>
            {shown.from === 'cache' ? (
              <Text className='holidays-offline'>暂时无法连接服务器，以下是本机上次读取的数据（{shown.error?.message ?? '网络异常'}）。</Text>
            ) : null}
            {shown.from === 'bundled' ? (
              <Text className='holidays-offline holidays-offline--bundled'>暂时无法连接服务器，以下是小程序内置的节假日数据，不含平台运维人员后来录入的安排。</Text>
            ) : null}
            <YearGrid calendar={shown.calendar} nextYearBasis={nextYearBasis} />
          </>
        ) : null}
      </View>
    </>
  )
}

// ---- the form ---------------------------------------------------------------------------------------------

const fieldPaths = ['title', 'documentNumber', 'publishedOn', 'holidays', 'workdays', 'reason'] as const

function errorsAt(error: ApiError | null, path: string): string[] {
  if (!error) return []
  return error.details.filter((d) => d.path === path || d.path.startsWith(`${path}[`) || d.path.startsWith(`${path}.`)).map((d) => d.message)
}

interface ArrangementFormProps {
  year: number
  /** The version shown (0: never entered). */
  version: number
  /** The version being corrected, to start from. */
  latest: Version | null
  nextYearBasis: CalendarBasis | undefined
  onCancel: () => void
  onSaved: (saved: SaveArrangementResponse) => void
  /** Someone saved meanwhile: reload what the page shows. */
  onStale: () => void
}

function ArrangementForm({ year, version, latest, nextYearBasis, onCancel, onSaved, onStale }: ArrangementFormProps) {
  const correcting = version > 0
  const [title, setTitle] = useState(latest?.notice.title ?? '')
  const [documentNumber, setDocumentNumber] = useState(latest?.notice.documentNumber ?? '')
  const [publishedOn, setPublishedOn] = useState(latest?.notice.publishedOn ?? '')
  const [holidaysText, setHolidaysText] = useState(latest ? dateListText(latest.holidays) : '')
  const [workdaysText, setWorkdaysText] = useState(latest ? dateListText(latest.workdays) : '')
  const [reason, setReason] = useState('')
  const [pending, setPending] = useState<'preview' | 'save' | null>(null)
  const [error, setError] = useState<ApiError | null>(null)
  const [preview, setPreview] = useState<ArrangementPreviewResponse | null>(null)

  const holidays = useMemo(() => parseDateList(holidaysText, year), [holidaysText, year])
  const workdays = useMemo(() => parseDateList(workdaysText, year), [workdaysText, year])
  const unreadable = holidays.problems.length > 0 || workdays.problems.length > 0

  const edited = <T,>(set: (value: T) => void) => (value: T) => {
    set(value)
    setError(null)
    setPreview(null)
  }

  const input = () => ({ year, title: title.trim(), documentNumber: documentNumber.trim(), publishedOn: publishedOn.trim(), holidays: holidays.days, workdays: workdays.days })

  async function runPreview() {
    if (pending || unreadable) return
    setPending('preview')
    setError(null)
    try {
      setPreview(await previewArrangement(input()))
    } catch (caught) {
      setPreview(null)
      setError(toApiError(caught))
    } finally {
      setPending(null)
    }
  }

  async function save() {
    if (pending || unreadable) return
    const { confirm } = await Taro.showModal({
      title: `保存 ${year} 年节假日安排`,
      content: '保存后，进行中的公示按新安排重新计算截止时间：只会顺延，不会提前；顺延的公示会通知相关人员。',
      confirmText: '保存',
    })
    if (!confirm) return
    setPending('save')
    setError(null)
    const body: SaveArrangementRequest = { ...input(), expectedVersion: version, ...(correcting ? { reason: reason.trim() } : {}) }
    try {
      onSaved(await saveArrangement(body))
    } catch (caught) {
      setError(toApiError(caught))
    } finally {
      setPending(null)
    }
  }

  const conflict = error?.code === 'CALENDAR.VERSION_CONFLICT'
  const unplaced = error ? error.details.filter((d) => !fieldPaths.some((p) => d.path === p || d.path.startsWith(`${p}[`) || d.path.startsWith(`${p}.`))) : []

  return (
    <View className='card holidays-form'>
      <Text className='card__title'>{correcting ? `更正 ${year} 年安排（现为第 ${version} 版）` : `录入 ${year} 年安排`}</Text>
      <Text className='card__hint'>请对照国务院办公厅通知原文填写。日期每行一个，连续的日期可写成范围，如 {year}-10-01至{year}-10-07，也可照通知写 10月1日至7日；可在行首注明节日。</Text>

      <Field label='通知标题' errors={errorsAt(error, 'title')}>
        <Input
          className='holidays-input holidays-title'
          value={title}
          maxlength={100}
          placeholder={`国务院办公厅关于${year}年部分节假日安排的通知`}
          onInput={(e) => edited(setTitle)(e.detail.value)}
        />
      </Field>

      <Field label='文号' errors={errorsAt(error, 'documentNumber')}>
        <Input
          className='holidays-input holidays-document-number'
          value={documentNumber}
          maxlength={40}
          placeholder={`如：国办发明电〔${year - 1}〕X号`}
          onInput={(e) => edited(setDocumentNumber)(e.detail.value)}
        />
      </Field>

      <Field label='发布日期' errors={errorsAt(error, 'publishedOn')}>
        <Input
          className='holidays-input holidays-published-on'
          value={publishedOn}
          maxlength={10}
          placeholder={`YYYY-MM-DD，如 ${year - 1}-11-12`}
          onInput={(e) => edited(setPublishedOn)(e.detail.value)}
        />
      </Field>

      <Field label='放假日期' errors={errorsAt(error, 'holidays')}>
        <View className='holidays-textarea-box'>
          <Textarea
            className='holidays-textarea holidays-holidays'
            value={holidaysText}
            maxlength={-1}
            placeholder={`元旦 ${year}-01-01至${year}-01-03\n春节 …`}
            onInput={(e) => edited(setHolidaysText)(e.detail.value)}
          />
        </View>
        <Understood parse={holidays} unit='放假' kind='holidays' />
      </Field>

      <Field label='调休上班日期（周六或周日）' errors={errorsAt(error, 'workdays')}>
        <View className='holidays-textarea-box'>
          <Textarea
            className='holidays-textarea holidays-workdays'
            value={workdaysText}
            maxlength={-1}
            placeholder={`如：${year}-02-20\n没有调休上班可不填`}
            onInput={(e) => edited(setWorkdaysText)(e.detail.value)}
          />
        </View>
        <Understood parse={workdays} unit='上班' kind='workdays' />
      </Field>

      {correcting ? (
        <Field label='更正原因' errors={errorsAt(error, 'reason')}>
          <View className='holidays-textarea-box'>
            <Textarea
              className='holidays-textarea holidays-reason'
              value={reason}
              maxlength={200}
              placeholder='如：国庆调休上班日期录入有误，据通知原文更正'
              onInput={(e) => edited(setReason)(e.detail.value)}
            />
          </View>
        </Field>
      ) : null}

      {error && (conflict || unplaced.length > 0 || error.details.length === 0) ? (
        <View className='holidays-failure'>
          <Text className='error-message holidays-failure__message'>{conflict ? '保存前已有人保存了新的版本。请查看最新内容，再决定是否更正。' : error.message}</Text>
          {unplaced.map((d) => (
            <Text key={`${d.path}:${d.message}`} className='holidays-error'>
              · {d.message}
            </Text>
          ))}
          {conflict ? (
            <Button className='holidays-reload' type='primary' fill='outline' block onClick={onStale}>
              载入最新内容
            </Button>
          ) : null}
        </View>
      ) : null}
      {unreadable ? <Text className='holidays-error holidays-unreadable'>有日期未能识别，请先修改标红的内容。</Text> : null}

      <View className='holidays-form__actions'>
        <Button type='default' fill='outline' disabled={pending !== null} onClick={onCancel}>
          取消
        </Button>
        <Button className='holidays-preview' type='primary' fill='outline' loading={pending === 'preview'} disabled={pending !== null || unreadable} onClick={() => void runPreview()}>
          预览
        </Button>
        <Button className='holidays-save' type='primary' loading={pending === 'save'} disabled={pending !== null || unreadable} onClick={() => void save()}>
          保存
        </Button>
      </View>

      {preview ? <PreviewPanel preview={preview} nextYearBasis={nextYearBasis} /> : null}
    </View>
  )
}

function Field({ label, errors, children }: { label: string; errors: string[]; children: ReactNode }) {
  return (
    <View className={`holidays-field${errors.length > 0 ? ' holidays-field--error' : ''}`}>
      <Text className='holidays-field__label'>{label}</Text>
      {children}
      {errors.map((message) => (
        <Text key={message} className='holidays-error holidays-field__error'>
          {message}
        </Text>
      ))}
    </View>
  )
}

/** What the typed list was read as: each span with its weekday and length, and what could not be read. */
function Understood({ parse, unit, kind }: { parse: DateListParse; unit: string; kind: 'holidays' | 'workdays' }) {
  if (parse.spans.length === 0 && parse.problems.length === 0) return null
  return (
    <View className={`holidays-understood holidays-understood--${kind}`}>
      {parse.spans.length > 0 ? (
        <Text className='holidays-understood__total'>
          识别为 {parse.days.length} 天{unit}：
        </Text>
      ) : null}
      {parse.spans.map((s) => (
        <Text key={`${s.from}:${s.to}:${s.label}`} className='holidays-understood__span'>
          {s.label ? `${s.label}：` : ''}
          {s.from === s.to ? monthDayWeekday(s.from) : `${monthDayWeekday(s.from)} 至 ${monthDayWeekday(s.to)}，${s.days} 天`}
        </Text>
      ))}
      {parse.problems.map((p) => (
        <Text key={p} className='holidays-error holidays-understood__problem'>
          {p}
        </Text>
      ))}
    </View>
  )
}

function PreviewPanel({ preview, nextYearBasis }: { preview: ArrangementPreviewResponse; nextYearBasis: CalendarBasis | undefined }) {
  const { calendar, warnings } = preview
  return (
    <View className='holidays-preview-panel' data-warnings={warnings.length}>
      <Text className='holidays-preview-panel__title'>预览（尚未保存）</Text>
      <Text className='holidays-line'>
        按此安排，{calendar.year} 年共 {calendar.workingDayCount} 个工作日，工作日放假 {calendar.daysOff.length} 天，调休上班 {calendar.makeUpWorkdays.length} 天。
      </Text>
      <Warnings warnings={warnings} />
      <YearGrid calendar={calendar} nextYearBasis={nextYearBasis} />
    </View>
  )
}

function Warnings({ warnings }: { warnings: ArrangementWarning[] }) {
  if (warnings.length === 0) {
    return <Text className='holidays-warnings-none'>已包含《全国年节及纪念日放假办法》规定的全部法定假日。</Text>
  }
  return (
    <View className='holidays-warnings'>
      <Text className='holidays-warnings__title'>请核对（仍可保存）：</Text>
      {warnings.map((w) => (
        <Text key={`${w.festival}:${w.days.join(',')}`} className='holidays-warning' data-festival={w.festival}>
          {w.message}
        </Text>
      ))}
    </View>
  )
}

function SavedCard({ saved }: { saved: SaveArrangementResponse }) {
  const { calendar, recomputed, warnings } = saved
  return (
    <View className='card holidays-saved' data-extended={recomputed.extended} data-unchanged={recomputed.unchanged}>
      <Text className='card__title'>
        已保存 {calendar.year} 年节假日安排（第 {calendar.version} 版）
      </Text>
      <Text className='holidays-saved__recomputed'>
        {recomputed.extended + recomputed.unchanged === 0
          ? '目前没有进行中的公示受此影响。'
          : `进行中的公示已按新安排重新计算：${recomputed.extended} 个公示截止时间顺延（已通知相关人员），${recomputed.unchanged} 个不变。`}
      </Text>
      {warnings.length > 0 ? <Warnings warnings={warnings} /> : null}
    </View>
  )
}

function VersionHistory({ versions, error, onRetry }: { versions: Version[] | null; error: ApiError | null; onRetry: () => void }) {
  return (
    <View className='card holidays-history'>
      <Text className='card__title'>录入记录</Text>
      {error ? <ErrorState message={error.message} onRetry={onRetry} /> : null}
      {!error && versions === null ? <Skeleton rows={3} animated /> : null}
      {versions?.map((v) => (
        <View key={v.version} className='holidays-history__item' data-version={v.version}>
          <Text className='holidays-history__head'>
            第 {v.version} 版 · {chineseTime(v.enteredAt, { clock: true })} · 录入人 {v.enteredBy}
          </Text>
          <Text className='holidays-line'>
            {v.notice.documentNumber}，放假 {v.holidays.length} 天，调休上班 {v.workdays.length} 天
          </Text>
          {v.reason ? <Text className='holidays-line'>更正原因：{v.reason}</Text> : null}
        </View>
      ))}
    </View>
  )
}
