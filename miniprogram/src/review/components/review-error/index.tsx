import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import type { ApiError } from '../../../services/api-client'
import { Button } from '../../../components/nutui'
import ErrorState from '../../../components/error-state'
import './index.scss'

function backHome() {
  void Taro.reLaunch({ url: '/pages/index/index' })
}

/**
 * A failed load on an investigator's page: not logged in (401) or not an investigator for this report (403) get a
 * word and the way home, since retrying would not help; anything else the error with 重试.
 */
export default function ReviewError({ error, onRetry }: { error: ApiError; onRetry: () => void }) {
  if (error.status === 401 || error.status === 403) {
    return (
      <View className='card review-error' data-status={error.status}>
        <Text className='review-error__title'>{error.status === 401 ? '请先登录' : '无权查看'}</Text>
        <Text className='review-error__hint'>{error.message}</Text>
        <Text className='review-error__hint'>举报只向负责核查的工会核查人员开放。</Text>
        <Button className='review-error__home' type='primary' fill='outline' onClick={backHome}>
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
