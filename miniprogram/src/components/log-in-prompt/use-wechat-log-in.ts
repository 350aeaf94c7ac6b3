import { useState } from 'react'
import { toApiError, type ApiError } from '../../services/api-client'
import { logInWithWeChat } from '../../services/session'

/** One tap on 微信登录: wx.login → POST /v1/auth/login, with its pending state and the error to show. */
export function useWeChatLogIn(): { pending: boolean; error: ApiError | null; logIn: () => Promise<void> } {
  const [pending, setPending] = useState(false)
  const [error, setError] = useState<ApiError | null>(null)

  async function logIn() {
    setPending(true)
    setError(null)
    try {
      await logInWithWeChat()
    } catch (caught) {
      setError(toApiError(caught))
    } finally {
      setPending(false)
    }
  }

  return { pending, error, logIn }
}
