import { useState } from 'react'
import { Input, Text, Textarea, View } from '@tarojs/components'
import { followUpMessageRequest, receiptCode, type FollowUpResponse } from '@shared/api/publicity'
import { toApiError, type ApiError } from '../../services/api-client'
import { followUp, followUpMessage } from '../../services/publicity'
import { chineseTime } from '../../utils/time'
import { Button } from '../../components/nutui'
import EvidencePicker from '../report/evidence-picker'
import type { EvidenceImage } from '../report/evidence'
import './index.scss'

const replyMax = 2000
const kindLabels = { objection: '异议', supervision: '监督举报' } as const

/**
 * 举报查询: the reporter enters their receipt code and sees the report's status, the messages between them and the
 * investigators, and the finding once there is one; they may add a message with pictures. The receipt stays in
 * this page's state only — never in the address, never stored on the device.
 */
export default function ReportFollowUpPage() {
  const [typed, setTyped] = useState('')
  const [receipt, setReceipt] = useState<string | null>(null)
  const [inputError, setInputError] = useState<string | null>(null)
  const [pending, setPending] = useState(false)
  const [error, setError] = useState<ApiError | null>(null)
  const [report, setReport] = useState<FollowUpResponse | null>(null)

  async function onLookUp() {
    if (pending) return
    const parsed = receiptCode.safeParse(typed)
    if (!parsed.success) {
      setInputError(parsed.error.issues[0]?.message ?? '回执码格式不正确')
      return
    }
    setInputError(null)
    setError(null)
    setPending(true)
    try {
      const found = await followUp(parsed.data)
      setReceipt(parsed.data)
      setReport(found)
    } catch (caught) {
      const apiError = toApiError(caught)
      setReport(null)
      setReceipt(null)
      const receiptDetail = apiError.details.find((d) => d.path === 'receipt')
      if (receiptDetail) setInputError(receiptDetail.message)
      else setError(apiError)
    } finally {
      setPending(false)
    }
  }

  function onForget() {
    setReceipt(null)
    setReport(null)
    setTyped('')
    setError(null)
  }

  return (
    <View className='followup'>
      {report && receipt ? (
        <>
          <ReportStatus report={report} />
          <Thread report={report} />
          <Reply receipt={receipt} onAnswered={setReport} />
          <Button className='followup-forget' type='default' fill='outline' size='large' block onClick={onForget}>
            查询其他回执码
          </Button>
        </>
      ) : (
        <View className='card followup-lookup'>
          <Text className='card__title'>凭回执码查询举报进展</Text>
          <Text className='card__hint'>输入提交举报时得到的回执码（不区分大小写，空格和短横线可省略）。查询不需要登录。</Text>
          <Input
            className='followup-input'
            value={typed}
            placeholder='如 ABCD-EFGH-JKMN-PQRS-TUVW'
            maxlength={40}
            confirmType='search'
            onInput={(e) => {
              setTyped(e.detail.value)
              if (inputError) setInputError(null)
            }}
            onConfirm={() => void onLookUp()}
          />
          {inputError ? <Text className='followup-error followup-input-error'>{inputError}</Text> : null}
          {error ? <Text className='followup-error followup-lookup-error'>{error.message}</Text> : null}
          <Button className='followup-submit' type='primary' size='large' block loading={pending} disabled={pending || typed.trim() === ''} onClick={() => void onLookUp()}>
            查询
          </Button>
          <Text className='followup-note'>回执码是查询进展和补充材料的唯一凭证，请勿告诉他人。遗失后无法找回。</Text>
        </View>
      )}
    </View>
  )
}

