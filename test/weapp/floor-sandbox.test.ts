import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { transformSync } from 'esbuild';
import { checkFloorSyntax, FloorSandbox, floorGaps, formatViolation, hasLookbehind } from '../support/weapp-sandbox';

/**
 * The engine-floor sandbox is the floor and not a formality: tiny bundles that need what iOS 12.0 lacks fail in it
 * with the engine's own message, and pass in the same harness without the floor's restrictions.
 */

const pageJson = JSON.stringify({ usingComponents: {} });

/** A mini-program of one page whose app.js runs `appCode` at load; more files may be given. */
function tinyDist(appCode: string, files: Record<string, string> = {}): string {
  const dist = mkdtempSync(join(tmpdir(), 'zhijia-floor-'));
  const all: Record<string, string> = {
    'app.json': JSON.stringify({ pages: ['pages/a/index'], subPackages: [{ root: 'sub', pages: ['pages/b/index'] }] }),
    'app.js': `"use strict";\n${appCode}\nApp({ onLaunch: function () {} });\n`,
    'pages/a/index.js': '"use strict";\nPage({ onLoad: function () {}, onShow: function () {}, onReady: function () {}, onUnload: function () {} });\n',
    'pages/a/index.json': pageJson,
    'sub/pages/b/index.js': '"use strict";\nPage({ onLoad: function () {} });\n',
    'sub/pages/b/index.json': pageJson,
    ...files,
  };
  for (const [file, content] of Object.entries(all)) {
    mkdirSync(dirname(join(dist, file)), { recursive: true });
    writeFileSync(join(dist, file), content);
  }
  return dist;
}

