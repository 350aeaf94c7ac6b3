/**
 * The build's runtime settings (TARO_APP_*), checked before anything is compiled. Pure: config/index.ts passes
 * process.env; test/unit/foundation/runtime-env.test.ts passes its own.
 *
 * A phone refuses what a developer's machine accepts: wx.request and wx.uploadFile reach only HTTPS names registered as
 * the mini-program's legal domains (服务器域名) — no IP address, no localhost, no port, an ICP-filed name. So a prod
 * build must name such an API base and the real AppID, or it does not build; the local stage keeps its defaults
 * (http://127.0.0.1:3000, touristappid) and its demo log-in.
 */

export const stages = ['local', 'prod'] as const
export type Stage = (typeof stages)[number]

/** Where the local stack's API listens (scripts/local): the default of a local build. */
export const localApiBase = 'http://127.0.0.1:3000'

/** WeChat's AppID: "wx" and 16 hexadecimal digits (小程序管理后台 → 开发管理 → 开发设置). */
export const appIdPattern = /^wx[0-9a-f]{16}$/

/** The AppID WeChat DevTools accepts without an account; never a real mini-program's. */
export const touristAppId = 'touristappid'

/** Hosts that are a cloud's default endpoint, never the developer's own ICP-filed name. */
const cloudDefaultHosts = /(^|\.)(amazonaws\.com|amazonaws\.com\.cn|cloudfront\.net|cloudfront\.cn|api\.aws)$/

/** One broken rule: the variable, the rule in Chinese and in English. */
export interface EnvProblem {
  variable: string
  rule: string
}

export class BuildEnvError extends Error {
  readonly problems: EnvProblem[]

  constructor(problems: EnvProblem[]) {
    super(
      [
        '职工之家 build refused: the mini-program settings are wrong (构建配置错误，未开始编译):',
        ...problems.map((p) => `  - ${p.variable}: ${p.rule}`),
        '  See README.md, "Mini-program for WeChat DevTools" and "Deploy" (部署说明).',
      ].join('\n'),
    )
    this.name = 'BuildEnvError'
    this.problems = problems
  }
}

const ipv4 = /^\d{1,3}(\.\d{1,3}){3}$/
// A DNS name as WeChat's legal-domain form takes it: dot-separated labels of letters, digits and inner hyphens, a
// top-level label that is not all digits (URL turns a Chinese name into its xn-- form first).
const dnsLabel = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/

function isDnsName(host: string): boolean {
  const labels = host.split('.')
  return labels.length >= 2 && labels.every((label) => dnsLabel.test(label)) && !/^\d+$/.test(labels[labels.length - 1] ?? '')
}

/**
 * What is wrong with a prod API base, as rules broken (empty when it is fine): `https:`, a public DNS name (no IPv4
 * or IPv6 literal, no localhost or *.local, no cloud default endpoint), no port but 443, no user or password, no query
 * or fragment. A path prefix is allowed (the API lives under `<base>/v1`).
 */
export function prodApiBaseProblems(value: string): string[] {
  let url: URL
  try {
    url = new URL(value)
  } catch {
    return [`不是合法的网址 / not a URL: "${value}" (e.g. https://api.example.cn)`]
  }
  const problems: string[] = []
  const host = url.hostname.toLowerCase()
  if (url.protocol !== 'https:') problems.push(`必须以 https:// 开头，微信只允许 HTTPS / must be https: (WeChat only calls HTTPS), got "${url.protocol}"`)
  if (host.startsWith('[') || ipv4.test(host)) {
    problems.push(`必须是已备案的域名，不能是 IP 地址 / must be a DNS name, not an IP address: "${host}"`)
  } else if (host === 'localhost' || host.endsWith('.localhost') || host.endsWith('.local') || !isDnsName(host)) {
    problems.push(`必须是公网可解析的已备案域名 / must be a public DNS name (not localhost, *.local or a single label): "${host}"`)
  } else if (cloudDefaultHosts.test(host)) {
    problems.push(`不能用云服务的默认域名，请用已备案的自定义域名 / must be your own ICP-filed name, not a cloud default endpoint: "${host}"`)
  }
  // URL drops an explicit :443 (https's own); any other port is refused.
  if (url.port !== '') problems.push(`不能带端口，微信的服务器域名只用 443 / no port but 443: ":${url.port}"`)
  if (url.username !== '' || url.password !== '') problems.push('不能包含用户名或密码 / no credentials in the URL')
  if (url.search !== '' || url.hash !== '') problems.push('不能带查询参数或 # 片段 / no query string or fragment')
  return problems
}

