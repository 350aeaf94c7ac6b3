/**
 * The weapp build as WeChat's logic layer runs it on the oldest client we support (miniprogram/config/
 * supported-clients.ts): iOS 12.0, whose JavaScriptCore is Safari 12.0's engine. Android's logic layer runs in
 * WeChat's own, newer V8, so iOS 12.0 is the floor.
 *
 * Two checks:
 * - `checkFloorSyntax(dist)` parses every .js file with acorn at the floor's ECMAScript version and refuses regular
 *   expression literals with lookbehind (Safari 16.4); a file the engine cannot parse never runs at all.
 * - `FloorSandbox` evaluates the files in a Node `vm` context (ECMAScript built-ins only: no URL, TextEncoder, fetch,
 *   setImmediate, Buffer or process, which WeChat's logic layer lacks as well), with what iOS 12.0 lacks removed
 *   (`floorGaps`), `eval` and `new Function` refused as WeChat refuses them, and what WeChat provides stubbed: `wx`,
 *   App, Page, Component, Behavior, getApp, getCurrentPages, requirePlugin, console and timers, and WeChat's module
 *   `require`, which evaluates each file once inside the wrapper WeChat's compiler puts around it.
 *
 * Timers and `Date` run on a virtual clock that starts at a fixed instant, so nothing here reads the real date.
 * wx.request and wx.login may be answered from outside, asynchronously (a real HTTP request to a test stack, say:
 * options `network` and `login`): such a call takes no virtual time, and `run()` waits for it in real time, bounded.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, posix, relative, sep } from 'node:path';
import vm from 'node:vm';
import * as acorn from 'acorn';
import { supportedClients } from '../../miniprogram/config/supported-clients';

/** Something the floor engine does not have, and where that was read. */
export interface FloorGap {
  /** A path from the global object: `BigInt`, `Promise.allSettled`, `String.prototype.at`, `%TypedArray%.prototype.at`. */
  path: string;
  /** First Safari with it (iOS Safari and JavaScriptCore ship together). */
  since: string;
  /** The core-js module that polyfills it, when there is one: core-js-compat's data must agree that iOS 12.0 lacks it. */
  coreJs?: string;
}

/**
 * What Safari 12.0 / iOS 12.0's JavaScriptCore lacks and a Node 20 `vm` context has. Versions from MDN's
 * browser-compat-data as summarised by web-features (web-platform-dx.github.io/web-features-explorer) and from
 * core-js-compat's data (node_modules/core-js-compat/data.json, `ios` column), which the weapp tests cross-check.
 * Not listed: what Safari 12.0 has (Array.prototype.flat/flatMap, String.prototype.trimStart/trimEnd,
 * Promise.prototype.finally, Object.entries, Symbol.asyncIterator, async functions and generators, named groups and
 * \p{…} in regular expressions), and what a bare `vm` context lacks anyway (structuredClone, queueMicrotask,
 * TextEncoder, URL, setImmediate — WeChat's logic layer does not have them either; removing them again is harmless).
 * WeChat's base library bundles "a copy of core-js" (developers.weixin.qq.com/miniprogram/dev/framework/runtime/
 * js-support.html) without saying which modules or which version, so the build must not count on it.
 * Special cases handled in the sandbox itself: Symbol.prototype.description (12.0 has it but answers "" instead of
 * undefined for Symbol(): fixed in 12.1), Error `cause` (Safari 15; the options argument is ignored), RegExp
 * lookbehind (16.4; refused by the constructor), eval / new Function (refused by WeChat, but for
 * `new Function('return this')`).
 */
export const floorGaps: readonly FloorGap[] = [
  { path: 'globalThis', since: '12.1', coreJs: 'es.global-this' },
  { path: 'BigInt', since: '14' },
  { path: 'BigInt64Array', since: '15' },
  { path: 'BigUint64Array', since: '15' },
  { path: 'DataView.prototype.getBigInt64', since: '15' },
  { path: 'DataView.prototype.getBigUint64', since: '15' },
  { path: 'DataView.prototype.setBigInt64', since: '15' },
  { path: 'DataView.prototype.setBigUint64', since: '15' },
  { path: 'Promise.allSettled', since: '13', coreJs: 'es.promise.all-settled' },
  { path: 'Promise.any', since: '14', coreJs: 'es.promise.any' },
  { path: 'Promise.withResolvers', since: '17.4', coreJs: 'es.promise.with-resolvers' },
  { path: 'AggregateError', since: '14', coreJs: 'es.aggregate-error' },
  { path: 'Object.fromEntries', since: '12.1', coreJs: 'es.object.from-entries' },
  { path: 'Object.hasOwn', since: '15.4', coreJs: 'es.object.has-own' },
  { path: 'Object.groupBy', since: '17.4', coreJs: 'es.object.group-by' },
  { path: 'Map.groupBy', since: '17.4', coreJs: 'es.map.group-by' },
  { path: 'String.prototype.replaceAll', since: '13.1', coreJs: 'es.string.replace-all' },
  { path: 'String.prototype.matchAll', since: '13', coreJs: 'es.string.match-all' },
  { path: 'String.prototype.at', since: '15.4', coreJs: 'es.string.at-alternative' },
  { path: 'String.prototype.isWellFormed', since: '16.4', coreJs: 'es.string.is-well-formed' },
  { path: 'String.prototype.toWellFormed', since: '16.4', coreJs: 'es.string.to-well-formed' },
  { path: 'Array.prototype.at', since: '15.4', coreJs: 'es.array.at' },
  { path: 'Array.prototype.findLast', since: '15.4', coreJs: 'es.array.find-last' },
  { path: 'Array.prototype.findLastIndex', since: '15.4', coreJs: 'es.array.find-last-index' },
  { path: 'Array.prototype.toReversed', since: '16', coreJs: 'es.array.to-reversed' },
  { path: 'Array.prototype.toSorted', since: '16', coreJs: 'es.array.to-sorted' },
  { path: 'Array.prototype.toSpliced', since: '16', coreJs: 'es.array.to-spliced' },
  { path: 'Array.prototype.with', since: '16', coreJs: 'es.array.with' },
  { path: 'Array.fromAsync', since: '16.4', coreJs: 'es.array.from-async' },
  { path: '%TypedArray%.prototype.at', since: '15.4', coreJs: 'es.typed-array.at' },
  { path: '%TypedArray%.prototype.findLast', since: '15.4', coreJs: 'es.typed-array.find-last' },
  { path: '%TypedArray%.prototype.findLastIndex', since: '15.4', coreJs: 'es.typed-array.find-last-index' },
  { path: '%TypedArray%.prototype.toReversed', since: '16', coreJs: 'es.typed-array.to-reversed' },
  { path: '%TypedArray%.prototype.toSorted', since: '16', coreJs: 'es.typed-array.to-sorted' },
  { path: '%TypedArray%.prototype.with', since: '16', coreJs: 'es.typed-array.with' },
  { path: 'ArrayBuffer.prototype.transfer', since: '17.4', coreJs: 'es.array-buffer.transfer' },
  { path: 'ArrayBuffer.prototype.transferToFixedLength', since: '17.4', coreJs: 'es.array-buffer.transfer-to-fixed-length' },
  { path: 'ArrayBuffer.prototype.resize', since: '16.4' },
  { path: 'WeakRef', since: '14.1' },
  { path: 'FinalizationRegistry', since: '14.1' },
  { path: 'structuredClone', since: '15.4', coreJs: 'web.structured-clone' },
  { path: 'queueMicrotask', since: '12.1', coreJs: 'web.queue-microtask' },
  // Disabled in Safari 11.0.3 after Spectre, back in 15.2 only for cross-origin-isolated pages.
  { path: 'SharedArrayBuffer', since: '15.2' },
  { path: 'Atomics', since: '15.2' },
  // JavaScriptCore shipped this V8 extension in 2023 (Safari 17); libraries must feature-test it.
  { path: 'Error.captureStackTrace', since: '17' },
  // WeChat's logic layer offers WXWebAssembly instead (base library 2.13.0); iOS has no WebAssembly there.
  { path: 'WebAssembly', since: 'never in WeChat' },
  { path: 'Intl.PluralRules', since: '13' },
  { path: 'Intl.RelativeTimeFormat', since: '14' },
  { path: 'Intl.Locale', since: '14' },
  { path: 'Intl.ListFormat', since: '14.1' },
  { path: 'Intl.DisplayNames', since: '14.1' },
  { path: 'Intl.Segmenter', since: '14.1' },
  { path: 'Intl.supportedValuesOf', since: '15.4' },
  { path: 'Intl.NumberFormat.prototype.formatToParts', since: '13' },
  { path: 'Intl.DateTimeFormat.prototype.formatRange', since: '14.1' },
  { path: 'Intl.DateTimeFormat.prototype.formatRangeToParts', since: '14.1' },
];

