import Taro from '@tarojs/taro'
import {
  recordSubscriptionResults,
  subscribeTemplates,
  type SubscribeAnswer,
  type SubscribeMoment,
  type SubscribeTemplate,
} from './api-client'

/*
 * WeChat subscribe-message consent (DESIGN.md §6): asked at the moment it matters, never at launch, and a refusal
 * is respected — once a member says no for a moment, that moment is not offered again on this device.
 *
 * WeChat opens its consent sheet only from a user's tap, and an await on the network between the tap and the call
 * breaks that ("can only be invoked by user TAP gesture"). So a page that is going to offer calls
 * prepareSubscribe(moment) when the offer appears, and askToSubscribe(moment) straight from the tap handler,
 * before anything asynchronous.
 *
 * Where it is asked:
 * - the inbox, for reviewers and organisers: 'reviewerWork' (the 开启微信提醒 card);
 * - to come with their capabilities: after a chair submits an application ('afterApplicationSubmitted') and after a
 *   reporter files a report ('afterReportFiled'). The submission itself awaits the network, so the asking needs
 *   a tap of its own: a 开启进展通知 button on the confirmation screen, shown when shouldOfferSubscribe(moment),
 *   with prepareSubscribe(moment) called as the screen appears.
 */

export type SubscribeOutcome =
  /** At least one template was accepted and the server told. */
  | 'accepted'
  /** Every template refused (or WeChat's notifications switch is off): remembered, not offered again. */
  | 'declined'
  /** Nothing to ask: not in WeChat, or no template for the moment (or WeChat filtered them). */
  | 'unavailable'
  /** The templates could not be read, WeChat failed, or the server was not told; may be tried again. */
  | 'failed'

const isWeapp = process.env.TARO_ENV === 'weapp'

export const declinedStorageKey = (moment: SubscribeMoment): string => `subscribe.declined.${moment}`

/** WeChat: the member turned off subscribe messages for this mini-program altogether. */
const mainSwitchOff = 20004
const answers: readonly SubscribeAnswer[] = ['accept', 'reject', 'ban', 'filter']

const templatesByMoment = new Map<SubscribeMoment, SubscribeTemplate[]>()
// A grant is one message, so acceptance is not stored: the offer comes back in a later session to top it up.
const settledThisSession = new Set<SubscribeMoment>()

function isDeclined(moment: SubscribeMoment): boolean {
  const stored: unknown = Taro.getStorageSync(declinedStorageKey(moment))
  return typeof stored === 'string' && stored !== ''
}

/** Whether to show an offer to subscribe at this moment: in WeChat, not refused before, not answered this session. */
export function shouldOfferSubscribe(moment: SubscribeMoment): boolean {
  return isWeapp && !isDeclined(moment) && !settledThisSession.has(moment)
}

/** Remembers a refusal (the member's 不用了, or WeChat's own answer) so that the moment is not offered again. */
export function declineSubscribe(moment: SubscribeMoment): void {
  Taro.setStorageSync(declinedStorageKey(moment), new Date().toISOString())
  settledThisSession.add(moment)
}

/** Reads the moment's templates ahead of the tap (see above). Never rejects; askToSubscribe fetches again if needed. */
export async function prepareSubscribe(moment: SubscribeMoment): Promise<void> {
  if (!isWeapp || templatesByMoment.has(moment)) return
  try {
    templatesByMoment.set(moment, await subscribeTemplates(moment))
  } catch {
    templatesByMoment.delete(moment)
  }
}

type Consent = { answers: Record<string, SubscribeAnswer> } | { errCode: number }

/** Calls wx.requestSubscribeMessage synchronously (the caller's tap is still current), then waits for the answer. */
async function requestConsent(tmplIds: string[]): Promise<Consent> {
  // Taro's option type also demands Alipay's entityIds; WeChat takes tmplIds alone.
  const option = { tmplIds } as Taro.requestSubscribeMessage.Option
  try {
    const result = (await Taro.requestSubscribeMessage(option)) as Record<string, unknown>
    const given: Record<string, SubscribeAnswer> = {}
    for (const id of tmplIds) {
      const answer = result[id]
      if (answers.includes(answer as SubscribeAnswer)) given[id] = answer as SubscribeAnswer
    }
    return { answers: given }
  } catch (failure) {
    const errCode = (failure as { errCode?: unknown } | null)?.errCode
    return { errCode: typeof errCode === 'number' ? errCode : -1 }
  }
}

/**
 * Asks the member for this moment's WeChat subscribe messages and tells the server what they answered. Call it
 * from a tap, with prepareSubscribe(moment) done beforehand. Never rejects. Outside WeChat it asks nothing.
 */
export async function askToSubscribe(moment: SubscribeMoment): Promise<SubscribeOutcome> {
  if (!isWeapp) return 'unavailable'
  let templates = templatesByMoment.get(moment)
  if (!templates) {
    // Not prepared: the network comes between the tap and the sheet, which WeChat may then refuse. Still worth a try.
    try {
      templates = await subscribeTemplates(moment)
    } catch {
      return 'failed'
    }
    templatesByMoment.set(moment, templates)
  }
  if (templates.length === 0) {
    settledThisSession.add(moment)
    return 'unavailable'
  }

  // When prepared, this still runs within the tap: nothing asynchronous came before it.
  const consent = await requestConsent(templates.map((t) => t.templateId))
  if ('errCode' in consent) {
    if (consent.errCode !== mainSwitchOff) return 'failed'
    declineSubscribe(moment)
    return 'declined'
  }
  const given = Object.values(consent.answers)
  if (given.length === 0) return 'failed'
  // A refusal is remembered on this device first, whatever happens to the report below.
  const declinedAll = given.every((answer) => answer === 'reject' || answer === 'ban')
  if (declinedAll) declineSubscribe(moment)
  try {
    await recordSubscriptionResults(consent.answers)
  } catch {
    // After an acceptance WeChat holds a grant our server does not know of: the member may simply accept again.
    return declinedAll ? 'declined' : 'failed'
  }
  if (declinedAll) return 'declined'
  settledThisSession.add(moment)
  return given.includes('accept') ? 'accepted' : 'unavailable'
}
