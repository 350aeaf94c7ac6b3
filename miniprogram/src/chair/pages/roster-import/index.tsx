import { useEffect, useRef, useState } from 'react'
import { Progress, Text, View } from '@tarojs/components'
import Taro, { useLoad, useRouter } from '@tarojs/taro'
import { maxImportFileLabel, maxImportRows, type ImportJob } from '@shared/api/roster'
import { toApiError, type ApiError } from '../../../services/api-client'
import { commitImport, importStatus, rosterTemplate, rosterUnions, saveRosterFile } from '../../../services/roster'
import { chooseRosterFile, uploadRoster, type UploadProgress } from '../../../services/roster-import'
import { refreshSession, useSession } from '../../../services/session'
import { Button, Skeleton } from '../../../components/nutui'
import PrivacyPopup from '../../../components/privacy-popup'
import './index.scss'

/** Seconds between two polls of a preview or commit in progress (each poll also moves it on, on the server). */
const pollIntervalMs = 1_000

/**
 * 导入名册: download the template, choose a filled-in file, see the preview (new / updated / unchanged / rows with
 * problems, each problem by row and column), confirm, and follow the commit on a progress bar. Nothing is written
 * to the roster before the chair confirms.
 */
export default function RosterImportPage() {
  const { params } = useRouter()
  const session = useSession()
  const orgId = params.orgId ?? (session.status === 'signedIn' ? rosterUnions(session.me)[0]?.org.orgId : undefined)

  useLoad(() => {
    if (session.status !== 'signedIn') void refreshSession()
  })

  if (!orgId) {
    return (
      <View className='roster-import'>
        <View className='card'>
          {session.status === 'checking' ? <Skeleton rows={4} animated /> : <Text className='card__title'>仅工会主席可用</Text>}
        </View>
      </View>
    )
  }
  return <Importer orgId={orgId} />
}

type Step = { kind: 'idle' } | { kind: 'uploading'; fileName: string; progress: UploadProgress } | { kind: 'job'; job: ImportJob }

/** The upload's bar: the file's share while it is sent, full while the server checks it. */
function uploadPercent(progress: UploadProgress): number {
  return progress.step === 'signing' ? 0 : progress.step === 'sending' ? progress.percent : 100
}

function uploadLabel(fileName: string, progress: UploadProgress): string {
  if (progress.step === 'signing') return `准备上传“${fileName}”…`
  if (progress.step === 'sending') return `正在上传“${fileName}”：${progress.percent}%`
  return `正在读取“${fileName}”…`
}

