import Taro from '@tarojs/taro'
import { jpegSteps } from './transfer-plan'

/**
 * Re-encoding a picture as a JPEG under a byte limit, whatever it was (a PNG screenshot, a HEIC or WebP photo, a
 * huge camera JPEG): drawn on a canvas on a white ground and exported as JPEG at the sizes and qualities of
 * `jpegSteps` until one fits. wx.compressImage cannot do this: its quality applies to JPEG only, so a PNG stays a
 * PNG of nearly the same size.
 * WeChat: an offscreen 2d canvas (wx.createOffscreenCanvas, base library 2.16.1) exported with
 * wx.canvasToTempFilePath (fileType 'jpg'); where a client does not export an offscreen canvas that way (older iOS
 * clients), its own toDataURL('image/jpeg') is written to a file instead; where neither exports, wx.compressImage
 * with compressedWidth at the same steps (a JPEG stays a JPEG; a PNG only gets smaller, and says so in `format`).
 * H5: a <canvas> and toBlob('image/jpeg').
 */

export interface ReencodedJpeg {
  /** WeChat: a file under the user data path (release it with releaseJpeg); H5: a blob: address. */
  path: string
  size: number
  width: number
  height: number
  /** H5: the JPEG itself. */
  blob?: Blob
  /** 'png' only where WeChat could not draw the picture and compressImage kept a PNG a PNG (smaller). */
  format: 'jpeg' | 'png'
}

export interface JpegLimit {
  maxBytes: number
  /** The longest edge of the first try. */
  maxEdge: number
}

