import Taro from '@tarojs/taro'
import { imageFormatOf, reencodeAsJpeg, releaseJpeg } from '../../services/jpeg'
import { withPrivacy } from '../../services/privacy'

/**
 * Evidence images for a report or a follow-up message: picked with Taro.chooseMedia (on H5 an <input type=file>),
 * sent as PNG or JPEG data URLs of at most ~250 KB each (shared/api/publicity.ts evidenceImage: one image is one
 * stored item). A larger picture, or one in another format (HEIC, WebP…), is re-encoded as a JPEG that fits on the
 * device first (services/jpeg.ts) — a PNG screenshot included.
 */

export const maxEvidenceImages = 3
/** The server's limit on a data URL (~250 KB of image once base64 is undone). */
const maxDataUrlLength = 350_000
const jpegPrefix = 'data:image/jpeg;base64,'
/** The largest JPEG whose data URL fits. */
const maxJpegBytes = Math.floor(((maxDataUrlLength - jpegPrefix.length) * 3) / 4)
const maxEdgePx = 1280

export interface EvidenceImage {
  key: string
  /** What the thumbnail shows: the picked file's temporary path (or the data URL). */
  preview: string
  /** What is sent: `data:image/png;base64,…` or `data:image/jpeg;base64,…`. */
  dataUrl: string
}

export class EvidenceError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'EvidenceError'
  }
}

const tooLarge = '图片过大：压缩后仍超过 250 KB，请截取关键部分后再试'
const unreadable = '无法读取所选图片，请换一张再试'

let counter = 0
const nextKey = (): string => `evidence-${Date.now()}-${(counter += 1)}`

interface PickedImage {
  path: string
  size: number
  /** H5: the picked file. */
  file?: Blob
}

/**
 * Lets the user pick up to `count` pictures and reads each into a data URL. Rejects with EvidenceError (a Chinese
 * message) or with what the picker rejected with (services/wechat-error.ts reads it; a cancel is not an error).
 */
export async function chooseEvidence(count: number): Promise<EvidenceImage[]> {
  if (count <= 0) return []
  const picked = await withPrivacy('chooseMedia', () =>
    Taro.chooseMedia({
      count,
      mediaType: ['image'],
      sizeType: ['compressed'],
      // On H5 a camera choice would first raise Taro's own action sheet; the phone's file picker offers the camera anyway.
      sourceType: process.env.TARO_ENV === 'h5' ? ['album'] : ['album', 'camera'],
    }),
  )
  const images: EvidenceImage[] = []
  for (const file of picked.tempFiles.slice(0, count)) {
    const image: PickedImage = { path: file.tempFilePath, size: file.size, file: (file as { originalFileObj?: Blob }).originalFileObj }
    images.push({ key: nextKey(), preview: image.path, dataUrl: await dataUrlOf(image) })
  }
  return images
}

/** The picture as it is when it is a PNG or JPEG small enough; otherwise a JPEG that fits. */
async function dataUrlOf(image: PickedImage): Promise<string> {
  let format: string
  try {
    format = await imageFormatOf(image.path, image.file)
  } catch {
    throw new EvidenceError(unreadable)
  }
  const kind = format === 'png' ? 'png' : format === 'jpeg' || format === 'jpg' ? 'jpeg' : null
  if (kind && Math.ceil(image.size / 3) * 4 + jpegPrefix.length <= maxDataUrlLength) {
    const dataUrl = `data:image/${kind};base64,${await readBase64(image)}`
    if (dataUrl.length <= maxDataUrlLength) return dataUrl
  }
  let jpeg
  try {
    jpeg = await reencodeAsJpeg(image.path, { maxBytes: maxJpegBytes, maxEdge: maxEdgePx })
  } catch {
    throw new EvidenceError(unreadable)
  }
  if (!jpeg) throw new EvidenceError(tooLarge)
  try {
    return `data:image/${jpeg.format};base64,${await readBase64({ path: jpeg.path, size: jpeg.size, file: jpeg.blob })}`
  } finally {
    releaseJpeg(jpeg)
  }
}

/** The file's bytes as base64 (WeChat: the file system; H5: a FileReader over the Blob). */
function readBase64(image: PickedImage): Promise<string> {
  if (process.env.TARO_ENV === 'h5') {
    return new Promise((resolve, reject) => {
      const source = image.file ? Promise.resolve(image.file) : fetch(image.path).then((r) => r.blob())
      source.then((blob) => {
        const reader = new FileReader()
        reader.onload = () => (typeof reader.result === 'string' ? resolve(reader.result.replace(/^data:[^,]*,/, '')) : reject(new EvidenceError(unreadable)))
        reader.onerror = () => reject(new EvidenceError(unreadable))
        reader.readAsDataURL(blob)
      }, () => reject(new EvidenceError(unreadable)))
    })
  }
  return new Promise((resolve, reject) => {
    Taro.getFileSystemManager().readFile({
      filePath: image.path,
      encoding: 'base64',
      success: (result) => (typeof result.data === 'string' ? resolve(result.data) : reject(new EvidenceError(unreadable))),
      fail: () => reject(new EvidenceError(unreadable)),
    })
  })
}
