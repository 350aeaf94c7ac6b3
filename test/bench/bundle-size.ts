// Bench: what the rules engine and the five rulesets weigh once bundled for the mini-program (no Node APIs,
// minified, as webpack would ship them), with and without zod, which the app already carries for its schemas.
import { gzipSync } from 'node:zlib';
import { resolve } from 'node:path';
import { build } from 'esbuild';

const root = resolve(__dirname, '..', '..');

async function bundledBytes(entry: string, external: string[] = []): Promise<{ raw: number; gzip: number }> {
  const out = await build({
    stdin: { contents: entry, resolveDir: root, loader: 'ts' },
    bundle: true,
    minify: true,
    write: false,
    format: 'esm',
    platform: 'neutral',
    mainFields: ['module', 'main'],
    target: 'es2017',
    external,
    alias: { '@shared': resolve(root, 'shared'), '@config': resolve(root, 'config') },
  });
  const code = out.outputFiles[0]?.contents ?? new Uint8Array();
  return { raw: code.byteLength, gzip: gzipSync(code).byteLength };
}

export async function benchBundleSizes(): Promise<{ label: string; value: number; unit: string }[]> {
  const entry = `export * from '@shared/rules'; export { rulesets } from '@config/rulesets';`;
  const withZod = await bundledBytes(entry);
  const withoutZod = await bundledBytes(entry, ['zod']);
  const kb = (n: number) => Math.round((n / 1024) * 10) / 10;
  return [
    { label: 'rules engine + 5 rulesets, bundled (without zod)', value: kb(withoutZod.raw), unit: 'KB' },
    { label: 'rules engine + 5 rulesets, bundled (without zod), gzip', value: kb(withoutZod.gzip), unit: 'KB' },
    { label: 'rules engine + 5 rulesets + zod, bundled', value: kb(withZod.raw), unit: 'KB' },
  ];
}
