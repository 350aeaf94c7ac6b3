import { useEffect, useRef } from 'react'
import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import type { MeResponse } from '@shared/api/auth'
import { refreshSession, useSession } from '../../services/session'
import { Button, Skeleton } from '../../components/nutui'
import ErrorState from '../../components/error-state'

interface SignedInOnlyProps {
  /** The page's root class (its background and padding). */
  className: string
  /** What logging in lets the user do here. */
  hint: string
  children: (me: MeResponse) => JSX.Element
}

/**
 * The ballot pages answer only to a logged-in member. A page opened directly (a notice, a shared link, an H5 reload)
 * has not read the session yet: read it once.
 */
export default function SignedInOnly({ className, hint, children }: SignedInOnlyProps) {
  const session = useSession()
  // Read on arrival only: a later change of the session renders by itself.
  const unknownOnArrival = useRef(session.status !== 'signedIn')

  useEffect(() => {
    if (unknownOnArrival.current) void refreshSession()
  }, [])

  switch (session.status) {
    case 'checking':
      return (
        <View className={className}>
          <View className='card'>
            <Skeleton rows={4} animated />
          </View>
        </View>
      )
    case 'failed':
      return (
        <View className={className}>
          <View className='card'>
            <ErrorState message={session.error.message} onRetry={() => void refreshSession()} />
          </View>
        </View>
      )
    case 'signedOut':
      return (
        <View className={className}>
          <View className='card'>
            <Text className='card__title'>尚未登录</Text>
            <Text className='card__hint'>{hint}</Text>
            <Button type='primary' size='large' block onClick={() => void Taro.reLaunch({ url: '/pages/index/index' })}>
              去首页登录
            </Button>
          </View>
        </View>
      )
    case 'signedIn':
      return children(session.me)
  }
}
