import Taro from '@tarojs/taro'

/**
 * Where a user goes back to after logging in: the page and query they were on (a notice's deep link
 * `/pages/vote/index?appraisalId=…`, say), carried to the home page as `?returnTo=` and followed after the log-in.
 */

const homePath = '/pages/index/index'
/** Our own pages only (main package and the three subpackages), never the home page itself: nothing else is followed. */
const ownPage = /^\/(?:pages|chair\/pages|admin\/pages|review\/pages)\/[a-z0-9-]+\/index$/

/** Query keys Taro adds by itself: not part of where the user was. */
const internalKey = (key: string) => key.startsWith('$taro') || key === 'stamp' || key === 'returnTo'

/** The page the user is on with its query, as a url for Taro.reLaunch; null when unknown. */
export function currentPageUrl(): string | null {
  const router = Taro.getCurrentInstance().router
  if (!router) return null
  const path = `/${router.path.split('?')[0]?.replace(/^\/+/, '') ?? ''}`
  if (!ownPage.test(path)) return null
  const query = Object.entries(router.params)
    .filter((entry): entry is [string, string] => typeof entry[1] === 'string' && !internalKey(entry[0]))
    .map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(safeDecode(value))}`)
    .join('&')
  return query ? `${path}?${query}` : path
}

/** The home page's address, with the page to come back to when there is one. */
export function logInUrl(): string {
  const here = currentPageUrl()
  return here ? `${homePath}?returnTo=${encodeURIComponent(here)}` : homePath
}

/**
 * The page to return to, from the home page's `returnTo` (WeChat may hand it over still encoded, H5 decoded):
 * one of our pages with its query, or null for anything else.
 */
export function returnAddress(raw: string | undefined): string | null {
  if (!raw) return null
  const url = raw.startsWith('/') ? raw : safeDecode(raw)
  const path = url.split('?')[0] ?? ''
  return ownPage.test(path) && path !== homePath ? url : null
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value)
  } catch {
    return value
  }
}
