import { useCallback, useEffect, useState } from 'react'
import { Input, Text, View } from '@tarojs/components'
import type { MyRecordResponse } from '@shared/api/roster'
import { toApiError, type ApiError } from '../../services/api-client'
import { correctMyRecord, myRecord } from '../../services/roster'
import { chineseTime } from '../../utils/time'
import { Button, Skeleton } from '../../components/nutui'
import ErrorState from '../../components/error-state'
import './index.scss'

type Load = { status: 'loading' } | { status: 'failed'; error: ApiError } | { status: 'ready'; record: MyRecordResponse }

const genderLabels = { male: '男', female: '女' } as const

/**
 * 我的会员信息: a member sees their own roster entry (numbers masked) and corrects a typo in their name, their
 * phone number or gender. Each correction is recorded in the audit trail.
 */
export default function MyRecordPage() {
  const [load, setLoad] = useState<Load>({ status: 'loading' })

  const reload = useCallback(async () => {
    try {
      setLoad({ status: 'ready', record: await myRecord() })
    } catch (caught) {
      setLoad({ status: 'failed', error: toApiError(caught) })
    }
  }, [])

  useEffect(() => {
    void reload()
  }, [reload])

  if (load.status === 'loading') {
    return (
      <View className='my-record'>
        <View className='card'>
          <Skeleton rows={6} animated />
        </View>
      </View>
    )
  }
  if (load.status === 'failed') {
    return (
      <View className='my-record'>
        <View className='card'>
          <ErrorState message={load.error.code === 'MEMBER.NOT_FOUND' ? '你的微信尚未绑定工会会员信息，请向本单位工会主席索取邀请码。' : load.error.message} onRetry={() => void reload()} />
        </View>
      </View>
    )
  }
  return <Record record={load.record} onSaved={(record) => setLoad({ status: 'ready', record })} />
}

function Line({ label, value, className = '' }: { label: string; value: string; className?: string }) {
  return (
    <View className={`my-record-line ${className}`}>
      <Text className='my-record-line__label'>{label}</Text>
      <Text className='my-record-line__value'>{value}</Text>
    </View>
  )
}

function Record({ record, onSaved }: { record: MyRecordResponse; onSaved: (record: MyRecordResponse) => void }) {
  const { member, union } = record
  const [name, setName] = useState(member.name)
  const [phone, setPhone] = useState('')
  const [gender, setGender] = useState(member.gender)
  const [pending, setPending] = useState(false)
  const [error, setError] = useState<ApiError | null>(null)
  const [saved, setSaved] = useState(false)
  const fieldError = (path: string) => error?.details.find((d) => d.path === path)?.message

  async function onSave() {
    setPending(true)
    setError(null)
    setSaved(false)
    try {
      const next = await correctMyRecord({
        ...(name.trim() !== member.name ? { name } : {}),
        ...(phone.trim() ? { phone } : {}),
        ...(gender && gender !== member.gender ? { gender } : {}),
      })
      setPhone('')
      setSaved(true)
      onSaved(next)
    } catch (caught) {
      setError(toApiError(caught))
    } finally {
      setPending(false)
    }
  }

  return (
    <View className='my-record'>
      <View className='card my-record-card'>
        <Text className='card__title my-record-name'>{member.name}</Text>
        <Line label='所属工会' value={union.name} />
        {member.subOrgName ? <Line label='分工会/小组' value={member.subOrgName} /> : null}
        <Line label='工号' value={member.employeeNo ?? '未登记'} />
        <Line label='性别' value={member.gender ? genderLabels[member.gender] : '未登记'} />
        <Line label='手机号' value={member.phoneMasked ?? '未登记'} className='my-record-phone' />
        <Line label='身份证号' value={member.idNumberMasked ?? '未登记'} />
        <Line label='入会日期' value={member.joinedOn || '未登记'} />
        <Line label='会员状态' value={member.status === 'left' ? `已退会（${member.leftOn ?? ''}）` : '在册'} />
        <Line label='网上入会' value={member.boundAt ? `已绑定微信（${chineseTime(member.boundAt)}）` : '未绑定'} />
        <Text className='my-record-privacy'>手机号和身份证号加密保存，这里只显示部分号码。</Text>
      </View>

      <View className='card my-record-edit'>
        <Text className='card__title'>更正我的信息</Text>
        <Text className='card__hint'>姓名有错别字、换了手机号或性别登记有误，可以在这里更正；工号、身份证号等请联系本单位工会主席。</Text>
        <View className='my-record-field' data-field='name'>
          <Text className='my-record-field__label'>姓名</Text>
          <Input className='my-record-field__input my-record-name-input' value={name} onInput={(e) => setName(e.detail.value)} />
          {fieldError('name') ? <Text className='my-record-field__error'>{fieldError('name')}</Text> : null}
        </View>
        <View className='my-record-field' data-field='phone'>
          <Text className='my-record-field__label'>新手机号</Text>
          <Input className='my-record-field__input my-record-phone-input' type='number' value={phone} placeholder='不更换请留空' onInput={(e) => setPhone(e.detail.value)} />
          {fieldError('phone') ? <Text className='my-record-field__error'>{fieldError('phone')}</Text> : null}
        </View>
        <View className='my-record-field'>
          <Text className='my-record-field__label'>性别</Text>
          <View className='my-record-genders'>
            {(['male', 'female'] as const).map((g) => (
              <View key={g} className={`my-record-gender${gender === g ? ' my-record-gender--active' : ''}`} data-value={g} onClick={() => setGender(g)}>
                <Text>{genderLabels[g]}</Text>
              </View>
            ))}
          </View>
        </View>
        {error && error.details.every((d) => d.path !== 'name' && d.path !== 'phone') ? <Text className='error-message'>{error.message}</Text> : null}
        {saved ? <Text className='my-record-saved'>已保存。</Text> : null}
        <Button className='my-record-save' type='primary' block loading={pending} disabled={pending} onClick={() => void onSave()}>
          保存更正
        </Button>
      </View>
    </View>
  )
}
