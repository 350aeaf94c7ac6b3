import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { supportedClients } from '../../miniprogram/config/supported-clients';
import { checkFloorSyntax, describeThrown, distScripts, FloorSandbox, floorGapUses, formatViolation } from '../support/weapp-sandbox';

/**
 * Every bundle of both weapp builds (global-setup.ts) on the oldest supported engine, iOS 12.0's JavaScriptCore
 * (test/support/weapp-sandbox.ts): it parses, app.js launches, and each page of app.json loads, registers and goes
 * through onLoad / onShow / onReady, as WeChat runs them — app first, a page on navigation, each in a fresh launch.
 * The API answers every request with 401, as for a visitor who has not signed in.
 */
const builds = [
  ['local', process.env.WEAPP_LOCAL_DIST],
  ['prod', process.env.WEAPP_PROD_DIST],
] as const;

function distOf(name: string, dist: string | undefined): string {
  if (!dist) throw new Error(`the ${name} weapp build is missing: run this file in the weapp project (test/weapp/global-setup.ts)`);
  return dist;
}

/** What went wrong during a launch, for one readable assertion. */
function troubles(sandbox: FloorSandbox) {
  return {
    uncaught: sandbox.uncaught.map((error) => describeThrown(error, sandbox.dist)),
    unhandledRejections: sandbox.unhandledRejections.map((reason) => describeThrown(reason, sandbox.dist)),
    consoleErrors: sandbox.console.filter((entry) => entry.level === 'error').map((entry) => entry.text),
    missingWxApis: [...sandbox.missingWxApis],
  };
}

const noTrouble = { uncaught: [], unhandledRejections: [], consoleErrors: [], missingWxApis: [] };

const lifecycle = ['onLoad', 'onShow', 'onReady', 'onUnload'];

/**
 * The bundles' uses of what iOS 12.0 lacks (floorGapUses) and what answers each. A code path the launch below never
 * takes (the holiday notice parser) is held here; and a shim that nothing uses any more shows up as unused.
 */
const answeredUses: Record<string, string> = {
  globalThis: 'shimmed by miniprogram/src/polyfills.ts (zod at load); the webpack runtime feature-tests it',
  'Object.fromEntries': 'shimmed by miniprogram/src/polyfills.ts',
  '.matchAll()': 'shimmed by miniprogram/src/polyfills.ts (admin/pages/holidays/model.ts)',
  BigInt: "zod's bigint schemas, which we do not define; the table zod builds at load is guarded (config/index.ts)",
  'Error.captureStackTrace': 'zod feature-tests it ("captureStackTrace" in Error)',
};

describe.each(builds)(`the %s weapp build on iOS ${supportedClients.ios} (base library ${supportedClients.baseLibrary})`, (name, dir) => {
  const dist = distOf(name, dir);
  const pages = new FloorSandbox(dist).pages();

  it(`parses file by file as ES${supportedClients.ecmaVersion}, with no lookbehind in a regular expression`, () => {
    expect(distScripts(dist).length).toBeGreaterThan(10);

    const violations = checkFloorSyntax(dist);

    expect(violations.map(formatViolation)).toEqual([]);
  });

  it('uses nothing iOS 12.0 lacks but what a shim or a guard answers for, and no shim goes unused', () => {
    const uses = floorGapUses(dist);

    const unanswered = [...uses].filter(([key]) => !(key in answeredUses)).map(([key, files]) => `${key} in ${[...files].join(', ')}`);
    expect(unanswered).toEqual([]);
    expect(Object.keys(answeredUses).filter((key) => !uses.has(key))).toEqual([]);
  });

  it('launches: app.js registers one App whose onLaunch and onShow run without an error', async () => {
    const sandbox = new FloorSandbox(dist);

    const app = await sandbox.launch();

    expect(app.file).toBe('app.js');
    expect(typeof app.config.onLaunch).toBe('function');
    expect(typeof app.config.onShow).toBe('function');
    expect(troubles(sandbox)).toEqual(noTrouble);
  });

  it('has every page of app.json in the list below, subpackages included', () => {
    const appJson = JSON.parse(readFileSync(join(dist, 'app.json'), 'utf8')) as { pages: string[]; subPackages?: { pages: string[] }[] };
    const count = appJson.pages.length + (appJson.subPackages ?? []).reduce((n, sub) => n + sub.pages.length, 0);

    expect(pages).toHaveLength(count);
    expect(pages.some((page) => page.root !== '')).toBe(true);
  });

  it.each(pages.map((page) => [page.route]))('opens %s: it registers, loads, shows and renders without an error', async (route) => {
    const sandbox = new FloorSandbox(dist);
    await sandbox.launch();

    await sandbox.visit(route);

    const registration = sandbox.registrations.find((r) => r.file === `${route}.js`);
    const hooks = registration?.kind === 'Component' ? (registration.config.methods as Record<string, unknown>) : registration?.config;
    expect(registration?.kind).toMatch(/^(Page|Component)$/);
    expect(lifecycle.filter((hook) => typeof hooks?.[hook] !== 'function')).toEqual([]);
    // Taro renders a page by setData on its instance; the components it uses registered as WeChat loaded them.
    expect(sandbox.setDataCalls.filter((call) => call.route === route).length).toBeGreaterThan(0);
    expect(sandbox.registrations.filter((r) => r.kind === 'Component' && r.file !== `${route}.js`).length).toBeGreaterThan(0);
    expect(troubles(sandbox)).toEqual(noTrouble);
  });
});
