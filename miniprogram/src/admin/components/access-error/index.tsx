import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import type { ApiError } from '../../../services/api-client'
import { Button } from '../../../components/nutui'
import ErrorState from '../../../components/error-state'
import LogInPrompt from '../../../components/log-in-prompt'
import './index.scss'

interface AccessErrorProps {
  error: ApiError
  /** What a member who is not an organiser is told, e.g. 只有组织者可以查看审计记录. */
  forbidden: string
  /** The line under it; by default, that the records are the organisers'. */
  hint?: string
  onRetry: () => void
}

function backHome() {
  void Taro.reLaunch({ url: '/pages/index/index' })
}

/**
 * A failed load on an organisers' page: a polite word instead of an error when the member may not see it (403)
 * or is not logged in (401), since retrying would not help; otherwise the error with 重试.
 */
export default function AccessError({ error, forbidden, hint = '这些记录只向负责评选的组织者开放。如需查看，请联系上级工会。', onRetry }: AccessErrorProps) {
  if (error.status === 401) {
    return (
      <View className='access-error access-error--signed-out'>
        <LogInPrompt title='请先登录' hint={error.message} />
      </View>
    )
  }
  if (error.status === 403) {
    return (
      <View className='card access-error access-error--forbidden'>
        <View className='access-error__icon'>
          <Text>i</Text>
        </View>
        <Text className='access-error__title'>{error.code === 'AUDIT.FORBIDDEN' ? forbidden : error.message}</Text>
        <Text className='access-error__hint'>{hint}</Text>
        <Button className='access-error__home' type='primary' fill='outline' onClick={backHome}>
          返回首页
        </Button>
      </View>
    )
  }
  return (
    <View className='card'>
      <ErrorState message={error.message} onRetry={onRetry} />
    </View>
  )
}
