import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { supportedClients } from '../../miniprogram/config/supported-clients';
import { buildWeapp } from '../support/weapp-build';
import { prodApiBase, prodAppId } from './global-setup';

/*
 * The prod mini-program as a release manager builds it (test/weapp/global-setup.ts: TARO_APP_STAGE=prod with an https
 * API name and an AppID), read file by file, next to the local build — so that each search below is shown to find what
 * it looks for where it is, and cannot pass because it looks in the wrong place.
 */

const repoRoot = resolve(__dirname, '..', '..');

function dist(name: 'local' | 'prod'): string {
  const dir = name === 'local' ? process.env.WEAPP_LOCAL_DIST : process.env.WEAPP_PROD_DIST;
  if (!dir) throw new Error('WEAPP_LOCAL_DIST / WEAPP_PROD_DIST are unset: run with --selectProjects weapp (test/weapp/global-setup.ts builds them)');
  return dir;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/** Every text file of a build (scripts, templates, styles, configuration), by its path inside the build. */
function texts(name: 'local' | 'prod'): Map<string, string> {
  const dir = dist(name);
  return new Map(filesUnder(dir).filter((f) => /\.(js|json|wxml|wxss|wxs)$/.test(f)).map((f) => [relative(dir, f), readFileSync(f, 'utf8')]));
}

const containing = (files: Map<string, string>, needle: string): string[] => [...files].filter(([, text]) => text.includes(needle)).map(([path]) => path);
const json = <T>(name: 'local' | 'prod', file: string): T => JSON.parse(readFileSync(join(dist(name), file), 'utf8')) as T;

let local: Map<string, string>;
let prod: Map<string, string>;
beforeAll(() => {
  local = texts('local');
  prod = texts('prod');
});

describe('the prod weapp build', () => {
  // The demo log-in's request paths and what its UI says (components/demo-login, services/demo-login.ts, pages/join).
  const demoMarkers = ['/auth/demo-', '本地演示登录', '以新微信用户登录（演示）', '演示新用户'];

  it.each(demoMarkers)('carries no demo log-in: "%s" is in the local build and nowhere in prod', (marker) => {
    expect(containing(local, marker).length).toBeGreaterThan(0);
    expect(containing(prod, marker)).toEqual([]);
  });

  it('talks to the configured https name and to nothing local', () => {
    expect(containing(prod, JSON.stringify(prodApiBase)).length).toBeGreaterThan(0);
    expect(containing(local, '"http://127.0.0.1:3000"').length).toBeGreaterThan(0);
    for (const needle of ['127.0.0.1', 'localhost', '"http://127.0.0.1:3000"']) expect([needle, containing(prod, needle)]).toEqual([needle, []]);
    // Any http:// left is a namespace or schema identifier of a library (zod's JSON Schema ids), never an address called.
    const httpUrls = [...prod.values()].flatMap((text) => [...text.matchAll(/http:\/\/([^"'\s/]*)/g)].map((m) => m[1] ?? ''));
    expect(httpUrls.filter((host) => !['json-schema.org', 'www.w3.org', '['].includes(host))).toEqual([]);
  });

  it('carries the AppID from TARO_APP_ID in its project.config.json; the local build keeps DevTools\' tourist AppID', () => {
    const config = json<{ appid: string; miniprogramRoot: string; compileType: string; libVersion: string; setting: { urlCheck: boolean } }>('prod', 'project.config.json');
    expect(config).toMatchObject({ appid: prodAppId, miniprogramRoot: './', compileType: 'miniprogram', setting: { urlCheck: true } });
    // DevTools debugs on the oldest base library the mini-program supports.
    expect(config.libVersion).toBe(supportedClients.baseLibrary);
    expect(json<{ appid: string }>('local', 'project.config.json').appid).toBe('touristappid');
  });

  it('declares style v2 and its sitemap in app.json, with sitemap.json beside it', () => {
    const app = json<{ style?: string; sitemapLocation?: string }>('prod', 'app.json');
    expect(app.style).toBe('v2');
    expect(app.sitemapLocation).toBe('sitemap.json');
    expect(json('prod', 'sitemap.json')).toEqual(JSON.parse(readFileSync(join(repoRoot, 'miniprogram', 'src', 'sitemap.json'), 'utf8')));
  });
});

describe('sitemap.json (which pages WeChat search may index)', () => {
  type Rule = { action?: string; page: string; params?: string[]; priority?: number };
  const publicPages = ['pages/index/index', 'pages/publicities/index', 'pages/publicity/index', 'chair/pages/self-check/index', 'chair/pages/rules-compare/index', 'pages/certificate-check/index', 'pages/privacy/index'];
  let pages: string[];
  let rules: Rule[];
  beforeAll(() => {
    const app = json<{ pages: string[]; subPackages?: { root: string; pages: string[] }[] }>('prod', 'app.json');
    pages = [...app.pages, ...(app.subPackages ?? []).flatMap((s) => s.pages.map((p) => `${s.root.replace(/\/$/, '')}/${p}`))];
    rules = json<{ rules: Rule[] }>('prod', 'sitemap.json').rules;
  });

  it('gives every page of app.json exactly one rule of its own, and names no page that does not exist', () => {
    const named = rules.filter((r) => r.page !== '*').map((r) => r.page);
    expect(pages.length).toBeGreaterThan(30);
    expect([...named].sort()).toEqual([...pages].sort());
  });

  it('ends with "disallow *", so that a page added later is not indexed until someone decides', () => {
    expect(rules[rules.length - 1]).toEqual({ action: 'disallow', page: '*' });
    // Rules match top to bottom; a priority or a params filter would change which rule a page meets.
    expect(rules.every((r) => r.priority === undefined && r.params === undefined && (r.action === 'allow' || r.action === 'disallow'))).toBe(true);
  });

  it('allows the public pages only: home, the publicity lists, the eligibility self-check, the comparison of regulations, the certificate check and the privacy guide', () => {
    expect(rules.filter((r) => r.action === 'allow').map((r) => r.page).sort()).toEqual([...publicPages].sort());
    const memberOnly = pages.filter((p) => /^(chair|admin|review)\//.test(p) && !publicPages.includes(p));
    expect(memberOnly.length).toBeGreaterThan(15);
    for (const page of memberOnly) expect([page, rules.find((r) => r.page === page)?.action]).toEqual([page, 'disallow']);
  });
});

describe('a prod build with a wrong configuration', () => {
  it('fails before compiling, naming each variable and its rule', async () => {
    const out = join(dist('prod'), '..', 'refused');
    const failure = await buildWeapp(out, { TARO_APP_STAGE: 'prod', TARO_APP_API_BASE: 'http://127.0.0.1:3000' }).then(
      () => undefined,
      (error: { code?: number; stdout?: string; stderr?: string }) => error,
    );
    expect(failure).toBeDefined();
    expect(failure?.code).not.toBe(0);
    const output = `${failure?.stdout ?? ''}${failure?.stderr ?? ''}`;
    expect(output).toContain('build refused');
    expect(output).toMatch(/TARO_APP_API_BASE: .*must be https:/);
    expect(output).toMatch(/TARO_APP_API_BASE: .*not an IP address/);
    expect(output).toMatch(/TARO_APP_ID: .*required for TARO_APP_STAGE=prod/);
    // Nothing was built.
    expect(existsSync(out)).toBe(false);
  }, 60_000);
});