/** The parameters of the function WeChat's compiler wraps each file in (`define("app.js", function (…) {…})`). */
export const wechatModuleParameters = [
  'require', 'module', 'exports', 'window', 'document', 'frames', 'self', 'location', 'navigator', 'localStorage',
  'history', 'Caches', 'screen', 'alert', 'confirm', 'prompt', 'fetch', 'XMLHttpRequest', 'WebSocket', 'Reporter',
  'webkit', 'WeixinJSCore', 'print', 'WeixinJSBridge',
] as const;

// ---- syntax --------------------------------------------------------------------------------------------------------

export interface SyntaxViolation {
  file: string;
  line: number;
  column: number;
  message: string;
}

/** True when a regular expression source holds a lookbehind group, `(?<=…)` or `(?<!…)` (named groups are fine). */
export function hasLookbehind(source: string): boolean {
  let inClass = false;
  for (let i = 0; i < source.length; i += 1) {
    const char = source[i];
    if (char === '\\') {
      i += 1;
    } else if (inClass) {
      if (char === ']') inClass = false;
    } else if (char === '[') {
      inClass = true;
    } else if (char === '(' && source[i + 1] === '?' && source[i + 2] === '<' && (source[i + 3] === '=' || source[i + 3] === '!')) {
      return true;
    }
  }
  return false;
}

/** Parses one script as the floor engine would; the violations found (the first syntax error stops the parse). */
export function floorSyntaxViolations(code: string, file: string): SyntaxViolation[] {
  const violations: SyntaxViolation[] = [];
  try {
    acorn.parse(code, {
      ecmaVersion: supportedClients.ecmaVersion,
      sourceType: 'script',
      // WeChat runs each file inside a function.
      allowReturnOutsideFunction: true,
      locations: true,
      onToken(token) {
        if (token.type !== acorn.tokTypes.regexp) return;
        const { pattern } = (token as acorn.Token & { value: { pattern: string } }).value;
        if (hasLookbehind(pattern)) {
          violations.push({
            file,
            line: token.loc?.start.line ?? 0,
            column: token.loc?.start.column ?? 0,
            message: `regular expression /${pattern}/ uses lookbehind, which iOS < 16.4 cannot parse`,
          });
        }
      },
    });
  } catch (error) {
    const { loc, message } = error as SyntaxError & { loc?: { line: number; column: number } };
    const at = loc ? Math.max(0, lineStart(code, loc.line) + loc.column) : 0;
    violations.push({
      file,
      line: loc?.line ?? 0,
      column: loc?.column ?? 0,
      message: `${message} (ES${supportedClients.ecmaVersion}) near «${code.slice(Math.max(0, at - 40), at + 40)}»`,
    });
  }
  return violations;
}

function lineStart(code: string, line: number): number {
  let index = 0;
  for (let n = 1; n < line; n += 1) index = code.indexOf('\n', index) + 1;
  return index;
}

/** Every .js file of a dist folder, relative with forward slashes. */
export function distScripts(dist: string): string[] {
  const walk = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return walk(path);
      return name.endsWith('.js') ? [relative(dist, path).split(sep).join('/')] : [];
    });
  return walk(dist).sort();
}

/** Parses every .js file of a weapp dist at the floor's ECMAScript version. */
export function checkFloorSyntax(dist: string): SyntaxViolation[] {
  return distScripts(dist).flatMap((file) => floorSyntaxViolations(readFileSync(join(dist, file), 'utf8'), file));
}

export function formatViolation(violation: SyntaxViolation): string {
  return `${violation.file}:${violation.line}:${violation.column} ${violation.message}`;
}

// ---- uses of what the floor lacks ------------------------------------------------------------------------------------

/**
 * How a floor gap shows in code: a global (`BigInt`), a static member (`Promise.allSettled`), or a method call
 * (`.matchAll()`: any receiver, since a bundle's types are gone).
 */
export function gapUseKey(path: string): string {
  const parts = path.split('.');
  if (parts.length === 1) return path;
  const prototype = parts.indexOf('prototype');
  if (prototype >= 0) return `.${parts[prototype + 1]}()`;
  return path;
}

type Node = acorn.Node & Record<string, unknown>;

function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}

function visit(node: Node, parent: Node | null, enter: (node: Node, parent: Node | null) => void): void {
  enter(node, parent);
  for (const [key, value] of Object.entries(node)) {
    if (key === 'loc') continue;
    if (Array.isArray(value)) value.forEach((child) => isNode(child) && visit(child, node, enter));
    else if (isNode(value)) visit(value, node, enter);
  }
}

/**
 * Where the bundles of a dist use what the floor lacks (floorGaps): use key (gapUseKey) → files. A reference under
 * `typeof` is a feature test, not a use. Method calls are found by name, so a method of our own with the same name
 * counts too (none does today).
 */
export function floorGapUses(dist: string): Map<string, Set<string>> {
  const keys = new Set(floorGaps.map((gap) => gapUseKey(gap.path)));
  const uses = new Map<string, Set<string>>();
  const add = (key: string, file: string) => {
    if (!keys.has(key)) return;
    const files = uses.get(key) ?? new Set<string>();
    files.add(file);
    uses.set(key, files);
  };
  for (const file of distScripts(dist)) {
    const program = acorn.parse(readFileSync(join(dist, file), 'utf8'), {
      ecmaVersion: supportedClients.ecmaVersion,
      sourceType: 'script',
      allowReturnOutsideFunction: true,
    }) as unknown as Node;
    visit(program, null, (node, parent) => {
      if (parent?.type === 'UnaryExpression' && parent.operator === 'typeof') return;
      if (node.type === 'Identifier') {
        const name = node.name as string;
        const isProperty = parent?.type === 'MemberExpression' && parent.property === node && !parent.computed;
        const isKey = parent?.type === 'Property' && parent.key === node && !parent.computed;
        if (!isProperty && !isKey) add(name, file);
      } else if (node.type === 'MemberExpression' && !node.computed) {
        const object = node.object as Node;
        const property = (node.property as Node).name as string;
        if (object.type === 'Identifier') add(`${object.name as string}.${property}`, file);
        if (parent?.type === 'CallExpression' && parent.callee === node) add(`.${property}()`, file);
      }
    });
  }
  return uses;
}

