/**
 * What a WeChat API (wx.request, uploadFile, downloadFile, chooseMedia, chooseMessageFile, setClipboardData, the file
 * system…) or its Taro H5 stand-in rejected with, in words a person can act on. Pure: no Taro, so it is unit-tested
 * with the real `errMsg` strings (test/unit/wechat/wechat-failure.test.ts).
 *
 * WeChat rejects with `{ errMsg: '<api>:fail <reason>', errno? }`. `errno` is WeChat's unified error code (开发文档
 * 「Errno错误码」: 6xxxxx network, 13xxxxx file…) and is preferred where it is set; the text is matched otherwise,
 * because many clients still send only `errMsg`, and iOS and Android word the same failure differently.
 */

export const wechatFailureMessages = {
  'WECHAT.DOMAIN_NOT_ALLOWED': '服务器域名未在小程序后台登记，暂时无法连接，请联系管理员处理',
  'NETWORK.TIMEOUT': '网络超时，请检查网络后重试',
  'NETWORK.UNREACHABLE': '网络连接失败，请检查网络后重试',
  'NETWORK.TLS': '无法与服务器建立安全连接（证书或加密设置有误），请联系管理员处理',
  'WECHAT.PRIVACY_NOT_DECLARED': '小程序的《用户隐私保护指引》未声明此功能，暂时无法使用，请联系管理员处理',
  'WECHAT.PRIVACY_REFUSED': '需要先同意《用户隐私保护指引》才能使用此功能：请再点一次，并在弹窗中选择“同意”',
  'WECHAT.PERMISSION_DENIED': '没有所需的权限：请点右上角“···”→“设置”允许后重试',
  'FILE.TOO_LARGE': '文件过大，请压缩或拆分后重试',
  'FILE.STORAGE_FULL': '手机存储空间不足，请清理微信的存储空间后重试',
  'FILE.UNREADABLE': '无法读取所选文件，请重新选择',
  'WECHAT.FAILED': '操作未完成，请稍后重试',
} as const

export type WechatFailureCode = keyof typeof wechatFailureMessages

export type WechatFailure =
  /** The person closed a picker or a dialog: nothing to say. */
  | { cancelled: true }
  | { cancelled: false; code: WechatFailureCode; message: string; errno?: number; errMsg: string }

/** The API a failure came from: the text before ':fail' in errMsg, or what the caller says. */
const apiOf = (errMsg: string): string | undefined => /^([A-Za-z]+):fail/.exec(errMsg)?.[1]

/** The whitelist of 服务器域名 each network API is checked against, as the 小程序后台 names them. */
const domainLists: Record<string, string> = { request: 'request 合法域名', uploadFile: 'uploadFile 合法域名', downloadFile: 'downloadFile 合法域名', connectSocket: 'socket 合法域名' }

/** What the privacy guide (and a permission) would have to cover, by API. */
const features: Record<string, string> = {
  setClipboardData: '剪贴板',
  getClipboardData: '剪贴板',
  chooseMedia: '相册和相机',
  chooseImage: '相册和相机',
  chooseMessageFile: '从聊天中选择文件',
  saveImageToPhotosAlbum: '保存到相册',
  authorize: '授权',
}

const pickers = new Set(['chooseMedia', 'chooseImage', 'chooseMessageFile', 'chooseVideo', 'showActionSheet', 'previewImage'])
const networkApis = new Set(['request', 'uploadFile', 'downloadFile'])

/** errno (WeChat's Errno table) → failure, for the codes seen on the APIs we call. */
const byErrno: Record<number, WechatFailureCode> = {
  /** url not in domain list */
  600002: 'WECHAT.DOMAIN_NOT_ALLOWED',
  /** unknown network error / network error / network interrupted error */
  600000: 'NETWORK.UNREACHABLE',
  600001: 'NETWORK.UNREACHABLE',
  600003: 'NETWORK.UNREACHABLE',
  /** api scope is not declared in the privacy agreement */
  112: 'WECHAT.PRIVACY_NOT_DECLARED',
  /** privacy permission is not authorized: the person refused the privacy pop-up (WeChat's community answers: 104, and 103 on some APIs) */
  103: 'WECHAT.PRIVACY_REFUSED',
  104: 'WECHAT.PRIVACY_REFUSED',
}

