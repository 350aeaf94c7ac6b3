/// <reference types="@tarojs/taro" />

declare module '*.png' {
  const src: string
  export default src
}
declare module '*.svg' {
  const src: string
  export default src
}
declare module '*.css'
declare module '*.scss'

/**
 * Taro replaces `process.env.<NAME>` at build time (DefinePlugin); no Node `process` exists at run time,
 * so only these names may be read, and only as whole `process.env.NAME` expressions.
 */
declare const process: {
  env: {
    /** Build mode. */
    NODE_ENV: 'development' | 'production'
    /** Target the bundle was built for. */
    TARO_ENV: 'weapp' | 'h5'
    /** Base URL of the HTTP API without trailing slash, e.g. `http://127.0.0.1:3000` (config/index.ts checks it). */
    TARO_APP_API_BASE: string
    /** Deployment stage: `local` enables the demo log-in; `prod` is the real thing. */
    TARO_APP_STAGE: 'local' | 'prod'
    /** The mini-program's AppID, written into dist/weapp/project.config.json by the Taro CLI: required for prod
     * (config/runtime-env.ts checks it), DevTools' touristappid on the local stage. */
    TARO_APP_ID?: string
  }
}