// ---- the floor engine -----------------------------------------------------------------------------------------------

/**
 * Runs inside the context before anything else: removes `floorGaps`, and replaces RegExp, Function, Error and its
 * subclasses, Date and Symbol.prototype.description with versions that behave as iOS 12.0 in WeChat does. The
 * replacements report themselves as native code, as the engine's own functions would.
 */
const FLOOR_ENGINE = String.raw`(function (g, gaps, hasLookbehind, startAt) {
  'use strict';
  var nativeToString = Function.prototype.toString;
  var disguised = new WeakMap();
  function disguise(fn, name) {
    disguised.set(fn, 'function ' + name + '() {\n    [native code]\n}');
    return fn;
  }
  var toString = disguise(function toString() {
    return disguised.has(this) ? disguised.get(this) : nativeToString.call(this);
  }, 'toString');
  Object.defineProperty(Function.prototype, 'toString', { value: toString, writable: true, configurable: true });

  function forwardStatics(from, to) {
    Object.getOwnPropertyNames(from).forEach(function (key) {
      if (key === 'prototype' || key === 'length' || key === 'name' || key === 'caller' || key === 'arguments') return;
      if (Object.prototype.hasOwnProperty.call(to, key)) return;
      Object.defineProperty(to, key, Object.getOwnPropertyDescriptor(from, key));
    });
  }
  function replaceConstructor(name, Native, Replacement) {
    Object.defineProperty(Replacement, 'prototype', { value: Native.prototype, writable: false });
    Object.defineProperty(Native.prototype, 'constructor', { value: Replacement, writable: true, configurable: true });
    forwardStatics(Native, Replacement);
    Object.setPrototypeOf(Replacement, Object.getPrototypeOf(Native));
    disguise(Replacement, name);
    Object.defineProperty(g, name, { value: Replacement, writable: true, configurable: true });
    return Replacement;
  }

  // What iOS 12.0 lacks.
  var TypedArray = Object.getPrototypeOf(Int8Array);
  gaps.forEach(function (path) {
    var parts = path.split('.');
    var key = parts.pop();
    var owner = parts.reduce(function (object, part) {
      if (object === undefined || object === null) return undefined;
      return part === '%TypedArray%' ? TypedArray : object[part];
    }, g);
    if (owner === undefined || owner === null) return;
    if (!delete owner[key]) throw new Error('cannot remove ' + path + ' from the floor engine');
  });

  // Safari 12.0: Symbol().description is "" instead of undefined (MDN: partial implementation, fixed in 12.1).
  var description = Object.getOwnPropertyDescriptor(Symbol.prototype, 'description').get;
  Object.defineProperty(Symbol.prototype, 'description', {
    configurable: true,
    get: disguise(function () {
      var value = description.call(this);
      return value === undefined ? '' : value;
    }, 'get description'),
  });

  // Error cause (Safari 15): the options argument is ignored.
  var NativeError = Error;
  var FloorError = replaceConstructor('Error', NativeError, function Error(message) {
    return Reflect.construct(NativeError, arguments.length ? [message] : [], new.target || FloorError);
  });
  ['EvalError', 'RangeError', 'ReferenceError', 'SyntaxError', 'TypeError', 'URIError'].forEach(function (name) {
    var Native = g[name];
    var Floor = replaceConstructor(name, Native, function (message) {
      return Reflect.construct(Native, arguments.length ? [message] : [], new.target || Floor);
    });
    Object.setPrototypeOf(Floor, FloorError);
  });

  // Lookbehind (Safari 16.4): the engine refuses the pattern.
  var NativeRegExp = RegExp;
  var FloorRegExp = replaceConstructor('RegExp', NativeRegExp, function RegExp(pattern, flags) {
    var source = pattern instanceof NativeRegExp ? pattern.source : pattern === undefined ? '' : String(pattern);
    if (hasLookbehind(source)) {
      throw new SyntaxError('Invalid regular expression: invalid group specifier name (lookbehind is not supported on iOS < 16.4): /' + source + '/');
    }
    return Reflect.construct(NativeRegExp, arguments, new.target || FloorRegExp);
  });
  Object.defineProperty(FloorRegExp, Symbol.species, { configurable: true, get: function () { return this; } });

  // WeChat refuses dynamic code (the context refuses eval and the Function constructor) but for the one idiom its
  // documentation allows: new Function('return this').
  var NativeFunction = Function;
  var returnThis = function () { return g; };
  replaceConstructor('Function', NativeFunction, function Function() {
    var args = Array.prototype.slice.call(arguments);
    if (args.length === 1 && String(args[0]).trim() === 'return this') return returnThis;
    return Reflect.construct(NativeFunction, args, new.target || NativeFunction);
  });

  // A clock that starts at a fixed instant and moves only with the virtual timers.
  var now = startAt;
  var NativeDate = Date;
  var FloorDate = replaceConstructor('Date', NativeDate, function Date() {
    if (!new.target) return new NativeDate(now).toString();
    var args = arguments.length ? Array.prototype.slice.call(arguments) : [now];
    return Reflect.construct(NativeDate, args, new.target);
  });
  FloorDate.now = disguise(function now_() { return now; }, 'now');

  return {
    now: function () { return now; },
    setNow: function (value) { now = value; },
  };
})`;

/**
 * What WeChat provides: `wx` (a stub that records each call; a name it does not implement reads as undefined, as a
 * missing API does, and is recorded), App / Page / Component / Behavior / getApp / getCurrentPages / requirePlugin,
 * console, and timers on the virtual clock. Everything here is created inside the context, so the bundles never meet
 * an object from another realm. `host` is the bridge to the test (recording only).
 */
