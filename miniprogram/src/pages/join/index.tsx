import { useCallback, useEffect, useState } from 'react'
import { Input, Text, View } from '@tarojs/components'
import Taro, { useLoad, useRouter } from '@tarojs/taro'
import type { MeResponse } from '@shared/api/auth'
import { bindRequest, invitationCode, type BindMethod } from '@shared/api/joining'
import { toApiError, type ApiError } from '../../services/api-client'
import { logInAsNewWeChatUser } from '../../services/demo-login'
import { adoptToken, bindWithInvitation, invitedUnion, sceneOf } from '../../services/joining'
import { logInWithWeChat, refreshSession, useSession } from '../../services/session'
import { Button, Skeleton } from '../../components/nutui'
import ErrorState from '../../components/error-state'
import './index.scss'

const isWeapp = process.env.TARO_ENV === 'weapp'

type Invitation =
  | { status: 'missing' }
  | { status: 'loading'; code: string }
  | { status: 'failed'; code: string; error: ApiError }
  | { status: 'ready'; code: string; orgName: string }

function goHome() {
  void Taro.reLaunch({ url: '/pages/index/index' })
}

/**
 * 加入工会: opened by scanning the union's invitation code (the code arrives as `scene`), or from the home page
 * with a code to type. Shows whom the member is joining, logs them in if needed, then binds their WeChat account
 * to their roster entry by name + employee number or name + last four digits of the phone.
 */
