import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { privacyUses } from '../../miniprogram/src/services/privacy-guide';

/*
 * WeChat's privacy rules, checked against what the mini-program really does (issue 20 point 7). A real client refuses
 * a privacy API the person has not agreed to, and the release review refuses a mini-program whose guide does not
 * declare what it calls:
 * (a) every privacy API the weapp builds call is in the guide (services/privacy-guide.ts `privacyUses`, shown by the
 *     隐私保护指引 page), and the guide lists nothing the builds never call;
 * (b) in the sources, every call of a privacy API sits inside `withPrivacy(<that api>, …)`, which asks first;
 * (c) every file that calls `withPrivacy`, or uses a function that does, renders the pop-up that asks
 *     (<PrivacyPopup />), so the question appears on the page the person is looking at;
 * (d) app.json asks for WeChat's on-demand injection (lazyCodeLoading: requiredComponents).
 */

const repoRoot = resolve(__dirname, '..', '..');
const sourceRoot = join(repoRoot, 'miniprogram', 'src');

/**
 * WeChat's privacy APIs: 《小程序用户隐私保护指引》内容介绍, 「隐私接口与对应的处理的信息」 (developers.weixin.qq.com,
 * miniprogram/dev/framework/user-privacy/miniprogram-intro.html), with what each handles.
 */
const wechatPrivacyApis: Record<string, string> = {
  getUserProfile: '昵称、头像',
  getUserInfo: '昵称、头像',
  getLocation: '位置信息',
  getFuzzyLocation: '位置信息',
  startLocationUpdate: '位置信息',
  startLocationUpdateBackground: '位置信息',
  onLocationChange: '位置信息',
  choosePoi: '选择的位置信息',
  chooseLocation: '选择的位置信息',
  chooseAddress: '地址',
  chooseInvoiceTitle: '发票信息',
  chooseInvoice: '发票信息',
  getWeRunData: '微信运动步数',
  chooseLicensePlate: '车牌号',
  chooseImage: '选中的照片或视频信息',
  chooseMedia: '选中的照片或视频信息',
  chooseVideo: '选中的照片或视频信息',
  chooseMessageFile: '选中的文件',
  startRecord: '麦克风',
  getRecorderManager: '麦克风',
  joinVoIPChat: '麦克风',
  createCameraContext: '摄像头',
  createVKSession: '摄像头',
  openBluetoothAdapter: '蓝牙',
  createBLEPeripheralServer: '蓝牙',
  saveImageToPhotosAlbum: '相册（仅写入）权限',
  saveVideoToPhotosAlbum: '相册（仅写入）权限',
  addPhoneContact: '通讯录（仅写入）权限',
  addPhoneRepeatCalendar: '日历（仅写入）权限',
  addPhoneCalendar: '日历（仅写入）权限',
  setClipboardData: '剪切板',
  getClipboardData: '剪切板',
  getBackgroundAudioManager: '麦克风',
};
/** Components' open-types that hand over private information (a phone number, an avatar). */
const privacyOpenTypes = ['getPhoneNumber', 'getRealtimePhoneNumber', 'chooseAvatar'];

function filesUnder(dir: string, suffixes: readonly string[]): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...filesUnder(path, suffixes));
    else if (suffixes.some((s) => name.endsWith(s))) out.push(path);
  }
  return out;
}

/** The privacy APIs (and open-types) a weapp build calls: `.api(` in its scripts, as minified calls keep the name. */
function privacyCallsOfBuild(dist: string): Set<string> {
  const found = new Set<string>();
  for (const file of filesUnder(dist, ['.js'])) {
    const code = readFileSync(file, 'utf8');
    for (const api of Object.keys(wechatPrivacyApis)) if (new RegExp(`\\.${api}\\(`).test(code)) found.add(api);
    for (const openType of privacyOpenTypes) if (new RegExp(`openType:\\s*["']${openType}["']`).test(code)) found.add(`open-type=${openType}`);
  }
  return found;
}

