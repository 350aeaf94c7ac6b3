import Taro from '@tarojs/taro'
import { privacyAgreedStorageKey, privacyGuideEdition, privacyUses, type PrivacyApi } from './privacy-guide'

/**
 * WeChat's privacy rules (《小程序用户隐私保护指引》, base library 2.32.3+): a mini-program may call an API that WeChat
 * counts as touching private information only after the person has agreed to its guide. Every such call in this
 * mini-program goes through `withPrivacy`, which asks first — our own pop-up (components/privacy-popup) whose 同意
 * button has `open-type="agreePrivacyAuthorization"` — and the 隐私保护指引 page (pages/privacy) says, per API, what is
 * collected, why, how long it is kept and who sees it. test/weapp/privacy-guide.test.ts lists the privacy APIs the
 * weapp build calls and fails when one is missing here, or is called outside `withPrivacy`.
 */

export type { PrivacyApi }

// ---- asking before the call -----------------------------------------------------------------------------------

/** The person's answer in the pop-up. */
export type PrivacyAnswer = 'agree' | 'disagree'

/** A pop-up that can ask: the components/privacy-popup instances mounted, the newest (the page on top) last. */
type Asker = (api: PrivacyApi | null) => Promise<PrivacyAnswer>
const askers: Asker[] = []

/** Called by each mounted pop-up; returns its removal. */
export function registerPrivacyAsker(ask: Asker): () => void {
  askers.push(ask)
  return () => {
    const at = askers.lastIndexOf(ask)
    if (at >= 0) askers.splice(at, 1)
  }
}

/** H5 has no WeChat to remember the answer: the edition agreed is kept in the browser. */
function agreedOnH5(): boolean {
  try {
    return window.localStorage.getItem(privacyAgreedStorageKey) === privacyGuideEdition
  } catch {
    return false
  }
}

export function recordAgreementOnH5(): void {
  try {
    window.localStorage.setItem(privacyAgreedStorageKey, privacyGuideEdition)
  } catch {
    // A browser refusing storage asks again next time.
  }
}

/**
 * Refused in the pop-up: rejected exactly as WeChat rejects a privacy API the person did not agree to, so every
 * caller's existing handling (services/wechat-failure.ts: WECHAT.PRIVACY_REFUSED) says what to do.
 */
export function privacyRefusal(api: PrivacyApi): { errMsg: string; errno: number } {
  return { errMsg: `${api}:fail privacy permission is not authorized`, errno: 104 }
}


type Resolve = (answer: { event: PrivacyAnswer; buttonId?: string }) => void

let listening = false

/**
 * WeChat asks through wx.onNeedPrivacyAuthorization whenever a privacy API is called without agreement (also when
 * the person withdrew it since we last checked): the newest pop-up answers; with none mounted the call is refused
 * and the API fails with WeChat's privacy error, which services/wechat-failure.ts words.
 */
function listenToWeChat(): void {
  if (listening) return
  // Clients older than the rules (base library < 2.32.3) neither have the API nor ask.
  if (!Taro.canIUse('onNeedPrivacyAuthorization')) return
  if (typeof Taro.onNeedPrivacyAuthorization !== 'function') return
  listening = true
  Taro.onNeedPrivacyAuthorization((resolve: Resolve) => {
    const ask = askers[askers.length - 1]
    if (!ask) {
      resolve({ event: 'disagree' })
      return
    }
    void ask(null).then((event) => resolve(event === 'agree' ? { event, buttonId: privacyAgreeButtonId } : { event }))
  })
}

/** The pop-up's 同意 button (open-type="agreePrivacyAuthorization"), named to WeChat when it resolves. */
export const privacyAgreeButtonId = 'privacy-agree'

/** Whether WeChat needs the person's agreement before a privacy API (false on clients older than the rules). */
function needsAgreementOnWeChat(): Promise<boolean> {
  if (!Taro.canIUse('getPrivacySetting')) return Promise.resolve(false)
  if (typeof Taro.getPrivacySetting !== 'function') return Promise.resolve(false)
  return new Promise((resolve) => {
    Taro.getPrivacySetting({
      success: (setting: { needAuthorization: boolean }) => resolve(setting.needAuthorization),
      // Unknown: let the call go; WeChat asks through onNeedPrivacyAuthorization if it must.
      fail: () => resolve(false),
    })
  })
}

/**
 * Runs `call` — a privacy API — once the person has agreed to the guide: asked in the pop-up the first time, never
 * again once agreed. Rejects as WeChat does (privacyRefusal) when they refuse: the API is then not called.
 */
export async function withPrivacy<T>(api: PrivacyApi, call: () => Promise<T>): Promise<T> {
  if (process.env.TARO_ENV === 'h5') {
    if (!agreedOnH5()) {
      const answer = await askNewest(api)
      if (answer === 'disagree') throw privacyRefusal(api)
      // null: no pop-up on this page (test/weapp/privacy-guide.test.ts guards against it); nothing recorded.
      if (answer === 'agree') recordAgreementOnH5()
    }
    return call()
  }
  listenToWeChat()
  if (await needsAgreementOnWeChat()) {
    // Tapping 同意 (open-type="agreePrivacyAuthorization") is itself the agreement WeChat records. With no pop-up
    // on the page (null), the call goes on and WeChat's onNeedPrivacyAuthorization above refuses it.
    const answer = await askNewest(api)
    if (answer === 'disagree') throw privacyRefusal(api)
  }
  return call()
}

function askNewest(api: PrivacyApi): Promise<PrivacyAnswer | null> {
  const ask = askers[askers.length - 1]
  return ask ? ask(api) : Promise.resolve(null)
}

/** What the pop-up says the person is about to do. */
export function privacyActionOf(api: PrivacyApi | null): string {
  return api ? privacyUses[api].action : '使用此功能'
}