/** Text patterns, tried in order (a TLS or timeout reason also contains "net::", so those come before the network). */
const byText: [RegExp, WechatFailureCode][] = [
  [/api scope is not declared in the privacy agreement/i, 'WECHAT.PRIVACY_NOT_DECLARED'],
  [/privacy (permission|authorization|agreement)|privacy.*(deny|denied|not authorized|fail)/i, 'WECHAT.PRIVACY_REFUSED'],
  [/url not in domain list|not in domain list|domain list/i, 'WECHAT.DOMAIN_NOT_ALLOWED'],
  [/time(d|s)?[ _-]?out|超时/i, 'NETWORK.TIMEOUT'],
  [/ssl|tls|certificate|ERR_CERT|ERR_SSL|hand ?shake|证书|安全连接/i, 'NETWORK.TLS'],
  [/storage limit is exceeded|maximum size of the file storage|no space left|storage.*full|存储空间/i, 'FILE.STORAGE_FULL'],
  [/size exceed|exceed.*size|file.*too (large|big)|too large|entity too large|文件过大|超过.*大小/i, 'FILE.TOO_LARGE'],
  [/auth den(y|ied)|authorize.*den|permission denied|system permission|user deny|no permission|没有权限|权限/i, 'WECHAT.PERMISSION_DENIED'],
  [/no such file|file not (found|exist)|not exist|invalid (file )?path|read.*fail|fail.*read/i, 'FILE.UNREADABLE'],
  [
    /net::|network|interrupted|disconnected|internet|connection|unreachable|failed to fetch|load failed|fetch failed|dns|host|网络|断开|连接|找不到.*服务器/i,
    'NETWORK.UNREACHABLE',
  ],
]

/** The errMsg (or an Error's message) and errno of anything thrown, whatever its shape. */
function partsOf(cause: unknown): { errMsg: string; errno: number | undefined; name: string } {
  if (typeof cause === 'string') return { errMsg: cause, errno: undefined, name: '' }
  if (cause === null || typeof cause !== 'object') return { errMsg: String(cause ?? ''), errno: undefined, name: '' }
  const record = cause as { errMsg?: unknown; message?: unknown; errno?: unknown; errCode?: unknown; name?: unknown }
  const errMsg = typeof record.errMsg === 'string' && record.errMsg !== '' ? record.errMsg : typeof record.message === 'string' ? record.message : ''
  const errno = typeof record.errno === 'number' && record.errno !== 0 ? record.errno : undefined
  return { errMsg, errno, name: typeof record.name === 'string' ? record.name : '' }
}

function messageFor(code: WechatFailureCode, api: string | undefined, errMsg: string): string {
  const feature = api ? features[api] : undefined
  switch (code) {
    case 'WECHAT.DOMAIN_NOT_ALLOWED': {
      const list = api ? domainLists[api] : undefined
      return list ? `服务器域名未登记为小程序的「${list}」，暂时无法连接，请联系管理员处理` : wechatFailureMessages[code]
    }
    case 'WECHAT.PRIVACY_NOT_DECLARED':
      return feature ? `小程序的《用户隐私保护指引》未声明“${feature}”，暂时无法使用，请联系管理员处理` : wechatFailureMessages[code]
    case 'WECHAT.PERMISSION_DENIED':
      if (api === 'chooseMedia' || api === 'chooseImage') return '没有使用相册或相机的权限：请点右上角“···”→“设置”允许，或在手机的系统设置中允许微信访问相册和相机后重试'
      return feature ? `没有使用“${feature}”的权限：请点右上角“···”→“设置”允许后重试` : wechatFailureMessages[code]
    case 'WECHAT.FAILED':
      return errMsg ? `${wechatFailureMessages[code]}（${errMsg.slice(0, 80)}）` : wechatFailureMessages[code]
    default:
      return wechatFailureMessages[code]
  }
}

/**
 * The failure of a WeChat API call, or `{ cancelled: true }` when the person only closed a picker. `api` names the
 * call when its errMsg does not (Taro's H5 pickers answer a bare "cancel"; a fetch failure is a TypeError).
 */
export function wechatFailure(cause: unknown, api?: string): WechatFailure {
  const { errMsg, errno, name } = partsOf(cause)
  const calledApi = apiOf(errMsg) ?? api
  const reason = errMsg.replace(/^[A-Za-z]+:fail:?\s*/, '')

  if (/\bcancel(l?ed)?\b/i.test(reason) || (calledApi !== undefined && pickers.has(calledApi) && /^abort$/i.test(reason.trim()))) return { cancelled: true }

  const found = (errno !== undefined ? byErrno[errno] : undefined) ?? byText.find(([pattern]) => pattern.test(reason))?.[1]
  // H5: Taro aborts a fetch that ran past its timeout (AbortError); nothing else of ours aborts one.
  const code: WechatFailureCode =
    found ?? (name === 'AbortError' ? 'NETWORK.TIMEOUT' : calledApi !== undefined && networkApis.has(calledApi) ? 'NETWORK.UNREACHABLE' : 'WECHAT.FAILED')
  return { cancelled: false, code, message: messageFor(code, calledApi, errMsg), ...(errno !== undefined ? { errno } : {}), errMsg }
}
