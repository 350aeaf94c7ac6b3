import Taro from '@tarojs/taro'
import { withPrivacy } from './privacy'
import { wechatError } from './wechat-error'

/** Taro's H5 clipboard keeps what it copied in localStorage under this key; nothing we copy may stay there. */
const taroClipboardKey = 'taro_clipboard'

/**
 * H5: a hidden textarea and execCommand('copy') — whose answer Taro's own setClipboardData ignores, so a browser
 * that refuses would still say 已复制 — then the asynchronous Clipboard API where execCommand is refused.
 */
async function copyOnH5(text: string): Promise<boolean> {
  const textarea = document.createElement('textarea')
  textarea.readOnly = true
  textarea.value = text
  textarea.style.position = 'absolute'
  textarea.style.left = '-10000px'
  document.body.appendChild(textarea)
  let copied = false
  try {
    textarea.select()
    textarea.setSelectionRange(0, text.length)
    copied = document.execCommand('copy')
  } catch {
    // An old browser without the command: the Clipboard API below is tried.
  } finally {
    textarea.remove()
  }
  if (!copied && typeof navigator !== 'undefined' && navigator.clipboard) {
    copied = await navigator.clipboard.writeText(text).then(
      () => true,
      () => false,
    )
  }
  // Taro's own 'copy' listener stores the page's selection asynchronously: removed now and once it has run.
  Taro.removeStorageSync(taroClipboardKey)
  setTimeout(() => Taro.removeStorageSync(taroClipboardKey), 50)
  return copied
}

/**
 * Copies `text` and tells the person: 已复制 when it worked, the reason when it did not (an undeclared clipboard in the
 * privacy guide, a refused privacy pop-up…) and that they can select the text by hand. Answers whether it copied.
 */
export async function copyText(text: string, what = '内容'): Promise<boolean> {
  let failure: string | null = null
  if (process.env.TARO_ENV === 'h5') {
    try {
      if (!(await withPrivacy('setClipboardData', () => copyOnH5(text)))) failure = '浏览器不允许复制'
    } catch (cause) {
      failure = wechatError(cause, 'setClipboardData')?.message ?? '复制已取消'
    }
  } else {
    try {
      await withPrivacy('setClipboardData', () => Taro.setClipboardData({ data: text }))
    } catch (cause) {
      failure = wechatError(cause, 'setClipboardData')?.message ?? '复制已取消'
    }
  }
  if (failure === null) {
    // Replaces WeChat's own 内容已复制 toast with the same news.
    void Taro.showToast({ title: '已复制', icon: 'success', duration: 1500 })
    return true
  }
  void Taro.showModal({ title: '复制失败', content: `${failure}。请长按${what}，选中后手动复制。`, showCancel: false, confirmText: '知道了' })
  return false
}
