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
import { withPrivacy } from './privacy'
import { newRequestId } from './campaign'
import { imageFormatOf, reencodeAsJpeg, releaseJpeg, type ReencodedJpeg } from './jpeg'
import { postToStorage } from './storage-upload'
import { jpegName, uploadTimeoutMs } from './transfer-plan'
import { wechatError } from './wechat-error'

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
  /** Frees a re-encoded picture once it is sent. */
  release?: () => void
}

export const wrongTypeMessage = `不支持该文件类型：只能上传${allowedEvidenceLabel}`
export const tooLargeMessage = `文件超过 ${maxEvidenceBytesLabel}，请压缩或拆分后再上传`
const unreadableImage = '无法读取该图片：请换一张，或转换为 JPG、PNG 后再上传'
/** The longest edge of a re-encoded picture: plenty for a certificate or a scanned page, light on a phone's memory. */
const maxImageEdgePx = 2560

/** A picked file checked on the phone first (the server checks again): clear Chinese errors for type and size. */
function checked(name: string, size: number, path: string): ChosenEvidence {
  const contentType = evidenceTypeOf(name)
  if (!contentType) throw new ApiError('EVIDENCE.WRONG_TYPE', `「${name}」${wrongTypeMessage}`)
  if (size > maxEvidenceBytes) throw new ApiError('EVIDENCE.TOO_LARGE', `「${name}」${tooLargeMessage}`)
  if (size < 1) throw new ApiError('EVIDENCE.EMPTY', `「${name}」是空文件，请重新选择`)
  return { name, size, contentType, path }
}

/** The last part of a temp path ("wxfile://tmp_ab12.jpg" → "tmp_ab12.jpg"), as the name of a photo. */
const baseName = (path: string): string => path.split(/[\\/]/).pop() || path

/**
 * A picture as it is when it is a JPEG or PNG within the limit; otherwise (a PNG screenshot over 10 MB, a HEIC or
 * WebP photo) re-encoded as a JPEG within it, named like the original with .jpg.
 */
async function preparedImage(name: string, size: number, path: string, blob?: Blob): Promise<ChosenEvidence> {
  let format: string
  try {
    format = await imageFormatOf(path, blob)
  } catch (cause) {
    throw new ApiError('EVIDENCE.UNREADABLE', unreadableImage, { cause })
  }
  const sendable = format === 'png' || format === 'jpeg' || format === 'jpg'
  if (sendable && size <= maxEvidenceBytes && evidenceTypeOf(name)) return checked(name, size, path)
  let jpeg: ReencodedJpeg | null
  try {
    jpeg = await reencodeAsJpeg(path, { maxBytes: maxEvidenceBytes, maxEdge: maxImageEdgePx })
  } catch (cause) {
    throw new ApiError('EVIDENCE.UNREADABLE', unreadableImage, { cause })
  }
  if (!jpeg) throw new ApiError('EVIDENCE.TOO_LARGE', `「${name}」${tooLargeMessage}`)
  const done = jpeg
  // A PNG only where this WeChat client could not draw the picture (services/jpeg.ts): named for what it is.
  const sentName = done.format === 'png' ? jpegName(name).replace(/\.jpg$/, '.png') : jpegName(name)
  return { ...checked(sentName, done.size, done.path), release: () => releaseJpeg(done) }
}

const isImageName = (name: string): boolean => isImageEvidence(evidenceTypeOf(name) ?? '')

export type EvidenceSource = 'file' | 'image'

/**
 * Lets the chair pick one file; null when they cancel. WeChat: a file from a chat (chooseMessageFile, type 'file'
 * with the allowed extensions — WeChat ignores `extension` with type 'all'), or a photo from the album or camera
 * (chooseMedia). H5: Taro has no file picker there, so a hidden <input type="file" id="evidence-file-input">
 * attached to the page body is clicked. Pictures are re-encoded as JPEG when they need to be (preparedImage).
 */
