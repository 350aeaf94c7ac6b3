import Taro from '@tarojs/taro'

/**
 * Evidence images for a report or a follow-up message: picked with Taro.chooseImage (on H5 an <input type=file>),
 * sent as PNG or JPEG data URLs of at most ~250 KB each (shared/api/publicity.ts evidenceImage: one image is one stored item). A larger picture, or
 * one in another format (HEIC, WebP…), is re-encoded as a smaller JPEG on the device first.
 */

export const maxEvidenceImages = 3
/** The server's limit on a data URL (~250 KB of image once base64 is undone). */
const maxDataUrlLength = 350_000
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

/** Whether the user closed the picker without choosing: not an error worth a word. */
export function isPickerCancel(error: unknown): boolean {
  const errMsg = (error as { errMsg?: unknown } | null)?.errMsg
  return typeof errMsg === 'string' && /cancel|abort/i.test(errMsg)
}

/** Lets the user pick up to `count` pictures and reads each into a data URL. Rejects with EvidenceError (a Chinese message) or the picker's cancel. */
export async function chooseEvidence(count: number): Promise<EvidenceImage[]> {
  if (count <= 0) return []
  const picked = await Taro.chooseImage({
    count,
    sizeType: ['compressed'],
    // On H5 a camera choice would first raise Taro's own action sheet; the phone's file picker offers the camera anyway.
    sourceType: process.env.TARO_ENV === 'h5' ? ['album'] : ['album', 'camera'],
  })
  const images: EvidenceImage[] = []
  for (const file of picked.tempFiles.slice(0, count)) {
    const dataUrl = process.env.TARO_ENV === 'h5' ? await h5DataUrl(file) : await weappDataUrl(file)
    images.push({ key: nextKey(), preview: file.path, dataUrl })
  }
  return images
}

// ---- WeChat ---------------------------------------------------------------------------------------------------

function readBase64(filePath: string): Promise<string> {
  return new Promise((resolve, reject) => {
    Taro.getFileSystemManager().readFile({
      filePath,
      encoding: 'base64',
      success: (result) => (typeof result.data === 'string' ? resolve(result.data) : reject(new EvidenceError(unreadable))),
      fail: () => reject(new EvidenceError(unreadable)),
    })
  })
}

async function weappDataUrl(file: Taro.chooseImage.ImageFile): Promise<string> {
  let kind: 'png' | 'jpeg' | null = null
  try {
    const info = await Taro.getImageInfo({ src: file.path })
    if (info.type === 'png' || info.type === 'jpeg') kind = info.type
  } catch {
    throw new EvidenceError(unreadable)
  }
  const base64Limit = maxDataUrlLength - 'data:image/jpeg;base64,'.length
  if (kind && file.size * (4 / 3) <= base64Limit) return `data:image/${kind};base64,${await readBase64(file.path)}`
  // Too large, or a format the server refuses: WeChat writes a JPEG of the picture at a lower quality.
  for (const quality of [70, 40, 20]) {
    const compressed = await Taro.compressImage({ src: file.path, quality, compressedWidth: maxEdgePx })
    const base64 = await readBase64(compressed.tempFilePath)
    if (base64.length <= base64Limit) return `data:image/jpeg;base64,${base64}`
  }
  throw new EvidenceError(tooLarge)
}

// ---- H5 -------------------------------------------------------------------------------------------------------

function readDataUrl(blob: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader()
    reader.onload = () => (typeof reader.result === 'string' ? resolve(reader.result) : reject(new EvidenceError(unreadable)))
    reader.onerror = () => reject(new EvidenceError(unreadable))
    reader.readAsDataURL(blob)
  })
}

function loadImage(src: string): Promise<HTMLImageElement> {
  return new Promise((resolve, reject) => {
    const image = new Image()
    image.onload = () => resolve(image)
    image.onerror = () => reject(new EvidenceError(unreadable))
    image.src = src
  })
}

async function h5DataUrl(file: Taro.chooseImage.ImageFile): Promise<string> {
  const blob = file.originalFileObj ?? (await (await fetch(file.path)).blob())
  const sendable = blob.type === 'image/png' || blob.type === 'image/jpeg'
  if (sendable) {
    const dataUrl = await readDataUrl(blob)
    if (dataUrl.length <= maxDataUrlLength) return dataUrl
  }
  // Draw it smaller on a canvas and take a JPEG, lowering the quality until it fits.
  const image = await loadImage(file.path)
  const scale = Math.min(1, maxEdgePx / Math.max(image.naturalWidth, image.naturalHeight, 1))
  const canvas = document.createElement('canvas')
  canvas.width = Math.max(1, Math.round(image.naturalWidth * scale))
  canvas.height = Math.max(1, Math.round(image.naturalHeight * scale))
  const context = canvas.getContext('2d')
  if (!context) throw new EvidenceError(unreadable)
  context.fillStyle = '#fff'
  context.fillRect(0, 0, canvas.width, canvas.height)
  context.drawImage(image, 0, 0, canvas.width, canvas.height)
  for (const quality of [0.8, 0.6, 0.45, 0.3, 0.2]) {
    const dataUrl = canvas.toDataURL('image/jpeg', quality)
    if (dataUrl.length <= maxDataUrlLength) return dataUrl
  }
  throw new EvidenceError(tooLarge)
}
