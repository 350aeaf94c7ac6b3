import { useCallback, useEffect, useState } from 'react'
import { Checkbox, CheckboxGroup, Input, Label, Picker, Text, Textarea, View } from '@tarojs/components'
import Taro, { usePullDownRefresh, useRouter } from '@tarojs/taro'
import type { RecoveryTask } from '@shared/api/recovery'
import { toApiError, type ApiError } from '../../../services/api-client'
import { Button, Skeleton } from '../../../components/nutui'
import AccessError from '../../components/access-error'
import { recordRecovery, recoveryTask } from '../../services/recovery-api'
import './index.scss'

const forbidden = '只有组织者可以查看收回证书任务'
const hint = '收回证书任务向办理收回的上一级工会及其上级工会的组织者开放。'
const beijingToday = (): string => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10)

type Load = { status: 'loading' } | { status: 'failed'; error: ApiError } | { status: 'ready'; task: RecoveryTask }

/**
 * One 收回证书 task (`?taskId=`): what is recovered, from whom and why, with the article; the recovering body's
 * organiser records it — 证书 and/or 奖牌, the date (not before the award, not in the future), 经办人, 说明 — and the
 * level above is told (「并逐级上报」). The server checks scope, dates and the version again.
 */
export default function RecoveryTaskPage() {
  const { params } = useRouter()
  const taskId = params.taskId ? decodeURIComponent(params.taskId) : ''
  const [load, setLoad] = useState<Load>({ status: 'loading' })
  const [items, setItems] = useState<string[]>(['certificate', 'plaque'])
  const [on, setOn] = useState(beijingToday())
  const [by, setBy] = useState('')
  const [note, setNote] = useState('')
  const [pending, setPending] = useState(false)
  const [error, setError] = useState<ApiError | null>(null)

  const reload = useCallback(async () => {
    setLoad({ status: 'loading' })
    try {
      setLoad({ status: 'ready', task: await recoveryTask(taskId) })
    } catch (caught) {
      setLoad({ status: 'failed', error: toApiError(caught) })
    }
  }, [taskId])
  useEffect(() => {
    void reload()
  }, [reload])
  usePullDownRefresh(() => {
    void reload().finally(() => void Taro.stopPullDownRefresh())
  })

  if (load.status === 'loading') {
    return (
      <View className='recovery'>
        <View className='card'>
          <Skeleton rows={6} animated />
        </View>
      </View>
    )
  }
  if (load.status === 'failed') {
    return (
      <View className='recovery'>
        <AccessError error={load.error} forbidden={forbidden} hint={hint} onRetry={() => void reload()} />
      </View>
    )
  }
  const t = load.task
  const fieldError = (path: string) => error?.details.find((d) => d.path === path)?.message
  const shown = ['certificate', 'recoveredOn', 'recoveredBy', 'note']

  const submit = async () => {
    setPending(true)
    setError(null)
    try {
      const task = await recordRecovery(t.taskId, { version: t.version, certificate: items.includes('certificate'), plaque: items.includes('plaque'), recoveredOn: on, recoveredBy: by, ...(note.trim() ? { note: note.trim() } : {}) })
      setLoad({ status: 'ready', task })
      void Taro.showToast({ title: '已收回并上报', icon: 'success' })
    } catch (caught) {
      setError(toApiError(caught))
    } finally {
      setPending(false)
    }
  }

  const facts: [string, string][] = [
    ['证书编号', t.certificateNo],
    ['获得者', t.holderKind === 'person' ? `${t.holderName}（${t.holderOrgName}）` : t.holderName],
    ['所在单位工会', t.unitOrgName],
    ['授予日期', t.awardedOn || '—'],
    ['收回原因', t.reason.label],
    ['依据', t.reason.citation],
    ['收回单位', `${t.bodyOrgName}（上一级工会）`],
    ['开启日期', t.openedOn],
  ]
  return (
    <View className='recovery recovery-task' data-task={t.taskId} data-status={t.status}>
      <View className='card'>
        <View className='recovery-row__head'>
          <Text className='recovery-task__title'>{t.title}</Text>
          <Text className={`recovery-state recovery-state--${t.status}`}>{t.statusLabel}</Text>
        </View>
        {facts.map(([label, value]) => (
          <View key={label} className='recovery-fact'>
            <Text className='recovery-fact__label'>{label}</Text>
            <Text className='recovery-fact__value'>{value}</Text>
          </View>
        ))}
        <Button className='recovery-honour' size='small' fill='outline' type='primary' onClick={() => void Taro.navigateTo({ url: `/admin/pages/honours/index?no=${encodeURIComponent(t.certificateNo)}` })}>
          查看荣誉档案
        </Button>
      </View>
      {t.recovery ? (
        <View className='card recovery-done'>
          <Text className='card__label'>收回记录</Text>
          <View className='recovery-fact'>
            <Text className='recovery-fact__label'>收回</Text>
            <Text className='recovery-fact__value'>{[t.recovery.certificate ? '证书' : '', t.recovery.plaque ? '奖牌' : ''].filter(Boolean).join('、')}</Text>
          </View>
          <View className='recovery-fact'>
            <Text className='recovery-fact__label'>收回日期</Text>
            <Text className='recovery-fact__value'>{t.recovery.recoveredOn}</Text>
          </View>
          <View className='recovery-fact'>
            <Text className='recovery-fact__label'>经办人</Text>
            <Text className='recovery-fact__value'>{t.recovery.recoveredBy}</Text>
          </View>
          {t.recovery.note ? <Text className='card__hint'>{t.recovery.note}</Text> : null}
          <Text className='card__hint'>已向上一级工会报告。</Text>
        </View>
      ) : t.canRecord ? (
        <View className='card recovery-form'>
          <Text className='card__label'>登记收回</Text>
          <Text className='recovery-form__label'>收回的物品</Text>
          <CheckboxGroup className='recovery-form__items' onChange={(e) => setItems(e.detail.value)}>
            <Label className='recovery-form__item'>
              <Checkbox value='certificate' checked={items.includes('certificate')} color='#c8161d' />
              <Text>证书</Text>
            </Label>
            <Label className='recovery-form__item'>
              <Checkbox value='plaque' checked={items.includes('plaque')} color='#c8161d' />
              <Text>奖牌（牌匾）</Text>
            </Label>
          </CheckboxGroup>
          {fieldError('certificate') ? <Text className='recovery-form__error'>{fieldError('certificate')}</Text> : null}
          <Text className='recovery-form__label'>收回日期</Text>
          <Picker mode='date' value={on} start={t.awardedOn || undefined} end={beijingToday()} onChange={(e) => setOn(e.detail.value)}>
            <Text className='recovery-form__picker'>{on} ›</Text>
          </Picker>
          {fieldError('recoveredOn') ? <Text className='recovery-form__error'>{fieldError('recoveredOn')}</Text> : null}
          <Text className='recovery-form__label'>经办人</Text>
          <Input className='recovery-form__input recovery-form__by' value={by} maxlength={30} placeholder='收回证书和奖牌的经办人姓名' onInput={(e) => setBy(e.detail.value)} />
          {fieldError('recoveredBy') ? <Text className='recovery-form__error'>{fieldError('recoveredBy')}</Text> : null}
          <Text className='recovery-form__label'>说明（选填）</Text>
          <Textarea className='recovery-form__note' value={note} maxlength={500} placeholder='如：证书由单位清算组交回' onInput={(e) => setNote(e.detail.value)} />
          {fieldError('note') ? <Text className='recovery-form__error'>{fieldError('note')}</Text> : null}
          {error && !error.details.some((d) => shown.includes(d.path)) ? <Text className='recovery-form__error recovery-form__failure'>{error.message}</Text> : null}
          <Button className='recovery-form__submit' type='primary' block loading={pending} disabled={pending} onClick={() => void submit()}>
            登记收回并上报
          </Button>
        </View>
      ) : (
        <View className='card'>
          <Text className='card__hint'>待{t.bodyOrgName}的组织者收回证书和奖牌后登记；登记后向上一级工会报告。</Text>
        </View>
      )}
    </View>
  )
}