function normalisedBase(value: string): string {
  const url = new URL(value)
  return `${url.protocol}//${url.host}${url.pathname}`.replace(/\/+$/, '')
}

/**
 * The checked settings, as Taro's `env` wants them (each value a JSON string literal, baked in by DefinePlugin as
 * `process.env.TARO_APP_*`). Sources, strongest first: the shell, then the `.env`, `.env.local`, `.env.<mode>` files
 * of miniprogram/ (the Taro CLI loads them into process.env before reading the config), then the local defaults.
 * Throws a BuildEnvError naming every broken rule, so `taro build` stops before compiling.
 */
export function runtimeEnv(env: Record<string, string | undefined>): Record<string, string> {
  const problems: EnvProblem[] = []
  const stage = (env.TARO_APP_STAGE ?? '').trim() || 'local'
  if (!(stages as readonly string[]).includes(stage)) {
    problems.push({ variable: 'TARO_APP_STAGE', rule: `只能是 ${stages.join(' 或 ')} / must be one of ${stages.join(', ')}; got "${stage}"` })
  }
  const given = (env.TARO_APP_API_BASE ?? '').trim()
  let apiBase = (given || (stage === 'prod' ? '' : localApiBase)).replace(/\/+$/, '')
  const appId = (env.TARO_APP_ID ?? '').trim()

  if (stage === 'prod') {
    if (apiBase === '') {
      problems.push({ variable: 'TARO_APP_API_BASE', rule: '生产构建（TARO_APP_STAGE=prod）必须设置 API 地址 / required for TARO_APP_STAGE=prod, e.g. https://api.example.cn' })
    } else {
      const wrong = prodApiBaseProblems(apiBase)
      problems.push(...wrong.map((rule) => ({ variable: 'TARO_APP_API_BASE', rule })))
      // Baked as URL writes it, without ":443": a legal domain registered without a port matches only URLs without one.
      if (wrong.length === 0) apiBase = normalisedBase(apiBase)
    }
    if (!appIdPattern.test(appId)) {
      problems.push({
        variable: 'TARO_APP_ID',
        rule: appId === '' || appId === touristAppId
          ? '生产构建必须设置小程序的真实 AppID / required for TARO_APP_STAGE=prod: the mini-program\'s AppID (wx + 16 hex digits), written into the dist\'s project.config.json'
          : `AppID 格式不对，应为 wx 加 16 位十六进制数 / must be wx followed by 16 hex digits; got "${appId}"`,
      })
    }
  } else {
    if (!/^https?:\/\/[^/\s]+(\/\S*)?$/.test(apiBase)) {
      problems.push({ variable: 'TARO_APP_API_BASE', rule: `必须是 http(s) 网址 / must be an http(s) URL; got "${apiBase}"` })
    }
    if (appId !== '' && appId !== touristAppId && !appIdPattern.test(appId)) {
      problems.push({ variable: 'TARO_APP_ID', rule: `应为 wx 加 16 位十六进制数或 ${touristAppId} / must be wx followed by 16 hex digits, or ${touristAppId}; got "${appId}"` })
    }
  }
  if (problems.length > 0) throw new BuildEnvError(problems)
  return {
    TARO_APP_STAGE: JSON.stringify(stage),
    TARO_APP_API_BASE: JSON.stringify(apiBase),
  }
}
