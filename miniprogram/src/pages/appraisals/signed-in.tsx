import { useEffect, useRef } from 'react'
import { View } from '@tarojs/components'
import type { MeResponse } from '@shared/api/auth'
import { refreshSession, useSession } from '../../services/session'
import { Skeleton } from '../../components/nutui'
import ErrorState from '../../components/error-state'
import LogInPrompt from '../../components/log-in-prompt'

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
          <LogInPrompt hint={hint} expired={session.expired} />
        </View>
      )
    case 'signedIn':
      return children(session.me)
  }
}
