import { Text, View } from '@tarojs/components'
import { Button } from '../nutui'
import './index.scss'

interface ErrorStateProps {
  /** Chinese, shown as it is (ApiError.message). */
  message: string
  onRetry: () => void
}

/** A failed load: the message and a 重试 button. */
export default function ErrorState({ message, onRetry }: ErrorStateProps) {
  return (
    <View className='error-state'>
      <Text className='error-state__icon'>!</Text>
      <Text className='error-message'>{message}</Text>
      <Button className='retry-button' type='primary' fill='outline' onClick={onRetry}>
        重试
      </Button>
    </View>
  )
}
