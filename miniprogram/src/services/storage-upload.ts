import Taro from '@tarojs/taro'
import { ApiError } from './api-client'
import { uploadTimeoutMs } from './transfer-plan'
import { wechatError } from './wechat-error'

/**
 * Posting a file straight to storage with a presigned upload (S3's presigned POST on AWS, the local stand-in
 * locally): 证明材料 and roster files. wx.uploadFile sends the ticket's fields and then the file as `file`
 * (multipart/form-data), tells the progress, and is given time sized to the file. WeChat: the storage host must be
 * on the mini-program's uploadFile legal domains (a missing one is named in the message).
 */
export interface StorageTicket {
  url: string
  fields: Record<string, string>
}

export interface LocalFile {
  name: string
  size: number
  /** What uploadFile reads: a WeChat temp path, or on H5 a blob: address. */
  path: string
}

/** S3's (and the local stand-in's) refusal codes, in words a person understands. */
function storageRefusal(statusCode: number, data: unknown, tooLargeMessage: string): ApiError {
  const text = typeof data === 'string' ? data : ''
  const code = /<Code>([^<]+)<\/Code>/.exec(text)?.[1] ?? ''
  const message =
    code === 'EntityTooLarge'
      ? tooLargeMessage
      : code === 'EntityTooSmall'
        ? '所选文件是空的，请重新选择'
        : /expired/i.test(text)
          ? '上传链接已过期，请重新上传'
          : `文件存储拒绝了上传（${code || `HTTP ${statusCode}`}），请重新上传`
  return new ApiError(`STORAGE.${code || statusCode}`, message, { status: statusCode })
}

/**
 * Posts the file with the ticket's fields, telling `onProgress` the percent sent (0–100). H5 posts without cookies:
 * the bucket answers CORS for any origin, which a credentialed request may not use.
 */
export async function postToStorage(ticket: StorageTicket, file: LocalFile, onProgress: (percent: number) => void, tooLargeMessage: string): Promise<void> {
  let result: Taro.uploadFile.SuccessCallbackResult
  try {
    const task = Taro.uploadFile({
      url: ticket.url,
      filePath: file.path,
      name: 'file',
      formData: ticket.fields,
      timeout: uploadTimeoutMs(file.size),
      ...(process.env.TARO_ENV === 'h5' ? { fileName: file.name, withCredentials: false } : {}),
    })
    task.onProgressUpdate?.((p) => onProgress(Math.max(0, Math.min(100, Math.round(p.progress)))))
    result = await task
  } catch (cause) {
    const error = wechatError(cause, 'uploadFile')
    throw new ApiError(error?.code ?? 'NETWORK.UNREACHABLE', `上传失败：${error?.message ?? '上传已中断，请重新上传'}`, { cause })
  }
  if (result.statusCode < 200 || result.statusCode >= 300) throw storageRefusal(result.statusCode, result.data, tooLargeMessage)
  onProgress(100)
}
