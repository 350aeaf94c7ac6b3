import Taro from '@tarojs/taro'
import { uploadResponse } from '@shared/api/evidence'
import { importFileExtensions, importFileTypeOf, importJob, maxImportFileBytes, maxImportFileLabel, type ImportJob } from '@shared/api/roster'
import { ApiError, request } from './api-client'
import { newRequestId } from './campaign'
import { hiddenFileInput } from './h5-file-input'
import { withPrivacy } from './privacy'
import { postToStorage, type LocalFile } from './storage-upload'
import { wechatError } from './wechat-error'

// 导入名册: the chair picks a roster file and it travels as a file — a presigned upload from the API, posted with
// wx.uploadFile and its progress (services/storage-upload.ts), then the preview of its key — not as base64 in JSON
// under the API's 15-second timeout. Only the chair subpackage imports this file.

export type ChosenFile = LocalFile

const org = (orgId: string) => `/orgs/${encodeURIComponent(orgId)}`

export const rosterTooLargeMessage = `文件超过 ${maxImportFileLabel}，请拆分后分批导入`
const tooLarge = () => new ApiError('ROSTER.FILE_TOO_LARGE', rosterTooLargeMessage)
const wrongType = (name: string) =>
  new ApiError('ROSTER.FILE_WRONG_TYPE', /\.xls$/i.test(name) ? `「${name}」是 .xls 旧格式：请在 Excel 中“另存为” .xlsx 后再导入` : `「${name}」不是名册文件：只能导入 .xlsx 或 .csv 文件`)

/** A picked file checked on the phone first (the server checks again): its kind by extension, its size. */
function checked(name: string, size: number, path: string): ChosenFile {
  if (!importFileTypeOf(name)) throw wrongType(name)
  if (size > maxImportFileBytes) throw tooLarge()
  if (size < 1) throw new ApiError('ROSTER.FILE_EMPTY', `「${name}」是空文件，请重新选择`)
  return { name, size, path }
}

/**
 * Lets the chair pick a roster file (.xlsx or .csv); null when they cancel.
 * WeChat: wx.chooseMessageFile with type 'file' and the extensions (files come from a chat, where an Excel sheet
 * usually arrives; WeChat ignores `extension` with type 'all').
 * H5: Taro has no file picker there, so a hidden <input type="file" id="roster-file-input"> attached to the page
 * body is clicked; its `accept` offers the same kinds.
 */
export async function chooseRosterFile(): Promise<ChosenFile | null> {
  let picked: Taro.chooseMessageFile.ChooseFile | undefined
  try {
    if (process.env.TARO_ENV === 'h5') return await withPrivacy('chooseMessageFile', chooseFileOnH5)
    picked = (await withPrivacy('chooseMessageFile', () => Taro.chooseMessageFile({ count: 1, type: 'file', extension: importFileExtensions }))).tempFiles[0]
  } catch (cause) {
    const error = wechatError(cause, 'chooseMessageFile')
    if (!error) return null
    throw error
  }
  return picked ? checked(picked.name, picked.size, picked.path) : null
}

export const h5FileInputId = 'roster-file-input'
export const h5RosterAccept = '.xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv'
let h5ObjectUrl: string | null = null

function chooseFileOnH5(): Promise<ChosenFile | null> {
  const element = hiddenFileInput(h5FileInputId, h5RosterAccept)
  return new Promise((resolve, reject) => {
    element.onchange = () => {
      const file = element.files?.[0]
      if (!file) return resolve(null)
      try {
        const chosen = checked(file.name, file.size, '')
        // One picked file at a time: the previous address is no longer needed.
        if (h5ObjectUrl) URL.revokeObjectURL(h5ObjectUrl)
        h5ObjectUrl = URL.createObjectURL(file)
        resolve({ ...chosen, path: h5ObjectUrl })
      } catch (error) {
        reject(error)
      }
    }
    element.oncancel = () => resolve(null)
    element.click()
  })
}

/** Where an upload stands, for the page's progress: asking where to post, posting (percent sent), checking. */
export type UploadProgress = { step: 'signing' } | { step: 'sending'; percent: number } | { step: 'checking' }

/**
 * The upload request reads the whole file once on the server (a few seconds for 100,000 rows) before it answers:
 * as long as the API's own limit (29 s), not the usual 15 s.
 */
const previewTimeoutMs = 35_000

/**
 * POST /v1/orgs/{orgId}/imports/uploads, the file posted to storage, then POST /v1/orgs/{orgId}/imports with its
 * key — answers the preview, or for a large file the job `previewing` (the page polls its status); nothing is
 * written to the roster yet.
 */
export async function uploadRoster(orgId: string, file: ChosenFile, onProgress: (progress: UploadProgress) => void): Promise<ImportJob> {
  onProgress({ step: 'signing' })
  const body = { requestId: newRequestId(), fileName: file.name, size: file.size }
  const { upload } = await request('POST', `${org(orgId)}/imports/uploads`, { body, schema: uploadResponse })
  onProgress({ step: 'sending', percent: 0 })
  await postToStorage(upload, file, (percent) => onProgress({ step: 'sending', percent }), rosterTooLargeMessage)
  onProgress({ step: 'checking' })
  return request('POST', `${org(orgId)}/imports`, { body: { fileName: file.name, key: upload.key }, schema: importJob, timeoutMs: previewTimeoutMs })
}