const WECHAT_HOST = String.raw`(function (g, host, clock, syncApis, asyncApis, useFloorPromise) {
  'use strict';
  var calls = [];
  function record(api, args) { host.call(api, args); }

  // ---- timers on the virtual clock ----
  var timers = [];
  var nextTimerId = 1;
  function addTimer(fn, ms, args, repeat) {
    var id = nextTimerId++;
    var delay = Math.max(0, Number(ms) || 0);
    timers.push({ id: id, due: clock.now() + delay, fn: fn, args: args, repeat: repeat ? Math.max(1, delay) : 0 });
    return id;
  }
  function clearTimer(id) {
    timers = timers.filter(function (timer) { return timer.id !== id; });
  }
  g.setTimeout = function setTimeout(fn, ms) { return addTimer(fn, ms, Array.prototype.slice.call(arguments, 2), false); };
  g.setInterval = function setInterval(fn, ms) { return addTimer(fn, ms, Array.prototype.slice.call(arguments, 2), true); };
  g.clearTimeout = function clearTimeout(id) { clearTimer(id); };
  g.clearInterval = function clearInterval(id) { clearTimer(id); };

  // ---- Promise ----
  // On iOS 15 and older, WeChat's Promise is a polyfill whose reactions run as ordinary setTimeout tasks, not as
  // microtasks (developers.weixin.qq.com/miniprogram/dev/framework/runtime/js-support.html, 「Promise 时序差异」).
  // This one does the same on the virtual clock, and reports a rejection nobody handled by the next task, as
  // wx.onUnhandledRejection would.
  var slots = new WeakMap();
  function job(fn) { addTimer(fn, 0, [], false); }
  function resolvingFunctions(promise) {
    var done = false;
    return {
      resolve: function (value) { if (!done) { done = true; resolvePromise(promise, value); } },
      reject: function (reason) { if (!done) { done = true; settle(promise, 'rejected', reason); } },
    };
  }
  function resolvePromise(promise, value) {
    if (value === promise) { settle(promise, 'rejected', new TypeError('Chaining cycle detected for promise')); return; }
    if (value !== null && (typeof value === 'object' || typeof value === 'function')) {
      var then;
      try { then = value.then; } catch (error) { settle(promise, 'rejected', error); return; }
      if (typeof then === 'function') {
        var fns = resolvingFunctions(promise);
        job(function () { try { then.call(value, fns.resolve, fns.reject); } catch (error) { fns.reject(error); } });
        return;
      }
    }
    settle(promise, 'fulfilled', value);
  }
  function react(reaction, state, value) {
    job(function () {
      var handler = state === 'fulfilled' ? reaction.onFulfilled : reaction.onRejected;
      if (typeof handler !== 'function') { (state === 'fulfilled' ? reaction.resolve : reaction.reject)(value); return; }
      var result;
      try { result = handler(value); } catch (error) { reaction.reject(error); return; }
      reaction.resolve(result);
    });
  }
  function settle(promise, state, value) {
    var slot = slots.get(promise);
    if (slot.state !== 'pending') return;
    slot.state = state;
    slot.value = value;
    var reactions = slot.reactions;
    slot.reactions = [];
    reactions.forEach(function (reaction) { react(reaction, state, value); });
    if (state === 'rejected' && !slot.handled) {
      job(function () { if (!slot.handled) host.unhandledRejection(value); });
    }
  }
  function Promise(executor) {
    if (!new.target) throw new TypeError("Promise constructor cannot be invoked without 'new'");
    if (typeof executor !== 'function') throw new TypeError('Promise resolver ' + typeof executor + ' is not a function');
    slots.set(this, { state: 'pending', value: undefined, reactions: [], handled: false });
    var fns = resolvingFunctions(this);
    try { executor(fns.resolve, fns.reject); } catch (error) { fns.reject(error); }
  }
  function slotOf(promise, method) {
    var slot = slots.get(promise);
    if (!slot) throw new TypeError('Method Promise.prototype.' + method + ' called on incompatible receiver');
    return slot;
  }
  Object.defineProperty(Promise.prototype, 'then', { configurable: true, writable: true, value: function then(onFulfilled, onRejected) {
    var slot = slotOf(this, 'then');
    var reaction = { onFulfilled: onFulfilled, onRejected: onRejected };
    var child = new Promise(function (resolve, reject) { reaction.resolve = resolve; reaction.reject = reject; });
    slot.handled = true;
    if (slot.state === 'pending') slot.reactions.push(reaction); else react(reaction, slot.state, slot.value);
    return child;
  } });
  Object.defineProperty(Promise.prototype, 'catch', { configurable: true, writable: true, value: function (onRejected) {
    return this.then(undefined, onRejected);
  } });
  Object.defineProperty(Promise.prototype, 'finally', { configurable: true, writable: true, value: function (onFinally) {
    if (typeof onFinally !== 'function') return this.then(onFinally, onFinally);
    return this.then(
      function (value) { return Promise.resolve(onFinally()).then(function () { return value; }); },
      function (reason) { return Promise.resolve(onFinally()).then(function () { throw reason; }); }
    );
  } });
  Object.defineProperty(Promise.prototype, Symbol.toStringTag, { configurable: true, value: 'Promise' });
  Promise.resolve = function resolve(value) {
    if (slots.has(value) && value.constructor === Promise) return value;
    return new Promise(function (ok) { ok(value); });
  };
  Promise.reject = function reject(reason) { return new Promise(function (ok, fail) { fail(reason); }); };
  Promise.all = function all(iterable) {
    return new Promise(function (ok, fail) {
      var items = Array.from(iterable);
      var results = new Array(items.length);
      var left = items.length;
      if (left === 0) { ok(results); return; }
      items.forEach(function (item, index) {
        Promise.resolve(item).then(function (value) {
          results[index] = value;
          left -= 1;
          if (left === 0) ok(results);
        }, fail);
      });
    });
  };
  Promise.race = function race(iterable) {
    return new Promise(function (ok, fail) {
      Array.from(iterable).forEach(function (item) { Promise.resolve(item).then(ok, fail); });
    });
  };
  if (useFloorPromise) Object.defineProperty(g, 'Promise', { configurable: true, writable: true, value: Promise });

  // ---- console ----
  function show(value) {
    if (value instanceof Error) return (value.name || 'Error') + ': ' + value.message;
    if (typeof value === 'string') return value;
    try { return JSON.stringify(value); } catch (e) { return String(value); }
  }
  g.console = {};
  ['log', 'info', 'debug', 'warn', 'error'].forEach(function (level) {
    g.console[level] = function () {
      host.console(level, Array.prototype.map.call(arguments, show).join(' '), Array.prototype.slice.call(arguments));
    };
  });
  g.console.group = g.console.groupEnd = g.console.time = g.console.timeEnd = g.console.trace = function () {};

  // ---- wx ----
  // As the device holds it: wx.setStorageSync keeps each value as given.
  var storage = JSON.parse(host.initialStorage());
  function systemInfo() {
    return {
      brand: 'iPhone', model: 'iPhone 6s', pixelRatio: 2, screenWidth: 375, screenHeight: 667, windowWidth: 375,
      windowHeight: 603, statusBarHeight: 20, language: 'zh_CN', version: '8.0.28', system: 'iOS 12.0',
      platform: 'ios', fontSizeSetting: 16, SDKVersion: '2.27.3', benchmarkLevel: 1, safeArea: { left: 0, right: 375,
      top: 20, bottom: 667, width: 375, height: 647 }, theme: 'light', enableDebug: false, deviceOrientation: 'portrait',
    };
  }
  var sync = {
    getSystemInfoSync: systemInfo,
    getWindowInfo: function () { var s = systemInfo(); return { pixelRatio: s.pixelRatio, screenWidth: s.screenWidth, screenHeight: s.screenHeight, windowWidth: s.windowWidth, windowHeight: s.windowHeight, statusBarHeight: s.statusBarHeight, safeArea: s.safeArea, screenTop: 0 }; },
    getDeviceInfo: function () { var s = systemInfo(); return { brand: s.brand, model: s.model, system: s.system, platform: s.platform, benchmarkLevel: 1, abi: '', deviceAbi: '', cpuType: '' }; },
    getAppBaseInfo: function () { var s = systemInfo(); return { SDKVersion: s.SDKVersion, enableDebug: false, language: s.language, version: s.version, theme: 'light', fontSizeSetting: 16, host: { env: 'WeChat' } }; },
    getSystemSetting: function () { return { bluetoothEnabled: false, locationEnabled: false, wifiEnabled: true, deviceOrientation: 'portrait' }; },
    getAppAuthorizeSetting: function () { return {}; },
    getMenuButtonBoundingClientRect: function () { return { width: 87, height: 32, top: 24, right: 365, bottom: 56, left: 278 }; },
    getAccountInfoSync: function () { return { miniProgram: { appId: 'wx0000000000000000', envVersion: 'release', version: '' }, plugin: {} }; },
    getLaunchOptionsSync: function () { return { path: 'pages/index/index', query: {}, scene: 1001, referrerInfo: {} }; },
    getEnterOptionsSync: function () { return { path: 'pages/index/index', query: {}, scene: 1001, referrerInfo: {} }; },
    getStorageSync: function (key) { return Object.prototype.hasOwnProperty.call(storage, key) ? storage[key] : ''; },
    setStorageSync: function (key, value) { storage[key] = value; },
    removeStorageSync: function (key) { delete storage[key]; },
    clearStorageSync: function () { storage = {}; },
    getStorageInfoSync: function () { return { keys: Object.keys(storage), currentSize: 0, limitSize: 10240 }; },
    canIUse: function () { return true; },
    nextTick: function (fn) { addTimer(fn, 0, [], false); },
    createSelectorQuery: function () {
      var query = {
        in: function () { return query; }, select: function () { return node; }, selectAll: function () { return node; },
        selectViewport: function () { return node; }, exec: function (cb) { if (cb) addTimer(cb, 0, [[]], false); return query; },
      };
      var node = {
        boundingClientRect: function () { return query; }, scrollOffset: function () { return query; },
        fields: function () { return query; }, node: function () { return query; }, context: function () { return query; },
      };
      return query;
    },
    createIntersectionObserver: function () {
      var observer = { relativeTo: function () { return observer; }, relativeToViewport: function () { return observer; }, observe: function () {}, disconnect: function () {} };
      return observer;
    },
    createAnimation: function () {
      var animation = new Proxy({}, { get: function (t, key) { return key === 'export' ? function () { return { actions: [] }; } : function () { return animation; }; } });
      return animation;
    },
    getUpdateManager: function () { return { onCheckForUpdate: function () {}, onUpdateReady: function () {}, onUpdateFailed: function () {}, applyUpdate: function () {} }; },
    getRealtimeLogManager: function () { return { info: function () {}, warn: function () {}, error: function () {}, setFilterMsg: function () {}, addFilterMsg: function () {} }; },
    getLogManager: function () { return { log: function () {}, info: function () {}, warn: function () {}, debug: function () {} }; },
    getFileSystemManager: function () { return new Proxy({}, { get: function () { return function () { throw new Error('getFileSystemManager is not available in the floor sandbox'); }; } }); },
    reportAnalytics: function () {},
    reportEvent: function () {},
    onAppShow: function () {}, offAppShow: function () {}, onAppHide: function () {}, offAppHide: function () {},
    onError: function () {}, offError: function () {}, onUnhandledRejection: function () {}, offUnhandledRejection: function () {},
    onPageNotFound: function () {}, offPageNotFound: function () {}, onMemoryWarning: function () {}, offMemoryWarning: function () {},
    onNetworkStatusChange: function () {}, offNetworkStatusChange: function () {}, onThemeChange: function () {}, offThemeChange: function () {},
    onWindowResize: function () {}, offWindowResize: function () {},
    arrayBufferToBase64: function () { return ''; }, base64ToArrayBuffer: function () { return new ArrayBuffer(0); },
    env: { USER_DATA_PATH: 'wxfile://usr' },
    // Cloud development: the mini-program does not use it; Taro copies the reference.
    cloud: {},
  };

  var answers = {
    login: function () { return { ok: true, result: { code: 'floor-sandbox-code', errMsg: 'login:ok' } }; },
    checkSession: function () { return { ok: false, result: { errMsg: 'checkSession:fail session expired' } }; },
    showModal: function () { return { ok: true, result: { confirm: false, cancel: true, errMsg: 'showModal:ok' } }; },
    showActionSheet: function () { return { ok: false, result: { errMsg: 'showActionSheet:fail cancel' } }; },
    getSetting: function () { return { ok: true, result: { authSetting: {}, subscriptionsSetting: { mainSwitch: true }, errMsg: 'getSetting:ok' } }; },
    getNetworkType: function () { return { ok: true, result: { networkType: 'wifi', errMsg: 'getNetworkType:ok' } }; },
    requestSubscribeMessage: function () { return { ok: false, result: { errMsg: 'requestSubscribeMessage:fail cancel', errCode: 20004 } }; },
    chooseMessageFile: function () { return { ok: false, result: { errMsg: 'chooseMessageFile:fail cancel' } }; },
    chooseMedia: function () { return { ok: false, result: { errMsg: 'chooseMedia:fail cancel' } }; },
    chooseImage: function () { return { ok: false, result: { errMsg: 'chooseImage:fail cancel' } }; },
    getClipboardData: function () { return { ok: true, result: { data: '', errMsg: 'getClipboardData:ok' } }; },
    getStorage: function (options) {
      return Object.prototype.hasOwnProperty.call(storage, options.key)
        ? { ok: true, result: { data: storage[options.key], errMsg: 'getStorage:ok' } }
        : { ok: false, result: { errMsg: 'getStorage:fail data not found' } };
    },
    setStorage: function (options) { storage[options.key] = options.data; return { ok: true, result: { errMsg: 'setStorage:ok' } }; },
    removeStorage: function (options) { delete storage[options.key]; return { ok: true, result: { errMsg: 'removeStorage:ok' } }; },
    request: function (options) {
      var answer = JSON.parse(host.request(JSON.stringify(requestOf(options))));
      return answer.ok
        ? { ok: true, result: { statusCode: answer.statusCode, data: answer.data, header: answer.header || {}, cookies: [], errMsg: 'request:ok' } }
        : { ok: false, result: { errMsg: 'request:fail ' + answer.errMsg } };
    },
    uploadFile: function () { return { ok: false, result: { errMsg: 'uploadFile:fail floor sandbox' } }; },
    downloadFile: function () { return { ok: false, result: { errMsg: 'downloadFile:fail floor sandbox' } }; },
  };

  function requestOf(options) {
    return { url: options.url, method: options.method || 'GET', header: options.header || {}, data: options.data === undefined ? null : options.data, dataType: options.dataType || 'json', timeout: options.timeout };
  }
  function answerLater(options, answer) {
    addTimer(function () {
      if (answer.ok && typeof options.success === 'function') options.success(answer.result);
      if (!answer.ok && typeof options.fail === 'function') options.fail(answer.result);
      if (typeof options.complete === 'function') options.complete(answer.result);
    }, 0, [], false);
  }
  // Calls answered from outside: id → the options whose callbacks the answer goes to.
  var awaiting = {};
  var nextCallId = 1;

  var wxApis = {};
  Object.keys(sync).forEach(function (name) {
    var impl = sync[name];
    wxApis[name] = typeof impl !== 'function' ? impl : function () {
      record(name, Array.prototype.slice.call(arguments));
      return impl.apply(undefined, arguments);
    };
  });
  asyncApis.forEach(function (name) {
    wxApis[name] = function (options) {
      options = options || {};
      record(name, Array.prototype.slice.call(arguments));
      if (host.answersFromOutside(name)) {
        var id = nextCallId++;
        awaiting[id] = options;
        host.askOutside(name, id, JSON.stringify(name === 'request' ? requestOf(options) : options));
      } else {
        answerLater(options, answers[name] ? answers[name](options) : { ok: true, result: { errMsg: name + ':ok' } });
      }
      var task = { abort: function () {}, onHeadersReceived: function () {}, offHeadersReceived: function () {}, onProgressUpdate: function () {}, offProgressUpdate: function () {}, onChunkReceived: function () {}, offChunkReceived: function () {} };
      return name === 'request' || name === 'uploadFile' || name === 'downloadFile' ? task : undefined;
    };
  });
  syncApis.forEach(function (name) { if (!(name in wxApis)) throw new Error('sync wx API without an implementation: ' + name); });
  g.wx = new Proxy(wxApis, {
    get: function (target, key) {
      if (typeof key === 'string' && !(key in target) && key !== 'webpackJsonp' && key !== 'then') host.missing(key);
      return target[key];
    },
  });

  // ---- registration ----
  var app;
  var pages = [];
  g.App = function App(config) { host.registered('App', config); app = config; };
  g.Page = function Page(config) { host.registered('Page', config); };
  g.Component = function Component(config) { host.registered('Component', config); };
  g.Behavior = function Behavior(config) { return config; };
  g.getApp = function getApp() { return app; };
  g.getCurrentPages = function getCurrentPages() { return pages.slice(); };
  g.requirePlugin = function requirePlugin(name) { throw new Error('requirePlugin("' + name + '"): this mini-program declares no plugins'); };

  return {
    // Runs the next due timer at or before "until"; false when none is due.
    runNextTimer: function (until) {
      var due = timers.filter(function (timer) { return timer.due <= until; });
      if (due.length === 0) return false;
      var timer = due.reduce(function (a, b) { return b.due < a.due || (b.due === a.due && b.id < a.id) ? b : a; });
      if (timer.due > clock.now()) clock.setNow(timer.due);
      if (timer.repeat) timer.due += timer.repeat; else clearTimer(timer.id);
      try {
        timer.fn.apply(undefined, timer.args);
      } catch (error) {
        host.uncaught(error);
      }
      return true;
    },
    pendingTimers: function () { return timers.length; },
    pushPage: function (page) { pages.push(page); },
    popPage: function () { pages.pop(); },
    // A page instance as WeChat makes one from a page config: the config's fields, data, setData and route.
    pageInstance: function (config, route, query) {
      var page = Object.create(null);
      Object.keys(config).forEach(function (key) { page[key] = config[key]; });
      page.data = JSON.parse(JSON.stringify(config.data || {}));
      page.route = route;
      page.__route__ = route;
      page.options = query;
      page.setData = function setData(data, callback) {
        host.setData(route, data);
        Object.keys(data || {}).forEach(function (key) { page.data[key] = data[key]; });
        if (typeof callback === 'function') addTimer(callback, 0, [], false);
      };
      page.selectComponent = function () { return null; };
      page.selectAllComponents = function () { return []; };
      page.createSelectorQuery = function () { return g.wx.createSelectorQuery(); };
      page.getOpenerEventChannel = function () { return { on: function () {}, emit: function () {}, off: function () {}, once: function () {} }; };
      page.getPageId = function () { return 'page-' + route; };
      page.__wxWebviewId__ = pages.length + 1;
      page.__wxExparserNodeId__ = 'floor-' + (pages.length + 1);
      return page;
    },
    call: function (fn, self, args) { return fn.apply(self, args); },
    // The answer to a call asked outside ({ ok, result } as JSON): its callbacks run as the next task.
    answer: function (id, json) {
      var options = awaiting[id];
      delete awaiting[id];
      if (options) answerLater(options, JSON.parse(json));
    },
    storage: function () { return JSON.stringify(storage); },
  };
})`;