export default function Join() {
  const { params } = useRouter()
  const session = useSession()
  const [invitation, setInvitation] = useState<Invitation>(() => {
    const code = sceneOf(params)
    return code ? { status: 'loading', code } : { status: 'missing' }
  })
  const [joinedUnion, setJoinedUnion] = useState<string | null>(null)

  useLoad(() => {
    // Local stage only: a session handed over in the link (the browser tests log in elsewhere first).
    if (process.env.TARO_APP_STAGE === 'local' && params.token) void adoptToken(params.token)
    else void refreshSession()
  })

  const load = useCallback(async (code: string) => {
    setInvitation({ status: 'loading', code })
    try {
      setInvitation({ status: 'ready', code, orgName: await invitedUnion(code) })
    } catch (caught) {
      setInvitation({ status: 'failed', code, error: toApiError(caught) })
    }
  }, [])

  const initialCode = invitation.status === 'loading' ? invitation.code : null
  useEffect(() => {
    if (initialCode) void load(initialCode)
    // Only the code the page was opened with; a typed code is loaded by its own button.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [])

  if (joinedUnion) return <Joined orgName={joinedUnion} />

  let body: JSX.Element
  switch (invitation.status) {
    case 'missing':
      body = <CodeEntry onCode={(code) => void load(code)} />
      break
    case 'loading':
      body = (
        <View className='card'>
          <Skeleton rows={3} animated />
        </View>
      )
      break
    case 'failed':
      body = (
        <View className='card join-invalid'>
          <ErrorState message={invitation.error.message} onRetry={() => void load(invitation.code)} />
          <Button className='join-home' type='default' fill='outline' size='large' block onClick={goHome}>
            回到首页
          </Button>
        </View>
      )
      break
    case 'ready':
      body = (
        <>
          <View className='card join-union-card'>
            <Text className='card__label'>邀请你加入</Text>
            <Text className='join-union-name'>{invitation.orgName}</Text>
            <Text className='card__hint join-union-hint'>核对名册上的姓名和工号（或手机号后四位），即可绑定你的会员信息。</Text>
          </View>
          <Step code={invitation.code} session={session} onJoined={setJoinedUnion} />
        </>
      )
      break
  }

  return (
    <View className='join'>
      <View className='join-hero'>
        <Text className='join-hero__title'>加入工会</Text>
        <Text className='join-hero__tagline'>扫码核对身份 · 绑定会员信息</Text>
      </View>
      <View className='join-body'>{body}</View>
    </View>
  )
}

/** What comes after the union's name: log in, or the form, or "already a member". */
function Step({ code, session, onJoined }: { code: string; session: ReturnType<typeof useSession>; onJoined: (orgName: string) => void }) {
  switch (session.status) {
    case 'checking':
      return (
        <View className='card'>
          <Skeleton rows={2} animated />
        </View>
      )
    case 'failed':
      return (
        <View className='card'>
          <ErrorState message={session.error.message} onRetry={() => void refreshSession()} />
        </View>
      )
    case 'signedOut':
      return <LogIn />
    case 'signedIn':
      return session.me.memberId ? <AlreadyMember me={session.me} /> : <BindForm code={code} onJoined={onJoined} />
  }
}

function LogIn() {
  const [pending, setPending] = useState(false)
  const [error, setError] = useState<ApiError | null>(null)

  async function run(action: () => Promise<void>) {
    setPending(true)
    setError(null)
    try {
      await action()
    } catch (caught) {
      setError(toApiError(caught))
    } finally {
      setPending(false)
    }
  }

  return (
    <View className='card join-login'>
      <Text className='card__title'>第一步：微信登录</Text>
      {isWeapp ? (
        <>
          <Text className='card__hint'>登录后核对身份，你的微信将与名册上的会员信息绑定。</Text>
          <Button className='join-wechat-login' type='primary' size='large' block loading={pending} disabled={pending} onClick={() => void run(logInWithWeChat)}>
            微信登录
          </Button>
        </>
      ) : process.env.TARO_APP_STAGE === 'local' ? (
        <>
          <Text className='card__hint'>本地演示：以一个从未使用过小程序的新微信用户身份登录。</Text>
          <Button className='join-demo-wechat' type='primary' size='large' block loading={pending} disabled={pending} onClick={() => void run(logInAsNewWeChatUser)}>
            以新微信用户登录（演示）
          </Button>
        </>
      ) : (
        <Text className='card__hint'>请用微信扫一扫邀请码，在「职工之家」小程序中加入。</Text>
      )}
      {error ? <Text className='join-error'>{error.message}</Text> : null}
    </View>
  )
}

const methodLabels: Record<BindMethod, string> = { employeeNo: '工号', phoneTail: '手机号后四位' }

function BindForm({ code, onJoined }: { code: string; onJoined: (orgName: string) => void }) {
  const [method, setMethod] = useState<BindMethod>('employeeNo')
  const [name, setName] = useState('')
  const [employeeNo, setEmployeeNo] = useState('')
  const [phoneTail, setPhoneTail] = useState('')
  const [pending, setPending] = useState(false)
  const [error, setError] = useState<string | null>(null)

  async function onSubmit() {
    const parsed = bindRequest.safeParse(method === 'employeeNo' ? { method, name, employeeNo } : { method, name, phoneTail })
    if (!parsed.success) {
      setError(parsed.error.issues.map((issue) => issue.message.replace(/（\w+）/, '')).join('；'))
      return
    }
    setPending(true)
    setError(null)
    try {
      const bound = await bindWithInvitation(code, parsed.data)
      onJoined(bound.orgName)
    } catch (caught) {
      setError(toApiError(caught).message)
    } finally {
      setPending(false)
    }
  }

  return (
    <View className='card join-form'>
      <Text className='card__title'>第二步：核对身份</Text>
      <Text className='card__hint'>请填写与工会名册一致的信息。</Text>

      <Text className='join-label'>姓名</Text>
      <Input className='join-input join-name' type='text' value={name} placeholder='名册上的姓名' maxlength={40} onInput={(e) => setName(e.detail.value)} />

      <Text className='join-label'>核对方式</Text>
      <View className='join-methods'>
        {(Object.keys(methodLabels) as BindMethod[]).map((m) => (
          <View key={m} className={`join-method${m === method ? ' join-method--active' : ''}`} data-method={m} onClick={() => setMethod(m)}>
            <Text>{methodLabels[m]}</Text>
          </View>
        ))}
      </View>

      {method === 'employeeNo' ? (
        <Input className='join-input join-employee-no' type='text' value={employeeNo} placeholder='工号' maxlength={40} onInput={(e) => setEmployeeNo(e.detail.value)} />
      ) : (
        <Input className='join-input join-phone-tail' type='number' value={phoneTail} placeholder='手机号后四位' maxlength={4} onInput={(e) => setPhoneTail(e.detail.value)} />
      )}

      {error ? <Text className='join-error'>{error}</Text> : null}
      <Button className='join-submit' type='primary' size='large' block loading={pending} disabled={pending} onClick={() => void onSubmit()}>
        核对并加入
      </Button>
    </View>
  )
}

function AlreadyMember({ me }: { me: MeResponse }) {
  const union = me.memberships[0]?.org.name
  return (
    <View className='card join-already'>
      <Text className='card__title'>你已绑定会员信息</Text>
      <Text className='card__hint'>{union ? `你的微信已是「${union}」的会员，无需重复加入。` : '你的微信已绑定会员信息，无需重复加入。'}</Text>
      <Button className='join-home' type='primary' size='large' block onClick={goHome}>
        回到首页
      </Button>
    </View>
  )
}

function Joined({ orgName }: { orgName: string }) {
  return (
    <View className='join'>
      <View className='join-hero' />
      <View className='join-body'>
        <View className='card join-success'>
          <Text className='join-success__icon'>✓</Text>
          <Text className='join-success__title'>已加入 {orgName}</Text>
          <Text className='card__hint join-success__hint'>你的微信已与会员信息绑定，可以参加本单位的会员评家和各项投票了。</Text>
          <Button className='join-home' type='primary' size='large' block onClick={goHome}>
            回到首页
          </Button>
        </View>
      </View>
    </View>
  )
}

/** No code in the link (opened from the home page): type the code from the poster. */
function CodeEntry({ onCode }: { onCode: (code: string) => void }) {
  const [value, setValue] = useState('')
  const [error, setError] = useState<string | null>(null)

  function onNext() {
    const parsed = invitationCode.safeParse(value)
    if (!parsed.success) {
      setError(parsed.error.issues[0]?.message.replace(/（\w+）/, '') ?? '请核对邀请码')
      return
    }
    setError(null)
    onCode(parsed.data)
  }

  return (
    <View className='card join-code-entry'>
      <Text className='card__title'>输入邀请码</Text>
      <Text className='card__hint'>用微信扫一扫工会的邀请码即可直接打开本页；也可以输入邀请码下方的 16 位字母和数字。</Text>
      <Input className='join-input join-code' type='text' value={value} placeholder='16 位邀请码' maxlength={24} onInput={(e) => setValue(e.detail.value)} />
      {error ? <Text className='join-error'>{error}</Text> : null}
      <Button className='join-code-next' type='primary' size='large' block onClick={onNext}>
        下一步
      </Button>
    </View>
  )
}
