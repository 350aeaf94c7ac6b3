import { useState } from 'react'
import { Input, Text, View } from '@tarojs/components'
import { useLoad, useRouter } from '@tarojs/taro'
import { certificateNo as certificateNoSchema, type CertificateCheckResponse } from '@shared/api/certificate'
import { toApiError } from '../../services/api-client'
import { checkCertificate } from '../../services/certificate'
import { Button } from '../../components/nutui'
import { chineseDay } from '../../utils/time'
import './index.scss'

/** The number from ?no=…, as a QR code or link carries it; a malformed escape is kept as typed. */
function numberFrom(raw: string | undefined): string {
  if (!raw) return ''
  try {
    return decodeURIComponent(raw)
  } catch {
    return raw
  }
}

/**
 * 荣誉证书查询: anyone — no log-in — types a certificate number, or arrives with ?no=… from a certificate's QR code or
 * link, and reads whether the honour stands (有效) or was revoked (已撤销, with the date and the article). It shows what
 * the public award list showed and nothing more.
 */
export default function CertificateCheckPage() {
  const { params } = useRouter()
  const [number, setNumber] = useState(numberFrom(params.no))
  const [inputError, setInputError] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [pending, setPending] = useState(false)
  const [answer, setAnswer] = useState<CertificateCheckResponse | null>(null)

  async function onCheck(value = number) {
    if (pending) return
    setAnswer(null)
    setError(null)
    const parsed = certificateNoSchema.safeParse(value)
    if (!parsed.success) {
      setInputError(parsed.error.issues[0]?.message ?? '证书编号格式不正确')
      return
    }
    setInputError(null)
    setPending(true)
    try {
      setAnswer(await checkCertificate(parsed.data))
    } catch (caught) {
      const apiError = toApiError(caught)
      const field = apiError.details.find((d) => d.path === 'certificateNo')
      if (field) setInputError(field.message)
      else setError(apiError.message)
    } finally {
      setPending(false)
    }
  }

  useLoad(() => {
    if (params.no) void onCheck(numberFrom(params.no))
  })

  return (
    <View className='certificate-check'>
      <View className='card'>
        <Text className='card__title'>荣誉证书查询</Text>
        <Text className='card__hint'>输入证书上的编号，查询该荣誉是否有效。查询不需要登录；扫描证书上的二维码可直接查询。</Text>
        <Text className='certificate-check-label'>证书编号</Text>
        <Input
          className='certificate-check-input'
          value={number}
          placeholder='如 ACFTU-2020-2026-0001'
          maxlength={64}
          confirmType='search'
          onInput={(e) => setNumber(e.detail.value)}
          onConfirm={() => void onCheck()}
        />
        {inputError ? <Text className='certificate-check-error certificate-check-input-error'>{inputError}</Text> : null}
        <Button className='certificate-check-submit' type='primary' size='large' block loading={pending} disabled={pending || number.trim() === ''} onClick={() => void onCheck()}>
          查询
        </Button>
        {error ? <Text className='certificate-check-error certificate-check-failure'>{error}</Text> : null}
      </View>

      {answer ? (
        <View className={`card certificate-check-result certificate-check-result--${answer.status.state}`} data-state={answer.status.state} data-certificate={answer.certificateNo}>
          <Text className='certificate-check-result__state'>{answer.status.label}</Text>
          <Row label='证书编号' value={answer.certificateNo} name='no' />
          <Row label='荣誉称号' value={answer.title} name='title' />
          <Row label='获得者' value={answer.holderName} name='holder' />
          <Row label='授予单位' value={answer.awardingBody} name='body' />
          <Row label='评选活动' value={answer.campaignName} name='campaign' />
          <Row label='授予日期' value={chineseDay(answer.awardedOn)} name='date' />
          {answer.status.state === 'revoked' ? (
            <>
              <Row label='撤销日期' value={answer.status.revokedOn === '未载明' ? '未载明' : chineseDay(answer.status.revokedOn)} name='revoked-on' />
              <Row label='撤销依据' value={answer.status.citation} name='citation' />
            </>
          ) : null}
          {answer.status.state === 'recovered' ? (
            <>
              <Row label='收回日期' value={chineseDay(answer.status.recoveredOn)} name='recovered-on' />
              <Row label='收回原因' value={answer.status.explanation} name='explanation' />
              <Row label='收回依据' value={answer.status.citation} name='citation' />
            </>
          ) : null}
        </View>
      ) : null}
    </View>
  )
}

function Row({ label, value, name }: { label: string; value: string; name: string }) {
  return (
    <View className={`certificate-check-row certificate-check-row--${name}`}>
      <Text className='certificate-check-row__label'>{label}</Text>
      <Text className='certificate-check-row__value'>{value}</Text>
    </View>
  )
}