/** Synchronous wx APIs the stub implements (each exists in base library 2.27.3). */
const syncWxApis = [
  'getSystemInfoSync', 'getWindowInfo', 'getDeviceInfo', 'getAppBaseInfo', 'getSystemSetting', 'getAppAuthorizeSetting',
  'getMenuButtonBoundingClientRect', 'getAccountInfoSync', 'getLaunchOptionsSync', 'getEnterOptionsSync',
  'getStorageSync', 'setStorageSync', 'removeStorageSync', 'clearStorageSync', 'getStorageInfoSync', 'canIUse',
  'nextTick', 'createSelectorQuery', 'createIntersectionObserver', 'createAnimation', 'getUpdateManager',
  'getRealtimeLogManager', 'getLogManager', 'getFileSystemManager', 'reportAnalytics', 'reportEvent',
];

/** Callback-style wx APIs the stub implements (each exists in base library 2.27.3): they answer on the next tick. */
const asyncWxApis = [
  'request', 'uploadFile', 'downloadFile', 'login', 'checkSession', 'showToast', 'hideToast', 'showLoading',
  'hideLoading', 'showModal', 'showActionSheet', 'navigateTo', 'redirectTo', 'reLaunch', 'switchTab', 'navigateBack',
  'setNavigationBarTitle', 'setNavigationBarColor', 'showNavigationBarLoading', 'hideNavigationBarLoading',
  'setBackgroundColor', 'setBackgroundTextStyle', 'startPullDownRefresh', 'stopPullDownRefresh', 'pageScrollTo',
  'requestSubscribeMessage', 'chooseMessageFile', 'chooseMedia', 'chooseImage', 'previewImage', 'setClipboardData',
  'getClipboardData', 'showShareMenu', 'hideShareMenu', 'updateShareMenu', 'getSetting', 'openSetting',
  'getNetworkType', 'makePhoneCall', 'vibrateShort', 'getStorage', 'setStorage', 'removeStorage', 'loadFontFace',
  'hideKeyboard', 'openDocument',
];