/** The image format as the platform reads it ('png', 'jpeg', 'heic', 'webp'…), or '' when it cannot tell. */
export async function imageFormatOf(path: string, blob?: Blob): Promise<string> {
  if (process.env.TARO_ENV === 'h5') return (blob?.type ?? '').replace(/^image\//, '').toLowerCase()
  const info = await Taro.getImageInfo({ src: path })
  return String(info.type ?? '').toLowerCase()
}

/** The JPEG, or null when not even the smallest try fits under `maxBytes`. Rejects when the picture cannot be read. */
export function reencodeAsJpeg(src: string, limit: JpegLimit): Promise<ReencodedJpeg | null> {
  return process.env.TARO_ENV === 'h5' ? onH5(src, limit) : onWeapp(src, limit)
}

/** Frees what a re-encoding left behind (WeChat: its file; H5: the blob: address). */
export function releaseJpeg(jpeg: ReencodedJpeg): void {
  if (process.env.TARO_ENV === 'h5') {
    URL.revokeObjectURL(jpeg.path)
    return
  }
  // A temporary file of canvasToTempFilePath is WeChat's to clean; one written by toDataURL is ours.
  if (jpeg.path.startsWith(`${Taro.env.USER_DATA_PATH}/`)) Taro.getFileSystemManager().unlink({ filePath: jpeg.path, fail: () => undefined })
}

// ---- WeChat -----------------------------------------------------------------------------------------------------

interface WxImage {
  src: string
  width: number
  height: number
  onload: (() => void) | null
  onerror: ((error: unknown) => void) | null
}
interface Wx2dContext {
  fillStyle: string
  fillRect(x: number, y: number, width: number, height: number): void
  drawImage(image: WxImage, x: number, y: number, width: number, height: number): void
}
interface WxOffscreenCanvas {
  width: number
  height: number
  createImage(): WxImage
  getContext(type: '2d'): Wx2dContext
  toDataURL?: (type: string, quality: number) => string
}

let written = 0

async function onWeapp(src: string, limit: JpegLimit): Promise<ReencodedJpeg | null> {
  try {
    return await viaOffscreenCanvas(src, limit)
  } catch {
    // This client cannot draw or export an offscreen canvas: compressImage, which shrinks whatever it is given.
    return viaCompressImage(src, limit)
  }
}

async function viaCompressImage(src: string, { maxBytes, maxEdge }: JpegLimit): Promise<ReencodedJpeg | null> {
  const fs = Taro.getFileSystemManager()
  const info = await Taro.getImageInfo({ src })
  for (const step of jpegSteps(info.width, info.height, { maxEdge })) {
    const out = await Taro.compressImage({ src, quality: Math.round(step.quality * 100), compressedWidth: step.width })
    const size = (fs.statSync(out.tempFilePath) as Taro.Stats).size
    if (size <= maxBytes) {
      const format = String((await Taro.getImageInfo({ src: out.tempFilePath })).type).toLowerCase() === 'png' ? 'png' : 'jpeg'
      return { path: out.tempFilePath, size, width: step.width, height: step.height, format }
    }
  }
  return null
}

async function viaOffscreenCanvas(src: string, { maxBytes, maxEdge }: JpegLimit): Promise<ReencodedJpeg | null> {
  const canvas = Taro.createOffscreenCanvas({ type: '2d', width: 1, height: 1 }) as unknown as WxOffscreenCanvas
  const context = canvas.getContext('2d')
  const image = canvas.createImage()
  await new Promise<void>((resolve, reject) => {
    image.onload = () => resolve()
    image.onerror = (error) => reject(error instanceof Error ? error : new Error(`图片无法解码：${src}`))
    image.src = src
  })
  const fs = Taro.getFileSystemManager()
  // The toDataURL way writes one file per re-encoding, overwritten by each try: nothing piles up.
  written += 1
  const target = `${Taro.env.USER_DATA_PATH}/jpeg-${Date.now()}-${written}.jpg`
  let drawn = ''
  for (const step of jpegSteps(image.width, image.height, { maxEdge })) {
    if (drawn !== `${step.width}x${step.height}`) {
      drawn = `${step.width}x${step.height}`
      canvas.width = step.width
      canvas.height = step.height
      context.fillStyle = '#ffffff'
      context.fillRect(0, 0, step.width, step.height)
      context.drawImage(image, 0, 0, step.width, step.height)
    }
    let path: string
    try {
      path = (await Taro.canvasToTempFilePath({ canvas: canvas as unknown as Taro.Canvas, fileType: 'jpg', quality: step.quality, destWidth: step.width, destHeight: step.height })).tempFilePath
    } catch (cause) {
      if (typeof canvas.toDataURL !== 'function') throw cause
      fs.writeFileSync(target, canvas.toDataURL('image/jpeg', step.quality).replace(/^data:[^,]*,/, ''), 'base64')
      path = target
    }
    const size = (fs.statSync(path) as Taro.Stats).size
    if (size <= maxBytes) return { path, size, width: step.width, height: step.height, format: 'jpeg' }
  }
  fs.unlink({ filePath: target, fail: () => undefined })
  return null
}

// ---- H5 ---------------------------------------------------------------------------------------------------------

function loadImage(src: string): Promise<HTMLImageElement> {
  return new Promise((resolve, reject) => {
    const image = new Image()
    image.onload = () => resolve(image)
    image.onerror = () => reject(new Error(`图片无法解码：${src}`))
    image.src = src
  })
}

const toJpegBlob = (canvas: HTMLCanvasElement, quality: number): Promise<Blob | null> => new Promise((resolve) => canvas.toBlob(resolve, 'image/jpeg', quality))

async function onH5(src: string, { maxBytes, maxEdge }: JpegLimit): Promise<ReencodedJpeg | null> {
  const image = await loadImage(src)
  const canvas = document.createElement('canvas')
  const context = canvas.getContext('2d')
  if (!context) throw new Error('canvas 2d is not available')
  let drawn = ''
  for (const step of jpegSteps(image.naturalWidth, image.naturalHeight, { maxEdge })) {
    if (drawn !== `${step.width}x${step.height}`) {
      drawn = `${step.width}x${step.height}`
      canvas.width = step.width
      canvas.height = step.height
      context.fillStyle = '#ffffff'
      context.fillRect(0, 0, step.width, step.height)
      context.drawImage(image, 0, 0, step.width, step.height)
    }
    const blob = await toJpegBlob(canvas, step.quality)
    if (blob && blob.size <= maxBytes) return { path: URL.createObjectURL(blob), size: blob.size, width: step.width, height: step.height, blob, format: 'jpeg' }
  }
  return null
}