function Importer({ orgId }: { orgId: string }) {
  const [step, setStep] = useState<Step>({ kind: 'idle' })
  const [error, setError] = useState<ApiError | null>(null)
  const [busy, setBusy] = useState<'template' | 'confirm' | null>(null)
  const [templateSaved, setTemplateSaved] = useState(false)
  const live = useRef(true)

  useEffect(() => {
    live.current = true
    return () => {
      live.current = false
    }
  }, [])

  const job = step.kind === 'job' ? step.job : null
  const committing = job?.status === 'committing'
  // A large file is checked in chunks on the server after the upload answers: polled like a commit.
  const working = committing || job?.status === 'previewing'

  // While previewing or committing: poll until done (each poll also drives the work on the server).
  useEffect(() => {
    if (!working || !job) return
    const timer = setTimeout(() => {
      importStatus(orgId, job.importId)
        .then((next) => live.current && setStep({ kind: 'job', job: next }))
        .catch((caught: unknown) => {
          if (!live.current) return
          setError(toApiError(caught))
          // Keep polling: a dropped request does not stop the work on the server.
          setStep({ kind: 'job', job: { ...job } })
        })
    }, pollIntervalMs)
    return () => clearTimeout(timer)
  }, [working, job, orgId])

  async function onTemplate() {
    setBusy('template')
    setError(null)
    try {
      await saveRosterFile(await rosterTemplate())
      setTemplateSaved(true)
    } catch (caught) {
      setError(toApiError(caught))
    } finally {
      setBusy(null)
    }
  }

  async function onChoose() {
    setError(null)
    let file
    try {
      file = await chooseRosterFile()
    } catch (caught) {
      setError(toApiError(caught))
      return
    }
    if (!file) return
    const fileName = file.name
    setStep({ kind: 'uploading', fileName, progress: { step: 'signing' } })
    try {
      const preview = await uploadRoster(orgId, file, (progress) => {
        if (live.current) setStep({ kind: 'uploading', fileName, progress })
      })
      if (live.current) setStep({ kind: 'job', job: preview })
    } catch (caught) {
      if (!live.current) return
      setStep({ kind: 'idle' })
      setError(toApiError(caught))
    }
  }

  async function onConfirm() {
    if (!job) return
    setBusy('confirm')
    setError(null)
    try {
      const next = await commitImport(orgId, job.importId)
      if (live.current) setStep({ kind: 'job', job: next })
    } catch (caught) {
      if (live.current) setError(toApiError(caught))
    } finally {
      if (live.current) setBusy(null)
    }
  }

  const canChoose = step.kind !== 'uploading' && !working && job?.status !== 'committed'
  return (
    <View className='roster-import'>
      <PrivacyPopup />
      <View className='card roster-import-step'>
        <Text className='card__title'>1. 下载导入模板</Text>
        <Text className='card__hint'>
          模板含“姓名、工号、性别、手机号、身份证号、所属分工会/小组、是否农民工、是否劳务派遣、入会日期”等列和填写说明。每次最多 {maxImportRows} 名会员，文件不超过 {maxImportFileLabel}。
        </Text>
        <Button className='roster-import-template' type='primary' fill='outline' loading={busy === 'template'} disabled={busy !== null} onClick={() => void onTemplate()}>
          下载模板
        </Button>
        {templateSaved ? <Text className='roster-import-ok'>模板已下载。</Text> : null}
      </View>

      <View className='card roster-import-step'>
        <Text className='card__title'>2. 选择填好的名册</Text>
        <Text className='card__hint'>{process.env.TARO_ENV === 'weapp' ? '从微信聊天中选择 .xlsx 或 .csv 文件（可先把文件发给“文件传输助手”）。' : '选择本机的 .xlsx 或 .csv 文件。'}上传后先预览，确认后才写入名册。</Text>
        <Button className='roster-import-choose' type='primary' disabled={!canChoose} loading={step.kind === 'uploading'} onClick={() => void onChoose()}>
          {job ? '重新选择文件' : '选择文件'}
        </Button>
        {step.kind === 'uploading' ? (
          <View className='roster-import-upload' data-step={step.progress.step} data-percent={uploadPercent(step.progress)}>
            <Text className='roster-import-reading'>{uploadLabel(step.fileName, step.progress)}</Text>
            <Progress percent={uploadPercent(step.progress)} strokeWidth={6} activeColor='#c8161d' backgroundColor='#f0f0f0' />
          </View>
        ) : null}
      </View>

      {error ? (
        <View className='card roster-import-error'>
          <Text className='error-message'>{error.message}</Text>
          {error.details.map((d) => (
            <Text key={`${d.path}-${d.message}`} className='roster-import-problem'>
              {d.message}
            </Text>
          ))}
        </View>
      ) : null}

      {job ? <JobCard job={job} confirming={busy === 'confirm'} onConfirm={() => void onConfirm()} onDone={() => void Taro.navigateBack().catch(() => Taro.redirectTo({ url: `/chair/pages/roster/index?orgId=${encodeURIComponent(orgId)}` }))} /> : null}
    </View>
  )
}

function Count({ kind, label, value }: { kind: string; label: string; value: number }) {
  return (
    <View className={`roster-import-count roster-import-count--${kind}`} data-kind={kind}>
      <Text className='roster-import-count__value'>{value}</Text>
      <Text className='roster-import-count__label'>{label}</Text>
    </View>
  )
}