describe.each([
  ['local', () => process.env.WEAPP_LOCAL_DIST],
  ['prod', () => process.env.WEAPP_PROD_DIST],
])('the %s weapp build', (_name, dir) => {
  const dist = (): string => {
    const folder = dir();
    if (!folder) throw new Error('run with --selectProjects weapp (test/weapp/global-setup.ts builds the mini-program)');
    return folder;
  };

  it('calls only privacy APIs the guide declares, and the guide declares only what it calls', () => {
    const called = [...privacyCallsOfBuild(dist())].sort();
    // What this mini-program does today: pictures and files picked, receipts copied, the invitation saved.
    expect(called).toEqual(['chooseMedia', 'chooseMessageFile', 'saveImageToPhotosAlbum', 'setClipboardData']);
    expect(Object.keys(privacyUses).sort()).toEqual(called);
    for (const [api, use] of Object.entries(privacyUses)) {
      expect(use.api).toBe(`wx.${api}`);
      expect(use.info).toContain(wechatPrivacyApis[api] ?? '?');
      for (const text of [use.purpose, use.kept, use.seenBy]) expect(text.length).toBeGreaterThan(4);
    }
  });

  it('asks for on-demand injection and has the guide page', () => {
    const app = JSON.parse(readFileSync(join(dist(), 'app.json'), 'utf8')) as { lazyCodeLoading?: string; pages: string[] };
    expect(app.lazyCodeLoading).toBe('requiredComponents');
    expect(app.pages).toContain('pages/privacy/index');
  });

  it('builds the pop-up with the button WeChat records an agreement from', () => {
    const scripts = filesUnder(dist(), ['.js']).map((f) => readFileSync(f, 'utf8')).join('\n');
    expect(scripts).toMatch(/openType:\s*["']agreePrivacyAuthorization["']/);
    expect(scripts).toContain('onNeedPrivacyAuthorization');
    // The base template binds the event the button fires (Taro's weapp template).
    expect(readFileSync(join(dist(), 'base.wxml'), 'utf8')).toMatch(/bindagreeprivacyauthorization/i);
  });
});

// ---- the sources ----------------------------------------------------------------------------------------------------

interface SourceFile {
  path: string;
  sf: ts.SourceFile;
}

const sources: SourceFile[] = filesUnder(sourceRoot, ['.ts', '.tsx'])
  .filter((f) => !f.endsWith('.d.ts'))
  .map((path) => ({ path, sf: ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest, true, path.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS) }));

const at = (file: SourceFile, node: ts.Node): string => `${relative(repoRoot, file.path)}:${file.sf.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;

function visit(node: ts.Node, each: (node: ts.Node) => void): void {
  each(node);
  node.forEachChild((child) => visit(child, each));
}

const isWithPrivacyCall = (node: ts.Node): node is ts.CallExpression => ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'withPrivacy';

/** The top-level function (declared or assigned) a node sits in, by name. */
function enclosingFunctionName(node: ts.Node): string | undefined {
  let name: string | undefined;
  for (let n: ts.Node | undefined = node; n; n = n.parent) {
    if (ts.isFunctionDeclaration(n) && n.name) name = n.name.text;
    if (ts.isVariableDeclaration(n) && ts.isIdentifier(n.name) && n.initializer && (ts.isArrowFunction(n.initializer) || ts.isFunctionExpression(n.initializer))) name = n.name.text;
  }
  return name;
}

describe('the mini-program sources', () => {
  it('call every privacy API inside withPrivacy naming that API', () => {
    const problems: string[] = [];
    let calls = 0;
    for (const file of sources) {
      if (file.path.endsWith(join('services', 'privacy.ts'))) continue;
      visit(file.sf, (node) => {
        if (!ts.isCallExpression(node) || !ts.isPropertyAccessExpression(node.expression)) return;
        const api = node.expression.name.text;
        if (!(api in wechatPrivacyApis) || !ts.isIdentifier(node.expression.expression) || !/^(Taro|wx)$/.test(node.expression.expression.text)) return;
        calls += 1;
        let guarded = false;
        for (let n: ts.Node | undefined = node.parent; n && !guarded; n = n.parent) {
          if (isWithPrivacyCall(n)) {
            const named = n.arguments[0];
            guarded = !!named && ts.isStringLiteralLike(named) && named.text === api;
          }
        }
        if (!guarded) problems.push(`${at(file, node)} calls ${api} outside withPrivacy('${api}', …)`);
      });
    }
    expect(problems).toEqual([]);
    expect(calls).toBeGreaterThanOrEqual(5);
  });

  it('render the privacy pop-up wherever a privacy API can be called', () => {
    // Functions that ask (a withPrivacy call inside them), by file.
    const asking = new Map<string, Set<string>>();
    const callsDirectly = new Set<string>();
    for (const file of sources) {
      if (file.path.endsWith(join('services', 'privacy.ts'))) continue;
      visit(file.sf, (node) => {
        if (!isWithPrivacyCall(node)) return;
        callsDirectly.add(file.path);
        const name = enclosingFunctionName(node);
        if (name) asking.set(file.path, (asking.get(file.path) ?? new Set()).add(name));
      });
    }
    expect(callsDirectly.size).toBeGreaterThanOrEqual(5);

    const rendersPopup = (file: SourceFile): boolean => /<PrivacyPopup\s*\/>/.test(file.sf.text);
    const problems: string[] = [];
    for (const file of sources) {
      // A .tsx file calling withPrivacy itself renders the pop-up.
      if (file.path.endsWith('.tsx') && callsDirectly.has(file.path) && !rendersPopup(file)) problems.push(`${relative(repoRoot, file.path)} calls withPrivacy but does not render <PrivacyPopup />`);
      // A file importing an asking function from another file renders the pop-up (a service re-exporting one is a .ts file and is checked through its own importers).
      for (const statement of file.sf.statements) {
        if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier) || !statement.moduleSpecifier.text.startsWith('.')) continue;
        const base = resolve(join(file.path, '..'), statement.moduleSpecifier.text);
        const target = [`${base}.ts`, `${base}.tsx`, join(base, 'index.ts'), join(base, 'index.tsx')].find((p) => asking.has(p));
        const names = statement.importClause?.namedBindings && ts.isNamedImports(statement.importClause.namedBindings) ? statement.importClause.namedBindings.elements.map((e) => (e.propertyName ?? e.name).text) : [];
        const used = target ? names.filter((n) => asking.get(target)?.has(n)) : [];
        if (used.length > 0 && file.path.endsWith('.tsx') && !rendersPopup(file)) problems.push(`${relative(repoRoot, file.path)} uses ${used.join(', ')} (asks for privacy) but does not render <PrivacyPopup />`);
      }
    }
    expect(problems).toEqual([]);
    // The functions that ask today, so a refactor that hides one from this check is noticed.
    expect([...asking.values()].flatMap((s) => [...s]).sort()).toEqual(expect.arrayContaining(['chooseEvidence', 'chooseRosterFile', 'copyText', 'saveToAlbum']));
  });
});