export async function chooseEvidence(source: EvidenceSource): Promise<ChosenEvidence | null> {
  const api = source === 'image' ? 'chooseMedia' : 'chooseMessageFile'
  try {
    if (process.env.TARO_ENV === 'h5') return await withPrivacy(api, chooseOnH5)
    if (source === 'image') {
      const picked = (await withPrivacy('chooseMedia', () => Taro.chooseMedia({ count: 1, mediaType: ['image'], sizeType: ['compressed'], sourceType: ['album', 'camera'] }))).tempFiles[0]
      return picked ? await preparedImage(baseName(picked.tempFilePath), picked.size, picked.tempFilePath) : null
    }
    const picked = (await withPrivacy('chooseMessageFile', () => Taro.chooseMessageFile({ count: 1, type: 'file', extension: evidenceExtensions }))).tempFiles[0]
    if (!picked) return null
    return isImageName(picked.name) ? await preparedImage(picked.name, picked.size, picked.path) : checked(picked.name, picked.size, picked.path)
  } catch (cause) {
    const error = wechatError(cause, api)
    if (!error) return null
    throw error
  }
}

export const h5EvidenceInputId = 'evidence-file-input'
let h5ObjectUrl: string | null = null

/** What the H5 picker offers: the allowed extensions and types, and any picture (re-encoded when it must be). */
export const h5EvidenceAccept = [...evidenceExtensions.map((e) => `.${e}`), ...Object.keys(evidenceTypes), 'image/*'].join(',')

function chooseOnH5(): Promise<ChosenEvidence | null> {
  const element = hiddenFileInput(h5EvidenceInputId, h5EvidenceAccept)
  return new Promise((resolve, reject) => {
    element.onchange = () => {
      const file = element.files?.[0]
      if (!file) return resolve(null)
      // One picked file at a time: the previous address is no longer needed.
      if (h5ObjectUrl) URL.revokeObjectURL(h5ObjectUrl)
      h5ObjectUrl = URL.createObjectURL(file)
      const path = h5ObjectUrl
      const picture = file.type.startsWith('image/') || isImageName(file.name)
      if (picture) return void preparedImage(file.name, file.size, path, file).then(resolve, reject)
      try {
        resolve(checked(file.name, file.size, path))
      } catch (error) {
        reject(error)
      }
    }
    element.oncancel = () => resolve(null)
    element.click()
  })
}

// ---- uploading ----------------------------------------------------------------------------------------------

/**
 * Posts the file with the ticket's fields (services/storage-upload.ts), telling `onProgress` the percent sent; a
 * re-encoded picture is freed afterwards.
 */
export async function uploadToStorage(upload: UploadTicket, file: ChosenEvidence, onProgress: (percent: number) => void): Promise<void> {
  try {
    await postToStorage(upload, file, onProgress, tooLargeMessage)
  } finally {
    file.release?.()
  }
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
  let downloaded: Taro.downloadFile.FileSuccessCallbackResult
  try {
    downloaded = await Taro.downloadFile({ url: file.url, timeout: uploadTimeoutMs(file.size) })
  } catch (cause) {
    throw wechatError(cause, 'downloadFile') ?? new ApiError('NETWORK.UNREACHABLE', '文件下载已中断，请重试', { cause })
  }
  if (downloaded.statusCode !== 200) throw new ApiError(`STORAGE.${downloaded.statusCode}`, '文件下载失败，请刷新后重试')
  try {
    if (isImageEvidence(file.contentType)) {
      await Taro.previewImage({ urls: [downloaded.tempFilePath], current: downloaded.tempFilePath })
      return
    }
    const fileType = evidenceTypes[file.contentType as EvidenceContentType]?.document
    await Taro.openDocument({ filePath: downloaded.tempFilePath, ...(fileType ? { fileType } : {}), showMenu: true })
  } catch (cause) {
    const error = wechatError(cause, isImageEvidence(file.contentType) ? 'previewImage' : 'openDocument')
    if (error) throw error
  }
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
