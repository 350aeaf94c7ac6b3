/**
 * Numbers for moving files, pure so they are unit-tested (test/unit/wechat/transfer-plan.test.ts): how long an
 * upload may take, and the sizes and qualities tried when a picture is re-encoded as JPEG to fit a limit.
 */

/** A slow mobile uplink (≈ 400 kbit/s), the pace an upload is given time for. */
const slowUplinkBytesPerSecond = 50 * 1024

/**
 * The timeout of one upload of `bytes`: 30 s to connect and answer, plus the file at a slow uplink's pace; at least
 * a minute, at most ten. (4 MB → about 2 minutes, 10 MB → about 4.)
 */
export function uploadTimeoutMs(bytes: number): number {
  const ms = 30_000 + Math.ceil((Math.max(0, bytes) / slowUplinkBytesPerSecond) * 1000)
  return Math.min(600_000, Math.max(60_000, ms))
}

export interface JpegStep {
  width: number
  height: number
  /** 0..1, as canvas.toBlob / canvasToTempFilePath take it. */
  quality: number
}

export interface JpegPlanOptions {
  /** The longest edge of the first try, in pixels. */
  maxEdge: number
  /** Below this longest edge the picture is no longer worth sending: the plan ends. */
  minEdge?: number
}

const qualities = [0.82, 0.62, 0.42] as const
/** Each round after the first draws the picture this much smaller. */
const shrink = 0.7

/**
 * The tries, in order, to re-encode a `width`×`height` picture as a JPEG under a byte limit: at each size the
 * qualities from high to low, then a smaller size. Never larger than the picture; never an edge under 1 px.
 */
export function jpegSteps(width: number, height: number, { maxEdge, minEdge = 400 }: JpegPlanOptions): JpegStep[] {
  const longEdge = Math.max(1, width, height)
  const steps: JpegStep[] = []
  let scale = Math.min(1, maxEdge / longEdge)
  for (;;) {
    const w = Math.max(1, Math.round(width * scale))
    const h = Math.max(1, Math.round(height * scale))
    for (const quality of qualities) steps.push({ width: w, height: h, quality })
    const next = scale * shrink
    if (longEdge * next < Math.min(minEdge, longEdge * scale) || steps.length >= qualities.length * 6) return steps
    scale = next
  }
}

/** How a JPEG's name is made from the picked file's: the same base name, ending in .jpg. */
export function jpegName(fileName: string): string {
  const base = fileName.replace(/\.[^./\\]*$/, '')
  return `${base || 'image'}.jpg`
}
