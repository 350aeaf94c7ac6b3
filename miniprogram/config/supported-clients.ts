/**
 * The oldest WeChat clients the mini-program supports, in one place: the README states them, the engine-floor test
 * (test/weapp) evaluates every bundle in a sandbox without what this floor lacks, the surface test checks that no API
 * we call is newer than `baseLibrary`, and the 小程序管理后台 setting 「基础库最低版本设置」 must be set to it.
 *
 * Why these (WeChat's 基础库版本分布 and the App Store / 应用宝 requirements, as of 2024–2026):
 * - base library 2.27.3 ships with WeChat 8.0.28 (October 2022); every older base library together held under 1 % of
 *   users at the end of 2024 and keeps shrinking. It is the first with `compressImage`'s compressedWidth (2.26.0), and
 *   has `chooseMedia` (2.10.0), the `2d` offscreen canvas (2.16.1) and `uploadFile`'s timeout (2.10.0).
 * - iOS 12.0: the oldest iOS the current WeChat installs on. The logic layer runs in the phone's own JavaScriptCore
 *   (Safari 12.0 level): no BigInt, globalThis, Promise.allSettled, String.prototype.replaceAll, optional chaining, …
 * - Android 5.0: the oldest Android the current WeChat installs on; there the logic layer runs in WeChat's own V8,
 *   which is newer than the iOS 12 engine, so iOS 12 is the floor the code must meet.
 */
export const supportedClients = {
  baseLibrary: '2.27.3',
  wechat: '8.0.28',
  ios: '12.0',
  android: '5.0',
  /** The JavaScript the oldest logic layer parses: ES2018 syntax plus optional catch binding (Safari 12.0). */
  ecmaVersion: 2019,
} as const
