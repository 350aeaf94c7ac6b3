import { ApiError } from './api-client'
import { wechatFailure } from './wechat-failure'

/**
 * A WeChat API's failure as the ApiError pages show (services/wechat-failure.ts has the words), or null when the
 * person only closed a picker — not an error worth a word. An ApiError passes through unchanged.
 */
export function wechatError(cause: unknown, api?: string): ApiError | null {
  if (cause instanceof ApiError) return cause
  const failure = wechatFailure(cause, api)
  return failure.cancelled ? null : new ApiError(failure.code, failure.message, { cause })
}
