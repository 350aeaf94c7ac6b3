import Taro from '@tarojs/taro'
import {
  allowedEvidenceLabel,
  evidenceListResponse,
  evidenceTypeOf,
  evidenceTypes,
  evidenceExtensions,
  fileSizeLabel,
  isImageEvidence,
  maxEvidenceBytes,
  maxEvidenceBytesLabel,
  uploadResponse,
  type EvidenceContentType,
  type EvidenceView,
  type UploadTicket,
} from '@shared/api/evidence'
import { chineseTime } from '../utils/time'
import { ApiError, request } from './api-client'
import { hiddenFileInput } from './h5-file-input'
import { newRequestId } from './campaign'

// 证明材料 (evidence files) of an application: the chair picks a file, asks for a presigned upload, posts the file
// straight to storage with uploadFile (S3 on AWS, the local stand-in locally), then attaches it. Reviewers open each
// file through a signed address of a few minutes. Only the chair and review subpackages import this file.
// WeChat: the storage host must be on the mini-program's uploadFile and downloadFile legal domains.

export type { EvidenceView, UploadTicket }

const id = (value: string): string => encodeURIComponent(value)

/** GET /v1/applications/{applicationId}/evidence — each file with a signed download address. */
export async function evidenceList(applicationId: string): Promise<EvidenceView[]> {
  return (await request('GET', `/applications/${id(applicationId)}/evidence`, { schema: evidenceListResponse })).evidence
}

/** POST …/evidence/uploads — where to post one file, for a few minutes. */
export async function requestUpload(applicationId: string, file: ChosenEvidence): Promise<UploadTicket> {
  const body = { requestId: newRequestId(), fileName: file.name, contentType: file.contentType, size: file.size }
  return (await request('POST', `/applications/${id(applicationId)}/evidence/uploads`, { body, schema: uploadResponse })).upload
}

/** POST …/evidence — attaches what was posted; answers the list. */
export async function attachEvidence(applicationId: string, key: string, fileName: string): Promise<EvidenceView[]> {
  return (await request('POST', `/applications/${id(applicationId)}/evidence`, { body: { key, fileName }, schema: evidenceListResponse })).evidence
}

/** DELETE …/evidence/{evidenceId} — answers the list. */
export async function removeEvidence(applicationId: string, evidenceId: string): Promise<EvidenceView[]> {
  return (await request('DELETE', `/applications/${id(applicationId)}/evidence/${id(evidenceId)}`, { schema: evidenceListResponse })).evidence
}

// ---- choosing -----------------------------------------------------------------------------------------------

export interface ChosenEvidence {
  name: string
  size: number
  contentType: EvidenceContentType
  /** What uploadFile reads: a WeChat temp path, or on H5 a blob: address. */
  path: string
}

export const wrongTypeMessage = `不支持该文件类型：只能上传${allowedEvidenceLabel}`
export const tooLargeMessage = `文件超过 ${maxEvidenceBytesLabel}，请压缩或拆分后再上传`

/** A picked file checked on the phone first (the server checks again): clear Chinese errors for type and size. */
function checked(name: string, size: number, path: string): ChosenEvidence {
  const contentType = evidenceTypeOf(name)
  if (!contentType) throw new ApiError('EVIDENCE.WRONG_TYPE', `「${name}」${wrongTypeMessage}`)
  if (size > maxEvidenceBytes) throw new ApiError('EVIDENCE.TOO_LARGE', `「${name}」${tooLargeMessage}`)
  if (size < 1) throw new ApiError('EVIDENCE.EMPTY', `「${name}」是空文件，请重新选择`)
  return { name, size, contentType, path }
}

const cancelled = (cause: unknown): boolean => /cancel/i.test(String((cause as { errMsg?: string }).errMsg ?? cause))

/** The last part of a temp path ("wxfile://tmp_ab12.jpg" → "tmp_ab12.jpg"), as the name of a photo. */
const baseName = (path: string): string => path.split(/[\\/]/).pop() || path

export type EvidenceSource = 'file' | 'image'

/**
 * Lets the chair pick one file; null when they cancel. WeChat: a file from a chat (chooseMessageFile), or a photo
 * from the album or camera (chooseImage). H5: Taro has no file picker there, so a hidden
 * <input type="file" id="evidence-file-input"> attached to the page body is clicked.
 */
