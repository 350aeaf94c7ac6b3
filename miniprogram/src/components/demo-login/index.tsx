import { useEffect, useState } from 'react'
import { Text, View } from '@tarojs/components'
import type { DemoIdentity } from '@shared/api/auth'
import { toApiError, type ApiError } from '../../services/api-client'
import { demoIdentities, logInAsDemo } from '../../services/demo-login'
import { Cell, CellGroup, Skeleton } from '../nutui'
import ErrorState from '../error-state'

/** Local stage only: the seeded identities from GET /v1/auth/demo-identities, one tap to log in. */
export default function DemoLogin() {
  const [identities, setIdentities] = useState<DemoIdentity[] | null>(null)
  const [loadError, setLoadError] = useState<ApiError | null>(null)
  const [loading, setLoading] = useState(true)
  const [pendingIdentity, setPendingIdentity] = useState<string | null>(null)
  const [loginError, setLoginError] = useState<ApiError | null>(null)

  async function load() {
    setLoading(true)
    setLoadError(null)
    try {
      setIdentities(await demoIdentities())
    } catch (caught) {
      setLoadError(toApiError(caught))
    } finally {
      setLoading(false)
    }
  }

  useEffect(() => {
    void load()
  }, [])

  async function onPick(identity: DemoIdentity) {
    if (pendingIdentity) return
    setPendingIdentity(identity.identity)
    setLoginError(null)
    try {
      await logInAsDemo(identity.identity)
    } catch (caught) {
      setLoginError(toApiError(caught))
    } finally {
      setPendingIdentity(null)
    }
  }

  let content: JSX.Element
  if (loadError) {
    content = <ErrorState message={loadError.message} onRetry={() => void load()} />
  } else if (loading || !identities) {
    content = <Skeleton rows={4} animated />
  } else if (identities.length === 0) {
    content = <Text className='card__hint home-demo-empty'>还没有演示身份。请先在本机运行 npm start 生成演示数据。</Text>
  } else {
    content = (
      <CellGroup className='home-demo-list' divider>
        {identities.map((identity) => (
          <Cell
            key={identity.identity}
            className='demo-identity'
            title={<Text className='demo-identity__name'>{identity.name}</Text>}
            description={<Text className='demo-identity__description'>{identity.description}</Text>}
            extra={<Text className='demo-identity__action'>{pendingIdentity === identity.identity ? '登录中…' : '登录 ›'}</Text>}
            align='center'
            clickable
            onClick={() => void onPick(identity)}
          />
        ))}
      </CellGroup>
    )
  }

  return (
    <View className='card home-demo-card'>
      <Text className='card__title'>本地演示登录</Text>
      <Text className='card__hint'>仅本地环境开放：选择一个演示身份，直接登录。</Text>
      {content}
      {loginError ? <Text className='error-message home-login-error'>{loginError.message}</Text> : null}
    </View>
  )
}