/** What a wx.request receives from the test. */
export interface FloorRequest {
  url: string;
  method: string;
  header: Record<string, string>;
  data: unknown;
  /** 'json' unless the caller says otherwise: WeChat then parses the response body (and hands back text when it is not JSON). */
  dataType?: string;
  /** The caller's timeout (ms), when it gives one. */
  timeout?: number;
}

/** What wx.login answers: a code, or WeChat's failure (`login:fail …`). */
export type FloorLogin = { code: string } | { errMsg: string };

/** The answer to a wx.request: an HTTP response, or a network failure (`request:fail …`). */
export type FloorResponse =
  | { ok: true; statusCode: number; data: unknown; header?: Record<string, string> }
  | { ok: false; errMsg: string };

export interface FloorSandboxOptions {
  /** The virtual clock's start (ms since the epoch). */
  startAt?: number;
  /** Answers wx.request; by default every request is refused with 401 and the API's error body. */
  respond?: (request: FloorRequest) => FloorResponse;
  /**
   * Answers wx.request asynchronously instead of `respond` (a real HTTP request made outside the sandbox): the
   * request takes no virtual time, and run() waits for the answer in real time (at most `outsideTimeoutMs`).
   */
  network?: (request: FloorRequest) => Promise<FloorResponse>;
  /** Answers wx.login asynchronously (by default at once, with a fixed code); run() waits as for `network`. */
  login?: () => Promise<FloorLogin>;
  /** How long run() waits in real time for an answer from outside before it gives up (default 30 s). */
  outsideTimeoutMs?: number;
  /** wx storage before launch, key → value as wx.setStorageSync would have stored it (JSON values only). */
  storage?: Record<string, unknown>;
  /** Leave out the engine's restrictions (floorGaps etc.): only to show what the restrictions change. */
  unrestricted?: boolean;
}

export interface Registration {
  kind: 'App' | 'Page' | 'Component';
  /** The file being evaluated when it happened. */
  file: string;
  config: Record<string, unknown>;
}

export interface ConsoleEntry {
  level: string;
  text: string;
}

/** 2026-03-02 09:00 Asia/Shanghai, a Monday that is a working day. */
export const defaultStartAt = Date.UTC(2026, 2, 2, 1, 0, 0);

const unauthorised: FloorResponse = {
  ok: true,
  statusCode: 401,
  data: { code: 'AUTH.REQUIRED', message: '请先登录', details: [] },
};

interface HostControl {
  runNextTimer(until: number): boolean;
  pendingTimers(): number;
  pushPage(page: object): void;
  popPage(): void;
  pageInstance(config: object, route: string, query: object): Record<string, unknown>;
  call(fn: unknown, self: unknown, args: unknown[]): unknown;
  answer(id: number, json: string): void;
  storage(): string;
}

