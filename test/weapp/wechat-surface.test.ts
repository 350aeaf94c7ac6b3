import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import * as acorn from 'acorn';
import ts from 'typescript';
import { supportedClients } from '../../miniprogram/config/supported-clients';

/*
 * What the mini-program asks of WeChat, checked against what WeChat documents (no WeChat client runs here):
 * (a) every HTTP method sent is one wx.request knows, in the sources, the API contract and both weapp builds;
 * (b) every Taro API (and each option passed to it) is in the table below of WeChat's documented APIs, with the base
 *     library it appeared in, no newer than the supported floor unless guarded by Taro.canIUse;
 * (c) no browser-only global is reachable in the weapp build outside H5-only code (the rule is explained below).
 * The sources are read with the TypeScript compiler (miniprogram/tsconfig.json), so names resolve as the build sees them.
 */

const repoRoot = resolve(__dirname, '..', '..');
const miniprogramRoot = join(repoRoot, 'miniprogram');

// ---- WeChat's documented surface ------------------------------------------------------------------------------------

/** wx.request's object.method: its legal values, all of them (no PATCH). */
const wxRequestMethods = ['OPTIONS', 'GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'TRACE', 'CONNECT'] as const;
/** Method names in use on the web (IANA's registry, WebDAV included): any of them outside wx's list is refused. */
const httpMethodNames = [...wxRequestMethods, 'PATCH', 'PROPFIND', 'PROPPATCH', 'MKCOL', 'COPY', 'MOVE', 'LOCK', 'UNLOCK', 'SEARCH', 'PURGE', 'LINK', 'UNLINK', 'QUERY'];

interface WxApi {
  /** The base library the API appeared in ("基础库 x 开始支持"); 1.0.0 where the page names none. */
  since: string;
  /** Under https://developers.weixin.qq.com/miniprogram/dev/ */
  doc: string;
  /** Documented properties of the object parameter (or members of an object API), each with its own minimum version. */
  options?: Record<string, string>;
  /** What the call returns, when we use its members (`UploadTask`, `FileSystemManager`). */
  returns?: string;
}

/** success / fail / complete: every asynchronous API takes them. */
const callbacks = { success: '1.0.0', fail: '1.0.0', complete: '1.0.0' };

/**
 * The WeChat APIs the mini-program calls through Taro (Taro.x → wx.x), looked up on developers.weixin.qq.com. Adding a
 * call to an API or an option not listed here fails this test: look the page up and add it with its version.
 */
const wechatApis: Record<string, WxApi> = {
  // network
  request: { since: '1.0.0', doc: 'api/network/request/wx.request.html', options: { url: '1.0.0', data: '1.0.0', header: '1.0.0', timeout: '2.10.0', method: '1.0.0', dataType: '1.0.0', responseType: '1.7.0', enableHttp2: '2.10.4', enableQuic: '2.10.4', enableCache: '2.10.4', ...callbacks }, returns: 'RequestTask' },
  uploadFile: { since: '1.0.0', doc: 'api/network/upload/wx.uploadFile.html', options: { url: '1.0.0', filePath: '1.0.0', name: '1.0.0', header: '1.0.0', formData: '1.0.0', timeout: '2.10.0', ...callbacks }, returns: 'UploadTask' },
  'UploadTask.onProgressUpdate': { since: '1.4.0', doc: 'api/network/upload/UploadTask.onProgressUpdate.html' },
  downloadFile: { since: '1.0.0', doc: 'api/network/download/wx.downloadFile.html', options: { url: '1.0.0', header: '1.0.0', timeout: '2.10.0', filePath: '1.8.0', ...callbacks }, returns: 'DownloadTask' },
  // open abilities
  login: { since: '1.0.0', doc: 'api/open-api/login/wx.login.html', options: { timeout: '1.9.90', ...callbacks } },
  // privacy (《小程序用户隐私保护指引》): only where Taro.canIUse says the client has them (services/privacy.ts)
  getPrivacySetting: { since: '2.32.3', doc: 'api/open-api/privacy/wx.getPrivacySetting.html', options: { ...callbacks } },
  onNeedPrivacyAuthorization: { since: '2.32.3', doc: 'api/open-api/privacy/wx.onNeedPrivacyAuthorization.html' },
  requestSubscribeMessage: { since: '2.4.4', doc: 'api/open-api/subscribe-message/wx.requestSubscribeMessage.html', options: { tmplIds: '2.4.4', ...callbacks } },
  // routing
  navigateTo: { since: '1.0.0', doc: 'api/route/wx.navigateTo.html', options: { url: '1.0.0', ...callbacks } },
  redirectTo: { since: '1.0.0', doc: 'api/route/wx.redirectTo.html', options: { url: '1.0.0', ...callbacks } },
  navigateBack: { since: '1.0.0', doc: 'api/route/wx.navigateBack.html', options: { delta: '1.0.0', ...callbacks } },
  reLaunch: { since: '1.1.0', doc: 'api/route/wx.reLaunch.html', options: { url: '1.0.0', ...callbacks } },
  // getCurrentPages() is a framework function, not wx.*; Taro.getCurrentPages calls it.
  getCurrentPages: { since: '1.0.0', doc: 'reference/api/getCurrentPages.html' },
  // interface
  setNavigationBarTitle: { since: '1.0.0', doc: 'api/ui/navigation-bar/wx.setNavigationBarTitle.html', options: { title: '1.0.0', ...callbacks } },
  // icon 'none' needs 1.9.0, 'error' 2.14.1.
  showToast: { since: '1.0.0', doc: 'api/ui/interaction/wx.showToast.html', options: { title: '1.0.0', icon: '1.0.0', image: '1.1.0', duration: '1.0.0', mask: '1.0.0', ...callbacks } },
  showModal: { since: '1.0.0', doc: 'api/ui/interaction/wx.showModal.html', options: { title: '1.0.0', content: '1.0.0', showCancel: '1.0.0', cancelText: '1.0.0', cancelColor: '1.0.0', confirmText: '1.0.0', confirmColor: '1.0.0', editable: '2.17.1', placeholderText: '2.17.1', ...callbacks } },
  stopPullDownRefresh: { since: '1.5.0', doc: 'api/ui/pull-down-refresh/wx.stopPullDownRefresh.html', options: { ...callbacks } },
  pageScrollTo: { since: '1.4.0', doc: 'api/ui/scroll/wx.pageScrollTo.html', options: { scrollTop: '1.4.0', duration: '1.4.0', selector: '2.7.3', offsetTop: '2.23.1', ...callbacks } },
  // device and storage
  setClipboardData: { since: '1.1.0', doc: 'api/device/clipboard/wx.setClipboardData.html', options: { data: '1.1.0', ...callbacks } },
  getStorageSync: { since: '1.0.0', doc: 'api/storage/wx.getStorageSync.html' },
  setStorageSync: { since: '1.0.0', doc: 'api/storage/wx.setStorageSync.html' },
  removeStorageSync: { since: '1.0.0', doc: 'api/storage/wx.removeStorageSync.html' },
  // media (chooseImage is no longer maintained since 2.21.0 in favour of chooseMedia, and still works)
  chooseImage: { since: '1.0.0', doc: 'api/media/image/wx.chooseImage.html', options: { count: '1.0.0', sizeType: '1.0.0', sourceType: '1.0.0', ...callbacks } },
  chooseMedia: { since: '2.10.0', doc: 'api/media/video/wx.chooseMedia.html', options: { count: '2.10.0', mediaType: '2.10.0', sourceType: '2.10.0', maxDuration: '2.10.0', sizeType: '2.10.0', camera: '2.10.0', ...callbacks } },
  chooseMessageFile: { since: '2.5.0', doc: 'api/media/image/wx.chooseMessageFile.html', options: { count: '2.5.0', type: '2.5.0', extension: '2.6.0', ...callbacks } },
  compressImage: { since: '2.4.0', doc: 'api/media/image/wx.compressImage.html', options: { src: '2.4.0', quality: '2.4.0', compressedWidth: '2.26.0', compressedHeight: '2.26.0', ...callbacks } },
  getImageInfo: { since: '1.0.0', doc: 'api/media/image/wx.getImageInfo.html', options: { src: '1.0.0', ...callbacks } },
  previewImage: { since: '1.0.0', doc: 'api/media/image/wx.previewImage.html', options: { urls: '1.0.0', current: '1.0.0', showmenu: '2.13.0', referrerPolicy: '2.13.0', ...callbacks } },
  saveImageToPhotosAlbum: { since: '1.2.0', doc: 'api/media/image/wx.saveImageToPhotosAlbum.html', options: { filePath: '1.2.0', ...callbacks } },
  // canvas: the object form of createOffscreenCanvas (type '2d') is 2.16.1; canvasToTempFilePath's `canvas` (a 2d canvas
  // instead of a canvas-id) came with the 2d canvas of 2.9.0.
  createOffscreenCanvas: { since: '2.16.1', doc: 'api/canvas/wx.createOffscreenCanvas.html', options: { type: '2.16.1', width: '2.16.1', height: '2.16.1', compInst: '2.16.1' }, returns: 'OffscreenCanvas' },
  canvasToTempFilePath: { since: '1.0.0', doc: 'api/canvas/wx.canvasToTempFilePath.html', options: { x: '1.2.0', y: '1.2.0', width: '1.2.0', height: '1.2.0', destWidth: '1.2.0', destHeight: '1.2.0', canvasId: '1.0.0', canvas: '2.9.0', fileType: '1.7.0', quality: '1.7.0', ...callbacks } },
  // files
  openDocument: { since: '1.0.0', doc: 'api/file/wx.openDocument.html', options: { filePath: '1.0.0', fileType: '1.4.0', showMenu: '2.11.0', ...callbacks } },
  getFileSystemManager: { since: '1.9.9', doc: 'api/file/wx.getFileSystemManager.html', returns: 'FileSystemManager' },
  'FileSystemManager.readFile': { since: '1.9.9', doc: 'api/file/FileSystemManager.readFile.html', options: { filePath: '1.9.9', encoding: '1.9.9', position: '2.10.0', length: '2.10.0', ...callbacks } },
  'FileSystemManager.readFileSync': { since: '1.9.9', doc: 'api/file/FileSystemManager.readFileSync.html' },
  'FileSystemManager.writeFile': { since: '1.9.9', doc: 'api/file/FileSystemManager.writeFile.html', options: { filePath: '1.9.9', data: '1.9.9', encoding: '1.9.9', ...callbacks } },
  'FileSystemManager.writeFileSync': { since: '1.9.9', doc: 'api/file/FileSystemManager.writeFileSync.html' },
  'FileSystemManager.statSync': { since: '1.9.9', doc: 'api/file/FileSystemManager.statSync.html' },
  'FileSystemManager.unlink': { since: '1.9.9', doc: 'api/file/FileSystemManager.unlink.html', options: { filePath: '1.9.9', ...callbacks } },
  // wx.env names no version; USER_DATA_PATH is the user folder of the file system (1.9.9).
  env: { since: '1.9.9', doc: 'api/base/wx.env.html', options: { USER_DATA_PATH: '1.9.9' } },
  // base
  canIUse: { since: '1.1.1', doc: 'api/base/wx.canIUse.html' },
  base64ToArrayBuffer: { since: '1.1.0', doc: 'api/base/wx.base64ToArrayBuffer.html' },
  // A report's request id (services/publicity.ts): 基础库 2.15.0 开始支持.
  getRandomValues: { since: '2.15.0', doc: 'api/device/crypto/wx.getRandomValues.html', options: { length: '2.15.0', ...callbacks } },
};

/** Taro's page and app hooks, imported by name: they map to page events every base library has (onLoad, onShow, …). */
const taroHooks = ['useLoad', 'useReady', 'useDidShow', 'useDidHide', 'useUnload', 'usePullDownRefresh', 'useReachBottom', 'usePageScroll', 'useRouter', 'useLaunch', 'useError'];

/**
 * Globals a WeChat logic layer does not have (it is no browser). Exceptions WeChat provides: timers and console.
 * Taro's runtime provides its own `document`, `window`, `navigator`, `URL`, `location` and `history` objects in the weapp
 * build (webpack's ProvidePlugin), so using them does not fail at load — but they are Taro's small DOM, not a browser's
 * (no file input, no window.open, no createObjectURL): the source check below treats them like every other DOM global.
 */
const wechatProvides = new Set(['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'console']);

// ---- versions ---------------------------------------------------------------------------------------------------------

function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i += 1) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

// ---- reading the sources -------------------------------------------------------------------------------------------------

function miniprogramCompilerOptions(): ts.CompilerOptions & { rootNames: string[] } {
  const configPath = join(miniprogramRoot, 'tsconfig.json');
  const parsed = ts.getParsedCommandLineOfConfigFile(configPath, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d) => { throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n')); } });
  if (!parsed) throw new Error(`cannot read ${configPath}`);
  return { ...parsed.options, rootNames: parsed.fileNames };
}

/** A program over files given as text (a fixture), with the mini-program's compiler options (DOM lib included). */
function fixtureProgram(files: Record<string, string>): ts.Program {
  const { rootNames: _ignored, ...options } = miniprogramCompilerOptions();
  const host = ts.createCompilerHost(options, true);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (name, language, ...rest) => (name in files ? ts.createSourceFile(name, files[name] ?? '', language, true) : getSourceFile(name, language, ...rest));
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (name) => name in files || fileExists(name);
  const readFile = host.readFile.bind(host);
  host.readFile = (name) => files[name] ?? readFile(name);
  const directoryExists = host.directoryExists?.bind(host);
  host.directoryExists = (dir) => Object.keys(files).some((f) => f.startsWith(`${dir.replace(/\/$/, '')}/`)) || (directoryExists?.(dir) ?? false);
  return ts.createProgram(Object.keys(files), options, host);
}

interface Finding {
  where: string;
  what: string;
}

const at = (node: ts.Node): string => {
  const file = node.getSourceFile();
  const { line } = file.getLineAndCharacterOfPosition(node.getStart(file));
  return `${relative(repoRoot, file.fileName)}:${line + 1}`;
};

function unwrap(expr: ts.Expression): ts.Expression {
  let e = expr;
  while (ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isNonNullExpression(e) || ts.isSatisfiesExpression(e) || ts.isTypeAssertionExpression(e)) e = e.expression;
  return e;
}

/**
 * The static view of one program: which code a weapp build can run, which names are browser globals, what is called on
 * Taro. "Cannot run in WeChat" (dead) means: in a branch that `process.env.TARO_ENV` (baked to 'weapp') rules out —
 * `if`/`else`, `?:`, `&&`/`||`, an early `return` — directly or through a const holding such a test, or inside a named
 * function whose every use is itself dead (an H5-only helper such as services/h5-file-input.ts). A function nobody
 * references is an entry point (a page) and counts as live.
 */
class Surface {
  readonly checker: ts.TypeChecker;
  readonly files: ts.SourceFile[];
  private readonly references = new Map<ts.Symbol, ts.Identifier[]>();
  private readonly deadFunctions = new Map<ts.Symbol, boolean>();

  constructor(readonly program: ts.Program, analysed: (fileName: string) => boolean) {
    this.checker = program.getTypeChecker();
    this.files = program.getSourceFiles().filter((f) => !f.isDeclarationFile && analysed(f.fileName));
    for (const file of this.files) this.walk(file, (node) => {
      if (!ts.isIdentifier(node) || this.isDeclarationName(node)) return;
      const symbol = this.symbolOf(node);
      if (!symbol) return;
      const list = this.references.get(symbol) ?? [];
      list.push(node);
      this.references.set(symbol, list);
    });
  }

  walk(node: ts.Node, visit: (node: ts.Node) => void): void {
    visit(node);
    node.forEachChild((child) => this.walk(child, visit));
  }

  private isDeclarationName(node: ts.Identifier): boolean {
    const parent = node.parent;
    if (ts.isImportSpecifier(parent) || ts.isExportSpecifier(parent) || ts.isImportClause(parent) || ts.isNamespaceImport(parent)) return true;
    return (ts.isFunctionDeclaration(parent) || ts.isVariableDeclaration(parent) || ts.isParameter(parent) || ts.isClassDeclaration(parent)) && parent.name === node;
  }

  symbolOf(node: ts.Identifier): ts.Symbol | undefined {
    const symbol = ts.isShorthandPropertyAssignment(node.parent) && node.parent.name === node ? this.checker.getShorthandAssignmentValueSymbol(node.parent) : this.checker.getSymbolAtLocation(node);
    return symbol && this.canonical(symbol);
  }

  /** One symbol per declaration: an import resolved to what it imports, a local exported symbol to its export. */
  canonical(symbol: ts.Symbol): ts.Symbol {
    let s = symbol;
    if (s.flags & ts.SymbolFlags.Alias) {
      try {
        s = this.checker.getAliasedSymbol(s);
      } catch {
        return s;
      }
    }
    return this.checker.getExportSymbolOfSymbol(s);
  }

  /** The value of an expression in a weapp build: a string, a boolean, or undefined when not known at build time. */
  weappValue(expr: ts.Expression, depth = 0): string | boolean | undefined {
    const e = unwrap(expr);
    if (depth > 8) return undefined;
    if (ts.isStringLiteralLike(e)) return e.text;
    if (e.kind === ts.SyntaxKind.TrueKeyword) return true;
    if (e.kind === ts.SyntaxKind.FalseKeyword) return false;
    if (ts.isPropertyAccessExpression(e) && e.getText() === 'process.env.TARO_ENV') return 'weapp';
    if (ts.isPrefixUnaryExpression(e) && e.operator === ts.SyntaxKind.ExclamationToken) {
      const v = this.weappValue(e.operand, depth + 1);
      return typeof v === 'boolean' ? !v : undefined;
    }
    if (ts.isBinaryExpression(e)) {
      const op = e.operatorToken.kind;
      const left = this.weappValue(e.left, depth + 1);
      if (op === ts.SyntaxKind.AmpersandAmpersandToken) {
        if (left === false) return false;
        const right = this.weappValue(e.right, depth + 1);
        return left === true ? right : right === false ? false : undefined;
      }
      if (op === ts.SyntaxKind.BarBarToken) {
        if (left === true) return true;
        const right = this.weappValue(e.right, depth + 1);
        return left === false ? right : right === true ? true : undefined;
      }
      const right = this.weappValue(e.right, depth + 1);
      if (left === undefined || right === undefined) return undefined;
      if (op === ts.SyntaxKind.EqualsEqualsEqualsToken || op === ts.SyntaxKind.EqualsEqualsToken) return left === right;
      if (op === ts.SyntaxKind.ExclamationEqualsEqualsToken || op === ts.SyntaxKind.ExclamationEqualsToken) return left !== right;
      return undefined;
    }
    if (ts.isIdentifier(e)) {
      const declaration = this.symbolOf(e)?.valueDeclaration;
      if (declaration && ts.isVariableDeclaration(declaration) && declaration.initializer && ts.isVariableDeclarationList(declaration.parent) && declaration.parent.flags & ts.NodeFlags.Const) {
        return this.weappValue(declaration.initializer, depth + 1);
      }
    }
    return undefined;
  }

  private exits(statement: ts.Statement): boolean {
    if (ts.isReturnStatement(statement) || ts.isThrowStatement(statement)) return true;
    if (ts.isBlock(statement)) {
      const last = statement.statements[statement.statements.length - 1];
      return last !== undefined && this.exits(last);
    }
    return false;
  }

  /** Whether a weapp build can never run this node (see the class comment). */
  isDead(node: ts.Node): boolean {
    for (let child: ts.Node = node, parent = node.parent; parent; child = parent, parent = parent.parent) {
      if (ts.isIfStatement(parent) && child !== parent.expression) {
        const v = this.weappValue(parent.expression);
        if ((child === parent.thenStatement && v === false) || (child === parent.elseStatement && v === true)) return true;
      } else if (ts.isConditionalExpression(parent) && child !== parent.condition) {
        const v = this.weappValue(parent.condition);
        if ((child === parent.whenTrue && v === false) || (child === parent.whenFalse && v === true)) return true;
      } else if (ts.isBinaryExpression(parent) && child === parent.right) {
        const op = parent.operatorToken.kind;
        const v = op === ts.SyntaxKind.AmpersandAmpersandToken || op === ts.SyntaxKind.BarBarToken ? this.weappValue(parent.left) : undefined;
        if ((op === ts.SyntaxKind.AmpersandAmpersandToken && v === false) || (op === ts.SyntaxKind.BarBarToken && v === true)) return true;
      } else if ((ts.isBlock(parent) || ts.isSourceFile(parent) || ts.isCaseClause(parent)) && ts.isStatement(child)) {
        // An early exit: `if (<true in WeChat>) return …` before this statement.
        const statements = parent.statements as ts.NodeArray<ts.Statement>;
        for (const earlier of statements.slice(0, statements.indexOf(child))) {
          if (ts.isIfStatement(earlier) && !earlier.elseStatement && this.exits(earlier.thenStatement) && this.weappValue(earlier.expression) === true) return true;
        }
      }
      const named = this.functionSymbol(parent);
      if (named) return this.isDeadFunction(named);
    }
    return false;
  }

  private functionSymbol(node: ts.Node): ts.Symbol | undefined {
    let name: ts.Identifier | undefined;
    if (ts.isFunctionDeclaration(node) && node.name) name = node.name;
    else if ((ts.isArrowFunction(node) || ts.isFunctionExpression(node)) && ts.isVariableDeclaration(node.parent) && node.parent.initializer === node && ts.isIdentifier(node.parent.name)) name = node.parent.name;
    const symbol = name && this.checker.getSymbolAtLocation(name);
    return symbol && this.canonical(symbol);
  }

  private isDeadFunction(symbol: ts.Symbol): boolean {
    const known = this.deadFunctions.get(symbol);
    if (known !== undefined) return known;
    // A cycle (a function that reaches itself) is decided by its other uses.
    this.deadFunctions.set(symbol, true);
    const uses = this.references.get(symbol) ?? [];
    const dead = uses.length > 0 && uses.every((use) => this.isDead(use));
    this.deadFunctions.set(symbol, dead);
    return dead;
  }

  // ---- (c) browser globals ----

  /** Every use, as a value, of a global that only lib.dom declares, with whether a weapp build can reach it. */
  domGlobals(): (Finding & { dead: boolean })[] {
    const found: (Finding & { dead: boolean })[] = [];
    for (const file of this.files) this.walk(file, (node) => {
      if (!ts.isIdentifier(node) || wechatProvides.has(node.text)) return;
      const parent = node.parent;
      if ((ts.isPropertyAccessExpression(parent) && parent.name === node) || ts.isQualifiedName(parent) || ts.isJsxAttribute(parent) || (ts.isPropertyAssignment(parent) && parent.name === node)) return;
      for (let p: ts.Node | undefined = parent; p && !ts.isStatement(p); p = p.parent) if (ts.isTypeNode(p) && !ts.isExpressionWithTypeArguments(p)) return;
      const symbol = this.symbolOf(node);
      const declarations = symbol?.declarations ?? [];
      if (declarations.length === 0 || !declarations.every((d) => /[\\/]typescript[\\/]lib[\\/]lib\.dom/.test(d.getSourceFile().fileName))) return;
      if (!(symbol!.flags & ts.SymbolFlags.Value)) return;
      found.push({ where: at(node), what: node.text, dead: this.isDead(node) });
    });
    return found;
  }

  // ---- (b) Taro APIs ----

  isTaroImport(node: ts.Identifier): boolean {
    const declaration = this.checker.getSymbolAtLocation(node)?.declarations?.[0];
    return !!declaration && ts.isImportClause(declaration) && ts.isImportDeclaration(declaration.parent) && ts.isStringLiteral(declaration.parent.moduleSpecifier) && declaration.parent.moduleSpecifier.text === '@tarojs/taro';
  }

  /** Keys of the object literal(s) an argument is: spreads and `?:` followed, H5-only parts left out. */
  optionKeys(arg: ts.Expression | undefined, depth = 0): { keys: { name: string; node: ts.Node }[]; opaque: ts.Node[] } {
    const out = { keys: [] as { name: string; node: ts.Node }[], opaque: [] as ts.Node[] };
    if (!arg || depth > 6 || this.isDead(arg)) return out;
    let e = unwrap(arg);
    if (ts.isIdentifier(e)) {
      const declaration = this.symbolOf(e)?.valueDeclaration;
      if (declaration && ts.isVariableDeclaration(declaration) && declaration.initializer) e = unwrap(declaration.initializer);
    }
    if (ts.isConditionalExpression(e)) {
      for (const branch of [e.whenTrue, e.whenFalse]) {
        const inner = this.optionKeys(branch, depth + 1);
        out.keys.push(...inner.keys);
        out.opaque.push(...inner.opaque);
      }
    } else if (ts.isObjectLiteralExpression(e)) {
      for (const property of e.properties) {
        if (ts.isSpreadAssignment(property)) {
          const inner = this.optionKeys(property.expression, depth + 1);
          out.keys.push(...inner.keys);
          out.opaque.push(...inner.opaque);
        } else if (property.name && (ts.isIdentifier(property.name) || ts.isStringLiteral(property.name)) && !this.isDead(property)) {
          out.keys.push({ name: property.name.text, node: property });
        } else if (!this.isDead(property)) {
          out.opaque.push(property);
        }
      }
    } else if (!ts.isStringLiteralLike(e) && !ts.isNumericLiteral(e)) {
      out.opaque.push(e);
    }
    return out;
  }

  /** Whether `node` runs only after Taro.canIUse(`key…`) said yes (an `if`/`?:`/`&&` on it, or an early return on its negation). */
  guardedByCanIUse(node: ts.Node, key: string): boolean {
    const asksFor = (expr: ts.Expression, negated: boolean): boolean => {
      const e = unwrap(expr);
      if (ts.isPrefixUnaryExpression(e) && e.operator === ts.SyntaxKind.ExclamationToken) return asksFor(e.operand, !negated);
      if (!negated && ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken) return asksFor(e.left, false) || asksFor(e.right, false);
      if (negated && ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.BarBarToken) return asksFor(e.left, true) || asksFor(e.right, true);
      if (negated || !ts.isCallExpression(e)) return false;
      const callee = unwrap(e.expression);
      const arg = e.arguments[0];
      return ts.isPropertyAccessExpression(callee) && callee.name.text === 'canIUse' && ts.isIdentifier(callee.expression) && this.isTaroImport(callee.expression) && !!arg && ts.isStringLiteralLike(arg) && (arg.text === key || arg.text.startsWith(`${key}.`));
    };
    for (let child: ts.Node = node, parent = node.parent; parent; child = parent, parent = parent.parent) {
      if (ts.isIfStatement(parent) && child === parent.thenStatement && asksFor(parent.expression, false)) return true;
      if (ts.isConditionalExpression(parent) && child === parent.whenTrue && asksFor(parent.condition, false)) return true;
      if (ts.isBinaryExpression(parent) && child === parent.right && parent.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken && asksFor(parent.left, false)) return true;
      if ((ts.isBlock(parent) || ts.isSourceFile(parent)) && ts.isStatement(child)) {
        const statements = parent.statements as ts.NodeArray<ts.Statement>;
        for (const earlier of statements.slice(0, statements.indexOf(child))) {
          if (ts.isIfStatement(earlier) && !earlier.elseStatement && this.exits(earlier.thenStatement) && asksFor(earlier.expression, true)) return true;
        }
      }
    }
    return false;
  }

  /** Every WeChat API reached through Taro in code a weapp build can run: `Taro.x`, members of what it returns, its options. */
  taroUses(table: Record<string, WxApi>): { api: string; node: ts.Node; options: { name: string; node: ts.Node }[]; opaque: ts.Node[] }[] {
    const uses: { api: string; node: ts.Node; options: { name: string; node: ts.Node }[]; opaque: ts.Node[] }[] = [];
    const record = (api: string, node: ts.Expression) => {
      const call = ts.isCallExpression(node.parent) && node.parent.expression === node ? node.parent : undefined;
      const { keys, opaque } = call && table[api]?.options ? this.optionKeys(call.arguments[0]) : { keys: [], opaque: [] };
      uses.push({ api, node, options: keys, opaque });
      // Members of what the call returns: `Taro.getFileSystemManager().readFileSync`, `const task = Taro.uploadFile(…)`.
      const returns = table[api]?.returns;
      if (!call || !returns) return;
      const member = (access: ts.Node) => {
        if (ts.isPropertyAccessExpression(access)) record(`${returns}.${access.name.text}`, access);
      };
      member(call.parent);
      const holder = ts.isVariableDeclaration(call.parent) ? call.parent : undefined;
      if (holder && ts.isIdentifier(holder.name)) {
        const symbol = this.checker.getSymbolAtLocation(holder.name);
        for (const use of (symbol && this.references.get(this.canonical(symbol))) ?? []) if (!this.isDead(use)) member(use.parent);
      }
    };
    for (const file of this.files) this.walk(file, (node) => {
      if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier) && node.moduleSpecifier.text === '@tarojs/taro' && !node.importClause?.isTypeOnly) {
        const bindings = node.importClause?.namedBindings;
        if (bindings && ts.isNamedImports(bindings)) for (const specifier of bindings.elements) if (!specifier.isTypeOnly) uses.push({ api: `import { ${specifier.name.text} }`, node: specifier, options: [], opaque: [] });
        return;
      }
      if (!ts.isPropertyAccessExpression(node) || !ts.isIdentifier(node.expression) || !this.isTaroImport(node.expression) || this.isDead(node)) return;
      if (node.name.text === 'env' && ts.isPropertyAccessExpression(node.parent)) {
        uses.push({ api: 'env', node, options: [{ name: node.parent.name.text, node: node.parent }], opaque: [] });
        return;
      }
      record(node.name.text, node);
    });
    return uses;
  }

  /** What is wrong with the Taro APIs used, against a table and a floor. */
  surfaceProblems(table: Record<string, WxApi>, floor: string): string[] {
    const problems: string[] = [];
    for (const use of this.taroUses(table)) {
      if (use.api.startsWith('import {')) {
        const name = use.api.slice('import { '.length, -' }'.length);
        if (!taroHooks.includes(name)) problems.push(`${at(use.node)} ${use.api} from '@tarojs/taro': not a page hook; call it as Taro.${name} so that it is checked`);
        continue;
      }
      const entry = table[use.api];
      if (!entry) {
        problems.push(`${at(use.node)} Taro.${use.api}: not in the table of WeChat's documented APIs (look it up and add it with its base library)`);
        continue;
      }
      if (compareVersions(entry.since, floor) > 0 && !this.guardedByCanIUse(use.node, use.api)) problems.push(`${at(use.node)} Taro.${use.api} needs base library ${entry.since} > ${floor}: guard it with Taro.canIUse('${use.api}')`);
      for (const option of use.options) {
        const since = entry.options?.[option.name];
        if (since === undefined) problems.push(`${at(option.node)} Taro.${use.api}({ ${option.name} }): not a documented option`);
        else if (compareVersions(since, floor) > 0 && !this.guardedByCanIUse(option.node, `${use.api}.object.${option.name}`)) problems.push(`${at(option.node)} Taro.${use.api}({ ${option.name} }) needs base library ${since} > ${floor}`);
      }
      for (const node of use.opaque) problems.push(`${at(node)} Taro.${use.api}(…): options that cannot be read statically; pass an object literal`);
    }
    return problems;
  }

  // ---- (a) HTTP methods ----

  /** The methods sent: literals given to the client's request/send, and Taro.request's `method`, by type. */
  sentMethods(isClient: (fileName: string) => boolean): { sent: Map<string, string[]>; unknown: string[] } {
    const sent = new Map<string, string[]>();
    const unknown: string[] = [];
    for (const file of this.files) this.walk(file, (node) => {
      if (!ts.isCallExpression(node)) return;
      const callee = unwrap(node.expression);
      let method: ts.Expression | undefined;
      if (ts.isIdentifier(callee)) {
        const declaration = this.symbolOf(callee)?.valueDeclaration;
        if (declaration && isClient(declaration.getSourceFile().fileName) && (callee.text === 'request' || callee.text === 'send')) method = node.arguments[0];
      } else if (ts.isPropertyAccessExpression(callee) && callee.name.text === 'request' && ts.isIdentifier(callee.expression) && this.isTaroImport(callee.expression)) {
        const options = node.arguments[0] && unwrap(node.arguments[0]);
        const option = options && ts.isObjectLiteralExpression(options) ? options.properties.find((p) => p.name && ts.isIdentifier(p.name) && p.name.text === 'method') : undefined;
        method = option && ts.isPropertyAssignment(option) ? option.initializer : option && ts.isShorthandPropertyAssignment(option) ? option.name : undefined;
        if (!method) unknown.push(`${at(node)} Taro.request without a method (GET by default): name it`);
      }
      if (!method) return;
      const values = this.literalValues(method);
      if (!values) unknown.push(`${at(method)} a method that can be any string`);
      for (const value of values ?? []) sent.set(value, [...(sent.get(value) ?? []), at(method)]);
    });
    return { sent, unknown };
  }

  /** The string literal types an expression can have; undefined when it can be any string. */
  literalValues(expr: ts.Expression): string[] | undefined {
    return this.literalsOf(this.checker.getTypeAtLocation(expr));
  }

  literalsOf(type: ts.Type): string[] | undefined {
    const parts = type.isUnion() ? type.types : [type];
    const values: string[] = [];
    for (const part of parts) {
      if (!part.isStringLiteral()) return undefined;
      values.push(part.value);
    }
    return values;
  }
}

// ---- the weapp builds --------------------------------------------------------------------------------------------------

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

const builds = (): { name: string; dir: string }[] => {
  const local = process.env.WEAPP_LOCAL_DIST;
  const prod = process.env.WEAPP_PROD_DIST;
  if (!local || !prod) throw new Error('WEAPP_LOCAL_DIST / WEAPP_PROD_DIST are unset: run with --selectProjects weapp (test/weapp/global-setup.ts builds them)');
  return [
    { name: 'local', dir: local },
    { name: 'prod', dir: prod },
  ];
};

/** Quoted HTTP method names in built JavaScript: `"PUT"`, `'PATCH'`. */
function methodLiterals(js: string): string[] {
  const pattern = new RegExp(`["'](${httpMethodNames.join('|')})["']`, 'g');
  return [...js.matchAll(pattern)].map((m) => m[1] ?? '');
}

/**
 * Free references, in built JavaScript, to browser globals. webpack's ProvidePlugin turns every `document`, `window`,
 * `navigator`, `URL`, `location` and `history` of a module into Taro's stand-ins (`n(3544)["document"]`), so any of these
 * names still free in the build, like fetch or localStorage which nothing provides, would be a ReferenceError on a
 * phone unless behind a `typeof` test. Read with acorn: a property (`a.fetch`), an object key (`fetch:`), a string or
 * a regular expression (/failed to fetch/) is no reference, nor a name the file declares itself.
 */
const browserGlobals = ['XMLHttpRequest', 'localStorage', 'sessionStorage', 'indexedDB', 'FileReader', 'Blob', 'fetch', 'document', 'window', 'navigator', 'URL', 'location', 'history'];
type AcornNode = acorn.Node & Record<string, unknown>;
function freeBrowserReferences(js: string): string[] {
  const ast = acorn.parse(js, { ecmaVersion: 'latest', sourceType: 'script', allowHashBang: true }) as unknown as AcornNode;
  const declared = new Set<string>();
  const used: { name: string; guarded: boolean }[] = [];
  const visit = (node: AcornNode, parent: AcornNode | undefined, key: string): void => {
    if (node.type === 'Identifier') {
      const name = node.name as string;
      if (!browserGlobals.includes(name)) return;
      const isProperty = parent && ((parent.type === 'MemberExpression' && key === 'property' && !parent.computed) || ((parent.type === 'Property' || parent.type === 'MethodDefinition' || parent.type === 'PropertyDefinition') && key === 'key' && !parent.computed && !parent.shorthand));
      if (isProperty) return;
      const isDeclaration = parent && ((parent.type === 'VariableDeclarator' && key === 'id') || (parent.type === 'FunctionDeclaration' && key === 'id') || key === 'params');
      if (isDeclaration) declared.add(name);
      else used.push({ name, guarded: parent?.type === 'UnaryExpression' && parent.operator === 'typeof' });
      return;
    }
    for (const [childKey, value] of Object.entries(node)) {
      if (childKey === 'type' || childKey === 'start' || childKey === 'end') continue;
      const children = Array.isArray(value) ? value : [value];
      for (const child of children) if (child && typeof child === 'object' && typeof (child as AcornNode).type === 'string') visit(child as AcornNode, node, childKey === 'params' ? 'params' : childKey);
    }
  };
  visit(ast, undefined, '');
  return used.filter((u) => !u.guarded && !declared.has(u.name)).map((u) => u.name);
}

/** Taro's runtime and webpack's bootstrap: they refer to browser globals behind their own `typeof` checks. */
const isRuntime = (rel: string): boolean => rel === 'taro.js' || rel === 'runtime.js';

// ---- the tests -------------------------------------------------------------------------------------------------------------

let surface: Surface;
beforeAll(() => {
  const { rootNames, ...options } = miniprogramCompilerOptions();
  const program = ts.createProgram(rootNames, options);
  const analysed = (fileName: string) => !/[\\/]node_modules[\\/]/.test(fileName) && ['miniprogram/src/', 'shared/', 'config/'].some((dir) => resolve(fileName).startsWith(join(repoRoot, dir)));
  surface = new Surface(program, analysed);
}, 120_000);

describe('(a) HTTP methods: only what wx.request sends (OPTIONS, GET, HEAD, POST, PUT, DELETE, TRACE, CONNECT)', () => {
  it('the API client\'s HttpMethod type holds wx.request methods only, without PATCH', () => {
    const apiClient = surface.files.find((f) => f.fileName.endsWith('miniprogram/src/services/api-client.ts'));
    const alias = apiClient?.statements.find((s): s is ts.TypeAliasDeclaration => ts.isTypeAliasDeclaration(s) && s.name.text === 'HttpMethod');
    expect(alias).toBeDefined();
    const methods = surface.literalsOf(surface.checker.getTypeFromTypeNode(alias!.type)) ?? [];
    expect(methods.length).toBeGreaterThan(0);
    expect(methods).not.toContain('PATCH');
    expect(methods.filter((m) => !(wxRequestMethods as readonly string[]).includes(m))).toEqual([]);
  });

  it('every request the mini-program sends names a wx.request method (request, send, Taro.request)', () => {
    const { sent, unknown } = surface.sentMethods((f) => f.endsWith('miniprogram/src/services/api-client.ts'));
    expect(unknown).toEqual([]);
    // The client sends all four it needs: the scan sees the real calls.
    expect([...sent.keys()].sort()).toEqual(expect.arrayContaining(['DELETE', 'GET', 'POST', 'PUT']));
    const refused = [...sent].filter(([m]) => !(wxRequestMethods as readonly string[]).includes(m)).map(([m, where]) => `${m} at ${where.join(', ')}`);
    expect(refused).toEqual([]);
  });

  it('sees a PATCH sent through the client, a method held in a variable, and a bare Taro.request (fixture)', () => {
    const fixture = new Surface(
      fixtureProgram({
        '/fixture/api-client.ts': [
          "import Taro from '@tarojs/taro'",
          "export type HttpMethod = 'GET' | 'PATCH'",
          'export function request(method: HttpMethod, path: string) { return Taro.request({ url: path, method }) }',
        ].join('\n'),
        '/fixture/page.ts': [
          "import Taro from '@tarojs/taro'",
          "import { request } from './api-client'",
          "request('PATCH', '/v1/me/record')",
          'export function any(m: string) { return Taro.request({ url: "/x", method: m as never }) }',
          "Taro.request({ url: '/y' })",
        ].join('\n'),
      }),
      (f) => f.startsWith('/fixture/'),
    );
    const { sent, unknown } = fixture.sentMethods((f) => f.endsWith('/fixture/api-client.ts'));
    expect([...sent.keys()].sort()).toEqual(['GET', 'PATCH']);
    expect(sent.get('PATCH')).toEqual([expect.stringMatching(/api-client\.ts:3$/), expect.stringMatching(/page\.ts:3$/)]);
    expect(unknown).toEqual([expect.stringMatching(/page\.ts:4 a method that can be any string/), expect.stringMatching(/page\.ts:5 Taro\.request without a method/)]);
  });

  it('the API contract names wx.request methods only: serverless.yml routes, handler routes and documented endpoints', () => {
    const sources = [
      join(repoRoot, 'serverless.yml'),
      ...['shared/api', 'functions', 'miniprogram/src/services'].flatMap((dir) => filesUnder(join(repoRoot, dir)).filter((f) => /\.tsx?$/.test(f))),
    ];
    const routes: { method: string; where: string }[] = [];
    for (const file of sources) {
      const text = readFileSync(file, 'utf8');
      const pattern = file.endsWith('.yml') ? /httpApi:\s*\{\s*method:\s*([A-Za-z]+)/g : new RegExp(`\\b(${httpMethodNames.join('|')}) /v1/`, 'g');
      for (const m of text.matchAll(pattern)) routes.push({ method: (m[1] ?? '').toUpperCase(), where: `${relative(repoRoot, file)}:${text.slice(0, m.index).split('\n').length}` });
    }
    expect(routes.filter((r) => r.where.startsWith('serverless.yml')).length).toBeGreaterThan(50);
    expect(routes.filter((r) => r.method === 'PUT').length).toBeGreaterThan(0);
    const refused = routes.filter((r) => !(wxRequestMethods as readonly string[]).includes(r.method)).map((r) => `${r.method} at ${r.where}`);
    expect(refused).toEqual([]);
  });

  it.each(['local', 'prod'])('the %s weapp build carries no method name outside wx.request\'s list', (name) => {
    const build = builds().find((b) => b.name === name)!;
    const found = new Set<string>();
    const refused: string[] = [];
    for (const file of filesUnder(build.dir).filter((f) => f.endsWith('.js'))) {
      for (const method of methodLiterals(readFileSync(file, 'utf8'))) {
        found.add(method);
        if (!(wxRequestMethods as readonly string[]).includes(method)) refused.push(`${method} in ${relative(build.dir, file)}`);
      }
    }
    expect([...found]).toEqual(expect.arrayContaining(['GET', 'POST', 'PUT', 'DELETE']));
    expect(refused).toEqual([]);
  });
});

describe(`(b) every WeChat API called is documented and exists in base library ${supportedClients.baseLibrary}`, () => {
  it('the table is well formed: a version and a documentation page for every API and option', () => {
    for (const [api, entry] of Object.entries(wechatApis)) {
      expect([api, entry.since]).toEqual([api, expect.stringMatching(/^\d+\.\d+\.\d+$/)]);
      expect(entry.doc).toMatch(/^(api|reference)\/.+\.html$/);
      for (const since of Object.values(entry.options ?? {})) expect(compareVersions(since, '1.0.0')).toBeGreaterThanOrEqual(0);
    }
  });

  it('every Taro.<api> (and each option given) used where WeChat runs is in the table and no newer than the floor', () => {
    const uses = surface.taroUses(wechatApis);
    // The scan sees the real calls (requests, uploads, navigation, storage, the file system through its manager).
    expect(uses.map((u) => u.api)).toEqual(expect.arrayContaining(['request', 'uploadFile', 'UploadTask.onProgressUpdate', 'navigateTo', 'getStorageSync', 'FileSystemManager.writeFileSync', 'chooseMedia', 'createOffscreenCanvas', 'env']));
    expect(uses.find((u) => u.api === 'createOffscreenCanvas')?.options.map((o) => o.name)).toEqual(['type', 'width', 'height']);
    expect(surface.surfaceProblems(wechatApis, supportedClients.baseLibrary)).toEqual([]);
  });

  it('leaves H5-only calls out and reads options through spreads and consts (uploadFile\'s H5 fileName is not WeChat\'s)', () => {
    const upload = surface.taroUses(wechatApis).find((u) => u.api === 'uploadFile');
    expect(upload?.options.map((o) => o.name).sort()).toEqual(['filePath', 'formData', 'name', 'timeout', 'url']);
    const subscribe = surface.taroUses(wechatApis).find((u) => u.api === 'requestSubscribeMessage');
    expect(subscribe?.options.map((o) => o.name)).toEqual(['tmplIds']);
    // Taro.base64ToArrayBuffer is called only when TARO_ENV is h5 (services/roster.ts).
    expect(surface.taroUses(wechatApis).some((u) => u.api === 'base64ToArrayBuffer')).toBe(false);
  });

  it('catches an undocumented API, an undocumented option and one newer than the floor unless Taro.canIUse guards it (fixture)', () => {
    const fixture = new Surface(
      fixtureProgram({
        '/fixture/page.ts': [
          "import Taro from '@tarojs/taro'",
          "Taro.showToast({ title: 'x', icon: 'none', colour: 'red' })",
          'Taro.makeCoffee()',
          'Taro.newThing()',
          "if (Taro.canIUse('newThing')) Taro.newThing()",
          "Taro.compressImage({ src: 'a', compressedWidth: 100 })",
          'export function later() {',
          "  if (!Taro.canIUse('newThing')) return",
          '  Taro.newThing()',
          '}',
          "if (process.env.TARO_ENV === 'h5') Taro.makeCoffee()",
        ].join('\n'),
      }),
      (f) => f.startsWith('/fixture/'),
    );
    const table: Record<string, WxApi> = { ...wechatApis, newThing: { since: '9.0.0', doc: 'api/fixture.html' } };
    const problems = fixture.surfaceProblems(table, '2.27.3');
    expect(problems).toEqual([
      expect.stringMatching(/page\.ts:2 Taro\.showToast\(\{ colour \}\): not a documented option/),
      expect.stringMatching(/page\.ts:3 Taro\.makeCoffee: not in the table/),
      expect.stringMatching(/page\.ts:4 Taro\.newThing needs base library 9\.0\.0 > 2\.27\.3/),
    ]);
    // compressedWidth (2.26.0) is fine at 2.27.3, not at 2.25.0.
    expect(fixture.surfaceProblems(table, '2.25.0')).toEqual(expect.arrayContaining([expect.stringMatching(/compressImage\(\{ compressedWidth \}\) needs base library 2\.26\.0/)]));
  });
});

describe('(c) no browser-only global reachable in the weapp build', () => {
  /*
   * The rule. A WeChat logic layer is no browser: fetch, XMLHttpRequest, localStorage, FileReader, Blob… do not exist,
   * and Taro's runtime stands in for document, window, URL, navigator, location and history with objects of its own that
   * have no file input, no window.open/print, no createObjectURL. So:
   * 1. in the sources, every value use of a name that only the DOM library declares must sit where a weapp build cannot
   *    run it (Surface.isDead: an H5 branch of process.env.TARO_ENV, directly, through a const, an early return, or a
   *    helper only H5 branches call);
   * 2. in both builds, nothing — page code or a dependency, Taro's runtime aside — refers to a global WeChat and Taro
   *    do not provide (that would be a ReferenceError on the phone), nor spells out a browser-only DOM call.
   */
  it('every DOM global in the sources is in code a weapp build cannot run', () => {
    const uses = surface.domGlobals();
    // The scan sees the H5-only code there is (file pickers and downloads, printing, the report's image reading).
    expect(uses.map((u) => u.what)).toEqual(expect.arrayContaining(['document', 'window', 'URL', 'FileReader', 'Blob', 'fetch']));
    expect(uses.filter((u) => !u.dead).map((u) => `${u.where} ${u.what}`)).toEqual([]);
  });

  it('tells a guarded use from a reachable one (fixture)', () => {
    const fixture = new Surface(
      fixtureProgram({
        '/fixture/h5-only.ts': 'export function pick(): HTMLInputElement { return document.createElement(\'input\') }\n',
        '/fixture/page.ts': [
          "import { pick } from './h5-only'",
          "const isH5 = process.env.TARO_ENV === 'h5'",
          "export function open(url: string) { if (process.env.TARO_ENV === 'h5') { window.open(url); return } }",
          "export function file() { return process.env.TARO_ENV === 'h5' ? pick() : null }",
          "export function link() { if (!isH5) return ''; return window.location.origin }",
          'export function remember(v: string) { localStorage.setItem(\'k\', v) }',
          "export function later(t: number) { setTimeout(() => undefined, t); const document = { title: 'x' }; return document.title }",
          "export const print = () => { if (process.env.TARO_ENV !== 'weapp') window.print() }",
        ].join('\n'),
      }),
      (f) => f.startsWith('/fixture/'),
    );
    const uses = fixture.domGlobals();
    expect(uses.filter((u) => !u.dead).map((u) => `${u.where.replace(/^.*fixture\//, '')} ${u.what}`)).toEqual(['page.ts:6 localStorage']);
    expect(uses.filter((u) => u.dead).map((u) => u.what).sort()).toEqual(['document', 'window', 'window', 'window']);
  });

  it('the scanner of built code finds free references only', () => {
    expect(freeBrowserReferences('var a=fetch(u),b=x.fetch(u),c={fetch:1},d="fetch",e=/failed to fetch/;new FileReader;localStorage.getItem("k")')).toEqual(['fetch', 'FileReader', 'localStorage']);
    expect(freeBrowserReferences('var w=n(3544)["window"];w.open(u);t.document.createElement("input")')).toEqual([]);
    expect(freeBrowserReferences('document.createElement("a");"undefined"!=typeof window&&x();function f(fetch){return fetch(1)}')).toEqual(['document']);
  });

  it.each(['local', 'prod'])('the %s weapp build refers to no global that WeChat and Taro lack', (name) => {
    const build = builds().find((b) => b.name === name)!;
    const js = filesUnder(build.dir).filter((f) => f.endsWith('.js'));
    expect(js.length).toBeGreaterThan(10);
    const found = js.filter((f) => !isRuntime(relative(build.dir, f))).flatMap((f) => freeBrowserReferences(readFileSync(f, 'utf8')).map((what) => `${what} in ${relative(build.dir, f)}`));
    expect(found).toEqual([]);
  });
});
