import { useState } from 'react'
import { Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { honourImportColumns, maxHonourImportRows, type HonourImportJob } from '@shared/api/register'
import { toApiError } from '../../../services/api-client'
import { chooseRosterFile } from '../../../services/roster-import'
import { Button } from '../../../components/nutui'
import { commitHonourImport, previewHonourImport } from '../../services/register-api'
import PrivacyPopup from '../../../components/privacy-popup'
import './index.scss'

type Step = { status: 'idle' } | { status: 'busy'; what: string } | { status: 'previewed'; job: HonourImportJob } | { status: 'done'; job: HonourImportJob }

/**
 * 补录历史荣誉档案: the organiser picks an .xlsx or .csv of honours from paper records, sees every problem by row and
 * column, and confirms; the honours then enter the register of `orgId` (the organiser's federation) with their history.
 */
export default function HonourImportPage() {
  const { params } = useRouter()
  const orgId = decodeURIComponent(params.orgId ?? '')
  const [step, setStep] = useState<Step>({ status: 'idle' })
  const [error, setError] = useState<string | null>(null)

  const choose = async () => {
    setError(null)
    try {
      const file = await chooseRosterFile()
      if (!file) return
      setStep({ status: 'busy', what: `正在检查「${file.name}」…` })
      setStep({ status: 'previewed', job: await previewHonourImport(orgId, file) })
    } catch (caught) {
      setError(toApiError(caught).message)
      setStep({ status: 'idle' })
    }
  }

  const confirm = async (job: HonourImportJob) => {
    setError(null)
    setStep({ status: 'busy', what: `正在写入 ${job.counts.valid} 条荣誉档案…` })
    try {
      setStep({ status: 'done', job: await commitHonourImport(orgId, job.importId) })
    } catch (caught) {
      setError(toApiError(caught).message)
      setStep({ status: 'previewed', job })
    }
  }

  return (
    <View className='honour-import'>
      <PrivacyPopup />
      <View className='card'>
        <Text className='card__title'>从纸质档案补录</Text>
        <Text className='card__hint'>
          第 1 行为列名：{honourImportColumns.map((c) => `${c.header}${c.required ? '' : '（选填）'}`).join('、')}。获得者类型填「集体」或「个人」；个人须填所在工会。每次最多 {maxHonourImportRows} 条，.xlsx 或 .csv 文件。
        </Text>
        <Button className='honour-import-choose' type='primary' block disabled={step.status === 'busy'} onClick={() => void choose()}>
          选择文件
        </Button>
        {step.status === 'busy' ? <Text className='honour-import-busy'>{step.what}</Text> : null}
        {error ? <Text className='honour-import-error'>{error}</Text> : null}
      </View>
      {step.status === 'previewed' ? <Preview job={step.job} onConfirm={() => void confirm(step.job)} /> : null}
      {step.status === 'done' ? (
        <View className='card honour-import-done' data-written={String(step.job.written ?? 0)}>
          <Text className='card__title'>已补录 {step.job.written ?? 0} 条荣誉档案</Text>
          {(step.job.skipped ?? []).map((p) => (
            <Text key={`${p.row}-${p.message}`} className='honour-import-problem'>
              {p.message}
            </Text>
          ))}
          <Button className='honour-import-back' fill='outline' block onClick={() => void Taro.navigateBack()}>
            返回荣誉档案
          </Button>
        </View>
      ) : null}
    </View>
  )
}

function Preview({ job, onConfirm }: { job: HonourImportJob; onConfirm: () => void }) {
  return (
    <View className='card honour-import-preview' data-status={job.status}>
      <Text className='honour-import-counts'>
        共 {job.counts.total} 条：可导入 {job.counts.valid} 条，有误 {job.counts.errors} 条
      </Text>
      {job.problems.length > 0 ? (
        <View className='honour-import-problems'>
          <Text className='honour-import-section'>请修改以下问题后重新选择文件（共 {job.problemCount} 处）：</Text>
          {job.problems.map((p) => (
            <Text key={`${p.row}-${p.column}-${p.message}`} className='honour-import-problem' data-row={p.row} data-column={p.column}>
              {p.message}
            </Text>
          ))}
          {job.problemCount > job.problems.length ? <Text className='honour-import-problem'>另有 {job.problemCount - job.problems.length} 处问题未列出。</Text> : null}
        </View>
      ) : (
        <Button className='honour-import-confirm' type='primary' block onClick={onConfirm}>
          确认导入 {job.counts.valid} 条
        </Button>
      )}
    </View>
  )
}