/** A wx.request answer in WeChat's shape, for success or fail. */
function wechatRequestAnswer(response: FloorResponse): { ok: boolean; result: Record<string, unknown> } {
  return response.ok
    ? { ok: true, result: { statusCode: response.statusCode, data: response.data, header: response.header ?? {}, cookies: [], errMsg: 'request:ok' } }
    : { ok: false, result: { errMsg: `request:fail ${response.errMsg}` } };
}

function wechatLoginAnswer(login: FloorLogin): { ok: boolean; result: Record<string, unknown> } {
  return 'code' in login ? { ok: true, result: { code: login.code, errMsg: 'login:ok' } } : { ok: false, result: { errMsg: login.errMsg } };
}

interface ClockControl {
  now(): number;
  setNow(value: number): void;
}

interface LoadedModule {
  exports: unknown;
}

/**
 * Something thrown inside the floor engine, in a few lines: its name and message, then the frames in the dist's files
 * (relative to the dist). The bundles are minified: a code frame of one of their lines would print the whole file.
 */
export function describeThrown(error: unknown, dist = ''): string {
  if (error === null || typeof error !== 'object') return `thrown: ${String(error)}`;
  const { stack, message, name } = error as { stack?: unknown; message?: unknown; name?: unknown };
  if (typeof stack !== 'string') return `${String(name ?? 'Error')}: ${String(message ?? JSON.stringify(error))}`;
  const [head = '', ...frames] = stack.split('\n');
  const where = frames
    .map((frame) => frame.trim().replace(/^at /, ''))
    .filter((frame) => dist === '' || frame.includes(dist))
    .slice(0, 5)
    .map((frame) => (dist === '' ? frame : frame.split(`${dist}${sep}`).join('')));
  return [head, ...where.map((frame) => `  ← ${frame}`)].join('\n');
}

function floorFailure(what: string, error: unknown, dist: string): Error {
  const failure = new Error(`${what} on iOS ${supportedClients.ios}: ${describeThrown(error, dist)}`);
  failure.stack = failure.message;
  return failure;
}

/** The package a dist file belongs to: '' for the main package, else the subpackage root. */
function packageOf(file: string, roots: string[]): string {
  return roots.find((root) => file.startsWith(`${root}/`)) ?? '';
}

/**
 * One launch of the mini-program on the floor engine: a fresh context, then `launchApp()` (app.js, as WeChat
 * evaluates it at start) and `openPage(route)` (the page's file and its components, as on navigation).
 */
export class FloorSandbox {
  readonly registrations: Registration[] = [];
  readonly wxCalls: { api: string; args: unknown[] }[] = [];
  /** wx.* names read that the stub does not implement (a missing API on a real client). */
  readonly missingWxApis = new Set<string>();
  readonly console: ConsoleEntry[] = [];
  /** Errors thrown by timer callbacks (WeChat reports these to App.onError). */
  readonly uncaught: unknown[] = [];
  /** Rejections no handler was attached to by the next task (WeChat reports these to wx.onUnhandledRejection). */
  readonly unhandledRejections: unknown[] = [];
  readonly setDataCalls: { route: string; data: Record<string, unknown> }[] = [];
  readonly requests: FloorRequest[] = [];

  private readonly context: vm.Context;
  private readonly host: HostControl;
  private readonly clock: ClockControl;
  private readonly modules = new Map<string, LoadedModule>();
  private readonly subPackageRoots: string[];
  private readonly appJson: { pages: string[]; subPackages?: { root: string; pages: string[] }[]; subpackages?: { root: string; pages: string[] }[] };
  private evaluating: string[] = [];
  /** Calls asked outside and not yet answered (network, login). */
  private readonly outside = new Set<Promise<void>>();
  private readonly outsideTimeoutMs: number;

  constructor(readonly dist: string, options: FloorSandboxOptions = {}) {
    this.appJson = JSON.parse(readFileSync(join(dist, 'app.json'), 'utf8')) as FloorSandbox['appJson'];
    this.subPackageRoots = (this.appJson.subPackages ?? this.appJson.subpackages ?? []).map((s) => s.root.replace(/\/+$/, ''));
    this.context = vm.createContext(Object.create(null) as object, {
      name: `WeChat logic layer on iOS ${supportedClients.ios}`,
      codeGeneration: options.unrestricted ? undefined : { strings: false, wasm: false },
    });
    const global = vm.runInContext('this', this.context) as object;
    const install = (source: string, ...args: unknown[]) =>
      (vm.runInContext(source, this.context, { filename: 'floor-sandbox' }) as (...a: unknown[]) => unknown)(global, ...args);
    const startAt = options.startAt ?? defaultStartAt;
    this.clock = (options.unrestricted
      ? install(`(function (g, startAt) { var now = startAt; return { now: function () { return now; }, setNow: function (v) { now = v; } }; })`, startAt)
      : install(FLOOR_ENGINE, floorGaps.map((gap) => gap.path), hasLookbehind, startAt)) as ClockControl;
    const respond = options.respond ?? (() => unauthorised);
    this.outsideTimeoutMs = options.outsideTimeoutMs ?? 30_000;
    const { network, login } = options;
    const bridge = {
      call: (api: string, args: unknown[]) => {
        this.wxCalls.push({ api, args });
      },
      console: (level: string, text: string) => {
        this.console.push({ level, text });
      },
      missing: (name: string) => {
        this.missingWxApis.add(name);
      },
      uncaught: (error: unknown) => {
        this.uncaught.push(error);
      },
      unhandledRejection: (reason: unknown) => {
        this.unhandledRejections.push(reason);
      },
      registered: (kind: Registration['kind'], config: Record<string, unknown>) => {
        this.registrations.push({ kind, file: this.evaluating[this.evaluating.length - 1] ?? '', config });
      },
      setData: (route: string, data: Record<string, unknown>) => {
        this.setDataCalls.push({ route, data });
      },
      request: (json: string) => {
        const request = JSON.parse(json) as FloorRequest;
        this.requests.push(request);
        return JSON.stringify(respond(request));
      },
      initialStorage: () => JSON.stringify(options.storage ?? {}),
      answersFromOutside: (api: string) => (api === 'request' && network !== undefined) || (api === 'login' && login !== undefined),
      askOutside: (api: string, id: number, json: string) => {
        let answer: Promise<{ ok: boolean; result: Record<string, unknown> }>;
        if (api === 'request' && network) {
          const request = JSON.parse(json) as FloorRequest;
          this.requests.push(request);
          answer = network(request).then(wechatRequestAnswer);
        } else if (api === 'login' && login) {
          answer = login().then(wechatLoginAnswer);
        } else {
          throw new Error(`wx.${api} has no answer from outside`);
        }
        const pending: Promise<void> = answer
          .catch((error: unknown) => ({ ok: false, result: { errMsg: `${api}:fail ${error instanceof Error ? error.message : String(error)}` } }))
          .then((settled) => {
            this.outside.delete(pending);
            this.host.answer(id, JSON.stringify(settled));
          });
        this.outside.add(pending);
      },
    };
    this.host = install(WECHAT_HOST, bridge, this.clock, syncWxApis, asyncWxApis, !options.unrestricted) as HostControl;
  }

  /** Evaluates source inside the floor engine (for probes): the completion value. */
  evaluate(source: string, filename = 'probe.js'): unknown {
    return vm.runInContext(source, this.context, { filename });
  }

