import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { logInUrl } from '../../services/return-to'
import { Button } from '../nutui'
import { useWeChatLogIn } from './use-wechat-log-in'
import './index.scss'

interface LogInPromptProps {
  /** What logging in lets the user do here, e.g. 登录后可查看发给你的通知。 */
  hint: string
  /** The server refused the stored session (it lasts 12 hours) and it could not be renewed. */
  expired?: boolean
  title?: string
}

/**
 * Asks for a log-in without losing the page. In WeChat the log-in happens right here (wx.login, one tap) and the page
 * shows what it was opened for; elsewhere the home page logs in and comes back to this page and its query.
 */
export default function LogInPrompt({ hint, expired = false, title }: LogInPromptProps) {
  const { pending, error, logIn: onWeChatLogin } = useWeChatLogIn()

  return (
    <View className='card log-in-prompt' data-expired={expired}>
      <Text className='card__title'>{title ?? (expired ? '登录已过期' : '尚未登录')}</Text>
      {expired ? <Text className='card__hint log-in-prompt__expired'>为保护你的投票和个人信息，登录 12 小时后需要重新登录。</Text> : null}
      <Text className='card__hint'>{hint}</Text>
      {process.env.TARO_ENV === 'weapp' ? (
        <Button className='log-in-prompt__wechat' type='primary' size='large' block loading={pending} disabled={pending} onClick={() => void onWeChatLogin()}>
          微信登录
        </Button>
      ) : (
        <Button className='log-in-prompt__go' type='primary' size='large' block onClick={() => void Taro.reLaunch({ url: logInUrl() })}>
          去登录
        </Button>
      )}
      {error ? <Text className='error-message log-in-prompt__error'>{error.message}</Text> : null}
      {process.env.TARO_ENV === 'weapp' ? null : <Text className='log-in-prompt__note'>登录后回到本页。</Text>}
    </View>
  )
}
