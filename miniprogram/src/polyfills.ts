/**
 * What the oldest supported client lacks and this mini-program uses (miniprogram/config/supported-clients.ts: iOS 12.0,
 * whose JavaScriptCore is Safari 12.0's engine). app.ts imports this module first, so it runs before zod and every
 * module of ours; only Taro's runtime modules, which taro-loader puts ahead of app.ts, load earlier (and need none of
 * this). Each shim is installed only where the engine lacks it, and nothing is shimmed that no code of ours or of a
 * bundled library uses. The engine-floor test (test/weapp/engine-floor.test.ts) loads every bundle on that engine.
 *
 * - globalThis (Safari 12.1): zod reads and writes `globalThis.__zod_globalConfig` when its modules load.
 * - Object.fromEntries (Safari 12.1): shared/ builds lookup tables with it when its modules load; pages use it too.
 * - String.prototype.matchAll (Safari 13): the holiday notice parser (admin/pages/holidays/model.ts).
 *
 * zod's BigInt constants are kept out at build time instead (config/index.ts): a fake global BigInt would mislead
 * every library that tests for it. Promise.allSettled (Safari 13) is not used: services/inbox.ts does without it.
 */

// Resolved through Object.prototype while installGlobalThis runs; see there.
declare const __zhijiaGlobalObject__: { globalThis?: unknown }

/**
 * The global object is the outermost scope of every identifier lookup, and it inherits from Object.prototype: a getter
 * put on Object.prototype for a moment is reached through it with `this` the global object. This needs neither
 * `new Function` (WeChat refuses dynamic code) nor a sloppy-mode function (every bundle is strict).
 */
function installGlobalThis(): void {
  if (typeof globalThis === 'object') return
  Object.defineProperty(Object.prototype, '__zhijiaGlobalObject__', {
    configurable: true,
    get(this: object) {
      return this
    },
  })
  try {
    Object.defineProperty(__zhijiaGlobalObject__, 'globalThis', {
      configurable: true,
      writable: true,
      value: __zhijiaGlobalObject__,
    })
  } finally {
    delete (Object.prototype as { __zhijiaGlobalObject__?: unknown }).__zhijiaGlobalObject__
  }
}

function installObjectFromEntries(): void {
  if (typeof Object.fromEntries === 'function') return
  Object.defineProperty(Object, 'fromEntries', {
    configurable: true,
    writable: true,
    value: function fromEntries(entries: Iterable<readonly [PropertyKey, unknown]>): Record<PropertyKey, unknown> {
      const result: Record<PropertyKey, unknown> = {}
      const list = Array.from(entries)
      for (let i = 0; i < list.length; i += 1) {
        const entry = list[i] as readonly [PropertyKey, unknown]
        // A data property even for "__proto__", as the built-in makes it.
        Object.defineProperty(result, entry[0], { configurable: true, enumerable: true, writable: true, value: entry[1] })
      }
      return result
    },
  })
}

function installStringMatchAll(): void {
  if (typeof String.prototype.matchAll === 'function') return
  Object.defineProperty(String.prototype, 'matchAll', {
    configurable: true,
    writable: true,
    value: function matchAll(this: string, pattern: RegExp | string): IterableIterator<RegExpExecArray> {
      if (pattern instanceof RegExp && !pattern.global) {
        throw new TypeError('String.prototype.matchAll called with a non-global RegExp argument')
      }
      const text = String(this)
      const regexp = pattern instanceof RegExp ? new RegExp(pattern.source, pattern.flags) : new RegExp(pattern, 'g')
      regexp.lastIndex = pattern instanceof RegExp ? pattern.lastIndex : 0
      const matches: RegExpExecArray[] = []
      for (let match = regexp.exec(text); match !== null; match = regexp.exec(text)) {
        matches.push(match)
        // An empty match would match again at the same place.
        if (match[0] === '') regexp.lastIndex += regexp.unicode && (text.codePointAt(regexp.lastIndex) ?? 0) > 0xffff ? 2 : 1
      }
      return matches[Symbol.iterator]()
    },
  })
}

installGlobalThis()
installObjectFromEntries()
installStringMatchAll()

// A module, not a script: Babel then shares its helpers with the rest of the bundle instead of adding CommonJS copies.
export {}