  /** WeChat's `require` as seen from `from` (a dist-relative file). */
  private requireFrom(from: string): (request: string) => unknown {
    return (request: string) => {
      if (typeof request !== 'string') throw new TypeError(`require() needs a path, got ${typeof request}`);
      const base = request.startsWith('/') ? request.slice(1) : posix.join(posix.dirname(from), request);
      const file = posix.normalize(base.endsWith('.js') ? base : `${base}.js`);
      if (file.startsWith('../')) throw new Error(`${from}: require("${request}") leaves the mini-program`);
      const fromPackage = packageOf(from, this.subPackageRoots);
      const toPackage = packageOf(file, this.subPackageRoots);
      if (toPackage !== '' && toPackage !== fromPackage) {
        throw new Error(`${from}: require("${request}") reaches into subpackage "${toPackage}", which WeChat does not allow`);
      }
      return this.load(file);
    };
  }

  /** Evaluates one dist file once, inside WeChat's module wrapper; its exports. */
  load(file: string): unknown {
    const loaded = this.modules.get(file);
    if (loaded) return loaded.exports;
    let source: string;
    try {
      source = readFileSync(join(this.dist, file), 'utf8');
    } catch {
      throw new Error(`module "${file}" is not defined (no such file in the dist)`);
    }
    const module: LoadedModule = this.evaluate('({ exports: {} })') as LoadedModule;
    this.modules.set(file, module);
    const wrapper = new vm.Script(`(function (${wechatModuleParameters.join(', ')}) {\n${source}\n})`, {
      filename: join(this.dist, file),
      lineOffset: -1,
    }).runInContext(this.context) as (...args: unknown[]) => unknown;
    this.evaluating.push(file);
    try {
      this.host.call(wrapper, undefined, [this.requireFrom(file), module, module.exports]);
    } catch (error) {
      // Reported once, by the outermost file being evaluated.
      if (this.evaluating.length > 1) throw error;
      throw floorFailure(`evaluating ${file} failed`, error, this.dist);
    } finally {
      this.evaluating.pop();
    }
    return module.exports;
  }

  /** The pages of app.json, main package first, each with its package root ('' for the main package). */
  pages(): { route: string; root: string }[] {
    const subs = this.appJson.subPackages ?? this.appJson.subpackages ?? [];
    return [
      ...this.appJson.pages.map((route) => ({ route, root: '' })),
      ...subs.flatMap((sub) => sub.pages.map((page) => ({ route: `${sub.root.replace(/\/+$/, '')}/${page}`, root: sub.root }))),
    ];
  }

  /** app.js as WeChat evaluates it at launch; the App registration it made. */
  launchApp(): Registration {
    this.load('app.js');
    const apps = this.registrations.filter((r) => r.kind === 'App');
    if (apps.length !== 1) throw new Error(`app.js called App() ${apps.length} times; WeChat needs exactly one call`);
    return apps[0] as Registration;
  }

  /** A page's file as WeChat evaluates it on navigation, then the components its .json uses; its registration. */
  openPage(route: string): Registration {
    const before = this.registrations.length;
    this.load(`${route}.js`);
    const made = this.registrations.slice(before).filter((r) => r.file === `${route}.js`);
    if (made.length !== 1) throw new Error(`${route}.js made ${made.length} Page()/Component() calls; WeChat needs exactly one`);
    const json = JSON.parse(readFileSync(join(this.dist, `${route}.json`), 'utf8')) as { usingComponents?: Record<string, string> };
    // Each component once (an earlier page may have loaded it), resolved from the page's folder or the root.
    for (const path of Object.values(json.usingComponents ?? {})) {
      if (path.startsWith('plugin://')) continue;
      const file = path.startsWith('/') ? path.slice(1) : posix.join(posix.dirname(route), path);
      this.load(`${posix.normalize(file)}.js`);
    }
    return made[0] as Registration;
  }

  /** Calls a lifecycle function inside the context. */
  callLifecycle(config: Record<string, unknown>, name: string, self: unknown, args: unknown[] = []): unknown {
    const fn = config[name];
    if (typeof fn !== 'function') throw new Error(`lifecycle ${name} is not a function`);
    try {
      return this.host.call(fn, self, args);
    } catch (error) {
      throw floorFailure(`${name} threw`, error, this.dist);
    }
  }

  /** A page instance for `route` made from its config, pushed on getCurrentPages(). */
  pageInstance(config: Record<string, unknown>, route: string, query: Record<string, string> = {}): Record<string, unknown> {
    const page = this.host.pageInstance(config, route, this.evaluate(`(${JSON.stringify(query)})`) as object);
    this.host.pushPage(page);
    return page;
  }

  closePage(): void {
    this.host.popPage();
  }

  /** The launch WeChat performs: app.js, then App's onLaunch and onShow with the entry page's options. */
  async launch(ms = 1_000): Promise<Registration> {
    const app = this.launchApp();
    const options = this.evaluate(`({ path: ${JSON.stringify(this.pages()[0]?.route ?? '')}, query: {}, scene: 1001, referrerInfo: {} })`);
    const self = this.evaluate('getApp()');
    for (const hook of ['onLaunch', 'onShow']) {
      if (typeof app.config[hook] === 'function') this.callLifecycle(app.config, hook, self, [options]);
    }
    await this.run(ms);
    return app;
  }

  /**
   * A navigation to `route` as WeChat performs it: the page's file, a page instance, then onLoad(query), onShow() and
   * onReady(), and `ms` of virtual time for what they started (requests, renders). The page instance.
   */
  async visit(route: string, query: Record<string, string> = {}, ms = 5_000): Promise<Record<string, unknown>> {
    const registration = this.openPage(route);
    const lifecycles = registration.kind === 'Component'
      ? ((registration.config.methods ?? {}) as Record<string, unknown>)
      : registration.config;
    const page = this.pageInstance(lifecycles, route, query);
    this.callLifecycle(lifecycles, 'onLoad', page, [page.options]);
    this.callLifecycle(lifecycles, 'onShow', page);
    this.callLifecycle(lifecycles, 'onReady', page);
    await this.run(ms);
    return page;
  }

  get now(): number {
    return this.clock.now();
  }

  /** wx storage as it is now, key → value. */
  storage(): Record<string, unknown> {
    return JSON.parse(this.host.storage()) as Record<string, unknown>;
  }

  /**
   * Lets the mini-program run for `ms` of virtual time: due timers fire one by one in order, and the job queue
   * (promise reactions) drains after each. A call answered from outside (options `network`, `login`) takes no virtual
   * time: once nothing is due at the current instant, the clock waits for it, in real time, before it moves on.
   */
  async run(ms: number): Promise<void> {
    const until = this.clock.now() + ms;
    await drainJobs();
    for (let fired = 0; ; fired += 1) {
      if (fired > 10_000) throw new Error('more than 10,000 timers fired: a loop?');
      if (!this.host.runNextTimer(this.clock.now())) {
        if (this.outside.size > 0) {
          await this.nextAnswerFromOutside();
          continue;
        }
        if (!this.host.runNextTimer(until)) break;
      }
      await drainJobs();
    }
    if (this.clock.now() < until) this.clock.setNow(until);
  }

  private async nextAnswerFromOutside(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer from outside the sandbox within ${this.outsideTimeoutMs} ms (wx.request / wx.login)`)), this.outsideTimeoutMs);
    });
    try {
      await Promise.race([...this.outside, timeout]);
    } finally {
      clearTimeout(timer);
    }
    await drainJobs();
  }
}

/** Waits until the process's job queue is empty (the vm context shares it). */
async function drainJobs(): Promise<void> {
  for (let i = 0; i < 3; i += 1) await new Promise<void>((resolve) => setImmediate(resolve));
}