describe('the floor sandbox (iOS 12.0 JavaScriptCore in WeChat)', () => {
  it.each([
    ['BigInt', 'var max = BigInt("9223372036854775807");', /BigInt is not defined/],
    ['Promise.allSettled', 'Promise.allSettled([]);', /Promise.allSettled is not a function/],
    ['globalThis', 'globalThis.config = {};', /globalThis is not defined/],
    ['Object.fromEntries', 'var table = Object.fromEntries([["a", 1]]);', /Object.fromEntries is not a function/],
    ['String.prototype.replaceAll', '"a-b".replaceAll("-", "");', /replaceAll is not a function/],
    ['Array.prototype.at', '[1].at(-1).toFixed();', /at is not a function/],
    ['a lookbehind RegExp built at run time', 'new RegExp("(?<=¥)\\\\d+");', /lookbehind is not supported on iOS < 16.4/],
    ['eval', 'eval("1");', /Code generation from strings disallowed/],
    ['the Function constructor', 'new Function("a", "return a")(1);', /Code generation from strings disallowed/],
  ])('refuses a bundle that needs %s at launch, with the engine’s message', (_feature, code, message) => {
    const dist = tinyDist(code);

    expect(() => new FloorSandbox(dist).launchApp()).toThrow(message);
    expect(() => new FloorSandbox(dist, { unrestricted: true }).launchApp()).not.toThrow();
  });

  it.each([
    ['optional chaining', 'var a = {}; var b = a?.b;', /Unexpected token/],
    ['nullish coalescing', 'var a = null ?? 1;', /Unexpected token/],
    ['a BigInt literal', 'var a = 1n;', /Identifier directly after number|Invalid number/],
    ['a class field', 'class A { b = 1 }', /Unexpected token/],
    ['a lookbehind literal', 'var price = /(?<=¥)\\d+/;', /uses lookbehind, which iOS < 16.4 cannot parse/],
  ])('refuses a file with %s in the syntax check, naming file, line and column', (_feature, code, message) => {
    const dist = tinyDist('', { 'sub/pages/b/index.js': `"use strict";\n\n${code}\nPage({});\n` });

    const violations = checkFloorSyntax(dist);

    expect(violations).toHaveLength(1);
    expect(violations[0]).toMatchObject({ file: 'sub/pages/b/index.js', line: 3 });
    expect(formatViolation(violations[0]!)).toMatch(message);
  });

  it('parses what Safari 12.0 parses: optional catch binding, async functions, named groups, object spread', () => {
    const code = 'try { f(); } catch { }\nasync function g() { await 1; }\nvar r = /(?<year>\\d{4})-(?<month>\\d{2})/u;\nvar o = { ...{ a: 1 } };';
    const dist = tinyDist(code);

    expect(checkFloorSyntax(dist).map(formatViolation)).toEqual([]);
  });

  it('tells lookbehind from named groups and escaped or bracketed look-alikes', () => {
    expect(['(?<=a)b', 'x(?<!y)', '((?<=a))'].map(hasLookbehind)).toEqual([true, true, true]);
    expect(['(?<name>a)', '\\(?<=a\\)', '[(?<=]', '(?=a)', '(?!a)'].map(hasLookbehind)).toEqual([false, false, false, false, false]);
  });

  it('lacks every built-in of the floor list and keeps what Safari 12.0 has', () => {
    const sandbox = new FloorSandbox(tinyDist(''));
    const present = (path: string) =>
      sandbox.evaluate(`(function () {
        var owner = this, parts = ${JSON.stringify(path)}.split('.'), key = parts.pop();
        for (var i = 0; i < parts.length; i++) owner = parts[i] === '%TypedArray%' ? Object.getPrototypeOf(Int8Array) : owner && owner[parts[i]];
        return owner !== undefined && owner !== null && key in owner;
      }).call(this)`);

    expect(floorGaps.filter((gap) => present(gap.path)).map((gap) => gap.path)).toEqual([]);
    const safari12 = ['Array.prototype.flat', 'Array.prototype.flatMap', 'Object.entries', 'Promise.prototype.finally',
      'String.prototype.trimStart', 'String.prototype.padStart', 'Symbol.asyncIterator', 'Intl.DateTimeFormat', 'Proxy',
      'Reflect.construct', 'WeakMap', 'Array.prototype.includes', 'Object.getOwnPropertyDescriptors'];
    expect(safari12.filter((path) => !present(path))).toEqual([]);
  });

  it('lists only what core-js’s compatibility data also says iOS 12.0 lacks', () => {
    const data = JSON.parse(readFileSync(require.resolve('core-js-compat/data.json'), 'utf8')) as Record<string, { ios?: string }>;
    const newerThanIos12 = (version: string | undefined) =>
      version === undefined || Number(version.split('.')[0]) > 12 || (version.startsWith('12.') && version !== '12.0');

    const disagreements = floorGaps
      .filter((gap) => gap.coreJs !== undefined)
      .filter((gap) => !(gap.coreJs! in data) || !newerThanIos12(data[gap.coreJs!]!.ios))
      .map((gap) => `${gap.path} (${gap.coreJs}: iOS ${data[gap.coreJs!]?.ios ?? 'unknown module'})`);

    expect(disagreements).toEqual([]);
    expect(floorGaps.filter((gap) => gap.coreJs !== undefined).length).toBeGreaterThan(20);
  });

  it('behaves as Safari 12.0 where it has a feature half: Symbol().description, Error cause', () => {
    const sandbox = new FloorSandbox(tinyDist(''));

    expect(sandbox.evaluate('Symbol().description')).toBe('');
    expect(sandbox.evaluate('Symbol("a").description')).toBe('a');
    expect(sandbox.evaluate('"cause" in new Error("m", { cause: 1 })')).toBe(false);
    expect(sandbox.evaluate('class Api extends Error {}; var e = new Api("m"); [e instanceof Api, e instanceof Error, e.message, new TypeError("t") instanceof Error].join()')).toBe('true,true,m,true');
    expect(sandbox.evaluate('try { null.x } catch (e) { [e instanceof TypeError, e.constructor === TypeError].join() }')).toBe('true,true');
    expect(sandbox.evaluate('Function.prototype.toString.call(Error)')).toContain('[native code]');
  });

  it('allows the one dynamic-code idiom WeChat allows: new Function("return this")', () => {
    const sandbox = new FloorSandbox(tinyDist(''));

    expect(sandbox.evaluate('new Function("return this")() === this')).toBe(true);
  });

  it('runs promise reactions as timer tasks, as WeChat’s Promise on iOS ≤ 15 does (its documented example)', async () => {
    const sandbox = new FloorSandbox(tinyDist(''));
    sandbox.evaluate(`var order = [];
      setTimeout(function () { order.push(6); }, 0);
      order.push(1);
      var p = new Promise(function (resolve) { order.push(2); resolve(); });
      order.push(3);
      p.then(function () { order.push(5); });
      order.push(4);
      setTimeout(function () { order.push(7); }, 0);`);

    await sandbox.run(1000);

    expect(sandbox.evaluate('order.join()')).toBe('1,2,3,4,6,5,7');
  });

  it('reports a rejection nobody handles and an error thrown in a timer, as WeChat reports them to the app', async () => {
    const sandbox = new FloorSandbox(tinyDist(''));
    sandbox.evaluate(`Promise.reject(new Error('nobody listens'));
      Promise.reject(new Error('handled')).catch(function () {});
      setTimeout(function () { throw new Error('in a timer'); }, 10);`);

    await sandbox.run(1000);

    expect(sandbox.unhandledRejections.map((e) => (e as Error).message)).toEqual(['nobody listens']);
    expect(sandbox.uncaught.map((e) => (e as Error).message)).toEqual(['in a timer']);
  });

  it('keeps time on a virtual clock that starts at a fixed instant', async () => {
    const sandbox = new FloorSandbox(tinyDist(''), { startAt: Date.UTC(2027, 0, 4, 1) });

    expect(sandbox.evaluate('new Date().toISOString()')).toBe('2027-01-04T01:00:00.000Z');
    await sandbox.run(90_000);
    expect(sandbox.evaluate('Date.now()')).toBe(Date.UTC(2027, 0, 4, 1, 1, 30));
  });

  it('requires as WeChat does: relative paths, each file once, never into a subpackage from outside it', () => {
    const dist = tinyDist('var shared = require("./lib/shared"); require("./lib/shared.js"); shared.count();', {
      'lib/shared.js': '"use strict"; var n = 0; module.exports = { count: function () { n += 1; return n; } };',
      'pages/a/index.js': '"use strict"; require("../../sub/pages/b/index"); Page({});',
    });
    const sandbox = new FloorSandbox(dist);

    sandbox.launchApp();

    expect(sandbox.evaluate('typeof window + typeof document + typeof process + typeof URL + typeof TextEncoder')).toBe('undefinedundefinedundefinedundefinedundefined');
    expect((sandbox.load('lib/shared.js') as { count(): number }).count()).toBe(2);
    expect(() => sandbox.openPage('pages/a/index')).toThrow(/reaches into subpackage "sub"/);
  });

  it('gives a wx whose missing APIs read as undefined, are recorded, and throw when called', () => {
    const sandbox = new FloorSandbox(tinyDist(''));

    expect(sandbox.evaluate('typeof wx.request + " " + typeof wx.getSystemInfoSync + " " + typeof wx.createBLEConnection')).toBe('function function undefined');
    expect(() => sandbox.evaluate('wx.openEmbeddedMiniProgram({})')).toThrow(/wx.openEmbeddedMiniProgram is not a function/);
    expect([...sandbox.missingWxApis]).toEqual(['createBLEConnection', 'openEmbeddedMiniProgram']);
  });
});

