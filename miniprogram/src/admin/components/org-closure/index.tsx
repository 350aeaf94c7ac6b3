import { useState } from 'react'
import { Picker, Text, Textarea, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { unitClosureLabels, unitClosures, type MarkClosureResponse, type UnitClosure } from '@shared/api/recovery'
import type { Org } from '@shared/domain/org'
import { ApiError, toApiError } from '../../../services/api-client'
import { Button } from '../../../components/nutui'
import { markClosure } from '../../services/recovery-api'
import './index.scss'

const beijingToday = (): string => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10)

/**
 * The unit of a grassroots union 破产、终止或撤销 (总工办发〔2020〕15号 第二十七条): shown on the org once marked; an organiser
 * above the union marks it here (never the union itself: `canMark` is false on the organiser's own org). The server
 * checks scope, the date and that it is marked once.
 */
export default function OrgClosureCard({ org, canMark }: { org: Org; canMark: boolean }) {
  const [open, setOpen] = useState(false)
  const [closure, setClosure] = useState<UnitClosure | undefined>(undefined)
  const [on, setOn] = useState(beijingToday())
  const [note, setNote] = useState('')
  const [pending, setPending] = useState(false)
  const [error, setError] = useState<ApiError | null>(null)
  const [result, setResult] = useState<MarkClosureResponse | null>(null)

  if (org.level !== 'grassroots') return null
  const marked = org.closure ?? result?.closure
  const fieldError = (path: string) => error?.details.find((d) => d.path === path)?.message

  const submit = async () => {
    if (!closure) {
      setError(new ApiError('REQUEST.INVALID', '请选择单位状态', { details: [{ path: 'closure', message: '请选择单位状态：破产、终止或撤销' }] }))
      return
    }
    const answer = await Taro.showModal({ title: `标记单位${unitClosureLabels[closure]}`, content: `标记后「${org.name}」获得的荣誉将由上一级工会收回证书和奖牌，且不能撤回。确定？` })
    if (!answer.confirm) return
    setPending(true)
    setError(null)
    try {
      setResult(await markClosure(org.orgId, { closure, on, ...(note.trim() ? { note: note.trim() } : {}) }))
      // Shown from the answer: reloading the page would remount this card and lose the list of tasks opened.
      setOpen(false)
    } catch (caught) {
      setError(toApiError(caught))
    } finally {
      setPending(false)
    }
  }

  return (
    <View className='card org-closure' data-closure={marked?.closure ?? ''}>
      <Text className='card__label'>单位状态</Text>
      {marked ? (
        <View className='org-closure__marked'>
          <Text className='org-closure__state'>单位已{unitClosureLabels[marked.closure]}（{marked.on}）</Text>
          {marked.note ? <Text className='card__hint'>{marked.note}</Text> : null}
          <Text className='card__hint'>所获荣誉的证书和奖牌由上一级工会收回，并逐级上报（总工办发〔2020〕15号 第二十七条）。</Text>
        </View>
      ) : (
        <Text className='card__hint'>正常。单位破产、终止或撤销的，由上一级工会在此标记，并收回其荣誉证书和奖牌。</Text>
      )}
      {result ? (
        <View className='org-closure__result' data-opened={result.opened.length}>
          <Text className='org-closure__line'>已开启收回证书任务 {result.opened.length} 项。</Text>
          {result.notCovered.map((n) => (
            <Text key={n.certificateNo} className='org-closure__line org-closure__line--muted'>
              {n.holderName}「{n.title}」：{n.explanation}
            </Text>
          ))}
          <Button className='org-closure__tasks' size='small' type='primary' fill='outline' onClick={() => void Taro.navigateTo({ url: `/admin/pages/recovery-tasks/index?orgId=${encodeURIComponent(org.parentId ?? org.orgId)}` })}>
            查看收回证书任务
          </Button>
        </View>
      ) : null}
      {!marked && canMark && !open ? (
        <Button className='org-closure__open' size='small' type='primary' fill='outline' onClick={() => setOpen(true)}>
          标记破产/终止/撤销
        </Button>
      ) : null}
      {!marked && canMark && open ? (
        <View className='org-closure__form'>
          <Text className='org-closure__label'>单位状态</Text>
          <View className='org-closure__chips'>
            {unitClosures.map((c) => (
              <View key={c} className={`org-closure__chip${closure === c ? ' org-closure__chip--active' : ''}`} data-value={c} onClick={() => setClosure(c)}>
                <Text>{unitClosureLabels[c]}</Text>
              </View>
            ))}
          </View>
          {fieldError('closure') ? <Text className='org-closure__error'>{fieldError('closure')}</Text> : null}
          <Text className='org-closure__label'>破产、终止或撤销日期</Text>
          <Picker mode='date' value={on} end={beijingToday()} onChange={(e) => setOn(e.detail.value)}>
            <Text className='org-closure__picker'>{on} ›</Text>
          </Picker>
          {fieldError('on') ? <Text className='org-closure__error'>{fieldError('on')}</Text> : null}
          <Text className='org-closure__label'>说明（选填）</Text>
          <Textarea className='org-closure__note' value={note} maxlength={500} placeholder='如：经市场监管部门核准注销' onInput={(e) => setNote(e.detail.value)} />
          {error && !fieldError('closure') && !fieldError('on') ? <Text className='org-closure__error'>{error.message}</Text> : null}
          <Button className='org-closure__submit' type='primary' block loading={pending} disabled={pending} onClick={() => void submit()}>
            确认标记
          </Button>
        </View>
      ) : null}
    </View>
  )
}