function ReportStatus({ report }: { report: FollowUpResponse }) {
  return (
    <View className='card followup-status' data-status={report.status}>
      <View className='followup-status__head'>
        <Text className='followup-kind'>{kindLabels[report.kind]}</Text>
        <Text className={`followup-status__label followup-status--${report.status}`}>{report.statusLabel}</Text>
      </View>
      <Text className='followup-nominee'>{report.nomineeName}</Text>
      <Text className='followup-heading'>{report.publicityHeading}</Text>
      <View className='followup-row'>
        <Text className='followup-row__label'>举报类别</Text>
        <Text className='followup-row__value followup-category'>{report.categoryLabel}</Text>
      </View>
      <View className='followup-row'>
        <Text className='followup-row__label'>提交时间</Text>
        <Text className='followup-row__value followup-filed'>{chineseTime(report.filedAt, { clock: true })}</Text>
      </View>
      {report.finding ? (
        <View className='followup-finding'>
          <Text className='followup-finding__title'>核查结论</Text>
          <Text className='followup-finding__text'>{report.finding}</Text>
        </View>
      ) : null}
      {report.identityDisclosures.map((at) => (
        <Text key={at} className='followup-disclosure'>
          你的身份信息已于 {chineseTime(at, { clock: true })} 经审批向核查人员披露。
        </Text>
      ))}
    </View>
  )
}

function Thread({ report }: { report: FollowUpResponse }) {
  return (
    <View className='card followup-thread'>
      <Text className='card__title'>沟通记录</Text>
      {report.messages.length === 0 ? (
        <Text className='card__hint followup-thread__empty'>暂无留言。核查人员需要了解情况时会在这里留言，请不时查看。</Text>
      ) : (
        report.messages.map((message, index) => (
          <View key={`${message.at}-${index}`} className={`followup-message followup-message--${message.from}`} data-from={message.from}>
            <View className='followup-message__meta'>
              <Text className='followup-message__from'>{message.from === 'reporter' ? '我' : message.from === 'system' ? '系统通知' : '核查人员'}</Text>
              <Text className='followup-message__time'>{chineseTime(message.at, { clock: true })}</Text>
            </View>
            <Text className='followup-message__text' userSelect>
              {message.text}
            </Text>
            {message.evidenceCount > 0 ? <Text className='followup-message__evidence'>附图片 {message.evidenceCount} 张</Text> : null}
          </View>
        ))
      )}
    </View>
  )
}

function Reply({ receipt, onAnswered }: { receipt: string; onAnswered: (report: FollowUpResponse) => void }) {
  const [text, setText] = useState('')
  const [images, setImages] = useState<EvidenceImage[]>([])
  const [fieldError, setFieldError] = useState<string | null>(null)
  const [error, setError] = useState<ApiError | null>(null)
  const [pending, setPending] = useState(false)

  async function onSend() {
    if (pending) return
    const parsed = followUpMessageRequest.safeParse({ text, evidence: images.map((i) => i.dataUrl) })
    if (!parsed.success) {
      setFieldError(parsed.error.issues[0]?.message ?? '请填写留言')
      return
    }
    setFieldError(null)
    setError(null)
    setPending(true)
    try {
      onAnswered(await followUpMessage(receipt, parsed.data.text, parsed.data.evidence))
      setText('')
      setImages([])
    } catch (caught) {
      setError(toApiError(caught))
    } finally {
      setPending(false)
    }
  }

  return (
    <View className='card followup-reply'>
      <Text className='card__title'>补充说明或材料</Text>
      <View className='followup-textarea-box'>
        <Textarea
          className='followup-reply-text'
          value={text}
          maxlength={replyMax}
          placeholder='回复核查人员，或补充新的情况'
         
          onInput={(e) => {
            setText(e.detail.value)
            if (fieldError) setFieldError(null)
          }}
        />
      </View>
      <Text className='followup-counter'>
        {text.trim().length}/{replyMax}
      </Text>
      {fieldError ? <Text className='followup-error'>{fieldError}</Text> : null}
      <EvidencePicker images={images} onChange={setImages} disabled={pending} />
      {error ? (
        <View className='followup-reply-error'>
          <Text className='followup-error'>{error.message}</Text>
          {error.details.map((d) => (
            <Text key={`${d.path}:${d.message}`} className='followup-error'>
              {d.message}
            </Text>
          ))}
        </View>
      ) : null}
      <Button className='followup-send' type='primary' size='large' block loading={pending} disabled={pending || text.trim() === ''} onClick={() => void onSend()}>
        发送
      </Button>
    </View>
  )
}