describe('miniprogram/src/polyfills.ts on the floor engine', () => {
  const source = readFileSync(join(__dirname, '..', '..', 'miniprogram', 'src', 'polyfills.ts'), 'utf8');
  const script = transformSync(source, { loader: 'ts', target: 'safari12', format: 'iife' }).code;

  function withShims(): FloorSandbox {
    const sandbox = new FloorSandbox(tinyDist(''));
    sandbox.evaluate(`(function () { "use strict";\n${script}\n})();`, 'polyfills.js');
    return sandbox;
  }

  it('makes globalThis the global object, from strict code, without dynamic code', () => {
    const sandbox = withShims();

    expect(sandbox.evaluate('globalThis === this && typeof globalThis.wx')).toBe('object');
    expect(sandbox.evaluate('"__zhijiaGlobalObject__" in Object.prototype')).toBe(false);
  });

  it('gives Object.fromEntries with data properties, "__proto__" included', () => {
    const sandbox = withShims();

    expect(sandbox.evaluate('JSON.stringify(Object.fromEntries(new Map([["a", 1], ["b", 2]])))')).toBe('{"a":1,"b":2}');
    expect(sandbox.evaluate('var o = Object.fromEntries([["__proto__", 1]]); [Object.getPrototypeOf(o) === Object.prototype, Object.keys(o).join()].join()')).toBe('true,__proto__');
  });

  it('gives String.prototype.matchAll with capture groups, and refuses a non-global pattern', () => {
    const sandbox = withShims();

    expect(sandbox.evaluate('Array.from("1月2日、3月4日".matchAll(/(\\d+)月(\\d+)日/g), function (m) { return m[1] + "/" + m[2] + "@" + m.index; }).join()')).toBe('1/2@0,3/4@5');
    expect(sandbox.evaluate('Array.from("aaa".matchAll(/(?:)/g)).length')).toBe(4);
    expect(() => sandbox.evaluate('"a".matchAll(/a/)')).toThrow(/non-global/);
  });
});