function JobCard({ job, confirming, onConfirm, onDone }: { job: ImportJob; confirming: boolean; onConfirm: () => void; onDone: () => void }) {
  const { counts, progress } = job
  const percent = progress.total === 0 ? 100 : Math.floor((progress.processed / progress.total) * 100)
  if (job.status === 'previewing') {
    return (
      <View className='card roster-import-preview roster-import-preview--previewing' data-status={job.status}>
        <Text className='card__title'>3. 预览：{job.fileName}</Text>
        <View className='roster-import-reading-rows' data-processed={progress.processed} data-total={progress.total}>
          <Progress percent={percent} strokeWidth={8} activeColor='#c8161d' backgroundColor='#f0f0f0' showInfo />
          <Text className='roster-import-progress__text'>
            正在读取名单 {progress.processed} / {progress.total}
          </Text>
          <Text className='card__hint'>正在逐行核对每名会员，较大的名册需要一两分钟，请稍候。</Text>
        </View>
      </View>
    )
  }
  return (
    <View className={`card roster-import-preview roster-import-preview--${job.status}`} data-status={job.status}>
      <Text className='card__title'>3. 预览：{job.fileName}</Text>
      <View className='roster-import-counts'>
        <Count kind='added' label='新增' value={counts.added} />
        <Count kind='updated' label='更新' value={counts.updated} />
        <Count kind='unchanged' label='未变' value={counts.unchanged} />
        <Count kind='errors' label='有误' value={counts.errors} />
      </View>
      <Text className='roster-import-total'>共读取 {counts.total} 名会员</Text>

      {job.problems.length > 0 ? (
        <View className='roster-import-problems'>
          <Text className='roster-import-section'>请修改以下问题后重新选择文件（共 {job.problemCount} 处）：</Text>
          {job.problems.map((p) => (
            <Text key={`${p.row}-${p.column}-${p.message}`} className='roster-import-problem' data-row={p.row} data-column={p.column}>
              {p.message}
            </Text>
          ))}
          {job.problemCount > job.problems.length ? <Text className='roster-import-more'>另有 {job.problemCount - job.problems.length} 处问题未列出，改好以上问题后再次上传即可看到。</Text> : null}
        </View>
      ) : null}

      {job.status === 'previewed' && job.changes.length > 0 ? (
        <View className='roster-import-changes'>
          <Text className='roster-import-section'>将要写入（前 {job.changes.length} 行）：</Text>
          {job.changes.map((c) => (
            <Text key={c.row} className='roster-import-change'>
              第 {c.row} 行 {c.name}：{c.kind === 'added' ? '新增会员' : `更新${c.columns.join('、')}`}
            </Text>
          ))}
        </View>
      ) : null}

      {job.status === 'previewed' ? (
        counts.added + counts.updated === 0 ? (
          <Text className='card__hint roster-import-nothing'>名册已是最新，无需导入。</Text>
        ) : (
          <Button className='roster-import-confirm' type='primary' size='large' block loading={confirming} disabled={confirming} onClick={onConfirm}>
            确认导入（新增 {counts.added} 名，更新 {counts.updated} 名）
          </Button>
        )
      ) : null}

      {job.status === 'committing' || job.status === 'committed' ? (
        <View className='roster-import-progress' data-processed={progress.processed} data-total={progress.total}>
          <Progress percent={percent} strokeWidth={8} activeColor='#c8161d' backgroundColor='#f0f0f0' showInfo />
          <Text className='roster-import-progress__text'>
            {job.status === 'committed' ? '导入完成' : '正在写入名册'}：已处理 {progress.processed} / {progress.total} 行
          </Text>
        </View>
      ) : null}

      {job.status === 'committed' ? (
        <View className='roster-import-done'>
          <Text className='roster-import-ok'>
            已导入：新增 {counts.added} 名，更新 {counts.updated} 名{progress.skipped ? `，${progress.skipped} 行因名册在预览后有变化未导入` : ''}。导入记录已存档。
          </Text>
          {job.commitProblems.map((p) => (
            <Text key={`${p.row}-${p.message}`} className='roster-import-problem'>
              {p.message}
            </Text>
          ))}
          <Button className='roster-import-view' type='primary' fill='outline' size='large' block onClick={onDone}>
            查看会员名册
          </Button>
        </View>
      ) : null}
    </View>
  )
}