export async function chooseEvidence(source: EvidenceSource): Promise<ChosenEvidence | null> {
  if (process.env.TARO_ENV === 'h5') return chooseOnH5()
  try {
    if (source === 'image') {
      const picked = (await Taro.chooseImage({ count: 1, sizeType: ['compressed'], sourceType: ['album', 'camera'] })).tempFiles[0]
      return picked ? checked(baseName(picked.path), picked.size, picked.path) : null
    }
    const picked = (await Taro.chooseMessageFile({ count: 1, type: 'all', extension: evidenceExtensions })).tempFiles[0]
    return picked ? checked(picked.name, picked.size, picked.path) : null
  } catch (cause) {
    if (cause instanceof ApiError) throw cause
    if (cancelled(cause)) return null
    throw new ApiError('EVIDENCE.UNREADABLE', '无法读取所选文件，请重新选择', { cause })
  }
}

export const h5EvidenceInputId = 'evidence-file-input'
let h5ObjectUrl: string | null = null

function chooseOnH5(): Promise<ChosenEvidence | null> {
  const element = hiddenFileInput(h5EvidenceInputId, [...evidenceExtensions.map((e) => `.${e}`), ...Object.keys(evidenceTypes)].join(','))
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

// ---- uploading ----------------------------------------------------------------------------------------------

/** S3's (and the local stand-in's) refusal codes, in words a chair understands. */
function storageRefusal(statusCode: number, data: unknown): ApiError {
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
 * Posts the file with the ticket's fields (multipart/form-data, the file as `file`), telling `onProgress` the percent
 * sent. H5 posts without cookies: the bucket answers CORS for any origin, which a credentialed request may not use.
 */
export async function uploadToStorage(upload: UploadTicket, file: ChosenEvidence, onProgress: (percent: number) => void): Promise<void> {
  let result: Taro.uploadFile.SuccessCallbackResult
  try {
    const task = Taro.uploadFile({
      url: upload.url,
      filePath: file.path,
      name: 'file',
      formData: upload.fields,
      timeout: 120_000,
      ...(process.env.TARO_ENV === 'h5' ? { fileName: file.name, withCredentials: false } : {}),
    })
    task.onProgressUpdate?.((p) => onProgress(p.progress))
    result = await task
  } catch (cause) {
    throw new ApiError('NETWORK.UNREACHABLE', '上传失败：网络连接中断，请重试', { cause })
  }
  if (result.statusCode < 200 || result.statusCode >= 300) throw storageRefusal(result.statusCode, result.data)
  onProgress(100)
}

// ---- opening ------------------------------------------------------------------------------------------------

/**
 * Opens a file for reading. H5: the signed address in a new tab (the browser shows images and PDF). WeChat: the file
 * is downloaded, then shown with previewImage or openDocument (whose menu forwards or saves it).
 */
export async function openEvidence(file: EvidenceView): Promise<void> {
  if (process.env.TARO_ENV === 'h5') {
    window.open(file.url, '_blank', 'noopener')
    return
  }
  const downloaded = await Taro.downloadFile({ url: file.url })
  if (downloaded.statusCode !== 200) throw new ApiError(`STORAGE.${downloaded.statusCode}`, '文件下载失败，请刷新后重试')
  if (isImageEvidence(file.contentType)) {
    await Taro.previewImage({ urls: [downloaded.tempFilePath], current: downloaded.tempFilePath })
    return
  }
  const fileType = evidenceTypes[file.contentType as EvidenceContentType]?.document
  await Taro.openDocument({ filePath: downloaded.tempFilePath, ...(fileType ? { fileType } : {}), showMenu: true })
}

// ---- labels -------------------------------------------------------------------------------------------------

/** Download addresses last ten minutes; a list older than this is read again before a file is opened. */
export const staleAfterMs = 8 * 60_000

/** A short badge for the file's kind. */
export function evidenceKindLabel(contentType: string): string {
  if (isImageEvidence(contentType)) return '图片'
  const document = evidenceTypes[contentType as EvidenceContentType]?.document
  return document === 'pdf' ? 'PDF' : document === 'docx' ? 'Word' : document === 'xlsx' ? 'Excel' : '文件'
}

/** "1.2 MB · 王伟 · 11月23日 09:30" */
export const evidenceMeta = (file: EvidenceView): string => `${fileSizeLabel(file.size)} · ${file.uploaderName} · ${chineseTime(file.uploadedAt, { clock: true })}`
