/**
 * Sizes of the built mini-program (miniprogram/dist/weapp): the main package (everything outside the
 * subpackage roots of app.json), each subpackage, and the total. WeChat limits the main package to 2 MB; we keep
 * it well under. `tsx scripts/weapp-size.ts --max-main-bytes N` exits 1 when the main package is larger.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

export const weappDir = resolve(__dirname, '..', 'miniprogram', 'dist', 'weapp');

export interface WeappSizes {
  mainBytes: number;
  subPackages: Record<string, number>;
  totalBytes: number;
  pages: string[];
}

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

export function weappSizes(dir = weappDir): WeappSizes {
  const appJsonPath = join(dir, 'app.json');
  if (!existsSync(appJsonPath)) throw new Error(`No weapp build at ${dir}: run npm run build:weapp first`);
  const app = JSON.parse(readFileSync(appJsonPath, 'utf8')) as { pages: string[]; subPackages?: { root: string; pages: string[] }[]; subpackages?: { root: string; pages: string[] }[] };
  const subs = app.subPackages ?? app.subpackages ?? [];
  const roots = subs.map((s) => s.root.replace(/\/?$/, '/'));
  const subPackages: Record<string, number> = Object.fromEntries(roots.map((r) => [r, 0]));
  let mainBytes = 0;
  let totalBytes = 0;
  for (const file of files(dir)) {
    const rel = relative(dir, file);
    if (rel.endsWith('.map')) continue;
    const size = statSync(file).size;
    totalBytes += size;
    const root = roots.find((r) => rel.startsWith(r));
    if (root) subPackages[root] = (subPackages[root] ?? 0) + size;
    else mainBytes += size;
  }
  const pages = [...app.pages, ...subs.flatMap((s) => s.pages.map((p) => `${s.root.replace(/\/$/, '')}/${p}`))];
  return { mainBytes, subPackages, totalBytes, pages };
}

if (require.main === module) {
  const flag = process.argv.indexOf('--max-main-bytes');
  const max = flag >= 0 ? Number(process.argv[flag + 1]) : Infinity;
  const sizes = weappSizes();
  const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
  process.stdout.write(`weapp main package: ${kb(sizes.mainBytes)} (limit ${Number.isFinite(max) ? kb(max) : 'none'}); total ${kb(sizes.totalBytes)}\n`);
  for (const [root, size] of Object.entries(sizes.subPackages)) process.stdout.write(`  subpackage ${root}: ${kb(size)}\n`);
  if (sizes.mainBytes > max) {
    process.stderr.write(`weapp main package ${kb(sizes.mainBytes)} exceeds ${kb(max)}\n`);
    process.exit(1);
  }
}
